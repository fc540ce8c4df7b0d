//! `--online`: what the settings say, tried against the servers themselves.
//!
//! Opt-in; nothing here runs (and no socket is opened) unless the user asks.
//! A probe never logs in and never sends a password: greeting, capabilities,
//! TLS, capabilities again, goodbye (see [`dialog`]).
//!
//! - `resolve`: names (the system's resolver; `--resolve`, `--connect-to`)
//! - `connect`: TCP with a timeout, refused vs timed out
//! - `wire`: lines in and out of one connection, the transcript
//! - `tls`: rustls, the roots, the certificate verdict
//! - `dialog`: SMTP, POP3 and IMAP greetings, capabilities, STARTTLS
//! - `probe`: one endpoint, start to end
//! - `judge`: offered mechanisms against the configured method
//! - `suggest`: what Thunderbird's wizard would try instead
//! - `limits`: connections at once; the deadline

pub mod connect;
pub mod dialog;
pub mod judge;
pub mod limits;
pub mod plan;
pub mod probe;
pub mod resolve;
pub mod suggest;
pub mod tls;
pub mod wire;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::model::AuthMethod;

pub use dialog::Proto;
use probe::Env;
pub use probe::{Endpoint, Probe, Secure};
use resolve::{ConnectTo, Lookup, Resolve, ResolveEntry, Resolver, SystemResolver};

/// Settings of an online check.
#[derive(Clone, Debug)]
pub struct Options {
    /// Each connect, read and handshake waits at most this long.
    pub timeout: Duration,
    /// The whole online check ends after this.
    pub budget: Duration,
    pub ca_file: Option<PathBuf>,
    pub resolve: Vec<ResolveEntry>,
    pub connect_to: Vec<ConnectTo>,
}

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(60);

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: DEFAULT_TIMEOUT,
            budget: DEFAULT_BUDGET,
            ca_file: None,
            resolve: Vec::new(),
            connect_to: Vec::new(),
        }
    }
}

/// One server of one account to check: where, and what the account expects.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Request {
    pub endpoint: Endpoint,
    pub auth: AuthKey,
    /// The domain of the account's address (for the wizard's host names).
    pub domain: Option<String>,
    /// The provider policy's host for this server.
    pub policy_host: Option<String>,
}

/// [`AuthMethod`] as an ordered key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AuthKey(pub u8);

impl AuthKey {
    const ALL: [AuthMethod; 11] = [
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
    ];
    pub fn of(m: AuthMethod) -> AuthKey {
        AuthKey(Self::ALL.iter().position(|x| *x == m).unwrap_or(10) as u8)
    }
    pub fn method(self) -> AuthMethod {
        Self::ALL
            .get(self.0 as usize)
            .copied()
            .unwrap_or(AuthMethod::Any)
    }
}

/// What the online check found for one request.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub probe: Probe,
    /// For a port-25 server that does not answer: the same host's submission
    /// port that does (OP25B).
    pub submission: Option<Probe>,
    /// The first combination the wizard would try that works for the
    /// account's method, when the configured one does not.
    pub suggestion: Option<Probe>,
}

/// The online check of a run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub outcomes: BTreeMap<String, Outcome>,
    /// Set when no server could even be looked up or reached because this
    /// machine has no network: one line, not one finding per server.
    pub no_network: Option<String>,
    pub millis: u64,
    pub probes: usize,
    /// The timeout of each step (`--timeout`), for messages.
    pub timeout_ms: u64,
}

impl Report {
    pub fn outcome(&self, r: &Request) -> Option<&Outcome> {
        self.outcomes.get(&key(r))
    }
}

/// The key of a request in [`Report::outcomes`].
pub fn key(r: &Request) -> String {
    format!("{} auth={:?}", r.endpoint, r.auth.method())
}

/// Check `requests` against the servers, with the system's resolver.
pub fn run(requests: &[Request], opts: &Options) -> Result<Report, String> {
    run_with(requests, opts, Box::new(SystemResolver))
}

/// Check with another resolver behind the overrides (tests).
pub fn run_with(
    requests: &[Request],
    opts: &Options,
    system: Box<dyn Resolve>,
) -> Result<Report, String> {
    let started = Instant::now();
    let env = Env {
        resolver: Resolver::new(opts.resolve.clone(), opts.connect_to.clone(), system),
        trust: tls::Trust::load(opts.ca_file.as_deref())?,
        timeout: opts.timeout,
        deadline: started + opts.budget,
        slots: limits::Slots::new(limits::MAX_CONNECTIONS, limits::MAX_PER_HOST),
    };
    let mut unique: Vec<&Request> = requests.iter().collect();
    unique.sort();
    unique.dedup();
    let mut endpoints: Vec<&Endpoint> = unique.iter().map(|r| &r.endpoint).collect();
    endpoints.sort();
    endpoints.dedup();
    let first: BTreeMap<Endpoint, Probe> = parallel(&endpoints, &env);
    let mut report = Report {
        probes: first.len(),
        timeout_ms: opts.timeout.as_millis() as u64,
        ..Report::default()
    };
    if let Some(line) = no_network(first.values()) {
        report.no_network = Some(line);
        for r in &unique {
            if let Some(p) = first.get(&r.endpoint) {
                report.outcomes.insert(
                    key(r),
                    Outcome {
                        probe: p.clone(),
                        submission: None,
                        suggestion: None,
                    },
                );
            }
        }
        report.millis = started.elapsed().as_millis() as u64;
        return Ok(report);
    }
    // Second round: the submission ports of silent port-25 servers, and the
    // wizard's candidates for every request that does not work as set.
    let mut second: Vec<Endpoint> = Vec::new();
    let mut plans: Vec<(&Request, Vec<Endpoint>, Vec<Endpoint>)> = Vec::new();
    for r in &unique {
        let Some(p) = first.get(&r.endpoint) else {
            continue;
        };
        let method = r.auth.method();
        let blocked25 = r.endpoint.proto == Proto::Smtp && r.endpoint.port == 25 && port_blocked(p);
        let subs = if blocked25 {
            suggest::submission_ports(&r.endpoint)
        } else {
            Vec::new()
        };
        let cands = if judge::works_for(p, method) || p.skipped {
            Vec::new()
        } else {
            let covered: &[String] = match p.tls.as_ref().map(|t| &t.cert) {
                Some(tls::CertVerdict::WrongName { covers }) => covers,
                _ => &[],
            };
            suggest::candidates(
                &r.endpoint,
                covered,
                r.domain.as_deref(),
                r.policy_host.as_deref(),
            )
        };
        for e in subs.iter().chain(&cands) {
            if !first.contains_key(e) && !second.contains(e) {
                second.push(e.clone());
            }
        }
        plans.push((r, subs, cands));
    }
    let refs: Vec<&Endpoint> = second.iter().collect();
    let mut all = parallel(&refs, &env);
    report.probes += all.len();
    all.extend(first);
    for (r, subs, cands) in plans {
        let method = r.auth.method();
        let Some(p) = all.get(&r.endpoint) else {
            continue;
        };
        let submission = subs
            .iter()
            .filter_map(|e| all.get(e))
            .find(|s| s.answered())
            .cloned();
        let suggestion = cands
            .iter()
            .filter_map(|e| all.get(e))
            .find(|s| judge::works_for(s, method))
            .cloned();
        report.outcomes.insert(
            key(r),
            Outcome {
                probe: p.clone(),
                submission,
                suggestion,
            },
        );
    }
    report.millis = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// A port that does not let a conversation start: refused, timed out, or
/// accepting and silent (a filter that completes the handshake).
pub fn port_blocked(p: &Probe) -> bool {
    p.connect.is_some() || matches!(p.mismatch, Some(probe::Mismatch::Silent))
}

/// Probe endpoints in parallel (the slots bound connections at once).
fn parallel(endpoints: &[&Endpoint], env: &Env) -> BTreeMap<Endpoint, Probe> {
    let threads = limits::MAX_CONNECTIONS.min(endpoints.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let out = std::sync::Mutex::new(BTreeMap::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(ep) = endpoints.get(i) else { break };
                    let p = probe::probe(ep, env);
                    if let Ok(mut m) = out.lock() {
                        m.insert((*ep).clone(), p);
                    }
                }
            });
        }
    });
    out.into_inner().unwrap_or_default()
}

/// One line when every probe failed for want of a network.
fn no_network<'a>(probes: impl Iterator<Item = &'a Probe>) -> Option<String> {
    let mut detail = None;
    for p in probes {
        let reason = match (&p.name.lookup, &p.connect) {
            (Lookup::NoNetwork { detail }, _) => detail.clone(),
            (_, Some(connect::ConnectFailure::Unreachable { detail })) => detail.clone(),
            _ => return None,
        };
        detail.get_or_insert(reason);
    }
    detail
}
