//! Thunderbird (and SeaMonkey) profiles: `prefs.js`, `user.js`, `profiles.ini`.

mod accounts;
pub mod prefs;
pub mod profiles;
mod table;

use crate::model::{Client, Document, Format, ParseProblem};
use crate::source::{SourceFile, Span};
use prefs::PrefFileKind;

/// Read one profile: its `prefs.js`, then its `user.js` (which Thunderbird
/// applies over `prefs.js` at start-up), into one document.
pub fn read_profile(files: &[&SourceFile]) -> Document {
    let mut problems: Vec<ParseProblem> = Vec::new();
    let mut parsed = Vec::new();
    let mut secrets = Vec::new();
    for file in files {
        let kind = pref_file_kind(file);
        let p = prefs::parse(&file.text, file.id, kind);
        problems.extend(p.problems);
        secrets.extend(
            p.prefs
                .iter()
                .filter(|pref| crate::secrets::is_secret_name(&pref.name))
                .map(|pref| pref.value_span),
        );
        parsed.push(p.prefs);
    }
    let anchor = files
        .first()
        .map(|f| Span::new(f.id, 0, 0))
        .unwrap_or(Span::new(crate::source::SourceId(0), 0, 0));
    let table = table::PrefTable::new(parsed);
    let assembled = accounts::assemble(table, anchor);
    problems.extend(assembled.problems);
    Document {
        client: Client::Thunderbird,
        format: Format::PrefsJs,
        sources: files.iter().map(|f| f.id).collect(),
        accounts: assembled.accounts,
        problems,
        skipped: assembled.skipped,
        suppressions: Vec::new(),
        secrets,
    }
}

/// `prefs.js` and `user.js` are user pref files; other names (`all-thunderbird.js`,
/// `mailnews.js`) are default pref files, which may carry `sticky` and `locked`.
fn pref_file_kind(file: &SourceFile) -> PrefFileKind {
    let name = file
        .path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name == "prefs.js" || name == "user.js" || file.text.contains("user_pref(") {
        PrefFileKind::User
    } else {
        PrefFileKind::Default
    }
}

/// Whether `text` looks like a Mozilla pref file.
pub fn looks_like_prefs(text: &str) -> bool {
    text.contains("user_pref(")
        || text.starts_with("// Mozilla User Preferences")
        || text.contains("\npref(")
        || text.starts_with("pref(")
}
