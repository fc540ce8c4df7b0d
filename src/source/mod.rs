//! Source files: bytes read from disk, decoded text, and a line index.

pub mod cms;
pub(crate) mod decode;
mod line_index;
pub mod read;
mod registry_place;
mod span;

pub use decode::{Decoded, TextEncoding, decode, decode_as, decode_owned};
pub use line_index::{LineIndex, Position, position_in_line};
pub use registry_place::RegistryPlace;
pub use span::{Basis, Located, MAX_TEXT_LEN, Origin, Rewrite, SourceId, Span, sub_span_of};

use std::path::{Path, PathBuf};

/// The largest character boundary of `text` at or before `offset` (clamped
/// to the text): where a byte offset from elsewhere can safely cut the text.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

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
    /// The encoding was guessed from the bytes (no BOM, not UTF-8).
    pub encoding_guessed: bool,
    /// ... and the guess was weak ([`Decoded::weak_guess`]).
    pub weak_encoding_guess: bool,
    /// A CMS-signed profile ([`Decoded::signed`]): never edited.
    pub signed: bool,
    pub lines: LineIndex,
    /// A binary file (`.iaf`): `text` is empty, spans are offsets into `bytes`.
    pub is_binary: bool,
    /// The bytes of a binary file (empty for text files).
    pub bytes: Vec<u8>,
    /// Named byte ranges of a binary file (an `.iaf` record and its field
    /// name), so that a report can say which field an offset is in.
    pub regions: Vec<(std::ops::Range<usize>, String)>,
    /// Read from the live Windows registry (`crate::registry`): `path` is the
    /// key, `text` an export of it made for the reader, and each span maps to
    /// the key and value it came from, which is what reports show.
    pub registry: Vec<RegistryPlace>,
    /// On-disk byte offset of each line start, for encodings other than
    /// UTF-8: built on first use so that mapping many spans stays linear.
    disk_line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Decode `bytes` (BOM, ISO-2022-JP, UTF-8, UTF-16, else chardetng's
    /// guess) into a source file.
    pub fn from_bytes(id: SourceId, path: impl Into<PathBuf>, bytes: &[u8]) -> Self {
        Self::from_decoded(id, path, decode(bytes))
    }

    /// [`SourceFile::from_bytes`] of bytes given up: UTF-8 becomes the text
    /// without a copy.
    pub fn from_vec(id: SourceId, path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        Self::from_decoded(id, path, decode_owned(bytes))
    }

    pub fn from_decoded(id: SourceId, path: impl Into<PathBuf>, decoded: Decoded) -> Self {
        let lines = LineIndex::new(&decoded.text);
        SourceFile {
            id,
            path: path.into(),
            text: decoded.text,
            encoding: decoded.encoding,
            had_decode_errors: decoded.had_errors,
            encoding_guessed: decoded.guessed,
            weak_encoding_guess: decoded.weak_guess,
            signed: decoded.signed,
            lines,
            is_binary: false,
            bytes: Vec::new(),
            regions: Vec::new(),
            registry: Vec::new(),
            disk_line_starts: std::sync::OnceLock::new(),
        }
    }

    /// A binary file kept as bytes: no text, spans are byte offsets, and a
    /// position is line 1, column offset + 1.
    pub fn binary(id: SourceId, path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        SourceFile {
            id,
            path: path.into(),
            text: String::new(),
            encoding: TextEncoding::Utf8,
            had_decode_errors: false,
            encoding_guessed: false,
            weak_encoding_guess: false,
            signed: false,
            lines: LineIndex::new(""),
            is_binary: true,
            bytes,
            regions: Vec::new(),
            registry: Vec::new(),
            disk_line_starts: std::sync::OnceLock::new(),
        }
    }

    /// Keys read from the live registry, exported as `.reg` text for the
    /// reader; `places` say which key and value each part of `text` holds.
    pub fn registry(
        id: SourceId,
        key: impl Into<PathBuf>,
        text: String,
        places: Vec<RegistryPlace>,
    ) -> Self {
        let mut f = Self::from_decoded(id, key, decode::utf8(text));
        f.registry = places;
        f
    }

    /// Whether this source is the live registry, not a file.
    pub fn is_registry(&self) -> bool {
        !self.registry.is_empty()
    }

    /// The registry key and value that `offset` of a registry source is in.
    pub fn registry_place(&self, offset: usize) -> Option<&RegistryPlace> {
        // The innermost place: a value's range lies inside its key's.
        self.registry
            .iter()
            .filter(|p| p.range.contains(&offset) || p.range.start == offset)
            .min_by_key(|p| p.range.len())
    }

    /// Read a file as binary (see [`SourceFile::binary`]).
    pub fn read_binary(id: SourceId, path: &Path) -> std::io::Result<Self> {
        let bytes = std::fs::read(path)?;
        Ok(Self::binary(id, path, bytes))
    }

    /// Read and decode a file. The error is the one-line reason.
    pub fn read(id: SourceId, path: &Path) -> std::io::Result<Self> {
        let bytes = std::fs::read(path)?;
        Ok(Self::from_vec(id, path, bytes))
    }

    pub fn position(&self, offset: usize) -> Position {
        if self.is_binary {
            let column = offset.min(self.bytes.len()) + 1;
            return Position {
                line: 1,
                column,
                utf16_column: column,
            };
        }
        self.lines.position(&self.text, offset)
    }

    /// A span that covers all of this file's text.
    pub fn whole(&self) -> Span {
        if self.is_binary {
            return Span::new(self.id, 0, self.bytes.len());
        }
        Span::new(self.id, 0, self.text.len())
    }

    /// The byte range on disk that `span` was decoded from (BOM included in
    /// the offset), so that a fix can edit the file in its own encoding.
    pub fn original_range(&self, span: Span) -> std::ops::Range<usize> {
        if self.is_binary {
            let end = (span.end as usize).min(self.bytes.len());
            return (span.start as usize).min(end)..end;
        }
        let clamp = |o: usize| floor_char_boundary(&self.text, o);
        let (start, end) = (clamp(span.start as usize), clamp(span.end as usize));
        let bom = self.encoding.bom_len();
        if matches!(self.encoding, TextEncoding::Utf8 | TextEncoding::Utf8Bom) {
            return bom + start..bom + end;
        }
        // Other encodings: the on-disk offset of the span's line, then the
        // encoded length of the rest of the line up to the span.
        let starts = self.disk_line_starts.get_or_init(|| {
            let mut out = Vec::with_capacity(self.lines.line_count());
            let mut disk = bom;
            let mut prev = 0;
            for line in 1..=self.lines.line_count() {
                let at = self.lines.line_start(line).unwrap_or(prev);
                disk += self.encoding.encoded_len(&self.text[prev..at]);
                out.push(disk);
                prev = at;
            }
            out
        });
        let line = self.lines.position(&self.text, start).line;
        let line_text_start = self.lines.line_start(line).unwrap_or(0);
        let start_b = starts.get(line - 1).copied().unwrap_or(bom)
            + self
                .encoding
                .encoded_len(&self.text[line_text_start..start]);
        let len = self.encoding.encoded_len(&self.text[start..end]);
        start_b..start_b + len
    }

    /// Mask secret values in the text, byte for byte with `*` (line breaks
    /// kept), so that spans and line numbers stay valid and no snippet can
    /// show them. (For files stored in UTF-16
    /// or Shift_JIS, on-disk offsets after a masked non-ASCII secret shift by
    /// the difference of its encoded lengths; secrets are rarely non-ASCII.)
    pub fn redact(&mut self, ranges: &[std::ops::Range<usize>]) {
        if !ranges.is_empty() {
            self.text = crate::secrets::mask_all(&self.text, ranges);
        }
        self.disk_line_starts = std::sync::OnceLock::new();
    }

    /// Drop the text of a file maillint cannot read (no known format): no
    /// snippet can then show any of it.
    pub fn blank(&mut self) {
        self.text.clear();
        self.lines = LineIndex::new("");
        self.disk_line_starts = std::sync::OnceLock::new();
    }

    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }

    /// The name of the region of a binary file that holds `offset`.
    pub fn region_name(&self, offset: usize) -> Option<&str> {
        self.regions
            .iter()
            .find(|(r, _)| r.contains(&offset))
            .map(|(_, n)| n.as_str())
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

    /// Room for files of ids below `n` (a run's files come with ids from 0).
    pub fn with_capacity(n: usize) -> Self {
        SourceMap {
            files: Vec::with_capacity(n),
        }
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
    fn binary_files_keep_bytes_and_offsets() {
        let f = SourceFile::binary(SourceId(0), "a.iaf", vec![0, 1, 2, 3]);
        assert!(f.is_binary && f.text.is_empty());
        assert_eq!(f.position(2).line, 1);
        assert_eq!(f.position(2).column, 3);
        assert_eq!(f.original_range(Span::new(SourceId(0), 1, 9)), 1..4);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// The per-line table gives the same on-disk offsets as encoding
            /// the whole prefix, in every encoding.
            #[test]
            fn original_range_matches_the_naive_mapping(
                text in "[a-z日本語ｱ\\r\\n ]{0,80}",
                a in 0usize..100,
                b in 0usize..100,
                enc in 0usize..4,
            ) {
                let encoding = [
                    TextEncoding::Utf8,
                    TextEncoding::Utf8Bom,
                    TextEncoding::Utf16Le,
                    TextEncoding::ShiftJis,
                ][enc];
                let f = SourceFile::from_decoded(
                    SourceId(0),
                    "x",
                    Decoded { text: text.clone(), encoding, had_errors: false, guessed: false, weak_guess: false, signed: false },
                );
                let fix = |mut o: usize| {
                    o = o.min(text.len());
                    while !text.is_char_boundary(o) { o -= 1; }
                    o
                };
                let (s, e) = (fix(a.min(b)), fix(a.max(b)));
                let bom = encoding.bom_len();
                let naive_start = bom + encoding.encoded_len(&text[..s]);
                let naive = naive_start..naive_start + encoding.encoded_len(&text[s..e]);
                prop_assert_eq!(f.original_range(Span::new(SourceId(0), s, e)), naive);
            }
        }
    }

    #[test]
    fn original_range_maps_through_shift_jis() {
        let f = SourceFile::from_bytes(SourceId(0), "m.ini", b"\x93\xfa=x");
        assert_eq!(f.text, "日=x");
        assert_eq!(f.original_range(Span::new(SourceId(0), 4, 5)), 3..4);
    }
}
