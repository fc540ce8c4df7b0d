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
/// Its labels (the non-empty parts between dots), last first, as many as it
/// keeps: compared label by label, no string is built (issue 15).
fn organisation(name: &str) -> impl Iterator<Item = &str> + Clone {
    let labels = name.rsplit('.').filter(|l| !l.is_empty());
    let mut last = labels.clone();
    let keep = match (last.next(), last.next()) {
        (Some(tld), Some(sld)) if tld.len() == 2 && GENERIC_SLDS.contains(&sld) => 3,
        _ => 2,
    };
    labels.take(keep)
}

fn under(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|head| head.ends_with('.'))
        || organisation(host).eq(organisation(domain))
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

    /// The organisation's domain as a name.
    fn org(name: &str) -> String {
        let mut labels: Vec<&str> = organisation(name).collect();
        labels.reverse();
        labels.join(".")
    }

    /// The organisation as it was computed before issue 15 (a joined string).
    fn org_as_before(name: &str) -> String {
        let labels: Vec<&str> = name.split('.').filter(|l| !l.is_empty()).collect();
        let n = labels.len();
        let keep = match labels.as_slice() {
            [.., sld, tld] if tld.len() == 2 && GENERIC_SLDS.contains(sld) => 3,
            _ => 2,
        };
        labels[n.saturating_sub(keep)..].join(".")
    }

    #[test]
    fn organisation_domains() {
        assert_eq!(org("pop.wind.ne.jp"), "wind.ne.jp");
        assert_eq!(org("co1.wind.ne.jp"), "wind.ne.jp");
        assert_eq!(org("imap.gmx.net"), "gmx.net");
        for name in [
            "",
            ".",
            "..",
            "jp",
            "a.jp",
            "ne.jp",
            ".ne.jp.",
            "x..ne.jp",
            "a.b.co.uk",
            "a.b.co.uk.",
            "mail.example.com",
            "co.jp.",
            "a.b.c.d.e",
        ] {
            assert_eq!(org(name), org_as_before(name), "{name:?}");
            for other in ["ne.jp", "b.co.uk", "example.com", "", "x.jp"] {
                let before = name == other
                    || name.ends_with(&format!(".{other}"))
                    || org_as_before(name) == org_as_before(other);
                assert_eq!(under(name, other), before, "{name:?} {other:?}");
            }
        }
        assert!(under("smtp.example.jp", "example.jp"));
        assert!(!under("outlook.office365.com", "hotmail.com"));
        assert!(!under("mail.example.co.jp", "other.co.jp"));
    }
}
