//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//!
//! Every catalogue rule is listed in `tool.driver.rules` (so `ruleIndex` is
//! stable between runs); each result has one location with UTF-16 columns
//! (SARIF's default `columnKind`), related locations for the labels, and a
//! `partialFingerprints` entry built from the rule, the file and the message,
//! never from line numbers (so a finding keeps its identity when lines move)
//! and never from the file's text (which may hold a password).

use super::{OutputFormat, RenderContext, Renderer};
use std::collections::HashMap;

use serde_json::{Value, json};

use super::location::{place, uri};
use super::parts::Parts;
use crate::catalogue::{Catalogue, RuleInfo};
use crate::diagnostics::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::source::{SourceFile, SourceMap, Span};
use crate::workers::Workers;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub struct SarifOptions<'a> {
    pub lang: Lang,
    /// Absolute URL under which the repository's files are published; the
    /// rule pages are `docs/rules/<code>.md` below it. Without it, results
    /// carry no `helpUri` (SARIF requires an absolute URI there) and the help
    /// text names `maillint explain <code>`.
    pub docs_base_url: Option<&'a str>,
}

pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn join_url(base: &str, rel: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), rel)
}

fn rule(r: &RuleInfo, opts: &SarifOptions) -> Value {
    let explanation = r.explanation.get(opts.lang).trim();
    let first_paragraph = explanation
        .split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let doc = r.doc_path();
    let link = opts.docs_base_url.map(|b| join_url(b, &doc));
    let mut v = json!({
        "id": r.code,
        "name": r.name,
        "shortDescription": { "text": r.summary.get(opts.lang) },
        "fullDescription": { "text": first_paragraph },
        "help": {
            "text": format!("{explanation}\n\nDocumentation: {}", r.pointer(opts.docs_base_url)),
            "markdown": match &link {
                Some(link) => format!("{explanation}\n\nDocumentation: [{doc}]({link})"),
                None => format!("{explanation}\n\nDocumentation: `{}`", r.pointer(None)),
            },
        },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": { "tags": [r.family] },
    });
    if let (Some(link), Some(obj)) = (link, v.as_object_mut()) {
        obj.insert("helpUri".into(), Value::String(link));
    }
    v
}

fn region(span: Span, sources: &SourceMap) -> Option<Value> {
    let f = sources.get(span.source)?;
    if f.is_binary {
        // A binary file (.iaf) has no lines: SARIF's binary region (3.30.2),
        // the bytes on disk, which viewers show as an offset.
        let (start, end) = (span.start.min(f.bytes.len()), span.end.min(f.bytes.len()));
        return Some(json!({
            "byteOffset": start,
            "byteLength": end.saturating_sub(start),
        }));
    }
    let (s, e) = (f.position(span.start), f.position(span.end));
    Some(json!({
        "startLine": s.line,
        "startColumn": s.utf16_column,
        "endLine": e.line,
        "endColumn": e.utf16_column,
    }))
}

fn physical(span: Span, sources: &SourceMap) -> Option<Value> {
    let f = sources.get(span.source)?;
    if f.is_registry() {
        // The live registry is no artifact: its place is a logical location.
        return None;
    }
    Some(json!({
        "artifactLocation": { "uri": uri(&f.path) },
        "region": region(span, sources)?,
    }))
}

/// A location for `span`: physical in a file, logical in the live registry
/// (the value, fully qualified by its key).
fn location(span: Span, sources: &SourceMap) -> Option<Value> {
    if let Some(loc) = physical(span, sources) {
        return Some(json!({ "physicalLocation": loc }));
    }
    let p = sources.get(span.source)?.registry_place(span.start)?;
    let (name, qualified, kind) = match &p.value {
        Some(v) => (v.clone(), format!("{}\\{v}", p.key), "variable"),
        None => (
            p.key.rsplit('\\').next().unwrap_or_default().to_string(),
            p.key.clone(),
            "namespace",
        ),
    };
    Some(json!({
        "logicalLocations": [{
            "name": name,
            "fullyQualifiedName": qualified,
            "kind": kind,
        }],
    }))
}

/// A stable 128-bit FNV-1a hash, in hex. std's hasher may change between
/// Rust releases; a fingerprint must not.
fn fingerprint(parts: &[&str]) -> String {
    let mut out = String::new();
    for seed in [0xcbf2_9ce4_8422_2325_u64, 0x6c62_272e_07bb_0142] {
        let mut h = seed;
        for p in parts {
            for b in p.bytes().chain(std::iter::once(0)) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        out.push_str(&format!("{h:016x}"));
    }
    out
}

/// `--format sarif`.
pub static FORMAT: OutputFormat = OutputFormat {
    name: "sarif",
    help: "SARIF 2.1.0, for GitHub code scanning and other SARIF viewers",
    renderer: &Sarif,
};

struct Sarif;

impl Renderer for Sarif {
    fn render(&self, cx: &RenderContext) -> String {
        self.render_parts(cx).concat()
    }

    fn render_parts(&self, cx: &RenderContext) -> Vec<String> {
        let opts = SarifOptions {
            lang: cx.lang,
            docs_base_url: cx.docs_base_url,
        };
        let workers = Workers::new(cx.threads);
        parts(cx.diagnostics, cx.sources, cx.catalogue, &opts, &workers)
    }
}

pub fn render(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    catalogue: &Catalogue,
    opts: &SarifOptions,
) -> String {
    parts(diagnostics, sources, catalogue, opts, &Workers::new(1)).concat()
}

/// One result: the finding, its fingerprint (`base:n`, the n-th finding of
/// that base in the run).
fn result(
    d: &Diagnostic,
    fingerprint: &str,
    index: &HashMap<&str, usize>,
    sources: &SourceMap,
) -> Value {
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push('\n');
        text.push_str(h);
    }
    let mut r = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": { "text": text },
        "partialFingerprints": { "maillint/v1": fingerprint },
    });
    if let Some(obj) = r.as_object_mut() {
        if let Some(i) = index.get(d.code) {
            obj.insert("ruleIndex".into(), json!(i));
        }
        if let Some(loc) = location(d.span, sources) {
            obj.insert("locations".into(), json!([loc]));
        }
        let related: Vec<Value> = d
            .labels
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let mut loc = location(l.span, sources)?;
                if let Some(o) = loc.as_object_mut() {
                    o.insert("id".into(), json!(i));
                    o.insert("message".into(), json!({ "text": l.text }));
                }
                Some(loc)
            })
            .collect();
        if !related.is_empty() {
            obj.insert("relatedLocations".into(), Value::Array(related));
        }
    }
    r
}

/// The log's text in parts, in order (see [`super::parts`]): the artifacts
/// and the results serialised on `workers`.
fn parts(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    catalogue: &Catalogue,
    opts: &SarifOptions,
    workers: &Workers,
) -> Vec<String> {
    let mut parts = Parts::new();
    match write(&mut parts, diagnostics, sources, catalogue, opts, workers) {
        Ok(()) => parts.finish(),
        Err(_) => vec!["{}\n".into()],
    }
}

fn write(
    parts: &mut Parts,
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    catalogue: &Catalogue,
    opts: &SarifOptions,
    workers: &Workers,
) -> serde_json::Result<()> {
    let rules: Vec<Value> = catalogue.rules.iter().map(|r| rule(r, opts)).collect();
    let index: HashMap<&str, usize> = catalogue
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code, i))
        .collect();
    // Identical findings in one file are told apart by their order: the
    // bases are hashed on the threads, counted here in the findings' order.
    let bases: Vec<String> = workers
        .map(
            &diagnostics.chunks(BASES_PER_TASK).collect::<Vec<_>>(),
            |run| {
                run.iter()
                    .map(|d| {
                        let path = place(d, sources)
                            .map(|p| uri(&p.file.path))
                            .unwrap_or_default();
                        fingerprint(&[d.code, &path, &d.message])
                    })
                    .collect::<Vec<_>>()
            },
        )
        .into_iter()
        .flatten()
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let results: Vec<(&Diagnostic, String)> = diagnostics
        .iter()
        .zip(&bases)
        .map(|(d, base)| {
            let n = seen.entry(base).or_insert(0);
            *n += 1;
            (d, format!("{base}:{n}"))
        })
        .collect();
    let mut driver = json!({
        "name": "maillint",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    if let (Some(base), Some(obj)) = (opts.docs_base_url, driver.as_object_mut()) {
        obj.insert(
            "informationUri".into(),
            Value::String(join_url(base, "README.md")),
        );
    }
    // Every text file read, with the encoding it was read in (SARIF's
    // `artifact.encoding`, an IANA name) and whether it was guessed.
    let artifacts: Vec<&SourceFile> = sources
        .iter()
        .filter(|f| !f.is_binary && !f.is_registry())
        .collect();
    // The keys in serde_json's order (sorted), as a `json!` tree of the
    // whole log printed them.
    parts.raw("{");
    parts.key("$schema", 1, true)?;
    parts.value(SCHEMA_URI, 1)?;
    parts.key("runs", 1, false)?;
    parts.raw("[\n    {");
    parts.key("artifacts", 3, true)?;
    parts.array(workers, &artifacts, 3, |f| {
        json!({
            "location": { "uri": uri(&f.path) },
            "encoding": f.encoding.display_name(),
            "properties": { "encodingGuessed": f.encoding_guessed },
        })
    })?;
    parts.key("columnKind", 3, false)?;
    parts.value("utf16CodeUnits", 3)?;
    parts.key("results", 3, false)?;
    parts.array(workers, &results, 3, |(d, fp)| {
        result(d, fp, &index, sources)
    })?;
    parts.key("tool", 3, false)?;
    parts.value(&json!({ "driver": driver }), 3)?;
    parts.raw("\n    }\n  ]");
    parts.key("version", 1, false)?;
    parts.value("2.1.0", 1)?;
    parts.raw("\n}\n");
    Ok(())
}

/// Findings whose fingerprints one task hashes.
const BASES_PER_TASK: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable() {
        // Fixed values: changing the hash would break every stored alert.
        assert_eq!(
            fingerprint(&["ML301", "a/prefs.js", "m"]),
            fingerprint(&["ML301", "a/prefs.js", "m"])
        );
        assert_ne!(
            fingerprint(&["ML301", "a", "bm"]),
            fingerprint(&["ML301", "ab", "m"])
        );
        assert_eq!(fingerprint(&[]), "cbf29ce4842223256c62272e07bb0142");
    }
}
