//! Finding known secret values in any text, in one pass (Aho-Corasick), so
//! that a run with many secrets and a long output stays linear.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind, packed};
use memchr::memmem;

/// The syntax of a rendered output: where a secret can only appear escaped,
/// only its escaped form is looked for, so that scrubbing never cuts into
/// the output's own structure (a password holding `": "` is never matched
/// across two JSON strings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// Human, concise, GitHub, Markdown: values as they are.
    Text,
    /// JSON, SARIF: values JSON-escaped.
    Json,
    /// JUnit: values XML-escaped.
    Xml,
}

/// Replaces known secret values, in the form each output writes them, by
/// `*` (one per character).
#[derive(Debug, Default, Clone)]
pub struct Scrubber {
    /// The secret values, none empty.
    values: Vec<String>,
    /// Matchers for the raw, JSON-escaped and XML-escaped forms, each built
    /// the first time it is asked for: a run writes one output, so it needs
    /// one or two of them, and building one costs more than most searches.
    text: OnceLock<Option<Search>>,
    json: OnceLock<Option<Search>>,
    xml: OnceLock<Option<Search>>,
    searches: Searches,
}

fn json_form(v: &str) -> String {
    let json = serde_json::to_string(v).unwrap_or_default();
    json.get(1..json.len().saturating_sub(1))
        .unwrap_or_default()
        .to_string()
}

fn xml_form(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// How the automata of a scrubber are built for the texts it searches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Searches {
    /// The texts of one document (its files), searched once: a DFA costs
    /// more to build than the search it speeds up, unless there are many
    /// values. The automaton a DFA would be built from finds the same matches.
    #[default]
    Files,
    /// Whole outputs (a report of every file): a DFA, searched without a
    /// prefilter, whose candidates (the rarest bytes of the values, often
    /// letters any report is full of) cost more than they skip.
    Outputs,
}

/// Up to this many values, the texts of a document are searched without
/// building a DFA.
const FEW_VALUES: usize = 32;

/// Up to this many values, a text is searched for each value in turn
/// (memchr's `memmem`, which skips ahead on the value's rarest bytes):
/// building an automaton costs more than a one-file check's whole search,
/// and an automaton reads every byte of an output (issue 15).
const VERY_FEW_VALUES: usize = 16;

/// Up to this many values, a whole output is searched for all of them in
/// one pass with SIMD (aho-corasick's packed searcher, Teddy, where the
/// processor has it): the last guard over a 537 KB report cost 2.1 M
/// instructions one value at a time (issue 15).
const PACKED_VALUES: usize = 64;

/// How the values are looked for.
#[derive(Debug, Clone)]
enum Search {
    /// Each value on its own, merged into the matches an Aho-Corasick
    /// leftmost-longest search finds (see [`leftmost_longest`]).
    EachValue(Vec<memmem::Finder<'static>>),
    /// All values at once with SIMD (Teddy): a report is searched for up
    /// to 64 values in one pass, not one pass per value.
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

impl Search {
    fn ranges(&self, text: &[u8]) -> Vec<std::ops::Range<usize>> {
        match self {
            Search::EachValue(finders) => leftmost_longest(finders, text),
            Search::Packed(p) => p.find_iter(text).map(|m| m.range()).collect(),
            Search::Automaton(m) => m.find_iter(text).map(|m| m.range()).collect(),
        }
    }
}

/// The matches of `finders` in `text` as an Aho-Corasick search with
/// `MatchKind::LeftmostLongest` reports them: the match that starts first,
/// the longest of those that start there, then the same again after its
/// end (no overlaps).
fn leftmost_longest(
    finders: &[memmem::Finder<'static>],
    text: &[u8],
) -> Vec<std::ops::Range<usize>> {
    let mut next: Vec<Option<usize>> = finders.iter().map(|f| f.find(text)).collect();
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        let mut best: Option<(usize, usize)> = None;
        for (f, at) in finders.iter().zip(next.iter_mut()) {
            if at.is_some_and(|s| s < pos) {
                *at = text
                    .get(pos..)
                    .and_then(|rest| f.find(rest))
                    .map(|o| pos + o);
            }
            if let Some(s) = *at {
                let len = f.needle().len();
                if best.is_none_or(|(bs, bl)| s < bs || (s == bs && len > bl)) {
                    best = Some((s, len));
                }
            }
        }
        let Some((start, len)) = best else {
            return out;
        };
        out.push(start..start + len);
        pos = start + len;
    }
}

fn matcher(patterns: impl IntoIterator<Item = String>, searches: Searches) -> Option<Search> {
    let patterns: Vec<String> = patterns.into_iter().filter(|p| !p.is_empty()).collect();
    if patterns.is_empty() {
        return None;
    }
    if searches == Searches::Outputs && patterns.len() <= PACKED_VALUES {
        let found = packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostLongest)
            .builder()
            .extend(&patterns)
            .build();
        if let Some(p) = found {
            return Some(Search::Packed(p));
        }
    }
    if patterns.len() <= VERY_FEW_VALUES {
        return Some(Search::EachValue(
            patterns
                .iter()
                .map(|p| memmem::Finder::new(p.as_bytes()).into_owned())
                .collect(),
        ));
    }
    let mut b = AhoCorasickBuilder::new();
    b.match_kind(MatchKind::LeftmostLongest);
    match searches {
        Searches::Files if patterns.len() <= FEW_VALUES => {
            b.kind(Some(AhoCorasickKind::NoncontiguousNFA));
        }
        Searches::Files => {}
        Searches::Outputs if patterns.len() <= FEW_VALUES => {
            b.kind(Some(AhoCorasickKind::ContiguousNFA))
                .prefilter(false);
        }
        Searches::Outputs => {
            b.kind(Some(AhoCorasickKind::DFA)).prefilter(false);
        }
    }
    b.build(&patterns).ok().map(Search::Automaton)
}

impl Scrubber {
    /// A scrubber for the texts of one document.
    pub fn new(values: impl IntoIterator<Item = String>) -> Scrubber {
        Scrubber {
            values: values.into_iter().filter(|v| !v.is_empty()).collect(),
            ..Scrubber::default()
        }
    }

    /// A scrubber for the whole outputs of a run (the same matches, built
    /// for long texts).
    pub fn for_outputs(values: impl IntoIterator<Item = String>) -> Scrubber {
        Scrubber {
            searches: Searches::Outputs,
            ..Scrubber::new(values)
        }
    }

    /// Whether a value holds a line break: written as it is (a text
    /// output), it could then match across a line break of the output's
    /// own, which a text output cut into parts at line breaks would split
    /// ([`crate::report::sink`]).
    pub fn holds_line_break(&self) -> bool {
        self.values.iter().any(|v| v.contains('\n'))
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() || self.matcher(Syntax::Text).is_none()
    }

    fn matcher(&self, syntax: Syntax) -> Option<&Search> {
        if self.values.is_empty() {
            return None;
        }
        let (values, searches) = (self.values.iter(), self.searches);
        match syntax {
            Syntax::Text => self.text.get_or_init(|| matcher(values.cloned(), searches)),
            Syntax::Json => self
                .json
                .get_or_init(|| matcher(values.map(|v| json_form(v)), searches)),
            Syntax::Xml => self
                .xml
                .get_or_init(|| matcher(values.map(|v| xml_form(v)), searches)),
        }
        .as_ref()
    }

    /// The byte ranges of `text` that hold a known secret as it is.
    pub fn find_in(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        self.find(text, Syntax::Text)
    }

    fn find(&self, text: &str, syntax: Syntax) -> Vec<std::ops::Range<usize>> {
        self.find_bytes(text.as_bytes(), syntax)
    }

    fn find_bytes(&self, text: &[u8], syntax: Syntax) -> Vec<std::ops::Range<usize>> {
        let Some(m) = self.matcher(syntax) else {
            return Vec::new();
        };
        let mut inside = Values::new(text, syntax);
        m.ranges(text)
            .into_iter()
            .filter(|r| inside.at(r.start))
            .collect()
    }

    /// Scrub every text of a diagnostic (message, labels, help, account).
    pub fn scrub_diagnostic(&self, d: &mut crate::diagnostics::Diagnostic) {
        self.scrub_diagnostic_with(d, &mut Shared::default());
    }

    /// [`Scrubber::scrub_diagnostic`] of every finding of a run. A text
    /// shared by findings (a catalogue help, an account's label) is
    /// searched once, not once a finding (issue 15).
    pub fn scrub_diagnostics(&self, list: &mut [crate::diagnostics::Diagnostic]) {
        let mut shared = Shared::default();
        for d in list {
            self.scrub_diagnostic_with(d, &mut shared);
        }
    }

    fn scrub_diagnostic_with(&self, d: &mut crate::diagnostics::Diagnostic, shared: &mut Shared) {
        let scrub = |t: &mut String| {
            if self.holds(t) {
                *t = self.scrub(t, Syntax::Text);
            }
        };
        scrub(&mut d.message);
        d.label.iter_mut().for_each(scrub);
        // Shared texts (a catalogue help, an account's name) are replaced,
        // never changed in place.
        if let Some(h) = &mut d.help {
            let holds = match h {
                std::borrow::Cow::Borrowed(text) => shared.help(text, |t| self.holds(t)),
                std::borrow::Cow::Owned(text) => self.holds(text),
            };
            if holds {
                *h = self.scrub(h, Syntax::Text).into();
            }
        }
        if let Some(a) = &mut d.account
            && shared.account(a, |t| self.holds(t))
        {
            *a = self.scrub(a, Syntax::Text).into();
        }
        d.labels.iter_mut().for_each(|l| scrub(&mut l.text));
    }

    /// Whether `text` holds a known secret as it is: what
    /// `!self.find(text, Syntax::Text).is_empty()` says (there every match
    /// counts), without listing the matches.
    fn holds(&self, text: &str) -> bool {
        match self.matcher(Syntax::Text) {
            None => false,
            Some(Search::EachValue(finders)) => {
                finders.iter().any(|f| f.find(text.as_bytes()).is_some())
            }
            Some(Search::Packed(p)) => p.find(text).is_some(),
            Some(Search::Automaton(m)) => m.is_match(text),
        }
    }

    /// `text`, written in `syntax`, with every known secret replaced by
    /// `*`, one per character.
    pub fn scrub(&self, text: &str, syntax: Syntax) -> String {
        let mut bytes = text.as_bytes().to_vec();
        if !self.scrub_bytes(&mut bytes, syntax) {
            return text.to_string();
        }
        // Whole characters were replaced by ASCII: still UTF-8.
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// [`Scrubber::scrub`] of UTF-8 `text` in place (a report's part as it
    /// is written, issue 15): nothing is copied when it holds no secret.
    /// Whether anything was masked.
    pub fn scrub_bytes(&self, text: &mut Vec<u8>, syntax: Syntax) -> bool {
        let found = self.find_bytes(text, syntax);
        if found.is_empty() {
            return false;
        }
        let mut out = Vec::with_capacity(text.len());
        let mut last = 0;
        for r in found {
            let (start, end) = (
                floor_char_boundary(text, r.start),
                floor_char_boundary(text, r.end),
            );
            if start < last {
                continue;
            }
            out.extend_from_slice(&text[last..start]);
            let chars = text[start..end]
                .iter()
                .filter(|&&b| !is_continuation(b))
                .count();
            out.extend(std::iter::repeat_n(b'*', chars));
            last = end;
        }
        out.extend_from_slice(&text[last..]);
        *text = out;
        true
    }
}

/// What [`Scrubber::scrub_diagnostics`] knows of the shared texts it has
/// searched: the catalogue's helps (static texts, by address and length:
/// the same text), and the last account label (kept alive here, so that
/// its address cannot be another text's meanwhile).
#[derive(Default)]
struct Shared {
    helps: Vec<(&'static str, bool)>,
    account: Option<(std::sync::Arc<str>, bool)>,
}

impl Shared {
    fn help(&mut self, text: &'static str, holds: impl Fn(&str) -> bool) -> bool {
        let same = |t: &&str| t.as_ptr() == text.as_ptr() && t.len() == text.len();
        if let Some((_, h)) = self.helps.iter().find(|(t, _)| same(t)) {
            return *h;
        }
        let h = holds(text);
        self.helps.push((text, h));
        h
    }

    fn account(&mut self, text: &std::sync::Arc<str>, holds: impl Fn(&str) -> bool) -> bool {
        if let Some((last, h)) = &self.account
            && std::sync::Arc::ptr_eq(last, text)
        {
            return *h;
        }
        let h = holds(text);
        self.account = Some((text.clone(), h));
        h
    }
}

/// A byte inside a UTF-8 character, not its first.
fn is_continuation(b: u8) -> bool {
    b & 0xc0 == 0x80
}

/// The start of the UTF-8 character holding byte `offset` of `text` (its
/// length when past the end): `str::floor_char_boundary` of bytes.
fn floor_char_boundary(text: &[u8], offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while o > 0 && o < text.len() && is_continuation(text[o]) {
        o -= 1;
    }
    o
}

/// Where a structured output holds values: inside JSON strings; in XML text
/// and attribute values (never in names or punctuation). Asked for
/// increasing offsets, it scans the text once.
struct Values<'a> {
    bytes: &'a [u8],
    syntax: Syntax,
    pos: usize,
    /// JSON: in a string. XML: in a tag.
    inside: bool,
    escaped: bool,
    /// XML: the quote of the attribute value being read.
    quote: Option<u8>,
}

impl<'a> Values<'a> {
    fn new(bytes: &'a [u8], syntax: Syntax) -> Self {
        Values {
            bytes,
            syntax,
            pos: 0,
            inside: false,
            escaped: false,
            quote: None,
        }
    }

    /// Whether offset `at` (not before the last one asked) is in a value.
    fn at(&mut self, at: usize) -> bool {
        while self.pos < at.min(self.bytes.len()) {
            let b = self.bytes[self.pos];
            self.pos += 1;
            match self.syntax {
                Syntax::Text => {}
                Syntax::Json => {
                    if self.escaped {
                        self.escaped = false;
                    } else if self.inside && b == b'\\' {
                        self.escaped = true;
                    } else if b == b'"' {
                        self.inside = !self.inside;
                    }
                }
                Syntax::Xml => match self.quote {
                    Some(q) if b == q => self.quote = None,
                    Some(_) => {}
                    None if self.inside && (b == b'"' || b == b'\'') => self.quote = Some(b),
                    None if b == b'<' => self.inside = true,
                    None if b == b'>' => self.inside = false,
                    None => {}
                },
            }
        }
        match self.syntax {
            Syntax::Text => true,
            Syntax::Json => self.inside,
            Syntax::Xml => !self.inside || self.quote.is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Scrubber;

    /// Searching value by value finds what the Aho-Corasick automaton finds
    /// (leftmost, then longest, no overlaps), on every text and set of
    /// values over a small alphabet where matches overlap and nest.
    #[test]
    fn value_by_value_finds_what_the_automaton_finds() {
        use aho_corasick::{AhoCorasick, MatchKind};
        let words = ["ab", "abab", "ba", "bab", "aab", "b", "abba", "aaaa"];
        let texts = [
            "",
            "ab",
            "abababab",
            "aabbaabab",
            "babbabab",
            "aaaaaaab",
            "xabbax",
        ];
        for n in 1..=words.len() {
            for skip in 0..words.len() {
                let values: Vec<&str> = words.iter().cycle().skip(skip).take(n).copied().collect();
                let finders: Vec<_> = values
                    .iter()
                    .map(|v| super::memmem::Finder::new(v.as_bytes()).into_owned())
                    .collect();
                let ac = AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&values)
                    .expect("automaton");
                let packed = aho_corasick::packed::Config::new()
                    .match_kind(aho_corasick::packed::MatchKind::LeftmostLongest)
                    .builder()
                    .extend(&values)
                    .build();
                for t in texts {
                    let want: Vec<_> = ac.find_iter(t).map(|m| m.range()).collect();
                    let got = super::leftmost_longest(&finders, t.as_bytes());
                    assert_eq!(got, want, "{values:?} in {t:?}");
                    // Long enough for Teddy, and short (its fallback).
                    let long = format!("{t}{}{t}", "x".repeat(70));
                    for t in [t, long.as_str()] {
                        let want: Vec<_> = ac.find_iter(t).map(|m| m.range()).collect();
                        if let Some(p) = &packed {
                            let got: Vec<_> = p.find_iter(t).map(|m| m.range()).collect();
                            assert_eq!(got, want, "packed: {values:?} in {t:?}");
                        }
                    }
                }
            }
        }
    }

    /// `holds` says what `find` says of a text as it is, whichever way the
    /// values are searched (value by value, packed, an automaton).
    #[test]
    fn holds_is_find_not_empty() {
        let few: Vec<String> = ["hunter22", "p\"ss w0rd", "日本語パス", "abab"]
            .map(String::from)
            .to_vec();
        let many: Vec<String> = (0..80).map(|i| format!("secret{i:03}x")).collect();
        let scrubbers = [
            Scrubber::new(few.clone()),
            Scrubber::for_outputs(few.clone()),
            Scrubber::new(many.clone()),
            Scrubber::for_outputs(many.clone()),
            Scrubber::new(Vec::new()),
        ];
        let texts = [
            String::new(),
            "hunter2".to_string(),
            "a hunter22 b".to_string(),
            "p\"ss w0r".to_string(),
            "x p\"ss w0rd".to_string(),
            "日本語パ".to_string(),
            "aba".to_string(),
            "abab".to_string(),
            "secret079x".to_string(),
            "secret080x".to_string(),
            format!("{}hunter22", "long text ".repeat(20)),
            format!("{}secret001x{}", "y".repeat(100), "z".repeat(3)),
        ];
        for s in &scrubbers {
            for t in &texts {
                assert_eq!(
                    s.holds(t),
                    !s.find(t, super::Syntax::Text).is_empty(),
                    "{t:?}"
                );
            }
        }
    }

    /// The findings of a run scrubbed together are scrubbed as one by one,
    /// whatever their shared helps and accounts hold.
    #[test]
    fn diagnostics_scrubbed_together_as_one_by_one() {
        use crate::diagnostics::{Diagnostic, Label, Pages, Severity};
        use crate::source::{SourceId, Span};
        use std::borrow::Cow;
        use std::sync::Arc;
        let s = Scrubber::for_outputs(["hunter22".to_string(), "s3cr3t!!".to_string()]);
        let accounts: Vec<Arc<str>> = ["taro", "hunter22@example.jp", "hunter22@example.jp"]
            .into_iter()
            .map(Arc::from)
            .collect();
        let helps: [&'static str; 3] = ["plain help", "help with hunter22", "help s3cr3t!!"];
        let mut list = Vec::new();
        for n in 0..60usize {
            list.push(Diagnostic {
                code: "ML100",
                name: "test",
                severity: Severity::Warning,
                message: if n % 4 == 0 {
                    format!("m{n} hunter22")
                } else {
                    format!("m{n}")
                },
                span: Span::new(SourceId(0), n, n + 1),
                label: (n % 3 == 0).then(|| "label s3cr3t!!".to_string()),
                labels: vec![Label {
                    span: Span::new(SourceId(0), n, n),
                    text: if n % 5 == 0 {
                        "l hunter22".into()
                    } else {
                        "l".into()
                    },
                }],
                help: match n % 4 {
                    3 => None,
                    2 => Some(Cow::Owned(format!("owned {}", helps[n % 3]))),
                    _ => Some(Cow::Borrowed(helps[(n / 2) % 3])),
                },
                faq: Pages::default(),
                account: (n % 7 != 0).then(|| accounts[(n / 5) % 3].clone()),
                fix: None,
                account_level: false,
            });
        }
        let mut one_by_one = list.clone();
        for d in &mut one_by_one {
            s.scrub_diagnostic(d);
        }
        s.scrub_diagnostics(&mut list);
        assert_eq!(list, one_by_one);
        assert!(list.iter().all(|d| !d.message.contains("hunter22")
            && !d.help.as_deref().unwrap_or("").contains("hunter22")
            && !d.account.as_deref().unwrap_or("").contains("hunter22")));
    }

    #[test]
    fn scrubs_raw_and_escaped_forms() {
        use super::Syntax::{Json, Text, Xml};
        let s = Scrubber::new(["S3cret\"Pw".to_string(), "a&b<c".to_string()]);
        assert_eq!(s.scrub("x S3cret\"Pw y", Text), "x ********* y");
        assert_eq!(
            s.scrub("{\"v\":\"S3cret\\\"Pw\"}", Json),
            "{\"v\":\"**********\"}"
        );
        assert_eq!(s.scrub("<v>a&amp;b&lt;c</v>", Xml), "<v>************</v>");
        assert!(Scrubber::new(Vec::new()).is_empty());
        // A secret that looks like JSON's own punctuation is only looked for escaped.
        let s = Scrubber::new(["\": \"".to_string()]);
        assert_eq!(s.scrub("{\"a\": \"b\"}", Json), "{\"a\": \"b\"}");
        // Numbers and names of the output's own structure stay.
        let s = Scrubber::new(["123456".to_string(), "testcase".to_string()]);
        assert_eq!(
            s.scrub("{\"offset\": 123456, \"v\": \"x123456\"}", Json),
            "{\"offset\": 123456, \"v\": \"x******\"}"
        );
        assert_eq!(
            s.scrub("<testcase name=\"testcase\">testcase</testcase>", Xml),
            "<testcase name=\"********\">********</testcase>"
        );
    }
}
