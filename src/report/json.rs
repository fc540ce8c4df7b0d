//! JSON output, version 1 (documented in docs/json.md). Built from our own
//! model with serde, so the schema is ours and stable.

use super::{OutputFormat, RenderContext, Renderer};
use serde::Serialize;

use super::Summary;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Account, Document, Server};
use crate::source::{Located, Origin, SourceMap};

#[derive(Serialize)]
pub struct JsonReport<'a> {
    pub version: u32,
    pub tool: Tool,
    pub files: Vec<JsonFile>,
    pub accounts: Vec<JsonAccount>,
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
    pub summary: Summary,
    /// What the readers did not check, and how they read what they did
    /// (which program wrote an `accountrc`).
    pub notes: Vec<JsonNote>,
    /// What the servers answered (`--online` only; transcripts with `--verbose`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online: Option<serde_json::Value>,
}

#[derive(Serialize)]
pub struct JsonNote {
    /// The (first) file of the document the note is about.
    pub path: String,
    pub what: String,
    pub reason: String,
}

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Serialize)]
pub struct JsonFile {
    pub path: String,
    pub format: &'static str,
    pub encoding: &'static str,
    /// The encoding was guessed from the bytes (no BOM, not UTF-8).
    pub encoding_guessed: bool,
}

#[derive(Serialize)]
pub struct JsonValue<T: Serialize> {
    pub value: T,
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// `file` when written in the file, `default` when the client's default
    /// applies, `derived` when the client works it out from another value.
    pub origin: Origin,
    /// The client's rule behind the value (`submission-port-since-91`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<crate::source::Basis>,
    /// Read from the live Windows registry: the key and value it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registry: Option<JsonRegistry>,
}

/// A place in the live Windows registry (`path` is then the account root key).
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct JsonRegistry {
    /// The full key, `HKEY_CURRENT_USER\…\00000001`.
    pub key: String,
    /// The value name; absent for the key itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// The registry place of `span`, when its source is the live registry.
pub fn registry_place(span: crate::source::Span, sources: &SourceMap) -> Option<JsonRegistry> {
    let p = sources.get(span.source)?.registry_place(span.start)?;
    Some(JsonRegistry {
        key: p.key.clone(),
        value: p.value.clone(),
    })
}

#[derive(Serialize)]
pub struct JsonIdentity {
    pub address: Option<JsonValue<String>>,
    pub display_name: Option<JsonValue<String>>,
    pub reply_to: Option<JsonValue<String>>,
    /// Index into the account's `outgoing` list.
    pub outgoing: Option<usize>,
}

#[derive(Serialize)]
pub struct JsonServer {
    pub key: String,
    pub protocol: String,
    pub host: Option<JsonValue<String>>,
    pub port: JsonValue<i64>,
    pub security: JsonValue<crate::model::Security>,
    pub authentication: JsonValue<crate::model::AuthMethod>,
    pub user_name: Option<JsonValue<String>>,
    /// Whether a password is stored. The password itself is never output.
    pub password_stored: bool,
}

#[derive(Serialize)]
pub struct JsonAccount {
    pub client: crate::model::Client,
    pub key: String,
    pub name: Option<String>,
    pub path: String,
    pub identities: Vec<JsonIdentity>,
    pub incoming: Option<JsonServer>,
    pub outgoing: Vec<JsonServer>,
    pub leave_on_server: Option<JsonValue<bool>>,
    pub delete_by_age: Option<JsonValue<bool>>,
    pub delete_after_days: Option<JsonValue<i64>>,
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// Byte offset and length in the file as stored on disk (its own encoding).
    pub offset: usize,
    pub length: usize,
    pub help: Option<&'a str>,
    pub faq: &'a [String],
    pub account: Option<&'a str>,
    /// Read from the live Windows registry: the key and value the finding is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registry: Option<JsonRegistry>,
    /// Present when the finding has a fix here (`--fix` would apply it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<JsonFix<'a>>,
}

/// A finding's fix: all its edits are applied, or none.
#[derive(Serialize)]
pub struct JsonFix<'a> {
    /// `safe` (applied by `--fix`) or `unsafe` (only with `--unsafe-fixes`).
    pub applicability: crate::fix::Applicability,
    pub edits: Vec<JsonEdit<'a>>,
}

/// Replace `length` bytes at `offset` (on disk, like the diagnostic's own)
/// with `content` written in the file's encoding.
#[derive(Serialize)]
pub struct JsonEdit<'a> {
    pub offset: usize,
    pub length: usize,
    pub content: &'a str,
}

fn value<T: Serialize + Clone>(v: &Located<T>, sources: &SourceMap) -> JsonValue<T> {
    let (path, line, column) = match sources.get(v.span.source) {
        Some(f) => {
            let p = f.position(v.span.start);
            (f.display_path(), p.line, p.column)
        }
        None => (String::new(), 0, 0),
    };
    JsonValue {
        value: v.value.clone(),
        path,
        line,
        column,
        origin: v.origin,
        basis: v.basis,
        registry: registry_place(v.span, sources),
    }
}

fn server(s: &Server, sources: &SourceMap) -> JsonServer {
    JsonServer {
        key: s.key.clone(),
        protocol: s.protocol.value.label().to_ascii_lowercase(),
        host: s.host.as_ref().map(|h| value(h, sources)),
        port: value(&s.port, sources),
        security: value(&s.security, sources),
        authentication: value(&s.auth, sources),
        user_name: s.user_name.as_ref().map(|u| value(u, sources)),
        password_stored: s.password_stored,
    }
}

fn account(a: &Account, sources: &SourceMap) -> JsonAccount {
    JsonAccount {
        client: a.client,
        key: a.key.clone(),
        name: a.name.as_ref().map(|n| n.value.clone()),
        path: sources
            .get(a.anchor.source)
            .map(|f| f.display_path())
            .unwrap_or_default(),
        identities: a
            .identities
            .iter()
            .map(|i| JsonIdentity {
                address: i.address.as_ref().map(|v| value(v, sources)),
                display_name: i.display_name.as_ref().map(|v| value(v, sources)),
                reply_to: i.reply_to.as_ref().map(|v| value(v, sources)),
                outgoing: i.outgoing,
            })
            .collect(),
        incoming: a.incoming.as_ref().map(|s| server(s, sources)),
        outgoing: a.outgoing.iter().map(|s| server(s, sources)).collect(),
        leave_on_server: a
            .options
            .leave_on_server
            .as_ref()
            .map(|v| value(v, sources)),
        delete_by_age: a.options.delete_by_age.as_ref().map(|v| value(v, sources)),
        delete_after_days: a
            .options
            .delete_after_days
            .as_ref()
            .map(|v| value(v, sources)),
    }
}

pub fn diagnostic<'a>(d: &'a Diagnostic, sources: &SourceMap) -> JsonDiagnostic<'a> {
    let (path, start, end, range) = match sources.get(d.span.source) {
        Some(f) => (
            f.display_path(),
            f.position(d.span.start),
            f.position(d.span.end),
            f.original_range(d.span),
        ),
        None => {
            let zero = crate::source::Position {
                line: 0,
                column: 0,
                utf16_column: 0,
            };
            (String::new(), zero, zero, 0..0)
        }
    };
    JsonDiagnostic {
        code: d.code,
        name: d.name,
        severity: d.severity,
        message: &d.message,
        path,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        offset: range.start,
        length: range.len(),
        help: d.help.as_deref(),
        faq: &d.faq,
        account: d.account.as_deref(),
        registry: registry_place(d.span, sources),
        // The live registry is not edited: its offsets are maillint's own export.
        fix: d
            .fix
            .as_ref()
            .filter(|_| registry_place(d.span, sources).is_none())
            .map(|fix| JsonFix {
                applicability: fix.applicability,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| {
                        let r = sources
                            .get(e.span.source)
                            .map_or(0..0, |f| f.original_range(e.span));
                        JsonEdit {
                            offset: r.start,
                            length: r.len(),
                            content: &e.text,
                        }
                    })
                    .collect(),
            }),
    }
}

pub fn build<'a>(
    documents: &[Document],
    diagnostics: &'a [Diagnostic],
    sources: &SourceMap,
) -> JsonReport<'a> {
    // The format of each file: that of the first document reading it (one
    // pass, not a search of every document per file).
    let mut formats: std::collections::HashMap<crate::source::SourceId, &'static str> =
        std::collections::HashMap::new();
    for d in documents {
        for id in &d.sources {
            formats.entry(*id).or_insert_with(|| d.format.label());
        }
    }
    let format_of = |id| formats.get(&id).copied().unwrap_or("unknown");
    JsonReport {
        version: 1,
        tool: Tool {
            name: "maillint",
            version: env!("CARGO_PKG_VERSION"),
        },
        files: sources
            .iter()
            .map(|f| JsonFile {
                path: f.display_path(),
                format: format_of(f.id),
                encoding: if f.is_binary {
                    "binary"
                } else {
                    f.encoding.label()
                },
                encoding_guessed: f.encoding_guessed,
            })
            .collect(),
        accounts: documents
            .iter()
            .flat_map(|d| d.accounts.iter())
            .map(|a| account(a, sources))
            .collect(),
        diagnostics: diagnostics.iter().map(|d| diagnostic(d, sources)).collect(),
        summary: Summary::of(diagnostics, sources.len()),
        notes: documents
            .iter()
            .flat_map(|d| {
                let path = d
                    .sources
                    .first()
                    .and_then(|id| sources.get(*id))
                    .map(|f| f.display_path())
                    .unwrap_or_default();
                d.skipped.iter().map(move |s| {
                    // English for tools (docs/json.md).
                    let what = s.what(crate::i18n::Lang::En);
                    JsonNote {
                        // A note on what was not read at all (a folder, a
                        // FIFO met in a walk): the path is its own.
                        path: if path.is_empty() {
                            what.clone()
                        } else {
                            path.clone()
                        },
                        what,
                        reason: s.reason(crate::i18n::Lang::En),
                    }
                })
            })
            .collect(),
        online: None,
    }
}

/// `--format json`.
pub static FORMAT: OutputFormat = OutputFormat {
    name: "json",
    help: "Machine-readable report (docs/json.md)",
    renderer: &Json,
};

struct Json;

impl Renderer for Json {
    fn render(&self, cx: &RenderContext) -> String {
        let online = cx.online.map(|o| super::online::json(o, cx.verbose));
        render_with_online(cx.documents, cx.diagnostics, cx.sources, online)
    }
}

pub fn render(documents: &[Document], diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    render_with_online(documents, diagnostics, sources, None)
}

/// [`render`] with the online check's section (`online`).
pub fn render_with_online(
    documents: &[Document],
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    online: Option<serde_json::Value>,
) -> String {
    let mut report = build(documents, diagnostics, sources);
    report.online = online;
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_else(|e| {
        format!("{{\"version\":1,\"error\":\"cannot serialise the report: {e}\"}}")
    });
    s.push('\n');
    s
}
