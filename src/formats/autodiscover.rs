//! Microsoft Autodiscover POX responses (`Autodiscover/Response/Account/Protocol`).
//!
//! Values are the effective ones, as Microsoft documents them: an absent
//! `<SPA>` means SPA **on**, an absent `<SSL>` means SSL on, and `<Encryption>`
//! (None, SSL, TLS, Auto) overrides `<SSL>`. Absent values are defaults
//! anchored at the `<Protocol>` element. Requests, SOAP messages, error and
//! redirect responses hold no account: they are skipped with the reason.

use crate::catalogue::ParseKind;
use crate::formats::registry::{Fuzz, Grouping, Reader, Sniff};
use crate::formats::xml::{self, Element, Text};
use crate::model::{
    Account, AuthMethod, BadValue, BadValueEffect, Client, ClientOptions, Document, Identity,
    Missing, MissingEffect, Protocol, Security, Server, ServerRole, Skipped, TemplateInfo,
};
use crate::model::{Capabilities, Format, SkipKind, SpaSyntax, Str};
use crate::source::{Located, SourceFile, Span, TextEncoding};

/// Microsoft Autodiscover POX XML.
pub static READER: Reader = Reader {
    format: Format("autodiscover-xml"),
    clients: &[Client::Autodiscover],
    sniff: Sniff::Text(looks_like_autodiscover),
    names: &[],
    extensions: &[],
    walk: &[".xml"],
    unit: Grouping::File,
    binary: None,
    discover: None,
    read,
    fuzz: Fuzz {
        target: "autodiscover",
        sample_name: "autodiscover.xml",
    },
    module: module_path!(),
};

/// What the rules need to know about an Autodiscover response.
const CAPABILITIES: Capabilities = Capabilities {
    // An absent `<SPA>` means on (Outlook's Autodiscover schema default).
    spa_when_unset: true,
    spa_written_as: Some(SpaSyntax::Autodiscover),
    ..Capabilities::NONE
};

pub fn looks_like_autodiscover(text: &str) -> bool {
    let head = &text[..crate::source::floor_char_boundary(text, 4096)];
    let lower = head.to_ascii_lowercase();
    head.contains("<Autodiscover")
        || (lower.contains("schemas.microsoft.com/exchange/") && lower.contains("autodiscover"))
}

pub fn read(files: &[&SourceFile]) -> Document {
    let mut doc = xml::new_document(Client::Autodiscover, READER.format, files);
    for file in files {
        read_file(file, &mut doc);
    }
    doc
}

fn skip(doc: &mut Document, file: &SourceFile, kind: SkipKind) {
    doc.skipped.push(Skipped::new(file.display_path(), kind));
}

fn read_file(file: &SourceFile, doc: &mut Document) {
    let Some(tree) = xml::parse_into(file, doc) else {
        return;
    };
    let Some(root) = tree.root() else { return };
    if root.name == "Envelope" {
        return skip(doc, file, SkipKind::SoapMessage);
    }
    if root.name != "Autodiscover" {
        doc.problems.push(crate::model::ParseProblem {
            kind: ParseKind::AutodiscoverRoot,
            span: root.start_tag,
            detail: Some(format!("<{}>", root.name)),
            related: Vec::new(),
        });
        return;
    }
    if root.child("Request").is_some() {
        return skip(doc, file, SkipKind::AutodiscoverRequest);
    }
    let Some(response) = root.child("Response") else {
        return skip(doc, file, SkipKind::NoResponse);
    };
    if let Some(err) = response.child("Error") {
        let code = err
            .child_text("ErrorCode")
            .map(|c| c.value.to_string())
            .unwrap_or_default();
        let msg = err
            .child_text("Message")
            .map(|c| c.value.to_string())
            .unwrap_or_default();
        doc.skipped.push(
            Skipped::new(file.display_path(), SkipKind::ErrorResponse)
                .arg("detail", format!("({code} {msg})").replace("( ", "(")),
        );
        return;
    }
    let Some(account) = response.child("Account") else {
        return skip(doc, file, SkipKind::NoAccountElement);
    };
    if let Some(action) = account.child_text("Action") {
        if action.value != "settings" {
            doc.skipped.push(
                Skipped::new(file.display_path(), SkipKind::Redirect)
                    .arg("action", action.value.to_string()),
            );
            return;
        }
    }
    let address = response
        .child("User")
        .and_then(|u| u.child_text("AutoDiscoverSMTPAddress"))
        .map(Text::located);
    let mut info = TemplateInfo {
        bom: (file.encoding == TextEncoding::Utf8Bom).then(|| Span::new(file.id, 0, 0)),
        ..TemplateInfo::default()
    };
    if let Some(a) = &address {
        if let Some((_, d)) = a.value.rsplit_once('@') {
            info.domains.push(Located::file(Str::from(d), a.span));
        }
    }
    let mut incoming = Vec::new();
    let mut outgoing = Vec::new();
    let mut options = ClientOptions::default();
    for (i, p) in account.children_named("Protocol").enumerate() {
        // SMTPLast: "the SMTP server requires that e-mail be downloaded
        // before sending": POP before SMTP.
        let is_smtp = p
            .child_text("Type")
            .is_some_and(|t| t.value.eq_ignore_ascii_case("SMTP"));
        if is_smtp && options.pop_before_smtp.is_none() {
            let on = on_off(p, "SMTPLast", false, &mut info);
            if !on.is_default() {
                options.pop_before_smtp = Some(on);
            }
        }
        if let Some(server) = read_protocol(p, i, &mut info) {
            match server.role {
                ServerRole::Incoming => incoming.push(server),
                ServerRole::Outgoing => outgoing.push(server),
            }
        }
    }
    if incoming.is_empty() && outgoing.is_empty() {
        return skip(doc, file, SkipKind::ExchangeOnly);
    }
    let identities = address
        .map(|a| {
            vec![Identity {
                key: "User".into(),
                anchor: a.span,
                address: Some(a),
                display_name: None,
                reply_to: None,
                outgoing: (!outgoing.is_empty()).then_some(0),
            }]
        })
        .unwrap_or_default();
    let mut incoming = incoming.into_iter();
    let first = incoming.next();
    info.incoming_alternatives = incoming.collect();
    doc.accounts.push(Account {
        client: Client::Autodiscover,
        capabilities: CAPABILITIES,
        key: "Account".into(),
        name: None,
        identities,
        incoming: first,
        outgoing,
        options,
        anchor: account.start_tag,
        template: Some(Box::new(info)),
    });
}

/// `on`/`off`, case-insensitive as the samples write `On`.
fn on_off(p: Element, name: &str, default: bool, info: &mut TemplateInfo) -> Located<bool> {
    match p.child_text(name) {
        Some(v) => match v.value.to_ascii_lowercase().as_str() {
            // Written back in the case the file uses (`On`/`on`).
            "on" | "true" => Located::file(true, v.span).with_rewrite(on_off_literal(&v.value)),
            "off" | "false" => Located::file(false, v.span).with_rewrite(on_off_literal(&v.value)),
            _ => {
                info.bad_values.push(BadValue {
                    element: name.into(),
                    value: v.located(),
                    allowed: "on, off".into(),
                    effect: BadValueEffect::ValueIgnored,
                    case_only: false,
                });
                Located::default_at(default, p.start_tag)
            }
        },
        None => Located::default_at(default, p.start_tag),
    }
}

fn read_protocol(p: Element, index: usize, info: &mut TemplateInfo) -> Option<Server> {
    let ty = p.child_text("Type")?;
    let (role, protocol) = match ty.value.to_ascii_uppercase().as_str() {
        "POP3" => (ServerRole::Incoming, Protocol::Pop3),
        "IMAP" => (ServerRole::Incoming, Protocol::Imap),
        "SMTP" => (ServerRole::Outgoing, Protocol::Smtp),
        // EXCH, EXPR, EXHTTP, WEB: Exchange's own protocols, not checked.
        _ => return None,
    };
    let Some(host) = p.child_text("Server").map(Text::located) else {
        info.missing.push(Missing {
            element: "Server".into(),
            parent: "Protocol".into(),
            anchor: p.start_tag,
            effect: MissingEffect::ServerIgnored,
        });
        return None;
    };
    let ssl = on_off(p, "SSL", true, info);
    let security = match p.child_text("Encryption") {
        Some(e) => match e.value.to_ascii_lowercase().as_str() {
            "none" => Some(Located::file(Security::None, e.span)),
            "ssl" => Some(Located::file(Security::Tls, e.span)),
            "tls" => Some(Located::file(Security::StartTls, e.span)),
            // "the most secure encryption the server offers": negotiated, so
            // it may end up plain.
            "auto" => Some(Located::file(Security::TryStartTls, e.span)),
            other => {
                // `STARTTLS` is not Microsoft's word for it (`TLS` is), but
                // servers write it and Thunderbird reads any value but
                // `None` as encrypted: take it as STARTTLS, and say so.
                let starttls = other == "starttls";
                info.bad_values.push(BadValue {
                    element: "Encryption".into(),
                    value: e.located(),
                    allowed: "None, SSL, TLS, Auto".into(),
                    effect: if starttls {
                        BadValueEffect::Tolerated
                    } else {
                        BadValueEffect::ValueIgnored
                    },
                    case_only: false,
                });
                starttls.then(|| Located::file(Security::StartTls, e.span))
            }
        },
        None => None,
    };
    let security = security.unwrap_or_else(|| {
        let sec = if ssl.value {
            Security::Tls
        } else {
            Security::None
        };
        Located {
            value: sec,
            span: ssl.span,
            origin: ssl.origin,
            verbatim: false,
            basis: None,
            rewrite: None,
        }
    });
    let port = match p.child_text("Port") {
        Some(v) => match v.value.parse::<i64>() {
            Ok(n) if (1..=65535).contains(&n) => {
                Located::file(n, v.span).with_rewrite(|n| Some(n.to_string()))
            }
            _ => {
                info.bad_values.push(BadValue {
                    element: "Port".into(),
                    value: v.located(),
                    allowed: "1..65535".into(),
                    effect: BadValueEffect::ServerIgnored,
                    case_only: false,
                });
                return None;
            }
        },
        None => Located::default_at(
            i64::from(protocol.default_port(security.value).unwrap_or(0)),
            p.start_tag,
        ),
    };
    let spa = on_off(p, "SPA", true, info);
    // Incoming servers always need a login; SMTP only when AuthRequired is on.
    let auth_required = on_off(p, "AuthRequired", role == ServerRole::Incoming, info);
    let use_pop_auth = (role == ServerRole::Outgoing)
        .then(|| on_off(p, "UsePOPAuth", false, info))
        .filter(|u| u.value);
    let auth = if spa.value {
        // Writing anything but SPA turns <SPA> off; what the login then is
        // follows from AuthRequired and UsePOPAuth.
        spa.map_back(|_| AuthMethod::Spa, |a| Some(*a == AuthMethod::Spa))
    } else if !auth_required.value {
        auth_required.map(|_| AuthMethod::None)
    } else if let Some(u) = use_pop_auth {
        // The incoming server's name and password, sent as a password login.
        u.map(|_| AuthMethod::SameAsIncoming)
    } else {
        spa.map(|_| AuthMethod::Cleartext)
    };
    let user_name = p
        .child_text("LoginName")
        .filter(|l| !l.value.is_empty())
        .map(Text::located);
    Some(Server {
        role,
        key: Str::from(format!("Protocol{}", index + 1)),
        protocol: Located::file(protocol, ty.span),
        host: Some(host),
        port,
        security,
        auth,
        user_name,
        password_stored: false,
        password_clear_text: false,
        anchor: p.start_tag,
    })
}

/// `on`/`off` in the style of `like` (`On`, `ON`, `true`...).
fn on_off_literal(like: &str) -> impl Fn(&bool) -> Option<String> + Send + Sync + 'static {
    let boolean = like.eq_ignore_ascii_case("true") || like.eq_ignore_ascii_case("false");
    let upper = like.chars().all(|c| c.is_ascii_uppercase());
    let title = !upper && like.starts_with(|c: char| c.is_ascii_uppercase());
    move |b| {
        let word = match (boolean, *b) {
            (false, true) => "on",
            (false, false) => "off",
            (true, true) => "true",
            (true, false) => "false",
        };
        Some(if upper {
            word.to_ascii_uppercase()
        } else if title {
            let mut w = word.to_string();
            w[..1].make_ascii_uppercase();
            w
        } else {
            word.to_string()
        })
    }
}

#[cfg(test)]
mod tests;
