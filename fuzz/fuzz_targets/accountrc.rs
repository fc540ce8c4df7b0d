//! Claws Mail / Sylpheed `accountrc`: arbitrary bytes, read as either
//! program's file (the folder decides), through the reader and every rule
//! must never panic and every span must stay inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::testing::assert_invariants;
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    assert_invariants(&maillint::formats::accountrc::READER, vec![SourceFile::from_bytes(SourceId(0), ".claws-mail/accountrc", data)]);
});
