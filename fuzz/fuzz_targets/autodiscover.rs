//! Autodiscover POX: arbitrary bytes through decoding, the reader and every rule
//! (also the run-level checks) must never panic, and every span stays in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::catalogue::Catalogue;
use maillint::formats::{self, ReaderKind};
use maillint::policy::Policy;
use maillint::rules::{Context, Selection, check_document, check_run};
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::from_bytes(SourceId(0), "autodiscover.xml", data);
    let doc = formats::read(ReaderKind::Autodiscover, &[&file]);
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
    let mut diagnostics = check_document(&doc, &ctx);
    diagnostics.extend(check_run(std::slice::from_ref(&doc), &ctx));
    for d in diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= file.text.len());
    }
});
