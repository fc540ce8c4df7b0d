//! prf: arbitrary bytes through the reader and every rule must never panic,
//! and every span must lie inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::testing::assert_invariants;
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    assert_invariants(&maillint::formats::prf::READER, vec![SourceFile::from_bytes(SourceId(0), "outlook.prf", data)]);
});
