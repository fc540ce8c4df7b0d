//! The rule catalogue: the data in `rules/catalogue/*.toml`, embedded in the
//! binary. Codes never change; names are stable aliases.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::diagnostics::Severity;
use crate::i18n::{Lang, Text};

/// The catalogue files, one per rule family. A test checks that every file in
/// `rules/catalogue/` is listed here.
pub const FILES: &[(&str, &str)] = &[
    (
        "parse.toml",
        include_str!("../../rules/catalogue/parse.toml"),
    ),
    (
        "address.toml",
        include_str!("../../rules/catalogue/address.toml"),
    ),
    ("host.toml", include_str!("../../rules/catalogue/host.toml")),
    ("auth.toml", include_str!("../../rules/catalogue/auth.toml")),
    ("port.toml", include_str!("../../rules/catalogue/port.toml")),
    (
        "policy.toml",
        include_str!("../../rules/catalogue/policy.toml"),
    ),
    ("meta.toml", include_str!("../../rules/catalogue/meta.toml")),
    (
        "storage.toml",
        include_str!("../../rules/catalogue/storage.toml"),
    ),
    (
        "smtp_auth.toml",
        include_str!("../../rules/catalogue/smtp_auth.toml"),
    ),
    (
        "delivery.toml",
        include_str!("../../rules/catalogue/delivery.toml"),
    ),
    (
        "pop_before_smtp.toml",
        include_str!("../../rules/catalogue/pop_before_smtp.toml"),
    ),
    (
        "security.toml",
        include_str!("../../rules/catalogue/security.toml"),
    ),
    (
        "template.toml",
        include_str!("../../rules/catalogue/template.toml"),
    ),
    (
        "online.toml",
        include_str!("../../rules/catalogue/online.toml"),
    ),
];

const FIELDS: &str = include_str!("../../rules/fields.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FamilyFile {
    family: String,
    rules: Vec<RuleInfo>,
}

/// One rule as the catalogue describes it.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RuleInfo {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    #[serde(default)]
    pub family: String,
    pub summary: Text,
    pub explanation: Text,
    /// Message templates by variant; `default` is required.
    pub message: BTreeMap<String, Text>,
    /// Help templates by variant (falls back to `default`).
    #[serde(default)]
    pub help: BTreeMap<String, Text>,
    /// Texts for secondary labels by key.
    #[serde(default)]
    pub labels: BTreeMap<String, Text>,
    /// Background references (RFCs, vendor pages); FAQ pages come from policies.
    #[serde(default)]
    pub references: Vec<String>,
}

impl RuleInfo {
    pub fn message(&self, variant: &str, lang: Lang) -> &str {
        self.message
            .get(variant)
            .or_else(|| self.message.get("default"))
            .map(|t| t.get(lang))
            .unwrap_or("")
    }

    pub fn help(&self, variant: &str, lang: Lang) -> Option<&str> {
        self.help
            .get(variant)
            .or_else(|| self.help.get("default"))
            .map(|t| t.get(lang))
    }

    pub fn label(&self, key: &str, lang: Lang) -> Option<&str> {
        self.labels.get(key).map(|t| t.get(lang))
    }

    /// The rule's own documentation page in this repository.
    pub fn doc_path(&self) -> String {
        format!("docs/rules/{}.md", self.code)
    }
}

#[derive(Debug)]
pub struct Catalogue {
    pub rules: Vec<RuleInfo>,
    fields: BTreeMap<String, Text>,
}

impl Catalogue {
    /// The embedded catalogue. It is checked by the test suite, so a failure
    /// to parse it here is a build defect, reported without a panic.
    pub fn embedded() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| match Catalogue::parse_embedded() {
            Ok(c) => c,
            Err(e) => {
                eprintln!("maillint: internal error: the embedded rule catalogue is invalid: {e}");
                Catalogue {
                    rules: Vec::new(),
                    fields: BTreeMap::new(),
                }
            }
        })
    }

    pub fn parse_embedded() -> Result<Catalogue, String> {
        let mut rules = Vec::new();
        for (file, text) in FILES {
            let mut family: FamilyFile =
                toml::from_str(text).map_err(|e| format!("rules/catalogue/{file}: {e}"))?;
            for r in &mut family.rules {
                r.family = family.family.clone();
            }
            rules.extend(family.rules);
        }
        rules.sort_by(|a, b| a.code.cmp(&b.code));
        let fields: BTreeMap<String, Text> =
            toml::from_str(FIELDS).map_err(|e| format!("rules/fields.toml: {e}"))?;
        Ok(Catalogue { rules, fields })
    }

    /// A rule by code (`ML301`) or name (`spa-enabled`), case-insensitive.
    pub fn find(&self, key: &str) -> Option<&RuleInfo> {
        let key = key.trim();
        self.rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
    }

    /// The localised name of a field (`address`, `incoming_host`, ...).
    pub fn field(&self, key: &str, lang: Lang) -> String {
        self.fields
            .get(key)
            .map(|t| t.get(lang).to_string())
            .unwrap_or_else(|| key.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalogue_is_valid_and_complete() {
        let c = Catalogue::parse_embedded().expect("catalogue parses");
        assert!(c.rules.len() >= 10);
        for r in &c.rules {
            assert!(r.code.starts_with("ML") && r.code.len() == 5, "{}", r.code);
            assert!(
                r.message.contains_key("default"),
                "{} has no default message",
                r.code
            );
            for t in [&r.summary, &r.explanation] {
                assert!(
                    !t.en.trim().is_empty() && !t.ja.trim().is_empty(),
                    "{} text missing",
                    r.code
                );
            }
            for (k, t) in r.message.iter().chain(r.help.iter()).chain(r.labels.iter()) {
                assert!(
                    !t.en.trim().is_empty() && !t.ja.trim().is_empty(),
                    "{} {k}",
                    r.code
                );
            }
        }
        let mut codes: Vec<_> = c.rules.iter().map(|r| &r.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), c.rules.len(), "duplicate codes");
    }

    #[test]
    fn every_catalogue_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/catalogue");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("rules/catalogue exists")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = FILES.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }
}
