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

use super::emit::{self, Obj};
use super::location::Here;
use super::parts::Parts;
use super::sink::Sink;
use crate::catalogue::{Catalogue, RuleInfo};
use crate::diagnostics::{Diagnostic, Severity};
use crate::fix::edits::{Edit, Fix};
use crate::i18n::Lang;
use crate::source::{RegistryPlace, SourceFile, SourceMap, Span};
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

/// A rule of `tool.driver.rules` at `depth`, the keys in serde_json's
/// order (sorted).
fn rule(out: &mut Vec<u8>, depth: usize, r: &RuleInfo, opts: &SarifOptions) {
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
    let mut o = Obj::open(out, depth);
    let d = o.inner();
    let mut c = Obj::open(o.key("defaultConfiguration"), d);
    emit::string(c.key("level"), level(r.severity));
    c.close();
    message(o.key("fullDescription"), d, &[&first_paragraph]);
    let mut h = Obj::open(o.key("help"), d);
    let docs = "\n\nDocumentation: ";
    match &link {
        Some(link) => emit::strings(
            h.key("markdown"),
            &[explanation, docs, "[", &doc, "](", link, ")"],
        ),
        None => emit::strings(
            h.key("markdown"),
            &[explanation, docs, "`", &r.pointer(None), "`"],
        ),
    }
    let pointer = r.pointer(opts.docs_base_url);
    emit::strings(h.key("text"), &[explanation, docs, &pointer]);
    h.close();
    if let Some(link) = &link {
        emit::string(o.key("helpUri"), link);
    }
    emit::string(o.key("id"), r.code);
    emit::string(o.key("name"), r.name);
    let mut p = Obj::open(o.key("properties"), d);
    emit::array(p.key("tags"), d + 1, [r.family], emit::string);
    p.close();
    message(o.key("shortDescription"), d, &[r.summary.get(opts.lang)]);
    o.close();
}

/// `{ "driver": … }` at `depth`: the tool and every catalogue rule (so
/// that `ruleIndex` is stable between runs).
fn tool(out: &mut Vec<u8>, depth: usize, catalogue: &Catalogue, opts: &SarifOptions) {
    let mut t = Obj::open(out, depth);
    let mut d = Obj::open(t.key("driver"), depth + 1);
    let inner = d.inner();
    if let Some(base) = opts.docs_base_url {
        emit::string(d.key("informationUri"), &join_url(base, "README.md"));
    }
    emit::string(d.key("name"), "maillint");
    emit::array(d.key("rules"), inner, catalogue.rules, |out, r| {
        rule(out, inner + 1, r, opts)
    });
    emit::string(d.key("semanticVersion"), env!("CARGO_PKG_VERSION"));
    emit::string(d.key("version"), env!("CARGO_PKG_VERSION"));
    d.close();
    t.close();
}

/// What a log's results are written with: the sources, and each file's
/// URI worked out once (`uri` asks the file system for a path outside the
/// current folder), as it is and as a JSON string.
struct Cx<'a> {
    sources: &'a SourceMap,
    /// By source id: the URI, and `"uri"` quoted and escaped.
    uris: Vec<(String, Vec<u8>)>,
}

impl<'a> Cx<'a> {
    fn new(sources: &'a SourceMap) -> Cx<'a> {
        let mut uris: Vec<(String, Vec<u8>)> = Vec::new();
        let here = Here::new();
        for f in sources.iter() {
            let i = f.id.0 as usize;
            if uris.len() <= i {
                uris.resize(i + 1, Default::default());
            }
            let u = here.uri(&f.path);
            let mut quoted = Vec::new();
            emit::string(&mut quoted, &u);
            uris[i] = (u, quoted);
        }
        Cx { sources, uris }
    }

    fn uri(&self, f: &SourceFile) -> &(String, Vec<u8>) {
        &self.uris[f.id.0 as usize]
    }
}

/// Where a span is for SARIF: in a file, or in the live registry (no
/// artifact: a logical location).
enum Loc<'a> {
    Physical(&'a SourceFile),
    Logical(&'a RegistryPlace),
}

fn loc(span: Span, sources: &SourceMap) -> Option<Loc<'_>> {
    let f = sources.get(span.source)?;
    if f.is_registry() {
        return f.registry_place(span.start as usize).map(Loc::Logical);
    }
    Some(Loc::Physical(f))
}

/// `{ "text": … }` of the texts one after the other.
fn message(out: &mut Vec<u8>, depth: usize, texts: &[&str]) {
    let mut o = Obj::open(out, depth);
    emit::strings(o.key("text"), texts);
    o.close();
}

/// The region of `span` in `f`: lines and UTF-16 columns; for a binary
/// file (.iaf), which has no lines, SARIF's binary region (3.30.2), the
/// bytes on disk, which viewers show as an offset.
fn region(out: &mut Vec<u8>, depth: usize, span: Span, f: &SourceFile) {
    let mut o = Obj::open(out, depth);
    if f.is_binary {
        let len = f.bytes.len();
        let (start, end) = ((span.start as usize).min(len), (span.end as usize).min(len));
        emit::int(o.key("byteLength"), end.saturating_sub(start));
        emit::int(o.key("byteOffset"), start);
    } else {
        // The end found from the start's line (most spans are on one).
        let mut near = super::location::Near::new();
        let (s, e) = (
            near.position(f, span.start as usize),
            near.position(f, span.end as usize),
        );
        emit::int(o.key("endColumn"), e.utf16_column);
        emit::int(o.key("endLine"), e.line);
        emit::int(o.key("startColumn"), s.utf16_column);
        emit::int(o.key("startLine"), s.line);
    }
    o.close();
}

/// A location at `depth` (the keys in serde_json's order, sorted), with
/// the `id` and `message` of a related location.
fn location(
    out: &mut Vec<u8>,
    depth: usize,
    span: Span,
    at: &Loc,
    related: Option<(usize, &str)>,
    cx: &Cx,
) {
    let mut o = Obj::open(out, depth);
    let d = o.inner();
    if let Some((id, _)) = related {
        emit::int(o.key("id"), id);
    }
    match at {
        Loc::Physical(f) => {
            if let Some((_, text)) = related {
                message(o.key("message"), d, &[text]);
            }
            let mut p = Obj::open(o.key("physicalLocation"), d);
            let d = p.inner();
            let mut a = Obj::open(p.key("artifactLocation"), d);
            a.key("uri").extend_from_slice(&cx.uri(f).1);
            a.close();
            region(p.key("region"), d, span, f);
            p.close();
        }
        Loc::Logical(place) => {
            // The value, fully qualified by its key.
            let (name, qualified, kind) = match &place.value {
                Some(v) => (v.clone(), format!("{}\\{v}", place.key), "variable"),
                None => (
                    place
                        .key
                        .rsplit('\\')
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                    place.key.clone(),
                    "namespace",
                ),
            };
            emit::array(o.key("logicalLocations"), d, [()], |out, ()| {
                let mut l = Obj::open(out, d + 1);
                emit::string(l.key("fullyQualifiedName"), &qualified);
                emit::string(l.key("kind"), kind);
                emit::string(l.key("name"), &name);
                l.close();
            });
            if let Some((_, text)) = related {
                message(o.key("message"), d, &[text]);
            }
        }
    }
    o.close();
}

/// One result at `depth`: the finding, its fingerprint (`base:n`, the n-th
/// finding of that base in the run). The keys in serde_json's order.
fn result(
    out: &mut Vec<u8>,
    depth: usize,
    d: &Diagnostic,
    fingerprint: &str,
    index: &HashMap<&str, usize>,
    cx: &Cx,
) {
    let mut o = Obj::open(out, depth);
    let inner = o.inner();
    if let Some((fix, edits)) = d.fix.as_ref().and_then(|f| Some((f, fixable(f, cx)?))) {
        emit::array(o.key("fixes"), inner, [()], |out, ()| {
            fix_object(out, inner + 1, d, fix, &edits, cx)
        });
    }
    emit::string(o.key("level"), level(d.severity));
    if let Some(at) = loc(d.span, cx.sources) {
        emit::array(o.key("locations"), inner, [at], |out, at| {
            location(out, inner + 1, d.span, &at, None, cx)
        });
    }
    match &d.help {
        Some(h) => message(o.key("message"), inner, &[&d.message, "\n", h]),
        None => message(o.key("message"), inner, &[&d.message]),
    }
    let mut f = Obj::open(o.key("partialFingerprints"), inner);
    emit::string(f.key("maillint/v1"), fingerprint);
    f.close();
    let related: Vec<(usize, &crate::diagnostics::Label, Loc)> = d
        .labels
        .iter()
        .enumerate()
        .filter_map(|(i, l)| Some((i, l, loc(l.span, cx.sources)?)))
        .collect();
    if !related.is_empty() {
        emit::array(
            o.key("relatedLocations"),
            inner,
            &related,
            |out, (i, l, at)| location(out, inner + 1, l.span, at, Some((*i, &l.text)), cx),
        );
    }
    emit::string(o.key("ruleId"), d.code);
    if let Some(i) = index.get(d.code) {
        emit::int(o.key("ruleIndex"), *i);
    }
    o.close();
}

/// The edits of `fix`, each with its file, when `--fix` would write them
/// all: text files on disk (not the live registry, not a binary `.iaf`, not
/// a CMS-signed profile, whose signature an edit breaks), decoded without
/// loss, in an encoding maillint writes that holds the new text
/// (`fix::apply` refuses the rest). Otherwise none: a SARIF viewer offers a
/// fix as safe to apply.
fn fixable<'a>(fix: &'a Fix, cx: &Cx<'a>) -> Option<Vec<(&'a SourceFile, &'a Edit)>> {
    if fix.edits.is_empty() {
        return None;
    }
    fix.edits
        .iter()
        .map(|e| {
            let f = cx.sources.get(e.span.source)?;
            let writes = !f.is_binary
                && !f.is_registry()
                && !f.had_decode_errors
                && !f.signed
                && crate::fix::encode::writable(f.encoding)
                && crate::fix::encode::encode(&e.text, f.encoding).is_ok();
            writes.then_some((f, e))
        })
        .collect()
}

/// A `fix` object (keys sorted): one `artifactChange` per file, in the order
/// the edits name them; the finding's help as its description; maillint's
/// applicability (`safe`: `--fix` applies it, `unsafe`: only with
/// `--unsafe-fixes`) in its property bag.
fn fix_object(
    out: &mut Vec<u8>,
    depth: usize,
    d: &Diagnostic,
    fix: &Fix,
    edits: &[(&SourceFile, &Edit)],
    cx: &Cx,
) {
    let mut o = Obj::open(out, depth);
    let inner = o.inner();
    let mut files: Vec<&SourceFile> = Vec::with_capacity(1);
    for (f, _) in edits {
        if !files.iter().any(|g| g.id == f.id) {
            files.push(f);
        }
    }
    emit::array(o.key("artifactChanges"), inner, &files, |out, f| {
        let mut c = Obj::open(out, inner + 1);
        let d = c.inner();
        let mut a = Obj::open(c.key("artifactLocation"), d);
        a.key("uri").extend_from_slice(&cx.uri(f).1);
        a.close();
        let mine = edits.iter().filter(|(g, _)| g.id == f.id);
        emit::array(c.key("replacements"), d, mine, |out, (f, e)| {
            replacement(out, d + 1, f, e)
        });
        c.close();
    });
    if let Some(h) = &d.help {
        message(o.key("description"), inner, &[h]);
    }
    let mut p = Obj::open(o.key("properties"), inner);
    emit::string(p.key("applicability"), fix.applicability.label());
    p.close();
    o.close();
}

/// One `replacement`: the region to delete both as lines and UTF-16 columns
/// (what viewers show) and as the bytes on disk (`byteOffset`, as the JSON
/// report's `offset`; SARIF 3.30.1 lets a region give both), and the new
/// text, which goes into the file in the artifact's `encoding`.
fn replacement(out: &mut Vec<u8>, depth: usize, f: &SourceFile, e: &Edit) {
    let mut o = Obj::open(out, depth);
    let inner = o.inner();
    let range = f.original_range(e.span);
    let mut near = super::location::Near::new();
    let r = e.span.range();
    let (s, end) = (near.position(f, r.start), near.position(f, r.end));
    let mut r = Obj::open(o.key("deletedRegion"), inner);
    emit::int(r.key("byteLength"), range.len());
    emit::int(r.key("byteOffset"), range.start);
    emit::int(r.key("endColumn"), end.utf16_column);
    emit::int(r.key("endLine"), end.line);
    emit::int(r.key("startColumn"), s.utf16_column);
    emit::int(r.key("startLine"), s.line);
    r.close();
    let mut c = Obj::open(o.key("insertedContent"), inner);
    emit::string(c.key("text"), &e.text);
    c.close();
    o.close();
}

/// The two seeds of [`fingerprint`]'s halves, and FNV-1a's 64-bit prime.
const SEEDS: [u64; 2] = [0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142];
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// A stable 128-bit FNV-1a hash, in hex: two 64-bit hashes with different
/// seeds of the parts, each followed by a 0 byte. std's hasher may change
/// between Rust releases; a fingerprint must not.
///
/// Both halves are hashed in one pass over the bytes and written in hex
/// by hand (issue 15: a pass per half over a chained iterator, then
/// `format!`, cost 4,600 instructions a finding, half of a SARIF log's
/// cost); `tests` hold it to the definition.
fn fingerprint(parts: &[&str]) -> String {
    let [mut a, mut b] = SEEDS;
    for p in parts {
        for &byte in p.as_bytes() {
            a = (a ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
            b = (b ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
        }
        // The 0 byte after each part: `^ 0` changes nothing.
        a = a.wrapping_mul(FNV_PRIME);
        b = b.wrapping_mul(FNV_PRIME);
    }
    let mut hex = [0u8; 32];
    for (k, h) in [a, b].into_iter().enumerate() {
        for (j, d) in hex[16 * k..16 * k + 16].iter_mut().enumerate() {
            *d = b"0123456789abcdef"[(h >> (60 - 4 * j)) as usize & 0xf];
        }
    }
    // Hex digits are ASCII: valid UTF-8, checked in one step (a lossy
    // decoding cost 280 instructions a finding).
    String::from_utf8(hex.to_vec()).unwrap_or_default()
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
        // The same bytes as `write`, gathered in memory.
        super::json::to_string(|sink| self.write(cx, sink))
    }

    fn write(&self, cx: &RenderContext, sink: &mut Sink) -> std::io::Result<()> {
        let opts = SarifOptions {
            lang: cx.lang,
            docs_base_url: cx.docs_base_url,
        };
        let workers = Workers::new(cx.threads);
        write(
            &mut Parts::new(sink),
            cx.diagnostics,
            cx.sources,
            cx.catalogue,
            &opts,
            &workers,
        )
    }
}

pub fn render(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    catalogue: &Catalogue,
    opts: &SarifOptions,
) -> String {
    let workers = Workers::new(1);
    super::json::to_string(|sink| {
        write(
            &mut Parts::new(sink),
            diagnostics,
            sources,
            catalogue,
            opts,
            &workers,
        )
    })
}

/// The log written to `parts` as it is made (see [`super::parts`]): the
/// artifacts and the results written on `workers`.
fn write(
    parts: &mut Parts,
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    catalogue: &Catalogue,
    opts: &SarifOptions,
    workers: &Workers,
) -> std::io::Result<()> {
    let index: HashMap<&str, usize> = catalogue
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code, i))
        .collect();
    let cx = Cx::new(sources);
    // Identical findings in one file are told apart by their order: the
    // bases are hashed on the threads, counted here in the findings' order.
    let bases: Vec<String> = workers
        .map(
            &diagnostics.chunks(BASES_PER_TASK).collect::<Vec<_>>(),
            |run| {
                run.iter()
                    .map(|d| {
                        let path = sources
                            .get(d.span.source)
                            .map_or("", |f| cx.uri(f).0.as_str());
                        fingerprint(&[d.code, path, &d.message])
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
            // `base:n`, without `format!`'s machinery (10,000 findings).
            let mut fp = String::with_capacity(base.len() + 8);
            fp.push_str(base);
            fp.push(':');
            fp.push_str(itoa::Buffer::new().format(*n));
            (d, fp)
        })
        .collect();
    // Every text file read, with the encoding it was read in (SARIF's
    // `artifact.encoding`, an IANA name) and whether it was guessed.
    let artifacts: Vec<&SourceFile> = sources
        .iter()
        .filter(|f| !f.is_binary && !f.is_registry())
        .collect();
    // The keys in serde_json's order (sorted), as a `json!` tree of the
    // whole log printed them.
    parts.raw("{");
    parts.key("$schema", 1, true);
    parts.value(SCHEMA_URI, 1)?;
    parts.key("runs", 1, false);
    parts.raw("[\n    {");
    parts.key("artifacts", 3, true);
    parts.array_with(workers, &artifacts, 3, |out, f| {
        let mut o = Obj::open(out, 4);
        emit::string(o.key("encoding"), f.encoding.iana_name());
        let mut l = Obj::open(o.key("location"), 5);
        l.key("uri").extend_from_slice(&cx.uri(f).1);
        l.close();
        let mut p = Obj::open(o.key("properties"), 5);
        emit::boolean(p.key("encodingGuessed"), f.encoding_guessed);
        p.close();
        o.close();
    })?;
    parts.key("columnKind", 3, false);
    parts.value("utf16CodeUnits", 3)?;
    parts.key("results", 3, false);
    parts.array_with(workers, &results, 3, |out, (d, fp)| {
        result(out, 4, d, fp, &index, &cx)
    })?;
    parts.key("tool", 3, false);
    tool(parts.buf(), 3, catalogue, opts);
    parts.raw("\n    }\n  ]");
    parts.key("version", 1, false);
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

    /// The definition [`fingerprint`] computes in one pass: each half on
    /// its own, byte by byte, then `format!`.
    fn fingerprint_oracle(parts: &[&str]) -> String {
        let mut out = String::new();
        for seed in SEEDS {
            let mut h = seed;
            for p in parts {
                for b in p.bytes().chain(std::iter::once(0)) {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(FNV_PRIME);
                }
            }
            out.push_str(&format!("{h:016x}"));
        }
        out
    }

    #[test]
    fn fingerprints_are_the_definitions() {
        // Fixed values, from the definition before it was made fast.
        assert_eq!(
            fingerprint(&["ML301", "a/prefs.js", "m"]),
            fingerprint_oracle(&["ML301", "a/prefs.js", "m"])
        );
        let texts = [
            "",
            "ML401",
            "src/prefs.js",
            "the outgoing mail server (SMTP) 'smtp.example.jp' uses port 25",
            "日本語のメッセージ \u{0} \u{7f} \u{ff}",
            "\0\0",
        ];
        for a in texts {
            for b in texts {
                for parts in [&[][..], &[a], &[a, b], &[a, b, a]] {
                    assert_eq!(fingerprint(parts), fingerprint_oracle(parts), "{parts:?}");
                }
            }
        }
        // Every byte value, in every place of a part.
        let all: String = (0u8..0x80).map(char::from).collect();
        for k in 0..all.len() {
            let parts = [&all[..k], &all[k..]];
            assert_eq!(fingerprint(&parts), fingerprint_oracle(&parts));
        }
    }
}
