//! `maillint diagnose FILE.eml`: what a bounce says, what it means (the
//! knowledge base), what is wrong with the failed address (the address
//! checks of `crate::syntax` and a typo'd-domain check), and the four facts
//! the recipient's provider needs.

use std::fmt::Write;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub mod bounce;
pub mod bounce_text;
pub mod carrier;
pub mod phrases;
pub mod reason;
pub mod rhost;

use self::bounce::{Action, Bounce, Kind, Recipient};
use self::carrier::Carrier;
use self::reason::{Evidence, Reason, Side, classify};
use super::knowledge::{Knowledge, render_entry};
use super::words::{ReportLang, Words};
use crate::catalogue::Catalogue;
use crate::policy::Policy;
use crate::suggest::distance;
use crate::syntax::{AddressError, check_address, fold, local_part_dots, wide_chars};
use crate::tables::DiagnoseWord;

/// Lines of a bounce's own text quoted as the fourth fact when the remote
/// server's words are not there.
const BOUNCE_TEXT_LINES: usize = 12;

const DOMAINS: &str = include_str!("../../../rules/domains.toml");

#[derive(Deserialize, Default)]
struct DomainsFile {
    domains: Vec<String>,
}

/// The common domains a typo'd one is compared with (`rules/domains.toml`).
pub fn common_domains() -> &'static [String] {
    static D: OnceLock<DomainsFile> = OnceLock::new();
    &D.get_or_init(|| toml::from_str(DOMAINS).unwrap_or_default())
        .domains
}

/// The common domain `domain` is most likely a typing mistake for: one
/// edit away (two for longer names), and not itself a common domain.
pub fn typo_suggestion(domain: &str) -> Option<&'static str> {
    let d = fold(domain).to_lowercase();
    let d = d.trim_end_matches('.');
    let list = common_domains();
    if list.iter().any(|c| c == d) {
        return None;
    }
    let allowed = if d.chars().count() >= 9 { 2 } else { 1 };
    list.iter()
        .map(|c| (distance(d, c), c))
        .filter(|(n, _)| *n <= allowed)
        .min_by_key(|(n, _)| *n)
        .map(|(_, c)| c.as_str())
}

/// One thing wrong with the failed address.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct AddressProblem {
    /// `full-width`, `invalid`, `rfc-dots`, `typo-domain`.
    pub kind: &'static str,
    pub message: String,
}

fn why_key(e: &AddressError) -> &'static str {
    match e {
        AddressError::NoAt => "no-at",
        AddressError::ManyAt => "many-at",
        AddressError::Space(_) => "space",
        AddressError::EmptyLocal => "empty-local",
        AddressError::EmptyDomain => "empty-domain",
        AddressError::LocalChar(..) | AddressError::NonAsciiLocal(_) => "character",
        AddressError::DomainChar(..) | AddressError::DomainLabel(_) | AddressError::DomainNoDot => {
            "domain"
        }
        AddressError::LocalTooLong | AddressError::AddressTooLong | AddressError::DomainTooLong => {
            "length"
        }
    }
}

/// The address checks, on the address as the bounce quotes it.
pub fn check_recipient(addr: &str, w: &Words) -> Vec<AddressProblem> {
    let mut out = Vec::new();
    let wide = wide_chars(addr);
    if !wide.is_empty() {
        let chars: Vec<String> = wide.iter().map(|c| format!("「{}」", c.ch)).collect();
        out.push(AddressProblem {
            kind: "full-width",
            message: w.fill(DiagnoseWord::AddressWide, &[("chars", chars.join(""))]),
        });
    }
    let folded = fold(addr);
    if let Err(e) = check_address(&folded) {
        let why = w.value("why", &why_key(&e), why_key(&e));
        out.push(AddressProblem {
            kind: "invalid",
            message: w.fill(DiagnoseWord::AddressInvalid, &[("why", why)]),
        });
    }
    if !local_part_dots(&folded).is_empty() {
        out.push(AddressProblem {
            kind: "rfc-dots",
            message: w.get(DiagnoseWord::AddressDots),
        });
    }
    if let Some((_, domain)) = folded.rsplit_once('@') {
        if let Some(s) = typo_suggestion(domain) {
            out.push(AddressProblem {
                kind: "typo-domain",
                message: w.fill(
                    DiagnoseWord::AddressTypo,
                    &[
                        ("domain", domain.to_string()),
                        ("suggestion", s.to_string()),
                    ],
                ),
            });
        }
    }
    out
}

/// The four facts the FAQ asks a customer to send to the recipient's provider.
#[derive(Serialize, Debug)]
pub struct Facts {
    pub sender: Option<String>,
    pub recipient: Option<String>,
    pub sent: Option<String>,
    /// `sent` is the bounce's own date: the original's is not quoted.
    pub sent_is_bounce_date: bool,
    pub bounce_text: String,
}

#[derive(Serialize, Debug)]
pub struct RecipientDiagnosis {
    #[serde(flatten)]
    pub recipient: RecipientOut,
    pub address_problems: Vec<AddressProblem>,
    /// Knowledge-base entries that match, best first.
    pub explanations: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct RecipientOut {
    pub address: String,
    /// What happened: failed, delayed, delivered, relayed, expanded.
    pub action: Action,
    pub status: Option<String>,
    pub reply: Option<String>,
    /// The one best reason (`docs/diagnose.md`).
    pub reason: Reason,
    /// Who has to act: sender, recipient, transit (neither alone), none.
    pub side: Side,
    pub remote_text: Option<String>,
    pub remote_mta: Option<String>,
    /// The recipient's Japanese mobile carrier or provider, by its domain or the server that answered.
    pub carrier: Option<Carrier>,
}

#[derive(Serialize, Debug)]
pub struct BounceOut {
    pub subject: Option<String>,
    pub from: Option<String>,
    pub date: Option<String>,
    pub dsn: bool,
    /// RFC 5965 Feedback-Type of a feedback report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback_type: Option<String>,
}

/// The diagnosis, as `--format json` shows it (version 2, docs/json.md).
#[derive(Serialize, Debug)]
pub struct Diagnosis {
    pub version: u32,
    /// bounce, delay, success, feedback-report, auto-reply.
    pub kind: Kind,
    pub bounce: BounceOut,
    pub recipients: Vec<RecipientDiagnosis>,
    pub facts: Facts,
}

/// The text the knowledge base is searched with for one recipient.
fn query_for(r: &Recipient, b: &Bounce) -> String {
    let mut q = [&r.reply, &r.status, &r.remote_text]
        .iter()
        .filter_map(|s| s.as_deref())
        .collect::<Vec<_>>()
        .join(" ");
    if r.remote_text.is_none() {
        q.push(' ');
        q.push_str(&b.text);
    }
    q
}

/// The reason for one recipient of a report of this kind.
pub fn reason_for(r: &Recipient, kind: Kind, reporting_mta: Option<&str>) -> Reason {
    let text = r.remote_text.as_deref().unwrap_or("");
    match kind {
        Kind::FeedbackReport => Reason::Feedback,
        // An auto-reply that says the mailbox is closed or moved is that.
        Kind::AutoReply => {
            let t = super::knowledge::normalize(&format!("{text}\n{}", r.context));
            [Reason::Suspend, Reason::HasMoved]
                .into_iter()
                .find(|r| r.matches(&t))
                .unwrap_or(Reason::Vacation)
        }
        _ if r.action.is_success() => Reason::Delivered,
        _ if r.filter_sign => Reason::Filtered,
        _ => {
            if let Some(c) = Carrier::answering(&r.address, r.remote_mta.as_deref()) {
                let said = r.remote_text.as_deref().unwrap_or(&r.context);
                if let Some(reason) = c.reason(r.status.as_deref(), r.command, said) {
                    return reason;
                }
            }
            let said = r.remote_text.as_deref().unwrap_or("");
            // The provider is known by the server that answered, the one
            // that wrote the report, or the recipient's domain.
            let (status, reply) = (r.status.as_deref(), r.reply.as_deref());
            let hosts = [r.remote_mta.as_deref(), reporting_mta, None];
            for host in hosts {
                if let Some(reason) = rhost::reason(host, &r.address, status, reply, said) {
                    return reason;
                }
            }
            let reason = classify_recipient(r, text, kind == Kind::Delay);
            // Google Groups refuses a post to a group that does not exist or
            // that the sender may not post to, in the reader's language, with
            // no code (sisimai lib/Sisimai/Lhost/GoogleGroups.pm: rejected).
            let group = r
                .address
                .to_ascii_lowercase()
                .ends_with("@googlegroups.com");
            if group && matches!(reason, Reason::OnHold | Reason::Undefined) {
                return Reason::Rejected;
            }
            reason
        }
    }
}

fn classify_recipient(r: &Recipient, text: &str, delayed: bool) -> Reason {
    {
        classify(&Evidence {
            status: r.status.as_deref(),
            reply: r.reply.as_deref(),
            text,
            context: &r.context,
            command: r.command,
            delayed: r.action == Action::Delayed || delayed,
            names_address: r
                .remote_text
                .as_deref()
                .is_some_and(|t| t.to_lowercase().contains(&r.address.to_lowercase())),
            unix: r.unix,
        })
    }
}

pub fn diagnose(b: &Bounce, w: &Words) -> Diagnosis {
    let kb = Knowledge::embedded();
    let failure = matches!(b.kind, Kind::Bounce | Kind::Delay);
    let recipients: Vec<RecipientDiagnosis> = b
        .recipients
        .iter()
        .map(|r| {
            let reason = reason_for(r, b.kind, b.reporting_mta.as_deref());
            // The reason's own entry first, then what else the text matches.
            let mut explanations = vec![reason.id().to_string()];
            if failure {
                for m in kb.lookup_bounce(&query_for(r, b)) {
                    let known = Reason::from_id(&m.entry.id).is_some();
                    if !known && !explanations.contains(&m.entry.id) {
                        explanations.push(m.entry.id.clone());
                    }
                }
            }
            let carrier = Carrier::answering(&r.address, r.remote_mta.as_deref());
            // A mobile carrier refusing the sender is the recipient's
            // reception filter: the recipient acts (allows the sender).
            let side = match carrier {
                Some(c) if c.is_mobile() && reason == Reason::Rejected => Side::Recipient,
                _ => reason.side(),
            };
            RecipientDiagnosis {
                recipient: RecipientOut {
                    address: r.address.clone(),
                    action: r.action,
                    status: r.status.clone(),
                    reply: r.reply.clone(),
                    reason,
                    side,
                    remote_text: r.remote_text.clone(),
                    remote_mta: r.remote_mta.clone(),
                    carrier,
                },
                address_problems: if failure {
                    check_recipient(&r.address, w)
                } else {
                    Vec::new()
                },
                explanations,
            }
        })
        .collect();
    let first = b
        .recipients
        .iter()
        .find(|r| r.action == Action::Failed)
        .or_else(|| b.recipients.first());
    let sent = b.original.date.clone().or_else(|| b.arrival_date.clone());
    // The server's words when the bounce quotes them; else the bounce's
    // own explanation (a delay warning, a Japanese provider's notice).
    let bounce_text = match first.and_then(|r| r.remote_text.clone()) {
        Some(t) => t,
        None => {
            let mut lines: Vec<String> = b.subject.iter().cloned().collect();
            lines.extend(first.and_then(|r| r.status.clone()));
            lines.extend(
                b.text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.chars().all(|c| c == '*'))
                    .take(BOUNCE_TEXT_LINES)
                    .map(str::to_string),
            );
            lines.join("\n")
        }
    };
    Diagnosis {
        version: 2,
        kind: b.kind,
        bounce: BounceOut {
            subject: b.subject.clone(),
            from: b.from.clone(),
            date: b.date.clone(),
            dsn: b.dsn,
            feedback_type: b.feedback_type.clone(),
        },
        facts: Facts {
            sender: b.original.from.clone().or_else(|| b.to.clone()),
            recipient: first.map(|r| r.address.clone()),
            sent_is_bounce_date: sent.is_none() && b.date.is_some(),
            sent: sent.or_else(|| b.date.clone()),
            bounce_text,
        },
        recipients,
    }
}

/// The heading of a report of this kind, and the note that says plainly
/// what a report that is not a failure is.
fn kind_words(k: Kind) -> (DiagnoseWord, Option<DiagnoseWord>) {
    match k {
        Kind::Bounce => (DiagnoseWord::Bounce, None),
        Kind::Delay => (DiagnoseWord::KindDelay, Some(DiagnoseWord::KindDelayNote)),
        Kind::Success => (
            DiagnoseWord::KindSuccess,
            Some(DiagnoseWord::KindSuccessNote),
        ),
        Kind::FeedbackReport => (
            DiagnoseWord::KindFeedback,
            Some(DiagnoseWord::KindFeedbackNote),
        ),
        Kind::AutoReply => (
            DiagnoseWord::KindAutoReply,
            Some(DiagnoseWord::KindAutoReplyNote),
        ),
    }
}

fn action_word(kind: Kind, a: Action) -> DiagnoseWord {
    match (kind, a) {
        (Kind::FeedbackReport, _) => DiagnoseWord::RecipientReported,
        (Kind::AutoReply, _) => DiagnoseWord::RecipientAutoReply,
        (_, Action::Failed) => DiagnoseWord::Recipient,
        (_, Action::Delayed) => DiagnoseWord::RecipientDelayed,
        (_, Action::Delivered) => DiagnoseWord::RecipientDelivered,
        (_, Action::Relayed) => DiagnoseWord::RecipientRelayed,
        (_, Action::Expanded) => DiagnoseWord::RecipientExpanded,
    }
}

fn side_word(s: Side) -> Option<DiagnoseWord> {
    match s {
        Side::Sender => Some(DiagnoseWord::SideSender),
        Side::Recipient => Some(DiagnoseWord::SideRecipient),
        Side::Transit => Some(DiagnoseWord::SideTransit),
        Side::None => None,
    }
}

/// A recipient's heading: what happened, the codes, the server's words,
/// the reason, who must act and the carrier's practice.
fn render_recipient(
    out: &mut String,
    d: &Diagnosis,
    r: &RecipientDiagnosis,
    w: &Words,
    lang: crate::i18n::Lang,
) {
    let rc = &r.recipient;
    let _ = writeln!(
        out,
        "\n{}: {}",
        w.get(action_word(d.kind, rc.action)),
        rc.address
    );
    let reply = |c: &str| format!("{} {c}", w.get(DiagnoseWord::Reply));
    let status = match (&rc.status, &rc.reply) {
        (Some(s), Some(r)) => Some(format!("{s} ({})", reply(r))),
        (Some(s), None) => Some(s.clone()),
        (None, Some(r)) => Some(reply(r)),
        (None, None) => None,
    };
    if let Some(s) = status {
        let _ = writeln!(out, "  {}: {s}", w.get(DiagnoseWord::Status));
    }
    if let Some(t) = &rc.remote_text {
        let _ = writeln!(out, "  {}: {t}", w.get(DiagnoseWord::RemoteText));
    }
    if let Some(m) = &rc.remote_mta {
        let _ = writeln!(out, "  {}: {m}", w.get(DiagnoseWord::RemoteMta));
    }
    let kb = Knowledge::embedded();
    if let Some(e) = kb.entries.iter().find(|e| e.id == rc.reason.id()) {
        let _ = writeln!(
            out,
            "  {}: {}",
            w.get(DiagnoseWord::Reason),
            e.title.get(lang)
        );
    }
    if let Some(k) = side_word(rc.side) {
        let _ = writeln!(out, "  {}: {}", w.get(DiagnoseWord::Side), w.get(k));
    }
    if let Some(c) = rc.carrier {
        let _ = writeln!(out, "  {}: {}", w.get(DiagnoseWord::Carrier), c.name(lang));
        // A carrier's reception filter refuses the sender (filtered, or the
        // sender's address rejected after DATA): the recipient allows it.
        if c.is_mobile() && matches!(rc.reason, Reason::Filtered | Reason::Rejected) {
            let sender = d.facts.sender.as_deref().unwrap_or("");
            let domain = sender.rsplit('@').next().unwrap_or(sender);
            let _ = writeln!(
                out,
                "  {}",
                w.fill(
                    DiagnoseWord::CarrierFilter,
                    &[
                        ("carrier", c.name(lang).to_string()),
                        ("domain", domain.to_string())
                    ]
                )
            );
        }
    }
}

/// The diagnosis as text, in one language (or both, one after the other).
pub fn render_text(d: &Diagnosis, lang: ReportLang, policy: Option<&Policy>) -> String {
    let mut out = String::new();
    for (i, l) in lang.langs().iter().enumerate() {
        if i > 0 {
            out.push_str("\n----------------------------------------\n\n");
        }
        let w = Words::diagnose(ReportLang::from_lang(*l));
        render_one(&mut out, d, &w, *l, policy);
    }
    out
}

fn render_one(
    out: &mut String,
    d: &Diagnosis,
    w: &Words,
    lang: crate::i18n::Lang,
    policy: Option<&Policy>,
) {
    let unknown = w.get(DiagnoseWord::Unknown);
    let b = &d.bounce;
    let failure = matches!(d.kind, Kind::Bounce | Kind::Delay);
    let _ = writeln!(
        out,
        "{}: {}",
        w.get(kind_words(d.kind).0),
        b.subject.as_deref().unwrap_or(&unknown)
    );
    if let Some(f) = &b.from {
        let _ = writeln!(out, "  {}: {f}", w.get(DiagnoseWord::From));
    }
    if let Some(t) = &b.date {
        let _ = writeln!(out, "  {}: {t}", w.get(DiagnoseWord::Date));
    }
    if b.dsn {
        let _ = writeln!(out, "  {}", w.get(DiagnoseWord::Dsn));
    }
    if let Some(note) = kind_words(d.kind).1 {
        let _ = writeln!(out, "\n{}", w.get(note));
    }
    let kb = Knowledge::embedded();
    let catalogue = Catalogue::embedded();
    for r in &d.recipients {
        render_recipient(out, d, r, w, lang);
        if failure {
            let _ = writeln!(out, "\n{}:", w.get(DiagnoseWord::AddressCheck));
            if r.address_problems.is_empty() {
                let _ = writeln!(out, "  - {}", w.get(DiagnoseWord::AddressOk));
            }
            for p in &r.address_problems {
                let _ = writeln!(out, "  - {}", p.message);
            }
        }
        let _ = writeln!(out, "\n{}:", w.get(DiagnoseWord::Explanation));
        let entries: Vec<_> = r
            .explanations
            .iter()
            .filter_map(|id| kb.entries.iter().find(|e| &e.id == id))
            .collect();
        match entries.split_first() {
            Some((best, rest)) => {
                for line in render_entry(best, lang, catalogue, policy).lines() {
                    if line.is_empty() {
                        out.push('\n');
                    } else {
                        let _ = writeln!(out, "  {line}");
                    }
                }
                if !rest.is_empty() {
                    let ids: Vec<&str> = rest.iter().map(|e| e.id.as_str()).collect();
                    let _ = writeln!(
                        out,
                        "\n  {}: {} (maillint explain <id>)",
                        w.get(DiagnoseWord::Also),
                        ids.join(", ")
                    );
                }
            }
            None => {
                let _ = writeln!(out, "  {}", w.get(DiagnoseWord::NoExplanation));
            }
        }
    }
    if !failure {
        return;
    }
    let f = &d.facts;
    let _ = writeln!(out, "\n{}:\n", w.get(DiagnoseWord::Facts));
    let _ = writeln!(
        out,
        "{}: {}",
        w.get(DiagnoseWord::FactSender),
        f.sender.as_deref().unwrap_or(&unknown)
    );
    let _ = writeln!(
        out,
        "{}: {}",
        w.get(DiagnoseWord::FactRecipient),
        f.recipient.as_deref().unwrap_or(&unknown)
    );
    let note = if f.sent_is_bounce_date {
        format!(" {}", w.get(DiagnoseWord::FactDateBounce))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{}: {}{note}",
        w.get(DiagnoseWord::FactDate),
        f.sent.as_deref().unwrap_or(&unknown)
    );
    let _ = writeln!(out, "{}:", w.get(DiagnoseWord::FactText));
    for line in f.bounce_text.lines() {
        let _ = writeln!(out, "    {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_domains() {
        assert_eq!(typo_suggestion("gmial.com"), Some("gmail.com"));
        assert_eq!(typo_suggestion("docomo.ne.jo"), Some("docomo.ne.jp"));
        assert_eq!(typo_suggestion("ｙａｈｏｏ.co.jp"), None);
        assert_eq!(typo_suggestion("yahoo.co.jo"), Some("yahoo.co.jp"));
        assert_eq!(typo_suggestion("ezweb.ne.jp"), None);
        assert_eq!(typo_suggestion("example.com"), None);
        assert_eq!(typo_suggestion("au.co"), Some("au.com"));
    }

    #[test]
    fn recipient_checks() {
        let w = Words::diagnose(ReportLang::En);
        let kinds = |a: &str| -> Vec<&'static str> {
            check_recipient(a, &w).into_iter().map(|p| p.kind).collect()
        };
        assert_eq!(kinds("hanako@example.com"), Vec::<&str>::new());
        assert_eq!(kinds("hanako..x.@docomo.ne.jp"), vec!["rfc-dots"]);
        assert_eq!(
            kinds("ｈanako@gmial.com"),
            vec!["full-width", "typo-domain"]
        );
        assert_eq!(kinds("hana ko@example.com"), vec!["invalid"]);
    }
}
