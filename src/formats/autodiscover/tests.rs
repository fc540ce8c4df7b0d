use super::*;
use crate::source::SourceId;

#[test]
fn absent_spa_means_on_and_encryption_overrides_ssl() {
    let x = r#"<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
<Account><AccountType>email</AccountType><Action>settings</Action>
<Protocol><Type>POP3</Type><Server>pop.example.jp</Server><Port>995</Port></Protocol>
<Protocol><Type>SMTP</Type><Server>smtp.example.jp</Server><Port>587</Port><SPA>off</SPA><SSL>on</SSL><Encryption>TLS</Encryption><AuthRequired>on</AuthRequired><UsePOPAuth>on</UsePOPAuth><SMTPLast>on</SMTPLast></Protocol>
</Account></Response></Autodiscover>"#;
    let f = SourceFile::from_bytes(SourceId(0), "a.xml", x.as_bytes());
    let d = read(&[&f]);
    assert!(d.problems.is_empty());
    let a = &d.accounts[0];
    let pop = a.incoming.as_ref().expect("pop");
    assert_eq!(pop.auth.value, AuthMethod::Spa);
    assert!(pop.auth.is_default());
    assert_eq!(pop.security.value, Security::Tls);
    assert!(pop.security.is_default());
    let smtp = &a.outgoing[0];
    assert_eq!(smtp.security.value, Security::StartTls);
    assert_eq!(smtp.auth.value, AuthMethod::SameAsIncoming);
    assert_eq!(
        a.options.pop_before_smtp.as_ref().map(|p| p.value),
        Some(true)
    );
}

fn doc(x: &str) -> Document {
    let f = SourceFile::from_bytes(SourceId(0), "a.xml", x.as_bytes());
    read(&[&f])
}

#[test]
fn requests_errors_and_soap_are_skipped_with_a_reason() {
    for (x, reason) in [
        (
            "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"><Request><EMailAddress>a@example.jp</EMailAddress></Request></Autodiscover>",
            "request",
        ),
        (
            "<Autodiscover><Response><Error><ErrorCode>600</ErrorCode><Message>Invalid Request</Message></Error></Response></Autodiscover>",
            "error response (600 Invalid Request)",
        ),
        (
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/></s:Envelope>",
            "SOAP",
        ),
        (
            "<Autodiscover><Response><Account><Action>redirectAddr</Action><RedirectAddr>b@example.jp</RedirectAddr></Account></Response></Autodiscover>",
            "redirectAddr",
        ),
    ] {
        let d = doc(x);
        assert!(d.problems.is_empty() && d.accounts.is_empty(), "{x}");
        assert!(
            d.skipped[0].reason(crate::i18n::Lang::En).contains(reason),
            "{:?}",
            d.skipped
        );
    }
}

#[test]
fn encryption_starttls_is_tolerated_and_reported() {
    let d = doc(
        "<Autodiscover><Response><Account><Action>settings</Action><Protocol><Type>SMTP</Type><Server>smtp.example.jp</Server><Port>587</Port><SPA>off</SPA><Encryption>STARTTLS</Encryption></Protocol></Account></Response></Autodiscover>",
    );
    let a = &d.accounts[0];
    assert_eq!(a.outgoing[0].security.value, Security::StartTls);
    let t = a.template.as_ref().expect("template");
    assert_eq!(t.bad_values.len(), 1);
    assert_eq!(t.bad_values[0].effect, BadValueEffect::Tolerated);
    // SMTP without AuthRequired needs no login.
    assert_eq!(a.outgoing[0].auth.value, AuthMethod::None);
}
