//! Why a configuration file cannot be used, kept typed and said in the
//! language of the run (`rules/ui.toml`, `[config]` and `[toml]`). The
//! language is known before the file is read: `--lang`, else the locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`); the file itself has no language key.

use std::path::PathBuf;

use super::GlobError;
use crate::catalogue::Catalogue;
use crate::i18n::Lang;
use crate::policy::{TomlProblem, did_you_mean};
use crate::tables::Ui;

#[derive(Debug)]
pub enum ConfigError {
    /// The file is there but cannot be read.
    Unreadable {
        path: PathBuf,
        reason: std::io::Error,
    },
    /// A problem at `path:line:column`.
    At {
        at: String,
        problem: Box<ConfigProblem>,
    },
}

#[derive(Debug)]
pub enum ConfigProblem {
    /// Not valid TOML, or a key or value the file may not have.
    Toml(TomlProblem),
    /// A rule selector that names no rule.
    UnknownRule { sel: String },
    /// A severity that is none of `error`, `warning`, `info`.
    NotSeverity { value: String },
    /// A `per-file-ignores` pattern that does not compile.
    BadGlob(GlobError),
    /// `docs-base-url` that is not an absolute URL.
    NotAbsoluteUrl { value: String },
}

impl ConfigError {
    /// The error in `lang`, one line: `path:line:column: what is wrong`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ConfigError::Unreadable { path, reason } => Ui::IoCannotReadConfig.fill(
                lang,
                &[
                    ("path", path.display().to_string()),
                    ("reason", crate::inputs::io_reason(reason)),
                ],
            ),
            ConfigError::At { at, problem } => format!("{at}: {}", problem.message(lang)),
        }
    }
}

impl ConfigProblem {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ConfigProblem::Toml(p) => p.message(lang),
            ConfigProblem::UnknownRule { sel } => Ui::ConfigUnknownRule.fill(
                lang,
                &[("sel", sel.clone()), ("hint", rule_hint(lang, sel))],
            ),
            ConfigProblem::NotSeverity { value } => {
                Ui::ConfigNotSeverity.fill(lang, &[("value", value.clone())])
            }
            ConfigProblem::BadGlob(e) => Ui::ConfigBadGlob.fill(
                lang,
                &[("glob", e.glob.clone()), ("reason", e.reason.clone())],
            ),
            ConfigProblem::NotAbsoluteUrl { value } => {
                Ui::ConfigNotAbsoluteUrl.fill(lang, &[("value", value.clone())])
            }
        }
    }
}

/// In the language of the process's errors (`--lang`, else the locale).
impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::messages_lang()))
    }
}

impl std::error::Error for ConfigError {}

/// ` (did you mean 'ML301'?)` for a rule selector that names no rule, in
/// `lang`: the nearest code for a code, the nearest name for a name.
pub fn rule_hint(lang: Lang, selector: &str) -> String {
    let code_like = selector
        .get(..2)
        .is_some_and(|p| p.eq_ignore_ascii_case("ML"));
    let catalogue = Catalogue::embedded();
    let candidates = catalogue
        .rules
        .iter()
        .map(|r| if code_like { r.code } else { r.name });
    did_you_mean(lang, selector, candidates)
}
