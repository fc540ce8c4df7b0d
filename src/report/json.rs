//! JSON output, version 1 (documented in docs/json.md). Built from our own
//! model with serde, so the schema is ours and stable. No tree of the whole
//! report is built: its arrays are serialised in chunks on the run's
//! threads, straight from the model, and joined in order ([`super::parts`]).

use std::borrow::Cow;
use std::path::Path;

use super::{OutputFormat, RenderContext, Renderer};
use serde::Serialize;

use super::Summary;
use super::parts::Parts;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Account, Document, Server, Skipped};
use crate::source::{Located, Origin, SourceFile, SourceMap};
use crate::workers::Workers;

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
pub struct JsonFile<'a> {
    pub path: Cow<'a, str>,
    pub format: &'static str,
    pub encoding: &'static str,
    /// The encoding was guessed from the bytes (no BOM, not UTF-8).
    pub encoding_guessed: bool,
}

#[derive(Serialize)]
pub struct JsonValue<'a, T: Serialize> {
    pub value: &'a T,
    pub path: Cow<'a, str>,
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
pub struct JsonIdentity<'a> {
    pub address: Option<JsonValue<'a, String>>,
    pub display_name: Option<JsonValue<'a, String>>,
    pub reply_to: Option<JsonValue<'a, String>>,
    /// Index into the account's `outgoing` list.
    pub outgoing: Option<usize>,
}

#[derive(Serialize)]
pub struct JsonServer<'a> {
    pub key: &'a str,
    pub protocol: String,
    pub host: Option<JsonValue<'a, String>>,
    pub port: JsonValue<'a, i64>,
    pub security: JsonValue<'a, crate::model::Security>,
    pub authentication: JsonValue<'a, crate::model::AuthMethod>,
    pub user_name: Option<JsonValue<'a, String>>,
    /// Whether a password is stored. The password itself is never output.
    pub password_stored: bool,
}

#[derive(Serialize)]
pub struct JsonAccount<'a> {
    pub client: crate::model::Client,
    pub key: &'a str,
    pub name: Option<&'a str>,
    pub path: Cow<'a, str>,
    pub identities: Vec<JsonIdentity<'a>>,
    pub incoming: Option<JsonServer<'a>>,
    pub outgoing: Vec<JsonServer<'a>>,
    pub leave_on_server: Option<JsonValue<'a, bool>>,
    pub delete_by_age: Option<JsonValue<'a, bool>>,
    pub delete_after_days: Option<JsonValue<'a, i64>>,
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub path: Cow<'a, str>,
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

/// A file's path as `Path::display` prints it, borrowed when it is UTF-8
/// (nearly always: no copy, no lossy decoding).
pub fn path_text(path: &Path) -> Cow<'_, str> {
    match path.to_str() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(path.display().to_string()),
    }
}

fn value<'a, T: Serialize>(v: &'a Located<T>, sources: &'a SourceMap) -> JsonValue<'a, T> {
    let (path, line, column) = match sources.get(v.span.source) {
        Some(f) => {
            let p = f.position(v.span.start);
            (path_text(&f.path), p.line, p.column)
        }
        None => (Cow::Borrowed(""), 0, 0),
    };
    JsonValue {
        value: &v.value,
        path,
        line,
        column,
        origin: v.origin,
        basis: v.basis,
        registry: registry_place(v.span, sources),
    }
}

fn server<'a>(s: &'a Server, sources: &'a SourceMap) -> JsonServer<'a> {
    JsonServer {
        key: &s.key,
        protocol: s.protocol.value.label().to_ascii_lowercase(),
        host: s.host.as_ref().map(|h| value(h, sources)),
        port: value(&s.port, sources),
        security: value(&s.security, sources),
        authentication: value(&s.auth, sources),
        user_name: s.user_name.as_ref().map(|u| value(u, sources)),
        password_stored: s.password_stored,
    }
}

fn account<'a>(a: &'a Account, sources: &'a SourceMap) -> JsonAccount<'a> {
    JsonAccount {
        client: a.client,
        key: &a.key,
        name: a.name.as_ref().map(|n| n.value.as_str()),
        path: sources
            .get(a.anchor.source)
            .map(|f| path_text(&f.path))
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

pub fn diagnostic<'a>(d: &'a Diagnostic, sources: &'a SourceMap) -> JsonDiagnostic<'a> {
    let (path, start, end, range) = match sources.get(d.span.source) {
        Some(f) => (
            path_text(&f.path),
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
            (Cow::Borrowed(""), zero, zero, 0..0)
        }
    };
    let registry = registry_place(d.span, sources);
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
        // The live registry is not edited: its offsets are maillint's own export.
        fix: d
            .fix
            .as_ref()
            .filter(|_| registry.is_none())
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
        registry,
    }
}

/// A note of `documents`: what a reader did not check, and the path of the
/// document's (first) file, empty for a document of no file.
fn note(path: &str, s: &Skipped) -> JsonNote {
    // English for tools (docs/json.md).
    let what = s.what(crate::i18n::Lang::En);
    JsonNote {
        // A note on what was not read at all (a folder, a FIFO met in a
        // walk): the path is its own.
        path: if path.is_empty() {
            what.clone()
        } else {
            path.to_string()
        },
        what,
        reason: s.reason(crate::i18n::Lang::En),
    }
}

/// The report as the parts of its text (docs/json.md: the keys in this
/// order), the long arrays serialised on `workers`.
fn write(
    parts: &mut Parts,
    documents: &[Document],
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    online: Option<&serde_json::Value>,
    workers: &Workers,
) -> serde_json::Result<()> {
    // The format of each file: that of the first document reading it (one
    // pass, not a search of every document per file).
    let mut formats: Vec<Option<&'static str>> = Vec::new();
    for d in documents {
        for id in &d.sources {
            let i = id.0 as usize;
            if formats.len() <= i {
                formats.resize(i + 1, None);
            }
            formats[i].get_or_insert_with(|| d.format.label());
        }
    }
    let files: Vec<&SourceFile> = sources.iter().collect();
    let accounts: Vec<&Account> = documents.iter().flat_map(|d| &d.accounts).collect();
    let notes: Vec<(Cow<str>, &Skipped)> = documents
        .iter()
        .filter(|d| !d.skipped.is_empty())
        .flat_map(|d| {
            let path = d
                .sources
                .first()
                .and_then(|id| sources.get(*id))
                .map(|f| path_text(&f.path))
                .unwrap_or_default();
            d.skipped.iter().map(move |s| (path.clone(), s))
        })
        .collect();
    parts.raw("{");
    parts.key("version", 1, true)?;
    parts.value(&1, 1)?;
    parts.key("tool", 1, false)?;
    parts.value(
        &Tool {
            name: "maillint",
            version: env!("CARGO_PKG_VERSION"),
        },
        1,
    )?;
    parts.key("files", 1, false)?;
    parts.array(workers, &files, 1, |f| JsonFile {
        path: path_text(&f.path),
        format: formats
            .get(f.id.0 as usize)
            .copied()
            .flatten()
            .unwrap_or("unknown"),
        encoding: if f.is_binary {
            "binary"
        } else {
            f.encoding.label()
        },
        encoding_guessed: f.encoding_guessed,
    })?;
    parts.key("accounts", 1, false)?;
    parts.array(workers, &accounts, 1, |a| account(a, sources))?;
    parts.key("diagnostics", 1, false)?;
    parts.array(workers, diagnostics, 1, |d| diagnostic(d, sources))?;
    parts.key("summary", 1, false)?;
    parts.value(&Summary::of(diagnostics, files.len()), 1)?;
    parts.key("notes", 1, false)?;
    parts.array(workers, &notes, 1, |(path, s)| note(path, s))?;
    if let Some(online) = online {
        parts.key("online", 1, false)?;
        parts.value(online, 1)?;
    }
    parts.raw("\n}\n");
    Ok(())
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
        self.render_parts(cx).concat()
    }

    fn render_parts(&self, cx: &RenderContext) -> Vec<String> {
        let online = cx.online.map(|o| super::online::json(o, cx.verbose));
        let workers = Workers::new(cx.threads);
        parts(
            cx.documents,
            cx.diagnostics,
            cx.sources,
            online.as_ref(),
            &workers,
        )
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
    let workers = Workers::new(1);
    parts(documents, diagnostics, sources, online.as_ref(), &workers).concat()
}

/// The report's text in parts, in order (see [`super::parts`]).
fn parts(
    documents: &[Document],
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    online: Option<&serde_json::Value>,
    workers: &Workers,
) -> Vec<String> {
    let mut parts = Parts::new();
    match write(&mut parts, documents, diagnostics, sources, online, workers) {
        Ok(()) => parts.finish(),
        Err(e) => vec![format!(
            "{{\"version\":1,\"error\":\"cannot serialise the report: {e}\"}}\n"
        )],
    }
}
