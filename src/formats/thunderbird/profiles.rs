//! `profiles.ini`: the list of a Thunderbird installation's profiles.

use std::path::{Path, PathBuf};

use crate::formats::ini;
use crate::source::{SourceFile, Span};

/// One `[ProfileN]` entry.
#[derive(Clone, Debug)]
pub struct ProfileEntry {
    pub name: String,
    /// The folder, resolved against the folder of `profiles.ini` when relative.
    pub path: PathBuf,
    pub is_default: bool,
    /// The `Path=` value, for messages about a missing folder.
    pub path_span: Span,
}

/// The profiles listed in a `profiles.ini`, in file order.
pub fn read_profiles_ini(file: &SourceFile) -> Vec<ProfileEntry> {
    let root = file.path.parent().unwrap_or(Path::new("."));
    let parsed = ini::parse(&file.text, file.id);
    parsed
        .sections
        .iter()
        .filter(|s| is_profile_section(&s.name))
        .filter_map(|s| {
            let path = s.get("Path")?;
            let relative = s.value("IsRelative").map(str::trim) != Some("0");
            // profiles.ini writes '/' even on Windows for relative paths.
            let rel = path.value.replace('\\', "/");
            let resolved = if relative {
                root.join(rel)
            } else {
                PathBuf::from(&path.value)
            };
            Some(ProfileEntry {
                name: s.value("Name").unwrap_or_default().to_string(),
                path: resolved,
                is_default: s.value("Default").map(str::trim) == Some("1"),
                path_span: path.value_span,
            })
        })
        .collect()
}

fn is_profile_section(name: &str) -> bool {
    name.len() > 7
        && name[..7].eq_ignore_ascii_case("profile")
        && name[7..].bytes().all(|b| b.is_ascii_digit())
}

/// The `; maillint: ignore ...` comments of a `profiles.ini`.
pub fn suppressions(file: &SourceFile) -> Vec<crate::model::Suppression> {
    ini::suppressions(&ini::parse(&file.text, file.id))
}

/// Whether `text` looks like a `profiles.ini`.
pub fn looks_like_profiles_ini(text: &str) -> bool {
    ini::parse(text, crate::source::SourceId(0))
        .sections
        .iter()
        .any(|s| is_profile_section(&s.name) && s.get("Path").is_some())
}
