use super::*;

#[test]
fn every_control_character_is_visible() {
    assert_eq!(
        controls("pop\x1b]0;PWNED\x07\x1b[2J\nx\ry\0\x7f\u{9b}\u{202e}\tz"),
        "pop\\x1b]0;PWNED\\x07\\x1b[2J\\nx\\ry\\x00\\x7f\\u{9b}\\u{202e}\tz"
    );
    assert!(matches!(controls("ｐｏｐ.example.jp"), Cow::Borrowed(_)));
}

#[test]
fn line_breaks_of_a_text_stay() {
    assert_eq!(
        controls_keep_lines("a\r\nb\nc\rd\x1b"),
        "a\r\nb\nc\\rd\\x1b"
    );
    assert!(matches!(controls_keep_lines("a\nb"), Cow::Borrowed(_)));
}

#[test]
fn a_long_value_is_cut_with_its_length() {
    let long = "あ".repeat(100_000);
    let shown = cut(&long, |n| format!("{n} characters"));
    assert!(shown.contains("…100000 characters…"), "{shown}");
    assert!(shown.chars().count() < MAX_VALUE_CHARS + 30);
    assert_eq!(cut("short", |_| unreachable!()), "short");
}

/// [`controls`]'s test of bytes never lets an escaped character through:
/// every character that `char_escape` escapes begins with a byte it names,
/// over all of the Basic Multilingual Plane and beyond; and `controls`
/// equals its definition (a `char_escape` per character) on each of them
/// in a text.
#[test]
fn the_byte_test_lets_no_escaped_character_through() {
    let definition = |s: &str| -> String {
        s.chars()
            .map(|c| char_escape(c).unwrap_or_else(|| c.to_string()))
            .collect()
    };
    for c in (0u32..0x3_0000).filter_map(char::from_u32) {
        let mut lead = [0u8; 4];
        let lead = c.encode_utf8(&mut lead).as_bytes()[0];
        if char_escape(c).is_some() {
            assert!(may_begin_escape(lead), "{c:?}");
        }
        let text = format!("ab{c}cd");
        assert_eq!(controls(&text), definition(&text), "{c:?}");
    }
    assert!(matches!(
        controls("the outgoing mail server (SMTP) uses port 25\tplain"),
        Cow::Borrowed(_)
    ));
}
