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
//! at most one chunk of an array (see [`super::parts`]) or one run of
//! findings drawn for people ([`super::human`]), so the memory a report
//! takes is that of a few chunks, whatever its length (issue 15: the JSON
//! report of a 10 MB prefs.js is 24 MB, the human one 7.3 MB).

use std::io::Write;

use crate::secrets::{Scrubber, Syntax};
use crate::workers::Workers;

/// Parts made at once, per thread ([`Sink::parts_in_order`]): what is held
/// in memory before it is written (a chunk of 64 accounts of a prefs.js in
/// JSON is about 300 KB, a run of 32 findings drawn for people about 25 KB).
const PARTS_PER_THREAD: usize = 2;

/// How long a part of a text output written line by line grows before it
/// is cut ([`Sink::line_end`]): a write and a scrub a part.
const TEXT_PART: usize = 64 << 10;

/// The last guard: the secret values to mask in an output written in
/// `syntax`. Shared with the threads that make parts.
#[derive(Clone, Copy)]
pub struct Guard<'a> {
    scrubber: Option<&'a Scrubber>,
    syntax: Syntax,
    /// No secret value holds a line break ([`Guard::cuts_at_lines`]).
    lines: bool,
}

impl<'a> Guard<'a> {
    /// Masks what `scrubber` knows, as written in `syntax`.
    pub fn new(scrubber: &'a Scrubber, syntax: Syntax) -> Guard<'a> {
        let scrubber = (!scrubber.is_empty()).then_some(scrubber);
        Guard {
            scrubber,
            syntax,
            lines: scrubber.is_none_or(|s| !s.holds_line_break()),
        }
    }

    /// Masks nothing (an output with no secret to look for).
    pub fn none() -> Guard<'static> {
        Guard {
            scrubber: None,
            syntax: Syntax::Text,
            lines: true,
        }
    }

    /// Whether a text output (human, concise, GitHub, JUnit) may be cut
    /// at its line breaks: a text output writes a value's line breaks
    /// escaped, so no value spans one of its own line breaks, unless a
    /// secret value itself holds one (it would then be looked for across
    /// the cut: such an output is written whole).
    pub fn cuts_at_lines(&self) -> bool {
        self.lines
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

    /// A text output's line break was just written: cut here once the
    /// part is [`TEXT_PART`] long, if a cut at a line break splits no
    /// value ([`Guard::cuts_at_lines`]).
    pub fn line_end(&mut self) -> std::io::Result<()> {
        if self.part.len() >= TEXT_PART && self.guard.cuts_at_lines() {
            self.cut()
        } else {
            Ok(())
        }
    }

    /// Cut, then the part `make` makes of each of `items`, made on
    /// `workers` and scrubbed there, written in the items' order, each as
    /// soon as it and those before it are made. Parts are made a window at
    /// a time ([`PARTS_PER_THREAD`] a thread): what is held is that
    /// window, never the whole output. Each part must begin and end where
    /// no value spans (see the module's comment).
    pub fn parts_in_order<T: Sync>(
        &mut self,
        workers: &Workers,
        items: &[T],
        make: impl Fn(&T) -> Vec<u8> + Sync + Send,
    ) -> std::io::Result<()> {
        self.cut()?;
        let guard = self.guard;
        let window = workers.threads().max(1) * PARTS_PER_THREAD;
        for run in items.chunks(window) {
            let made = workers.map(run, |item| {
                let mut part = make(item);
                guard.scrub(&mut part);
                part
            });
            for part in made {
                self.out.write_all(&part)?;
            }
        }
        Ok(())
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

#[cfg(test)]
pub(crate) mod tests;
