use super::*;

#[test]
fn shipped_policies_load() {
    for name in Policy::names() {
        let p = Policy::load(name).expect(name);
        assert_eq!(p.name, name);
        assert!(!p.description.en.is_empty() && !p.description.ja.is_empty());
    }
    let koara = Policy::load("koara").expect("koara");
    assert_eq!(koara.hosts.incoming.as_deref(), Some("www.{domain}"));
    assert_eq!(
        koara.pop_before_smtp.as_ref().map(|p| p.window_minutes),
        Some(30)
    );
    assert_eq!(koara.smtp_auth, Some(SmtpAuthPolicy::PopBeforeSmtpAccepted));
    assert_eq!(
        Policy::load("generic").expect("generic").smtp_auth,
        Some(SmtpAuthPolicy::RequiredOn587)
    );
    let ido = Policy::load("i-do").expect("i-do");
    assert!(ido.faq_for("ML301")[0].contains("id=58"));
}

#[test]
fn unknown_keys_and_names_are_errors() {
    assert!(Policy::from_toml("name = \"x\"\nbogus = 1\n").is_err());
    assert!(Policy::load("no-such-policy").is_err());
}

fn problem(text: &str) -> TomlProblem {
    Policy::from_toml(text).expect_err("invalid")
}

#[test]
fn toml_problems_are_typed_with_their_place() {
    use crate::i18n::Lang;
    let p = problem("name = \"x\"\nbogus = 1\n");
    assert_eq!((p.line, p.column), (2, 1));
    assert!(
        matches!(&p.kind, TomlKind::UnknownKey { name, known } if name == "bogus" && known.contains(&"hosts".to_string()))
    );
    let p = problem("name = \"x\"\nhosts = 3\n");
    assert_eq!(
        p.kind,
        TomlKind::WrongType {
            key: Some("hosts".into()),
            value: "3".into(),
            found: ValueKind::Integer,
            expected: ValueKind::Table,
        }
    );
    assert_eq!(
        p.message(Lang::En),
        "invalid type: integer '3', expected struct HostPolicy"
    );
    let p = problem("name = \"x\"\n[hosts\n");
    assert_eq!(
        p.kind,
        TomlKind::Syntax {
            what: Syntax::Header,
            near: Some("[hosts".into())
        }
    );
    assert_eq!(
        p.message(Lang::Ja),
        "見出しの書き方に誤りがあります (「[名前]」の形で書きます) (「[hosts」のところ)"
    );
    let p = problem("name = \"x\"\nsmtp-auth = \"always\"\n");
    assert!(
        matches!(&p.kind, TomlKind::UnknownValue { value, allowed } if value == "always" && allowed.len() == 3)
    );
    let p = problem("name = \"x\"\n[allowed-auth]\nincoming = [\"plain\"]\n");
    assert!(matches!(&p.kind, TomlKind::UnknownValue { value, .. } if value == "plain"));
    let p = problem("name = \"x\"\nname = \"y\"\n");
    assert_eq!(
        p.kind,
        TomlKind::DuplicateKey {
            name: "name".into()
        }
    );
    let p = problem("description = { en = \"x\", ja = \"y\" }\n");
    assert_eq!(
        p.kind,
        TomlKind::MissingKey {
            name: "name".into()
        }
    );
    // Every Japanese rendering is a Japanese sentence, never toml's English.
    for text in [
        "name = x\n",
        "name = \"x\n",
        "a b = 1\n",
        "name = [1,\n",
        "name = 1.2.3\n",
        "name = {a = 1\n",
        "= 1\n",
        "name = \"x\"\nmessage-size = { limit-bytes = -1 }\n",
    ] {
        let ja = problem(text).message(Lang::Ja);
        assert!(
            !ja.contains("expected") && !ja.contains("invalid"),
            "{text:?}: {ja}"
        );
        assert!(
            ja.chars().any(|c| ('ぁ'..='ヿ').contains(&c)),
            "{text:?}: {ja}"
        );
    }
}

#[test]
fn policy_errors_in_both_languages() {
    use crate::i18n::Lang;
    let e = Policy::load("./no-such-dir/p.toml").expect_err("missing");
    assert_eq!(
        e.message(Lang::En),
        "cannot read policy file ./no-such-dir/p.toml: no such file"
    );
    assert_eq!(
        e.message(Lang::Ja),
        "ポリシーファイル ./no-such-dir/p.toml を読み取れません: ファイルがありません"
    );
    let e = Policy::load("koala").expect_err("unknown");
    assert_eq!(
        e.message(Lang::Ja),
        "「koala」というポリシーはありません (「koara」ではありませんか?)。「generic」「i-do」「koara」のどれか、またはポリシーファイルのパスを指定してください"
    );
}
