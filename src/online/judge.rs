//! Whether what a server offers fits what an account is set to use: the
//! SASL mechanisms (or POP3 USER/APOP, IMAP LOGIN) behind each of the
//! model's authentication methods.

use crate::model::AuthMethod;

use super::dialog::{Caps, Proto};
use super::probe::Probe;
use super::tls::CertVerdict;

/// The mechanisms that carry an authentication method, for messages
/// (`NTLM`, `CRAM-MD5`, ...), and whether `caps` offers one of them.
/// `None` when there is nothing to judge (no login, or a method maillint
/// cannot tell from a capability list).
pub fn auth_offered(method: AuthMethod, proto: Proto, caps: &Caps, apop: bool) -> Option<bool> {
    let any = |mechs: &[&str]| mechs.iter().any(|m| caps.offers(m));
    Some(match method {
        AuthMethod::None | AuthMethod::PopBeforeSmtp | AuthMethod::ClientCert => return None,
        AuthMethod::Cleartext | AuthMethod::SameAsIncoming => caps.offers_cleartext(proto),
        // Thunderbird's "encrypted password": CRAM-MD5, or APOP on POP3
        // (nsPop3Protocol's POP3_HAS_AUTH_APOP), Outlook's secure login likewise.
        AuthMethod::Encrypted => any(&["CRAM-MD5", "DIGEST-MD5"]) || (proto == Proto::Pop3 && apop),
        // SPA is Microsoft's NTLM ("MSN" on old servers).
        AuthMethod::Spa => any(&["NTLM", "MSN"]),
        AuthMethod::Gssapi => any(&["GSSAPI"]),
        AuthMethod::OAuth2 => any(&["XOAUTH2", "OAUTHBEARER"]),
        AuthMethod::AnySecure => any(&["CRAM-MD5", "DIGEST-MD5", "NTLM", "MSN", "GSSAPI"]),
        AuthMethod::Any => !caps.auth.is_empty() || caps.offers_cleartext(proto),
    })
}

/// The mechanism names a method needs, for messages.
pub fn mechanisms_for(method: AuthMethod, proto: Proto) -> &'static str {
    match (method, proto) {
        (AuthMethod::Cleartext | AuthMethod::SameAsIncoming, Proto::Pop3) => "USER, PLAIN or LOGIN",
        (AuthMethod::Cleartext | AuthMethod::SameAsIncoming, Proto::Imap) => "LOGIN or PLAIN",
        (AuthMethod::Cleartext | AuthMethod::SameAsIncoming, _) => "PLAIN or LOGIN",
        (AuthMethod::Encrypted, Proto::Pop3) => "CRAM-MD5 or APOP",
        (AuthMethod::Encrypted, _) => "CRAM-MD5",
        (AuthMethod::Spa, _) => "NTLM",
        (AuthMethod::Gssapi, _) => "GSSAPI",
        (AuthMethod::OAuth2, _) => "XOAUTH2 or OAUTHBEARER",
        (AuthMethod::AnySecure, _) => "CRAM-MD5, NTLM or GSSAPI",
        _ => "",
    }
}

/// What a server offers for a login, as one list for messages: SASL
/// mechanisms, plus POP3's `USER`/`APOP` and IMAP's `LOGIN`.
pub fn offered_list(proto: Proto, caps: &Caps, apop: bool) -> Vec<String> {
    let mut v: Vec<String> = caps.auth.clone();
    match proto {
        Proto::Pop3 => {
            if caps.user || !caps.listed {
                v.insert(0, "USER".into());
            }
            if apop {
                v.push("APOP".into());
            }
        }
        Proto::Imap if !caps.login_disabled && !v.iter().any(|m| m == "LOGIN") => {
            v.insert(0, "LOGIN".into())
        }
        _ => {}
    }
    v
}

/// A probe's endpoint works for an account using `method`: it answers in the
/// configured security, with a certificate that checks out, and offers the
/// method (SMTP: or needs no login when the account sends none).
pub fn works_for(p: &Probe, method: AuthMethod) -> bool {
    if !p.answered() {
        return false;
    }
    if p.tls.as_ref().is_some_and(|t| t.cert != CertVerdict::Valid) {
        return false;
    }
    let Some(caps) = &p.caps else { return false };
    auth_offered(method, p.endpoint.proto, caps, p.apop) != Some(false)
}
