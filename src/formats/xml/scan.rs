//! A fast path for well-formed files: the markup scanned here, byte for
//! byte as quick-xml 0.37's slice reader scans it (`read_text`,
//! `ElementParser`, `PiParser`, `BangType::parse`, `emit_*`, and the
//! attribute iterator's `IterState::next` with its duplicate check), into
//! the same [`Builder`].
//!
//! It knows only the markup of a file that parses cleanly: at anything else
//! (any error quick-xml would report, a CDATA section, a byte order mark,
//! an empty name, any problem of the tree) it gives up, and
//! the file is parsed again by quick-xml, whose events and messages are the
//! reference. So a file's tree and problems are the same whichever path
//! read it (the tests compare both on every file and on mutated ones).
//! Scanning costs a few instructions a byte; quick-xml's reader with its
//! event objects cost about ten times as many (issue 15).

use super::XmlTree;
use super::build::{Builder, ScannedAttr, Shape, leaf_text};
use crate::formats::words::{HIGHS, ONES, equal_bytes, exact_zero_bytes};
use crate::source::{SourceId, Span};

/// XML's whitespace, as quick-xml's `is_whitespace`.
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\r' | b'\n' | b'\t')
}

/// The tree of `text`, or `None` when the fast path does not apply.
/// Never inlined: where the inliner put this loop into `xml::parse` (a
/// change elsewhere in the crate decides it), the same code cost 25 K
/// more on the ISPDB.
#[inline(never)]
pub(super) fn parse(text: &str, source: SourceId) -> Option<XmlTree<'_>> {
    let bytes = text.as_bytes();
    // quick-xml drops a BOM without counting it in its positions.
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return None;
    }
    let mut b = Builder::new(text, source);
    // The names of the open elements, for the end tags.
    let mut open: Vec<&[u8]> = Vec::new();
    // The attributes of the tag at hand (one vector for all).
    let mut attrs: Vec<ScannedAttr> = Vec::new();
    let mut pos = 0;
    loop {
        let Some((lt, spaces)) = next_markup(bytes, pos) else {
            if pos < bytes.len() {
                b.text(pos, bytes.len(), bytes.get(pos..)?).ok()?;
            }
            break;
        };
        // Spaces between elements (most texts) go no further.
        if lt > pos && (!spaces || b.in_text()) {
            b.text(pos, lt, bytes.get(pos..lt)?).ok()?;
        }
        // From the byte after `<`; `end` is the index of `>` in `rest`.
        let rest = bytes.get(lt + 1..)?;
        let (end, step) = match rest.first()? {
            // `<!DOCTYPE ...>` (every `.mobileconfig` has one): nothing
            // to keep, as in the tree quick-xml's events make.
            b'!' if matches!(rest.get(1), Some(b'D' | b'd')) => (doctype_end(rest)?, Ok(())),
            b'!' => {
                let end = comment_end(rest)?;
                let body = rest.get(3..end - 2)?;
                (end, b.comment(lt, lt + end + 2, body))
            }
            b'/' => {
                let end = end_tag(rest, open.pop()?)?;
                (end, b.end(lt, lt + end + 2))
            }
            b'?' => {
                // `<?xml ...?>` or a processing instruction: nothing to keep.
                let end = pi_end(rest)?;
                (end, Ok(()))
            }
            _ => {
                let (end, empty, name, local) = start_tag(rest, &mut attrs)?;
                let after_tag = lt + end + 2;
                let tag = Span::new(source, lt, after_tag);
                let local = text.get(lt + 1 + local..lt + 1 + name.len())?;
                if empty {
                    (end, b.scanned(tag, local, &attrs, Shape::Empty))
                } else if let Some((raw, after)) = leaf(text, after_tag, name) {
                    let span = Span::new(source, lt, after);
                    let value = leaf_text(after_tag, raw, source);
                    b.leaf(tag, local, &attrs, span, value).ok()?;
                    pos = after;
                    continue;
                } else {
                    open.push(name);
                    (end, b.scanned(tag, local, &attrs, Shape::Open))
                }
            }
        };
        step.ok()?;
        pos = lt + end + 2;
    }
    let tree = b.finish();
    // Problems (an unclosed element, text outside the root, a directive
    // with `--`...) are the reference parser's to report.
    tree.problems.is_empty().then_some(tree)
}

/// The next `<` from `pos`, and whether only ASCII spaces come before it.
/// Most texts are the spaces that indent the next line, skipped byte by
/// byte (a vector search costs more than a few spaces); anything else is
/// searched for.
fn next_markup(bytes: &[u8], pos: usize) -> Option<(usize, bool)> {
    let rest = bytes.get(pos..)?;
    let p = spaces_end(rest);
    let rest = rest.get(p..)?;
    if rest.first() == Some(&b'<') {
        return Some((pos + p, true));
    }
    memchr::memchr(b'<', rest).map(|i| (pos + p + i, false))
}

/// How many ASCII spaces (`u8::is_ascii_whitespace`) `bytes` starts with.
/// Indentation is a line end and a few spaces: eight bytes are compared
/// with `\n` and ` ` at once (a byte loop cost about seven instructions a
/// byte); at any other byte, and for the last few, byte by byte.
fn spaces_end(bytes: &[u8]) -> usize {
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = word8(chunk);
        let plain = exact_zero_bytes(word ^ (ONES * u64::from(b' ')))
            | exact_zero_bytes(word ^ (ONES * u64::from(b'\n')));
        if plain != HIGHS {
            i += ((!plain & HIGHS).trailing_zeros() / 8) as usize;
            break;
        }
        i += 8;
    }
    i + bytes
        .get(i..)
        .unwrap_or_default()
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(bytes.len().saturating_sub(i))
}

/// Where a start tag's name ends in `rest` (from the byte after `<`): the
/// index of the first space, `/`, `>` or quote, and where its local name
/// starts (past its last `:`); `None` when nothing ends it. The letters of
/// a name are above `>` (0x3E): eight bytes are tested for a byte at or
/// below it at once, and only such a byte is looked at (a byte loop cost
/// about six instructions a byte).
fn name_end(rest: &[u8]) -> Option<(usize, usize)> {
    let mut local = 0;
    let mut i = 0;
    loop {
        let low = match rest.get(i..i + 8) {
            Some(chunk) => {
                let word = word8(chunk);
                // The high bit of each byte below 0x3F (exact for the
                // lowest; a byte of 0x80 or more is never flagged).
                let low = word.wrapping_sub(ONES * 0x3F) & !word & HIGHS;
                if low == 0 {
                    i += 8;
                    continue;
                }
                i + (low.trailing_zeros() / 8) as usize
            }
            // The last few bytes: the next byte at or below `>`.
            None => i + rest.get(i..)?.iter().position(|&c| c <= b'>')?,
        };
        match *rest.get(low)? {
            b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>' | b'"' | b'\'' => return Some((low, local)),
            b':' => local = low + 1,
            _ => {}
        }
        i = low + 1;
    }
}

/// The next `<` from `from`, or `None` at a `&` before it (a value to
/// unescape). Values are short: they are read eight bytes at a time (a
/// vector search costs more to set up than most values take), a long one's
/// rest searched.
pub(super) fn find_lt(bytes: &[u8], from: usize) -> Option<usize> {
    let head = bytes.get(from..)?;
    let near = head.len().min(64);
    let mut i = 0;
    while let Some(chunk) = head.get(i..i + 8) {
        if i >= near {
            break;
        }
        let word = u64::from_le_bytes(chunk.try_into().ok()?);
        let hits = equal_bytes(word, b'<') | equal_bytes(word, b'&');
        if hits != 0 {
            // The lowest flag is exact (the others may be carries).
            let at = i + (hits.trailing_zeros() / 8) as usize;
            return (head.get(at) == Some(&b'<')).then_some(from + at);
        }
        i += 8;
    }
    let rest = head.get(i..)?;
    let at = i + memchr::memchr2(b'<', b'&', rest)?;
    (head.get(at) == Some(&b'<')).then_some(from + at)
}

/// `a == b` for names: eight bytes at a time, the rest (fewer than
/// eight) as two overlapping words or bytes. Names are short, and a call
/// to the library's comparison, or a loop over the bytes, cost more
/// (issue 15: 126 K for the end tags of the ISPDB byte by byte).
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut xs = a.chunks_exact(8);
    let mut ys = b.chunks_exact(8);
    for (x, y) in (&mut xs).zip(&mut ys) {
        if word8(x) != word8(y) {
            return false;
        }
    }
    let (x, y) = (xs.remainder(), ys.remainder());
    match x.len() {
        4.. => word4(x, 0) == word4(y, 0) && word4(x, x.len() - 4) == word4(y, y.len() - 4),
        2.. => word2(x, 0) == word2(y, 0) && word2(x, x.len() - 2) == word2(y, y.len() - 2),
        1 => x.first() == y.first(),
        0 => true,
    }
}

/// The eight bytes of `c` (a chunk of eight) as a word, the first byte
/// lowest (the searches take the lowest flag as the first byte).
fn word8(c: &[u8]) -> u64 {
    c.try_into().map_or(0, u64::from_le_bytes)
}

/// The four bytes of `c` from `at` as a word (0 past its end: never asked).
fn word4(c: &[u8], at: usize) -> u32 {
    c.get(at..at + 4)
        .and_then(|w| w.try_into().ok())
        .map_or(0, u32::from_ne_bytes)
}

/// The two bytes of `c` from `at` as a word (0 past its end: never asked).
fn word2(c: &[u8], at: usize) -> u16 {
    c.get(at..at + 2)
        .and_then(|w| w.try_into().ok())
        .map_or(0, u16::from_ne_bytes)
}

/// `<name>raw</name>` from `from` (past the start tag): the text, without
/// `&` (no unescaping), and the position past the end tag, when the element
/// holds nothing else and its end tag is written `</name>`.
fn leaf<'a>(text: &'a str, from: usize, name: &[u8]) -> Option<(&'a str, usize)> {
    let bytes = text.as_bytes();
    let lt = find_lt(bytes, from)?;
    let close = lt + 2 + name.len();
    if bytes.get(lt + 1) != Some(&b'/')
        || !same(bytes.get(lt + 2..close)?, name)
        || bytes.get(close) != Some(&b'>')
    {
        return None;
    }
    Some((text.get(from..lt)?, close + 1))
}

/// `bytes` without the XML whitespace at its end.
fn trim_end(bytes: &[u8]) -> &[u8] {
    let len = bytes.iter().rposition(|&c| !is_ws(c)).map_or(0, |p| p + 1);
    bytes.get(..len).unwrap_or_default()
}

/// The `>` of the end tag in `rest` (from its `/`) when it names
/// `expected`.
fn end_tag(rest: &[u8], expected: &[u8]) -> Option<usize> {
    // `</name>`, the usual form, without a scan. (Names have no quotes, see
    // `start_tag`, so the `>` after the name is the tag's.)
    let len = expected.len() + 1;
    if rest.get(1..len).is_some_and(|n| same(n, expected)) && rest.get(len) == Some(&b'>') {
        return Some(len);
    }
    let end = tag_end(rest)?;
    (trim_end(rest.get(1..end)?) == expected).then_some(end)
}

/// The start tag in `rest` (from the byte after `<`): the index of its `>`,
/// whether it is empty (`<a/>`), its name, and where its local name starts
/// in it (past the last `:`, as quick-xml's `local_name`); its attributes
/// go to `attrs`.
///
/// Read in one pass, name, attributes and end together. quick-xml first
/// finds the tag's `>` outside quotes, then reads the attributes inside;
/// where this pass succeeds the quotes are only the values' own, so both
/// find the same `>` and the same attributes. Anything else (a name with
/// `/`, a bare `/` among the attributes...) is left to quick-xml.
fn start_tag<'c>(
    rest: &'c [u8],
    attrs: &mut Vec<ScannedAttr<'c>>,
) -> Option<(usize, bool, &'c [u8], usize)> {
    attrs.clear();
    let (stop, local) = name_end(rest)?;
    if stop == 0 {
        return None;
    }
    let name = rest.get(..stop)?;
    match rest.get(stop)? {
        b'>' => Some((stop, false, name, local)),
        b'/' if rest.get(stop + 1) == Some(&b'>') => Some((stop + 1, true, name, local)),
        &c if is_ws(c) => {
            let (end, empty) = attributes(rest, stop, attrs)?;
            Some((end, empty, name, local))
        }
        _ => None,
    }
}

/// The `>` that ends a tag, outside quotes (`ElementParser`). Tags are
/// short: a plain loop costs less than setting up a vector search.
fn tag_end(rest: &[u8]) -> Option<usize> {
    let mut quote = 0;
    for (i, &c) in rest.iter().enumerate() {
        if quote == 0 {
            match c {
                b'>' => return Some(i),
                b'"' | b'\'' => quote = c,
                _ => {}
            }
        } else if c == quote {
            quote = 0;
        }
    }
    None
}

/// The `>` of `?>` (`PiParser`, then `emit_question_mark`, which wants at
/// least `<??>`).
fn pi_end(rest: &[u8]) -> Option<usize> {
    let end = memchr::memchr_iter(b'>', rest).find(|&i| i > 0 && rest[i - 1] == b'?')?;
    (end > 1).then_some(end)
}

/// The `>` of a comment's `-->` (`BangType::Comment`: the first `>` after
/// at least `!---` that follows `--`); `None` for the other `<!` markup.
fn comment_end(rest: &[u8]) -> Option<usize> {
    if !rest.starts_with(b"!--") {
        return None;
    }
    memchr::memchr_iter(b'>', rest).find(|&i| i > 4 && rest[..i].ends_with(b"--"))
}

/// The `>` of a document type declaration (`BangType::DocType`: the first
/// `>` after the `!` not matched by a `<`, so an internal subset's markup
/// is inside), when quick-xml reads it without an error (`emit_bang`:
/// `DOCTYPE` in any case, then a name after spaces).
fn doctype_end(rest: &[u8]) -> Option<usize> {
    let mut open = 0u32;
    let end = memchr::memchr2_iter(b'<', b'>', rest).find(|&i| {
        if rest.get(i) == Some(&b'<') {
            open += 1;
            return false;
        }
        let outside = open == 0;
        open = open.saturating_sub(1);
        outside
    })?;
    let decl = rest.get(..end)?;
    let named = decl.get(..8)?.eq_ignore_ascii_case(b"!DOCTYPE")
        && decl.get(8..)?.iter().any(|&c| !is_ws(c));
    named.then_some(end)
}

/// The attributes of a start tag from `from` (after its name) in `rest`,
/// as `(key, value)` slices into `out`, by the rules of quick-xml's
/// attribute iterator (XML mode, duplicates checked), up to the tag's end:
/// the index of its `>` and whether it is empty (`/>`). `None` at anything
/// quick-xml reports as an error.
fn attributes<'c>(
    rest: &'c [u8],
    from: usize,
    out: &mut Vec<ScannedAttr<'c>>,
) -> Option<(usize, bool)> {
    let mut i = from;
    let skip_ws = |mut i: usize| {
        while rest.get(i).is_some_and(|&c| is_ws(c)) {
            i += 1;
        }
        i
    };
    loop {
        i = skip_ws(i);
        match rest.get(i)? {
            b'>' => return Some((i, false)),
            b'/' => return (rest.get(i + 1) == Some(&b'>')).then_some((i + 1, true)),
            _ => {}
        }
        let key_start = i;
        // Its local name starts past its last `:` (quick-xml's `local_name`).
        let mut local = i;
        while let Some(&c) = rest.get(i) {
            if c == b'=' || c == b'>' || is_ws(c) {
                break;
            }
            if c == b':' {
                local = i + 1;
            }
            i += 1;
        }
        let key = rest.get(key_start..i)?;
        // Quotes, markup or nothing in a name: leave it to quick-xml.
        if key.is_empty()
            || key
                .iter()
                .any(|c| matches!(c, b'"' | b'\'' | b'<' | b'>' | b'/'))
        {
            return None;
        }
        i = skip_ws(i);
        if rest.get(i) != Some(&b'=') {
            return None;
        }
        i = skip_ws(i + 1);
        let quote = *rest.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_start = i + 1;
        // The closing quote, and whether a `&` comes before it (a value
        // to unescape): one search for both.
        let mut close = value_start + memchr::memchr2(quote, b'&', rest.get(value_start..)?)?;
        let amp = rest.get(close) == Some(&b'&');
        if amp {
            close += memchr::memchr(quote, rest.get(close..)?)?;
        }
        if out.iter().any(|a| same(a.key, key)) {
            return None;
        }
        out.push(ScannedAttr {
            key,
            local: rest.get(local..key_start + key.len())?,
            raw: rest.get(value_start..close)?,
            amp,
        });
        i = close + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::{name_end, same, spaces_end};

    /// The byte loops the word searches replaced: the oracles.
    fn spaces_end_bytes(bytes: &[u8]) -> usize {
        bytes
            .iter()
            .position(|c| !c.is_ascii_whitespace())
            .unwrap_or(bytes.len())
    }

    fn name_end_bytes(rest: &[u8]) -> Option<(usize, usize)> {
        let mut local = 0;
        for (i, &c) in rest.iter().enumerate() {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>' | b'"' | b'\'' => {
                    return Some((i, local));
                }
                b':' => local = i + 1,
                _ => {}
            }
        }
        None
    }

    /// Every string of up to 19 bytes over an alphabet of the bytes that
    /// matter (spaces, markup, `:`, letters, digits, the bytes next to
    /// the search's bounds, UTF-8 and control bytes), one byte changed at
    /// a time from a few bases, and every corpus and fixture file from
    /// each offset of its first kilobyte.
    #[test]
    fn word_searches_are_the_byte_loops() {
        let alphabet: &[u8] = b" \t\r\n\x0b\x0c\x00/>\"':=<&-.09AZaz?@=\x7f\x80\xc3\xa9\xff";
        let bases: Vec<Vec<u8>> = vec![
            b"incomingServer type=\"imap\">".to_vec(),
            b"\n            <hostname>".to_vec(),
            b"a:bc:defghijklmnopq/>".to_vec(),
            vec![b' '; 19],
            vec![b'x'; 19],
            b"\n \n \n \n \n \n \n \n \n \n".to_vec(),
        ];
        for base in &bases {
            for len in 0..=base.len() {
                for at in 0..len {
                    for &c in alphabet {
                        let mut v = base[..len].to_vec();
                        v[at] = c;
                        assert_eq!(spaces_end(&v), spaces_end_bytes(&v), "{v:?}");
                        assert_eq!(name_end(&v), name_end_bytes(&v), "{v:?}");
                    }
                }
            }
        }
        let files: Vec<Vec<u8>> = crate::test_files::corpus_and_fixtures()
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .collect();
        assert!(!files.is_empty());
        for bytes in &files {
            for from in 0..bytes.len().min(1024) {
                let v = &bytes[from..];
                assert_eq!(spaces_end(v), spaces_end_bytes(v));
                assert_eq!(name_end(v), name_end_bytes(v));
            }
        }
    }

    /// `same` is `==`: every length to 24, equal and with one byte
    /// changed at every place, and slices of other lengths.
    #[test]
    fn same_is_slice_equality() {
        let base: Vec<u8> = (0u8..24).map(|i| b'a' + i).collect();
        for len in 0..=base.len() {
            let a = &base[..len];
            let b = a.to_vec();
            assert!(same(a, &b), "{len}");
            for at in 0..len {
                let mut c = b.clone();
                c[at] ^= 0x20;
                assert_eq!(same(a, &c), a == c.as_slice(), "{len} {at}");
                assert!(!same(a, &c), "{len} {at}");
            }
            for other in 0..=base.len() {
                assert_eq!(same(a, &base[..other]), len == other, "{len} {other}");
            }
        }
    }
}
