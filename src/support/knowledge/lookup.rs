//! How a query (an Outlook Express number, an SMTP reply, a line of a
//! bounce) finds entries: scores over the folded query, and edit distance
//! for suggestions when nothing matches.

use super::{Entry, Knowledge};
use crate::suggest::distance;
use crate::syntax::fold;

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
pub(super) fn wildcard_match(pattern: &str, token: &str) -> bool {
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
