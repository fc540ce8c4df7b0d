//! `maillint diagnose FILE.eml`: what a bounce says, what it means (the
//! knowledge base), what is wrong with the failed address (the address
//! checks of `crate::syntax` and a typo'd-domain check), and the four facts
//! the recipient's provider needs.

use std::fmt::Write;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub mod bounce;

use self::bounce::{Bounce, Recipient};
use super::knowledge::{Knowledge, render_entry};
use super::words::{ReportLang, Words};
use crate::catalogue::Catalogue;
use crate::policy::Policy;
use crate::suggest::distance;
use crate::syntax::{AddressError, check_address, fold, local_part_dots, wide_chars};

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
            message: w.fill("address-wide", &[("chars", chars.join(""))]),
        });
    }
    let folded = fold(addr);
    if let Err(e) = check_address(&folded) {
        let why = w.value("why", &why_key(&e), why_key(&e));
        out.push(AddressProblem {
            kind: "invalid",
            message: w.fill("address-invalid", &[("why", why)]),
        });
    }
    if !local_part_dots(&folded).is_empty() {
        out.push(AddressProblem {
            kind: "rfc-dots",
            message: w.get("address-dots"),
        });
    }
    if let Some((_, domain)) = folded.rsplit_once('@') {
        if let Some(s) = typo_suggestion(domain) {
            out.push(AddressProblem {
                kind: "typo-domain",
                message: w.fill(
                    "address-typo",
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
    pub status: Option<String>,
    pub reply: Option<String>,
    pub remote_text: Option<String>,
    pub remote_mta: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct BounceOut {
    pub subject: Option<String>,
    pub from: Option<String>,
    pub date: Option<String>,
    pub dsn: bool,
}

/// The diagnosis, as `--format json` shows it (version 1).
#[derive(Serialize, Debug)]
pub struct Diagnosis {
    pub version: u32,
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

pub fn diagnose(b: &Bounce, w: &Words) -> Diagnosis {
    let kb = Knowledge::embedded();
    let recipients: Vec<RecipientDiagnosis> = b
        .recipients
        .iter()
        .map(|r| RecipientDiagnosis {
            recipient: RecipientOut {
                address: r.address.clone(),
                status: r.status.clone(),
                reply: r.reply.clone(),
                remote_text: r.remote_text.clone(),
                remote_mta: r.remote_mta.clone(),
            },
            address_problems: check_recipient(&r.address, w),
            explanations: kb
                .lookup(&query_for(r, b))
                .iter()
                .map(|m| m.entry.id.clone())
                .collect(),
        })
        .collect();
    let first = b.recipients.first();
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
        version: 1,
        bounce: BounceOut {
            subject: b.subject.clone(),
            from: b.from.clone(),
            date: b.date.clone(),
            dsn: b.dsn,
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
    let unknown = w.get("unknown");
    let b = &d.bounce;
    let _ = writeln!(
        out,
        "{}: {}",
        w.get("bounce"),
        b.subject.as_deref().unwrap_or(&unknown)
    );
    if let Some(f) = &b.from {
        let _ = writeln!(out, "  {}: {f}", w.get("from"));
    }
    if let Some(t) = &b.date {
        let _ = writeln!(out, "  {}: {t}", w.get("date"));
    }
    if b.dsn {
        let _ = writeln!(out, "  {}", w.get("dsn"));
    }
    let kb = Knowledge::embedded();
    let catalogue = Catalogue::embedded();
    for r in &d.recipients {
        let rc = &r.recipient;
        // A 4.x.x status is a delay, not a failure (RFC 3463 class 4).
        let delayed = rc.status.as_deref().is_some_and(|s| s.starts_with('4'))
            || rc.reply.as_deref().is_some_and(|s| s.starts_with('4'));
        let label = if delayed {
            "recipient-delayed"
        } else {
            "recipient"
        };
        let _ = writeln!(out, "\n{}: {}", w.get(label), rc.address);
        let reply = |c: &str| format!("{} {c}", w.get("reply"));
        let status = match (&rc.status, &rc.reply) {
            (Some(s), Some(r)) => Some(format!("{s} ({})", reply(r))),
            (Some(s), None) => Some(s.clone()),
            (None, Some(r)) => Some(reply(r)),
            (None, None) => None,
        };
        if let Some(s) = status {
            let _ = writeln!(out, "  {}: {s}", w.get("status"));
        }
        if let Some(t) = &rc.remote_text {
            let _ = writeln!(out, "  {}: {t}", w.get("remote-text"));
        }
        if let Some(m) = &rc.remote_mta {
            let _ = writeln!(out, "  {}: {m}", w.get("remote-mta"));
        }
        let _ = writeln!(out, "\n{}:", w.get("address-check"));
        if r.address_problems.is_empty() {
            let _ = writeln!(out, "  - {}", w.get("address-ok"));
        }
        for p in &r.address_problems {
            let _ = writeln!(out, "  - {}", p.message);
        }
        let _ = writeln!(out, "\n{}:", w.get("explanation"));
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
                        w.get("also"),
                        ids.join(", ")
                    );
                }
            }
            None => {
                let _ = writeln!(out, "  {}", w.get("no-explanation"));
            }
        }
    }
    let f = &d.facts;
    let _ = writeln!(out, "\n{}:\n", w.get("facts"));
    let _ = writeln!(
        out,
        "{}: {}",
        w.get("fact-sender"),
        f.sender.as_deref().unwrap_or(&unknown)
    );
    let _ = writeln!(
        out,
        "{}: {}",
        w.get("fact-recipient"),
        f.recipient.as_deref().unwrap_or(&unknown)
    );
    let note = if f.sent_is_bounce_date {
        format!(" {}", w.get("fact-date-bounce"))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{}: {}{note}",
        w.get("fact-date"),
        f.sent.as_deref().unwrap_or(&unknown)
    );
    let _ = writeln!(out, "{}:", w.get("fact-text"));
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
