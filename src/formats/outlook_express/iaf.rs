//! `.iaf`, the Internet Account File Outlook Express 5/6 exports (Tools →
//! Accounts → Export): a 12-byte header, then records of `u32` property id,
//! `u32` length and data, all little-endian (formats.md §2). The id's high
//! word is the property number (the same properties as the registry values),
//! its low word the type: DWORD, STRING (ANSI code page), BOOL, PASS.
//! Spans are byte offsets into the file.

use crate::catalogue::ParseKind;
use encoding_rs::SHIFT_JIS;

use super::values::{Prop, PropBag, PropValue};
use crate::formats::registry::{Fuzz, Grouping, Reader, Sniff};
use crate::model::ParseProblem;
use crate::model::{Client, Format};
use crate::source::{SourceId, Span};

/// An Outlook Express Internet Account File (`.iaf`, binary).
pub static READER: Reader = Reader {
    format: Format("iaf"),
    clients: &[Client::OutlookExpress],
    sniff: Sniff::Bytes(looks_like_iaf),
    names: &[],
    extensions: &[".iaf"],
    walk: &[".iaf"],
    unit: Grouping::File,
    binary: Some(regions),
    discover: None,
    read: super::read_iaf,
    fuzz: Fuzz {
        target: "iaf",
        sample_name: "fuzz.iaf",
    },
    module: module_path!(),
};

/// The header Outlook Express writes (`fMAI`, then version bytes).
pub const HEADER: [u8; 12] = [
    0x66, 0x4D, 0x41, 0x49, 0x00, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00,
];

pub const TYPE_DWORD: u16 = 0x03E9;
pub const TYPE_STRING: u16 = 0x03F0;
pub const TYPE_BOOL: u16 = 0x03F5;
pub const TYPE_PASS: u16 = 0x03F6;

/// Property numbers (the id's high word) and the registry value of the same
/// meaning, from Win32::Outlook::IAF 0.96 (formats.md §2.2).
const NAMES: &[(u16, &str)] = &[
    (0x1235, "Account Name"),
    (0x1239, "Connection Type"),
    (0x123A, "Connectoid"),
    (0x123B, "Connection Flags"),
    (0x123D, "Account ID"),
    (0x123E, "Backup Connectoid"),
    (0x1298, "IMAP Server"),
    (0x1299, "IMAP User Name"),
    (0x129A, "IMAP Password2"),
    (0x129C, "IMAP Use Sicily"),
    (0x129D, "IMAP Port"),
    (0x129E, "IMAP Secure Connection"),
    (0x129F, "IMAP Timeout"),
    (0x13C4, "POP3 Server"),
    (0x13C5, "POP3 User Name"),
    (0x13C6, "POP3 Password2"),
    (0x13C8, "POP3 Use Sicily"),
    (0x13C9, "POP3 Port"),
    (0x13CA, "POP3 Secure Connection"),
    (0x13CB, "POP3 Timeout"),
    (0x13CC, "Leave Mail On Server"),
    (0x13CD, "Remove When Deleted"),
    (0x13CE, "Remove When Expired"),
    (0x13CF, "Expire Days"),
    (0x13D0, "POP3 Skip Account"),
    (0x1428, "SMTP Server"),
    (0x1429, "SMTP User Name"),
    (0x142A, "SMTP Password2"),
    (0x142C, "SMTP Use Sicily"),
    (0x142D, "SMTP Port"),
    (0x142E, "SMTP Secure Connection"),
    (0x142F, "SMTP Timeout"),
    (0x1430, "SMTP Display Name"),
    (0x1431, "SMTP Organization Name"),
    (0x1432, "SMTP Email Address"),
    (0x1433, "SMTP Reply To Email Address"),
    (0x1434, "SMTP Split Messages"),
    (0x1435, "SMTP Split Message Size"),
    (0x1437, "SMTP Signature"),
    (0x1438, "SMTP Prompt for Password"),
];

/// The registry name of a property id, else a generic name with the id.
pub fn field_name(id: u32) -> String {
    let number = (id >> 16) as u16;
    NAMES
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, name)| (*name).to_string())
        .unwrap_or_else(|| format!("property 0x{id:08X}"))
}

/// Whether `bytes` start like an `.iaf` file.
pub fn looks_like_iaf(bytes: &[u8]) -> bool {
    bytes.starts_with(&HEADER[..4])
}

#[derive(Debug, Default)]
pub struct IafFile {
    pub values: PropBag<'static>,
    pub problems: Vec<ParseProblem>,
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn problem(kind: ParseKind, span: Span, detail: String) -> ParseProblem {
    ParseProblem {
        kind,
        span,
        detail: Some(detail),
        related: Vec::new(),
    }
}

/// Read the records of an `.iaf` file.
pub fn parse(bytes: &[u8], source: SourceId) -> IafFile {
    let mut out = IafFile::default();
    let span = |s: usize, e: usize| Span::new(source, s, e);
    if !looks_like_iaf(bytes) {
        out.problems.push(problem(
            ParseKind::IafHeader,
            span(0, bytes.len().min(12)),
            "fMAI".into(),
        ));
        return out;
    }
    if bytes.len() < HEADER.len() {
        out.problems.push(problem(
            ParseKind::IafTruncated,
            span(0, bytes.len()),
            format!("header: 12 B > {} B", bytes.len()),
        ));
        return out;
    }
    let mut at = HEADER.len();
    while at < bytes.len() {
        let (Some(id), Some(len)) = (u32_at(bytes, at), u32_at(bytes, at + 4)) else {
            out.problems.push(problem(
                ParseKind::IafTruncated,
                span(at, bytes.len()),
                format!("record header: 8 B > {} B", bytes.len() - at),
            ));
            break;
        };
        let name = field_name(id);
        let data_at = at + 8;
        let len = len as usize;
        let Some(data) = data_at
            .checked_add(len)
            .and_then(|end| bytes.get(data_at..end))
        else {
            out.problems.push(problem(
                ParseKind::IafTruncated,
                span(at, bytes.len()),
                format!(
                    "\"{name}\": {len} B > {} B",
                    bytes.len() - data_at.min(bytes.len())
                ),
            ));
            break;
        };
        let name_span = span(at, data_at);
        let value_span = span(data_at, data_at + len);
        let kind = (id & 0xFFFF) as u16;
        let (value, verbatim) = match kind {
            TYPE_DWORD | TYPE_BOOL => match <[u8; 4]>::try_from(data) {
                Ok(b) => (PropValue::Number(i64::from(u32::from_le_bytes(b))), false),
                Err(_) => {
                    out.problems.push(problem(
                        ParseKind::IafBadLength,
                        value_span,
                        format!("\"{name}\": {len} B"),
                    ));
                    (PropValue::Other, false)
                }
            },
            TYPE_STRING => {
                let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
                let raw = data.get(..end).unwrap_or(&[]);
                // The ANSI code page of the exporting machine: Shift_JIS
                // (CP932) is ASCII-compatible and covers Japanese Windows.
                let (text, _) = SHIFT_JIS.decode_without_bom_handling(raw);
                (PropValue::Text(text.into_owned().into()), raw.is_ascii())
            }
            // Obfuscated only, so never decoded: `01 01`, u32 length, data.
            TYPE_PASS => {
                let non_empty = match u32_at(data, 2) {
                    Some(n) => n > 0,
                    None => !data.is_empty(),
                };
                (PropValue::Secret { non_empty }, false)
            }
            _ => (PropValue::Other, false),
        };
        let value_span = match &value {
            // A string's span ends before its NUL terminator.
            PropValue::Text(_) => {
                let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
                span(data_at, data_at + end)
            }
            _ => value_span,
        };
        out.values.push(Prop {
            name: name.into(),
            name_span,
            value,
            span: value_span,
            verbatim,
        });
        at = data_at + len;
    }
    out
}

/// Each record's byte range with its field name, for reports.
pub fn regions(bytes: &[u8]) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = vec![(0..HEADER.len().min(bytes.len()), "header".to_string())];
    let mut at = HEADER.len();
    while let (Some(id), Some(len)) = (u32_at(bytes, at), u32_at(bytes, at + 4)) {
        let end = at.saturating_add(8).saturating_add(len as usize);
        out.push((at..end.min(bytes.len()), field_name(id)));
        if end >= bytes.len() {
            break;
        }
        at = end;
    }
    out
}

/// Test and fuzz helper: the bytes of an `.iaf` file with these records.
#[cfg(any(test, feature = "test-support"))]
#[doc(hidden)]
pub fn build(records: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut out = HEADER.to_vec();
    for (id, data) in records {
        out.extend(id.to_le_bytes());
        out.extend((data.len() as u32).to_le_bytes());
        out.extend(data);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(s: &[u8]) -> Vec<u8> {
        let mut v = s.to_vec();
        v.push(0);
        v
    }

    #[test]
    fn reads_records_with_types_and_spans() {
        let bytes = build(&[
            (0x1235_03F0, string(b"Work")),
            (0x13C4_03F0, string(b"pop.example.jp")),
            (0x13C8_03F5, 1u32.to_le_bytes().to_vec()),
            (0x13C9_03E9, 995u32.to_le_bytes().to_vec()),
            (0x13C6_03F6, vec![1, 1, 4, 0, 0, 0, 9, 9, 9, 9]),
            (0x1235_03F0, string(b"\x93\xfa\x96\x7b")),
        ]);
        let f = parse(&bytes, SourceId(0));
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        let pop = f.values.get("POP3 Server").expect("pop");
        assert_eq!(pop.value, PropValue::Text("pop.example.jp".into()));
        assert_eq!(&bytes[pop.span.range()], b"pop.example.jp");
        assert!(pop.verbatim);
        assert_eq!(
            f.values.get("POP3 Port").map(|p| &p.value),
            Some(&PropValue::Number(995))
        );
        assert_eq!(
            f.values.get("POP3 Password2").map(|p| &p.value),
            Some(&PropValue::Secret { non_empty: true })
        );
        // The last record wins; Shift_JIS text is decoded.
        assert_eq!(
            f.values.get("Account Name").map(|p| &p.value),
            Some(&PropValue::Text("日本".into()))
        );
    }

    #[test]
    fn truncated_and_lying_lengths_are_problems() {
        let mut bytes = build(&[(0x13C4_03F0, string(b"pop"))]);
        bytes.extend(0x13C9_03E9u32.to_le_bytes());
        bytes.extend(4000u32.to_le_bytes());
        bytes.extend([1, 2]);
        let f = parse(&bytes, SourceId(0));
        assert_eq!(f.problems.len(), 1);
        assert_eq!(f.problems[0].kind, ParseKind::IafTruncated);
        assert_eq!(f.problems[0].span.start, 12 + 8 + 4);
        let short = parse(&bytes[..15], SourceId(0));
        assert_eq!(short.problems[0].kind, ParseKind::IafTruncated);
        assert_eq!(
            parse(b"nope", SourceId(0)).problems[0].kind,
            ParseKind::IafHeader
        );
        let bad = build(&[(0x13C9_03E9, vec![1, 2])]);
        assert_eq!(
            parse(&bad, SourceId(0)).problems[0].kind,
            ParseKind::IafBadLength
        );
    }
}
