//! Typed values out of INI entries for the INI-shaped readers (Becky!,
//! `accountrc`, Evolution): numbers, 0/1 switches and enumerations, each
//! with its span, and a [`ParseProblem`] when the client would not
//! understand the value.

use super::ini::{IniEntry, IniSection};
use crate::catalogue::ParseKind;
use crate::model::{ParseProblem, Str};
use crate::source::Located;

/// The text of a whole number, as a rewrite every number shares, looked up
/// once a thread (as `ini::IniEntry::located` keeps its own; issue 15).
fn int_text(n: &i64) -> Option<String> {
    Some(n.to_string())
}

thread_local! {
    static INT_TEXT: crate::source::Rewrite<i64> = crate::source::Rewrite::new(int_text);
}

/// Collects the problems met while reading one file's values.
#[derive(Default)]
pub struct Values {
    pub problems: Vec<ParseProblem>,
}

impl Values {
    /// A value the client does not know: it falls back to its default.
    pub fn unknown(&mut self, entry: &IniEntry, _what: &str) {
        self.problems.push(ParseProblem {
            kind: ParseKind::UnknownValue,
            span: entry.value_span,
            // The line as written; the catalogue says the rest in the run's
            // language.
            detail: Some(format!("{}={}", entry.key, entry.value)),
            related: Vec::new(),
        });
    }

    /// A number (`None` and a problem when the value is not one; an empty
    /// value is "not set", as the clients read it).
    pub fn int(&mut self, section: &IniSection, key: &str, what: &str) -> Option<Located<i64>> {
        let entry = section.get(key)?;
        self.int_entry(entry, what)
    }

    pub fn int_entry(&mut self, entry: &IniEntry, _what: &str) -> Option<Located<i64>> {
        if entry.value.trim().is_empty() {
            return None;
        }
        match entry.int() {
            Some(n) => {
                let mut v = Located::file(n, entry.value_span);
                v.rewrite = Some(INT_TEXT.with(Clone::clone));
                Some(v)
            }
            None => {
                self.problems.push(ParseProblem {
                    kind: ParseKind::WrongType,
                    span: entry.value_span,
                    detail: Some(entry.key.to_string()),
                    related: Vec::new(),
                });
                None
            }
        }
    }

    /// A 0/1 switch as the C clients read it: any non-zero number is on.
    pub fn switch(&mut self, section: &IniSection, key: &str) -> Option<Located<bool>> {
        self.int(section, key, "0 or 1")
            .map(|n| n.map_back(|v| v != 0, |b| Some(i64::from(*b))))
    }

    /// A non-empty string value, verbatim.
    pub fn text(section: &IniSection, key: &str) -> Option<Located<Str>> {
        section
            .get(key)
            .filter(|e| !e.value.is_empty())
            .map(IniEntry::located)
    }
}
