//! The words of the report (`rules/report.toml`) and of `diagnose`
//! (`rules/diagnose.toml`), in the report's language: English, Japanese, or
//! both (`--lang both`: "Summary / 概要"). Both tables are compiled by
//! `build.rs` (`crate::tables`): nothing is parsed at run time.

use serde::Serialize;

use crate::i18n::{Lang, StaticText, fill};
use crate::tables::{DiagnoseWord, ReportWord};

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

/// A key of one of the support tools' tables: a generated key (checked by
/// the compiler), or, for `diagnose` until it names its keys by type, the
/// key as written in the table (looked up in the `Words`' own table).
pub trait WordKey {
    fn text_in(self, table: Table) -> Option<&'static StaticText>;
    /// What is shown when a key is not in the table.
    fn name(&self) -> &str;
}

impl WordKey for ReportWord {
    fn text_in(self, _: Table) -> Option<&'static StaticText> {
        Some(self.text())
    }
    fn name(&self) -> &str {
        self.key()
    }
}

impl WordKey for DiagnoseWord {
    fn text_in(self, _: Table) -> Option<&'static StaticText> {
        Some(self.text())
    }
    fn name(&self) -> &str {
        self.key()
    }
}

impl WordKey for &str {
    fn text_in(self, table: Table) -> Option<&'static StaticText> {
        table.lookup(self)
    }
    fn name(&self) -> &str {
        self
    }
}

/// Which table a `Words` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Report,
    Diagnose,
}

impl Table {
    fn lookup(self, key: &str) -> Option<&'static StaticText> {
        match self {
            Table::Report => ReportWord::from_key(key).map(ReportWord::text),
            Table::Diagnose => DiagnoseWord::from_key(key).map(DiagnoseWord::text),
        }
    }
}

/// The report's words in its language.
#[derive(Clone, Copy, Debug)]
pub struct Words {
    pub lang: ReportLang,
    table: Table,
}

impl Words {
    /// The words of `maillint report`.
    pub fn new(lang: ReportLang) -> Words {
        Words {
            lang,
            table: Table::Report,
        }
    }

    /// The words of `maillint diagnose`.
    pub fn diagnose(lang: ReportLang) -> Words {
        Words {
            lang,
            table: Table::Diagnose,
        }
    }

    fn join(&self, t: Option<&StaticText>, fallback: &str) -> String {
        let Some(t) = t else {
            return fallback.to_string();
        };
        let parts: Vec<&str> = self.lang.langs().iter().map(|l| t.get(*l)).collect();
        let mut parts = parts;
        parts.dedup();
        parts.join(" / ")
    }

    /// A word or heading (both languages joined with `both`).
    pub fn get(&self, key: impl WordKey) -> String {
        let name = key.name().to_string();
        self.join(key.text_in(self.table), &name)
    }

    /// A word with `{placeholders}` filled.
    pub fn fill(&self, key: impl WordKey, args: &[(&str, String)]) -> String {
        fill(&self.get(key), args)
    }

    /// The name of a model value (`security.start-tls`), by its serde name
    /// (the table's `[values]`); `fallback` (the model's English label) for
    /// a value not in the table.
    pub fn value<T: Serialize>(&self, kind: &str, v: &T, fallback: &str) -> String {
        let name = serde_json::to_value(v)
            .ok()
            .and_then(|j| j.as_str().map(str::to_string))
            .unwrap_or_default();
        self.join(
            self.table.lookup(&format!("values.{kind}.{name}")),
            fallback,
        )
    }
}

#[cfg(test)]
mod tests;
