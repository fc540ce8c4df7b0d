//! The pipeline as one library call: read every unit of a plan, check it,
//! drop what is suppressed, and gather the results. The CLI (`check`,
//! `report`), the tests and the benchmarks all enter here.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::catalogue::ParseKind;

use crate::catalogue::Catalogue;
use crate::config::PerFileIgnores;
use crate::diagnostics::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::inputs::{Plan, io_reason};
use crate::model::{
    Client, Document, FileProblem, FileProblemKind, ParseProblem, SkipKind, Skipped,
};
use crate::policy::Policy;
use crate::rules::{Context, Selection, check_document, check_run};
use crate::source::read::{ReadError, holds_nothing, looks_binary, read_bounded};
use crate::source::{MAX_TEXT_LEN, SourceFile, SourceMap, Span};
use crate::suppressions;
use crate::workers::Workers;

pub struct RunOutput {
    pub sources: SourceMap,
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
    /// Paths that could not be read (exit code 2).
    pub errors: Vec<String>,
    /// The secret values masked in the sources: every rendered text passes
    /// through it before it is written.
    pub secrets: crate::secrets::Scrubber,
    /// What the servers answered, when the check ran `--online`.
    pub online: Option<crate::online::Report>,
    /// With [`CheckOptions::mask_addresses`]: the local parts and user
    /// names masked in the model, to mask wherever else a text quotes them.
    pub personal: Vec<String>,
}

/// What reading a unit gives, for the calling thread to gather. A unit is
/// nearly always one file and one document: they come without a vector of
/// their own, which the gathering thread would free, one per unit (issue 15:
/// the frees of 1,000 units' vectors were 0.5 M of the serial path).
struct UnitResult {
    files: Files,
    document: Option<Document>,
    secrets: Vec<String>,
    personal: Vec<String>,
}

enum Files {
    One(SourceFile),
    Many(Vec<SourceFile>),
}

impl Files {
    fn new(mut files: Vec<SourceFile>) -> Files {
        match files.pop() {
            Some(one) if files.is_empty() => Files::One(one),
            Some(last) => {
                files.push(last);
                Files::Many(files)
            }
            None => Files::Many(files),
        }
    }

    fn len(&self) -> usize {
        match self {
            Files::One(_) => 1,
            Files::Many(files) => files.len(),
        }
    }
}

fn read_unit(
    unit: &crate::inputs::Unit,
    opts: &CheckOptions,
    held: &crate::inputs::Held,
) -> UnitResult {
    // Spans hold four-byte offsets (`Span`): a text of 4 GiB or more is
    // too large whatever `--max-file-size` says (it is 64 MiB unless raised).
    let max_file_size = opts.max_file_size.min(MAX_TEXT_LEN as u64);
    let mut files = Vec::new();
    // Files read for nothing (ML003), with an empty text so that findings
    // and notes have a file to point at.
    let mut unread: Vec<SourceFile> = Vec::new();
    let mut file_problems = Vec::new();
    let mut skipped = Vec::new();
    for (id, path) in &unit.files {
        let problem = |kind| FileProblem {
            span: Span::new(*id, 0, 0),
            kind,
        };
        // Standard input (`-`) and small files were read by planning,
        // bounded the same way.
        let read = match held.take(*id) {
            Some(bytes) if bytes.len() as u64 > max_file_size => {
                Err(ReadError::TooLarge(bytes.len() as u64))
            }
            Some(bytes) => Ok(bytes),
            None => read_bounded(path, max_file_size),
        };
        match read {
            Ok(bytes) if unit.reader.reads_binary() => {
                let mut f = SourceFile::binary(*id, path, bytes);
                f.regions = unit.reader.binary_regions(&f.bytes);
                files.push(f);
            }
            Ok(bytes) if looks_binary(&bytes) => {
                file_problems.push(problem(FileProblemKind::Binary));
                unread.push(SourceFile::from_bytes(*id, path, b""));
            }
            Ok(bytes) => {
                let size = bytes.len();
                // Decoded in place: a UTF-8 file's bytes become its text
                // without a copy (a 10 MB file is not held twice).
                let f = SourceFile::from_vec(*id, path, bytes);
                if f.text.len() > MAX_TEXT_LEN {
                    // Grown past the limit by decoding (two or three bytes
                    // of UTF-8 for one of a legacy encoding).
                    let (size, max) = (f.text.len() as u64, max_file_size);
                    file_problems.push(problem(FileProblemKind::TooLarge { size, max }));
                    unread.push(SourceFile::from_bytes(*id, path, b""));
                    continue;
                }
                if holds_nothing(&f.text) {
                    file_problems.push(problem(FileProblemKind::NoSettings { size }));
                } else if f.weak_encoding_guess {
                    // At the first character the guess decided.
                    let encoding = f.encoding.display_name();
                    let at = f.text.find(|c: char| !c.is_ascii()).unwrap_or(0);
                    let len = f.text[at..].chars().next().map_or(0, char::len_utf8);
                    file_problems.push(FileProblem {
                        span: Span::new(*id, at, at + len),
                        kind: FileProblemKind::WeakEncodingGuess { encoding },
                    });
                }
                files.push(f);
            }
            Err(ReadError::NotRegular(kind)) => {
                // Met in a folder (a FIFO among Evolution's sources): a note.
                skipped.push(
                    Skipped::new(path.display().to_string(), SkipKind::NotARegularFile)
                        .arg("kind", kind),
                );
            }
            Err(ReadError::TooLarge(size)) => {
                let max = max_file_size;
                file_problems.push(problem(FileProblemKind::TooLarge { size, max }));
                unread.push(SourceFile::from_bytes(*id, path, b""));
            }
            Err(ReadError::Io(e)) => {
                file_problems.push(problem(FileProblemKind::Unreadable(io_reason(&e))));
                unread.push(SourceFile::from_bytes(*id, path, b""));
            }
        }
    }
    let mut document = None;
    let mut secrets = Vec::new();
    let mut personal = Vec::new();
    if !files.is_empty() || !unread.is_empty() || !skipped.is_empty() {
        let refs: Vec<&SourceFile> = files.iter().collect();
        let mut doc = if files.is_empty() {
            Document::new(Client::Unknown, unit.reader.format, Vec::new())
        } else {
            (unit.reader.read)(&refs)
        };
        doc.sources.extend(unread.iter().map(|f| f.id));
        doc.sources.sort();
        doc.file_problems.extend(file_problems);
        doc.skipped.extend(skipped);
        for f in &files {
            if f.had_decode_errors {
                doc.problems.push(decode_problem(f));
            }
        }
        files.extend(unread);
        // No secret reaches a snippet, a message or a report.
        secrets = crate::secrets::protect(&mut doc, &mut files);
        if opts.mask_addresses {
            personal = crate::support::report::redact::mask_document(&mut doc);
        }
        document = Some(doc);
    }
    UnitResult {
        files: Files::new(files),
        document,
        secrets,
        personal,
    }
}

/// Bytes that did not decode are worth a finding: the client reads them
/// differently from what the user typed.
fn decode_problem(f: &SourceFile) -> ParseProblem {
    let at = f.text.find('\u{FFFD}').unwrap_or(0);
    let enc = f.encoding.display_name();
    ParseProblem {
        kind: ParseKind::Undecodable,
        span: Span::new(f.id, at, at + '\u{FFFD}'.len_utf8().min(f.text.len() - at)),
        detail: Some(enc.to_string()),
        related: Vec::new(),
    }
}

/// Settings of one check.
pub struct CheckOptions {
    pub policy: Policy,
    pub lang: Lang,
    pub selection: Selection,
    pub severities: BTreeMap<String, Severity>,
    /// `per-file-ignores` from the configuration.
    pub per_file_ignores: PerFileIgnores,
    /// `docs-base-url`: where rule pages are published.
    pub docs_base_url: Option<String>,
    /// `--online`: ask the servers too. `None`: no connection is made.
    pub online: Option<crate::online::Options>,
    /// The servers' answers of an earlier run of the same plan (the second
    /// language of `report --lang both`): used instead of asking again.
    pub online_answers: Option<crate::online::Report>,
    /// `--max-file-size`: a larger file is a finding, never read.
    pub max_file_size: u64,
    /// `--threads`: how many threads read and check the units of the run
    /// (0: one per core; 1: all in this thread). The output is the same
    /// whatever the number.
    pub threads: usize,
    /// `report --redact-addresses`: mask the local parts of addresses and
    /// the user names in the model before the rules read it.
    pub mask_addresses: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            policy: Policy::generic(),
            lang: Lang::En,
            selection: Selection::default(),
            severities: BTreeMap::new(),
            per_file_ignores: PerFileIgnores::default(),
            docs_base_url: None,
            online: None,
            online_answers: None,
            max_file_size: crate::source::read::DEFAULT_MAX_FILE_SIZE,
            threads: 0,
            mask_addresses: false,
        }
    }
}

impl CheckOptions {
    /// What the rules see of these settings.
    pub fn context(&self) -> Context<'_> {
        Context {
            catalogue: Catalogue::embedded(),
            policy: &self.policy,
            lang: self.lang,
            selection: &self.selection,
            severities: &self.severities,
            docs_base_url: self.docs_base_url.as_deref(),
            online: None,
        }
    }
}

/// Check the given paths.
pub fn check_paths(paths: &[PathBuf], opts: &CheckOptions) -> RunOutput {
    check_plan(Plan::from_paths(paths), opts)
}

/// Read and check everything in `plan` (named paths or discovery), then drop
/// what the files' comments and `per-file-ignores` suppress. A unit is the
/// work of one thread (`CheckOptions::threads`); results are gathered in the
/// plan's order, so the output does not depend on the number of threads.
pub fn check_plan(plan: Plan, opts: &CheckOptions) -> RunOutput {
    let workers = Workers::new(opts.threads);
    let mut ctx = opts.context();
    let ignores = &opts.per_file_ignores;
    let held = &plan.held;
    // A unit's text and model are kept to the report: about 4 KB for a
    // small template, beside what planning holds already (10,000 of them
    // grew two threads' arenas by 40 MB; 4 KB a unit left a quarter of
    // the arenas' growth to be made a page at a time).
    workers.reserve(plan.units.len().saturating_mul(6 << 10));
    let results: Vec<UnitResult> = workers.map_owned(plan.units, |u| read_unit(&u, opts, held));
    drop(plan.held);
    let mut all_files: Vec<SourceFile> = plan.preloaded;
    let mut documents = plan.documents;
    let mut errors = plan.errors;
    // Documents the plan made itself (a file of no known format) are
    // protected like those a reader made.
    let mut secret_values = Vec::new();
    let mut personal = Vec::new();
    for doc in &mut documents {
        let (mut own, rest): (Vec<SourceFile>, Vec<SourceFile>) = all_files
            .into_iter()
            .partition(|f| doc.sources.contains(&f.id));
        secret_values.extend(crate::secrets::protect(doc, &mut own));
        all_files = rest;
        all_files.extend(own);
    }
    // Room for every unit's files and documents at once: grown by doubling,
    // the vectors of 1,000 units were copied nine times (0.65 M of the
    // serial path; issue 15).
    let mut sources = SourceMap::with_capacity(
        all_files.len() + results.iter().map(|r| r.files.len()).sum::<usize>(),
    );
    documents.reserve(results.len());
    for f in all_files {
        sources.insert(f);
    }
    for r in results {
        match r.files {
            Files::One(f) => sources.insert(f),
            Files::Many(files) => files.into_iter().for_each(|f| sources.insert(f)),
        }
        documents.extend(r.document);
        secret_values.extend(r.secrets);
        personal.extend(r.personal);
    }
    personal.sort();
    personal.dedup();
    documents.sort_by_key(|d| d.sources.first().copied());
    // The servers are asked after reading and before the rules, which judge
    // their answers; without --online nothing here opens a socket.
    let online = opts.online_answers.clone().or_else(|| {
        opts.online.as_ref().and_then(|o| {
            let requests = crate::online::plan::requests(
                documents.iter().flat_map(|d| d.accounts.iter()),
                &opts.policy,
            );
            match crate::online::run(&requests, o) {
                Ok(r) => Some(r),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        })
    });
    ctx.online = online.as_ref();
    let ctx = &ctx;
    // The checks across documents (ML606) run beside the documents' own, on
    // the pool, not after them on this thread.
    let documents_ref = &documents;
    let (mut diagnostics, run) = workers.join(
        || workers.flat_map(documents_ref, |d| check_document(d, ctx)),
        || check_run(documents_ref, ctx),
    );
    diagnostics.reserve_exact(run.len());
    diagnostics.extend(run);
    crate::diagnostics::sort(&mut diagnostics);
    let mut diagnostics = suppressions::apply(&documents, diagnostics, &sources, ctx, ignores);
    // A file maillint reads but does not write (EUC-JP, ISO-2022-JP): its
    // findings offer no fix (`--fix` says why).
    for d in &mut diagnostics {
        let unwritable = sources
            .get(d.span.source)
            .is_some_and(|f| !f.is_binary && !crate::fix::encode::writable(f.encoding));
        if unwritable {
            d.fix = None;
        }
    }
    let secrets = crate::secrets::Scrubber::for_outputs(secret_values);
    if !secrets.is_empty() {
        // Messages quote values (a host name with a password typed into it):
        // scrubbed here, before a renderer formats or hashes them.
        secrets.scrub_diagnostics(&mut diagnostics);
    }
    RunOutput {
        sources,
        documents,
        diagnostics,
        errors,
        secrets,
        online,
        personal,
    }
}
