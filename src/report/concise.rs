//! `--format concise`: one line per finding, `path:line:col: severity CODE message`,
//! the form editors and `grep` understand.

use super::location::place;
use super::sink::Sink;
use super::{OutputFormat, RenderContext, Renderer};
use crate::diagnostics::Diagnostic;
use crate::source::SourceMap;
use std::io::Write;

/// `--format concise`.
pub static FORMAT: OutputFormat = OutputFormat {
    name: "concise",
    help: "One line per finding: path:line:col: severity CODE message",
    renderer: &Concise,
};

struct Concise;

impl Renderer for Concise {
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

/// The findings written to `sink` line by line, cut into parts as they go
/// (the report of 10,000 findings is never held whole).
pub fn write(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    sink: &mut Sink,
) -> std::io::Result<()> {
    for d in diagnostics {
        let (path, line, col) = match place(d, sources) {
            Some(p) => (p.file.display_path(), p.start.line, p.start.column),
            None => ("-".to_string(), 0, 0),
        };
        // One finding, one line: a control character in a value (a line
        // break, an escape sequence) is shown as an escape.
        let message = crate::escape::controls(&d.message);
        let path = crate::escape::controls(&path);
        writeln!(
            sink.buf(),
            "{path}:{line}:{col}: {} {} {message}",
            d.severity.label(),
            d.code
        )?;
        sink.line_end()?;
    }
    Ok(())
}
