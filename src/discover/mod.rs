//! Finding mail-client data on this machine. Every search takes its base
//! folders as a parameter, so tests run against a fake home.

mod clients;

use std::path::{Path, PathBuf};

/// The folders discovery starts from.
#[derive(Clone, Debug)]
pub struct Home {
    /// The user's home folder (`$HOME`, `%USERPROFILE%`).
    pub home: PathBuf,
    /// Windows' roaming application data (`%APPDATA%`), when known.
    pub appdata: Option<PathBuf>,
    /// Folders outside the home that hold one Becky! data folder per user
    /// (`C:\\Becky!` on Windows); tests point them into a temporary folder.
    pub becky_roots: Vec<PathBuf>,
}

impl Home {
    /// This machine's user folders, from `dirs`.
    pub fn from_env() -> Option<Home> {
        let home = dirs::home_dir()?;
        let appdata = if cfg!(windows) {
            dirs::config_dir()
        } else {
            None
        };
        let becky_roots = if cfg!(windows) {
            vec![PathBuf::from("C:\\Becky!")]
        } else {
            Vec::new()
        };
        Some(Home {
            home,
            appdata,
            becky_roots,
        })
    }

    pub fn at(home: impl Into<PathBuf>) -> Home {
        Home {
            home: home.into(),
            appdata: None,
            becky_roots: Vec::new(),
        }
    }
}

/// A place discovery looked, and whether something was there.
#[derive(Clone, Debug)]
pub struct Searched {
    pub client: &'static str,
    pub path: PathBuf,
    pub found: bool,
}

/// Thunderbird's data roots (the folders holding `profiles.ini`) on Linux
/// (native, snap, flatpak), macOS and Windows. All are tried on every system:
/// a copied home folder keeps its layout whatever system reads it.
pub fn thunderbird_roots(home: &Home) -> Vec<PathBuf> {
    let mut candidates: Vec<PathBuf> = [
        ".thunderbird",
        "snap/thunderbird/common/.thunderbird",
        ".var/app/org.mozilla.Thunderbird/.thunderbird",
        ".var/app/net.thunderbird.Thunderbird/.thunderbird",
        "Library/Thunderbird",
        "AppData/Roaming/Thunderbird",
    ]
    .iter()
    .map(|rel| home.home.join(rel))
    .collect();
    if let Some(appdata) = &home.appdata {
        candidates.push(appdata.join("Thunderbird"));
    }
    candidates
}

/// Every place looked at, with what was found.
pub fn search(home: &Home) -> Vec<Searched> {
    let mut out = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    for path in thunderbird_roots(home) {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
        if seen.contains(&canonical) {
            continue;
        }
        seen.push(canonical);
        let found = is_thunderbird_root(&path);
        out.push(Searched {
            client: "Thunderbird",
            path,
            found,
        });
    }
    out.extend(clients::search(home));
    out.extend(windows_mail_roots(home));
    out
}

/// Windows Mail and Windows Live Mail store folders (under
/// `%LOCALAPPDATA%\Microsoft`); the walk finds their `*.oeaccount` files at
/// any depth, as Thunderbird's importer searches the store root recursively.
pub fn windows_mail_roots(home: &Home) -> Vec<Searched> {
    [
        ("Windows Mail", "AppData/Local/Microsoft/Windows Mail"),
        (
            "Windows Live Mail",
            "AppData/Local/Microsoft/Windows Live Mail",
        ),
        (
            "Windows Mail",
            "Local Settings/Application Data/Microsoft/Windows Mail",
        ),
    ]
    .iter()
    .map(|(client, rel)| {
        let path = home.home.join(rel);
        let found = path.is_dir();
        Searched {
            client,
            path,
            found,
        }
    })
    .collect()
}

fn is_thunderbird_root(path: &Path) -> bool {
    path.join("profiles.ini").is_file() || path.join("Profiles").is_dir()
}
