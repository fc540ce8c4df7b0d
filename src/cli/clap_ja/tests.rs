use super::*;

#[test]
fn the_language_comes_from_the_arguments_first() {
    let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
    assert_eq!(
        lang_of(&args(&["maillint", "--lang", "ja", "--formt"])),
        Lang::Ja
    );
    assert_eq!(
        lang_of(&args(&["maillint", "--lang=en", "--formt"])),
        Lang::En
    );
}
