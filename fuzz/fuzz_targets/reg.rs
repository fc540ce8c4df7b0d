//! reg: arbitrary bytes through the reader and every rule must never panic,
//! and every span must lie inside the file. The same bytes imported as a
//! registry (`MemoryRegistry`) and exported as the live reader exports its
//! account keys go through the reader too, with every place on its text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::registry::{MemoryRegistry, export_accounts};
use maillint::source::{SourceFile, SourceId, decode};
use maillint::testing::assert_invariants;

fuzz_target!(|data: &[u8]| {
    let reader = &maillint::formats::outlook_express::reg::READER;
    assert_invariants(reader, vec![SourceFile::from_bytes(SourceId(0), "fuzz.reg", data)]);
    let mut reg = MemoryRegistry::new();
    reg.import(&decode(data).text);
    for e in export_accounts(&reg) {
        for p in &e.places {
            assert!(e.text.get(p.range.clone()).is_some(), "place off the text");
        }
        let file = SourceFile::registry(SourceId(0), e.key, e.text, e.places);
        assert_invariants(reader, vec![file]);
    }
});
