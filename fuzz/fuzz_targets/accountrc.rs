//! Claws Mail / Sylpheed `accountrc`: arbitrary bytes, read as either
//! program's file (the folder decides), through the reader and every rule
//! must never panic and every span must stay inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::catalogue::Catalogue;
use maillint::formats::accountrc;
use maillint::policy::Policy;
use maillint::rules::{Context, Selection, check_document};
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
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
    for path in ["/h/.claws-mail/accountrc", "/h/.sylpheed-2.0/accountrc"] {
        let mut file = SourceFile::from_bytes(SourceId(0), path, data);
        let doc = accountrc::read(&[&file]);
        for d in check_document(&doc, &ctx) {
            assert!(d.span.end <= file.text.len());
        }
        let len = file.text.len();
        file.redact(&doc.secrets);
        assert_eq!(file.text.len(), len);
    }
});
