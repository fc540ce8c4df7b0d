//! Turning a file's bytes into text. A byte-order mark decides (UTF-8,
//! UTF-16LE, UTF-16BE); else ISO-2022-JP's escape sequences; else UTF-16
//! without a BOM (NUL bytes on one side of each pair); else valid UTF-8;
//! else chardetng (Firefox's detector) guesses among the legacy encodings
//! (Shift_JIS/CP932, EUC-JP, ...), and [`Decoded::weak_guess`] says when the
//! bytes gave it little to go on.

use encoding_rs::{
    EUC_JP, Encoding, ISO_2022_JP, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252,
};
use serde::Serialize;

/// The encoding a file was read in, as reported per file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// UTF-16 without a byte-order mark (recognised by its NUL bytes).
    Utf16LeNoBom,
    Utf16BeNoBom,
    /// Windows code page 932, the "ANSI" code page of Japanese Windows.
    ShiftJis,
    /// EUC-JP, the legacy encoding of Japanese Unix systems.
    EucJp,
    /// ISO-2022-JP (JIS), the 7-bit encoding of Japanese mail.
    Iso2022Jp,
    /// Another legacy encoding the detector chose (windows-1252, ...).
    Other(&'static Encoding),
}

impl Serialize for TextEncoding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Utf16LeNoBom => "utf-16le-no-bom",
            TextEncoding::Utf16BeNoBom => "utf-16be-no-bom",
            TextEncoding::ShiftJis => "shift_jis",
            TextEncoding::EucJp => "euc-jp",
            TextEncoding::Iso2022Jp => "iso-2022-jp",
            TextEncoding::Other(e) => e.name(),
        }
    }

    /// The encoding's name as people know it (`Shift_JIS`, `EUC-JP`).
    pub fn display_name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Utf16LeNoBom => "UTF-16LE (no BOM)",
            TextEncoding::Utf16BeNoBom => "UTF-16BE (no BOM)",
            TextEncoding::ShiftJis => "Shift_JIS",
            TextEncoding::EucJp => "EUC-JP",
            TextEncoding::Iso2022Jp => "ISO-2022-JP",
            TextEncoding::Other(e) => e.name(),
        }
    }

    /// The IANA charset name (SARIF's `artifact.encoding`, which a viewer
    /// looks up to write a fix's text): a byte-order mark is no part of it.
    pub fn iana_name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => "UTF-8",
            TextEncoding::Utf16Le | TextEncoding::Utf16LeNoBom => "UTF-16LE",
            TextEncoding::Utf16Be | TextEncoding::Utf16BeNoBom => "UTF-16BE",
            TextEncoding::ShiftJis => "Shift_JIS",
            TextEncoding::EucJp => "EUC-JP",
            TextEncoding::Iso2022Jp => "ISO-2022-JP",
            TextEncoding::Other(e) => e.name(),
        }
    }

    /// Whether the file is in a Unicode encoding (nothing to say about it).
    pub fn is_unicode(self) -> bool {
        matches!(
            self,
            TextEncoding::Utf8
                | TextEncoding::Utf8Bom
                | TextEncoding::Utf16Le
                | TextEncoding::Utf16Be
                | TextEncoding::Utf16LeNoBom
                | TextEncoding::Utf16BeNoBom
        )
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => UTF_8,
            TextEncoding::Utf16Le | TextEncoding::Utf16LeNoBom => UTF_16LE,
            TextEncoding::Utf16Be | TextEncoding::Utf16BeNoBom => UTF_16BE,
            TextEncoding::ShiftJis => SHIFT_JIS,
            TextEncoding::EucJp => EUC_JP,
            TextEncoding::Iso2022Jp => ISO_2022_JP,
            TextEncoding::Other(e) => e,
        }
    }

    fn of(e: &'static Encoding) -> TextEncoding {
        if e == SHIFT_JIS {
            TextEncoding::ShiftJis
        } else if e == EUC_JP {
            TextEncoding::EucJp
        } else if e == ISO_2022_JP {
            TextEncoding::Iso2022Jp
        } else if e == UTF_8 {
            TextEncoding::Utf8
        } else {
            TextEncoding::Other(e)
        }
    }

    /// Length of the byte-order mark this encoding was detected by.
    pub fn bom_len(self) -> usize {
        match self {
            TextEncoding::Utf8Bom => 3,
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => 2,
            _ => 0,
        }
    }

    /// Number of bytes `text` takes in this encoding (without BOM).
    pub fn encoded_len(self, text: &str) -> usize {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => text.len(),
            TextEncoding::Utf16Le
            | TextEncoding::Utf16Be
            | TextEncoding::Utf16LeNoBom
            | TextEncoding::Utf16BeNoBom => text.encode_utf16().count() * 2,
            TextEncoding::ShiftJis => {
                // Characters that do not round-trip were replaced when decoding;
                // encoding_rs then writes numeric references, so count ASCII
                // and two-byte characters directly instead.
                text.chars()
                    .map(|c| match c as u32 {
                        0..=0x7f => 1,
                        0xff61..=0xff9f => 1, // half-width katakana
                        _ => 2,
                    })
                    .sum()
            }
            TextEncoding::EucJp => text
                .chars()
                .map(|c| match c as u32 {
                    0..=0x7f => 1,
                    0xff61..=0xff9f => 2, // SS2 + the katakana byte
                    _ => {
                        let mut buf = [0u8; 4];
                        let (_, _, unmappable) = EUC_JP.encode(c.encode_utf8(&mut buf));
                        // What the encoder cannot write came from JIS X 0212
                        // (SS3 + two bytes).
                        if unmappable { 3 } else { 2 }
                    }
                })
                .sum(),
            TextEncoding::Iso2022Jp => iso_2022_jp_len(text),
            TextEncoding::Other(e) => e.encode(text).0.len(),
        }
    }
}

/// Bytes `text` takes in ISO-2022-JP when written as its encoder does: an
/// escape sequence (3 bytes) wherever the character set changes, two bytes
/// per JIS X 0208 character, one per ASCII character; a line ends in ASCII.
fn iso_2022_jp_len(text: &str) -> usize {
    let mut jis = false;
    let mut n = 0;
    for c in text.chars() {
        let wide = !c.is_ascii();
        if wide != jis {
            n += 3;
            jis = wide;
        }
        n += if wide { 2 } else { 1 };
    }
    n
}

/// Decoded text and what it was decoded from.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
    /// True when some bytes could not be decoded and were replaced by U+FFFD.
    pub had_errors: bool,
    /// The encoding was guessed from the bytes (no BOM, not UTF-8).
    pub guessed: bool,
    /// The guess had little to go on: another Japanese encoding reads the
    /// bytes just as well and there are few of them, or the guess does not
    /// read them all.
    pub weak_guess: bool,
    /// A CMS-signed profile: `text` is its signed content at the file's own
    /// offsets, the wrapper blanked. Editing it would break the signature.
    pub signed: bool,
}

/// Fewer non-ASCII bytes than this, readable in two Japanese encodings, make
/// a weak guess (a dozen characters of a name or a folder).
const STRONG_EVIDENCE: usize = 24;

/// Decode by BOM (UTF-8, UTF-16LE, UTF-16BE), else ISO-2022-JP by its escape
/// sequences, else UTF-16 without a BOM, else UTF-8 when valid, else the
/// encoding chardetng guesses.
pub fn decode(bytes: &[u8]) -> Decoded {
    match unicode_or_jis(bytes) {
        Some(d) => d,
        None => match utf8_str(bytes) {
            // Checked once: decoding it again as UTF-8 would check it again.
            Some(text) => utf8(text.to_owned()),
            None => legacy(bytes),
        },
    }
}

/// [`decode`] of bytes the caller gives up: valid UTF-8 (most files)
/// becomes the text in place, without a copy (a 10 MB file is not held
/// twice, issue 15).
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    match unicode_or_jis(&bytes) {
        Some(d) => d,
        None if utf8_str(&bytes).is_some() => {
            // SAFETY: `utf8_str` has just found `bytes` to be UTF-8 (simdutf8;
            // its verdict is held to core's by the tests below), and they are
            // not changed in between.
            utf8(unsafe { String::from_utf8_unchecked(bytes) })
        }
        None => legacy(&bytes),
    }
}

/// The text of [`decode`], borrowed from `bytes` when they are UTF-8 as
/// they stand (a look at a file's head while planning: no copy of it).
pub fn decode_borrowed(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    match unicode_or_jis(bytes) {
        Some(d) => Cow::Owned(d.text),
        None => match utf8_str(bytes) {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(legacy(bytes).text),
        },
    }
}

/// `bytes` as text when they are UTF-8, as `std::str::from_utf8` says.
/// Checked by simdutf8, a vector check: every file is checked twice (its
/// head when planning, its text when read), and core's check was 0.25 M
/// instructions of the ISPDB's 16 M (0.5 an ASCII byte, simdutf8 0.2).
fn utf8_str(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// The decodings a file's first bytes or its escapes decide: a byte-order
/// mark, ISO-2022-JP, UTF-16 without a BOM. `None`: UTF-8 or a legacy
/// encoding, for the caller to tell apart.
fn unicode_or_jis(bytes: &[u8]) -> Option<Decoded> {
    let (encoding, body) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (TextEncoding::Utf8Bom, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (TextEncoding::Utf16Le, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (TextEncoding::Utf16Be, rest)
    } else if memchr::memchr2(0x1b, 0, bytes).is_none() {
        // Neither an escape (ISO-2022-JP) nor a NUL (UTF-16): most files,
        // told in one search instead of one for each (issue 15).
        return None;
    } else if is_iso_2022_jp(bytes) {
        let mut d = decode_as(bytes, TextEncoding::Iso2022Jp);
        d.guessed = true;
        d.weak_guess = d.had_errors;
        return Some(d);
    } else if let Some(enc) = utf16_without_bom(bytes) {
        // Before UTF-8: NUL bytes are valid UTF-8, and so are many pairs of
        // UTF-16 bytes.
        let mut d = decode_as(bytes, enc);
        d.guessed = true;
        d.weak_guess = d.had_errors;
        return Some(d);
    } else {
        return None;
    };
    Some(decode_as(body, encoding))
}

/// Text that is UTF-8 as it stands: nothing guessed, nothing replaced.
pub(crate) fn utf8(text: String) -> Decoded {
    Decoded {
        text,
        encoding: TextEncoding::Utf8,
        had_errors: false,
        guessed: false,
        weak_guess: false,
        signed: false,
    }
}

/// Bytes that are not UTF-8: a signed profile's content at the file's own
/// offsets, or the detector's guess among the legacy encodings.
fn legacy(bytes: &[u8]) -> Decoded {
    match super::cms::blank_wrapper(bytes) {
        Some(text) => Decoded {
            signed: true,
            ..utf8(text)
        },
        None => guess(bytes),
    }
}

/// ISO-2022-JP: 7-bit bytes with the escape sequences that switch to JIS
/// X 0208 (`ESC $ B`, `ESC $ @`).
fn is_iso_2022_jp(bytes: &[u8]) -> bool {
    // The escapes first: most files have none, and one vector search for
    // them is cheaper than checking every byte is ASCII (issue 15).
    memchr::memchr_iter(0x1b, bytes).any(|i| {
        let seq = &bytes[i + 1..];
        seq.starts_with(b"$B") || seq.starts_with(b"$@")
    }) && bytes.is_ascii()
}

/// UTF-16 without a byte-order mark, as Windows tools write it: an even
/// length, many NUL bytes on one side of the pairs (the high bytes of
/// ASCII) and almost none on the other.
pub fn utf16_without_bom(bytes: &[u8]) -> Option<TextEncoding> {
    let head = &bytes[..bytes.len().min(8192) & !1];
    // Without a NUL byte neither side can have many (the common case: one
    // search instead of two counts).
    if head.len() < 4 || bytes.len() % 2 != 0 || memchr::memchr(0, head).is_none() {
        return None;
    }
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let pairs = head.len() / 2;
    let lopsided = |many: usize, few: usize| many * 3 >= pairs && few * 20 <= many;
    if lopsided(odd, even) {
        Some(TextEncoding::Utf16LeNoBom)
    } else if lopsided(even, odd) {
        Some(TextEncoding::Utf16BeNoBom)
    } else {
        None
    }
}

/// chardetng's guess for bytes that are neither Unicode nor ISO-2022-JP.
fn guess(bytes: &[u8]) -> Decoded {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    // The legacy files maillint meets are Japanese: the `.jp` hint makes
    // chardetng weigh the Japanese encodings first where the bytes fit
    // several (`＠` in EUC-JP is also a GBK character).
    let guessed = detector.guess(Some(b"jp"), chardetng::Utf8Detection::Deny);
    let encoding = TextEncoding::of(guessed);
    let mut d = decode_as(bytes, encoding);
    d.guessed = true;
    let evidence = bytes.iter().filter(|b| !b.is_ascii()).count();
    let rival = match encoding {
        TextEncoding::ShiftJis => Some(EUC_JP),
        TextEncoding::EucJp => Some(SHIFT_JIS),
        _ => None,
    };
    let rival_reads = rival.is_some_and(|r| !r.decode_without_bom_handling(bytes).1);
    // A Western guess for bytes that also read as Shift_JIS, or another
    // script's encoding, is a guess to doubt in a Japanese user's files.
    let other = match encoding {
        TextEncoding::Other(e) if e == WINDOWS_1252 => {
            !SHIFT_JIS.decode_without_bom_handling(bytes).1
        }
        TextEncoding::Other(_) => true,
        _ => false,
    };
    d.weak_guess = d.had_errors || (rival_reads && evidence < STRONG_EVIDENCE) || other;
    d
}

/// Decode `body` (BOM already removed) as `encoding`.
pub fn decode_as(body: &[u8], encoding: TextEncoding) -> Decoded {
    let (text, had_errors) = encoding.encoding().decode_without_bom_handling(body);
    Decoded {
        text: text.into_owned(),
        encoding,
        had_errors,
        guessed: false,
        weak_guess: false,
        signed: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// simdutf8's verdict is core's, on every corpus and fixture file (whole
    /// and cut at every one of its first 64 bytes and around its middle) and
    /// on byte strings around every kind of invalid UTF-8.
    #[test]
    fn utf8_check_agrees_with_core() {
        let agree = |b: &[u8]| {
            assert_eq!(
                utf8_str(b),
                std::str::from_utf8(b).ok(),
                "{:?}",
                b.get(..b.len().min(40))
            );
        };
        for path in crate::test_files::corpus_and_fixtures() {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            agree(&bytes);
            let mid = bytes.len() / 2;
            for cut in (0..64).chain(mid.saturating_sub(8)..mid + 8) {
                if let Some(head) = bytes.get(..cut) {
                    agree(head);
                }
            }
        }
        let pieces: [&[u8]; 16] = [
            b"a",
            b"\x00",
            b"\x7F",
            b"\x80",
            b"\xC0\x80",
            b"\xC2\xA0",
            b"\xE6\x97\xA5",
            b"\xE6\x97",
            b"\xED\xA0\x80",
            b"\xEF\xBB\xBF",
            b"\xF0\x9F\x98\x80",
            b"\xF4\x90\x80\x80",
            b"\xF8\x88\x80\x80\x80",
            b"\xFF",
            b"0123456789abcdef0123456789abcdef",
            b"\xE0\x80\xAF",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    // At every offset of a vector's width around the joins.
                    for pad in [0, 1, 15, 31, 63] {
                        let mut v = vec![b' '; pad];
                        v.extend_from_slice(a);
                        v.extend_from_slice(b);
                        v.extend_from_slice(c);
                        agree(&v);
                    }
                }
            }
        }
    }

    #[test]
    fn decoding_owned_bytes_is_decoding_borrowed_ones() {
        let cases: [&[u8]; 8] = [
            b"abc",
            "設定=値".as_bytes(),
            b"\xEF\xBB\xBFabc",
            b"\xFF\xFEa\x00b\x00",
            b"\x93\xfa\x96\x7b\x8c\xea=x",
            b"\x1b$B$3$s\x1b(B",
            b"a\x00b\x00c\x00d\x00",
            b"\xff\xfe\xfd plain?",
        ];
        for bytes in cases {
            assert_eq!(decode_borrowed(bytes), decode(bytes).text, "{bytes:?}");
            let (a, b) = (decode(bytes), decode_owned(bytes.to_vec()));
            assert_eq!(
                (a.text, a.encoding, a.had_errors, a.guessed, a.weak_guess),
                (b.text, b.encoding, b.had_errors, b.guessed, b.weak_guess),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn detects_boms_and_fallbacks() {
        assert_eq!(decode(b"abc").encoding, TextEncoding::Utf8);
        assert_eq!(decode(b"\xEF\xBB\xBFabc").text, "abc");
        let le = decode(b"\xFF\xFEa\x00b\x00");
        assert_eq!(
            (le.encoding, le.text.as_str()),
            (TextEncoding::Utf16Le, "ab")
        );
        let be = decode(b"\xFE\xFF\x00a\x00b");
        assert_eq!(
            (be.encoding, be.text.as_str()),
            (TextEncoding::Utf16Be, "ab")
        );
        // "日本" in Shift_JIS is not valid UTF-8.
        let sj = decode(b"\x93\xfa\x96\x7b");
        assert_eq!(
            (sj.encoding, sj.text.as_str()),
            (TextEncoding::ShiftJis, "日本")
        );
        assert!(!sj.had_errors);
    }

    #[test]
    fn encoded_len_matches_the_encoder() {
        for (enc, text) in [
            (TextEncoding::Utf16Le, "a日\u{1F600}"),
            (TextEncoding::ShiftJis, "aｱ日本"),
            (TextEncoding::Utf8, "a日"),
        ] {
            let (bytes, _, _) = enc.encoding().encode(text);
            let expected = if enc.bom_len() == 2 {
                text.encode_utf16().count() * 2
            } else {
                bytes.len()
            };
            assert_eq!(enc.encoded_len(text), expected, "{enc:?}");
        }
    }
}
