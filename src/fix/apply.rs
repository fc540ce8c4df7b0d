//! Applying edits to a file's bytes: each replacement is encoded in the
//! file's encoding and spliced in at the edit's on-disk range, so that no
//! byte outside an edit can change (not a BOM, a line ending, a comment, nor a
//! byte that would not survive decoding and encoding again).

use std::path::Path;

use super::edits::Edit;
use super::encode::encode;
use crate::i18n::Lang;
use crate::source::{SourceFile, SourceId, decode};
use crate::tables::Ui;

/// One change made to a file, for the report (`path:line:col: old → new`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub line: usize,
    pub column: usize,
    pub old: String,
    pub new: String,
}

/// A file with its edits applied.
#[derive(Debug)]
pub struct Applied {
    /// The new bytes of the file.
    pub bytes: Vec<u8>,
    /// The decoded text before and after (what `--diff` compares).
    pub old_text: String,
    pub new_text: String,
    pub changes: Vec<Change>,
}

/// Why a file cannot be fixed. Said in the language of the run by
/// [`ApplyError::message`] (`rules/ui.toml`, `[fix]`).
#[derive(Debug, PartialEq, Eq)]
pub enum ApplyError {
    Binary,
    /// Some bytes do not decode in this encoding.
    Undecodable(&'static str),
    /// A CMS-signed configuration profile.
    Signed,
    /// The live Windows registry.
    Registry,
    /// The file changed since it was read.
    Changed,
    /// A character the file's encoding cannot hold.
    Unencodable(char, &'static str),
    NoRoundTrip,
    /// An encoding maillint reads but does not write.
    UnwritableEncoding(&'static str),
}

impl ApplyError {
    /// The reason in `lang`, to follow "not fixing PATH:".
    pub fn message(&self, lang: Lang) -> String {
        let enc = |e: &str| vec![("encoding", e.to_string())];
        match self {
            ApplyError::Binary => Ui::FixReasonBinary.get(lang).to_string(),
            ApplyError::Undecodable(e) => Ui::FixReasonUndecodable.fill(lang, &enc(e)),
            ApplyError::Signed => Ui::FixReasonSigned.get(lang).to_string(),
            ApplyError::Registry => Ui::FixReasonRegistry.get(lang).to_string(),
            ApplyError::Changed => Ui::FixReasonChanged.get(lang).to_string(),
            ApplyError::Unencodable(c, e) => Ui::FixReasonUnencodable.fill(
                lang,
                &[("char", c.to_string()), ("encoding", e.to_string())],
            ),
            ApplyError::NoRoundTrip => Ui::FixReasonNoRoundTrip.get(lang).to_string(),
            ApplyError::UnwritableEncoding(e) => {
                Ui::FixReasonUnwritableEncoding.fill(lang, &enc(e))
            }
        }
    }
}

/// In the language of the process's errors (`--lang`, else the locale).
impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::messages_lang()))
    }
}

impl std::error::Error for ApplyError {}

/// Apply `edits` (sorted, not overlapping) to the file whose bytes on disk
/// are `original`. `read_text` is the text the run read (secrets masked byte
/// for byte), to make sure the file is still the one the findings are about.
pub fn apply(
    original: &[u8],
    path: &Path,
    read_text: &str,
    edits: &[&Edit],
) -> Result<Applied, ApplyError> {
    let fresh = SourceFile::from_bytes(SourceId(0), path, original);
    if fresh.encoding == crate::source::TextEncoding::Utf8 && std::str::from_utf8(original).is_err()
    {
        // Decoded as UTF-8 without being UTF-8: a CMS-signed .mobileconfig.
        return Err(ApplyError::Signed);
    }
    if fresh.had_decode_errors {
        return Err(ApplyError::Undecodable(fresh.encoding.label()));
    }
    if !super::encode::writable(fresh.encoding) {
        return Err(ApplyError::UnwritableEncoding(
            fresh.encoding.display_name(),
        ));
    }
    if fresh.text.len() != read_text.len() {
        return Err(ApplyError::Changed);
    }
    let mut bytes = Vec::with_capacity(original.len());
    let mut new_text = String::with_capacity(fresh.text.len());
    let (mut disk_at, mut text_at) = (0usize, 0usize);
    let mut changes = Vec::with_capacity(edits.len());
    for e in edits {
        let (start, end) = (e.span.start as usize, e.span.end as usize);
        let in_text = start >= text_at
            && end <= fresh.text.len()
            && fresh.text.is_char_boundary(start)
            && fresh.text.is_char_boundary(end);
        if !in_text || fresh.text.get(start..end) != read_text.get(start..end) {
            return Err(ApplyError::Changed);
        }
        let range = fresh.original_range(e.span);
        let encoded = encode(&e.text, fresh.encoding)
            .map_err(|c| ApplyError::Unencodable(c, fresh.encoding.label()))?;
        bytes.extend_from_slice(
            original
                .get(disk_at..range.start)
                .ok_or(ApplyError::Changed)?,
        );
        bytes.extend_from_slice(&encoded);
        new_text.push_str(&fresh.text[text_at..start]);
        new_text.push_str(&e.text);
        let p = fresh.position(start);
        changes.push(Change {
            line: p.line,
            column: p.column,
            old: fresh.text[start..end].to_string(),
            new: e.text.clone(),
        });
        disk_at = range.end;
        text_at = end;
    }
    bytes.extend_from_slice(original.get(disk_at..).ok_or(ApplyError::Changed)?);
    new_text.push_str(&fresh.text[text_at..]);
    // The bytes must read back as the edited text, or the splice went wrong
    // (an encoding the mapping does not cover): better no fix than a wrong one.
    if decode(&bytes).text != new_text {
        return Err(ApplyError::NoRoundTrip);
    }
    Ok(Applied {
        bytes,
        old_text: fresh.text,
        new_text,
        changes,
    })
}

/// `text` with `edits` (sorted, not overlapping) applied: what `--diff`
/// shows, made from the run's text, whose secrets are masked, so that no
/// context line of a diff can show a password. `None` if an edit falls
/// outside the text.
pub fn edit_text(text: &str, edits: &[&Edit]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(text.get(at..e.span.start as usize)?);
        out.push_str(&e.text);
        at = e.span.end as usize;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

#[cfg(test)]
mod tests;
