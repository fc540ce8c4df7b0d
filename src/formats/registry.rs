//! The reader descriptor: everything the rest of maillint needs to know about
//! one reader, declared once in the reader's own module. The table of them
//! ([`super::READERS`]) drives detection, the folder walk, discovery,
//! reading, the invariants test and the fuzz target list.

use std::ffi::OsString;
use std::fs::FileType;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::discover::{Home, Searched};
use crate::model::{Client, Document, Format};
use crate::source::SourceFile;

/// Named byte ranges of a binary file.
pub type Regions = fn(&[u8]) -> Vec<(Range<usize>, String)>;

/// One reader.
pub struct Reader {
    /// Stable id of what it reads; the document's `format` in reports and
    /// JSON (`prefs-js`).
    pub format: Format,
    /// The programs whose files it reads (for the docs and tests).
    pub clients: &'static [Client],
    /// How it recognises a file by content. Content decides over the name.
    pub sniff: Sniff,
    /// File names (lower case) it reads when the content says nothing.
    pub names: &'static [&'static str],
    /// File name endings (lower case, `.reg`) it reads when the content says
    /// nothing.
    pub extensions: &'static [&'static str],
    /// Name endings a folder walk looks inside: wider than `names` and
    /// `extensions` (`customer1_prefs.js`, a copied `old_accountrc`); content
    /// then decides.
    pub walk: &'static [&'static str],
    /// How files group into one unit of input.
    pub unit: Grouping,
    /// Set for binary files (read as bytes, never decoded): the named byte
    /// ranges for reports (see [`SourceFile::regions`]).
    pub binary: Option<Regions>,
    /// Where discovery looks for the client's files on this machine.
    pub discover: Option<fn(&Home) -> Vec<Searched>>,
    /// Read one unit.
    pub read: fn(&[&SourceFile]) -> Document,
    /// Its fuzz target (`fuzz/fuzz_targets/<name>.rs`) and the file name the
    /// invariants test and the target give the input.
    pub fuzz: Fuzz,
    /// `module_path!()` of the module declaring it (the fuzz target names
    /// `<module>::READER`; a test checks it).
    pub module: &'static str,
}

/// How a reader recognises content.
#[derive(Clone, Copy)]
pub enum Sniff {
    /// By the decoded text.
    Text(fn(&str) -> bool),
    /// By the raw bytes (binary formats; tried before any decoding, and
    /// again on the decoded text in table order).
    Bytes(fn(&[u8]) -> bool),
}

/// How the files a reader reads group into one unit.
#[derive(Clone, Copy)]
pub enum Grouping {
    /// Each file is a unit.
    File,
    /// A folder holding any of these files (in this order) is one unit,
    /// and a walk does not go deeper (a Thunderbird profile: `prefs.js`
    /// then `user.js`). A file of another name is a unit of its own.
    Folder(&'static [&'static str]),
    /// Every file of a folder with this extension is one unit, and a walk
    /// does not go deeper (Evolution's `sources`, whose files link to each
    /// other by UID).
    FolderByExtension(&'static str),
    /// The file lists folders that `of` reads (`profiles.ini`); it is read
    /// while planning, and a folder holding it is always looked at.
    Lists {
        folders: fn(&SourceFile) -> Vec<PathBuf>,
        of: &'static Reader,
    },
}

/// A reader's fuzz target.
#[derive(Clone, Copy)]
pub struct Fuzz {
    /// `fuzz/fuzz_targets/<target>.rs`, a `[[bin]]` of `fuzz/Cargo.toml`.
    pub target: &'static str,
    /// The path the input is given (some readers look at the name).
    pub sample_name: &'static str,
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Reader").field(&self.format.label()).finish()
    }
}

impl PartialEq for Reader {
    fn eq(&self, other: &Reader) -> bool {
        self.format == other.format
    }
}

impl Reader {
    /// Whether the unit's files are read as bytes, not decoded text.
    pub fn reads_binary(&self) -> bool {
        self.binary.is_some()
    }

    /// Named byte ranges of a binary file, for reports.
    pub fn binary_regions(&self, bytes: &[u8]) -> Vec<(Range<usize>, String)> {
        self.binary.map(|f| f(bytes)).unwrap_or_default()
    }

    /// Whether its content test passes on `text`.
    pub fn sniffs_text(&self, text: &str) -> bool {
        match self.sniff {
            Sniff::Text(f) => f(text),
            Sniff::Bytes(f) => f(text.as_bytes()),
        }
    }

    /// Whether it reads a file of this (lower-case) name without content.
    pub fn knows_name(&self, name: &str) -> bool {
        self.names.contains(&name) || self.extensions.iter().any(|e| name.ends_with(e))
    }

    /// The files of `dir` that make one unit for a folder-grouped reader, in
    /// reading order (empty for other readers, or when there are none).
    pub fn folder_files(&self, dir: &Path) -> Vec<PathBuf> {
        match self.unit {
            Grouping::Folder(names) => names
                .iter()
                .map(|n| dir.join(n))
                .filter(|p| p.is_file())
                .collect(),
            Grouping::FolderByExtension(ext) => files_with_extension(dir, ext),
            Grouping::File | Grouping::Lists { .. } => Vec::new(),
        }
    }

    /// Whether `dir` is one unit of this reader: whether
    /// [`Reader::folder_files`] would find any, judged from the folder's
    /// `listing` (names and the listing's file types) that a walk has
    /// already read, without reading the folder again or asking the file
    /// system of each name (issue 15: a folder of 1,000 templates was read
    /// twice). A link is followed, as `is_file` follows it.
    pub fn reads_folder(&self, dir: &Path, listing: &[(OsString, FileType)]) -> bool {
        let is_file = |name: &OsString, t: &FileType| {
            t.is_file() || (t.is_symlink() && dir.join(name).is_file())
        };
        match self.unit {
            Grouping::Folder(names) => listing.iter().any(|(n, t)| {
                names.iter().any(|m| n.as_encoded_bytes() == m.as_bytes()) && is_file(n, t)
            }),
            Grouping::FolderByExtension(ext) => listing
                .iter()
                .any(|(n, t)| has_extension(n, ext) && is_file(n, t)),
            Grouping::File | Grouping::Lists { .. } => false,
        }
    }
}

/// `Path::new(name).extension() == Some(ext)`, on the name's bytes when it
/// is one component (a name of a folder's listing): `Path` parses it into
/// components first (335 instructions a name, every name of every folder a
/// walk enters; issue 15). The extension is what follows the last `.`, when
/// something other than nothing precedes it.
pub(crate) fn has_extension(name: &std::ffi::OsStr, ext: &str) -> bool {
    let bytes = name.as_encoded_bytes();
    if bytes.contains(&b'/') || bytes.contains(&b'\\') {
        return Path::new(name).extension().is_some_and(|e| e == ext);
    }
    match bytes.iter().rposition(|&b| b == b'.') {
        // `..` has no extension; nor has `.name` (nothing before the dot).
        Some(dot) if dot > 0 && bytes != b".." => &bytes[dot + 1..] == ext.as_bytes(),
        _ => false,
    }
}

/// The files of a folder with extension `ext`, sorted.
fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        // The name first: asking the file system costs a system call a file.
        .filter(|p| p.extension().is_some_and(|e| e == ext) && p.is_file())
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_extension_is_the_paths_extension() {
        let parts = [
            "", ".", "..", "a", "source", ".source", "b.c", "日本", "/", "\\",
        ];
        let mut names = Vec::new();
        for a in parts {
            for b in parts {
                for c in parts {
                    names.push(format!("{a}{b}{c}"));
                    names.push(format!("{a}.{b}{c}"));
                    names.push(format!("{a}{b}.{c}"));
                }
            }
        }
        for name in &names {
            let name = std::ffi::OsStr::new(name);
            for ext in ["source", "c", "a", "", "b.c"] {
                assert_eq!(
                    has_extension(name, ext),
                    Path::new(name).extension().is_some_and(|e| e == ext),
                    "{name:?} {ext:?}"
                );
            }
        }
    }
}
