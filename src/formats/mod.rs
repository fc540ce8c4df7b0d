//! Readers: one module per client or template format. A reader knows its
//! file format and nothing of rules; it produces a [`crate::model::Document`].
//!
//! Adding a format means: a module here, a [`ReaderKind`] variant, a line in
//! [`detect`] (by content first, then by name) and in [`read`].

pub mod accountrc;
pub mod becky;
pub mod evolution;
pub mod ini;
pub mod ini_fields;
pub mod suppress;
pub mod thunderbird;

use std::path::Path;

use crate::model::Document;
use crate::source::SourceFile;

/// Which reader reads a unit of input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReaderKind {
    /// A Thunderbird profile folder: `prefs.js` then `user.js`.
    ThunderbirdProfile,
    /// A single Mozilla pref file under another name.
    PrefsFile,
    /// `profiles.ini`: read while planning, it lists profile folders.
    ProfilesIni,
    /// Becky! `Mailbox.ini` (one mailbox).
    BeckyMailbox,
    /// Claws Mail / Sylpheed `accountrc`.
    Accountrc,
    /// Evolution: every `*.source` file of one `sources` folder.
    EvolutionSources,
}

/// What a file is, from its name and its first bytes. Content decides over the
/// name, so that a `.txt` holding a known format is read as that format.
pub fn detect(path: &Path, text: &str) -> Option<ReaderKind> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if thunderbird::looks_like_prefs(text) {
        return Some(if name == "prefs.js" || name == "user.js" {
            ReaderKind::ThunderbirdProfile
        } else {
            ReaderKind::PrefsFile
        });
    }
    if thunderbird::profiles::looks_like_profiles_ini(text) {
        return Some(ReaderKind::ProfilesIni);
    }
    if accountrc::looks_like_accountrc(text) {
        return Some(ReaderKind::Accountrc);
    }
    if evolution::looks_like_source(text) {
        return Some(ReaderKind::EvolutionSources);
    }
    if becky::looks_like_mailbox_ini(text) {
        return Some(ReaderKind::BeckyMailbox);
    }
    match name.as_str() {
        "prefs.js" | "user.js" => Some(ReaderKind::ThunderbirdProfile),
        "profiles.ini" => Some(ReaderKind::ProfilesIni),
        "mailbox.ini" => Some(ReaderKind::BeckyMailbox),
        "accountrc" => Some(ReaderKind::Accountrc),
        n if n.ends_with(".source") => Some(ReaderKind::EvolutionSources),
        _ => None,
    }
}

/// Whether a folder walk should look inside a file of this name at all
/// (a walk does not sniff every file of a large tree).
pub fn worth_sniffing(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        name.as_str(),
        "prefs.js" | "user.js" | "profiles.ini" | "mailbox.ini" | "accountrc"
    ) || name.ends_with(".source")
}

/// Read one unit of input.
pub fn read(kind: ReaderKind, files: &[&SourceFile]) -> Document {
    match kind {
        ReaderKind::ThunderbirdProfile | ReaderKind::PrefsFile | ReaderKind::ProfilesIni => {
            thunderbird::read_profile(files)
        }
        ReaderKind::BeckyMailbox => becky::read(files),
        ReaderKind::Accountrc => accountrc::read(files),
        ReaderKind::EvolutionSources => evolution::read(files),
    }
}
