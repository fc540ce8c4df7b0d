use super::*;

#[test]
fn selectors() {
    let c = Catalogue::embedded();
    let s =
        Selection::new(vec!["ML1".into()], vec!["uppercase-in-address".into()], c).expect("valid");
    assert!(s.is_enabled("ML101", "fullwidth-character"));
    assert!(!s.is_enabled("ML102", "uppercase-in-address"));
    assert!(!s.is_enabled("ML301", "spa-enabled"));
    assert!(Selection::new(vec!["ML999".into()], vec![], c).is_err());
    assert!(
        Selection::new(vec!["ml301,ML4".into()], vec![], c)
            .expect("ok")
            .is_enabled("ML401", "smtp-port-25")
    );
}
