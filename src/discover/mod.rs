//! Finding mail-client data on this machine. Every search takes its base
//! folders as a parameter, so tests run against a fake home.

mod clients;

use std::path::{Path, PathBuf};

/// The folders (and, on Windows, the registry) discovery starts from.
#[derive(Clone)]
pub struct Home {
    /// The user's home folder (`$HOME`, `%USERPROFILE%`).
    pub home: PathBuf,
    /// Windows' roaming application data (`%APPDATA%`), when known.
    pub appdata: Option<PathBuf>,
    /// Windows' local application data (`%LOCALAPPDATA%`): Windows Mail's store.
    pub local_appdata: Option<PathBuf>,
    /// The user's Documents folder (which Windows may have moved, to OneDrive
    /// for one): Becky!'s data folder since Windows 7.
    pub documents: Option<PathBuf>,
    /// Folders outside the home that hold one Becky! data folder per user
    /// (`C:\\Becky!` on Windows); tests point them into a temporary folder.
    pub becky_roots: Vec<PathBuf>,
    /// Becky! data folders named elsewhere (its registry key's `DataDir`).
    pub becky_dirs: Vec<PathBuf>,
    /// The registry whose account keys are read too (Windows: the live one).
    pub registry: Option<std::sync::Arc<dyn crate::registry::Registry + Send + Sync>>,
}

impl std::fmt::Debug for Home {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Home")
            .field("home", &self.home)
            .field("appdata", &self.appdata)
            .field("local_appdata", &self.local_appdata)
            .field("documents", &self.documents)
            .field("becky_roots", &self.becky_roots)
            .field("becky_dirs", &self.becky_dirs)
            .field("registry", &self.registry.is_some())
            .finish()
    }
}

impl Home {
    /// This machine's user folders, from `dirs` (on Windows the known
    /// folders: `%APPDATA%`, `%LOCALAPPDATA%`, Documents), and on Windows
    /// the registry.
    pub fn from_env() -> Option<Home> {
        let home = dirs::home_dir()?;
        let mut h = Home::at(home);
        if cfg!(windows) {
            h.appdata = dirs::config_dir();
            h.local_appdata = dirs::data_local_dir();
            h.documents = dirs::document_dir();
            h.becky_roots = vec![PathBuf::from("C:\\Becky!")];
        }
        #[cfg(windows)]
        {
            let reg = crate::registry::live::LiveRegistry;
            h.becky_dirs.extend(crate::registry::becky_data_dir(&reg));
            h.registry = Some(std::sync::Arc::new(reg));
        }
        Some(h)
    }

    pub fn at(home: impl Into<PathBuf>) -> Home {
        Home {
            home: home.into(),
            appdata: None,
            local_appdata: None,
            documents: None,
            becky_roots: Vec::new(),
            becky_dirs: Vec::new(),
            registry: None,
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
    let mut places: Vec<(&'static str, PathBuf)> = [
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
    .map(|(client, rel)| (*client, home.home.join(rel)))
    .collect();
    if let Some(local) = &home.local_appdata {
        // `%LOCALAPPDATA%` itself, wherever Windows put it.
        places.push(("Windows Mail", local.join("Microsoft/Windows Mail")));
        places.push((
            "Windows Live Mail",
            local.join("Microsoft/Windows Live Mail"),
        ));
    }
    let mut seen: Vec<PathBuf> = Vec::new();
    places
        .into_iter()
        .filter(|(_, p)| {
            let canonical = p.canonicalize().unwrap_or_else(|_| p.clone());
            let new = !seen.contains(&canonical);
            seen.push(canonical);
            new
        })
        .map(|(client, path)| {
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
