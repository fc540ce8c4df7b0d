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
