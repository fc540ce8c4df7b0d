//! `profiles.ini`: the list of a Thunderbird installation's profiles.

use std::path::{Path, PathBuf};

use crate::catalogue::ParseKind;
use crate::formats::ini;
use crate::formats::registry::{Fuzz, Grouping, Reader, Sniff};
use crate::model::{Client, Document, Format, ParseProblem};
use crate::source::{SourceFile, Span};

/// `profiles.ini`: read while planning; it lists the profile folders, which
/// the prefs reader reads.
pub static READER: Reader = Reader {
    format: Format("profiles-ini"),
    clients: &[Client::Thunderbird],
    sniff: Sniff::Text(looks_like_profiles_ini),
    names: &["profiles.ini"],
    extensions: &[],
    walk: &[".ini"],
    unit: Grouping::Lists {
        folders: profile_folders,
        of: &super::READER,
    },
    binary: None,
    discover: None,
    read,
    fuzz: Fuzz {
        target: "profiles_ini",
        sample_name: "profiles.ini",
    },
    module: module_path!(),
};

/// What a `profiles.ini` says: a `missing-profile` problem for each listed
/// folder that is not there, and its suppressions. Its profiles are read as
/// units of their own.
fn read(files: &[&SourceFile]) -> Document {
    let mut doc = Document::new(
        Client::Thunderbird,
        READER.format,
        files.iter().map(|f| f.id).collect(),
    );
    for file in files {
        for profile in read_profiles_ini(file) {
            if !profile.path.is_dir() {
                doc.problems.push(ParseProblem {
                    kind: ParseKind::MissingProfile,
                    span: profile.path_span,
                    detail: Some(profile.path.display().to_string()),
                    related: Vec::new(),
                });
            }
        }
        doc.suppressions.extend(suppressions(file));
    }
    doc
}

/// The listed profile folders that exist, in file order.
fn profile_folders(file: &SourceFile) -> Vec<PathBuf> {
    read_profiles_ini(file)
        .into_iter()
        .map(|p| p.path)
        .filter(|p| p.is_dir())
        .collect()
}

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
        .filter(|s| is_profile_section(s.name))
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
    // `get` rather than slicing: a section name may hold multi-byte text.
    match (name.get(..7), name.get(7..)) {
        (Some(head), Some(tail)) => {
            head.eq_ignore_ascii_case("profile")
                && !tail.is_empty()
                && tail.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// The `; maillint: ignore ...` comments of a `profiles.ini`.
pub fn suppressions(file: &SourceFile) -> Vec<crate::model::Suppression> {
    ini::suppressions(&ini::parse(&file.text, file.id))
}

/// Whether `text` looks like a `profiles.ini`: a `[ProfileN]` section with a
/// `Path` key. This is what [`ini::parse`] would find, decided line by line
/// without building the INI tree: detection runs it on every file of
/// unknown format (each XML template too), so it must cost a scan, not a
/// parse with an allocation per line (issue 15's profile: about 8 M
/// instructions over the ISPDB corpus).
pub fn looks_like_profiles_ini(text: &str) -> bool {
    // No section without a `[` (one fast scan: most files asked are XML).
    if !crate::formats::has_section_bracket(text) {
        return false;
    }
    let mut in_profile = false;
    for line in ini::scan(text) {
        match line {
            ini::ScanLine::Section(name) => in_profile = is_profile_section(name),
            ini::ScanLine::Key(key) if in_profile && key.eq_ignore_ascii_case("Path") => {
                return true;
            }
            ini::ScanLine::Key(_) => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_sections_by_name() {
        assert!(is_profile_section("Profile0"));
        assert!(is_profile_section("profile12"));
        assert!(!is_profile_section("Profile"));
        assert!(!is_profile_section("ProfileX"));
        assert!(!is_profile_section("General"));
        // A multi-byte character across byte 7 must not panic.
        assert!(!is_profile_section("Profil日本"));
        assert!(!looks_like_profiles_ini("[Profil日本]\nPath=x\n"));
    }

    /// The scan decides as the INI tree does, on the shapes that differ.
    #[test]
    fn sniff_agrees_with_the_ini_tree() {
        let by_tree = |text: &str| {
            ini::parse(text, crate::source::SourceId(0))
                .sections
                .iter()
                .any(|s| is_profile_section(s.name) && s.get("Path").is_some())
        };
        for text in [
            "[Profile0]\nPath=x\n",
            "[Profile0]\r\n  path = x\r\n",
            " [ Profile1 ] trailing\nPATH=x",
            "Path=x\n[Profile0]\n",
            "[Profile0]\n; Path=x\n# Path=x\n",
            "[Profile0]\n[General\nPath=x\n",
            "[Profile0]\n[General]\nPath=x\n",
            "[General]\nPath=x\n[Profile2]\nName=a\nPath=\n",
            "[Profile0]\nPathX=x\nName=Path\n",
            "[Profile0]\n Path\u{3000}=x\n",
            "<?xml version=\"1.0\"?>\n<clientConfig>[Profile0]</clientConfig>\nPath=x",
            "[Profile]\nPath=x\n",
            "",
        ] {
            assert_eq!(looks_like_profiles_ini(text), by_tree(text), "{text:?}");
        }
    }
}
