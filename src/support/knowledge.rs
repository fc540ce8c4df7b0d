//! The knowledge base of error codes and bounce texts: the data in
//! `rules/knowledge/*.toml`, embedded in the binary, and how a query (an
//! Outlook Express number, an SMTP reply, a line of a bounce) finds entries
//! (`knowledge/lookup.rs`), and how an entry reads (`knowledge/render.rs`).
//!
//! Matching works on a folded form of the text (full-width → ASCII, lower
//! case, runs of spaces collapsed), so what a customer copies from a
//! Japanese screen matches what the data says.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::i18n::Text;

mod lookup;
mod render;

#[cfg(test)]
use self::lookup::wildcard_match;
pub use self::lookup::{Match, normalize};
pub use self::render::{policy_pages, render_entry};

/// The knowledge files. A test checks that every file in `rules/knowledge/`
/// is listed here.
pub const FILES: &[(&str, &str)] = &[
    (
        "outlook-express.toml",
        include_str!("../../rules/knowledge/outlook-express.toml"),
    ),
    ("smtp.toml", include_str!("../../rules/knowledge/smtp.toml")),
    (
        "not-delivered.toml",
        include_str!("../../rules/knowledge/not-delivered.toml"),
    ),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnowledgeFile {
    entries: Vec<Entry>,
}

/// One error code or bounce text and what it means.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The name shown and accepted as a query (`0x800CCC18`, `user-unknown`).
    pub id: String,
    /// Codes matched as whole tokens; `x` in place of a digit matches any digit.
    #[serde(default)]
    pub codes: Vec<String>,
    /// Substrings matched in the folded query.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// The meaning is not settled (shown as such).
    #[serde(default)]
    pub uncertain: bool,
    pub title: Text,
    pub meaning: Text,
    #[serde(default)]
    pub causes: Vec<Text>,
    #[serde(default)]
    pub checks: Vec<Text>,
    /// Catalogue codes of rules that detect a cause.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Keys of a policy's `[topics]` table.
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub references: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Knowledge {
    pub entries: Vec<Entry>,
}

impl Knowledge {
    /// The embedded knowledge base. It is checked by the test suite, so a
    /// failure here is a build defect, reported without a panic.
    pub fn embedded() -> &'static Knowledge {
        static KB: OnceLock<Knowledge> = OnceLock::new();
        KB.get_or_init(|| match Knowledge::parse_embedded() {
            Ok(k) => k,
            Err(e) => {
                eprintln!("maillint: internal error: the embedded knowledge base is invalid: {e}");
                Knowledge::default()
            }
        })
    }

    pub fn parse_embedded() -> Result<Knowledge, String> {
        let mut entries = Vec::new();
        for (file, text) in FILES {
            let f: KnowledgeFile =
                toml::from_str(text).map_err(|e| format!("rules/knowledge/{file}: {e}"))?;
            entries.extend(f.entries);
        }
        Ok(Knowledge { entries })
    }
}

#[cfg(test)]
mod tests;
