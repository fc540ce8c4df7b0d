//! Every way of computing the marks is held to the byte-by-byte definition.

use super::*;

thread_local! {
    /// Set by [`without_avx2`]: this thread takes the SSE2 way.
    pub(in crate::secrets::shape) static NO_AVX2: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The marks of the block of `b` from `at`, position by position, from the
/// tests the scan makes at one position (bytes past the end are none).
fn defined(b: &[u8], at: usize) -> Marks {
    let byte = |i: usize| b.get(i).copied();
    let fold = |i: usize| byte(i).map_or(0, |c| c | 0x20);
    let mut m = Marks::default();
    for k in 0..BLOCK {
        let i = at + k;
        if i >= b.len() {
            break;
        }
        let bit = 1u32 << k;
        if word_start(fold(i), fold(i + 1), fold(i + 2)) {
            m.words |= bit;
        }
        if b[i..].starts_with(b"://") {
            m.urls |= bit;
        }
        if matches!(b[i], b'?' | b'&') {
            m.params |= bit;
        }
    }
    m
}

/// Each way the processor offers, with its name.
/// A way of marking a block, with its name.
type Way = (&'static str, fn(&[u8; SPAN]) -> Marks);

fn ways() -> Vec<Way> {
    let mut ways: Vec<Way> = vec![("bytewise", marks_bytewise), ("dispatched", marks_of)];
    #[cfg(target_arch = "x86_64")]
    {
        ways.push(("sse2", x86::marks_sse2));
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2 (just asked).
            ways.push(("avx2", |s| unsafe { x86::marks_avx2(s) }));
        }
    }
    ways
}

fn check_all_ways(b: &[u8]) {
    for at in 0..b.len().min(2 * BLOCK) {
        let want = defined(b, at);
        assert_eq!(marks(b, at), want, "marks at {at} of {b:?}");
        if let Some(span) = b[at..].first_chunk::<SPAN>() {
            for (name, way) in ways() {
                assert_eq!(way(span), want, "{name} at {at} of {b:?}");
            }
        }
    }
}

/// Bytes that take part in a test, in both cases, and their neighbours.
const BYTES: &[u8] = b"pPaAsSwWrRiIeEcCtToOkKuUhH:/?&`@_0\x00\x1a\x0f\x06\x1fxX\xc3\xa9 ";

/// Every triple of bytes of [`BYTES`] at the first and last place of each
/// half of a block (SSE2 computes a half at a time) and across their seam;
/// any other bytes are left to the property test below.
#[test]
fn every_triple_at_the_edges() {
    let mut b = vec![b'x'; SPAN + BLOCK];
    for &first in BYTES {
        for &second in BYTES {
            for &third in BYTES {
                for at in [0, 14, 15, 16, 31] {
                    b.fill(b'x');
                    b[at..at + 3].copy_from_slice(&[first, second, third]);
                    let span: &[u8; SPAN] = b.first_chunk().unwrap_or(&[0; SPAN]);
                    let want = defined(&b, 0);
                    for (name, way) in ways() {
                        assert_eq!(way(span), want, "{name}: {first} {second} {third} at {at}");
                    }
                }
            }
        }
    }
}

/// Near the end of a text the bytes past it are none: a word, `://` or
/// `?` cut by the end is marked only as far as it is there.
#[test]
fn the_end_of_the_text_is_the_end() {
    for t in [
        "pw", "p", "pa", "pas", ":/", "://", "?", "&", "api", "ap", "Has",
    ] {
        for pad in 0..(BLOCK + 3) {
            let b = format!("{}{t}", "x".repeat(pad));
            check_all_ways(b.as_bytes());
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// On any bytes, and on bytes drawn from those that take part in a test.
    #[test]
    fn every_way_marks_what_the_definition_marks(
        any in proptest::collection::vec(proptest::num::u8::ANY, 0..100),
        near in proptest::collection::vec(proptest::sample::select(BYTES), 0..100),
    ) {
        check_all_ways(&any);
        check_all_ways(&near);
    }

    /// `find` and a `Marked` text's `find` (searched again and again,
    /// past the blocks it keeps) give the first accepted mark, as a
    /// byte-by-byte search would.
    #[test]
    fn find_is_the_first_accepted_mark(
        near in proptest::collection::vec(proptest::sample::select(BYTES), 0..(KEPT * BLOCK + 80)),
        froms in proptest::collection::vec(0usize..(KEPT * BLOCK + 90), 1..4),
        skip in 0usize..4,
    ) {
        let mut marked = Marked::new(&near);
        for from in froms {
            let mut seen = 0;
            let got = find(&near, from, |m| m.words | m.urls, |_| {
                seen += 1;
                seen > skip
            });
            let mut seen = 0;
            let kept = marked.find(from, |m| m.words | m.urls, |_| {
                seen += 1;
                seen > skip
            });
            let want = (from..near.len())
                .filter(|&j| {
                    let d = defined(&near, j);
                    d.words & 1 != 0 || d.urls & 1 != 0
                })
                .nth(skip);
            let mut seen = 0;
            let any = find_any(&near, from, |j| {
                let d = defined(&near, j);
                (d.words & 1 != 0 || d.urls & 1 != 0) && {
                    seen += 1;
                    seen > skip
                }
            });
            proptest::prop_assert_eq!(got, want);
            proptest::prop_assert_eq!(kept, want);
            proptest::prop_assert_eq!(any, want);
            let mut seen = 0;
            let any_sse2 = without_avx2(|| {
                find_any(&near, from, |j| {
                    let d = defined(&near, j);
                    (d.words & 1 != 0 || d.urls & 1 != 0) && {
                        seen += 1;
                        seen > skip
                    }
                })
            });
            proptest::prop_assert_eq!(any_sse2, want);
        }
    }
}

/// The pre-filter's definition lets through every triple of bytes that a
/// test of [`marks_bytewise`] marks (all 2^24 of them).
#[test]
fn the_pre_filter_lets_every_mark_through() {
    let mut passed = 0u32;
    for f0 in 0..=255u8 {
        for f1 in 0..=255u8 {
            for f2 in 0..=255u8 {
                let marked = word_start(f0 | 0x20, f1 | 0x20, f2 | 0x20)
                    || (f0, f1, f2) == (b':', b'/', b'/')
                    || f0 == b'?'
                    || f0 == b'&';
                let may = may_mark_bytewise(f0, f1, f2);
                assert!(!marked || may, "{f0:#x} {f1:#x} {f2:#x}");
                passed += u32::from(may);
            }
        }
    }
    // And not much more: `?` and `&` before any two bytes (131,072
    // triples), then the words' letters, `x` beside `p` and `h`, and the
    // like (1,153 more).
    assert_eq!(passed, 132_225);
}

/// Where the whole blocks of `b` from `at` first have a mark, block by
/// block from the definition ([`next_marked`] without a pre-filter).
fn next_marked_bytewise(b: &[u8], mut at: usize) -> (usize, u32) {
    while let Some(span) = b.get(at..).and_then(|r| r.first_chunk::<SPAN>()) {
        let m = marks_bytewise(span);
        let any = m.words | m.urls | m.params;
        if any != 0 {
            return (at, any);
        }
        at += BLOCK;
    }
    (at, 0)
}

/// The AVX2 pre-filter of a block says what its definition says of some
/// position of the block.
#[cfg(target_arch = "x86_64")]
fn check_pre_filter(b: &[u8]) {
    if !std::arch::is_x86_feature_detected!("avx2") {
        return;
    }
    let t = &MAY_MARK;
    for at in 0..b.len() {
        let Some(span) = b[at..].first_chunk::<SPAN>() else {
            break;
        };
        let want = (0..BLOCK).any(|k| may_mark_bytewise(span[k], span[k + 1], span[k + 2]));
        // SAFETY: the processor has AVX2 (just asked); `span` is 34
        // bytes; each table is 32 bytes, read unaligned.
        let got = unsafe {
            use std::arch::x86_64::_mm256_loadu_si256;
            let tables = [0, 1, 2, 3, 4, 5].map(|i| _mm256_loadu_si256(t[i].as_ptr().cast()));
            x86::may_mark_avx2(span.as_ptr(), &tables)
        };
        assert_eq!(got, want, "at {at} of {b:?}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// The blocks the pre-filter passes over have no mark: the first
    /// marked block and its marks are the definition's, from any place,
    /// with AVX2 and without; and the vector pre-filter is its definition.
    #[test]
    fn the_pre_filter_skips_only_blocks_without_a_mark(
        any in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
        near in proptest::collection::vec(proptest::sample::select(BYTES), 0..300),
        from in 0usize..40,
    ) {
        for b in [&any, &near] {
            let want = next_marked_bytewise(b, from);
            proptest::prop_assert_eq!(next_marked(b, from), want);
            proptest::prop_assert_eq!(without_avx2(|| next_marked(b, from)), want);
            #[cfg(target_arch = "x86_64")]
            check_pre_filter(b);
        }
    }
}

/// A long text whose marks are far apart (most blocks skipped by the
/// pre-filter, some let through for nothing): every mark is found.
#[test]
fn marks_far_apart_are_found() {
    let line = b"user_pref(\"mail.server.server0.filter_3.last_run\", \"20261201T0003\");\n";
    let mut b: Vec<u8> = line.repeat(40);
    // Let through for nothing (`xas`, `pwX` is a mark, `Aui`), then marks.
    for (at, piece) in [
        (100, &b"xas"[..]),
        (700, b"Aui"),
        (1200, b"pwX"),
        (1500, b"://"),
        (2000, b"sEc"),
        (2500, b"&"),
    ] {
        b[at..at + piece.len()].copy_from_slice(piece);
    }
    for from in (0..b.len()).step_by(7) {
        let want = next_marked_bytewise(&b, from);
        assert_eq!(next_marked(&b, from), want, "from {from}");
        assert_eq!(without_avx2(|| next_marked(&b, from)), want, "from {from}");
    }
}
