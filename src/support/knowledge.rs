//! The knowledge base of error codes and bounce texts: the data in
//! `rules/knowledge/*.toml`, embedded in the binary, and how a query (an
//! Outlook Express number, an SMTP reply, a line of a bounce) finds entries.
//!
//! Matching works on a folded form of the text (full-width → ASCII, lower
//! case, runs of spaces collapsed), so what a customer copies from a
//! Japanese screen matches what the data says.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::catalogue::Catalogue;
use crate::i18n::{Lang, Text};
use crate::policy::Policy;
use crate::syntax::fold;

/// The knowledge files. A test checks that every file in `rules/knowledge/`
/// is listed here.
pub const FILES: &[(&str, &str)] = &[
    (
        "outlook-express.toml",
        include_str!("../../rules/knowledge/outlook-express.toml"),
    ),
    ("smtp.toml", include_str!("../../rules/knowledge/smtp.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnowledgeFile {
    entries: Vec<Entry>,
}

/// One error code or bounce text and what it means.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The name shown and accepted as a query (`0x800CCC18`, `user-unknown`).
    pub id: String,
    /// Codes matched as whole tokens; `x` in place of a digit matches any digit.
    #[serde(default)]
    pub codes: Vec<String>,
    /// Substrings matched in the folded query.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// The meaning is not settled (shown as such).
    #[serde(default)]
    pub uncertain: bool,
    pub title: Text,
    pub meaning: Text,
    #[serde(default)]
    pub causes: Vec<Text>,
    #[serde(default)]
    pub checks: Vec<Text>,
    /// Catalogue codes of rules that detect a cause.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Keys of a policy's `[topics]` table.
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub references: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Knowledge {
    pub entries: Vec<Entry>,
}

/// An entry that matched a query, and how well.
#[derive(Debug, Clone, Copy)]
pub struct Match<'a> {
    pub entry: &'a Entry,
    pub score: u32,
}

/// Weights: a text pattern says most about the cause; an enhanced status
/// code (5.1.1) or an Outlook Express number is precise; a basic SMTP code
/// (550) is vague; a wildcard code (4.x.x) only gives the class.
const SCORE_PATTERN: u32 = 4;
const SCORE_EXACT_CODE: u32 = 3;
const SCORE_BASIC_CODE: u32 = 1;
const SCORE_WILDCARD: u32 = 1;

impl Knowledge {
    /// The embedded knowledge base. It is checked by the test suite, so a
    /// failure here is a build defect, reported without a panic.
    pub fn embedded() -> &'static Knowledge {
        static KB: OnceLock<Knowledge> = OnceLock::new();
        KB.get_or_init(|| match Knowledge::parse_embedded() {
            Ok(k) => k,
            Err(e) => {
                eprintln!("maillint: internal error: the embedded knowledge base is invalid: {e}");
                Knowledge::default()
            }
        })
    }

    pub fn parse_embedded() -> Result<Knowledge, String> {
        let mut entries = Vec::new();
        for (file, text) in FILES {
            let f: KnowledgeFile =
                toml::from_str(text).map_err(|e| format!("rules/knowledge/{file}: {e}"))?;
            entries.extend(f.entries);
        }
        Ok(Knowledge { entries })
    }

    /// Entries matching `query`, best first (ties keep the data's order).
    pub fn lookup(&self, query: &str) -> Vec<Match<'_>> {
        let q = normalize(query);
        let tokens = tokens(&q);
        let mut out: Vec<Match> = self
            .entries
            .iter()
            .filter_map(|entry| {
                let score = score(entry, &q, &tokens);
                (score > 0).then_some(Match { entry, score })
            })
            .collect();
        out.sort_by_key(|m| std::cmp::Reverse(m.score));
        out
    }

    /// The entries whose id, codes or patterns are nearest to `query` by
    /// edit distance: the suggestions when nothing matched.
    pub fn closest(&self, query: &str, n: usize) -> Vec<&Entry> {
        let q = normalize(query);
        let mut scored: Vec<(usize, usize, &Entry)> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let best = std::iter::once(&e.id)
                    .chain(&e.codes)
                    .chain(&e.patterns)
                    .map(|k| distance(&q, &normalize(k)))
                    .min()
                    .unwrap_or(usize::MAX);
                (best, i, e)
            })
            .collect();
        scored.sort_by_key(|(d, i, _)| (*d, *i));
        scored.into_iter().take(n).map(|(_, _, e)| e).collect()
    }
}

/// Folded (full-width → ASCII), lower-cased, spaces collapsed.
pub fn normalize(s: &str) -> String {
    fold(s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Code-like tokens: runs of letters, digits and inner dots (`5.1.1`,
/// `0x800ccc18`, `550`).
fn tokens(normalized: &str) -> Vec<&str> {
    normalized
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn score(entry: &Entry, q: &str, tokens: &[&str]) -> u32 {
    let mut score = 0;
    if normalize(&entry.id) == q {
        score += SCORE_PATTERN + SCORE_EXACT_CODE;
    }
    for code in &entry.codes {
        let code = normalize(code);
        if tokens.iter().any(|t| *t == code) {
            score += if is_basic_code(&code) {
                SCORE_BASIC_CODE
            } else {
                SCORE_EXACT_CODE
            };
        } else if code.contains('x') && tokens.iter().any(|t| wildcard_match(&code, t)) {
            score += SCORE_WILDCARD;
        }
    }
    if entry
        .patterns
        .iter()
        .any(|p| !p.is_empty() && q.contains(&normalize(p)))
    {
        score += SCORE_PATTERN;
    }
    score
}

/// A three-digit SMTP reply code.
fn is_basic_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit())
}

/// `4.x.x` matches `4.2.1`; `4xx` matches `421`. An `x` in the pattern
/// stands for one or more digits (enhanced codes have up to three).
fn wildcard_match(pattern: &str, token: &str) -> bool {
    let p: Vec<&str> = pattern.split('.').collect();
    let t: Vec<&str> = token.split('.').collect();
    if p.len() != t.len() {
        return false;
    }
    p.iter().zip(&t).all(|(p, t)| {
        if *p == "x" {
            !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
        } else if p.len() == t.len() {
            p.bytes()
                .zip(t.bytes())
                .all(|(pc, tc)| pc == tc || (pc == b'x' && tc.is_ascii_digit()))
        } else {
            false
        }
    })
}

/// Edit distance over characters, counting a swap of two neighbours as one
/// edit (optimal string alignment): `gmial` is one edit from `gmail`.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (i, row) in d.chunks_mut(w).enumerate() {
        if let Some(first) = row.first_mut() {
            *first = i;
        }
    }
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// Headings of an explanation, by language.
struct Words {
    uncertain: &'static str,
    causes: &'static str,
    checks: &'static str,
    rules: &'static str,
    faq: &'static str,
    references: &'static str,
    pending: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            uncertain: "Note: the meaning of this code is not certain; the causes below are likely, not sure.",
            causes: "Likely causes",
            checks: "What to check",
            rules: "maillint rules that detect it",
            faq: "FAQ",
            references: "References",
            pending: "(not in this version of maillint)",
        },
        Lang::Ja => Words {
            uncertain: "ご注意: このコードの意味ははっきりしていません。以下は考えられる原因で、確実ではありません。",
            causes: "考えられる原因",
            checks: "ご確認いただきたいこと",
            rules: "これを検出する maillint のルール",
            faq: "FAQ",
            references: "参考資料",
            pending: "(この版の maillint にはありません)",
        },
    }
}

/// The FAQ pages a policy has for an entry: its topics and codes, then the
/// pages the policy gives for the rules the entry names.
pub fn policy_pages(entry: &Entry, policy: &Policy) -> Vec<String> {
    let mut pages: Vec<String> = Vec::new();
    let keys = std::iter::once(&entry.id)
        .chain(&entry.topics)
        .chain(&entry.codes);
    for key in keys {
        let hit = policy
            .topics
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[]);
        pages.extend(hit.iter().cloned());
    }
    for code in &entry.rules {
        pages.extend(policy.faq_for(code).iter().cloned());
    }
    let mut seen = std::collections::BTreeSet::new();
    pages.retain(|p| seen.insert(p.clone()));
    pages
}

/// An entry as plain text, for `explain` and `diagnose`.
pub fn render_entry(
    entry: &Entry,
    lang: Lang,
    catalogue: &Catalogue,
    policy: Option<&Policy>,
) -> String {
    let w = words(lang);
    let mut out = format!("{}: {}\n", entry.id, entry.title.get(lang));
    if entry.uncertain {
        out.push_str(&format!("{}\n", w.uncertain));
    }
    out.push('\n');
    out.push_str(entry.meaning.get(lang).trim_end());
    out.push('\n');
    let mut list = |heading: &str, items: Vec<String>| {
        if !items.is_empty() {
            out.push_str(&format!("\n{heading}:\n"));
            for i in items {
                out.push_str(&format!("  - {i}\n"));
            }
        }
    };
    list(
        w.causes,
        entry
            .causes
            .iter()
            .map(|t| t.get(lang).to_string())
            .collect(),
    );
    list(
        w.checks,
        entry
            .checks
            .iter()
            .map(|t| t.get(lang).to_string())
            .collect(),
    );
    list(
        w.rules,
        entry
            .rules
            .iter()
            .map(|code| match catalogue.find(code) {
                Some(r) => format!("{} {}: {}", r.code, r.name, r.summary.get(lang)),
                None => format!("{code} {}", w.pending),
            })
            .collect(),
    );
    if let Some(p) = policy {
        let pages = policy_pages(entry, p);
        list(&format!("{} ({})", w.faq, p.name), pages);
    }
    list(w.references, entry.references.clone());
    out
}

#[cfg(test)]
mod tests;
