//! A finding, ready to render: localised text, severity, and spans.

use serde::{Deserialize, Serialize};

use crate::source::Span;

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary place shown with a diagnostic.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The primary span; for a client default, the account's definition.
    pub span: Span,
    /// Text for the primary label.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// FAQ pages: the policy's for this rule, else the rule's own page.
    pub faq: Vec<String>,
    /// The account the finding is about, for summaries.
    pub account: Option<String>,
    /// The rule's fix for this finding, when it has one here.
    pub fix: Option<crate::fix::Fix>,
    /// Information about the account as a whole (what a size limit means),
    /// not about a value: human output prints it compactly, with its place
    /// on one line and no snippet.
    pub account_level: bool,
}

impl Diagnostic {
    /// Sort key: file, position, then code.
    pub fn sort_key(&self) -> (u32, usize, usize, &'static str) {
        (
            self.span.source.0,
            self.span.start,
            self.span.end,
            self.code,
        )
    }
}
