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
use super::build::{Builder, Shape, leaf_text};
use crate::source::{SourceId, Span};

/// XML's whitespace, as quick-xml's `is_whitespace`.
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\r' | b'\n' | b'\t')
}

/// The tree of `text`, or `None` when the fast path does not apply.
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
    let mut attrs: Vec<(&[u8], &[u8])> = Vec::new();
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
                    let whole = Shape::Whole(span, leaf_text(after_tag, raw, source));
                    b.scanned(tag, local, &attrs, whole).ok()?;
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
    let mut p = pos;
    while let Some(&c) = bytes.get(p) {
        if c == b'<' {
            return Some((p, true));
        }
        if !c.is_ascii_whitespace() {
            break;
        }
        p += 1;
    }
    memchr::memchr(b'<', bytes.get(p..)?).map(|i| (p + i, false))
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
        let hits = has_byte(word, b'<') | has_byte(word, b'&');
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

/// A flag (the high bit) in each byte of `word` equal to `b`, exact for
/// the lowest such byte.
fn has_byte(word: u64, b: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let x = word ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x & (ONES << 7)
}

/// `a == b` for names, byte by byte: they are short, and a call to the
/// library's comparison cost more than the loop.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
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
    attrs: &mut Vec<(&'c [u8], &'c [u8])>,
) -> Option<(usize, bool, &'c [u8], usize)> {
    attrs.clear();
    let mut stop = 0;
    let mut local = 0;
    loop {
        match *rest.get(stop)? {
            b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>' | b'"' | b'\'' => break,
            b':' => local = stop + 1,
            _ => {}
        }
        stop += 1;
    }
    let name = rest.get(..stop)?;
    if stop == 0 {
        return None;
    }
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
    out: &mut Vec<(&'c [u8], &'c [u8])>,
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
        while rest
            .get(i)
            .is_some_and(|&c| c != b'=' && c != b'>' && !is_ws(c))
        {
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
        let close = value_start + memchr::memchr(quote, rest.get(value_start..)?)?;
        if out.iter().any(|(k, _)| same(k, key)) {
            return None;
        }
        out.push((key, rest.get(value_start..close)?));
        i = close + 1;
    }
}
