//! A finding's snippet drawn as miette 7.6's graphical handler draws it, for
//! the shape most findings have: every label on one line of plain text
//! (issue 15: miette's general drawing cost about 55,000 instructions a
//! finding, half of a human report of a 10 MB prefs.js).
//!
//! This follows miette's `render_snippets`, `render_context`, `get_lines`
//! and `render_single_line_highlights` step by step, with what cannot
//! happen in this shape left out: one context (the labels' line and the line
//! either side), no gutter, no label of several lines. Any other shape
//! (labels on several lines, a label text with a line break, two labels at
//! one offset, a line with a character other than printable ASCII or a tab,
//! a lone CR) is left to miette ([`draw`] returns `None`). miette is the
//! oracle: the tests draw every finding of the fixtures and the corpus, and
//! generated ones, both ways and compare the bytes.

use std::fmt::Write;

use miette::{GraphicalTheme, LabeledSpan, ThemeCharacters};
use owo_colors::{OwoColorize, Style, StyledList};

use super::snippet::NamedText;

/// miette's default tab width.
const TAB_WIDTH: usize = 4;

/// A label as miette draws it (its `FancySpan`).
struct Fancy<'a> {
    label: Option<&'a str>,
    offset: usize,
    len: usize,
    style_index: usize,
}

/// As miette compares its `FancySpan`s: the label and the span, not the
/// style.
impl PartialEq for Fancy<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.label, self.offset, self.len) == (other.label, other.offset, other.len)
    }
}

/// One line of the context (miette's `Line`).
struct Line<'a> {
    number: usize,
    offset: usize,
    length: usize,
    text: &'a str,
}

impl Line<'_> {
    fn span_line_only(&self, s: &Fancy) -> bool {
        s.offset >= self.offset && s.offset + s.len <= self.offset + self.length
    }

    fn span_applies(&self, s: &Fancy) -> bool {
        let spanlen = if s.len == 0 { 1 } else { s.len };
        let end = self.offset + self.length;
        (s.offset >= self.offset && s.offset < end)
            || (s.offset < self.offset && s.offset + spanlen > end)
            || (s.offset + spanlen > self.offset && s.offset + spanlen <= end)
    }
}

/// What a style writes before and after a text (owo-colors writes a
/// styled text as the style's prefix, the text formatted and the style's
/// suffix), found once per theme by styling a sentinel character.
#[derive(Clone, Default)]
struct Paint {
    prefix: String,
    suffix: String,
}

impl Paint {
    fn of(style: Style) -> Self {
        Self::split(&'\u{1}'.style(style).to_string())
    }

    fn split(drawn: &str) -> Self {
        let (prefix, suffix) = drawn.split_once('\u{1}').unwrap_or((drawn, ""));
        Paint {
            prefix: prefix.to_string(),
            suffix: suffix.to_string(),
        }
    }

    fn open(&self, f: &mut String) {
        f.push_str(&self.prefix);
    }

    fn close(&self, f: &mut String) {
        f.push_str(&self.suffix);
    }
}

/// A theme's characters and its styles as text.
pub(super) struct Pen {
    chars: ThemeCharacters,
    link: Paint,
    linum: Paint,
    highlights: Vec<Paint>,
    /// What miette's highlighter (none: `Style::default()`) writes around a
    /// line of text.
    line: Paint,
    /// The underline character, [`RUN`] times: an underline is a slice of it.
    underlines: String,
}

/// How many underline characters [`Pen`] holds in one piece.
const RUN: usize = 64;

impl Pen {
    pub(super) fn new(theme: &GraphicalTheme) -> Self {
        let line = StyledList::from(vec![Style::default().style("\u{1}")]).to_string();
        Pen {
            chars: theme.characters.clone(),
            link: Paint::of(theme.styles.link),
            linum: Paint::of(theme.styles.linum),
            highlights: theme
                .styles
                .highlights
                .iter()
                .map(|s| Paint::of(*s))
                .collect(),
            line: Paint::split(&line),
            underlines: std::iter::repeat_n(theme.characters.underline, RUN).collect(),
        }
    }

    /// `n` underline characters.
    fn underline(&self, f: &mut String, mut n: usize) {
        let size = self.chars.underline.len_utf8();
        while n > 0 {
            let k = n.min(RUN);
            f.push_str(self.underlines.get(..k * size).unwrap_or(""));
            n -= k;
        }
    }
}

/// The snippet of `labels` in `source`, as miette draws it with the theme
/// of `pen` and one line of context, or `None` when the shape is not this
/// one.
pub(super) fn draw(pen: &Pen, source: &NamedText, labels: &[LabeledSpan]) -> Option<String> {
    let text = source.shown_text();
    let mut labels: Vec<&LabeledSpan> = labels.iter().collect();
    labels.sort_by_key(|l| l.offset());
    // miette sorts unstably: two labels at one offset may come either way.
    if labels.windows(2).any(|w| w[0].offset() == w[1].offset()) {
        return None;
    }
    let first = labels.first()?;
    // Every label inside one line's text, before its line break.
    let line0 = source.line_of(first.offset());
    let line_start = source.line_start0(line0)?;
    let next_start = source.line_start0(line0 + 1);
    let content_end = match next_start {
        Some(n) => {
            let body = text.get(line_start..n)?;
            line_start + body.trim_end_matches(['\r', '\n']).len()
        }
        None => text.len(),
    };
    let within = |l: &&LabeledSpan| {
        l.offset() >= line_start
            && l.offset() + l.len() <= content_end
            && !l.label().is_some_and(|t| t.contains('\n'))
    };
    // An empty first line: miette's context then takes two lines after.
    if !labels.iter().all(within) || (line0 == 0 && content_end == 0) {
        return None;
    }
    // miette's context: the line before, the labels' line, the line after
    // with its line break (`context_info`).
    let data_start = match line0 {
        0 => 0,
        n => source.line_start0(n - 1)?,
    };
    let data_end = source.line_start0(line0 + 2).unwrap_or(text.len());
    let data = text.get(data_start..data_end)?;
    let plain = |b: u8| matches!(b, b' '..=b'~' | b'\t' | b'\n' | b'\r');
    if !data.bytes().all(plain) || has_lone_cr(data) {
        return None;
    }
    let lines = context_lines(source, line0, data_end);
    let styles = pen.highlights.len().max(1);
    let fancy: Vec<Fancy> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| Fancy {
            label: l.label(),
            offset: l.offset(),
            len: l.len(),
            style_index: i % styles,
        })
        .collect();
    // No gutter: every label that shows on a line is on that line only.
    if lines.iter().any(|line| {
        fancy
            .iter()
            .any(|f| line.span_applies(f) && !line.span_line_only(f))
    }) {
        return None;
    }
    let primary = labels.iter().find(|l| l.primary()).or(labels.first())?;
    let linum_width = digits(lines.last().map_or(0, |l| l.number));
    let chars = &pen.chars;
    let mut f = String::with_capacity(512);
    push_n(&mut f, ' ', linum_width + 2);
    f.push(chars.ltop);
    f.push(chars.hbar);
    let (line, column) = source.header_place(primary.offset());
    f.push('[');
    pen.link.open(&mut f);
    let _ = write!(f, "{}:{}:{}", source.name(), line + 1, column + 1);
    pen.link.close(&mut f);
    f.push_str("]\n");
    for line in &lines {
        f.push(' ');
        pen.linum.open(&mut f);
        let _ = write!(f, "{:width$}", line.number, width = linum_width);
        pen.linum.close(&mut f);
        f.push(' ');
        f.push(chars.vbar);
        f.push(' ');
        pen.line.open(&mut f);
        render_line_text(&mut f, line.text);
        pen.line.close(&mut f);
        f.push('\n');
        let single: Vec<&Fancy> = fancy.iter().filter(|h| line.span_applies(h)).collect();
        if !single.is_empty() {
            no_linum(&mut f, chars, linum_width);
            single_line_highlights(&mut f, pen, line, linum_width, &single);
        }
    }
    push_n(&mut f, ' ', linum_width + 2);
    f.push(chars.lbot);
    push_n(&mut f, chars.hbar, 4);
    f.push('\n');
    Some(f)
}

/// How many digits `n` is written with.
fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

fn push_n(f: &mut String, c: char, n: usize) {
    f.extend(std::iter::repeat_n(c, n));
}

/// miette's `write_no_linum`.
fn no_linum(f: &mut String, chars: &ThemeCharacters, linum_width: usize) {
    f.push(' ');
    push_n(f, ' ', linum_width);
    f.push(' ');
    f.push(chars.vbar_break);
    f.push(' ');
}

/// Whether `s` holds a CR not followed by LF (a line break for miette's
/// `context_info`, not for its `get_lines`).
fn has_lone_cr(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

/// What miette's `get_lines` makes of the context that ends at byte
/// `data_end` (lines split at LF or CRLF, with no lone CR): each line's
/// number, its start, its length with its line break and its text
/// without, found with the line index.
fn context_lines<'a>(source: &'a NamedText, line0: usize, data_end: usize) -> Vec<Line<'a>> {
    let text = source.shown_text();
    let mut lines = Vec::with_capacity(3);
    for i in line0.saturating_sub(1)..=line0 + 1 {
        let Some(start) = source.line_start0(i).filter(|&s| s < data_end) else {
            break;
        };
        let end = source
            .line_start0(i + 1)
            .unwrap_or(text.len())
            .min(data_end);
        let body = text.get(start..end).unwrap_or("");
        let body = body
            .strip_suffix('\n')
            .map_or(body, |b| b.strip_suffix('\r').unwrap_or(b));
        lines.push(Line {
            number: source.first_line() + i + 1,
            offset: start,
            length: end - start,
            text: body,
        });
    }
    lines
}

/// Each character's width as miette counts it (`line_visual_char_width`),
/// for text of printable ASCII, tabs and ANSI colour sequences.
fn char_widths(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut column = 0;
    let mut escaped = false;
    text.chars().map(move |c| {
        let width = match (escaped, c) {
            (false, '\t') => TAB_WIDTH - column % TAB_WIDTH,
            (false, '\x1b') => {
                escaped = true;
                0
            }
            (false, c) => usize::from(!c.is_control()),
            (true, 'm') => {
                escaped = false;
                0
            }
            (true, _) => 0,
        };
        column += width;
        width
    })
}

/// miette's `render_line_text` of a line of printable ASCII and tabs
/// (between the highlighter's prefix and suffix, which miette counts as no
/// columns, being colour codes or nothing), without its line break.
fn render_line_text(f: &mut String, text: &str) {
    if !text.contains('\t') {
        f.push_str(text);
        return;
    }
    for (c, width) in text.chars().zip(char_widths(text)) {
        if c == '\t' {
            push_n(f, ' ', width);
        } else {
            f.push(c);
        }
    }
}

/// miette's `visual_offset` for a byte inside the line's text.
fn visual_offset(line: &Line, offset: usize) -> usize {
    let index = offset - line.offset;
    let shown = line.text.get(..index.min(line.text.len())).unwrap_or("");
    let width = if shown.contains('\t') {
        char_widths(shown).sum()
    } else {
        shown.len()
    };
    if index > line.text.len() {
        width + 1
    } else {
        width
    }
}

/// miette's `render_single_line_highlights` with no gutter and labels of
/// one line.
fn single_line_highlights(
    f: &mut String,
    pen: &Pen,
    line: &Line,
    linum_width: usize,
    single: &[&Fancy],
) {
    let chars = &pen.chars;
    let paint = |hl: &Fancy| {
        pen.highlights
            .get(hl.style_index)
            .cloned()
            .unwrap_or_default()
    };
    let mut highest = 0;
    let mut vbar_offsets: Vec<(&Fancy, usize, Paint)> = Vec::with_capacity(single.len());
    for hl in single {
        let start = visual_offset(line, hl.offset).max(highest);
        let end = if hl.len == 0 {
            start + 1
        } else {
            visual_offset(line, hl.offset + hl.len).max(start + 1)
        };
        let vbar_offset = (start + end) / 2;
        let num_left = vbar_offset - start;
        let num_right = end - vbar_offset - 1;
        let p = paint(hl);
        p.open(f);
        push_n(f, ' ', start.saturating_sub(highest));
        pen.underline(f, num_left);
        f.push(if hl.len == 0 {
            chars.uarrow
        } else if hl.label.is_some() {
            chars.underbar
        } else {
            chars.underline
        });
        pen.underline(f, num_right);
        p.close(f);
        highest = highest.max(end);
        vbar_offsets.push((hl, vbar_offset, p));
    }
    f.push('\n');
    for hl in single.iter().rev() {
        let Some(label) = hl.label else { continue };
        no_linum(f, chars, linum_width);
        let mut curr_offset = 1usize;
        for (offset_hl, vbar_offset, p) in &vbar_offsets {
            while curr_offset < *vbar_offset + 1 {
                f.push(' ');
                curr_offset += 1;
            }
            if *offset_hl != *hl {
                p.open(f);
                f.push(chars.vbar);
                p.close(f);
                curr_offset += 1;
            } else {
                // The label styled, and the whole line styled again.
                p.open(f);
                f.push(chars.lbot);
                push_n(f, chars.hbar, 2);
                f.push(' ');
                p.open(f);
                f.push_str(label);
                p.close(f);
                p.close(f);
                f.push('\n');
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests;
