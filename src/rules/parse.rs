//! ML001 parse-error: what readers could not read.

use super::{Emitter, Finding};
use crate::catalogue::{ParseError, ParseKind};
use crate::diagnostics::Severity;
use crate::model::Document;

/// Problems the client shrugs off (it ignores the line), so a warning.
const WARNING_KINDS: &[ParseKind] = &[ParseKind::PrfIgnoredLines];

pub fn check(doc: &Document, em: &mut Emitter) {
    for p in &doc.problems {
        let mut f = Finding::new(ParseError, p.span)
            .variant(p.kind)
            .arg("detail", p.detail.clone().unwrap_or_default());
        for (span, key) in &p.related {
            f = f.label(*span, *key, Vec::new());
        }
        if WARNING_KINDS.contains(&p.kind) {
            f = f.severity(Severity::Warning);
        }
        em.emit(f);
    }
}
