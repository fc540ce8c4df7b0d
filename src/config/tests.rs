use super::*;

fn parse(text: &str) -> Result<Config, String> {
    Config::parse(Path::new("/r/.maillint.toml"), text, Catalogue::embedded())
        .map_err(|e| e.message(crate::i18n::Lang::En))
}

#[test]
fn unknown_keys_point_at_the_key() {
    let e = parse("policy = \"koara\"\n\n  bogus = 1\n").expect_err("unknown key");
    assert!(
        e.starts_with("/r/.maillint.toml:3:3: unknown key 'bogus'"),
        "{e}"
    );
    let e = parse("[allowed-ports]\nincoming = [995]\nimcoming = [1]\n").expect_err("nested");
    assert!(
        e.starts_with("/r/.maillint.toml:3:1: unknown key 'imcoming'"),
        "{e}"
    );
}

#[test]
fn selectors_severities_and_policy() {
    let c = parse(
        "policy = \"KOARA\"\nselect = [\"ML3\", \"smtp-port-25\"]\nignore = [\"ML102\"]\n\
             fail-on = \"warning\"\n[severity]\nML401 = \"error\"\nML1 = \"info\"\n\
             [per-file-ignores]\n\"legacy/**\" = [\"ML4\"]\n[allowed-ports]\noutgoing = [587]\n",
    )
    .expect("valid");
    assert_eq!(c.policy.as_deref(), Some("KOARA"));
    assert_eq!(c.select.as_ref().map(Vec::len), Some(2));
    assert_eq!(c.severities.get("ML401"), Some(&Severity::Error));
    assert_eq!(c.severities.get("ML101"), Some(&Severity::Info));
    assert_eq!(c.fail_on, Some(Severity::Warning));
    assert!(c.has_inline_policy());
    let mut p = Policy::generic();
    c.apply_inline_policy(&mut p);
    assert_eq!(p.allowed_ports.outgoing, Some(vec![587]));
    let e = parse("select = [\"ML999\"]\n").expect_err("unknown rule");
    assert!(
        e.starts_with("/r/.maillint.toml:1:11: unknown rule 'ML999'"),
        "{e}"
    );
    let e = parse("policy = \"mine.toml\"\ndocs-base-url = \"docs/\"\n").expect_err("url");
    assert!(
        e.contains(":2:17: docs-base-url must be an absolute URL"),
        "{e}"
    );
    let e = parse("[per-file-ignores]\n\"a/[b\" = [\"ML4\"]\n").expect_err("glob");
    assert!(
        e.starts_with("/r/.maillint.toml:2:1: invalid glob 'a/[b'"),
        "{e}"
    );
    let c = parse("policy = \"mine.toml\"\n").expect("file policy");
    assert_eq!(c.policy.as_deref(), Some("/r/mine.toml"));
}
