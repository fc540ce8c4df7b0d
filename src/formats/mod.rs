//! Readers: one module per client or template format. A reader knows its
//! file format and nothing of rules; it produces a [`crate::model::Document`].
//!
//! Adding a format means: a module here, a [`ReaderKind`] variant, a line in
//! [`detect`] (by content first, then by name) and in [`read`].

pub mod autoconfig;
pub mod autodiscover;
pub mod ini;
pub mod mobileconfig;
pub mod suppress;
pub mod thunderbird;
pub mod xml;

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
    /// Mozilla autoconfig / ISPDB `config-v1.1.xml`.
    Autoconfig,
    /// Microsoft Autodiscover POX XML.
    Autodiscover,
    /// Apple `.mobileconfig` (XML plist, possibly CMS-signed).
    Mobileconfig,
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
    if autoconfig::looks_like_autoconfig(text) {
        return Some(ReaderKind::Autoconfig);
    }
    if autodiscover::looks_like_autodiscover(text) {
        return Some(ReaderKind::Autodiscover);
    }
    if mobileconfig::looks_like_mobileconfig(text) {
        return Some(ReaderKind::Mobileconfig);
    }
    match name.as_str() {
        "prefs.js" | "user.js" => Some(ReaderKind::ThunderbirdProfile),
        "profiles.ini" => Some(ReaderKind::ProfilesIni),
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
    matches!(name.as_str(), "prefs.js" | "user.js" | "profiles.ini")
        || [".xml", ".mobileconfig", ".plist"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Read one unit of input.
pub fn read(kind: ReaderKind, files: &[&SourceFile]) -> Document {
    match kind {
        ReaderKind::ThunderbirdProfile | ReaderKind::PrefsFile | ReaderKind::ProfilesIni => {
            thunderbird::read_profile(files)
        }
        ReaderKind::Autoconfig => autoconfig::read(files),
        ReaderKind::Autodiscover => autodiscover::read(files),
        ReaderKind::Mobileconfig => mobileconfig::read(files),
    }
}
