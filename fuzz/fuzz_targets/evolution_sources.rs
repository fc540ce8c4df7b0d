//! Evolution `*.source` files: the input is split at NUL bytes into three
//! files that may link to each other by UID (`a`, `b`, `c`); the reader and
//! every rule must never panic and every span must stay inside its file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::testing::assert_invariants;
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |b| *b == 0);
    let files = ["s/a.source", "s/b.source", "s/c.source"]
        .iter()
        .zip(0u32..)
        .map(|(name, i)| SourceFile::from_bytes(SourceId(i), *name, parts.next().unwrap_or(b"")))
        .collect();
    assert_invariants(&maillint::formats::evolution::READER, files);
});
