//! One connection to a server: lines in and out, plain or inside TLS, every
//! line recorded in a transcript. This is the only place that writes to a
//! socket, so the transcript is exactly what maillint sent (the tests check
//! that no password is ever in it).

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, StreamOwned};
use serde::Serialize;

use super::tls::{self, CertVerdict, TlsFailure, TlsReport};
use crate::escape::controls as escape;

/// A server line longer than this is cut (RFC 5321 allows 512 octets, IMAP
/// capability lines run longer; nothing legitimate comes near it).
const MAX_LINE: usize = 4096;
/// The most a probe reads from one connection.
const MAX_TOTAL: usize = 64 * 1024;

/// Who said a transcript line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dir {
    /// maillint wrote it.
    Sent,
    /// The server wrote it.
    Received,
    /// What happened between lines (connected, TLS started).
    Event,
}

/// One line of a transcript, without its line ending, control characters
/// escaped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    pub dir: Dir,
    pub text: String,
}

/// How reading a line failed.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing (more) arrived within the time allowed.
    Timeout,
    /// The server closed the connection.
    Closed,
    /// The server sent more than a probe reads.
    TooLong,
    Io(io::Error),
    /// The TLS layer broke (after the handshake).
    Tls(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Timeout => f.write_str("no answer in time"),
            ReadError::Closed => f.write_str("the server closed the connection"),
            ReadError::TooLong => f.write_str("the server sent too much"),
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::Tls(e) => write!(f, "TLS: {e}"),
        }
    }
}

enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
    /// Between taking the plain stream and putting the TLS one.
    Gone,
}

impl Stream {
    fn tcp(&self) -> Option<&TcpStream> {
        match self {
            Stream::Plain(s) => Some(s),
            Stream::Tls(s) => Some(s.get_ref()),
            Stream::Gone => None,
        }
    }
}

/// A connection with its transcript.
pub struct Wire {
    stream: Stream,
    buf: Vec<u8>,
    read_total: usize,
    timeout: Duration,
    deadline: Instant,
    pub transcript: Vec<Line>,
}

impl Wire {
    /// Wrap a connected socket. Every read and write waits at most `timeout`,
    /// and nothing happens after `deadline`.
    pub fn new(tcp: TcpStream, timeout: Duration, deadline: Instant) -> Wire {
        let _ = tcp.set_nodelay(true);
        Wire {
            stream: Stream::Plain(tcp),
            buf: Vec::new(),
            read_total: 0,
            timeout,
            deadline,
            transcript: Vec::new(),
        }
    }

    pub fn event(&mut self, text: impl Into<String>) {
        self.transcript.push(Line {
            dir: Dir::Event,
            text: text.into(),
        });
    }

    pub fn local_ip(&self) -> Option<std::net::IpAddr> {
        self.stream.tcp()?.local_addr().ok().map(|a| a.ip())
    }

    pub fn is_tls(&self) -> bool {
        matches!(self.stream, Stream::Tls(_))
    }

    /// The time one read or write may take now: the timeout, cut to the deadline.
    fn step_timeout(&self) -> Option<Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            None
        } else {
            Some(left.min(self.timeout))
        }
    }

    fn arm(&self) -> Result<(), ReadError> {
        let t = self.step_timeout().ok_or(ReadError::Timeout)?;
        if let Some(tcp) = self.stream.tcp() {
            tcp.set_read_timeout(Some(t)).map_err(ReadError::Io)?;
            tcp.set_write_timeout(Some(t)).map_err(ReadError::Io)?;
        }
        Ok(())
    }

    /// Send one command line (CRLF is added).
    pub fn send(&mut self, line: &str) -> Result<(), ReadError> {
        self.arm()?;
        self.transcript.push(Line {
            dir: Dir::Sent,
            text: escape(line).into_owned(),
        });
        let mut bytes = Vec::with_capacity(line.len() + 2);
        bytes.extend_from_slice(line.as_bytes());
        bytes.extend_from_slice(b"\r\n");
        let r = match &mut self.stream {
            Stream::Plain(s) => s.write_all(&bytes).and_then(|_| s.flush()),
            Stream::Tls(s) => s.write_all(&bytes).and_then(|_| s.flush()),
            Stream::Gone => return Err(ReadError::Closed),
        };
        r.map_err(map_io)
    }

    /// Read one line from the server (without its line ending).
    pub fn read_line(&mut self) -> Result<String, ReadError> {
        loop {
            if let Some(pos) = self.buf.iter().position(|&b| b == b'\n') {
                let mut raw: Vec<u8> = self.buf.drain(..=pos).collect();
                raw.pop();
                if raw.last() == Some(&b'\r') {
                    raw.pop();
                }
                let text = escape(&String::from_utf8_lossy(&raw)).into_owned();
                self.transcript.push(Line {
                    dir: Dir::Received,
                    text: text.clone(),
                });
                return Ok(text);
            }
            if self.buf.len() > MAX_LINE || self.read_total > MAX_TOTAL {
                return Err(ReadError::TooLong);
            }
            self.arm()?;
            let mut chunk = [0u8; 2048];
            let n = match &mut self.stream {
                Stream::Plain(s) => s.read(&mut chunk),
                Stream::Tls(s) => s.read(&mut chunk),
                Stream::Gone => return Err(ReadError::Closed),
            }
            .map_err(map_io)?;
            if n == 0 {
                return Err(ReadError::Closed);
            }
            self.read_total += n;
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    /// Whether the server has sent bytes that were not read yet (after a
    /// STARTTLS answer they would be injected into the TLS session: refused).
    pub fn has_unread(&self) -> bool {
        !self.buf.is_empty()
    }

    /// Start TLS on this connection (implicit TLS at once, or after STARTTLS).
    pub fn start_tls(
        &mut self,
        config: Arc<ClientConfig>,
        verdict: tls::VerdictSlot,
        host: &str,
    ) -> Result<TlsReport, TlsFailure> {
        if self.arm().is_err() {
            return Err(TlsFailure::Timeout);
        }
        let name = ServerName::try_from(host.to_string())
            .map_err(|_| TlsFailure::other(format!("'{host}' is not a name TLS can check")))?;
        let conn =
            ClientConnection::new(config, name).map_err(|e| TlsFailure::other(e.to_string()))?;
        let tcp = match std::mem::replace(&mut self.stream, Stream::Gone) {
            Stream::Plain(t) => t,
            other => {
                self.stream = other;
                return Err(TlsFailure::other("TLS already started".into()));
            }
        };
        let mut tls = StreamOwned::new(conn, tcp);
        while tls.conn.is_handshaking() {
            if let Err(e) = tls.conn.complete_io(&mut tls.sock) {
                let failure = tls::classify_handshake_error(&e);
                self.event(format!("TLS handshake failed: {failure}"));
                return Err(failure);
            }
        }
        let version = tls
            .conn
            .protocol_version()
            .map(|v| format!("{v:?}").replace('_', "."))
            .unwrap_or_default();
        let cert = verdict.take().unwrap_or(CertVerdict::Valid);
        self.event(format!(
            "TLS started ({version}); certificate: {}",
            cert.summary()
        ));
        self.stream = Stream::Tls(Box::new(tls));
        Ok(TlsReport { version, cert })
    }

    /// Close politely without waiting for more than one short answer.
    pub fn shutdown(mut self) -> Vec<Line> {
        if let Stream::Tls(s) = &mut self.stream {
            s.conn.send_close_notify();
            let _ = s.conn.complete_io(&mut s.sock);
        }
        if let Some(tcp) = self.stream.tcp() {
            let _ = tcp.shutdown(std::net::Shutdown::Both);
        }
        std::mem::take(&mut self.transcript)
    }
}

fn map_io(e: io::Error) -> ReadError {
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => ReadError::Timeout,
        io::ErrorKind::UnexpectedEof
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe => ReadError::Closed,
        io::ErrorKind::InvalidData => ReadError::Tls(e.to_string()),
        _ => ReadError::Io(e),
    }
}
