//! Evolution `*.source` files: the input is split into three files that
//! link to each other by UID; any bytes give in-bounds spans, no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::formats::evolution;
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |b| *b == 0);
    let names = ["s/a.source", "s/b.source", "s/c.source"];
    let files: Vec<SourceFile> = names
        .iter()
        .enumerate()
        .map(|(i, n)| SourceFile::from_bytes(SourceId(i as u32), *n, parts.next().unwrap_or(b"")))
        .collect();
    let refs: Vec<&SourceFile> = files.iter().collect();
    let doc = evolution::read(&refs);
    for p in &doc.problems {
        let f = &files[p.span.source.0 as usize];
        assert!(p.span.end <= f.text.len());
    }
});
