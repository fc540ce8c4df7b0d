//! The shape scan: what it masks, and the fast scan held to the old one.

mod oracle;

use super::*;

fn masked(text: &str) -> String {
    let mut t = text.to_string();
    for r in secret_ranges(text) {
        super::super::mask(&mut t, r.start, r.end);
    }
    t
}

#[test]
fn values_after_secret_keys_on_any_line() {
    let cases = [
        (
            "user_pref(\"mail.server.server1.password\", \"S3cret\");",
            "user_pref(\"mail.server.server1.password\", \"******\");",
        ),
        (
            "user_pref(\"mail.server.server1.password\" \"S3cret\")",
            "user_pref(\"mail.server.server1.password\" \"******\")",
        ),
        ("\"IMAP Password2\"S3cret", "\"IMAP Password2\"******"),
        ("password S3cret", "password ******"),
        ("PassPhrase=S3cret", "PassPhrase=******"),
        ("<password>S3cret</password>", "<password>******</password>"),
        ("<Password>S3cret", "<Password>******"),
        (
            "\"POP3 Prompt for Password\"=dword:00000000",
            "\"POP3 Prompt for Password\"=dword:00000000",
        ),
        ("remember_password=true", "remember_password=true"),
        ("password=\nuse_apop_auth=1", "password=\nuse_apop_auth=1"),
        (
            "<POP3_Prompt_for_Password type=\"DWORD\">00000000</POP3_Prompt_for_Password>",
            "<POP3_Prompt_for_Password type=\"DWORD\">00000000</POP3_Prompt_for_Password>",
        ),
        (
            "<IMAP_Password2 type=\"BINARY\">0a0b</IMAP_Password2>",
            "<IMAP_Password2 type=\"BINARY\">****</IMAP_Password2>",
        ),
        (
            "<authentication>password-cleartext</authentication>\n<username>%EMAILADDRESS%</username>",
            "<authentication>password-cleartext</authentication>\n<username>%EMAILADDRESS%</username>",
        ),
        (
            "user_pref(\"x.apikey\", \"K3y\");",
            "user_pref(\"x.apikey\", \"***\");",
        ),
        (
            "user_pref(\"x.hostname\", \"pop\"); // password: S3cret",
            "user_pref(\"x.hostname\", \"pop\"); // password: ******",
        ),
        (
            "<key>Password</key><string>S3cret</string>",
            "<key>Password</key><string>******</string>",
        ),
        // A lone `\r` and `\r\n` end lines too.
        (
            "host=a\rpassword=S3cret\r\nuser=b\rtoken=T0k",
            "host=a\rpassword=******\r\nuser=b\rtoken=***",
        ),
        (
            "x\r\n<password>\r\n\r\n S3cret\r\n",
            "x\r\n<password>\r\n\r\n ******\r\n",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(masked(input), want, "{input}");
    }
}

#[test]
fn values_on_the_next_line() {
    assert_eq!(
        masked("<key>Password</key>\n\t<string>S3cret</string>\n<key>Host</key>"),
        "<key>Password</key>\n\t<string>******</string>\n<key>Host</key>"
    );
    assert_eq!(
        masked("<password>\n S3cret\n</password>"),
        "<password>\n ******\n</password>"
    );
    assert_eq!(
        masked("user_pref(\"a.password\",\n\"S3cret\");"),
        "user_pref(\"a.password\",\n**********"
    );
}

#[test]
fn reg_hex_goes_on_past_blank_and_comment_lines() {
    let t = "\"POP3 Password2\"=hex:53,33,\\\n\n; note\n  63,72,65,74\n\"POP3 Server\"=\"pop\"";
    assert_eq!(
        masked(t),
        "\"POP3 Password2\"=***********\n\n; note\n  ***********\n\"POP3 Server\"=\"pop\""
    );
}

#[test]
fn credentials_in_urls() {
    let s = "pop://taro:S3cret@pop.example.jp/?x=1&access_token=T0k&amp;token=U&y=2";
    let got: Vec<&str> = url_secret_ranges(s).into_iter().map(|r| &s[r]).collect();
    assert_eq!(got, ["S3cret", "T0k", "U"]);
    assert!(url_secret_ranges("mailto:taro@example.jp https://example.jp/?q=a").is_empty());
    let h = "taro:S3cret@pop.example.jp";
    let got: Vec<&str> = host_secret_ranges(h).into_iter().map(|r| &h[r]).collect();
    assert_eq!(got, ["S3cret"]);
}

/// A value with an `@` but no `:`, `?` or `&` (an address, a user part
/// without a password) holds nothing, as the old reading found, at every
/// place of the `@` and with every byte that could end or start a part.
#[test]
fn an_address_holds_no_host_secret() {
    for v in [
        "taro@example.jp",
        "@",
        "a@b@c",
        "user@pop.example.jp/x#y",
        "täro@例え.jp",
        "pass@word",
        "x y@z",
        "taro:@x",
        "taro:p@x",
        "a?b@c",
        "a&token=b@c",
    ] {
        assert_eq!(host_secret_ranges(v), oracle::host_secret_ranges(v), "{v}");
    }
}

/// The fast scan finds exactly the ranges of the old one on every file of
/// the corpus and of the fixtures.
#[test]
fn the_fast_scan_finds_what_the_old_one_found_on_the_corpus() {
    let files = crate::test_files::corpus_and_fixtures();
    assert!(!files.is_empty());
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let want = oracle::secret_ranges(&text);
        assert_eq!(secret_ranges(&text), want, "{}", f.display());
        // The SSE2 way on a processor with AVX2 too.
        let sse2 = filter::without_avx2(|| secret_ranges(&text));
        assert_eq!(sse2, want, "SSE2: {}", f.display());
        for line in text.lines().take(2000) {
            assert_eq!(
                url_secret_ranges(line),
                oracle::url_secret_ranges(line),
                "{line}"
            );
            assert_eq!(
                host_secret_ranges(line),
                oracle::host_secret_ranges(line),
                "{line}"
            );
        }
    }
}

/// Pieces that make secret keys, URLs, markup and values, in every case.
const PIECES: &[&str] = &[
    "pass",
    "Pass",
    "PASS",
    "pw",
    "PW",
    "word",
    "private",
    "Private_Key",
    "secret",
    "SeC",
    "token",
    "ToK",
    "authcode",
    "aut",
    "apikey",
    "api_key",
    "API",
    "credential",
    "cre",
    "hash",
    "HAS",
    "server",
    "user_pref(\"",
    "\", \"",
    "\");",
    "mail.server.server1.",
    ".",
    "_",
    "-",
    " ",
    "\t",
    "=",
    ":",
    "://",
    "//",
    "?",
    "&",
    "&amp;",
    "@",
    "#",
    "/",
    "\"",
    "'",
    ",",
    ";",
    ")",
    "(",
    "]",
    "[",
    "<",
    ">",
    "</",
    "/>",
    "<key>",
    "</key>",
    "<string>",
    "<!--",
    "*",
    "\\",
    "\n",
    "\r\n",
    "\r",
    "hex:",
    "dword:",
    "00000001",
    "true",
    "S3cret",
    "é",
    "日本",
    "x",
    "pop://taro:S3cret@host",
    "?access_token=T0k",
    "&sig=",
    "code",
    "key",
    // Beyond ASCII: a no-break and an ideographic space end a URL part.
    "\u{a0}",
    "\u{3000}",
    "://u:p\u{a0}@h",
    "?tok\u{a0}en=",
    // An element's text (`is_element_text`).
    "<authentication>",
    "</authentication>",
    "password-cleartext",
    ">",
    "</a>",
];

fn pieces_text() -> impl proptest::strategy::Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// On any text made of the pieces of keys, values and markup, the fast
    /// scan finds exactly the old one's ranges.
    #[test]
    fn the_fast_scan_finds_what_the_old_one_found(text in pieces_text()) {
        prop_assert_eq!(secret_ranges(&text), oracle::secret_ranges(&text));
        prop_assert_eq!(
            filter::without_avx2(|| secret_ranges(&text)),
            oracle::secret_ranges(&text)
        );
        prop_assert_eq!(url_secret_ranges(&text), oracle::url_secret_ranges(&text));
        prop_assert_eq!(host_secret_ranges(&text), oracle::host_secret_ranges(&text));
    }

    /// The same on arbitrary text, and on text padded so that a hit falls
    /// at every place of a chunk of the filter.
    #[test]
    fn the_fast_scan_agrees_on_any_text(pad in 0usize..70, text in "\\PC{0,200}", tail in pieces_text()) {
        let t = format!("{}{}{}", "x".repeat(pad), text, tail);
        prop_assert_eq!(secret_ranges(&t), oracle::secret_ranges(&t));
        prop_assert_eq!(url_secret_ranges(&t), oracle::url_secret_ranges(&t));
    }
}

/// Every word the filter must let through, at every offset of a chunk and
/// at the end of the text, in every case of its first three letters.
#[test]
fn the_filter_lets_every_word_through_at_every_offset() {
    let hosts = ["?token=", "&sig=", "&auth=", "://u:p@"];
    let words = crate::secrets::SECRET_WORDS.iter().chain(&hosts);
    // `amp;` is matched in lower case only.
    for pad in 0..(2 * filter::BLOCK + 3) {
        let t = format!("{}&amp;auth=v", "x".repeat(pad));
        assert_eq!(next_hit(t.as_bytes(), 0), Some(pad), "{t:?}");
        let t = format!("{}&Amp;auth=v", "x".repeat(pad));
        assert_eq!(next_hit(t.as_bytes(), 0), None, "{t:?}");
    }
    for w in words {
        for mask in 0..8u8 {
            let cased: String = w
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i < 3 && mask & (1 << i) != 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            for pad in 0..(2 * filter::BLOCK + 3) {
                let t = format!("{}{}", "x".repeat(pad), cased);
                assert_eq!(next_hit(t.as_bytes(), 0), Some(pad), "{t:?}");
                let t = format!("{} {}=v", "x".repeat(pad), cased);
                assert_eq!(secret_ranges(&t), oracle::secret_ranges(&t), "{t:?}");
                assert_eq!(
                    filter::without_avx2(|| secret_ranges(&t)),
                    oracle::secret_ranges(&t),
                    "SSE2: {t:?}"
                );
            }
        }
    }
}

/// A secret word that is an element's text is no hit unless its line holds
/// another, and the scan finds what the old one found around such words:
/// `<key>`'s text, quotes and spaces before the end tag, an end tag on the
/// next line, a key or URL after it, a value pending from the line before.
#[test]
fn an_element_text_word_alone_is_no_hit() {
    let alone = [
        "<authentication>password-cleartext</authentication>",
        "  <authentication>password-encrypted</authentication>\n",
        "<a>x.token\t'</b>",
        "<a>password</",
    ];
    for t in alone {
        assert_eq!(next_hit(t.as_bytes(), 0), None, "{t:?}");
        assert_eq!(secret_ranges(t), oracle::secret_ranges(t), "{t:?}");
    }
    let hits = [
        "<key>password</key><string>S3cret</string>",
        "<key>password</key>\n<string>S3cret</string>",
        "<password>S3cret</password>",
        "<a>password\n</a>",
        "<a>password x</a>",
        "<a>password</a> token=S3cret",
        "<a>password</a> pop://u:S3cret@h",
        "<a>password</a><tokenURL>https://x</tokenURL>",
        "password</a>",
        ">password</a>",
        "x>password</a>",
        "<a>password</a>password=S3cret",
        "password:\n<a>S3cret</a>",
        "<key>Password</key>\n<a>password</a>",
        "pass=\\\n<a>password</a>",
        "<a> password</a>",
        "<a>apassword</a>",
        // A quote before the word: read (as before), nothing found.
        "<a>\"password\" </a>",
    ];
    for t in hits {
        assert_eq!(secret_ranges(t), oracle::secret_ranges(t), "{t:?}");
        assert_eq!(
            filter::without_avx2(|| secret_ranges(t)),
            oracle::secret_ranges(t),
            "SSE2: {t:?}"
        );
    }
    assert!(next_hit(b"<a>password x</a>", 0).is_some());
    assert!(next_hit(b"<key>password</key>", 0).is_some());
}
