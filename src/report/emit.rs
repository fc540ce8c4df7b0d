//! A small JSON writer for the reports' own types: the bytes
//! `serde_json::to_string_pretty` prints (two spaces a level, `"key": `,
//! `[]` for an empty array), written straight into a byte buffer without
//! serde's per-value calls (issue 15: serde_json cost about 17
//! instructions a byte of the JSON report).
//!
//! The callers state the layout (the keys in their order, the nesting
//! depth); `tests.rs` holds every helper to what serde_json prints.

/// `,`, a line break and indentation: what comes before a key or an
/// element, copied as one slice.
static BREAK: [u8; 2 + LEAD] = {
    let mut t = [b' '; 2 + LEAD];
    t[0] = b',';
    t[1] = b'\n';
    t
};

/// The bytes of [`BREAK`] copied at once.
const LEAD: usize = 32;

/// The bytes [`Obj::key`] puts together at once (a key's line up to its
/// value): deeper or longer keys are written piece by piece.
const KEY_ROOM: usize = 64;

/// serde_json's escape of a byte of a string: 0 when it stays as it is,
/// else the letter after the backslash (`u` for `\u00XX`).
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A line break and the indentation of `depth` levels.
#[inline]
pub fn newline(out: &mut Vec<u8>, depth: usize) {
    next_line(out, depth, false);
}

/// A line break and the indentation of `depth` levels, after a comma when
/// `comma`. Up to 15 levels, [`LEAD`] bytes of [`BREAK`] are copied, a
/// constant length the compiler copies in place (no call to `memcpy`, a
/// third of a key's cost), and the bytes past the indentation cut off.
#[inline(always)]
fn next_line(out: &mut Vec<u8>, depth: usize, comma: bool) {
    let from = usize::from(!comma);
    let len = 2 - from + 2 * depth;
    if len <= LEAD {
        let start = out.len();
        out.extend_from_slice(&BREAK[from..from + LEAD]);
        out.truncate(start + len);
    } else {
        out.extend_from_slice(&BREAK[from..2]);
        for _ in 0..depth {
            out.extend_from_slice(b"  ");
        }
    }
}

/// `s` as a JSON string, quoted and escaped as serde_json escapes it
/// (`"`, `\`, control characters; nothing else).
#[inline]
pub fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // A string of up to 32 bytes (a key, a host, a user name, a rule's
    // name) is checked as its first and last bytes (which overlap) at
    // once, and when it needs no escape laid out quoted in a buffer of a
    // constant length, copied at once and cut: no call to `memcpy` and no
    // loop (issue 15: about 90 instructions a short string of the 10 MB
    // files' reports, 55,000 of them in each).
    let plain = match bytes.len() {
        0..4 => bytes.iter().all(|&b| ESCAPE[b as usize] == 0),
        4..8 => match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
            (Some(first), Some(last)) => {
                let word = u64::from(u32::from_le_bytes(*first))
                    | u64::from(u32::from_le_bytes(*last)) << 32;
                if !needs_escape(word) {
                    quoted_short::<4, 10>(out, bytes.len(), first, last);
                    return;
                }
                false
            }
            _ => false,
        },
        8..=16 => match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
            (Some(first), Some(last)) => {
                if !needs_escape(u64::from_le_bytes(*first))
                    && !needs_escape(u64::from_le_bytes(*last))
                {
                    quoted_short::<8, 18>(out, bytes.len(), first, last);
                    return;
                }
                false
            }
            _ => false,
        },
        17..=32 => match (bytes.first_chunk::<16>(), bytes.last_chunk::<16>()) {
            (Some(first), Some(last)) => {
                if escape_mask(first) | escape_mask(last) == 0 {
                    quoted_short::<16, 34>(out, bytes.len(), first, last);
                    return;
                }
                false
            }
            _ => false,
        },
        _ => false,
    };
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if plain {
        out.extend_from_slice(bytes);
    } else {
        escaped(out, bytes);
    }
    out.push(b'"');
}

/// A string of `len` bytes (`W` to `2 * W`) that needs no escape, from its
/// first and last `W` bytes, quoted: laid out in `ROOM` (`2 * W + 2`)
/// bytes, copied at once, then cut to its length.
#[inline(always)]
fn quoted_short<const W: usize, const ROOM: usize>(
    out: &mut Vec<u8>,
    len: usize,
    first: &[u8; W],
    last: &[u8; W],
) {
    debug_assert!((W..=2 * W).contains(&len) && ROOM == 2 * W + 2);
    let mut line = [b'"'; ROOM];
    if let Some(head) = line.get_mut(1..1 + W) {
        head.copy_from_slice(first);
    }
    // Over the head's last bytes, with the same bytes when they overlap.
    if let Some(tail) = line.get_mut((1 + len).saturating_sub(W)..1 + len)
        && tail.len() == W
    {
        tail.copy_from_slice(last);
    }
    if let Some(end) = line.get_mut(len + 1) {
        *end = b'"';
    }
    let start = out.len();
    out.extend_from_slice(&line);
    out.truncate(start + len + 2);
}

/// The texts one after the other as one JSON string (a message and its
/// help), without joining them first.
pub fn strings(out: &mut Vec<u8>, texts: &[&str]) {
    out.push(b'"');
    for t in texts {
        escaped(out, t.as_bytes());
    }
    out.push(b'"');
}

/// The inside of a JSON string: `bytes` escaped, runs without an escape
/// copied as one slice.
fn escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut start = 0;
    while let Some(i) = next_escape(bytes, start) {
        out.extend_from_slice(&bytes[start..i]);
        let b = bytes[i];
        escape_byte(out, b, ESCAPE[b as usize]);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// The first byte at or after `from` that a JSON string escapes: sixteen
/// bytes are checked at once ([`escape_mask`]), and the last few of a
/// string of at least sixteen with the sixteen that end it, so that most
/// strings (a host name, a path, a message) are decided in one or two
/// steps (issue 15: checking a word of eight bytes at a time, then the
/// last bytes one by one, cost about 150 instructions a string).
#[inline]
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(block) = bytes.get(i..).and_then(|b| b.first_chunk::<16>()) {
        let m = escape_mask(block);
        if m != 0 {
            return Some(i + m.trailing_zeros() as usize);
        }
        i += 16;
    }
    if i >= bytes.len() {
        return None;
    }
    if let Some(last) = bytes.last_chunk::<16>() {
        // Overlaps what was checked: the bits before `i` are dropped.
        let back = bytes.len() - 16;
        let m = escape_mask(last) & (u32::MAX << (i - back));
        return (m != 0).then(|| back + m.trailing_zeros() as usize);
    }
    // A string shorter than sixteen bytes: from eight bytes, its first and
    // last eight (which overlap) as two words; shorter, byte by byte.
    let rest = &bytes[i..];
    if let (Some(first), Some(last)) = (rest.first_chunk::<8>(), rest.last_chunk::<8>()) {
        let word = |w: &[u8; 8]| needs_escape(u64::from_le_bytes(*w));
        if !word(first) && !word(last) {
            return None;
        }
    }
    rest.iter()
        .position(|&b| ESCAPE[b as usize] != 0)
        .map(|k| i + k)
}

/// Whether any of the eight bytes of `w` is escaped in a JSON string: a
/// control character (below 0x20), `"` or `\` (the bit tricks of "Bit
/// Twiddling Hacks", `hasless` and `haszero`: exact as a yes or no).
#[inline]
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    let quote = zero(w ^ (ONES * u64::from(b'"')));
    let backslash = zero(w ^ (ONES * u64::from(b'\\')));
    (control | quote | backslash) != 0
}

/// Bit `k` set when byte `k` of `block` is escaped in a JSON string: a
/// control character (below 0x20), `"` or `\`.
#[cfg(target_arch = "x86_64")]
#[inline]
fn escape_mask(block: &[u8; 16]) -> u32 {
    use std::arch::x86_64::*;
    // SAFETY: the load reads the 16 bytes of `block`, unaligned; SSE2 is
    // part of x86-64, so every intrinsic here is there.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        // Unsigned `v <= 0x1f`: the minimum of the two is `v`.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))) as u32
    }
}

/// [`escape_mask`] byte by byte (processors other than x86-64).
#[cfg(not(target_arch = "x86_64"))]
fn escape_mask(block: &[u8; 16]) -> u32 {
    block
        .iter()
        .enumerate()
        .fold(0, |m, (k, &b)| m | u32::from(ESCAPE[b as usize] != 0) << k)
}

fn escape_byte(out: &mut Vec<u8>, b: u8, e: u8) {
    if e == b'u' {
        out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[(b >> 4) as usize],
            HEX[(b & 0xf) as usize],
        ]);
    } else {
        out.extend_from_slice(&[b'\\', e]);
    }
}

/// `s` in ASCII lower case as a JSON string (what `string` writes of
/// `s.to_ascii_lowercase()`, without the copy).
pub fn lower_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    for b in s.bytes() {
        let b = b.to_ascii_lowercase();
        match ESCAPE[b as usize] {
            0 => out.push(b),
            e => escape_byte(out, b, e),
        }
    }
    out.push(b'"');
}

/// `s` as a JSON string, or `null`.
#[inline]
pub fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => null(out),
    }
}

#[inline]
pub fn null(out: &mut Vec<u8>) {
    out.extend_from_slice(b"null");
}

#[inline]
pub fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

/// An integer, as serde_json prints it (itoa).
#[inline]
pub fn int(out: &mut Vec<u8>, n: impl itoa::Integer + TryInto<u16>) {
    // Lines, columns and small counts: their digits pushed one by one.
    match n.try_into() {
        Ok(small) => small_int(out, small),
        Err(_) => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
    }
}

/// A number below 65,536, in decimal: its digits written two at a time
/// from the last (from [`DIGIT_PAIRS`], as itoa writes them) into five
/// bytes copied at once (a constant length, copied in place), then cut to
/// its length (issue 15: a division and a remainder a digit cost about 45
/// instructions a three-digit line number).
#[inline]
fn small_int(out: &mut Vec<u8>, n: u16) {
    let pair = |k: u16| {
        let k = usize::from(k) * 2;
        [DIGIT_PAIRS[k], DIGIT_PAIRS[k + 1]]
    };
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
    if n < 100 {
        out.extend_from_slice(&pair(n));
        return;
    }
    let start = out.len();
    // Left-aligned: the high digits, then the last two.
    let mut digits = [b'0'; 5];
    let high = n / 100;
    let len = match high {
        0..=9 => {
            digits[0] = b'0' + high as u8;
            3
        }
        10..=99 => {
            digits[..2].copy_from_slice(&pair(high));
            4
        }
        _ => {
            digits[0] = b'0' + (high / 100) as u8;
            digits[1..3].copy_from_slice(&pair(high % 100));
            5
        }
    };
    digits[len - 2..len].copy_from_slice(&pair(n % 100));
    out.extend_from_slice(&digits);
    out.truncate(start + len);
}

/// The numbers 00 to 99, two ASCII digits each.
static DIGIT_PAIRS: [u8; 200] = {
    let mut t = [0u8; 200];
    let mut k = 0;
    while k < 100 {
        t[2 * k] = b'0' + (k / 10) as u8;
        t[2 * k + 1] = b'0' + (k % 10) as u8;
        k += 1;
    }
    t
};

/// An object being written at `depth` (its keys one level deeper).
pub struct Obj<'o> {
    out: &'o mut Vec<u8>,
    depth: usize,
    first: bool,
}

impl<'o> Obj<'o> {
    /// `{`, at `depth`.
    #[inline]
    pub fn open(out: &'o mut Vec<u8>, depth: usize) -> Obj<'o> {
        out.push(b'{');
        Obj {
            out,
            depth,
            first: true,
        }
    }

    /// The next key (a plain name: nothing in it to escape), on its own
    /// line; its value is written into what this returns.
    ///
    /// The comma, line break, indentation and `"name": ` are put together
    /// in a buffer of [`KEY_ROOM`] spaces and appended as one copy of a
    /// constant length, then cut (issue 15: five appends a key, each with
    /// its own check of room, cost about 40 instructions a key).
    #[inline(always)]
    pub fn key(&mut self, name: &str) -> &mut Vec<u8> {
        debug_assert!(name.bytes().all(|b| ESCAPE[b as usize] == 0));
        let comma = !self.first;
        self.first = false;
        let depth = self.depth + 1;
        let quote = usize::from(comma) + 1 + 2 * depth;
        let len = quote + name.len() + 4;
        if len > KEY_ROOM {
            self.out.reserve(LEAD + name.len() + 4);
            next_line(self.out, depth, comma);
            self.out.push(b'"');
            self.out.extend_from_slice(name.as_bytes());
            self.out.extend_from_slice(b"\": ");
            return self.out;
        }
        let mut line = [b' '; KEY_ROOM];
        line[usize::from(comma)] = b'\n';
        if comma {
            line[0] = b',';
        }
        line[quote] = b'"';
        line[quote + 1..quote + 1 + name.len()].copy_from_slice(name.as_bytes());
        line[len - 3..len].copy_from_slice(b"\": ");
        let start = self.out.len();
        self.out.extend_from_slice(&line);
        self.out.truncate(start + len);
        self.out
    }

    /// The next key, as [`Obj::key`] writes it, from its [`Piece`]
    /// (`,\n\t"name": `, see [`key!`]).
    #[inline(always)]
    pub fn field(&mut self, key: &Piece) -> &mut Vec<u8> {
        key.put(self.out, self.depth, self.first);
        self.first = false;
        self.out
    }

    /// `bytes` appended as they are: the next keys (and values) laid out
    /// by the caller as [`Obj::field`] would write them after the first
    /// key, each beginning with `,`; the last key's value is written into
    /// what this returns.
    #[inline(always)]
    pub fn laid_out(&mut self, bytes: &[u8]) -> &mut Vec<u8> {
        debug_assert!(!self.first && bytes.starts_with(b","));
        self.out.extend_from_slice(bytes);
        self.out
    }

    /// The object ended by `piece` (its last keys and the `}`, laid out
    /// in the piece), not by [`Obj::close`].
    #[inline(always)]
    pub fn end_with(self, piece: &Piece) {
        piece.put(self.out, self.depth, self.first);
    }

    /// The depth of this object's values (for a nested object or array).
    pub fn inner(&self) -> usize {
        self.depth + 1
    }

    /// `}`: on a line of its own after keys, right after `{` without.
    #[inline]
    pub fn close(self) {
        if !self.first {
            newline(self.out, self.depth);
        }
        self.out.push(b'}');
    }
}

/// The depths for which a [`Piece`] is laid out at compile time (the JSON
/// report's values are at depth 3 to 5).
const PIECE_DEPTHS: usize = 8;

/// A fixed piece of the layout around an object's values (a key, a key
/// and a constant value, an object's end), laid out at compile time for
/// every depth below [`PIECE_DEPTHS`] and appended as one copy of a
/// constant length, then cut (issue 15: [`Obj::key`] put each key's line
/// together at run time, about 25 instructions a key, and a 10 MB file's
/// report has 500,000 keys).
///
/// In `template`, `\t` stands for the indentation of the object's keys
/// (its depth plus one) and `\x01` for the object's own; a template that
/// begins with `,` (a key) is written without it as an object's first.
pub struct Piece {
    template: &'static str,
    /// At each depth, the template laid out, padded with spaces.
    lines: [[u8; KEY_ROOM + 1]; PIECE_DEPTHS],
    /// Its length there, 0 when it is longer than [`KEY_ROOM`] (then it is
    /// laid out at run time).
    lens: [u8; PIECE_DEPTHS],
}

impl Piece {
    /// `template` laid out at every depth (see [`Piece`]).
    pub const fn new(template: &'static str) -> Piece {
        let t = template.as_bytes();
        let mut lines = [[b' '; KEY_ROOM + 1]; PIECE_DEPTHS];
        let mut lens = [0u8; PIECE_DEPTHS];
        let mut d = 0;
        while d < PIECE_DEPTHS {
            let mut n = 0;
            let mut i = 0;
            while i < t.len() {
                let (count, byte) = match t[i] {
                    b'\t' => (2 * (d + 1), b' '),
                    0x01 => (2 * d, b' '),
                    b => (1, b),
                };
                let mut k = 0;
                while k < count {
                    if n < KEY_ROOM {
                        lines[d][n] = byte;
                    }
                    n += 1;
                    k += 1;
                }
                i += 1;
            }
            if n <= KEY_ROOM {
                lens[d] = n as u8;
            }
            d += 1;
        }
        Piece {
            template,
            lines,
            lens,
        }
    }

    /// Appends the piece laid out at `depth`, without its first byte when
    /// `skip_comma` (it then begins with `,`).
    #[inline(always)]
    pub fn put(&self, out: &mut Vec<u8>, depth: usize, skip_comma: bool) {
        let from = usize::from(skip_comma);
        debug_assert!(!skip_comma || self.template.starts_with(','));
        if let (Some(line), Some(&len)) = (self.lines.get(depth), self.lens.get(depth))
            && len != 0
        {
            let start = out.len();
            out.extend_from_slice(&line[from..from + KEY_ROOM]);
            out.truncate(start + usize::from(len) - from);
            return;
        }
        self.put_slowly(out, depth, from);
    }

    /// [`Piece::put`] laid out here (deep or long), and the definition the
    /// tests hold the laid-out pieces to.
    #[cold]
    fn put_slowly(&self, out: &mut Vec<u8>, depth: usize, from: usize) {
        for &b in self.template.as_bytes().iter().skip(from) {
            match b {
                b'\t' => out.extend(std::iter::repeat_n(b' ', 2 * (depth + 1))),
                0x01 => out.extend(std::iter::repeat_n(b' ', 2 * depth)),
                b => out.push(b),
            }
        }
    }
}

/// The [`Piece`] of a key (`key!("name")`), for [`Obj::field`]: laid out
/// at compile time.
macro_rules! key {
    ($name:literal) => {
        &const { $crate::report::emit::Piece::new(concat!(",\n\t\"", $name, "\": ")) }
    };
}
pub(crate) use key;

/// The name serde gives a unit variant of the reports' enums, without
/// serde's serializer (issue 15: [`variant_value`] cost about 120
/// instructions a value, 18 M in a 10 MB prefs.js's report). Held to
/// [`variant`] by the tests, every variant.
pub trait UnitName: Copy {
    /// The name (the tests hold it to serde's; [`UnitName::unit_json`]
    /// is what the reports write).
    #[cfg(test)]
    fn unit_name(self) -> &'static str;

    /// The name as its JSON string, laid out at compile time ([`unit`]).
    fn unit_json(self) -> &'static Quoted;
}

/// The bytes [`Quoted`] copies at once: the longest name of a variant,
/// quoted, fits.
const QUOTED_ROOM: usize = 32;

/// A unit variant's name as a JSON string (`"start-tls"`), laid out at
/// compile time and padded, so that it is appended as one copy of a
/// constant length, then cut (issue 15: `string` of the name, its check
/// for a byte to escape and its copy, cost about 95 instructions a name,
/// 60,000 of them in a 10 MB prefs.js's report). A name that would need
/// escaping, or longer than the room, is written by [`string`] instead.
pub struct Quoted {
    name: &'static str,
    bytes: [u8; QUOTED_ROOM],
    /// The quoted name's length; 0 when it is not laid out.
    len: u8,
}

impl Quoted {
    pub const fn new(name: &'static str) -> Quoted {
        let n = name.as_bytes();
        let mut bytes = [b' '; QUOTED_ROOM];
        let mut plain = n.len() + 2 <= QUOTED_ROOM;
        let mut i = 0;
        while plain && i < n.len() {
            if ESCAPE[n[i] as usize] != 0 {
                plain = false;
            } else {
                bytes[i + 1] = n[i];
            }
            i += 1;
        }
        if !plain {
            return Quoted {
                name,
                bytes,
                len: 0,
            };
        }
        bytes[0] = b'"';
        bytes[n.len() + 1] = b'"';
        Quoted {
            name,
            bytes,
            len: (n.len() + 2) as u8,
        }
    }

    /// Appends the quoted name.
    #[inline(always)]
    pub fn put(&self, out: &mut Vec<u8>) {
        if self.len == 0 {
            string(out, self.name);
            return;
        }
        let start = out.len();
        out.extend_from_slice(&self.bytes);
        out.truncate(start + usize::from(self.len));
    }
}

/// `impl UnitName` for each enum, from one list of its variants and names,
/// and that list for the tests.
macro_rules! unit_names {
    ($($t:ident { $($v:ident => $n:literal),* $(,)? })*) => {
        $(impl UnitName for $t {
            #[cfg(test)]
            fn unit_name(self) -> &'static str {
                match self {
                    $($t::$v => $n,)*
                }
            }

            #[inline]
            fn unit_json(self) -> &'static Quoted {
                match self {
                    $($t::$v => &const { Quoted::new($n) },)*
                }
            }
        })*

        /// Every variant's name and serde's name of it.
        #[cfg(test)]
        fn all_unit_names() -> Vec<(&'static str, Option<&'static str>)> {
            vec![$($((UnitName::unit_name($t::$v), variant(&$t::$v)),)*)*]
        }

        /// Every variant's name and what [`unit`] writes of it.
        #[cfg(test)]
        fn all_units_written() -> Vec<(&'static str, Vec<u8>)> {
            vec![$($((UnitName::unit_name($t::$v), {
                let mut out = b"head".to_vec();
                unit(&mut out, $t::$v);
                out
            }),)*)*]
        }
    };
}

use crate::diagnostics::Severity;
use crate::fix::Applicability;
use crate::model::{AuthMethod, Client, Security};
use crate::source::{Basis, Origin};

unit_names! {
    Origin { File => "file", Default => "default", Derived => "derived" }
    Basis {
        ClientDefault => "client-default",
        ProtocolPort => "protocol-port",
        SubmissionPortSince91 => "submission-port-since-91",
        PortAtMostOneUnset => "port-at-most-one-unset",
        PortNotSwitchedOn => "port-not-switched-on",
        PortFromHostName => "port-from-host-name",
        ProtocolCheckDefault => "protocol-check-default",
        VersionFromClawsrc => "version-from-clawsrc",
        VersionZero => "version-zero",
        SameAsIncoming => "same-as-incoming",
        StarttlsMigrated => "starttls-migrated",
        StarttlsDroppedSince132 => "starttls-dropped-since-132",
    }
    Security { None => "none", StartTls => "start-tls", Tls => "tls", TryStartTls => "try-start-tls" }
    AuthMethod {
        None => "none",
        Cleartext => "cleartext",
        Encrypted => "encrypted",
        Spa => "spa",
        Gssapi => "gssapi",
        OAuth2 => "o-auth2",
        ClientCert => "client-cert",
        SameAsIncoming => "same-as-incoming",
        PopBeforeSmtp => "pop-before-smtp",
        AnySecure => "any-secure",
        Any => "any",
        Unsupported => "unsupported",
    }
    Client {
        Thunderbird => "thunderbird",
        OutlookExpress => "outlook-express",
        WindowsMail => "windows-mail",
        WindowsLiveMail => "windows-live-mail",
        Outlook => "outlook",
        Autoconfig => "autoconfig",
        Autodiscover => "autodiscover",
        AppleProfile => "apple-profile",
        Unknown => "unknown",
        Becky => "becky",
        ClawsMail => "claws-mail",
        Sylpheed => "sylpheed",
        Evolution => "evolution",
    }
    Severity { Info => "info", Warning => "warning", Error => "error" }
    Applicability { Safe => "safe", Unsafe => "unsafe" }
}

/// A unit variant as its JSON string ([`variant_value`] without serde).
#[inline]
pub fn unit(out: &mut Vec<u8>, value: impl UnitName) {
    value.unit_json().put(out);
}

/// An array at `depth` of `items`, each written by `element` (at
/// `depth + 1`): `[]` when there are none.
pub fn array<I: IntoIterator>(
    out: &mut Vec<u8>,
    depth: usize,
    items: I,
    mut element: impl FnMut(&mut Vec<u8>, I::Item),
) {
    let mut first = true;
    for item in items {
        if first {
            out.push(b'[');
        }
        next_line(out, depth + 1, !first);
        first = false;
        element(out, item);
    }
    if first {
        out.extend_from_slice(b"[]");
    } else {
        newline(out, depth);
        out.push(b']');
    }
}

/// serde's own names of unit variants: the definition [`UnitName`] is
/// held to (the reports no longer serialise a variant to name it).
#[cfg(test)]
mod serde_names {
    use super::{null, string};
    /// The name serde gives a unit variant (`#[serde(rename_all)]` and
    /// `rename` applied), without serialising: what `serde_json` would print
    /// of the value, unquoted. `None` for anything but a unit variant.
    pub fn variant<T: serde::Serialize + ?Sized>(value: &T) -> Option<&'static str> {
        value.serialize(VariantName).ok()
    }

    /// A value serde writes as a unit variant (`Severity`, `Origin`, ...) as
    /// its JSON string; anything else as serde_json writes it (compact: the
    /// callers' values are unit variants).
    pub fn variant_value<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
        match variant(value) {
            Some(name) => string(out, name),
            None => {
                if serde_json::to_writer(&mut *out, value).is_err() {
                    null(out);
                }
            }
        }
    }

    /// A serializer that only accepts a unit variant and returns its name.
    struct VariantName;

    /// Anything but a unit variant.
    #[derive(Debug)]
    struct NotAVariant;

    impl std::fmt::Display for NotAVariant {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("not a unit variant")
        }
    }

    impl std::error::Error for NotAVariant {}

    impl serde::ser::Error for NotAVariant {
        fn custom<T: std::fmt::Display>(_msg: T) -> Self {
            NotAVariant
        }
    }

    macro_rules! reject {
        ($($name:ident($($arg:ty),*);)*) => {
            $(fn $name(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> {
                Err(NotAVariant)
            })*
        };
    }

    type Never = serde::ser::Impossible<&'static str, NotAVariant>;

    impl serde::Serializer for VariantName {
        type Ok = &'static str;
        type Error = NotAVariant;
        type SerializeSeq = Never;
        type SerializeTuple = Never;
        type SerializeTupleStruct = Never;
        type SerializeTupleVariant = Never;
        type SerializeMap = Never;
        type SerializeStruct = Never;
        type SerializeStructVariant = Never;

        fn serialize_unit_variant(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
        ) -> Result<Self::Ok, Self::Error> {
            Ok(variant)
        }

        reject! {
            serialize_bool(bool);
            serialize_i8(i8);
            serialize_i16(i16);
            serialize_i32(i32);
            serialize_i64(i64);
            serialize_u8(u8);
            serialize_u16(u16);
            serialize_u32(u32);
            serialize_u64(u64);
            serialize_f32(f32);
            serialize_f64(f64);
            serialize_char(char);
            serialize_str(&str);
            serialize_bytes(&[u8]);
            serialize_none();
            serialize_unit();
            serialize_unit_struct(&'static str);
        }

        fn serialize_some<T: serde::Serialize + ?Sized>(
            self,
            _value: &T,
        ) -> Result<Self::Ok, Self::Error> {
            Err(NotAVariant)
        }

        fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
            self,
            _name: &'static str,
            _value: &T,
        ) -> Result<Self::Ok, Self::Error> {
            Err(NotAVariant)
        }

        fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _value: &T,
        ) -> Result<Self::Ok, Self::Error> {
            Err(NotAVariant)
        }

        fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
            Err(NotAVariant)
        }

        fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Self::Error> {
            Err(NotAVariant)
        }

        fn serialize_tuple_struct(
            self,
            _name: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeTupleStruct, Self::Error> {
            Err(NotAVariant)
        }

        fn serialize_tuple_variant(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeTupleVariant, Self::Error> {
            Err(NotAVariant)
        }

        fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
            Err(NotAVariant)
        }

        fn serialize_struct(
            self,
            _name: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeStruct, Self::Error> {
            Err(NotAVariant)
        }

        fn serialize_struct_variant(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _len: usize,
        ) -> Result<Self::SerializeStructVariant, Self::Error> {
            Err(NotAVariant)
        }
    }
}

#[cfg(test)]
use serde_names::{variant, variant_value};

#[cfg(test)]
mod tests;
