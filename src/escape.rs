//! Text read from a file, a server or a path, made safe to print: every
//! control character shown as a visible escape, as ripgrep and git do, so
//! that a value cannot set the terminal's title, clear the screen, move the
//! cursor or start a line of its own; and a very long value shown cut, with
//! its length. Every text output uses these (human, concise, GitHub, JUnit,
//! the report, `explain`, `diagnose`, `discover`, the online transcript,
//! error lines); JSON and SARIF escape by JSON's own rules instead.

use std::borrow::Cow;

/// The visible escape of `c`, or `None` when it prints as itself: `\n` and
/// `\r` as such, other C0 controls and DEL as `\x1b`, C1 controls and the
/// bidirectional overrides and isolates (which reorder what the terminal
/// shows, CVE-2021-42574) as `\u{202e}`. A tab prints as itself.
pub fn char_escape(c: char) -> Option<String> {
    match c {
        '\t' => None,
        '\n' => Some("\\n".into()),
        '\r' => Some("\\r".into()),
        '\0'..='\x1f' | '\x7f' => Some(format!("\\x{:02x}", c as u32)),
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Some(format!("\\u{{{:x}}}", c as u32))
        }
        _ => None,
    }
}

/// Whether `b` can begin a character [`char_escape`] escapes: a control
/// byte but tab, DEL, or the lead byte of the C1 controls (`0xc2`: U+0080
/// to U+00BF) or of the bidirectional marks (`0xe2`: U+2000 to U+2FFF).
/// False means no character starting at `b` is escaped.
#[inline]
fn may_begin_escape(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || matches!(b, 0x7f | 0xc2 | 0xe2)
}

/// `s` with every control character as a visible escape ([`char_escape`]);
/// borrowed when there is none (the usual case).
pub fn controls(s: &str) -> Cow<'_, str> {
    // Most texts (a finding's message, its help) hold no byte that can
    // begin an escaped character: said in one pass over the bytes, not a
    // `char_escape` per character (issue 15: 40 instructions a character,
    // 5 % of a human report of 10,000 findings).
    if !s.bytes().any(may_begin_escape) {
        return Cow::Borrowed(s);
    }
    if !s.chars().any(|c| char_escape(c).is_some()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match char_escape(c) {
            Some(e) => out.push_str(&e),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`controls`], but the line breaks of a text of several lines stay
/// line breaks (`\n`, and `\r` before `\n`); only a lone `\r`, which would
/// move the cursor back over the line, is escaped.
pub fn controls_keep_lines(s: &str) -> Cow<'_, str> {
    let mut chars = s.chars().peekable();
    let mut out: Option<String> = None;
    let mut at = 0;
    while let Some(c) = chars.next() {
        let keep = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        match char_escape(c).filter(|_| !keep) {
            Some(e) => {
                let o = out.get_or_insert_with(|| s[..at].to_string());
                o.push_str(&e);
            }
            None => {
                if let Some(o) = out.as_mut() {
                    o.push(c);
                }
            }
        }
        at += c.len_utf8();
    }
    out.map_or(Cow::Borrowed(s), Cow::Owned)
}

/// The most characters of one value a message quotes: a longer value is
/// shown cut, with its length.
pub const MAX_VALUE_CHARS: usize = 200;

/// `value` cut to [`MAX_VALUE_CHARS`] characters when longer: its start, an
/// ellipsis and `marker` (which names the value's length, in the output's
/// language), then its last few characters.
pub fn cut(value: &str, marker: impl FnOnce(usize) -> String) -> Cow<'_, str> {
    // No more bytes than the limit: no more characters either.
    if value.len() <= MAX_VALUE_CHARS {
        return Cow::Borrowed(value);
    }
    let Some((head_end, _)) = value.char_indices().nth(MAX_VALUE_CHARS) else {
        return Cow::Borrowed(value);
    };
    let total = value.chars().count();
    let head_end = value
        .char_indices()
        .nth(MAX_VALUE_CHARS - 40)
        .map_or(head_end, |(i, _)| i);
    let tail_start = value
        .char_indices()
        .rev()
        .nth(19)
        .map_or(value.len(), |(i, _)| i);
    Cow::Owned(format!(
        "{}…{}…{}",
        &value[..head_end],
        marker(total),
        &value[tail_start..]
    ))
}

#[cfg(test)]
mod tests;
