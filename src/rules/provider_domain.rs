//! ML203 host-outside-provider-domain: a template's server whose name is not
//! under the provider's own domains. The ISPDB review asks for this: a host
//! in someone else's domain is either a hosted service (fine, but worth a
//! look) or a mistake that sends every user's password elsewhere.

use std::borrow::Cow;

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

/// Whether `label` is one of [`GENERIC_SLDS`] (a `match`, compiled to a few
/// comparisons by length: asked for every host with a two-letter TLD).
fn generic_sld(label: &str) -> bool {
    let generic = matches!(
        label,
        "co" | "ne"
            | "or"
            | "ac"
            | "ad"
            | "ed"
            | "go"
            | "gr"
            | "lg"
            | "com"
            | "net"
            | "org"
            | "edu"
            | "gov"
            | "mil"
    );
    debug_assert_eq!(generic, GENERIC_SLDS.contains(&label));
    generic
}

/// The organisation's domain of a name: `pop.mail.example.ne.jp` → `example.ne.jp`.
/// An approximation of the public-suffix list, enough for mail providers.
/// Its labels (the non-empty parts between dots), last first, as many as it
/// keeps, borrowed: compared label by label, no string is built (issue 15).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Organisation<'a> {
    /// The kept labels, last first; the rest empty.
    labels: [&'a str; 3],
}

fn organisation(name: &str) -> Organisation<'_> {
    let b = name.as_bytes();
    let mut labels = [""; 3];
    let mut found = 0;
    let mut end = b.len();
    // The last three non-empty labels, read backwards from dot to dot.
    while found < 3 {
        // Names are short: a plain loop beats a vectorised search here.
        let start = b[..end]
            .iter()
            .rposition(|&c| c == b'.')
            .map_or(0, |dot| dot + 1);
        if start < end {
            labels[found] = &name[start..end];
            found += 1;
        }
        if start == 0 {
            break;
        }
        end = start - 1;
    }
    let keep = if found >= 2 && labels[0].len() == 2 && generic_sld(labels[1]) {
        3
    } else {
        2
    };
    for l in labels.iter_mut().skip(keep) {
        *l = "";
    }
    Organisation { labels }
}

/// Whether `host` is under `domain`.
#[cfg(test)]
fn under(host: &str, domain: &str) -> bool {
    under_org(host, &mut None, domain, || organisation(domain))
}

/// [`under`], with the organisations made only when the names alone do
/// not decide (the host's once, kept in `host_org`).
fn under_org<'h, 'd>(
    host: &'h str,
    host_org: &mut Option<Organisation<'h>>,
    domain: &'d str,
    domain_org: impl FnOnce() -> Organisation<'d>,
) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|head| head.ends_with('.'))
        || *host_org.get_or_insert_with(|| organisation(host)) == domain_org()
}

/// A name as the rule compares it: folded to ASCII, without its final dots,
/// in lower case; borrowed when it is all that already (issue 15).
fn normalised(name: &str) -> Cow<'_, str> {
    let folded = if name.is_ascii() {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(fold(name))
    };
    let len = folded.trim_end_matches('.').len();
    if folded.as_bytes()[..len].iter().any(u8::is_ascii_uppercase) {
        return Cow::Owned(folded[..len].to_ascii_lowercase());
    }
    match folded {
        Cow::Borrowed(s) => Cow::Borrowed(&s[..len]),
        Cow::Owned(mut s) => {
            s.truncate(len);
            Cow::Owned(s)
        }
    }
}

pub fn check(account: &Account, em: &mut Emitter) {
    let Some(t) = &account.template else { return };
    // The provider's domains (with a dot), normalised as they are compared.
    let domains = || {
        t.domains
            .iter()
            .chain(t.provider_id.iter())
            .map(|d| normalised(&d.value))
            .filter(|d| d.contains('.'))
    };
    let Some(first) = domains().next() else {
        return;
    };
    // Made at most once, when a host is not under the first domain by name.
    let first_org = std::cell::OnceCell::new();
    // Most hosts are under the first domain; the others are compared with
    // every domain, each normalised once for the account (issue 15: a
    // template may list 190 domains).
    let mut others = Vec::new();
    for server in account.servers() {
        let Some(host) = &server.host else { continue };
        // `%EMAILDOMAIN%` is the user's own domain: under it by construction.
        if host.value.contains('%') {
            continue;
        }
        let name = normalised(&host.value);
        if name.is_empty() {
            continue;
        }
        let first_org = || first_org.get_or_init(|| organisation(&first)).clone();
        if !under_org(&name, &mut None, &first, first_org) {
            others.push((server, host, name));
        }
    }
    if others.is_empty() {
        return;
    }
    let names: Vec<Cow<str>> = domains().skip(1).collect();
    let orgs: Vec<Organisation> = names.iter().map(|d| organisation(d)).collect();
    for (server, host, name) in others {
        let mut host_org = None;
        let mut domains = names.iter().zip(&orgs);
        if domains.any(|(d, org)| under_org(&name, &mut host_org, d, || org.clone())) {
            continue;
        }
        let key = match server.role {
            ServerRole::Incoming => Field::IncomingHost,
            ServerRole::Outgoing => Field::OutgoingHost,
        };
        em.emit(
            Finding::new(HostOutsideProviderDomain, host.span)
                .arg("field", em.field(key, &server.protocol.value))
                .arg("value", &host.value)
                .arg("domain", first.as_ref()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The organisation's domain as a name.
    fn org(name: &str) -> String {
        let mut labels: Vec<&str> = organisation(name)
            .labels
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect();
        labels.reverse();
        labels.join(".")
    }

    /// A name as it was compared before issue 15.
    fn normalised_as_before(name: &str) -> String {
        fold(name).trim_end_matches('.').to_ascii_lowercase()
    }

    #[test]
    fn normalised_as_before_issue_15() {
        for name in [
            "",
            ".",
            "Example.JP.",
            "ｅｘａｍｐｌｅ．ｊｐ",
            "mail.example.com..",
            "ÄÖ.de",
            "a.B",
        ] {
            assert_eq!(normalised(name), normalised_as_before(name), "{name:?}");
        }
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
