//! Any bytes read as prf: no panic, and every problem's span inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::formats::{self, ReaderKind};
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::from_bytes(SourceId(0), "fuzz.prf", data);
    let len = if file.is_binary { file.bytes.len() } else { file.text.len() };
    let doc = formats::read(ReaderKind::Prf, &[&file]);
    for p in &doc.problems {
        assert!(p.span.start <= p.span.end && p.span.end <= len);
    }
});
