//! Byte offsets to 1-based lines and columns.

/// A position for humans and tools: 1-based line, 1-based column counted in
/// characters, and 1-based column counted in UTF-16 code units (SARIF's unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub utf16_column: usize,
}

/// Start offsets of every line of a text. `\n`, `\r\n` and a lone `\r` each
/// end a line, as in Mozilla's prefs parser and Windows INI readers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Starts,
}

/// The offsets, four bytes each when the text is shorter than 4 GiB (every
/// file is, unless `--max-file-size` is raised past it: then eight), and
/// room made for exactly the lines there are: the index of a 10 MB file was
/// 4 MB, grown by doubling (issue 15, peak memory).
#[derive(Debug, Clone)]
enum Starts {
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        // One line more than `\n`s, unless lone `\r`s end some (rare: the
        // vector then grows).
        let lines = 1 + memchr::memchr_iter(b'\n', bytes).count();
        let starts = match u32::try_from(bytes.len()) {
            Ok(_) => {
                let mut starts = Vec::with_capacity(lines);
                // Every start is at most the text's length, which fits.
                line_starts(bytes, |i| starts.push(i as u32));
                Starts::Narrow(starts)
            }
            Err(_) => {
                let mut starts = Vec::with_capacity(lines);
                line_starts(bytes, |i| starts.push(i));
                Starts::Wide(starts)
            }
        };
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        match &self.starts {
            Starts::Narrow(s) => s.len(),
            Starts::Wide(s) => s.len(),
        }
    }

    /// Byte offset where line `i` (0-based) starts.
    fn start(&self, i: usize) -> Option<usize> {
        match &self.starts {
            Starts::Narrow(s) => s.get(i).map(|&o| o as usize),
            Starts::Wide(s) => s.get(i).copied(),
        }
    }

    /// The 0-based line holding byte `offset` (the last line for an offset
    /// past the end).
    fn line_of(&self, offset: usize) -> usize {
        let found = match &self.starts {
            // An offset past 4 GiB is past every start of a narrow index.
            Starts::Narrow(s) => match u32::try_from(offset) {
                Ok(o) => s.binary_search(&o),
                Err(_) => Err(s.len()),
            },
            Starts::Wide(s) => s.binary_search(&offset),
        };
        match found {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.start(line.checked_sub(1)?)
    }

    /// Byte offset where the line holding byte `offset` starts.
    pub fn line_start_of(&self, offset: usize) -> usize {
        self.start(self.line_of(offset)).unwrap_or(0)
    }

    /// Position of byte `offset` in `text` (the text this index was built from).
    /// An offset inside a multi-byte character counts as that character.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line0 = self.line_of(offset);
        let start = self.start(line0).unwrap_or(0);
        position_in_line(text, line0, start, offset)
    }
}

/// The position of byte `offset` of `text` on 0-based line `line0`, which
/// starts at byte `start`: the one place columns are counted
/// ([`LineIndex::position`], and `report::location::Near`, which finds the
/// line from the one it found last). An offset inside a multi-byte
/// character counts as that character.
#[inline]
pub fn position_in_line(text: &str, line0: usize, start: usize, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let start = start.min(offset);
    let mut end = offset;
    while end > start && !text.is_char_boundary(end) {
        end -= 1;
    }
    let prefix = text.get(start..end).unwrap_or_default();
    // Most lines are ASCII up to the offset: a byte is a character
    // there, in UTF-8 and UTF-16 (issue 15: every value of a JSON
    // report asks).
    let (column, utf16_column) = if prefix.is_ascii() {
        (prefix.len(), prefix.len())
    } else {
        (prefix.chars().count(), prefix.encode_utf16().count())
    };
    Position {
        line: line0 + 1,
        column: column + 1,
        utf16_column: utf16_column + 1,
    }
}

/// Calls `push` with 0 and the offset after each line break of `bytes`.
fn line_starts(bytes: &[u8], mut push: impl FnMut(usize)) {
    push(0);
    // Most files end their lines with `\n` alone: then every `\n` starts a
    // line, with nothing to look at around it (one search for a `\r` costs
    // less than a look at the bytes around each break).
    if memchr::memchr(b'\r', bytes).is_none() {
        return newline_starts(bytes, push);
    }
    // Every file is indexed when it is read, and lines are short (about
    // 40 bytes in the ISPDB): a search per line costs more than looking at
    // 64 bytes at once and visiting the line breaks among them (issue 15).
    let mut at = 0;
    while at < bytes.len() {
        let block = &bytes[at..bytes.len().min(at + 64)];
        let mut breaks = break_mask(block);
        while breaks != 0 {
            let i = at + breaks.trailing_zeros() as usize;
            breaks &= breaks - 1;
            match bytes[i] {
                // The `\n` of a `\r\n`: its line ended at the `\r`.
                b'\n' if i > 0 && bytes[i - 1] == b'\r' => {}
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => push(i + 2),
                _ => push(i + 1),
            }
        }
        at += 64;
    }
}

/// [`line_starts`] of a text without `\r`, after its 0: the offset after
/// each `\n`.
fn newline_starts(bytes: &[u8], mut push: impl FnMut(usize)) {
    let mut at = 0;
    while let Some(block) = bytes.get(at..at + 64) {
        let mut breaks = newline_mask(block);
        while breaks != 0 {
            push(at + breaks.trailing_zeros() as usize + 1);
            breaks &= breaks - 1;
        }
        at += 64;
    }
    for (i, &b) in bytes.get(at..).unwrap_or_default().iter().enumerate() {
        if b == b'\n' {
            push(at + i + 1);
        }
    }
}

/// Bit `i` set where `block[i]` (64 bytes) is `\n`.
fn newline_mask(block: &[u8]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        let mut mask = 0u64;
        for (k, chunk) in block.chunks_exact(16).enumerate() {
            // SAFETY: SSE2 is part of every x86_64 target; `chunk` is 16
            // readable bytes and the load is unaligned.
            let m = unsafe {
                let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
                _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8))) as u16
            };
            mask |= u64::from(m) << (16 * k);
        }
        mask
    }
    #[cfg(not(target_arch = "x86_64"))]
    block
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .fold(0, |m, (i, _)| m | 1 << i)
}

/// Bit `i` set where `block[i]` (at most 64 bytes) is `\n` or `\r`.
fn break_mask(block: &[u8]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if block.len() == 64 {
        return break_mask_sse2(block);
    }
    block
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n' || b == b'\r')
        .fold(0, |m, (i, _)| m | 1 << i)
}

/// [`break_mask`] of 64 bytes, 16 at a time.
#[cfg(target_arch = "x86_64")]
fn break_mask_sse2(block: &[u8]) -> u64 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let mut mask = 0u64;
    for (k, chunk) in block.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is part of every x86_64 target; `chunk` is 16
        // readable bytes and the load is unaligned.
        let m = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            let lf = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8));
            let cr = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\r' as i8));
            _mm_movemask_epi8(_mm_or_si128(lf, cr)) as u16
        };
        mask |= u64::from(m) << (16 * k);
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let text = "ab\r\nc日d\re\nf";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let p = |o| {
            let p = idx.position(text, o);
            (p.line, p.column, p.utf16_column)
        };
        assert_eq!(p(0), (1, 1, 1));
        assert_eq!(p(4), (2, 1, 1));
        // 'd' after a three-byte character: column 3 in chars and in UTF-16.
        assert_eq!(p(8), (2, 3, 3));
        assert_eq!(p(10), (3, 1, 1));
        assert_eq!(p(text.len()), (4, 2, 2));
    }

    /// The index of a text past 4 GiB keeps eight-byte offsets: both kinds
    /// answer alike.
    #[test]
    fn wide_offsets_answer_as_narrow_ones() {
        let text = "ab\r\nc日d\re\nf\n\n";
        let narrow = LineIndex::new(text);
        let mut wide = Vec::new();
        line_starts(text.as_bytes(), |i| wide.push(i));
        let wide = LineIndex {
            starts: Starts::Wide(wide),
        };
        assert!(matches!(narrow.starts, Starts::Narrow(_)));
        assert_eq!(narrow.line_count(), wide.line_count());
        for line in 0..=narrow.line_count() + 1 {
            assert_eq!(narrow.line_start(line), wide.line_start(line));
        }
        for o in 0..=text.len() + 2 {
            assert_eq!(narrow.line_start_of(o), wide.line_start_of(o));
            assert_eq!(narrow.position(text, o), wide.position(text, o));
        }
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "\u{1F600}x";
        let idx = LineIndex::new(text);
        let pos = idx.position(text, 4);
        assert_eq!((pos.column, pos.utf16_column), (2, 3));
    }

    /// Line starts as the definition says, a byte at a time.
    fn starts_by_bytes(text: &str) -> Vec<usize> {
        let b = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\r' if b.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' | b'\n' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        starts
    }

    #[test]
    fn block_search_agrees_with_the_definition() {
        // Every mix of the line-break bytes and text at every offset around
        // the 64-byte blocks (a `\r\n` split across two blocks included).
        let with_cr = ["\n", "\r", "\r\n", "\n\r", "x", "日", "\r\r\n"];
        // And without `\r` (the path for `\n` alone).
        let without_cr = ["\n", "\n\n", "x", "日", "\n日"];
        let mut seed = 7u64;
        for len in 0..300 {
            for round in 0..16 {
                let pieces: &[&str] = if round % 2 == 0 {
                    &with_cr
                } else {
                    &without_cr
                };
                let mut text = String::new();
                while text.len() < len {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let pick = (seed >> 33) as usize;
                    // Mostly plain bytes, so breaks fall at every offset.
                    let piece = if pick % 3 == 0 {
                        pieces[pick % pieces.len()]
                    } else {
                        "a"
                    };
                    text.push_str(piece);
                }
                let mut got = Vec::new();
                line_starts(text.as_bytes(), |i| got.push(i));
                assert_eq!(got, starts_by_bytes(&text), "{text:?}");
                let idx = LineIndex::new(&text);
                assert_eq!(idx.line_count(), got.len(), "{text:?}");
            }
        }
    }
}
