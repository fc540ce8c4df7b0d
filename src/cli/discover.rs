//! `maillint discover`: which mail clients this machine has, one line per
//! place looked at, and under a Thunderbird folder each profile its
//! `profiles.ini` lists (name, folder, whether it is the default), so that a
//! support desk sees them at a glance.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::args::{DiscoverArgs, OutputFormat};
use super::{resolve_lang, usage_error};
use crate::discover::{self, Home, Searched};
use crate::escape::controls as escape;
use crate::formats::thunderbird::profiles::read_profiles_ini;
use crate::i18n::Lang;
use crate::source::{SourceFile, SourceId};
use crate::tables::Ui;

pub fn discover(args: &DiscoverArgs) -> i32 {
    let lang = resolve_lang(args.lang);
    let Some(home) = Home::from_env() else {
        return usage_error("cannot find the home folder to look for mail clients in");
    };
    let places = listing(&discover::search(&home));
    let text = match args.format {
        OutputFormat::Human => render(&places, lang),
        OutputFormat::Json => super::explain::json_text(&places),
    };
    super::explain::write(&text)
}

/// A place looked at, with the profiles found there.
#[derive(Serialize, Debug)]
pub struct Place {
    pub client: &'static str,
    pub path: PathBuf,
    pub found: bool,
    /// The profiles a `profiles.ini` there lists (Thunderbird).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<Profile>,
}

#[derive(Serialize, Debug)]
pub struct Profile {
    pub name: String,
    pub path: PathBuf,
    /// The profile the client opens (`Default=1`).
    pub default: bool,
    /// Whether its folder exists.
    pub exists: bool,
}

pub fn listing(searched: &[Searched]) -> Vec<Place> {
    searched
        .iter()
        .map(|s| Place {
            client: s.client,
            path: s.path.clone(),
            found: s.found,
            profiles: if s.found {
                profiles(&s.path)
            } else {
                Vec::new()
            },
        })
        .collect()
}

/// The profiles of `dir/profiles.ini`, read with the reader's own parser
/// (bounded: a `profiles.ini` bigger than 1 MiB is not one).
fn profiles(dir: &Path) -> Vec<Profile> {
    let ini = dir.join("profiles.ini");
    let Ok(meta) = std::fs::metadata(&ini) else {
        return Vec::new();
    };
    if !meta.is_file() || meta.len() > 1 << 20 {
        return Vec::new();
    }
    let Ok(bytes) = std::fs::read(&ini) else {
        return Vec::new();
    };
    let file = SourceFile::from_bytes(SourceId(0), &ini, &bytes);
    read_profiles_ini(&file)
        .into_iter()
        .map(|p| Profile {
            exists: p.path.is_dir(),
            name: p.name,
            path: p.path,
            default: p.is_default,
        })
        .collect()
}

/// `client  path  found|not found`, columns aligned; profiles indented
/// under their place.
pub fn render(places: &[Place], lang: Lang) -> String {
    let width = places
        .iter()
        .map(|p| p.client.chars().count())
        .max()
        .unwrap_or(0);
    let mut s = String::new();
    for p in places {
        let state = if p.found {
            Ui::DiscoverFound
        } else {
            Ui::DiscoverNotFound
        }
        .get(lang);
        let _ = writeln!(
            s,
            "{:<width$}  {}  {}",
            p.client,
            escape(&p.path.display().to_string()),
            state
        );
        for prof in &p.profiles {
            let mut marks = Vec::new();
            if prof.default {
                marks.push(Ui::DiscoverDefault.get(lang));
            }
            if !prof.exists {
                marks.push(Ui::DiscoverMissingFolder.get(lang));
            }
            let marks = if marks.is_empty() {
                String::new()
            } else {
                format!("  ({})", marks.join(", "))
            };
            let _ = writeln!(
                s,
                "{:<width$}    {} {}: {}{marks}",
                "",
                Ui::DiscoverProfile.get(lang),
                escape(&prof.name),
                escape(&prof.path.display().to_string()),
            );
        }
    }
    s
}
