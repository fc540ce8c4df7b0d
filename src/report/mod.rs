//! Renderers: they know diagnostics and source files, never file formats.
//!
//! Every output format is one file holding a [`Renderer`] and its
//! [`OutputFormat`] entry, and one line in [`FORMATS`]; `--format` takes its
//! names, help and order from that table.

pub mod concise;
mod draw;
mod emit;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod location;
pub mod online;
pub mod parts;
pub mod sarif;
pub mod sink;
mod snippet;
mod snippet_draw;

use crate::catalogue::Catalogue;
use crate::diagnostics::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::model::Document;
use crate::rules::Selection;
use crate::source::SourceMap;

/// Every output format, in the order `--format` lists them.
pub static FORMATS: &[&OutputFormat] = &[
    &human::FORMAT,
    &json::FORMAT,
    &sarif::FORMAT,
    &github::FORMAT,
    &junit::FORMAT,
    &concise::FORMAT,
];

/// How a format writes values, for the secret scrubber: escaped in JSON
/// (json, sarif) and XML (junit), as they are elsewhere.
pub fn secret_syntax(format: &OutputFormat) -> crate::secrets::Syntax {
    if [&json::FORMAT, &sarif::FORMAT].contains(&format) {
        crate::secrets::Syntax::Json
    } else if *format == junit::FORMAT {
        crate::secrets::Syntax::Xml
    } else {
        crate::secrets::Syntax::Text
    }
}

/// What every renderer is given: the run's results and the settings that
/// shape output. A renderer takes what it needs and ignores the rest.
pub struct RenderContext<'a> {
    pub documents: &'a [Document],
    /// Sorted, suppressions applied.
    pub diagnostics: &'a [Diagnostic],
    pub sources: &'a SourceMap,
    pub catalogue: &'a Catalogue,
    /// The rules that ran.
    pub selection: &'a Selection,
    /// The severity from which a finding fails the run (`fail-on`).
    pub fail_on: Severity,
    pub lang: Lang,
    /// ANSI colours: only on a terminal, never into a file.
    pub color: bool,
    /// Terminal width for wrapping.
    pub width: usize,
    /// Absolute URL under which the repository's files are published (SARIF
    /// `helpUri`).
    pub docs_base_url: Option<&'a str>,
    /// `--quiet`: findings only (no summary line).
    pub quiet: bool,
    /// What the servers answered (`--online`), for the online checks section.
    pub online: Option<&'a crate::online::Report>,
    /// `--verbose`: the online conversations too.
    pub verbose: bool,
    /// `--threads`: how many threads may render (0: one per core). The
    /// output is the same whatever the number.
    pub threads: usize,
}

/// One output format's layout of a run.
pub trait Renderer: Sync {
    /// The whole output, ready to write.
    fn render(&self, cx: &RenderContext) -> String;

    /// The same output written to `sink` as it is made, scrubbed part by
    /// part ([`sink`]). A format that writes its output in parts on the
    /// run's threads writes each part as soon as it and those before it are
    /// done, and never holds the whole output; the others write it whole.
    fn write(&self, cx: &RenderContext, sink: &mut sink::Sink) -> std::io::Result<()> {
        sink.part(self.render(cx).into_bytes())
    }
}

/// A registry entry: the `--format` name, its help line, its renderer.
pub struct OutputFormat {
    pub name: &'static str,
    pub help: &'static str,
    pub renderer: &'static dyn Renderer,
}

impl OutputFormat {
    pub fn render(&self, cx: &RenderContext) -> String {
        self.renderer.render(cx)
    }

    /// [`Renderer::write`].
    pub fn write(&self, cx: &RenderContext, sink: &mut sink::Sink) -> std::io::Result<()> {
        self.renderer.write(cx, sink)
    }
}

impl PartialEq for OutputFormat {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for OutputFormat {}

impl std::fmt::Debug for OutputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// `--format NAME`: the registry is the list of possible values, so a new
/// format needs no change in the CLI.
impl clap::ValueEnum for &'static OutputFormat {
    fn value_variants<'a>() -> &'a [Self] {
        FORMATS
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name).help(self.help))
    }
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic], files: usize) -> Summary {
        let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            files,
        }
    }
}
