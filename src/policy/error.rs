//! Why a policy cannot be used, kept typed and said in the language of the
//! run once it is known (`rules/ui.toml`, `[policy]`).

use super::{Policy, TomlProblem, did_you_mean, list};
use crate::i18n::Lang;
use crate::tables::Ui;

#[derive(Debug)]
pub enum PolicyError {
    /// A shipped policy does not parse (a build that should not pass its tests).
    Embedded { name: String, detail: String },
    /// The policy file is there but cannot be read.
    Unreadable {
        path: String,
        reason: std::io::Error,
    },
    /// The policy file is not a valid policy: where and what.
    Invalid {
        path: String,
        problem: Box<TomlProblem>,
    },
    /// A path (it has a folder or ends in `.toml`) that is not a file.
    Missing { path: String, exists: bool },
    /// No shipped policy has this name. `in_config`: written in
    /// `.maillint.toml`, where a file is relative to its folder.
    Unknown { spec: String, in_config: bool },
}

impl PolicyError {
    /// The error in `lang`, one line.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            PolicyError::Embedded { name, detail } => {
                Ui::PolicyEmbedded.fill(lang, &[("name", name.clone()), ("detail", detail.clone())])
            }
            PolicyError::Unreadable { path, reason } => Ui::PolicyCannotRead.fill(
                lang,
                &[
                    ("path", path.clone()),
                    ("reason", crate::inputs::io_reason(reason)),
                ],
            ),
            PolicyError::Invalid { path, problem } => Ui::PolicyInvalid.fill(
                lang,
                &[
                    ("at", format!("{path}:{}:{}", problem.line, problem.column)),
                    ("detail", problem.message(lang)),
                ],
            ),
            PolicyError::Missing { path, exists } => {
                let why = if *exists {
                    Ui::PolicyNotAFile
                } else {
                    Ui::PolicyNoSuchFile
                };
                Ui::PolicyCannotRead.fill(
                    lang,
                    &[
                        ("path", path.clone()),
                        ("reason", why.get(lang).to_string()),
                    ],
                )
            }
            PolicyError::Unknown { spec, in_config } => {
                let key = if *in_config {
                    Ui::PolicyUnknownInConfig
                } else {
                    Ui::PolicyUnknown
                };
                let names: Vec<&str> = Policy::names().collect();
                key.fill(
                    lang,
                    &[
                        ("spec", spec.clone()),
                        ("hint", did_you_mean(lang, spec, names.iter().copied())),
                        ("names", list(lang, &names)),
                    ],
                )
            }
        }
    }
}

/// In the language of the process's errors (`--lang`, else the locale).
impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::messages_lang()))
    }
}

impl std::error::Error for PolicyError {}
