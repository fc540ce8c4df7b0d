//! Names to addresses: the system's resolver (getaddrinfo, through the
//! dns-lookup crate), behind `--resolve HOST:PORT:ADDR` and
//! `--connect-to HOST:PORT:HOST2:PORT2` in curl's forms.
//!
//! The system resolver, not a DNS library of our own: the mail clients call
//! getaddrinfo (Thunderbird through necko's host resolver, Outlook Express
//! through Winsock), so the hosts file, the VPN's DNS and nsswitch answer
//! maillint as they answer the client.

use std::net::IpAddr;
use std::str::FromStr;
use std::sync::mpsc;
use std::time::Duration;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// What looking a name up gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Lookup {
    Found {
        addrs: Vec<IpAddr>,
    },
    /// The name does not exist (NXDOMAIN, no address): the FAQ's "Host unknown".
    NotFound,
    /// The resolver could not be asked (no network, no DNS server answering).
    NoNetwork {
        detail: String,
    },
    /// The name as written cannot be looked up (spaces, full-width letters).
    NotAName,
}

/// A source of answers for names. The system's resolver in use; tests give
/// their own answers through `--resolve`.
pub trait Resolve: Send + Sync {
    fn lookup(&self, host: &str, timeout: Duration) -> Lookup;
}

/// getaddrinfo, in a thread so that a slow resolver is bounded by the timeout.
pub struct SystemResolver;

impl Resolve for SystemResolver {
    fn lookup(&self, host: &str, timeout: Duration) -> Lookup {
        let (tx, rx) = mpsc::channel();
        let name = host.to_string();
        // A thread that outlives the timeout ends on its own when
        // getaddrinfo returns; its answer is dropped.
        let spawned = std::thread::Builder::new()
            .name("maillint-resolve".into())
            .spawn(move || {
                let _ = tx.send(system_lookup(&name));
            });
        if spawned.is_err() {
            return Lookup::NoNetwork {
                detail: "cannot start the resolver".into(),
            };
        }
        rx.recv_timeout(timeout).unwrap_or(Lookup::NoNetwork {
            detail: "the resolver did not answer in time".into(),
        })
    }
}

fn system_lookup(host: &str) -> Lookup {
    use dns_lookup::LookupErrorKind as K;
    match dns_lookup::lookup_host(host) {
        Ok(addrs) => {
            let mut v: Vec<IpAddr> = Vec::new();
            for a in addrs {
                if !v.contains(&a) {
                    v.push(a);
                }
            }
            if v.is_empty() {
                Lookup::NotFound
            } else {
                Lookup::Found { addrs: v }
            }
        }
        Err(e) => match e.kind() {
            K::NoName | K::NoData => Lookup::NotFound,
            _ => Lookup::NoNetwork {
                detail: std::io::Error::from(e).to_string(),
            },
        },
    }
}

/// `--resolve HOST:PORT:ADDR[,ADDR...]` (curl's form). `*` as PORT (and as
/// HOST) matches any; an empty ADDR says that the name does not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveEntry {
    host: String,
    port: Option<u16>,
    addrs: Vec<IpAddr>,
}

impl FromStr for ResolveEntry {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}' is not HOST:PORT:ADDR[,ADDR...]");
        let (host, rest) = s.split_once(':').ok_or_else(bad)?;
        let (port, addrs) = rest.split_once(':').ok_or_else(bad)?;
        if host.is_empty() {
            return Err(bad());
        }
        let port = parse_port(port).ok_or_else(bad)?;
        let addrs = addrs
            .split(',')
            .filter(|a| !a.is_empty())
            .map(|a| {
                a.trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<IpAddr>()
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| bad())?;
        Ok(ResolveEntry {
            host: host.to_ascii_lowercase(),
            port,
            addrs,
        })
    }
}

/// `--connect-to HOST1:PORT1:HOST2:PORT2` (curl's form): a connection to
/// HOST1:PORT1 goes to HOST2:PORT2 instead, while TLS still checks HOST1
/// (an empty HOST1 or PORT1 matches any).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectTo {
    host: Option<String>,
    port: Option<u16>,
    to_host: String,
    to_port: u16,
}

impl FromStr for ConnectTo {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}' is not HOST1:PORT1:HOST2:PORT2");
        let parts: Vec<&str> = s.splitn(4, ':').collect();
        let [h1, p1, h2, p2] = parts[..] else {
            return Err(bad());
        };
        let port = if p1.is_empty() {
            None
        } else {
            parse_port(p1).ok_or_else(bad)?
        };
        let to_port: u16 = p2.parse().map_err(|_| bad())?;
        if h2.is_empty() || to_port == 0 {
            return Err(bad());
        }
        Ok(ConnectTo {
            host: (!h1.is_empty()).then(|| h1.to_ascii_lowercase()),
            port,
            to_host: h2
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_ascii_lowercase(),
            to_port,
        })
    }
}

fn parse_port(p: &str) -> Option<Option<u16>> {
    if p == "*" {
        return Some(None);
    }
    p.parse::<u16>().ok().filter(|&n| n > 0).map(Some)
}

/// Where a connection to `host:port` goes, and the answers for its name.
pub struct Resolver {
    resolve: Vec<ResolveEntry>,
    connect_to: Vec<ConnectTo>,
    system: Box<dyn Resolve>,
}

/// A name's lookup, and the same for its NFKC form when that differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameResult {
    pub lookup: Lookup,
    /// The name after NFKC (full-width → ASCII), when it differs, and its lookup.
    pub normalized: Option<(String, Lookup)>,
}

impl Resolver {
    pub fn new(
        resolve: Vec<ResolveEntry>,
        connect_to: Vec<ConnectTo>,
        system: Box<dyn Resolve>,
    ) -> Resolver {
        Resolver {
            resolve,
            connect_to,
            system,
        }
    }

    /// The host and port a connection really goes to (`--connect-to`).
    pub fn route(&self, host: &str, port: u16) -> (String, u16) {
        let lower = host.to_ascii_lowercase();
        for c in &self.connect_to {
            if c.host.as_ref().is_none_or(|h| *h == lower) && c.port.is_none_or(|p| p == port) {
                return (c.to_host.clone(), c.to_port);
            }
        }
        (host.to_string(), port)
    }

    /// Look up one name (already routed) for `port`.
    pub fn lookup(&self, host: &str, port: u16, timeout: Duration) -> Lookup {
        if let Ok(ip) = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        {
            return Lookup::Found { addrs: vec![ip] };
        }
        if host.is_empty()
            || !host.is_ascii()
            || host.contains(|c: char| c.is_ascii_whitespace() || c == '/' || c == '@')
        {
            return Lookup::NotAName;
        }
        let lower = host.trim_end_matches('.').to_ascii_lowercase();
        let entry = |wild_host: bool| {
            self.resolve.iter().find(|e| {
                (if wild_host {
                    e.host == "*"
                } else {
                    e.host == lower
                }) && e.port.is_none_or(|p| p == port)
            })
        };
        if let Some(e) = entry(false).or_else(|| entry(true)) {
            return if e.addrs.is_empty() {
                Lookup::NotFound
            } else {
                Lookup::Found {
                    addrs: e.addrs.clone(),
                }
            };
        }
        // RFC 6761 §6.4: names under .invalid never exist; answered here.
        if lower == "invalid" || lower.ends_with(".invalid") {
            return Lookup::NotFound;
        }
        self.system.lookup(&lower, timeout)
    }

    /// Look a host up as written and, when NFKC changes it, as normalized.
    ///
    /// The name is looked up even when `--connect-to` sends the connection
    /// elsewhere (unlike curl): whether the configured name exists is the
    /// first thing an online check says.
    pub fn resolve(&self, host: &str, port: u16, timeout: Duration) -> NameResult {
        let lookup = self.lookup(host, port, timeout);
        let nfkc: String = host.nfkc().collect::<String>().to_ascii_lowercase();
        let normalized =
            if matches!(lookup, Lookup::Found { .. }) || nfkc == host.to_ascii_lowercase() {
                None
            } else {
                Some((nfkc.clone(), self.lookup(&nfkc, port, timeout)))
            };
        NameResult { lookup, normalized }
    }

    /// The addresses a connection to `host:port` goes to, after
    /// `--connect-to` (`None` when the name exists but its route does not resolve).
    pub fn connect_addrs(
        &self,
        host: &str,
        port: u16,
        found: &[IpAddr],
        timeout: Duration,
    ) -> (Vec<IpAddr>, u16) {
        let (routed, routed_port) = self.route(host, port);
        if routed == host && routed_port == port {
            return (found.to_vec(), port);
        }
        match self.lookup(&routed, routed_port, timeout) {
            Lookup::Found { addrs } => (addrs, routed_port),
            _ => (Vec::new(), routed_port),
        }
    }
}

#[cfg(test)]
mod tests;
