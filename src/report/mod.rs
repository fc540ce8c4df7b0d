//! Renderers: they know diagnostics and source files, never file formats.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod location;
pub mod online;
pub mod sarif;

use crate::diagnostics::{Diagnostic, Severity};

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic], files: usize) -> Summary {
        let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            files,
        }
    }
}
