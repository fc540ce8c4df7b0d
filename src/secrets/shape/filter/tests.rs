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
