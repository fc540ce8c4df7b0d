//! Which names hold a secret, asked once per distinct shape of name.
//!
//! A big file repeats a handful of key shapes thousands of times
//! (`mail.server.server17.filter_3.last_run`, `"Account Note 42"`,
//! `signature_path_12`): readers ask [`SecretNames::is_secret`] instead of
//! [`crate::secrets::is_secret_name`] for every key, and each shape is
//! judged once (issue 15).
//!
//! The shape of a name is the name with every run of ASCII digits written as
//! one `0`. [`crate::secrets::is_secret_name`] gives the same answer for a
//! name and its shape: none of the words it looks for holds a digit, so a
//! match lies within the digit-free parts, which the shape keeps as they are
//! (`tests.rs` holds that as a property, so that a change there shows here).

use std::collections::HashMap;

/// A cache of [`crate::secrets::is_secret_name`] by shape of name.
#[derive(Default)]
pub struct SecretNames {
    by_shape: HashMap<Box<[u8]>, bool, ahash::RandomState>,
    shape: Vec<u8>,
}

impl SecretNames {
    pub fn new() -> Self {
        SecretNames::default()
    }

    /// [`crate::secrets::is_secret_name`] of `name`.
    pub fn is_secret(&mut self, name: &str) -> bool {
        shape_into(name.as_bytes(), &mut self.shape);
        if let Some(&known) = self.by_shape.get(self.shape.as_slice()) {
            return known;
        }
        let secret = crate::secrets::is_secret_name(name);
        self.by_shape
            .insert(self.shape.clone().into_boxed_slice(), secret);
        secret
    }
}

/// `name` with each run of ASCII digits as one `0`, into `out`, in one pass
/// into room made at once, eight bytes at a time: a word without a digit is
/// copied whole, a word with one byte by byte (a search and a copy per part
/// cost 470 instructions a pref name of a 10 MB prefs.js; testing an
/// eight-byte window again after each byte near a digit still 355: issue 15).
pub fn shape_into(name: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.reserve(name.len());
    let mut in_digits = false;
    let mut words = name.chunks_exact(8);
    for word in &mut words {
        let Ok(bytes) = <[u8; 8]>::try_from(word) else {
            continue; // never: the chunks are eight bytes
        };
        if digit_marks(u64::from_le_bytes(bytes)) == 0 {
            out.extend_from_slice(&bytes);
            in_digits = false;
        } else {
            for &b in &bytes {
                in_digits = push_shaped(b, in_digits, out);
            }
        }
    }
    for &b in words.remainder() {
        in_digits = push_shaped(b, in_digits, out);
    }
}

/// `b` into the shape after a digit (`in_digits`) or not; whether `b` is one.
#[inline]
fn push_shaped(b: u8, in_digits: bool, out: &mut Vec<u8>) -> bool {
    let digit = b.is_ascii_digit();
    if !digit {
        out.push(b);
    } else if !in_digits {
        out.push(b'0');
    }
    digit
}

/// The high bit of each byte of `word` that is an ASCII digit, exactly:
/// `b ^ 0x30` is below 10 exactly for `0`..`9`; for a byte `y` below 128,
/// `y + 0x76` sets the high bit exactly when `y` is 10 or more, with no carry
/// into the next byte (at most 0x7f + 0x76 = 0xf5); a byte of 128 or more
/// has the high bit already.
fn digit_marks(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let y = word ^ (ONES * 0x30);
    let ten_or_more = ((y & !HIGH) + ONES * 0x76) | y;
    !ten_or_more & HIGH
}

#[cfg(test)]
mod tests;
