//! Mozilla autoconfig: arbitrary bytes through decoding, the reader and every rule
//! (also the run-level checks) must never panic, and every span stays in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::testing::assert_invariants;
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    assert_invariants(&maillint::formats::autoconfig::READER, vec![SourceFile::from_bytes(SourceId(0), "config-v1.1.xml", data)]);
});
