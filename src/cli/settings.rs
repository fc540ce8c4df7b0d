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
use crate::i18n::Lang;
use crate::model::ServerRole;
use crate::policy::{Policy, PolicyError, auth_name};
use crate::rules::Selection;
use crate::tables::Ui;

pub struct Settings {
    /// The configuration file read, if any.
    pub config_path: Option<PathBuf>,
    pub policy: Policy,
    /// Where the policy came from, for `--show-settings`.
    pub policy_source: PolicySource,
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

/// Where the policy of a run came from.
pub struct PolicySource {
    pub from: PolicyFrom,
    /// The configuration file whose inline tables change it.
    pub inline: Option<PathBuf>,
}

pub enum PolicyFrom {
    Flag,
    File(PathBuf),
    Default,
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
        (Some(p), _) => (p.clone(), PolicyFrom::Flag),
        (None, Some(p)) => (p.clone(), PolicyFrom::File(config.path.clone())),
        (None, None) => ("generic".to_string(), PolicyFrom::Default),
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
    let mut policy_source = PolicySource { from, inline: None };
    if config.has_inline_policy() {
        config.apply_inline_policy(&mut policy);
        policy_source.inline = Some(config.path.clone());
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

/// The settings as text, for `--show-settings`, in `lang`.
pub fn show(s: &Settings, lang: Lang) -> String {
    let mut out = String::new();
    let none = || Ui::SettingsNone.get(lang).to_string();
    let list = |v: &[String]| if v.is_empty() { none() } else { v.join(", ") };
    let path = |p: &std::path::Path| p.display().to_string();
    let config = s.config_path.as_deref().map(path).unwrap_or_else(none);
    put(&mut out, lang, Ui::SettingsConfigFile, &[("path", config)]);
    let from = match &s.policy_source.from {
        PolicyFrom::Flag => Ui::SettingsFromFlag.get(lang).to_string(),
        PolicyFrom::File(p) => Ui::SettingsFromFile.fill(lang, &[("path", path(p))]),
        PolicyFrom::Default => Ui::SettingsFromDefault.get(lang).to_string(),
    };
    let inline = s
        .policy_source
        .inline
        .as_deref()
        .map(|p| Ui::SettingsInline.fill(lang, &[("path", path(p))]))
        .unwrap_or_default();
    let p = &s.policy;
    let args = [("name", p.name.clone()), ("from", from), ("inline", inline)];
    put(&mut out, lang, Ui::SettingsPolicy, &args);
    show_policy(&mut out, p, lang);
    let select = if s.select.is_empty() {
        Ui::SettingsAll.get(lang).to_string()
    } else {
        s.select.join(", ")
    };
    put(&mut out, lang, Ui::SettingsSelect, &[("value", select)]);
    put(
        &mut out,
        lang,
        Ui::SettingsIgnore,
        &[("value", list(&s.ignore))],
    );
    put(&mut out, lang, Ui::SettingsPerFileIgnores, &[]);
    if s.per_file_ignores.is_empty() {
        let _ = writeln!(out, "  {}", none());
    }
    for (glob, rules) in s.per_file_ignores.describe() {
        let _ = writeln!(out, "  {glob}: {}", rules.join(", "));
    }
    put(&mut out, lang, Ui::SettingsSeverity, &[]);
    if s.severities.is_empty() {
        let _ = writeln!(out, "  {}", none());
    }
    for (code, sev) in &s.severities {
        let _ = writeln!(out, "  {code}: {}", severity_word(*sev, lang));
    }
    let fail_on = severity_word(s.fail_on, lang);
    put(&mut out, lang, Ui::SettingsFailOn, &[("value", fail_on)]);
    let max = s
        .max_warnings
        .map(|n| n.to_string())
        .unwrap_or_else(|| Ui::SettingsNoLimit.get(lang).to_string());
    put(&mut out, lang, Ui::SettingsMaxWarnings, &[("value", max)]);
    let yes_no = if s.exit_zero {
        Ui::SettingsYes
    } else {
        Ui::SettingsNo
    };
    let yes_no = yes_no.get(lang).to_string();
    put(&mut out, lang, Ui::SettingsExitZero, &[("value", yes_no)]);
    match &s.online {
        Some(o) => {
            let secs = o.timeout.as_secs_f64().to_string();
            put(&mut out, lang, Ui::SettingsOnlineYes, &[("seconds", secs)]);
        }
        None => put(&mut out, lang, Ui::SettingsOnlineNo, &[]),
    }
    let url = s
        .docs_base_url
        .clone()
        .unwrap_or_else(|| Ui::SettingsNoDocsBaseUrl.get(lang).to_string());
    put(&mut out, lang, Ui::SettingsDocsBaseUrl, &[("value", url)]);
    out
}

/// The policy's expectations, indented under its name.
fn show_policy(out: &mut String, p: &Policy, lang: Lang) {
    if let Some(h) = &p.hosts.incoming {
        put(out, lang, Ui::SettingsIncomingHost, &[("value", h.clone())]);
    }
    if let Some(h) = &p.hosts.outgoing {
        put(out, lang, Ui::SettingsOutgoingHost, &[("value", h.clone())]);
    }
    if let Some(m) = &p.message_size {
        let bytes = m.limit_bytes.to_string();
        put(out, lang, Ui::SettingsSizeLimit, &[("bytes", bytes)]);
    }
    if let Some(w) = &p.pop_before_smtp {
        let minutes = w.window_minutes.to_string();
        put(
            out,
            lang,
            Ui::SettingsPopBeforeSmtp,
            &[("minutes", minutes)],
        );
    }
    let ports = |v: &Option<Vec<u16>>| {
        v.as_ref()
            .map(|v| v.iter().map(u16::to_string).collect::<Vec<_>>().join(", "))
    };
    if let Some(v) = ports(&p.allowed_ports.incoming) {
        put(out, lang, Ui::SettingsIncomingPorts, &[("value", v)]);
    }
    if let Some(v) = ports(&p.allowed_ports.outgoing) {
        put(out, lang, Ui::SettingsOutgoingPorts, &[("value", v)]);
    }
    let auths = |v: Option<Vec<crate::model::AuthMethod>>| {
        v.map(|v| v.into_iter().map(auth_name).collect::<Vec<_>>().join(", "))
    };
    if let Some(v) = auths(p.allowed_auth.for_role(ServerRole::Incoming)) {
        put(out, lang, Ui::SettingsIncomingAuth, &[("value", v)]);
    }
    if let Some(v) = auths(p.allowed_auth.for_role(ServerRole::Outgoing)) {
        put(out, lang, Ui::SettingsOutgoingAuth, &[("value", v)]);
    }
}

/// One line of `--show-settings`.
fn put(out: &mut String, lang: Lang, key: Ui, args: &[(&str, String)]) {
    out.push_str(&key.fill(lang, args));
    out.push('\n');
}

/// A severity as `--fail-on` and the file write it (`error`), or in
/// Japanese the word of the output (エラー).
fn severity_word(sev: Severity, lang: Lang) -> String {
    match lang {
        Lang::En => sev.label().to_string(),
        Lang::Ja => match sev {
            Severity::Error => Ui::NounErrorOne,
            Severity::Warning => Ui::NounWarningOne,
            Severity::Info => Ui::NounInfoOne,
        }
        .get(lang)
        .to_string(),
    }
}
