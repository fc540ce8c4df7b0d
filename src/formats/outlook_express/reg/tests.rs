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

/// The lines as the reader took them before `line_at` (a list of every
/// line): `line_at` must find the same ones.
fn lines_listed(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let mut inner = 0;
        for part in line.split('\r') {
            out.push((offset + inner, part));
            inner += part.len() + 1;
        }
        offset += raw.len();
    }
    out
}

fn lines_found(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((start, line, next)) = line_at(text, at) {
        out.push((start, line));
        at = next;
    }
    out
}

#[test]
fn line_at_finds_the_listed_lines() {
    for text in [
        "",
        "a",
        "a\n",
        "a\r\nb\r\n",
        "a\rb\r\r\nc\r\r",
        "\r\n\n\r\r\n",
        "x\r\ry\nz\r",
        "日本\r語\n",
    ] {
        assert_eq!(lines_found(text), lines_listed(text), "{text:?}");
    }
}

proptest::proptest! {
    #[test]
    fn line_at_agrees_with_the_list(text in "([a\\r\\n\\[\\]\"=]|\\PC){0,60}") {
        proptest::prop_assert_eq!(lines_found(&text), lines_listed(&text));
    }

    /// Key by key or all at once, the same keys with the same values, and
    /// the same problems and secrets.
    #[test]
    fn parse_each_gives_what_parse_gives(
        text in "(\\[(-)?[ABab\\\\]{1,3}\\]|\"[ab]\"=(\"x\"|dword:1|hex:01,\\\\|-)|;c|  |\\[x|\r|\n){0,40}"
    ) {
        let whole = parse(&text, SourceId(0));
        let mut keys = Vec::new();
        let lines = key_lines(&text);
        let each = parse_each(&text, SourceId(0), &lines, &mut |k| keys.push(k));
        proptest::prop_assert!(each.keys.is_empty());
        proptest::prop_assert_eq!(format!("{:?}", keys), format!("{:?}", whole.keys));
        proptest::prop_assert_eq!(format!("{:?}", each.problems), format!("{:?}", whole.problems));
        proptest::prop_assert_eq!(each.secrets, whole.secrets);
        if let Some(n) = lines.count() {
            proptest::prop_assert!(n >= whole.keys.len());
        }
    }
}

#[test]
fn keys_named_twice_or_deleted_are_given_at_the_end() {
    let twice = "REGEDIT4\n[A]\n\"a\"=\"1\"\n[B]\n[a]\n\"b\"=\"2\"\n";
    assert_eq!(key_lines(twice).count(), None);
    let deleted = "REGEDIT4\n[A]\n[-A]\n";
    assert_eq!(key_lines(deleted).count(), None);
    let plain = "REGEDIT4\n[A]\n \"a\"=\"[B]\"\n  [B]\r[C\\]\n";
    assert_eq!(key_lines(plain).count(), Some(3));
    let mut paths = Vec::new();
    parse_each(twice, SourceId(0), &key_lines(twice), &mut |k| {
        paths.push((k.path, k.values.props.len()))
    });
    assert_eq!(paths, [("A".to_string(), 2), ("B".to_string(), 0)]);
}

/// The search eight bytes at a time against a look at each byte.
mod quote_search {
    use super::super::quote_or_backslash;
    use proptest::prelude::*;

    fn by_bytes(b: &[u8]) -> Option<usize> {
        b.iter().position(|&c| c == b'"' || c == b'\\')
    }

    #[test]
    fn edge_cases() {
        for s in [
            &b""[..],
            b"\"",
            b"\\",
            b"abcdefg\"",
            b"abcdefgh\"",
            b"abcdefgh\\\"",
            b"\x00\x01\"\\",
            b"\xff\xfe\"\xa2\xa3\xa4\xa5\xa6\xa7\xa8",
            b"!#!#!#!#[]][][]\\\"",
            b"\x22\x5c\x21\x23\x5b\x5d\x20\x00",
        ] {
            assert_eq!(quote_or_backslash(s), by_bytes(s), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_a_look_at_each_byte(s in proptest::collection::vec(
            prop_oneof![Just(b'"'), Just(b'\\'), Just(0u8), Just(b'!'), Just(b'#'), Just(0x5d), Just(0x21), any::<u8>()],
            0..40,
        )) {
            prop_assert_eq!(quote_or_backslash(&s), by_bytes(&s));
        }
    }
}
