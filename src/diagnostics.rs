//! A finding, ready to render: localised text, severity, and spans.

use serde::{Deserialize, Serialize};

use crate::source::Span;

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary place shown with a diagnostic.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The primary span; for a client default, the account's definition.
    pub span: Span,
    /// Text for the primary label.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// FAQ pages: the policy's for this rule, else the rule's own page.
    pub faq: Vec<String>,
    /// The account the finding is about, for summaries.
    pub account: Option<String>,
    /// The rule's fix for this finding, when it has one here.
    pub fix: Option<crate::fix::Fix>,
    /// Information about the account as a whole (what a size limit means),
    /// not about a value: human output prints it compactly, with its place
    /// on one line and no snippet.
    pub account_level: bool,
}

impl Diagnostic {
    /// Sort key: file, position, then code.
    pub fn sort_key(&self) -> (u32, usize, usize, &'static str) {
        (
            self.span.source.0,
            self.span.start,
            self.span.end,
            self.code,
        )
    }
}

/// Sort `list` by [`Diagnostic::sort_key`], keeping the order of findings
/// with equal keys, as the standard stable sort does, without its scratch
/// list of half the findings (2.3 MB for 10,000 of them, the peak of a big
/// file's run; issue 15): `sort_by_cached_key` sorts the keys with their
/// positions and then moves each finding once.
pub fn sort(list: &mut [Diagnostic]) {
    if !list.is_sorted_by_key(Diagnostic::sort_key) {
        list.sort_by_cached_key(Diagnostic::sort_key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceId, Span};

    fn finding(source: u32, start: usize, end: usize, code: &'static str, n: usize) -> Diagnostic {
        Diagnostic {
            code,
            name: "test",
            severity: Severity::Warning,
            message: n.to_string(),
            span: Span::new(SourceId(source), start, end),
            label: None,
            labels: Vec::new(),
            help: None,
            faq: Vec::new(),
            account: None,
            fix: None,
            account_level: false,
        }
    }

    /// The standard stable sort is the oracle: equal keys keep their order
    /// (each finding's message is its position in the input).
    #[test]
    fn sort_is_the_stable_sort_in_place() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m) as usize
        };
        for len in [0usize, 1, 2, 3, 5, 8, 17, 64, 200, 1000] {
            for spread in [1u64, 2, 4, 50] {
                let codes = ["ML100", "ML200", "ML300"];
                let list: Vec<Diagnostic> = (0..len)
                    .map(|n| {
                        let start = next(spread);
                        finding(next(2) as u32, start, start + next(2), codes[next(3)], n)
                    })
                    .collect();
                let mut expected = list.clone();
                expected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
                let mut got = list.clone();
                sort(&mut got);
                assert_eq!(got, expected, "len {len}, spread {spread}");
                // Sorted input stays as it is.
                sort(&mut got);
                assert_eq!(got, expected);
            }
        }
    }
}
