use super::*;

#[test]
fn every_rule_is_its_own_entry_in_code_order() {
    assert_eq!(Rule::ALL.len(), RULES.len());
    for (i, rule) in Rule::ALL.iter().enumerate() {
        assert_eq!(rule.info().rule, *rule);
        assert_eq!(*rule as usize, i);
    }
    assert!(RULES.windows(2).all(|w| w[0].code < w[1].code));
}

#[test]
fn rules_are_found_by_code_or_name_in_any_case() {
    assert_eq!(Rule::find("ML301"), Some(Rule::SpaEnabled));
    assert_eq!(Rule::find(" ml301 "), Some(Rule::SpaEnabled));
    assert_eq!(Rule::find("Spa-Enabled"), Some(Rule::SpaEnabled));
    assert_eq!(Rule::find("ML999"), None);
    assert_eq!(
        Catalogue::embedded().find("parse-error").map(|r| r.code),
        Some("ML001")
    );
}

#[test]
fn keys_point_at_their_own_texts() {
    let m = spa_enabled::Message::LegacySecure;
    assert_eq!(m.key(), "legacy-secure");
    assert_eq!(SpaEnabled::DEFAULT.key(), "default");
    assert_eq!(ParseKind::AutoconfigRoot.key(), "autoconfig-root");
    assert_eq!(ParseLabel::StartsHere.key(), "starts-here");
    // A message variant without a help of its own shows the default help.
    let info = Rule::SpaEnabled.info();
    let legacy = info.message_help[m.index()].map(|i| info.help[i].key);
    assert_eq!(legacy, Some("legacy-secure"));
    let info = Rule::ParseError.info();
    let kind = info.message_help[ParseKind::RegSyntax.index()].map(|i| info.help[i].key);
    assert_eq!(kind, Some("default"));
}

#[test]
fn the_pointer_without_a_docs_url_is_the_explain_command() {
    for info in Catalogue::embedded().rules {
        assert_eq!(
            info.pointer(None),
            format!("maillint explain {}", info.code)
        );
        assert_eq!(
            info.pointer(Some("https://example.org/m/")),
            format!("https://example.org/m/docs/rules/{}.md", info.code)
        );
    }
}
