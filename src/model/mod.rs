//! The client-independent account model every reader produces and every rule
//! reads. Each value is [`Located`]: it keeps the span it came from.

use serde::Serialize;

use crate::source::{Located, SourceId, Span};

mod skipped;
mod template;

/// The model's text values (host names, user names, addresses, domains).
/// One of up to 24 bytes, which most are, is held inline in the 24 bytes a
/// `String` takes and needs no allocation: an owned `String` a value was
/// about a tenth of ISPDB's instructions in `malloc`/`free`/`memcpy`, and
/// malloc's overhead on them megabytes of a big file's peak (issue 15).
/// It derefs to `str`. The choice of type lives here alone; named `Str`,
/// not `Text`, beside the XML reader's and the catalogue's `Text`s.
pub type Str = compact_str::CompactString;
pub use skipped::{SkipKind, Skipped, Subject};
pub use template::{
    BadValue, BadValueEffect, EmbeddedPassword, Misplaced, Missing, MissingEffect, Placeholder,
    TemplateInfo,
};

/// The program (or template format) an account was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Client {
    Thunderbird,
    /// Outlook Express 5/6 (registry export, `.iaf`).
    OutlookExpress,
    /// Windows Mail (Vista), `.oeaccount`.
    WindowsMail,
    /// Windows Live Mail, `.oeaccount`.
    WindowsLiveMail,
    /// Microsoft Outlook (`.prf` profile, OMI registry accounts).
    Outlook,
    /// Mozilla autoconfig / ISPDB `config-v1.1.xml` template.
    Autoconfig,
    /// Microsoft Autodiscover (POX) response.
    Autodiscover,
    /// Apple configuration profile (`.mobileconfig`).
    AppleProfile,
    /// A file no reader recognised.
    Unknown,
    /// Becky! Internet Mail (`Mailbox.ini`).
    Becky,
    /// Claws Mail (`accountrc`, protocol 1 = IMAP).
    ClawsMail,
    /// Sylpheed (`accountrc`, protocol 3 = IMAP).
    Sylpheed,
    /// GNOME Evolution (`sources/*.source`).
    Evolution,
}

impl Client {
    pub fn label(self) -> &'static str {
        match self {
            Client::Thunderbird => "Thunderbird",
            Client::OutlookExpress => "Outlook Express",
            Client::WindowsMail => "Windows Mail",
            Client::WindowsLiveMail => "Windows Live Mail",
            Client::Outlook => "Outlook",
            Client::Autoconfig => "Mozilla autoconfig",
            Client::Autodiscover => "Autodiscover",
            Client::AppleProfile => "Apple configuration profile",
            Client::Unknown => "unknown",
            Client::Becky => "Becky!",
            Client::ClawsMail => "Claws Mail",
            Client::Sylpheed => "Sylpheed",
            Client::Evolution => "Evolution",
        }
    }
}

/// What a document was read from: the id of the reader's format
/// (`prefs-js`), declared by its descriptor (`formats::READERS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Format(pub &'static str);

impl Format {
    /// A file named on the command line that no reader recognises.
    pub const UNKNOWN: Format = Format("unknown");

    pub fn label(self) -> &'static str {
        self.0
    }
}

/// What the rules need to know about the program that uses an account,
/// stated by the reader (rules judge these facts, never client names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    /// Whether and how it can log in to POP before sending.
    pub pop_before_smtp: PopBeforeSmtp,
    /// Its outgoing login settings are explicit choices that name their user
    /// ("use same settings as my incoming mail server", "log on using"): an
    /// empty user name under them is sent as it is (the Microsoft clients).
    pub explicit_smtp_login: bool,
    /// An absent SPA setting means SPA on (Autodiscover's `<SPA>`).
    pub spa_when_unset: bool,
    /// How the format (a template) writes SPA, so that help says how to
    /// turn it off in the format's own words.
    pub spa_written_as: Option<SpaSyntax>,
    /// Files are published one per mail domain (autoconfig, ISPDB): two files
    /// claiming one domain conflict.
    pub one_file_per_domain: bool,
    /// The error code the program shows when the server refuses its SPA
    /// (NTLM) login, if it shows one (ML706 names it).
    pub spa_failure_code: Option<&'static str>,
}

impl Capabilities {
    /// Nothing known beyond the settings themselves.
    pub const NONE: Capabilities = Capabilities {
        pop_before_smtp: PopBeforeSmtp::Unknown,
        explicit_smtp_login: false,
        spa_when_unset: false,
        spa_written_as: None,
        one_file_per_domain: false,
        spa_failure_code: None,
    };
}

/// How a template format writes SPA (NTLM).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpaSyntax {
    /// Autoconfig `<authentication>NTLM</authentication>`.
    Autoconfig,
    /// Autodiscover `<SPA>on</SPA>`.
    Autodiscover,
    /// Configuration profile `...Authentication` = `EmailAuthNTLM`.
    Mobileconfig,
}

/// How a client can log in to POP before sending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PopBeforeSmtp {
    /// Not known, or not a client (a template): nothing is judged.
    Unknown,
    /// It has its own switch ([`ClientOptions::pop_before_smtp`]).
    Switch,
    /// Only by receiving first, by hand (Outlook Express family).
    ByReceivingFirst,
    /// It cannot.
    Unsupported,
    /// Its periodic check for new mail is a POP login (Thunderbird POP3):
    /// [`ClientOptions::checks_mail`], `check_interval_minutes`,
    /// `check_at_startup` and `check_jitter_seconds` say when.
    ByPeriodicCheck,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Protocol {
    Pop3,
    Imap,
    Smtp,
    Nntp,
    Ews,
    Exchange,
    Other(String),
}

impl Protocol {
    pub fn label(&self) -> &str {
        match self {
            Protocol::Pop3 => "POP3",
            Protocol::Imap => "IMAP",
            Protocol::Smtp => "SMTP",
            Protocol::Nntp => "NNTP",
            Protocol::Ews => "EWS",
            Protocol::Exchange => "Exchange",
            Protocol::Other(s) => s,
        }
    }

    /// The port a client uses for this protocol when none is set.
    pub fn default_port(&self, security: Security) -> Option<u16> {
        let tls = security == Security::Tls;
        Some(match self {
            Protocol::Pop3 => {
                if tls {
                    995
                } else {
                    110
                }
            }
            Protocol::Imap => {
                if tls {
                    993
                } else {
                    143
                }
            }
            Protocol::Smtp => {
                if tls {
                    465
                } else {
                    25
                }
            }
            Protocol::Nntp => {
                if tls {
                    563
                } else {
                    119
                }
            }
            _ => return None,
        })
    }
}

/// Transport security of a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Security {
    /// Plain text connection.
    None,
    /// Plain connection upgraded with STARTTLS (required).
    StartTls,
    /// TLS from the first byte ("SSL", implicit TLS).
    Tls,
    /// STARTTLS when the server offers it, plain otherwise (legacy, open to downgrade).
    TryStartTls,
}

impl Security {
    pub fn label(self) -> &'static str {
        match self {
            Security::None => "none",
            Security::StartTls => "STARTTLS",
            Security::Tls => "SSL/TLS",
            Security::TryStartTls => "STARTTLS if available",
        }
    }

    pub fn is_encrypted(self) -> bool {
        matches!(self, Security::StartTls | Security::Tls)
    }
}

/// How the client logs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthMethod {
    /// No authentication (IP-based, or the server needs none).
    None,
    /// Password sent as is (USER/PASS, AUTH PLAIN/LOGIN).
    Cleartext,
    /// Challenge-response password (CRAM-MD5, DIGEST-MD5).
    Encrypted,
    /// Secure Password Authentication: Microsoft's NTLM ("Sicily").
    Spa,
    /// Kerberos.
    Gssapi,
    OAuth2,
    /// TLS client certificate.
    ClientCert,
    /// Outgoing only: log in with the incoming server's user name and password.
    SameAsIncoming,
    /// Outgoing only: no SMTP login; the server allows sending for a while
    /// after a successful POP login from the same address.
    PopBeforeSmtp,
    /// Legacy "secure" choice: encrypted password, Kerberos or NTLM, whichever
    /// the server offers first (Thunderbird authMethod 8).
    AnySecure,
    /// Legacy "anything": the strongest method the server offers, possibly
    /// cleartext (Thunderbird authMethod 9).
    Any,
    /// A method the client has no way to use for this protocol: every login
    /// fails (Thunderbird POP3 with authMethod 1, 2, 7 or 9).
    Unsupported,
}

impl AuthMethod {
    pub fn label(self) -> &'static str {
        match self {
            AuthMethod::None => "none",
            AuthMethod::Cleartext => "normal password",
            AuthMethod::Encrypted => "encrypted password (CRAM-MD5)",
            AuthMethod::Spa => "SPA (NTLM)",
            AuthMethod::Gssapi => "Kerberos (GSSAPI)",
            AuthMethod::OAuth2 => "OAuth2",
            AuthMethod::ClientCert => "TLS client certificate",
            AuthMethod::SameAsIncoming => "same as incoming server",
            AuthMethod::PopBeforeSmtp => "POP before SMTP",
            AuthMethod::AnySecure => "secure (encrypted, Kerberos or NTLM)",
            AuthMethod::Any => "any method offered",
            AuthMethod::Unsupported => "a method this protocol cannot use",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServerRole {
    Incoming,
    Outgoing,
}

/// One server an account connects to.
#[derive(Clone, Debug)]
pub struct Server {
    pub role: ServerRole,
    /// The client's own key for the server (`server1`, `smtp2`, ...).
    pub key: Str,
    pub protocol: Located<Protocol>,
    pub host: Option<Located<Str>>,
    /// Kept wide so that out-of-range values (0, 70000, -5) reach the rules.
    pub port: Located<i64>,
    pub security: Located<Security>,
    pub auth: Located<AuthMethod>,
    pub user_name: Option<Located<Str>>,
    /// Whether a password (or password material) is stored for this server.
    /// The password itself never enters the model.
    pub password_stored: bool,
    /// The stored password is in clear text in the file (Sylpheed).
    pub password_clear_text: bool,
    /// Where the server is defined (for findings about the server as a whole).
    pub anchor: Span,
}

impl Server {
    /// The host name as written, or empty when the file sets none (for messages).
    pub fn host_text(&self) -> String {
        self.host
            .as_ref()
            .map(|h| h.value.to_string())
            .unwrap_or_default()
    }
}

/// Who the account sends as.
#[derive(Clone, Debug)]
pub struct Identity {
    pub key: Str,
    pub address: Option<Located<Str>>,
    pub display_name: Option<Located<Str>>,
    pub reply_to: Option<Located<Str>>,
    /// Index into [`Account::outgoing`] of the server this identity sends through.
    pub outgoing: Option<usize>,
    pub anchor: Span,
}

/// How the client reaches the Internet for this account (Outlook Express
/// family "Connection Type").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Connection {
    Lan,
    /// A dial-up (RAS) entry, by name when known.
    DialUp(Option<String>),
    /// A third-party dialer or manual connection.
    Manual,
    /// Whatever Internet Explorer is set to use.
    InternetExplorer,
}

/// Per-account client options that matter for delivery.
#[derive(Clone, Debug, Default)]
pub struct ClientOptions {
    /// POP3: keep a copy of messages on the server.
    pub leave_on_server: Option<Located<bool>>,
    /// POP3: remove copies from the server after `delete_after_days` days.
    pub delete_by_age: Option<Located<bool>>,
    pub delete_after_days: Option<Located<i64>>,
    /// Outlook Express family: "Break apart messages larger than N KB".
    pub split_messages: Option<Located<bool>>,
    pub split_size_kb: Option<Located<i64>>,
    /// The client's own "POP before SMTP" switch (Claws Mail, Sylpheed, PRF, Evolution).
    pub pop_before_smtp: Option<Located<bool>>,
    /// Claws Mail: minutes after which it logs in to POP again before sending.
    pub pop_before_smtp_timeout_minutes: Option<Located<i64>>,
    pub connection: Option<Located<Connection>>,
    /// POP3: the server copy goes when the message is deleted here
    /// (Thunderbird "until I delete them", Outlook Express "Remove when
    /// deleted"), and what counts as deleting it.
    pub remove_on_delete: Option<Located<bool>>,
    pub remove_on_delete_trigger: Option<DeleteTrigger>,
    /// Periodic checks for new mail (each one a login to the incoming server).
    pub checks_mail: Option<Located<bool>>,
    /// Minutes between checks; 0 or less turns them off.
    pub check_interval_minutes: Option<Located<i64>>,
    /// Checks mail when the program starts.
    pub check_at_startup: Option<Located<bool>>,
    /// The largest gap between two periodic checks beyond the interval, in
    /// seconds (Thunderbird's jitter: ±5 % of the interval, at most 30 s).
    pub check_jitter_seconds: Option<u32>,
    /// Keys that hold a password in clear text (Sylpheed): the value is the
    /// key's name, the span its line. The password itself is never kept.
    pub cleartext_passwords: Vec<Located<Str>>,
}

/// What a client counts as deleting a message, for "remove from the server
/// when deleted".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeleteTrigger {
    /// Deleting it or moving it to Trash; the server copy goes at the next
    /// check (Thunderbird `nsMsgLocalMailFolder::MarkMsgsOnPop3Server`).
    DeleteOrTrash,
    /// Deleting it from "Deleted Items" (Outlook Express's label).
    DeletedItems,
}

/// One mail account as a client sees it.
#[derive(Clone, Debug)]
pub struct Account {
    pub client: Client,
    /// What the rules need to know about the client, stated by the reader.
    pub capabilities: Capabilities,
    /// The client's key for the account (`account1`).
    pub key: Str,
    /// The label the user sees (account name), when the file has one.
    pub name: Option<Located<Str>>,
    pub identities: Vec<Identity>,
    pub incoming: Option<Server>,
    pub outgoing: Vec<Server>,
    pub options: ClientOptions,
    /// Where the account is defined; findings about absent values point here.
    pub anchor: Span,
    /// Set when the account comes from a provisioning template. Boxed: a
    /// client's account has none, and inline it took 300 bytes of each
    /// (issue 15, peak memory of 5,000 accounts).
    pub template: Option<Box<TemplateInfo>>,
}

impl Account {
    /// A name for messages: the account name, else the first address, else the key.
    pub fn display_label(&self) -> String {
        if let Some(name) = &self.name {
            return name.value.to_string();
        }
        if let Some(addr) = self.identities.iter().find_map(|i| i.address.as_ref()) {
            return addr.value.to_string();
        }
        self.key.to_string()
    }

    /// The identity that uses outgoing server `index`, if any.
    pub fn identity_for_outgoing(&self, index: usize) -> Option<&Identity> {
        self.identities.iter().find(|i| i.outgoing == Some(index))
    }

    /// Every server, including a template's incoming alternatives.
    pub fn servers(&self) -> impl Iterator<Item = &Server> {
        self.incoming
            .iter()
            .chain(self.incoming_alternatives())
            .chain(self.outgoing.iter())
    }

    /// A template's incoming servers after the first (empty for clients).
    pub fn incoming_alternatives(&self) -> impl Iterator<Item = &Server> {
        self.template
            .iter()
            .flat_map(|t| t.incoming_alternatives.iter())
    }
}

/// A problem a reader met while reading a file. The `parse-error` rule turns
/// it into a diagnostic; the reader itself knows nothing of rules.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseProblem {
    /// The kind of problem: one of ML001's message variants in the catalogue.
    pub kind: crate::catalogue::ParseKind,
    /// Where the client's own parser reports it.
    pub span: Span,
    /// Facts for the message (`{detail}` in the catalogue text).
    pub detail: Option<String>,
    /// Secondary places worth showing (an opening quote, the token before).
    pub related: Vec<(Span, crate::catalogue::ParseLabel)>,
}

/// An inline suppression written in a file's own comment syntax:
/// `// maillint: ignore ML401 -- reason` (prefs.js), `; maillint: ignore ...`
/// (INI), `<!-- maillint: ignore ML401 - reason -->` (XML). On a line of its
/// own it applies to the next pref, key or element (with everything inside
/// it); at the end of a line after a pref or element, to that line (ruff's
/// `noqa` habit); the form `maillint: ignore-file ...` applies to the whole
/// file.
#[derive(Clone, Debug, PartialEq)]
pub struct Suppression {
    /// Rule codes or names; empty means every rule.
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// The comment itself (where an unused suppression is reported).
    pub comment: Span,
    /// What it covers; `None` for the whole file of `comment`.
    pub target: Option<Span>,
    /// Not a comment at all: written at the end of an INI key line, where
    /// the client reads it as part of the value. It suppresses nothing and
    /// is reported (ML002) with the way to write it.
    pub in_value: bool,
}

/// What one reader made of one input (a file, or a profile of several files).
#[derive(Clone, Debug)]
pub struct Document {
    pub client: Client,
    pub format: Format,
    /// The files this document was read from.
    pub sources: Vec<SourceId>,
    pub accounts: Vec<Account>,
    pub problems: Vec<ParseProblem>,
    pub skipped: Vec<Skipped>,
    /// Inline suppressions found in the files' comments.
    pub suppressions: Vec<Suppression>,
    /// Spans of secret values (passwords, tokens) in the sources. They are
    /// masked in the source text before anything is rendered, so that no
    /// snippet can show them.
    pub secrets: Vec<Span>,
    /// Files of this document read for nothing (ML003): unreadable, too
    /// large, binary, or holding no settings at all.
    pub file_problems: Vec<FileProblem>,
}

/// A file that yielded nothing to check (ML003), and why.
#[derive(Clone, Debug)]
pub struct FileProblem {
    /// The start of the file.
    pub span: Span,
    pub kind: FileProblemKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FileProblemKind {
    /// The operating system's reason (permission denied, a dangling link).
    Unreadable(String),
    /// Larger than `--max-file-size`: not read.
    TooLarge { size: u64, max: u64 },
    /// Binary data, not settings text: not read.
    Binary,
    /// Nothing but white space, a byte-order mark or NUL bytes.
    NoSettings { size: usize },
    /// Read in an encoding guessed from few clues (`source::Decoded::weak_guess`).
    WeakEncodingGuess { encoding: &'static str },
}

impl Document {
    /// A document with nothing read yet from `sources`.
    pub fn new(client: Client, format: Format, sources: Vec<SourceId>) -> Self {
        Document {
            client,
            format,
            sources,
            accounts: Vec::new(),
            problems: Vec::new(),
            skipped: Vec::new(),
            suppressions: Vec::new(),
            secrets: Vec::new(),
            file_problems: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
