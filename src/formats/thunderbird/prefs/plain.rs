//! The fast path of the prefs parser: a statement written as Thunderbird
//! writes every line of a `prefs.js`, `user_pref("name", value);`, read in
//! one pass without the lexer (issue 15: a token at a time through the
//! lexer's dispatch, reading a 10 MB prefs.js cost 900 instructions a
//! statement). Anything else (a comment, an escape, a line break inside a
//! string, an error, a default file's attributes) is left to the lexer from
//! the statement's first byte; what this path accepts it reads exactly as
//! the lexer and the parser do (`parse_by_tokens` is the test oracle).

use super::Parser;
use super::list::PlainValue;

/// The bytes the lexer skips between tokens.
fn is_blank(b: u8) -> bool {
    // One bit of a mask each (a chain of compares cost a tenth of the fast
    // path; issue 15).
    const BLANKS: u64 = 1 << b'\t' | 1 << b'\n' | 1 << 0x0b | 1 << 0x0c | 1 << b' ' | 1 << b'\r';
    b <= b' ' && BLANKS >> b & 1 != 0
}

fn is_keyword_char(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

impl<'t> Parser<'t> {
    /// Read the next statement when it is a plain one; `false` (and nothing
    /// read but the blanks before it) when it is not.
    pub(super) fn plain_statement(&mut self) -> bool {
        let buf = self.buf;
        let mut i = self.i;
        while buf.get(i).copied().is_some_and(is_blank) {
            i += 1;
        }
        // The lexer would skip these blanks too before the next token.
        self.i = i;
        let start = i;
        let rest = buf.get(i..).unwrap_or_default();
        if rest.starts_with(b"user_pref(\"") {
            i += 11;
        } else if rest.starts_with(b"pref(\"") {
            i += 6;
        } else {
            return false;
        }
        let Some(name_end) = self.plain_string_end(i) else {
            return false;
        };
        let name_start = i;
        i = name_end + 1;
        i = skip_blanks(buf, i);
        if buf.get(i) != Some(&b',') {
            return false;
        }
        i = skip_blanks(buf, i + 1);
        let value_start = i;
        let (value, value_span, after) = match buf.get(i) {
            Some(b'"') => {
                let Some(end) = self.plain_string_end(i + 1) else {
                    return false;
                };
                if self.text.get(i + 1..end).is_none() {
                    return false;
                }
                (PlainValue::Text(i + 1, end), (i + 1, end), end + 1)
            }
            Some(b't') if keyword_at(buf, i, b"true") => {
                (PlainValue::Bool(true), (i, i + 4), i + 4)
            }
            Some(b'f') if keyword_at(buf, i, b"false") => {
                (PlainValue::Bool(false), (i, i + 5), i + 5)
            }
            Some(&c @ (b'0'..=b'9' | b'-' | b'+')) => {
                let digits = if c.is_ascii_digit() { i } else { i + 1 };
                let Some((n, end)) = unsigned_at(buf, digits) else {
                    return false;
                };
                let v = if c == b'-' {
                    i32::try_from(-i64::from(n)).ok()
                } else {
                    i32::try_from(n).ok()
                };
                let Some(v) = v else {
                    return false;
                };
                (PlainValue::Int(v), (value_start, end), end)
            }
            _ => return false,
        };
        i = skip_blanks(buf, after);
        if buf.get(i) != Some(&b')') {
            return false;
        }
        i = skip_blanks(buf, i + 1);
        if buf.get(i) != Some(&b';') {
            return false;
        }
        let end = i + 1;
        if self.text.get(name_start..name_end).is_none() {
            return false;
        }
        self.out.statements.push(self.span(start, end));
        self.out
            .prefs
            .push_plain((name_start, name_end), value, value_span, (start, end));
        self.i = end;
        true
    }

    /// Where the `"` string whose body starts at `body` ends (its closing
    /// quote), when it holds no escape, line break or NUL: then the lexer's
    /// value is the text between the quotes.
    fn plain_string_end(&self, body: usize) -> Option<usize> {
        let rest = self.buf.get(body..)?;
        let stop = first_stop(rest)?;
        (rest.get(stop) == Some(&b'"')).then_some(body + stop)
    }
}

/// Whether `b` ends a plain string or makes it not plain: the closing quote,
/// an escape, a line break, a NUL.
fn is_stop(b: u8) -> bool {
    matches!(b, b'"' | b'\\' | b'\n' | b'\r' | 0)
}

/// Where the first byte of `s` that [`is_stop`] is: sixteen bytes at a time
/// (SSE2), the last fewer than sixteen one by one. A `memchr3` for the quote,
/// escape and line feed, then a `memchr2` for a carriage return or NUL before
/// it, cost about 170 instructions a pref name of a 10 MB prefs.js, most of
/// it the searches' set-up (issue 15).
fn first_stop(s: &[u8]) -> Option<usize> {
    let mut at = 0;
    #[cfg(target_arch = "x86_64")]
    while let Some(chunk) = s.get(at..).and_then(|r| r.first_chunk::<16>()) {
        // SAFETY: `stops16` needs SSE2, which every x86_64 processor has
        // (it is in the target's baseline); it reads nothing but `chunk`.
        let marks = unsafe { sse2::stops16(chunk) };
        if marks != 0 {
            return Some(at + marks.trailing_zeros() as usize);
        }
        at += 16;
    }
    s.get(at..)?
        .iter()
        .position(|&b| is_stop(b))
        .map(|p| at + p)
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x, _mm_set1_epi8,
    };

    /// A bit for each byte of `chunk` that [`super::is_stop`] is (bit `k`
    /// for byte `k`). The bytes are read as two integers, no pointer.
    #[target_feature(enable = "sse2")]
    pub(super) fn stops16(chunk: &[u8; 16]) -> u32 {
        let lo = chunk
            .first_chunk::<8>()
            .map_or(0, |w| i64::from_le_bytes(*w));
        let hi = chunk
            .last_chunk::<8>()
            .map_or(0, |w| i64::from_le_bytes(*w));
        let v: __m128i = _mm_set_epi64x(hi, lo);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let escape = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        let lf = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8));
        let cr = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\r' as i8));
        let nul = _mm_cmpeq_epi8(v, _mm_set1_epi8(0));
        let any = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(quote, escape), _mm_or_si128(lf, cr)),
            nul,
        );
        _mm_movemask_epi8(any) as u32
    }
}

/// [`first_stop`] as first written, the tests' oracle: the quote, escape or
/// line feed, then a carriage return or NUL before it.
#[cfg(test)]
pub(super) fn first_stop_by_memchr(s: &[u8]) -> Option<usize> {
    let stop = memchr::memchr3(b'"', b'\\', b'\n', s);
    let end = stop.unwrap_or(s.len());
    match (memchr::memchr2(b'\r', 0, &s[..end]), stop) {
        (Some(early), _) => Some(early),
        (None, stop) => stop,
    }
}

#[cfg(test)]
#[test]
fn blanks_by_mask_as_by_list() {
    for b in 0..=255u8 {
        let listed = matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b' ' | b'\r');
        assert_eq!(is_blank(b), listed, "{b}");
    }
}

#[cfg(test)]
#[test]
fn stops_found_as_by_memchr() {
    // Every stop byte (and bytes near them: 0x22 ± 1, 0x5c ± 1, high bytes)
    // at every place of texts of every length up to 40, alone or after another.
    let bytes = [
        b'"', b'\\', b'\n', b'\r', 0, b'!', b'#', b'[', b']', 0x80, 0xa2, 0xdc, b'a',
    ];
    for len in 0..40 {
        for at in 0..len {
            for &b in &bytes {
                let mut s = vec![b'x'; len];
                s[at] = b;
                assert_eq!(first_stop(&s), first_stop_by_memchr(&s), "{s:?}");
                for later in at + 1..len {
                    for &c in &bytes[..5] {
                        let mut t = s.clone();
                        t[later] = c;
                        assert_eq!(first_stop(&t), first_stop_by_memchr(&t), "{t:?}");
                    }
                }
            }
        }
    }
}

/// Past the blanks from `i`.
fn skip_blanks(buf: &[u8], mut i: usize) -> usize {
    while buf.get(i).copied().is_some_and(is_blank) {
        i += 1;
    }
    i
}

/// Whether the keyword `word` is at `i`, whole (no keyword character after it).
fn keyword_at(buf: &[u8], i: usize, word: &[u8]) -> bool {
    buf.get(i..).is_some_and(|r| r.starts_with(word))
        && !buf
            .get(i + word.len())
            .copied()
            .is_some_and(is_keyword_char)
}

/// The integer literal at `i` and where it ends, as the lexer reads it: one
/// digit or more, not followed by a keyword character, within `u32`.
fn unsigned_at(buf: &[u8], mut i: usize) -> Option<(u32, usize)> {
    let first = i;
    let mut n: u32 = 0;
    while let Some(&d) = buf.get(i).filter(|d| d.is_ascii_digit()) {
        n = n.checked_mul(10)?.checked_add(u32::from(d - b'0'))?;
        i += 1;
    }
    if i == first || buf.get(i).copied().is_some_and(is_keyword_char) {
        return None;
    }
    Some((n, i))
}
