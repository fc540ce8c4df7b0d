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
/// into room made at once: eight bytes without a digit are copied together
/// (a search and a copy per part cost 470 instructions a pref name of a
/// 10 MB prefs.js: issue 15).
pub fn shape_into(name: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.reserve(name.len());
    let mut in_digits = false;
    let mut i = 0;
    while let Some(&b) = name.get(i) {
        if let Some(word) = name
            .get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
            .filter(|w| !has_digit(u64::from_le_bytes(*w)))
        {
            out.extend_from_slice(&word);
            in_digits = false;
            i += 8;
            continue;
        }
        let digit = b.is_ascii_digit();
        if !digit {
            out.push(b);
        } else if !in_digits {
            out.push(b'0');
        }
        in_digits = digit;
        i += 1;
    }
}

/// Whether any byte of `word` is an ASCII digit: `b ^ 0x30` is below 10
/// exactly for `0`..`9`, and a byte below 10 is found with the borrow trick
/// for a byte below `n` ("hasless", Bit Twiddling Hacks: exact as a yes or
/// no for `n` up to 128).
fn has_digit(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let y = word ^ (ONES * 0x30);
    y.wrapping_sub(ONES * 10) & !y & (ONES * 0x80) != 0
}

#[cfg(test)]
mod tests;
