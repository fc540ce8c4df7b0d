//! Text back into a file's encoding, exactly or not at all.

use encoding_rs::SHIFT_JIS;

use crate::source::TextEncoding;

/// Whether maillint writes files in `encoding`: Unicode and Shift_JIS
/// (CP932). EUC-JP, ISO-2022-JP (stateful escape sequences) and other legacy
/// encodings are read but never written: a fix of such a file is refused
/// rather than risk a file the client then reads differently.
pub fn writable(encoding: TextEncoding) -> bool {
    encoding.is_unicode() || encoding == TextEncoding::ShiftJis
}

/// `text` in `encoding` (no BOM), or the first character the encoding cannot
/// hold (for an encoding that is not [`writable`], the first character:
/// callers refuse those files before encoding). encoding_rs would write such a character as an HTML numeric
/// reference (`&#...;`), which is not what the user typed: a fix refuses it.
pub fn encode(text: &str, encoding: TextEncoding) -> Result<Vec<u8>, char> {
    match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => Ok(text.as_bytes().to_vec()),
        TextEncoding::Utf16Le | TextEncoding::Utf16LeNoBom => {
            Ok(text.encode_utf16().flat_map(u16::to_le_bytes).collect())
        }
        TextEncoding::Utf16Be | TextEncoding::Utf16BeNoBom => {
            Ok(text.encode_utf16().flat_map(u16::to_be_bytes).collect())
        }
        TextEncoding::ShiftJis => {
            let mut out = Vec::with_capacity(text.len());
            let mut buf = [0u8; 4];
            for c in text.chars() {
                let (bytes, _, unmappable) = SHIFT_JIS.encode(c.encode_utf8(&mut buf));
                if unmappable {
                    return Err(c);
                }
                out.extend_from_slice(&bytes);
            }
            Ok(out)
        }
        TextEncoding::EucJp | TextEncoding::Iso2022Jp | TextEncoding::Other(_) => {
            Err(text.chars().next().unwrap_or('\u{FFFD}'))
        }
    }
}

/// The byte-order mark a file in `encoding` starts with.
pub fn bom(encoding: TextEncoding) -> &'static [u8] {
    match encoding {
        TextEncoding::Utf8Bom => b"\xEF\xBB\xBF",
        TextEncoding::Utf16Le => b"\xFF\xFE",
        TextEncoding::Utf16Be => b"\xFE\xFF",
        _ => b"",
    }
}

/// Whether both UTF-16 encoders agree with encoding_rs (they are our own
/// loops only because encoding_rs encodes UTF-16 as UTF-8, per the WHATWG
/// Encoding Standard, which has no UTF-16 encoder).
#[cfg(test)]
fn decode_utf16(bytes: &[u8], le: bool) -> String {
    use encoding_rs::{UTF_16BE, UTF_16LE};
    let enc = if le { UTF_16LE } else { UTF_16BE };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_each_encoding() {
        for text in ["smtp.example.jp", "日本語ｱ\r\n", "a\u{1F600}b"] {
            let le = encode(text, TextEncoding::Utf16Le).unwrap();
            assert_eq!(decode_utf16(&le, true), text);
            let be = encode(text, TextEncoding::Utf16Be).unwrap();
            assert_eq!(decode_utf16(&be, false), text);
        }
        let sj = encode("日本ｱa", TextEncoding::ShiftJis).unwrap();
        assert_eq!(sj, b"\x93\xfa\x96\x7b\xb1a");
    }

    #[test]
    fn refuses_what_shift_jis_cannot_hold() {
        assert_eq!(
            encode("a\u{1F600}", TextEncoding::ShiftJis),
            Err('\u{1F600}')
        );
    }
}
