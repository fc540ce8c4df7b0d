//! The filter of the shape scan: which positions of a block of text can
//! start what [`super::secret_ranges`] looks for, as bit masks, so that the
//! scan reads only those positions and never a text byte by byte.
//!
//! A position is marked when its first three bytes, lower-cased by `| 0x20`,
//! are those of one of [`super::super::may_name_secret`]'s words (`pas`,
//! `pw`, `pri`, `sec`, `tok`, `aut`, `api`, `cre`, `has`; see
//! [`word_start`]), when it starts a `://`, or when its byte is `?` or `&`.
//! Each mask is exact (a bit is set if and only if the test holds there),
//! whichever of the three ways computes it: AVX2 when the processor has it
//! (chosen at run time: the release target is plain x86-64), SSE2 (every
//! x86-64 has it), or byte by byte elsewhere. The tests hold each way to
//! the byte-by-byte one (issue 15: the scan read a chunk byte by byte as
//! soon as any of its positions could start something, and most chunks of
//! an ISPDB file hold an `authentication` or a URL).

/// Positions in one block (one bit each in a `u32`).
pub(super) const BLOCK: usize = 32;

/// Bytes one block reads: its positions and the two after the last.
const SPAN: usize = BLOCK + 2;

/// The positions of one block, bit `k` for the block's `k`th position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Marks {
    /// The first three bytes of a secret word ([`word_start`]).
    pub words: u32,
    /// `://`.
    pub urls: u32,
    /// `?` or `&`.
    pub params: u32,
}

/// Whether three bytes, each lower-cased by `| 0x20`, start one of
/// [`super::super::may_name_secret`]'s words. A byte that is not a letter
/// may pass `| 0x20` as one, never the other way: the test lets through
/// every position where a word starts.
#[inline]
pub(super) fn word_start(f0: u8, f1: u8, f2: u8) -> bool {
    matches!(
        (f0, f1, f2),
        (b'p', b'a', b's')
            | (b'p', b'w', _)
            | (b'p', b'r', b'i')
            | (b's', b'e', b'c')
            | (b't', b'o', b'k')
            | (b'a', b'u', b't')
            | (b'a', b'p', b'i')
            | (b'c', b'r', b'e')
            | (b'h', b'a', b's')
    )
}

/// The bytes a position of each bit of [`MAY_MARK`] allows, at the
/// position and at the one and two after it; empty for every byte. Each
/// bit stands for the words of [`word_start`] that share its letters (in
/// both cases, as `| 0x20` lets them through), or for `://`: every test
/// of [`marks_bytewise`] but `?` and `&` is one of its bits.
const MAY_MARK_BYTES: [[&[u8]; 3]; 8] = [
    [b"pPhH", b"aA", b"sS"],
    [b"pP", b"wW", b""],
    [b"pP", b"rR", b"iI"],
    [b"sS", b"eE", b"cC"],
    [b"tT", b"oO", b"kK"],
    [b"aA", b"uUpP", b"tTiI"],
    [b"cC", b"rR", b"eE"],
    [b":", b"/", b"/"],
];

/// [`MAY_MARK_BYTES`] as nibble tables, Teddy's way: for the position and
/// the one and two after it, by a byte's low nibble and by its high
/// nibble, the bits that allow some byte with that nibble. A byte passes
/// a bit at a position when both its nibbles do: every byte the bit
/// allows passes (and a few more, `x` where `p` or `h` is allowed), so the
/// bits together let through every position [`marks_bytewise`] marks
/// with a word or a URL ([`may_mark_bytewise`], held to it by the tests).
/// Each table is written twice, for the two lanes of a 32-byte vector.
const MAY_MARK: [[u8; 32]; 6] = {
    let mut t = [[0u8; 32]; 6];
    let mut bit = 0;
    while bit < 8 {
        let mut k = 0;
        while k < 3 {
            let bytes = MAY_MARK_BYTES[bit][k];
            let mut n = 0;
            while n < 16 {
                // Every byte: every nibble.
                let mut lo = bytes.is_empty();
                let mut hi = bytes.is_empty();
                let mut i = 0;
                while i < bytes.len() {
                    lo |= (bytes[i] & 0x0f) as usize == n;
                    hi |= (bytes[i] >> 4) as usize == n;
                    i += 1;
                }
                if lo {
                    t[2 * k][n] |= 1 << bit;
                    t[2 * k][n + 16] |= 1 << bit;
                }
                if hi {
                    t[2 * k + 1][n] |= 1 << bit;
                    t[2 * k + 1][n + 16] |= 1 << bit;
                }
                n += 1;
            }
            k += 1;
        }
        bit += 1;
    }
    t
};

/// Whether the position of `f0` (followed by `f1` and `f2`) may be marked:
/// the byte-by-byte definition of the vector pre-filter
/// ([`x86::next_marked_avx2`]), a position it does not let through is
/// marked by no test.
#[cfg(test)]
pub(super) fn may_mark_bytewise(f0: u8, f1: u8, f2: u8) -> bool {
    let class = |k: usize, b: u8| {
        MAY_MARK[2 * k][usize::from(b & 0x0f)] & MAY_MARK[2 * k + 1][usize::from(b >> 4)]
    };
    class(0, f0) & class(1, f1) & class(2, f2) != 0 || f0 == b'?' || f0 == b'&'
}

/// The first position at or after `from` of `b` that `pick` marks and
/// `accept` takes.
pub(super) fn find(
    b: &[u8],
    from: usize,
    pick: impl Fn(Marks) -> u32,
    mut accept: impl FnMut(usize) -> bool,
) -> Option<usize> {
    let mut at = from;
    while at < b.len() {
        if let Some(j) = first_taken(pick(marks(b, at)), at, &mut accept) {
            return Some(j);
        }
        at += BLOCK;
    }
    None
}

/// The first position of `mask` (bit `k` for `at + k`) that `accept` takes.
#[inline]
fn first_taken(mut mask: u32, at: usize, accept: &mut impl FnMut(usize) -> bool) -> Option<usize> {
    while mask != 0 {
        let j = at + mask.trailing_zeros() as usize;
        if accept(j) {
            return Some(j);
        }
        mask &= mask - 1;
    }
    None
}

/// A short text (a line) searched several times, for URLs, parameters and
/// words: the marks of its first blocks are made once and kept (issue 15:
/// a line of an ISPDB file was marked five or six times over, once per
/// search).
pub(super) struct Marked<'a> {
    b: &'a [u8],
    /// The marks of the blocks from offsets 0, 32, 64 ..., as far as made.
    kept: [Marks; KEPT],
    made: usize,
}

/// Blocks a [`Marked`] keeps: a line of 256 bytes (longer lines are
/// marked again for each search past that).
const KEPT: usize = 8;

impl<'a> Marked<'a> {
    pub(super) fn new(b: &'a [u8]) -> Marked<'a> {
        Marked {
            b,
            kept: [Marks::default(); KEPT],
            made: 0,
        }
    }

    /// The marks of block `k` (offsets `k * BLOCK ..`).
    fn block(&mut self, k: usize) -> Marks {
        if k >= KEPT {
            return marks(self.b, k * BLOCK);
        }
        while self.made <= k {
            self.kept[self.made] = marks(self.b, self.made * BLOCK);
            self.made += 1;
        }
        self.kept[k]
    }

    /// [`find`] in the text.
    pub(super) fn find(
        &mut self,
        from: usize,
        pick: impl Fn(Marks) -> u32,
        mut accept: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        let mut k = from / BLOCK;
        // The positions of the first block before `from` are not asked.
        let mut below = from % BLOCK;
        while k * BLOCK < self.b.len() {
            let mask = pick(self.block(k)) & (u32::MAX << below);
            if let Some(j) = first_taken(mask, k * BLOCK, &mut accept) {
                return Some(j);
            }
            below = 0;
            k += 1;
        }
        None
    }
}

/// [`find`] of every mark (words, URLs, parameters) in a long text: whole
/// blocks are looked at in one loop of vector code ([`next_marked`]), not
/// one call a block (issue 15: most blocks of a file hold no mark).
pub(super) fn find_any(
    b: &[u8],
    from: usize,
    mut accept: impl FnMut(usize) -> bool,
) -> Option<usize> {
    let mut at = from;
    loop {
        let (next, any) = next_marked(b, at);
        if any == 0 {
            // The last bytes, fewer than a block's span.
            return find(b, next, |m| m.words | m.urls | m.params, accept);
        }
        if let Some(j) = first_taken(any, next, &mut accept) {
            return Some(j);
        }
        at = next + BLOCK;
    }
}

/// The first block at or after `at` (by whole blocks) with any mark, and
/// its marks of all kinds together; else where the whole blocks end (the
/// first block without [`SPAN`] bytes), and 0.
fn next_marked(b: &[u8], at: usize) -> (usize, u32) {
    #[cfg(target_arch = "x86_64")]
    if avx2() {
        // SAFETY: the processor has AVX2 (just asked).
        return unsafe { x86::next_marked_avx2(b, at) };
    }
    let mut at = at;
    while let Some(span) = b.get(at..).and_then(|r| r.first_chunk::<SPAN>()) {
        let m = marks_of(span);
        let any = m.words | m.urls | m.params;
        if any != 0 {
            return (at, any);
        }
        at += BLOCK;
    }
    (at, 0)
}

/// The marks of the [`BLOCK`] positions of `b` from `at`; a byte past the
/// end of `b` starts nothing and is read as 0 (which no test matches,
/// lower-cased or not), so positions past the end are never marked.
pub(super) fn marks(b: &[u8], at: usize) -> Marks {
    let rest = b.get(at..).unwrap_or_default();
    if let Some(span) = rest.first_chunk::<SPAN>() {
        return marks_of(span);
    }
    let mut padded = [0u8; SPAN];
    // `rest` is shorter than `SPAN` here.
    padded[..rest.len()].copy_from_slice(rest);
    marks_of(&padded)
}

/// Whether to use AVX2: the processor has it (std asks once and keeps the
/// answer), and, in tests, the thread has not turned it off to test the
/// SSE2 way on the same processor.
#[cfg(target_arch = "x86_64")]
#[inline]
fn avx2() -> bool {
    #[cfg(test)]
    if tests::NO_AVX2.with(|no| no.get()) {
        return false;
    }
    std::arch::is_x86_feature_detected!("avx2")
}

/// Run `f` with AVX2 turned off on this thread (the SSE2 way taken where
/// AVX2 would be).
#[cfg(test)]
pub(super) fn without_avx2<T>(f: impl FnOnce() -> T) -> T {
    tests::NO_AVX2.with(|no| no.set(true));
    let r = f();
    tests::NO_AVX2.with(|no| no.set(false));
    r
}

fn marks_of(span: &[u8; SPAN]) -> Marks {
    #[cfg(target_arch = "x86_64")]
    {
        if avx2() {
            // SAFETY: the processor has AVX2 (just asked).
            return unsafe { x86::marks_avx2(span) };
        }
        x86::marks_sse2(span)
    }
    #[cfg(not(target_arch = "x86_64"))]
    marks_bytewise(span)
}

/// The marks byte by byte: the definition the vector ways are held to.
#[cfg(any(test, not(target_arch = "x86_64")))]
pub(super) fn marks_bytewise(s: &[u8; SPAN]) -> Marks {
    let mut m = Marks::default();
    for k in 0..BLOCK {
        let bit = 1u32 << k;
        if word_start(s[k] | 0x20, s[k + 1] | 0x20, s[k + 2] | 0x20) {
            m.words |= bit;
        }
        if s[k] == b':' && s[k + 1] == b'/' && s[k + 2] == b'/' {
            m.urls |= bit;
        }
        if s[k] == b'?' || s[k] == b'&' {
            m.params |= bit;
        }
    }
    m
}

/// Whether each byte of vector `$v` is `$c` (all ones where it is).
#[cfg(target_arch = "x86_64")]
macro_rules! is {
    ($eq:ident, $set1:ident, $v:expr, $c:expr) => {
        $eq($v, $set1($c as i8))
    };
}

/// The tests of [`marks_bytewise`] over one vector of positions, each a
/// comparison of whole vectors: `$v0`, `$v1`, `$v2` hold the bytes at the
/// positions and one and two after; the rest name the width's intrinsics.
/// Returns the vectors of words, URLs and parameters (all ones where a
/// position is marked).
#[cfg(target_arch = "x86_64")]
macro_rules! vector_marks {
    ($v0:expr, $v1:expr, $v2:expr, $set1:ident, $or:ident, $and:ident, $eq:ident) => {{
        let low = $set1(0x20);
        let (v0, v1, v2) = ($v0, $v1, $v2);
        let (f0, f1, f2) = ($or(v0, low), $or(v1, low), $or(v2, low));
        let (a1, s2, i2) = (
            is!($eq, $set1, f1, b'a'),
            is!($eq, $set1, f2, b's'),
            is!($eq, $set1, f2, b'i'),
        );
        let p = $and(
            is!($eq, $set1, f0, b'p'),
            $or(
                $or($and(a1, s2), is!($eq, $set1, f1, b'w')),
                $and(is!($eq, $set1, f1, b'r'), i2),
            ),
        );
        let s = $and(
            $and(is!($eq, $set1, f0, b's'), is!($eq, $set1, f1, b'e')),
            is!($eq, $set1, f2, b'c'),
        );
        let t = $and(
            $and(is!($eq, $set1, f0, b't'), is!($eq, $set1, f1, b'o')),
            is!($eq, $set1, f2, b'k'),
        );
        let a = $and(
            is!($eq, $set1, f0, b'a'),
            $or(
                $and(is!($eq, $set1, f1, b'u'), is!($eq, $set1, f2, b't')),
                $and(is!($eq, $set1, f1, b'p'), i2),
            ),
        );
        let c = $and(
            $and(is!($eq, $set1, f0, b'c'), is!($eq, $set1, f1, b'r')),
            is!($eq, $set1, f2, b'e'),
        );
        let h = $and($and(is!($eq, $set1, f0, b'h'), a1), s2);
        let words = $or($or($or(p, s), $or(t, a)), $or(c, h));
        let urls = $and(
            $and(is!($eq, $set1, v0, b':'), is!($eq, $set1, v1, b'/')),
            is!($eq, $set1, v2, b'/'),
        );
        let params = $or(is!($eq, $set1, v0, b'?'), is!($eq, $set1, v0, b'&'));
        (words, urls, params)
    }};
}

#[cfg(target_arch = "x86_64")]
pub(super) mod x86 {
    use std::arch::x86_64::*;

    use super::{BLOCK, Marks, SPAN};

    /// The three vectors of marks of the 32 positions from `p`.
    ///
    /// # Safety
    /// The processor must have AVX2, and `p .. p + 34` must be readable.
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn vectors_avx2(p: *const u8) -> (__m256i, __m256i, __m256i) {
        // SAFETY: each load reads 32 bytes from `p`, `p + 1` or `p + 2`, the
        // last ending at `p + 34`, readable (the caller); unaligned loads
        // need no alignment.
        let (v0, v1, v2) = unsafe {
            (
                _mm256_loadu_si256(p.cast()),
                _mm256_loadu_si256(p.add(1).cast()),
                _mm256_loadu_si256(p.add(2).cast()),
            )
        };
        vector_marks!(
            v0,
            v1,
            v2,
            _mm256_set1_epi8,
            _mm256_or_si256,
            _mm256_and_si256,
            _mm256_cmpeq_epi8
        )
    }

    /// [`super::marks_bytewise`] with 32-byte vectors: one vector of
    /// positions is the block.
    ///
    /// # Safety
    /// The processor must have AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn marks_avx2(span: &[u8; SPAN]) -> Marks {
        // SAFETY: AVX2 is there (the caller); `span` is 34 bytes.
        let (w, u, p) = unsafe { vectors_avx2(span.as_ptr()) };
        Marks {
            words: _mm256_movemask_epi8(w) as u32,
            urls: _mm256_movemask_epi8(u) as u32,
            params: _mm256_movemask_epi8(p) as u32,
        }
    }

    /// Whether any position of the 32 from `p` may be marked
    /// ([`super::may_mark_bytewise`] of each): three nibble look-ups a
    /// position in `tables` ([`super::MAY_MARK`]) and two comparisons, about
    /// half the operations of [`vectors_avx2`] (issue 15: a block of a 10
    /// MB file cost about 60 instructions, and nearly every block of the
    /// big files has no mark).
    ///
    /// # Safety
    /// The processor must have AVX2, and `p .. p + 34` must be readable.
    #[target_feature(enable = "avx2")]
    #[inline]
    pub(super) unsafe fn may_mark_avx2(p: *const u8, tables: &[__m256i; 6]) -> bool {
        // SAFETY: as in `vectors_avx2`: each load reads 32 bytes from `p`,
        // `p + 1` or `p + 2`, readable (the caller), unaligned.
        let (v0, v1, v2) = unsafe {
            (
                _mm256_loadu_si256(p.cast()),
                _mm256_loadu_si256(p.add(1).cast()),
                _mm256_loadu_si256(p.add(2).cast()),
            )
        };
        let words = _mm256_and_si256(
            _mm256_and_si256(
                class_avx2(v0, tables[0], tables[1]),
                class_avx2(v1, tables[2], tables[3]),
            ),
            class_avx2(v2, tables[4], tables[5]),
        );
        let params = _mm256_or_si256(
            _mm256_cmpeq_epi8(v0, _mm256_set1_epi8(b'?' as i8)),
            _mm256_cmpeq_epi8(v0, _mm256_set1_epi8(b'&' as i8)),
        );
        let any = _mm256_or_si256(words, params);
        _mm256_testz_si256(any, any) == 0
    }

    /// The bits of each byte of `v` by the nibble tables `lo` and `hi`.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn class_avx2(v: __m256i, lo: __m256i, hi: __m256i) -> __m256i {
        let nibble = _mm256_set1_epi8(0x0f);
        let l = _mm256_shuffle_epi8(lo, _mm256_and_si256(v, nibble));
        let h = _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble));
        _mm256_and_si256(l, h)
    }

    /// [`super::next_marked`] with 32-byte vectors, in one loop: a block
    /// is marked only when the pre-filter ([`may_mark_avx2`]) lets some
    /// position of it through.
    ///
    /// # Safety
    /// The processor must have AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn next_marked_avx2(b: &[u8], mut at: usize) -> (usize, u32) {
        let t = &super::MAY_MARK;
        // SAFETY: each table is 32 bytes, read unaligned.
        let tables = unsafe {
            [
                _mm256_loadu_si256(t[0].as_ptr().cast()),
                _mm256_loadu_si256(t[1].as_ptr().cast()),
                _mm256_loadu_si256(t[2].as_ptr().cast()),
                _mm256_loadu_si256(t[3].as_ptr().cast()),
                _mm256_loadu_si256(t[4].as_ptr().cast()),
                _mm256_loadu_si256(t[5].as_ptr().cast()),
            ]
        };
        while let Some(span) = b.get(at..).and_then(|r| r.first_chunk::<SPAN>()) {
            // SAFETY: AVX2 is there (the caller); `span` is 34 bytes.
            if unsafe { !may_mark_avx2(span.as_ptr(), &tables) } {
                at += BLOCK;
                continue;
            }
            // SAFETY: AVX2 is there (the caller); `span` is 34 bytes.
            let (w, u, p) = unsafe { vectors_avx2(span.as_ptr()) };
            let any = _mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(w, u), p)) as u32;
            if any != 0 {
                return (at, any);
            }
            at += BLOCK;
        }
        (at, 0)
    }

    /// The three masks of the 16 positions from `at` of `span` (0 or 16).
    fn half_sse2(span: &[u8; SPAN], at: usize) -> (u32, u32, u32) {
        let p = span[at..].as_ptr();
        // SAFETY: `at` is 0 or 16; each load reads 16 bytes from `p + 0..=2`,
        // ending at most at `span`'s 16 + 2 + 16 = 34th byte, its end;
        // unaligned loads need no alignment. SSE2 is part of x86-64.
        unsafe {
            let (v0, v1, v2) = (
                _mm_loadu_si128(p.cast()),
                _mm_loadu_si128(p.add(1).cast()),
                _mm_loadu_si128(p.add(2).cast()),
            );
            let (w, u, p) = vector_marks!(
                v0,
                v1,
                v2,
                _mm_set1_epi8,
                _mm_or_si128,
                _mm_and_si128,
                _mm_cmpeq_epi8
            );
            (
                _mm_movemask_epi8(w) as u32,
                _mm_movemask_epi8(u) as u32,
                _mm_movemask_epi8(p) as u32,
            )
        }
    }

    /// [`super::marks_bytewise`] with 16-byte vectors (SSE2, which every
    /// x86-64 processor has): two vectors of positions make the block.
    pub fn marks_sse2(span: &[u8; SPAN]) -> Marks {
        let (lo, hi) = (half_sse2(span, 0), half_sse2(span, BLOCK / 2));
        Marks {
            words: lo.0 | hi.0 << 16,
            urls: lo.1 | hi.1 << 16,
            params: lo.2 | hi.2 << 16,
        }
    }
}

#[cfg(test)]
mod tests;
