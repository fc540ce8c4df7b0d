//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=ML301 spa-enabled::message`.

use super::location::{place, relative_path};
use super::sink::Sink;
use super::{OutputFormat, RenderContext, Renderer};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::SourceMap;
use std::io::Write;

/// `--format github`.
pub static FORMAT: OutputFormat = OutputFormat {
    name: "github",
    help: "GitHub Actions workflow commands (annotations on the pull request)",
    renderer: &Github,
};

struct Github;

impl Renderer for Github {
    fn render(&self, cx: &RenderContext) -> String {
        render(cx.diagnostics, cx.sources)
    }

    fn write(&self, cx: &RenderContext, sink: &mut Sink) -> std::io::Result<()> {
        write(cx.diagnostics, cx.sources, sink)
    }
}

pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    super::json::to_string(|sink| write(diagnostics, sources, sink))
}

/// The commands written to `sink` one a line, cut into parts as they go
/// (the report of 10,000 findings is never held whole).
pub fn write(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    sink: &mut Sink,
) -> std::io::Result<()> {
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(p) = place(d, sources) {
            props.push(("file", relative_path(&p.file.path)));
            props.push(("line", p.start.line.to_string()));
            props.push(("col", p.start.column.to_string()));
            props.push(("endLine", p.end.line.to_string()));
            props.push(("endColumn", p.end.column.to_string()));
        }
        props.push(("title", format!("{} {}", d.code, d.name)));
        let props: Vec<String> = props
            .into_iter()
            .map(|(k, v)| format!("{k}={}", escape_property(&crate::escape::controls(&v))))
            .collect();
        // The pieces are escaped (a line break in a value shown as `\n`);
        // the lines between them are the annotation's own.
        let esc = crate::escape::controls;
        let mut message = esc(&d.message).into_owned();
        if let Some(help) = &d.help {
            message.push('\n');
            message.push_str(&esc(help));
        }
        for page in &d.faq {
            message.push_str("\nFAQ: ");
            message.push_str(&esc(page));
        }
        writeln!(
            sink.buf(),
            "::{command} {}::{}",
            props.join(","),
            escape_data(&message)
        )?;
        sink.line_end()?;
    }
    Ok(())
}

/// As `escapeData` in GitHub's actions/toolkit (core/src/command.ts).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// As `escapeProperty` in GitHub's actions/toolkit: data escaping plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("50% a\r\nb: c,d"), "50%25 a%0D%0Ab: c,d");
        assert_eq!(escape_property("C:\\x,y%"), "C%3A\\x%2Cy%25");
    }
}
