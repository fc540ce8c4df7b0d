//! A small XML tree with byte spans, shared by the template readers
//! (autoconfig, Autodiscover, plist).
//!
//! quick-xml gives events and the reader's byte position; this keeps those
//! positions on every element, attribute value and text, so that every model
//! value points at its bytes. XML is not recoverable: a file that is not
//! well-formed is rejected whole by the clients, so the tree stops at the
//! first error and reports it as a [`ParseProblem`].

use crate::catalogue::ParseKind;
use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::formats::suppress::parse_directive;
use crate::model::{Client, Document, Format, ParseProblem, Suppression};
use crate::source::{Located, Rewrite, SourceFile, SourceId, Span};

/// An empty document of the template readers, made in one place.
pub fn new_document(client: Client, format: Format, files: &[&SourceFile]) -> Document {
    Document::new(client, format, files.iter().map(|f| f.id).collect())
}

/// Parse a file for a template reader: its problems and suppressions go to
/// `doc`; the tree comes back only when a client would read the file at all
/// (it has a root and is well-formed enough, see [`XmlTree::is_rejected`]).
pub fn parse_into<'a>(file: &'a SourceFile, doc: &mut Document) -> Option<XmlTree<'a>> {
    let tree = parse(&file.text, file.id);
    doc.problems.extend(tree.problems.iter().cloned());
    doc.suppressions.extend(tree.suppressions());
    // A client rejects a file that is not well-formed as a whole.
    (tree.root.is_some() && !tree.is_rejected()).then_some(tree)
}

/// Deeper nesting than this is not a mail template; stopping there keeps the
/// tree (and its recursive drop) small whatever the input.
const MAX_DEPTH: usize = 128;

#[derive(Clone, Debug)]
pub struct Attr<'a> {
    pub name: &'a str,
    pub value: Located<String>,
}

/// An element, its names borrowed from the text it was parsed from.
#[derive(Clone, Debug)]
pub struct Element<'a> {
    /// Local name: a namespace prefix is dropped (`a:Server` → `Server`).
    pub name: &'a str,
    /// From the `<` of the start tag to the `>` of the end tag.
    pub span: Span,
    pub start_tag: Span,
    pub attrs: Vec<Attr<'a>>,
    pub children: Vec<Element<'a>>,
    /// The element's own text, trimmed; `None` when empty or only spaces.
    pub text: Option<Located<String>>,
}

impl<'a> Element<'a> {
    pub fn child(&self, name: &str) -> Option<&Element<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'e>(&'e self, name: &'e str) -> impl Iterator<Item = &'e Element<'a>> {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn attr(&self, name: &str) -> Option<&Located<String>> {
        self.attrs.iter().find(|a| a.name == name).map(|a| &a.value)
    }

    /// The trimmed text of the first child `name`.
    pub fn child_text(&self, name: &str) -> Option<&Located<String>> {
        self.child(name).and_then(|c| c.text.as_ref())
    }
}

#[derive(Clone, Debug)]
pub struct Comment {
    pub span: Span,
    pub text: String,
    /// The element the comment is about, with everything inside it: the
    /// element that ends on the comment's line just before it
    /// (`<port>25</port> <!-- maillint: ignore ML401 -->`), else the element
    /// that follows the comment.
    pub next_element: Option<Span>,
}

#[derive(Debug, Default)]
pub struct XmlTree<'a> {
    pub root: Option<Element<'a>>,
    pub comments: Vec<Comment>,
    pub problems: Vec<ParseProblem>,
}

impl XmlTree<'_> {
    /// Whether a client's strict parser would refuse the whole file. A
    /// maillint directive with `--` would be refused too, but it is reported
    /// on its own and the rest is still checked, so that one edit fixes all.
    pub fn is_rejected(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.kind != ParseKind::XmlDirectiveDashes)
    }

    /// The `maillint: ignore` comments, each aimed at the element after it.
    pub fn suppressions(&self) -> Vec<Suppression> {
        self.comments
            .iter()
            .filter_map(|c| {
                let d = parse_directive(&c.text)?;
                Some(Suppression {
                    rules: d.rules,
                    reason: d.reason,
                    comment: c.span,
                    // `None` means the whole file: only `ignore-file`. An
                    // element still open at the end of a truncated file
                    // has no span; the comment then covers nothing (and is
                    // reported as unused), never the whole file.
                    target: if d.file_level {
                        None
                    } else {
                        Some(c.next_element.unwrap_or(Span::new(
                            c.span.source,
                            c.span.end,
                            c.span.end,
                        )))
                    },
                    in_value: false,
                })
            })
            .collect()
    }
}

struct Open<'a> {
    el: Element<'a>,
    /// Comments waiting for this element's end to know their target.
    comments: Vec<usize>,
    text: TextAcc<'a>,
}

/// An element's text as its pieces come: borrowed from the source while it
/// is one piece, as most texts are (no copy per text event; issue 15).
#[derive(Default)]
struct TextAcc<'a> {
    value: Cow<'a, str>,
    start: Option<usize>,
    end: usize,
    pieces: usize,
    exact: bool,
}

impl<'a> TextAcc<'a> {
    fn push(&mut self, raw_start: usize, raw: &str, value: Cow<'a, str>) {
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if trimmed.is_empty() && self.start.is_none() {
            return;
        }
        if self.start.is_none() {
            self.start = Some(raw_start + lead);
            self.exact = true;
        }
        if !trimmed.is_empty() {
            self.end = raw_start + lead + trimmed.len();
        }
        self.pieces += 1;
        self.exact &= raw == value;
        if self.value.is_empty() {
            self.value = value;
        } else {
            self.value.to_mut().push_str(&value);
        }
    }

    fn finish(self, source: SourceId) -> Option<Located<String>> {
        let start = self.start?;
        let value = self.value.trim().to_string();
        if value.is_empty() {
            return None;
        }
        let verbatim = self.exact && self.pieces == 1;
        let mut text =
            Located::file(value, Span::new(source, start, self.end)).with_verbatim(verbatim);
        text.rewrite = Some(text_rewrite());
        Some(text)
    }
}

/// How a fix writes an element's text: escaped. One shared function for
/// every text of every file (a clone is a count, not an allocation).
fn text_rewrite() -> Rewrite<String> {
    static REWRITE: std::sync::OnceLock<Rewrite<String>> = std::sync::OnceLock::new();
    REWRITE
        .get_or_init(|| Rewrite::new(|v: &String| Some(escape_text(v))))
        .clone()
}

/// The local name of a name quick-xml read from `text` (a slice of it).
fn local_name<'a>(text: &'a str, raw: &[u8]) -> &'a str {
    let name = borrowed(text, raw);
    match name.rsplit_once(':') {
        Some((_, local)) => local,
        None => name,
    }
}

/// `inner`, a slice quick-xml read from `text`, as the `&str` it is there.
/// The reader cuts the text only at ASCII markup, so the slice is always on
/// character boundaries; were it not, it is empty.
fn borrowed<'a>(text: &'a str, inner: &[u8]) -> &'a str {
    offset_in(text, inner)
        .and_then(|at| text.get(at..at + inner.len()))
        .unwrap_or_default()
}

/// Where `inner` (a slice borrowed from `text`) starts in `text`.
fn offset_in(text: &str, inner: &[u8]) -> Option<usize> {
    let base = text.as_ptr() as usize;
    let at = (inner.as_ptr() as usize).checked_sub(base)?;
    (at + inner.len() <= text.len()).then_some(at)
}

fn problem(kind: ParseKind, span: Span, detail: impl Into<String>) -> ParseProblem {
    ParseProblem {
        kind,
        span,
        detail: Some(detail.into()),
        related: Vec::new(),
    }
}

/// Parse `text` (the whole decoded file) into a tree.
pub fn parse(text: &str, source: SourceId) -> XmlTree<'_> {
    let mut tree = XmlTree::default();
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    // XML forbids `--` inside comments, and strict parsers (Gecko, lxml)
    // reject the file. maillint's own directive uses `-- reason`, so `--` is
    // checked here, outside directives, instead of by quick-xml.
    reader.config_mut().check_comments = false;
    let mut stack: Vec<Open> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    // The element that ended last, for a comment after it on its line.
    let mut last_closed: Option<Span> = None;
    // Positions come from the parser; keep them inside the text and on
    // character boundaries whatever it reports.
    let at = |s: usize, e: usize| {
        let s = crate::source::floor_char_boundary(text, s);
        let mut e = e.clamp(s, text.len());
        while !text.is_char_boundary(e) {
            e += 1;
        }
        Span::new(source, s, e)
    };
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let pos = reader.error_position() as usize;
                tree.problems.push(problem(
                    ParseKind::XmlSyntax,
                    at(pos, pos + 1),
                    e.to_string(),
                ));
                break;
            }
        };
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(start) | Event::Empty(start)
                if stack.is_empty() && tree.root.is_some() =>
            {
                let _ = start;
                tree.problems.push(problem(
                    ParseKind::XmlSyntax,
                    at(before, after),
                    "a second root element: an XML file has exactly one",
                ));
                break;
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    tree.problems.push(problem(
                        ParseKind::XmlSyntax,
                        at(before, after),
                        format!("elements nested more than {MAX_DEPTH} deep"),
                    ));
                    break;
                }
                match element(text, source, &start, at(before, after)) {
                    Ok(el) => stack.push(Open {
                        el,
                        comments: std::mem::take(&mut pending),
                        text: TextAcc::default(),
                    }),
                    Err(p) => {
                        tree.problems.push(p);
                        break;
                    }
                }
            }
            Event::Empty(start) => {
                let el = match element(text, source, &start, at(before, after)) {
                    Ok(el) => el,
                    Err(p) => {
                        tree.problems.push(p);
                        break;
                    }
                };
                for i in pending.drain(..) {
                    if let Some(c) = tree.comments.get_mut(i) {
                        c.next_element = Some(el.span);
                    }
                }
                last_closed = Some(el.span);
                match stack.last_mut() {
                    Some(parent) => parent.el.children.push(el),
                    None => tree.root = Some(el),
                }
            }
            Event::End(_) => {
                // quick-xml checks that the names match.
                let Some(mut open) = stack.pop() else {
                    tree.problems.push(problem(
                        ParseKind::XmlSyntax,
                        at(before, after),
                        "an end tag without a start tag",
                    ));
                    break;
                };
                open.el.span = Span::new(source, open.el.start_tag.start, after.min(text.len()));
                open.el.text = open.text.finish(source);
                for i in open.comments {
                    if let Some(c) = tree.comments.get_mut(i) {
                        c.next_element = Some(open.el.span);
                    }
                }
                last_closed = Some(open.el.span);
                match stack.last_mut() {
                    Some(parent) => parent.el.children.push(open.el),
                    None => tree.root = Some(open.el),
                }
            }
            Event::Text(t) => {
                let raw = borrowed(text, t.as_ref());
                // Spaces between elements: nothing to keep or check.
                if raw.trim().is_empty() && stack.last().is_none_or(|o| o.text.start.is_none()) {
                    continue;
                }
                match quick_xml::escape::unescape(raw) {
                    Ok(value) => {
                        if let Some(open) = stack.last_mut() {
                            open.text.push(before, raw, value);
                        } else if !raw.trim().is_empty() {
                            tree.problems.push(problem(
                                ParseKind::XmlSyntax,
                                at(before, after),
                                "text outside the root element",
                            ));
                            break;
                        }
                    }
                    Err(_) => {
                        let pos = bad_reference(raw).map_or(before, |i| before + i);
                        tree.problems.push(problem(
                            ParseKind::XmlSyntax,
                            at(pos, pos + 1),
                            bad_reference_detail(raw, "text"),
                        ));
                        break;
                    }
                }
            }
            Event::CData(c) => {
                let value = String::from_utf8_lossy(c.as_ref()).into_owned();
                if let Some(open) = stack.last_mut() {
                    // `<![CDATA[` is 9 bytes: the value starts after it.
                    open.text
                        .push(before + 9, &value.clone(), Cow::Owned(value));
                }
            }
            Event::Comment(c) => {
                let body = String::from_utf8_lossy(c.as_ref()).into_owned();
                if body.contains("--") || body.ends_with('-') {
                    if parse_directive(&body).is_none() {
                        tree.problems.push(problem(
                            ParseKind::XmlSyntax,
                            at(before, after),
                            "`--` inside a comment is not allowed in XML",
                        ));
                        break;
                    }
                    // maillint's own directive still applies, but the clients'
                    // strict XML parsers (Thunderbird's expat, lxml) reject the
                    // whole file: say so, and how to write it instead.
                    tree.problems.push(problem(
                        ParseKind::XmlDirectiveDashes,
                        at(before, after),
                        "--",
                    ));
                }
                // At the end of the line of an element: about that element.
                let same_line = last_closed.filter(|el| {
                    crate::formats::suppress::ends_line(text, after)
                        && text
                            .get(el.end..before)
                            .is_some_and(|gap| !gap.contains('\n') && gap.trim().is_empty())
                });
                if same_line.is_none() {
                    pending.push(tree.comments.len());
                }
                tree.comments.push(Comment {
                    span: at(before, after),
                    text: body,
                    next_element: same_line,
                });
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if tree.problems.is_empty() {
        if let Some(open) = stack.last() {
            tree.problems.push(problem(
                ParseKind::XmlSyntax,
                open.el.start_tag,
                format!(
                    "<{}> is not closed before the end of the file",
                    open.el.name
                ),
            ));
        } else if tree.root.is_none() {
            tree.problems.push(problem(
                ParseKind::XmlSyntax,
                at(0, text.len().min(1)),
                "no root element",
            ));
        }
    }
    tree
}

/// Where the first `&` that does not start a known reference is.
fn bad_reference(raw: &str) -> Option<usize> {
    raw.match_indices('&').map(|(i, _)| i).find(|&i| {
        let rest = &raw[i + 1..];
        let Some(end) = rest.find(';') else {
            return true;
        };
        let name = &rest[..end];
        let numeric = |digits: &str, radix: u32| {
            !digits.is_empty()
                && u32::from_str_radix(digits, radix)
                    .ok()
                    .and_then(char::from_u32)
                    .is_some()
        };
        !(matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
            || name.strip_prefix("#x").is_some_and(|d| numeric(d, 16))
            || name.strip_prefix('#').is_some_and(|d| numeric(d, 10)))
    })
}

fn bad_reference_detail(raw: &str, place: &str) -> String {
    let Some(i) = bad_reference(raw) else {
        return format!("a bad character reference in {place}");
    };
    let rest = &raw[i + 1..];
    match rest.find(';') {
        Some(end) if end < 32 && !rest[..end].contains(char::is_whitespace) => format!(
            "unknown entity &{}; in {place} (XML knows only &amp; &lt; &gt; &quot; &apos;)",
            &rest[..end]
        ),
        _ => format!("a bare '&' in {place}: write it as &amp;"),
    }
}

fn element<'a>(
    text: &'a str,
    source: SourceId,
    start: &BytesStart,
    tag: Span,
) -> Result<Element<'a>, ParseProblem> {
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| problem(ParseKind::XmlSyntax, tag, e.to_string()))?;
        let name = local_name(text, a.key.as_ref());
        let raw_span = match &a.value {
            Cow::Borrowed(b) => offset_in(text, b).map(|s| Span::new(source, s, s + b.len())),
            Cow::Owned(_) => None,
        };
        let span = raw_span.unwrap_or(tag);
        let value = a.unescape_value().map_err(|_| {
            let raw = String::from_utf8_lossy(&a.value);
            // `&` is one byte, so `i..i + 1` is a whole character.
            let at = raw_span
                .and_then(|r| {
                    bad_reference(&raw).map(|i| Span::new(source, r.start + i, r.start + i + 1))
                })
                .unwrap_or(span);
            problem(ParseKind::XmlSyntax, at, bad_reference_detail(&raw, name))
        })?;
        let raw_len = raw_span.map(|s| s.len());
        let verbatim = raw_len == Some(value.len()) && raw_span.is_some();
        attrs.push(Attr {
            name,
            value: Located::file(value.into_owned(), span).with_verbatim(verbatim),
        });
    }
    Ok(Element {
        name: local_name(text, start.name().as_ref()),
        span: tag,
        start_tag: tag,
        attrs,
        children: Vec::new(),
        text: None,
    })
}

/// `text` as XML character data: `&`, `<` and `>` escaped (what a fix writes
/// in place of an element's text).
pub fn escape_text(text: &str) -> String {
    quick_xml::escape::partial_escape(text).into_owned()
}

#[cfg(test)]
mod tests;
