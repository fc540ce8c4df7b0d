//! What a fix is, and which fixes of a run are applied together.

use crate::diagnostics::Diagnostic;
use crate::source::{Located, SourceId, Span};

/// Whether `--fix` applies a fix by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps what the user meant (a full-width twin, a stray space, SPA off):
    /// applied by `--fix`.
    Safe,
    /// Changes what the client does in a way the user should confirm (another
    /// port, server or security): applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn label(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the decoded text at `span` with `text` (already in the file's
/// syntax: escaped, quoted or encoded as the reader said).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

impl Edit {
    /// The edit that writes `new` in place of `value`, when the reader said
    /// how to write that value (a client default: where to add it). Values a
    /// reader cannot write have none.
    pub fn set<T: PartialEq>(value: &Located<T>, new: &T) -> Option<Edit> {
        if &value.value == new {
            return None;
        }
        let (span, text) = value.write(new)?;
        Some(Edit { span, text })
    }
}

/// A finding's fix: its edits, all applied or none.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// The files this fix edits.
    pub fn sources(&self) -> impl Iterator<Item = SourceId> + '_ {
        self.edits.iter().map(|e| e.span.source)
    }

    fn overlaps(&self, other: &Edit) -> bool {
        self.edits.iter().any(|e| {
            e.span.source == other.span.source
                && e.span.start < other.span.end.max(other.span.start + 1)
                && other.span.start < e.span.end.max(e.span.start + 1)
        })
    }
}

/// The fixes of one run, split into those applied and those left.
#[derive(Debug, Default)]
pub struct FixPlan<'a> {
    /// Diagnostics whose fix is applied, in report order.
    pub applied: Vec<&'a Diagnostic>,
    /// Diagnostics with a fix that overlaps one applied before it.
    pub overlapping: Vec<&'a Diagnostic>,
    /// Diagnostics with an unsafe fix, not applied without `--unsafe-fixes`.
    pub unsafe_skipped: Vec<&'a Diagnostic>,
}

impl FixPlan<'_> {
    /// Every edit to make in `source`, in text order.
    pub fn edits_for(&self, source: SourceId) -> Vec<&Edit> {
        let mut out: Vec<&Edit> = self
            .applied
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .flat_map(|f| f.edits.iter())
            .filter(|e| e.span.source == source)
            .collect();
        out.sort_by_key(|e| (e.span.start, e.span.end));
        // One value fixed by two findings (a shared server) is one edit.
        out.dedup();
        out
    }

    /// The files the applied fixes edit, in id order.
    pub fn sources(&self) -> Vec<SourceId> {
        let mut out: Vec<SourceId> = self
            .applied
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .flat_map(|f| f.sources())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// Choose the fixes to apply: in report order, each fix whose edits touch no
/// edit already chosen (two fixes of one range: the first wins, the other is
/// left for the next run, when the first has changed the value).
pub fn plan(diagnostics: &[Diagnostic], unsafe_fixes: bool) -> FixPlan<'_> {
    let mut out = FixPlan::default();
    let mut chosen: Vec<&Fix> = Vec::new();
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        if fix.edits.is_empty() {
            continue;
        }
        if fix.applicability == Applicability::Unsafe && !unsafe_fixes {
            out.unsafe_skipped.push(d);
            continue;
        }
        // The same edit from two findings (one value, two rules) is one edit.
        if chosen
            .iter()
            .any(|c| c.edits.len() == fix.edits.len() && c.edits.iter().eq(fix.edits.iter()))
        {
            out.applied.push(d);
            continue;
        }
        if chosen
            .iter()
            .any(|c| fix.edits.iter().any(|e| c.overlaps(e)))
        {
            out.overlapping.push(d);
            continue;
        }
        chosen.push(fix);
        out.applied.push(d);
    }
    out
}

#[cfg(test)]
mod tests;
