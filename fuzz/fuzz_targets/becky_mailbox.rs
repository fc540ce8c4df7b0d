//! Becky! `Mailbox.ini`: any bytes (decoded as the program decodes them)
//! give a document whose spans stay inside the file, and never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::formats::becky;
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    let mut f = SourceFile::from_bytes(SourceId(0), "box.mb/Mailbox.ini", data);
    let doc = becky::read(&[&f]);
    for p in &doc.problems {
        assert!(p.span.end <= f.text.len());
    }
    for a in &doc.accounts {
        assert!(a.anchor.end <= f.text.len());
    }
    let len = f.text.len();
    f.redact(&doc.secrets);
    assert_eq!(f.text.len(), len);
});
