//! Claws Mail and Sylpheed `accountrc`: one `[Account: N]` section per
//! account (formats.md §7). The two programs share the file name and most
//! keys but not everything: the `protocol` numbers, some defaults, and how
//! passwords are stored. Which program wrote the file is decided by its
//! folder, else by keys only one of them writes (see [`decide`]).

use crate::catalogue::ParseKind;
use std::path::Path;

use super::ini::{self, IniSection};
use super::ini_fields::Values;
use crate::discover::{Home, Searched, dedup, file_place};
use crate::formats::registry::{Fuzz, Grouping, Reader, Sniff};
use crate::formats::words::same_bytes;
use crate::model::Str;
use crate::model::{
    Account, AuthMethod, Capabilities, Client, ClientOptions, Document, Format, Identity,
    ParseProblem, PopBeforeSmtp, Protocol, Security, Server, ServerRole, SkipKind, Skipped,
    Subject,
};
use crate::source::{Basis, Located, SourceFile, Span};

/// Claws Mail and Sylpheed `accountrc`.
pub static READER: Reader = Reader {
    format: Format("accountrc"),
    clients: &[Client::ClawsMail, Client::Sylpheed],
    sniff: Sniff::Text(looks_like_accountrc),
    names: &["accountrc"],
    extensions: &[],
    walk: &["accountrc"],
    unit: Grouping::File,
    binary: None,
    discover: Some(places),
    read,
    fuzz: Fuzz {
        target: "accountrc",
        sample_name: ".claws-mail/accountrc",
    },
    module: module_path!(),
};

/// Keys only Claws Mail writes (its `prefs_account.c` param table).
const CLAWS_ONLY: &[&str] = &[
    "config_version",
    "pop_before_smtp_timeout",
    "use_pop_auth",
    "max_news_articles",
    "use_mail_command",
    "message_leave_hour",
];
/// Keys only Sylpheed writes (`libsylph/prefs_account.c`).
/// (`get_all_mail` is not one: older Claws Mail wrote it too.)
const SYLPHEED_ONLY: &[&str] = &[
    "max_nntp_articles",
    "use_socks",
    "imap_check_inbox_only",
    "signature_name",
];

/// Which program a file belongs to, and how that was decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub client: Client,
    pub reason: Why,
}

/// How the program was decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// The file is in the program's folder (lower case).
    Folder(String),
    /// The file has a key only the program writes.
    Key(String),
    /// The file has none of the keys every Claws Mail writes.
    NoClawsKeys,
}

impl Decision {
    /// The note that says how the file was read.
    fn note(&self) -> Skipped {
        let (kind, fact) = match &self.reason {
            Why::Folder(f) => (SkipKind::ReadAsByFolder, Some(("folder", f))),
            Why::Key(k) => (SkipKind::ReadAsByKey, Some(("key", k))),
            Why::NoClawsKeys => (SkipKind::ReadAsNoClawsKeys, None),
        };
        let mut args = vec![("client", self.client.label().to_string())];
        args.extend(fact.map(|(n, v)| (n, v.clone())));
        Skipped {
            what: Subject::Program(self.client),
            kind,
            args,
        }
    }
}

/// Whether `text` looks like an `accountrc`.
pub fn looks_like_accountrc(text: &str) -> bool {
    // A `[` first: one fast scan rules out most files asked.
    crate::formats::has_section_bracket(text)
        && (text.starts_with("[Account: ") || text.contains("\n[Account: "))
}

/// The folder decides (`~/.claws-mail`, `%APPDATA%\Claws-mail`,
/// `~/.sylpheed-2.0`, `%APPDATA%\Sylpheed`), else a key only one program
/// writes; a file with neither is Sylpheed's, since every Claws Mail writes
/// keys Sylpheed does not know.
pub fn decide(path: &Path, file: &ini::IniFile) -> Decision {
    decide_by(path, |keys| {
        file.sections.iter().find_map(|s| {
            keys.iter()
                .find(|k| s.get(k).is_some())
                .map(|k| k.to_string())
        })
    })
}

/// [`decide`] from the text, without holding its parse: the keys are
/// looked for line by line, as [`decide`] finds them.
fn decide_text(path: &Path, text: &str) -> Decision {
    decide_by(path, |keys| first_key_in_text(text, keys))
}

/// The first section (in file order) that holds one of `keys`, and in it the
/// first of `keys` in their order; names compared as `IniSection::get` does.
fn first_key_in_text(text: &str, keys: &[&str]) -> Option<String> {
    let mut in_section = false;
    let mut found: Option<usize> = None;
    for line in ini::scan(text) {
        match line {
            ini::ScanLine::Section(_) => {
                if found.is_some() {
                    break;
                }
                in_section = true;
            }
            ini::ScanLine::Key(key) if in_section => {
                if let Some(i) = keys.iter().position(|k| k.eq_ignore_ascii_case(key)) {
                    found = Some(found.map_or(i, |f| f.min(i)));
                }
            }
            ini::ScanLine::Key(_) => {}
        }
    }
    found.and_then(|i| keys.get(i)).map(|k| k.to_string())
}

fn decide_by(path: &Path, has: impl Fn(&[&str]) -> Option<String>) -> Decision {
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let trimmed = folder.trim_start_matches('.');
    if trimmed.starts_with("claws-mail") {
        return Decision {
            client: Client::ClawsMail,
            reason: Why::Folder(folder),
        };
    }
    if trimmed.starts_with("sylpheed") {
        return Decision {
            client: Client::Sylpheed,
            reason: Why::Folder(folder),
        };
    }
    if let Some(k) = has(CLAWS_ONLY) {
        return Decision {
            client: Client::ClawsMail,
            reason: Why::Key(k),
        };
    }
    if let Some(k) = has(SYLPHEED_ONLY) {
        return Decision {
            client: Client::Sylpheed,
            reason: Why::Key(k),
        };
    }
    Decision {
        client: Client::Sylpheed,
        reason: Why::NoClawsKeys,
    }
}

pub fn read(files: &[&SourceFile]) -> Document {
    let mut doc = Document::new(
        Client::ClawsMail,
        READER.format,
        files.iter().map(|f| f.id).collect(),
    );
    for file in files {
        read_file(file, &mut doc);
    }
    doc
}

/// One `accountrc` into `doc`, a section at a time: the parse of a section
/// is dropped once its account is built (issue 15).
fn read_file<'t>(file: &'t SourceFile, doc: &mut Document) {
    let text: &'t str = file.text.as_str();
    // Keys of one shape (`signature_path_12`) are judged once, and a key
    // met before (every account repeats the same keys) is looked up by
    // itself, borrowed, without working out its shape (issue 15).
    let mut names = crate::formats::secret_names::SecretNames::new();
    let mut known: std::collections::HashMap<&str, bool, ahash::RandomState> =
        std::collections::HashMap::default();
    let is_secret = |k: &'t str| -> bool { *known.entry(k).or_insert_with(|| names.is_secret(k)) };
    let mut is_secret = SameKeys::new(is_secret);
    let mut secrets = Vec::new();
    // Every directive holds this word: a file without it (nearly every
    // file) has no suppression to look for.
    if memchr::memmem::find(text.as_bytes(), b"maillint:").is_some() {
        doc.suppressions
            .extend(ini::suppressions(&ini::parse(text, file.id)));
    }
    let decision = decide_text(&file.path, text);
    doc.client = decision.client;
    doc.skipped.push(decision.note());
    let mut values = Values::default();
    // Claws Mail reads clawsrc before accountrc and gives an account
    // without config_version clawsrc's version as read at start-up
    // (src/main.c main; src/prefs_migration.c
    // prefs_update_config_version_accounts); clawsrc without the key, or
    // no clawsrc, is version 0 (src/prefs_common.c param table).
    let clawsrc = if decision.client == Client::ClawsMail {
        clawsrc_version(&file.path)
    } else {
        None
    };
    // Room for every account at once (grown by doubling, the list held up to
    // twice its size; issue 15).
    doc.accounts.reserve(account_headers(text));
    let mut reader = ini::sections(text, file.id);
    let mut preamble_read = false;
    while let Some(section) = reader.next() {
        if !preamble_read {
            preamble_read = true;
            is_secret.spans(&reader.preamble, &mut secrets);
        }
        is_secret.spans(&section.entries, &mut secrets);
        read_section(&section, &decision, clawsrc, &mut values, doc);
    }
    if !preamble_read {
        is_secret.spans(&reader.preamble, &mut secrets);
    }
    doc.secrets.extend(secrets);
    for junk in &reader.junk {
        doc.problems.push(ParseProblem {
            kind: ParseKind::IniJunk,
            span: junk.span,
            detail: None,
            related: Vec::new(),
        });
    }
    doc.problems.extend(values.problems);
}

/// Which keys hold a secret, section by section: a key written where the
/// section before had the same key (the sections of an `accountrc` list
/// their keys in one order) takes its answer without a look-up (issue 15:
/// hashing every key of a 10 MB file to find it among the keys met before
/// was a fifth of reading it).
struct SameKeys<'t, F> {
    is_secret: F,
    /// The keys of the section before, with their answers; made the keys
    /// of the section being read, place by place, as it is read (a key
    /// equal to the one at its place is left as it is).
    before: Vec<(&'t str, bool)>,
}

impl<'t, F: FnMut(&'t str) -> bool> SameKeys<'t, F> {
    fn new(is_secret: F) -> Self {
        SameKeys {
            is_secret,
            before: Vec::new(),
        }
    }

    /// [`ini::secret_spans`] of `entries`, into `out`.
    fn spans(&mut self, entries: &[ini::IniEntry<'t>], out: &mut Vec<Span>) {
        for (i, e) in entries.iter().enumerate() {
            let secret = match self.before.get(i) {
                Some(&(key, secret)) if same_bytes(key.as_bytes(), e.key.as_bytes()) => secret,
                _ => {
                    let secret = (self.is_secret)(e.key);
                    match self.before.get_mut(i) {
                        Some(place) => *place = (e.key, secret),
                        None => self.before.push((e.key, secret)),
                    }
                    secret
                }
            };
            if secret {
                out.extend(ini::secret_spans([e], |_| true));
            }
        }
        self.before.truncate(entries.len());
    }
}

/// The keys of a server's port switch, port and SSL setting (`set_popport`,
/// `pop_port`, `ssl_pop`): written out for the three servers an account has,
/// not put together with `format!` for every account (issue 15).
fn server_keys(name: &str) -> [std::borrow::Cow<'static, str>; 3] {
    match name {
        "pop" => ["set_popport".into(), "pop_port".into(), "ssl_pop".into()],
        "imap" => ["set_imapport".into(), "imap_port".into(), "ssl_imap".into()],
        "smtp" => ["set_smtpport".into(), "smtp_port".into(), "ssl_smtp".into()],
        _ => [
            format!("set_{name}port").into(),
            format!("{name}_port").into(),
            format!("ssl_{name}").into(),
        ],
    }
}

/// How many `[Account:` headers begin a line of `text` (after blanks) and
/// close on it: sections [`ini::parse`] finds and reads as accounts, each
/// giving at most one (a header written `[ Account: 1]` is not counted: the
/// count is only room made). Found with `memmem`, not line by line: a pass
/// over every line cost more than the room saved.
fn account_headers(text: &str) -> usize {
    let bytes = text.as_bytes();
    // Each `[` looked at, not `memmem`'s search for the whole word, which
    // starts over at every match (issue 15: about a thousand instructions a
    // header); the same places, since `[Account:` holds no other `[`.
    memchr::memchr_iter(b'[', bytes)
        .filter(|&at| bytes.get(at..at + 9) == Some(b"[Account:"))
        .filter(|&at| header_at(text, at))
        .count()
}

/// Whether the `[Account:` at byte `at` of `text` is a header
/// [`account_headers`] counts: only blanks before it on its line, and a
/// `]` after it on the same line.
fn header_at(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let head = bytes.get(..at).unwrap_or_default();
    let line_start = memchr::memrchr(b'\n', head).map_or(0, |i| i + 1);
    let lead = text.get(line_start..at).unwrap_or_default();
    let rest = bytes.get(at..).unwrap_or_default();
    let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
    lead.trim_start().is_empty() && line.contains(&b']')
}

/// One section: an account, or a note saying why not.
fn read_section(
    section: &IniSection,
    decision: &Decision,
    clawsrc: Option<i64>,
    values: &mut Values,
    doc: &mut Document,
) {
    if !section.name.starts_with("Account:") {
        doc.skipped.push(Skipped::new(
            bracketed(section.name),
            SkipKind::NotAccountSection,
        ));
        return;
    }
    let mut reader = AccountReader {
        s: section,
        client: decision.client,
        anchor: section.header,
        version: Located::default_by(0, section.header, Basis::VersionZero),
    };
    reader.version = reader.config_version(clawsrc);
    if reader.claws() && reader.version.basis.is_some() {
        let (kind, args) = match reader.version.basis {
            Some(Basis::VersionFromClawsrc) => (
                SkipKind::ConfigVersionFromClawsrc,
                vec![("version", reader.version.value.to_string())],
            ),
            _ => (SkipKind::ConfigVersionZero, Vec::new()),
        };
        doc.skipped.push(Skipped {
            args,
            ..Skipped::new(bracketed(section.name), kind)
        });
    }
    match reader.read(values) {
        Ok(account) => doc.accounts.push(account),
        Err(why) => doc.skipped.push(Skipped::new(bracketed(section.name), why)),
    }
}

/// `[name]`, as `format!("[{name}]")` writes it, without the formatter
/// (issue 15: every account of a file without `config_version` has a note
/// naming its section, and the formatter was a thousand instructions each).
fn bracketed(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('[');
    out.push_str(name);
    out.push(']');
    out
}

/// What kind of incoming server `protocol` names.
enum Receive {
    Pop {
        apop: bool,
    },
    Imap,
    News,
    /// Local mailbox or "none" (SMTP only): no incoming server.
    NoServer,
}

/// The largest `clawsrc` read (Claws Mail writes a few kilobytes).
const CLAWSRC_LIMIT: u64 = 1 << 20;

/// `config_version` of the `[Common]` section of the `clawsrc` beside
/// `accountrc`: `Some(0)` for a clawsrc without it (its param default "0"),
/// `None` when there is no readable regular clawsrc. Read bounded, never
/// through a symlink.
fn clawsrc_version(accountrc: &Path) -> Option<i64> {
    use std::io::Read;
    let path = accountrc.parent()?.join("clawsrc");
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > CLAWSRC_LIMIT {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .ok()?
        .take(CLAWSRC_LIMIT)
        .read_to_end(&mut bytes)
        .ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let parsed = ini::parse(&text, crate::source::SourceId(0));
    let version = parsed
        .sections
        .iter()
        .find(|s| s.name == "Common")
        .and_then(|s| s.get("config_version"))
        .and_then(|e| e.int());
    Some(version.unwrap_or(0))
}

struct AccountReader<'a> {
    s: &'a IniSection<'a>,
    client: Client,
    anchor: Span,
    /// Claws Mail's effective `config_version` (0 for Sylpheed).
    version: Located<i64>,
}

impl AccountReader<'_> {
    fn claws(&self) -> bool {
        self.client == Client::ClawsMail
    }

    /// A Claws Mail with config versions (3.14 and later). Its defaults
    /// differ from older Claws Mail's and Sylpheed's: SSL and SMTP AUTH on
    /// for new accounts, mail left 7 days (older Claws Mail: 0).
    fn modern_claws(&self) -> bool {
        self.claws() && self.version.value >= 1
    }

    /// The account's `config_version`, else clawsrc's, else 0 (see `read`).
    fn config_version(&self, clawsrc: Option<i64>) -> Located<i64> {
        if !self.claws() {
            return Located::default_by(0, self.anchor, Basis::ClientDefault);
        }
        if let Some(e) = self.s.get("config_version") {
            if let Some(n) = e.int() {
                return Located::file(n, e.value_span);
            }
        }
        match clawsrc {
            Some(n) => Located::derived(n, self.anchor, Basis::VersionFromClawsrc),
            None => Located::default_by(0, self.anchor, Basis::VersionZero),
        }
    }

    /// `protocol`. Sylpheed (and Claws Mail before `config_version` 1):
    /// 0 POP3, 1 APOP, 2 RPOP, 3 IMAP4, 4 NNTP, 5 local, 6 none. Claws Mail
    /// from `config_version` 1 on: 0 POP3, 1 IMAP4, 2 NNTP, 3 local, 4 none.
    /// Claws Mail renumbered `protocol` in its 0 → 1 upgrade
    /// (src/prefs_migration.c `_update_config_account`; src/prefs_account.h
    /// `RecvProtocol`); the version is the effective one ([`Self::config_version`]).
    fn receive(&self, v: &mut Values) -> (Receive, Located<Protocol>) {
        let new_numbers = self.claws() && self.version.value >= 1;
        let Some(entry) = self.s.get("protocol") else {
            return (
                Receive::Pop { apop: false },
                Located::default_at(Protocol::Pop3, self.anchor),
            );
        };
        let n = entry.int();
        let receive = match (new_numbers, n) {
            (_, Some(0)) => Receive::Pop { apop: false },
            (true, Some(1)) => Receive::Imap,
            (true, Some(2)) => Receive::News,
            (true, Some(3 | 4)) => Receive::NoServer,
            (false, Some(1)) => Receive::Pop { apop: true },
            (false, Some(2)) => Receive::Pop { apop: false },
            (false, Some(3)) => Receive::Imap,
            (false, Some(4)) => Receive::News,
            (false, Some(5 | 6)) => Receive::NoServer,
            _ => {
                v.unknown(entry, "this program knows");
                Receive::Pop { apop: false }
            }
        };
        let protocol = match receive {
            Receive::Imap => Protocol::Imap,
            Receive::News => Protocol::Nntp,
            Receive::NoServer => Protocol::Other("local".into()),
            Receive::Pop { .. } => Protocol::Pop3,
        };
        (receive, Located::file(protocol, entry.value_span))
    }

    fn read(&self, v: &mut Values) -> Result<Account, SkipKind> {
        let s = self.s;
        let (receive, protocol) = self.receive(v);
        if matches!(receive, Receive::News) {
            return Err(SkipKind::NewsAccountNotChecked);
        }
        let mut options = ClientOptions::default();
        let incoming = match receive {
            Receive::Pop { apop } => {
                options = self.leave_options(v);
                Some(self.incoming(protocol, "pop", apop, v))
            }
            Receive::Imap => Some(self.incoming(protocol, "imap", false, v)),
            _ => None,
        };
        self.pop_before_smtp(&mut options, v);
        self.clear_text_passwords(&mut options);
        // One server, kept at its size (a growing Vec reserves room for four:
        // three unused servers per account were a third of the model; issue 15).
        let mut outgoing = Vec::with_capacity(1);
        let sends_with_command =
            self.claws() && v.switch(s, "use_mail_command").is_some_and(|b| b.value);
        if !sends_with_command {
            outgoing.push(self.outgoing(&options, v));
        }
        let reply_to = if v.switch(s, "set_autoreplyto").is_some_and(|b| b.value) {
            Values::text(s, "auto_replyto")
        } else {
            None
        };
        let identity = Identity {
            key: "identity".into(),
            address: Values::text(s, "address"),
            display_name: Values::text(s, "name"),
            reply_to,
            outgoing: if outgoing.is_empty() { None } else { Some(0) },
            anchor: self.anchor,
        };
        Ok(Account {
            template: None,
            client: self.client,
            // Both have "POP before SMTP" (prefs_account.c, pop_before_smtp).
            capabilities: Capabilities {
                pop_before_smtp: PopBeforeSmtp::Switch,
                ..Capabilities::NONE
            },
            key: Str::from(s.name),
            name: Values::text(s, "account_name"),
            identities: vec![identity],
            incoming,
            outgoing,
            options,
            anchor: self.anchor,
        })
    }

    /// `ssl_*`: 0 none, 1 SSL from the first byte, 2 STARTTLS. Absent:
    /// current Claws Mail (built with GnuTLS) 1; older Claws Mail and Sylpheed 0.
    fn security(&self, key: &str, v: &mut Values) -> Located<Security> {
        let Some(entry) = self.s.get(key) else {
            let default = if self.modern_claws() {
                Security::Tls
            } else {
                Security::None
            };
            return Located::default_at(default, self.anchor);
        };
        let security = match entry.int() {
            Some(0) => Security::None,
            Some(1) => Security::Tls,
            Some(2) => Security::StartTls,
            _ => {
                v.unknown(entry, "this program knows (0, 1 or 2)");
                return Located::default_at(Security::None, self.anchor);
            }
        };
        // SSLType (Claws src/prefs_account.h; Sylpheed the same numbers).
        Located::file(security, entry.value_span).with_rewrite(|s| {
            Some(
                match s {
                    Security::None => "0",
                    Security::Tls => "1",
                    Security::StartTls => "2",
                    Security::TryStartTls => return None,
                }
                .to_string(),
            )
        })
    }

    /// A port counts only with its `set_*port=1`; otherwise the program uses
    /// the protocol's default for the security in use (465 for SMTP over SSL).
    fn port(
        &self,
        name: &str,
        protocol: &Protocol,
        security: Security,
        v: &mut Values,
    ) -> Located<i64> {
        // Claws Mail: src/inc.c pop3_get_port, src/imap.c imap_session_new,
        // src/send_message.c send_message_smtp_full; Sylpheed:
        // libsylph/pop.c pop3_session_new, libsylph/imap.c imap_session_new,
        // src/send_message.c send_message_smtp. Both keep SMTP on 25 (465
        // with SSL) when unset.
        let [switch, port, _] = server_keys(name);
        let set = v.switch(self.s, &switch);
        if set.as_ref().is_some_and(|b| b.value) {
            if let Some(p) = v.int(self.s, &port, "a port number") {
                return p;
            }
        }
        let default = protocol.default_port(security).map(i64::from).unwrap_or(0);
        let basis = if self.s.get(&port).is_some() {
            Basis::PortNotSwitchedOn
        } else {
            Basis::ProtocolPort
        };
        Located::default_by(default, self.anchor, basis)
    }

    fn incoming(
        &self,
        protocol: Located<Protocol>,
        name: &str,
        apop: bool,
        v: &mut Values,
    ) -> Server {
        let [.., ssl] = server_keys(name);
        let security = self.security(&ssl, v);
        let port = self.port(name, &protocol.value, security.value, v);
        let auth = if name == "imap" {
            self.imap_auth()
        } else {
            self.pop_auth(apop, &protocol, v)
        };
        let (stored, clear) = self.password("password");
        Server {
            role: ServerRole::Incoming,
            key: name.into(),
            protocol,
            host: Values::text(self.s, "receive_server"),
            port,
            security,
            auth,
            user_name: Values::text(self.s, "user_id"),
            password_stored: stored,
            password_clear_text: clear,
            anchor: self.anchor,
        }
    }

    fn pop_auth(
        &self,
        apop: bool,
        protocol: &Located<Protocol>,
        v: &mut Values,
    ) -> Located<AuthMethod> {
        if apop {
            return protocol.clone().map(|_| AuthMethod::Encrypted);
        }
        if let Some(e) = self
            .s
            .get("use_apop_auth")
            .filter(|e| e.int().is_some_and(|n| n != 0))
        {
            return Located::file(AuthMethod::Encrypted, e.value_span);
        }
        // Claws: pop_auth_method counts only with use_pop_auth=1.
        if self.claws() && !v.switch(self.s, "use_pop_auth").is_some_and(|b| b.value) {
            return Located::default_at(AuthMethod::Cleartext, self.anchor);
        }
        let Some(entry) = self.s.get("pop_auth_method") else {
            return Located::default_at(AuthMethod::Cleartext, self.anchor);
        };
        let n = entry.int().unwrap_or(0);
        let method = if self.claws() {
            // POPAuthType: 1 APOP, 2 OAuth2.
            match n {
                1 => AuthMethod::Encrypted,
                2 => AuthMethod::OAuth2,
                _ => AuthMethod::Cleartext,
            }
        } else {
            // Pop3AuthType: 1 USER/PASS, 2 CRAM-MD5, 4 PLAIN, 8 OAuth2; 0 automatic.
            match n {
                2 => AuthMethod::Encrypted,
                8 => AuthMethod::OAuth2,
                _ => AuthMethod::Cleartext,
            }
        };
        Located::file(method, entry.value_span)
    }

    /// `imap_auth_method`: 0 automatic, else a bit of the program's list.
    fn imap_auth(&self) -> Located<AuthMethod> {
        let Some(entry) = self.s.get("imap_auth_method") else {
            return Located::default_at(AuthMethod::Any, self.anchor);
        };
        let n = entry.int().unwrap_or(0);
        let method = if self.claws() {
            match n {
                0 => AuthMethod::Any,
                1 | 64 | 128 => AuthMethod::Cleartext,
                4 => AuthMethod::None,
                8 => AuthMethod::Gssapi,
                256 => AuthMethod::OAuth2,
                _ => AuthMethod::Encrypted,
            }
        } else {
            // Sylpheed's own list (libsylph/imap.h IMAPAuthType, used by
            // libsylph/imap.c imap_auth): 1 LOGIN command, 2 CRAM-MD5,
            // 4 PLAIN, 8 OAuth2 (since 2022). Claws Mail's 8 is GSSAPI.
            match n {
                0 => AuthMethod::Any,
                2 => AuthMethod::Encrypted,
                8 => AuthMethod::OAuth2,
                _ => AuthMethod::Cleartext,
            }
        };
        Located::file(method, entry.value_span)
    }

    /// Whether a password key holds something, and whether in clear text:
    /// Sylpheed writes passwords as they are; Claws Mail writes none any
    /// more, and older ones wrote them obfuscated (`!…`) or encrypted (`{…}`).
    /// `!` alone is Claws Mail's "empty".
    fn password(&self, key: &str) -> (bool, bool) {
        match self.s.get(key) {
            Some(e) if !e.value.is_empty() && e.value != "!" => {
                let clear =
                    !self.claws() || !(e.value.starts_with('!') || e.value.starts_with('{'));
                (true, clear)
            }
            _ => (false, false),
        }
    }

    fn clear_text_passwords(&self, options: &mut ClientOptions) {
        for key in ["password", "smtp_password", "proxy_pass"] {
            if let (_, true) = self.password(key) {
                if let Some(e) = self.s.get(key) {
                    options
                        .cleartext_passwords
                        .push(Located::file(Str::from(e.key), e.key_span).with_verbatim(true));
                }
            }
        }
    }

    fn pop_before_smtp(&self, options: &mut ClientOptions, v: &mut Values) {
        options.pop_before_smtp = Some(
            v.switch(self.s, "pop_before_smtp")
                .unwrap_or(Located::default_at(false, self.anchor)),
        );
        if self.claws() {
            options.pop_before_smtp_timeout_minutes = Some(
                v.int(self.s, "pop_before_smtp_timeout", "minutes")
                    .unwrap_or(Located::default_at(5, self.anchor)),
            );
        }
    }

    /// `remove_mail` (default on) removes mail `message_leave_time` days
    /// (Claws: plus `message_leave_hour` hours) after download; 0 days means
    /// at once; `remove_mail=0` leaves it on the server for good.
    fn leave_options(&self, v: &mut Values) -> ClientOptions {
        let remove = v
            .switch(self.s, "remove_mail")
            .unwrap_or(Located::default_at(true, self.anchor));
        let default_days = if self.claws() && !self.modern_claws() {
            0
        } else {
            7
        };
        let days = v
            .int(self.s, "message_leave_time", "days")
            .unwrap_or(Located::default_at(default_days, self.anchor));
        let hours = if self.claws() {
            v.int(self.s, "message_leave_hour", "hours")
                .map_or(0, |h| h.value)
        } else {
            0
        };
        let delayed = days.value > 0 || hours > 0;
        ClientOptions {
            leave_on_server: Some(remove.clone().map(|r| !r || delayed)),
            delete_by_age: Some(remove.map(|r| r && delayed)),
            delete_after_days: Some(days),
            ..ClientOptions::default()
        }
    }

    fn outgoing(&self, options: &ClientOptions, v: &mut Values) -> Server {
        let s = self.s;
        let security = self.security("ssl_smtp", v);
        let port = self.port("smtp", &Protocol::Smtp, security.value, v);
        // use_smtp_auth: current Claws Mail default on; older ones and Sylpheed off.
        let auth_on = v
            .switch(s, "use_smtp_auth")
            .unwrap_or(Located::default_at(self.modern_claws(), self.anchor));
        let smtp_user = Values::text(s, "smtp_user_id");
        let (auth, user) = if auth_on.value {
            let method = self.smtp_auth_method(&auth_on);
            if smtp_user.is_some() {
                (method, smtp_user)
            } else if method.value == AuthMethod::Any {
                // Automatic method and no SMTP user: the incoming login.
                (
                    method.map(|_| AuthMethod::SameAsIncoming),
                    Values::text(s, "user_id"),
                )
            } else {
                (method, Values::text(s, "user_id"))
            }
        } else if let Some(pbs) = options.pop_before_smtp.as_ref().filter(|p| p.value) {
            (pbs.clone().map(|_| AuthMethod::PopBeforeSmtp), None)
        } else {
            (auth_on.map(|_| AuthMethod::None), None)
        };
        let (stored, clear) = self.password("smtp_password");
        Server {
            role: ServerRole::Outgoing,
            key: "smtp".into(),
            protocol: Located::default_at(Protocol::Smtp, self.anchor),
            host: Values::text(s, "smtp_server"),
            port,
            security,
            auth,
            user_name: user,
            password_stored: stored,
            password_clear_text: clear,
            anchor: self.anchor,
        }
    }

    /// `smtp_auth_method`: 0 automatic; 1 LOGIN, 2 CRAM-MD5, 4 DIGEST-MD5;
    /// Claws 16 PLAIN, 32 OAuth2; Sylpheed 8 PLAIN, 16 OAuth2.
    fn smtp_auth_method(&self, on: &Located<bool>) -> Located<AuthMethod> {
        let Some(entry) = self.s.get("smtp_auth_method") else {
            return on.clone().map(|_| AuthMethod::Any);
        };
        let method = match (self.claws(), entry.int().unwrap_or(0)) {
            (_, 1) => AuthMethod::Cleartext,
            (_, 2 | 4) => AuthMethod::Encrypted,
            (true, 16) | (false, 8) => AuthMethod::Cleartext,
            (true, 32) | (false, 16) => AuthMethod::OAuth2,
            _ => AuthMethod::Any,
        };
        Located::file(method, entry.value_span)
    }
}

/// Where Claws Mail and Sylpheed keep their `accountrc` (formats.md §7), on
/// every system: a copied home keeps its layout whatever system reads it.
fn places(home: &Home) -> Vec<Searched> {
    let h = &home.home;
    let appdata = |name: &str| home.appdata.as_ref().map(|a| a.join(name));
    let mut claws = vec![h.join(".claws-mail"), h.join("AppData/Roaming/Claws-mail")];
    claws.extend(appdata("Claws-mail"));
    let mut sylpheed = vec![
        h.join(".sylpheed-2.0"),
        h.join(".sylpheed"),
        h.join("Library/Application Support/Sylpheed"),
        h.join("AppData/Roaming/Sylpheed"),
    ];
    sylpheed.extend(appdata("Sylpheed"));
    let claws = dedup(claws)
        .into_iter()
        .map(|dir| file_place("Claws Mail", dir.join("accountrc")));
    let sylpheed = dedup(sylpheed)
        .into_iter()
        .map(|dir| file_place("Sylpheed", dir.join("accountrc")));
    claws.chain(sylpheed).collect()
}

#[cfg(test)]
mod tests;
