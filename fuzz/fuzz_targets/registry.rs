//! registry: arbitrary bytes imported as a registry (`MemoryRegistry`), its
//! account keys exported as the live reader exports them, read, and checked:
//! no panic, every span inside its text, every place on the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::formats::ReaderKind;
use maillint::registry::{MemoryRegistry, export_accounts};
use maillint::source::{SourceFile, SourceId, decode};
use maillint::testing::assert_invariants;

fuzz_target!(|data: &[u8]| {
    let mut reg = MemoryRegistry::new();
    reg.import(&decode(data).text);
    for e in export_accounts(&reg) {
        for p in &e.places {
            assert!(e.text.get(p.range.clone()).is_some(), "place off the text");
        }
        let file = SourceFile::registry(SourceId(0), e.key, e.text, e.places);
        assert_invariants(ReaderKind::RegExport, vec![file]);
    }
});
