//! Thunderbird (and SeaMonkey) profiles: `prefs.js`, `user.js`, `profiles.ini`.

mod accounts;
pub mod prefs;
pub mod profiles;
mod table;

use std::path::{Path, PathBuf};

use crate::discover::{Home, Searched, dedup};
use crate::formats::registry::{Fuzz, Grouping, Reader, Sniff};
use crate::formats::suppress;
use crate::model::{
    Capabilities, Client, Document, FileProblem, FileProblemKind, Format, ParseProblem,
    PopBeforeSmtp,
};
use crate::source::{SourceFile, Span};
use prefs::PrefFileKind;

/// Mozilla pref files; a profile folder (`prefs.js` then `user.js`) is one unit.
pub static READER: Reader = Reader {
    format: FORMAT,
    clients: &[Client::Thunderbird],
    sniff: Sniff::Text(looks_like_prefs),
    names: &["prefs.js", "user.js"],
    extensions: &[],
    walk: &[".js"],
    unit: Grouping::Folder(&["prefs.js", "user.js"]),
    binary: None,
    discover: Some(places),
    read: read_profile,
    fuzz: Fuzz {
        target: "prefs_js",
        sample_name: "prefs.js",
    },
    module: module_path!(),
};

const FORMAT: Format = Format("prefs-js");

/// What the rules need to know about Thunderbird.
pub(crate) const CAPABILITIES: Capabilities = Capabilities {
    // No "log in to POP before sending" switch (SmtpClient has none), but a
    // POP3 account's periodic check is a POP login (nsMsgBiffManager,
    // Pop3IncomingServer.performBiff): the reader states when it checks.
    pop_before_smtp: PopBeforeSmtp::ByPeriodicCheck,
    ..Capabilities::NONE
};

/// Read one profile: its `prefs.js`, then its `user.js` (which Thunderbird
/// applies over `prefs.js` at start-up), into one document.
pub fn read_profile(files: &[&SourceFile]) -> Document {
    read_profile_within(files, u32::MAX as usize)
}

/// [`read_profile`], refusing a file longer than `limit` bytes or whose prefs
/// cannot be held with four-byte offsets (`prefs::PrefList`; `limit` is
/// `u32::MAX` but in tests): it is reported as too large (ML003), never cut.
/// `--max-file-size` keeps every file below 4 GiB unless raised past it.
fn read_profile_within(files: &[&SourceFile], limit: usize) -> Document {
    let sources = || files.iter().map(|f| f.id).collect();
    let too_large = |f: &SourceFile| {
        let mut doc = Document::new(Client::Thunderbird, FORMAT, sources());
        doc.file_problems.push(FileProblem {
            span: Span::new(f.id, 0, 0),
            kind: FileProblemKind::TooLarge {
                size: f.text.len() as u64,
                max: limit as u64,
            },
        });
        doc
    };
    if let Some(f) = files.iter().find(|f| f.text.len() > limit) {
        return too_large(f);
    }
    let mut problems: Vec<ParseProblem> = Vec::new();
    let mut parsed = Vec::new();
    let mut suppressions = Vec::new();
    let mut count: usize = 0;
    for file in files {
        let kind = pref_file_kind(file);
        let p = prefs::parse(&file.text, file.id, kind);
        count = count.saturating_add(p.prefs.len());
        if p.prefs.too_large() || count > u32::MAX as usize {
            return too_large(file);
        }
        // `// maillint: ignore ...` covers the next pref statement, or the
        // statements before it when it ends their line. Without a comment
        // there is nothing to attach (the statements were copied and sorted
        // for nothing: 146,011 of a 10 MB prefs.js, issue 15).
        if !p.comments.is_empty() {
            suppressions.extend(suppress::attach_lines(
                &file.text,
                p.comments.iter().map(|c| (c.span, c.text.as_str())),
                &p.statements,
            ));
        }
        problems.extend(p.problems);
        parsed.push(p.prefs);
    }
    let anchor = files
        .first()
        .map(|f| Span::new(f.id, 0, 0))
        .unwrap_or(Span::new(crate::source::SourceId(0), 0, 0));
    let mut table = table::PrefTable::new(parsed);
    let secrets = table.secret_spans();
    table.newlines = files
        .iter()
        .map(|f| {
            (
                f.id,
                if f.text.contains("\r\n") {
                    "\r\n"
                } else {
                    "\n"
                },
            )
        })
        .collect();
    let assembled = accounts::assemble(table, anchor);
    problems.extend(assembled.problems);
    Document {
        client: Client::Thunderbird,
        format: FORMAT,
        sources: files.iter().map(|f| f.id).collect(),
        accounts: assembled.accounts,
        problems,
        skipped: assembled.skipped,
        suppressions,
        secrets,
        file_problems: Vec::new(),
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
    if text.starts_with("// Mozilla User Preferences") {
        return true;
    }
    // `user_pref(` anywhere, or `pref(` at a line's start: one search for
    // `pref(` decides most files (every file met is asked, most are not
    // prefs), then its occurrences are looked at.
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"pref(")
        .any(|at| at == 0 || bytes[at - 1] == b'\n' || bytes[..at].ends_with(b"user_"))
}

/// Thunderbird's data roots (the folders holding `profiles.ini`) on Linux
/// (native, snap, flatpak), macOS and Windows. All are tried on every system:
/// a copied home folder keeps its layout whatever system reads it.
pub fn roots(home: &Home) -> Vec<PathBuf> {
    let mut candidates: Vec<PathBuf> = [
        ".thunderbird",
        "snap/thunderbird/common/.thunderbird",
        ".var/app/org.mozilla.Thunderbird/.thunderbird",
        ".var/app/net.thunderbird.Thunderbird/.thunderbird",
        "Library/Thunderbird",
        "AppData/Roaming/Thunderbird",
    ]
    .iter()
    .map(|rel| home.home.join(rel))
    .collect();
    if let Some(appdata) = &home.appdata {
        candidates.push(appdata.join("Thunderbird"));
    }
    candidates
}

/// Every Thunderbird root looked at, with whether it holds profiles.
fn places(home: &Home) -> Vec<Searched> {
    dedup(roots(home))
        .into_iter()
        .map(|path| Searched {
            client: "Thunderbird",
            found: is_root(&path),
            path,
        })
        .collect()
}

fn is_root(path: &Path) -> bool {
    path.join("profiles.ini").is_file() || path.join("Profiles").is_dir()
}

#[cfg(test)]
mod sniff_tests {
    use super::looks_like_prefs;

    /// The sniff as first written, four searches: the one search must agree.
    fn by_four_searches(text: &str) -> bool {
        text.contains("user_pref(")
            || text.starts_with("// Mozilla User Preferences")
            || text.contains("\npref(")
            || text.starts_with("pref(")
    }

    #[test]
    fn one_search_agrees_with_four() {
        for text in [
            "",
            "pref(\"a\", 1);",
            "x\npref(\"a\", 1);",
            "x\r\npref(\"a\", 1);",
            "user_pref(\"a\", 1);",
            "  user_pref(\"a\", 1);",
            "xpref(\"a\", 1);",
            "_pref(",
            "ser_pref(",
            "// Mozilla User Preferences\n",
            "<clientConfig version=\"1.1\"><!-- pref( --></clientConfig>",
            "<a>user_pref(</a>",
            "pref",
            "\npref",
        ] {
            assert_eq!(looks_like_prefs(text), by_four_searches(text), "{text:?}");
        }
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;
    use crate::source::SourceId;

    fn file(id: u32, name: &str, text: &str) -> SourceFile {
        SourceFile::from_bytes(SourceId(id), name, text.as_bytes())
    }

    /// A file the four-byte offsets cannot hold is refused whole (ML003,
    /// too large), never read in part; the limit is lowered to test it.
    #[test]
    fn a_file_past_the_offsets_limit_is_refused_not_cut() {
        let text = "user_pref(\"mail.accountmanager.accounts\", \"a\");\n\
                    user_pref(\"mail.account.a.server\", \"s\");\n\
                    user_pref(\"mail.server.s.hostname\", \"h\");\n\
                    user_pref(\"mail.server.s.type\", \"imap\");\n";
        let prefs = file(0, "prefs.js", text);
        let user = file(1, "user.js", "user_pref(\"x\", 1);\n");
        let read = read_profile_within(&[&prefs, &user], text.len());
        assert_eq!(read.accounts.len(), 1);
        assert!(read.file_problems.is_empty());
        let refused = read_profile_within(&[&prefs, &user], text.len() - 1);
        assert!(refused.accounts.is_empty());
        assert!(refused.problems.is_empty());
        assert_eq!(refused.sources, vec![SourceId(0), SourceId(1)]);
        assert_eq!(refused.file_problems.len(), 1);
        assert_eq!(refused.file_problems[0].span, Span::new(SourceId(0), 0, 0));
        assert_eq!(
            refused.file_problems[0].kind,
            FileProblemKind::TooLarge {
                size: text.len() as u64,
                max: text.len() as u64 - 1,
            }
        );
    }
}
