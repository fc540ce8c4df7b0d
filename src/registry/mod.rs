//! The Windows registry as an input. Outlook Express, Outlook and Becky! keep
//! their accounts (or the way to them) under `HKEY_CURRENT_USER`; on Windows
//! `maillint` with no arguments reads them there, as it reads files.
//!
//! Everything here works through the [`Registry`] trait, so that what is read
//! and how it is checked is tested on every system: [`MemoryRegistry`] holds
//! keys loaded from a `.reg` export; [`live`] (Windows only) is the real
//! registry through the `windows-registry` crate.
//!
//! The keys of each account root are exported ([`export`]) to `.reg` text and
//! read by the same reader as a `.reg` file, with a map from each part of the
//! text back to its key and value: reports then say
//! `HKCU\…\00000001 › "POP3 Use Sicily"` instead of a line number.
//!
//! Passwords are never read: for a value whose name is a secret's, only its
//! size is asked for ([`Registry::value_size`]), and the export writes a
//! placeholder byte when it is set.

pub mod export;
#[cfg(windows)]
pub mod live;
mod memory;

use std::path::PathBuf;

pub use export::{Exported, export_accounts};
pub use memory::MemoryRegistry;

/// The data of one registry value, as far as readers need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegData {
    /// `REG_SZ` and `REG_EXPAND_SZ` (not expanded).
    String(String),
    /// `REG_DWORD`.
    Dword(u32),
    /// `REG_BINARY`.
    Binary(Vec<u8>),
    /// Any other type (its number), not used by readers.
    Other(u32),
}

/// Read access to `HKEY_CURRENT_USER`. Paths are relative to it, with `\`.
pub trait Registry {
    /// The names of the subkeys of `path` (none when it does not exist).
    fn subkeys(&self, path: &str) -> Vec<String>;
    /// Value `name` of key `path` (names are case-insensitive). Never called
    /// for a password's name.
    fn value(&self, path: &str, name: &str) -> Option<RegData>;
    /// The size in bytes of value `name`, without reading its data: how
    /// passwords are looked at.
    fn value_size(&self, path: &str, name: &str) -> Option<usize>;
}

/// The root of the user's hive, as exports and reports write it.
pub const HKCU: &str = "HKEY_CURRENT_USER";

/// Becky! keeps the path of its data folder in `HKCU\Software\RimArts\B2\Settings`,
/// value `DataDir`; a data folder moved elsewhere is only found through it.
pub fn becky_data_dir(reg: &dyn Registry) -> Option<PathBuf> {
    match reg.value("Software\\RimArts\\B2\\Settings", "DataDir")? {
        RegData::String(s) if !s.trim().is_empty() => {
            Some(PathBuf::from(s.trim().trim_end_matches(['\\', '/'])))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
