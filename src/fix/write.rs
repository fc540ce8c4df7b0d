//! Replacing a file without ever losing it: refuse what must not be written,
//! keep a backup, write a temporary file next to the original (created
//! exclusively), flush it to disk, then rename it over the original.

use std::fs::{self, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::lock::{Hold, hold};
use crate::i18n::Lang;
use crate::model::Client;
use crate::tables::Ui;

/// Why a file is not written. Said in the language of the run by
/// [`Refusal::message`] (`rules/ui.toml`, `[fix]`).
#[derive(Debug)]
pub enum Refusal {
    /// A symbolic link to this target, outside its profile folder.
    SymlinkLeaves(PathBuf),
    ReadOnly,
    NotRegular,
    /// The mail program is running and holds the profile.
    Held(Hold),
    /// The operating system's reason (already in the language of errors).
    Io(String),
}

impl Refusal {
    /// The reason in `lang`, to follow "not fixing PATH:".
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Refusal::SymlinkLeaves(t) => {
                Ui::FixReasonSymlinkLeaves.fill(lang, &[("target", t.display().to_string())])
            }
            Refusal::ReadOnly => Ui::FixReasonReadOnly.get(lang).to_string(),
            Refusal::NotRegular => Ui::FixReasonNotRegular.get(lang).to_string(),
            Refusal::Held(h) => Ui::FixReasonHeld.fill(
                lang,
                &[
                    ("client", h.client.to_string()),
                    ("evidence", h.evidence.display().to_string()),
                ],
            ),
            Refusal::Io(reason) => reason.clone(),
        }
    }
}

/// In the language of the process's errors (`--lang`, else the locale).
impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::messages_lang()))
    }
}

impl std::error::Error for Refusal {}

/// The file to write for `path` (the target of a symlink that stays inside
/// the profile folder, so the link itself is kept), or why not.
pub fn check(path: &Path, client: Client, force: bool) -> Result<PathBuf, Refusal> {
    let io = |e: std::io::Error| Refusal::Io(crate::inputs::io_reason(&e));
    let meta = path.symlink_metadata().map_err(io)?;
    let real = if meta.file_type().is_symlink() {
        let target = fs::canonicalize(path).map_err(io)?;
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let folder = fs::canonicalize(folder).map_err(io)?;
        if !target.starts_with(&folder) {
            return Err(Refusal::SymlinkLeaves(target));
        }
        target
    } else {
        path.to_path_buf()
    };
    let meta = fs::metadata(&real).map_err(io)?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular);
    }
    if meta.permissions().readonly() {
        return Err(Refusal::ReadOnly);
    }
    if !force {
        let folder = real.parent().unwrap_or(Path::new("."));
        if let Some(h) = hold(client, folder) {
            return Err(Refusal::Held(h));
        }
    }
    Ok(real)
}

/// Write `bytes` over `path` (a checked, real file whose current content is
/// `original`), keeping `original` as a backup first. Returns the backup.
pub fn replace(
    path: &Path,
    original: &[u8],
    bytes: &[u8],
    backup_dir: Option<&Path>,
) -> std::io::Result<PathBuf> {
    let backup = backup(path, original, backup_dir)?;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".maillint-tmp")
        .tempfile_in(folder)?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    // The original's permissions, not the temporary file's 0600.
    fs::set_permissions(tmp.path(), fs::metadata(path)?.permissions())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(folder);
    Ok(backup)
}

/// Copy `original` to `FILE.maillint-bak` (in `dir`, else next to the file),
/// or `.maillint-bak.1`, `.2`, ... when an earlier backup is there: an older
/// backup is the older original, never overwritten. Created exclusively, so
/// never through a symlink planted under the backup's name.
fn backup(path: &Path, original: &[u8], dir: Option<&Path>) -> std::io::Result<PathBuf> {
    let folder = match dir {
        Some(d) => {
            fs::create_dir_all(d)?;
            d.to_path_buf()
        }
        None => path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf(),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in 0..1000 {
        let candidate = if n == 0 {
            folder.join(format!("{name}.maillint-bak"))
        } else {
            folder.join(format!("{name}.maillint-bak.{n}"))
        };
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(mut f) => {
                f.write_all(original)?;
                f.sync_all()?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("too many backups already exist"))
}

/// Make the rename itself durable (the folder's entry), where the platform
/// allows opening a folder.
fn sync_dir(folder: &Path) {
    if let Ok(d) = fs::File::open(folder) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests;
