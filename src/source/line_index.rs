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
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // Line breaks found a machine word at a time (memchr), not byte by
        // byte: every file is indexed when it is read (issue 15).
        let mut breaks = memchr::memchr2_iter(b'\n', b'\r', bytes);
        while let Some(i) = breaks.next() {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                // The `\n` of `\r\n` is the next break found: one line end.
                breaks.next();
                starts.push(i + 2);
            } else {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// Byte offset where the line holding byte `offset` starts.
    pub fn line_start_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => self.starts[i],
            Err(i) => self.starts[i.saturating_sub(1)],
        }
    }

    /// Position of byte `offset` in `text` (the text this index was built from).
    /// An offset inside a multi-byte character counts as that character.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line0 = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line0];
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let prefix = &text[start..end];
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

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "\u{1F600}x";
        let idx = LineIndex::new(text);
        let pos = idx.position(text, 4);
        assert_eq!((pos.column, pos.utf16_column), (2, 3));
    }
}
