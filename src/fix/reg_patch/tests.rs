use super::*;
use crate::source::{SourceId, Span};

const EXPORT: &str = "Windows Registry Editor Version 5.00\r\n\r\n\
        [HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\
        \"Account Name\"=\"mail\"\r\n\
        \"SMTP Server\"=\"ｓｍｔｐ.example.jp\"\r\n\
        \"SMTP Port\"=dword:00000019\r\n\r\n";

fn utf16(text: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    v.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    v
}

#[test]
fn sets_only_the_changed_values_in_the_exports_encoding() {
    let file = SourceFile::from_bytes(SourceId(0), "m.reg", &utf16(EXPORT));
    let host = EXPORT.find('ｓ').unwrap();
    let port = EXPORT.find("dword:00000019").unwrap();
    let edits = [
        Edit {
            span: Span::new(SourceId(0), host, host + "ｓｍｔｐ".len()),
            text: "smtp".into(),
        },
        Edit {
            span: Span::new(SourceId(0), port, port + "dword:00000019".len()),
            text: "dword:0000024b".into(),
        },
    ];
    let bytes = patch(&file, &edits.iter().collect::<Vec<_>>()).unwrap();
    let expected = "Windows Registry Editor Version 5.00\r\n\r\n\
            [HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\
            \"SMTP Server\"=\"smtp.example.jp\"\r\n\
            \"SMTP Port\"=dword:0000024b\r\n\r\n";
    assert_eq!(bytes, utf16(expected));
}
