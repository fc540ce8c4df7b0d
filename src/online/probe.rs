//! One probe: one host, port, protocol and security, as an account sets them.
//! Resolve, connect, start TLS where the setting says so, read the greeting
//! and the capabilities (again inside TLS), say goodbye. Whatever the server
//! really speaks on the port is recorded next to what the setting expects.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::connect::{ConnectFailure, connect};
use super::dialog::{Caps, Dialog, DialogError, Proto, greeting_protocol};
use super::limits::Slots;
use super::resolve::{Lookup, NameResult, Resolver};
use super::tls::{TlsFailure, TlsReport, Trust};
pub use super::wire::Dir;
use super::wire::{Line, ReadError, Wire};

/// Transport security as a setting asks for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Secure {
    Plain,
    /// STARTTLS required.
    StartTls,
    /// STARTTLS when offered.
    TryStartTls,
    /// TLS from the first byte.
    Tls,
}

impl Secure {
    pub fn label(self) -> &'static str {
        match self {
            Secure::Plain => "plain",
            Secure::StartTls => "STARTTLS",
            Secure::TryStartTls => "STARTTLS if offered",
            Secure::Tls => "SSL/TLS",
        }
    }
}

/// What to probe.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub proto: Proto,
    pub secure: Secure,
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{} {} {}",
            self.host,
            self.port,
            self.proto.label(),
            self.secure.label()
        )
    }
}

/// Where what the server speaks differs from what the setting expects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Mismatch {
    /// Set to SSL/TLS; the server greets in plain text.
    PlainOnTlsPort { greeting: String },
    /// Set to plain or STARTTLS; the server waits for a TLS handshake.
    TlsOnPlainPort,
    /// STARTTLS required; the server does not offer it.
    StartTlsNotOffered,
    /// STARTTLS offered, then refused.
    StartTlsRefused { answer: String },
    /// Another protocol answers on the port (a POP3 account on an SMTP port).
    WrongProtocol { spoke: Proto, greeting: String },
    /// The port accepts connections and says nothing, plain or TLS.
    Silent,
}

/// Everything one probe learnt.
#[derive(Clone, Debug, Serialize)]
pub struct Probe {
    pub endpoint: Endpoint,
    pub name: NameResult,
    pub address: Option<SocketAddr>,
    pub connect: Option<ConnectFailure>,
    pub greeting: Option<String>,
    pub mismatch: Option<Mismatch>,
    pub tls: Option<TlsReport>,
    pub tls_failure: Option<TlsFailure>,
    /// Capabilities before TLS (STARTTLS) and the ones that apply to a login
    /// (inside TLS when TLS was started).
    pub caps_before_tls: Option<Caps>,
    pub caps: Option<Caps>,
    /// The POP3 greeting carries an APOP timestamp (RFC 1939 §7).
    pub apop: bool,
    /// The server refused the session in its greeting (`554`, `-ERR`, `* BYE`).
    pub refused: Option<String>,
    /// A conversation error after connecting.
    pub error: Option<String>,
    /// The time budget ran out before this probe could run.
    pub skipped: bool,
    pub transcript: Vec<Line>,
    pub millis: u64,
}

impl Probe {
    fn new(endpoint: Endpoint) -> Probe {
        Probe {
            endpoint,
            name: NameResult {
                lookup: Lookup::NotFound,
                normalized: None,
            },
            address: None,
            connect: None,
            greeting: None,
            mismatch: None,
            tls: None,
            tls_failure: None,
            caps_before_tls: None,
            caps: None,
            apop: false,
            refused: None,
            error: None,
            skipped: false,
            transcript: Vec::new(),
            millis: 0,
        }
    }

    /// The server answered in the protocol and security the setting asks for.
    pub fn answered(&self) -> bool {
        self.greeting.is_some()
            && self.mismatch.is_none()
            && self.tls_failure.is_none()
            && self.error.is_none()
    }
}

/// What every probe of a run shares.
pub struct Env {
    pub resolver: Resolver,
    pub trust: Trust,
    pub timeout: Duration,
    pub deadline: Instant,
    pub slots: Slots,
}

/// Probe one endpoint.
pub fn probe(ep: &Endpoint, env: &Env) -> Probe {
    let started = Instant::now();
    let mut p = Probe::new(ep.clone());
    if Instant::now() >= env.deadline {
        p.skipped = true;
        return p;
    }
    p.name = env.resolver.resolve(&ep.host, ep.port, step(env));
    let Lookup::Found { addrs } = p.name.lookup.clone() else {
        p.millis = started.elapsed().as_millis() as u64;
        return p;
    };
    let (addrs, port) = env
        .resolver
        .connect_addrs(&ep.host, ep.port, &addrs, step(env));
    let Some(_slot) = env.slots.acquire(&ep.host, env.deadline) else {
        p.skipped = true;
        return p;
    };
    match connect(&addrs, port, step(env)) {
        Err(f) => p.connect = Some(f),
        Ok((tcp, addr)) => {
            p.address = Some(addr);
            let mut wire = Wire::new(tcp, env.timeout, env.deadline);
            wire.event(format!("connected to {addr}"));
            converse(&mut p, &mut wire, env, &addrs, port);
            p.transcript.extend(wire.shutdown());
        }
    }
    p.millis = started.elapsed().as_millis() as u64;
    p
}

fn step(env: &Env) -> Duration {
    env.deadline
        .saturating_duration_since(Instant::now())
        .min(env.timeout)
        .max(Duration::from_millis(1))
}

fn converse(p: &mut Probe, wire: &mut Wire, env: &Env, addrs: &[std::net::IpAddr], port: u16) {
    let ep = p.endpoint.clone();
    let mut dialog = Dialog::new(ep.proto);
    if ep.secure == Secure::Tls {
        if let Err(f) = tls_now(p, wire, env) {
            match f {
                TlsFailure::NotTls => {
                    // What does it say instead? A fresh plain connection tells.
                    let greeting = plain_greeting(p, env, addrs, port);
                    p.mismatch = Some(Mismatch::PlainOnTlsPort {
                        greeting: greeting.unwrap_or_default(),
                    });
                }
                TlsFailure::Timeout => p.mismatch = Some(Mismatch::Silent),
                other => p.tls_failure = Some(other),
            }
            return;
        }
    }
    match dialog.greeting(wire) {
        Ok(g) => {
            p.apop = ep.proto == Proto::Pop3 && has_apop_timestamp(&g);
            p.greeting = Some(g);
        }
        Err(DialogError::Read(ReadError::Timeout)) if ep.secure != Secure::Tls => {
            // Silence on a plain port: maybe it waits for a TLS handshake.
            p.mismatch = Some(match tls_on_fresh_connection(p, env, addrs, port) {
                true => Mismatch::TlsOnPlainPort,
                false => Mismatch::Silent,
            });
            return;
        }
        Err(DialogError::Unexpected(line) | DialogError::Refused(line))
            if greeting_protocol(&line).is_some_and(|spoke| spoke != ep.proto) =>
        {
            if let Some(spoke) = greeting_protocol(&line) {
                p.mismatch = Some(Mismatch::WrongProtocol {
                    spoke,
                    greeting: line,
                });
            }
            return;
        }
        Err(DialogError::Refused(line)) => {
            p.refused = Some(line);
            return;
        }
        Err(e) => {
            p.error = Some(e.to_string());
            return;
        }
    }
    let caps = match dialog.capabilities(wire) {
        Ok(c) => c,
        Err(e) => {
            p.error = Some(e.to_string());
            return;
        }
    };
    p.caps = Some(caps.clone());
    if matches!(ep.secure, Secure::StartTls | Secure::TryStartTls) {
        if !caps.starttls {
            if ep.secure == Secure::StartTls {
                p.mismatch = Some(Mismatch::StartTlsNotOffered);
            }
        } else {
            p.caps_before_tls = Some(caps);
            if let Err(e) = dialog.starttls(wire) {
                p.mismatch = Some(Mismatch::StartTlsRefused {
                    answer: e.to_string(),
                });
                dialog.quit(wire);
                return;
            }
            if wire.has_unread() {
                // Bytes after the STARTTLS answer would be read as if they
                // came inside TLS (CVE-2011-0411's injection): stop here.
                p.error = Some("the server sent data right after agreeing to STARTTLS".into());
                return;
            }
            if let Err(f) = tls_now(p, wire, env) {
                p.tls_failure = Some(f);
                return;
            }
            match dialog.capabilities(wire) {
                Ok(c) => p.caps = Some(c),
                Err(e) => {
                    p.error = Some(e.to_string());
                    return;
                }
            }
        }
    }
    dialog.quit(wire);
}

fn tls_now(p: &mut Probe, wire: &mut Wire, env: &Env) -> Result<(), TlsFailure> {
    let (config, slot) = env.trust.client_config().map_err(TlsFailure::other)?;
    let host = p.endpoint.host.trim_end_matches('.').to_string();
    let report = wire.start_tls(config, slot, &host)?;
    p.tls = Some(report);
    Ok(())
}

/// The first line a plain connection gets (for a port set to SSL/TLS that
/// does not speak it).
fn plain_greeting(
    p: &mut Probe,
    env: &Env,
    addrs: &[std::net::IpAddr],
    port: u16,
) -> Option<String> {
    let (tcp, addr) = connect(addrs, port, step(env)).ok()?;
    let mut wire = Wire::new(tcp, env.timeout, env.deadline);
    wire.event(format!("connected to {addr} again, without TLS"));
    let line = wire.read_line().ok();
    if let Some(l) = &line {
        if let Some(proto) = greeting_protocol(l) {
            Dialog::new(proto).quit(&mut wire);
        }
    }
    p.transcript.extend(wire.shutdown());
    line
}

/// Whether a fresh connection completes a TLS handshake (for a plain port
/// that stays silent).
fn tls_on_fresh_connection(
    p: &mut Probe,
    env: &Env,
    addrs: &[std::net::IpAddr],
    port: u16,
) -> bool {
    let Ok((tcp, addr)) = connect(addrs, port, step(env)) else {
        return false;
    };
    let mut wire = Wire::new(tcp, env.timeout, env.deadline);
    wire.event(format!("connected to {addr} again, trying TLS"));
    let ok = tls_now(p, &mut wire, env).is_ok();
    if ok {
        let mut dialog = Dialog::new(p.endpoint.proto);
        if dialog.greeting(&mut wire).is_ok() {
            dialog.quit(&mut wire);
        }
    }
    p.transcript.extend(wire.shutdown());
    ok
}

/// `+OK ... <1896.697170952@dbc.mtview.ca.us>`: the server offers APOP.
fn has_apop_timestamp(greeting: &str) -> bool {
    greeting
        .find('<')
        .and_then(|s| greeting[s..].find('>').map(|e| &greeting[s..s + e]))
        .is_some_and(|t| t.contains('@'))
}
