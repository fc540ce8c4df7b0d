//! Finding mail-client data on this machine. Every search takes its base
//! folders as a parameter, so tests run against a fake home.

use std::path::PathBuf;

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
