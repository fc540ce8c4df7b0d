//! Human output: miette's graphical diagnostics with the source snippet, a
//! label at the exact span, help and the FAQ pages.

use super::{OutputFormat, RenderContext, Renderer};
use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode,
};

use super::Summary;
use super::draw::Drawer;
use super::sink::Sink;
use super::snippet::{NamedText, escape_points, shown_name};
use super::snippet_draw::Pen;
use crate::diagnostics::{Diagnostic, Severity};
use crate::i18n::Lang;
use std::borrow::Cow;
use std::collections::HashMap;

use crate::source::{SourceFile, SourceId, SourceMap};
use crate::tables::Ui;
use crate::workers::Workers;

struct Rendered<'a> {
    d: &'a Diagnostic,
    /// `None` for a binary file: no snippet, the offset is printed instead.
    source: Option<NamedText<'a>>,
    help: Option<String>,
    code: String,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::escape::controls(&self.d.message))
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::escape::controls(&self.d.message))
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
        let file = self.source.as_ref()?;
        let (primary, secondary) = placed_labels(self.d);
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            primary
                .text
                .map(|t| crate::escape::controls(t).into_owned()),
            file.span(primary.start, primary.end),
        )];
        for l in secondary {
            labels.push(LabeledSpan::new_with_span(
                Some(crate::escape::controls(&l.text).into_owned()),
                file.span(l.span.start as usize, l.span.end as usize),
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
                    start: first.span.start as usize,
                    end: first.span.end as usize,
                    text: Some(&first.text),
                },
                rest,
            )
        }
        _ => (
            Primary {
                start: whole.start as usize,
                end: whole.end as usize,
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

/// `--format human`.
pub static FORMAT: OutputFormat = OutputFormat {
    name: "human",
    help: "Diagnostics with source snippets, for people",
    renderer: &Human,
};

struct Human;

impl Renderer for Human {
    fn render(&self, cx: &RenderContext) -> String {
        // The same bytes as `write`, gathered in memory.
        super::json::to_string(|sink| self.write(cx, sink))
    }

    /// The findings written run by run as they are drawn, then the summary
    /// and the online checks: the report (7.3 MB for a 10 MB prefs.js) is
    /// never held whole (issue 15).
    fn write(&self, cx: &RenderContext, sink: &mut Sink) -> std::io::Result<()> {
        let opts = HumanOptions {
            color: cx.color,
            lang: cx.lang,
            width: cx.width,
            quiet: cx.quiet,
            threads: cx.threads,
        };
        write(cx.diagnostics, cx.sources, &opts, sink)?;
        if let Some(online) = cx.online {
            let words = crate::support::words::Words::new(
                crate::support::words::ReportLang::from_lang(cx.lang),
            );
            let text = sink.buf();
            text.push(b'\n');
            // Host names from the files are quoted: no control character of
            // theirs reaches the terminal (the transcript is escaped already).
            let online = super::online::text(online, &words, cx.verbose, false);
            text.extend_from_slice(crate::escape::controls_keep_lines(&online).as_bytes());
        }
        Ok(())
    }
}

pub struct HumanOptions {
    pub color: bool,
    pub lang: Lang,
    /// Terminal width for wrapping.
    pub width: usize,
    /// Findings only: no summary line.
    pub quiet: bool,
    /// `--threads`: how many threads draw the findings (0: one per core).
    pub threads: usize,
}

/// Render every diagnostic and a closing summary.
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, opts: &HumanOptions) -> String {
    super::json::to_string(|sink| write(diagnostics, sources, opts, sink))
}

/// Every diagnostic and a closing summary written to `sink`: the findings
/// are drawn on the threads in runs of a few dozen, and each run is written
/// as soon as it and those before it are drawn ([`Sink::parts_in_order`]).
pub fn write(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    opts: &HumanOptions,
    sink: &mut Sink,
) -> std::io::Result<()> {
    let workers = Workers::new(opts.threads);
    // Where each file's text needs an escape, and the name its snippets'
    // header shows, found once per file.
    let mut ids: Vec<SourceId> = diagnostics.iter().map(|d| d.span.source).collect();
    ids.sort();
    ids.dedup();
    let snippet_of = |id: &SourceId| {
        sources
            .get(*id)
            .filter(|f| !f.is_binary && !f.is_registry())
            .map(|f| (escape_points(&f.text), shown_name(f)))
    };
    let escapes: HashMap<SourceId, (Vec<usize>, String)> = ids
        .iter()
        .copied()
        .zip(workers.map(&ids, snippet_of))
        .filter_map(|(id, e)| Some((id, e?)))
        .collect();
    // Each finding is drawn on its own, so the findings are shared out among
    // the threads in runs of a few dozen, written in their order. A run ends
    // with a line break of the report's own: a cut where no value spans,
    // unless a secret value holds a line break (then the report is one part).
    let draw = |run: &&[Diagnostic]| {
        let handler = handler(opts);
        let mut out = String::new();
        for d in *run {
            if let Some(file) = sources.get(d.span.source) {
                out.push_str(&render_one(&handler, d, file, &escapes, opts));
                out.push('\n');
            }
        }
        out.into_bytes()
    };
    let runs: Vec<&[Diagnostic]> = diagnostics.chunks(FINDINGS_PER_TASK).collect();
    if sink.guard().cuts_at_lines() {
        sink.parts_in_order(&workers, &runs, draw)?;
    } else {
        let drawn = workers.map(&runs, draw);
        for run in drawn {
            sink.buf().extend_from_slice(&run);
        }
    }
    if !opts.quiet {
        let summary = summary_line(&Summary::of(diagnostics, sources.len()), opts.lang);
        let text = sink.buf();
        text.extend_from_slice(summary.as_bytes());
        text.push(b'\n');
    }
    Ok(())
}

/// The word miette writes before a finding's help.
const MIETTE_HELP: &str = "help";

/// Where miette's help label is in one rendered finding: the start of its
/// line and the byte range of the word. The label is the first line that
/// holds, after colour codes, two spaces and colour codes, `help` and then a
/// colon (also coloured or not); message, snippet and help lines never start so.
fn help_label(buf: &str) -> Option<(usize, std::ops::Range<usize>)> {
    let mut line_start = 0;
    for line in buf.split_inclusive('\n') {
        if let Some(rest) = skip_ansi(line).strip_prefix("  ") {
            let word = skip_ansi(rest);
            let at = line_start + (line.len() - word.len());
            if let Some(after) = word.strip_prefix(MIETTE_HELP) {
                if skip_ansi(after).starts_with(':') {
                    return Some((line_start, at..at + MIETTE_HELP.len()));
                }
            }
        }
        line_start += line.len();
    }
    None
}

/// The text after any ANSI colour sequences (`ESC [ ... m`) at its start.
fn skip_ansi(mut s: &str) -> &str {
    while let Some(rest) = s.strip_prefix("\u{1b}[") {
        match rest.find('m') {
            Some(end) => s = &rest[end + 1..],
            None => break,
        }
    }
    s
}

/// How many findings one task of the pool draws.
const FINDINGS_PER_TASK: usize = 32;

fn handler(opts: &HumanOptions) -> Drawer {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    Drawer {
        handler: GraphicalReportHandler::new_themed(theme.clone())
            .with_width(opts.width)
            .with_links(false)
            .with_context_lines(1),
        width: opts.width,
        color: opts.color,
        pen: Pen::new(&theme),
    }
}

/// One finding as miette draws it, with where it is in a binary file or
/// the registry.
fn render_one(
    handler: &Drawer,
    d: &Diagnostic,
    file: &SourceFile,
    escapes: &HashMap<SourceId, (Vec<usize>, String)>,
    opts: &HumanOptions,
) -> String {
    let faq_word = Ui::HumanFaq.get(opts.lang);
    // Each piece escaped on its own: the pieces' own line breaks stay.
    let esc = |t: &str| crate::escape::controls(t).into_owned();
    let mut help = d.help.as_deref().map(esc).unwrap_or_default();
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
        help.push_str(&format!("{faq_word}: {}", esc(url)));
    }
    // Information about an account as a whole: its place on one line,
    // no snippet (a dozen lines per account say nothing more).
    let compact = d.account_level && !file.is_binary && !file.is_registry();
    let snippet = escapes.get(&d.span.source).filter(|_| !compact);
    let source = snippet.map(|(escapes, name)| {
        let (primary, secondary) = placed_labels(d);
        let mut spans = vec![(primary.start, primary.end)];
        spans.extend(
            secondary
                .iter()
                .map(|l| (l.span.start as usize, l.span.end as usize)),
        );
        NamedText::named(file, Cow::Borrowed(name), escapes, &spans, opts.lang)
    });
    let rendered = Rendered {
        d,
        source,
        help: (!help.is_empty()).then_some(help),
        code: format!("{} {}", d.code, d.name),
    };
    let mut buf = String::new();
    if handler
        .draw(&rendered, rendered.source.as_ref(), &mut buf)
        .is_err()
    {
        // Fall back to one plain line rather than lose the finding.
        let pos = file.position(d.span.start as usize);
        buf = format!(
            "{}:{}:{}: {} {} {}\n",
            esc(&file.display_path()),
            pos.line,
            pos.column,
            d.severity.label(),
            d.code,
            esc(&d.message)
        );
    }
    if file.is_binary {
        let region = file.region_name(d.span.start as usize);
        buf.push_str(&esc(&binary_location(
            d,
            &file.display_path(),
            region,
            opts.lang,
        )));
        buf.push('\n');
    } else if let Some(place) = file.registry_place(d.span.start as usize) {
        buf.push_str(&esc(&registry_location(d, &place.display())));
        buf.push('\n');
    } else if compact {
        // The place goes under the message, before the help.
        let pos = file.position(d.span.start as usize);
        let place = format!("{}:{}:{}", file.display_path(), pos.line, pos.column);
        let mut line = esc(&registry_location(d, &place));
        line.push('\n');
        let at = help_label(&buf).map_or(buf.len(), |(line_start, _)| line_start);
        buf.insert_str(at, &line);
    }
    // miette's own word before the help, in the output's language.
    let label = Ui::HumanHelpLabel.get(opts.lang);
    if label != MIETTE_HELP {
        if let Some((_, word)) = help_label(&buf) {
            buf.replace_range(word, label);
        }
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
    line
}

/// Where a finding is in the live registry (the key and value) or, for an
/// account-level finding, in a file (`path:line:col`), and the primary label
/// when there is one.
fn registry_location(d: &Diagnostic, place: &str) -> String {
    let mut line = format!("  ╰─ {place}");
    if let Some(label) = &d.label {
        line.push_str(&format!(": {label}"));
    }
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
