//! Claws Mail / Sylpheed `accountrc`: any bytes, read as either program's
//! file, give in-bounds spans and never a panic; masking secrets keeps the length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::formats::accountrc;
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    for path in ["/h/.claws-mail/accountrc", "/h/.sylpheed-2.0/accountrc"] {
        let mut f = SourceFile::from_bytes(SourceId(0), path, data);
        let doc = accountrc::read(&[&f]);
        for p in &doc.problems {
            assert!(p.span.end <= f.text.len());
        }
        for a in &doc.accounts {
            for s in a.servers() {
                assert!(s.port.span.end <= f.text.len());
            }
        }
        let len = f.text.len();
        f.redact(&doc.secrets);
        assert_eq!(f.text.len(), len);
    }
});
