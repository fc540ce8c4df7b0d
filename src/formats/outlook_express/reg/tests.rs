use super::*;
use crate::catalogue::Key as _;

const SAMPLE: &str = "Windows Registry Editor Version 5.00\r\n\r\n\
[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\
\"Account Name\"=\"a \\\"b\\\" c\"\r\n\
\"POP3 Server\"=\"pop.example.jp\"\r\n\
\"POP3 Port\"=dword:0000006e\r\n\
\"POP3 Password2\"=hex:01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,\\\r\n\
  15,16\r\n\
\"SMTP Server\"=\"smtp.example.jp\"\r\n\
\"SMTP Server\"=-\r\n\
@=\"\"\r\n";

#[test]
fn values_spans_escapes_and_continuations() {
    let f = parse(SAMPLE, SourceId(0));
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    assert_eq!(f.keys.len(), 1);
    let bag = &f.keys[0].values;
    let name = bag.get("account name").expect("name");
    assert_eq!(name.value, PropValue::Text("a \"b\" c".into()));
    assert!(!name.verbatim);
    let pop = bag.get("POP3 Server").expect("pop");
    assert!(pop.verbatim);
    assert_eq!(&SAMPLE[pop.span.start..pop.span.end], "pop.example.jp");
    assert_eq!(
        bag.get("POP3 Port").map(|p| &p.value),
        Some(&PropValue::Number(110))
    );
    assert_eq!(
        bag.get("POP3 Password2").map(|p| &p.value),
        Some(&PropValue::Secret { non_empty: true })
    );
    assert!(bag.get("SMTP Server").is_none(), "deleted by '-'");
    assert!(bag.get("@").is_some());
}

#[test]
fn bad_lines_are_problems() {
    let text = "REGEDIT4\n\n[HKEY_CURRENT_USER\\X]\n\"A\"=dword:xyz\n\"B\"=hex:zz,01\n\"C\n\"D\"=what\nrubbish\n";
    let f = parse(text, SourceId(0));
    let kinds: Vec<_> = f.problems.iter().map(|p| p.kind.key()).collect();
    assert_eq!(
        kinds,
        [
            "reg-bad-dword",
            "reg-bad-hex",
            "reg-unterminated-name",
            "reg-bad-data",
            "reg-syntax"
        ]
    );
    assert!(!looks_like_reg("hello"));
    assert!(looks_like_reg("\u{feff}REGEDIT4\r\n"));
}

#[test]
fn key_deletions_and_account_paths() {
    let text = "REGEDIT4\n[HKEY_CURRENT_USER\\A\\Internet Account Manager\\Accounts\\00000001]\n\"X\"=\"1\"\n[-HKEY_CURRENT_USER\\A]\n";
    assert!(parse(text, SourceId(0)).keys.is_empty());
    let id = account_key("HKEY_CURRENT_USER\\Identities\\{AB}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000002").expect("account");
    assert_eq!(
        (id.client, id.id.as_str()),
        (Client::OutlookExpress, "{AB}\\00000002")
    );
    let omi = account_key(
        "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\Outlook\\OMI Account Manager\\00000001",
    )
    .expect("omi");
    assert_eq!(omi.client, Client::Outlook);
    assert!(
        account_key("HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager").is_none()
    );
}
