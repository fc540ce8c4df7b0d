//! From the paths a user names to units of work: a unit is what one reader
//! reads as a whole (a Thunderbird profile is `prefs.js` plus `user.js`).

use crate::catalogue::ParseKind;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::discover::{self, Home};
use crate::formats::{self, ReaderKind, thunderbird};
use crate::model::{Client, Document, Format, ParseProblem};
use crate::source::{SourceFile, SourceId, Span};

#[derive(Clone, Debug)]
pub struct Unit {
    pub kind: ReaderKind,
    /// The files of the unit with the ids they will have.
    pub files: Vec<(SourceId, PathBuf)>,
}

/// The plan for a run: files read while planning (`profiles.ini`, files whose
/// format had to be sniffed) with what they yield, then the units to read.
#[derive(Debug, Default)]
pub struct Plan {
    pub preloaded: Vec<SourceFile>,
    pub documents: Vec<Document>,
    pub units: Vec<Unit>,
    /// Paths that cannot be read: one line each, exit code 2.
    pub errors: Vec<String>,
    next_id: u32,
    seen: HashSet<PathBuf>,
}

/// How deep a folder walk goes: enough for a copied home, not a whole disk.
const MAX_DEPTH: usize = 8;

impl Plan {
    fn id(&mut self) -> SourceId {
        let id = SourceId(self.next_id);
        self.next_id += 1;
        id
    }

    /// Plan the named paths.
    pub fn from_paths(paths: &[PathBuf]) -> Plan {
        let mut plan = Plan::default();
        for p in paths {
            match std::fs::metadata(p) {
                Ok(m) if m.is_dir() => plan.add_dir(p, 0),
                Ok(_) => plan.add_file(p, true),
                Err(e) => {
                    plan.errors
                        .push(format!("cannot read {}: {}", p.display(), io_reason(&e)))
                }
            }
        }
        plan
    }

    /// Plan what discovery finds under `home`.
    pub fn discover(home: &Home) -> Plan {
        let mut plan = Plan::default();
        if let Some(reg) = &home.registry {
            plan.add_registry(reg.as_ref());
        }
        for s in discover::search(home).into_iter().filter(|s| s.found) {
            if s.path.is_file() {
                plan.add_file(&s.path, false);
            } else {
                plan.add_dir(&s.path, 0);
            }
        }
        plan
    }

    /// The account keys of a registry, read as `.reg` exports are: one
    /// source per account root, whose places map back to keys and values.
    pub fn add_registry(&mut self, reg: &dyn crate::registry::Registry) {
        for e in crate::registry::export_accounts(reg) {
            let id = self.id();
            let mut file = SourceFile::registry(id, &e.key, e.text, e.places);
            let doc = formats::read(ReaderKind::RegExport, &[&file]);
            // Only placeholders stand for passwords here; masked all the same.
            file.redact(&crate::secrets::secret_spans(&doc));
            self.documents.push(doc);
            self.preloaded.push(file);
        }
    }

    fn first_visit(&mut self, path: &Path) -> bool {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.seen.insert(canonical)
    }

    /// A file: named by the user (`explicit`), or met in a folder walk.
    fn add_file(&mut self, path: &Path, explicit: bool) {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.errors
                    .push(format!("cannot read {}: {}", path.display(), io_reason(&e)));
                return;
            }
        };
        // A binary `.iaf` is recognised by its header, never decoded as text.
        if formats::outlook_express::iaf::looks_like_iaf(&bytes) {
            self.add_single(ReaderKind::Iaf, path);
            return;
        }
        let probe = SourceFile::from_bytes(SourceId(0), path, &bytes);
        match formats::detect(path, &probe.text) {
            Some(ReaderKind::ProfilesIni) => self.add_profiles_ini(path, bytes),
            Some(ReaderKind::ThunderbirdProfile) => match path.parent() {
                Some(dir) => self.add_profile(dir),
                None => self.add_single(ReaderKind::PrefsFile, path),
            },
            Some(ReaderKind::EvolutionSources) => match path.parent() {
                Some(dir) => self.add_evolution_sources(dir),
                None => self.add_single(ReaderKind::EvolutionSources, path),
            },
            Some(kind) => self.add_single(kind, path),
            None if explicit => self.unknown_format(path, bytes),
            None => {}
        }
    }

    fn add_single(&mut self, kind: ReaderKind, path: &Path) {
        if self.first_visit(path) {
            let id = self.id();
            self.units.push(Unit {
                kind,
                files: vec![(id, path.to_path_buf())],
            });
        }
    }

    /// A file named on the command line that no reader knows: a finding,
    /// not a crash, so that the rest of the run still reports.
    fn unknown_format(&mut self, path: &Path, bytes: Vec<u8>) {
        if !self.first_visit(path) {
            return;
        }
        let id = self.id();
        let file = SourceFile::from_bytes(id, path, &bytes);
        let first_line = file.text.find(['\n', '\r']).unwrap_or(file.text.len());
        let end = crate::source::floor_char_boundary(&file.text, first_line.min(200));
        let mut doc = Document::new(Client::Unknown, Format::Unknown, vec![id]);
        doc.problems.push(ParseProblem {
            kind: ParseKind::UnknownFormat,
            span: Span::new(id, 0, end),
            detail: None,
            related: Vec::new(),
        });
        self.documents.push(doc);
        self.preloaded.push(file);
    }

    fn add_dir(&mut self, dir: &Path, depth: usize) {
        if dir.join("profiles.ini").is_file() {
            // Profiles not listed there (a copied profile folder) are still
            // found by the walk below.
            self.add_file(&dir.join("profiles.ini"), false);
        }
        if dir.join("prefs.js").is_file() || dir.join("user.js").is_file() {
            self.add_profile(dir);
            return;
        }
        if !source_files(dir).is_empty() {
            self.add_evolution_sources(dir);
            return;
        }
        if depth >= MAX_DEPTH {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            if depth == 0 {
                self.errors
                    .push(format!("cannot read folder {}", dir.display()));
            }
            return;
        };
        let mut children: Vec<(PathBuf, bool)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let t = e.file_type().ok()?;
                Some((e.path(), t.is_dir()))
            })
            .collect();
        children.sort();
        for (child, is_dir) in children {
            if is_dir {
                if !never_holds_settings(&child) {
                    self.add_dir(&child, depth + 1);
                }
            } else if formats::worth_sniffing(&child) {
                self.add_file(&child, false);
            }
        }
    }

    fn add_profile(&mut self, dir: &Path) {
        if !self.first_visit(dir) {
            return;
        }
        let mut files = Vec::new();
        for name in ["prefs.js", "user.js"] {
            let p = dir.join(name);
            if p.is_file() {
                let id = self.id();
                files.push((id, p));
            }
        }
        if !files.is_empty() {
            self.units.push(Unit {
                kind: ReaderKind::ThunderbirdProfile,
                files,
            });
        }
    }

    /// An Evolution `sources` folder: all its `*.source` files are one unit,
    /// since accounts, identities and transports link to each other by UID.
    fn add_evolution_sources(&mut self, dir: &Path) {
        if !self.first_visit(dir) {
            return;
        }
        let mut files = Vec::new();
        for p in source_files(dir) {
            let id = self.id();
            files.push((id, p));
        }
        if !files.is_empty() {
            self.units.push(Unit {
                kind: ReaderKind::EvolutionSources,
                files,
            });
        }
    }

    fn add_profiles_ini(&mut self, path: &Path, bytes: Vec<u8>) {
        if !self.first_visit(path) {
            return;
        }
        let id = self.id();
        let file = SourceFile::from_bytes(id, path, &bytes);
        let mut problems = Vec::new();
        for profile in thunderbird::profiles::read_profiles_ini(&file) {
            if profile.path.is_dir() {
                self.add_profile(&profile.path);
            } else {
                problems.push(ParseProblem {
                    kind: ParseKind::MissingProfile,
                    span: profile.path_span,
                    detail: Some(profile.path.display().to_string()),
                    related: Vec::new(),
                });
            }
        }
        let mut doc = Document::new(Client::Thunderbird, Format::ProfilesIni, vec![id]);
        doc.problems = problems;
        doc.suppressions = thunderbird::profiles::suppressions(&file);
        self.documents.push(doc);
        self.preloaded.push(file);
    }
}

/// The `*.source` files of a folder, sorted.
fn source_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "source"))
        .collect();
    files.sort();
    files
}

/// Folders a walk does not enter: version control, package and build trees,
/// caches, and Thunderbird's IMAP message store. Walking them would read
/// thousands of files for nothing when a user names `~`. Names a template
/// repository might use (`mail`, `templates`) are never on this list.
fn never_holds_settings(dir: &Path) -> bool {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        name.as_str(),
        ".git"
            | ".hg"
            | ".svn"
            | "node_modules"
            | "target"
            | "__pycache__"
            | ".cache"
            | "cache2"
            | "imapmail"
            | "crashes"
            | "minidumps"
    )
}

/// The OS error without Rust's "(os error 2)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
