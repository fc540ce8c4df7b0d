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

/// `name` with each run of ASCII digits as one `0`, into `out`: the parts
/// between digit runs are copied whole.
pub fn shape_into(name: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut rest = name;
    while let Some(d) = rest.iter().position(u8::is_ascii_digit) {
        out.extend_from_slice(&rest[..d]);
        out.push(b'0');
        let digits = &rest[d..];
        let run = digits
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(digits.len());
        rest = &digits[run..];
    }
    out.extend_from_slice(rest);
}

#[cfg(test)]
mod tests;
