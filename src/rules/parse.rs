//! ML001 parse-error: what readers could not read.

use super::{Emitter, Finding};
use crate::diagnostics::Severity;
use crate::model::Document;

/// Problems the client shrugs off (it ignores the line), so a warning.
const WARNING_KINDS: &[&str] = &["prf-ignored-lines"];

pub fn check(doc: &Document, em: &mut Emitter) {
    for p in &doc.problems {
        let mut f = Finding::new("ML001", p.span)
            .variant(p.kind)
            .arg("detail", p.detail.clone().unwrap_or_default());
        for (span, key) in &p.related {
            f = f.label(*span, key, Vec::new());
        }
        if WARNING_KINDS.contains(&p.kind) {
            f = f.severity(Severity::Warning);
        }
        em.emit(f);
    }
}
