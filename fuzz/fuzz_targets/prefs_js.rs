//! prefs.js: arbitrary bytes through decoding, the parser, account assembly
//! and every rule must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::testing::assert_invariants;
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    assert_invariants(&maillint::formats::thunderbird::READER, vec![SourceFile::from_bytes(SourceId(0), "prefs.js", data)]);
});
