//! Readers: one module per client or template format. A reader knows its
//! file format and nothing of rules; it produces a [`crate::model::Document`].
//!
//! Each reader declares one [`Reader`] descriptor (`READER`) in its own
//! module; [`READERS`] lists them, and that one table drives detection, the
//! folder walk, discovery, reading, the invariants test and the fuzz target
//! list. Adding a reader: its module with its descriptor, one line in
//! [`READERS`], fixtures, its fuzz target (docs/architecture.md).

/// How a reader writes a value of a closed set: the first literal of `table`
/// that means it (a table of literals and the values they mean, first the one
/// the format's own documentation writes).
pub(crate) fn literal_of<T: PartialEq + Send + Sync + 'static>(
    table: &'static [(&'static str, T)],
) -> impl Fn(&T) -> Option<String> + Send + Sync + 'static {
    move |v| {
        table
            .iter()
            .find(|(_, t)| t == v)
            .map(|(n, _)| n.to_string())
    }
}

pub mod accountrc;
pub mod autoconfig;
pub mod autodiscover;
pub mod becky;
mod detect;
pub mod evolution;
pub mod ini;
pub mod ini_fields;
pub mod mobileconfig;
pub mod oeaccount;
pub mod outlook_express;
pub mod outlook_profile;
pub mod prf;
pub mod registry;
mod scan16;
pub mod secret_names;
pub mod suppress;
pub mod thunderbird;
pub mod trim;
mod words;
pub mod xml;

use std::path::Path;

pub use registry::{Fuzz, Grouping, Reader, Sniff};

/// Every reader, in the order content is tested: the first whose sniff
/// matches reads the file (so the stricter tests come first).
pub static READERS: &[&Reader] = &[
    &thunderbird::READER,
    &thunderbird::profiles::READER,
    &accountrc::READER,
    &evolution::READER,
    &becky::READER,
    &outlook_express::iaf::READER,
    &outlook_express::reg::READER,
    &oeaccount::READER,
    &prf::READER,
    &autoconfig::READER,
    &autodiscover::READER,
    &mobileconfig::READER,
];

/// The reader of a format id (`prf`), for tests and tools.
pub fn by_format(format: &str) -> Option<&'static Reader> {
    READERS.iter().copied().find(|r| r.format.label() == format)
}

fn lower_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether `text` holds a `[` at all: no INI section without one. Asked by
/// the INI-shaped sniffers first, with memchr's vector search (core's
/// `contains(char)` goes a word at a time: five sniffers asked it of every
/// file, 1,750 instructions each for a 1.6 KB autoconfig file).
pub(crate) fn has_section_bracket(text: &str) -> bool {
    memchr::memchr(b'[', text.as_bytes()).is_some()
}

/// A binary reader recognising the raw bytes (never decoded as text).
pub fn detect_binary(bytes: &[u8]) -> Option<&'static Reader> {
    READERS
        .iter()
        .copied()
        .find(|r| matches!(r.sniff, Sniff::Bytes(f) if r.reads_binary() && f(bytes)))
}

/// What a file is, from its name and its first bytes. Content decides over the
/// name, so that a `.txt` holding a known format is read as that format.
/// A sniffer that [`detect::Clues`] proves false is not run (the answer is
/// the same).
pub fn detect(path: &Path, text: &str) -> Option<&'static Reader> {
    let mut clues = detect::Clues::new(text);
    if let Some(r) = READERS
        .iter()
        .copied()
        .find(|r| !clues.rules_out(r) && r.sniffs_text(text))
    {
        return Some(r);
    }
    let name = lower_name(path);
    READERS.iter().copied().find(|r| r.knows_name(&name))
}

/// Whether a folder walk should look inside a file of this name at all
/// (a walk does not sniff every file of a large tree). Content then decides,
/// so the net is wide: `customer1_prefs.js`, a renamed `mail.reg.txt`, a
/// copied `old_accountrc` are all found.
pub fn worth_sniffing(path: &Path) -> bool {
    // Asked of every entry of every folder walked: the name's bytes are
    // compared without making a lower-case copy (issue 15). The endings are
    // lower-case ASCII (a test says so), so a raw byte comparison ignoring
    // ASCII case is the comparison of the lossy lower-case name.
    crate::path_parts::name(path).is_some_and(worth_sniffing_name)
}

/// [`worth_sniffing`] of a path whose name is `name` (a name of a folder's
/// listing: asked on the walk's workers before the path is made).
pub fn worth_sniffing_name(name: &std::ffi::OsStr) -> bool {
    let name = name.as_encoded_bytes();
    // The last bytes first: most endings differ from a name there. The
    // endings are one list, made once (the table's readers and their lists
    // walked for every name cost 340 instructions a name; issue 15).
    let Some(last) = name.last().map(u8::to_ascii_lowercase) else {
        return false;
    };
    walk_endings().iter().any(|e| {
        e.last() == Some(&last)
            && name.len() >= e.len()
            && name[name.len() - e.len()..].eq_ignore_ascii_case(e)
    })
}

/// `.txt` (a copy renamed to it: mail attachments, ticket uploads) and
/// every reader's walk endings, each once.
fn walk_endings() -> &'static [&'static [u8]] {
    static ENDINGS: std::sync::OnceLock<Vec<&'static [u8]>> = std::sync::OnceLock::new();
    ENDINGS.get_or_init(|| {
        let mut endings: Vec<&'static [u8]> = vec![b".txt"];
        for e in READERS.iter().flat_map(|r| r.walk.iter()) {
            if !endings.contains(&e.as_bytes()) {
                endings.push(e.as_bytes());
            }
        }
        endings
    })
}
