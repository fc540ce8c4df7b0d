use super::*;
use crate::source::Span;

fn edit(start: usize, end: usize, text: &str) -> Edit {
    Edit {
        span: Span::new(SourceId(0), start, end),
        text: text.into(),
    }
}

fn utf16(text: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    v.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    v
}

#[test]
fn splices_into_utf16_with_bom_and_crlf() {
    let text = "REGEDIT\r\n\"SMTP Server\"=\"ｍａｉｌ.example.jp\"\r\n";
    let bytes = utf16(text);
    let start = text.find('ｍ').unwrap();
    let end = start + "ｍａｉｌ".len();
    let e = edit(start, end, "mail");
    let out = apply(&bytes, Path::new("x.reg"), text, &[&e]).unwrap();
    assert_eq!(
        out.bytes,
        utf16("REGEDIT\r\n\"SMTP Server\"=\"mail.example.jp\"\r\n")
    );
    assert_eq!(out.changes[0].line, 2);
}

#[test]
fn splices_into_shift_jis_keeping_other_bytes() {
    // "日=ｗｗｗ\r\n" in CP932.
    let bytes = b"\x93\xfa=\x82\x97\x82\x97\x82\x97\r\n".to_vec();
    let text = "日=ｗｗｗ\r\n";
    let start = text.find('ｗ').unwrap();
    let e = edit(start, start + "ｗｗｗ".len(), "www");
    let out = apply(&bytes, Path::new("m.ini"), text, &[&e]).unwrap();
    assert_eq!(out.bytes, b"\x93\xfa=www\r\n");
}

#[test]
fn refuses_a_changed_file_and_undecodable_bytes() {
    let e = edit(0, 1, "b");
    assert_eq!(
        apply(b"a", Path::new("x"), "c", &[&e]).unwrap_err(),
        ApplyError::Changed
    );
    // 0x82 alone is not Shift_JIS.
    let err = apply(b"a\x82", Path::new("x"), "a\u{FFFD}", &[&e]).unwrap_err();
    assert!(matches!(err, ApplyError::Undecodable(_)));
    let sj = b"\x93\xfa=a".to_vec();
    let e = edit(4, 5, "\u{1F600}");
    assert!(matches!(
        apply(&sj, Path::new("x"), "日=a", &[&e]).unwrap_err(),
        ApplyError::Unencodable('\u{1F600}', _)
    ));
}
