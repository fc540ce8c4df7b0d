//! What a server says to `--online`: arbitrary bytes as greeting and
//! capability lines, read by the SMTP, POP3 and IMAP readers, must never
//! panic, and a transcript line must never carry a control character.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::online::dialog::{greeting_protocol, imap_caps, pop3_caps, smtp_caps};
use maillint::escape::controls as escape;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines: Vec<&str> = text.lines().collect();
    let _ = smtp_caps(lines.iter().copied());
    let _ = pop3_caps(lines.iter().copied());
    for l in &lines {
        let _ = greeting_protocol(l);
        let _ = imap_caps(l);
        assert!(!escape(l).chars().any(|c| c.is_control() && c != '\t'));
    }
});
