//! Where a span of a live-registry source is: a key and, inside it, a value.

use std::ops::Range;

/// One key (and value) of a registry source, with the range of the source
/// text it was exported to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryPlace {
    pub range: Range<usize>,
    /// The full key path, `HKEY_CURRENT_USER\…`.
    pub key: String,
    /// The value name; `None` for the key itself.
    pub value: Option<String>,
}

impl RegistryPlace {
    /// The key as people write it: `HKCU\Software\…`.
    pub fn short_key(&self) -> String {
        short_key(&self.key)
    }

    /// `HKCU\…\00000001 › "POP3 Use Sicily"`, or the key alone.
    pub fn display(&self) -> String {
        match &self.value {
            Some(v) => format!("{} › \"{v}\"", self.short_key()),
            None => self.short_key(),
        }
    }
}

/// `HKEY_CURRENT_USER\X` → `HKCU\X` (and the other roots alike).
pub fn short_key(key: &str) -> String {
    const ROOTS: [(&str, &str); 3] = [
        ("HKEY_CURRENT_USER", "HKCU"),
        ("HKEY_LOCAL_MACHINE", "HKLM"),
        ("HKEY_USERS", "HKU"),
    ];
    for (long, short) in ROOTS {
        if let Some(rest) = key.strip_prefix(long) {
            if rest.is_empty() || rest.starts_with('\\') {
                return format!("{short}{rest}");
            }
        }
    }
    key.to_string()
}
