//! The live registry (Windows only), through Microsoft's `windows-registry`
//! crate. Keys are opened read-only; a value is read only when asked for by
//! name, and a password's only through its size (`RegQueryValueExW` with no
//! data buffer), so its bytes never enter this process.

use windows_registry::{CURRENT_USER, Key, Type};

use super::{RegData, Registry};

/// Values larger than this are not read (account values are short).
const MAX_VALUE: usize = 64 * 1024;

/// `HKEY_CURRENT_USER` of the user running maillint.
#[derive(Clone, Copy, Debug, Default)]
pub struct LiveRegistry;

fn open(path: &str) -> Option<Key> {
    CURRENT_USER.options().read().open(path).ok()
}

impl Registry for LiveRegistry {
    fn subkeys(&self, path: &str) -> Vec<String> {
        open(path)
            .and_then(|k| k.keys().ok().map(|it| it.collect()))
            .unwrap_or_default()
    }

    fn value(&self, path: &str, name: &str) -> Option<RegData> {
        if crate::secrets::is_secret_name(name) {
            return None;
        }
        let key = open(path)?;
        let ty = key.get_type(name).ok()?;
        if self.value_size(path, name)? > MAX_VALUE {
            return Some(RegData::Other(0));
        }
        Some(match ty {
            Type::String | Type::ExpandString => RegData::String(key.get_string(name).ok()?),
            Type::U32 => RegData::Dword(key.get_u32(name).ok()?),
            Type::Bytes => RegData::Binary(key.get_value(name).ok()?.to_vec()),
            Type::U64 => RegData::Other(11),
            Type::MultiString => RegData::Other(7),
            Type::Other(n) => RegData::Other(n),
        })
    }

    fn value_size(&self, path: &str, name: &str) -> Option<usize> {
        let key = open(path)?;
        let name = windows_registry::HSTRING::from(name);
        // SAFETY: `name` is a NUL-terminated wide string that outlives the call.
        let (_, len) = unsafe { key.raw_get_info(windows_strings::PCWSTR(name.as_ptr())) }.ok()?;
        Some(len)
    }
}
