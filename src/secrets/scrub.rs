//! Finding known secret values in any text, in one pass (Aho-Corasick), so
//! that a run with many secrets and a long output stays linear.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::source::floor_char_boundary;

/// Replaces known secret values, and the forms outputs escape them into, by
/// `*` (one per character).
#[derive(Debug, Default, Clone)]
pub struct Scrubber {
    matcher: Option<AhoCorasick>,
}

/// The ways an output may write `v`: as is, JSON-escaped, XML-escaped.
fn escaped_forms(v: &str) -> Vec<String> {
    let mut out = vec![v.to_string()];
    let json = serde_json::to_string(v).unwrap_or_default();
    let json = json.trim_matches('"');
    if json != v && !json.is_empty() {
        out.push(json.to_string());
    }
    let xml = v
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;");
    if xml != v {
        out.push(xml);
    }
    out
}

impl Scrubber {
    pub fn new(values: impl IntoIterator<Item = String>) -> Scrubber {
        let patterns: Vec<String> = values
            .into_iter()
            .filter(|v| !v.is_empty())
            .flat_map(|v| escaped_forms(&v))
            .collect();
        if patterns.is_empty() {
            return Scrubber::default();
        }
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        Scrubber { matcher }
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.matcher.is_none()
    }

    /// The byte ranges of `text` that hold a known secret.
    pub fn find_in(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        match &self.matcher {
            Some(m) => m.find_iter(text).map(|m| m.range()).collect(),
            None => Vec::new(),
        }
    }

    /// `text` with every known secret replaced by `*`, one per character.
    pub fn scrub(&self, text: &str) -> String {
        let found = self.find_in(text);
        if found.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for r in found {
            let (start, end) = (
                floor_char_boundary(text, r.start),
                floor_char_boundary(text, r.end),
            );
            if start < last {
                continue;
            }
            out.push_str(&text[last..start]);
            out.extend(std::iter::repeat_n('*', text[start..end].chars().count()));
            last = end;
        }
        out.push_str(&text[last..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Scrubber;

    #[test]
    fn scrubs_raw_and_escaped_forms() {
        let s = Scrubber::new(["S3cret\"Pw".to_string(), "a&b<c".to_string()]);
        assert_eq!(s.scrub("x S3cret\"Pw y"), "x ********* y");
        assert_eq!(
            s.scrub("{\"v\":\"S3cret\\\"Pw\"}"),
            "{\"v\":\"**********\"}"
        );
        assert_eq!(s.scrub("<v>a&amp;b&lt;c</v>"), "<v>************</v>");
        assert!(Scrubber::new(Vec::new()).is_empty());
    }
}
