//! Why a delivery failed: our reason taxonomy and how a recipient's status,
//! reply and the remote server's text are classified into one reason.
//!
//! The taxonomy covers the reasons of sisimai (the bounce-analysis library
//! most mail operators use, github.com/sisimai): where one of ours means what
//! one of sisimai's means, its id is sisimai's name in kebab case
//! (`user-unknown` for userunknown), so that the two compare without a table.
//! `docs/diagnose.md` has the whole mapping.
//!
//! Classification order: sisimai's (lib/Sisimai/Reason.pm and each
//! reason's `true` in lib/Sisimai/Reason/*.pm of p5-sisimai; go-sisimai's
//! reason/find.go where they differ): the first checks in their order, each
//! with its condition on the status code's name and the refused command;
//! then the phrase classes alone (`phrases.rs`); then what the status code
//! names, the class of the code, the reply code, the action; then our own
//! broader phrase classes (the knowledge entries' `patterns`).
//! Providers' and carriers' own codes (`rhost.rs`, `carrier.rs`) are read
//! before this, by `diagnose::reason_for`.

use serde::Serialize;

use super::phrases;
use crate::support::knowledge::{Knowledge, normalize};

/// One reason a delivery failed (or did not: `delivered`, `feedback`,
/// `vacation`). Serialised as its kebab-case id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    UserUnknown,
    HostUnknown,
    MailboxFull,
    Suspend,
    HasMoved,
    Filtered,
    NotAccept,
    MesgTooBig,
    ExceedLimit,
    Rejected,
    Blocked,
    AuthFailure,
    RequirePtr,
    BadReputation,
    SpamDetected,
    VirusDetected,
    PolicyViolation,
    ContentError,
    NotCompliantRfc,
    SecurityError,
    NoRelaying,
    Speeding,
    TooManyConn,
    FailedStarttls,
    Suppressed,
    SyntaxError,
    Expired,
    NetworkError,
    SystemError,
    SystemFull,
    MailerError,
    OnHold,
    Undefined,
    Delivered,
    Feedback,
    Vacation,
}

/// Who has to act on a reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The sender (their address, server, settings or message).
    Sender,
    /// The recipient (their address, mailbox or reception settings).
    Recipient,
    /// Neither alone: the network or a server on the way; try again later.
    Transit,
    /// Not a failure.
    None,
}

impl Reason {
    pub const ALL: [Reason; 36] = [
        Reason::UserUnknown,
        Reason::HostUnknown,
        Reason::MailboxFull,
        Reason::Suspend,
        Reason::HasMoved,
        Reason::Filtered,
        Reason::NotAccept,
        Reason::MesgTooBig,
        Reason::ExceedLimit,
        Reason::Rejected,
        Reason::Blocked,
        Reason::AuthFailure,
        Reason::RequirePtr,
        Reason::BadReputation,
        Reason::SpamDetected,
        Reason::VirusDetected,
        Reason::PolicyViolation,
        Reason::ContentError,
        Reason::NotCompliantRfc,
        Reason::SecurityError,
        Reason::NoRelaying,
        Reason::Speeding,
        Reason::TooManyConn,
        Reason::FailedStarttls,
        Reason::Suppressed,
        Reason::SyntaxError,
        Reason::Expired,
        Reason::NetworkError,
        Reason::SystemError,
        Reason::SystemFull,
        Reason::MailerError,
        Reason::OnHold,
        Reason::Undefined,
        Reason::Delivered,
        Reason::Feedback,
        Reason::Vacation,
    ];

    /// The id shown, accepted by `explain`, and the knowledge entry's id.
    pub fn id(self) -> &'static str {
        match self {
            Reason::UserUnknown => "user-unknown",
            Reason::HostUnknown => "host-unknown",
            Reason::MailboxFull => "mailbox-full",
            Reason::Suspend => "suspend",
            Reason::HasMoved => "has-moved",
            Reason::Filtered => "filtered",
            Reason::NotAccept => "not-accept",
            Reason::MesgTooBig => "mesg-too-big",
            Reason::ExceedLimit => "exceed-limit",
            Reason::Rejected => "rejected",
            Reason::Blocked => "blocked",
            Reason::AuthFailure => "auth-failure",
            Reason::RequirePtr => "require-ptr",
            Reason::BadReputation => "bad-reputation",
            Reason::SpamDetected => "spam-detected",
            Reason::VirusDetected => "virus-detected",
            Reason::PolicyViolation => "policy-violation",
            Reason::ContentError => "content-error",
            Reason::NotCompliantRfc => "not-compliant-rfc",
            Reason::SecurityError => "security-error",
            Reason::NoRelaying => "no-relaying",
            Reason::Speeding => "speeding",
            Reason::TooManyConn => "too-many-conn",
            Reason::FailedStarttls => "failed-starttls",
            Reason::Suppressed => "suppressed",
            Reason::SyntaxError => "syntax-error",
            Reason::Expired => "expired",
            Reason::NetworkError => "network-error",
            Reason::SystemError => "system-error",
            Reason::SystemFull => "system-full",
            Reason::MailerError => "mailer-error",
            Reason::OnHold => "on-hold",
            Reason::Undefined => "undefined",
            Reason::Delivered => "delivered",
            Reason::Feedback => "feedback",
            Reason::Vacation => "vacation",
        }
    }

    pub fn side(self) -> Side {
        use Reason::*;
        match self {
            UserUnknown | HostUnknown | MailboxFull | Suspend | HasMoved | Filtered | NotAccept
            | ExceedLimit | SystemFull | MailerError => Side::Recipient,
            MesgTooBig | Rejected | Blocked | AuthFailure | RequirePtr | BadReputation
            | SpamDetected | VirusDetected | PolicyViolation | ContentError | NotCompliantRfc
            | SecurityError | NoRelaying | Speeding | TooManyConn | FailedStarttls | Suppressed
            | SyntaxError => Side::Sender,
            Expired | NetworkError | SystemError | OnHold | Undefined => Side::Transit,
            Delivered | Feedback | Vacation => Side::None,
        }
    }

    /// The reason an id names (`explain user-unknown`).
    pub fn from_id(id: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.id() == id)
    }

    /// The folded patterns of this reason's knowledge entry.
    fn patterns(self) -> &'static [String] {
        static P: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
        let all = P.get_or_init(|| {
            let kb = Knowledge::embedded();
            Reason::ALL
                .iter()
                .map(|r| {
                    kb.entries
                        .iter()
                        .find(|e| e.id == r.id())
                        .map(|e| e.patterns.iter().map(|p| normalize(p)).collect())
                        .unwrap_or_default()
                })
                .collect()
        });
        let i = Reason::ALL.iter().position(|r| *r == self).unwrap_or(0);
        all.get(i).map(Vec::as_slice).unwrap_or(&[])
    }

    /// This reason's patterns match the (normalized) text.
    pub fn matches(self, normalized: &str) -> bool {
        self.patterns()
            .iter()
            .any(|p| !p.is_empty() && normalized.contains(p.as_str()))
    }
}

/// The SMTP command a server refused (from "in reply to RCPT TO command",
/// "after MAIL FROM", ">>> DATA" ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Command {
    Connect,
    Helo,
    MailFrom,
    RcptTo,
    Data,
}

/// What a recipient's classification is based on.
#[derive(Debug, Default)]
pub struct Evidence<'a> {
    pub status: Option<&'a str>,
    pub reply: Option<&'a str>,
    /// The server's words and the bounce's text about this recipient.
    pub text: &'a str,
    /// The bounce's other words about this recipient (its block of text),
    /// searched when the server's own words name no cause.
    pub context: &'a str,
    pub command: Option<Command>,
    pub delayed: bool,
    /// The server's reply names the recipient's address (`550 <a@b>: ...`):
    /// an answer to RCPT TO, which carries the address.
    pub names_address: bool,
    /// The Diagnostic-Code is of type X-Unix (a local program's exit).
    pub unix: bool,
}

/// Text reasons, most specific first: a reply that names its cause
/// ("mailbox full", "SPF") is believed over one that only says "rejected".
const TEXT_ORDER: &[Reason] = &[
    Reason::MailboxFull,
    Reason::MesgTooBig,
    Reason::ExceedLimit,
    Reason::Suspend,
    Reason::HasMoved,
    Reason::NoRelaying,
    Reason::AuthFailure,
    Reason::RequirePtr,
    Reason::BadReputation,
    Reason::VirusDetected,
    Reason::SpamDetected,
    Reason::NotCompliantRfc,
    Reason::ContentError,
    Reason::TooManyConn,
    Reason::Speeding,
    Reason::Rejected,
    Reason::HostUnknown,
    Reason::UserUnknown,
    Reason::Filtered,
    Reason::Blocked,
    Reason::PolicyViolation,
    Reason::SecurityError,
    Reason::NotAccept,
    Reason::NetworkError,
    Reason::SystemFull,
    Reason::SystemError,
    Reason::MailerError,
    Reason::FailedStarttls,
    Reason::Suppressed,
    Reason::Expired,
];

/// What an enhanced status code means (RFC 3463 and the IANA registry of
/// enhanced status codes), where it names one reason.
pub fn from_status(code: &str) -> Option<Reason> {
    use Reason::*;
    let mut it = code.split('.');
    let (Some(class), Some(subject), Some(detail)) = (it.next(), it.next(), it.next()) else {
        return None;
    };
    let detail: u32 = detail.parse().ok()?;
    let r = match (subject, detail) {
        ("1", 0 | 1 | 3) if class == "5" => UserUnknown,
        ("1", 2) => HostUnknown,
        ("1", 4) => Filtered,
        ("1", 6) => HasMoved,
        ("1", 7 | 8) => Rejected,
        ("1", 9) => SystemError,
        ("1", 10) => NotAccept,
        ("2", 0 | 1 | 4) if class == "5" => Filtered,
        ("2", 1) => Blocked,
        ("2", 2) => MailboxFull,
        ("2", 3) => ExceedLimit,
        ("2", 4) => Filtered,
        ("3", 0 | 3 | 5) if class == "5" => SystemError,
        ("3", 3 | 5) => SystemError,
        ("3", 1) => SystemFull,
        ("3", 2) => NotAccept,
        ("3", 4) => MesgTooBig,
        ("4", 0) if class == "5" => NetworkError,
        ("4", 1) => Expired,
        ("4", 2 | 6 | 8) => NetworkError,
        ("4", 3) => SystemError,
        ("4", 4) if class == "5" => HostUnknown,
        ("4", 4) => NetworkError,
        ("4", 5) => SystemFull,
        ("4", 7) => Expired,
        ("5", 2 | 6) => SyntaxError,
        ("5", 3) if class == "5" => TooManyConn,
        ("5", 3..=5) => SystemError,
        ("6", _) => ContentError,
        ("7", 1 | 2) if class == "4" => Blocked,
        ("7", 13) => Suspend,
        ("7", 16) => MesgTooBig,
        ("7", 17 | 18) => HasMoved,
        ("7", 20..=24 | 26 | 29) => AuthFailure,
        ("7", 25) => RequirePtr,
        ("7", 27) => NotAccept,
        ("7", 28) => SpamDetected,
        ("7", 30) => FailedStarttls,
        ("7", 0..=19) if class == "5" => SecurityError,
        ("7", 5..=7 | 12 | 15) => SecurityError,
        _ => return None,
    };
    Some(r)
}

/// A code with no subject detail (`5.0.0`), or one RFC 3463 itself calls a
/// placeholder for the real problem.
pub fn is_generic(code: &str) -> bool {
    let rest = code.get(1..).unwrap_or("");
    rest == ".0.0" || rest.ends_with(".0") && code.len() == 5 || rest == ".4.7"
}

/// What a status code names, as sisimai's table of standard codes has it
/// (lib/Sisimai/SMTP/Status.pm, `StandardCode`): the name its reason checks
/// start from.
pub fn status_name(code: &str) -> Option<Reason> {
    use Reason::*;
    let mut it = code.split('.');
    let (Some(class), Some(subject), Some(detail)) = (it.next(), it.next(), it.next()) else {
        return None;
    };
    let detail: u32 = detail.parse().ok()?;
    let five = class == "5";
    let r = match (subject, detail) {
        ("1", 0 | 1 | 3) if five => UserUnknown,
        ("1", 2) if five => HostUnknown,
        ("1", 4) if five => Filtered,
        ("1", 6) => HasMoved,
        ("1", 7 | 8) => Rejected,
        ("1", 9) => SystemError,
        ("1", 10) if five => NotAccept,
        ("2", 0 | 1) if five => Filtered,
        ("2", 1) => Suspend,
        ("2", 2) => MailboxFull,
        ("2", 3) => ExceedLimit,
        ("2", 4) => Filtered,
        ("3", 0) if five => SystemError,
        ("3", 1) => SystemFull,
        ("3", 2) => NotAccept,
        ("3", 3 | 5) => SystemError,
        ("3", 4) if five => MesgTooBig,
        ("4", 0) if five => NetworkError,
        ("4", 1 | 7) if !five => Expired,
        ("4", 2 | 4 | 6 | 8) if !five => NetworkError,
        ("4", 3) => SystemError,
        ("4", 4) => HostUnknown,
        ("4", 5) if !five => SystemFull,
        ("5", 2 | 6) if five => SyntaxError,
        ("5", 3) if five => TooManyConn,
        ("5", 3..=5) => SystemError,
        ("6", 0 | 2 | 5) => ContentError,
        ("6", 1 | 3 | 6..=9) if five => ContentError,
        ("7", 1 | 2) if !five => Blocked,
        ("7", 0..=12 | 14 | 15 | 19 | 30) if five => SecurityError,
        ("7", 5..=7 | 12 | 15) => SecurityError,
        ("7", 13) if five => Suspend,
        ("7", 16) => MesgTooBig,
        ("7", 17 | 18) if five => HasMoved,
        ("7", 20..=24 | 26 | 29) => AuthFailure,
        ("7", 25) => RequirePtr,
        ("7", 27) if five => NotAccept,
        ("7", 28) if five => SpamDetected,
        _ => return None,
    };
    Some(r)
}

/// The checks made first, in this order, each with its own condition on
/// the status code and the refused command (lib/Sisimai/Reason.pm, the first
/// `$ClassOrder`; each reason's `true` in lib/Sisimai/Reason/*.pm).
const FIRST_ORDER: &[Reason] = &[
    Reason::MailboxFull,
    Reason::MesgTooBig,
    Reason::ExceedLimit,
    Reason::Suspend,
    Reason::HasMoved,
    Reason::NoRelaying,
    Reason::AuthFailure,
    Reason::UserUnknown,
    Reason::Filtered,
    Reason::RequirePtr,
    Reason::NotCompliantRfc,
    Reason::BadReputation,
    Reason::ContentError,
    Reason::Rejected,
    Reason::HostUnknown,
    Reason::SpamDetected,
    Reason::Speeding,
    Reason::TooManyConn,
    Reason::Blocked,
];

/// The phrase-only checks made when the code names no reason, or one to be
/// checked again (lib/Sisimai/Reason.pm, the second `$ClassOrder`).
const SECOND_ORDER: &[Reason] = &[
    Reason::MailboxFull,
    Reason::AuthFailure,
    Reason::BadReputation,
    Reason::Speeding,
    Reason::SpamDetected,
    Reason::VirusDetected,
    Reason::PolicyViolation,
    Reason::NoRelaying,
    Reason::SystemError,
    Reason::NetworkError,
    Reason::Suspend,
    Reason::ContentError,
    Reason::SystemFull,
    Reason::NotAccept,
    Reason::Expired,
    Reason::FailedStarttls,
    Reason::SecurityError,
    Reason::MailerError,
];

/// What a bounce's text tells, normalised once.
struct Read<'a> {
    e: &'a Evidence<'a>,
    text: String,
    status: Option<&'a str>,
    named: Option<Reason>,
}

impl Read<'_> {
    fn says(&self, r: Reason) -> bool {
        phrases::says(r, &self.text)
    }

    /// Refused before the message was sent (greeting, HELO, MAIL, RCPT):
    /// nothing about its content can be the cause.
    fn before_data(&self) -> bool {
        matches!(
            self.e.command,
            Some(Command::Connect | Command::Helo | Command::MailFrom | Command::RcptTo)
        )
    }

    /// One reason's own test (each `true` of lib/Sisimai/Reason/*.pm).
    fn holds(&self, r: Reason) -> bool {
        use Reason::*;
        let named = self.named;
        let has_status = self.status.is_some();
        match r {
            MailboxFull | AuthFailure | TooManyConn | Blocked | RequirePtr => {
                named == Some(r) || self.says(r)
            }
            ExceedLimit => has_status && (named == Some(r) || self.says(r)),
            MesgTooBig => {
                named == Some(r)
                    || (named != Some(ExceedLimit)
                        && self.status.is_none_or(|s| s != "5.2.3")
                        && self.says(r))
            }
            Suspend => self.e.reply == Some("525") || self.says(r),
            HasMoved | NotCompliantRfc | BadReputation => self.says(r),
            NoRelaying => {
                !matches!(self.e.command, Some(Command::Connect | Command::Helo)) && self.says(r)
            }
            UserUnknown => {
                if named == Some(Suspend) {
                    false
                } else if named == Some(UserUnknown) {
                    ![
                        NoRelaying,
                        Blocked,
                        MailboxFull,
                        HasMoved,
                        Rejected,
                        NotAccept,
                    ]
                    .iter()
                    .any(|o| self.says(*o))
                } else {
                    self.e.command == Some(Command::RcptTo) && self.says(r)
                }
            }
            Filtered => {
                if named == Some(Suspend) {
                    false
                } else if named == Some(Filtered) {
                    self.says(UserUnknown) || self.says(r)
                } else {
                    !self.before_data() && (self.says(r) || self.says(UserUnknown))
                }
            }
            Rejected => {
                let temp = named.unwrap_or(Undefined);
                temp == Rejected
                    || match self.e.command {
                        Some(Command::MailFrom) => self.says(r),
                        Some(Command::Data) => temp != UserUnknown && self.says(r),
                        _ => {
                            matches!(temp, OnHold | Undefined | SecurityError | SystemError)
                                && self.says(r)
                        }
                    }
            }
            HostUnknown => {
                if named == Some(HostUnknown) {
                    !self.says(NetworkError)
                } else {
                    self.says(r)
                }
            }
            SpamDetected => {
                has_status && (named == Some(r) || (!self.before_data() && self.says(r)))
            }
            Speeding => has_status && self.says(r),
            VirusDetected => !self.before_data() && self.says(r),
            ContentError => !self.holds(SpamDetected) && (named == Some(r) || self.says(r)),
            _ => self.says(r),
        }
    }

    /// When the first checks found nothing (lib/Sisimai/Reason.pm,
    /// `anotherone`): the code's own name unless it is one to check again;
    /// else the phrases; else the class of the code, the reply code, the
    /// action and the refused command.
    fn another(&self) -> Option<Reason> {
        use Reason::*;
        let named = self.named;
        if let Some(r) = SECOND_ORDER.iter().copied().find(|r| self.says(*r)) {
            return Some(r);
        }
        if named.is_some() {
            return named;
        }
        // A security or media status (x.7, x.6) that RFC 3463 gives no
        // detail: our broader phrase classes first, where the server's words
        // name a cause sisimai's tables do not know ("doesn't meet the
        // required authentication level" with 5.7.515).
        let generic = matches!(self.status.and_then(|s| s.get(1..3)), Some(".6" | ".7"));
        if generic {
            if let Some(r) = by_words(self.e) {
                return Some(r);
            }
        }
        match self.status.and_then(|s| s.get(1..3)) {
            Some(".6") => return Some(ContentError),
            Some(".7") => return Some(SecurityError),
            _ => {}
        }
        if self.e.unix {
            return Some(MailerError);
        }
        // RFC 5321 4.2: 401-407 and 501-507 answer a command's syntax.
        let reply: u32 = self.e.reply.and_then(|r| r.parse().ok()).unwrap_or(0);
        if (401..408).contains(&reply) || (501..508).contains(&reply) {
            return Some(SyntaxError);
        }
        if self.e.delayed {
            return Some(Expired);
        }
        if self.e.command == Some(Command::Helo) {
            return Some(Blocked);
        }
        None
    }
}

/// A multi-line SMTP reply read as one sentence: RFC 5321 4.2.1 repeats the
/// reply code (and servers the enhanced code) on every line (`550-5.7.1
/// ... 550-5.7.1 ...`); the repeats after the first are dropped.
pub fn unwrap_reply(text: &str) -> String {
    let digits = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    let enhanced = |w: &str| {
        let p: Vec<&str> = w.split('.').collect();
        p.len() == 3 && p.iter().all(|x| digits(x))
    };
    // `550`, `550-`, `550-5.2.1`
    let reply = |w: &str| {
        let (Some(code), Some(rest)) = (w.get(..3), w.get(3..)) else {
            return false;
        };
        digits(code)
            && (rest.is_empty() || rest == "-" || rest.strip_prefix('-').is_some_and(enhanced))
    };
    let mut out: Vec<&str> = Vec::new();
    let mut after_reply = false;
    for w in text.split(' ') {
        if !out.is_empty() && reply(w) {
            after_reply = true;
            continue;
        }
        if after_reply && enhanced(w) {
            after_reply = false;
            continue;
        }
        after_reply = false;
        out.push(w);
    }
    out.join(" ")
}

/// The one best reason for a recipient.
pub fn classify(e: &Evidence) -> Reason {
    let status = e.status.filter(|s| !s.is_empty());
    if status.is_some_and(|s| s.starts_with('2')) {
        return Reason::Delivered;
    }
    // Without the server's own words, the bounce's text about the
    // recipient is what sisimai reads as its diagnostic.
    let text = match normalize(e.text) {
        t if t.is_empty() => normalize(e.context),
        t => unwrap_reply(&t),
    };
    let read = Read {
        e,
        text,
        status,
        named: status.and_then(status_name),
    };
    let own = phrases::mta_says(&read.text).or_else(|| phrases::mta_says(&normalize(e.context)));
    if let Some(r) = own {
        return r;
    }
    if let Some(r) = FIRST_ORDER.iter().copied().find(|r| read.holds(*r)) {
        return r;
    }
    if let Some(r) = read.another() {
        return r;
    }
    // Words sisimai's tables do not know: our own phrase classes, on the
    // server's words and then on the bounce's text about the recipient.
    if let Some(r) = by_words(e) {
        return r;
    }
    // Refused at MAIL FROM: the sender's address; at the greeting: the
    // sending host (RFC 5321 3.3, 3.1).
    match e.command {
        Some(Command::MailFrom) => return Reason::Rejected,
        Some(Command::Connect) => return Reason::Blocked,
        _ => {}
    }
    if read.says(Reason::Vacation) {
        return Reason::Vacation;
    }
    if read.text.is_empty() && normalize(e.context).trim().is_empty() {
        Reason::Undefined
    } else {
        Reason::OnHold
    }
}

/// Our broader phrase classes (`patterns` of the knowledge entries), most
/// specific first.
fn by_words(e: &Evidence) -> Option<Reason> {
    let text = normalize(e.text);
    let context = normalize(e.context);
    let by_code = e.status.and_then(from_status);
    TEXT_ORDER
        .iter()
        .copied()
        .find(|r| r.matches(&text))
        .or_else(|| TEXT_ORDER.iter().copied().find(|r| r.matches(&context)))
        .map(|r| refine(r, e, by_code))
}

/// An "unknown user" reply is believed as such when the server gave it to
/// RCPT TO or with an address status (5.1.x). Given later (after DATA, where
/// the recipient had been accepted) or without saying when, it is a
/// reception filter's answer: Japanese carriers answer so ("550 Unknown
/// user", 5.2.0) when the recipient's settings refuse the sender, and a
/// mailbox that does not exist is refused at RCPT TO.
fn refine(r: Reason, e: &Evidence, by_code: Option<Reason>) -> Reason {
    let at_rcpt = e.command == Some(Command::RcptTo) || (e.command.is_none() && e.names_address);
    // The reporting MTA's own words ("Recipient not found"), no remote
    // reply: it knows its mailboxes.
    let local = e.reply.is_none() && e.status.is_none();
    if r == Reason::UserUnknown && by_code != Some(Reason::UserUnknown) && !at_rcpt && !local {
        return Reason::Filtered;
    }
    // A DNS answer that may change ("try again", a 4.x.x code) does not
    // prove that the domain does not exist.
    if r == Reason::HostUnknown
        && (e.status.is_some_and(|s| s.starts_with('4')) || normalize(e.text).contains("try again"))
    {
        return Reason::NetworkError;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sisimai_names_in_kebab_case_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for r in Reason::ALL {
            assert!(seen.insert(r.id()), "{} twice", r.id());
            let json = serde_json::to_string(&r).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", r.id()));
            assert_eq!(Reason::from_id(r.id()), Some(r));
            assert!(r.id().chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
    }

    #[test]
    fn every_reason_has_advice_in_both_languages() {
        let kb = Knowledge::parse_embedded().expect("parses");
        for r in Reason::ALL {
            let e = kb
                .entries
                .iter()
                .find(|e| e.id == r.id())
                .unwrap_or_else(|| panic!("no knowledge entry for {}", r.id()));
            for t in [&e.title, &e.meaning].into_iter().chain(&e.checks) {
                assert!(
                    !t.en.trim().is_empty() && !t.ja.trim().is_empty(),
                    "{}",
                    r.id()
                );
                assert!(
                    t.ja.chars().any(|c| c as u32 >= 0x3040),
                    "{}: Japanese text",
                    r.id()
                );
            }
            assert!(!e.checks.is_empty(), "{}: what to do", r.id());
        }
    }

    #[test]
    fn status_codes() {
        assert_eq!(from_status("5.1.1"), Some(Reason::UserUnknown));
        assert_eq!(from_status("4.2.2"), Some(Reason::MailboxFull));
        assert_eq!(from_status("5.7.26"), Some(Reason::AuthFailure));
        assert_eq!(from_status("5.7.1"), Some(Reason::SecurityError));
        assert_eq!(from_status("4.7.1"), Some(Reason::Blocked));
        assert_eq!(from_status("5.0.0"), None);
        assert_eq!(from_status("x"), None);
        assert!(is_generic("5.0.0") && is_generic("4.4.7") && is_generic("5.2.0"));
        assert!(!is_generic("5.1.1") && !is_generic("5.7.10"));
    }

    #[test]
    fn classification() {
        let c = |status: Option<&str>, text: &str, command: Option<Command>| {
            classify(&Evidence {
                status,
                reply: None,
                text,
                context: "",
                command,
                delayed: false,
                names_address: false,
                unix: false,
            })
        };
        assert_eq!(
            c(
                Some("5.1.1"),
                "550 5.1.1 User unknown",
                Some(Command::RcptTo)
            ),
            Reason::UserUnknown
        );
        // docomo's reception filter: "Unknown user" after DATA, 5.2.0.
        assert_eq!(
            c(
                Some("5.2.0"),
                "550 Unknown user x@docomo.ne.jp",
                Some(Command::Data)
            ),
            Reason::Filtered
        );
        assert_eq!(
            c(
                Some("5.1.8"),
                "553 5.1.8 Domain of sender address x@y does not exist",
                None
            ),
            Reason::Rejected
        );
        assert_eq!(c(Some("5.2.2"), "552 sorry", None), Reason::MailboxFull);
        assert_eq!(
            c(None, "501 bad", Some(Command::MailFrom)),
            Reason::Rejected
        );
        assert_eq!(c(Some("2.1.5"), "250 ok", None), Reason::Delivered);
        assert_eq!(c(None, "", None), Reason::Undefined);
    }
}
