//! A fast path for well-formed files: the markup scanned here, byte for
//! byte as quick-xml 0.37's slice reader scans it (`read_text`,
//! `ElementParser`, `PiParser`, `BangType::parse`, `emit_*`, and the
//! attribute iterator's `IterState::next` with its duplicate check), into
//! the same [`Builder`].
//!
//! It knows only the markup of a file that parses cleanly: at anything else
//! (any error quick-xml would report, a CDATA section, a DOCTYPE, a byte
//! order mark, an empty name, any problem of the tree) it gives up, and
//! the file is parsed again by quick-xml, whose events and messages are the
//! reference. So a file's tree and problems are the same whichever path
//! read it (the tests compare both on every file and on mutated ones).
//! Scanning costs a few instructions a byte; quick-xml's reader with its
//! event objects cost about ten times as many (issue 15).

use super::XmlTree;
use super::build::Builder;
use crate::source::SourceId;

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
        let Some(lt) = bytes
            .get(pos..)?
            .iter()
            .position(|&c| c == b'<')
            .map(|i| pos + i)
        else {
            if pos < bytes.len() {
                b.text(pos, bytes.len(), bytes.get(pos..)?).ok()?;
            }
            break;
        };
        let between = bytes.get(pos..lt)?;
        // Spaces between elements (most texts) go no further.
        if !between.is_empty() && (b.in_text() || !between.iter().all(u8::is_ascii_whitespace)) {
            b.text(pos, lt, between).ok()?;
        }
        // From the byte after `<`; `end` is the index of `>` in `rest`.
        let rest = bytes.get(lt + 1..)?;
        let (end, step) = match rest.first()? {
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
                let (end, empty, name) = start_tag(rest, &mut attrs)?;
                if !empty {
                    open.push(name);
                }
                let attrs = attrs.iter().map(|&a| Ok::<_, String>(a));
                (end, b.start(lt, lt + end + 2, empty, name, attrs))
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
    if rest.get(1..len) == Some(expected) && rest.get(len) == Some(&b'>') {
        return Some(len);
    }
    let end = tag_end(rest)?;
    (trim_end(rest.get(1..end)?) == expected).then_some(end)
}

/// The start tag in `rest` (from the byte after `<`): the index of its `>`,
/// whether it is empty (`<a/>`), and its name; its attributes go to `attrs`.
fn start_tag<'c>(
    rest: &'c [u8],
    attrs: &mut Vec<(&'c [u8], &'c [u8])>,
) -> Option<(usize, bool, &'c [u8])> {
    attrs.clear();
    // `<name>` and `<name/>`, the usual forms, without a second scan.
    let stop = rest
        .iter()
        .position(|&c| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>' | b'"' | b'\''))?;
    let name = rest.get(..stop)?;
    match (rest.get(stop), rest.get(stop + 1)) {
        (Some(b'>'), _) if stop > 0 => return Some((stop, false, name)),
        (Some(b'/'), Some(b'>')) if stop > 0 => return Some((stop + 1, true, name)),
        _ => {}
    }
    let end = tag_end(rest)?;
    let content = rest.get(..end)?;
    let (content, empty) = match content.strip_suffix(b"/") {
        Some(c) => (c, true),
        None => (content, false),
    };
    let name_len = content
        .iter()
        .position(|&c| is_ws(c))
        .unwrap_or(content.len());
    let name = content.get(..name_len)?;
    // No name, or quotes in it (quick-xml's tag scan pairs them): left to
    // quick-xml.
    if name.is_empty() || name.iter().any(|c| matches!(c, b'"' | b'\'')) {
        return None;
    }
    attributes(content, name_len, attrs)?;
    Some((end, empty, name))
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

/// The attributes of a start tag's `content` from `from` (after the name),
/// as `(key, value)` slices into `out`, by the rules of quick-xml's
/// attribute iterator (XML mode, duplicates checked); `None` at anything it
/// reports as an error.
fn attributes<'c>(
    content: &'c [u8],
    from: usize,
    out: &mut Vec<(&'c [u8], &'c [u8])>,
) -> Option<()> {
    out.clear();
    let mut i = from;
    let n = content.len();
    let skip_ws = |mut i: usize| {
        while i < n && is_ws(content[i]) {
            i += 1;
        }
        i
    };
    loop {
        i = skip_ws(i);
        if i == n {
            return Some(());
        }
        let key_start = i;
        while i < n && content[i] != b'=' && !is_ws(content[i]) {
            i += 1;
        }
        let key = content.get(key_start..i)?;
        // Quotes, markup or nothing in a name: leave it to quick-xml.
        if key.is_empty()
            || key
                .iter()
                .any(|c| matches!(c, b'"' | b'\'' | b'<' | b'>' | b'/'))
        {
            return None;
        }
        i = skip_ws(i);
        if content.get(i) != Some(&b'=') {
            return None;
        }
        i = skip_ws(i + 1);
        let quote = *content.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_start = i + 1;
        let close = value_start + memchr::memchr(quote, content.get(value_start..)?)?;
        if out.iter().any(|(k, _)| *k == key) {
            return None;
        }
        out.push((key, content.get(value_start..close)?));
        i = close + 1;
    }
}
