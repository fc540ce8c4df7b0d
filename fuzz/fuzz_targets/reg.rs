//! reg: arbitrary bytes through the reader and every rule must never panic,
//! and every span must lie inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::catalogue::Catalogue;
use maillint::formats::{self, ReaderKind};
use maillint::policy::Policy;
use maillint::rules::{Context, Selection, check_document};
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::from_bytes(SourceId(0), "fuzz.reg", data);
    let len = if file.is_binary {
        file.bytes.len()
    } else {
        file.text.len()
    };
    let doc = formats::read(ReaderKind::RegExport, &[&file]);
    for p in &doc.problems {
        assert!(p.span.start <= p.span.end && p.span.end <= len);
    }
    let policy = Policy::load("koara").unwrap_or_default();
    let selection = Selection::default();
    let severities = Default::default();
    let ctx = Context {
        catalogue: Catalogue::embedded(),
        policy: &policy,
        lang: maillint::i18n::Lang::Ja,
        selection: &selection,
        severities: &severities,
    };
    for d in check_document(&doc, &ctx) {
        assert!(d.span.end <= len);
    }
});
