use super::*;

#[test]
fn providers_by_server_or_domain() {
    assert_eq!(
        provider(Some("mx1.orange.fr"), "a@example.com"),
        Some(Provider::FrancePtt)
    );
    assert_eq!(provider(None, "a@orange.fr"), Some(Provider::FrancePtt));
    assert_eq!(provider(None, "a@example.com"), None);
    assert_eq!(provider(Some("mail.example.com"), "a@example.com"), None);
}

#[test]
fn providers_codes() {
    let r = |mta: &str, status: Option<&str>, reply: Option<&str>, text: &str| {
        reason(Some(mta), "a@example.com", status, reply, text)
    };
    assert_eq!(
        r(
            "smtp.laposte.net",
            None,
            Some("550"),
            "550 5.5.0 Invalid recipient. LPN007_416"
        ),
        Some(Reason::UserUnknown)
    );
    assert_eq!(
        r(
            "mx.qq.com",
            None,
            Some("550"),
            "550 Connection frequency limited"
        ),
        Some(Reason::TooManyConn)
    );
    assert_eq!(
        r(
            "x.protection.outlook.com",
            Some("5.1.10"),
            Some("550"),
            "550 5.1.10 Recipient not found by SMTP address lookup"
        ),
        Some(Reason::UserUnknown)
    );
    assert_eq!(
        r(
            "smtp.secureserver.net",
            Some("5.1.1"),
            Some("550"),
            "550 sent to too many recipients this hour. IB607 <x>"
        ),
        Some(Reason::Speeding)
    );
    assert_eq!(
        r(
            "a.facebook.com",
            Some("5.1.1"),
            Some("550"),
            "550 5.1.1 RCP-P2 refused"
        ),
        Some(Reason::Filtered)
    );
    // Google's signature names it without its server's name; its codes
    // compare without the class digit, its multi-line codes are dropped.
    assert_eq!(
        reason(
            None,
            "a@example.com",
            Some("5.7.1"),
            Some("550"),
            "550-5.7.1 Messages with multiple 550 5.7.1 addresses in From: header are not accepted. - gsmtp"
        ),
        Some(Reason::NotCompliantRfc)
    );
    assert_eq!(r("mx.example.com", None, None, ""), None);
    assert_eq!(
        r("x.mimecast.com", None, None, "554 host network not allowed"),
        None
    );
}
