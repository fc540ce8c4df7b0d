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
    /// The shape of a name longer than [`SHORT`].
    shape: Vec<u8>,
    /// The shape asked last and its answer: a file lists names of one
    /// shape one after another (`filter_0` … `filter_19` of a server), and
    /// comparing the shape with it costs a sixth of hashing and looking it up.
    last: Vec<u8>,
    last_secret: Option<bool>,
}

impl SecretNames {
    pub fn new() -> Self {
        SecretNames::default()
    }

    /// [`crate::secrets::is_secret_name`] of `name`.
    pub fn is_secret(&mut self, name: &str) -> bool {
        let mut buf = [0u8; SHORT + 8];
        let shape: &[u8] = match shape_short(name.as_bytes(), &mut buf) {
            Some(len) => buf.get(..len).unwrap_or_default(),
            None => {
                shape_into(name.as_bytes(), &mut self.shape);
                &self.shape
            }
        };
        if let Some(known) = self.last_secret.filter(|_| self.last == shape) {
            return known;
        }
        let secret = match self.by_shape.get(shape) {
            Some(&known) => known,
            None => {
                let secret = crate::secrets::is_secret_name(name);
                self.by_shape.insert(shape.into(), secret);
                secret
            }
        };
        self.last.clear();
        self.last.extend_from_slice(shape);
        self.last_secret = Some(secret);
        secret
    }
}

/// The longest name [`shape_short`] shapes on the stack (a prefs.js's pref
/// names are about 40 bytes; a longer one is shaped by [`shape_into`]).
const SHORT: usize = 64;

/// [`shape_into`] of a name of at most [`SHORT`] bytes, written into `buf`
/// on the stack eight bytes at a time: a word with digits shaped in its
/// register (each digit made a `0`, each digit after a digit taken out), then
/// stored whole where the shape has come to. The shape's length, or `None`
/// for a longer name. (Into a `Vec` a byte at a time, a pref name of a 10 MB
/// prefs.js cost 340 instructions; stored a byte at a time on the stack,
/// still 300: issue 15.)
fn shape_short(name: &[u8], buf: &mut [u8; SHORT + 8]) -> Option<usize> {
    if name.len() > SHORT {
        return None;
    }
    let mut end = 0;
    let mut after_digit = false;
    let mut words = name.chunks_exact(8);
    for word in &mut words {
        let Ok(bytes) = <[u8; 8]>::try_from(word) else {
            continue; // never: the chunks are eight bytes
        };
        (end, after_digit) = put_word(buf, end, u64::from_le_bytes(bytes), 8, after_digit);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        // Padded with NULs, which are no digits.
        let mut tail = [0u8; 8];
        if let Some(to) = tail.get_mut(..rest.len()) {
            to.copy_from_slice(rest);
        }
        (end, _) = put_word(buf, end, u64::from_le_bytes(tail), rest.len(), after_digit);
    }
    Some(end)
}

/// The first `len` bytes of `word` (little-endian), shaped, stored at `end`
/// of the shape (eight bytes written; those past the new end are left over);
/// `after_digit`: the byte before the word is a digit. The new end, and
/// whether the word's last byte is a digit.
#[inline]
fn put_word(
    buf: &mut [u8; SHORT + 8],
    end: usize,
    word: u64,
    len: usize,
    after_digit: bool,
) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let marks = digit_marks(word);
    let mut shaped = word;
    let mut kept = len;
    if marks != 0 {
        // Every byte of a digit all ones, then each digit made a `0`.
        let digits = (marks >> 7) * 0xff;
        shaped = (word & !digits) | ((ONES * u64::from(b'0')) & digits);
        // A digit after a digit goes; from the highest, so that the lower
        // ones stay where they are.
        let mut gone = marks & ((marks << 8) | (u64::from(after_digit) << 7));
        while gone != 0 {
            let bit = 63 - gone.leading_zeros();
            let below = (1u64 << (bit - 7)) - 1;
            shaped = (shaped & below) | ((shaped >> 8) & !below);
            gone &= !(1u64 << bit);
            kept -= 1;
        }
    }
    // `end` never passes the bytes read before this word, so it is below
    // `SHORT` (the mask tells the compiler so, and changes nothing).
    let at = end & (SHORT - 1);
    if let Some(to) = buf.get_mut(at..at + 8) {
        to.copy_from_slice(&shaped.to_le_bytes());
    }
    let last_digit = len
        .checked_sub(1)
        .is_some_and(|last| (marks >> (8 * last)) & 0x80 != 0);
    (end + kept, last_digit)
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
