//! Becky! Internet Mail: one mailbox's `Mailbox.ini` (Shift_JIS on
//! Japanese Windows; `crate::source` decodes it). The account is the
//! `[Account]` section. Key meanings follow the only public description,
//! Thunderbird's Becky! importer (docs: formats.md §6); keys no public source
//! explains are listed as not checked instead of guessed.

use super::ini::{self, IniSection};
use super::ini_fields::Values;
use crate::catalogue::ParseKind;
use crate::discover::{Home, Searched, dedup, file_place};
use crate::formats::registry::{Fuzz, Grouping, Reader, Sniff};
use crate::model::Str;
use crate::model::{
    Account, AuthMethod, Capabilities, Client, ClientOptions, Document, Format, Identity,
    ParseProblem, Protocol, Security, Server, ServerRole, SkipKind, Skipped,
};
use crate::source::{Located, SourceFile, Span};
use std::path::{Path, PathBuf};

/// Becky! `Mailbox.ini` (one mailbox).
pub static READER: Reader = Reader {
    format: Format("becky-mailbox-ini"),
    clients: &[Client::Becky],
    sniff: Sniff::Text(looks_like_mailbox_ini),
    names: &["mailbox.ini"],
    extensions: &[],
    walk: &[".ini"],
    unit: Grouping::File,
    binary: None,
    discover: Some(places),
    read,
    fuzz: Fuzz {
        target: "becky_mailbox",
        sample_name: "box.mb/Mailbox.ini",
    },
    module: module_path!(),
};

/// The `[Account]` keys whose meaning is known (Thunderbird's importer).
const KNOWN_KEYS: &[&str] = &[
    "Name",
    "YourName",
    "MailAddress",
    "PermBcc",
    "Protocol",
    "MailServer",
    "UserID",
    "POP3Port",
    "IMAP4Port",
    "SSLPOP",
    "SSLIMAP",
    "POP3Auth",
    "LeaveServer",
    "KeepDays",
    "CheckInt",
    "CheckEvery",
    "SMTPServer",
    "SMTPPort",
    "SSLSMTP",
    "SMTPAUTH",
    "SMTPAUTHMODE",
];

/// Whether a Becky! key may hold a password: the shared secret names, and
/// `PW` (no public source names Becky!'s password key, so be wide).
pub fn is_secret_key(key: &str) -> bool {
    crate::secrets::is_secret_name(key) || key.to_ascii_lowercase().contains("pw")
}

/// Whether `text` looks like a Becky! `Mailbox.ini`.
pub fn looks_like_mailbox_ini(text: &str) -> bool {
    // No section without a `[` (one fast scan: most files asked are XML).
    if !crate::formats::has_section_bracket(text) {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    lower.contains("[account]")
        && ["\nmailserver=", "\nsmtpserver=", "\nmailaddress="]
            .iter()
            .any(|k| lower.contains(k))
}

pub fn read(files: &[&SourceFile]) -> Document {
    let mut doc = Document::new(
        Client::Becky,
        READER.format,
        files.iter().map(|f| f.id).collect(),
    );
    for file in files {
        read_file(file, &mut doc);
    }
    doc
}

fn read_file(file: &SourceFile, doc: &mut Document) {
    let parsed = ini::parse(&file.text, file.id);
    doc.secrets
        .extend(ini::secret_values(&parsed, is_secret_key));
    doc.suppressions.extend(ini::suppressions(&parsed));
    let mailbox = mailbox_name(file);
    for junk in &parsed.junk {
        doc.problems.push(ParseProblem {
            kind: ParseKind::IniJunk,
            span: junk.span,
            detail: None,
            related: Vec::new(),
        });
    }
    let Some(section) = parsed.sections_named("Account").last() else {
        doc.problems.push(ParseProblem {
            kind: ParseKind::MissingSection,
            span: Span::new(file.id, 0, 0),
            detail: Some("[Account]".into()),
            related: Vec::new(),
        });
        return;
    };
    for other in parsed
        .sections
        .iter()
        .filter(|s| !s.name.eq_ignore_ascii_case("Account"))
    {
        doc.skipped.push(Skipped::new(
            format!("{mailbox}: [{}]", other.name),
            SkipKind::NotAccountSection,
        ));
    }
    let mut values = Values::default();
    let account = account(section, &mailbox, &mut values, &mut doc.skipped);
    doc.problems.extend(values.problems);
    doc.accounts.push(account);
}

/// The mailbox folder's name (`xxxxxxxx.mb`), which names the account in
/// Becky!'s folder list when `Name` is absent.
fn mailbox_name(file: &SourceFile) -> String {
    file.path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display_path())
}

fn account(s: &IniSection, mailbox: &str, v: &mut Values, skipped: &mut Vec<Skipped>) -> Account {
    let anchor = s.header;
    for e in &s.entries {
        if KNOWN_KEYS.iter().any(|k| k.eq_ignore_ascii_case(e.key)) {
            continue;
        }
        let reason = if is_secret_key(e.key) {
            SkipKind::MayHoldPassword
        } else {
            SkipKind::MeaningUnknown
        };
        skipped.push(Skipped::new(format!("{mailbox}: {}", e.key), reason));
    }

    let imap = s.get("Protocol").is_some_and(|e| e.value.trim() == "1");
    let protocol = match s.get("Protocol") {
        Some(e) => Located::file(
            if imap { Protocol::Imap } else { Protocol::Pop3 },
            e.value_span,
        ),
        None => Located::default_at(Protocol::Pop3, anchor),
    };
    let user = Values::text(s, "UserID");
    let (port_key, ssl_key) = if imap {
        ("IMAP4Port", "SSLIMAP")
    } else {
        ("POP3Port", "SSLPOP")
    };
    let security = ssl(s, ssl_key, anchor, v);
    let incoming = Server {
        role: ServerRole::Incoming,
        key: "incoming".into(),
        port: port(s, port_key, &protocol.value, anchor, v),
        auth: if imap {
            // The importer reads no IMAP login setting: plain LOGIN.
            Located::default_at(AuthMethod::Cleartext, anchor)
        } else {
            pop_auth(s, anchor, v)
        },
        protocol,
        security,
        host: Values::text(s, "MailServer"),
        user_name: user.clone(),
        password_stored: has_secret(s),
        password_clear_text: false,
        anchor,
    };

    let smtp_security = ssl(s, "SSLSMTP", anchor, v);
    let smtp_auth_on = v.switch(s, "SMTPAUTH");
    let auth = match &smtp_auth_on {
        Some(on) if on.value => smtp_auth_mode(s, on.span, v),
        Some(off) => Located::file(AuthMethod::None, off.span),
        None => Located::default_at(AuthMethod::None, anchor),
    };
    let outgoing = Server {
        role: ServerRole::Outgoing,
        key: "smtp".into(),
        port: port(s, "SMTPPort", &Protocol::Smtp, anchor, v),
        protocol: Located::default_at(Protocol::Smtp, anchor),
        security: smtp_security,
        host: Values::text(s, "SMTPServer"),
        // Becky! logs in to SMTP with the same UserID.
        user_name: if auth.value == AuthMethod::None {
            None
        } else {
            user
        },
        password_stored: has_secret(s),
        password_clear_text: false,
        auth,
        anchor,
    };

    let identity = Identity {
        key: "identity".into(),
        address: Values::text(s, "MailAddress"),
        display_name: Values::text(s, "YourName"),
        reply_to: None,
        outgoing: Some(0),
        anchor,
    };
    let options = if imap {
        ClientOptions::default()
    } else {
        leave_options(s, anchor, v)
    };
    Account {
        template: None,
        client: Client::Becky,
        capabilities: Capabilities::NONE,
        key: Str::from(mailbox),
        name: Values::text(s, "Name"),
        identities: vec![identity],
        incoming: Some(incoming),
        outgoing: vec![outgoing],
        options,
        anchor,
    }
}

fn has_secret(s: &IniSection) -> bool {
    s.entries
        .iter()
        .any(|e| is_secret_key(e.key) && !e.value.is_empty())
}

/// `SSLPOP`/`SSLIMAP`/`SSLSMTP`: 1 = SSL from the first byte. No public
/// source names a STARTTLS flag.
fn ssl(s: &IniSection, key: &str, anchor: Span, v: &mut Values) -> Located<Security> {
    match v.switch(s, key) {
        Some(on) => on.map(|b| if b { Security::Tls } else { Security::None }),
        None => Located::default_at(Security::None, anchor),
    }
}

/// A port; when absent 110 / 143 / 25 whatever the SSL switch says, as
/// Thunderbird's importer (the only public description) reads the file.
fn port(
    s: &IniSection,
    key: &str,
    protocol: &Protocol,
    anchor: Span,
    v: &mut Values,
) -> Located<i64> {
    v.int(s, key, "a port number").unwrap_or_else(|| {
        let default = protocol
            .default_port(Security::None)
            .map(i64::from)
            .unwrap_or(0);
        Located::default_at(default, anchor)
    })
}

/// `POP3Auth`: 0 USER/PASS, 1 APOP, 2 CRAM-MD5, 3 NTLM (SPA).
fn pop_auth(s: &IniSection, anchor: Span, v: &mut Values) -> Located<AuthMethod> {
    let Some(entry) = s.get("POP3Auth") else {
        return Located::default_at(AuthMethod::Cleartext, anchor);
    };
    let method = match entry.int() {
        Some(0) => AuthMethod::Cleartext,
        Some(1) | Some(2) => AuthMethod::Encrypted,
        Some(3) => AuthMethod::Spa,
        _ => {
            v.unknown(entry, "Becky! knows (0 to 3)");
            return Located::default_at(AuthMethod::Cleartext, anchor);
        }
    };
    Located::file(method, entry.value_span)
}

/// `SMTPAUTHMODE` with `SMTPAUTH=1`, as Thunderbird's importer maps it:
/// 1 CRAM-MD5, 2/4/6 LOGIN/PLAIN, anything else "whatever the server offers".
fn smtp_auth_mode(s: &IniSection, on: Span, v: &mut Values) -> Located<AuthMethod> {
    match s.get("SMTPAUTHMODE") {
        Some(e) => {
            let method = match e.int() {
                Some(1) => AuthMethod::Encrypted,
                Some(2) | Some(4) | Some(6) => AuthMethod::Cleartext,
                Some(_) => AuthMethod::Any,
                None => {
                    v.unknown(e, "Becky! knows (a number)");
                    AuthMethod::Any
                }
            };
            Located::file(method, e.value_span)
        }
        None => Located::file(AuthMethod::Any, on),
    }
}

/// `LeaveServer=1` keeps mail on the server; `KeepDays` > 0 removes it
/// after that many days.
fn leave_options(s: &IniSection, anchor: Span, v: &mut Values) -> ClientOptions {
    let leave = v
        .switch(s, "LeaveServer")
        .unwrap_or(Located::default_at(false, anchor));
    let days = v.int(s, "KeepDays", "days");
    let by_age = match &days {
        Some(d) => Located::file(leave.value && d.value > 0, d.span),
        None => Located::default_at(false, anchor),
    };
    ClientOptions {
        leave_on_server: Some(leave),
        delete_by_age: Some(by_age),
        delete_after_days: days,
        ..ClientOptions::default()
    }
}

/// Where Becky! keeps its data (formats.md §6): the data folder, then each
/// mailbox's `Mailbox.ini` that its `Folder.lst` lists.
fn places(home: &Home) -> Vec<Searched> {
    let h = &home.home;
    // Its registry key's `DataDir` first, then `Documents\Becky` (the known
    // folder, which may have moved, and the home's), then `C:\Becky!\<user>`
    // (comm-central nsBeckyUtils.cpp, FindUserDirectory).
    let mut becky = home.becky_dirs.clone();
    becky.extend([h.join("Documents/Becky"), h.join("My Documents/Becky")]);
    becky.extend(home.documents.as_ref().map(|d| d.join("Becky")));
    for root in &home.becky_roots {
        // `C:\Becky!\<user>\`: one data folder per user.
        let mut users: Vec<PathBuf> = std::fs::read_dir(root)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        users.sort();
        if users.is_empty() {
            becky.push(root.clone());
        }
        becky.extend(users);
    }
    let mut out = Vec::new();
    for dir in dedup(becky) {
        let mailboxes = mailboxes(&dir);
        out.push(Searched {
            client: "Becky!",
            found: dir.join("Folder.lst").is_file() || mailboxes.iter().any(|m| m.is_file()),
            path: dir,
        });
        for m in mailboxes {
            out.push(file_place("Becky!", m));
        }
    }
    out
}

/// The `Mailbox.ini` of each mailbox `Folder.lst` lists (one folder name
/// per line, Shift_JIS on Japanese Windows, often with a trailing `\`).
pub fn mailboxes(root: &Path) -> Vec<PathBuf> {
    let Ok(bytes) = crate::source::read::read_bounded(
        &root.join("Folder.lst"),
        crate::source::read::DEFAULT_MAX_FILE_SIZE,
    ) else {
        return Vec::new();
    };
    let text = crate::source::decode(&bytes).text;
    text.lines()
        .map(|l| l.trim().trim_end_matches(['\\', '/']))
        .filter(|l| !l.is_empty())
        .map(|l| root.join(l.replace('\\', "/")).join("Mailbox.ini"))
        .collect()
}
