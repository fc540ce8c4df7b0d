//! Where a diagnostic is, in the forms CI tools want: a path relative to the
//! current folder with `/` separators, a URI for SARIF, line and columns.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::source::{Position, SourceFile, SourceMap, position_in_line};

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
        start: file.position(d.span.start as usize),
        end: file.position(d.span.end as usize),
    })
}

/// Positions of offsets asked near each other (the values of one account,
/// the findings of a chunk in their order): each line is found by
/// galloping from the line of the last offset asked, not by a binary
/// search over every line of the file (issue 15: 260 instructions a value
/// in a 10 MB file of 146,000 lines, 23 M a report). The same positions
/// as [`SourceFile::position`] (held to it by the tests).
#[derive(Default)]
pub struct Near {
    /// The file of the last offset asked (its id), and that offset's line
    /// (0-based).
    last: Option<(crate::source::SourceId, usize)>,
}

impl Near {
    pub fn new() -> Near {
        Near::default()
    }

    /// `file.position(offset)`.
    pub fn position(&mut self, file: &SourceFile, offset: usize) -> Position {
        let from = match self.last {
            Some((id, line)) if id == file.id && !file.is_binary => line,
            _ => {
                let p = file.position(offset);
                self.last = (!file.is_binary).then_some((file.id, p.line - 1));
                return p;
            }
        };
        let text = file.text.as_str();
        let offset = offset.min(text.len());
        let line = line_near(&file.lines, from, offset);
        self.last = Some((file.id, line));
        let start = file.lines.line_start(line + 1).unwrap_or(0);
        position_in_line(text, line, start, offset)
    }
}

/// The 0-based line of `lines` holding `offset` (the last line whose start
/// is at most `offset`), found from line `from` by steps of 1, 2, 4, ...
/// towards it, then by halving the last step.
fn line_near(lines: &crate::source::LineIndex, from: usize, offset: usize) -> usize {
    let count = lines.line_count();
    // Line 0 starts at 0; a line past the last starts nowhere.
    let start = |l: usize| lines.line_start(l + 1).unwrap_or(usize::MAX);
    let from = from.min(count.saturating_sub(1));
    // `start(lo) <= offset < start(hi)`, `hi` = `count` for "no line".
    let (mut lo, mut hi);
    if start(from) <= offset {
        lo = from;
        let mut step = 1;
        loop {
            let probe = lo + step;
            if probe >= count {
                hi = count;
                break;
            }
            if start(probe) <= offset {
                lo = probe;
                step *= 2;
            } else {
                hi = probe;
                break;
            }
        }
    } else {
        hi = from;
        let mut step = 1;
        loop {
            if step > hi {
                lo = 0;
                break;
            }
            let probe = hi - step;
            if start(probe) <= offset {
                lo = probe;
                break;
            }
            hi = probe;
            step *= 2;
        }
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if start(mid) <= offset {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
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

    /// `Near` gives what `SourceFile::position` gives, for every offset of
    /// every corpus and fixture file (and past its end), asked in order,
    /// backwards, and in jumps of every size, through several files.
    #[test]
    fn near_positions_are_the_file_positions() {
        use crate::source::{SourceFile, SourceId};
        let mut files: Vec<SourceFile> = crate::test_files::corpus_and_fixtures()
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let bytes = std::fs::read(p).ok()?;
                Some(SourceFile::from_bytes(
                    SourceId(i as u32),
                    p.clone(),
                    &bytes,
                ))
            })
            .collect();
        for (i, text) in ["", "a", "\n\n\r\n\r\rx", "日本\r\n語\nabc\u{1F600}\r"]
            .iter()
            .enumerate()
        {
            files.push(SourceFile::from_bytes(
                SourceId(100_000 + i as u32),
                "t.txt",
                text.as_bytes(),
            ));
        }
        let mut near = Near::new();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for f in &files {
            let len = f.text.len().max(f.bytes.len());
            // Every offset of a small file; a long one's first and last
            // 2,000 (a long line makes each position cost its length).
            let every = |r: std::ops::RangeInclusive<usize>| {
                r.filter(move |&o| len <= 8_000 || o < 2_000 || o + 2_000 > len)
            };
            let offsets: Vec<usize> = every(0..=len + 2)
                .chain(every(0..=len + 2).rev())
                .chain((0..500).map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % (len as u64 + 3)) as usize
                }))
                .collect();
            for o in offsets {
                assert_eq!(near.position(f, o), f.position(o), "{:?} at {o}", f.path);
            }
        }
    }

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
