//! Address and host syntax, on no side of the pipeline: full-width folding,
//! e-mail address syntax (RFC 5322 dot-atom) and host name syntax. Pure
//! string checks used by the rules and by the support desk's tools
//! (`diagnose`, bounce reading, redaction, the knowledge base), which is why
//! they live here and not inside `rules`. Each returns byte ranges into its
//! input so callers can point at them.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

/// Characters a Japanese input method produces for ASCII punctuation that
/// NFKC leaves alone.
const IME_LOOKALIKES: &[(char, &str)] = &[
    ('。', "."),
    ('、', ","),
    ('ー', "-"),
    ('－', "-"),
    ('−', "-"),
    ('‐', "-"),
    ('―', "-"),
    ('‑', "-"),
    ('＠', "@"),
    ('　', " "),
];

/// The half-width (ASCII) text a character stands for, when it is a
/// full-width or other compatibility form of ASCII: `＠` → `@`, `ｗ` → `w`,
/// U+3000 → space, `①` → `1`; plus the look-alikes an IME produces.
pub fn ascii_twin(c: char) -> Option<String> {
    if c.is_ascii() {
        return None;
    }
    if let Some((_, s)) = IME_LOOKALIKES.iter().find(|(l, _)| *l == c) {
        return Some((*s).to_string());
    }
    let folded: String = std::iter::once(c).nfkc().collect();
    (folded.is_ascii() && !folded.is_empty()).then_some(folded)
}

/// A character with an ASCII twin, and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct WideChar {
    pub ch: char,
    pub ascii: String,
    pub range: Range<usize>,
}

pub fn wide_chars(s: &str) -> Vec<WideChar> {
    // An ASCII character has no twin (see `ascii_twin`).
    if s.is_ascii() {
        return Vec::new();
    }
    s.char_indices()
        .filter_map(|(i, c)| {
            ascii_twin(c).map(|ascii| WideChar {
                ch: c,
                ascii,
                range: i..i + c.len_utf8(),
            })
        })
        .collect()
}

/// `s` as it should have been typed: [`fold`], without the spaces that came
/// from full-width spaces (already reported, and never part of an address or
/// host name).
pub fn fold_typed(s: &str) -> String {
    // ASCII has no full-width space and folds to itself: every value of a
    // big file is asked this (issue 15).
    if s.is_ascii() {
        return s.to_string();
    }
    fold(&s.replace('\u{3000}', ""))
}

/// `s` with every character that has an ASCII twin replaced by it.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match ascii_twin(c) {
            Some(a) => out.push_str(&a),
            None => out.push(c),
        }
    }
    out
}

/// RFC 5322 `atext`: the characters of a dot-atom besides the dots.
pub fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
}

/// Why an address is not valid, and where.
#[derive(Clone, Debug, PartialEq)]
pub enum AddressError {
    NoAt,
    ManyAt,
    Space(Range<usize>),
    EmptyLocal,
    EmptyDomain,
    LocalChar(char, Range<usize>),
    NonAsciiLocal(Range<usize>),
    DomainChar(char, Range<usize>),
    DomainLabel(LabelError),
    DomainNoDot,
    LocalTooLong,
    AddressTooLong,
    DomainTooLong,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LabelError {
    Empty(Range<usize>),
    Hyphen(Range<usize>),
    TooLong(Range<usize>),
}

/// Dot problems left of `@`: legal in practice (old mobile addresses), but not RFC 5322.
#[derive(Clone, Debug, PartialEq)]
pub enum DotProblem {
    DoubleDot(Range<usize>),
    LeadingDot(Range<usize>),
    TrailingDot(Range<usize>),
}

/// Split at the last `@` that is not inside a quoted local part.
fn split_address(s: &str) -> Result<(usize, usize), AddressError> {
    let b = s.as_bytes();
    // Without a `"` nothing is quoted (and a `\` escapes only inside
    // quotes): the `@`s are found by `memchr`, not byte by byte (issue 15:
    // every address of a file is split twice, for its syntax and its dots).
    if memchr::memchr(b'"', b).is_none() {
        return match memchr::memchr(b'@', b) {
            None => Err(AddressError::NoAt),
            Some(at) if memchr::memchr(b'@', &b[at + 1..]).is_none() => Ok((at, at + 1)),
            Some(_) => Err(AddressError::ManyAt),
        };
    }
    split_quoted(s)
}

/// [`split_address`] of an address with a `"`, byte by byte.
fn split_quoted(s: &str) -> Result<(usize, usize), AddressError> {
    let mut in_quotes = false;
    let mut escaped = false;
    let (mut first, mut many) = (None, false);
    // Byte by byte: the bytes looked for are ASCII, and a character skipped
    // after a `\` that is not ASCII leaves only bytes that match none.
    for (i, &c) in s.as_bytes().iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            b'\\' if in_quotes => escaped = true,
            b'"' => in_quotes = !in_quotes,
            b'@' if !in_quotes => {
                many |= first.is_some();
                first = first.or(Some(i));
            }
            _ => {}
        }
    }
    match (first, many) {
        (None, _) => Err(AddressError::NoAt),
        (Some(at), false) => Ok((at, at + 1)),
        _ => Err(AddressError::ManyAt),
    }
}

/// Byte classes of a plain address ([`plain_at`]): [`LOCAL`] and [`HOST`].
static ADDRESS_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = LOCAL | HOST;
        }
        b += 1;
    }
    let atext = b"!#$%&'*+-/=?^_`{|}~.";
    let mut i = 0;
    while i < atext.len() {
        t[atext[i] as usize] |= LOCAL;
        i += 1;
    }
    t[b'-' as usize] |= HOST;
    t[b'.' as usize] |= HOST;
    t[b'_' as usize] |= HOST;
    t
};

/// A byte of an unquoted local part: `atext` ([`is_atext`]) or `.`.
const LOCAL: u8 = 1;
/// A byte of a plain host name: a letter, a digit, `-`, `.` or `_`.
const HOST: u8 = 2;

/// Where the `@` of a plain address is: one `@`, [`LOCAL`] bytes before
/// it and [`HOST`] bytes after it (all ASCII: no space, quote, literal or
/// character the general checks would stop at). `None` for any other.
fn plain_at(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let at = memchr::memchr(b'@', b)?;
    let is = |class: u8| move |&c: &u8| ADDRESS_BYTES[usize::from(c)] & class != 0;
    (b[..at].iter().all(is(LOCAL)) && b[at + 1..].iter().all(is(HOST))).then_some(at)
}

/// Check an address's syntax (on ASCII-folded text). Dot placement in the
/// local part is left to [`local_part_dots`].
pub fn check_address(s: &str) -> Result<(), AddressError> {
    // A plain address (nearly every one) meets none of the general checks'
    // character-level stops: only its parts' lengths and labels are left
    // (issue 15: about 1,300 instructions an address, char by char).
    match plain_at(s) {
        Some(at) => plain_address_rest(s, at),
        None => check_any_address(s),
    }
}

/// What [`check_any_address`] checks of a plain address ([`plain_at`]),
/// in its order: the emptiness and lengths of the parts and the domain's
/// labels.
fn plain_address_rest(s: &str, at: usize) -> Result<(), AddressError> {
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.is_empty() {
        return Err(AddressError::EmptyLocal);
    }
    if domain.is_empty() {
        return Err(AddressError::EmptyDomain);
    }
    if local.len() > 64 {
        return Err(AddressError::LocalTooLong);
    }
    if s.len() > 254 {
        return Err(AddressError::AddressTooLong);
    }
    check_labels(domain.strip_suffix('.').unwrap_or(domain))
        .map_err(|e| AddressError::DomainLabel(shift_label(e, at + 1)))?;
    if domain.len() > 253 {
        return Err(AddressError::DomainTooLong);
    }
    if !domain.trim_end_matches('.').contains('.') {
        return Err(AddressError::DomainNoDot);
    }
    Ok(())
}

/// [`check_address`] of any text, step by step.
fn check_any_address(s: &str) -> Result<(), AddressError> {
    let space = |from: usize, part: &str| {
        part.find(|c: char| c.is_whitespace()).map(|i| {
            let len = part[i..].chars().next().map_or(1, char::len_utf8);
            AddressError::Space(from + i..from + i + len)
        })
    };
    let (at, domain_start) = match split_address(s) {
        Ok(v) => v,
        Err(e) => return Err(space(0, s).unwrap_or(e)),
    };
    let local = &s[..at];
    let domain = &s[domain_start..];
    let quoted_local = local.len() >= 2 && local.starts_with('"') && local.ends_with('"');
    if let Some(e) = (!quoted_local)
        .then(|| space(0, local))
        .flatten()
        .or_else(|| space(domain_start, domain))
    {
        return Err(e);
    }
    if local.is_empty() {
        return Err(AddressError::EmptyLocal);
    }
    if domain.is_empty() {
        return Err(AddressError::EmptyDomain);
    }
    if !quoted_local {
        for (i, c) in local.char_indices() {
            if c == '.' || is_atext(c) {
                continue;
            }
            if !c.is_ascii() {
                return Err(AddressError::NonAsciiLocal(i..i + c.len_utf8()));
            }
            return Err(AddressError::LocalChar(c, i..i + c.len_utf8()));
        }
    }
    if local.len() > 64 {
        return Err(AddressError::LocalTooLong);
    }
    if s.len() > 254 {
        return Err(AddressError::AddressTooLong);
    }
    if domain.starts_with('[') && domain.ends_with(']') {
        return Ok(()); // domain literal: [192.0.2.1]
    }
    if let Some((c, r)) = bad_host_char(domain) {
        return Err(AddressError::DomainChar(c, shift(r, domain_start)));
    }
    check_labels(domain.strip_suffix('.').unwrap_or(domain))
        .map_err(|e| AddressError::DomainLabel(shift_label(e, domain_start)))?;
    if domain.len() > 253 {
        return Err(AddressError::DomainTooLong);
    }
    if !domain.trim_end_matches('.').contains('.') {
        return Err(AddressError::DomainNoDot);
    }
    Ok(())
}

/// `..`, a leading `.` and `.@` in an unquoted local part.
pub fn local_part_dots(s: &str) -> Vec<DotProblem> {
    let Ok((at, _)) = split_address(s) else {
        return Vec::new();
    };
    let local = &s[..at];
    if local.starts_with('"') {
        return Vec::new();
    }
    let mut out = Vec::new();
    if local.starts_with('.') {
        out.push(DotProblem::LeadingDot(0..1));
    }
    let bytes = local.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'.' && bytes[i + 1] == b'.' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] == b'.' {
                j += 1;
            }
            out.push(DotProblem::DoubleDot(i..j));
            i = j;
        } else {
            i += 1;
        }
    }
    if local.len() > 1 && local.ends_with('.') && !local.ends_with("..") {
        out.push(DotProblem::TrailingDot(at - 1..at + 1));
    }
    out
}

fn shift(r: Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}

fn shift_label(e: LabelError, by: usize) -> LabelError {
    match e {
        LabelError::Empty(r) => LabelError::Empty(shift(r, by)),
        LabelError::Hyphen(r) => LabelError::Hyphen(shift(r, by)),
        LabelError::TooLong(r) => LabelError::TooLong(shift(r, by)),
    }
}

/// The first character not allowed in a host name (letters, digits, `-`,
/// `.`, `_` as seen in practice, and non-ASCII letters of IDNs).
fn bad_host_char(s: &str) -> Option<(char, Range<usize>)> {
    s.char_indices()
        .find(|(_, c)| {
            !(c.is_ascii_alphanumeric()
                || matches!(c, '-' | '.' | '_')
                || (!c.is_ascii() && c.is_alphanumeric()))
        })
        .map(|(i, c)| (c, i..i + c.len_utf8()))
}

/// Labels of a dotted name: 1..=63 characters, not starting or ending with `-`.
pub fn check_labels(s: &str) -> Result<(), LabelError> {
    // Byte by byte: every server's host name comes here, and its labels are
    // short (issue 15; `str::split` searched for each dot anew).
    let b = s.as_bytes();
    let mut start = 0;
    loop {
        let end = b[start..]
            .iter()
            .position(|&c| c == b'.')
            .map_or(b.len(), |i| start + i);
        let label = &b[start..end];
        let (Some(&head), Some(&tail)) = (label.first(), label.last()) else {
            let at = start.min(s.len());
            return Err(LabelError::Empty(at..(at + 1).min(s.len().max(at))));
        };
        if head == b'-' || tail == b'-' {
            return Err(LabelError::Hyphen(start..end));
        }
        if label.len() > 63 {
            return Err(LabelError::TooLong(start..end));
        }
        if end == b.len() {
            return Ok(());
        }
        start = end + 1;
    }
}

/// Why a host name is not valid.
#[derive(Clone, Debug, PartialEq)]
pub enum HostError {
    Empty,
    /// Leading, trailing or inner white space.
    Space(Range<usize>),
    /// `http://`, `pop3://` ...: the scheme and what to keep.
    Scheme(Range<usize>),
    Path(Range<usize>),
    At(Range<usize>),
    Port(Range<usize>, String),
    Char(char, Range<usize>),
    Label(LabelError),
    TooLong,
}

/// Check a host name (on ASCII-folded text), and say what the user most
/// likely meant when it can be told: the bare host name.
pub fn check_host(s: &str) -> Result<(), HostError> {
    // A plain name (letters, digits, `-`, `.`, `_`) has no space, scheme,
    // `@`, path, port or IPv6 literal (which holds a `:`), and no character
    // that is not allowed: only its labels and length are left to check
    // (every server's host name is checked; issue 15).
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
    {
        check_labels(s.strip_suffix('.').unwrap_or(s)).map_err(HostError::Label)?;
        return if s.len() > 253 {
            Err(HostError::TooLong)
        } else {
            Ok(())
        };
    }
    check_any_host(s)
}

/// [`check_host`] of any text, step by step.
fn check_any_host(s: &str) -> Result<(), HostError> {
    if s.trim().is_empty() {
        return Err(HostError::Empty);
    }
    if let Some(i) = s.find(|c: char| c.is_whitespace()) {
        let len = s[i..].chars().next().map_or(1, char::len_utf8);
        return Err(HostError::Space(i..i + len));
    }
    if let Some(i) = find_scheme_end(s) {
        return Err(HostError::Scheme(0..i + 3));
    }
    if let Some(i) = s.find('@') {
        return Err(HostError::At(i..i + 1));
    }
    if let Some(i) = s.find(['/', '\\']) {
        return Err(HostError::Path(i..s.len()));
    }
    if s.starts_with('[') && s.ends_with(']') {
        return Ok(()); // IPv6 literal
    }
    if let Some(i) = s.rfind(':') {
        let port = &s[i + 1..];
        if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && !s[..i].contains(':') {
            return Err(HostError::Port(i..s.len(), port.to_string()));
        }
    }
    if s.parse::<std::net::Ipv6Addr>().is_ok() {
        return Ok(());
    }
    if let Some((c, r)) = bad_host_char(s) {
        return Err(HostError::Char(c, r));
    }
    check_labels(s.strip_suffix('.').unwrap_or(s)).map_err(HostError::Label)?;
    if s.len() > 253 {
        return Err(HostError::TooLong);
    }
    Ok(())
}

/// Where the first `://` of `s` starts (`str::find("://")` without building
/// a substring searcher: a host name is checked per server).
fn find_scheme_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    memchr::memchr_iter(b':', b).find(|&i| b[i..].starts_with(b"://"))
}

/// The bare host name inside a value such as ` http://user@mail.example.jp:587/x `.
pub fn bare_host(s: &str) -> String {
    let mut h = s.trim();
    if let Some(i) = find_scheme_end(h) {
        h = &h[i + 3..];
    }
    if let Some(i) = h.find(['/', '\\']) {
        h = &h[..i];
    }
    if let Some(i) = h.rfind('@') {
        h = &h[i + 1..];
    }
    if !h.starts_with('[') {
        if let Some(i) = h.rfind(':') {
            if h[i + 1..].bytes().all(|b| b.is_ascii_digit()) {
                h = &h[..i];
            }
        }
    }
    h.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check_labels` as it was (`str::split` at each dot).
    fn check_labels_as_before(s: &str) -> Result<(), LabelError> {
        let mut start = 0;
        for label in s.split('.') {
            let r = start..start + label.len();
            if label.is_empty() {
                let at = start.min(s.len());
                return Err(LabelError::Empty(at..(at + 1).min(s.len().max(at))));
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(LabelError::Hyphen(r));
            }
            if label.len() > 63 {
                return Err(LabelError::TooLong(r));
            }
            start += label.len() + 1;
        }
        Ok(())
    }

    /// Every name of up to five parts of dots, hyphens, letters, long labels
    /// and Japanese is judged as before issue 15.
    #[test]
    fn check_labels_as_before_issue_15() {
        let long = "a".repeat(64);
        let parts = [
            ".",
            "-",
            "a",
            "b-c",
            "日本",
            long.as_str(),
            "x".repeat(63).leak(),
        ];
        let n = parts.len();
        for len in 0..=5u32 {
            for mut i in 0..n.pow(len) {
                let mut s = String::new();
                for _ in 0..len {
                    s.push_str(parts[i % n]);
                    i /= n;
                }
                assert_eq!(check_labels(&s), check_labels_as_before(&s), "{s:?}");
            }
        }
    }

    /// `split_address` as it was (a `Vec` of every `@`, char by char).
    fn split_address_as_before(s: &str) -> Result<(usize, usize), AddressError> {
        let mut in_quotes = false;
        let mut escaped = false;
        let mut ats = Vec::new();
        for (i, c) in s.char_indices() {
            if escaped {
                escaped = false;
                continue;
            }
            match c {
                '\\' if in_quotes => escaped = true,
                '"' => in_quotes = !in_quotes,
                '@' if !in_quotes => ats.push(i),
                _ => {}
            }
        }
        match ats.as_slice() {
            [] => Err(AddressError::NoAt),
            [at] => Ok((*at, *at + 1)),
            _ => Err(AddressError::ManyAt),
        }
    }

    /// Addresses made of every piece in every order up to three pieces:
    /// both sides of an `@`, quotes, escapes, spaces, dots, hyphens,
    /// non-ASCII, long parts and every byte the classes tell apart.
    fn address_cases() -> Vec<String> {
        let long_local = "l".repeat(65);
        let long_label = "d".repeat(64);
        let long_domain = format!("{}.jp", vec!["x".repeat(60); 4].join("."));
        let mut pieces: Vec<String> = [
            "a", "@", ".", "..", "-", "_", "\"", "\\", " ", "\t", "日", "é", "[1.2]", "jp", "b-c",
            "+", "!", "#", "~", "/", "=", ":", ",", ";", "(", "\u{3000}", "\u{0}",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        pieces.extend([long_local, long_label, long_domain]);
        let n = pieces.len();
        let mut out = vec![
            "taro@example.jp".to_string(),
            "a.b@c.d".to_string(),
            "a@b".to_string(),
            "a@b.".to_string(),
            "a@b..jp".to_string(),
            "a@-b.jp".to_string(),
            format!("{}@{}.jp", "a".repeat(64), "b".repeat(180)),
            format!(
                "{}@{}.jp",
                "a".repeat(60),
                vec!["c".repeat(62); 4].join(".")
            ),
        ];
        for len in 1..=3u32 {
            for mut i in 0..n.pow(len) {
                let mut s = String::new();
                for _ in 0..len {
                    s.push_str(&pieces[i % n]);
                    i /= n;
                }
                out.push(s);
            }
        }
        // Every byte beside a plain address's parts.
        for b in 1..=127u8 {
            let c = char::from(b);
            out.extend([
                format!("a{c}b@example.jp"),
                format!("ab@exa{c}mple.jp"),
                format!("{c}@x.jp"),
                format!("x@{c}"),
            ]);
        }
        out
    }

    /// The plain path of `check_address` answers as the general one, and
    /// the split with `memchr` as the byte-by-byte one.
    #[test]
    fn plain_addresses_checked_as_any() {
        let cases = address_cases();
        assert!(cases.len() > 25_000);
        for s in &cases {
            assert_eq!(check_address(s), check_any_address(s), "{s:?}");
            assert_eq!(split_address(s), split_quoted(s), "{s:?}");
            assert_eq!(split_address(s), split_address_as_before(s), "{s:?}");
        }
    }

    proptest::proptest! {
        /// The plain path of `check_address` answers as the general one.
        #[test]
        fn plain_addresses_checked_as_any_generated(s in "[a-z0-9.@_+\\-]{0,70}|[a-z]{1,70}@[a-z.-]{0,260}") {
            proptest::prop_assert_eq!(check_address(&s), check_any_address(&s));
        }

        /// The plain-name path of `check_host` answers as the general one.
        #[test]
        fn plain_host_names_checked_as_any(s in "[a-zA-Z0-9._-]{0,80}|[a-z-]{60,70}(\\.[a-z]{1,3}){0,3}|[a-z.]{250,260}") {
            proptest::prop_assert_eq!(check_host(&s), check_any_host(&s));
        }

        /// `split_address` finds the `@` as before.
        #[test]
        fn addresses_split_as_before(s in "[a@\"\\\\.é日 ]{0,12}") {
            proptest::prop_assert_eq!(split_address(&s), split_address_as_before(&s));
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("ｉｎｆｏ＠ｅｘａｍｐｌｅ．ｊｐ"), "info@example.jp");
        assert_eq!(fold("a\u{3000}b。ー"), "a b.-");
        assert_eq!(ascii_twin('日'), None);
        assert_eq!(ascii_twin('ｱ'), None, "half-width katakana is not ASCII");
        assert_eq!(wide_chars("aｗb")[0].range, 1..4);
    }

    #[test]
    fn addresses() {
        assert_eq!(check_address("taro@example.jp"), Ok(()));
        assert_eq!(check_address("\"a b\"@example.jp"), Ok(()));
        assert_eq!(check_address("a@[192.0.2.1]"), Ok(()));
        assert_eq!(check_address("a@例え.jp"), Ok(()));
        assert_eq!(check_address("example.jp"), Err(AddressError::NoAt));
        assert_eq!(check_address("a@b@c.jp"), Err(AddressError::ManyAt));
        assert_eq!(check_address("@c.jp"), Err(AddressError::EmptyLocal));
        assert_eq!(check_address("a@"), Err(AddressError::EmptyDomain));
        assert_eq!(
            check_address("sales@koara-example,jp"),
            Err(AddressError::DomainChar(',', 19..20))
        );
        assert_eq!(check_address("a b@c.jp"), Err(AddressError::Space(1..2)));
        assert_eq!(
            check_address("a(b@c.jp"),
            Err(AddressError::LocalChar('(', 1..2))
        );
        assert!(matches!(
            check_address("a@-c.jp"),
            Err(AddressError::DomainLabel(LabelError::Hyphen(_)))
        ));
        assert!(matches!(
            check_address("a@c..jp"),
            Err(AddressError::DomainLabel(LabelError::Empty(_)))
        ));
        assert_eq!(check_address("a@localhost"), Err(AddressError::DomainNoDot));
        assert_eq!(
            check_address(&format!("{}@c.jp", "a".repeat(65))),
            Err(AddressError::LocalTooLong)
        );
        assert!(matches!(
            check_address("たろう@c.jp"),
            Err(AddressError::NonAsciiLocal(_))
        ));
        // Dots are ML104's business, not a syntax error here.
        assert_eq!(check_address("taro..y.@docomo.ne.jp"), Ok(()));
    }

    #[test]
    fn dots() {
        assert_eq!(
            local_part_dots("taro..y@x.jp"),
            vec![DotProblem::DoubleDot(4..6)]
        );
        assert_eq!(
            local_part_dots(".taro@x.jp"),
            vec![DotProblem::LeadingDot(0..1)]
        );
        assert_eq!(
            local_part_dots("taro.@x.jp"),
            vec![DotProblem::TrailingDot(4..6)]
        );
        assert!(local_part_dots("taro.y@x.jp").is_empty());
    }

    #[test]
    fn hosts() {
        assert_eq!(check_host("www.example.jp"), Ok(()));
        assert_eq!(check_host("www.example.jp."), Ok(()));
        assert_eq!(check_host("192.0.2.1"), Ok(()));
        assert_eq!(check_host("::1"), Ok(()));
        assert_eq!(check_host(""), Err(HostError::Empty));
        assert_eq!(
            check_host("smtp.example.jp "),
            Err(HostError::Space(15..16))
        );
        assert_eq!(
            check_host("http://mail.example.jp"),
            Err(HostError::Scheme(0..7))
        );
        assert_eq!(check_host("mail.example.jp/"), Err(HostError::Path(15..16)));
        assert_eq!(check_host("taro@mail.example.jp"), Err(HostError::At(4..5)));
        assert_eq!(
            check_host("mail.example.jp:587"),
            Err(HostError::Port(15..19, "587".into()))
        );
        assert!(matches!(
            check_host("mail..example.jp"),
            Err(HostError::Label(LabelError::Empty(_)))
        ));
        assert!(matches!(
            check_host("mail,example.jp"),
            Err(HostError::Char(',', _))
        ));
        assert_eq!(
            bare_host(" http://taro@mail.example.jp:587/x "),
            "mail.example.jp"
        );
    }
}
