//! ML203 host-outside-provider-domain: a template's server whose name is not
//! under the provider's own domains. The ISPDB review asks for this: a host
//! in someone else's domain is either a hosted service (fine, but worth a
//! look) or a mistake that sends every user's password elsewhere.

use super::{Emitter, Finding};
use crate::catalogue::HostOutsideProviderDomain;
use crate::model::{Account, ServerRole};
use crate::syntax::fold;
use crate::tables::Field;

/// Second-level labels under which a country code registers names
/// (`example.ne.jp`, `example.co.uk`): the organisation is one label deeper.
const GENERIC_SLDS: &[&str] = &[
    "co", "ne", "or", "ac", "ad", "ed", "go", "gr", "lg", "com", "net", "org", "edu", "gov", "mil",
];

/// The organisation's domain of a name: `pop.mail.example.ne.jp` → `example.ne.jp`.
/// An approximation of the public-suffix list, enough for mail providers.
fn organisation(name: &str) -> String {
    let labels: Vec<&str> = name.split('.').filter(|l| !l.is_empty()).collect();
    let n = labels.len();
    let keep = match labels.as_slice() {
        [.., sld, tld] if tld.len() == 2 && GENERIC_SLDS.contains(sld) => 3,
        _ => 2,
    };
    labels[n.saturating_sub(keep)..].join(".")
}

fn under(host: &str, domain: &str) -> bool {
    host == domain
        || host.ends_with(&format!(".{domain}"))
        || organisation(host) == organisation(domain)
}

pub fn check(account: &Account, em: &mut Emitter) {
    let Some(t) = &account.template else { return };
    let mut domains: Vec<String> = t
        .domains
        .iter()
        .chain(t.provider_id.iter())
        .map(|d| fold(&d.value).trim_end_matches('.').to_ascii_lowercase())
        .filter(|d| d.contains('.'))
        .collect();
    domains.dedup();
    let Some(first) = domains.first().cloned() else {
        return;
    };
    for server in account.servers() {
        let Some(host) = &server.host else { continue };
        // `%EMAILDOMAIN%` is the user's own domain: under it by construction.
        if host.value.contains('%') {
            continue;
        }
        let name = fold(&host.value).trim_end_matches('.').to_ascii_lowercase();
        if name.is_empty() || domains.iter().any(|d| under(&name, d)) {
            continue;
        }
        let key = match server.role {
            ServerRole::Incoming => Field::IncomingHost,
            ServerRole::Outgoing => Field::OutgoingHost,
        };
        em.emit(
            Finding::new(HostOutsideProviderDomain, host.span)
                .arg("field", em.field(key, &server.protocol.value))
                .arg("value", host.value.clone())
                .arg("domain", first.clone()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_domains() {
        assert_eq!(organisation("pop.wind.ne.jp"), "wind.ne.jp");
        assert_eq!(organisation("co1.wind.ne.jp"), "wind.ne.jp");
        assert_eq!(organisation("imap.gmx.net"), "gmx.net");
        assert!(under("smtp.example.jp", "example.jp"));
        assert!(!under("outlook.office365.com", "hotmail.com"));
        assert!(!under("mail.example.co.jp", "other.co.jp"));
    }
}
