//! JSON output, version 1 (documented in docs/json.md), written from our
//! own model, so the schema is ours and stable. No tree of the report is
//! built: its arrays are written in chunks on the run's threads, straight
//! from the model by a small writer of their own ([`super::emit`]: the
//! bytes serde_json's pretty printer writes), and written to the output in
//! order as they are done ([`super::parts`]).

use std::borrow::Cow;
use std::path::Path;

use super::{OutputFormat, RenderContext, Renderer};
use serde::Serialize;

use super::Summary;
use super::emit::{self, Obj, Piece, key};
use super::location::Near;
use super::parts::Parts;
use super::sink::{Guard, Sink};
use crate::diagnostics::Diagnostic;
use crate::model::{Account, Document, Protocol, Server, Skipped};
use crate::source::{Located, Origin, SourceFile, SourceId, SourceMap};
use crate::workers::Workers;

/// A place in the live Windows registry (`path` is then the account root key).
#[derive(Clone, Debug, PartialEq)]
pub struct JsonRegistry {
    /// The full key, `HKEY_CURRENT_USER\…\00000001`.
    pub key: String,
    /// The value name; absent for the key itself.
    pub value: Option<String>,
}

/// The registry place of `span`, when its source is the live registry.
pub fn registry_place(span: crate::source::Span, sources: &SourceMap) -> Option<JsonRegistry> {
    let p = sources
        .get(span.source)?
        .registry_place(span.start as usize)?;
    Some(JsonRegistry {
        key: p.key.clone(),
        value: p.value.clone(),
    })
}

/// A file's path as `Path::display` prints it, borrowed when it is UTF-8
/// (nearly always: no copy, no lossy decoding).
pub fn path_text(path: &Path) -> Cow<'_, str> {
    match path.to_str() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(path.display().to_string()),
    }
}

/// What every element of the report is written with: the sources, and
/// each file's path as a JSON string, escaped once (a value repeats its
/// file's path; issue 15), with the lines of a value's object around it
/// laid out once per file ([`Cx::tail`]).
struct Cx<'a> {
    sources: &'a SourceMap,
    /// Every file's laid-out bytes, one after the other (one allocation
    /// for the run, not one per file).
    bytes: Vec<u8>,
    /// By source id: where its bytes are in `bytes`.
    files: Vec<FileBytes>,
}

/// The depths of a value's object ([`value`]: an account's options at 3,
/// its incoming server's values at 4, an identity's and an outgoing
/// server's at 5) for which [`Cx::tail`] is laid out.
const TAIL_DEPTHS: std::ops::Range<usize> = 3..6;

/// Where a file's pieces are in [`Cx::bytes`].
#[derive(Clone, Default)]
struct FileBytes {
    /// `"path"`, quoted and escaped.
    path: std::ops::Range<usize>,
    /// By depth from [`TAIL_DEPTHS`]'s start: [`Cx::tail`].
    tails: [std::ops::Range<usize>; TAIL_DEPTHS.end - TAIL_DEPTHS.start],
}

impl<'a> Cx<'a> {
    fn new(sources: &'a SourceMap) -> Cx<'a> {
        let mut bytes: Vec<u8> = Vec::new();
        let mut files: Vec<FileBytes> = Vec::new();
        let mut quoted = Vec::new();
        for f in sources.iter() {
            let i = f.id.0 as usize;
            if files.len() <= i {
                files.resize(i + 1, FileBytes::default());
            }
            quoted.clear();
            emit::string(&mut quoted, &path_text(&f.path));
            let at = bytes.len();
            bytes.extend_from_slice(&quoted);
            files[i].path = at..bytes.len();
            for (k, depth) in TAIL_DEPTHS.enumerate() {
                let at = bytes.len();
                path_and_line(&mut bytes, depth, &quoted);
                files[i].tails[k] = at..bytes.len();
            }
        }
        Cx {
            sources,
            bytes,
            files,
        }
    }

    /// The file of `id` and its quoted path.
    fn file(&self, id: SourceId) -> Option<(&'a SourceFile, &[u8])> {
        let f = self.sources.get(id)?;
        let at = self.files.get(id.0 as usize)?;
        Some((f, self.bytes.get(at.path.clone())?))
    }

    /// The quoted path of `id`, `""` for none.
    fn path(&self, id: SourceId) -> &[u8] {
        self.file(id).map_or(b"\"\"", |(_, p)| p)
    }

    /// What [`path_and_line`] writes of `id`'s path in an object at
    /// `depth` (after its first key), laid out once per file (issue 15: a
    /// value's `"path"` key, its path and its `"line"` key were three
    /// copies, 90,000 values in a 10 MB file's report); `None` for another
    /// depth.
    fn tail(&self, id: SourceId, depth: usize) -> Option<&[u8]> {
        let k = depth.checked_sub(TAIL_DEPTHS.start)?;
        let at = self.files.get(id.0 as usize)?.tails.get(k)?;
        self.bytes.get(at.clone())
    }
}

/// The `"path"` key of an object at `depth` (not its first), `path` (a
/// quoted path), and its `"line"` key: the definition of [`Cx::tail`].
fn path_and_line(out: &mut Vec<u8>, depth: usize, path: &[u8]) {
    key!("path").put(out, depth, false);
    out.extend_from_slice(path);
    key!("line").put(out, depth, false);
}

/// `{ "key": …, "value": … }` of a registry place, at `depth`.
fn registry(out: &mut Vec<u8>, depth: usize, r: &JsonRegistry) {
    let mut o = Obj::open(out, depth);
    emit::string(o.key("key"), &r.key);
    if let Some(v) = &r.value {
        emit::string(o.key("value"), v);
    }
    o.close();
}

/// A value of an account, `null` when absent: `{ "value", "path",
/// "line", "column", "origin", "basis"?, "registry"? }` (docs/json.md).
/// Its keys are laid out at compile time ([`emit::Piece`]), and a value
/// without a basis or registry place is ended by one piece, its origin
/// and the `}` (issue 15: a 10 MB file's report has 90,000 values).
fn value<T>(
    out: &mut Vec<u8>,
    depth: usize,
    v: Option<&Located<T>>,
    cx: &Cx,
    at: &mut Near,
    write: impl FnOnce(&mut Vec<u8>, &T),
) {
    let Some(v) = v else {
        emit::null(out);
        return;
    };
    let mut o = Obj::open(out, depth);
    write(o.field(key!("value")), &v.value);
    let file = cx.file(v.span.source);
    match file {
        Some((f, path)) => {
            let p = at.position(f, v.span.start as usize);
            let line = match cx.tail(v.span.source, depth) {
                Some(tail) => o.laid_out(tail),
                None => {
                    o.field(key!("path")).extend_from_slice(path);
                    o.field(key!("line"))
                }
            };
            emit::int(line, p.line);
            emit::int(o.field(key!("column")), p.column);
        }
        None => {
            o.field(key!("path")).extend_from_slice(b"\"\"");
            emit::int(o.field(key!("line")), 0u8);
            emit::int(o.field(key!("column")), 0u8);
        }
    }
    // Only the live registry has places (a file's value asks no more).
    let live = file.is_some_and(|(f, _)| f.is_registry());
    if v.basis.is_none() && !live {
        o.end_with(ORIGIN_END[origin_index(v.origin)]);
        return;
    }
    emit::unit(o.field(key!("origin")), v.origin);
    if let Some(b) = v.basis {
        emit::unit(o.field(key!("basis")), b);
    }
    if let Some(r) = live.then(|| registry_place(v.span, cx.sources)).flatten() {
        let depth = o.inner();
        registry(o.field(key!("registry")), depth, &r);
    }
    o.close();
}

/// A value's last key, its origin, and the `}`, by origin
/// ([`origin_index`]).
static ORIGIN_END: [&Piece; 3] = [
    &Piece::new(",\n\t\"origin\": \"file\"\n\x01}"),
    &Piece::new(",\n\t\"origin\": \"default\"\n\x01}"),
    &Piece::new(",\n\t\"origin\": \"derived\"\n\x01}"),
];

/// Where `origin` is in [`ORIGIN_END`].
fn origin_index(origin: Origin) -> usize {
    match origin {
        Origin::File => 0,
        Origin::Default => 1,
        Origin::Derived => 2,
    }
}

/// A string value (for [`value`], which hands over `&T`).
fn text(out: &mut Vec<u8>, s: &crate::model::Str) {
    emit::string(out, s);
}

/// A server's protocol: its label in lower case (`"pop3"`), laid out at
/// compile time for the known ones ([`emit::Quoted`]; issue 15: written
/// byte by byte, about 110 instructions a server).
fn protocol(out: &mut Vec<u8>, p: &Protocol) {
    let quoted: &'static emit::Quoted = match p {
        Protocol::Pop3 => &const { emit::Quoted::new("pop3") },
        Protocol::Imap => &const { emit::Quoted::new("imap") },
        Protocol::Smtp => &const { emit::Quoted::new("smtp") },
        Protocol::Nntp => &const { emit::Quoted::new("nntp") },
        Protocol::Ews => &const { emit::Quoted::new("ews") },
        Protocol::Exchange => &const { emit::Quoted::new("exchange") },
        Protocol::Other(name) => return emit::lower_string(out, name),
    };
    quoted.put(out);
}

fn server(out: &mut Vec<u8>, depth: usize, s: &Server, cx: &Cx, at: &mut Near) {
    let mut o = Obj::open(out, depth);
    let d = o.inner();
    emit::string(o.field(key!("key")), &s.key);
    protocol(o.field(key!("protocol")), &s.protocol.value);
    value(o.field(key!("host")), d, s.host.as_ref(), cx, at, text);
    value(o.field(key!("port")), d, Some(&s.port), cx, at, |out, n| {
        emit::int(out, *n)
    });
    value(
        o.field(key!("security")),
        d,
        Some(&s.security),
        cx,
        at,
        |out, v| emit::unit(out, *v),
    );
    value(
        o.field(key!("authentication")),
        d,
        Some(&s.auth),
        cx,
        at,
        |out, v| emit::unit(out, *v),
    );
    value(
        o.field(key!("user_name")),
        d,
        s.user_name.as_ref(),
        cx,
        at,
        text,
    );
    emit::boolean(o.field(key!("password_stored")), s.password_stored);
    o.close();
}

fn account(out: &mut Vec<u8>, depth: usize, a: &Account, cx: &Cx, at: &mut Near) {
    let mut o = Obj::open(out, depth);
    let d = o.inner();
    emit::unit(o.field(key!("client")), a.client);
    emit::string(o.field(key!("key")), &a.key);
    emit::opt_string(
        o.field(key!("name")),
        a.name.as_ref().map(|n| n.value.as_str()),
    );
    o.field(key!("path"))
        .extend_from_slice(cx.path(a.anchor.source));
    emit::array(o.field(key!("identities")), d, &a.identities, |out, i| {
        let mut o = Obj::open(out, d + 1);
        let d = o.inner();
        value(
            o.field(key!("address")),
            d,
            i.address.as_ref(),
            cx,
            at,
            text,
        );
        value(
            o.field(key!("display_name")),
            d,
            i.display_name.as_ref(),
            cx,
            at,
            text,
        );
        value(
            o.field(key!("reply_to")),
            d,
            i.reply_to.as_ref(),
            cx,
            at,
            text,
        );
        match i.outgoing {
            Some(n) => emit::int(o.field(key!("outgoing")), n),
            None => emit::null(o.field(key!("outgoing"))),
        }
        o.close();
    });
    match &a.incoming {
        Some(s) => server(o.field(key!("incoming")), d, s, cx, at),
        None => emit::null(o.field(key!("incoming"))),
    }
    emit::array(o.field(key!("outgoing")), d, &a.outgoing, |out, s| {
        server(out, d + 1, s, cx, at)
    });
    let flag = |out: &mut Vec<u8>, b: &bool| emit::boolean(out, *b);
    let opts = &a.options;
    value(
        o.field(key!("leave_on_server")),
        d,
        opts.leave_on_server.as_ref(),
        cx,
        at,
        flag,
    );
    value(
        o.field(key!("delete_by_age")),
        d,
        opts.delete_by_age.as_ref(),
        cx,
        at,
        flag,
    );
    value(
        o.field(key!("delete_after_days")),
        d,
        opts.delete_after_days.as_ref(),
        cx,
        at,
        |out, n| emit::int(out, *n),
    );
    o.close();
}

fn diagnostic(out: &mut Vec<u8>, depth: usize, d: &Diagnostic, cx: &Cx, at: &mut Near) {
    let mut o = Obj::open(out, depth);
    let inner = o.inner();
    emit::string(o.field(key!("code")), d.code);
    emit::string(o.field(key!("name")), d.name);
    emit::unit(o.field(key!("severity")), d.severity);
    emit::string(o.field(key!("message")), &d.message);
    let (start, end, range) = match cx.file(d.span.source) {
        Some((f, path)) => {
            o.field(key!("path")).extend_from_slice(path);
            (
                at.position(f, d.span.start as usize),
                at.position(f, d.span.end as usize),
                f.original_range(d.span),
            )
        }
        None => {
            o.field(key!("path")).extend_from_slice(b"\"\"");
            let zero = crate::source::Position {
                line: 0,
                column: 0,
                utf16_column: 0,
            };
            (zero, zero, 0..0)
        }
    };
    emit::int(o.field(key!("line")), start.line);
    emit::int(o.field(key!("column")), start.column);
    emit::int(o.field(key!("end_line")), end.line);
    emit::int(o.field(key!("end_column")), end.column);
    emit::int(o.field(key!("offset")), range.start);
    emit::int(o.field(key!("length")), range.len());
    emit::opt_string(o.field(key!("help")), d.help.as_deref());
    emit::array(o.field(key!("faq")), inner, &d.faq, |out, s| {
        emit::string(out, s)
    });
    emit::opt_string(o.field(key!("account")), d.account.as_deref());
    let place = registry_place(d.span, cx.sources);
    if let Some(r) = &place {
        registry(o.field(key!("registry")), inner, r);
    }
    // The live registry is not edited: its offsets are maillint's own export.
    if let Some(fix) = d.fix.as_ref().filter(|_| place.is_none()) {
        let mut f = Obj::open(o.field(key!("fix")), inner);
        let d = f.inner();
        emit::unit(f.field(key!("applicability")), fix.applicability);
        emit::array(f.field(key!("edits")), d, &fix.edits, |out, e| {
            let r = cx
                .sources
                .get(e.span.source)
                .map_or(0..0, |f| f.original_range(e.span));
            let mut o = Obj::open(out, d + 1);
            emit::int(o.field(key!("offset")), r.start);
            emit::int(o.field(key!("length")), r.len());
            emit::string(o.field(key!("content")), &e.text);
            o.close();
        });
        f.close();
    }
    o.close();
}

/// A note of `documents`: what a reader did not check, and the path of the
/// document's (first) file, empty for a document of no file.
fn note(out: &mut Vec<u8>, depth: usize, path: &str, s: &Skipped) {
    // English for tools (docs/json.md).
    let what = s.what(crate::i18n::Lang::En);
    let mut o = Obj::open(out, depth);
    // A note on what was not read at all (a folder, a FIFO met in a walk):
    // the path is its own.
    emit::string(
        o.field(key!("path")),
        if path.is_empty() { &what } else { path },
    );
    emit::string(o.key("what"), &what);
    emit::string(o.key("reason"), &s.reason(crate::i18n::Lang::En));
    o.close();
}

/// The summary and the tool, as serde writes them (small, once a run).
#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// The report written to `parts` as it is made (docs/json.md: the keys in
/// this order), the long arrays written on `workers`.
fn write(
    parts: &mut Parts,
    documents: &[Document],
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    online: Option<&serde_json::Value>,
    workers: &Workers,
) -> std::io::Result<()> {
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
    let cx = Cx::new(sources);
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
    parts.key("version", 1, true);
    parts.value(&1, 1)?;
    parts.key("tool", 1, false);
    parts.value(
        &Tool {
            name: "maillint",
            version: env!("CARGO_PKG_VERSION"),
        },
        1,
    )?;
    parts.key("files", 1, false);
    parts.array_with(workers, &files, 1, |out, f| {
        let mut o = Obj::open(out, 2);
        o.field(key!("path")).extend_from_slice(cx.path(f.id));
        let format = formats.get(f.id.0 as usize).copied().flatten();
        emit::string(o.field(key!("format")), format.unwrap_or("unknown"));
        let encoding = if f.is_binary {
            "binary"
        } else {
            f.encoding.label()
        };
        emit::string(o.field(key!("encoding")), encoding);
        emit::boolean(o.field(key!("encoding_guessed")), f.encoding_guessed);
        o.close();
    })?;
    parts.key("accounts", 1, false);
    parts.array_each(workers, &accounts, 1, Near::new, |at, out, a| {
        account(out, 2, a, &cx, at)
    })?;
    parts.key("diagnostics", 1, false);
    parts.array_each(workers, diagnostics, 1, Near::new, |at, out, d| {
        diagnostic(out, 2, d, &cx, at)
    })?;
    parts.key("summary", 1, false);
    parts.value(&Summary::of(diagnostics, files.len()), 1)?;
    parts.key("notes", 1, false);
    parts.array_with(workers, &notes, 1, |out, (path, s)| note(out, 2, path, s))?;
    if let Some(online) = online {
        parts.key("online", 1, false);
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
        // The same bytes as `write`, gathered in memory.
        to_string(|sink| self.write(cx, sink))
    }

    fn write(&self, cx: &RenderContext, sink: &mut Sink) -> std::io::Result<()> {
        let online = cx.online.map(|o| super::online::json(o, cx.verbose));
        let workers = Workers::new(cx.threads);
        write(
            &mut Parts::new(sink),
            cx.documents,
            cx.diagnostics,
            cx.sources,
            online.as_ref(),
            &workers,
        )?;
        Ok(())
    }
}

/// What `write` writes into a sink, as a string (no secret scrubbed).
pub(super) fn to_string(write: impl FnOnce(&mut Sink) -> std::io::Result<()>) -> String {
    let mut out: Vec<u8> = Vec::new();
    let mut sink = Sink::new(&mut out, Guard::none());
    // Writing into memory does not fail.
    let _ = write(&mut sink).and_then(|_| sink.finish());
    // Only UTF-8 is written (`&str`s, serde_json).
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
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
    to_string(|sink| {
        write(
            &mut Parts::new(sink),
            documents,
            diagnostics,
            sources,
            online.as_ref(),
            &workers,
        )
    })
}

#[cfg(test)]
mod tests;
