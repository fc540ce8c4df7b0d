//! A small INI reader that keeps the byte span of every section, key and value.
//!
//! The `ini` crate gives values but not where they are; every diagnostic and
//! every fix needs the span, so this piece is our own (see
//! docs/architecture.md). It follows the Windows INI conventions the clients
//! use: `[section]`, `key=value`, `;` and `#` comment lines, CRLF or LF, keys
//! matched case-insensitively by the callers that need it.

use crate::formats::suppress;
use crate::model::Suppression;
use crate::source::{SourceId, Span};

#[derive(Clone, Debug)]
pub struct IniEntry {
    pub key: String,
    pub value: String,
    pub key_span: Span,
    pub value_span: Span,
    /// The whole line without its line break.
    pub line: Span,
}

#[derive(Clone, Debug)]
pub struct IniSection {
    pub name: String,
    /// The `[name]` header.
    pub header: Span,
    pub entries: Vec<IniEntry>,
}

impl IniSection {
    /// The last entry named `key` (case-insensitive): the one Windows'
    /// profile API and GLib both read... when names repeat, last wins here.
    pub fn get(&self, key: &str) -> Option<&IniEntry> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.key.eq_ignore_ascii_case(key))
    }

    pub fn value(&self, key: &str) -> Option<&str> {
        self.get(key).map(|e| e.value.as_str())
    }

    /// The last entry named exactly `key` (GKeyFile: keys are case-sensitive,
    /// and `Key[locale]` is a different key).
    pub fn get_exact(&self, key: &str) -> Option<&IniEntry> {
        self.entries.iter().rev().find(|e| e.key == key)
    }
}

impl IniEntry {
    /// The value as written, with its span: the INI reader trims the value
    /// and nothing else, so the text at the span is exactly the value.
    pub fn located(&self) -> crate::source::Located<String> {
        crate::source::Located::file(self.value.clone(), self.value_span)
            .with_verbatim(true)
            .with_rewrite(raw_value)
    }

    /// The value as a whole number (surrounding blanks allowed).
    pub fn int(&self) -> Option<i64> {
        self.value.trim().parse().ok()
    }
}

/// `value` written as an INI value: as it is, when reading it back gives it
/// again (one line, nothing the reader trims, not starting a comment).
pub fn raw_value(value: &String) -> Option<String> {
    let fits = !value.contains(['\r', '\n']) && value.trim() == value;
    fits.then(|| value.clone())
}

/// A line that is neither a section, an entry, a comment nor blank.
#[derive(Clone, Debug)]
pub struct IniJunk {
    pub span: Span,
}

/// A `;` or `#` comment line.
#[derive(Clone, Debug)]
pub struct IniComment {
    /// The comment from its marker to the end of the line.
    pub span: Span,
    /// The text after the marker.
    pub text: String,
}

#[derive(Clone, Debug, Default)]
pub struct IniFile {
    /// Entries before the first section header.
    pub preamble: Vec<IniEntry>,
    pub sections: Vec<IniSection>,
    pub junk: Vec<IniJunk>,
    pub comments: Vec<IniComment>,
}

impl IniFile {
    pub fn sections_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a IniSection> {
        self.sections
            .iter()
            .filter(move |s| s.name.eq_ignore_ascii_case(name))
    }
}

/// The inline suppressions of an INI file: a comment line
/// `; maillint: ignore RULES -- reason` (or `#`) covers the next key line, or,
/// when a section header follows, that section with every key in it;
/// `; maillint: ignore-file RULES` covers the whole file. Every INI-shaped
/// reader calls this once and stores the result in `Document::suppressions`.
pub fn suppressions(ini: &IniFile) -> Vec<Suppression> {
    let mut items: Vec<Span> = Vec::new();
    items.extend(ini.preamble.iter().map(|e| e.line));
    for s in &ini.sections {
        let end = s
            .entries
            .iter()
            .map(|e| e.line.end)
            .max()
            .unwrap_or(s.header.end);
        items.push(s.header.to(Span::new(s.header.source, s.header.start, end)));
        items.extend(s.entries.iter().map(|e| e.line));
    }
    items.extend(ini.junk.iter().map(|j| j.span));
    let mut out = suppress::attach(
        ini.comments.iter().map(|c| (c.span, c.text.as_str())),
        &items,
    );
    out.extend(
        ini.preamble
            .iter()
            .chain(ini.sections.iter().flat_map(|s| s.entries.iter()))
            .filter_map(directive_in_value),
    );
    out
}

/// `port=25 ; maillint: ignore ML401`: INI comments are whole lines (Windows'
/// profile API, GLib's GKeyFile and Claws Mail's prefs all read the rest of
/// a key line as its value), so this directive is part of the value the
/// client reads. It suppresses nothing and is reported with the fix.
fn directive_in_value(e: &IniEntry) -> Option<Suppression> {
    let at = e.value.match_indices([';', '#']).find_map(|(i, _)| {
        let rest = &e.value[i + 1..];
        rest.trim_start().starts_with("maillint:").then_some(i)
    })?;
    let d = suppress::parse_directive(&e.value[at + 1..])?;
    let start = e.value_span.start + at;
    let comment = Span::new(e.value_span.source, start, e.value_span.end);
    Some(Suppression {
        rules: d.rules,
        reason: d.reason,
        comment,
        target: Some(Span::new(comment.source, comment.end, comment.end)),
        in_value: true,
    })
}

/// The spans of the values of keys that hold secrets (masked before any
/// report is rendered). Claws Mail's empty marker `!` is not a secret.
pub fn secret_values(file: &IniFile, mut is_secret: impl FnMut(&str) -> bool) -> Vec<Span> {
    file.preamble
        .iter()
        .chain(file.sections.iter().flat_map(|s| s.entries.iter()))
        .filter(|e| is_secret(&e.key) && !e.value.is_empty() && e.value != "!")
        .map(|e| e.value_span)
        .collect()
}

/// A line of an INI text as [`parse`] reads it, for the sniffers that decide
/// a format from a few section names and keys (`profiles.ini`, Outlook's
/// `.prf`): every text file of a folder walk is asked, so this borrows and
/// allocates nothing.
pub enum ScanLine<'a> {
    /// A `[name]` header, the name trimmed.
    Section(&'a str),
    /// The key of a `key = value` line, trimmed.
    Key(&'a str),
}

/// The section headers and keys of `text`, line by line, as [`parse`] would
/// find them: blank lines and `;`/`#` comments skipped; a `[` line without
/// `]` is junk (it yields nothing and keeps the current section).
pub fn scan(text: &str) -> impl Iterator<Item = ScanLine<'_>> {
    text.split_inclusive('\n').filter_map(|raw| {
        let line = raw.trim_end_matches(['\n', '\r']);
        let content = line.trim();
        if content.is_empty() || content.starts_with(';') || content.starts_with('#') {
            return None;
        }
        if let Some(rest) = content.strip_prefix('[') {
            return rest
                .find(']')
                .map(|close| ScanLine::Section(rest[..close].trim()));
        }
        line.find('=').map(|eq| ScanLine::Key(line[..eq].trim()))
    })
}

pub fn parse(text: &str, source: SourceId) -> IniFile {
    let mut file = IniFile::default();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let line_span = Span::new(source, line_start, line_start + line.len());
        let lead = line.len() - line.trim_start().len();
        let content = line.trim();
        let start = line_start + lead;
        if content.starts_with(';') || content.starts_with('#') {
            file.comments.push(IniComment {
                span: Span::new(source, start, start + content.len()),
                text: content[1..].to_string(),
            });
            continue;
        }
        if content.is_empty() {
            continue;
        }
        if let Some(rest) = content.strip_prefix('[') {
            if let Some(close) = rest.find(']') {
                let name = &rest[..close];
                file.sections.push(IniSection {
                    name: name.trim().to_string(),
                    header: Span::new(source, start, start + close + 2),
                    entries: Vec::new(),
                });
                continue;
            }
            file.junk.push(IniJunk { span: line_span });
            continue;
        }
        let Some(eq) = line.find('=') else {
            file.junk.push(IniJunk { span: line_span });
            continue;
        };
        let key_raw = &line[..eq];
        let key = key_raw.trim();
        let key_start = line_start + (key_raw.len() - key_raw.trim_start().len());
        let value_raw = &line[eq + 1..];
        let value = value_raw.trim();
        let value_start = line_start + eq + 1 + (value_raw.len() - value_raw.trim_start().len());
        let entry = IniEntry {
            key: key.to_string(),
            value: value.to_string(),
            key_span: Span::new(source, key_start, key_start + key.len()),
            value_span: Span::new(source, value_start, value_start + value.len()),
            line: line_span,
        };
        match file.sections.last_mut() {
            Some(section) => section.entries.push(entry),
            None => file.preamble.push(entry),
        }
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `scan` finds the sections and keys `parse` finds, in the same order.
    #[test]
    fn scan_agrees_with_parse() {
        let text = "pre=1\n; c\r\n# d\n[Profile0]\r\nName = default \r\n[broken\nPath=x\njunk\n [ General ]\nA=\n";
        let scanned: Vec<String> = scan(text)
            .map(|l| match l {
                ScanLine::Section(n) => format!("[{n}]"),
                ScanLine::Key(k) => k.to_string(),
            })
            .collect();
        assert_eq!(
            scanned,
            ["pre", "[Profile0]", "Name", "Path", "[General]", "A"]
        );
        let ini = parse(text, SourceId(0));
        let mut parsed: Vec<String> = ini.preamble.iter().map(|e| e.key.clone()).collect();
        for s in &ini.sections {
            parsed.push(format!("[{}]", s.name));
            parsed.extend(s.entries.iter().map(|e| e.key.clone()));
        }
        assert_eq!(scanned, parsed);
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "; c\r\n[Profile0]\r\nName = default \r\nPath=x.default\r\njunk\r\n";
        let ini = parse(text, SourceId(0));
        let s = &ini.sections[0];
        assert_eq!(s.name, "Profile0");
        let name = s.get("name").expect("entry");
        assert_eq!(name.value, "default");
        assert_eq!(&text[name.value_span.start..name.value_span.end], "default");
        assert_eq!(&text[name.key_span.start..name.key_span.end], "Name");
        assert_eq!(ini.junk.len(), 1);
        assert_eq!(&text[s.header.start..s.header.end], "[Profile0]");
    }

    proptest::proptest! {
        /// Any text: no panic, and every suppression's spans slice the text.
        #[test]
        fn suppressions_never_panic(text in "([;#\\[\\]=a-z \\r\\n]|maillint: ignore(-file)? |\\PC){0,120}") {
            let ini = parse(&text, SourceId(0));
            for s in suppressions(&ini) {
                proptest::prop_assert!(text.get(s.comment.start..s.comment.end).is_some());
                if let Some(t) = s.target {
                    proptest::prop_assert!(text.get(t.start..t.end).is_some());
                    proptest::prop_assert!(t.start >= s.comment.end);
                }
            }
        }
    }

    #[test]
    fn suppressions_cover_the_next_key_or_section() {
        let text = "; maillint: ignore-file ML002\n[General]\n# maillint: ignore ML001 -- old\n\
                    A=1\nB=2\n; maillint: ignore\n[Profile0]\nPath=x\nName=y\n\n; maillint: ignore ML4\n";
        let ini = parse(text, SourceId(0));
        assert_eq!(ini.comments.len(), 4);
        let s = suppressions(&ini);
        let at = |i: usize| s[i].target.map(|t| &text[t.start..t.end]);
        assert_eq!(s.len(), 4);
        assert_eq!(at(0), None);
        assert_eq!(at(1), Some("A=1"));
        assert_eq!(s[1].reason.as_deref(), Some("old"));
        assert_eq!(at(2), Some("[Profile0]\nPath=x\nName=y"));
        assert_eq!(at(3), Some(""));
    }
}
