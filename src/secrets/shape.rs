//! Secrets found by what a line looks like, whatever the format and whether
//! or not the file parsed: a key that names a secret and the value after it,
//! the password of a URL (`pop://user:pass@host`), a token in a query
//! (`?access_token=…`). Readers find the secrets of what they parse; this
//! finds the rest (a line with no `=`, an XML file that is not well-formed,
//! a key a reader does not know), so that no snippet can show them.

use std::ops::Range;

use super::is_secret_name;

mod filter;

/// Whether a word of a line names a secret: the word itself or one of its
/// dot-separated parts (`mail.server.server1.pw`).
pub fn word_names_secret(word: &str) -> bool {
    // A word without a dot is its only part: asked once.
    !word.is_empty()
        && (is_secret_name(word) || word.contains('.') && word.split('.').any(is_secret_name))
}

pub fn is_comment(trimmed: &str) -> bool {
    ["#", ";", "//", "<!--", "/*", "*"]
        .iter()
        .any(|p| trimmed.starts_with(p))
}

/// A value that cannot be a secret: a flag or a registry DWORD, which a
/// secret-named key may hold (`"POP3 Prompt for Password"=dword:00000000`).
pub fn is_flag(value: &str) -> bool {
    let v = value
        .trim()
        .trim_end_matches([';', ')', ','])
        .trim()
        .trim_matches(['"', '\'']);
    v.is_empty()
        // A flag written as a DWORD's digits (`00000001` in `.oeaccount`).
        || (v.len() <= 8 && v.bytes().all(|b| b == b'0' || b == b'1'))
        || ["true", "false", "yes", "no", "on", "off", "none", "null"]
            .iter()
            .any(|f| v.eq_ignore_ascii_case(f))
        || v.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("dword:"))
            && v[6..].chars().all(|c| c.is_ascii_hexdigit())
}

/// What follows a secret-named key on its line.
enum After {
    /// The value is on a following line (`<key>Password</key>` then
    /// `<string>…</string>`; `"…password",` then the value).
    NextLine,
    /// The value starts at this offset (of the line) and runs to its end.
    Value(usize),
    /// Nothing that can be a value (`");`, `"/>`).
    Nothing,
}

/// What follows the key word that ends at `end` in `line`.
fn after_key(line: &str, start: usize, end: usize) -> After {
    let rest = &line[end..];
    let skipped = rest.len() - rest.trim_start_matches(['"', '\'', ' ', '\t']).len();
    let at = end + skipped;
    let r = &line[at..];
    // The value from `offset`; when the line ends there, it is on the next
    // line if `next_line` (element text, a prefs value after its comma),
    // else empty (`password=` in an INI file).
    let value_from = |offset: usize, next_line: bool| {
        let v = &line[offset..];
        let lead = v.len() - v.trim_start_matches(['"', '\'', ' ', '\t']).len();
        if !line[offset + lead..].trim().is_empty() {
            After::Value(offset + lead)
        } else if next_line {
            After::NextLine
        } else {
            After::Nothing
        }
    };
    if line[..start].ends_with('<') {
        // An element named for a secret: its text follows its start tag
        // (`<IMAP_Password2 type="BINARY">…`).
        let tag = &line.as_bytes()[end..line.len().min(end + MAX_TAG)];
        return match tag.iter().position(|&b| b == b'>') {
            Some(g) if !line[..end + g].ends_with('/') => value_from(end + g + 1, true),
            _ => After::Nothing,
        };
    }
    if r.is_empty() {
        return After::NextLine;
    }
    if let Some(tail) = r.strip_prefix("</") {
        // `<key>Password</key>`: the value is the element after the key. Any
        // other element whose text names a secret
        // (`<authentication>password-cleartext</authentication>`) is a value.
        if !line[..start].ends_with("<key>") {
            return After::Nothing;
        }
        return match tail.find('>') {
            Some(i) => value_from(at + 2 + i + 1, true),
            None => After::Nothing,
        };
    }
    if r.starts_with([',', '>']) {
        return value_from(at + 1, true);
    }
    if r.starts_with(['=', ':']) {
        return value_from(at + 1, false);
    }
    if r.starts_with(')') || r.starts_with(';') || r.starts_with("/>") || r.starts_with(']') {
        return After::Nothing;
    }
    After::Value(at)
}

/// Byte ranges of `text` that hold secrets by their shape (see the module).
pub fn secret_ranges(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut state = State::default();
    // Lines are runs of bytes without `\n` or `\r` (`\r\n` leaves an empty
    // one between, and an empty or blank line changes nothing). Most lines
    // hold no secret-naming word and no URL: the scan skips to the next byte
    // that can start one and reads only its line, unless a value goes on
    // from the line before (issue 15: the word-by-word scan of every line
    // cost more than reading the files).
    let mut pos = 0;
    while pos < bytes.len() {
        let (start, end) = if state.pending || state.continuing {
            (pos, line_end(bytes, pos))
        } else {
            let Some(hit) = next_hit(bytes, pos) else {
                break;
            };
            let start =
                memchr::memrchr2(b'\n', b'\r', &bytes[pos..hit]).map_or(pos, |i| pos + i + 1);
            (start, line_end(bytes, hit))
        };
        if let Some(line) = text.get(start..end).filter(|l| !l.is_empty()) {
            scan_line(start, line, &mut state, &mut out);
        }
        pos = end + 1;
    }
    out
}

/// Where the line that holds `at` ends (its `\n` or `\r`, else the end).
fn line_end(bytes: &[u8], at: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |i| at + i)
}

/// The first offset at or after `from` where something [`secret_ranges`]
/// looks for can start ([`hit_at`]). A line without one yields no range and
/// sets no state.
///
/// Most bytes start nothing: [`filter`] marks, a block of bytes at a time,
/// the positions with the first three bytes of a secret word, a `?`, `&`
/// or `://`, and only those are read (issue 15: reading byte by byte cost
/// 30 instructions a byte, then every chunk with a mark in it).
fn next_hit(bytes: &[u8], from: usize) -> Option<usize> {
    filter::find_any(bytes, from, |j| hit_at(bytes, j))
}

/// Whether a secret-naming word (one of [`super::may_name_secret`]'s words,
/// which every secret-naming word holds), a URL that may hold a password
/// (`://` with an `@` after it) or a query parameter that may name a
/// secret (`?`, `&`) starts at `i`.
///
/// A URL or parameter is decided here, on its own bytes, when it cannot
/// yield a range ([`url_ranges`] reads each on its own, whatever the rest
/// of the line): its line is then not read at all (issue 15: every ISPDB
/// file has a `<?xml …?>` line and `https://` links, and each such line
/// was read whole for nothing).
///
/// So is a secret word that is the whole text of an element
/// ([`is_element_text`]): its line is read only for another hit.
fn hit_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'?' | b'&' => param_may_name_secret(bytes, i),
        b':' => bytes[i..].starts_with(b"://") && authority_may_hold_at(bytes, i + 3),
        _ => {
            may_start_word_at(bytes, i)
                && super::secret_word_at(bytes, i)
                && !is_element_text(bytes, i)
        }
    }
}

/// Whether the word around `i` (a run of [`is_word_byte`]s) is an
/// element's text, right after a start tag's `>` that is not `<key>`'s and
/// followed (past quotes, spaces and tabs) by an end tag's `</`:
/// `<authentication>password-cleartext</authentication>`. [`scan_line`]
/// reads no key there ([`after_key`] says `Nothing`, and sets no state),
/// so such a word alone yields no range (issue 15: the ISPDB's 410
/// `<authentication>` lines were each read whole, about 2,000
/// instructions a line, for nothing). A line break is no word byte,
/// quote or space, so all of it is on the word's line.
fn is_element_text(bytes: &[u8], i: usize) -> bool {
    // Most such words start at `i`, right after the `>`: the word is read
    // back only when it starts before.
    let start = match i.checked_sub(1).and_then(|k| bytes.get(k)) {
        Some(b'>') => i,
        Some(&c) if is_word_byte(c) => bytes[..i]
            .iter()
            .rposition(|&c| !is_word_byte(c))
            .map_or(0, |k| k + 1),
        _ => return false,
    };
    if start == 0 || bytes[start - 1] != b'>' || bytes[..start].ends_with(b"<key>") {
        return false;
    }
    let rest = &bytes[i..];
    let end = rest
        .iter()
        .position(|&c| !is_word_byte(c))
        .unwrap_or(rest.len());
    let after = &rest[end..];
    let skipped = after
        .iter()
        .position(|&c| !matches!(c, b'"' | b'\'' | b' ' | b'\t'))
        .unwrap_or(after.len());
    after[skipped..].starts_with(b"</")
}

/// Whether a byte ends a URL part for certain ([`ends_url_part`], and `/`,
/// `?`, `#` after an authority): ASCII only; a byte of a character beyond
/// ASCII may or may not (a no-break space does).
fn ends_authority(b: u8) -> bool {
    matches!(
        b,
        b'\t'
            | b'\n'
            | 0x0b
            | 0x0c
            | b'\r'
            | b' '
            | b'"'
            | b'\''
            | b'<'
            | b'>'
            | b'`'
            | b'('
            | b')'
            | b'['
            | b']'
            | b'/'
            | b'?'
            | b'#'
    )
}

/// Whether the authority that starts at `at` (after `://`) may hold a
/// password: it holds an `@` (the password is before the last one), or a
/// character beyond ASCII comes before its end is certain. False means
/// [`url_ranges`] finds no password in it.
fn authority_may_hold_at(bytes: &[u8], at: usize) -> bool {
    bytes[at.min(bytes.len())..]
        .iter()
        .find(|&&b| b == b'@' || b >= 0x80 || ends_authority(b))
        .is_some_and(|&b| b == b'@' || b >= 0x80)
}

/// Whether the query parameter whose `?` or `&` is at `i` may name a
/// secret: its name (after `amp;` for `&amp;`), up to `=`, is a secret name
/// or a credential parameter ([`CREDENTIAL_PARAMS`]), or holds a character
/// beyond ASCII (decided by [`url_ranges`]). False means `url_ranges` finds
/// no value after it.
fn param_may_name_secret(bytes: &[u8], i: usize) -> bool {
    let mut start = i + 1;
    if bytes[start.min(bytes.len())..].starts_with(b"amp;") {
        start += 4;
    }
    let rest = &bytes[start.min(bytes.len())..];
    let Some(end) = rest.iter().position(|&b| {
        b >= 0x80
            || matches!(b, b'=' | b'&' | b'?')
            || (ends_authority(b) && b != b'/' && b != b'#')
    }) else {
        return false;
    };
    if rest[end] >= 0x80 {
        return true;
    }
    let name = &rest[..end];
    rest[end] == b'='
        && !name.is_empty()
        && (super::is_secret_name_bytes(name)
            || CREDENTIAL_PARAMS
                .iter()
                .any(|p| name.eq_ignore_ascii_case(p.as_bytes())))
}

/// Whether one of [`super::may_name_secret`]'s words can start at `i` of
/// `b`: [`filter::word_start`] of its first three bytes.
#[inline]
fn may_start_word_at(b: &[u8], i: usize) -> bool {
    let f = |k: usize| b.get(i + k).map_or(0, |&c| c | 0x20);
    filter::word_start(f(0), f(1), f(2))
}

/// What a line leaves for the lines after it.
#[derive(Default)]
struct State {
    /// A key whose value is on a following line.
    pending: bool,
    /// A masked value that goes on (a `.reg` hex value ending in `\`, which
    /// regedit continues past blank and `;` comment lines: Wine's
    /// reg/import.c, hex_multiline_state).
    continuing: bool,
}

/// The secrets of one line (without its line break) that starts at `start`.
fn scan_line(start: usize, line: &str, state: &mut State, out: &mut Vec<Range<usize>>) {
    let trimmed = line.trim();
    let lead = line.len() - line.trim_start().len();
    let whole = start + lead..start + lead + trimmed.len();
    let mut marked = filter::Marked::new(line.as_bytes());
    let urls_from = out.len();
    url_ranges(line, &mut marked, out);
    for r in &mut out[urls_from..] {
        *r = start + r.start..start + r.end;
    }
    if state.continuing {
        if trimmed.is_empty() || trimmed.starts_with(';') {
            return;
        }
        state.continuing = trimmed.ends_with('\\');
        out.push(whole);
        return;
    }
    if state.pending {
        if trimmed.is_empty() {
            return;
        }
        match element_text(trimmed) {
            // `<string>` alone: the text is on the next line.
            Some(r) if r.is_empty() && r.end == trimmed.len() => return,
            Some(r) if !is_flag(&trimmed[r.clone()]) => {
                out.push(whole.start + r.start..whole.start + r.end);
            }
            Some(_) => {}
            None if !is_flag(trimmed) => {
                state.continuing = trimmed.ends_with('\\');
                out.push(whole);
            }
            None => {}
        }
        state.pending = false;
        return;
    }
    let mut from = 0;
    while let Some((key_start, end)) = secret_key_end(line, &mut marked, from) {
        match after_key(line, key_start, end) {
            After::NextLine => {
                state.pending = !is_comment(trimmed) || trimmed.ends_with('\\');
                break;
            }
            After::Value(mut at) => {
                // `<key>Password</key><string>…`: the text of the element.
                if let Some(r) = element_text(&line[at..]) {
                    if r.is_empty() && at + r.end == line.trim_end().len() {
                        state.pending = true;
                        break;
                    }
                    at += r.start;
                }
                let value_end = value_end(line, at);
                let value = &line[at..value_end];
                if !is_flag(value) {
                    state.continuing = value_end == line.trim_end().len() && value.ends_with('\\');
                    out.push(start + at..start + value_end);
                }
                from = value_end.max(end);
            }
            After::Nothing => from = end,
        }
    }
}

/// Where a value that starts at `at` ends: at its closing quote when it is
/// quoted (after an escape-aware scan), before the `<` of markup that
/// follows element text, else at the end of the line.
fn value_end(line: &str, at: usize) -> usize {
    let eol = line.trim_end().len().max(at);
    let before = line[..at].chars().next_back();
    match before {
        Some(q @ ('"' | '\'')) => {
            let mut escaped = false;
            for (i, c) in line[at..].char_indices() {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    return at + i;
                }
            }
            eol
        }
        Some('>') => line[at..].find('<').map_or(eol, |i| at + i),
        _ => eol,
    }
}

/// The text of an element that opens `s` (`<string>S3cret</string>`): from
/// after its start tag to the next `<` or the end. `None` when `s` does not
/// start with a start tag.
fn element_text(s: &str) -> Option<Range<usize>> {
    let rest = s.strip_prefix('<')?;
    if rest.starts_with(['/', '!', '?']) {
        return None;
    }
    // A start tag is short; looking no further keeps a line of many `<`
    // linear.
    let head = &s.as_bytes()[..s.len().min(MAX_TAG)];
    let open_end = head.iter().position(|&b| b == b'>')? + 1;
    if s[..open_end].ends_with("/>") {
        return None;
    }
    let end = s[open_end..].find('<').map_or(s.len(), |i| open_end + i);
    Some(open_end..end)
}

const MAX_TAG: usize = 256;

/// Where the first word of `line` at or after `from` that names a secret
/// starts and ends (a closing tag `</password>` names no value). Words are
/// runs of [`is_word_byte`]s; only a word that holds a place where one of
/// [`super::may_name_secret`]'s words starts can name a secret (every
/// secret-naming name holds one), so the scan goes from one such place to the
/// next and reads only the words around them.
fn secret_key_end(line: &str, marked: &mut filter::Marked, from: usize) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let mut i = from;
    loop {
        let q = marked.find(i, |m| m.words, |j| super::secret_word_at(b, j))?;
        // The word around `q`: word characters are ASCII, so byte by byte.
        let start = b[i..q]
            .iter()
            .rposition(|&c| !is_word_byte(c))
            .map_or(i, |k| i + k + 1);
        let end = b[q..]
            .iter()
            .position(|&c| !is_word_byte(c))
            .map_or(b.len(), |k| q + k);
        if word_names_secret(&line[start..end]) && !line[..start].ends_with("</") {
            return Some((start, end));
        }
        i = end;
    }
}

/// Characters of a key word: `mail.server.server1.password`, `POP3_Password2`,
/// `smtp-pass` (all ASCII: a byte of a multi-byte character is none).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-'
}

/// Characters that end a URL part in running text, markup or a quoted value.
fn ends_url_part(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '(' | ')' | '[' | ']')
}

/// Query parameters that carry a credential without a secret-sounding name.
const CREDENTIAL_PARAMS: &[&str] = &["key", "sig", "signature", "auth", "code"];

/// Credentials inside URL-shaped text, as ranges of `s`: the password of
/// `scheme://user:password@host` and the value of a query parameter that
/// names a secret (`?access_token=`, `&token=`, `?password=`, `&amp;token=`).
pub fn url_secret_ranges(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    url_ranges(s, &mut filter::Marked::new(s.as_bytes()), &mut out);
    out
}

/// [`url_secret_ranges`] of `s` (marked as `marked`), appended to `out`.
fn url_ranges(s: &str, marked: &mut filter::Marked, out: &mut Vec<Range<usize>>) {
    let mut from = 0;
    while let Some(i) = marked.find(from, |m| m.urls, |_| true) {
        let auth_start = i + 3;
        let auth_len = s[auth_start..]
            .find(|c: char| ends_url_part(c) || matches!(c, '/' | '?' | '#'))
            .unwrap_or(s.len() - auth_start);
        let authority = &s[auth_start..auth_start + auth_len];
        if let Some(at) = authority.rfind('@') {
            out.extend(
                userinfo_password(&authority[..at])
                    .map(|r| auth_start + r.start..auth_start + r.end),
            );
        }
        from = auth_start;
    }
    // Parameters are read left to right; a value read is not read again
    // as names (`?token=?token=…` stays linear).
    let mut covered = 0;
    let mut next = 0;
    while let Some(i) = marked.find(next, |m| m.params, |_| true) {
        next = i + 1;
        if i < covered {
            continue;
        }
        let mut name_start = i + 1;
        if s[name_start..].starts_with("amp;") {
            name_start += 4;
        }
        let Some(eq) =
            s[name_start..].find(|c: char| c == '=' || c == '&' || c == '?' || ends_url_part(c))
        else {
            continue;
        };
        if !s[name_start + eq..].starts_with('=') {
            continue;
        }
        let name = &s[name_start..name_start + eq];
        if name.is_empty()
            || !(is_secret_name(name)
                || CREDENTIAL_PARAMS
                    .iter()
                    .any(|p| name.eq_ignore_ascii_case(p)))
        {
            continue;
        }
        let value_start = name_start + eq + 1;
        let len = s[value_start..]
            .find(|c: char| c == '&' || c == '#' || ends_url_part(c))
            .unwrap_or(s.len() - value_start);
        if len > 0 {
            out.push(value_start..value_start + len);
        }
        covered = value_start + len;
    }
}

/// Where the first `://` of `s` at or after `from` starts.
fn find_scheme_end(s: &[u8], from: usize) -> Option<usize> {
    filter::find(s, from, |m| m.urls, |_| true)
}

/// The password part of `user:password` (the text after the first `:`).
fn userinfo_password(userinfo: &str) -> Option<Range<usize>> {
    let colon = userinfo.find(':')?;
    (colon + 1 < userinfo.len()).then(|| colon + 1..userinfo.len())
}

/// A credential typed into a host field: `user:password@host`, with or
/// without a scheme, or a URL with a token in its query.
pub fn host_secret_ranges(host: &str) -> Vec<Range<usize>> {
    // Nearly every host name is plain (`imap.example.jp`): without a `:`,
    // `?` or `&` it holds no URL (`://`), no query and no password (a user
    // part yields one only after its `:`), decided in one look at its few
    // bytes (issue 15: 948 host names cost 550 instructions each; an
    // address, `taro@example.jp`, was read whole for its `@`, 270
    // instructions each of a big file's 5,000).
    if !host.bytes().any(|b| matches!(b, b':' | b'?' | b'&')) {
        return Vec::new();
    }
    let mut out = url_secret_ranges(host);
    if find_scheme_end(host.as_bytes(), 0).is_none() {
        if let Some(at) = host.rfind('@') {
            out.extend(userinfo_password(&host[..at]));
        }
    }
    out
}

#[cfg(test)]
mod tests;
