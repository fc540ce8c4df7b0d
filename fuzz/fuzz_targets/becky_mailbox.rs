//! Becky! `Mailbox.ini`: arbitrary bytes through decoding (BOM, UTF-8, else
//! Shift_JIS), the reader and every rule must never panic, every span must
//! stay inside the text, and masking secrets must keep the text's length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::catalogue::Catalogue;
use maillint::formats::becky;
use maillint::policy::Policy;
use maillint::rules::{Context, Selection, check_document};
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    let mut file = SourceFile::from_bytes(SourceId(0), "box.mb/Mailbox.ini", data);
    let doc = becky::read(&[&file]);
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
    let len = file.text.len();
    file.redact(&doc.secrets);
    assert_eq!(file.text.len(), len);
});
