//! Outlook Express (and Outlook's Internet-only accounts): registry exports
//! (`.reg`) and Internet Account Files (`.iaf`). Both hold the Internet
//! Account Manager's values, read by [`values::assemble`].

pub mod iaf;
pub mod reg;
pub mod values;

use crate::model::{Client, Document, Format, SkipKind, Skipped};
use crate::source::{SourceFile, Span};
use values::Assembled;

/// Read a registry export: one account per `Accounts` subkey, built as each
/// key is read (see [`reg::parse_each`]).
pub fn read_reg(files: &[&SourceFile]) -> Document {
    let mut doc = empty(Client::OutlookExpress, reg::READER.format, files);
    for file in files {
        let mut clients = Vec::new();
        // The accounts' problems follow the file's syntax problems.
        let mut problems = Vec::new();
        // Room for the accounts at once (grown by doubling, the list held up
        // to twice its size; issue 15): one a key, and no more than one a
        // kilobyte of text (an account's values take more), so that a file
        // of bare key lines makes no more room than its own size.
        let lines = reg::key_lines(&file.text);
        if let Some(keys) = lines.count() {
            doc.accounts.reserve(keys.min(file.text.len() / 1024));
        }
        let parsed = reg::parse_each(&file.text, file.id, &lines, &mut |key| {
            read_key(&key, &mut doc, &mut clients, &mut problems);
        });
        doc.problems.extend(parsed.problems);
        doc.problems.extend(problems);
        for s in &parsed.secrets {
            doc.secrets.extend(line_pieces(&file.text, *s));
        }
        if clients.is_empty() {
            doc.skipped.push(Skipped::new(
                file.display_path(),
                SkipKind::NoAccountManagerAccount,
            ));
        }
        if clients.iter().all(|c| *c == Client::Outlook) && !clients.is_empty() {
            doc.client = Client::Outlook;
        }
    }
    doc
}

/// One key of an export: an account, a note saying why not, or nothing (a
/// key that is not an account's).
fn read_key(
    key: &reg::RegKey,
    doc: &mut Document,
    clients: &mut Vec<Client>,
    problems: &mut Vec<crate::model::ParseProblem>,
) {
    if let Some(account) = super::outlook_profile::account_key(&key.path) {
        clients.push(Client::Outlook);
        match super::outlook_profile::assemble(&key.values, &account, key.header, problems) {
            Some(Ok(a)) => doc.accounts.push(a),
            Some(Err(s)) => doc.skipped.push(s),
            None => {}
        }
        return;
    }
    let Some(account) = reg::account_key(&key.path) else {
        return;
    };
    clients.push(account.client);
    match values::assemble(
        &key.values,
        account.client,
        &account.id,
        key.header,
        problems,
    ) {
        Assembled::Account(a) => doc.accounts.push(*a),
        Assembled::Skipped(s) => doc.skipped.push(s),
    }
}

/// Read an `.iaf` export: one account per file.
pub fn read_iaf(files: &[&SourceFile]) -> Document {
    let mut doc = empty(Client::OutlookExpress, iaf::READER.format, files);
    for file in files {
        let parsed = iaf::parse(&file.bytes, file.id);
        doc.problems.extend(parsed.problems);
        doc.secrets.extend(
            parsed
                .values
                .props
                .iter()
                .filter(|p| matches!(p.value, values::PropValue::Secret { .. }))
                .map(|p| p.span),
        );
        let key = file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "account".into());
        let anchor = Span::new(file.id, 0, iaf::HEADER.len().min(file.bytes.len()));
        if parsed.values.props.is_empty() {
            continue;
        }
        match values::assemble(
            &parsed.values,
            Client::OutlookExpress,
            &key,
            anchor,
            &mut doc.problems,
        ) {
            Assembled::Account(a) => doc.accounts.push(*a),
            Assembled::Skipped(s) => doc.skipped.push(s),
        }
    }
    doc
}

pub(crate) fn empty(client: Client, format: Format, files: &[&SourceFile]) -> Document {
    Document::new(client, format, files.iter().map(|f| f.id).collect())
}

/// The parts of `span` between line breaks: masking a secret must not join
/// lines (a `.reg` value continued over several lines), or every line number
/// after it would move.
pub(crate) fn line_pieces(text: &str, span: Span) -> Vec<Span> {
    let Some(slice) = text.get(span.start..span.end) else {
        return vec![span];
    };
    let mut out = Vec::new();
    let mut start = span.start;
    for (i, c) in slice.char_indices() {
        if c == '\n' || c == '\r' {
            if span.start + i > start {
                out.push(Span::new(span.source, start, span.start + i));
            }
            start = span.start + i + 1;
        }
    }
    if span.end > start {
        out.push(Span::new(span.source, start, span.end));
    }
    out
}
