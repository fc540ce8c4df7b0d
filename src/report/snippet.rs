//! The source text a human finding draws its snippet from, as it is shown:
//! control characters as visible escapes (`crate::escape`), a lone CR as the
//! line break it is, and a very long line cut around the labels, with the
//! number of characters left out. Labels are placed in the shown text, so
//! each `┬` stays under the character it names; the header's line and
//! column stay the file's own.

use std::borrow::Cow;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::i18n::Lang;
use crate::source::{LineIndex, SourceFile, floor_char_boundary};
use crate::tables::Ui;

/// A line longer than this many characters is shown cut.
const MAX_LINE_CHARS: usize = 300;
/// Characters kept at a cut line's start, at its end and on each side of a
/// label's ends.
const KEEP_HEAD: usize = 80;
const KEEP_TAIL: usize = 20;
const KEEP_AROUND: usize = 30;

/// Where a file's text needs an escape (the byte offsets of every character
/// shown otherwise than as itself), found once per file.
///
/// Every such character begins with a byte of [`candidates`] (a control
/// byte but tab and line feed, DEL, and the lead bytes `0xc2` of the C1
/// controls and `0xe2` of the bidirectional marks), so only those bytes
/// are decided one by one ([`shown_otherwise`]), the rest sixteen at a
/// time (issue 15: a character at a time cost 34 instructions a byte, a
/// tenth of a human report of a 10 MB prefs.js).
pub(super) fn escape_points(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(block) = bytes.get(at..).and_then(|b| b.first_chunk::<16>()) {
        let mut m = candidates(block);
        while m != 0 {
            let i = at + m.trailing_zeros() as usize;
            m &= m - 1;
            if shown_otherwise(text, i) {
                out.push(i);
            }
        }
        at += 16;
    }
    for (i, &b) in bytes.iter().enumerate().skip(at) {
        if is_candidate(b) && shown_otherwise(text, i) {
            out.push(i);
        }
    }
    out
}

/// Whether the character starting at byte `i` of `text` is shown otherwise
/// than as itself: a lone CR (a CR before LF is a line break), never LF,
/// else what [`crate::escape::char_escape`] escapes. `i` is the first byte
/// of a character (a candidate byte always is).
fn shown_otherwise(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    match text.get(i..).and_then(|t| t.chars().next()) {
        Some('\r') => bytes.get(i + 1) != Some(&b'\n'),
        Some('\n') | None => false,
        Some(c) => crate::escape::char_escape(c).is_some(),
    }
}

/// Whether `b` may begin a character shown otherwise: a control byte but
/// tab and line feed, DEL, `0xc2` (U+0080 to U+00BF, among them the C1
/// controls) or `0xe2` (U+2000 to U+2FFF, among them the bidirectional
/// overrides and isolates).
#[inline]
fn is_candidate(b: u8) -> bool {
    (b < 0x20 && b != b'\t' && b != b'\n') || matches!(b, 0x7f | 0xc2 | 0xe2)
}

/// Bit `k` set when byte `k` of `block` is [`is_candidate`].
#[cfg(target_arch = "x86_64")]
#[inline]
fn candidates(block: &[u8; 16]) -> u32 {
    use std::arch::x86_64::*;
    // SAFETY: the load reads the 16 bytes of `block`, unaligned; SSE2 is
    // part of x86-64, so every intrinsic here is there.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        let is = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
        // Unsigned `v <= 0x1f`: the minimum of the two is `v`.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
        let control = _mm_andnot_si128(_mm_or_si128(is(b'\t'), is(b'\n')), control);
        let other = _mm_or_si128(is(0x7f), _mm_or_si128(is(0xc2), is(0xe2)));
        _mm_movemask_epi8(_mm_or_si128(control, other)) as u32
    }
}

/// [`candidates`] byte by byte (processors other than x86-64).
#[cfg(not(target_arch = "x86_64"))]
fn candidates(block: &[u8; 16]) -> u32 {
    block
        .iter()
        .enumerate()
        .fold(0, |m, (k, &b)| m | u32::from(is_candidate(b)) << k)
}

/// One piece of the file shown otherwise: bytes `orig` of the file, shown
/// at `disp` of the shown text.
struct Edit {
    orig: std::ops::Range<usize>,
    disp: std::ops::Range<usize>,
}

/// How the shown region maps to the file.
struct Shown<'a> {
    file: &'a SourceFile,
    region_start: usize,
    edits: Vec<Edit>,
}

impl Shown<'_> {
    fn to_display(&self, o: usize, end: bool) -> usize {
        let i = self.edits.partition_point(|e| e.orig.start <= o);
        let Some(e) = i.checked_sub(1).and_then(|i| self.edits.get(i)) else {
            return o.saturating_sub(self.region_start);
        };
        if o == e.orig.start {
            e.disp.start
        } else if o < e.orig.end {
            if end { e.disp.end } else { e.disp.start }
        } else {
            e.disp.end + (o - e.orig.end)
        }
    }

    fn to_orig(&self, d: usize) -> usize {
        let i = self.edits.partition_point(|e| e.disp.start <= d);
        let Some(e) = i.checked_sub(1).and_then(|i| self.edits.get(i)) else {
            return d + self.region_start;
        };
        if d < e.disp.end {
            e.orig.start
        } else {
            e.orig.end + (d - e.disp.end)
        }
    }
}

/// The name a snippet's header shows for `file`: its display path with
/// control characters escaped.
pub(super) fn shown_name(file: &SourceFile) -> String {
    crate::escape::controls(&file.display_path()).into_owned()
}

/// A source text with the name miette prints in the snippet header.
pub(super) struct NamedText<'a> {
    name: Cow<'a, str>,
    text: Cow<'a, str>,
    lines: Cow<'a, LineIndex>,
    /// The 0-based file line of the text's first line.
    first_line: usize,
    shown: Option<Shown<'a>>,
}

impl<'a> NamedText<'a> {
    /// The text of `file` to draw `spans` from: the file's own when nothing
    /// on the lines shown needs an escape or a cut, else those lines as shown.
    #[cfg(test)]
    pub(super) fn new(
        file: &'a SourceFile,
        escapes: &[usize],
        spans: &[(usize, usize)],
        lang: Lang,
    ) -> Self {
        let name = Cow::Owned(shown_name(file));
        Self::named(file, name, escapes, spans, lang)
    }

    /// [`NamedText::new`] with the header's name given: [`shown_name`] of
    /// `file`, made once per file by the caller (issue 15: escaping the
    /// path again at each of 10,000 findings was an eighth of drawing one).
    pub(super) fn named(
        file: &'a SourceFile,
        name: Cow<'a, str>,
        escapes: &[usize],
        spans: &[(usize, usize)],
        lang: Lang,
    ) -> Self {
        let own = NamedText {
            name,
            text: Cow::Borrowed(&file.text),
            lines: Cow::Borrowed(&file.lines),
            first_line: 0,
            shown: None,
        };
        let text = &file.text;
        let line_of = |o: usize| file.lines.position(text, o.min(text.len())).line;
        let (Some(first), Some(last)) = (
            spans.iter().map(|s| line_of(s.0)).min(),
            spans.iter().map(|s| line_of(s.1)).max(),
        ) else {
            return own;
        };
        // Two lines either side: the context line and miette's spare one.
        let first = first.saturating_sub(2).max(1);
        let last = (last + 2).min(file.lines.line_count());
        let start = file.lines.line_start(first).unwrap_or(0);
        let end = file.lines.line_start(last + 1).unwrap_or(text.len());
        let cuts = long_line_cuts(file, spans, lang);
        let from = escapes.partition_point(|&p| p < start);
        let to = escapes.partition_point(|&p| p < end);
        if cuts.is_empty() && from == to {
            return own;
        }
        let mut raw: Vec<(std::ops::Range<usize>, String)> = cuts;
        for &p in &escapes[from..to] {
            if raw.iter().any(|(r, _)| r.contains(&p)) {
                continue;
            }
            let c = text[p..].chars().next().unwrap_or(' ');
            let shown = if c == '\r' {
                "\n".to_string()
            } else {
                crate::escape::char_escape(c).unwrap_or_else(|| c.to_string())
            };
            raw.push((p..p + c.len_utf8(), shown));
        }
        raw.sort_by_key(|(r, _)| r.start);
        let mut shown_text = String::with_capacity(end - start + raw.len() * 4);
        let mut edits = Vec::with_capacity(raw.len());
        let mut at = start;
        for (r, s) in raw {
            shown_text.push_str(&text[at..r.start]);
            let d = shown_text.len();
            shown_text.push_str(&s);
            edits.push(Edit {
                orig: r.clone(),
                disp: d..shown_text.len(),
            });
            at = r.end;
        }
        shown_text.push_str(&text[at..end]);
        NamedText {
            name: own.name,
            lines: Cow::Owned(LineIndex::new(&shown_text)),
            text: Cow::Owned(shown_text),
            first_line: first - 1,
            shown: Some(Shown {
                file,
                region_start: start,
                edits,
            }),
        }
    }

    /// The text as shown (the file's own, or the lines shown, escaped).
    pub(super) fn shown_text(&self) -> &str {
        &self.text
    }

    /// The name in the snippet's header.
    pub(super) fn name(&self) -> &str {
        &self.name
    }

    /// The file's 0-based line of the shown text's first line.
    pub(super) fn first_line(&self) -> usize {
        self.first_line
    }

    /// The 0-based line of the shown text that holds byte `offset` of it.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.lines.position(&self.text, offset).line - 1
    }

    /// Where 0-based line `line` of the shown text starts.
    pub(super) fn line_start0(&self, line: usize) -> Option<usize> {
        self.lines.line_start(line + 1)
    }

    /// The 0-based line and column in the header of a snippet whose primary
    /// label starts at byte `offset` of the shown text: what
    /// [`SourceCode::read_span`] gives with no context lines (the file's line
    /// and column; a column of the file's own text counted in bytes, as
    /// miette counts it).
    pub(super) fn header_place(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset) + self.first_line;
        let column = match &self.shown {
            Some(s) => s.file.position(s.to_orig(offset)).column - 1,
            None => offset - self.lines.line_start_of(offset),
        };
        (line, column)
    }

    /// The span of file bytes `start..end` in the shown text.
    pub(super) fn span(&self, start: usize, end: usize) -> SourceSpan {
        let file_text = self.shown.as_ref().map_or(&*self.text, |s| &s.file.text);
        let fix = |o: usize| floor_char_boundary(file_text, o);
        let (s, e) = (fix(start), fix(end));
        let (s, e) = match &self.shown {
            Some(shown) => (shown.to_display(s, false), shown.to_display(e, true)),
            None => (s, e),
        };
        SourceSpan::new(s.into(), e.saturating_sub(s))
    }
}

/// Cuts of the long lines the spans are on (and the line either side):
/// each keeps its start, its end and the characters around every span's
/// ends, and leaves out the rest with the number of characters left out.
fn long_line_cuts(
    file: &SourceFile,
    spans: &[(usize, usize)],
    lang: Lang,
) -> Vec<(std::ops::Range<usize>, String)> {
    let text = &file.text;
    let mut lines: Vec<usize> = Vec::new();
    for &(s, e) in spans {
        let a = file.lines.position(text, s.min(text.len())).line;
        let b = file.lines.position(text, e.min(text.len())).line;
        lines.extend(a.saturating_sub(1).max(1)..=(b + 1).min(file.lines.line_count()));
    }
    lines.sort_unstable();
    lines.dedup();
    let mut cuts = Vec::new();
    for line in lines {
        let ls = file.lines.line_start(line).unwrap_or(0);
        let mut le = file.lines.line_start(line + 1).unwrap_or(text.len());
        let body = &text[ls..le];
        le = ls + body.trim_end_matches(['\r', '\n']).len();
        if le - ls <= MAX_LINE_CHARS || text[ls..le].chars().count() <= MAX_LINE_CHARS {
            continue;
        }
        let fwd = |from: usize, n: usize| {
            text[from..le]
                .char_indices()
                .nth(n)
                .map_or(le, |(i, _)| from + i)
        };
        let back = |from: usize, n: usize| {
            text[ls..from]
                .char_indices()
                .rev()
                .nth(n.saturating_sub(1))
                .map_or(ls, |(i, _)| ls + i)
        };
        let mut keep = vec![(ls, fwd(ls, KEEP_HEAD)), (back(le, KEEP_TAIL), le)];
        for &(s, e) in spans {
            for p in [s, e] {
                if (ls..=le).contains(&p) {
                    let p = floor_char_boundary(text, p);
                    keep.push((back(p, KEEP_AROUND), fwd(p, KEEP_AROUND)));
                }
            }
        }
        keep.sort_unstable();
        let mut at = ls;
        for (a, b) in keep {
            if a > at {
                let n = text[at..a].chars().count();
                if n > 10 {
                    let marker = Ui::HumanLineCut.fill(lang, &[("count", n.to_string())]);
                    cuts.push((at..a, format!("…{marker}…")));
                }
            }
            at = at.max(b);
        }
    }
    cuts
}

impl SourceCode for NamedText<'_> {
    /// miette's own `read_span` on a `str` scans from the start of the text
    /// for every snippet; with many findings in a large file that is
    /// quadratic. Cut the few lines around the span with the line index
    /// (a binary search) and let miette read only those.
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text: &str = &self.text;
        let len = text.len();
        let start = span.offset().min(len);
        let end = (start + span.len()).min(len);
        let first = self.lines.position(text, start).line - 1;
        let last = self.lines.position(text, end).line - 1;
        // One spare line on each side, so that miette's own scan never meets
        // the window's edges before the text's (its result then matches a
        // read of the whole text exactly).
        let window_first = first.saturating_sub(context_lines_before + 1);
        let window_last = (last + context_lines_after + 1).min(self.lines.line_count() - 1);
        let ws = self.lines.line_start(window_first + 1).unwrap_or(0);
        let we = self
            .lines
            .line_start(window_last + 2)
            .unwrap_or(len)
            .max(end);
        let window = text.get(ws..we).unwrap_or("");
        let local = SourceSpan::new((start - ws).into(), end - start);
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        let offset = inner.span().offset() + ws;
        // The header's column is the file's, whatever the escapes before it.
        let column = match &self.shown {
            Some(s) => s.file.position(s.to_orig(offset)).column - 1,
            None => inner.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            SourceSpan::new(offset.into(), inner.span().len()),
            inner.line() + window_first + self.first_line,
            column,
            // miette counts line breaks from the start of the text here.
            inner.line_count() + window_first + self.first_line,
        )))
    }
}

#[cfg(test)]
mod tests;
