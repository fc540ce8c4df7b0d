//! Becky! `Mailbox.ini`: arbitrary bytes through decoding (BOM, UTF-8, else
//! Shift_JIS), the reader and every rule must never panic, every span must
//! stay inside the text, and masking secrets must keep the text's length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::testing::assert_invariants;
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    assert_invariants(&maillint::formats::becky::READER, vec![SourceFile::from_bytes(SourceId(0), "box.mb/Mailbox.ini", data)]);
});
