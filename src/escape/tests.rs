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
