//! `str::trim` and its halves with an ASCII fast path: the line readers of
//! big files (INI, `.reg`) trim every line, key and value several times, and
//! `str::trim` decodes each character to ask whether it is Unicode white
//! space (half of reading an INI line; issue 15). These give the same
//! slices: ASCII bytes are judged here as `char::is_whitespace` judges them,
//! and at the first non-ASCII byte the rest is left to `str`'s own trim, so
//! an ideographic space (U+3000) is trimmed as before.

/// Whether the ASCII byte `b` is white space to `char::is_whitespace`.
fn ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `s.trim_start()`. A string whose first byte is ASCII and not white space
/// (nearly every key and value of a big file) is answered inline, without a
/// call (issue 15: three calls a line were a seventh of reading an
/// `accountrc` line).
#[inline]
pub fn trim_start(s: &str) -> &str {
    match s.as_bytes().first() {
        Some(&b) if b < 0x80 && !ascii_space(b) => s,
        None => s,
        Some(_) => trim_start_slow(s),
    }
}

/// [`trim_start`] when the first byte may be trimmed.
#[inline(never)]
fn trim_start_slow(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b >= 0x80 {
            return s.get(i..).unwrap_or_default().trim_start();
        }
        if !ascii_space(b) {
            break;
        }
        i += 1;
    }
    s.get(i..).unwrap_or_default()
}

/// `s.trim_end()`, answered inline when the last byte is ASCII and not
/// white space (as [`trim_start`]).
#[inline]
pub fn trim_end(s: &str) -> &str {
    match s.as_bytes().last() {
        Some(&b) if b < 0x80 && !ascii_space(b) => s,
        None => s,
        Some(_) => trim_end_slow(s),
    }
}

/// [`trim_end`] when the last byte may be trimmed.
#[inline(never)]
fn trim_end_slow(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut end = bytes.len();
    while let Some(&b) = end.checked_sub(1).and_then(|i| bytes.get(i)) {
        if b >= 0x80 {
            return s.get(..end).unwrap_or_default().trim_end();
        }
        if !ascii_space(b) {
            break;
        }
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

/// `s.trim()`.
#[inline]
pub fn trim(s: &str) -> &str {
    trim_end(trim_start(s))
}

#[cfg(test)]
mod tests;
