//! Turning a file's bytes into text: BOM, then UTF-8, then Shift_JIS (CP932).

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};
use serde::Serialize;

/// The encoding a file was read in, as reported per file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TextEncoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-8-bom")]
    Utf8Bom,
    #[serde(rename = "utf-16le")]
    Utf16Le,
    #[serde(rename = "utf-16be")]
    Utf16Be,
    /// Windows code page 932, the "ANSI" code page of Japanese Windows.
    #[serde(rename = "shift_jis")]
    ShiftJis,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::ShiftJis => "shift_jis",
        }
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => UTF_8,
            TextEncoding::Utf16Le => UTF_16LE,
            TextEncoding::Utf16Be => UTF_16BE,
            TextEncoding::ShiftJis => SHIFT_JIS,
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
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => text.encode_utf16().count() * 2,
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
        }
    }
}

/// Decoded text and what it was decoded from.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
    /// True when some bytes could not be decoded and were replaced by U+FFFD.
    pub had_errors: bool,
}

/// Decode by BOM (UTF-8, UTF-16LE, UTF-16BE), else UTF-8 when valid, else
/// Shift_JIS (CP932), the legacy encoding of Japanese Windows clients.
pub fn decode(bytes: &[u8]) -> Decoded {
    let (encoding, body) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (TextEncoding::Utf8Bom, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (TextEncoding::Utf16Le, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (TextEncoding::Utf16Be, rest)
    } else if std::str::from_utf8(bytes).is_ok() {
        (TextEncoding::Utf8, bytes)
    } else if let Some(text) = super::cms::blank_wrapper(bytes) {
        // A signed profile: its content at the file's own offsets.
        return Decoded {
            text,
            encoding: TextEncoding::Utf8,
            had_errors: false,
        };
    } else {
        (TextEncoding::ShiftJis, bytes)
    };
    decode_as(body, encoding)
}

/// Decode `body` (BOM already removed) as `encoding`.
pub fn decode_as(body: &[u8], encoding: TextEncoding) -> Decoded {
    let (text, had_errors) = encoding.encoding().decode_without_bom_handling(body);
    Decoded {
        text: text.into_owned(),
        encoding,
        had_errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
