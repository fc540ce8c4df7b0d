//! Property tests: the Microsoft readers take any bytes without panicking,
//! and every span they report lies inside the file.

use maillint::formats::Reader;
use maillint::formats::outlook_express::{iaf, reg};
use maillint::formats::{oeaccount, prf};
use maillint::model::Document;
use maillint::source::{SourceFile, SourceId, Span};
use proptest::prelude::*;

fn spans(doc: &Document) -> Vec<Span> {
    let mut out: Vec<Span> = doc.problems.iter().map(|p| p.span).collect();
    for p in &doc.problems {
        out.extend(p.related.iter().map(|(s, _)| *s));
    }
    for a in &doc.accounts {
        out.push(a.anchor);
        for s in a.servers() {
            out.extend([s.anchor, s.port.span, s.auth.span, s.security.span]);
            out.extend(s.host.iter().map(|h| h.span));
            out.extend(s.user_name.iter().map(|h| h.span));
        }
        for i in &a.identities {
            out.extend(i.address.iter().map(|h| h.span));
        }
    }
    out
}

fn check(kind: &Reader, bytes: &[u8]) {
    let file = if kind.reads_binary() {
        SourceFile::binary(SourceId(0), "x", bytes.to_vec())
    } else {
        SourceFile::from_bytes(SourceId(0), "x", bytes)
    };
    let len = if file.is_binary {
        file.bytes.len()
    } else {
        file.text.len()
    };
    let doc = (kind.read)(&[&file]);
    for s in spans(&doc) {
        assert!(
            s.start <= s.end && s.end as usize <= len,
            "{kind:?}: {s:?} beyond {len}"
        );
        if !file.is_binary {
            assert!(
                file.text.is_char_boundary(s.start as usize)
                    && file.text.is_char_boundary(s.end as usize),
                "{kind:?} {s:?} {:?}",
                file.text
            );
        }
    }
}

fn reg_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]".to_string()),
        Just("[-HKEY_CURRENT_USER\\Software]".to_string()),
        "\"[A-Za-z0-9 \\\\\"]{0,12}\"=\"[^\"\\r\\n]{0,10}\"?",
        "\"(POP3|SMTP|IMAP) (Server|Port|Use Sicily|Password2)\"=(dword:[0-9a-fx]{0,9}|hex(\\([0-9a-z]\\))?:[0-9a-f,]{0,12}\\\\?|\"[a-zｗ日\\\\\"]{0,8}\"|-)",
        "@=.{0,6}",
        ".{0,12}",
    ];
    prop::collection::vec(line, 0..12).prop_map(|l| format!("REGEDIT4\r\n{}", l.join("\r\n")))
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for kind in [&reg::READER, &iaf::READER, &oeaccount::READER, &prf::READER] {
            check(kind, &bytes);
        }
    }

    #[test]
    fn reg_like_text_never_panics(text in reg_like()) {
        check(&reg::READER, text.as_bytes());
    }

    #[test]
    fn iaf_records_with_any_lengths_never_panic(
        records in prop::collection::vec((any::<u32>(), prop::collection::vec(any::<u8>(), 0..12)), 0..8),
        tail in prop::collection::vec(any::<u8>(), 0..12),
    ) {
        let mut bytes = maillint::formats::outlook_express::iaf::build(&records);
        bytes.extend(tail);
        check(&iaf::READER, &bytes);
    }

    #[test]
    fn oeaccount_like_text_never_panics(
        parts in prop::collection::vec("<[A-Za-z_3]{1,8}( type=\"(SZ|DWORD|BINARY)\")?>[^<]{0,6}(</[A-Za-z_]{1,8}>)?", 0..8)
    ) {
        let text = format!("<MessageAccount>{}</MessageAccount>", parts.join(""));
        check(&oeaccount::READER, text.as_bytes());
    }

    #[test]
    fn prf_like_text_never_panics(
        lines in prop::collection::vec("(\\[Account[0-9]\\]|\\[Internet Account List\\]|Account[0-9]=I_Mail|(POP3|SMTP|IMAP)[A-Za-z]{0,12}=[0-9xa-f]{0,10}|LeaveOnServer=.{0,8}|.{0,10})", 0..16)
    ) {
        check(&prf::READER, lines.join("\r\n").as_bytes());
    }
}
