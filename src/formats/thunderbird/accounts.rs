//! Assembling accounts from a profile's preferences, with Thunderbird's defaults.

use super::table::PrefTable;
use crate::catalogue::ParseKind;
use crate::model::{
    Account, AuthMethod, Client, ClientOptions, Identity, ParseProblem, Protocol, Security, Server,
    ServerRole, SkipKind, Skipped,
};
use crate::source::{Located, Span};

/// Incoming server types that are not mail accounts of their own.
const PSEUDO_TYPES: &[(&str, SkipKind)] = &[
    ("none", SkipKind::LocalFoldersNone),
    ("rss", SkipKind::FeedAccount),
    ("movemail", SkipKind::Movemail),
];

pub struct Assembled {
    pub accounts: Vec<Account>,
    pub skipped: Vec<Skipped>,
    pub problems: Vec<ParseProblem>,
}

pub fn assemble(mut t: PrefTable, fallback_anchor: Span) -> Assembled {
    let mut accounts = Vec::new();
    let mut skipped = Vec::new();
    let local_folders = t
        .string("mail.accountmanager.localfoldersserver")
        .map(|l| l.value);
    let smtp_default = default_smtp_key(&mut t);

    for key in t.key_list("mail.accountmanager.accounts") {
        let anchor = t
            .get(&format!("mail.account.{key}.server"))
            .map(|p| p.statement)
            .or_else(|| t.first_with_prefix(&format!("mail.account.{key}.")))
            .unwrap_or(fallback_anchor);
        let Some(server_key) = t.string(&format!("mail.account.{key}.server")) else {
            skipped.push(Skipped::new(key.clone(), SkipKind::NoIncomingServerPref));
            continue;
        };
        let server_key = server_key.value;
        let server_type = t
            .string(&format!("mail.server.{server_key}.type"))
            .map(|s| s.value);
        if let Some((_, why)) = PSEUDO_TYPES
            .iter()
            .find(|(ty, _)| server_type.as_deref() == Some(*ty))
        {
            skipped.push(Skipped::new(key.clone(), *why));
            continue;
        }
        if local_folders.as_deref() == Some(server_key.as_str()) {
            skipped.push(Skipped::new(key.clone(), SkipKind::LocalFolders));
            continue;
        }
        let incoming = incoming_server(&mut t, &server_key, server_type.as_deref(), anchor);

        let mut outgoing: Vec<Server> = Vec::new();
        let mut identities = Vec::new();
        for id_key in t.key_list(&format!("mail.account.{key}.identities")) {
            let id_anchor = t
                .first_with_prefix(&format!("mail.identity.{id_key}."))
                .unwrap_or(anchor);
            let smtp_key = t
                .string(&format!("mail.identity.{id_key}.smtpServer"))
                .map(|s| s.value)
                .filter(|s| !s.is_empty())
                .or_else(|| smtp_default.clone());
            let index = match smtp_key {
                Some(k) => match outgoing.iter().position(|s| s.key == k) {
                    Some(i) => Some(i),
                    None => {
                        outgoing.push(smtp_server(&mut t, &k, id_anchor));
                        Some(outgoing.len() - 1)
                    }
                },
                None => None,
            };
            identities.push(Identity {
                address: t.string(&format!("mail.identity.{id_key}.useremail")),
                display_name: t.string(&format!("mail.identity.{id_key}.fullName")),
                reply_to: t
                    .string(&format!("mail.identity.{id_key}.reply_to"))
                    .filter(|r| !r.value.is_empty()),
                key: id_key,
                outgoing: index,
                anchor: id_anchor,
            });
        }

        let leave = t.server_bool("mail.server", &server_key, "leave_on_server");
        let by_age = t.server_bool("mail.server", &server_key, "delete_by_age_from_server");
        let days = t.server_int("mail.server", &server_key, "num_days_to_leave_on_server");
        let is_pop = matches!(incoming.protocol.value, Protocol::Pop3);
        let options = if is_pop {
            ClientOptions {
                leave_on_server: Some(leave.unwrap_or(Located::default_at(false, incoming.anchor))),
                delete_by_age: Some(by_age.unwrap_or(Located::default_at(false, incoming.anchor))),
                delete_after_days: Some(days.unwrap_or(Located::default_at(7, incoming.anchor))),
                ..ClientOptions::default()
            }
        } else {
            ClientOptions::default()
        };

        accounts.push(Account {
            client: Client::Thunderbird,
            capabilities: super::CAPABILITIES,
            name: t
                .string(&format!("mail.server.{server_key}.name"))
                .filter(|n| !n.value.is_empty()),
            key,
            identities,
            incoming: Some(incoming),
            outgoing,
            options,
            anchor,
            template: None,
        });
    }
    Assembled {
        accounts,
        skipped,
        problems: std::mem::take(&mut t.problems),
    }
}

/// `mail.smtp.defaultserver` when it names a server, else the first of `mail.smtpservers`.
fn default_smtp_key(t: &mut PrefTable) -> Option<String> {
    let listed = t.key_list("mail.smtpservers");
    let named = t
        .string("mail.smtp.defaultserver")
        .map(|s| s.value)
        .filter(|s| !s.is_empty());
    match named {
        Some(k) if listed.is_empty() || listed.contains(&k) => Some(k),
        _ => listed.into_iter().next(),
    }
}

fn unknown_value(t: &mut PrefTable, v: &Located<i64>, name: String, what: &str) {
    t.problems.push(ParseProblem {
        kind: ParseKind::UnknownValue,
        span: v.span,
        detail: Some(format!(
            "{name} = {} is not a {what} Thunderbird knows",
            v.value
        )),
        related: Vec::new(),
    });
}

fn socket_type(
    t: &mut PrefTable,
    v: Option<Located<i64>>,
    name: String,
    anchor: Span,
) -> Located<Security> {
    let Some(v) = v else {
        return t.insertable(
            Located::default_at(Security::None, anchor),
            anchor,
            name,
            |s| Some(socket_type_number(*s).to_string()),
        );
    };
    let sec = match v.value {
        0 => Security::None,
        1 => Security::TryStartTls,
        2 => Security::StartTls,
        3 => Security::Tls,
        _ => {
            unknown_value(t, &v, name, "socket type");
            return Located::default_at(Security::None, anchor);
        }
    };
    v.map_back(|_| sec, |s| Some(socket_type_number(*s)))
}

/// nsMsgSocketType (mailnews/base/public/MailNewsTypes2.idl): plain 0,
/// trySTARTTLS 1, alwaysSTARTTLS 2, SSL 3.
fn socket_type_number(s: Security) -> i64 {
    match s {
        Security::None => 0,
        Security::TryStartTls => 1,
        Security::StartTls => 2,
        Security::Tls => 3,
    }
}

fn auth_method(
    t: &mut PrefTable,
    v: Option<Located<i64>>,
    name: String,
    anchor: Span,
    outgoing: bool,
) -> Located<AuthMethod> {
    let Some(v) = v else {
        return Located::default_at(AuthMethod::Cleartext, anchor);
    };
    let auth = match v.value {
        1 => AuthMethod::None,
        2 if !outgoing => AuthMethod::Cleartext,
        3 => AuthMethod::Cleartext,
        4 => AuthMethod::Encrypted,
        5 => AuthMethod::Gssapi,
        6 => AuthMethod::Spa,
        7 => AuthMethod::ClientCert,
        8 => AuthMethod::AnySecure,
        9 => AuthMethod::Any,
        10 => AuthMethod::OAuth2,
        _ => {
            unknown_value(t, &v, name, "authentication method");
            return Located::default_at(AuthMethod::Cleartext, anchor);
        }
    };
    // nsMsgAuthMethod (MailNewsTypes2.idl): none 1, passwordCleartext 3, passwordEncrypted 4,
    // GSSAPI 5, NTLM 6, External 7, secure 8, anything 9, OAuth2 10.
    v.map_back(
        |_| auth,
        |a| {
            Some(match a {
                AuthMethod::None => 1,
                AuthMethod::Cleartext => 3,
                AuthMethod::Encrypted => 4,
                AuthMethod::Gssapi => 5,
                AuthMethod::Spa => 6,
                AuthMethod::ClientCert => 7,
                AuthMethod::AnySecure => 8,
                AuthMethod::Any => 9,
                AuthMethod::OAuth2 => 10,
                AuthMethod::SameAsIncoming | AuthMethod::PopBeforeSmtp => return None,
            })
        },
    )
}

/// Port: an absent, zero or negative port means the protocol's default.
fn port(
    t: &PrefTable,
    v: Option<Located<i64>>,
    protocol: &Protocol,
    security: Security,
    anchor: Span,
    name: String,
) -> Located<i64> {
    let default = i64::from(protocol.default_port(security).unwrap_or(0));
    match v {
        Some(p) if p.value > 0 => p,
        Some(p) => Located::default_at(default, p.span),
        None => t.insertable(Located::default_at(default, anchor), anchor, name, |n| {
            u16::try_from(*n).ok().map(|n| n.to_string())
        }),
    }
}

fn incoming_server(t: &mut PrefTable, key: &str, ty: Option<&str>, account_anchor: Span) -> Server {
    let branch = "mail.server";
    let anchor = t
        .get(&format!("{branch}.{key}.type"))
        .map(|p| p.statement)
        .or_else(|| t.first_with_prefix(&format!("{branch}.{key}.")))
        .unwrap_or(account_anchor);
    let type_pref = t.string(&format!("{branch}.{key}.type"));
    let protocol = match ty {
        Some("pop3") => Protocol::Pop3,
        Some("imap") => Protocol::Imap,
        Some("nntp") => Protocol::Nntp,
        Some("ews") => Protocol::Ews,
        Some(other) => Protocol::Other(other.to_string()),
        None => Protocol::Other(String::new()),
    };
    let protocol = match type_pref {
        Some(p) => p.map(|_| protocol),
        None => Located::default_at(protocol, anchor),
    };
    let socket = t.server_int(branch, key, "socketType");
    let security = match socket {
        Some(v) => socket_type(t, Some(v), format!("{branch}.{key}.socketType"), anchor),
        // Profiles older than Thunderbird 3 have `isSecure` instead.
        None => match t.bool(&format!("{branch}.{key}.isSecure")) {
            Some(b) => b.map(|s| if s { Security::Tls } else { Security::None }),
            None => Located::default_at(Security::None, anchor),
        },
    };
    let auth_v = t.server_int(branch, key, "authMethod");
    let auth = auth_method(
        t,
        auth_v,
        format!("{branch}.{key}.authMethod"),
        anchor,
        false,
    );
    let port_v = t.server_int(branch, key, "port");
    let port = port(
        t,
        port_v,
        &protocol.value,
        security.value,
        anchor,
        format!("{branch}.{key}.port"),
    );
    // After the user edits the host or user name in the account settings,
    // Thunderbird keeps the old one and writes the new one as real*.
    let host = t
        .string(&format!("{branch}.{key}.realhostname"))
        .filter(|h| !h.value.is_empty())
        .or_else(|| t.string(&format!("{branch}.{key}.hostname")));
    let user_name = t
        .string(&format!("{branch}.{key}.realuserName"))
        .filter(|h| !h.value.is_empty())
        .or_else(|| t.string(&format!("{branch}.{key}.userName")));
    Server {
        role: ServerRole::Incoming,
        key: key.to_string(),
        protocol,
        host,
        port,
        security,
        auth,
        user_name,
        password_stored: t.has_password_under(&format!("{branch}.{key}.")),
        password_clear_text: false,
        anchor,
    }
}

fn smtp_server(t: &mut PrefTable, key: &str, fallback: Span) -> Server {
    let branch = "mail.smtpserver";
    let anchor = t
        .get(&format!("{branch}.{key}.hostname"))
        .map(|p| p.statement)
        .or_else(|| t.first_with_prefix(&format!("{branch}.{key}.")))
        .unwrap_or(fallback);
    let protocol = match t.string(&format!("{branch}.{key}.type")) {
        Some(p) if p.value == "ews" => p.map(|_| Protocol::Ews),
        _ => Located::default_at(Protocol::Smtp, anchor),
    };
    // The SMTP socket type is stored under its historic name `try_ssl`.
    let try_ssl = t.server_int(branch, key, "try_ssl");
    let security = socket_type(t, try_ssl, format!("{branch}.{key}.try_ssl"), anchor);
    let auth_v = t.server_int(branch, key, "authMethod");
    let auth = match auth_v {
        Some(v) => auth_method(
            t,
            Some(v),
            format!("{branch}.{key}.authMethod"),
            anchor,
            true,
        ),
        // Before Thunderbird 3: auth_method 0 = no authentication.
        None => match t.int(&format!("{branch}.{key}.auth_method")) {
            Some(v) if v.value == 0 => v.map(|_| AuthMethod::None),
            _ => Located::default_at(AuthMethod::Cleartext, anchor),
        },
    };
    let port_v = t.server_int(branch, key, "port");
    let port = port(
        t,
        port_v,
        &protocol.value,
        security.value,
        anchor,
        format!("{branch}.{key}.port"),
    );
    Server {
        role: ServerRole::Outgoing,
        key: key.to_string(),
        protocol,
        host: t.string(&format!("{branch}.{key}.hostname")),
        port,
        security,
        auth,
        user_name: t.string(&format!("{branch}.{key}.username")),
        password_stored: t.has_password_under(&format!("{branch}.{key}.")),
        password_clear_text: false,
        anchor,
    }
}
