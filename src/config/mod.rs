//! `.maillint.toml`: found from the current folder upward, or named with
//! `--config`. It sets the policy (by name, by file, or inline), the rule
//! selection, per-file ignores, severities and when to fail. Every error is
//! one line that points into the file: `path:line:col: message`.

mod error;
mod file;
mod per_file;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;

pub use error::{ConfigError, ConfigProblem, rule_hint};
pub use per_file::{GlobError, PerFileIgnores};

use crate::catalogue::Catalogue;
use crate::diagnostics::Severity;
use crate::policy::Policy;
use crate::rules::selector_matches;
use crate::source::LineIndex;
use file::ConfigFile;

/// The file name looked for.
pub const FILE_NAME: &str = ".maillint.toml";

/// A configuration file, read and checked.
#[derive(Debug, Default)]
pub struct Config {
    pub path: PathBuf,
    /// A shipped policy name, or the path of a policy file (resolved against
    /// the configuration file's folder).
    pub policy: Option<String>,
    /// `path:line:col` of the `policy` value and the value as written, for
    /// errors in loading it.
    pub policy_at: Option<(String, String)>,
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub per_file_ignores: PerFileIgnores,
    /// Rule code → severity (selectors expanded).
    pub severities: BTreeMap<String, Severity>,
    pub fail_on: Option<Severity>,
    pub max_warnings: Option<usize>,
    pub docs_base_url: Option<String>,
    /// `online = true`: ask the servers as `--online` does.
    pub online: Option<bool>,
    pub online_timeout: Option<f64>,
    inline: ConfigFile,
}

/// The nearest `.maillint.toml` in `start` or one of its parents.
pub fn find_upward(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

impl Config {
    /// Read and check a configuration file.
    pub fn load(path: &Path, catalogue: &Catalogue) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|reason| ConfigError::Unreadable {
            path: path.to_path_buf(),
            reason,
        })?;
        Config::parse(path, &text, catalogue)
    }

    pub fn parse(path: &Path, text: &str, catalogue: &Catalogue) -> Result<Config, ConfigError> {
        let at = |offset: usize, problem: ConfigProblem| -> ConfigError {
            let p = LineIndex::new(text).position(text, offset);
            ConfigError::At {
                at: format!("{}:{}:{}", path.display(), p.line, p.column),
                problem: Box::new(problem),
            }
        };
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let problem = crate::policy::TomlProblem::from_error(&e, text);
            at(problem.offset, ConfigProblem::Toml(problem))
        })?;
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let selectors = |v: &[Spanned<String>]| -> Result<Vec<String>, ConfigError> {
            v.iter()
                .map(|s| {
                    let sel = s.get_ref().trim();
                    if catalogue
                        .rules
                        .iter()
                        .any(|r| selector_matches(sel, r.code, r.name))
                    {
                        Ok(sel.to_string())
                    } else {
                        Err(at(
                            s.span().start,
                            ConfigProblem::UnknownRule {
                                sel: sel.to_string(),
                            },
                        ))
                    }
                })
                .collect()
        };
        let select = file.select.as_deref().map(selectors).transpose()?;
        let extend_select = selectors(&file.extend_select)?;
        let ignore = selectors(&file.ignore)?;
        let mut pairs = Vec::new();
        for (glob, rules) in &file.per_file_ignores {
            let pair = (glob.get_ref().clone(), selectors(rules)?);
            // Compiled alone first, so that a bad glob is reported at its key.
            PerFileIgnores::new(&dir, vec![pair.clone()])
                .map_err(|e| at(glob.span().start, ConfigProblem::BadGlob(e)))?;
            pairs.push(pair);
        }
        let per_file_ignores =
            PerFileIgnores::new(&dir, pairs).map_err(|e| at(0, ConfigProblem::BadGlob(e)))?;
        let mut severities = BTreeMap::new();
        for (key, sev) in &file.severity {
            let sel = key.get_ref();
            let matching: Vec<&str> = catalogue
                .rules
                .iter()
                .filter(|r| selector_matches(sel.trim(), r.code, r.name))
                .map(|r| r.code)
                .collect();
            if matching.is_empty() {
                return Err(at(
                    key.span().start,
                    ConfigProblem::UnknownRule {
                        sel: sel.trim().to_string(),
                    },
                ));
            }
            let severity = parse_severity(sev.get_ref()).ok_or_else(|| {
                at(
                    sev.span().start,
                    ConfigProblem::NotSeverity {
                        value: sev.get_ref().clone(),
                    },
                )
            })?;
            for code in matching {
                severities.insert(code.to_string(), severity);
            }
        }
        let policy = file.policy.as_ref().map(|p| {
            let spec = p.get_ref().trim();
            if Policy::names().any(|n| n.eq_ignore_ascii_case(spec)) {
                spec.to_string()
            } else {
                dir.join(spec).display().to_string()
            }
        });
        let policy_at = file.policy.as_ref().map(|p| {
            let pos = LineIndex::new(text).position(text, p.span().start);
            let at = format!("{}:{}:{}", path.display(), pos.line, pos.column);
            (at, p.get_ref().clone())
        });
        let docs_base_url = match &file.docs_base_url {
            Some(u) if !is_absolute_url(u.get_ref()) => {
                return Err(at(
                    u.span().start,
                    ConfigProblem::NotAbsoluteUrl {
                        value: u.get_ref().clone(),
                    },
                ));
            }
            Some(u) => Some(u.get_ref().clone()),
            None => None,
        };
        Ok(Config {
            path: path.to_path_buf(),
            policy,
            policy_at,
            select,
            extend_select,
            ignore,
            per_file_ignores,
            severities,
            fail_on: file.fail_on,
            max_warnings: file.max_warnings,
            docs_base_url,
            online: file.online,
            online_timeout: file.online_timeout,
            inline: file,
        })
    }

    /// Whether the file writes policy tables of its own.
    pub fn has_inline_policy(&self) -> bool {
        let f = &self.inline;
        f.hosts.is_some()
            || f.message_size.is_some()
            || f.pop_before_smtp.is_some()
            || f.allowed_ports.is_some()
            || f.allowed_auth.is_some()
            || f.tls.is_some()
            || f.tls_ports.is_some()
            || f.faq.is_some()
    }

    /// Lay the file's inline policy tables over `policy`: each table given
    /// replaces the policy's table of the same name.
    pub fn apply_inline_policy(&self, policy: &mut Policy) {
        let f = &self.inline;
        if let Some(h) = &f.hosts {
            policy.hosts = h.clone();
        }
        if let Some(m) = &f.message_size {
            policy.message_size = Some(m.clone());
        }
        if let Some(p) = &f.pop_before_smtp {
            policy.pop_before_smtp = Some(p.clone());
        }
        if let Some(p) = &f.allowed_ports {
            policy.allowed_ports = p.clone();
        }
        if let Some(a) = &f.allowed_auth {
            policy.allowed_auth = a.clone();
        }
        if let Some(t) = f.tls {
            policy.tls = t;
        }
        if let Some(p) = &f.tls_ports {
            policy.tls_ports = p.clone();
        }
        if let Some(faq) = &f.faq {
            for (code, pages) in faq {
                policy.faq.insert(code.clone(), pages.clone());
            }
        }
    }
}

fn parse_severity(s: &str) -> Option<Severity> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .find(|v| v.label().eq_ignore_ascii_case(s.trim()))
}

fn is_absolute_url(u: &str) -> bool {
    match u.split_once("://") {
        Some((scheme, rest)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !rest.is_empty()
                && !u.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests;
