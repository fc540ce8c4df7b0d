//! Human output: miette's graphical diagnostics with the source snippet, a
//! label at the exact span, help and the FAQ pages.

use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::Summary;
use crate::diagnostics::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::source::SourceMap;

/// A source text with the name miette prints in the snippet header.
struct NamedText<'a> {
    name: String,
    text: &'a str,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
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
        let file_text = self.source.as_ref()?.text;
        let file = FileRef { text: file_text };
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            self.d.label.clone(),
            file.clamp(self.d.span.start, self.d.span.end),
        )];
        for l in &self.d.labels {
            if l.span.source == self.d.span.source {
                labels.push(LabeledSpan::new_with_span(
                    Some(l.text.clone()),
                    file.clamp(l.span.start, l.span.end),
                ));
            }
        }
        Some(Box::new(labels.into_iter()))
    }
}

struct FileRef<'a> {
    text: &'a str,
}

impl FileRef<'_> {
    fn clamp(&self, start: usize, end: usize) -> SourceSpan {
        let fix = |mut o: usize| {
            o = o.min(self.text.len());
            while !self.text.is_char_boundary(o) {
                o -= 1;
            }
            o
        };
        let (s, e) = (fix(start), fix(end));
        SourceSpan::new(s.into(), e.saturating_sub(s))
    }
}

pub struct HumanOptions {
    pub color: bool,
    pub lang: Lang,
    /// Terminal width for wrapping.
    pub width: usize,
}

/// Render every diagnostic and a closing summary.
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, opts: &HumanOptions) -> String {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    for d in diagnostics {
        let Some(file) = sources.get(d.span.source) else {
            continue;
        };
        let faq_word = match opts.lang {
            Lang::En => "FAQ",
            Lang::Ja => "FAQ・解説",
        };
        let mut help = d.help.clone().unwrap_or_default();
        for url in &d.faq {
            if !help.is_empty() {
                help.push('\n');
            }
            help.push_str(&format!("{faq_word}: {url}"));
        }
        let rendered = Rendered {
            d,
            source: (!file.is_binary).then(|| NamedText {
                name: file.display_path(),
                text: &file.text,
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
        }
        out.push_str(&buf);
        out.push('\n');
    }
    out.push_str(&summary_line(
        &Summary::of(diagnostics, sources.len()),
        opts.lang,
    ));
    out.push('\n');
    out
}

/// Where a finding is in a binary file: the path, the field (the file's
/// named region), the byte offset, and the primary label when there is one.
fn binary_location(d: &Diagnostic, path: &str, region: Option<&str>, lang: Lang) -> String {
    let offset = d.span.start;
    let what = match lang {
        Lang::En => format!("at byte offset {offset} (0x{offset:X})"),
        Lang::Ja => format!("{offset} バイト目 (0x{offset:X})"),
    };
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

pub fn summary_line(s: &Summary, lang: Lang) -> String {
    match lang {
        Lang::En => {
            if s.errors + s.warnings + s.infos == 0 {
                format!(
                    "No problems found in {} {}.",
                    s.files,
                    plural(s.files, "file", "files")
                )
            } else {
                format!(
                    "Found {} {}, {} {} and {} {} in {} {}.",
                    s.errors,
                    plural(s.errors, "error", "errors"),
                    s.warnings,
                    plural(s.warnings, "warning", "warnings"),
                    s.infos,
                    plural(s.infos, "info", "infos"),
                    s.files,
                    plural(s.files, "file", "files")
                )
            }
        }
        Lang::Ja => {
            if s.errors + s.warnings + s.infos == 0 {
                format!(
                    "{} ファイルをチェックしました。問題は見つかりませんでした。",
                    s.files
                )
            } else {
                format!(
                    "{} ファイルをチェックしました。エラー {} 件、警告 {} 件、情報 {} 件が見つかりました。",
                    s.files, s.errors, s.warnings, s.infos
                )
            }
        }
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
