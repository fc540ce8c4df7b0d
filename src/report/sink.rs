//! Where a report's text goes as it is made: the output (standard output,
//! a report file), part by part, each part scrubbed of every known secret
//! value before a byte of it is written (the last guard, [`Guard`]).
//!
//! A report is written in parts: the text between two cuts. A renderer
//! cuts only where no value of the output can span the cut (at a line
//! break outside any JSON string: a JSON-escaped value never holds a raw
//! line break), so each part is scrubbed on its own exactly as the whole
//! text would be, and no secret is ever split across two writes. Nothing
//! of a part is written before the part is whole and scrubbed; a part is
//! at most one chunk of an array (see [`super::parts`]), so the memory a
//! report takes is that of a few chunks, whatever its length (issue 15:
//! the JSON report of a 10 MB prefs.js is 24 MB).

use std::io::Write;

use crate::secrets::{Scrubber, Syntax};

/// The last guard: the secret values to mask in an output written in
/// `syntax`. Shared with the threads that make parts.
#[derive(Clone, Copy)]
pub struct Guard<'a> {
    scrubber: Option<&'a Scrubber>,
    syntax: Syntax,
}

impl<'a> Guard<'a> {
    /// Masks what `scrubber` knows, as written in `syntax`.
    pub fn new(scrubber: &'a Scrubber, syntax: Syntax) -> Guard<'a> {
        Guard {
            scrubber: (!scrubber.is_empty()).then_some(scrubber),
            syntax,
        }
    }

    /// Masks nothing (an output with no secret to look for).
    pub fn none() -> Guard<'static> {
        Guard {
            scrubber: None,
            syntax: Syntax::Text,
        }
    }

    /// `part` with every known secret masked (in place; nothing is copied
    /// when it holds none).
    pub fn scrub(&self, part: &mut Vec<u8>) {
        if let Some(s) = self.scrubber {
            s.scrub_bytes(part, self.syntax);
        }
    }
}

/// A report being written to `out`.
pub struct Sink<'w> {
    out: &'w mut dyn Write,
    guard: Guard<'w>,
    /// The part being written, not yet scrubbed nor written.
    part: Vec<u8>,
}

impl<'w> Sink<'w> {
    pub fn new(out: &'w mut dyn Write, guard: Guard<'w>) -> Sink<'w> {
        Sink {
            out,
            guard,
            part: Vec::new(),
        }
    }

    /// The guard, for the threads that scrub the parts they make.
    pub fn guard(&self) -> Guard<'w> {
        self.guard
    }

    /// The part being written, to append text to.
    pub fn buf(&mut self) -> &mut Vec<u8> {
        &mut self.part
    }

    /// End the part being written here: no value spans this point.
    pub fn cut(&mut self) -> std::io::Result<()> {
        if self.part.is_empty() {
            return Ok(());
        }
        self.guard.scrub(&mut self.part);
        let r = self.out.write_all(&self.part);
        self.part.clear();
        r
    }

    /// Cut, then write `part`, a whole part already scrubbed with
    /// [`Sink::guard`] (made on another thread).
    pub fn scrubbed_part(&mut self, part: &[u8]) -> std::io::Result<()> {
        self.cut()?;
        self.out.write_all(part)
    }

    /// Cut, then write `text` as a part of its own (a whole output
    /// rendered at once: scrubbed in place, not copied).
    pub fn part(&mut self, mut text: Vec<u8>) -> std::io::Result<()> {
        self.cut()?;
        self.guard.scrub(&mut text);
        self.out.write_all(&text)
    }

    /// The last part, and the output flushed.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.cut()?;
        self.out.flush()
    }
}
