//! Assembling accounts from a profile's preferences, with Thunderbird's defaults.

use super::table::{PrefTable, pref_name, pref_name_string};
use crate::catalogue::ParseKind;
use crate::model::Str;
use crate::model::{
    Account, AuthMethod, Client, ClientOptions, DeleteTrigger, Identity, ParseProblem, Protocol,
    Security, Server, ServerRole, SkipKind, Skipped,
};
use crate::source::{Basis, Located, Span};

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
    let mut skipped = Vec::new();
    let local_folders = t
        .string("mail.accountmanager.localfoldersserver")
        .map(|l| l.value);
    let smtp_default = default_smtp_key(&mut t);
    let try_starttls = try_starttls_basis(&mut t);

    let keys = t.key_list("mail.accountmanager.accounts");
    // Room for every account at once: grown by doubling, the list of 5,000
    // accounts held up to twice their size (issue 15).
    let mut accounts = Vec::with_capacity(keys.len());
    for key in keys {
        let anchor = t
            .statement(&pref_name(&["mail.account.", &*key, ".server"]))
            .or_else(|| t.first_with_prefix(&pref_name(&["mail.account.", &*key, "."])))
            .unwrap_or(fallback_anchor);
        let Some(server_key) = t.string(&pref_name(&["mail.account.", &*key, ".server"])) else {
            skipped.push(Skipped::new(key.clone(), SkipKind::NoIncomingServerPref));
            continue;
        };
        let server_key = server_key.value;
        let server_type = t
            .string(&pref_name(&["mail.server.", &*server_key, ".type"]))
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
        let mut incoming = incoming_server(&mut t, &server_key, server_type.as_deref(), anchor);
        incoming.security = upgrade_try_starttls(incoming.security, try_starttls);

        // Most accounts have one of each: room for one, not the four a
        // growing Vec reserves (issue 15).
        let mut outgoing: Vec<Server> = Vec::with_capacity(1);
        let mut identities = Vec::with_capacity(1);
        for id_key in t.key_list(&pref_name(&["mail.account.", &*key, ".identities"])) {
            let id_anchor = t
                .first_with_prefix(&pref_name(&["mail.identity.", &*id_key, "."]))
                .unwrap_or(anchor);
            let smtp_key = t
                .string(&pref_name(&["mail.identity.", &*id_key, ".smtpServer"]))
                .map(|s| s.value.into_string())
                .filter(|s| !s.is_empty())
                .or_else(|| smtp_default.clone());
            let index = match smtp_key {
                Some(k) => match outgoing.iter().position(|s| s.key == k) {
                    Some(i) => Some(i),
                    None => {
                        let mut smtp = smtp_server(&mut t, &k, id_anchor);
                        smtp.security = upgrade_try_starttls(smtp.security, try_starttls);
                        outgoing.push(smtp);
                        Some(outgoing.len() - 1)
                    }
                },
                None => None,
            };
            identities.push(Identity {
                address: t.string(&pref_name(&["mail.identity.", &*id_key, ".useremail"])),
                display_name: t.string(&pref_name(&["mail.identity.", &*id_key, ".fullName"])),
                reply_to: t
                    .string(&pref_name(&["mail.identity.", &*id_key, ".reply_to"]))
                    .filter(|r| !r.value.is_empty()),
                key: Str::from(id_key),
                outgoing: index,
                anchor: id_anchor,
            });
        }

        let is_pop = matches!(incoming.protocol.value, Protocol::Pop3);
        let mut options = if is_pop {
            pop_options(&mut t, &server_key, incoming.anchor)
        } else {
            ClientOptions::default()
        };
        if matches!(incoming.protocol.value, Protocol::Pop3 | Protocol::Imap) {
            check_options(&mut t, &server_key, incoming.anchor, &mut options);
        }
        accounts.push(Account {
            client: Client::Thunderbird,
            capabilities: super::CAPABILITIES,
            name: t
                .string(&pref_name(&["mail.server.", &*server_key, ".name"]))
                .filter(|n| !n.value.is_empty()),
            key: Str::from(key),
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

/// POP3 leave-on-server settings. Pref defaults (`mailnews/mailnews.js`):
/// leave false, delete by age false, 7 days, delete when deleted here false.
/// The account wizard writes true, true, 14 and true instead
/// (`AccountConfig.sys.mjs` `createNewIncoming`, `CreateInBackend.sys.mjs`
/// `createAccountInBackend`), so a wizard-made profile has the lines.
fn pop_options(t: &mut PrefTable, key: &str, anchor: Span) -> ClientOptions {
    let leave = t.server_bool("mail.server", key, "leave_on_server");
    let by_age = t.server_bool("mail.server", key, "delete_by_age_from_server");
    let days = t.server_int("mail.server", key, "num_days_to_leave_on_server");
    // "Until I delete them": honoured only with leave_on_server; the copy
    // is marked when the message is deleted or moved to Trash and removed at
    // the next POP3 connection (nsLocalMailFolder.cpp,
    // nsMsgLocalMailFolder::MarkMsgsOnPop3Server).
    let on_delete = t.server_bool("mail.server", key, "delete_mail_left_on_server");
    let default = |v| Located::default_by(v, anchor, Basis::ClientDefault);
    ClientOptions {
        leave_on_server: Some(leave.unwrap_or_else(|| default(false))),
        delete_by_age: Some(by_age.unwrap_or_else(|| default(false))),
        delete_after_days: Some(
            days.unwrap_or_else(|| Located::default_by(7, anchor, Basis::ClientDefault)),
        ),
        remove_on_delete: Some(on_delete.unwrap_or_else(|| default(false))),
        remove_on_delete_trigger: Some(DeleteTrigger::DeleteOrTrash),
        ..ClientOptions::default()
    }
}

/// Periodic checks ("biff"), each a login to the incoming server.
/// - `check_new_mail` has no pref default: an absent line means the
///   protocol's default, on for POP3 and IMAP (`MsgIncomingServer.sys.mjs`
///   getter `doBiff`; `Pop3ProtocolInfo.sys.mjs` `defaultDoBiff`;
///   `nsImapService::GetDefaultDoBiff`).
/// - `check_time` defaults to 10 minutes and is deleted from prefs.js when
///   it equals the default (`mailnews.js`; `MsgIncomingServer.setIntValue`).
///   0 or less schedules nothing (`nsMsgBiffManager::AddServerBiff`).
/// - The next check is due `check_time` minutes later, ± 5 % of it, at most
///   30 s (`nsMsgBiffManager::SetNextBiffTime`, `mail.biff.add_interval_jitter`).
/// - `login_at_startup`: pref default false; the wizard writes true
///   (`AccountConfig.createNewIncoming`); it is what checks at start-up
///   (`messenger.js` `loadStartFolder`, `MsgGetMessagesForAllServers`).
fn check_options(t: &mut PrefTable, key: &str, anchor: Span, options: &mut ClientOptions) {
    // No `mail.server.default.check_new_mail` exists: only the server's own line counts.
    let checks = t
        .bool(&pref_name(&["mail.server.", key, ".check_new_mail"]))
        .unwrap_or_else(|| Located::default_by(true, anchor, Basis::ProtocolCheckDefault));
    let minutes = t
        .server_int("mail.server", key, "check_time")
        .unwrap_or_else(|| Located::default_by(10, anchor, Basis::ClientDefault));
    let startup = t
        .server_bool("mail.server", key, "login_at_startup")
        .unwrap_or_else(|| Located::default_by(false, anchor, Basis::ClientDefault));
    let seconds = minutes.value.max(0).saturating_mul(60);
    let jitter = (seconds / 20).clamp(1, 30);
    options.check_jitter_seconds = u32::try_from(jitter).ok();
    options.checks_mail = Some(checks);
    options.check_interval_minutes = Some(minutes);
    options.check_at_startup = Some(startup);
}

/// What Thunderbird 132 and later do with socketType/try_ssl 1 ("STARTTLS
/// if available", removed in Bug 1868517): `MailMigrator.sys.mjs`
/// `_migrateUI` (block `currentUIVersion < 44`) turns it into 2 once, for a
/// profile whose `mail.ui-rdf.version` is 1 to 43; a profile at 44 or more,
/// or without the pref (treated as new, every migration skipped), keeps 1,
/// and the connection code then uses no TLS at all (`SmtpClient`,
/// `Pop3Client`, `nsImapProtocol` try TLS only for 2 and 3).
fn try_starttls_basis(t: &mut PrefTable) -> Basis {
    match t.int("mail.ui-rdf.version").map(|v| v.value) {
        Some(1..=43) => Basis::StarttlsMigrated,
        _ => Basis::StarttlsDroppedSince132,
    }
}

fn upgrade_try_starttls(security: Located<Security>, basis: Basis) -> Located<Security> {
    if security.value != Security::TryStartTls {
        return security;
    }
    match basis {
        Basis::StarttlsMigrated => security.map(|_| Security::StartTls).because(basis),
        _ => security.because(basis),
    }
}

/// `mail.smtp.defaultserver` when it names a server, else the first of `mail.smtpservers`.
fn default_smtp_key(t: &mut PrefTable) -> Option<String> {
    let listed = t.key_list("mail.smtpservers");
    let named = t
        .string("mail.smtp.defaultserver")
        .map(|s| s.value.into_string())
        .filter(|s| !s.is_empty());
    match named {
        Some(k) if listed.is_empty() || listed.contains(&k) => Some(k),
        _ => listed.into_iter().next(),
    }
}

fn unknown_value(t: &mut PrefTable, v: &Located<i64>, name: &[&str], _what: &str) {
    let name = pref_name_string(name);
    t.problems.push(ParseProblem {
        kind: ParseKind::UnknownValue,
        span: v.span,
        // The pref and its value as written; the catalogue says the rest in
        // the run's language (`what`, the kind of setting, is for readers of
        // this code: the explanation of ML001 lists them).
        detail: Some(format!("{name} = {}", v.value)),
        related: Vec::new(),
    });
}

fn socket_type(
    t: &mut PrefTable,
    v: Option<Located<i64>>,
    name: &[&str],
    anchor: Span,
) -> Located<Security> {
    let Some(v) = v else {
        return t
            .insertable(
                Located::default_at(Security::None, anchor),
                anchor,
                name,
                |s| Some(socket_type_number(*s).to_string()),
            )
            .because(Basis::ClientDefault);
    };
    let sec = match v.value {
        0 => Security::None,
        1 => Security::TryStartTls,
        2 => Security::StartTls,
        3 => Security::Tls,
        _ => {
            unknown_value(t, &v, name, "socket type");
            return Located::default_by(Security::None, anchor, Basis::ClientDefault);
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

/// Which authMethod values a protocol can use (`MailNewsTypes2.idl`
/// `nsMsgAuthMethod`). What each protocol sends for a value:
/// - SMTP (`SmtpClient.sys.mjs`, constructor `_preferredAuthMethods`): 1
///   none, 2 old, 7 External and 9 anything select no mechanism, so no AUTH
///   command is sent at all.
/// - POP3 (`Pop3Client.sys.mjs`, constructor and
///   `_actionChooseFirstAuthMethod`): 1, 2, 7 and 9 leave no mechanism and
///   every check fails with `pop3AuthMechNotSupported`.
/// - IMAP (`nsImapProtocol::InitPrefAuthMethods`): 1 logs in with nothing,
///   2 uses the LOGIN command, 9 anything the server offers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AuthUse {
    Smtp,
    Pop3,
    Other,
}

fn auth_method(
    t: &mut PrefTable,
    v: Option<Located<i64>>,
    name: &[&str],
    anchor: Span,
    usage: AuthUse,
) -> Located<AuthMethod> {
    let Some(v) = v else {
        // mailnews.js: mail.server.default.authMethod and
        // mail.smtpserver.default.authMethod are 3.
        return Located::default_by(AuthMethod::Cleartext, anchor, Basis::ClientDefault);
    };
    let auth = match (usage, v.value) {
        (AuthUse::Smtp, 1 | 2 | 7 | 9) => AuthMethod::None,
        (AuthUse::Pop3, 1 | 2 | 7 | 9) => AuthMethod::Unsupported,
        (_, 1) => AuthMethod::None,
        (_, 2 | 3) => AuthMethod::Cleartext,
        (_, 4) => AuthMethod::Encrypted,
        (_, 5) => AuthMethod::Gssapi,
        (_, 6) => AuthMethod::Spa,
        (_, 7) => AuthMethod::ClientCert,
        (_, 8) => AuthMethod::AnySecure,
        (_, 9) => AuthMethod::Any,
        (_, 10) => AuthMethod::OAuth2,
        _ => {
            unknown_value(t, &v, name, "authentication method");
            return Located::default_by(AuthMethod::Cleartext, anchor, Basis::ClientDefault);
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
                AuthMethod::SameAsIncoming
                | AuthMethod::PopBeforeSmtp
                | AuthMethod::Unsupported => return None,
            })
        },
    )
}

/// The port Thunderbird connects to. What counts as unset differs:
/// - POP3 and news (JS servers): any value of 1 or less
///   (`MsgIncomingServer.sys.mjs`, getter `port`);
/// - IMAP (C++): only -1 and 0 (`nsMsgIncomingServer::GetPort`);
/// - SMTP: only 0 or absent; unset means 587, or 465 with SSL/TLS, since
///   Thunderbird 91 (`SmtpClient.sys.mjs` `connect`; 25 before, in the C++
///   `NS_MsgBuildSmtpUrl`).
fn port(
    t: &PrefTable,
    v: Option<Located<i64>>,
    protocol: &Protocol,
    security: Security,
    anchor: Span,
    name: &[&str],
) -> Located<i64> {
    let (default, basis) = match protocol {
        Protocol::Smtp => (
            if security == Security::Tls { 465 } else { 587 },
            Basis::SubmissionPortSince91,
        ),
        _ => (
            i64::from(protocol.default_port(security).unwrap_or(0)),
            Basis::ProtocolPort,
        ),
    };
    let unset = |p: i64| match protocol {
        Protocol::Pop3 | Protocol::Nntp => p <= 1,
        Protocol::Imap => p == 0 || p == -1,
        Protocol::Smtp => p == 0,
        _ => p <= 0,
    };
    match v {
        Some(p) if !unset(p.value) => p,
        Some(p) if matches!(protocol, Protocol::Pop3 | Protocol::Nntp) && p.value == 1 => {
            Located::default_by(default, p.span, Basis::PortAtMostOneUnset)
        }
        Some(p) => Located::default_by(default, p.span, basis),
        None => t
            .insertable(Located::default_at(default, anchor), anchor, name, |n| {
                u16::try_from(*n).ok().map(|n| n.to_string())
            })
            .because(basis),
    }
}

/// An incoming host name with a colon: Thunderbird takes the part after it
/// as the port (overriding the `port` pref) and keeps the part before it as
/// the host. POP3 and news (`MsgIncomingServer.sys.mjs`, getter `hostname`
/// and `_setHostName`) split at the first colon and take the next part;
/// IMAP (`nsMsgIncomingServer::GetHostname`, `InternalSetHostname`) splits
/// only a name with exactly one colon. SMTP never splits
/// (`SmtpServer.sys.mjs` getter `hostname`): see `smtp_server`.
fn split_host_port(
    host: Located<Str>,
    protocol: &Protocol,
) -> (Located<Str>, Option<Located<i64>>) {
    let Some(colon) = host.value.find(':') else {
        return (host, None);
    };
    let splits = match protocol {
        Protocol::Pop3 | Protocol::Nntp => true,
        Protocol::Imap => host.value.matches(':').count() == 1,
        _ => false,
    };
    if !splits {
        return (host, None);
    }
    let rest = &host.value[colon + 1..];
    let port_text = rest.split(':').next().unwrap_or("");
    // Only a number is a port. Anything else (`http://mail.example.jp/`) is
    // a name no client can use whatever it keeps of it: left as written, so
    // that ML202 reports it.
    if port_text.is_empty() || !port_text.bytes().all(|b| b.is_ascii_digit()) {
        return (host, None);
    }
    let port_span = host.sub_span(colon..colon + 1 + port_text.len());
    let port = port_text
        .parse::<i64>()
        .ok()
        .map(|p| Located::derived(p, port_span, Basis::PortFromHostName));
    let name = Str::from(&host.value[..colon]);
    let name_span = host.sub_span(0..colon);
    let host = Located {
        value: name,
        span: name_span,
        origin: host.origin,
        verbatim: host.verbatim,
        basis: host.basis,
        // The name alone is a part of the pref's value: nothing writes it.
        rewrite: None,
    };
    (host, port)
}

fn incoming_server(t: &mut PrefTable, key: &str, ty: Option<&str>, account_anchor: Span) -> Server {
    let branch = "mail.server";
    let anchor = t
        .statement(&pref_name(&[branch, ".", key, ".type"]))
        .or_else(|| t.first_with_prefix(&pref_name(&[&*branch, ".", &*key, "."])))
        .unwrap_or(account_anchor);
    let type_pref = t.string(&pref_name(&[branch, ".", key, ".type"]));
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
        Some(v) => socket_type(t, Some(v), &[branch, ".", key, ".socketType"], anchor),
        // Profiles older than Thunderbird 3 have `isSecure` instead.
        None => match t.bool(&pref_name(&[branch, ".", key, ".isSecure"])) {
            Some(b) => b.map(|s| if s { Security::Tls } else { Security::None }),
            None => Located::default_by(Security::None, anchor, Basis::ClientDefault),
        },
    };
    let auth_v = t.server_int(branch, key, "authMethod");
    let usage = match protocol.value {
        Protocol::Pop3 => AuthUse::Pop3,
        _ => AuthUse::Other,
    };
    let auth = auth_method(t, auth_v, &[branch, ".", key, ".authMethod"], anchor, usage);
    // After the user edits the host or user name in the account settings,
    // Thunderbird keeps the old one and writes the new one as real*.
    let host = t
        .string(&pref_name(&[branch, ".", key, ".realhostname"]))
        .filter(|h| !h.value.is_empty())
        .or_else(|| t.string(&pref_name(&[&*branch, ".", &*key, ".hostname"])));
    let (host, host_port) = match host {
        Some(h) => {
            let (h, p) = split_host_port(h, &protocol.value);
            (Some(h), p)
        }
        None => (None, None),
    };
    let port_v = t.server_int(branch, key, "port");
    let port = match host_port {
        Some(p) => p,
        None => port(
            t,
            port_v,
            &protocol.value,
            security.value,
            anchor,
            &[branch, ".", key, ".port"],
        ),
    };
    let user_name = t
        .string(&pref_name(&[branch, ".", key, ".realuserName"]))
        .filter(|h| !h.value.is_empty())
        .or_else(|| t.string(&pref_name(&[&*branch, ".", &*key, ".userName"])));
    Server {
        role: ServerRole::Incoming,
        key: Str::from(key),
        protocol,
        host,
        port,
        security,
        auth,
        user_name,
        password_stored: t.has_password_under(&pref_name(&[branch, ".", key, "."])),
        password_clear_text: false,
        anchor,
    }
}

fn smtp_server(t: &mut PrefTable, key: &str, fallback: Span) -> Server {
    let branch = "mail.smtpserver";
    let anchor = t
        .statement(&pref_name(&[branch, ".", key, ".hostname"]))
        .or_else(|| t.first_with_prefix(&pref_name(&[&*branch, ".", &*key, "."])))
        .unwrap_or(fallback);
    let protocol = match t.string(&pref_name(&[branch, ".", key, ".type"])) {
        Some(p) if p.value == "ews" => p.map(|_| Protocol::Ews),
        _ => Located::default_at(Protocol::Smtp, anchor),
    };
    // The SMTP socket type is stored under its historic name `try_ssl`.
    let try_ssl = t.server_int(branch, key, "try_ssl");
    let security = socket_type(t, try_ssl, &[branch, ".", key, ".try_ssl"], anchor);
    let auth_v = t.server_int(branch, key, "authMethod");
    let auth = match auth_v {
        Some(v) => auth_method(
            t,
            Some(v),
            &[branch, ".", key, ".authMethod"],
            anchor,
            AuthUse::Smtp,
        ),
        // Before Thunderbird 3: auth_method 0 = no authentication.
        None => match t.int(&pref_name(&[branch, ".", key, ".auth_method"])) {
            Some(v) if v.value == 0 => v.map(|_| AuthMethod::None),
            _ => Located::default_by(AuthMethod::Cleartext, anchor, Basis::ClientDefault),
        },
    };
    let port_v = t.server_int(branch, key, "port");
    let port = port(
        t,
        port_v,
        &protocol.value,
        security.value,
        anchor,
        &[branch, ".", key, ".port"],
    );
    Server {
        role: ServerRole::Outgoing,
        key: Str::from(key),
        protocol,
        host: t.string(&pref_name(&[branch, ".", key, ".hostname"])),
        port,
        security,
        auth,
        user_name: t.string(&pref_name(&[branch, ".", key, ".username"])),
        password_stored: t.has_password_under(&pref_name(&[branch, ".", key, "."])),
        password_clear_text: false,
        anchor,
    }
}
