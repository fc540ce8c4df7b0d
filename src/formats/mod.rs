//! Readers: one module per client or template format. A reader knows its
//! file format and nothing of rules; it produces a [`crate::model::Document`].
//!
//! Adding a format means: a module here, a [`ReaderKind`] variant, a line in
//! [`detect`] (by content first, then by name) and in [`read`].

pub mod accountrc;
pub mod autoconfig;
pub mod autodiscover;
pub mod becky;
pub mod evolution;
pub mod ini;
pub mod ini_fields;
pub mod mobileconfig;
pub mod oeaccount;
pub mod outlook_express;
pub mod outlook_profile;
pub mod prf;
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
    /// Becky! `Mailbox.ini` (one mailbox).
    BeckyMailbox,
    /// Claws Mail / Sylpheed `accountrc`.
    Accountrc,
    /// Evolution: every `*.source` file of one `sources` folder.
    EvolutionSources,
    /// A registry export (`.reg`) of Outlook Express / Outlook accounts.
    RegExport,
    /// An Outlook Express Internet Account File (`.iaf`, binary).
    Iaf,
    /// A Windows Mail / Windows Live Mail `.oeaccount` file.
    OeAccount,
    /// An Outlook profile file (`.prf`).
    Prf,
}

impl ReaderKind {
    /// Whether the unit's files are read as bytes, not decoded text.
    pub fn reads_binary(self) -> bool {
        self == ReaderKind::Iaf
    }

    /// Named byte ranges of a binary file, for reports (see
    /// [`SourceFile::regions`]).
    pub fn binary_regions(self, bytes: &[u8]) -> Vec<(std::ops::Range<usize>, String)> {
        match self {
            ReaderKind::Iaf => outlook_express::iaf::regions(bytes),
            _ => Vec::new(),
        }
    }
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
    // The `.iaf` header is ASCII, so it survives the text probe.
    if outlook_express::iaf::looks_like_iaf(text.as_bytes()) {
        return Some(ReaderKind::Iaf);
    }
    if outlook_express::reg::looks_like_reg(text) {
        return Some(ReaderKind::RegExport);
    }
    if oeaccount::looks_like_oeaccount(text) {
        return Some(ReaderKind::OeAccount);
    }
    if prf::looks_like_prf(text) {
        return Some(ReaderKind::Prf);
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
        "mailbox.ini" => Some(ReaderKind::BeckyMailbox),
        "accountrc" => Some(ReaderKind::Accountrc),
        n if n.ends_with(".source") => Some(ReaderKind::EvolutionSources),
        n if n.ends_with(".iaf") => Some(ReaderKind::Iaf),
        n if n.ends_with(".reg") => Some(ReaderKind::RegExport),
        n if n.ends_with(".oeaccount") => Some(ReaderKind::OeAccount),
        n if n.ends_with(".prf") => Some(ReaderKind::Prf),
        _ => None,
    }
}

/// Whether a folder walk should look inside a file of this name at all
/// (a walk does not sniff every file of a large tree). Content then decides,
/// so the net is wide: `customer1_prefs.js`, a renamed `mail.reg.txt`, a
/// copied `old_accountrc` are all found.
pub fn worth_sniffing(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with("accountrc")
        || [
            ".js",
            ".ini",
            ".txt",
            ".source",
            ".reg",
            ".iaf",
            ".oeaccount",
            ".prf",
            ".xml",
            ".mobileconfig",
            ".plist",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
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
        ReaderKind::RegExport => outlook_express::read_reg(files),
        ReaderKind::Iaf => outlook_express::read_iaf(files),
        ReaderKind::OeAccount => oeaccount::read(files),
        ReaderKind::Prf => prf::read(files),
        ReaderKind::Autoconfig => autoconfig::read(files),
        ReaderKind::Autodiscover => autodiscover::read(files),
        ReaderKind::Mobileconfig => mobileconfig::read(files),
    }
}
