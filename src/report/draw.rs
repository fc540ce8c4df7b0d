//! One human finding drawn by miette in parts, the parts that repeat kept
//! (issue 15).
//!
//! miette's `render_report` writes, in this order, the header (the code),
//! the message wrapped by textwrap, the snippet and the help wrapped by
//! textwrap; nothing else for our findings (no cause chain, no related
//! findings, no footer). Wrapping was half of a human report of a 10 MB
//! prefs.js (737 M of 1,946 M instructions), and the texts wrapped repeat:
//! a rule's help is the same for every finding of it, and a message for
//! every account with the same server. So each part is drawn by miette on
//! its own, from a diagnostic that holds only that part, and the header, the
//! message and the help are kept per thread for the next finding that has
//! the same text. The bytes are miette's own: a part drawn alone is the
//! same as in the whole (each of miette's steps reads only its own fields),
//! less what miette writes for an empty message (`blank`), which is drawn
//! once and cut off. If a part does not come out as expected, the finding is
//! drawn whole by miette.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, LabeledSpan, Severity, SourceCode};

use super::snippet::NamedText;
use super::snippet_draw::Pen;

/// miette's handler and what the texts it drew depend on besides
/// themselves: the width and the theme.
pub(super) struct Drawer {
    pub(super) handler: GraphicalReportHandler,
    /// The handler's theme, for the snippets drawn without it.
    pub(super) pen: Pen,
    pub(super) width: usize,
    pub(super) color: bool,
}

/// The parts of a drawing that are kept.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Part {
    /// What an empty message draws (the texts below are cut after it).
    Blank,
    Header,
    Message,
    Help,
}

/// Which kept drawings a text's drawing is looked up among.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Kind {
    part: Part,
    severity: u8,
    width: usize,
    color: bool,
}

/// Kept drawings per kind, text to drawing. A kind that holds this many is
/// emptied: the texts that repeat come back at once, and the memory stays
/// bounded whatever the input.
const KEEP_PER_KIND: usize = 1024;

/// Texts to their drawings (ahash: the texts are hashed at every finding,
/// SipHash was a tenth of the drawing).
type Drawings = HashMap<String, String, ahash::RandomState>;

thread_local! {
    static KEPT: RefCell<HashMap<Kind, Drawings>> = RefCell::new(HashMap::new());
}

#[cfg(test)]
thread_local! {
    /// Tests: draw every finding whole by miette (the oracle) on this thread.
    pub(super) static WHOLE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Tests: how many snippets this thread drew without miette.
    pub(super) static FAST: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A diagnostic with only some of a finding's parts.
struct Only<'a> {
    message: &'a str,
    severity: Severity,
    code: Option<&'a str>,
    help: Option<&'a str>,
    /// The finding whose source and labels are drawn.
    snippet: Option<&'a dyn Diagnostic>,
}

impl<'a> Only<'a> {
    fn empty(severity: Severity) -> Self {
        Only {
            message: "",
            severity,
            code: None,
            help: None,
            snippet: None,
        }
    }
}

impl fmt::Debug for Only<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl fmt::Display for Only<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl std::error::Error for Only<'_> {}

impl Diagnostic for Only<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.snippet?.source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.snippet?.labels()
    }
}

fn severity_key(s: Severity) -> u8 {
    match s {
        Severity::Advice => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

impl Drawer {
    /// `d` as miette's `render_report` draws it, appended to `out`;
    /// `source` is `d`'s source code.
    pub(super) fn draw(
        &self,
        d: &dyn Diagnostic,
        source: Option<&NamedText>,
        out: &mut String,
    ) -> fmt::Result {
        let mut whole = String::new();
        #[cfg(test)]
        if WHOLE.get() {
            self.handler.render_report(out, d)?;
            return Ok(());
        }
        if self.draw_parts(d, source, &mut whole).is_none() {
            whole.clear();
            self.handler.render_report(&mut whole, d)?;
        }
        out.push_str(&whole);
        Ok(())
    }

    fn draw_parts(
        &self,
        d: &dyn Diagnostic,
        source: Option<&NamedText>,
        out: &mut String,
    ) -> Option<()> {
        let severity = d.severity().unwrap_or(Severity::Error);
        let message = d.to_string();
        let code = d.code().map(|c| c.to_string());
        let help = d.help().map(|h| h.to_string());
        if let Some(code) = &code {
            self.kept(Part::Header, severity, code, out, |code| {
                let drawn = self.alone(&Only {
                    code: Some(code),
                    ..Only::empty(severity)
                })?;
                Some(
                    drawn
                        .strip_suffix(self.blank(severity)?.as_str())?
                        .to_string(),
                )
            })?;
        }
        self.kept(Part::Message, severity, &message, out, |message| {
            self.alone(&Only {
                message,
                ..Only::empty(severity)
            })
        })?;
        let labels: Option<Vec<LabeledSpan>> = source.and(d.labels()).map(Iterator::collect);
        let fast = source
            .zip(labels.as_deref())
            .and_then(|(source, labels)| super::snippet_draw::draw(&self.pen, source, labels));
        if let Some(snippet) = fast {
            #[cfg(test)]
            FAST.set(FAST.get() + 1);
            out.push_str(&snippet);
        } else if d.source_code().is_some() {
            let snippet = self.alone(&Only {
                snippet: Some(d),
                ..Only::empty(severity)
            })?;
            out.push_str(snippet.strip_prefix(self.blank(severity)?.as_str())?);
        }
        if let Some(help) = &help {
            self.kept(Part::Help, severity, help, out, |help| {
                let drawn = self.alone(&Only {
                    help: Some(help),
                    ..Only::empty(severity)
                })?;
                Some(
                    drawn
                        .strip_prefix(self.blank(severity)?.as_str())?
                        .to_string(),
                )
            })?;
        }
        Some(())
    }

    /// What miette draws for an empty message of `severity` (and nothing
    /// else): what the parts drawn alone are cut after.
    fn blank(&self, severity: Severity) -> Option<String> {
        let mut drawn = String::new();
        self.kept(Part::Blank, severity, "", &mut drawn, |_| {
            self.alone(&Only::empty(severity))
        })?;
        Some(drawn)
    }

    /// One part as miette draws it alone.
    fn alone(&self, d: &Only) -> Option<String> {
        let mut s = String::new();
        self.handler.render_report(&mut s, d).ok()?;
        Some(s)
    }

    /// The drawing of `text` as `part` appended to `out`: kept, or drawn
    /// by `draw` and kept.
    fn kept(
        &self,
        part: Part,
        severity: Severity,
        text: &str,
        out: &mut String,
        draw: impl FnOnce(&str) -> Option<String>,
    ) -> Option<()> {
        let kind = Kind {
            part,
            severity: severity_key(severity),
            width: self.width,
            color: self.color,
        };
        let found = KEPT.with(|k| {
            let drawn = k.borrow();
            let drawn = drawn.get(&kind)?.get(text)?;
            out.push_str(drawn);
            Some(())
        });
        if found.is_some() {
            return found;
        }
        let drawn = draw(text)?;
        out.push_str(&drawn);
        KEPT.with(|k| {
            let mut k = k.borrow_mut();
            let texts = k.entry(kind).or_default();
            if texts.len() >= KEEP_PER_KIND {
                texts.clear();
            }
            texts.insert(text.to_string(), drawn);
        });
        Some(())
    }
}
