//! `--reg-patch`: the fixes of a registry export as a small `.reg` file that
//! sets only the changed values, under their full key paths, with the
//! export's own header, encoding and line breaks. The customer imports it
//! (double-click, or `reg import`) and nothing else in the registry changes.

use super::edits::Edit;
use super::encode::{bom, encode};
use crate::formats::outlook_express::reg;
use crate::i18n::Lang;
use crate::source::{SourceFile, floor_char_boundary};
use crate::tables::Ui;

/// Why no patch can be written. Said in the language of the run by
/// [`PatchError::message`] (`rules/ui.toml`, `[fix]`).
#[derive(Debug, PartialEq, Eq)]
pub enum PatchError {
    NotReg,
    /// A fix edits text that is not a registry value.
    NotAValue,
    /// A character the export's encoding cannot hold.
    Unencodable(char, &'static str),
    /// An encoding maillint does not write.
    UnwritableEncoding(&'static str),
}

impl PatchError {
    /// The reason in `lang`, to follow "not fixing PATH:".
    pub fn message(&self, lang: Lang) -> String {
        match self {
            PatchError::NotReg => Ui::FixReasonNotReg.get(lang).to_string(),
            PatchError::NotAValue => Ui::FixReasonNotAValue.get(lang).to_string(),
            PatchError::Unencodable(c, e) => Ui::FixReasonRegUnencodable.fill(
                lang,
                &[("char", c.to_string()), ("encoding", e.to_string())],
            ),
            PatchError::UnwritableEncoding(e) => {
                Ui::FixReasonRegUnwritable.fill(lang, &[("encoding", e.to_string())])
            }
        }
    }
}

/// In the language of the process's errors (`--lang`, else the locale).
impl std::fmt::Display for PatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::messages_lang()))
    }
}

impl std::error::Error for PatchError {}

/// The bytes of a `.reg` file that applies `edits` (sorted, not overlapping)
/// to the export `file` (unmasked text: the file as on disk).
pub fn patch(file: &SourceFile, edits: &[&Edit]) -> Result<Vec<u8>, PatchError> {
    let text = &file.text;
    if !reg::looks_like_reg(text) {
        return Err(PatchError::NotReg);
    }
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or(reg::HEADER_V5);
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let parsed = reg::parse(text, file.id);
    // Each changed value line: its key path, where the line is, its edits.
    let mut values: Vec<(&str, usize, usize, Vec<&Edit>)> = Vec::new();
    // Values the export lacks, added after their key's header line.
    let mut added: Vec<(&str, usize, String)> = Vec::new();
    for e in edits {
        if e.span.is_empty() {
            if let Some(k) = parsed.keys.iter().find(|k| k.header.end == e.span.start) {
                let line = e.text.trim_start_matches(['\r', '\n']).to_string();
                added.push((k.path.as_str(), k.header.end as usize, line));
                continue;
            }
        }
        let found = parsed.keys.iter().find_map(|k| {
            k.values
                .props
                .iter()
                .rev()
                .find(|p| p.span.start <= e.span.start && e.span.end <= p.span.end)
                .map(|p| (k.path.as_str(), p))
        });
        let Some((path, prop)) = found else {
            return Err(PatchError::NotAValue);
        };
        let start = prop.name_span.start as usize;
        match values.iter_mut().find(|v| v.1 == start) {
            Some(v) => v.3.push(e),
            None => values.push((path, start, line_end(text, prop.span.end as usize), vec![e])),
        }
    }
    let mut lines: Vec<(&str, usize, String)> = values
        .into_iter()
        .map(|(path, start, end, mut es)| {
            let mut line = text[start..end].to_string();
            // From the last edit back, so earlier offsets stay valid.
            es.sort_by_key(|e| std::cmp::Reverse(e.span.start));
            for e in es {
                line.replace_range(
                    e.span.start as usize - start..e.span.end as usize - start,
                    &e.text,
                );
            }
            (path, start, line)
        })
        .collect();
    lines.extend(added);
    lines.sort_by_key(|(_, s, _)| *s);
    let mut out = String::new();
    out.push_str(header);
    out.push_str(nl);
    let mut current: Option<&str> = None;
    for (path, _, line) in &lines {
        if current != Some(path) {
            out.push_str(nl);
            out.push('[');
            out.push_str(path);
            out.push(']');
            out.push_str(nl);
            current = Some(path);
        }
        out.push_str(line);
        out.push_str(nl);
    }
    out.push_str(nl);
    if !super::encode::writable(file.encoding) {
        return Err(PatchError::UnwritableEncoding(file.encoding.display_name()));
    }
    let mut bytes = bom(file.encoding).to_vec();
    bytes.extend(
        encode(&out, file.encoding)
            .map_err(|c| PatchError::Unencodable(c, file.encoding.label()))?,
    );
    Ok(bytes)
}

/// The end of the line holding `value_end` (values we edit are on one line).
fn line_end(text: &str, value_end: usize) -> usize {
    let from = floor_char_boundary(text, value_end);
    text[from..]
        .find(['\r', '\n'])
        .map_or(text.len(), |i| from + i)
}

#[cfg(test)]
mod tests;
