//! The prefs a parse reads, held compactly (issue 15, peak memory): a
//! [`Pref`] took 112 bytes (two `Cow`s and two 24-byte spans), and a 10 MB
//! prefs.js holds 135,000 of them while its accounts are assembled. A
//! [`PrefRec`] takes 40: offsets of four bytes into the file's text, or
//! into one buffer of the list for the strings written with escapes (no
//! allocation a pref). [`PrefList::pref`] gives the old representation back
//! at the edge, exactly (`Cow::Owned` for what was decoded), with the
//! model's [`Span`]s.
//!
//! Offsets fit when the text is shorter than 4 GiB (`--max-file-size` keeps
//! every file below that unless it is raised past it); a pref whose offsets
//! would not fit is not kept and the list says so ([`PrefList::too_large`]):
//! the reader then refuses the file as a whole, nothing is cut.

use std::borrow::Cow;

use super::{Pref, PrefValue};
use crate::source::{SourceId, Span};

/// Where a text is: `len` bytes at `at` of the file's text, or of the
/// list's decoded buffer (told by the record's flags).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TextAt {
    pub(crate) at: u32,
    pub(crate) len: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum RecValue {
    Text(TextAt),
    Int(i32),
    Bool(bool),
}

/// The name is in the decoded buffer, not the file's text.
const NAME_DECODED: u8 = 1;
/// The string value is in the decoded buffer.
const VALUE_DECODED: u8 = 2;
/// [`Pref::verbatim`].
const VERBATIM: u8 = 4;
/// Free for the table: the name holds a secret.
pub(crate) const SECRET_NAME: u8 = 8;
/// Free for the table: no later pref of the name overrides this one.
pub(crate) const EFFECTIVE: u8 = 16;

/// One pref, 40 bytes; see the module's comment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PrefRec {
    pub(crate) name: TextAt,
    pub(crate) value: RecValue,
    /// `value_span`'s start and end.
    pub(crate) value_span: (u32, u32),
    /// `statement`'s start and end.
    pub(crate) statement: (u32, u32),
    pub(crate) flags: u8,
}

impl PrefRec {
    pub(crate) fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    pub(crate) fn verbatim(&self) -> bool {
        self.has(VERBATIM)
    }

    pub(crate) fn set(&mut self, flag: u8, on: bool) {
        if on {
            self.flags |= flag;
        } else {
            self.flags &= !flag;
        }
    }
}

/// The text a list's records point into.
#[derive(Clone, Debug)]
pub(crate) struct Texts<'t> {
    pub(crate) text: &'t str,
    pub(crate) source: SourceId,
    /// The strings written with escapes, decoded, one after another.
    pub(crate) decoded: String,
}

impl<'t> Texts<'t> {
    /// The record's name; borrowed from the file's text when it is there.
    pub(crate) fn name(&self, rec: &PrefRec) -> &str {
        self.text_at(rec.name, rec.has(NAME_DECODED))
    }

    /// The record's name as bytes (no check of character boundaries).
    pub(crate) fn name_bytes(&self, rec: &PrefRec) -> &[u8] {
        let from = if rec.has(NAME_DECODED) {
            self.decoded.as_bytes()
        } else {
            self.text.as_bytes()
        };
        let at = rec.name.at as usize;
        from.get(at..at + rec.name.len as usize).unwrap_or_default()
    }

    /// The record's string value, if it is a string.
    pub(crate) fn string(&self, rec: &PrefRec) -> Option<&str> {
        match rec.value {
            RecValue::Text(t) => Some(self.text_at(t, rec.has(VALUE_DECODED))),
            _ => None,
        }
    }

    fn text_at(&self, t: TextAt, decoded: bool) -> &str {
        let from = if decoded { &self.decoded } else { self.text };
        slice(from, t).unwrap_or_default()
    }

    fn cow(&self, t: TextAt, decoded: bool) -> Cow<'t, str> {
        if decoded {
            Cow::Owned(slice(&self.decoded, t).unwrap_or_default().to_string())
        } else {
            let text: &'t str = self.text;
            Cow::Borrowed(slice(text, t).unwrap_or_default())
        }
    }

    pub(crate) fn span(&self, (start, end): (u32, u32)) -> Span {
        Span::new(self.source, start as usize, end as usize)
    }

    /// The record as a [`Pref`], as the parser made it before records.
    pub(crate) fn pref(&self, rec: &PrefRec) -> Pref<'t> {
        Pref {
            name: self.cow(rec.name, rec.has(NAME_DECODED)),
            value: match rec.value {
                RecValue::Text(t) => PrefValue::String(self.cow(t, rec.has(VALUE_DECODED))),
                RecValue::Int(n) => PrefValue::Int(n),
                RecValue::Bool(b) => PrefValue::Bool(b),
            },
            value_span: self.span(rec.value_span),
            verbatim: rec.has(VERBATIM),
            statement: self.span(rec.statement),
        }
    }

    /// Where `s` is: in the text when it is a slice of it (the parser
    /// borrows from nowhere else; a decoded string never is), else copied
    /// into the decoded buffer. `None` when an offset does not fit four bytes.
    fn place(&mut self, s: &str) -> Option<(TextAt, bool)> {
        let len = u32::try_from(s.len()).ok()?;
        let at = (s.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        if self
            .text
            .get(at..at.wrapping_add(s.len()))
            .is_some_and(|t| std::ptr::eq(t.as_ptr(), s.as_ptr()))
        {
            let at = u32::try_from(at).ok()?;
            return Some((TextAt { at, len }, false));
        }
        let at = u32::try_from(self.decoded.len()).ok()?;
        // The buffer's end must fit too, for the next one's start.
        u32::try_from(self.decoded.len() + s.len()).ok()?;
        self.decoded.push_str(s);
        Some((TextAt { at, len }, true))
    }

    /// `pref` as a record; `None` when its offsets do not fit.
    pub(crate) fn record(&mut self, pref: &Pref<'_>) -> Option<PrefRec> {
        let (name, name_decoded) = self.place(&pref.name)?;
        let (value, value_decoded) = match &pref.value {
            PrefValue::String(s) => {
                let (t, decoded) = self.place(s)?;
                (RecValue::Text(t), decoded)
            }
            PrefValue::Int(n) => (RecValue::Int(*n), false),
            PrefValue::Bool(b) => (RecValue::Bool(*b), false),
        };
        // A span's offsets are four bytes already (`Span`).
        let offsets = |s: Span| (s.start, s.end);
        let mut rec = PrefRec {
            name,
            value,
            value_span: offsets(pref.value_span),
            statement: offsets(pref.statement),
            flags: 0,
        };
        rec.set(NAME_DECODED, name_decoded);
        rec.set(VALUE_DECODED, value_decoded);
        rec.set(VERBATIM, pref.verbatim);
        Some(rec)
    }
}

fn slice(from: &str, t: TextAt) -> Option<&str> {
    let at = t.at as usize;
    from.get(at..at + t.len as usize)
}

/// A value the fast path read: a string (the text's range), an integer,
/// `true` or `false`.
#[derive(Clone, Copy, Debug)]
pub(crate) enum PlainValue {
    Text(usize, usize),
    Int(i32),
    Bool(bool),
}

/// The prefs of one file, in file order.
#[derive(Clone, Debug)]
pub struct PrefList<'t> {
    pub(crate) texts: Texts<'t>,
    pub(crate) recs: Vec<PrefRec>,
    /// A pref was left out: its offsets did not fit four bytes.
    too_large: bool,
    /// The prefs as the parser made them before records, for the tests.
    #[cfg(test)]
    pub(crate) oracle: Vec<Pref<'t>>,
}

impl<'t> PrefList<'t> {
    pub(crate) fn new(text: &'t str, source: SourceId) -> Self {
        PrefList {
            texts: Texts {
                text,
                source,
                decoded: String::new(),
            },
            recs: Vec::new(),
            too_large: false,
            #[cfg(test)]
            oracle: Vec::new(),
        }
    }

    /// A pref the fast path read (`plain.rs`): the name and a string value
    /// are the text's `name` and `text` ranges, no escapes; made into a record
    /// at once, without a [`Pref`] (half the cost of pushing one).
    pub(crate) fn push_plain(
        &mut self,
        name: (usize, usize),
        value: PlainValue,
        value_span: (usize, usize),
        statement: (usize, usize),
    ) {
        // Every offset is at most the text's length: when that fits four
        // bytes, so do they all (else the general way finds what does not).
        let fits = u32::try_from(self.texts.text.len()).is_ok();
        #[cfg(test)]
        let made = self.plain_pref(name, value, value_span, statement);
        if !fits {
            #[cfg(not(test))]
            let made = self.plain_pref(name, value, value_span, statement);
            self.push(made);
            return;
        }
        let at = |(a, b): (usize, usize)| (a as u32, b as u32);
        let (n0, n1) = at(name);
        let (value, verbatim) = match value {
            PlainValue::Text(a, b) => {
                let (a, b) = at((a, b));
                (
                    RecValue::Text(TextAt {
                        at: a,
                        len: b.saturating_sub(a),
                    }),
                    true,
                )
            }
            PlainValue::Int(n) => (RecValue::Int(n), false),
            PlainValue::Bool(b) => (RecValue::Bool(b), false),
        };
        self.recs.push(PrefRec {
            name: TextAt {
                at: n0,
                len: n1.saturating_sub(n0),
            },
            value,
            value_span: at(value_span),
            statement: at(statement),
            flags: if verbatim { VERBATIM } else { 0 },
        });
        #[cfg(test)]
        self.oracle.push(made);
    }

    /// The [`Pref`] the fast path made before records.
    fn plain_pref(
        &self,
        (n0, n1): (usize, usize),
        value: PlainValue,
        value_span: (usize, usize),
        statement: (usize, usize),
    ) -> Pref<'t> {
        let text: &'t str = self.texts.text;
        let source = self.texts.source;
        let (value, verbatim) = match value {
            PlainValue::Text(a, b) => (
                PrefValue::String(Cow::Borrowed(text.get(a..b).unwrap_or_default())),
                true,
            ),
            PlainValue::Int(n) => (PrefValue::Int(n), false),
            PlainValue::Bool(b) => (PrefValue::Bool(b), false),
        };
        Pref {
            name: Cow::Borrowed(text.get(n0..n1).unwrap_or_default()),
            value,
            value_span: Span::new(source, value_span.0, value_span.1),
            verbatim,
            statement: Span::new(source, statement.0, statement.1),
        }
    }

    pub(crate) fn push(&mut self, pref: Pref<'t>) {
        match self.texts.record(&pref) {
            Some(rec) => self.recs.push(rec),
            None => self.too_large = true,
        }
        #[cfg(test)]
        self.oracle.push(pref);
    }

    /// The texts and the records, for the table.
    pub(crate) fn into_parts(self) -> (Texts<'t>, Vec<PrefRec>) {
        (self.texts, self.recs)
    }

    /// Whether a pref was left out because the file is too large for
    /// four-byte offsets (then the file must not be read at all).
    pub fn too_large(&self) -> bool {
        self.too_large
    }

    pub fn len(&self) -> usize {
        self.recs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }

    /// Pref `i`, as a [`Pref`].
    pub fn get(&self, i: usize) -> Option<Pref<'t>> {
        self.recs.get(i).map(|r| self.texts.pref(r))
    }

    /// Every pref, as [`Pref`]s.
    pub fn to_vec(&self) -> Vec<Pref<'t>> {
        self.recs.iter().map(|r| self.texts.pref(r)).collect()
    }
}

impl PartialEq for PrefList<'_> {
    /// The same prefs, as [`Pref`]s.
    fn eq(&self, other: &Self) -> bool {
        self.to_vec() == other.to_vec()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::formats::thunderbird::prefs::{PrefFileKind, parse};

    #[test]
    fn a_record_is_forty_bytes() {
        assert_eq!(std::mem::size_of::<PrefRec>(), 40);
    }

    /// The records give back what the parser made, field by field, `Cow`s
    /// borrowed or owned as they were.
    pub(crate) fn same_as_made(text: &str) {
        for kind in [PrefFileKind::User, PrefFileKind::Default] {
            let p = parse(text, SourceId(5), kind);
            assert!(!p.prefs.too_large());
            let back = p.prefs.to_vec();
            assert_eq!(back, p.prefs.oracle, "{text:?}");
            let owned = |v: &[Pref]| -> Vec<(bool, bool)> {
                v.iter()
                    .map(|p| {
                        (
                            matches!(p.name, Cow::Owned(_)),
                            matches!(p.value, PrefValue::String(Cow::Owned(_))),
                        )
                    })
                    .collect()
            };
            assert_eq!(owned(&back), owned(&p.prefs.oracle), "{text:?}");
            for (i, pref) in back.iter().enumerate() {
                assert_eq!(p.prefs.get(i).as_ref(), Some(pref));
            }
        }
    }

    #[test]
    fn edge_cases_come_back_as_made() {
        for text in [
            "",
            "user_pref(\"a\", \"b\");",
            "user_pref(\"a\\\"b\", \"c\\nd\");\nuser_pref(\"x\", \"\");\n",
            "user_pref(\"\", -2147483648);\nuser_pref('s', true); pref(\"f\", false);",
            "user_pref(\"a\", \"\\u65e5\\uD83D\\uDE00\\x41\");user_pref(\"e\\\\\", '');",
            "pref(\"a\", 1, locked);\nsticky_pref(\"b\", \"two\nlines\", sticky);",
            "user_pref(\"a\" 1);\nuser_pref(\"ok\", \"日本\");\n/* c */ user_pref(\"b\", +7);",
            "user_pref(\"unterminated, 1);",
        ] {
            same_as_made(text);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_comes_back_as_made(text in "\\PC{0,200}") {
            same_as_made(&text);
        }

        #[test]
        fn escaped_prefs_come_back_as_made(name in "[a-z.\"\\\\]{0,12}", value in "\\PC{0,20}", n in proptest::prelude::any::<i32>()) {
            let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
            let text = format!("user_pref(\"{}\", \"{}\");\nuser_pref(\"{}\", {n});\n", esc(&name), esc(&value), esc(&value));
            same_as_made(&text);
        }
    }
}
