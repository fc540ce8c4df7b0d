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
/// key is read (see [`reg::parse_accounts`]).
pub fn read_reg(files: &[&SourceFile]) -> Document {
    read_reg_by(files, true)
}

/// [`read_reg`]; `by_account` off: every value of every key stored, each
/// key's account decided when it is whole (the tests' oracle).
fn read_reg_by(files: &[&SourceFile], by_account: bool) -> Document {
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
        let mut each = |key| read_key(key, &mut doc, &mut clients, &mut problems);
        let parsed = if by_account {
            reg::parse_accounts(&file.text, file.id, &lines, &mut each)
        } else {
            reg::parse_each(&file.text, file.id, &lines, &mut each)
        };
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
    key: reg::RegKey,
    doc: &mut Document,
    clients: &mut Vec<Client>,
    problems: &mut Vec<crate::model::ParseProblem>,
) {
    // Decided as the key started, or else now, alike (`reg::key_account`).
    let account = match key.account {
        Some(a) => a,
        None => reg::key_account(&key.path),
    };
    let account = match account {
        reg::KeyAccount::Profile(account) => {
            clients.push(Client::Outlook);
            match super::outlook_profile::assemble(&key.values, &account, key.header, problems) {
                Some(Ok(a)) => doc.accounts.push(a),
                Some(Err(s)) => doc.skipped.push(s),
                None => {}
            }
            return;
        }
        reg::KeyAccount::Express(account) => account,
        reg::KeyAccount::Neither => return,
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
    let Some(slice) = text.get(span.range()) else {
        return vec![span];
    };
    let mut out = Vec::new();
    let base = span.start as usize;
    let mut start = base;
    for (i, c) in slice.char_indices() {
        if c == '\n' || c == '\r' {
            if base + i > start {
                out.push(Span::new(span.source, start, base + i));
            }
            start = base + i + 1;
        }
    }
    if span.end as usize > start {
        out.push(Span::new(span.source, start, span.end as usize));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    /// The document of `text` read with and without storing only the values
    /// each key's account reader asks for, written out for comparing.
    fn both_ways(text: &str) -> (String, String) {
        let f = SourceFile::from_bytes(SourceId(0), "a.reg", text.as_bytes());
        (
            format!("{:?}", read_reg_by(&[&f], true)),
            format!("{:?}", read_reg_by(&[&f], false)),
        )
    }

    /// Storing only the asked values makes the same document as storing
    /// every value: every corpus and fixture export, and generated ones.
    #[test]
    fn values_no_reader_asks_for_change_nothing() {
        for (path, file) in crate::test_files::sources_with_extension("reg") {
            let (by_account, every) = both_ways(file.text.as_str());
            assert_eq!(by_account, every, "{path:?}");
        }
    }

    const OE: &str = "HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\";
    const OMI: &str =
        "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\Outlook\\OMI Account Manager\\";
    const PROFILE: &str = "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\";

    proptest::proptest! {
        /// Keys of each kind (numbered apart, or with `twice` alike, so that
        /// keys are given at the end), value lines of asked and other names.
        #[test]
        fn values_no_reader_asks_for_change_nothing_in_generated_exports(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("@OE".to_string()),
                    proptest::strategy::Just("@OMI".to_string()),
                    proptest::strategy::Just("@PROFILE".to_string()),
                    proptest::strategy::Just("@X".to_string()),
                    "\"(POP3 Server|SMTP Server|IMAP Server|Account Name|SMTP Email Address|Email|POP3 User|pop3 password2|SMTP Port|Connection Type|Leave Mail On Server|Account Note 1|a|b\\\\\"c|日本)\"( |)=(\"([a-z.@\\\\\"]|日){0,12}\"|dword:[0-9a-f+]{0,9}|-|hex:0[1g],00|hex:6[01],00,00,00|x)",
                    proptest::strategy::Just(";c".to_string()),
                ],
                0..40,
            ),
            crlf in proptest::bool::ANY,
            twice in proptest::bool::ANY,
        ) {
            let brk = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("REGEDIT4{brk}");
            for (i, line) in lines.iter().enumerate() {
                let n = if twice { i % 2 } else { i };
                let key = |head: &str| format!("[{head}{n:08x}]");
                match line.as_str() {
                    "@OE" => text.push_str(&key(OE)),
                    "@OMI" => text.push_str(&key(OMI)),
                    "@PROFILE" => text.push_str(&key(PROFILE)),
                    "@X" => text.push_str(&key("HKEY_CURRENT_USER\\Software\\X\\")),
                    other => text.push_str(other),
                }
                text.push_str(brk);
            }
            let (by_account, every) = both_ways(&text);
            proptest::prop_assert_eq!(by_account, every);
        }
    }
}
