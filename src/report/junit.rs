//! `--format junit`: JUnit XML for CI test dashboards. One test suite per
//! file, one test case per file and rule; a test case fails when its rule
//! found something at or above the `fail-on` severity there, and the
//! failure carries every such finding. Findings below it are listed in the
//! test case's `system-out`, so that the report agrees with the exit code.

use super::{OutputFormat, RenderContext, Renderer};
use std::collections::BTreeMap;

use super::location::{place, relative_path};
use crate::diagnostics::{Diagnostic, Severity};
use crate::escape::controls as escape;
use crate::source::SourceMap;

/// A rule that ran: `(code, name)`.
pub type RuleId<'a> = (&'a str, &'a str);

/// `--format junit`.
pub static FORMAT: OutputFormat = OutputFormat {
    name: "junit",
    help: "JUnit XML: one test case per file and rule",
    renderer: &Junit,
};

struct Junit;

impl Renderer for Junit {
    fn render(&self, cx: &RenderContext) -> String {
        let rules: Vec<RuleId> = cx
            .catalogue
            .rules
            .iter()
            .filter(|r| cx.selection.is_enabled(r.code, r.name))
            // The online rules ran only with --online: no test case otherwise.
            .filter(|r| cx.online.is_some() || r.family != "online")
            .map(|r| (r.code, r.name))
            .collect();
        render(cx.diagnostics, cx.sources, &rules, cx.fail_on)
    }
}

pub fn render(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    rules: &[RuleId],
    fail_on: Severity,
) -> String {
    // file → code → findings, in file order; findings without a file are
    // grouped under "-".
    let mut by_file: BTreeMap<(u32, String), BTreeMap<&str, Vec<&Diagnostic>>> = BTreeMap::new();
    for f in sources.iter() {
        by_file.entry((f.id.0, relative_path(&f.path))).or_default();
    }
    for d in diagnostics {
        let key = match sources.get(d.span.source) {
            Some(f) => (f.id.0, relative_path(&f.path)),
            None => (u32::MAX, "-".to_string()),
        };
        by_file
            .entry(key)
            .or_default()
            .entry(d.code)
            .or_default()
            .push(d);
    }
    let names: BTreeMap<&str, &str> = rules
        .iter()
        .copied()
        .chain(diagnostics.iter().map(|d| (d.code, d.name)))
        .collect();

    let mut suites = String::new();
    let (mut total_tests, mut total_failures) = (0, 0);
    for ((_, path), found) in &by_file {
        let mut cases = String::new();
        let (mut tests, mut failures) = (0, 0);
        for (code, name) in &names {
            let findings = found.get(code).map(Vec::as_slice).unwrap_or(&[]);
            tests += 1;
            let failing: Vec<&&Diagnostic> =
                findings.iter().filter(|d| d.severity >= fail_on).collect();
            let passing: Vec<&&Diagnostic> =
                findings.iter().filter(|d| d.severity < fail_on).collect();
            cases.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"",
                xml(&format!("{code} {name}")),
                xml(path),
                xml(path)
            ));
            if failing.is_empty() && passing.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            cases.push_str(">\n");
            if let Some(first) = failing.first() {
                failures += 1;
                let body: Vec<String> = failing.iter().map(|d| line(d, sources)).collect();
                cases.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    first.severity.label(),
                    xml(&summary(&failing)),
                    xml(&body.join("\n"))
                ));
            }
            if !passing.is_empty() {
                let body: Vec<String> = passing.iter().map(|d| line(d, sources)).collect();
                cases.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    xml(&body.join("\n"))
                ));
            }
            cases.push_str("    </testcase>\n");
        }
        total_tests += tests;
        total_failures += failures;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n",
            xml(path)
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"maillint\" tests=\"{total_tests}\" failures=\"{total_failures}\" errors=\"0\">\n{suites}</testsuites>\n"
    )
}

fn summary(findings: &[&&Diagnostic]) -> String {
    match findings {
        [] => String::new(),
        [one] => escape(&one.message).into_owned(),
        [first, ..] => format!(
            "{} findings; first: {}",
            findings.len(),
            escape(&first.message)
        ),
    }
}

fn line(d: &Diagnostic, sources: &SourceMap) -> String {
    let (path, l, c) = match place(d, sources) {
        Some(p) => (relative_path(&p.file.path), p.start.line, p.start.column),
        None => ("-".to_string(), 0, 0),
    };
    let path = escape(&path);
    let mut s = format!(
        "{path}:{l}:{c}: {} {} {}",
        d.severity.label(),
        d.code,
        escape(&d.message)
    );
    if let Some(h) = &d.help {
        s.push_str("\n  help: ");
        s.push_str(&escape(h));
    }
    for page in &d.faq {
        s.push_str("\n  FAQ: ");
        s.push_str(&escape(page));
    }
    s
}

/// Escape for XML text and attribute values; characters XML 1.0 cannot
/// hold at all are dropped.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push('\t'),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping() {
        assert_eq!(xml("a<b & \"c\"\u{1}\n"), "a&lt;b &amp; &quot;c&quot;&#10;");
    }
}
