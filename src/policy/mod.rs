//! Provider policies: what a provider expects of its customers' settings.
//! The shipped ones live in `rules/providers/*.toml` and are embedded; a user
//! names one (`--policy koara`) or gives a file of the same form.

mod error;
mod limits;
mod toml_problem;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Severity;
use crate::i18n::Text;

pub use error::PolicyError;
pub use limits::{AUTH_NAMES, AllowedAuth, AllowedPorts, AuthName, auth_name};
pub use toml_problem::{Syntax, TomlKind, TomlProblem, ValueKind, did_you_mean, list};

pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "generic",
        include_str!("../../rules/providers/generic.toml"),
    ),
    ("i-do", include_str!("../../rules/providers/i-do.toml")),
    ("koara", include_str!("../../rules/providers/koara.toml")),
];

#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HostPolicy {
    /// Template of the incoming host, e.g. `www.{domain}`.
    pub incoming: Option<String>,
    /// Template of the outgoing host.
    pub outgoing: Option<String>,
    /// Severity when the outgoing host differs from the template. A provider
    /// that allows the access provider's own SMTP server sets `warning`.
    pub outgoing_mismatch: Option<Severity>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MessageSizePolicy {
    /// The largest message the server accepts, in bytes, counted after
    /// encoding (base64 makes an attachment about 1.37 times larger).
    pub limit_bytes: u64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PopBeforeSmtpPolicy {
    /// Minutes after a POP login during which sending is allowed.
    pub window_minutes: u32,
}

/// When the provider's outgoing server wants SMTP authentication.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SmtpAuthPolicy {
    /// Always.
    Required,
    /// On the submission port 587 (RFC 6409): the generic expectation.
    #[serde(rename = "required-on-587")]
    RequiredOn587,
    /// Sending without SMTP authentication is accepted after a POP login
    /// (POP before SMTP): the `pop-before-smtp` rules check that instead.
    PopBeforeSmtpAccepted,
}

/// What the provider's servers offer for encryption (`tls = "…"`). It decides
/// what ML302 may advise: "turn on SSL/TLS" at a provider without it stops
/// mail entirely (Thunderbird fails hard when STARTTLS is required and not
/// offered: `SmtpClient._actionEHLO`, `Pop3Client._actionChooseFirstAuthMethod`).
#[derive(Clone, Copy, Debug, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum TlsOffer {
    /// SSL/TLS or STARTTLS is offered (on `tls-ports`, when given).
    Offered,
    /// The provider has no encrypted service.
    None,
    /// Not known (the default).
    #[default]
    Unknown,
}

/// `[tls-ports]`: the encrypted ports the provider offers, per protocol.
#[derive(Clone, Debug, Deserialize, Default, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TlsPorts {
    pub pop3: Option<Vec<u16>>,
    pub imap: Option<Vec<u16>>,
    pub smtp: Option<Vec<u16>>,
}

impl TlsPorts {
    pub fn for_protocol(&self, protocol: &crate::model::Protocol) -> Option<&[u16]> {
        use crate::model::Protocol;
        match protocol {
            Protocol::Pop3 => self.pop3.as_deref(),
            Protocol::Imap => self.imap.as_deref(),
            Protocol::Smtp => self.smtp.as_deref(),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Policy {
    pub name: String,
    #[serde(default)]
    pub description: Text,
    #[serde(default)]
    pub hosts: HostPolicy,
    pub message_size: Option<MessageSizePolicy>,
    pub pop_before_smtp: Option<PopBeforeSmtpPolicy>,
    /// When SMTP authentication is required (`smtp-auth-missing`).
    pub smtp_auth: Option<SmtpAuthPolicy>,
    /// The provider's manual for mail software.
    pub manual: Option<String>,
    /// FAQ pages per rule code, shown with that rule's findings.
    #[serde(default)]
    pub faq: BTreeMap<String, Vec<String>>,
    /// FAQ pages per error code or topic (`0x800CCC18`, `mail-to-mobile-phones`).
    #[serde(default)]
    pub topics: BTreeMap<String, Vec<String>>,
    /// Ports the provider's servers accept (ML403 port-not-allowed).
    #[serde(default)]
    pub allowed_ports: AllowedPorts,
    /// Authentication methods the provider's servers accept (ML308 auth-not-allowed).
    #[serde(default)]
    pub allowed_auth: AllowedAuth,
    /// Whether the provider offers encrypted connections (ML302's severity and advice).
    #[serde(default)]
    pub tls: TlsOffer,
    /// The encrypted ports it offers, per protocol.
    #[serde(default)]
    pub tls_ports: TlsPorts,
}

impl Policy {
    /// The default policy: no provider-specific expectations.
    pub fn generic() -> Policy {
        Policy::load("generic").unwrap_or_default()
    }

    pub fn names() -> impl Iterator<Item = &'static str> {
        EMBEDDED.iter().map(|(n, _)| *n)
    }

    /// A shipped policy by name, else a policy file by path.
    pub fn load(spec: &str) -> Result<Policy, PolicyError> {
        if let Some((_, text)) = EMBEDDED.iter().find(|(n, _)| n.eq_ignore_ascii_case(spec)) {
            return toml::from_str(text).map_err(|e| PolicyError::Embedded {
                name: spec.to_string(),
                detail: e.message().to_string(),
            });
        }
        let path = Path::new(spec);
        if path.is_file() {
            let text = std::fs::read_to_string(path).map_err(|e| PolicyError::Unreadable {
                path: path.display().to_string(),
                reason: e,
            })?;
            return Policy::from_toml(&text).map_err(|problem| PolicyError::Invalid {
                path: path.display().to_string(),
                problem: Box::new(problem),
            });
        }
        // A path that is not there is a missing file, not an unknown
        // policy name.
        if looks_like_path(spec) {
            return Err(PolicyError::Missing {
                path: spec.to_string(),
                exists: path.exists(),
            });
        }
        Err(PolicyError::Unknown {
            spec: spec.to_string(),
            in_config: false,
        })
    }

    /// A policy from a file's text; the problem says where and what.
    pub fn from_toml(text: &str) -> Result<Policy, TomlProblem> {
        toml::from_str(text).map_err(|e| TomlProblem::from_error(&e, text))
    }

    /// FAQ pages for a rule under this policy.
    pub fn faq_for(&self, code: &str) -> &[String] {
        self.faq.get(code).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Whether a `--policy` value is meant as a file: it names a folder or ends
/// in `.toml` (a shipped policy's name does neither).
pub fn looks_like_path(spec: &str) -> bool {
    spec.contains(['/', '\\']) || spec.to_ascii_lowercase().ends_with(".toml")
}

/// Fill `{domain}` in a host template.
pub fn expand_host_template(template: &str, domain: &str) -> String {
    template.replace("{domain}", domain)
}

#[cfg(test)]
mod tests;
