//! The report as JSON (version 1), for the support desk's own tools. The
//! fields are those of [`Report`]; docs/guide.en.md lists them.

use super::Report;

#[derive(serde::Serialize)]
struct Envelope<'a> {
    tool: &'static str,
    #[serde(flatten)]
    report: &'a Report,
}

/// Render the report (before redaction: see `report::finish`).
pub fn render(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&Envelope {
        tool: "maillint",
        report: r,
    })
    .unwrap_or_default();
    s.push('\n');
    s
}
