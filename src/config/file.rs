//! The keys of `.maillint.toml`, as serde reads them. Every table denies
//! unknown keys, so a misspelt key is an error that points at it.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::Severity;
use crate::policy::{
    AllowedAuth, AllowedPorts, HostPolicy, MessageSizePolicy, PopBeforeSmtpPolicy,
};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// A shipped policy name or a policy file (relative to this file).
    pub policy: Option<Spanned<String>>,
    pub select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Glob → rules switched off for the files it matches.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    /// Rule (code, prefix or name) → severity (`error`, `warning`, `info`).
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
    pub fail_on: Option<Severity>,
    pub max_warnings: Option<usize>,
    /// Ask the servers too (`--online`); off unless set.
    pub online: Option<bool>,
    /// Seconds each online step may take (`--timeout`).
    pub online_timeout: Option<f64>,
    /// Base URL of the repository's files as published (SARIF `helpUri`).
    pub docs_base_url: Option<Spanned<String>>,
    // Inline policy tables, laid over the chosen policy.
    pub hosts: Option<HostPolicy>,
    pub message_size: Option<MessageSizePolicy>,
    pub pop_before_smtp: Option<PopBeforeSmtpPolicy>,
    pub allowed_ports: Option<AllowedPorts>,
    pub allowed_auth: Option<AllowedAuth>,
    pub faq: Option<BTreeMap<String, Vec<String>>>,
}
