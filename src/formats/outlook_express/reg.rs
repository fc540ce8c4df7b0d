//! Registry exports (`.reg`) as regedit writes them: `Windows Registry Editor
//! Version 5.00` (UTF-16LE with BOM) or `REGEDIT4` (the ANSI code page,
//! Shift_JIS on Japanese Windows); the source layer has decoded either.
//!
//! Syntax (formats.md §1.5, Wine's `regproc.c`): `[key]` and `[-key]` lines,
//! `"name"=...` or `@=...` values: `"text"` with `\\` and `\"` escapes,
//! `dword:0000024b`, `hex:..` and `hex(N):..` with `\` line continuation,
//! `-` to delete. Accounts are the subkeys of `Internet Account
//! Manager\Accounts` (with or without an identity) and of Outlook's
//! `OMI Account Manager`.

use super::values::{Prop, PropBag, PropValue};
use crate::catalogue::ParseKind;
use crate::formats::registry::{Fuzz, Grouping, Reader, Sniff};
use crate::formats::secret_names::SecretNames;
use crate::formats::trim;
use crate::formats::words::{equal_bytes, first_marked, same_bytes};
use crate::model::Format;
use crate::model::{Client, ParseProblem};
use crate::source::{SourceId, Span};
use std::borrow::Cow;

/// A registry export (`.reg`) of Outlook Express / Outlook accounts.
pub static READER: Reader = Reader {
    format: Format("reg"),
    clients: &[Client::OutlookExpress, Client::Outlook],
    sniff: Sniff::Text(looks_like_reg),
    names: &[],
    extensions: &[".reg"],
    walk: &[".reg"],
    unit: Grouping::File,
    binary: None,
    discover: None,
    read: super::read_reg,
    fuzz: Fuzz {
        target: "reg",
        sample_name: "fuzz.reg",
    },
    module: module_path!(),
};

/// One key of the export, with its values merged as an import merges them.
#[derive(Clone, Debug)]
/// Its values borrow from the text when written without escapes.
pub struct RegKey<'a> {
    pub path: String,
    /// The first `[key]` line of this path.
    pub header: Span,
    pub values: PropBag<'a>,
    /// The account the key's path names, when it was decided as the key
    /// started ([`parse_accounts`]; then only the values that account's
    /// reader asks for are in `values`); `None`: not decided, every value
    /// kept.
    pub account: Option<KeyAccount>,
}

/// The account a key's path names (see [`key_account`]).
#[derive(Clone, Debug, PartialEq)]
pub enum KeyAccount {
    /// An Outlook mail profile's account: its reader asks for names of its
    /// own, so every value is kept.
    Profile(crate::formats::outlook_profile::ProfileAccount),
    /// An Internet Account Manager account: only the values whose names
    /// `values::assemble` asks for (`values::known_name`) are kept.
    Express(AccountKey),
    /// No account's key: no value is kept (its secrets and problems are).
    Neither,
}

/// The account `path` names, as the `.reg` reader reads a key: an Outlook
/// profile's account first, else an Internet Account Manager's.
pub fn key_account(path: &str) -> KeyAccount {
    if let Some(p) = crate::formats::outlook_profile::account_key(path) {
        return KeyAccount::Profile(p);
    }
    match account_key(path) {
        Some(a) => KeyAccount::Express(a),
        None => KeyAccount::Neither,
    }
}

/// Which values of the key being read are stored.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Keep {
    All,
    /// Those whose name `values::assemble` asks for.
    Known,
    Nothing,
}

#[derive(Debug, Default)]
pub struct RegFile<'a> {
    pub keys: Vec<RegKey<'a>>,
    pub problems: Vec<ParseProblem>,
    /// Where password values are (masked before anything is shown).
    pub secrets: Vec<Span>,
}

/// The most binary data kept for one value: account strings are short, and
/// a big blob (a PST's entry id) is never read as text.
const MAX_BINARY: usize = 4096;

/// The two headers regedit writes.
pub const HEADER_V5: &str = "Windows Registry Editor Version 5.00";
pub const HEADER_V4: &str = "REGEDIT4";

/// Whether `text` starts like a registry export.
pub fn looks_like_reg(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .lines()
        .next()
        .unwrap_or("")
        .trim();
    first.eq_ignore_ascii_case(HEADER_V5) || first.eq_ignore_ascii_case(HEADER_V4)
}

/// `value` as the content of a quoted `.reg` string (between its quotes):
/// regedit escapes only `\\` and `"`.
pub fn quote_content(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The physical line starting at byte `at` of `text`, without its line
/// break, and where the line after it starts; `None` at the end of the text.
/// `\n`, `\r\n` and a lone `\r` each end a line (as in the source layer's
/// index); the breaks of a line's end are taken together (`a\r\r\n` is one
/// line). Found on demand: a list of every line was a quarter of the memory
/// of reading a big export (issue 15).
fn line_at(text: &str, at: usize) -> Option<(usize, &str, usize)> {
    let rest = text.get(at..).filter(|r| !r.is_empty())?;
    let bytes = rest.as_bytes();
    let Some(brk) = memchr::memchr2(b'\n', b'\r', bytes) else {
        return Some((at, rest, text.len()));
    };
    let line = &rest[..brk];
    if bytes[brk] == b'\n' {
        return Some((at, line, at + brk + 1));
    }
    // `\r`: the end of the line when only `\r`s and then `\n` or the end
    // of the text follow; else a lone `\r`, which ends this line alone.
    let crs = bytes[brk..].iter().take_while(|&&b| b == b'\r').count();
    Some(match bytes.get(brk + crs) {
        None => (at, line, text.len()),
        Some(b'\n') => (at, line, at + brk + crs + 1),
        Some(_) => (at, line, at + brk + 1),
    })
}

fn problem(kind: ParseKind, span: Span, detail: Option<String>) -> ParseProblem {
    ParseProblem {
        kind,
        span,
        detail,
        related: Vec::new(),
    }
}

/// A quoted string starting at `s[0] == '"'`: its value, the byte length up to
/// and including the closing quote, and whether it had escapes.
fn quoted(s: &str) -> Option<(Cow<'_, str>, usize, bool)> {
    // Most strings hold no escape: their value is the text up to the next
    // quote, borrowed (issue 15: pushed a char at a time, this was a sixth
    // of reading a 10 MB export; copied, its allocation and freeing were).
    let body = s.as_bytes().get(1..).unwrap_or_default();
    match quote_or_backslash(body) {
        Some(q) if body[q] == b'"' => {
            return s.get(1..1 + q).map(|v| (Cow::Borrowed(v), q + 2, false));
        }
        None => return None,
        Some(_) => {}
    }
    let mut out = String::new();
    let mut escaped = false;
    let mut iter = s.char_indices().skip(1);
    while let Some((i, c)) = iter.next() {
        match c {
            '"' => return Some((Cow::Owned(out), i + 1, escaped)),
            '\\' => {
                escaped = true;
                match iter.next() {
                    Some((_, '\\')) => out.push('\\'),
                    Some((_, '"')) => out.push('"'),
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, '0')) => out.push('\0'),
                    Some((_, other)) => {
                        out.push('\\');
                        out.push(other);
                    }
                    None => return None,
                }
            }
            _ => out.push(c),
        }
    }
    None
}

/// Where the first `"` or `\\` of `bytes` is: eight bytes at a time
/// (issue 15: a byte at a time, finding the end of the names and values was
/// a fifth of reading a 10 MB export; `memchr2`'s set-up costs as much on
/// strings this short).
fn quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    first_marked(bytes, 0, |w| equal_bytes(w, b'"') | equal_bytes(w, b'\\'))
}

/// Where the string whose body starts `bytes` ends: its closing `"`, when
/// before it comes no `\\` and no control character (so no line break);
/// else `None`.
/// Sixteen bytes a step (`scan16`; issue 15: eight at a time, the two
/// searches of a value line were a fifth of reading it).
#[inline]
fn plain_string_end(bytes: &[u8]) -> Option<usize> {
    let i = crate::formats::scan16::quote_backslash_control(bytes, 0)?;
    (bytes.get(i) == Some(&b'"')).then_some(i)
}

/// What the reader knows of a value name: whether it holds a secret, and
/// its number among the names `assemble` asks for.
#[derive(Clone, Copy, Debug)]
struct NameInfo {
    secret: bool,
    /// A byte, not a `usize`: the list of names before is read and written
    /// once a line (issue 15); `KNOWN` has some forty names.
    known: Option<u8>,
}

impl NameInfo {
    fn new(secret: bool, known: Option<usize>) -> NameInfo {
        NameInfo {
            secret,
            known: known.and_then(|k| u8::try_from(k).ok()),
        }
    }

    fn known(self) -> Option<usize> {
        self.known.map(usize::from)
    }
}

struct Parser<'a, 's> {
    source: SourceId,
    /// The file's line break, for values a fix adds.
    newline: &'static str,
    text: &'a str,
    out: RegFile<'a>,
    /// Index into `out.keys` of the key values go to.
    current: Option<usize>,
    /// `out.keys` by lower-case path: a key named again (regedit merges
    /// them) is found without a search, so a file of N keys reads in linear
    /// time.
    index: std::collections::HashMap<String, usize, ahash::RandomState>,
    /// Which value names hold a secret, judged once per shape of name.
    secret_names: SecretNames,
    /// ... and once per name written without escapes, looked up borrowed
    /// (every key repeats the same names; issue 15), with its number among
    /// the names `assemble` asks for.
    secret_known: std::collections::HashMap<&'a str, NameInfo, ahash::RandomState>,
    /// The names of the values of the key before, in order, and of this
    /// key so far: a key's `n`th value is most often named as the `n`th of
    /// the key before (an export writes its accounts alike), so its
    /// [`NameInfo`] is taken from there after one comparison, not hashed.
    names_before: Vec<(&'a [u8], NameInfo)>,
    names_now: Vec<(&'a [u8], NameInfo)>,
    /// Read a line written as regedit writes it in one pass
    /// ([`Parser::plain_value_line`]); off: every line by the general path
    /// (the tests' oracle).
    fast: bool,
    /// Where each key goes once the next one starts (see [`parse_each`]);
    /// `None`: every key stays in `out.keys`.
    sink: Option<&'s mut dyn FnMut(RegKey<'a>)>,
    /// How many values the key read last had.
    last_len: usize,
    /// Decide each new key's account as it starts, and store only the
    /// values its reader asks for ([`parse_accounts`]).
    by_account: bool,
    /// Which values of the current key are stored.
    keep: Keep,
    /// Each new key's account, its parent's parts read once.
    accounts: parent::Accounts,
}

/// Parse a registry export.
pub fn parse(text: &str, source: SourceId) -> RegFile<'_> {
    let mut p = Parser::new(text, source, None);
    p.run();
    p.out
}

/// [`parse`], giving each key to `each` in file order, and as soon as it is
/// whole when that is known while reading: when no key is named twice (an
/// import merges a key named again) and none is deleted (`[-key]`), a key is
/// whole when the next one starts, and only the key being read is held
/// (issue 15: the values of every key of a 10 MB export were four times the
/// memory of its text). The returned file has no keys.
/// `lines` is [`key_lines`] of the same text.
pub fn parse_each<'a>(
    text: &'a str,
    source: SourceId,
    lines: &KeyLines,
    each: &mut dyn FnMut(RegKey<'a>),
) -> RegFile<'a> {
    parse_each_by(text, source, lines, false, each)
}

/// [`parse_each`] for the accounts reader: when keys are given as they are
/// read, each key's account is decided as it starts ([`key_account`], in
/// [`RegKey::account`]) and only the values that account's reader asks for
/// are stored (issue 15: most values of an export are ones no reader asks
/// for, and storing each was a fifth of reading a 10 MB export). Secrets
/// and problems are those of every value, as [`parse_each`] finds them.
/// Keys given at the end (a key named twice or deleted) keep every value
/// and are not decided.
pub fn parse_accounts<'a>(
    text: &'a str,
    source: SourceId,
    lines: &KeyLines,
    each: &mut dyn FnMut(RegKey<'a>),
) -> RegFile<'a> {
    parse_each_by(text, source, lines, true, each)
}

fn parse_each_by<'a>(
    text: &'a str,
    source: SourceId,
    lines: &KeyLines,
    by_account: bool,
    each: &mut dyn FnMut(RegKey<'a>),
) -> RegFile<'a> {
    let mut out = match lines.whole {
        Some(_) => {
            let mut p = Parser::new(text, source, Some(&mut *each));
            p.by_account = by_account;
            p.run();
            p.out
        }
        None => parse(text, source),
    };
    for key in out.keys.drain(..) {
        each(key);
    }
    out
}

/// What [`key_lines`] found.
pub struct KeyLines {
    /// How many keys, when every key is whole when the next one starts.
    whole: Option<usize>,
}

impl KeyLines {
    /// How many keys the text has, when [`parse_each`] can give each as soon
    /// as it is read (else it gives them all at the end).
    pub fn count(&self) -> Option<usize> {
        self.whole
    }
}

/// How many key lines `text` has, when no key path is named twice and no
/// `[-key]` line deletes one (then every key is whole when the next one
/// starts). A key line is a line whose first character
/// other than blanks is `[`, with a `]` after it: every such line counts
/// (one inside a continued `hex:` value too), so a doubt answers `None`.
/// The `[`s are found with `memchr`, not line by line.
pub fn key_lines(text: &str) -> KeyLines {
    KeyLines {
        whole: count_whole_keys(text),
    }
}

fn count_whole_keys(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    // ahash, not SipHash: a path of some eighty bytes a key (issue 15).
    let mut seen: std::collections::HashSet<String, ahash::RandomState> =
        std::collections::HashSet::default();
    for at in memchr::memchr_iter(b'[', bytes) {
        let head = bytes.get(..at).unwrap_or_default();
        let line_start = memchr::memrchr2(b'\n', b'\r', head).map_or(0, |i| i + 1);
        if !text
            .get(line_start..at)
            .unwrap_or_default()
            .trim_start()
            .is_empty()
        {
            continue;
        }
        let rest = text.get(at + 1..).unwrap_or_default();
        let line = &rest[..memchr::memchr2(b'\n', b'\r', rest.as_bytes()).unwrap_or(rest.len())];
        let Some(close) = line.trim_end().rfind(']') else {
            continue;
        };
        let inner = &line[..close];
        if inner.starts_with('-') {
            return None;
        }
        let path = inner.trim().trim_end_matches('\\').to_ascii_lowercase();
        if !seen.insert(path) {
            return None;
        }
    }
    Some(seen.len())
}

impl<'a, 's> Parser<'a, 's> {
    fn new(text: &'a str, source: SourceId, sink: Option<&'s mut dyn FnMut(RegKey<'a>)>) -> Self {
        Parser {
            source,
            newline: if text.contains("\r\n") { "\r\n" } else { "\n" },
            text,
            out: RegFile::default(),
            current: None,
            index: std::collections::HashMap::default(),
            secret_names: SecretNames::new(),
            secret_known: std::collections::HashMap::default(),
            names_before: Vec::new(),
            names_now: Vec::new(),
            fast: true,
            sink,
            last_len: 0,
            by_account: false,
            keep: Keep::All,
            accounts: parent::Accounts::default(),
        }
    }

    /// Whether the value name `raw` (written without escapes) is a secret's,
    /// and its number in the names `assemble` asks for.
    /// The name at its place in the key before is answered inline (issue
    /// 15: the call was about sixty instructions a line); any other is
    /// looked up out of line.
    /// `raw` is the name's bytes, `start` where they are in the text.
    #[inline(always)]
    fn name_info(&mut self, raw: &'a [u8], start: usize) -> NameInfo {
        let at = self.names_now.len();
        let info = match self.names_before.get(at) {
            Some(&(before, info)) if same_bytes(before, raw) => info,
            _ => self.name_info_looked_up(raw, start),
        };
        self.names_now.push((raw, info));
        info
    }

    /// [`Parser::name_info`] of a name not at its place in the key before.
    #[inline(never)]
    fn name_info_looked_up(&mut self, raw: &'a [u8], start: usize) -> NameInfo {
        // The name lies between two quotes, so it is the text's there.
        let text: &'a str = self.text;
        let Some(raw) = text.get(start..start.saturating_add(raw.len())) else {
            let name = String::from_utf8_lossy(raw);
            let known = super::values::known_name(&name);
            return NameInfo::new(self.secret_names.is_secret(&name), known);
        };
        match self.secret_known.get(raw) {
            Some(&info) => info,
            None => {
                let known = super::values::known_name(raw);
                let info = NameInfo::new(self.secret_names.is_secret(raw), known);
                self.secret_known.insert(raw, info);
                info
            }
        }
    }

    /// A value line as regedit writes it, `"name"="text"` or
    /// `"name"=dword:` and one to eight hex digits, at `at` (a line's start)
    /// and ended by `\r\n`, `\n` or the end of the text, with no escape, no
    /// control character inside its quotes and no blank around `=`: read in
    /// one pass (issue 15: found line by line, trimmed and parsed piece by
    /// piece, a value line cost about 700 instructions). Returns where the
    /// next line starts, or `None`, having changed nothing, for any other
    /// line (then [`Parser::value_line`] reads it): what it stores is what
    /// that path stores for the same line (tested on both paths).
    fn plain_value_line(&mut self, at: usize) -> Option<usize> {
        let key = self.current?;
        let text = self.text;
        let bytes = text.as_bytes();
        let rest = bytes.get(at..)?;
        if rest.first() != Some(&b'"') {
            return None;
        }
        // `name_end`: the name's closing quote, relative to `at`.
        let name_end = 1 + plain_string_end(rest.get(1..)?)?;
        if rest.get(name_end + 1) != Some(&b'=') {
            return None;
        }
        let data = name_end + 2;
        let (value_kind, data_end) = match rest.get(data)? {
            b'"' => {
                let close = data + 1 + plain_string_end(rest.get(data + 1..)?)?;
                (None, close + 1)
            }
            b'd' | b'D' => {
                let head = rest.get(data..data + 6)?;
                if !head.eq_ignore_ascii_case(b"dword:") {
                    return None;
                }
                let digits = data + 6;
                let count = rest
                    .get(digits..)?
                    .iter()
                    .take(9)
                    .take_while(|b| b.is_ascii_hexdigit())
                    .count();
                if count == 0 || count > 8 {
                    return None;
                }
                let hex = text.get(at + digits..at + digits + count)?;
                let n = u32::from_str_radix(hex, 16).ok()?;
                (Some(n), digits + count)
            }
            _ => return None,
        };
        let next = match rest.get(data_end..)? {
            [] => data_end,
            [b'\n', ..] => data_end + 1,
            [b'\r', b'\n', ..] => data_end + 2,
            _ => return None,
        };
        let raw = rest.get(1..name_end)?;
        // From here on the line is this path's.
        let info = self.name_info(raw, at + 1);
        let keep = self.keeps(info.known());
        if !keep && !info.secret {
            // Neither stored nor masked: nothing more to make (most lines
            // of an export, whose names no reader asks for; issue 15).
            return Some(at + next);
        }
        let name_span = self.span(at, at + name_end + 1);
        let (value, span, verbatim) = match value_kind {
            None => {
                let span = self.span(at + data + 1, at + data_end - 1);
                let value = if info.secret || !keep {
                    PropValue::Secret {
                        non_empty: span.start < span.end,
                    }
                } else {
                    let s = text.get(span.range()).unwrap_or_default();
                    PropValue::Text(Cow::Borrowed(s))
                };
                (value, span, true)
            }
            Some(n) => {
                let span = self.span(at + data, at + data_end);
                let value = if info.secret {
                    PropValue::Secret { non_empty: true }
                } else {
                    PropValue::Number(i64::from(n))
                };
                (value, span, false)
            }
        };
        if info.secret {
            self.out.secrets.push(span);
        }
        if !keep {
            return Some(at + next);
        }
        if let Some(k) = self.out.keys.get_mut(key) {
            k.values.push_known(
                Prop {
                    name: Cow::Borrowed(text.get(at + 1..at + name_end).unwrap_or_default()),
                    name_span,
                    value,
                    span,
                    verbatim,
                },
                info.known(),
            );
        }
        Some(at + next)
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.source, start, end)
    }

    /// Whether a value of the current key whose name is `known` (its number
    /// among the names `assemble` asks for) is stored.
    fn keeps(&self, known: Option<usize>) -> bool {
        match self.keep {
            Keep::All => true,
            Keep::Known => known.is_some(),
            Keep::Nothing => false,
        }
    }

    fn run(&mut self) {
        let mut i = 0;
        let mut header_seen = false;
        loop {
            if header_seen && self.fast {
                if let Some(next) = self.plain_value_line(i) {
                    i = next;
                    continue;
                }
            }
            let Some((start, line, next)) = line_at(self.text, i) else {
                break;
            };
            i = next;
            let from_first = trim::trim_start(line);
            let lead = line.len() - from_first.len();
            let content = trim::trim_end(from_first);
            let at = start + lead;
            if content.is_empty() || content.starts_with(';') {
                continue;
            }
            if !header_seen {
                header_seen = true;
                let c = content.trim_start_matches('\u{feff}');
                if c.eq_ignore_ascii_case(HEADER_V5) || c.eq_ignore_ascii_case(HEADER_V4) {
                    continue;
                }
                self.out.problems.push(problem(
                    ParseKind::RegHeader,
                    self.span(at, at + content.len()),
                    None,
                ));
                // Carry on: the rest may still be readable.
            }
            if let Some(rest) = content.strip_prefix('[') {
                self.key_line(rest, at, content.len());
                continue;
            }
            if content.starts_with('"') || content.starts_with('@') {
                i = self.value_line(i, at, content);
                continue;
            }
            self.out.problems.push(problem(
                ParseKind::RegSyntax,
                self.span(at, at + content.len()),
                None,
            ));
        }
    }

    fn key_line(&mut self, rest: &str, at: usize, len: usize) {
        let whole = self.span(at, at + len);
        let Some(close) = rest.rfind(']') else {
            self.out
                .problems
                .push(problem(ParseKind::RegKeyUnclosed, whole, None));
            self.current = None;
            return;
        };
        let inner = &rest[..close];
        if let Some(deleted) = inner.strip_prefix('-') {
            // `[-key]` deletes the key and all its subkeys on import.
            let path = deleted.trim().to_ascii_lowercase();
            let sub = format!("{path}\\");
            let before = self.out.keys.len();
            self.out.keys.retain(|k| {
                let p = k.path.to_ascii_lowercase();
                p != path && !p.starts_with(&sub)
            });
            if self.out.keys.len() != before {
                self.index = (self.out.keys.iter().enumerate())
                    .map(|(i, k)| (k.path.to_ascii_lowercase(), i))
                    .collect();
            }
            self.current = None;
            return;
        }
        let path = inner.trim().trim_end_matches('\\').to_string();
        let lower = path.to_ascii_lowercase();
        self.current = Some(match self.index.get(&lower) {
            Some(&idx) => {
                self.keep = Keep::All;
                idx
            }
            None => {
                if let Some(last) = self.out.keys.last() {
                    self.last_len = last.values.props.len();
                }
                if !self.names_now.is_empty() {
                    std::mem::swap(&mut self.names_before, &mut self.names_now);
                    self.names_now.clear();
                }
                if let Some(sink) = self.sink.as_mut() {
                    // The keys before are whole: no later line adds to them.
                    for key in self.out.keys.drain(..) {
                        sink(key);
                    }
                    self.index.clear();
                }
                let header = self.span(at, at + close + 2);
                let mut values = PropBag::of(super::values::PropSyntax::Reg);
                // Keys of one export are alike: room for as many values as
                // the key before had, so that the list is not copied as it
                // grows (only when each key is given on at once: else room
                // made for nothing would be held to the end).
                if self.sink.is_some() {
                    values.props.reserve(self.last_len);
                }
                values.insert_at = Some((
                    self.span(header.end as usize, header.end as usize),
                    self.newline,
                ));
                values.keep_known();
                // Only when each key is given on at once: a key given at the
                // end may be named again, and its values merged.
                let account =
                    (self.by_account && self.sink.is_some()).then(|| self.accounts.of(&path));
                self.keep = match account {
                    None | Some(KeyAccount::Profile(_)) => Keep::All,
                    Some(KeyAccount::Express(_)) => Keep::Known,
                    Some(KeyAccount::Neither) => Keep::Nothing,
                };
                self.out.keys.push(RegKey {
                    path,
                    header,
                    values,
                    account,
                });
                self.index.insert(lower, self.out.keys.len() - 1);
                self.out.keys.len() - 1
            }
        });
    }

    /// A value line at `at`; returns where the next line to read starts
    /// (after any continuation lines); `next` is where the line after this
    /// one starts.
    fn value_line(&mut self, next: usize, at: usize, content: &'a str) -> usize {
        let line_span = self.span(at, at + content.len());
        // The name as written, when that is the name (no escapes).
        let mut name_raw = None;
        let (name, name_len) = if content.starts_with('@') {
            (Cow::Borrowed("@"), 1)
        } else {
            match quoted(content) {
                Some((n, len, escaped)) => {
                    name_raw = (!escaped).then(|| content.get(1..len - 1)).flatten();
                    (n, len)
                }
                None => {
                    self.out.problems.push(problem(
                        ParseKind::RegUnterminatedName,
                        line_span,
                        None,
                    ));
                    return next;
                }
            }
        };
        let name_span = self.span(at, at + name_len);
        let after = &content[name_len..];
        let trimmed = trim::trim_start(after);
        let Some(data) = trimmed.strip_prefix('=') else {
            self.out.problems.push(problem(
                ParseKind::RegMissingEquals,
                line_span,
                Some(format!("\"{name}\"")),
            ));
            return next;
        };
        let data_from = trim::trim_start(data);
        let data_lead = data.len() - data_from.len();
        let data_at = at + name_len + (after.len() - trimmed.len()) + 1 + data_lead;
        let data = trim::trim_end(data_from);
        let Some(key) = self.current else {
            self.out
                .problems
                .push(problem(ParseKind::RegValueBeforeKey, line_span, None));
            return skip_continuations(self.text, next, data);
        };
        let info = match name_raw {
            Some(raw) => self.name_info(raw.as_bytes(), at + 1),
            None => NameInfo::new(
                self.secret_names.is_secret(&name),
                super::values::known_name(&name),
            ),
        };
        let secret = info.secret;
        let (value, span, verbatim, next) = if data == "-" {
            if let Some(k) = self.out.keys.get_mut(key) {
                k.values.delete(&name);
            }
            return next;
        } else if data.starts_with('"') {
            match quoted(data) {
                Some((s, len, escaped)) => {
                    let span = self.span(data_at + 1, data_at + len.saturating_sub(1));
                    let v = if secret {
                        PropValue::Secret {
                            non_empty: !s.is_empty(),
                        }
                    } else {
                        PropValue::Text(s)
                    };
                    (v, span, !escaped, next)
                }
                None => {
                    let span = self.span(data_at, data_at + data.len());
                    if secret {
                        self.out.secrets.push(span);
                    }
                    self.out.problems.push(problem(
                        ParseKind::RegUnterminatedString,
                        span,
                        Some(format!("\"{name}\"")),
                    ));
                    return next;
                }
            }
        } else if let Some(hex) = strip_prefix_ci(data, "dword:") {
            let span = self.span(data_at, data_at + data.len());
            let digits = hex.trim();
            match u32::from_str_radix(digits, 16) {
                Ok(n) if !digits.is_empty() && digits.len() <= 8 && !digits.starts_with('+') => {
                    let v = if secret {
                        PropValue::Secret { non_empty: true }
                    } else {
                        PropValue::Number(i64::from(n))
                    };
                    (v, span, false, next)
                }
                _ => {
                    let detail = if secret {
                        self.out.secrets.push(span);
                        format!("\"{name}\"")
                    } else {
                        format!("\"{name}\"=dword:{digits}")
                    };
                    self.out
                        .problems
                        .push(problem(ParseKind::RegBadDword, span, Some(detail)));
                    return next;
                }
            }
        } else if strip_prefix_ci(data, "hex").is_some() {
            self.hex_value(next, data_at, data, &name, secret)
        } else {
            if secret {
                self.out
                    .secrets
                    .push(self.span(data_at, data_at + data.len()));
            }
            self.out.problems.push(problem(
                ParseKind::RegBadData,
                self.span(data_at, data_at + data.len()),
                Some(format!("\"{name}\"")),
            ));
            return next;
        };
        if secret {
            self.out.secrets.push(span);
        }
        if !self.keeps(info.known()) {
            return next;
        }
        if let Some(k) = self.out.keys.get_mut(key) {
            k.values.push_known(
                Prop {
                    name,
                    name_span,
                    value,
                    span,
                    verbatim,
                },
                info.known(),
            );
        }
        next
    }

    /// `hex:..` or `hex(N):..`, joined over `\` continuation lines. Password
    /// data is never decoded: only whether it holds any byte.
    fn hex_value(
        &mut self,
        mut next: usize,
        data_at: usize,
        data: &str,
        name: &str,
        secret: bool,
    ) -> (PropValue<'a>, Span, bool, usize) {
        let Some(colon) = data.find(':') else {
            let span = self.span(data_at, data_at + data.len());
            self.out.problems.push(problem(
                ParseKind::RegBadHex,
                span,
                Some(format!("\"{name}\"")),
            ));
            return (PropValue::Other, span, false, next);
        };
        let kind = &data[3..colon];
        let kind_ok = kind.is_empty()
            || (kind.starts_with('(')
                && kind.ends_with(')')
                && kind.len() > 2
                && kind[1..kind.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_hexdigit()));
        let mut body = data[colon + 1..].trim().to_string();
        let mut end = data_at + data.len();
        while body.ends_with('\\') {
            body.pop();
            // regedit goes on past blank and `;` comment lines (Wine's
            // reg/import.c, hex_multiline_state).
            while let Some((_, l, after)) = line_at(self.text, next) {
                if !is_blank_or_comment(l) {
                    break;
                }
                next = after;
            }
            let Some((start, line, after)) = line_at(self.text, next) else {
                break;
            };
            next = after;
            body.push_str(line.trim());
            end = start + line.trim_end().len();
        }
        let span = self.span(data_at, end);
        let mut count = 0usize;
        let mut bad = !kind_ok;
        // Outlook's profile keys keep their strings as REG_BINARY UTF-16, so
        // binary data is kept (never a password's: only its presence).
        let mut bytes = Vec::new();
        for b in body.split(',').map(str::trim) {
            if b.is_empty() {
                continue;
            }
            match u8::from_str_radix(b, 16) {
                Ok(v) if b.len() <= 2 && !b.starts_with('+') => {
                    if !secret && bytes.len() < MAX_BINARY {
                        bytes.push(v);
                    }
                }
                _ => bad = true,
            }
            count += 1;
        }
        if bad {
            // Never quote a password's data in the detail.
            let detail = if secret {
                format!("\"{name}\"")
            } else {
                format!("\"{name}\"={}", truncate(data, 40))
            };
            self.out
                .problems
                .push(problem(ParseKind::RegBadHex, span, Some(detail)));
        }
        let value = if secret {
            PropValue::Secret {
                non_empty: count > 0,
            }
        } else if kind.is_empty() && !bad {
            PropValue::Binary(bytes)
        } else {
            PropValue::Other
        };
        (value, span, false, next)
    }
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Skip the continuation lines of a value that is not stored.
fn skip_continuations(text: &str, mut next: usize, data: &str) -> usize {
    let mut cont = data.trim_end().ends_with('\\');
    while cont {
        let Some((_, line, after)) = line_at(text, next) else {
            break;
        };
        next = after;
        if !is_blank_or_comment(line) {
            cont = line.trim_end().ends_with('\\');
        }
    }
    next
}

/// A line regedit skips inside a continued hex value.
fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    t.trim_end().is_empty() || t.starts_with(';')
}

/// Where an account lives in the registry, from its key path.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountKey {
    pub client: Client,
    /// The account id: the subkey name, with the identity when there is one.
    pub id: String,
}

impl AccountKey {
    /// The account `id` under Outlook's OMI manager (`omi`) or Outlook
    /// Express's, in the identity named by the part after `Identities`
    /// when that part is a `{GUID}`.
    fn new(omi: bool, identity: Option<&str>, id: &str) -> AccountKey {
        let id = match identity.filter(|g| g.starts_with('{')) {
            Some(g) => format!("{g}\\{id}"),
            None => id.to_string(),
        };
        AccountKey {
            client: if omi {
                Client::Outlook
            } else {
                Client::OutlookExpress
            },
            id,
        }
    }
}

/// The account a key path holds, if any: `...\Internet Account
/// Manager\Accounts\<id>` (Outlook Express, with or without an identity) or
/// `...\OMI Account Manager\[Accounts\]<id>` (Outlook's Internet-only mode).
/// The path's parts are walked once, not collected into a list (issue 15:
/// asked of every key of an export, the list was 2,000 instructions a key);
/// the list's reading is kept as the tests' oracle.
pub fn account_key(path: &str) -> Option<AccountKey> {
    let mut parts = path.split('\\');
    // The part after the first `Identities` (the identity's `{GUID}`).
    let mut identity = None;
    let mut identities_seen = false;
    let mut after_identities = false;
    let omi = loop {
        let part = parts.next()?;
        if after_identities {
            identity = Some(part);
            after_identities = false;
        }
        if part.eq_ignore_ascii_case("Internet Account Manager") {
            break false;
        }
        if part.eq_ignore_ascii_case("OMI Account Manager") {
            break true;
        }
        if !identities_seen && part.eq_ignore_ascii_case("Identities") {
            identities_seen = true;
            after_identities = true;
        }
    };
    // After the manager: `Accounts\<id>`, or `<digits>` under OMI's. An
    // `Identities` there is never followed by a part (the id is the last),
    // so the identity is the one found before.
    let id = match (parts.next(), parts.next(), parts.next()) {
        (Some(accounts), Some(id), None) if accounts.eq_ignore_ascii_case("Accounts") => id,
        (Some(id), None, _) if omi && !id.is_empty() && id.bytes().all(|c| c.is_ascii_digit()) => {
            id
        }
        _ => return None,
    };
    Some(AccountKey::new(omi, identity, id))
}

mod parent;
#[cfg(test)]
pub(crate) mod tests;
