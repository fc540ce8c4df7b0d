//! The effective settings of `maillint check`: the configuration file (found
//! upward from the current folder, or `--config`, or none with `--isolated`)
//! with the command-line flags over it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use super::args::CheckArgs;
use crate::catalogue::Catalogue;
use crate::config::{self, Config, PerFileIgnores};
use crate::diagnostics::Severity;
use crate::policy::{Policy, PolicyError, auth_name};
use crate::rules::Selection;

pub struct Settings {
    /// The configuration file read, if any.
    pub config_path: Option<PathBuf>,
    pub policy: Policy,
    /// Where the policy came from, for `--show-settings`.
    pub policy_source: String,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub selection: Selection,
    pub per_file_ignores: PerFileIgnores,
    pub severities: BTreeMap<String, Severity>,
    pub fail_on: Severity,
    pub max_warnings: Option<usize>,
    pub exit_zero: bool,
    pub docs_base_url: Option<String>,
    /// `--online` (or `online = true`): the online check's settings.
    pub online: Option<crate::online::Options>,
}

/// Read the configuration and merge the flags over it. The error is one
/// line, in the language of errors (`--lang`, else the locale: both known
/// before the file is read).
pub fn resolve(args: &CheckArgs, catalogue: &Catalogue) -> Result<Settings, String> {
    let lang = crate::i18n::messages_lang();
    let path = if args.isolated {
        None
    } else if let Some(p) = &args.config {
        Some(p.clone())
    } else {
        std::env::current_dir()
            .ok()
            .and_then(|d| config::find_upward(&d))
    };
    let config = match &path {
        Some(p) => Config::load(p, catalogue).map_err(|e| e.message(lang))?,
        None => Config::default(),
    };

    let (spec, from) = match (&args.policy, &config.policy) {
        (Some(p), _) => (p.clone(), "--policy".to_string()),
        (None, Some(p)) => (p.clone(), config.path.display().to_string()),
        (None, None) => ("generic".to_string(), "default".to_string()),
    };
    let mut policy = Policy::load(&spec).map_err(|e| match (&args.policy, &config.policy_at) {
        (None, Some((at, written)))
            if !crate::policy::looks_like_path(written)
                && !std::path::Path::new(&spec).is_file() =>
        {
            // A name in the file: relative paths are the file's folder's.
            let e = PolicyError::Unknown {
                spec: written.clone(),
                in_config: true,
            };
            format!("{at}: {}", e.message(lang))
        }
        (None, Some((at, _))) => format!("{at}: {}", e.message(lang)),
        _ => e.message(lang),
    })?;
    let mut policy_source = format!("{} (from {from})", policy.name);
    if config.has_inline_policy() {
        config.apply_inline_policy(&mut policy);
        policy_source.push_str(&format!(
            ", with the inline tables of {}",
            config.path.display()
        ));
    }

    // --select replaces the file's selection; extend-select and ignore add up.
    let mut select = if args.select.is_empty() {
        config.select.clone().unwrap_or_default()
    } else {
        args.select.clone()
    };
    let extend: Vec<String> = config
        .extend_select
        .iter()
        .chain(args.extend_select.iter())
        .cloned()
        .collect();
    if !select.is_empty() {
        select.extend(extend);
    }
    let ignore: Vec<String> = config
        .ignore
        .iter()
        .chain(args.ignore.iter())
        .cloned()
        .collect();
    let selection = Selection::new(select.clone(), ignore.clone(), catalogue).map_err(|e| {
        crate::tables::Ui::ConfigUnknownSelector.fill(
            lang,
            &[
                ("sel", e.0.clone()),
                ("hint", config::rule_hint(lang, &e.0)),
            ],
        )
    })?;

    Ok(Settings {
        config_path: path,
        policy,
        policy_source,
        select,
        ignore,
        selection,
        per_file_ignores: config.per_file_ignores.clone(),
        severities: config.severities.clone(),
        fail_on: args.fail_on.or(config.fail_on).unwrap_or(Severity::Error),
        max_warnings: args.max_warnings.or(config.max_warnings),
        exit_zero: args.exit_zero,
        docs_base_url: config.docs_base_url.clone(),
        online: super::online::options(&args.online, config.online, config.online_timeout)?,
    })
}

/// The settings as text, for `--show-settings`.
pub fn show(s: &Settings) -> String {
    let mut out = String::new();
    let list = |v: &[String]| {
        if v.is_empty() {
            "(none)".to_string()
        } else {
            v.join(", ")
        }
    };
    let _ = writeln!(
        out,
        "config file: {}",
        s.config_path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "(none)".into())
    );
    let _ = writeln!(out, "policy: {}", s.policy_source);
    let p = &s.policy;
    if let Some(h) = &p.hosts.incoming {
        let _ = writeln!(out, "  incoming host: {h}");
    }
    if let Some(h) = &p.hosts.outgoing {
        let _ = writeln!(out, "  outgoing host: {h}");
    }
    if let Some(m) = &p.message_size {
        let _ = writeln!(out, "  message size limit: {} bytes", m.limit_bytes);
    }
    if let Some(w) = &p.pop_before_smtp {
        let _ = writeln!(
            out,
            "  POP before SMTP window: {} minutes",
            w.window_minutes
        );
    }
    let ports = |v: &Option<Vec<u16>>| {
        v.as_ref()
            .map(|v| v.iter().map(u16::to_string).collect::<Vec<_>>().join(", "))
    };
    if let Some(v) = ports(&p.allowed_ports.incoming) {
        let _ = writeln!(out, "  allowed incoming ports: {v}");
    }
    if let Some(v) = ports(&p.allowed_ports.outgoing) {
        let _ = writeln!(out, "  allowed outgoing ports: {v}");
    }
    let auths = |v: Option<Vec<crate::model::AuthMethod>>| {
        v.map(|v| v.into_iter().map(auth_name).collect::<Vec<_>>().join(", "))
    };
    let role = crate::model::ServerRole::Incoming;
    if let Some(v) = auths(p.allowed_auth.for_role(role)) {
        let _ = writeln!(out, "  allowed incoming authentication: {v}");
    }
    let role = crate::model::ServerRole::Outgoing;
    if let Some(v) = auths(p.allowed_auth.for_role(role)) {
        let _ = writeln!(out, "  allowed outgoing authentication: {v}");
    }
    let select = if s.select.is_empty() {
        "ALL".to_string()
    } else {
        s.select.join(", ")
    };
    let _ = writeln!(out, "select: {select}");
    let _ = writeln!(out, "ignore: {}", list(&s.ignore));
    let _ = writeln!(out, "per-file-ignores:");
    if s.per_file_ignores.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for (glob, rules) in s.per_file_ignores.describe() {
        let _ = writeln!(out, "  {glob}: {}", rules.join(", "));
    }
    let _ = writeln!(out, "severity overrides:");
    if s.severities.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for (code, sev) in &s.severities {
        let _ = writeln!(out, "  {code}: {}", sev.label());
    }
    let _ = writeln!(out, "fail-on: {}", s.fail_on.label());
    let _ = writeln!(
        out,
        "max-warnings: {}",
        s.max_warnings
            .map(|n| n.to_string())
            .unwrap_or_else(|| "(no limit)".into())
    );
    let _ = writeln!(out, "exit-zero: {}", s.exit_zero);
    let _ = match &s.online {
        Some(o) => writeln!(out, "online: yes (timeout {} s)", o.timeout.as_secs_f64()),
        None => writeln!(out, "online: no"),
    };
    let _ = writeln!(
        out,
        "docs-base-url: {}",
        s.docs_base_url
            .as_deref()
            .unwrap_or("(none: SARIF has no helpUri)")
    );
    out
}
