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
    assert_eq!(&SAMPLE[pop.span.range()], "pop.example.jp");
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

/// [`parse`] with or without [`Parser::plain_value_line`], written out for
/// comparing: every key with its values (and the index of known names),
/// the problems and the secrets.
fn parsed_with(text: &str, fast: bool) -> String {
    let mut p = Parser::new(text, SourceId(0), None);
    p.fast = fast;
    p.run();
    let mut names = crate::formats::secret_names::SecretNames::new();
    for key in &p.out.keys {
        for v in &key.values.props {
            assert_eq!(
                matches!(v.value, PropValue::Secret { .. }),
                names.is_secret(&v.name),
                "{:?}",
                v.name
            );
        }
        assert_eq!(
            key.values.known_index(),
            crate::formats::outlook_express::values::KnownIndex::of(&key.values).as_ref(),
            "the index kept while reading is the index made at the end"
        );
    }
    format!(
        "{:?}\n{:?}\n{:?}",
        p.out.keys, p.out.problems, p.out.secrets
    )
}

/// The one-pass reading of plain value lines stores what the general path
/// stores, on every `.reg` file of the corpus and fixtures (whole and cut
/// short), on edge cases and on generated exports.
#[test]
fn plain_lines_read_as_the_general_path_reads_them() {
    let mut files = 0;
    for (path, file) in crate::test_files::sources_with_extension("reg") {
        files += 1;
        let text = file.text.as_str();
        assert_eq!(
            parsed_with(text, true),
            parsed_with(text, false),
            "{path:?}"
        );
        for cut in (0..text.len())
            .step_by(7)
            .filter(|&c| text.is_char_boundary(c))
        {
            let t = &text[..cut];
            assert_eq!(
                parsed_with(t, true),
                parsed_with(t, false),
                "{path:?} cut at {cut}"
            );
        }
    }
    assert!(files > 0, "no .reg file found");
    for body in [
        "\"a\"=\"b\"",
        "\"a\"=\"b\"\r\n",
        "\"a\"=\"b\"\n\"c\"=\"\"\r\n",
        "\"a\"=\"b\" \r\n",
        "\"a\"=\"b\"\r\r\n",
        "\"a\"=\"b\"\r",
        "\"a\"=\"b\"\rx",
        "\"a\"=\"b\"x\n",
        "\"a\" =\"b\"\n",
        "\"a\"= \"b\"\n",
        "\"a\"=\"b\\\"c\"\n",
        "\"a\\\\\"=\"b\"\n",
        "\"a\"=\"b\tc\"\n",
        "\"a\"=\"b\nc\"\n",
        "\"\"=\"\"\n",
        "\"a\"=\"日本語\"\n\"日本\"=dword:00000001\n",
        "\"a\"=dword:0000024b\n",
        "\"a\"=DWORD:0000024B\r\n",
        "\"a\"=dword:1\n",
        "\"a\"=dword:\n",
        "\"a\"=dword:123456789\n",
        "\"a\"=dword:0000000g\n",
        "\"a\"=dword:00000001 \n",
        "\"a\"=dword: 1\n",
        "\"a\"=dword:+1\n",
        "\"a\"=dwor\n",
        "\"a\"=-\n",
        "\"a\"=hex:01,02\n",
        "\"POP3 Password2\"=\"x\"\n\"SMTP Password\"=\"\"\n\"pop3 password2\"=dword:00000001\n",
        "\"POP3 Server\"=\"a\"\n\"pop3 server\"=\"b\"\n\"POP3 SERVER\"=-\n\"POP3 Server\"=\"c\"\n",
        "\"Account Name\"=\"a\"",
    ] {
        for head in ["REGEDIT4\r\n", "Windows Registry Editor Version 5.00\n"] {
            for key in ["[HKEY_CURRENT_USER\\A]\r\n", "[A]\n", ""] {
                let text = format!("{head}{key}{body}");
                assert_eq!(
                    parsed_with(&text, true),
                    parsed_with(&text, false),
                    "{text:?}"
                );
                let twice = format!("{head}{key}{body}\n[B]\n{body}\n{key}{body}");
                assert_eq!(
                    parsed_with(&twice, true),
                    parsed_with(&twice, false),
                    "{twice:?}"
                );
            }
        }
        // A value line before the header: read by the general path.
        let text = format!("{body}\nREGEDIT4\n");
        assert_eq!(
            parsed_with(&text, true),
            parsed_with(&text, false),
            "{text:?}"
        );
    }
}

proptest::proptest! {
    #[test]
    fn plain_lines_agree_on_generated_exports(
        lines in proptest::collection::vec(
            "(\\[[AB]\\]|\\[-A\\]|\"(POP3 Server|pop3 password2|SMTP Port|a|b\\\\\"c|日本| )\"( |)=( |)(\"([a-z.\\\\\"\t]|日){0,12}\"|[dD][wW][oO][rR][dD]:[0-9a-fA-F+ ]{0,10}|-|hex:0[1g],\\\\)( |\r|)|;x|)",
            0..30,
        ),
        breaks in proptest::collection::vec(proptest::prop_oneof!["\n", "\r\n", "\r", "\r\r\n"], 30),
    ) {
        let mut text = String::from("REGEDIT4\r\n");
        for (line, brk) in lines.iter().zip(&breaks) {
            text.push_str(line);
            text.push_str(brk);
        }
        proptest::prop_assert_eq!(parsed_with(&text, true), parsed_with(&text, false));
    }
}

/// The search for a plain string's end against a look at each byte.
#[test]
fn plain_string_end_agrees_with_a_look_at_each_byte() {
    fn by_bytes(b: &[u8]) -> Option<usize> {
        let i = b
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < b' ')?;
        (b[i] == b'"').then_some(i)
    }
    let mut cases: Vec<Vec<u8>> = vec![b"".to_vec(), b"\"".to_vec(), b"abcdefgh\"".to_vec()];
    for len in 0..40 {
        for special in [
            b'"', b'\\', b'\n', b'\r', b'\t', 0, 0x1f, b' ', 0x7f, 0x80, 0xff,
        ] {
            for at in 0..=len {
                let mut v: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                v.insert(at, special);
                v.push(b'"');
                cases.push(v);
            }
        }
    }
    for c in &cases {
        assert_eq!(plain_string_end(c), by_bytes(c), "{c:?}");
    }
}

/// [`account_key`] as it was read before: the path's parts collected into a
/// list (the oracle of the one walk).
fn account_key_by_parts(path: &str) -> Option<AccountKey> {
    let parts: Vec<&str> = path.split('\\').collect();
    let manager = parts.iter().position(|p| {
        p.eq_ignore_ascii_case("Internet Account Manager")
            || p.eq_ignore_ascii_case("OMI Account Manager")
    })?;
    let omi = parts
        .get(manager)
        .is_some_and(|p| p.eq_ignore_ascii_case("OMI Account Manager"));
    let rest = parts.get(manager + 1..).unwrap_or(&[]);
    let id = match rest {
        [accounts, id] if accounts.eq_ignore_ascii_case("Accounts") => *id,
        [id] if omi && !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) => *id,
        _ => return None,
    };
    let identity = parts
        .iter()
        .position(|p| p.eq_ignore_ascii_case("Identities"))
        .and_then(|i| parts.get(i + 1))
        .copied();
    Some(AccountKey::new(omi, identity, id))
}

/// Parts of key paths, in several casings, for the generated paths below.
pub(crate) const PATH_PARTS: &[&str] = &[
    "HKEY_CURRENT_USER",
    "Software",
    "Identities",
    "identities",
    "{AB}",
    "{",
    "",
    "Internet Account Manager",
    "internet account MANAGER",
    "OMI Account Manager",
    "Accounts",
    "ACCOUNTS",
    "00000001",
    "12",
    "1a",
    "x",
    "Profiles",
    "profiles",
    "Outlook",
    "9375CFF0413111d3B88A00104B2A6676",
    "9375cff0413111d3b88a00104b2a6676",
    "0000000a",
    "0000000g",
    "日本",
];

#[test]
fn account_keys_as_the_list_of_parts_reads_them() {
    for path in [
        "",
        "\\",
        "HKEY_CURRENT_USER\\Identities\\{AB}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000002",
        "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\Outlook\\OMI Account Manager\\00000001",
        "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\Outlook\\OMI Account Manager\\Accounts\\00000001",
        "HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager",
        "Identities\\Internet Account Manager\\Accounts\\1",
        "Identities\\{A}\\Identities\\{B}\\Internet Account Manager\\Accounts\\1",
        "Internet Account Manager\\Accounts\\Identities",
        "Identities\\Internet Account Manager\\Accounts\\Identities",
        "OMI Account Manager\\",
        "OMI Account Manager\\Internet Account Manager\\Accounts\\1",
    ] {
        assert_eq!(account_key(path), account_key_by_parts(path), "{path:?}");
    }
    for path in corpus_key_paths() {
        assert_eq!(account_key(&path), account_key_by_parts(&path), "{path:?}");
    }
}

/// Every key path of every `.reg` file of the corpus and the fixtures, as
/// [`parse`] reads it: what each reader's account-key test compares its
/// one-walk answer with the list of parts' on.
pub(crate) fn corpus_key_paths() -> Vec<String> {
    crate::test_files::sources_with_extension("reg")
        .into_iter()
        .flat_map(|(_, file)| {
            let keys = parse(file.text.as_str(), SourceId(0)).keys;
            keys.into_iter().map(|key| key.path).collect::<Vec<_>>()
        })
        .collect()
}

proptest::proptest! {
    #[test]
    fn account_keys_agree_on_generated_paths(
        parts in proptest::collection::vec(proptest::sample::select(PATH_PARTS), 0..9)
    ) {
        let path = parts.join("\\");
        proptest::prop_assert_eq!(account_key(&path), account_key_by_parts(&path));
    }
}
