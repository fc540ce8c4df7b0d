//! A path's folder and name, fast for the plain paths of a folder walk.
//!
//! `Path::parent` and `Path::file_name` parse the path into components from
//! its end, about 500 to 900 instructions each on the paths of a walk; the
//! planning of 1,000 templates asked them 3,500 times on its one thread
//! (issue 15). A plain Unix path (no empty, `.` or `..` component, no
//! trailing separator) splits at its last `/` with the same answers; any
//! other path, and every path elsewhere than Unix, asks the standard library.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// `(path.parent(), path.file_name())`, the same values.
pub fn split(path: &Path) -> (Option<&Path>, Option<&OsStr>) {
    #[cfg(unix)]
    if let Some(parts) = split_plain(path) {
        return parts;
    }
    (path.parent(), path.file_name())
}

/// `path.file_name()`, the same value.
pub fn name(path: &Path) -> Option<&OsStr> {
    split(path).1
}

/// `dir.join(name)` for a name read from `dir`'s listing (no separator in
/// it), in one allocation: `join` copies `dir`, then grows the copy for the
/// name, and `push` looks at both for separators (every file of a walk;
/// issue 15).
pub fn join_name(dir: &Path, name: &OsStr) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::{OsStrExt, OsStringExt};
        let (d, n) = (dir.as_os_str().as_bytes(), name.as_bytes());
        if !n.is_empty() && !n.contains(&b'/') {
            let mut path = Vec::with_capacity(d.len() + 1 + n.len());
            path.extend_from_slice(d);
            // `push` adds a separator unless the folder is empty or ends in one.
            if !d.is_empty() && !d.ends_with(b"/") {
                path.push(b'/');
            }
            path.extend_from_slice(n);
            return PathBuf::from(std::ffi::OsString::from_vec(path));
        }
    }
    let mut path = PathBuf::with_capacity(dir.as_os_str().len() + 1 + name.len());
    path.push(dir);
    path.push(name);
    path
}

/// The split of a plain path, or `None` when the path is not plain.
#[cfg(unix)]
fn split_plain(path: &Path) -> Option<(Option<&Path>, Option<&OsStr>)> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    if !is_plain(bytes) {
        return None;
    }
    Some(match memchr::memrchr(b'/', bytes) {
        // `a`: its parent is the empty path.
        None => (Some(Path::new("")), Some(OsStr::from_bytes(bytes))),
        // `/a`: the root.
        Some(0) => (Some(Path::new("/")), Some(OsStr::from_bytes(&bytes[1..]))),
        Some(i) => (
            Some(Path::new(OsStr::from_bytes(&bytes[..i]))),
            Some(OsStr::from_bytes(&bytes[i + 1..])),
        ),
    })
}

/// Not empty, not ending in `/`, no empty component (`//`), no `.`
/// component, and a last component other than `..` (a `..` before the last
/// is a component like any other for `parent`). Looked at only where a `/`
/// is: a walk's path has a handful.
#[cfg(unix)]
fn is_plain(bytes: &[u8]) -> bool {
    if bytes.is_empty()
        || bytes.ends_with(b"/")
        || bytes.ends_with(b"/.")
        || bytes.ends_with(b"/..")
        || bytes == b"."
        || bytes == b".."
        || bytes.starts_with(b"./")
    {
        return false;
    }
    memchr::memchr_iter(b'/', bytes).all(|i| match bytes.get(i + 1) {
        Some(b'/') => false,
        Some(b'.') => bytes.get(i + 2).is_some_and(|&b| b != b'/'),
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_standard_library() {
        let parts = [
            "", "/", "a", "b.xml", ".", "..", ".hidden", "x..", "日本", "a b", "//",
        ];
        let mut paths = Vec::new();
        for a in parts {
            for b in parts {
                for c in parts {
                    paths.push(format!("{a}/{b}/{c}"));
                    paths.push(format!("{a}{b}/{c}"));
                    paths.push(format!("{a}/{b}{c}"));
                    paths.push(format!("{a}{b}{c}"));
                }
            }
        }
        paths.push("/work/bench/out/templates-1000/template-0001.xml".into());
        let mut paths: Vec<std::ffi::OsString> = paths.into_iter().map(Into::into).collect();
        {
            use std::os::unix::ffi::OsStringExt;
            // Names that are not UTF-8 (a Shift_JIS name on a Unix disk).
            paths.push(std::ffi::OsString::from_vec(
                b"/tmp/\x93\xfa/\x96\x7b.js".to_vec(),
            ));
        }
        for p in &paths {
            let p = Path::new(p);
            if let (Some(dir), Some(name)) = (p.parent(), p.file_name()) {
                assert_eq!(join_name(dir, name), dir.join(name), "{p:?}");
                assert_eq!(join_name(p, name), p.join(name), "{p:?}");
            }
            assert_eq!(split(p), (p.parent(), p.file_name()), "{p:?}");
            assert_eq!(name(p), p.file_name(), "{p:?}");
        }
    }
}
