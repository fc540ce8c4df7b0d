//! TLS with rustls: the roots (the platform's, or `--ca-file`), and a
//! verifier that records what is wrong with a certificate instead of ending
//! the handshake, so that the probe can still read what the server offers
//! inside TLS (a user who accepted the certificate once gets that far too).

use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime, pem::PemObject};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use serde::Serialize;

/// What the certificate check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CertVerdict {
    Valid,
    /// Not issued by a trusted authority (self-signed, private CA, missing
    /// intermediate).
    UnknownIssuer,
    Expired {
        not_after: u64,
    },
    NotYetValid {
        not_before: u64,
    },
    /// Valid, but not for the host name the account uses; `covers` lists the
    /// names it is for.
    WrongName {
        covers: Vec<String>,
    },
    Revoked,
    Other {
        detail: String,
    },
}

impl CertVerdict {
    pub fn summary(&self) -> String {
        match self {
            CertVerdict::Valid => "valid".into(),
            CertVerdict::UnknownIssuer => "issuer not trusted".into(),
            CertVerdict::Expired { not_after } => format!("expired {}", date(*not_after)),
            CertVerdict::NotYetValid { not_before } => format!("valid from {}", date(*not_before)),
            CertVerdict::WrongName { covers } => format!("for {}", covers.join(", ")),
            CertVerdict::Revoked => "revoked".into(),
            CertVerdict::Other { detail } => detail.clone(),
        }
    }
}

/// `YYYY-MM-DD` (UTC) of seconds since the epoch.
pub fn date(secs: u64) -> String {
    // Howard Hinnant's civil-from-days.
    let days = (secs / 86_400) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Why a handshake did not complete.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TlsFailure {
    /// The server answered with something that is not TLS (a plain greeting).
    NotTls,
    Timeout,
    Closed,
    /// No protocol version or cipher in common, or the server refused us.
    Refused {
        detail: String,
    },
    Other {
        detail: String,
    },
}

impl TlsFailure {
    pub fn other(detail: String) -> TlsFailure {
        TlsFailure::Other { detail }
    }
}

impl fmt::Display for TlsFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsFailure::NotTls => f.write_str("the server does not speak TLS here"),
            TlsFailure::Timeout => f.write_str("no answer in time"),
            TlsFailure::Closed => f.write_str("the server closed the connection"),
            TlsFailure::Refused { detail } | TlsFailure::Other { detail } => f.write_str(detail),
        }
    }
}

pub fn classify_handshake_error(e: &std::io::Error) -> TlsFailure {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => return TlsFailure::Timeout,
        ErrorKind::UnexpectedEof | ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => {
            return TlsFailure::Closed;
        }
        _ => {}
    }
    let inner = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>());
    match inner {
        Some(rustls::Error::InvalidMessage(_))
        | Some(rustls::Error::InappropriateMessage { .. }) => TlsFailure::NotTls,
        Some(rustls::Error::AlertReceived(a)) => TlsFailure::Refused {
            detail: format!("the server sent the alert {a:?}"),
        },
        Some(rustls::Error::PeerIncompatible(p)) => TlsFailure::Refused {
            detail: format!("{p:?}"),
        },
        Some(other) => TlsFailure::Other {
            detail: other.to_string(),
        },
        None => TlsFailure::Other {
            detail: e.to_string(),
        },
    }
}

/// Where one connection's verifier leaves its verdict.
#[derive(Clone, Debug, Default)]
pub struct VerdictSlot(Arc<Mutex<Option<CertVerdict>>>);

impl VerdictSlot {
    pub fn take(&self) -> Option<CertVerdict> {
        self.0.lock().ok().and_then(|mut v| v.take())
    }
    fn put(&self, v: CertVerdict) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(v);
        }
    }
}

/// The trust anchors for every connection of a run.
#[derive(Clone, Debug)]
pub struct Trust {
    roots: Arc<RootCertStore>,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl Trust {
    /// The platform's roots (rustls-native-certs), or the certificates of
    /// `ca_file` (PEM) instead, as curl's `--cacert` does.
    pub fn load(ca_file: Option<&Path>) -> Result<Trust, String> {
        let mut roots = RootCertStore::empty();
        match ca_file {
            Some(path) => {
                let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
                    .map_err(|e| format!("cannot read the CA file {}: {e}", path.display()))?
                    .collect::<Result<_, _>>()
                    .map_err(|e| format!("cannot read the CA file {}: {e}", path.display()))?;
                if certs.is_empty() {
                    return Err(format!("{} holds no PEM certificate", path.display()));
                }
                let (added, _) = roots.add_parsable_certificates(certs);
                if added == 0 {
                    return Err(format!("{} holds no usable CA certificate", path.display()));
                }
            }
            None => {
                let found = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(found.certs);
            }
        }
        Ok(Trust {
            roots: Arc::new(roots),
            provider: Arc::new(rustls::crypto::ring::default_provider()),
        })
    }

    /// A client configuration for one connection, and where its verdict goes.
    pub fn client_config(&self) -> Result<(Arc<ClientConfig>, VerdictSlot), String> {
        let inner =
            WebPkiServerVerifier::builder_with_provider(self.roots.clone(), self.provider.clone())
                .build()
                .map_err(|e| e.to_string())?;
        let slot = VerdictSlot::default();
        let verifier = Recording {
            inner,
            slot: slot.clone(),
        };
        let config = ClientConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        Ok((Arc::new(config), slot))
    }
}

/// The standard WebPKI verifier, whose verdict is recorded rather than
/// enforced. Signatures are still checked by the standard verifier: the
/// server must hold the key of the certificate it shows.
#[derive(Debug)]
struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    slot: VerdictSlot,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = match self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Ok(_) => CertVerdict::Valid,
            Err(rustls::Error::InvalidCertificate(e)) => verdict_of(e),
            Err(e) => CertVerdict::Other {
                detail: e.to_string(),
            },
        };
        self.slot.put(verdict);
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

fn verdict_of(e: CertificateError) -> CertVerdict {
    match e {
        CertificateError::UnknownIssuer | CertificateError::BadSignature => {
            CertVerdict::UnknownIssuer
        }
        CertificateError::Expired => CertVerdict::Expired { not_after: 0 },
        CertificateError::ExpiredContext { not_after, .. } => CertVerdict::Expired {
            not_after: not_after.as_secs(),
        },
        CertificateError::NotValidYet => CertVerdict::NotYetValid { not_before: 0 },
        CertificateError::NotValidYetContext { not_before, .. } => CertVerdict::NotYetValid {
            not_before: not_before.as_secs(),
        },
        CertificateError::NotValidForName => CertVerdict::WrongName { covers: Vec::new() },
        CertificateError::NotValidForNameContext { presented, .. } => CertVerdict::WrongName {
            covers: presented.iter().map(|n| presented_name(n)).collect(),
        },
        CertificateError::Revoked => CertVerdict::Revoked,
        other => CertVerdict::Other {
            detail: format!("{other:?}"),
        },
    }
}

/// A name from webpki's list of presented names (`DnsName("mail.example.jp")`,
/// `IpAddress(127.0.0.1)`) as a user writes it.
fn presented_name(debug: &str) -> String {
    for prefix in ["DnsName(", "IpAddress("] {
        if let Some(rest) = debug.strip_prefix(prefix).and_then(|r| r.strip_suffix(')')) {
            return rest.trim_matches('"').to_string();
        }
    }
    debug.to_string()
}

/// A completed handshake.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TlsReport {
    pub version: String,
    pub cert: CertVerdict,
}
