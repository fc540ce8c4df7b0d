//! ML001 parse-error: what readers could not read; ML003 unreadable-file:
//! files read for nothing; ML004 encoding-guessed: files read in an encoding
//! guessed from few clues.

use super::{Emitter, Finding};
use crate::catalogue::{EncodingGuessed, ParseError, ParseKind, UnreadableFile, unreadable_file};
use crate::diagnostics::Severity;
use crate::model::{Document, FileProblemKind};

/// Problems the client shrugs off (it ignores the line), so a warning.
const WARNING_KINDS: &[ParseKind] = &[ParseKind::PrfIgnoredLines];

pub fn check(doc: &Document, em: &mut Emitter) {
    for p in &doc.file_problems {
        use unreadable_file::{Help, Message};
        if let FileProblemKind::WeakEncodingGuess { encoding } = &p.kind {
            em.emit(Finding::new(EncodingGuessed, p.span).arg("encoding", *encoding));
            continue;
        }
        let f = Finding::new(UnreadableFile, p.span);
        em.emit(match &p.kind {
            FileProblemKind::Unreadable(reason) => f
                .variant(Message::Default)
                .help(Help::Default)
                .arg("reason", reason.as_str()),
            FileProblemKind::TooLarge { size, max } => f
                .variant(Message::TooLarge)
                .help(Help::TooLarge)
                .arg("size", *size)
                .arg("max", *max),
            FileProblemKind::Binary => f.variant(Message::Binary).help(Help::Binary),
            FileProblemKind::NoSettings { size } => f
                .variant(Message::NoSettings)
                .help(Help::NoSettings)
                .arg("size", *size),
            FileProblemKind::WeakEncodingGuess { .. } => continue,
        });
    }
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
