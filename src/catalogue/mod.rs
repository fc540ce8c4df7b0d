//! The rule catalogue: `rules/catalogue/*.toml`, compiled by `build.rs` into
//! typed Rust (`build/codegen.rs`). Each rule is a variant of [`Rule`], a
//! unit struct implementing [`RuleSpec`] (`FullwidthCharacter`), and a module
//! of its keys (`fullwidth_character::{Message, Help, Label}`), so a misspelt
//! code, variant or label is a compile error. Nothing is parsed at run time.
//! Codes never change; names are stable aliases.

use crate::diagnostics::Severity;
pub use crate::fix::Applicability;
use crate::i18n::StaticText;
pub use crate::i18n::{Piece, Pieces};

/// One keyed text of a rule: a message variant, a help variant or a label.
#[derive(Debug)]
pub struct Entry {
    pub key: &'static str,
    pub text: StaticText,
    /// The `{placeholders}` either language names: the rule must fill them.
    pub placeholders: &'static [&'static str],
    /// Both texts split at build time into literal text and `{placeholders}`,
    /// so filling one parses nothing (see [`crate::i18n::fill_pieces`]).
    pub pieces: Pieces,
}

/// One rule as the catalogue describes it.
#[derive(Debug)]
pub struct RuleInfo {
    pub rule: Rule,
    pub code: &'static str,
    /// `maillint explain <code>`, the command that prints the rule's page
    /// (made at build time: every finding without a docs URL points at it).
    pub explain: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub family: &'static str,
    pub summary: StaticText,
    pub explanation: StaticText,
    /// Message templates by variant, sorted by key; `default` is one of them.
    pub messages: &'static [Entry],
    /// Help templates by variant, sorted by key.
    pub help: &'static [Entry],
    /// Texts for secondary labels, sorted by key.
    pub labels: &'static [Entry],
    /// The help shown with each message variant (same name, else `default`).
    pub message_help: &'static [Option<usize>],
    /// Background references (RFCs, vendor pages); FAQ pages come from policies.
    pub references: &'static [&'static str],
    /// Whether the rule has a fix, and whether `--fix` applies it by itself
    /// (`fix = "safe"`) or only with `--unsafe-fixes` (`fix = "unsafe"`).
    pub fix: Option<Applicability>,
}

impl RuleInfo {
    /// The rule's own documentation page in this repository.
    pub fn doc_path(&self) -> String {
        format!("docs/rules/{}.md", self.code)
    }

    /// Where a user reads more about the rule: its page under `docs-base-url`
    /// when the project publishes one, else the command that prints it (a
    /// path into maillint's repository names a file the user does not have).
    pub fn pointer(&self, docs_base_url: Option<&str>) -> String {
        match docs_base_url {
            Some(base) => format!("{}/{}", base.trim_end_matches('/'), self.doc_path()),
            None => self.explain.to_string(),
        }
    }
}

/// A rule's type: its [`Rule`] and its key enums.
pub trait RuleSpec: Copy {
    const RULE: Rule;
    type Message: MessageKey;
    type Help: HelpKey;
    type Label: LabelKey;
    /// The `default` message variant.
    const DEFAULT: Self::Message;
}

/// A rule whose catalogue entry declares a fix: only these may attach one
/// ([`crate::rules::Finding::fix`]), so a fix the registry does not know
/// does not compile.
pub trait Fixable: RuleSpec {}

/// A key of one rule's texts.
pub trait Key: Copy + std::fmt::Debug + 'static {
    const RULE: Rule;
    /// Position in the rule's `messages`, `help` or `labels`.
    fn index(self) -> usize;
    /// The key as written in the catalogue.
    fn key(self) -> &'static str;
}

/// A message variant.
pub trait MessageKey: Key {}
/// A help variant.
pub trait HelpKey: Key {}
/// A label key.
pub trait LabelKey: Key {}

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

impl Rule {
    pub fn code(self) -> &'static str {
        self.info().code
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// A rule by code (`ML301`) or name (`spa-enabled`), case-insensitive.
    pub fn find(key: &str) -> Option<Rule> {
        let key = key.trim();
        RULES
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
            .map(|r| r.rule)
    }
}

/// The kind of problem a reader met: ML001's message variants.
pub type ParseKind = parse_error::Message;
/// A secondary place of a parse problem: ML001's labels.
pub type ParseLabel = parse_error::Label;

/// The catalogue as a whole.
#[derive(Debug)]
pub struct Catalogue {
    /// Every rule, in code order.
    pub rules: &'static [RuleInfo],
}

static CATALOGUE: Catalogue = Catalogue { rules: &RULES };

impl Catalogue {
    /// The embedded catalogue (compiled in; there is nothing to load).
    pub fn embedded() -> &'static Catalogue {
        &CATALOGUE
    }

    /// A rule by code (`ML301`) or name (`spa-enabled`), case-insensitive.
    pub fn find(&self, key: &str) -> Option<&'static RuleInfo> {
        Rule::find(key).map(Rule::info)
    }
}

#[cfg(test)]
mod tests;
