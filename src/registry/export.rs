//! The account keys of the registry, exported to `.reg` text for the readers,
//! with a map from the text back to keys and values.
//!
//! Where accounts are (formats.md §1.1; Thunderbird's `nsOEScanBoxes.cpp`,
//! `nsOutlookSettings.cpp` `FindAccountsKey`):
//! - Outlook Express: `Software\Microsoft\Internet Account Manager\Accounts`
//!   and the same under every identity, `Identities\{GUID}\…`;
//! - Outlook 98–2003 Internet-only mode: `Software\Microsoft\Office\Outlook\OMI
//!   Account Manager` (`…\Office\8.0\…` for Outlook 98), with or without an
//!   `Accounts` level;
//! - Outlook 2013 and later: `Software\Microsoft\Office\<version>\Outlook\Profiles\
//!   <profile>\9375CFF0413111d3B88A00104B2A6676`; Outlook 2002–2010 the same
//!   under `Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging
//!   Subsystem\Profiles`.

use super::{HKCU, RegData, Registry};
use crate::formats::outlook_express::values;
use crate::formats::outlook_profile;
use crate::source::RegistryPlace;

/// One account root, exported.
#[derive(Clone, Debug)]
pub struct Exported {
    /// The root key, `HKEY_CURRENT_USER\…` (the "file" of reports).
    pub key: String,
    /// A `.reg` export (version 5.00) of the root's account subkeys.
    pub text: String,
    pub places: Vec<RegistryPlace>,
}

/// At most this many subkeys of one key are looked at: a damaged or hostile
/// hive must not make a run endless.
const MAX_SUBKEYS: usize = 512;

#[derive(Clone, Copy)]
enum Kind {
    /// Internet Account Manager names (Outlook Express, OMI).
    InternetAccountManager,
    /// Outlook 2007+ profile names.
    Profile,
}

/// Every account root that holds at least one account key, exported.
pub fn export_accounts(reg: &dyn Registry) -> Vec<Exported> {
    let mut out = Vec::new();
    for (root, kind) in account_roots(reg) {
        if let Some(e) = export_root(reg, &root, kind) {
            out.push(e);
        }
    }
    out
}

fn subkeys(reg: &dyn Registry, path: &str) -> Vec<String> {
    let mut keys = reg.subkeys(path);
    keys.truncate(MAX_SUBKEYS);
    keys
}

fn account_roots(reg: &dyn Registry) -> Vec<(String, Kind)> {
    use Kind::*;
    let iam = "Software\\Microsoft\\Internet Account Manager\\Accounts";
    let mut roots = vec![(iam.to_string(), InternetAccountManager)];
    for g in subkeys(reg, "Identities") {
        if g.starts_with('{') {
            roots.push((format!("Identities\\{g}\\{iam}"), InternetAccountManager));
        }
    }
    for office in [
        "Software\\Microsoft\\Office",
        "Software\\Microsoft\\Office\\8.0",
    ] {
        let omi = format!("{office}\\Outlook\\OMI Account Manager");
        roots.push((format!("{omi}\\Accounts"), InternetAccountManager));
        roots.push((omi, InternetAccountManager));
    }
    let mut profile_parents: Vec<String> = subkeys(reg, "Software\\Microsoft\\Office")
        .into_iter()
        .filter(|v| v.contains('.'))
        .map(|v| format!("Software\\Microsoft\\Office\\{v}\\Outlook\\Profiles"))
        .collect();
    profile_parents.push(
        "Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles"
            .into(),
    );
    for parent in profile_parents {
        for p in subkeys(reg, &parent) {
            let root = format!("{parent}\\{p}\\{}", outlook_profile::ACCOUNTS_KEY);
            roots.push((root, Profile));
        }
    }
    roots
}

/// The subkeys of `root` that can be accounts of `kind`.
fn account_subkeys(reg: &dyn Registry, root: &str, kind: Kind) -> Vec<String> {
    subkeys(reg, root)
        .into_iter()
        .filter(|s| match kind {
            // OMI's own `Accounts` level is a root of its own.
            Kind::InternetAccountManager => !s.eq_ignore_ascii_case("Accounts"),
            Kind::Profile => s.len() == 8 && s.chars().all(|c| c.is_ascii_hexdigit()),
        })
        .collect()
}

fn names(kind: Kind) -> Vec<String> {
    match kind {
        Kind::InternetAccountManager => values::value_names(),
        Kind::Profile => outlook_profile::VALUE_NAMES
            .iter()
            .map(|s| s.to_string())
            .collect(),
    }
}

/// A value as the export writes it: its data, or only whether a password is set.
enum Written {
    Data(RegData),
    Secret(bool),
}

fn export_root(reg: &dyn Registry, root: &str, kind: Kind) -> Option<Exported> {
    let names = names(kind);
    let mut text = String::from("Windows Registry Editor Version 5.00\n");
    let mut places = Vec::new();
    for sub in account_subkeys(reg, root, kind) {
        let path = format!("{root}\\{sub}");
        let values: Vec<(&String, Written)> = names
            .iter()
            .filter_map(|n| {
                if crate::secrets::is_secret_name(n) {
                    reg.value_size(&path, n)
                        .map(|s| (n, Written::Secret(s > 0)))
                } else {
                    reg.value(&path, n).map(|d| (n, Written::Data(d)))
                }
            })
            .collect();
        if values.is_empty() {
            continue;
        }
        let key = format!("{HKCU}\\{path}");
        text.push('\n');
        let key_start = text.len();
        text.push_str(&format!("[{key}]\n"));
        for (name, data) in values {
            let Some(data) = render(&data) else {
                continue;
            };
            let start = text.len();
            text.push_str(&format!("\"{}\"={data}", escape(name)));
            places.push(RegistryPlace {
                range: start..text.len(),
                key: key.clone(),
                value: Some(name.clone()),
            });
            text.push('\n');
        }
        places.push(RegistryPlace {
            range: key_start..text.len(),
            key,
            value: None,
        });
    }
    (!places.is_empty()).then(|| Exported {
        key: format!("{HKCU}\\{root}"),
        text,
        places,
    })
}

/// `"text"`, `dword:…` or `hex:…` as regedit writes them (binary on one
/// line: the reader needs no continuation lines here).
fn render(w: &Written) -> Option<String> {
    Some(match w {
        Written::Secret(set) => {
            // A placeholder byte: the password itself is never read.
            if *set { "hex:00".into() } else { "hex:".into() }
        }
        Written::Data(RegData::String(s)) => format!("\"{}\"", escape(s)),
        Written::Data(RegData::Dword(n)) => format!("dword:{n:08x}"),
        Written::Data(RegData::Binary(b)) => {
            let hex: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("hex:{}", hex.join(","))
        }
        Written::Data(RegData::Other(_)) => return None,
    })
}

/// A `.reg` string's escapes (`\\`, `\"`; a line break as `\n`, so that one
/// value stays on one line).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\0' => out.push_str("\\0"),
            c => out.push(c),
        }
    }
    out
}
