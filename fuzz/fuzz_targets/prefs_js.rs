//! prefs.js: arbitrary bytes through decoding, the parser, account assembly
//! and every rule must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::catalogue::Catalogue;
use maillint::policy::Policy;
use maillint::rules::{Context, Selection, check_document};
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::from_bytes(SourceId(0), "prefs.js", data);
    let doc = maillint::formats::thunderbird::read_profile(&[&file]);
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
        assert!(d.span.end <= file.text.len());
    }
});
