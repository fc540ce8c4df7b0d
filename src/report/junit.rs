//! `--format junit`: JUnit XML for CI test dashboards. One test suite per
//! file, one test case per file and rule; a test case fails when its rule
//! found something at or above the `fail-on` severity there, and the
//! failure carries every such finding. Findings below it are listed in the
//! test case's `system-out`, so that the report agrees with the exit code.

use super::sink::Sink;
use super::{OutputFormat, RenderContext, Renderer};
use std::collections::BTreeMap;
use std::io::Write;

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
        render(cx.diagnostics, cx.sources, &rules(cx), cx.fail_on)
    }

    fn write(&self, cx: &RenderContext, sink: &mut Sink) -> std::io::Result<()> {
        write(cx.diagnostics, cx.sources, &rules(cx), cx.fail_on, sink)
    }
}

pub fn render(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    rules: &[RuleId],
    fail_on: Severity,
) -> String {
    super::json::to_string(|sink| write(diagnostics, sources, rules, fail_on, sink))
}

/// The report written to `sink` test case by test case, cut into parts
/// after them as it goes (the counts of each suite are known before its
/// cases are written): never held whole (issue 15).
pub fn write(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    rules: &[RuleId],
    fail_on: Severity,
    sink: &mut Sink,
) -> std::io::Result<()> {
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
    // A test case per file and rule; it fails when the rule found something
    // at or above `fail_on` there.
    let failures_in = |found: &BTreeMap<&str, Vec<&Diagnostic>>| {
        names
            .keys()
            .filter(|code| {
                found
                    .get(*code)
                    .is_some_and(|f| f.iter().any(|d| d.severity >= fail_on))
            })
            .count()
    };
    let tests = names.len();
    let total_tests = tests * by_file.len();
    let total_failures: usize = by_file.values().map(failures_in).sum();
    write!(
        sink.buf(),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"maillint\" tests=\"{total_tests}\" failures=\"{total_failures}\" errors=\"0\">\n"
    )?;
    for ((_, path), found) in &by_file {
        let failures = failures_in(found);
        writeln!(
            sink.buf(),
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
            xml(path)
        )?;
        for (code, name) in &names {
            let findings = found.get(code).map(Vec::as_slice).unwrap_or(&[]);
            test_case(sink.buf(), (code, name), path, findings, sources, fail_on)?;
            sink.line_end()?;
        }
        sink.buf().extend_from_slice(b"  </testsuite>\n");
    }
    sink.buf().extend_from_slice(b"</testsuites>\n");
    Ok(())
}

/// One test case: the findings of one rule in one file, those at or above
/// `fail_on` in its failure, the others in its `system-out`.
fn test_case(
    out: &mut Vec<u8>,
    (code, name): (&str, &str),
    path: &str,
    findings: &[&Diagnostic],
    sources: &SourceMap,
    fail_on: Severity,
) -> std::io::Result<()> {
    let failing: Vec<&&Diagnostic> = findings.iter().filter(|d| d.severity >= fail_on).collect();
    let passing: Vec<&&Diagnostic> = findings.iter().filter(|d| d.severity < fail_on).collect();
    write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"",
        xml(&format!("{code} {name}")),
        xml(path),
        xml(path)
    )?;
    if failing.is_empty() && passing.is_empty() {
        out.extend_from_slice(b"/>\n");
        return Ok(());
    }
    out.extend_from_slice(b">\n");
    if let Some(first) = failing.first() {
        write!(
            out,
            "      <failure type=\"{}\" message=\"{}\">",
            first.severity.label(),
            xml(&summary(&failing))
        )?;
        lines(out, &failing, sources);
        out.extend_from_slice(b"</failure>\n");
    }
    if !passing.is_empty() {
        out.extend_from_slice(b"      <system-out>");
        lines(out, &passing, sources);
        out.extend_from_slice(b"</system-out>\n");
    }
    out.extend_from_slice(b"    </testcase>\n");
    Ok(())
}

/// The findings' lines, XML-escaped, one after the other: each line break
/// between them written as `xml` writes one (`&#10;`), the text as
/// `xml(&lines.join("\n"))` would be, without the joined copy.
fn lines(out: &mut Vec<u8>, findings: &[&&Diagnostic], sources: &SourceMap) {
    for (i, d) in findings.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(xml("\n").as_bytes());
        }
        out.extend_from_slice(xml(&line(d, sources)).as_bytes());
    }
}

/// The rules that ran, for their test cases.
fn rules<'a>(cx: &RenderContext<'a>) -> Vec<RuleId<'a>> {
    cx.catalogue
        .rules
        .iter()
        .filter(|r| cx.selection.is_enabled(r.code, r.name))
        // The online rules ran only with --online: no test case otherwise.
        .filter(|r| cx.online.is_some() || r.family != "online")
        .map(|r| (r.code, r.name))
        .collect()
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
