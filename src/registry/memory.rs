//! A registry held in memory, loaded from `.reg` exports: what the unit tests
//! (and `reg import`-like uses) run the registry reader on.

use std::collections::BTreeMap;

use super::{HKCU, RegData, Registry};
use crate::formats::outlook_express::reg;
use crate::formats::outlook_express::values::PropValue;
use crate::source::SourceId;

/// Keys by lower-case path (relative to `HKEY_CURRENT_USER`), each with its
/// name as written and its values.
#[derive(Clone, Debug, Default)]
pub struct MemoryRegistry {
    keys: BTreeMap<String, (String, Vec<(String, Stored)>)>,
}

#[derive(Clone, Debug)]
enum Stored {
    Data(RegData),
    /// A password: only its size is kept, as the live reader sees it.
    Secret(usize),
}

impl MemoryRegistry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Import a `.reg` export (`HKEY_CURRENT_USER` keys only), as `reg import`
    /// would: later values replace earlier ones.
    pub fn import(&mut self, text: &str) {
        let parsed = reg::parse(text, SourceId(0));
        for key in parsed.keys {
            let Some(rel) = strip_root(&key.path) else {
                continue;
            };
            self.ensure(rel);
            for p in key.values.props {
                let stored = match p.value {
                    PropValue::Text(s) => Stored::Data(RegData::String(s.into_owned())),
                    PropValue::Number(n) => Stored::Data(RegData::Dword(n as u32)),
                    PropValue::Binary(b) => Stored::Data(RegData::Binary(b)),
                    PropValue::Secret { non_empty } => Stored::Secret(usize::from(non_empty)),
                    PropValue::Other => Stored::Data(RegData::Other(0)),
                };
                self.set(rel, &p.name, stored);
            }
        }
    }

    /// Set a value (creating the key and its parents).
    pub fn set_value(&mut self, path: &str, name: &str, data: RegData) {
        self.ensure(path);
        self.set(path, name, Stored::Data(data));
    }

    /// Set a password value of `len` bytes (its data is never kept).
    pub fn set_secret(&mut self, path: &str, name: &str, len: usize) {
        self.ensure(path);
        self.set(path, name, Stored::Secret(len));
    }

    fn ensure(&mut self, path: &str) {
        let mut at = String::new();
        for part in path.split('\\').filter(|p| !p.is_empty()) {
            if !at.is_empty() {
                at.push('\\');
            }
            at.push_str(part);
            self.keys
                .entry(at.to_ascii_lowercase())
                .or_insert_with(|| (at.clone(), Vec::new()));
        }
    }

    fn set(&mut self, path: &str, name: &str, stored: Stored) {
        if let Some((_, values)) = self.keys.get_mut(&path.to_ascii_lowercase()) {
            values.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            values.push((name.to_string(), stored));
        }
    }

    fn find(&self, path: &str, name: &str) -> Option<&Stored> {
        let (_, values) = self.keys.get(&path.to_ascii_lowercase())?;
        values
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

fn strip_root(path: &str) -> Option<&str> {
    [HKCU, "HKCU"].into_iter().find_map(|root| {
        path.get(..root.len())
            .filter(|r| r.eq_ignore_ascii_case(root))
            .and_then(|_| path[root.len()..].strip_prefix('\\'))
    })
}

impl Registry for MemoryRegistry {
    fn subkeys(&self, path: &str) -> Vec<String> {
        let prefix = format!("{}\\", path.to_ascii_lowercase());
        self.keys
            .iter()
            .filter(|(k, _)| k.starts_with(&prefix) && !k[prefix.len()..].contains('\\'))
            .filter_map(|(_, (name, _))| name.rsplit('\\').next().map(str::to_string))
            .collect()
    }

    fn value(&self, path: &str, name: &str) -> Option<RegData> {
        debug_assert!(
            !crate::secrets::is_secret_name(name),
            "a password's data was asked for: {name}"
        );
        match self.find(path, name)? {
            Stored::Data(d) => Some(d.clone()),
            Stored::Secret(_) => None,
        }
    }

    fn value_size(&self, path: &str, name: &str) -> Option<usize> {
        match self.find(path, name)? {
            Stored::Secret(n) => Some(*n),
            Stored::Data(RegData::String(s)) => Some((s.encode_utf16().count() + 1) * 2),
            Stored::Data(RegData::Dword(_)) => Some(4),
            Stored::Data(RegData::Binary(b)) => Some(b.len()),
            Stored::Data(RegData::Other(_)) => Some(0),
        }
    }
}
