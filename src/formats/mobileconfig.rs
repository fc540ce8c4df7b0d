//! Apple configuration profiles (`.mobileconfig`): an XML property list whose
//! `PayloadContent` array holds payload dictionaries; each payload of type
//! `com.apple.mail.managed` is one account (keys in Apple's
//! `device-management` schema). A CMS-signed profile is unwrapped when the
//! file is decoded (`source::cms`), so spans here are offsets in the file.
//!
//! `EmailAuthNTLM` is SPA. `*UseSSL` does not say STARTTLS or implicit TLS:
//! Apple Mail negotiates STARTTLS on the plain ports (25, 587, 110, 143) and
//! speaks TLS at once on the others, so the model says so. `IncomingPassword`
//! and `OutgoingPassword` are secrets: only where they are is kept.

use crate::catalogue::ParseKind;
use crate::formats::registry::{Fuzz, Grouping, Reader, Sniff};
use crate::formats::xml::{self, Element, Text};
use crate::model::{
    Account, AuthMethod, BadValue, BadValueEffect, Client, ClientOptions, Document,
    EmbeddedPassword, Identity, Missing, MissingEffect, Protocol, Security, Server, ServerRole,
    TemplateInfo,
};
use crate::model::{Capabilities, Format, SpaSyntax, Str};
use crate::source::{Located, SourceFile, Span, TextEncoding};

/// Apple `.mobileconfig` (XML plist, possibly CMS-signed).
pub static READER: Reader = Reader {
    format: Format("mobileconfig"),
    clients: &[Client::AppleProfile],
    sniff: Sniff::Text(looks_like_mobileconfig),
    names: &[],
    extensions: &[],
    walk: &[".mobileconfig", ".plist"],
    unit: Grouping::File,
    binary: None,
    discover: None,
    read,
    fuzz: Fuzz {
        target: "mobileconfig",
        sample_name: "mail.mobileconfig",
    },
    module: module_path!(),
};

/// What the rules need to know about a configuration profile.
const CAPABILITIES: Capabilities = Capabilities {
    // SPA in its own words: `IncomingMailServerAuthentication` = `EmailAuthNTLM`.
    spa_written_as: Some(SpaSyntax::Mobileconfig),
    ..Capabilities::NONE
};

pub const MAIL_PAYLOAD: &str = "com.apple.mail.managed";

const AUTH_VALUES: &[(&str, AuthMethod)] = &[
    ("EmailAuthNone", AuthMethod::None),
    ("EmailAuthPassword", AuthMethod::Cleartext),
    ("EmailAuthCRAMMD5", AuthMethod::Encrypted),
    ("EmailAuthNTLM", AuthMethod::Spa),
    ("EmailAuthHTTPMD5", AuthMethod::Encrypted),
];

pub fn looks_like_mobileconfig(text: &str) -> bool {
    text.contains("<plist") && (text.contains("PayloadContent") || text.contains("PayloadType"))
}

/// A plist value with its span.
#[derive(Debug)]
enum Value<'a> {
    String(Located<Str>),
    Integer(Located<i64>),
    Bool(Located<bool>),
    Array(Element<'a, 'a>),
    /// `<dict>`, `<data>`, `<date>`, `<real>`: not read here.
    Other,
}

fn value<'a>(el: Element<'a, 'a>) -> Value<'a> {
    match el.name {
        "string" => Value::String(
            el.text
                .map(Text::located)
                .unwrap_or_else(|| Located::file(Str::default(), el.span)),
        ),
        "integer" => match el
            .text
            .and_then(|t| t.value.parse::<i64>().ok().map(|n| (n, t.span)))
        {
            Some((n, span)) => {
                Value::Integer(Located::file(n, span).with_rewrite(|n| Some(n.to_string())))
            }
            None => Value::Other,
        },
        "true" => Value::Bool(Located::file(true, el.span)),
        "false" => Value::Bool(Located::file(false, el.span)),
        "array" => Value::Array(el),
        _ => Value::Other,
    }
}

/// The last `<string>` element of `key` in a `<dict>`, with its text.
fn value_element<'a>(dict: Element<'a, 'a>, key: &str) -> Option<(Element<'a, 'a>, &'a Text<'a>)> {
    let mut found = None;
    let mut it = dict.children();
    while let Some(k) = it.next() {
        if k.name == "key" && k.text.is_some_and(|t| t.value == key) {
            if let Some(v) = it.next() {
                if v.name == "string" {
                    found = v.text.map(|t| (v, t));
                }
            }
        }
    }
    found
}

/// The key/value pairs of a `<dict>`, in order.
fn entries<'a>(dict: Element<'a, 'a>) -> Vec<(&'a Text<'a>, Value<'a>)> {
    let mut out = Vec::new();
    let mut it = dict.children();
    while let Some(k) = it.next() {
        if k.name != "key" {
            continue;
        }
        let Some(name) = k.text else {
            continue;
        };
        if let Some(v) = it.next() {
            out.push((name, value(v)));
        }
    }
    out
}

pub fn read(files: &[&SourceFile]) -> Document {
    let mut doc = xml::new_document(Client::AppleProfile, READER.format, files);
    for file in files {
        read_file(file, &mut doc);
    }
    doc
}

fn read_file(file: &SourceFile, doc: &mut Document) {
    let Some(tree) = xml::parse_into(file, doc) else {
        return;
    };
    let Some(root) = tree.root() else { return };
    let Some(top) = (root.name == "plist").then(|| root.child("dict")).flatten() else {
        doc.problems.push(crate::model::ParseProblem {
            kind: ParseKind::MobileconfigRoot,
            span: root.start_tag,
            detail: Some(format!("<{}>", root.name)),
            related: Vec::new(),
        });
        return;
    };
    let mut bom = (file.encoding == TextEncoding::Utf8Bom).then(|| Span::new(file.id, 0, 0));
    let mut others = 0;
    for (key, v) in entries(top) {
        let (Value::Array(arr), "PayloadContent") = (&v, &*key.value) else {
            continue;
        };
        for payload in arr.children().filter(|c| c.name == "dict") {
            let e = entries(payload);
            let ty = e.iter().find_map(|(k, v)| match v {
                Value::String(s) if k.value == "PayloadType" => Some(s.value.as_str()),
                _ => None,
            });
            if ty == Some(MAIL_PAYLOAD) {
                let mut account = read_payload(payload, &e, doc.accounts.len());
                if let Some(t) = account.template.as_mut() {
                    t.bom = bom.take();
                }
                doc.accounts.push(account);
            } else {
                others += 1;
            }
        }
    }
    if doc.accounts.is_empty() {
        doc.skipped.push(
            crate::model::Skipped::new(file.display_path(), crate::model::SkipKind::NoMailPayload)
                .arg("payload", MAIL_PAYLOAD)
                .arg("count", others.to_string())
                .arg("s", if others == 1 { "" } else { "s" }),
        );
    }
}

struct Keys<'a, 'b> {
    entries: &'b [(&'a Text<'a>, Value<'a>)],
    anchor: Span,
}

impl<'a> Keys<'a, '_> {
    fn get(&self, name: &str) -> Option<&Value<'a>> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k.value == name)
            .map(|(_, v)| v)
    }
    fn string(&self, name: &str) -> Option<Located<Str>> {
        match self.get(name)? {
            Value::String(s) if !s.value.is_empty() => Some(s.clone()),
            _ => None,
        }
    }
    fn int(&self, name: &str) -> Option<Located<i64>> {
        match self.get(name)? {
            Value::Integer(i) => Some(i.clone()),
            _ => None,
        }
    }
    fn bool(&self, name: &str) -> Option<Located<bool>> {
        match self.get(name)? {
            Value::Bool(b) => Some(b.clone()),
            _ => None,
        }
    }
    fn missing(&self, info: &mut TemplateInfo, name: &str, effect: MissingEffect) {
        info.missing.push(Missing {
            element: name.into(),
            parent: MAIL_PAYLOAD.into(),
            anchor: self.anchor,
            effect,
        });
    }
}

fn read_payload(payload: Element, e: &[(&Text, Value<'_>)], n: usize) -> Account {
    let k = Keys {
        entries: e,
        anchor: payload.start_tag,
    };
    let mut info = TemplateInfo::default();
    let protocol = match k.string("EmailAccountType") {
        Some(t) if t.value == "EmailTypeIMAP" => Some(t.map(|_| Protocol::Imap)),
        Some(t) if t.value == "EmailTypePOP" => Some(t.map(|_| Protocol::Pop3)),
        Some(t) => {
            info.bad_values.push(BadValue {
                element: "EmailAccountType".into(),
                case_only: ["EmailTypeIMAP", "EmailTypePOP"]
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(&t.value)),
                value: t,
                allowed: "EmailTypeIMAP, EmailTypePOP".into(),
                effect: BadValueEffect::ServerIgnored,
            });
            None
        }
        None => {
            k.missing(&mut info, "EmailAccountType", MissingEffect::FileRejected);
            None
        }
    };
    for key in ["IncomingPassword", "OutgoingPassword"] {
        if let Some((el, v)) = value_element(payload, key) {
            if !v.value.is_empty() {
                info.embedded_passwords.push(EmbeddedPassword {
                    element: key.into(),
                    span: el.span,
                    value: Some(v.span),
                });
            }
        }
    }
    let address = k.string("EmailAddress");
    if let Some(a) = &address {
        if let Some((_, d)) = a.value.rsplit_once('@') {
            info.domains.push(Located::file(Str::from(d), a.span));
        }
    }
    let incoming = protocol.and_then(|p| {
        server(
            &k,
            "Incoming",
            ServerRole::Incoming,
            p,
            &mut info,
            "IncomingPassword",
        )
    });
    let smtp = Located::default_at(Protocol::Smtp, payload.start_tag);
    let outgoing: Vec<Server> = server(
        &k,
        "Outgoing",
        ServerRole::Outgoing,
        smtp,
        &mut info,
        "OutgoingPassword",
    )
    .into_iter()
    .collect();
    let identities = address
        .map(|a| {
            vec![Identity {
                key: "EmailAddress".into(),
                anchor: a.span,
                address: Some(a),
                display_name: k.string("EmailAccountName"),
                reply_to: None,
                outgoing: (!outgoing.is_empty()).then_some(0),
            }]
        })
        .unwrap_or_default();
    Account {
        client: Client::AppleProfile,
        capabilities: CAPABILITIES,
        key: k
            .string("PayloadIdentifier")
            .map(|i| i.value)
            .unwrap_or_else(|| Str::from(format!("payload{}", n + 1))),
        name: k.string("EmailAccountDescription"),
        identities,
        incoming,
        outgoing,
        options: ClientOptions::default(),
        anchor: payload.start_tag,
        template: Some(Box::new(info)),
    }
}

fn server(
    k: &Keys,
    prefix: &str,
    role: ServerRole,
    protocol: Located<Protocol>,
    info: &mut TemplateInfo,
    password_key: &str,
) -> Option<Server> {
    let host_key = format!("{prefix}MailServerHostName");
    let Some(host) = k.string(&host_key) else {
        // A required key: the device refuses to install the profile.
        k.missing(info, &host_key, MissingEffect::FileRejected);
        return None;
    };
    let auth_key = format!("{prefix}MailServerAuthentication");
    let auth = match k.string(&auth_key) {
        Some(a) => match AUTH_VALUES.iter().find(|(n, _)| *n == a.value) {
            Some((_, m)) => {
                Located::file(*m, a.span).with_rewrite(crate::formats::literal_of(AUTH_VALUES))
            }
            None => {
                info.bad_values.push(BadValue {
                    element: auth_key.clone(),
                    case_only: AUTH_VALUES.iter().any(|(n, _)| n.eq_ignore_ascii_case(&a.value)),
                    value: a.clone(),
                    allowed: "EmailAuthNone, EmailAuthPassword, EmailAuthCRAMMD5, EmailAuthNTLM, EmailAuthHTTPMD5".into(),
                    effect: BadValueEffect::ServerIgnored,
                });
                return None;
            }
        },
        None => {
            k.missing(info, &auth_key, MissingEffect::FileRejected);
            Located::default_at(AuthMethod::Cleartext, k.anchor)
        }
    };
    let use_ssl = k
        .bool(&format!("{prefix}MailServerUseSSL"))
        .unwrap_or_else(|| Located::default_at(false, k.anchor));
    let port_key = format!("{prefix}MailServerPortNumber");
    let port = match k.int(&port_key) {
        Some(p) if (1..=65535).contains(&p.value) => Some(p),
        Some(p) => {
            info.bad_values.push(BadValue {
                element: port_key,
                value: Located::file(Str::from(p.value.to_string()), p.span),
                allowed: "1..65535".into(),
                effect: BadValueEffect::ServerIgnored,
                case_only: false,
            });
            return None;
        }
        None => None,
    };
    let security = use_ssl.clone().map(|on| {
        let plain_port = port
            .as_ref()
            .is_some_and(|p| matches!(p.value, 25 | 587 | 110 | 143));
        match (
            on,
            plain_port || port.is_none() && role == ServerRole::Outgoing,
        ) {
            (false, _) => Security::None,
            (true, true) => Security::StartTls,
            (true, false) => Security::Tls,
        }
    });
    let port = port.unwrap_or_else(|| {
        let p = match role {
            // "If not set, the system uses ports 25, 587, and 465, in that
            // order": where 25 is blocked (OP25B) the next try, 587, works.
            ServerRole::Outgoing => 587,
            ServerRole::Incoming => protocol.value.default_port(security.value).unwrap_or(0),
        };
        Located::default_at(i64::from(p), k.anchor)
    });
    let password_stored =
        matches!(k.get(password_key), Some(Value::String(s)) if !s.value.is_empty());
    Some(Server {
        role,
        key: Str::from(prefix),
        protocol,
        host: Some(host),
        port,
        security,
        auth,
        user_name: k.string(&format!("{prefix}MailServerUsername")),
        password_stored,
        password_clear_text: password_stored,
        anchor: k.anchor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    #[test]
    fn ntlm_is_spa_and_passwords_stay_out() {
        let x = r#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict><key>PayloadContent</key><array><dict>
<key>PayloadType</key><string>com.apple.mail.managed</string>
<key>EmailAccountType</key><string>EmailTypePOP</string>
<key>EmailAddress</key><string>taro@example.jp</string>
<key>IncomingMailServerHostName</key><string>pop.example.jp</string>
<key>IncomingMailServerUseSSL</key><true/>
<key>IncomingMailServerAuthentication</key><string>EmailAuthNTLM</string>
<key>IncomingPassword</key><string>s3cr3t-pw</string>
<key>OutgoingMailServerHostName</key><string>smtp.example.jp</string>
<key>OutgoingMailServerPortNumber</key><integer>587</integer>
<key>OutgoingMailServerUseSSL</key><true/>
<key>OutgoingMailServerAuthentication</key><string>EmailAuthPassword</string>
</dict></array></dict></plist>"#;
        let f = SourceFile::from_bytes(SourceId(0), "p.mobileconfig", x.as_bytes());
        let d = read(&[&f]);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let a = &d.accounts[0];
        let inc = a.incoming.as_ref().expect("incoming");
        assert_eq!(inc.auth.value, AuthMethod::Spa);
        assert_eq!(inc.security.value, Security::Tls);
        assert_eq!(inc.port.value, 995);
        assert_eq!(a.outgoing[0].security.value, Security::StartTls);
        assert_eq!(
            a.template.as_ref().map(|t| t.embedded_passwords.len()),
            Some(1)
        );
        assert!(!format!("{d:?}").contains("s3cr3t-pw"));
    }
}
