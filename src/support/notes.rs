//! Notes readers write in English (what they skipped, how they read a
//! file), in the report's language. The table is data: `rules/notes.toml`.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::i18n::Lang;

const NOTES: &str = include_str!("../../rules/notes.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotesFile {
    note: Vec<Note>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Note {
    en: String,
    ja: String,
}

fn table() -> &'static [Note] {
    static CELL: OnceLock<Vec<Note>> = OnceLock::new();
    CELL.get_or_init(|| match toml::from_str::<NotesFile>(NOTES) {
        Ok(f) => f.note,
        Err(e) => {
            eprintln!("maillint: internal error: rules/notes.toml is invalid: {e}");
            Vec::new()
        }
    })
}

/// A pattern's literal pieces and placeholder names, in order:
/// `"a {x} b"` → `["a ", " b"]`, `["x"]`.
fn split(pattern: &str) -> (Vec<&str>, Vec<&str>) {
    let mut literals = Vec::new();
    let mut names = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        literals.push(&rest[..open]);
        names.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    literals.push(rest);
    (literals, names)
}

/// The values of the placeholders when `text` matches `pattern`.
fn matches<'t>(pattern: &str, text: &'t str) -> Option<Vec<(String, &'t str)>> {
    let (literals, names) = split(pattern);
    let first = literals.first()?;
    let mut rest = text.strip_prefix(first)?;
    let mut values = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let next = literals.get(i + 1).copied().unwrap_or("");
        let is_last = i + 1 == names.len();
        let end = if is_last {
            if !rest.ends_with(next) {
                return None;
            }
            rest.len() - next.len()
        } else {
            rest.find(next)?
        };
        values.push((name.to_string(), &rest[..end]));
        rest = &rest[end + next.len()..];
    }
    if names.is_empty() && !rest.is_empty() {
        return None; // a literal note must match the whole text
    }
    Some(values)
}

/// `text` in `lang`: English as written; Japanese from the table, with
/// captured values looked up in turn. Text the table does not know stays.
pub fn localize(text: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    localize_depth(text, 0)
}

fn localize_depth(text: &str, depth: usize) -> String {
    if depth > 3 {
        return text.to_string();
    }
    for note in table() {
        if let Some(values) = matches(&note.en, text) {
            let args: Vec<(&str, String)> = values
                .iter()
                .map(|(k, v)| (k.as_str(), localize_depth(v, depth + 1)))
                .collect();
            return crate::i18n::fill(&note.ja, &args);
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_in_japanese() {
        assert_eq!(
            localize(
                "read as Sylpheed: the file is in Sylpheed's folder .sylpheed-2.0",
                Lang::Ja
            ),
            "Sylpheed の設定として読みました: Sylpheed のフォルダー .sylpheed-2.0 にあるファイルです"
        );
        assert_eq!(
            localize(
                "Local Folders (type \"none\") is not a mail server",
                Lang::Ja
            ),
            "ローカルフォルダー (type \"none\") はメールサーバーではありません"
        );
        assert_eq!(
            localize("program: Sylpheed", Lang::Ja),
            "メールソフト: Sylpheed"
        );
        // Unknown text stays; English stays English.
        assert_eq!(localize("something new", Lang::Ja), "something new");
        assert_eq!(localize("program: Sylpheed", Lang::En), "program: Sylpheed");
    }

    #[test]
    fn every_note_a_reader_can_write_is_in_the_table() {
        // Literal reasons in the readers' sources must all have a Japanese form.
        let src = concat!(
            include_str!("../formats/thunderbird/accounts.rs"),
            include_str!("../formats/accountrc.rs"),
            include_str!("../formats/becky.rs"),
            include_str!("../formats/evolution.rs"),
            include_str!("../formats/autodiscover.rs"),
            include_str!("../formats/outlook_express/values.rs"),
        );
        for needle in [
            "not an account section; not checked",
            "may hold a password: redacted, not checked",
            "no public source gives its meaning: not checked",
            "the account is turned off (Enabled=false); not checked",
            "a news (NNTP) account, not a mail account; not checked",
            "no POP3, IMAP or SMTP settings (Exchange only)",
        ] {
            assert!(
                src.contains(needle),
                "{needle} no longer written by a reader"
            );
            assert_ne!(
                localize(needle, Lang::Ja),
                needle,
                "{needle} has no Japanese"
            );
        }
    }
}
