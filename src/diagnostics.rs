//! A finding, ready to render: localised text, severity, and spans.

use std::borrow::Cow;
use std::sync::Arc;

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

/// A finding's help: the catalogue's own text when it quotes nothing of
/// the finding (most do), borrowed, not copied into every finding (issue 15:
/// 10,000 findings held 1.7 MB of copies of two texts).
pub type Text = Cow<'static, str>;

/// A finding's FAQ pages, shared by every finding of the rule in a run
/// (cloning it copies a pointer; issue 15: a vector and a string a finding
/// before). Read as a slice of pages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pages(Arc<[String]>);

impl Pages {
    pub fn new(pages: Vec<String>) -> Pages {
        Pages(pages.into())
    }
}

impl std::ops::Deref for Pages {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Pages {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
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
    pub help: Option<Text>,
    /// FAQ pages: the policy's for this rule, else the rule's own page.
    pub faq: Pages,
    /// The account the finding is about, for summaries: one text shared by
    /// the account's findings.
    pub account: Option<Arc<str>>,
    /// The rule's fix for this finding, when it has one here.
    pub fix: Option<crate::fix::Fix>,
    /// Information about the account as a whole (what a size limit means),
    /// not about a value: human output prints it compactly, with its place
    /// on one line and no snippet.
    pub account_level: bool,
}

impl Diagnostic {
    /// Sort key: file, position, then code.
    pub fn sort_key(&self) -> (u32, u32, u32, &'static str) {
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
/// file's run; issue 15). Nor a key a finding (`sort_by_cached_key`: 48
/// bytes each, 0.5 MB at that peak): the findings' positions, 4 bytes each,
/// are sorted by their findings' keys, the position breaking ties, and the
/// findings then moved into that order by swaps, one cycle at a time.
pub fn sort(list: &mut [Diagnostic]) {
    if list.is_sorted_by_key(Diagnostic::sort_key) {
        return;
    }
    let Ok(len) = u32::try_from(list.len()) else {
        list.sort_by_cached_key(Diagnostic::sort_key);
        return;
    };
    let mut places = places(list, len);
    // The places compared as two integers; the codes only where the places
    // are the same (issue 15: each comparison looked both findings up and
    // compared their keys, 6.5 M for the 10,000 findings of a 10 MB file).
    let code = |i: u32| list.get(i as usize).map(|d| d.code);
    places.sort_unstable_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| code(a.2).cmp(&code(b.2)))
            .then(a.2.cmp(&b.2))
    });
    let mut order: Vec<u32> = places.into_iter().map(|p| p.2).collect();
    permute(list, &mut order);
}

/// Each finding's place packed for comparing (its source and start, then
/// its end) with its position (`len` of them): 16 bytes a finding.
fn places(list: &[Diagnostic], len: u32) -> Vec<(u64, u32, u32)> {
    list.iter()
        .zip(0..len)
        .map(|(d, i)| {
            let place = u64::from(d.span.source.0) << 32 | u64::from(d.span.start);
            (place, d.span.end, i)
        })
        .collect()
}

/// Move `list[order[j]]` to `j` for every `j` (`order` a permutation of the
/// positions, left as the identity): each cycle of the permutation followed
/// from its first position, one swap a step.
fn permute<T>(list: &mut [T], order: &mut [u32]) {
    for start in 0..order.len() {
        let mut at = start;
        while let Some(slot) = order.get_mut(at) {
            let from = *slot as usize;
            *slot = at as u32;
            if from == start || from == at || from >= list.len() {
                break;
            }
            list.swap(at, from);
            at = from;
        }
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
            faq: Pages::default(),
            account: None,
            fix: None,
            account_level: false,
        }
    }

    /// Shared texts (a catalogue help borrowed, an account's name) are
    /// scrubbed as owned ones are: replaced by the masked text, the shared
    /// one left as it was.
    #[test]
    fn shared_texts_are_scrubbed() {
        let scrubber = crate::secrets::Scrubber::for_outputs(["hunter22".to_string()]);
        let account: Arc<str> = Arc::from("hunter22@example.jp");
        let mut d = finding(0, 1, 2, "ML100", 0);
        d.message = "a hunter22 b".into();
        d.help = Some(Cow::Borrowed("say hunter22 here"));
        d.account = Some(account.clone());
        scrubber.scrub_diagnostic(&mut d);
        assert_eq!(d.message, "a ******** b");
        assert_eq!(d.help.as_deref(), Some("say ******** here"));
        assert_eq!(d.account.as_deref(), Some("********@example.jp"));
        assert_eq!(&*account, "hunter22@example.jp");
        let mut clean = finding(0, 1, 2, "ML100", 0);
        clean.help = Some(Cow::Borrowed("nothing"));
        scrubber.scrub_diagnostic(&mut clean);
        assert!(matches!(clean.help, Some(Cow::Borrowed("nothing"))));
    }

    /// `permute` puts `list[order[j]]` at `j`, on every permutation of up
    /// to six elements and on shuffled longer ones, and leaves `order` as
    /// the identity.
    #[test]
    fn permute_follows_the_order() {
        fn check(order: &[u32]) {
            let list: Vec<u32> = (0..order.len() as u32).map(|i| i * 10).collect();
            let want: Vec<u32> = order.iter().map(|&i| list[i as usize]).collect();
            let mut got = list.clone();
            let mut o = order.to_vec();
            permute(&mut got, &mut o);
            assert_eq!(got, want, "order {order:?}");
            assert!(o.iter().enumerate().all(|(i, &j)| i as u32 == j));
        }
        fn all(prefix: &mut Vec<u32>, n: u32) {
            if prefix.len() == n as usize {
                check(prefix);
                return;
            }
            for i in 0..n {
                if !prefix.contains(&i) {
                    prefix.push(i);
                    all(prefix, n);
                    prefix.pop();
                }
            }
        }
        for n in 0..=6 {
            all(&mut Vec::new(), n);
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for len in [50u32, 1000] {
            let mut order: Vec<u32> = (0..len).collect();
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            check(&order);
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
                // Offsets near the largest a span holds too.
                for base in [0usize, u32::MAX as usize - 64] {
                    let codes = ["ML100", "ML200", "ML300"];
                    let list: Vec<Diagnostic> = (0..len)
                        .map(|n| {
                            let start = base + next(spread);
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
}
