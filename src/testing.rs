//! Helpers for the integration tests, property tests and fuzz targets, which
//! are crates of their own and so cannot see `#[cfg(test)]` items. Compiled
//! only with the `test-support` feature (`Cargo.toml` turns it on for tests
//! through a dev-dependency on this crate itself, `fuzz/Cargo.toml` for the
//! fuzz targets), hidden from the docs, and never part of the release binary
//! or the library's API.

use crate::i18n::Lang;
use crate::pipeline::{CheckOptions, RunOutput};
use crate::policy::Policy;

/// One line per finding, `path:line:col: CODE`, with paths relative to
/// `base`: the form of the fixtures' `expected` files.
pub fn finding_lines(output: &RunOutput, base: &std::path::Path) -> Vec<String> {
    let mut lines: Vec<String> = output
        .diagnostics
        .iter()
        .filter_map(|d| {
            let f = output.sources.get(d.span.source)?;
            let p = f.position(d.span.start);
            let rel = f.path.strip_prefix(base).unwrap_or(&f.path);
            Some(format!(
                "{}:{}:{}: {}",
                rel.display().to_string().replace('\\', "/"),
                p.line,
                p.column,
                d.code
            ))
        })
        .collect();
    lines.sort();
    lines
}

/// Read `files` with `reader`, run every rule (koara policy, Japanese messages)
/// and mask secrets, panicking if an invariant breaks: every span lies inside
/// its file, and masking keeps each text's length. For fuzz targets and
/// property tests, which feed arbitrary bytes.
pub fn assert_invariants(
    reader: &crate::formats::Reader,
    mut files: Vec<crate::source::SourceFile>,
) {
    let len_of = |files: &[crate::source::SourceFile], span: crate::source::Span| {
        files.iter().find(|f| f.id == span.source).map(|f| {
            if f.is_binary {
                f.bytes.len()
            } else {
                f.text.len()
            }
        })
    };
    let refs: Vec<&crate::source::SourceFile> = files.iter().collect();
    let doc = (reader.read)(&refs);
    let in_bounds = |span: crate::source::Span| {
        span.start <= span.end && len_of(&files, span).is_some_and(|len| span.end <= len)
    };
    for p in &doc.problems {
        assert!(in_bounds(p.span), "problem span out of bounds: {p:?}");
    }
    let opts = CheckOptions {
        policy: Policy::load("koara").unwrap_or_default(),
        lang: Lang::Ja,
        ..CheckOptions::default()
    };
    let ctx = opts.context();
    let mut diagnostics = crate::rules::check_document(&doc, &ctx);
    diagnostics.extend(crate::rules::check_run(std::slice::from_ref(&doc), &ctx));
    for d in diagnostics {
        assert!(in_bounds(d.span), "diagnostic span out of bounds: {d:?}");
    }
    let lens: Vec<usize> = files.iter().map(|f| f.text.len()).collect();
    let mut doc = doc;
    crate::secrets::protect(&mut doc, &mut files);
    for (f, len) in files.iter().zip(lens) {
        assert_eq!(f.text.len(), len, "masking changed the text's length");
    }
}
