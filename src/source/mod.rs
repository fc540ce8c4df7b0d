//! Source files: bytes read from disk, decoded text, and a line index.

pub mod cms;
mod decode;
mod line_index;
mod span;

pub use decode::{Decoded, TextEncoding, decode, decode_as};
pub use line_index::{LineIndex, Position};
pub use span::{Located, Origin, SourceId, Span};

use std::path::{Path, PathBuf};

/// One file read for a run.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub id: SourceId,
    /// The path as the user named it (or as discovery found it).
    pub path: PathBuf,
    pub text: String,
    pub encoding: TextEncoding,
    /// Some bytes did not decode and were replaced by U+FFFD.
    pub had_decode_errors: bool,
    pub lines: LineIndex,
}

impl SourceFile {
    /// Decode `bytes` (BOM, UTF-8, else Shift_JIS) into a source file.
    pub fn from_bytes(id: SourceId, path: impl Into<PathBuf>, bytes: &[u8]) -> Self {
        Self::from_decoded(id, path, decode(bytes))
    }

    pub fn from_decoded(id: SourceId, path: impl Into<PathBuf>, decoded: Decoded) -> Self {
        let lines = LineIndex::new(&decoded.text);
        SourceFile {
            id,
            path: path.into(),
            text: decoded.text,
            encoding: decoded.encoding,
            had_decode_errors: decoded.had_errors,
            lines,
        }
    }

    /// Read and decode a file. The error is the one-line reason.
    pub fn read(id: SourceId, path: &Path) -> std::io::Result<Self> {
        let bytes = std::fs::read(path)?;
        Ok(Self::from_bytes(id, path, &bytes))
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    /// A span that covers all of this file's text.
    pub fn whole(&self) -> Span {
        Span::new(self.id, 0, self.text.len())
    }

    /// The byte range on disk that `span` was decoded from (BOM included in
    /// the offset), so that a fix can edit the file in its own encoding.
    pub fn original_range(&self, span: Span) -> std::ops::Range<usize> {
        let clamp = |o: usize| {
            let mut o = o.min(self.text.len());
            while !self.text.is_char_boundary(o) {
                o -= 1;
            }
            o
        };
        let (start, end) = (clamp(span.start), clamp(span.end));
        let bom = self.encoding.bom_len();
        let start_b = bom + self.encoding.encoded_len(&self.text[..start]);
        let len = self.encoding.encoded_len(&self.text[start..end]);
        start_b..start_b + len
    }

    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }
}

/// Every file read in one run, indexed by [`SourceId`]. Ids are given out
/// when a run is planned; a file that then fails to read leaves a gap.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<Option<SourceFile>>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, file: SourceFile) {
        let index = file.id.0 as usize;
        if self.files.len() <= index {
            self.files.resize_with(index + 1, || None);
        }
        self.files[index] = Some(file);
    }

    pub fn get(&self, id: SourceId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize).and_then(Option::as_ref)
    }

    /// The files read, in id order.
    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter().flatten()
    }

    /// How many files were read.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn original_range_maps_through_utf16_and_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a日b".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let f = SourceFile::from_bytes(SourceId(0), "x.reg", &bytes);
        // "b" is at text bytes 4..5; on disk at 2 (BOM) + 4 = 6..8.
        assert_eq!(f.original_range(Span::new(SourceId(0), 4, 5)), 6..8);
    }

    #[test]
    fn original_range_maps_through_shift_jis() {
        let f = SourceFile::from_bytes(SourceId(0), "m.ini", b"\x93\xfa=x");
        assert_eq!(f.text, "日=x");
        assert_eq!(f.original_range(Span::new(SourceId(0), 4, 5)), 3..4);
    }
}
