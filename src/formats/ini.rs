//! A small INI reader that keeps the byte span of every section, key and value.
//!
//! The `ini` crate gives values but not where they are; every diagnostic and
//! every fix needs the span, so this piece is our own (see
//! docs/architecture.md). It follows the Windows INI conventions the clients
//! use: `[section]`, `key=value`, `;` and `#` comment lines, CRLF or LF, keys
//! matched case-insensitively by the callers that need it.

use crate::formats::words::same_bytes;
use crate::formats::{scan16, suppress, trim};
use crate::model::{Str, Suppression};
use crate::source::{SourceId, Span};

/// One `key=value` line. The key and the value are slices of the source
/// text (issue 15: a `String` each per line was half of reading a 10 MB
/// `accountrc`).
#[derive(Clone, Debug)]
pub struct IniEntry<'a> {
    pub key: &'a str,
    pub value: &'a str,
    pub key_span: Span,
    pub value_span: Span,
    /// The whole line without its line break.
    pub line: Span,
}

#[derive(Clone, Debug)]
pub struct IniSection<'a> {
    pub name: &'a str,
    /// The `[name]` header.
    pub header: Span,
    pub entries: Vec<IniEntry<'a>>,
    /// The entries by a hash of their key, once the section is whole (see [`KeyIndex`]).
    index: Option<KeyIndex>,
}

impl<'a> IniSection<'a> {
    /// A section of these entries.
    fn new(name: &'a str, header: Span, entries: Vec<IniEntry<'a>>) -> Self {
        IniSection {
            name,
            header,
            entries,
            index: None,
        }
    }

    /// The last entry named `key` (case-insensitive): the one Windows'
    /// profile API and GLib both read... when names repeat, last wins here.
    pub fn get(&self, key: &str) -> Option<&IniEntry<'a>> {
        match self.index.as_ref().filter(|x| x.covers(&self.entries)) {
            Some(index) => index.find(&self.entries, key, |k| same_key(k, key)),
            None => self.get_by_search(key),
        }
    }

    /// [`IniSection::get`] by a search of every entry: the definition the
    /// index is tested against, and the look-up of a small section.
    fn get_by_search(&self, key: &str) -> Option<&IniEntry<'a>> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.key.eq_ignore_ascii_case(key))
    }

    /// Make the index of a section read whole (one of a few entries is
    /// searched: the index would cost more than it saves).
    fn index(&mut self) {
        if self.entries.len() >= KeyIndex::MIN_ENTRIES {
            self.index = KeyIndex::of(&self.entries);
        }
    }

    pub fn value(&self, key: &str) -> Option<&'a str> {
        self.get(key).map(|e| e.value)
    }

    /// The last entry named exactly `key` (GKeyFile: keys are case-sensitive,
    /// and `Key[locale]` is a different key).
    pub fn get_exact(&self, key: &str) -> Option<&IniEntry<'a>> {
        match self.index.as_ref().filter(|x| x.covers(&self.entries)) {
            Some(index) => index.find(&self.entries, key, |k| k == key),
            None => self.entries.iter().rev().find(|e| e.key == key),
        }
    }
}

/// `a.eq_ignore_ascii_case(b)`, answered by a comparison of bytes eight at
/// a time when the two are written alike (as a reader asks for a key and
/// as clients write it): folding each byte's case was a third of a look-up
/// (issue 15).
#[inline]
fn same_key(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes()) || a.eq_ignore_ascii_case(b)
}

/// The entries of a section chained by a hash of their key (its length, and
/// its first and last bytes, ASCII case folded), the last entry of a
/// chain first: a look-up walks the entries whose key hashes alike, not
/// every entry (issue 15: an `accountrc` account is read with some fifty
/// look-ups, and a section of ninety keys searched whole each time was a
/// fifth of reading a 10 MB file). Keys equal but for ASCII case hash alike,
/// so the first entry of the chain that matches is the last of the section.
#[derive(Clone, Debug)]
struct KeyIndex {
    /// `SLOTS` heads (the last entry of each hash), then for each entry the
    /// entry before it of the same hash; `u32::MAX` ends a chain.
    links: Vec<u32>,
}

impl KeyIndex {
    const SLOTS: usize = 64;
    const MIN_ENTRIES: usize = 16;
    const END: u32 = u32::MAX;

    fn slot(key: &str) -> usize {
        let b = key.as_bytes();
        // `| 0x20` folds ASCII letters (and sends some other bytes together:
        // only which slot, not a match, is decided here).
        let (first, last) = match b {
            [first, .., last] => (*first | 0x20, *last | 0x20),
            [only] => (*only | 0x20, *only | 0x20),
            [] => (0, 0),
        };
        let h = b.len() * 31 + usize::from(first) * 7 + usize::from(last);
        h % Self::SLOTS
    }

    fn of(entries: &[IniEntry<'_>]) -> Option<Self> {
        // Positions are `u32`: a bigger section is searched.
        u32::try_from(entries.len())
            .ok()
            .filter(|&n| n < Self::END)?;
        let mut links = vec![Self::END; Self::SLOTS + entries.len()];
        for (i, e) in entries.iter().enumerate() {
            let slot = Self::slot(e.key);
            let head = links.get(slot).copied().unwrap_or(Self::END);
            if let Some(l) = links.get_mut(Self::SLOTS + i) {
                *l = head;
            }
            if let Some(h) = links.get_mut(slot) {
                *h = u32::try_from(i).unwrap_or(Self::END);
            }
        }
        Some(KeyIndex { links })
    }

    /// Whether the index was made of these entries (a section's entries
    /// are not changed once it is whole; should they be, it is searched).
    fn covers(&self, entries: &[IniEntry<'_>]) -> bool {
        self.links.len() == Self::SLOTS + entries.len()
    }

    /// The last entry whose key hashes as `key` and `matches`.
    fn find<'e, 'a>(
        &self,
        entries: &'e [IniEntry<'a>],
        key: &str,
        matches: impl Fn(&str) -> bool,
    ) -> Option<&'e IniEntry<'a>> {
        let mut at = self
            .links
            .get(Self::slot(key))
            .copied()
            .unwrap_or(Self::END);
        while at != Self::END {
            let i = usize::try_from(at).ok()?;
            let e = entries.get(i)?;
            if matches(e.key) {
                return Some(e);
            }
            at = self
                .links
                .get(Self::SLOTS + i)
                .copied()
                .unwrap_or(Self::END);
        }
        None
    }
}

thread_local! {
    /// [`raw_value`] as the one rewrite every value shares, looked up once
    /// a thread: `Located::with_rewrite` finds a shared function in a map,
    /// a hash a call (issue 15: about 140 instructions a value).
    static RAW_VALUE: crate::source::Rewrite<Str> = crate::source::Rewrite::new(raw_value);
}

impl IniEntry<'_> {
    /// The value as written, with its span: the INI reader trims the value
    /// and nothing else, so the text at the span is exactly the value.
    pub fn located(&self) -> crate::source::Located<Str> {
        let mut v = crate::source::Located::file(Str::from(self.value), self.value_span)
            .with_verbatim(true);
        v.rewrite = Some(RAW_VALUE.with(Clone::clone));
        v
    }

    /// [`IniEntry::located`] as it was made before the shared rewrite was
    /// kept (the tests' oracle).
    #[cfg(test)]
    fn located_by_with_rewrite(&self) -> crate::source::Located<Str> {
        crate::source::Located::file(Str::from(self.value), self.value_span)
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
pub fn raw_value(value: &Str) -> Option<String> {
    let fits = !value.contains(['\r', '\n']) && value.trim() == value;
    fits.then(|| value.to_string())
}

/// A line that is neither a section, an entry, a comment nor blank.
#[derive(Clone, Debug)]
pub struct IniJunk {
    pub span: Span,
}

/// A `;` or `#` comment line.
#[derive(Clone, Debug)]
pub struct IniComment<'a> {
    /// The comment from its marker to the end of the line.
    pub span: Span,
    /// The text after the marker.
    pub text: &'a str,
}

/// An INI text read: every part borrows from the text.
#[derive(Clone, Debug, Default)]
pub struct IniFile<'a> {
    /// Entries before the first section header.
    pub preamble: Vec<IniEntry<'a>>,
    pub sections: Vec<IniSection<'a>>,
    pub junk: Vec<IniJunk>,
    pub comments: Vec<IniComment<'a>>,
}

impl<'a> IniFile<'a> {
    pub fn sections_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s IniSection<'a>> {
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
    let mut out = Vec::new();
    // Only a directive comment attaches to anything: a file without one
    // (nearly every file) does not list and sort its lines for nothing.
    if ini
        .comments
        .iter()
        .any(|c| suppress::parse_directive(c.text).is_some())
    {
        out = attach_comments(ini);
    }
    out.extend(
        ini.preamble
            .iter()
            .chain(ini.sections.iter().flat_map(|s| s.entries.iter()))
            .filter_map(directive_in_value),
    );
    out
}

/// The suppressions of the comment lines, attached to what follows them.
fn attach_comments(ini: &IniFile) -> Vec<Suppression> {
    let mut items: Vec<Span> = Vec::new();
    items.extend(ini.preamble.iter().map(|e| e.line));
    for s in &ini.sections {
        let end = s
            .entries
            .iter()
            .map(|e| e.line.end)
            .max()
            .unwrap_or(s.header.end);
        items.push(s.header.to(Span { end, ..s.header }));
        items.extend(s.entries.iter().map(|e| e.line));
    }
    items.extend(ini.junk.iter().map(|j| j.span));
    suppress::attach(ini.comments.iter().map(|c| (c.span, c.text)), &items)
}

/// `port=25 ; maillint: ignore ML401`: INI comments are whole lines (Windows'
/// profile API, GLib's GKeyFile and Claws Mail's prefs all read the rest of
/// a key line as its value), so this directive is part of the value the
/// client reads. It suppresses nothing and is reported with the fix.
fn directive_in_value(e: &IniEntry) -> Option<Suppression> {
    let at = memchr::memchr2_iter(b';', b'#', e.value.as_bytes()).find(|&i| {
        let rest = e.value.get(i + 1..).unwrap_or_default();
        rest.trim_start().starts_with("maillint:")
    })?;
    let d = suppress::parse_directive(&e.value[at + 1..])?;
    let start = e.value_span.start as usize + at;
    let comment = Span::new(e.value_span.source, start, e.value_span.end as usize);
    Some(Suppression {
        rules: d.rules,
        reason: d.reason,
        comment,
        target: Some(Span {
            start: comment.end,
            ..comment
        }),
        in_value: true,
    })
}

/// The spans of the values of keys that hold secrets (masked before any
/// report is rendered). Claws Mail's empty marker `!` is not a secret.
pub fn secret_values(file: &IniFile, mut is_secret: impl FnMut(&str) -> bool) -> Vec<Span> {
    secret_spans(
        file.preamble
            .iter()
            .chain(file.sections.iter().flat_map(|s| s.entries.iter())),
        &mut is_secret,
    )
    .collect()
}

/// [`secret_values`] of some entries (a reader reading section by section).
pub fn secret_spans<'e, 'a: 'e>(
    entries: impl IntoIterator<Item = &'e IniEntry<'a>>,
    mut is_secret: impl FnMut(&'a str) -> bool,
) -> impl Iterator<Item = Span> {
    entries
        .into_iter()
        .filter(move |e| is_secret(e.key) && !e.value.is_empty() && e.value != "!")
        .map(|e| e.value_span)
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

pub fn parse(text: &str, source: SourceId) -> IniFile<'_> {
    let mut reader = sections(text, source);
    let sections: Vec<IniSection> = reader.by_ref().collect();
    IniFile {
        preamble: reader.preamble,
        sections,
        junk: reader.junk,
        comments: reader.comments,
    }
}

/// [`parse`], one section at a time, for a reader that builds its model as
/// it goes: only the section being read is held (issue 15: the entries of a
/// whole 10 MB `accountrc` took three times the memory of its text). The
/// entries before the first section, the junk lines and the comments gather
/// in the fields as they are met; the preamble is whole once the first
/// section has been given.
pub struct Sections<'a> {
    text: &'a str,
    source: SourceId,
    /// Where the next line starts.
    offset: usize,
    /// The header that ended the section given last.
    header: Option<(&'a str, Span)>,
    /// How many entries the section given last had: room for as many is
    /// made in the next (sections of one file are alike), so that a
    /// section's entries are not copied as their list grows.
    last_len: usize,
    pub preamble: Vec<IniEntry<'a>>,
    pub junk: Vec<IniJunk>,
    pub comments: Vec<IniComment<'a>>,
    /// Read a plain `key=value` line in one pass ([`Sections::plain_entry`]);
    /// off: every line by the general path (the tests' oracle).
    fast: bool,
}

/// The sections of `text`, read as they are asked for (see [`Sections`]).
pub fn sections(text: &str, source: SourceId) -> Sections<'_> {
    Sections {
        text,
        source,
        offset: 0,
        header: None,
        fast: true,
        last_len: 0,
        preamble: Vec::new(),
        junk: Vec::new(),
        comments: Vec::new(),
    }
}

/// One line as [`parse`] reads it.
enum Line<'a> {
    Blank,
    Comment(IniComment<'a>),
    Header(&'a str, Span),
    Junk(Span),
    Entry(IniEntry<'a>),
}

impl<'a> Sections<'a> {
    /// The next line, `None` at the end of the text. Only `\n` ends a line
    /// (a lone `\r` is part of it, as the clients' readers take it).
    fn line(&mut self) -> Option<Line<'a>> {
        let source = self.source;
        let line_start = self.offset;
        let rest = self.text.get(line_start..).filter(|r| !r.is_empty())?;
        let raw_len = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        self.offset += raw_len;
        let raw = rest.as_bytes().get(..raw_len).unwrap_or_default();
        let breaks = raw
            .iter()
            .rev()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .count();
        let line = rest.get(..raw_len - breaks).unwrap_or_default();
        let line_span = Span::new(source, line_start, line_start + line.len());
        let from_first = trim::trim_start(line);
        let lead = line.len() - from_first.len();
        let content = trim::trim_end(from_first);
        let start = line_start + lead;
        if content.starts_with(';') || content.starts_with('#') {
            return Some(Line::Comment(IniComment {
                span: Span::new(source, start, start + content.len()),
                text: &content[1..],
            }));
        }
        if content.is_empty() {
            return Some(Line::Blank);
        }
        if let Some(rest) = content.strip_prefix('[') {
            return Some(match rest.find(']') {
                Some(close) => Line::Header(
                    rest[..close].trim(),
                    Span::new(source, start, start + close + 2),
                ),
                None => Line::Junk(line_span),
            });
        }
        let Some(eq) = memchr::memchr(b'=', line.as_bytes()) else {
            return Some(Line::Junk(line_span));
        };
        let key_raw = &line[..eq];
        let key_from = trim::trim_start(key_raw);
        let key = trim::trim_end(key_from);
        let key_start = line_start + (key_raw.len() - key_from.len());
        let value_raw = &line[eq + 1..];
        let value_from = trim::trim_start(value_raw);
        let value = trim::trim_end(value_from);
        let value_start = line_start + eq + 1 + (value_raw.len() - value_from.len());
        Some(Line::Entry(IniEntry {
            key,
            value,
            key_span: Span::new(source, key_start, key_start + key.len()),
            value_span: Span::new(source, value_start, value_start + value.len()),
            line: line_span,
        }))
    }
}

impl<'a> Sections<'a> {
    /// The next line when it is a `key=value` entry written plainly: its
    /// first byte ASCII and not blank, `;`, `#`, `[` or `=`; no control
    /// character in it but its break (`\n` or `\r\n`, or the end of the
    /// text). Found in one pass, eight bytes at a time, not by a search for
    /// the break and then one for `=` (issue 15: about 400 instructions a
    /// line of a 10 MB `accountrc`). `None`, having moved nothing, for any
    /// other line: [`Sections::line`] reads it, and gives the same entry for
    /// a line this reads (tested on both paths).
    fn plain_entry(&mut self) -> Option<IniEntry<'a>> {
        let source = self.source;
        let line_start = self.offset;
        let text = self.text;
        let rest = text.as_bytes().get(line_start..)?;
        let first = *rest.first()?;
        if !first.is_ascii_graphic() || matches!(first, b';' | b'#' | b'[' | b'=') {
            return None;
        }
        // Sixteen bytes a step (`scan16`; issue 15).
        let eq = scan16::equals_or_control(rest, 1)?;
        if rest.get(eq) != Some(&b'=') {
            return None;
        }
        let stop = scan16::control(rest, eq + 1).unwrap_or(rest.len());
        let (line_len, raw_len) = match rest.get(stop..) {
            Some([]) => (stop, stop),
            Some([b'\n', ..]) => (stop, stop + 1),
            Some([b'\r', b'\n', ..]) => (stop, stop + 2),
            _ => return None,
        };
        let line = text.get(line_start..line_start + line_len)?;
        let key_raw = line.get(..eq)?;
        let key = trim::trim_end(key_raw);
        let value_raw = line.get(eq + 1..)?;
        let value_from = trim::trim_start(value_raw);
        let value = trim::trim_end(value_from);
        let value_start = line_start + eq + 1 + (value_raw.len() - value_from.len());
        self.offset += raw_len;
        Some(IniEntry {
            key,
            value,
            key_span: Span::new(source, line_start, line_start + key.len()),
            value_span: Span::new(source, value_start, value_start + value.len()),
            line: Span::new(source, line_start, line_start + line_len),
        })
    }
}

impl<'a> Iterator for Sections<'a> {
    type Item = IniSection<'a>;

    fn next(&mut self) -> Option<IniSection<'a>> {
        let room = self.last_len;
        let section = |(name, header)| IniSection::new(name, header, Vec::with_capacity(room));
        let mut current = self.header.take().map(section);
        loop {
            if self.fast {
                if let Some(e) = self.plain_entry() {
                    match current.as_mut() {
                        Some(s) => s.entries.push(e),
                        None => self.preamble.push(e),
                    }
                    continue;
                }
            }
            let Some(line) = self.line() else {
                break;
            };
            match line {
                Line::Blank => {}
                Line::Comment(c) => self.comments.push(c),
                Line::Junk(span) => self.junk.push(IniJunk { span }),
                Line::Header(name, header) => match current {
                    Some(done) => {
                        self.header = Some((name, header));
                        self.last_len = done.entries.len();
                        let mut done = done;
                        done.index();
                        return Some(done);
                    }
                    None => current = Some(section((name, header))),
                },
                Line::Entry(e) => match current.as_mut() {
                    Some(s) => s.entries.push(e),
                    None => self.preamble.push(e),
                },
            }
        }
        if let Some(s) = current.as_mut() {
            s.index();
        }
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::words::{below_space, equal_bytes, first_marked};

    /// [`parse`] with or without [`Sections::plain_entry`], written out.
    fn parsed_with(text: &str, fast: bool) -> String {
        let mut reader = sections(text, SourceId(0));
        reader.fast = fast;
        let sections: Vec<IniSection> = reader.by_ref().collect();
        format!(
            "{:?}\n{sections:?}\n{:?}\n{:?}",
            reader.preamble, reader.junk, reader.comments
        )
    }

    /// The one-pass reading of plain entries gives what the general path
    /// gives: every corpus and fixture file (whole and cut short), edge
    /// cases, generated texts.
    #[test]
    fn plain_entries_read_as_the_general_path_reads_them() {
        for path in crate::test_files::corpus_and_fixtures() {
            let Ok(file) = crate::source::SourceFile::read(SourceId(0), &path) else {
                continue;
            };
            let text = file.text.as_str();
            assert_eq!(
                parsed_with(text, true),
                parsed_with(text, false),
                "{path:?}"
            );
            if text.len() < 20_000 {
                for cut in (0..text.len())
                    .step_by(13)
                    .filter(|&c| text.is_char_boundary(c))
                {
                    let t = &text[..cut];
                    assert_eq!(
                        parsed_with(t, true),
                        parsed_with(t, false),
                        "{path:?} {cut}"
                    );
                }
            }
        }
        for text in [
            "",
            "a",
            "a=",
            "a=b",
            "a=b\n",
            "a=b\r\n",
            "a=b\r",
            "a=b\rc\n",
            "a=b\r\r\n",
            "a =b\n",
            "a= b\n",
            "a=b \n",
            "a=b\t\n",
            "a\t=b\n",
            "=b\n",
            " a=b\n",
            ";a=b\n",
            "#a=b\n",
            "[a]=b\n",
            "[s]\na=b\nc\nd=e=f\n",
            "a=\u{3000}b\u{3000}\n",
            "a\u{3000}=b\n",
            "日本=語\n",
            "a=日本語\r\n",
            "ab\ncd=\n",
            "abcdefghijklmnop=qrstuvwxyz0123456789\n",
            "a=b\u{0}c\n",
            "\u{7f}=b\n",
            "a\u{0b}=b\n",
            "[s]\r\nk=v\r\nk2 = v2 \r\n\r\n[t]\nx=\n",
        ] {
            assert_eq!(
                parsed_with(text, true),
                parsed_with(text, false),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_entries_agree_on_generated_texts(
            lines in proptest::collection::vec(
                "(\\[[ab ]{0,3}\\]|[ab;#=\\[ \t]{0,4}[a-z]{0,10}[= \t]{0,2}[a-z日\u{3000} \t=]{0,12}|)(\n|\r\n|\r|\r\r\n|)",
                0..20,
            )
        ) {
            let text = lines.concat();
            proptest::prop_assert_eq!(parsed_with(&text, true), parsed_with(&text, false));
        }
    }

    #[test]
    fn first_marked_agrees_with_a_look_at_each_byte() {
        let by_bytes = |b: &[u8], from: usize| {
            b.get(from..)?
                .iter()
                .position(|&c| c == b'=' || c < b' ')
                .map(|i| from + i)
        };
        let mark = |w: u64| equal_bytes(w, b'=') | below_space(w);
        for len in 0..20 {
            for special in [b'=', b'\n', b'\r', 0, 0x1f, b' ', b'>', 0x80, 0xff] {
                for at in 0..=len {
                    let mut v: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                    v.insert(at, special);
                    for from in 0..3 {
                        assert_eq!(
                            first_marked(&v, from, mark),
                            by_bytes(&v, from),
                            "{v:?} {from}"
                        );
                    }
                }
            }
        }
    }

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
        let mut parsed: Vec<String> = ini.preamble.iter().map(|e| e.key.to_string()).collect();
        for s in &ini.sections {
            parsed.push(format!("[{}]", s.name));
            parsed.extend(s.entries.iter().map(|e| e.key.to_string()));
        }
        assert_eq!(scanned, parsed);
    }

    /// A value located with the kept shared rewrite is the value located
    /// with `with_rewrite`: the same value, span, flags, and rewrite text.
    #[test]
    fn located_values_are_made_as_before() {
        let text = "[s]\na=b\nk = v w \nempty=\nq=\"x\"\n";
        for section in parse(text, SourceId(0)).sections {
            for e in &section.entries {
                let (new, old) = (e.located(), e.located_by_with_rewrite());
                assert_eq!(new, old);
                for s in ["", "x", " y", "a\nb", "日本"] {
                    let s = Str::from(s);
                    assert_eq!(new.write(&s), old.write(&s), "{s:?}");
                    assert_eq!(new.rewrite_text(&s), old.rewrite_text(&s));
                }
            }
        }
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "; c\r\n[Profile0]\r\nName = default \r\nPath=x.default\r\njunk\r\n";
        let ini = parse(text, SourceId(0));
        let s = &ini.sections[0];
        assert_eq!(s.name, "Profile0");
        let name = s.get("name").expect("entry");
        assert_eq!(name.value, "default");
        assert_eq!(&text[name.value_span.range()], "default");
        assert_eq!(&text[name.key_span.range()], "Name");
        assert_eq!(ini.junk.len(), 1);
        assert_eq!(&text[s.header.range()], "[Profile0]");
    }

    proptest::proptest! {
        /// Any text: no panic, and every suppression's spans slice the text.
        #[test]
        fn suppressions_never_panic(text in "([;#\\[\\]=a-z \\r\\n]|maillint: ignore(-file)? |\\PC){0,120}") {
            let ini = parse(&text, SourceId(0));
            for s in suppressions(&ini) {
                proptest::prop_assert!(text.get(s.comment.range()).is_some());
                if let Some(t) = s.target {
                    proptest::prop_assert!(text.get(t.range()).is_some());
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
        let at = |i: usize| s[i].target.map(|t| &text[t.range()]);
        assert_eq!(s.len(), 4);
        assert_eq!(at(0), None);
        assert_eq!(at(1), Some("A=1"));
        assert_eq!(s[1].reason.as_deref(), Some("old"));
        assert_eq!(at(2), Some("[Profile0]\nPath=x\nName=y"));
        assert_eq!(at(3), Some(""));
    }

    /// The index finds what a search of every entry finds, for every key of
    /// the section in three casings and some that are not there.
    fn same_lookups(section: &IniSection<'_>) {
        let mut keys: Vec<String> = Vec::new();
        for e in &section.entries {
            keys.extend([
                e.key.to_string(),
                e.key.to_ascii_lowercase(),
                e.key.to_ascii_uppercase(),
            ]);
        }
        keys.extend(["", "x", "signature_path_1 ", "ＫＥＹ"].map(String::from));
        for k in &keys {
            let same = |a: Option<&IniEntry>, b: Option<&IniEntry>| match (a, b) {
                (Some(a), Some(b)) => std::ptr::eq(a, b),
                (None, None) => true,
                _ => false,
            };
            assert!(same(section.get(k), section.get_by_search(k)), "{k:?}");
            let exact = section.entries.iter().rev().find(|e| e.key == k);
            assert!(same(section.get_exact(k), exact), "{k:?}");
        }
    }

    #[test]
    fn indexed_lookups_agree_on_the_corpus_and_fixtures() {
        let mut indexed = 0;
        for path in crate::test_files::corpus_and_fixtures() {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            if !text.contains('[') || !text.contains('=') {
                continue;
            }
            for section in parse(&text, SourceId(0)).sections {
                indexed += usize::from(section.index.is_some());
                same_lookups(&section);
            }
        }
        assert!(indexed > 0, "no section of sixteen keys or more found");
    }

    proptest::proptest! {
        /// Sections of repeated keys in mixed case, blanks, CRLF, junk.
        #[test]
        fn indexed_lookups_agree_on_generated_sections(lines in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("a=1"), proptest::strategy::Just("A=2"),
                proptest::strategy::Just("ab = 3\r"), proptest::strategy::Just("aB=4"),
                proptest::strategy::Just("signature_path_12=x"), proptest::strategy::Just("SIGNATURE_path_12=y"),
                proptest::strategy::Just("signature_path_21=z"), proptest::strategy::Just("=v"),
                proptest::strategy::Just("é=1"), proptest::strategy::Just("É=2"), proptest::strategy::Just("junk"),
                proptest::strategy::Just("[s]"), proptest::strategy::Just("; c"), proptest::strategy::Just("\0=\0"),
            ],
            0..120,
        )) {
            let text = lines.join("\n");
            let ini = parse(&text, SourceId(0));
            for section in &ini.sections {
                same_lookups(section);
            }
        }
    }
}
