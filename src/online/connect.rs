//! TCP with a timeout, telling refused from timed out: the two look alike to
//! a user ("cannot connect") and mean different things (nothing listens
//! there; something drops the packets, such as the access provider's port
//! 25 block).

use std::io;
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::Duration;

use serde::Serialize;

/// Why no connection was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ConnectFailure {
    /// The host answered that nothing listens on the port.
    Refused,
    /// No answer at all within the timeout (filtered, or the host is down).
    TimedOut,
    /// This machine has no route there (no network).
    Unreachable {
        detail: String,
    },
    Other {
        detail: String,
    },
}

impl std::fmt::Display for ConnectFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectFailure::Refused => f.write_str("connection refused"),
            ConnectFailure::TimedOut => f.write_str("timed out"),
            ConnectFailure::Unreachable { detail } | ConnectFailure::Other { detail } => {
                f.write_str(detail)
            }
        }
    }
}

/// Connect to the first address that accepts; the failure reported is the
/// first address's (the one the client tries first).
pub fn connect(
    addrs: &[IpAddr],
    port: u16,
    timeout: Duration,
) -> Result<(TcpStream, SocketAddr), ConnectFailure> {
    let mut first_failure = None;
    for ip in addrs.iter().take(4) {
        let addr = SocketAddr::new(*ip, port);
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => return Ok((s, addr)),
            Err(e) => {
                first_failure.get_or_insert(classify(&e));
            }
        }
    }
    Err(first_failure.unwrap_or(ConnectFailure::Other {
        detail: "no address".into(),
    }))
}

fn classify(e: &io::Error) -> ConnectFailure {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => ConnectFailure::Refused,
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => ConnectFailure::TimedOut,
        io::ErrorKind::NetworkUnreachable
        | io::ErrorKind::HostUnreachable
        | io::ErrorKind::NetworkDown => ConnectFailure::Unreachable {
            detail: e.to_string(),
        },
        _ => ConnectFailure::Other {
            detail: e.to_string(),
        },
    }
}
