//! Keeping secrets out of every output.
//!
//! Readers record only that a password is stored, and list the spans of the
//! secret values they parse (`Document::secrets`). Before anything is
//! rendered, [`protect`] masks in each file's text (byte for byte with `*`,
//! line breaks kept, so spans and lines stay valid):
//!
//! - what the readers listed;
//! - what looks like a secret whatever the format and whether or not it
//!   parsed ([`shape`]): the value after a key that names a secret, on any
//!   line; the password of a URL (`pop://user:pass@host`); a token in a query
//!   (`?access_token=`);
//! - a credential typed into a value the model quotes (a host name
//!   `taro:pass@pop.example.jp`);
//! - every other copy of a secret value found so (a comment beside it).
//!
//! It returns the values, so that [`Scrubber`] can take them out of every
//! rendered text as a last guard (a message quoting a host name with a
//! password in it, a report).

mod scrub;
pub mod shape;

use std::ops::Range;

pub use scrub::{Scrubber, Syntax};

use crate::model::{Document, Format};
use crate::source::{SourceFile, Span};

/// Whether a key, pref, element or value name holds a password, token or
/// other secret (case-insensitive): `password`, `passwd`, `*_pass`, `secret`,
/// `token`, `authcode`, `Password2`, `apikey`, `pw`, `passphrase`,
/// `*_credentials`, `*_hash`, `privatekey` ...
pub fn is_secret_name(name: &str) -> bool {
    is_secret_name_bytes(name.as_bytes())
}

/// [`is_secret_name`] of a name's bytes.
fn is_secret_name_bytes(name: &[u8]) -> bool {
    // Most names hold none of the words: say so in one pass over the bytes,
    // without allocating (a 10 MB prefs.js asks this of every pref name and
    // every dotted suffix of it; issue 15).
    if !may_name_secret(name) {
        return false;
    }
    names_secret_ignoring_case(name)
}

/// [`names_secret`] of the name in lower case, in one pass over its bytes
/// without lower-casing it into a new string: at each byte, the words of
/// `names_secret` that can start there (a `pass` or `authcode` name is met
/// thousands of times in a 10 MB prefs.js; issue 15).
fn names_secret_ignoring_case(n: &[u8]) -> bool {
    let at = |i: usize, word: &[u8]| {
        n.get(i..i + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    };
    let ends = |word: &[u8]| n.len() >= word.len() && at(n.len() - word.len(), word);
    ends(b"pass")
        || ends(b"_pw")
        || ends(b"hash")
        || n.eq_ignore_ascii_case(b"pw")
        || (0..n.len()).any(|i| match n[i].to_ascii_lowercase() {
            b'p' => {
                at(i, b"password")
                    || at(i, b"passwd")
                    || at(i, b"passphrase")
                    || at(i, b"privatekey")
                    || at(i, b"private_key")
            }
            b's' => at(i, b"secret"),
            b't' => at(i, b"token"),
            b'a' => at(i, b"authcode") || at(i, b"apikey") || at(i, b"api_key"),
            b'c' => at(i, b"credential"),
            b'_' => at(i, b"_pass"),
            b' ' => at(i, b" pass"),
            _ => false,
        })
}

/// [`is_secret_name`] of a lower-case name: the definition, which
/// [`names_secret_ignoring_case`] decides without allocating.
#[cfg(test)]
fn names_secret(n: &str) -> bool {
    n.contains("password")
        || n.contains("passwd")
        || n.contains("passphrase")
        || n.contains("secret")
        || n.contains("token")
        || n.contains("authcode")
        || n.contains("apikey")
        || n.contains("api_key")
        || n.contains("credential")
        || n.contains("privatekey")
        || n.contains("private_key")
        || n.ends_with("pass")
        || n.contains("_pass")
        || n.contains(" pass")
        || n == "pw"
        || n.ends_with("_pw")
        || n.ends_with("hash")
}

/// Whether `name` holds, in any case, a word that every test of
/// [`is_secret_name`] needs: `pass` (`password`, `passwd`, `passphrase`,
/// `_pass`), `secret`, `token`, `authcode`, `apikey`, `api_key`,
/// `credential`, `private` (`privatekey`, `private_key`), `pw`, `hash`.
/// False means `is_secret_name` is false.
fn may_name_secret(name: &[u8]) -> bool {
    (0..name.len()).any(|i| secret_word_at(name, i))
}

/// Whether one of the words of [`may_name_secret`] starts at `i` of `name`.
///
/// With eight bytes from `i`, they are read as one number and each word
/// compared at once ([`Word::is`]), not byte by byte (issue 15: the secret
/// scan asks this of every `<authentication>` tag of the ISPDB, about 60
/// instructions each); nearer the end, [`secret_word_at_slowly`].
#[inline]
fn secret_word_at(name: &[u8], i: usize) -> bool {
    let Some(w) = name.get(i..).and_then(|r| r.first_chunk::<8>()) else {
        return secret_word_at_slowly(name, i);
    };
    let w = u64::from_le_bytes(*w);
    const PASS: Word = Word::new(b"pass");
    const PW: Word = Word::new(b"pw");
    const PRIVATE: Word = Word::new(b"private");
    const SECRET: Word = Word::new(b"secret");
    const TOKEN: Word = Word::new(b"token");
    const AUTHCODE: Word = Word::new(b"authcode");
    const APIKEY: Word = Word::new(b"apikey");
    const API_KEY: Word = Word::new(b"api_key");
    const CREDENTI: Word = Word::new(b"credenti");
    const HASH: Word = Word::new(b"hash");
    match w as u8 | 0x20 {
        b'p' => PASS.is(w) || PW.is(w) || PRIVATE.is(w),
        b's' => SECRET.is(w),
        b't' => TOKEN.is(w),
        b'a' => AUTHCODE.is(w) || APIKEY.is(w) || API_KEY.is(w),
        // `credential` is longer than eight bytes: its last two after.
        b'c' => {
            CREDENTI.is(w)
                && name
                    .get(i + 8..i + 10)
                    .is_some_and(|t| t.eq_ignore_ascii_case(b"al"))
        }
        b'h' => HASH.is(w),
        _ => false,
    }
}

/// A word of at most eight bytes (ASCII lower-case letters and `_`), as
/// [`secret_word_at`] compares eight bytes with it.
#[derive(Clone, Copy)]
struct Word {
    /// Its bytes, the first in the low byte.
    bytes: u64,
    /// The case bit (0x20) of each of its letters: set in the bytes
    /// compared, so that `P` and `p` both give `p`; and nothing else.
    case: u64,
    /// The bytes it covers.
    cover: u64,
}

impl Word {
    const fn new(word: &[u8]) -> Word {
        assert!(word.len() <= 8);
        let (mut bytes, mut case, mut cover) = (0u64, 0u64, 0u64);
        let mut k = 0;
        while k < word.len() {
            assert!(word[k].is_ascii_lowercase() || word[k] == b'_');
            bytes |= (word[k] as u64) << (8 * k);
            if word[k].is_ascii_lowercase() {
                case |= 0x20 << (8 * k);
            }
            cover |= 0xff << (8 * k);
            k += 1;
        }
        Word { bytes, case, cover }
    }

    /// Whether the eight bytes `w` (the first in the low byte) begin with
    /// the word in any case: a byte with its case bit set equals a
    /// lower-case letter only when it is that letter in either case, and a
    /// `_` is compared as it is (`eq_ignore_ascii_case`, eight bytes at once).
    #[inline(always)]
    fn is(self, w: u64) -> bool {
        (w | self.case) & self.cover == self.bytes
    }
}

/// [`secret_word_at`] byte by byte: the definition, and what it does near
/// the end of `name`.
fn secret_word_at_slowly(name: &[u8], i: usize) -> bool {
    let at = |i: usize, word: &[u8]| {
        name.get(i..i + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    };
    match name.get(i).map_or(0, u8::to_ascii_lowercase) {
        b'p' => at(i, b"pass") || at(i, b"pw") || at(i, b"private"),
        b's' => at(i, b"secret"),
        b't' => at(i, b"token"),
        b'a' => at(i, b"authcode") || at(i, b"apikey") || at(i, b"api_key"),
        b'c' => at(i, b"credential"),
        b'h' => at(i, b"hash"),
        _ => false,
    }
}

/// Where a document's readers found secret values: the spans they listed in
/// `Document::secrets`, and passwords written into templates. The model never
/// holds them; the source text is blanked there (see [`mask`]) so that no
/// snippet can print them.
pub fn secret_spans(doc: &crate::model::Document) -> Vec<crate::source::Span> {
    let mut spans = doc.secrets.clone();
    spans.extend(
        doc.accounts
            .iter()
            .filter_map(|a| a.template.as_ref())
            .flat_map(|t| t.embedded_passwords.iter().filter_map(|p| p.value)),
    );
    spans
}

/// `text` with the characters of every range replaced by `*`, byte for byte,
/// keeping line breaks (see [`mask`]), in one pass whatever the number of
/// ranges. Ranges out of the text or off character boundaries are narrowed.
pub fn mask_all(text: &str, ranges: &[Range<usize>]) -> String {
    let mut sorted: Vec<Range<usize>> = ranges
        .iter()
        .map(|r| {
            let end = crate::source::floor_char_boundary(text, r.end);
            crate::source::floor_char_boundary(text, r.start).min(end)..end
        })
        .filter(|r| r.start < r.end)
        .collect();
    if sorted.is_empty() {
        return text.to_string();
    }
    sorted.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for r in sorted {
        let start = r.start.max(last);
        if start >= r.end {
            continue;
        }
        out.push_str(&text[last..start]);
        for c in text[start..r.end].chars() {
            if c == '\n' || c == '\r' {
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n('*', c.len_utf8()));
            }
        }
        last = r.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Replace the characters of `start..end` in `text` by `*`, byte for byte,
/// keeping line breaks: offsets, lines and columns stay as they were.
pub fn mask(text: &mut String, start: usize, end: usize) {
    if start >= end
        || end > text.len()
        || !text.is_char_boundary(start)
        || !text.is_char_boundary(end)
    {
        return;
    }
    let masked: String = text[start..end]
        .chars()
        .flat_map(|c| {
            let keep = c == '\n' || c == '\r';
            std::iter::repeat_n(
                if keep { c } else { '*' },
                if keep { 1 } else { c.len_utf8() },
            )
        })
        .collect();
    text.replace_range(start..end, &masked);
}

/// Values shorter than this are not looked for elsewhere (in the text, in
/// outputs): replacing every "no" or "1" would garble both, and such values
/// are flags, not passwords.
const MIN_SECRET_CHARS: usize = 4;

/// Mask every secret of `doc`'s files in their texts (see the module) and
/// return the secret values found, for [`Scrubber`]. A file of no known
/// format keeps no text at all: maillint cannot tell its secrets apart
/// (a `.netrc`, a `muttrc`), so no snippet of it is shown.
pub fn protect(doc: &mut Document, files: &mut [SourceFile]) -> Vec<String> {
    let mut ranges: Vec<Span> = secret_spans(doc);
    let mut values: Vec<String> = Vec::new();
    // Credentials typed into values the model quotes: found in the value
    // (which the output scrubber then knows), masked in the text where the
    // value is written as is.
    each_quoted_value(doc, |value, span, verbatim| {
        for r in shape::host_secret_ranges(value) {
            values.push(value[r.clone()].to_string());
            if verbatim {
                let base = span.start as usize;
                ranges.push(Span::new(span.source, base + r.start, base + r.end));
            }
        }
    });
    for f in files.iter_mut() {
        if f.is_binary {
            continue;
        }
        if doc.format == Format::UNKNOWN {
            f.blank();
            for p in doc.problems.iter_mut().filter(|p| p.span.source == f.id) {
                p.span = Span::new(f.id, 0, 0);
            }
            continue;
        }
        let own: Vec<Range<usize>> = ranges
            .iter()
            .filter(|s| s.source == f.id)
            .map(Span::range)
            .chain(shape::secret_ranges(&f.text))
            .collect();
        for r in &own {
            // Prose after a secret word in a comment is masked, but is no
            // value to look for elsewhere.
            let line_start = f.lines.line_start_of(r.start);
            let head = f.text.get(line_start..r.start).unwrap_or_default();
            if shape::is_comment(head.trim_start_matches([' ', '\t'])) {
                continue;
            }
            if let Some(v) = f.text.get(r.clone()) {
                values.push(value_form(v));
            }
        }
        f.redact(&own);
    }
    values.retain(|v| worth_looking_for(v) && !shape::is_flag(v));
    values.sort();
    values.dedup();
    // Every other copy of a secret (a comment beside it holding it).
    let copies = Scrubber::new(values.iter().cloned());
    for f in files.iter_mut().filter(|f| !f.is_binary) {
        let found = copies.find_in(&f.text);
        f.redact(&found);
    }
    values
}

/// A secret value as it may appear elsewhere: without the quotes and
/// trailing punctuation around it.
fn value_form(v: &str) -> String {
    v.trim()
        .trim_end_matches([';', ')', ',', '\\'])
        .trim_matches(['"', '\'', ' ', '\t'])
        .to_string()
}

fn worth_looking_for(v: &str) -> bool {
    let chars = v.chars().count();
    chars >= MIN_SECRET_CHARS
        && !v.chars().all(|c| c == '*')
        // A short number is a port or a flag far more often than a password.
        && !(chars < 6 && v.chars().all(|c| c.is_ascii_digit()))
}

/// The strings the model holds that messages, labels and reports quote,
/// with their spans and whether they are written as is there, each handed
/// to `f` in the model's order (issue 15: gathering them in a list first
/// cost two growing lists a document, about 600 instructions an ISPDB
/// file).
fn each_quoted_value(doc: &Document, mut f: impl FnMut(&str, Span, bool)) {
    type Value = Option<crate::source::Located<crate::model::Str>>;
    let mut one = |v: &Value| {
        if let Some(l) = v {
            f(l.value.as_str(), l.span, l.verbatim);
        }
    };
    for a in &doc.accounts {
        one(&a.name);
        for i in &a.identities {
            one(&i.address);
            one(&i.display_name);
            one(&i.reply_to);
        }
        for s in a.servers() {
            one(&s.host);
            one(&s.user_name);
        }
    }
}

/// The words [`secret_word_at`] finds, in lower case: what the tests of
/// its fast paths (the eight-bytes compare, the chunk filter) go through.
#[cfg(test)]
pub(crate) const SECRET_WORDS: [&str; 10] = [
    "pass",
    "pw",
    "private",
    "secret",
    "token",
    "authcode",
    "apikey",
    "api_key",
    "credential",
    "hash",
];

#[cfg(test)]
mod tests {
    use super::{is_secret_name, mask};

    #[test]
    fn masking_keeps_offsets_and_lines() {
        let mut t = String::from("<p>Blä4\nx</p>");
        mask(&mut t, 3, 10);
        assert_eq!(t, "<p>*****\n*</p>");
        assert_eq!(t.len(), "<p>Blä4\nx</p>".len());
    }

    #[test]
    fn names_that_hold_secrets() {
        for n in [
            "password",
            "POP3 Password2",
            "smtp_password",
            "proxy_pass",
            "oauth2_client_secret",
            "IncomingPassword",
            "refresh_token",
            "oauth2_authcode",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in ["hostname", "passive", "userName", "try_ssl"] {
            assert!(!is_secret_name(n), "{n}");
        }
    }

    /// Eight bytes compared at once say what the byte-by-byte definition
    /// says: every word, in every case of every letter, cut short, with
    /// every byte before and after it that case or a bit trick could
    /// confuse, at every place near the end of the text.
    #[test]
    fn words_compared_at_once_as_byte_by_byte() {
        let words = super::SECRET_WORDS;
        let around = [
            b'_', b'\x7f', b'@', b'`', b'[', b'{', b'a', b'A', b'z', b'Z', b'0', b'p', b'P', b' ',
            0, 0x80, 0xc3, 0xff, b'-',
        ];
        for w in words {
            let w = w.as_bytes();
            for cut in 1..=w.len() {
                let w = &w[..cut];
                for case in 0..(1u32 << w.len().min(10)) {
                    let cased: Vec<u8> = w
                        .iter()
                        .enumerate()
                        .map(|(k, &b)| {
                            if case & (1 << k) != 0 {
                                b.to_ascii_uppercase()
                            } else {
                                b
                            }
                        })
                        .collect();
                    for &after in &around {
                        for tail in 0..10 {
                            let mut t = cased.clone();
                            t.push(after);
                            t.extend(std::iter::repeat_n(b'x', tail));
                            assert_eq!(
                                super::secret_word_at(&t, 0),
                                super::secret_word_at_slowly(&t, 0),
                                "{:?}",
                                String::from_utf8_lossy(&t)
                            );
                        }
                    }
                }
            }
            // One byte changed to each value, at each place.
            for k in 0..w.len() {
                for b in 0..=255u8 {
                    let mut t = w.to_vec();
                    t[k] = b;
                    t.extend_from_slice(b"xxxxxxxx");
                    assert_eq!(
                        super::secret_word_at(&t, 0),
                        super::secret_word_at_slowly(&t, 0),
                        "{:?}",
                        String::from_utf8_lossy(&t)
                    );
                }
            }
        }
    }

    /// The one-pass pre-test never turns a secret name away: every pair of
    /// pieces of the words, in both cases, decides as the full test.
    #[test]
    fn pre_test_keeps_every_secret_name() {
        let pieces = [
            "",
            "pass",
            "word",
            "passwd",
            "phrase",
            "_",
            " ",
            "secret",
            "token",
            "auth",
            "code",
            "api",
            "key",
            "credential",
            "private",
            "pw",
            "hash",
            "p",
            "a",
            "s",
            "x.",
            "Password2",
            "PASS",
            "HaSh",
            "tok",
            "en",
            "pri",
            "vate",
            "_key",
            "_pw",
            "api_",
            "é",
            "PassPhrase",
        ];
        for a in pieces {
            for b in pieces {
                for n in [format!("{a}{b}"), format!("{a}{b}").to_ascii_uppercase()] {
                    assert_eq!(
                        is_secret_name(&n),
                        super::names_secret(&n.to_ascii_lowercase()),
                        "{n:?}"
                    );
                    assert_eq!(
                        super::names_secret_ignoring_case(n.as_bytes()),
                        super::names_secret(&n.to_ascii_lowercase()),
                        "{n:?}"
                    );
                }
            }
        }
    }
}
