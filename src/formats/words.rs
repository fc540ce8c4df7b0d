//! Byte tests eight bytes at a time ("SWAR", Bit Twiddling Hacks), shared
//! by the readers whose hot loops look for a few bytes in short runs (names,
//! values, indentation), where `memchr`'s set-up costs as much as the search
//! (issue 15). A mark is the high bit of a byte of the word.

/// `0x01` in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte.
pub const HIGHS: u64 = ONES << 7;

/// The eight bytes `bytes[at..at + 8]` as a word, little-endian, or `None` past
/// the end.
#[inline]
pub fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    // Past `usize::MAX` the range wraps to one that starts after it ends,
    // which `get` refuses as it refuses one past the end.
    bytes
        .get(at..at.wrapping_add(8))
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
        .map(u64::from_le_bytes)
}

/// A mark on each byte of `w` that is zero ("haszero"), exact for the
/// lowest; a byte above a zero byte may be marked too.
#[inline]
pub fn zero_bytes(w: u64) -> u64 {
    w.wrapping_sub(ONES) & !w & HIGHS
}

/// A mark on each byte of `w` equal to `b`, exact for the lowest (as
/// [`zero_bytes`]).
#[inline]
pub fn equal_bytes(w: u64, b: u8) -> u64 {
    zero_bytes(w ^ (ONES * u64::from(b)))
}

/// A mark on each byte of `w` below `0x20` ("hasless"), exact for the
/// lowest.
#[inline]
pub fn below_space(w: u64) -> u64 {
    w.wrapping_sub(ONES * 0x20) & !w & HIGHS
}

/// A mark on each byte of `w` that is zero, exact for every byte (no borrow
/// from one byte into the next, unlike [`zero_bytes`]).
#[inline]
pub fn exact_zero_bytes(w: u64) -> u64 {
    !(((w & !HIGHS) + !HIGHS) | w | !HIGHS)
}

/// Where the first byte of `bytes` from `from` on that `mark` marks is
/// (eight bytes at a time; `mark` gives a word's marks, exact for the
/// lowest), or `None`. The last few bytes are tested one at a time, each as
/// the lowest byte of a word.
#[inline]
pub fn first_marked(bytes: &[u8], from: usize, mark: impl Fn(u64) -> u64) -> Option<usize> {
    let mut at = from;
    while let Some(word) = word_at(bytes, at) {
        let found = mark(word);
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter()
        .position(|&b| {
            let mut word = [0xffu8; 8];
            word[0] = b;
            mark(u64::from_le_bytes(word)) & 0x80 != 0
        })
        .map(|i| at + i)
}

/// Whether `a` and `b` hold the same bytes, compared eight at a time inline
/// (the last word overlapping the one before): `==` calls `memcmp`, whose
/// call costs more than comparing a name of some fifteen bytes (issue 15: a
/// key or value name is compared with the one at its place in the section
/// before, once a line).
#[inline]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let mut at = 0;
    while at + 8 < len {
        if word_at(a, at) != word_at(b, at) {
            return false;
        }
        at += 8;
    }
    word_at(a, len - 8) == word_at(b, len - 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `same_bytes` against `==`: every length to 24, equal, and unequal at
    /// each place, and of unequal lengths.
    #[test]
    fn same_bytes_is_equality() {
        for len in 0..24 {
            let a: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(same_bytes(&a, &a.clone()), "{a:?}");
            for at in 0..len {
                for x in [0u8, b'A', 0x80, 0xff] {
                    let mut b = a.clone();
                    b[at] = x;
                    assert_eq!(same_bytes(&a, &b), a == b, "{a:?} {b:?}");
                }
            }
            let mut longer = a.clone();
            longer.push(b'z');
            assert!(!same_bytes(&a, &longer));
            assert!(!same_bytes(&longer, &a));
        }
    }

    /// Each test's lowest mark against a look at each byte, on every byte
    /// value at every place of a word, with every other byte any of a few.
    #[test]
    fn lowest_marks_are_exact() {
        let fill = [0u8, 0x1f, b' ', b'"', b'\\', b'=', 0x7f, 0x80, 0xff];
        for f in fill {
            for place in 0..8 {
                for b in 0..=255u8 {
                    let mut bytes = [f; 8];
                    bytes[place] = b;
                    let w = u64::from_le_bytes(bytes);
                    let lowest = |marks: u64, test: &dyn Fn(u8) -> bool| {
                        let got = (marks != 0).then(|| (marks.trailing_zeros() / 8) as usize);
                        assert_eq!(got, bytes.iter().position(|&x| test(x)), "{bytes:?}");
                    };
                    lowest(zero_bytes(w), &|x| x == 0);
                    lowest(equal_bytes(w, b'"'), &|x| x == b'"');
                    lowest(below_space(w), &|x| x < b' ');
                    let exact = exact_zero_bytes(w);
                    for (i, &x) in bytes.iter().enumerate() {
                        assert_eq!(exact >> (i * 8 + 7) & 1 == 1, x == 0, "{bytes:?}");
                    }
                }
            }
        }
    }
}
