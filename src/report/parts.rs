//! A JSON output written in parts: the long arrays (files, accounts,
//! findings, SARIF results) are serialised chunk by chunk on the run's
//! threads and joined in their order, with no tree of the whole output.
//!
//! Every part is exactly what `serde_json::to_string_pretty` would have
//! written at that place: an element is printed by serde_json's own
//! [`PrettyFormatter`], started at the element's depth. A part begins
//! outside any JSON string, at a line break (`\n`, `,\n`) or at the start,
//! so that each part can be scrubbed of secrets on its own
//! ([`super::scrub_parts`]): a JSON-escaped value never holds a raw line
//! break, so no value found in the whole text spans two parts.

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter, Serializer};

use crate::workers::Workers;

/// Elements serialised by one task: enough to pay for the hand-over, few
/// enough to share 1,000 files out evenly.
const ELEMENTS_PER_TASK: usize = 64;

/// serde_json's pretty indent (two spaces a level).
const INDENT: &[u8] = b"  ";

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

fn indent(out: &mut Vec<u8>, depth: usize) {
    for _ in 0..depth {
        out.extend_from_slice(INDENT);
    }
}

/// An output being assembled: the parts done, and the one being written.
#[derive(Default)]
pub struct Parts {
    done: Vec<String>,
    current: Vec<u8>,
}

impl Parts {
    pub fn new() -> Parts {
        Parts::default()
    }

    /// Text as it is (punctuation, keys).
    pub fn raw(&mut self, text: &str) {
        self.current.extend_from_slice(text.as_bytes());
    }

    /// `"key": ` on a line of its own at `depth`, after a comma unless it
    /// is the object's first key.
    pub fn key(&mut self, key: &str, depth: usize, first: bool) -> serde_json::Result<()> {
        self.raw(if first { "\n" } else { ",\n" });
        indent(&mut self.current, depth);
        serde_json::to_writer(&mut self.current, key)?;
        self.raw(": ");
        Ok(())
    }

    /// A small value, serialised here, as it is printed at `depth`.
    pub fn value<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
        depth: usize,
    ) -> serde_json::Result<()> {
        pretty_at(&mut self.current, value, depth)
    }

    /// An array at `depth` of what `element` makes of each item, the items
    /// serialised on `workers` in chunks and joined in their order.
    pub fn array<'a, T: Sync, E: Serialize>(
        &mut self,
        workers: &Workers,
        items: &'a [T],
        depth: usize,
        element: impl Fn(&'a T) -> E + Sync + Send,
    ) -> serde_json::Result<()> {
        if items.is_empty() {
            self.raw("[]");
            return Ok(());
        }
        self.raw("[");
        self.cut();
        let chunks: Vec<(usize, &'a [T])> = items.chunks(ELEMENTS_PER_TASK).enumerate().collect();
        let written = workers.map(&chunks, |(n, chunk)| {
            let mut out = Vec::new();
            let chunk: &'a [T] = chunk;
            for (i, item) in chunk.iter().enumerate() {
                out.extend_from_slice(if *n == 0 && i == 0 { b"\n" } else { b",\n" });
                indent(&mut out, depth + 1);
                pretty_at(&mut out, &element(item), depth + 1)?;
            }
            String::from_utf8(out).map_err(|e| serde_json::Error::io(std::io::Error::other(e)))
        });
        for part in written {
            self.done.push(part?);
        }
        self.raw("\n");
        indent(&mut self.current, depth);
        self.raw("]");
        Ok(())
    }

    /// Close the part being written.
    fn cut(&mut self) {
        if !self.current.is_empty() {
            let bytes = std::mem::take(&mut self.current);
            // Only UTF-8 is ever written into it (`&str`s and serde_json).
            self.done.push(
                String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            );
        }
    }

    /// The parts, in order.
    pub fn finish(mut self) -> Vec<String> {
        self.cut();
        self.done
    }
}

#[cfg(test)]
mod tests;
