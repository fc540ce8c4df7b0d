//! `per-file-ignores`: rules switched off for files matching a glob.
//!
//! A glob is matched against the file's path relative to the folder of the
//! configuration file (with `/` separators), against each folder on that path
//! (so `legacy` covers everything under `legacy/`), and against the bare file
//! name (so `user.js` covers every `user.js`). `*` stays within one folder;
//! `**` crosses folders.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobMatcher};

use crate::rules::selector_matches;

#[derive(Clone, Debug)]
struct Entry {
    glob: String,
    matcher: GlobMatcher,
    rules: Vec<String>,
}

/// A pattern that does not compile: the pattern, and globset's reason
/// (English; the Japanese message says the pattern cannot be read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobError {
    pub glob: String,
    pub reason: String,
}

/// The compiled `per-file-ignores` table.
#[derive(Clone, Debug, Default)]
pub struct PerFileIgnores {
    /// The folder globs are relative to (the configuration file's).
    base: PathBuf,
    entries: Vec<Entry>,
}

impl PerFileIgnores {
    /// Compile `glob → rules` pairs. The error names the glob and the
    /// matcher's reason.
    pub fn new(base: &Path, pairs: Vec<(String, Vec<String>)>) -> Result<Self, GlobError> {
        let mut entries = Vec::new();
        for (glob, rules) in pairs {
            let matcher = GlobBuilder::new(&glob)
                .literal_separator(true)
                .build()
                .map(|g: Glob| g.compile_matcher())
                .map_err(|e| GlobError {
                    glob: glob.clone(),
                    reason: e.kind().to_string(),
                })?;
            entries.push(Entry {
                glob,
                matcher,
                rules,
            });
        }
        Ok(PerFileIgnores {
            base: absolute(base),
            entries,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `(glob, rules)` pairs, for `--show-settings`.
    pub fn describe(&self) -> Vec<(&str, &[String])> {
        self.entries
            .iter()
            .map(|e| (e.glob.as_str(), e.rules.as_slice()))
            .collect()
    }

    /// Whether the rule `code`/`name` is switched off for `path`.
    pub fn is_ignored(&self, path: &Path, code: &str, name: &str) -> bool {
        if self.entries.is_empty() {
            return false;
        }
        let candidates = self.candidates(path);
        self.entries.iter().any(|e| {
            e.rules.iter().any(|r| selector_matches(r, code, name))
                && candidates.iter().any(|c| e.matcher.is_match(c))
        })
    }

    /// The strings a glob is tried against: the relative path, each of its
    /// folders, and the file name.
    fn candidates(&self, path: &Path) -> Vec<String> {
        let abs = absolute(path);
        let rel = abs.strip_prefix(&self.base).unwrap_or(path);
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let mut out = Vec::new();
        for i in 1..=parts.len() {
            out.push(parts[..i].join("/"));
        }
        if let Some(name) = path.file_name() {
            out.push(name.to_string_lossy().into_owned());
        }
        out
    }
}

/// `path` made absolute against the current folder, with `.` and `..`
/// resolved by name (the file may be named through a symlink; no lookup).
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_relative_paths_folders_and_names() {
        let base = Path::new("/repo");
        let p = PerFileIgnores::new(
            base,
            vec![
                ("legacy".into(), vec!["ML4".into()]),
                ("templates/*.js".into(), vec!["spa-enabled".into()]),
                ("user.js".into(), vec!["ML101".into()]),
            ],
        )
        .expect("valid globs");
        assert!(p.is_ignored(
            Path::new("/repo/legacy/a/prefs.js"),
            "ML401",
            "smtp-port-25"
        ));
        assert!(!p.is_ignored(Path::new("/repo/legacy/a/prefs.js"), "ML301", "spa-enabled"));
        assert!(p.is_ignored(Path::new("/repo/templates/x.js"), "ML301", "spa-enabled"));
        assert!(!p.is_ignored(
            Path::new("/repo/templates/sub/x.js"),
            "ML301",
            "spa-enabled"
        ));
        assert!(p.is_ignored(
            Path::new("/elsewhere/p/user.js"),
            "ML101",
            "fullwidth-character"
        ));
        assert!(PerFileIgnores::new(base, vec![("[".into(), vec![])]).is_err());
    }
}
