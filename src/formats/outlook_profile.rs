//! Outlook 2007–2021/365 POP3 and IMAP accounts as the mail profile keeps
//! them in the registry: one subkey per account under
//! `…\Profiles\<profile>\9375CFF0413111d3B88A00104B2A6676\<nnnnnnnn>`, in
//! `HKCU\Software\Microsoft\Office\<version>\Outlook` (2013 and later) or
//! `HKCU\Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging
//! Subsystem` (2002–2010). Read from a `.reg` export of that key or from the
//! live registry (`crate::registry`), which both give a [`PropBag`].
//!
//! Outlook writes its strings as `REG_BINARY` UTF-16LE with a terminating NUL
//! and names several values differently from Outlook Express (`POP3 User`,
//! `POP3 Use SPA`, `POP3 Use SSL`, `Email`, `Display Name`, `SMTP Use Auth`).
//! Sources are named in docs/architecture.md ("Outlook mail profiles"). Every
//! spelling a version writes is accepted; where two are present the first in
//! each list wins.

use super::outlook_express::values::{Prop, PropBag, PropValue, unknown_value, wrong_type};
use crate::model::Str;
use crate::model::{
    Account, AuthMethod, Client, ClientOptions, Identity, ParseProblem, Protocol, Security, Server,
    ServerRole, SkipKind, Skipped,
};
use crate::source::{Located, Span};

/// The subkey of a profile that holds its mail accounts (Outlook's
/// "Internet Account Manager" for the profile).
pub const ACCOUNTS_KEY: &str = "9375CFF0413111d3B88A00104B2A6676";

/// Where an account lives, from its key path.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileAccount {
    pub profile: String,
    /// `<profile>\<subkey>`, the account's id in messages.
    pub id: String,
}

/// The account a key path holds, if any: `…\Profiles\<profile>\9375CFF0…\<8 hex digits>`.
/// The path's parts are walked once, not collected into a list (issue 15:
/// asked of every key of a `.reg` export); the list's reading is the tests'
/// oracle.
pub fn account_key(path: &str) -> Option<ProfileAccount> {
    let mut parts = path.split('\\');
    // The two parts before the first accounts key.
    let (mut profiles, mut profile) = (None, None);
    loop {
        let part = parts.next()?;
        if part.eq_ignore_ascii_case(ACCOUNTS_KEY) {
            break;
        }
        (profiles, profile) = (profile, Some(part));
    }
    let (profiles, profile) = (profiles?, profile?);
    if !profiles.eq_ignore_ascii_case("Profiles") {
        return None;
    }
    let (Some(sub), None) = (parts.next(), parts.next()) else {
        return None;
    };
    if sub.len() != 8 || !sub.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    Some(ProfileAccount {
        profile: profile.to_string(),
        id: format!("{profile}\\{sub}"),
    })
}

/// Every value name the reader uses, in every spelling (the live-registry
/// reader asks for these and no others; password names only for their size).
pub const VALUE_NAMES: &[&str] = &[
    "Account Name",
    "Display Name",
    "SMTP Display Name",
    "Email",
    "SMTP Email Address",
    "Reply E-mail",
    "SMTP Reply To Email Address",
    "POP3 Server",
    "POP3 User",
    "POP3 User Name",
    "POP3 Port",
    "POP3 Use SSL",
    "POP3 Secure Connection",
    "POP3 Use SPA",
    "POP3 Password",
    "POP3 Password2",
    "IMAP Server",
    "IMAP User",
    "IMAP User Name",
    "IMAP Port",
    "IMAP Use SSL",
    "IMAP Secure Connection",
    "IMAP Use SPA",
    "IMAP Password",
    "IMAP Password2",
    "HTTP Server URL",
    "SMTP Server",
    "SMTP Port",
    "SMTP Use SSL",
    "SMTP Secure Connection",
    "SMTP Use Auth",
    "SMTP Auth Method",
    "SMTP Use SPA",
    "SMTP User",
    "SMTP User Name",
    "SMTP Password",
    "SMTP Password2",
    "Leave on Server",
    "Leave Mail On Server",
    "Remove When Expired",
    "Expire Days",
];

/// The first of `names` the bag holds.
fn first<'a, 'b>(bag: &'a PropBag<'b>, names: &[&str]) -> Option<&'a Prop<'b>> {
    names.iter().find_map(|n| bag.get(n))
}

/// A string: `REG_BINARY` UTF-16LE up to the first NUL (Outlook), or `REG_SZ`
/// (what `reg add` and older tools write).
fn text(bag: &PropBag, names: &[&str], problems: &mut Vec<ParseProblem>) -> Option<Located<Str>> {
    let p = first(bag, names)?;
    match &p.value {
        PropValue::Text(s) => {
            Some(Located::file(Str::from(&**s), p.span).with_verbatim(p.verbatim))
        }
        PropValue::Binary(bytes) if bytes.len() % 2 == 0 => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .take_while(|u| *u != 0)
                .collect();
            Some(Located::file(
                Str::from(String::from_utf16_lossy(&units)),
                p.span,
            ))
        }
        _ => {
            wrong_type(p, "a UTF-16 string (REG_BINARY) or REG_SZ", problems);
            None
        }
    }
}

fn number(bag: &PropBag, names: &[&str], problems: &mut Vec<ParseProblem>) -> Option<Located<i64>> {
    let p = first(bag, names)?;
    bag.number(&p.name, problems)
}

fn secret(bag: &PropBag, names: &[&str]) -> bool {
    names.iter().any(|n| bag.has_secret(n))
}

/// Outlook's encryption choice: 0 none, 1 SSL (implicit TLS), then, from
/// Outlook 2010's "None, SSL, TLS, Auto" list (inferred from that dialog's
/// order, not attested by the sources in docs/architecture.md), 2 TLS
/// (STARTTLS) and 3 Auto (STARTTLS when offered).
fn security(
    bag: &PropBag,
    names: &[&str],
    at: Span,
    problems: &mut Vec<ParseProblem>,
) -> Located<Security> {
    let Some(v) = number(bag, names, problems) else {
        return Located::default_at(Security::None, at);
    };
    match v.value {
        0 => v.map(|_| Security::None),
        1 => v.map(|_| Security::Tls),
        2 => v.map(|_| Security::StartTls),
        3 => v.map(|_| Security::TryStartTls),
        _ => {
            unknown_value(&v, names[0], "encryption type (0-3)", problems);
            Located::default_at(Security::None, v.span)
        }
    }
}

/// Build the account of `bag` as Outlook reads it. `anchor` is the key's header.
pub fn assemble(
    bag: &PropBag,
    account: &ProfileAccount,
    anchor: Span,
    problems: &mut Vec<ParseProblem>,
) -> Option<Result<Account, Skipped>> {
    let kind = [("POP3", Protocol::Pop3), ("IMAP", Protocol::Imap)]
        .into_iter()
        .find(|(p, _)| bag.get(&format!("{p} Server")).is_some());
    let Some((prefix, protocol)) = kind else {
        // The same key lists Exchange, Outlook.com and data-file services:
        // only a named one is worth a note.
        let named = bag.get("Account Name").is_some() || bag.get("Display Name").is_some();
        let reason = if bag.get("HTTP Server URL").is_some() {
            SkipKind::OutlookHttpAccount
        } else {
            SkipKind::OutlookNotPopImap
        };
        return named.then(|| Err(Skipped::new(account.id.clone(), reason)));
    };
    let incoming = incoming(bag, prefix, protocol, anchor, problems);
    let mut outgoing = Vec::new();
    if bag.get("SMTP Server").is_some() {
        outgoing.push(smtp(bag, anchor, problems));
    }
    let identity = Identity {
        key: Str::from(account.id.as_str()),
        address: text(bag, &["Email", "SMTP Email Address"], problems),
        display_name: text(bag, &["Display Name", "SMTP Display Name"], problems),
        reply_to: text(
            bag,
            &["Reply E-mail", "SMTP Reply To Email Address"],
            problems,
        )
        .filter(|r| !r.value.is_empty()),
        outgoing: (!outgoing.is_empty()).then_some(0),
        anchor,
    };
    let options = options(bag, &incoming, &outgoing, problems);
    Some(Ok(Account {
        template: None,
        capabilities: super::outlook_express::values::capabilities(Client::Outlook),
        client: Client::Outlook,
        key: Str::from(account.id.as_str()),
        name: text(bag, &["Account Name"], problems).filter(|n| !n.value.is_empty()),
        identities: vec![identity],
        incoming: Some(incoming),
        outgoing,
        options,
        anchor,
    }))
}

fn incoming(
    bag: &PropBag,
    prefix: &str,
    protocol: Protocol,
    anchor: Span,
    problems: &mut Vec<ParseProblem>,
) -> Server {
    let host_name = format!("{prefix} Server");
    let at = bag.get(&host_name).map(|p| p.name_span).unwrap_or(anchor);
    let n = |suffix: &str| format!("{prefix} {suffix}");
    let security = security(bag, &[&n("Use SSL"), &n("Secure Connection")], at, problems);
    let auth = match number(bag, &[&n("Use SPA")], problems) {
        Some(v) => v.map(|s| {
            if s != 0 {
                AuthMethod::Spa
            } else {
                AuthMethod::Cleartext
            }
        }),
        None => Located::default_at(AuthMethod::Cleartext, at),
    };
    // Outlook stores the port it uses; when absent it uses the protocol's
    // plain port, as the scripts that read these keys assume.
    let default_port = i64::from(protocol.default_port(Security::None).unwrap_or(110));
    let port =
        number(bag, &[&n("Port")], problems).unwrap_or(Located::default_at(default_port, at));
    Server {
        role: ServerRole::Incoming,
        key: Str::from(prefix),
        host: text(bag, &[&host_name], problems),
        protocol: Located::file(protocol, at),
        port,
        security,
        auth,
        user_name: text(bag, &[&n("User"), &n("User Name")], problems)
            .filter(|u| !u.value.is_empty()),
        password_stored: secret(bag, &[&n("Password"), &n("Password2")]),
        password_clear_text: false,
        anchor: at,
    }
}

fn smtp(bag: &PropBag, anchor: Span, problems: &mut Vec<ParseProblem>) -> Server {
    let at = bag
        .get("SMTP Server")
        .map(|p| p.name_span)
        .unwrap_or(anchor);
    let port = number(bag, &["SMTP Port"], problems).unwrap_or(Located::default_at(25, at));
    let security = security(
        bag,
        &["SMTP Use SSL", "SMTP Secure Connection"],
        at,
        problems,
    );
    // "My outgoing server requires authentication" (SMTP Use Auth), then how:
    // 0 or absent "use same settings as my incoming mail server", 1 "log on
    // using" (SMTP User, SPA with SMTP Use SPA), 2 "log on to incoming mail
    // server before sending mail".
    let auth = match number(bag, &["SMTP Use Auth"], problems) {
        Some(v) if v.value == 0 => v.map(|_| AuthMethod::None),
        Some(on) => match number(bag, &["SMTP Auth Method"], problems) {
            None => on.map(|_| AuthMethod::SameAsIncoming),
            Some(m) => match m.value {
                0 => m.map(|_| AuthMethod::SameAsIncoming),
                1 => {
                    let spa =
                        number(bag, &["SMTP Use SPA"], problems).is_some_and(|s| s.value != 0);
                    m.map(|_| {
                        if spa {
                            AuthMethod::Spa
                        } else {
                            AuthMethod::Cleartext
                        }
                    })
                }
                2 => m.map(|_| AuthMethod::PopBeforeSmtp),
                _ => {
                    unknown_value(&m, "SMTP Auth Method", "SMTP logon method (0-2)", problems);
                    on.map(|_| AuthMethod::SameAsIncoming)
                }
            },
        },
        None => Located::default_at(AuthMethod::None, at),
    };
    Server {
        role: ServerRole::Outgoing,
        key: "SMTP".into(),
        protocol: Located::file(Protocol::Smtp, at),
        host: text(bag, &["SMTP Server"], problems),
        port,
        security,
        auth,
        user_name: text(bag, &["SMTP User", "SMTP User Name"], problems)
            .filter(|u| !u.value.is_empty()),
        password_stored: secret(bag, &["SMTP Password", "SMTP Password2"]),
        password_clear_text: false,
        anchor: at,
    }
}

/// POP3 "Leave a copy of messages on the server": Outlook 2007+ keeps one
/// DWORD, `Leave on Server`: bit 0 leave a copy, bit 1 remove after the
/// number of days in the high word, bit 2 remove when deleted from Deleted
/// Items (the layout is inferred from the dialog's three settings, see
/// docs/architecture.md). The Outlook Express names are read when that value
/// is absent.
fn options(
    bag: &PropBag,
    incoming: &Server,
    outgoing: &[Server],
    problems: &mut Vec<ParseProblem>,
) -> ClientOptions {
    let mut o = ClientOptions::default();
    // "Log on to incoming mail server before sending mail" is one of the
    // SMTP logon choices (SMTP Auth Method 2), off otherwise.
    if let Some(smtp) = outgoing.first() {
        o.pop_before_smtp = Some(smtp.auth.clone().map(|a| a == AuthMethod::PopBeforeSmtp));
    }
    if incoming.protocol.value != Protocol::Pop3 {
        return o;
    }
    let at = incoming.anchor;
    if let Some(v) = number(bag, &["Leave on Server"], problems) {
        let bits = v.value;
        o.leave_on_server = Some(v.clone().map(|b| b & 1 != 0));
        o.delete_by_age = Some(v.clone().map(|b| b & 2 != 0));
        o.delete_after_days = Some(v.map(|_| (bits >> 16) & 0xFFFF));
    } else {
        super::outlook_express::values::leave_on_server(bag.view(), at, problems, &mut o);
    }
    o
}

#[cfg(test)]
mod tests;
