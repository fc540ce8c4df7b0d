//! A JSON output written in parts as it is made: the long arrays (files,
//! accounts, findings, SARIF results) are written chunk by chunk on the
//! run's threads, a few chunks at a time, each chunk scrubbed of secrets
//! on its thread and written to the output in order ([`Sink`]): there is
//! no tree of the output, and never the whole output in memory.
//!
//! Every part is exactly what `serde_json::to_string_pretty` would have
//! written at that place. A part begins outside any JSON string, at a line
//! break (`\n`, `,\n`) or at the start, so that each part can be scrubbed
//! of secrets on its own: a JSON-escaped value never holds a raw line
//! break, so no value found in the whole text spans two parts.

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter, Serializer};

use super::emit;
use super::sink::Sink;
use crate::workers::Workers;

/// Elements written by one task: enough to pay for the hand-over, few
/// enough to share 1,000 files out evenly.
const ELEMENTS_PER_TASK: usize = 64;

/// What a chunk's text is given to begin with (it grows as needed).
const CHUNK_CAPACITY: usize = 32 << 10;

/// `value` appended to `out` as `to_string_pretty` prints it `depth` levels
/// down (its nested lines indented by `depth` more levels).
pub fn pretty_at<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    depth: usize,
) -> serde_json::Result<()> {
    let mut f = PrettyFormatter::new();
    for _ in 0..depth {
        // Only the formatter's indent moves; the bracket goes nowhere.
        f.begin_object(&mut std::io::sink())
            .map_err(serde_json::Error::io)?;
    }
    value.serialize(&mut Serializer::with_formatter(out, f))
}

/// An output being written to a [`Sink`].
pub struct Parts<'s, 'w> {
    sink: &'s mut Sink<'w>,
}

impl<'s, 'w> Parts<'s, 'w> {
    pub fn new(sink: &'s mut Sink<'w>) -> Parts<'s, 'w> {
        Parts { sink }
    }

    /// Text as it is (punctuation, keys).
    pub fn raw(&mut self, text: &str) {
        self.sink.buf().extend_from_slice(text.as_bytes());
    }

    /// The text of the part being written, to append to.
    pub fn buf(&mut self) -> &mut Vec<u8> {
        self.sink.buf()
    }

    /// `"key": ` on a line of its own at `depth`, after a comma unless it
    /// is the object's first key.
    pub fn key(&mut self, key: &str, depth: usize, first: bool) {
        let out = self.sink.buf();
        if !first {
            out.push(b',');
        }
        emit::newline(out, depth);
        emit::string(out, key);
        out.extend_from_slice(b": ");
    }

    /// A small value, serialised here by serde, as it is printed at `depth`.
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T, depth: usize) -> std::io::Result<()> {
        pretty_at(self.sink.buf(), value, depth).map_err(std::io::Error::other)
    }

    /// An array at `depth` of the elements `element` writes (each at
    /// `depth + 1`, into the buffer it is given), written on `workers` in
    /// chunks, scrubbed there, and written to the sink in their order.
    pub fn array_with<'a, T: Sync>(
        &mut self,
        workers: &Workers,
        items: &'a [T],
        depth: usize,
        element: impl Fn(&mut Vec<u8>, &'a T) + Sync + Send,
    ) -> std::io::Result<()> {
        self.array_each(
            workers,
            items,
            depth,
            || (),
            |_, out, item| element(out, item),
        )
    }

    /// [`Parts::array_with`], the elements of a chunk written in their
    /// order with a state of the chunk's own, made by `state` (a cursor
    /// over a file's lines: the elements' places are near each other).
    pub fn array_each<'a, T: Sync, S>(
        &mut self,
        workers: &Workers,
        items: &'a [T],
        depth: usize,
        state: impl Fn() -> S + Sync + Send,
        element: impl Fn(&mut S, &mut Vec<u8>, &'a T) + Sync + Send,
    ) -> std::io::Result<()> {
        if items.is_empty() {
            self.raw("[]");
            return Ok(());
        }
        self.raw("[");
        let chunks: Vec<(usize, &'a [T])> = items.chunks(ELEMENTS_PER_TASK).enumerate().collect();
        self.sink.parts_in_order(workers, &chunks, |(n, chunk)| {
            let chunk: &'a [T] = chunk;
            let mut out = Vec::with_capacity(CHUNK_CAPACITY);
            let mut st = state();
            for (i, item) in chunk.iter().enumerate() {
                out.extend_from_slice(if *n == 0 && i == 0 { b"" } else { b"," });
                emit::newline(&mut out, depth + 1);
                element(&mut st, &mut out, item);
                if i == 0 {
                    // Room for the chunk at the first element's length
                    // and a quarter more: growing a chunk of 200 KB
                    // from 32 KB copied it three times (issue 15).
                    // (At most 8 MiB ahead: one long first element
                    // reserves no more.)
                    out.reserve((out.len() * chunk.len() * 5 / 4).min(8 << 20));
                }
            }
            out
        })?;
        emit::newline(self.sink.buf(), depth);
        self.raw("]");
        Ok(())
    }

    /// An array at `depth` of what `element` makes of each item, each
    /// serialised by serde ([`Parts::array_with`]).
    pub fn array<'a, T: Sync, E: Serialize>(
        &mut self,
        workers: &Workers,
        items: &'a [T],
        depth: usize,
        element: impl Fn(&'a T) -> E + Sync + Send,
    ) -> std::io::Result<()> {
        self.array_with(workers, items, depth, |out, item| {
            // A value serde_json cannot write (a map with non-string keys)
            // is not among the reports' types; `null` keeps the JSON whole.
            let mark = out.len();
            if pretty_at(out, &element(item), depth + 1).is_err() {
                out.truncate(mark);
                emit::null(out);
            }
        })
    }
}

#[cfg(test)]
mod tests;
