//! What would work instead: the host names, ports and security modes
//! Thunderbird's account wizard tries, plus the provider policy's host.
//!
//! comm-central `mail/components/accountcreation/modules/GuessConfig.sys.mjs`:
//! `IncomingHostDetector._hostnamesToTry` (`imap.`, `pop3.`, `pop.`, `mail.`,
//! the domain), `OutgoingHostDetector._hostnamesToTry` (`smtp.`, `mail.`, the
//! domain), `getIncomingTryOrder`/`getOutgoingTryOrder` and the port tables
//! (IMAP 143/993, POP3 110/995, SMTP 587 and 25 with STARTTLS, 465 with
//! SSL), and `sortTriesByPreference`: encrypted before plain, SSL before
//! STARTTLS, otherwise the order of the names. The wizard gives up on a
//! certificate for another name (`ERROR_MISMATCH`); so does this.

use super::dialog::Proto;
use super::probe::{Endpoint, Secure};

/// At most this many candidates are tried for one server.
pub const MAX_CANDIDATES: usize = 24;

/// The candidates for a server, most preferred first, without `current`.
/// `covered` are the names the server's certificate covers (for a
/// certificate of another name), `domain` is the address's domain,
/// `policy_host` the provider's host for it.
///
/// The smallest change comes first: the account's own port and security on
/// the other names, then the wizard's order.
pub fn candidates(
    current: &Endpoint,
    covered: &[String],
    domain: Option<&str>,
    policy_host: Option<&str>,
) -> Vec<Endpoint> {
    let mut hosts: Vec<String> = Vec::new();
    let mut add = |h: String| {
        let h = h.trim_end_matches('.').to_ascii_lowercase();
        if !h.is_empty() && h.is_ascii() && !hosts.contains(&h) {
            hosts.push(h);
        }
    };
    add(current.host.clone());
    for name in covered {
        // A wildcard or an address is no host name to suggest.
        if !name.contains('*') && name.parse::<std::net::IpAddr>().is_err() && name != "localhost" {
            add(name.clone());
        }
    }
    if let Some(h) = policy_host {
        add(h.to_string());
    }
    if let Some(d) = domain {
        let prefixes: &[&str] = match current.proto {
            Proto::Imap => &["imap.", "mail.", ""],
            Proto::Pop3 => &["pop3.", "pop.", "mail.", ""],
            Proto::Smtp => &["smtp.", "mail.", ""],
        };
        for p in prefixes {
            add(format!("{p}{d}"));
        }
    }
    let modes: &[(Secure, u16)] = match current.proto {
        Proto::Imap => &[
            (Secure::Tls, 993),
            (Secure::StartTls, 143),
            (Secure::Plain, 143),
        ],
        Proto::Pop3 => &[
            (Secure::Tls, 995),
            (Secure::StartTls, 110),
            (Secure::Plain, 110),
        ],
        Proto::Smtp => &[
            (Secure::Tls, 465),
            (Secure::StartTls, 587),
            (Secure::StartTls, 25),
            (Secure::Plain, 587),
            (Secure::Plain, 25),
        ],
    };
    let mut out = Vec::new();
    if current.secure != Secure::TryStartTls {
        for host in &hosts {
            let ep = Endpoint {
                host: host.clone(),
                ..current.clone()
            };
            if ep != *current {
                out.push(ep);
            }
        }
    }
    // Preference first, then the names in order (sortTriesByPreference).
    for &(secure, port) in modes {
        // Plain only for an account that is set to plain already: never
        // suggest giving up encryption.
        if secure == Secure::Plain && current.secure != Secure::Plain {
            continue;
        }
        for host in &hosts {
            let ep = Endpoint {
                host: host.clone(),
                port,
                proto: current.proto,
                secure,
            };
            if ep != *current && !out.contains(&ep) {
                out.push(ep);
            }
        }
    }
    out.truncate(MAX_CANDIDATES);
    out
}

/// The same host on the submission ports, for a port-25 server that does
/// not answer (OP25B).
pub fn submission_ports(current: &Endpoint) -> Vec<Endpoint> {
    [(587, Secure::StartTls), (465, Secure::Tls)]
        .into_iter()
        .map(|(port, secure)| Endpoint {
            host: current.host.clone(),
            port,
            proto: Proto::Smtp,
            secure,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_the_wizards_names_encrypted_first() {
        let cur = Endpoint {
            host: "mail.example.jp".into(),
            port: 25,
            proto: Proto::Smtp,
            secure: Secure::Plain,
        };
        let c = candidates(&cur, &[], Some("example.jp"), Some("www.example.jp"));
        let first: Vec<String> = c.iter().skip(3).take(4).map(|e| e.to_string()).collect();
        assert_eq!(c[0].to_string(), "www.example.jp:25 SMTP plain");
        assert_eq!(
            first,
            [
                "mail.example.jp:465 SMTP SSL/TLS",
                "www.example.jp:465 SMTP SSL/TLS",
                "smtp.example.jp:465 SMTP SSL/TLS",
                "example.jp:465 SMTP SSL/TLS"
            ]
        );
        assert!(c.iter().all(|e| *e != cur));
        let tls = Endpoint {
            secure: Secure::StartTls,
            port: 587,
            ..cur
        };
        assert!(
            candidates(&tls, &[], Some("example.jp"), None)
                .iter()
                .all(|e| e.secure != Secure::Plain)
        );
        // The names a certificate covers come first (no wildcard, no address).
        let covered = ["*.example.jp", "mail.example.jp", "127.0.0.1"].map(String::from);
        let www = Endpoint {
            host: "www.example.jp".into(),
            ..tls
        };
        let c = candidates(&www, &covered, None, None);
        assert_eq!(c[0].to_string(), "mail.example.jp:587 SMTP STARTTLS");
        assert_eq!(c.iter().filter(|e| e.host.contains('*')).count(), 0);
    }
}
