//! Where a diagnostic is, in the forms CI tools want: a path relative to the
//! current folder with `/` separators, a URI for SARIF, line and columns.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::source::{Position, SourceFile, SourceMap};

/// A diagnostic's file and the positions of its primary span.
pub struct Place<'a> {
    pub file: &'a SourceFile,
    pub start: Position,
    pub end: Position,
}

pub fn place<'a>(d: &Diagnostic, sources: &'a SourceMap) -> Option<Place<'a>> {
    let file = sources.get(d.span.source)?;
    Some(Place {
        file,
        start: file.position(d.span.start),
        end: file.position(d.span.end),
    })
}

/// `path` relative to the current folder when it is inside it, else as
/// given; always with `/` separators (GitHub and SARIF want those).
pub fn relative_path(path: &Path) -> String {
    let rel = relative_to_cwd(path).unwrap_or_else(|| path.to_path_buf());
    let s = rel.display().to_string().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn relative_to_cwd(path: &Path) -> Option<PathBuf> {
    Here::new().relative(path)
}

/// A URI reference for SARIF's `artifactLocation.uri`: relative (and then
/// resolved against the checkout by GitHub) when the file is under the
/// current folder, else a `file://` URI. Reserved characters are escaped.
pub fn uri(path: &Path) -> String {
    Here::new().uri(path)
}

/// The current folder, asked once for the paths of a whole run (SARIF
/// works out every file's URI: asking the system for the current folder
/// and its canonical path per file cost 9,000 instructions a file).
pub struct Here {
    cwd: Option<PathBuf>,
    canonical: std::sync::OnceLock<Option<PathBuf>>,
}

impl Here {
    pub fn new() -> Here {
        Here {
            cwd: std::env::current_dir().ok(),
            canonical: std::sync::OnceLock::new(),
        }
    }

    fn relative(&self, path: &Path) -> Option<PathBuf> {
        if !path.is_absolute() {
            // Already relative to the current folder; drop `.` parts only.
            if path.components().any(|c| matches!(c, Component::ParentDir)) {
                return None;
            }
            return Some(
                path.components()
                    .filter(|c| *c != Component::CurDir)
                    .collect(),
            );
        }
        let cwd = self.cwd.as_ref()?;
        if let Ok(r) = path.strip_prefix(cwd) {
            return Some(r.to_path_buf());
        }
        // The current folder may be named through a symlink (macOS /tmp).
        let cwd = self
            .canonical
            .get_or_init(|| cwd.canonicalize().ok())
            .as_ref()?;
        let canon = path.canonicalize().ok()?;
        canon.strip_prefix(cwd).ok().map(Path::to_path_buf)
    }

    /// [`uri`] of `path`.
    pub fn uri(&self, path: &Path) -> String {
        match self.relative(path) {
            Some(rel) => encode(&rel.display().to_string().replace('\\', "/"), false),
            None => {
                let abs = match &self.cwd {
                    Some(d) if !path.is_absolute() => d.join(path),
                    _ => path.to_path_buf(),
                };
                let abs = normalise(&abs);
                let s = abs.display().to_string().replace('\\', "/");
                if s.starts_with('/') {
                    format!("file://{}", encode(&s, false))
                } else {
                    // A Windows path: file:///C:/...
                    format!("file:///{}", encode(&s, true))
                }
            }
        }
    }
}

impl Default for Here {
    fn default() -> Here {
        Here::new()
    }
}

/// `a/b/../c/./d` as `a/c/d`: the file's own path (symlinks resolved) when
/// it exists, else the same path with `.` and `..` taken out by their names.
/// A URI viewers compare and open must not hold `..`.
fn normalise(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Percent-encode everything but unreserved characters, `/` and (in a
/// Windows path) the drive's `:`.
fn encode(s: &str, drive: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, b) in s.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (drive && b == b':' && i == 1);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_and_uris() {
        assert_eq!(relative_path(Path::new("./a/b c.js")), "a/b c.js");
        assert_eq!(uri(Path::new("a/b c/日.js")), "a/b%20c/%E6%97%A5.js");
        let cwd = std::env::current_dir().expect("cwd");
        assert_eq!(relative_path(&cwd.join("x/prefs.js")), "x/prefs.js");
        assert!(uri(Path::new("../elsewhere/p.js")).starts_with("file:///"));
        assert!(!uri(Path::new("../elsewhere/./x/../p.js")).contains(".."));
        assert_eq!(
            normalise(Path::new(
                "/srv/nonexistent-ci/templates/../templates/./x.js"
            )),
            PathBuf::from("/srv/nonexistent-ci/templates/x.js")
        );
    }
}
