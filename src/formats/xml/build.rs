//! Building the arena tree of [`super::XmlTree`] from quick-xml's events.
//!
//! [`Builder`] takes the events one at a time (what an element, a text or a
//! comment means for the tree, its comments' targets and its problems);
//! [`parse`] feeds it quick-xml's reader.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Attr, Comment, NONE, Node, Text, XmlTree};
use crate::catalogue::ParseKind;
use crate::formats::suppress::parse_directive;
use crate::model::ParseProblem;
use crate::source::{SourceId, Span};

/// Deeper nesting than this is not a mail template; stopping there keeps the
/// tree small whatever the input.
const MAX_DEPTH: usize = 128;

/// The tree stops here: a problem has been recorded.
pub(super) struct Stop;

type Step = Result<(), Stop>;

struct Open<'a> {
    node: u32,
    /// Its last child so far, to link the next one after it.
    last_child: u32,
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
        let rest = raw.trim_start();
        let lead = raw.len() - rest.len();
        let trimmed = rest.trim_end();
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

    fn finish(self, source: SourceId) -> Option<Text<'a>> {
        let start = self.start?;
        let value = match self.value {
            Cow::Borrowed(v) => Cow::Borrowed(v.trim()),
            Cow::Owned(v) if v.trim().len() == v.len() => Cow::Owned(v),
            Cow::Owned(v) => Cow::Owned(v.trim().to_string()),
        };
        if value.is_empty() {
            return None;
        }
        Some(Text {
            value,
            span: Span::new(source, start, self.end),
            verbatim: self.exact && self.pieces == 1,
            element_text: true,
        })
    }
}

/// What follows a start tag the fast path read (an element with only a
/// text is [`Builder::leaf`]).
pub(super) enum Shape {
    /// `<a/>`.
    Empty,
    /// Content that comes next.
    Open,
}

/// The text of an element whose only content is `raw` (at `raw_start`),
/// without `&`: what [`TextAcc`] makes of one piece that needs no
/// unescaping (trimmed as `str::trim`, verbatim).
#[inline(always)]
pub(super) fn leaf_text(raw_start: usize, raw: &str, source: SourceId) -> Option<Text<'_>> {
    // Most values have nothing to trim: a printable ASCII byte at each end.
    let bytes = raw.as_bytes();
    let printable = |b: Option<&u8>| b.is_some_and(|&c| c > b' ' && c < 0x80);
    if printable(bytes.first()) && printable(bytes.last()) {
        return Some(Text {
            value: Cow::Borrowed(raw),
            span: Span::new(source, raw_start, raw_start + raw.len()),
            verbatim: true,
            element_text: true,
        });
    }
    let rest = crate::formats::trim::trim_start(raw);
    let value = crate::formats::trim::trim_end(rest);
    if value.is_empty() {
        return None;
    }
    let start = raw_start + (raw.len() - rest.len());
    Some(Text {
        value: Cow::Borrowed(value),
        span: Span::new(source, start, start + value.len()),
        verbatim: true,
        element_text: true,
    })
}

/// An attribute as the fast path read it (slices of the text): its name,
/// its local name (past the name's last `:`), its value still escaped, and
/// whether that value holds a `&` (only then is it unescaped).
pub(super) struct ScannedAttr<'c> {
    pub(super) key: &'c [u8],
    pub(super) local: &'c [u8],
    pub(super) raw: &'c [u8],
    pub(super) amp: bool,
}

/// The tree as the events come.
pub(super) struct Builder<'a> {
    text: &'a str,
    source: SourceId,
    tree: XmlTree<'a>,
    stack: Vec<Open<'a>>,
    /// Comments waiting for the next element.
    pending: Vec<usize>,
    /// The element that ended last, for a comment after it on its line.
    last_closed: Option<Span>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(text: &'a str, source: SourceId) -> Self {
        let mut tree = XmlTree::default();
        // About one element per 48 bytes and one attribute per 200 in the
        // templates: room for a little more, so that most files take one
        // allocation each (a growing arena copies its nodes).
        tree.nodes.reserve(text.len() / 32 + 4);
        tree.attrs.reserve(text.len() / 128 + 2);
        Builder {
            text,
            source,
            tree,
            stack: Vec::new(),
            pending: Vec::new(),
            last_closed: None,
        }
    }

    /// A span from the parser's positions, kept inside the text and on
    /// character boundaries whatever it reports.
    pub(super) fn at(&self, s: usize, e: usize) -> Span {
        let text = self.text;
        let s = crate::source::floor_char_boundary(text, s);
        let mut e = e.clamp(s, text.len());
        while !text.is_char_boundary(e) {
            e += 1;
        }
        Span::new(self.source, s, e)
    }

    /// Record a problem; the tree stops there.
    pub(super) fn fail(&mut self, span: Span, detail: impl Into<String>) -> Stop {
        self.tree
            .problems
            .push(problem(ParseKind::XmlSyntax, span, detail));
        Stop
    }

    /// A start tag (`empty`: `<a/>`), its name and attributes as the
    /// tokenizer read them (slices of the text), between `before` (its `<`)
    /// and `after` (past its `>`).
    pub(super) fn start<I, K, V>(
        &mut self,
        before: usize,
        after: usize,
        empty: bool,
        name: &[u8],
        attrs: I,
    ) -> Step
    where
        I: Iterator<Item = Result<(K, V), String>>,
        K: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        let tag = self.at(before, after);
        self.may_start(tag, !empty)?;
        let first_attr = self.tree.attrs.len();
        for a in attrs {
            let a = a.map_err(|e| self.fail(tag, e))?;
            self.attribute(tag, a.0.as_ref(), a.1.as_ref())?;
        }
        let shape = if empty { Shape::Empty } else { Shape::Open };
        self.element(tag, local_name(self.text, name), first_attr, shape);
        Ok(())
    }

    /// A start tag the fast path read: `name` its local name, `attrs` its
    /// attributes (slices of the text), `shape` what follows it. Its
    /// positions are on markup, so its spans need no adjusting (as
    /// [`Self::at`] does for quick-xml's).
    pub(super) fn scanned(
        &mut self,
        tag: Span,
        name: &'a str,
        attrs: &[ScannedAttr],
        shape: Shape,
    ) -> Step {
        self.may_start(tag, matches!(shape, Shape::Open))?;
        let first_attr = self.tree.attrs.len();
        for a in attrs {
            self.scanned_attribute(tag, a)?;
        }
        self.element(tag, name, first_attr, shape);
        Ok(())
    }

    /// An element the fast path read whole, from its start tag `tag` to
    /// the end of `span`: only `text` (made by [`leaf_text`]) or nothing
    /// between its tags. What [`Self::scanned`] and [`Self::end`] make of
    /// it, in one step: its node made once, complete (most elements are
    /// such; issue 15). Called from one place, once an element: always
    /// inlined (left to the inliner, it was not in some builds, and its
    /// text moved through the call cost 0.2 M on ISPDB).
    #[inline(always)]
    pub(super) fn leaf(
        &mut self,
        tag: Span,
        name: &'a str,
        attrs: &[ScannedAttr],
        span: Span,
        text: Option<Text<'a>>,
    ) -> Step {
        // Checked as a start tag with content (the nesting limit applies).
        self.may_start(tag, true)?;
        let first_attr = self.tree.attrs.len();
        for a in attrs {
            self.scanned_attribute(tag, a)?;
        }
        let id = self.node(tag, name, first_attr, span, text);
        self.closed_at_once(id, span);
        Ok(())
    }

    /// The checks of a start tag before its attributes: one root, and the
    /// nesting limit for one with content.
    #[inline]
    fn may_start(&mut self, tag: Span, content: bool) -> Step {
        if self.stack.is_empty() && self.tree.root.is_some() {
            return Err(self.fail(tag, "a second root element: an XML file has exactly one"));
        }
        if content && self.stack.len() >= MAX_DEPTH {
            return Err(self.fail(tag, format!("elements nested more than {MAX_DEPTH} deep")));
        }
        Ok(())
    }

    /// One attribute of the start tag at `tag` into the tree.
    #[inline]
    fn attribute(&mut self, tag: Span, key: &[u8], raw: &[u8]) -> Step {
        match attribute(self.text, self.source, tag, key, raw) {
            Ok(attr) => {
                self.tree.attrs.push(attr);
                Ok(())
            }
            Err(p) => {
                self.tree.problems.push(p);
                Err(Stop)
            }
        }
    }

    /// An attribute the fast path read into the tree: without `&`, its
    /// value is its bytes, made here at once (what [`attribute`] makes of
    /// it, without its searches for the local name and for `&`: 180
    /// instructions an attribute; issue 15); with `&`, by [`attribute`].
    #[inline]
    fn scanned_attribute(&mut self, tag: Span, a: &ScannedAttr) -> Step {
        if a.amp {
            return self.attribute(tag, a.key, a.raw);
        }
        let (Some(name), Some(at)) = (
            offset_in(self.text, a.local).and_then(|at| self.text.get(at..at + a.local.len())),
            offset_in(self.text, a.raw),
        ) else {
            return self.attribute(tag, a.key, a.raw);
        };
        let Some(value) = self.text.get(at..at + a.raw.len()) else {
            return self.attribute(tag, a.key, a.raw);
        };
        self.tree.attrs.push(Attr {
            name,
            value: Text {
                value: Cow::Borrowed(value),
                span: Span::new(self.source, at, at + value.len()),
                verbatim: true,
                element_text: false,
            },
        });
        Ok(())
    }

    /// The node of a start tag, its attributes from `first_attr` on,
    /// linked into its parent, then open or closed as `shape` says.
    #[inline]
    fn element(&mut self, tag: Span, name: &'a str, first_attr: usize, shape: Shape) {
        let id = self.node(tag, name, first_attr, tag, None);
        match shape {
            Shape::Empty => self.closed_at_once(id, tag),
            Shape::Open => {
                let comments = std::mem::take(&mut self.pending);
                self.stack.push(Open {
                    node: id,
                    last_child: NONE,
                    comments,
                    text: TextAcc::default(),
                });
            }
        }
    }

    /// A node (start tag `tag`, attributes from `first_attr` on, `span`
    /// and `text` as far as known) linked into its parent: its id.
    #[inline]
    fn node(
        &mut self,
        tag: Span,
        name: &'a str,
        first_attr: usize,
        span: Span,
        text: Option<Text<'a>>,
    ) -> u32 {
        let id = self.tree.nodes.len() as u32;
        self.tree.nodes.push(Node {
            name,
            span,
            start_tag: tag,
            text,
            attrs: (first_attr as u32, self.tree.attrs.len() as u32),
            parent: self.stack.last().map_or(NONE, |o| o.node),
            first_child: NONE,
            next_sibling: NONE,
        });
        self.link(id);
        id
    }

    /// `id` as the last child of the open element.
    #[inline]
    fn link(&mut self, id: u32) {
        let Some(parent) = self.stack.last_mut() else {
            return;
        };
        let prev = std::mem::replace(&mut parent.last_child, id);
        let slot = match prev {
            NONE => self
                .tree
                .nodes
                .get_mut(parent.node as usize)
                .map(|n| &mut n.first_child),
            prev => self
                .tree
                .nodes
                .get_mut(prev as usize)
                .map(|n| &mut n.next_sibling),
        };
        if let Some(slot) = slot {
            *slot = id;
        }
    }

    /// An element `id` complete where it starts (`<a/>`, or read whole):
    /// as [`Self::closed`] with the comments waiting, their list kept for
    /// the next ones.
    #[inline]
    fn closed_at_once(&mut self, id: u32, span: Span) {
        for &i in &self.pending {
            if let Some(c) = self.tree.comments.get_mut(i) {
                c.next_element = Some(span);
            }
        }
        self.pending.clear();
        self.last_closed = Some(span);
        if self.stack.is_empty() {
            self.tree.root = Some(id);
        }
    }

    /// An element `id` is complete at `span`: the comments before it aim
    /// at it; at the top it is the root.
    #[inline]
    fn closed(&mut self, comments: Vec<usize>, id: u32, span: Span) {
        for i in comments {
            if let Some(c) = self.tree.comments.get_mut(i) {
                c.next_element = Some(span);
            }
        }
        self.last_closed = Some(span);
        if self.stack.is_empty() {
            self.tree.root = Some(id);
        }
    }

    /// An end tag (the tokenizer checked that its name matches).
    pub(super) fn end(&mut self, before: usize, after: usize) -> Step {
        let Some(open) = self.stack.pop() else {
            let tag = self.at(before, after);
            return Err(self.fail(tag, "an end tag without a start tag"));
        };
        let source = self.source;
        let Some(node) = self.tree.nodes.get_mut(open.node as usize) else {
            return Ok(());
        };
        node.span = Span::new(
            source,
            node.start_tag.start as usize,
            after.min(self.text.len()),
        );
        node.text = open.text.finish(source);
        let span = node.span;
        self.closed(open.comments, open.node, span);
        Ok(())
    }

    /// Whether an element's text has begun (then spaces are part of it).
    pub(super) fn in_text(&self) -> bool {
        self.stack.last().is_some_and(|o| o.text.start.is_some())
    }

    /// Character data between markup (`raw`, still escaped).
    pub(super) fn text(&mut self, before: usize, after: usize, raw: &[u8]) -> Step {
        // Spaces between elements: nothing to keep or check (ASCII spaces,
        // the most of them, seen without decoding).
        let in_text = self.in_text();
        if !in_text && raw.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let raw = borrowed(self.text, raw);
        if !in_text && raw.trim().is_empty() {
            return Ok(());
        }
        match unescape(raw) {
            Ok(value) => {
                if let Some(open) = self.stack.last_mut() {
                    open.text.push(before, raw, value);
                } else if !raw.trim().is_empty() {
                    let span = self.at(before, after);
                    return Err(self.fail(span, "text outside the root element"));
                }
                Ok(())
            }
            Err(_) => {
                let pos = bad_reference(raw).map_or(before, |i| before + i);
                let span = self.at(pos, pos + 1);
                Err(self.fail(span, bad_reference_detail(raw, "text")))
            }
        }
    }

    /// A CDATA section's content; it starts 9 bytes (`<![CDATA[`) after
    /// `before`.
    pub(super) fn cdata(&mut self, before: usize, raw: &[u8]) {
        let value = borrowed(self.text, raw);
        if let Some(open) = self.stack.last_mut() {
            open.text.push(before + 9, value, Cow::Borrowed(value));
        }
    }

    /// A comment, `body` between `<!--` and `-->`.
    pub(super) fn comment(&mut self, before: usize, after: usize, body: &[u8]) -> Step {
        // A slice of the text (always, from either path) is UTF-8 already:
        // copied without a second check (`from_utf8_lossy` checked it again).
        let body = offset_in(self.text, body)
            .and_then(|at| self.text.get(at..at + body.len()))
            .map_or_else(|| String::from_utf8_lossy(body).into_owned(), str::to_owned);
        let span = self.at(before, after);
        if body.contains("--") || body.ends_with('-') {
            if parse_directive(&body).is_none() {
                return Err(self.fail(span, "`--` inside a comment is not allowed in XML"));
            }
            // maillint's own directive still applies, but the clients'
            // strict XML parsers (Thunderbird's expat, lxml) reject the
            // whole file: say so, and how to write it instead.
            self.tree
                .problems
                .push(problem(ParseKind::XmlDirectiveDashes, span, "--"));
        }
        // At the end of the line of an element: about that element.
        let text = self.text;
        let same_line = self.last_closed.filter(|el| {
            crate::formats::suppress::ends_line(text, after)
                && text
                    .get(el.end as usize..before)
                    .is_some_and(|gap| !gap.contains('\n') && gap.trim().is_empty())
        });
        if same_line.is_none() {
            self.pending.push(self.tree.comments.len());
        }
        self.tree.comments.push(Comment {
            span,
            text: body,
            next_element: same_line,
        });
        Ok(())
    }

    /// The end of the input (or of the events after a problem).
    pub(super) fn finish(mut self) -> XmlTree<'a> {
        if self.tree.problems.is_empty() {
            if let Some(open) = self.stack.last() {
                if let Some(node) = self.tree.nodes.get(open.node as usize) {
                    let p = problem(
                        ParseKind::XmlSyntax,
                        node.start_tag,
                        format!("<{}> is not closed before the end of the file", node.name),
                    );
                    self.tree.problems.push(p);
                }
            } else if self.tree.root.is_none() {
                let span = self.at(0, self.text.len().min(1));
                self.tree
                    .problems
                    .push(problem(ParseKind::XmlSyntax, span, "no root element"));
            }
        }
        self.tree
    }
}

/// Parse `text` (the whole decoded file) into a tree with quick-xml's
/// reader: the reference, for every file the fast path leaves.
pub(super) fn parse(text: &str, source: SourceId) -> XmlTree<'_> {
    let mut b = Builder::new(text, source);
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    // XML forbids `--` inside comments, and strict parsers (Gecko, lxml)
    // reject the file. maillint's own directive uses `-- reason`, so `--` is
    // checked here, outside directives, instead of by quick-xml.
    reader.config_mut().check_comments = false;
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let pos = reader.error_position() as usize;
                let span = b.at(pos, pos + 1);
                b.fail(span, e.to_string());
                break;
            }
        };
        let after = reader.buffer_position() as usize;
        let step = match event {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let attrs = s
                    .attributes()
                    .map(|a| a.map(|a| (a.key, a.value)).map_err(|e| e.to_string()));
                let empty = matches!(event, Event::Empty(_));
                b.start(before, after, empty, s.name().as_ref(), attrs)
            }
            // quick-xml checks that the names match.
            Event::End(_) => b.end(before, after),
            Event::Text(t) => b.text(before, after, t.as_ref()),
            Event::CData(c) => {
                b.cdata(before, c.as_ref());
                Ok(())
            }
            Event::Comment(c) => b.comment(before, after, c.as_ref()),
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) => Ok(()),
        };
        if step.is_err() {
            break;
        }
    }
    b.finish()
}

/// One attribute of the start tag at `tag`: `key` and `raw` (its value, still
/// escaped) as the tokenizer read them, slices of `text` where it could.
fn attribute<'a>(
    text: &'a str,
    source: SourceId,
    tag: Span,
    key: &[u8],
    raw: &[u8],
) -> Result<Attr<'a>, ParseProblem> {
    let name = local_name(text, key);
    let Some(at) = offset_in(text, raw) else {
        // Not a slice of the text (quick-xml never makes one): the value
        // anywhere in the tag.
        let value = String::from_utf8_lossy(raw);
        let value = quick_xml::escape::unescape(&value)
            .map(|v| v.into_owned())
            .map_err(|_| {
                problem(
                    ParseKind::XmlSyntax,
                    tag,
                    bad_reference_detail(&value, name),
                )
            })?;
        return Ok(Attr {
            name,
            value: Text {
                value: Cow::Owned(value),
                span: tag,
                verbatim: false,
                element_text: false,
            },
        });
    };
    let raw = borrowed(text, raw);
    let span = Span::new(source, at, at + raw.len());
    let value = unescape(raw).map_err(|_| {
        // `&` is one byte, so `i..i + 1` is a whole character.
        let at = bad_reference(raw).map_or(span, |i| Span::new(source, at + i, at + i + 1));
        problem(ParseKind::XmlSyntax, at, bad_reference_detail(raw, name))
    })?;
    let verbatim = raw.len() == value.len();
    Ok(Attr {
        name,
        value: Text {
            value,
            span,
            verbatim,
            element_text: false,
        },
    })
}

/// The local name of a name the tokenizer read from `text` (a slice of it).
fn local_name<'a>(text: &'a str, raw: &[u8]) -> &'a str {
    let local = match raw.iter().rposition(|&c| c == b':') {
        Some(colon) => raw.get(colon + 1..).unwrap_or_default(),
        None => raw,
    };
    borrowed(text, local)
}

/// quick-xml's `unescape`, without its search when there is no `&` (it
/// then returns the text as it is).
fn unescape(raw: &str) -> Result<Cow<'_, str>, quick_xml::escape::EscapeError> {
    if raw.as_bytes().contains(&b'&') {
        quick_xml::escape::unescape(raw)
    } else {
        Ok(Cow::Borrowed(raw))
    }
}

/// `inner`, a slice the tokenizer read from `text`, as the `&str` it is
/// there. The tokenizer cuts the text only at ASCII markup, so the slice is
/// always on character boundaries; were it not, it is empty.
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
