//! A small XML tree with byte spans, shared by the template readers
//! (autoconfig, Autodiscover, plist).
//!
//! quick-xml gives events and the reader's byte position; this keeps those
//! positions on every element, attribute value and text, so that every model
//! value points at its bytes. XML is not recoverable: a file that is not
//! well-formed is rejected whole by the clients, so the tree stops at the
//! first error and reports it as a [`ParseProblem`].
//!
//! The tree is one flat arena: every element is a [`Node`] in one `Vec`,
//! linked to its first child and its next sibling by index, its name and
//! (unescaped) texts borrowed from the source. Reading a file allocates a few
//! vectors, not one per element, and dropping the tree frees them at once
//! (issue 15: the boxed tree of the first version cost more than parsing).

use crate::catalogue::ParseKind;
use std::borrow::Cow;

use crate::formats::suppress::parse_directive;
use crate::model::{Client, Document, Format, ParseProblem, Str, Suppression};
use crate::source::{Located, Rewrite, SourceFile, SourceId, Span};

mod build;
mod scan;

/// Parse `text` (the whole decoded file) into a tree: scanned directly when
/// it is plain well-formed markup, else by quick-xml (see [`scan`]).
pub fn parse(text: &str, source: SourceId) -> XmlTree<'_> {
    scan::parse(text, source).unwrap_or_else(|| build::parse(text, source))
}

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

/// A value as the file writes it: an element's trimmed text or an
/// attribute's value, unescaped, borrowed from the source unless it had
/// escapes or came in pieces.
#[derive(Clone, Debug)]
pub struct Text<'a> {
    pub value: Cow<'a, str>,
    pub span: Span,
    /// The value is the very bytes at `span` (see [`Located::verbatim`]).
    pub verbatim: bool,
    /// An element's text: a fix writes it escaped (attribute values have no
    /// rewrite).
    element_text: bool,
}

impl Text<'_> {
    /// The value for the model.
    pub fn located(&self) -> Located<Str> {
        let mut v = Located::file(Str::from(&*self.value), self.span).with_verbatim(self.verbatim);
        if self.element_text {
            v.rewrite = Some(text_rewrite());
        }
        v
    }

    /// The span of `range` of the value: its own bytes when the value is
    /// verbatim, else the whole value's span (as [`Located::sub_span`]).
    pub fn sub_span(&self, range: std::ops::Range<usize>) -> Span {
        crate::source::sub_span_of(self.span, self.verbatim, self.value.len(), range)
    }
}

#[derive(Clone, Debug)]
pub struct Attr<'a> {
    pub name: &'a str,
    pub value: Text<'a>,
}

/// No node: the end of a sibling list.
const NONE: u32 = u32::MAX;

/// One element in the arena.
#[derive(Clone, Debug)]
struct Node<'a> {
    name: &'a str,
    span: Span,
    start_tag: Span,
    text: Option<Text<'a>>,
    /// Its attributes: `attrs[attrs.0..attrs.1]` of the tree.
    attrs: (u32, u32),
    parent: u32,
    first_child: u32,
    next_sibling: u32,
}

/// An element of a tree (a handle: copied, not cloned).
#[derive(Clone, Copy, Debug)]
pub struct Element<'t, 'a> {
    /// Local name: a namespace prefix is dropped (`a:Server` → `Server`).
    pub name: &'a str,
    /// From the `<` of the start tag to the `>` of the end tag.
    pub span: Span,
    pub start_tag: Span,
    /// The element's own text, trimmed; `None` when empty or only spaces.
    pub text: Option<&'t Text<'a>>,
    tree: &'t XmlTree<'a>,
    node: &'t Node<'a>,
}

impl<'t, 'a> Element<'t, 'a> {
    fn new(tree: &'t XmlTree<'a>, id: u32) -> Option<Self> {
        let node = tree.nodes.get(id as usize)?;
        Some(Element {
            name: node.name,
            span: node.span,
            start_tag: node.start_tag,
            text: node.text.as_ref(),
            tree,
            node,
        })
    }

    /// The child elements, in document order.
    pub fn children(self) -> Children<'t, 'a> {
        Children {
            tree: self.tree,
            next: self.node.first_child,
        }
    }

    pub fn child(self, name: &str) -> Option<Element<'t, 'a>> {
        self.children_named(name).next()
    }

    /// The children called `name` (a handle made only for those).
    pub fn children_named<'n>(self, name: &'n str) -> impl Iterator<Item = Element<'t, 'a>> + 'n
    where
        't: 'n,
        'a: 'n,
    {
        let tree = self.tree;
        let mut next = self.node.first_child;
        std::iter::from_fn(move || {
            while let Some(node) = tree.nodes.get(next as usize) {
                let id = next;
                next = node.next_sibling;
                if node.name == name {
                    return Element::new(tree, id);
                }
            }
            None
        })
    }

    pub fn attrs(self) -> &'t [Attr<'a>] {
        let (s, e) = self.node.attrs;
        self.tree
            .attrs
            .get(s as usize..e as usize)
            .unwrap_or_default()
    }

    pub fn attr(self, name: &str) -> Option<&'t Text<'a>> {
        self.attrs()
            .iter()
            .find(|a| a.name == name)
            .map(|a| &a.value)
    }

    /// The trimmed text of the first child `name`.
    pub fn child_text(self, name: &str) -> Option<&'t Text<'a>> {
        self.child(name).and_then(|c| c.text)
    }

    /// The texts of the first child called each of `names`, as
    /// [`Self::child_text`] finds each: one walk over the children, with no
    /// handle made for a child (asked for each server of every template;
    /// issue 15).
    pub fn first_texts<const N: usize>(self, names: [&str; N]) -> [Option<&'t Text<'a>>; N] {
        let mut texts = [None; N];
        let mut seen = [false; N];
        let mut next = self.node.first_child;
        while let Some(node) = self.tree.nodes.get(next as usize) {
            next = node.next_sibling;
            // Every slot of the name: a name may be asked twice.
            for ((&n, seen), text) in names.iter().zip(&mut seen).zip(&mut texts) {
                if n == node.name && !*seen {
                    *seen = true;
                    *text = node.text.as_ref();
                }
            }
        }
        texts
    }
}

/// The children of an element.
pub struct Children<'t, 'a> {
    tree: &'t XmlTree<'a>,
    next: u32,
}

impl<'t, 'a> Iterator for Children<'t, 'a> {
    type Item = Element<'t, 'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next == NONE {
            return None;
        }
        let el = Element::new(self.tree, self.next)?;
        self.next = el.node.next_sibling;
        Some(el)
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
    nodes: Vec<Node<'a>>,
    attrs: Vec<Attr<'a>>,
    /// The root element, once it is closed.
    root: Option<u32>,
    pub comments: Vec<Comment>,
    pub problems: Vec<ParseProblem>,
}

impl<'a> XmlTree<'a> {
    /// The root element, when the file has one and it is closed.
    pub fn root(&self) -> Option<Element<'_, 'a>> {
        Element::new(self, self.root?)
    }

    /// Every element called `name` below the root, in document order, with
    /// its parent's name.
    pub fn elements_named<'n>(
        &'n self,
        name: &'n str,
    ) -> impl Iterator<Item = (&'a str, Element<'n, 'a>)> + 'n {
        self.nodes.iter().enumerate().filter_map(move |(id, node)| {
            if node.name != name {
                return None;
            }
            let parent = self.nodes.get(node.parent as usize)?;
            Some((parent.name, Element::new(self, id as u32)?))
        })
    }

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
                        Some(c.next_element.unwrap_or(Span {
                            start: c.span.end,
                            ..c.span
                        }))
                    },
                    in_value: false,
                })
            })
            .collect()
    }
}

/// How a fix writes an element's text: escaped. One shared function for
/// every text of every file (a clone is a count, not an allocation).
fn text_rewrite() -> Rewrite<Str> {
    static REWRITE: std::sync::OnceLock<Rewrite<Str>> = std::sync::OnceLock::new();
    REWRITE
        .get_or_init(|| Rewrite::new(|v: &Str| Some(escape_text(v))))
        .clone()
}

/// `text` as XML character data: `&`, `<` and `>` escaped (what a fix writes
/// in place of an element's text).
pub fn escape_text(text: &str) -> String {
    quick_xml::escape::partial_escape(text).into_owned()
}

#[cfg(test)]
mod tests;
