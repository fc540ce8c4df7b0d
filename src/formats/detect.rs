//! Deciding a file's reader by content without running every sniffer in
//! full (issue 15).
//!
//! The table's order decides: the first reader whose sniff passes reads the
//! file. Most files met are templates (XML), tested last, so each was read
//! once by each of the eight sniffers before its own: `pref(`, a `[` for
//! each of five INI-shaped formats, `<MessageAccount`, a `.reg` header
//! (0.6 M instructions for the 130 ISPDB files). [`Clues`] proves a
//! sniffer false from facts found once and shared (the text has no `(`,
//! no `[`, no `<MessageAccount`; it starts with `<`), and only a sniffer
//! it cannot prove false is run. The answer is the table's answer: a clue
//! only ever skips a sniffer that would have said no (the tests compare
//! with every sniffer run, on every corpus and fixture file and on edge
//! texts).
//!
//! The facts come from one search of the text for `(`, `[` and `M`
//! together ([`Found`]): about 1,250 instructions for a 1.6 KB template,
//! against 3,600 for the eight sniffers.

use super::{Reader, accountrc, becky, evolution, oeaccount, outlook_express, prf, thunderbird};

/// The start that makes a file `prefs.js` whatever follows
/// (`thunderbird::looks_like_prefs`; the tests hold the two together).
const PREFS_HEADER: &[u8] = b"// Mozilla User Preferences";

/// Facts about a text that rule sniffers out, each found when first asked.
pub(super) struct Clues<'t> {
    bytes: &'t [u8],
    found: Option<Found>,
}

impl<'t> Clues<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Clues {
            bytes: text.as_bytes(),
            found: None,
        }
    }

    /// Whether `reader`'s sniff is sure to fail on the text.
    pub(super) fn rules_out(&mut self, reader: &Reader) -> bool {
        let is = |r: &Reader| std::ptr::eq(reader, r);
        if is(&thunderbird::READER) {
            // `looks_like_prefs`: its header, or `pref(` somewhere.
            !self.bytes.starts_with(PREFS_HEADER) && !self.paren()
        } else if is(&thunderbird::profiles::READER)
            || is(&accountrc::READER)
            || is(&evolution::READER)
            || is(&becky::READER)
            || is(&prf::READER)
        {
            // Each asks `has_section_bracket` first.
            !self.bracket()
        } else if is(&outlook_express::reg::READER) {
            !may_start_reg_header(self.bytes)
        } else if is(&oeaccount::READER) {
            !self.message_account()
        } else {
            false
        }
    }

    /// Asked first (`prefs.js` is the table's first reader): the search
    /// stops at a `(` (a `prefs.js` has one near its start, and its own
    /// sniff decides), and goes on only when another fact is asked.
    fn paren(&mut self) -> bool {
        let bytes = self.bytes;
        self.found
            .get_or_insert_with(|| Found::of(bytes, true))
            .paren
    }

    fn bracket(&mut self) -> bool {
        self.found().bracket
    }

    fn message_account(&mut self) -> bool {
        self.found().message_account
    }

    /// The three facts, found in one pass when first asked.
    fn found(&mut self) -> Found {
        match self.found {
            Some(f) if f.complete => f,
            _ => *self.found.insert(Found::of(self.bytes, false)),
        }
    }
}

/// Whether a text holds a `(`, a `[`, and `<MessageAccount`.
#[derive(Clone, Copy, Default)]
struct Found {
    paren: bool,
    bracket: bool,
    message_account: bool,
    /// All three are known (else the search stopped at the first `(`).
    complete: bool,
}

impl Found {
    /// One search for `(`, `[` and `M` (a capital is rare in XML; `<` is
    /// everywhere: each `M` is checked in place for `<MessageAccount`). A
    /// byte found is searched no more (its place in the search taken by
    /// one still looked for), so that a file of many `(` or `[` costs no
    /// more than one of none. (Three searches of one byte each, or an
    /// iterator over `[` and `M` after one for `(`, cost more: 0.19 M
    /// against 0.16 M on the ISPDB.)
    /// `stop_at_paren`: stop at the first `(`.
    fn of(bytes: &[u8], stop_at_paren: bool) -> Found {
        let mut f = Found {
            complete: true,
            ..Found::default()
        };
        let mut wanted = [b'(', b'[', b'M'];
        let mut at = 0;
        while let Some(i) = bytes
            .get(at..)
            .and_then(|rest| memchr::memchr3(wanted[0], wanted[1], wanted[2], rest))
            .map(|i| at + i)
        {
            at = i + 1;
            let done = match bytes.get(i) {
                Some(b'(') => {
                    f.paren = true;
                    if stop_at_paren {
                        f.complete = false;
                        break;
                    }
                    b'('
                }
                Some(b'[') => {
                    f.bracket = true;
                    b'['
                }
                Some(b'M')
                    if i > 0
                        && bytes.get(i - 1) == Some(&b'<')
                        && bytes
                            .get(i..)
                            .is_some_and(|rest| rest.starts_with(b"MessageAccount")) =>
                {
                    f.message_account = true;
                    b'M'
                }
                _ => continue,
            };
            let Some(&keep) = wanted.iter().find(|&&w| w != done) else {
                break;
            };
            for w in &mut wanted {
                if *w == done {
                    *w = keep;
                }
            }
        }
        f
    }
}

/// Whether the first line of `bytes` may be a `.reg` header, as
/// `looks_like_reg` reads it (byte-order marks, then white space, then
/// `Windows Registry Editor...` or `REGEDIT4` in any case): `false` only
/// when the first byte after the BOMs and ASCII white space is ASCII and
/// starts neither (a non-ASCII byte may be more white space).
fn may_start_reg_header(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while let Some(r) = rest.strip_prefix("\u{feff}".as_bytes()) {
        rest = r;
    }
    let first = rest
        .iter()
        .find(|&&c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0B' | b'\x0C'));
    match first {
        Some(&c) if c.is_ascii() => matches!(c, b'W' | b'w' | b'R' | b'r'),
        // Only white space, or a character that may be more of it.
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{READERS, detect, lower_name};
    use std::path::Path;

    /// The definition: every sniffer in the table's order, then the name.
    fn detect_by_every_sniffer(path: &Path, text: &str) -> Option<&'static super::Reader> {
        if let Some(r) = READERS.iter().copied().find(|r| r.sniffs_text(text)) {
            return Some(r);
        }
        let name = lower_name(path);
        READERS.iter().copied().find(|r| r.knows_name(&name))
    }

    fn same(path: &Path, text: &str) {
        let fast = detect(path, text).map(|r| r.format);
        let slow = detect_by_every_sniffer(path, text).map(|r| r.format);
        assert_eq!(fast, slow, "{path:?} {:?}", text.get(..80));
    }

    #[test]
    fn same_reader_as_every_sniffer_on_corpus_and_fixtures() {
        let files = crate::test_files::corpus_and_fixtures();
        assert!(files.len() > 100, "corpus and fixtures found");
        for path in files {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let text = crate::source::decode::decode_borrowed(&bytes);
            same(&path, &text);
            // Its head, and its start cut at a few places.
            for cut in [0, 1, 2, 16, 100, 1000] {
                let end = crate::source::floor_char_boundary(&text, cut);
                same(&path, &text[..end]);
            }
        }
    }

    #[test]
    fn same_reader_as_every_sniffer_on_edge_texts() {
        let parts = [
            "",
            " ",
            "\n",
            "\u{feff}",
            "\u{a0}",
            "\x0B",
            "\x0C",
            "<",
            "<?xml version=\"1.0\"?>",
            "<MessageAccount>",
            "<Message",
            "MessageAccount",
            "<M",
            "[",
            "(",
            "pref(",
            "user_pref(\"a\", 1);",
            "\npref(",
            "// Mozilla User Preferences",
            "[Account: 1]",
            "\n[Account: 1]",
            "[Data Source]",
            "\n[Data Source]",
            "[Account]\nMailServer=a",
            "[Profile0]\nPath=x",
            "[General]\nProfileName=a\nOverwriteProfile=Yes",
            "[Internet Account List]",
            "Windows Registry Editor Version 5.00",
            "REGEDIT4",
            "regedit4\r\n",
            "wINDOWS rEGISTRY eDITOR vERSION 5.00",
            "<clientConfig version=\"1.1\">",
            "<emailProvider",
            "<Autodiscover",
            "<plist><key>PayloadType</key>",
            "x",
            "日本",
        ];
        let names = [
            "a.xml",
            "prefs.js",
            "mail.reg",
            "accountrc",
            "x.txt",
            "profiles.ini",
        ];
        for a in parts {
            for b in parts {
                for c in ["", " ", "\n", "<", "["] {
                    let text = format!("{a}{c}{b}");
                    for name in names {
                        same(Path::new(name), &text);
                    }
                }
            }
        }
    }

    /// `worth_sniffing_name` as its definition: the lossy lower-case name
    /// ends with `.txt` or a walk ending of the table.
    #[test]
    fn worth_sniffing_name_as_defined() {
        let parts = [
            "",
            ".",
            "a",
            "x.XML",
            ".xml",
            "xml",
            ".Js",
            "accountRC",
            "ACCOUNTRC",
            ".txt",
            ".TxT",
            "日本",
            "prefs",
            ".mobileconfig",
            ".plist",
            ".ini",
            ".source",
            ".reg",
            "ccountrc",
            "l",
        ];
        for a in parts {
            for b in parts {
                let name = format!("{a}{b}");
                let lower = name.to_ascii_lowercase();
                let want = lower.ends_with(".txt")
                    || READERS
                        .iter()
                        .any(|r| r.walk.iter().any(|e| lower.ends_with(e)));
                let got = super::super::worth_sniffing_name(std::ffi::OsStr::new(&name));
                assert_eq!(got, want, "{name:?}");
            }
        }
    }

    #[test]
    fn found_as_defined() {
        let parts = [
            "",
            "(",
            "[",
            "M",
            "<M",
            "<MessageAccount",
            "MessageAccount",
            "<",
            "x",
            "日",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    let text = format!("{a}{b}{c}");
                    let f = super::Found::of(text.as_bytes(), false);
                    let first = super::Found::of(text.as_bytes(), true);
                    assert_eq!(first.paren, text.contains('('), "{text:?}");
                    assert_eq!(first.complete, !text.contains('('), "{text:?}");
                    assert!(f.complete);
                    assert_eq!(f.paren, text.contains('('), "{text:?}");
                    assert_eq!(f.bracket, text.contains('['), "{text:?}");
                    assert_eq!(
                        f.message_account,
                        text.contains("<MessageAccount"),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn reg_header_clue() {
        use super::may_start_reg_header as may;
        assert!(may(b"REGEDIT4"));
        assert!(may(b"\xEF\xBB\xBF\xEF\xBB\xBF \n windows"));
        assert!(may(b"\xC2\xA0REGEDIT4"));
        assert!(may(b""));
        assert!(may(b" \t\r\n\x0B\x0C"));
        assert!(!may(b"<?xml"));
        assert!(!may(b"  [Account]"));
    }
}
