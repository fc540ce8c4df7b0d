use super::*;
use crate::model::{AuthMethod, Security};

#[test]
fn words_parse_and_cover_every_model_value() {
    // Empty or missing texts fail the build (build/codegen.rs).
    let has = |key: String| ReportWord::from_key(&format!("values.{key}")).is_some();
    let ja = Words::new(ReportLang::Ja);
    for s in [
        Security::None,
        Security::StartTls,
        Security::Tls,
        Security::TryStartTls,
    ] {
        let name = serde_json::to_value(s).expect("serializes");
        assert!(
            has(format!("security.{}", name.as_str().unwrap_or(""))),
            "{s:?}"
        );
    }
    for a in [
        AuthMethod::None,
        AuthMethod::Cleartext,
        AuthMethod::Encrypted,
        AuthMethod::Spa,
        AuthMethod::Gssapi,
        AuthMethod::OAuth2,
        AuthMethod::ClientCert,
        AuthMethod::SameAsIncoming,
        AuthMethod::PopBeforeSmtp,
        AuthMethod::AnySecure,
        AuthMethod::Any,
    ] {
        let name = serde_json::to_value(a).expect("serializes");
        assert!(
            has(format!("auth.{}", name.as_str().unwrap_or(""))),
            "{a:?}"
        );
    }
    assert_eq!(
        ja.value("auth", &AuthMethod::Spa, "x"),
        "セキュリティで保護されたパスワード認証 (SPA)"
    );
    assert_eq!(
        Words::new(ReportLang::Both).get("summary"),
        "Summary / 概要"
    );
}
