use super::*;

#[test]
fn same_as_str_trim() {
    for s in [
        "",
        " ",
        "a",
        " a ",
        "\t\r\n a b \x0b\x0c",
        "\u{3000}a\u{3000}",
        " \u{3000} x \u{85}",
        "\u{a0}",
        "日本 ",
        "\x1c a \x1f",
        "a\u{2003}",
    ] {
        assert_eq!(trim(s), s.trim(), "{s:?}");
        assert_eq!(trim_start(s), s.trim_start(), "{s:?}");
        assert_eq!(trim_end(s), s.trim_end(), "{s:?}");
    }
}

proptest::proptest! {
    #[test]
    fn same_as_str_trim_anywhere(s in "([ \\t\\r\\n\\x0b\\x0c\\x1ca]|\\PC|\\p{White_Space}){0,12}") {
        proptest::prop_assert_eq!(trim(&s), s.trim());
        proptest::prop_assert_eq!(trim_start(&s), s.trim_start());
        proptest::prop_assert_eq!(trim_end(&s), s.trim_end());
    }
}
