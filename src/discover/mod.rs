//! Finding mail-client data on this machine. Every search takes its base
//! folders as a parameter, so tests run against a fake home.

use std::path::PathBuf;

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

/// Every place looked at, with what was found: each reader's places
/// ([`crate::formats::Reader::discover`]), in the readers' table order.
pub fn search(home: &Home) -> Vec<Searched> {
    crate::formats::READERS
        .iter()
        .filter_map(|r| r.discover)
        .flat_map(|places| places(home))
        .collect()
}

/// A place that is one file.
pub fn file_place(client: &'static str, path: PathBuf) -> Searched {
    Searched {
        client,
        found: path.is_file(),
        path,
    }
}

/// The same folder named twice (a symlink, `%APPDATA%` inside the home).
pub fn dedup(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut out = Vec::new();
    for p in paths {
        let canonical = p.canonicalize().unwrap_or_else(|_| p.clone());
        if !seen.contains(&canonical) {
            seen.push(canonical);
            out.push(p);
        }
    }
    out
}
