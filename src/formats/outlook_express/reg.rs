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
use crate::model::Format;
use crate::model::{Client, ParseProblem};
use crate::source::{SourceId, Span};

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
pub struct RegKey {
    pub path: String,
    /// The first `[key]` line of this path.
    pub header: Span,
    pub values: PropBag,
}

#[derive(Debug, Default)]
pub struct RegFile {
    pub keys: Vec<RegKey>,
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

/// Physical lines with their start offsets, without line breaks.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        // A lone '\r' also ends a line (as in the source layer's index).
        let mut inner = 0;
        for part in line.split('\r') {
            out.push((offset + inner, part));
            inner += part.len() + 1;
        }
        offset += raw.len();
    }
    out
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
fn quoted(s: &str) -> Option<(String, usize, bool)> {
    // Most strings hold no escape: their value is the text up to the next
    // quote, copied at once (issue 15: pushed a char at a time, this was
    // a sixth of reading a 10 MB export).
    let body = s.as_bytes().get(1..).unwrap_or_default();
    match body.iter().position(|&b| b == b'"' || b == b'\\') {
        Some(q) if body[q] == b'"' => {
            return s.get(1..1 + q).map(|v| (v.to_string(), q + 2, false));
        }
        None => return None,
        Some(_) => {}
    }
    let mut out = String::new();
    let mut escaped = false;
    let mut iter = s.char_indices().skip(1);
    while let Some((i, c)) = iter.next() {
        match c {
            '"' => return Some((out, i + 1, escaped)),
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

struct Parser<'a> {
    source: SourceId,
    /// The file's line break, for values a fix adds.
    newline: &'static str,
    lines: Vec<(usize, &'a str)>,
    out: RegFile,
    /// Index into `out.keys` of the key values go to.
    current: Option<usize>,
    /// `out.keys` by lower-case path: a key named again (regedit merges
    /// them) is found without a search, so a file of N keys reads in linear
    /// time.
    index: std::collections::HashMap<String, usize>,
    /// Which value names hold a secret, judged once per shape of name.
    secret_names: SecretNames,
}

/// Parse a registry export.
pub fn parse(text: &str, source: SourceId) -> RegFile {
    let mut p = Parser {
        source,
        newline: if text.contains("\r\n") { "\r\n" } else { "\n" },
        lines: lines(text),
        out: RegFile::default(),
        current: None,
        index: std::collections::HashMap::new(),
        secret_names: SecretNames::new(),
    };
    p.run();
    p.out
}

impl Parser<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.source, start, end)
    }

    fn run(&mut self) {
        let mut i = 0;
        let mut header_seen = false;
        while i < self.lines.len() {
            let (start, line) = self.lines[i];
            i += 1;
            let lead = line.len() - line.trim_start().len();
            let content = line.trim();
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
            Some(&idx) => idx,
            None => {
                let header = self.span(at, at + close + 2);
                let mut values = PropBag::of(super::values::PropSyntax::Reg);
                values.insert_at = Some((self.span(header.end, header.end), self.newline));
                self.out.keys.push(RegKey {
                    path,
                    header,
                    values,
                });
                self.index.insert(lower, self.out.keys.len() - 1);
                self.out.keys.len() - 1
            }
        });
    }

    /// A value line at `at`; returns the index of the next line to read
    /// (after any continuation lines).
    fn value_line(&mut self, next: usize, at: usize, content: &str) -> usize {
        let line_span = self.span(at, at + content.len());
        let (name, name_len) = if content.starts_with('@') {
            ("@".to_string(), 1)
        } else {
            match quoted(content) {
                Some((n, len, _)) => (n, len),
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
        let trimmed = after.trim_start();
        let Some(data) = trimmed.strip_prefix('=') else {
            self.out.problems.push(problem(
                ParseKind::RegMissingEquals,
                line_span,
                Some(format!("\"{name}\"")),
            ));
            return next;
        };
        let data_lead = data.len() - data.trim_start().len();
        let data_at = at + name_len + (after.len() - trimmed.len()) + 1 + data_lead;
        let data = data.trim();
        let Some(key) = self.current else {
            self.out
                .problems
                .push(problem(ParseKind::RegValueBeforeKey, line_span, None));
            return skip_continuations(&self.lines, next, data);
        };
        let secret = self.secret_names.is_secret(&name);
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
        if let Some(k) = self.out.keys.get_mut(key) {
            k.values.push(Prop {
                name,
                name_span,
                value,
                span,
                verbatim,
            });
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
    ) -> (PropValue, Span, bool, usize) {
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
            while self
                .lines
                .get(next)
                .is_some_and(|(_, l)| is_blank_or_comment(l))
            {
                next += 1;
            }
            let Some(&(start, line)) = self.lines.get(next) else {
                break;
            };
            next += 1;
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
fn skip_continuations(lines: &[(usize, &str)], mut next: usize, data: &str) -> usize {
    let mut cont = data.trim_end().ends_with('\\');
    while cont {
        let Some(&(_, line)) = lines.get(next) else {
            break;
        };
        next += 1;
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

/// The account a key path holds, if any: `...\Internet Account
/// Manager\Accounts\<id>` (Outlook Express, with or without an identity) or
/// `...\OMI Account Manager\[Accounts\]<id>` (Outlook's Internet-only mode).
pub fn account_key(path: &str) -> Option<AccountKey> {
    let parts: Vec<&str> = path.split('\\').collect();
    let manager = parts.iter().position(|p| {
        p.eq_ignore_ascii_case("Internet Account Manager")
            || p.eq_ignore_ascii_case("OMI Account Manager")
    })?;
    let omi = parts
        .get(manager)
        .is_some_and(|p| p.eq_ignore_ascii_case("OMI Account Manager"));
    let rest = parts.get(manager + 1..).unwrap_or(&[]);
    let id = match rest {
        [accounts, id] if accounts.eq_ignore_ascii_case("Accounts") => *id,
        [id] if omi && !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) => *id,
        _ => return None,
    };
    let identity = parts
        .iter()
        .position(|p| p.eq_ignore_ascii_case("Identities"))
        .and_then(|i| parts.get(i + 1))
        .filter(|g| g.starts_with('{'));
    let id = match identity {
        Some(g) => format!("{g}\\{id}"),
        None => id.to_string(),
    };
    Some(AccountKey {
        client: if omi {
            Client::Outlook
        } else {
            Client::OutlookExpress
        },
        id,
    })
}

#[cfg(test)]
mod tests;
