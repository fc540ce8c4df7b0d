//! The words of the report (`rules/report.toml`), in the report's language:
//! English, Japanese, or both (`--lang both`: "Summary / 概要").

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Text, fill};

const REPORT_WORDS: &str = include_str!("../../rules/report.toml");
const DIAGNOSE_WORDS: &str = include_str!("../../rules/diagnose.toml");

/// The language of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportLang {
    En,
    Ja,
    /// Headings in both languages, findings in both.
    Both,
}

impl ReportLang {
    pub fn from_lang(l: Lang) -> ReportLang {
        match l {
            Lang::En => ReportLang::En,
            Lang::Ja => ReportLang::Ja,
        }
    }

    /// The language of the run's messages; `both` adds Japanese to English.
    pub fn primary(self) -> Lang {
        match self {
            ReportLang::Ja => Lang::Ja,
            ReportLang::En | ReportLang::Both => Lang::En,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ReportLang::En => "en",
            ReportLang::Ja => "ja",
            ReportLang::Both => "both",
        }
    }

    /// The languages shown, in order.
    pub fn langs(self) -> &'static [Lang] {
        match self {
            ReportLang::En => &[Lang::En],
            ReportLang::Ja => &[Lang::Ja],
            ReportLang::Both => &[Lang::En, Lang::Ja],
        }
    }
}

#[derive(Debug, Deserialize, Default)]
struct WordsFile {
    #[serde(default)]
    values: BTreeMap<String, Text>,
    #[serde(flatten)]
    words: BTreeMap<String, Text>,
}

fn load(cell: &'static OnceLock<WordsFile>, name: &str, text: &str) -> &'static WordsFile {
    cell.get_or_init(|| match parse(text) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("maillint: internal error: rules/{name} is invalid: {e}");
            WordsFile::default()
        }
    })
}

fn parse(text: &str) -> Result<WordsFile, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

/// The report's words in its language.
#[derive(Clone, Copy, Debug)]
pub struct Words {
    pub lang: ReportLang,
    table: &'static WordsFile,
}

impl Words {
    /// The words of `maillint report`.
    pub fn new(lang: ReportLang) -> Words {
        static CELL: OnceLock<WordsFile> = OnceLock::new();
        Words {
            lang,
            table: load(&CELL, "report.toml", REPORT_WORDS),
        }
    }

    /// The words of `maillint diagnose`.
    pub fn diagnose(lang: ReportLang) -> Words {
        static CELL: OnceLock<WordsFile> = OnceLock::new();
        Words {
            lang,
            table: load(&CELL, "diagnose.toml", DIAGNOSE_WORDS),
        }
    }

    fn join(&self, t: Option<&Text>, fallback: &str) -> String {
        let Some(t) = t else {
            return fallback.to_string();
        };
        let parts: Vec<&str> = self.lang.langs().iter().map(|l| t.get(*l)).collect();
        let mut parts = parts;
        parts.dedup();
        parts.join(" / ")
    }

    /// A word or heading (both languages joined with `both`).
    pub fn get(&self, key: &str) -> String {
        self.join(self.table.words.get(key), key)
    }

    /// A word with `{placeholders}` filled.
    pub fn fill(&self, key: &str, args: &[(&str, String)]) -> String {
        fill(&self.get(key), args)
    }

    /// The name of a model value (`security.start-tls`), by its serde name;
    /// `fallback` (the model's English label) for a value not in the table.
    pub fn value<T: Serialize>(&self, kind: &str, v: &T, fallback: &str) -> String {
        let name = serde_json::to_value(v)
            .ok()
            .and_then(|j| j.as_str().map(str::to_string))
            .unwrap_or_default();
        self.join(self.table.values.get(&format!("{kind}.{name}")), fallback)
    }
}

#[cfg(test)]
mod tests;
