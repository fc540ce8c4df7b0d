//! The line readers' searches for a few bytes (the end of a `.reg` name or
//! string, an INI line's `=` and its end), sixteen bytes a step with SSE2,
//! which every x86-64 has (issue 15: [`super::words::first_marked`], eight
//! bytes a step, was a fifth of reading a line of a 10 MB `.reg` export or
//! `accountrc`; `memchr`'s set-up costs as much as the search on names and
//! values this short, and it looks for three bytes at most, not a range).
//! Fewer than sixteen bytes before the end of the text, and processors other
//! than x86-64, go to `first_marked` with the same test. Each search is held
//! to a look at each byte by the tests.

use super::words::{below_space, equal_bytes, first_marked};

/// Where the first `"`, `\` or control character (below `0x20`) of `bytes`
/// from `from` on is, or `None`.
#[inline]
pub fn quote_backslash_control(bytes: &[u8], from: usize) -> Option<usize> {
    first_stop(bytes, from, Stop::QuoteBackslashControl)
}

/// Where the first `=` or control character of `bytes` from `from` on is.
#[inline]
pub fn equals_or_control(bytes: &[u8], from: usize) -> Option<usize> {
    first_stop(bytes, from, Stop::EqualsOrControl)
}

/// Where the first control character of `bytes` from `from` on is.
#[inline]
pub fn control(bytes: &[u8], from: usize) -> Option<usize> {
    first_stop(bytes, from, Stop::Control)
}

/// The bytes a search stops at.
#[derive(Clone, Copy)]
enum Stop {
    QuoteBackslashControl,
    EqualsOrControl,
    Control,
}

impl Stop {
    /// The marks of a word of eight bytes (see `words`), exact for the lowest.
    #[inline]
    fn word(self, w: u64) -> u64 {
        match self {
            Stop::QuoteBackslashControl => {
                equal_bytes(w, b'"') | equal_bytes(w, b'\\') | below_space(w)
            }
            Stop::EqualsOrControl => equal_bytes(w, b'=') | below_space(w),
            Stop::Control => below_space(w),
        }
    }
}

#[inline]
fn first_stop(bytes: &[u8], from: usize, stop: Stop) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    {
        let mut at = from;
        // `get` refuses a range past the end (or one that wraps).
        while let Some(block) = bytes
            .get(at..at.wrapping_add(16))
            .and_then(|b| <&[u8; 16]>::try_from(b).ok())
        {
            let m = sse2::mask(block, stop);
            if m != 0 {
                return Some(at + m.trailing_zeros() as usize);
            }
            at += 16;
        }
        first_marked(bytes, at, |w| stop.word(w))
    }
    #[cfg(not(target_arch = "x86_64"))]
    first_marked(bytes, from, |w| stop.word(w))
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::Stop;
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };

    /// Bit `k` set when byte `k` of `block` is one `stop` stops at.
    #[inline]
    pub(super) fn mask(block: &[u8; 16], stop: Stop) -> u32 {
        // SAFETY: the load reads the 16 bytes of `block`, unaligned; SSE2
        // is part of x86-64, so every intrinsic here is there.
        unsafe {
            let v: __m128i = _mm_loadu_si128(block.as_ptr().cast());
            // Unsigned `v <= 0x1f`: the minimum of the two is `v`.
            let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
            let stops = match stop {
                Stop::QuoteBackslashControl => {
                    let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
                    let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
                    _mm_or_si128(control, _mm_or_si128(quote, backslash))
                }
                Stop::EqualsOrControl => {
                    _mm_or_si128(control, _mm_cmpeq_epi8(v, _mm_set1_epi8(b'=' as i8)))
                }
                Stop::Control => control,
            };
            _mm_movemask_epi8(stops) as u32
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each search against a look at each byte: every length to 40, every
    /// start, a stop byte (or a near miss) at each place.
    #[test]
    fn searches_agree_with_a_look_at_each_byte() {
        type Search = fn(&[u8], usize) -> Option<usize>;
        type Stops = fn(u8) -> bool;
        let ways: [(Search, Stops); 3] = [
            (quote_backslash_control, |b| {
                b == b'"' || b == b'\\' || b < 0x20
            }),
            (equals_or_control, |b| b == b'=' || b < 0x20),
            (control, |b| b < 0x20),
        ];
        let specials = [
            b'"', b'\\', b'=', b'\n', b'\r', b'\t', 0, 0x1f, b' ', b'#', b']', b'>', 0x7f, 0x80,
            0x9f, 0xa2, 0xff,
        ];
        for len in 0..40usize {
            let base: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            let mut cases = vec![base.clone()];
            for &s in &specials {
                for at in 0..len {
                    let mut v = base.clone();
                    v[at] = s;
                    cases.push(v.clone());
                    if at + 1 < len {
                        v[at + 1] = s;
                        cases.push(v);
                    }
                }
            }
            for c in &cases {
                for from in 0..=len + 1 {
                    for (search, stops) in ways {
                        let by_bytes = c
                            .get(from..)
                            .and_then(|r| r.iter().position(|&b| stops(b)))
                            .map(|i| from + i);
                        assert_eq!(search(c, from), by_bytes, "{c:?} from {from}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn searches_agree_on_generated_bytes(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80),
            from in 0usize..90,
        ) {
            let by = |stops: fn(u8) -> bool| {
                bytes.get(from..).and_then(|r| r.iter().position(|&b| stops(b))).map(|i| from + i)
            };
            proptest::prop_assert_eq!(
                quote_backslash_control(&bytes, from),
                by(|b| b == b'"' || b == b'\\' || b < 0x20)
            );
            proptest::prop_assert_eq!(equals_or_control(&bytes, from), by(|b| b == b'=' || b < 0x20));
            proptest::prop_assert_eq!(control(&bytes, from), by(|b| b < 0x20));
        }
    }
}
