//! Human output: miette's graphical diagnostics with the source snippet, a
//! label at the exact span, help and the FAQ pages.

use super::{OutputFormat, RenderContext, Renderer};
use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::Summary;
use crate::diagnostics::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::source::{LineIndex, SourceFile, SourceMap};
use crate::tables::Ui;
use crate::workers::Workers;

/// A source text with the name miette prints in the snippet header.
struct NamedText<'a> {
    name: String,
    text: &'a str,
    lines: &'a LineIndex,
}

impl SourceCode for NamedText<'_> {
    /// miette's own `read_span` on a `str` scans from the start of the text
    /// for every snippet; with many findings in a large file that is
    /// quadratic. Cut the few lines around the span with the line index
    /// (a binary search) and let miette read only those.
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let len = self.text.len();
        let start = span.offset().min(len);
        let end = (start + span.len()).min(len);
        let first = self.lines.position(self.text, start).line - 1;
        let last = self.lines.position(self.text, end).line - 1;
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
        let window = self.text.get(ws..we).unwrap_or("");
        let local = SourceSpan::new((start - ws).into(), end - start);
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + ws).into(), inner.span().len()),
            inner.line() + window_first,
            inner.column(),
            // miette counts line breaks from the start of the text here.
            inner.line_count() + window_first,
        )))
    }
}

struct Rendered<'a> {
    d: &'a Diagnostic,
    /// `None` for a binary file: no snippet, the offset is printed instead.
    source: Option<NamedText<'a>>,
    help: Option<String>,
    code: String,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl MietteDiagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let file = FileRef {
            text: self.source.as_ref()?.text,
        };
        let (primary, secondary) = placed_labels(self.d);
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            primary.text.cloned(),
            file.clamp(primary.start, primary.end),
        )];
        for l in secondary {
            labels.push(LabeledSpan::new_with_span(
                Some(l.text.clone()),
                file.clamp(l.span.start, l.span.end),
            ));
        }
        Some(Box::new(labels.into_iter()))
    }
}

/// The primary label as drawn: its span and text.
struct Primary<'a> {
    start: usize,
    end: usize,
    text: Option<&'a String>,
}

/// miette cannot draw a label inside its primary span: it underlines the
/// whole span and hangs every label from its end (`┬┬` after the value). So
/// when labels name parts of the value (the full-width `＠`, the `..`), the
/// first of them becomes the primary span, drawn under the character it
/// names, and the others stay secondary labels at their own characters; the
/// message already names the whole value. Other findings are drawn as they
/// are.
fn placed_labels(d: &Diagnostic) -> (Primary<'_>, Vec<&crate::diagnostics::Label>) {
    let whole = d.span;
    let inside = |l: &&crate::diagnostics::Label| {
        l.span.start >= whole.start
            && l.span.end <= whole.end
            && (l.span.start, l.span.end) != (whole.start, whole.end)
    };
    let shown: Vec<_> = shown_labels(d).collect();
    match shown.iter().position(inside) {
        Some(i) if d.label.is_none() => {
            let first = shown[i];
            let rest = shown
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, l)| *l)
                .collect();
            (
                Primary {
                    start: first.span.start,
                    end: first.span.end,
                    text: Some(&first.text),
                },
                rest,
            )
        }
        _ => (
            Primary {
                start: whole.start,
                end: whole.end,
                text: d.label.as_ref(),
            },
            shown,
        ),
    }
}

/// Secondary labels shown per finding. A template that offers thousands of
/// servers would otherwise give one finding thousands of labels: unreadable,
/// and quadratic to lay out.
const MAX_LABELS: usize = 8;

fn shown_labels(d: &Diagnostic) -> impl Iterator<Item = &crate::diagnostics::Label> {
    d.labels
        .iter()
        .filter(|l| l.span.source == d.span.source)
        .take(MAX_LABELS)
}

struct FileRef<'a> {
    text: &'a str,
}

impl FileRef<'_> {
    fn clamp(&self, start: usize, end: usize) -> SourceSpan {
        let fix = |o: usize| crate::source::floor_char_boundary(self.text, o);
        let (s, e) = (fix(start), fix(end));
        SourceSpan::new(s.into(), e.saturating_sub(s))
    }
}

/// `--format human`.
pub static FORMAT: OutputFormat = OutputFormat {
    name: "human",
    help: "Diagnostics with source snippets, for people",
    renderer: &Human,
};

struct Human;

impl Renderer for Human {
    fn render(&self, cx: &RenderContext) -> String {
        let mut text = render(
            cx.diagnostics,
            cx.sources,
            &HumanOptions {
                color: cx.color,
                lang: cx.lang,
                width: cx.width,
                quiet: cx.quiet,
                threads: cx.threads,
            },
        );
        if let Some(online) = cx.online {
            let words = crate::support::words::Words::new(
                crate::support::words::ReportLang::from_lang(cx.lang),
            );
            text.push('\n');
            text.push_str(&super::online::text(online, &words, cx.verbose, false));
        }
        text
    }
}

pub struct HumanOptions {
    pub color: bool,
    pub lang: Lang,
    /// Terminal width for wrapping.
    pub width: usize,
    /// Findings only: no summary line.
    pub quiet: bool,
    /// `--threads`: how many threads render the findings (0: one per core).
    pub threads: usize,
}

/// Render every diagnostic and a closing summary.
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, opts: &HumanOptions) -> String {
    // Each finding is rendered on its own, so the findings are shared out
    // among the threads in runs of a few dozen, and joined in their order.
    let runs: Vec<&[Diagnostic]> = diagnostics.chunks(FINDINGS_PER_TASK).collect();
    let rendered = Workers::new(opts.threads).map(&runs, |run| {
        let handler = handler(opts);
        let mut out = String::new();
        for d in *run {
            if let Some(file) = sources.get(d.span.source) {
                out.push_str(&render_one(&handler, d, file, opts));
                out.push('\n');
            }
        }
        out
    });
    let mut out = rendered.concat();
    if !opts.quiet {
        out.push_str(&summary_line(
            &Summary::of(diagnostics, sources.len()),
            opts.lang,
        ));
        out.push('\n');
    }
    out
}

/// How many findings one task of the pool renders.
const FINDINGS_PER_TASK: usize = 32;

fn handler(opts: &HumanOptions) -> GraphicalReportHandler {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false)
        .with_context_lines(1)
}

/// One finding as miette draws it, with where it is in a binary file or
/// the registry.
fn render_one(
    handler: &GraphicalReportHandler,
    d: &Diagnostic,
    file: &SourceFile,
    opts: &HumanOptions,
) -> String {
    let faq_word = Ui::HumanFaq.get(opts.lang);
    let mut help = d.help.clone().unwrap_or_default();
    let hidden = d
        .labels
        .iter()
        .filter(|l| l.span.source == d.span.source)
        .count()
        .saturating_sub(MAX_LABELS);
    if hidden > 0 {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str(&Ui::HumanHiddenLabels.fill(opts.lang, &[("hidden", hidden.to_string())]));
    }
    for url in &d.faq {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str(&format!("{faq_word}: {url}"));
    }
    let rendered = Rendered {
        d,
        source: (!file.is_binary && !file.is_registry()).then(|| NamedText {
            name: file.display_path(),
            text: &file.text,
            lines: &file.lines,
        }),
        help: (!help.is_empty()).then_some(help),
        code: format!("{} {}", d.code, d.name),
    };
    let mut buf = String::new();
    if handler.render_report(&mut buf, &rendered).is_err() {
        // Fall back to one plain line rather than lose the finding.
        let pos = file.position(d.span.start);
        buf = format!(
            "{}:{}:{}: {} {} {}\n",
            file.display_path(),
            pos.line,
            pos.column,
            d.severity.label(),
            d.code,
            d.message
        );
    }
    if file.is_binary {
        let region = file.region_name(d.span.start);
        buf.push_str(&binary_location(d, &file.display_path(), region, opts.lang));
    } else if let Some(place) = file.registry_place(d.span.start) {
        buf.push_str(&registry_location(d, &place.display()));
    }
    buf
}

/// Where a finding is in a binary file: the path, the field (the file's
/// named region), the byte offset, and the primary label when there is one.
fn binary_location(d: &Diagnostic, path: &str, region: Option<&str>, lang: Lang) -> String {
    let offset = d.span.start;
    let what = Ui::HumanByteOffset.fill(
        lang,
        &[
            ("offset", offset.to_string()),
            ("hex", format!("0x{offset:X}")),
        ],
    );
    let mut line = format!("  ╰─ {path}: ");
    if let Some(field) = region {
        line.push_str(&format!("\"{field}\" "));
    }
    line.push_str(&what);
    if let Some(label) = &d.label {
        line.push_str(&format!(": {label}"));
    }
    line.push('\n');
    line
}

/// Where a finding is in the live registry: the key and value, and the
/// primary label when there is one.
fn registry_location(d: &Diagnostic, place: &str) -> String {
    let mut line = format!("  ╰─ {place}");
    if let Some(label) = &d.label {
        line.push_str(&format!(": {label}"));
    }
    line.push('\n');
    line
}

pub fn summary_line(s: &Summary, lang: Lang) -> String {
    let count = |n: usize, one: Ui, many: Ui| plural(n, one, many).get(lang).to_string();
    let args = [
        ("files", s.files.to_string()),
        (
            "file_noun",
            count(s.files, Ui::NounFileOne, Ui::NounFileMany),
        ),
        ("errors", s.errors.to_string()),
        (
            "error_noun",
            count(s.errors, Ui::NounErrorOne, Ui::NounErrorMany),
        ),
        ("warnings", s.warnings.to_string()),
        (
            "warning_noun",
            count(s.warnings, Ui::NounWarningOne, Ui::NounWarningMany),
        ),
        ("infos", s.infos.to_string()),
        (
            "info_noun",
            count(s.infos, Ui::NounInfoOne, Ui::NounInfoMany),
        ),
    ];
    if s.errors + s.warnings + s.infos == 0 {
        Ui::HumanSummaryClean.fill(lang, &args)
    } else {
        Ui::HumanSummary.fill(lang, &args)
    }
}

/// English's singular and plural (the Japanese texts are the same word).
fn plural(n: usize, one: Ui, many: Ui) -> Ui {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod window_tests {
    use super::*;

    /// The windowed `read_span` returns what miette's own does on the whole text.
    #[test]
    fn windowed_read_span_matches_miettes() {
        let mut checked = 0;
        for text in [
            // LF, CRLF with multi-byte text, a lone CR and no final newline.
            include_str!("../../fixtures/claws/suppressed/.claws-mail/accountrc").to_string(),
            include_str!("../../fixtures/thunderbird/fullwidth/prefs.js").replace('\n', "\r\n"),
            "a\rb\r\nc\nd".to_string(),
        ] {
            let lines = LineIndex::new(&text);
            let named = NamedText {
                name: "x".into(),
                text: &text,
                lines: &lines,
            };
            for start in (0..text.len())
                .step_by(3)
                .filter(|&i| text.is_char_boundary(i))
            {
                for len in [0usize, 1, 5, 40, 300] {
                    if start + len > text.len() {
                        continue;
                    }
                    for ctx in [0usize, 1, 2] {
                        let span = SourceSpan::new(start.into(), len);
                        let a = text.as_str().read_span(&span, ctx, ctx).expect("miette");
                        let b = named.read_span(&span, ctx, ctx).expect("ours");
                        assert_eq!(
                            (a.data(), *a.span(), a.line(), a.column(), a.line_count()),
                            (b.data(), *b.span(), b.line(), b.column(), b.line_count()),
                            "span {start}+{len} ctx {ctx}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100);
    }
}
