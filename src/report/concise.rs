//! `--format concise`: one line per finding, `path:line:col: severity CODE message`,
//! the form editors and `grep` understand.

use super::location::place;
use super::{OutputFormat, RenderContext, Renderer};
use crate::diagnostics::Diagnostic;
use crate::source::SourceMap;

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
}

pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (path, line, col) = match place(d, sources) {
            Some(p) => (p.file.display_path(), p.start.line, p.start.column),
            None => ("-".to_string(), 0, 0),
        };
        // One finding, one line: a control character in a value (a line
        // break, an escape sequence) is shown as an escape.
        let message = crate::escape::controls(&d.message);
        let path = crate::escape::controls(&path);
        out.push_str(&format!(
            "{path}:{line}:{col}: {} {} {message}\n",
            d.severity.label(),
            d.code
        ));
    }
    out
}
