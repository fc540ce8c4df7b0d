use super::*;
use crate::source::SourceId;

/// Reading section by section decides the program as the whole parse does.
#[test]
fn decide_text_agrees_with_decide() {
    let texts = [
        "[Account: 1]\nuse_socks=1\n[Account: 2]\nCONFIG_VERSION=2\n",
        "top=1\nconfig_version=1\n[Account: 1]\nname=x\n",
        "[Account: 1]\nmax_nntp_articles=3\nuse_pop_auth=1\n",
        "[broken\nuse_pop_auth=1\n[Account: 1]\n signature_name = a \r\n",
        "[Account: 1]\nmessage_leave_hour=1\nconfig_version=3\n",
        "[Account: 1]\nname=only\n",
        "",
    ];
    let path = Path::new("/tmp/accountrc");
    for text in texts {
        let parsed = ini::parse(text, SourceId(0));
        assert_eq!(decide_text(path, text), decide(path, &parsed), "{text:?}");
    }
}

/// The room made for accounts: every `[Account: N]` section of a plain
/// file, and never more than the sections `parse` reads as accounts.
#[test]
fn account_headers_counts_no_more_than_parse_finds() {
    let accounts = |text: &str| {
        ini::parse(text, SourceId(0))
            .sections
            .iter()
            .filter(|s| s.name.starts_with("Account:"))
            .count()
    };
    let plain = "[Account: 1]\nname=a\n\n[Account: 2]\r\nname=b\n  [Account: 3]\n";
    assert_eq!(account_headers(plain), 3);
    assert_eq!(accounts(plain), 3);
    let odd =
        "pre=1\n  [Account: 1]\r\njunk\n[Account:2\n[ Account: 3 ]\n[Other]\nx=[Account: 4]\n";
    assert_eq!(accounts(odd), 2);
    assert_eq!(account_headers(odd), 1);
}

/// The secret spans found section by section with the answers of the
/// section before are the spans of every entry asked one by one.
fn same_secret_spans(text: &str) {
    let parsed = ini::parse(text, SourceId(0));
    let expected = ini::secret_values(&parsed, crate::secrets::is_secret_name);
    let mut keys = SameKeys::new(crate::secrets::is_secret_name);
    let mut found = Vec::new();
    keys.spans(&parsed.preamble, &mut found);
    for s in &parsed.sections {
        keys.spans(&s.entries, &mut found);
    }
    assert_eq!(found, expected, "{text:?}");
}

#[test]
fn secret_spans_with_the_keys_before_agree() {
    for text in [
        "",
        "password=x\n[Account: 1]\npassword=a\nname=b\n[Account: 2]\npassword=\nname=c\n",
        "[Account: 1]\nname=a\npassword=!\n[Account: 2]\npassword=b\nname=c\n[Account: 3]\nPassword=d\n",
        "[Account: 1]\nsmtp_password=a\n[Account: 2]\nsmtp_password=b\nproxy_pass=c\n[Account: 3]\n",
    ] {
        same_secret_spans(text);
    }
    let mut checked = 0;
    for path in crate::test_files::corpus_and_fixtures() {
        if path.file_name().is_none_or(|n| n != "accountrc") {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        same_secret_spans(&String::from_utf8_lossy(&bytes));
        checked += 1;
    }
    assert!(checked > 0, "no accountrc found");
}

proptest::proptest! {
    #[test]
    fn secret_spans_agree_on_generated_files(lines in proptest::collection::vec(
        proptest::prop_oneof![
            proptest::strategy::Just("[Account: 1]"), proptest::strategy::Just("password=a"),
            proptest::strategy::Just("Password=!"), proptest::strategy::Just("password="),
            proptest::strategy::Just("name=p"), proptest::strategy::Just("token_2=t"),
            proptest::strategy::Just("junk"), proptest::strategy::Just("; c"),
        ],
        0..60,
    )) {
        same_secret_spans(&lines.join("\n"));
    }
}

/// `bracketed` writes what `format!("[{name}]")` writes.
#[test]
fn bracketed_is_the_format() {
    for name in ["", "Account: 1", "日本", "a]b", "[x"] {
        assert_eq!(bracketed(name), format!("[{name}]"));
    }
}

/// [`account_headers`] as it was counted before: `memmem`'s search for the
/// whole word (the oracle of the look at each `[`).
fn account_headers_by_memmem(text: &str) -> usize {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"[Account:")
        .filter(|&at| header_at(text, at))
        .count()
}

#[test]
fn account_headers_are_counted_as_memmem_counts_them() {
    for path in crate::test_files::corpus_and_fixtures() {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(
            account_headers(&text),
            account_headers_by_memmem(&text),
            "{path:?}"
        );
    }
}

proptest::proptest! {
    #[test]
    fn account_headers_agree_on_generated_texts(
        text in "(\\[Account:|\\[Account: 1\\]|\\[\\[Account:|\\[Acc|\\]|\\[| |\t|\n|\r|x=|日)*"
    ) {
        proptest::prop_assert_eq!(account_headers(&text), account_headers_by_memmem(&text));
    }
}
