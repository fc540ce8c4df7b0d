//! `--fix`, `--diff` and `--reg-patch`: apply the findings' fixes (or show or
//! export them), then let `check` lint again and report what remains.

use std::path::Path;

use super::args::CheckArgs;
use crate::fix::apply::{Applied, apply, edit_text};
use crate::fix::{FixPlan, diff, plan, reg_patch, write};
use crate::formats::outlook_express::reg;
use crate::i18n::{Lang, fill};
use crate::model::Document;
use crate::pipeline::RunOutput;
use crate::source::{SourceFile, SourceId};
use crate::tables::Ui;

/// What the fix step did.
pub struct Outcome {
    /// Something asked could not be done (a refusal, a write error).
    pub failed: bool,
    /// Files written (the run must read them again).
    pub written: usize,
    /// `--diff`: whether any file would change.
    pub would_change: bool,
}

/// Apply, show or export the fixes of `output` as `args` ask. Human lines go
/// to `out` (standard output for the human format, else standard error, so
/// that JSON and SARIF stay machine-readable); problems go to standard error.
pub fn run(args: &CheckArgs, output: &RunOutput, lang: Lang, out: &mut dyn FnMut(&str)) -> Outcome {
    let fixes = plan(&output.diagnostics, args.unsafe_fixes);
    // Every line written passes the run's scrubber, as the report does.
    let scrub = |s: &str| output.secrets.scrub(s, crate::secrets::Syntax::Text);
    let mut outcome = Outcome {
        failed: false,
        written: 0,
        would_change: false,
    };
    say_binary(output, lang);
    say_unwritable(output, lang);
    let mut patch_sources: Vec<(SourceId, Applied)> = Vec::new();
    for id in fixes.sources() {
        let Some(file) = output.sources.get(id) else {
            continue;
        };
        let Some(doc) = document_of(&output.documents, id) else {
            continue;
        };
        let path = file.path.clone();
        let refuse = |why: String| {
            eprintln!("maillint: {}", t(lang, Msg::NotFixing(&path, &why)));
        };
        if file.is_registry() {
            refuse(crate::fix::apply::ApplyError::Registry.message(lang));
            outcome.failed = true;
            continue;
        }
        if file.is_binary {
            refuse(crate::fix::apply::ApplyError::Binary.message(lang));
            outcome.failed = true;
            continue;
        }
        let original = match read_bounded(&path, args.max_file_size, lang) {
            Ok(b) => b,
            Err(e) => {
                refuse(e);
                outcome.failed = true;
                continue;
            }
        };
        let edits = fixes.edits_for(id);
        let applied = match apply(&original, &path, &file.text, &edits) {
            Ok(a) => a,
            Err(e) => {
                refuse(e.message(lang));
                outcome.failed = true;
                continue;
            }
        };
        if args.diff {
            // From the run's text, where secrets are masked: a context line
            // never shows a password (such a diff then needs the real line
            // to apply, which is the point).
            let new = edit_text(&file.text, &edits).unwrap_or_else(|| applied.new_text.clone());
            let d = diff::unified(&file.display_path(), &file.text, &new);
            outcome.would_change |= !d.is_empty();
            out(&scrub(&d));
        }
        if args.reg_patch.is_some() && doc.format == reg::READER.format {
            patch_sources.push((id, applied));
            continue;
        }
        if !args.fix {
            continue;
        }
        let real = match write::check(&path, doc.client, args.force) {
            Ok(p) => p,
            Err(e) => {
                refuse(e.message(lang));
                outcome.failed = true;
                continue;
            }
        };
        match write::replace(&real, &original, &applied.bytes, args.backup_dir.as_deref()) {
            Ok(backup) => {
                outcome.written += 1;
                report_changes(&fixes, file, &applied, lang, &mut |s| out(&scrub(s)));
                out(&format!("{}\n", t(lang, Msg::Backup(&backup))));
            }
            Err(e) => {
                refuse(crate::inputs::io_reason(&e));
                outcome.failed = true;
            }
        }
    }
    if let Some(target) = &args.reg_patch {
        let max = args.max_file_size;
        outcome.failed |= !write_reg_patch(target, &patch_sources, output, &fixes, lang, max, out);
    }
    summary(&fixes, args, lang);
    outcome
}

/// One line per change: `path:line:col: CODE 'old' -> 'new'`.
fn report_changes(
    fixes: &FixPlan<'_>,
    file: &SourceFile,
    applied: &Applied,
    lang: Lang,
    out: &mut dyn FnMut(&str),
) {
    let path = crate::escape::controls(&file.display_path()).into_owned();
    for d in &fixes.applied {
        let Some(fix) = &d.fix else { continue };
        for e in fix.edits.iter().filter(|e| e.span.source == file.id) {
            let Some(c) = applied
                .changes
                .iter()
                .find(|c| c.new == e.text && file.position(e.span.start as usize).line == c.line)
            else {
                continue;
            };
            out(&format!(
                "{path}:{}:{}: {} {}\n",
                c.line,
                c.column,
                d.code,
                if c.old.is_empty() {
                    // A value the file lacked, added on a line of its own.
                    t(lang, Msg::Added(c.new.trim()))
                } else {
                    t(
                        lang,
                        Msg::Fixed(
                            &crate::escape::controls(&c.old),
                            &crate::escape::controls(&c.new),
                        ),
                    )
                }
            ));
        }
    }
}

fn write_reg_patch(
    target: &Path,
    sources: &[(SourceId, Applied)],
    output: &RunOutput,
    fixes: &FixPlan<'_>,
    lang: Lang,
    max: u64,
    out: &mut dyn FnMut(&str),
) -> bool {
    let [(id, _applied)] = sources else {
        let msg = if sources.is_empty() {
            t(lang, Msg::NoRegFixes)
        } else {
            t(lang, Msg::OneRegOnly(sources.len()))
        };
        eprintln!("maillint: {}", crate::escape::controls(&msg.to_string()));
        return sources.is_empty();
    };
    let Some(file) = output.sources.get(*id) else {
        return false;
    };
    // The export as on disk (the run's text has secrets masked).
    let fresh = match read_bounded(&file.path, max, lang) {
        Ok(b) => SourceFile::from_bytes(*id, &file.path, &b),
        Err(e) => {
            eprintln!("maillint: {}", t(lang, Msg::NotFixing(&file.path, &e)));
            return false;
        }
    };
    let edits = fixes.edits_for(*id);
    let bytes = match reg_patch::patch(&fresh, &edits) {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "maillint: {}",
                t(lang, Msg::NotFixing(&file.path, &e.message(lang)))
            );
            return false;
        }
    };
    match super::output::write_bytes(target, &bytes) {
        Ok(()) => {
            out(&format!(
                "{}\n",
                t(lang, Msg::PatchWritten(target, edits.len(), &file.path))
            ));
            true
        }
        Err(e) => {
            eprintln!(
                "maillint: {}",
                crate::escape::controls(&Ui::IoCannotWrite.fill(
                    lang,
                    &[("path", target.display().to_string()), ("reason", e)]
                ))
            );
            false
        }
    }
}

/// A binary `.iaf` with findings gets no fix: say so, and what to do instead.
fn say_binary(output: &RunOutput, lang: Lang) {
    for doc in &output.documents {
        let binary = doc
            .sources
            .iter()
            .any(|id| output.sources.get(*id).is_some_and(|f| f.is_binary));
        if !binary {
            continue;
        }
        let has_findings = output
            .diagnostics
            .iter()
            .any(|d| doc.sources.contains(&d.span.source) && crate::rules::has_fix(d.code));
        if !has_findings {
            continue;
        }
        for id in &doc.sources {
            if let Some(f) = output.sources.get(*id) {
                eprintln!("maillint: {}", t(lang, Msg::Binary(&f.path)));
            }
        }
    }
}

/// A file in an encoding maillint reads but does not write (EUC-JP,
/// ISO-2022-JP): its findings carry no fix (the pipeline drops them), and
/// a fix run says why, once per file.
fn say_unwritable(output: &RunOutput, lang: Lang) {
    for f in output.sources.iter() {
        if f.is_binary || crate::fix::encode::writable(f.encoding) {
            continue;
        }
        let fixable = output
            .diagnostics
            .iter()
            .any(|d| d.span.source == f.id && crate::rules::has_fix(d.code));
        if fixable {
            let why = crate::fix::apply::ApplyError::UnwritableEncoding(f.encoding.display_name());
            eprintln!(
                "maillint: {}",
                t(lang, Msg::NotFixing(&f.path, &why.message(lang)))
            );
        }
    }
}

fn summary(fixes: &FixPlan<'_>, args: &CheckArgs, lang: Lang) {
    if !fixes.overlapping.is_empty() {
        eprintln!(
            "maillint: {}",
            t(lang, Msg::Overlapping(fixes.overlapping.len()))
        );
    }
    if !fixes.unsafe_skipped.is_empty() && !args.unsafe_fixes {
        eprintln!(
            "maillint: {}",
            t(lang, Msg::UnsafeLeft(fixes.unsafe_skipped.len()))
        );
    }
}

fn document_of(documents: &[Document], id: SourceId) -> Option<&Document> {
    documents.iter().find(|d| d.sources.contains(&id))
}

/// Read a file again for fixing, bounded like every read of the run: only
/// a regular file (one swapped for a FIFO since is refused, not waited
/// for), and no larger than the limit.
fn read_bounded(path: &Path, max: u64, lang: Lang) -> Result<Vec<u8>, String> {
    use crate::source::read::ReadError;
    crate::source::read::read_bounded(path, max).map_err(|e| match e {
        ReadError::Io(e) => crate::inputs::io_reason(&e),
        ReadError::NotRegular(_) => Ui::FixReasonNotRegular.get(lang).to_string(),
        ReadError::TooLarge(size) => {
            Ui::FixReasonTooLarge.fill(lang, &[("size", size.to_string())])
        }
    })
}

/// One of the fix step's texts (`rules/ui.toml`, `[fix]`), filled.
fn t(lang: Lang, m: Msg<'_>) -> String {
    let p = |path: &Path| path.display().to_string();
    let (key, args): (Ui, Vec<(&str, String)>) = match m {
        Msg::NotFixing(path, why) => (
            Ui::FixNotFixing,
            vec![("path", p(path)), ("reason", why.to_string())],
        ),
        Msg::Fixed(old, new) => (
            Ui::FixFixed,
            vec![("old", old.to_string()), ("new", new.to_string())],
        ),
        Msg::Added(new) => (Ui::FixAdded, vec![("new", new.to_string())]),
        Msg::Backup(path) => (Ui::FixBackup, vec![("path", p(path))]),
        Msg::Binary(path) => (Ui::FixBinary, vec![("path", p(path))]),
        Msg::Overlapping(n) => (Ui::FixOverlapping, vec![("count", n.to_string())]),
        Msg::UnsafeLeft(n) => (Ui::FixUnsafeLeft, vec![("count", n.to_string())]),
        Msg::NoRegFixes => (Ui::FixNoRegFixes, Vec::new()),
        Msg::OneRegOnly(n) => (Ui::FixOneRegOnly, vec![("count", n.to_string())]),
        Msg::PatchWritten(path, n, from) => (
            Ui::FixPatchWritten,
            vec![
                ("path", p(path)),
                ("count", n.to_string()),
                ("export", p(from)),
            ],
        ),
    };
    // Paths and values are quoted: their control characters are escaped.
    crate::escape::controls(&fill(key.get(lang), &args)).into_owned()
}

enum Msg<'a> {
    NotFixing(&'a Path, &'a str),
    Fixed(&'a str, &'a str),
    Added(&'a str),
    Backup(&'a Path),
    Binary(&'a Path),
    Overlapping(usize),
    UnsafeLeft(usize),
    NoRegFixes,
    OneRegOnly(usize),
    PatchWritten(&'a Path, usize, &'a Path),
}
