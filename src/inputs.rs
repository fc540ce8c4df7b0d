//! From the paths a user names to units of work: a unit is what one reader
//! reads as a whole (a Thunderbird profile is `prefs.js` plus `user.js`).

use crate::catalogue::ParseKind;
use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::discover::{self, Home};
use crate::formats::{self, Grouping, Reader};
use crate::model::{
    Client, Document, FileProblem, FileProblemKind, Format, ParseProblem, SkipKind, Skipped,
};
use crate::source::read::{HEAD_LEN, ReadError, looks_binary, read_bounded, read_head};
use crate::source::{SourceFile, SourceId, Span};
use crate::tables::Ui;
use crate::workers::Workers;

#[derive(Clone, Debug)]
pub struct Unit {
    pub reader: &'static Reader,
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
    /// Contents read already, by the path their unit names: standard input
    /// under its `--stdin-filename`, and small files whose head read while
    /// planning was the whole file (each file is then opened once, not
    /// twice: system calls were a third of the time of a folder of small
    /// templates, docs/performance.md). Read from here, not from the disk.
    pub held: Held,
    /// The bytes of files kept in `held`, bounded by [`HELD_BUDGET`].
    held_bytes: usize,
    next_id: u32,
    /// Canonical paths planned, as their bytes with their hash: a canonical
    /// path has one spelling, so its bytes are its identity, and hashing
    /// them (ahash) costs a fraction of `Path`'s hash, which splits the path
    /// into components (2.7 M of the main thread's 19 M for 1,000
    /// templates). The hash is kept beside the path: a folder walk's files
    /// are hashed on the workers (`seen_state`), and growing the table does
    /// not hash them again.
    seen: hashbrown::HashTable<(u64, std::ffi::OsString)>,
    /// The hasher of `seen`.
    seen_state: ahash::RandomState,
    /// Folders made canonical, for `canonical` (a folder's files share it).
    canonical_dirs: HashMap<PathBuf, Option<PathBuf>, ahash::RandomState>,
    /// The last folder looked up in `canonical_dirs`, and its canonical path.
    last_dir: Option<(PathBuf, Option<PathBuf>)>,
    /// The threads that sniff the files of a folder (`--threads`).
    workers: Workers,
    /// Tests: every file of a walk planned by `add_sniffed`, the way all
    /// were before `Walked::Single` (the oracle of the fast path).
    #[cfg(test)]
    slow_walk: bool,
}

/// Contents read while planning, by the id of the file a unit reads them as.
#[derive(Debug, Default)]
pub struct Held {
    /// Each behind its own lock so that the thread reading a file can take
    /// its bytes (a file is in one unit: the locks are never contended) and
    /// decode them in place instead of copying them.
    by_id: Vec<Mutex<Option<Vec<u8>>>>,
}

impl Held {
    fn insert(&mut self, id: SourceId, bytes: Vec<u8>) {
        let i = id.0 as usize;
        if self.by_id.len() <= i {
            self.by_id.resize_with(i + 1, Mutex::default);
        }
        self.by_id[i] = Mutex::new(Some(bytes));
    }

    /// The bytes held for `id`, if planning read them; taken, so asked once.
    pub fn take(&self, id: SourceId) -> Option<Vec<u8>> {
        let slot = self.by_id.get(id.0 as usize)?;
        // A poisoned lock (a reader panicked on another file of the same
        // unit, which cannot happen: one thread reads a unit) still holds
        // the bytes.
        let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        slot.take()
    }
}

/// What the first bytes of a file say it is (read and decided on any
/// thread; planned in the walk's order).
struct Head {
    bytes: Vec<u8>,
    /// The head is the whole file (it ended before [`HEAD_LEN`]).
    whole: bool,
    kind: HeadKind,
}

/// At most this many bytes of whole small files are kept from planning to
/// reading: the rest are read again (a folder of 100,000 templates is not
/// held in memory at once).
const HELD_BUDGET: usize = 16 * 1024 * 1024;

enum HeadKind {
    /// A binary format a reader knows (`.iaf`).
    Binary(&'static Reader),
    /// Other binary data (a mailbox, a `.pst`).
    OtherBinary,
    /// Text: the reader its content or name points to, if any.
    Text(Option<&'static Reader>),
}

impl Head {
    /// Without the bytes, unless planning needs them (a list of folders,
    /// read at once) or they are the whole of a file some reader reads
    /// (kept for the run, within [`HELD_BUDGET`]): a folder of many other
    /// files holds only their verdicts.
    fn lean(mut self) -> Head {
        let keep = match self.kind {
            HeadKind::Text(Some(r)) => self.whole || matches!(r.unit, Grouping::Lists { .. }),
            HeadKind::Binary(_) => self.whole,
            HeadKind::Text(None) | HeadKind::OtherBinary => false,
        };
        if !keep {
            self.bytes = Vec::new();
        }
        self
    }
}

/// Read the first bytes of `path` and tell what it is. `regular`: the walk
/// saw a regular file (not a link) in its folder's listing.
fn sniff(path: &Path, regular: bool) -> Result<Head, ReadError> {
    let bytes = read_head(path, HEAD_LEN, regular)?;
    let whole = (bytes.len() as u64) < HEAD_LEN;
    let kind = if let Some(reader) = formats::detect_binary(&bytes) {
        HeadKind::Binary(reader)
    } else if looks_binary(&bytes) {
        HeadKind::OtherBinary
    } else {
        // Decoded only (borrowed when UTF-8): no line index for a look at
        // the content.
        let probe = crate::source::decode::decode_borrowed(&bytes);
        HeadKind::Text(formats::detect(path, &probe))
    };
    Ok(Head { bytes, whole, kind })
}

/// An entry of a folder the walk goes on with.
enum Entry {
    Dir(PathBuf),
    /// A file, perhaps worth sniffing (asked on the workers); `regular`: the
    /// listing says a regular file (not a link).
    File {
        regular: bool,
    },
}

/// A file of a folder walk as a worker left it for planning.
enum Walked {
    /// A file that is a unit of its own (a template, a `.reg` export: nearly
    /// every file of a large folder), its canonical path made and hashed
    /// already: planning it is an insert into the seen-set and a push.
    Single {
        reader: &'static Reader,
        path: PathBuf,
        canonical: OsString,
        hash: u64,
        /// The whole file, when its head was all of it.
        bytes: Option<Vec<u8>>,
    },
    /// Anything else (an error, a profile's file, a list of folders, a link):
    /// planned by [`Plan::add_sniffed`].
    Other {
        path: PathBuf,
        head: Result<Head, ReadError>,
    },
}

/// Read the head of the file `name` of the folder `dir` (canonical path
/// `here`, if known) and make what planning it needs, on a worker.
/// `None`: a name the walk does not look into.
fn walk_file(
    dir: &Path,
    here: Option<&Path>,
    name: &OsStr,
    regular: bool,
    seen_state: &ahash::RandomState,
    fast: bool,
) -> Option<Walked> {
    if !formats::worth_sniffing_name(name) {
        return None;
    }
    let path = crate::path_parts::join_name(dir, name);
    let head = sniff(&path, regular).map(Head::lean);
    let single = match (&head, here) {
        // A regular file (not a link) is its folder's canonical path and
        // its own name, as `Plan::canonical` makes it.
        (Ok(h), Some(here)) if regular && fast => single_reader(h, name).map(|r| (r, here)),
        _ => None,
    };
    Some(match (single, head) {
        (Some((reader, here)), Ok(Head { bytes, whole, .. })) => {
            // A folder that is its own canonical path (most are) gives the
            // path already made (a copy, not a second join).
            let canonical = if here.as_os_str() == dir.as_os_str() {
                path.clone().into_os_string()
            } else {
                crate::path_parts::join_name(here, name).into_os_string()
            };
            let hash = seen_state.hash_one(canonical.as_encoded_bytes());
            Walked::Single {
                reader,
                path,
                canonical,
                hash,
                bytes: whole.then_some(bytes),
            }
        }
        (_, head) => Walked::Other { path, head },
    })
}

/// The reader of a file met in a walk when the file is a unit of its own, as
/// [`Plan::add_sniffed`] decides: a binary format, or a text whose reader
/// groups neither by folder (a profile's `prefs.js`, Evolution's sources)
/// nor by list (`profiles.ini`).
fn single_reader(head: &Head, name: &OsStr) -> Option<&'static Reader> {
    match head.kind {
        HeadKind::Binary(reader) => Some(reader),
        HeadKind::Text(Some(reader)) => match reader.unit {
            Grouping::Lists { .. } | Grouping::FolderByExtension(_) => None,
            Grouping::Folder(names) => {
                let name = name.to_string_lossy().to_ascii_lowercase();
                (!names.contains(&name.as_str())).then_some(reader)
            }
            Grouping::File => Some(reader),
        },
        HeadKind::Text(None) | HeadKind::OtherBinary => None,
    }
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
        Plan::from_paths_on(paths, 0)
    }

    /// Plan the named paths, sniffing the files of a folder on `threads`
    /// threads (0: one per core): the plan is the same whatever the number.
    pub fn from_paths_on(paths: &[PathBuf], threads: usize) -> Plan {
        let mut plan = Plan {
            workers: Workers::new(threads),
            ..Plan::default()
        };
        for p in paths {
            match std::fs::metadata(p) {
                Ok(m) if m.is_dir() => plan.add_dir(p, 0),
                Ok(_) => plan.add_file(p, true),
                // A link whose target is gone: the link is there, so it is
                // a file that cannot be read, not a path that does not exist.
                Err(_) if std::fs::symlink_metadata(p).is_ok() => plan.add_file(p, true),
                Err(e) => plan.errors.push(cannot_read(p, io_reason(&e))),
            }
        }
        plan
    }

    /// Standard input (`check -`), named `name` (`--stdin-filename`, else
    /// `-`): the name decides the reader when the content does not, and is
    /// what the output shows. It is one unit of its own, never a profile
    /// folder.
    pub fn from_stdin(name: &Path, bytes: Vec<u8>) -> Plan {
        let mut plan = Plan::default();
        let reader = formats::detect_binary(&bytes).or_else(|| {
            let probe = SourceFile::from_bytes(SourceId(0), name, &bytes);
            formats::detect(name, &probe.text)
        });
        match reader {
            Some(reader) => {
                let id = plan.id();
                plan.units.push(Unit {
                    reader,
                    files: vec![(id, name.to_path_buf())],
                });
                plan.held.insert(id, bytes);
            }
            None => plan.unknown_format(name, bytes),
        }
        plan
    }

    /// Plan what discovery finds under `home`.
    pub fn discover(home: &Home) -> Plan {
        Plan::discover_on(home, 0)
    }

    /// Plan what discovery finds under `home`, on `threads` threads.
    pub fn discover_on(home: &Home, threads: usize) -> Plan {
        let mut plan = Plan {
            workers: Workers::new(threads),
            ..Plan::default()
        };
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
            let file = SourceFile::registry(id, &e.key, e.text, e.places);
            // Only placeholders stand for passwords here; the pipeline masks
            // them all the same, as for every document the plan made.
            let doc = (formats::outlook_express::reg::READER.read)(&[&file]);
            self.documents.push(doc);
            self.preloaded.push(file);
        }
    }

    fn first_visit(&mut self, path: &Path) -> bool {
        self.first_visit_of(path, false)
    }

    /// `first_visit` of a file the walk saw as a regular file (not a link)
    /// in its folder's listing, when `regular`.
    fn first_visit_of(&mut self, path: &Path, regular: bool) -> bool {
        let canonical = self.canonical(path, regular).into_os_string();
        let hash = self.seen_state.hash_one(canonical.as_encoded_bytes());
        self.first_seen(canonical, hash)
    }

    /// Whether the canonical path `canonical` (hashed by `seen_state` as
    /// `hash`) is planned for the first time; it is planned now.
    fn first_seen(&mut self, canonical: OsString, hash: u64) -> bool {
        match self
            .seen
            .entry(hash, |(h, p)| *h == hash && *p == canonical, |(h, _)| *h)
        {
            hashbrown::hash_table::Entry::Occupied(_) => false,
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert((hash, canonical));
                true
            }
        }
    }

    /// `path` made canonical, to visit each file once. A file that is not a
    /// link is its folder's canonical path and its own name: one `lstat`
    /// instead of `realpath`'s `readlink` of every component and `getcwd`
    /// for each file of a folder (system calls were a third of the time of a
    /// folder of small templates, see docs/performance.md). Anything else
    /// (a link, a path ending in `..`, a bare name) goes through `realpath`.
    /// `regular`: the folder's listing said it is a regular file, so no
    /// `lstat` is needed to know it is not a link.
    fn canonical(&mut self, path: &Path, regular: bool) -> PathBuf {
        let plain_file = || {
            regular || std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_symlink())
        };
        if let (Some(parent), Some(name)) = crate::path_parts::split(path) {
            if !parent.as_os_str().is_empty() && plain_file() {
                // The files of a walk come folder by folder: the folder of
                // the last file is compared by its bytes before the table is
                // asked (a `Path` hashes component by component; issue 15).
                let dir = match &self.last_dir {
                    Some((p, dir)) if p.as_os_str() == parent.as_os_str() => dir,
                    _ => {
                        let dir = match self.canonical_dirs.get(parent) {
                            Some(dir) => dir.clone(),
                            None => self
                                .canonical_dirs
                                .entry(parent.to_path_buf())
                                .or_insert_with(|| parent.canonicalize().ok())
                                .clone(),
                        };
                        &self.last_dir.insert((parent.to_path_buf(), dir)).1
                    }
                };
                if let Some(dir) = dir {
                    return crate::path_parts::join_name(dir, name);
                }
            }
        }
        path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
    }

    /// A file: named by the user (`explicit`), or met in a folder walk.
    /// Only its first bytes are read to tell what it is; the run reads the
    /// whole of it, bounded.
    fn add_file(&mut self, path: &Path, explicit: bool) {
        self.add_sniffed(path, explicit, false, sniff(path, false));
    }

    /// A file whose first bytes were read and judged (`sniff`); `regular`:
    /// its folder's listing said it is a regular file.
    fn add_sniffed(
        &mut self,
        path: &Path,
        explicit: bool,
        regular: bool,
        head: Result<Head, ReadError>,
    ) {
        let Head { bytes, whole, kind } = match head {
            Ok(h) => h,
            Err(ReadError::NotRegular(kind)) if explicit => {
                self.errors.push(Ui::IoNotRegular.fill(
                    crate::i18n::messages_lang(),
                    &[
                        ("path", path.display().to_string()),
                        ("kind", kind_word(kind, crate::i18n::messages_lang())),
                    ],
                ));
                return;
            }
            Err(ReadError::NotRegular(kind)) => {
                let note = Skipped::new(path.display().to_string(), SkipKind::NotARegularFile)
                    .arg("kind", kind);
                self.unread(path, None, Some(note));
                return;
            }
            Err(e) => {
                let reason = match e {
                    ReadError::Io(e) => io_reason(&e),
                    other => other.to_string(),
                };
                self.unread(path, Some(FileProblemKind::Unreadable(reason)), None);
                return;
            }
        };
        let reader = match kind {
            // A binary file (`.iaf`) is recognised by its header, never decoded.
            HeadKind::Binary(reader) => {
                self.add_single(reader, path, regular);
                if whole {
                    self.hold(path, bytes);
                }
                return;
            }
            // Other binary data (a mailbox, a `.pst`): never read further.
            HeadKind::OtherBinary if explicit => {
                self.unread(path, Some(FileProblemKind::Binary), None);
                return;
            }
            HeadKind::OtherBinary => {
                let note = Skipped::new(path.display().to_string(), SkipKind::BinaryFile);
                self.unread(path, None, Some(note));
                return;
            }
            HeadKind::Text(Some(reader)) => reader,
            HeadKind::Text(None) => {
                if explicit {
                    self.unknown_format(path, bytes);
                }
                return;
            }
        };
        let (parent, name) = crate::path_parts::split(path);
        let name = name
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match (reader.unit, parent) {
            (Grouping::Lists { folders, of }, _) => {
                self.add_list(reader, folders, of, path, bytes);
                return;
            }
            // `prefs.js` stands for its profile; `customer1_prefs.js` for itself.
            (Grouping::Folder(names), Some(dir)) if names.contains(&name.as_str()) => {
                self.add_folder(reader, dir)
            }
            (Grouping::FolderByExtension(_), Some(dir)) => self.add_folder(reader, dir),
            _ => self.add_single(reader, path, regular),
        };
        if whole {
            self.hold(path, bytes);
        }
    }

    /// Keep the whole of a small file read while planning for the run
    /// (within [`HELD_BUDGET`]), when a unit just planned reads it.
    fn hold(&mut self, path: &Path, bytes: Vec<u8>) {
        let planned = self
            .units
            .last()
            .and_then(|u| u.files.iter().find(|(_, p)| p == path))
            .map(|(id, _)| *id);
        if let Some(id) = planned {
            self.hold_id(id, bytes);
        }
    }

    /// [`Plan::hold`] of the file whose id is `id`.
    fn hold_id(&mut self, id: SourceId, bytes: Vec<u8>) {
        if self.held_bytes + bytes.len() <= HELD_BUDGET {
            self.held_bytes += bytes.len();
            self.held.insert(id, bytes);
        }
    }

    /// A file of a folder walk, as its worker left it (`walk_file`).
    fn add_walked(&mut self, walked: Walked, regular: bool) {
        match walked {
            Walked::Single {
                reader,
                path,
                canonical,
                hash,
                bytes,
            } => {
                // As `add_single`, then `hold`, with what the worker made.
                if self.first_seen(canonical, hash) {
                    let id = self.id();
                    self.units.push(Unit {
                        reader,
                        files: vec![(id, path)],
                    });
                    if let Some(bytes) = bytes {
                        self.hold_id(id, bytes);
                    }
                }
            }
            Walked::Other { path, head } => self.add_sniffed(&path, false, regular, head),
        }
    }

    /// A file not read: a finding (ML003) or a note, on an empty text.
    fn unread(&mut self, path: &Path, problem: Option<FileProblemKind>, note: Option<Skipped>) {
        if !self.first_visit(path) {
            return;
        }
        // Only a note (a FIFO or binary data met in a walk): nothing was
        // read, so no file is counted; the note is printed on standard
        // error like a folder's, and a walk that found only such files has
        // nothing to check.
        if let (None, Some(note)) = (&problem, &note) {
            self.folder_note(note.clone());
            return;
        }
        let id = self.id();
        let mut doc = Document::new(Client::Unknown, Format::UNKNOWN, vec![id]);
        if let Some(kind) = problem {
            doc.file_problems.push(FileProblem {
                span: Span::new(id, 0, 0),
                kind,
            });
        }
        doc.skipped.extend(note);
        self.documents.push(doc);
        self.preloaded.push(SourceFile::from_bytes(id, path, b""));
    }

    /// One file, one unit (unless it was met before).
    fn add_single(&mut self, reader: &'static Reader, path: &Path, regular: bool) {
        if self.first_visit_of(path, regular) {
            let id = self.id();
            self.units.push(Unit {
                reader,
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
        let file = SourceFile::from_vec(id, path, bytes);
        let first_line = file.text.find(['\n', '\r']).unwrap_or(file.text.len());
        let end = crate::source::floor_char_boundary(&file.text, first_line.min(200));
        let mut doc = Document::new(Client::Unknown, Format::UNKNOWN, vec![id]);
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
        // A list of folders (`profiles.ini`) is read first; folders it does
        // not list (a copied profile folder) are still found by the walk.
        for reader in formats::READERS {
            if let Grouping::Lists { .. } = reader.unit {
                for name in reader.names {
                    let path = dir.join(name);
                    if path.is_file() {
                        self.add_file(&path, false);
                    }
                }
            }
        }
        // The folder is listed once: the listing says whether it is one
        // unit, and gives its entries to walk.
        let listing = std::fs::read_dir(dir).map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| Some((e.file_name(), e.file_type().ok()?)))
                .collect::<Vec<_>>()
        });
        // A folder that is one unit (a profile, Evolution's `sources`). A
        // folder that cannot be listed may still be entered (execute
        // permission only): its files are asked for by name.
        for reader in formats::READERS {
            let one_unit = match &listing {
                Ok(listing) => reader.reads_folder(dir, listing),
                Err(_) => !reader.folder_files(dir).is_empty(),
            };
            if one_unit {
                self.add_folder(reader, dir);
                return;
            }
        }
        if depth >= MAX_DEPTH {
            return;
        }
        let entries = match listing {
            Ok(entries) => entries,
            Err(_) if depth == 0 => {
                self.errors.push(Ui::IoCannotReadFolder.fill(
                    crate::i18n::messages_lang(),
                    &[("path", dir.display().to_string())],
                ));
                return;
            }
            Err(e) => {
                let note = Skipped::new(dir.display().to_string(), SkipKind::FolderUnreadable)
                    .arg("reason", io_reason(&e));
                self.folder_note(note);
                return;
            }
        };
        let here = dir.canonicalize().ok();
        let mut entries = entries;
        // By name, byte for byte: the order of the paths (same folder), at a
        // fraction of the cost of comparing them component by component.
        // A folder's names are distinct: an unstable sort gives the one
        // order, with fewer moves of the entries.
        entries.sort_unstable_by(|a, b| name_order(&a.0, &b.0));
        let children: Vec<(&OsStr, Entry)> = entries
            .iter()
            .map(|(name, t)| {
                // A link to a folder is walked too (a profile linked in);
                // a loop is caught below.
                let entry = if t.is_dir() || t.is_symlink() {
                    let path = crate::path_parts::join_name(dir, name);
                    if t.is_dir() || path.is_dir() {
                        Entry::Dir(path)
                    } else {
                        Entry::File { regular: false }
                    }
                } else {
                    // The listing's type: a regular file needs no `stat`
                    // before it is opened, nor an `lstat` to be made canonical.
                    Entry::File {
                        regular: t.is_file(),
                    }
                };
                (name.as_os_str(), entry)
            })
            .collect();
        // The files' first bytes are read and judged on the workers, their
        // paths made, then planned in the walk's order: what is left to
        // this thread is a file's insert into the seen-set and its unit.
        let files: Vec<(&OsStr, bool)> = children
            .iter()
            .filter_map(|(name, entry)| match entry {
                Entry::File { regular } => Some((*name, *regular)),
                Entry::Dir(_) => None,
            })
            .collect();
        let (seen_state, here_path) = (&self.seen_state, here.as_deref());
        #[cfg(test)]
        let fast = !self.slow_walk;
        #[cfg(not(test))]
        let fast = true;
        let mut walked = self
            .workers
            .map(&files, |(name, regular)| {
                walk_file(dir, here_path, name, *regular, seen_state, fast)
            })
            .into_iter();
        for (_, entry) in children {
            match entry {
                Entry::Dir(child) => {
                    if never_holds_settings(&child) {
                        continue;
                    }
                    // A link back to this folder or one above it: a loop.
                    let target = child.canonicalize().ok();
                    if let (Some(t), Some(h)) = (&target, &here) {
                        if h.starts_with(t) {
                            let note =
                                Skipped::new(child.display().to_string(), SkipKind::FolderLoop)
                                    .arg("target", t.display().to_string());
                            self.folder_note(note);
                            continue;
                        }
                    }
                    self.add_dir(&child, depth + 1);
                }
                Entry::File { regular } => {
                    if let Some(Some(w)) = walked.next() {
                        self.add_walked(w, regular);
                    }
                }
            }
        }
    }

    /// A folder the walk did not enter, and why: a document of its own with
    /// no file, whose note every output shows (the CLI prints it on standard
    /// error; JSON `notes`; the report).
    fn folder_note(&mut self, note: Skipped) {
        let mut doc = Document::new(Client::Unknown, Format::UNKNOWN, Vec::new());
        doc.skipped.push(note);
        self.documents.push(doc);
    }

    /// A folder read as one unit by a folder-grouped reader (a Thunderbird
    /// profile; an Evolution `sources` folder, whose files link to each
    /// other by UID).
    fn add_folder(&mut self, reader: &'static Reader, dir: &Path) {
        if !self.first_visit(dir) {
            return;
        }
        let mut files = Vec::new();
        for p in reader.folder_files(dir) {
            let id = self.id();
            files.push((id, p));
        }
        if !files.is_empty() {
            self.units.push(Unit { reader, files });
        }
    }

    /// A file that lists folders (`profiles.ini`): read now, its folders
    /// planned as units of `of`.
    fn add_list(
        &mut self,
        reader: &'static Reader,
        folders: fn(&SourceFile) -> Vec<PathBuf>,
        of: &'static Reader,
        path: &Path,
        bytes: Vec<u8>,
    ) {
        if !self.first_visit(path) {
            return;
        }
        let id = self.id();
        // The head was enough to tell the format; the list itself is read
        // whole (bounded).
        let bytes = if bytes.len() as u64 >= HEAD_LEN {
            read_bounded(path, crate::source::read::DEFAULT_MAX_FILE_SIZE).unwrap_or(bytes)
        } else {
            bytes
        };
        let file = SourceFile::from_vec(id, path, bytes);
        for dir in folders(&file) {
            self.add_folder(of, &dir);
        }
        self.documents.push((reader.read)(&[&file]));
        self.preloaded.push(file);
    }
}

/// `a.cmp(b)` for two names of a folder: their first eight bytes compared
/// as one number, the rest only when those are equal. A folder's names
/// often differ early (`t000123.example.xml`): a comparison is then a few
/// instructions instead of a call of `memcmp` (sorting 1,000 names was 0.5 M
/// on the walk's thread; issue 15). Lexicographic order of the bytes: the
/// first eight, padded with zeros, order two names unless they are equal,
/// and then the whole names do.
fn name_order(a: &OsStr, b: &OsStr) -> std::cmp::Ordering {
    let (a, b) = (a.as_encoded_bytes(), b.as_encoded_bytes());
    let head = |s: &[u8]| match s.first_chunk::<8>() {
        Some(h) => u64::from_be_bytes(*h),
        None => {
            // A short name: a byte at a time (a copy of a length only known
            // here would be a call of `memcpy`).
            let mut h = [0u8; 8];
            for (d, b) in h.iter_mut().zip(s) {
                *d = *b;
            }
            u64::from_be_bytes(h)
        }
    };
    head(a).cmp(&head(b)).then_with(|| a.cmp(b))
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

/// The OS error in the language of errors ([`crate::i18n::messages_lang`]):
/// the common kinds in our words, any other as the OS says it (without
/// Rust's "(os error 2)" suffix).
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let lang = crate::i18n::messages_lang();
    let s = e.to_string();
    let os = match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    };
    let known = match e.kind() {
        K::NotFound => Some(Ui::IoNotFound),
        K::PermissionDenied => Some(Ui::IoPermissionDenied),
        K::IsADirectory => Some(Ui::IoIsADirectory),
        K::NotADirectory => Some(Ui::IoNotADirectory),
        K::ReadOnlyFilesystem => Some(Ui::IoReadOnly),
        K::AlreadyExists => Some(Ui::IoAlreadyExists),
        _ => None,
    };
    match known {
        // English keeps the OS's own words (they name the same thing).
        Some(_) if lang == crate::i18n::Lang::En => os,
        Some(ui) => ui.get(lang).to_string(),
        None => Ui::IoOther.fill(lang, &[("os", os)]),
    }
}

/// What a file system entry is (`source::read::kind_of`'s word), in `lang`.
pub fn kind_word(kind: &str, lang: crate::i18n::Lang) -> String {
    let ui = match kind {
        "FIFO" => Ui::IoKindFifo,
        "character device" => Ui::IoKindCharacterDevice,
        "block device" => Ui::IoKindBlockDevice,
        "socket" => Ui::IoKindSocket,
        "folder" => Ui::IoKindFolder,
        "regular file" => Ui::IoKindRegularFile,
        _ => Ui::IoKindSpecialFile,
    };
    ui.get(lang).to_string()
}

/// "cannot read PATH: REASON" in the language of errors.
fn cannot_read(path: &Path, reason: String) -> String {
    Ui::IoCannotRead.fill(
        crate::i18n::messages_lang(),
        &[("path", path.display().to_string()), ("reason", reason)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_byte_order() {
        let parts: [&[u8]; 9] = [
            b"",
            b"\0",
            b"a",
            b"t000123",
            b"t000123.",
            b"\xff",
            b"12345678",
            b"123456789",
            b"\x80x",
        ];
        let mut names = Vec::new();
        for a in parts {
            for b in parts {
                names.push([a, b].concat());
            }
        }
        for a in &names {
            for b in &names {
                let (x, y) = (os_string(a.as_slice()), os_string(b.as_slice()));
                assert_eq!(name_order(&x, &y), x.cmp(&y), "{a:?} {b:?}");
            }
        }
    }

    /// An `OsString` of these bytes (lossy where they are not UTF-8
    /// outside Unix).
    fn os_string(bytes: &[u8]) -> OsString {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            OsString::from_vec(bytes.to_vec())
        }
        #[cfg(not(unix))]
        {
            OsString::from(String::from_utf8_lossy(bytes).into_owned())
        }
    }

    /// What a plan says, comparable: its units (reader and files), its
    /// documents' sources, files read while planning, errors and held bytes.
    fn summary(plan: &Plan) -> String {
        let mut out = String::new();
        for u in &plan.units {
            out += &format!("unit {:?} {:?}\n", u.reader.format, u.files);
        }
        for d in &plan.documents {
            out += &format!("doc {:?} {:?}\n", d.sources, d.skipped.len());
        }
        for f in &plan.preloaded {
            out += &format!("file {:?} {:?}\n", f.id, f.path);
        }
        out += &format!("errors {:?}\n", plan.errors);
        for i in 0..plan.next_id {
            let held = plan.held.take(SourceId(i));
            out += &format!("held {i} {:?}\n", held.map(|b| b.len()));
        }
        out
    }

    fn plan(paths: &[PathBuf], threads: usize, slow: bool) -> Plan {
        let mut plan = Plan {
            workers: Workers::new(threads),
            slow_walk: slow,
            ..Plan::default()
        };
        for p in paths {
            plan.add_dir(p, 0);
        }
        plan
    }

    /// The walk's fast path (a file made a unit from what its worker
    /// found) plans every folder of the fixtures and the corpus as
    /// `add_sniffed` does, on one thread and on two, and a folder named
    /// twice.
    #[test]
    fn the_walks_fast_path_plans_as_add_sniffed() {
        let root = crate::test_files::root();
        let corpus = crate::test_files::corpus();
        let mut dirs = Vec::new();
        for base in [root.join("fixtures"), corpus] {
            if let Ok(entries) = std::fs::read_dir(&base) {
                dirs.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
            }
        }
        dirs.sort();
        assert!(!dirs.is_empty());
        for d in &dirs {
            for paths in [vec![d.clone()], vec![d.clone(), d.clone()]] {
                for threads in [1, 2] {
                    let fast = summary(&plan(&paths, threads, false));
                    let slow = summary(&plan(&paths, threads, true));
                    assert_eq!(fast, slow, "{paths:?} --threads {threads}");
                }
            }
        }
        // The whole fixtures folder at once (folders inside folders).
        let all = [root.join("fixtures")];
        assert_eq!(
            summary(&plan(&all, 2, false)),
            summary(&plan(&all, 2, true))
        );
    }
}
