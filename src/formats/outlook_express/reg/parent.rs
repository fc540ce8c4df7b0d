//! [`key_account`] of the keys of one parent, with the parent's parts read
//! once: the keys of an export's accounts are the subkeys of one key
//! (`...\Internet Account Manager\Accounts\00000001`, `...\00000002`), and
//! walking every key's path twice (once for an Outlook profile's account,
//! once for an Internet Account Manager's) was about 2,400 instructions a
//! key of a 10 MB export (issue 15). What a path's parts before its last
//! decide is kept ([`Parent`]); the last part finishes the answer.
//! [`key_account`] of the whole path is the tests' oracle.

use super::{AccountKey, KeyAccount};
use crate::formats::outlook_profile::{ACCOUNTS_KEY, ProfileAccount};

/// [`key_account`] of key after key, the answer for the parent of the key
/// before kept.
#[derive(Debug, Default)]
pub(super) struct Accounts {
    last: Option<(String, Parent)>,
}

impl Accounts {
    /// [`key_account`] of `path`.
    pub(super) fn of(&mut self, path: &str) -> KeyAccount {
        let Some(cut) = path.rfind('\\') else {
            return super::key_account(path);
        };
        let (Some(parent), Some(last)) = (path.get(..cut), path.get(cut + 1..)) else {
            return super::key_account(path);
        };
        match &self.last {
            Some((p, kept)) if p == parent => kept.finish(last),
            _ => {
                let kept = Parent::of(parent);
                let answer = kept.finish(last);
                self.last = Some((parent.to_string(), kept));
                answer
            }
        }
    }
}

/// What the parts of a parent path decide, whatever the last part is.
#[derive(Debug)]
struct Parent {
    /// `outlook_profile::account_key`: the profile, when the parent's last
    /// part is the first accounts key of the path and the two before it are
    /// `Profiles\<profile>` (then an eight-hex-digit last part is an
    /// account).
    profile: Option<String>,
    /// `reg::account_key`: the first manager of the path and what the
    /// parent holds after it.
    express: Option<Express>,
}

#[derive(Debug)]
struct Express {
    omi: bool,
    identity: Option<String>,
    tail: Tail,
}

/// The parts of the parent after its manager.
#[derive(Debug, PartialEq)]
enum Tail {
    /// None: the last part is the account under OMI's manager when it is
    /// digits.
    Nothing,
    /// `Accounts`: the last part is the account.
    Accounts,
    /// Anything else: no account.
    Other,
}

impl Parent {
    fn of(parent: &str) -> Parent {
        let parts: Vec<&str> = parent.split('\\').collect();
        // As `outlook_profile::account_key` walks them: the two parts before
        // the first accounts key; a key after it in the parent leaves the
        // path two parts after it, never an account.
        let profile = match parts
            .iter()
            .position(|p| p.eq_ignore_ascii_case(ACCOUNTS_KEY))
        {
            Some(a) if a + 1 == parts.len() && a >= 2 => {
                let profiles = parts.get(a - 2).copied().unwrap_or_default();
                profiles
                    .eq_ignore_ascii_case("Profiles")
                    .then(|| parts.get(a - 1).copied().unwrap_or_default().to_string())
            }
            _ => None,
        };
        // As `reg::account_key` walks them: the identity after the first
        // `Identities`, up to the first manager.
        let mut identity = None;
        let mut identities_seen = false;
        let mut after_identities = false;
        let mut manager = None;
        for (i, part) in parts.iter().enumerate() {
            if after_identities {
                identity = Some(*part);
                after_identities = false;
            }
            if part.eq_ignore_ascii_case("Internet Account Manager") {
                manager = Some((false, i));
                break;
            }
            if part.eq_ignore_ascii_case("OMI Account Manager") {
                manager = Some((true, i));
                break;
            }
            if !identities_seen && part.eq_ignore_ascii_case("Identities") {
                identities_seen = true;
                after_identities = true;
            }
        }
        let express = manager.map(|(omi, m)| Express {
            omi,
            identity: identity.map(str::to_string),
            tail: match parts.get(m + 1..).unwrap_or_default() {
                [] => Tail::Nothing,
                [accounts] if accounts.eq_ignore_ascii_case("Accounts") => Tail::Accounts,
                _ => Tail::Other,
            },
        });
        Parent { profile, express }
    }

    /// The answer for the path of this parent and `last`.
    fn finish(&self, last: &str) -> KeyAccount {
        if let Some(profile) = &self.profile {
            if last.len() == 8 && last.bytes().all(|c| c.is_ascii_hexdigit()) {
                return KeyAccount::Profile(ProfileAccount {
                    profile: profile.clone(),
                    id: format!("{profile}\\{last}"),
                });
            }
        }
        let Some(e) = &self.express else {
            return KeyAccount::Neither;
        };
        let account = match e.tail {
            Tail::Accounts => true,
            Tail::Nothing => e.omi && !last.is_empty() && last.bytes().all(|c| c.is_ascii_digit()),
            Tail::Other => false,
        };
        if !account {
            return KeyAccount::Neither;
        }
        KeyAccount::Express(AccountKey::new(e.omi, e.identity.as_deref(), last))
    }
}

#[cfg(test)]
mod tests {
    use super::super::key_account;
    use super::super::tests::{PATH_PARTS, corpus_key_paths};
    use super::*;

    /// Key after key, the kept parent's answer is `key_account`'s.
    fn agree(paths: &[String]) {
        let mut accounts = Accounts::default();
        for path in paths {
            assert_eq!(accounts.of(path), key_account(path), "{path:?}");
        }
    }

    #[test]
    fn answers_are_key_accounts_on_the_corpus_and_edge_paths() {
        agree(&corpus_key_paths());
        let mut paths: Vec<String> = [
            "",
            "\\",
            "\\\\",
            "a\\",
            "HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001",
            "HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000002",
            "HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts",
            "HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\",
            "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\Outlook\\OMI Account Manager\\00000001",
            "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\Outlook\\OMI Account Manager\\x",
            "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\Outlook\\OMI Account Manager\\",
            "HKEY_CURRENT_USER\\Identities\\{AB}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\1",
            "HKEY_CURRENT_USER\\Identities\\{AB}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\2",
            "Identities\\Internet Account Manager\\Accounts\\1",
            "Identities\\{A}\\Identities\\{B}\\Internet Account Manager\\Accounts\\1",
            "Internet Account Manager\\Accounts\\Identities",
            "Software\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\00000001",
            "Software\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\0000000g",
            "Software\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\Internet Account Manager",
            "Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\00000001",
            "Outlook\\9375CFF0413111d3B88A00104B2A6676\\00000001",
            "Profiles\\OMI Account Manager\\9375CFF0413111d3B88A00104B2A6676\\00000001",
            "Profiles\\P\\9375cff0413111d3b88a00104b2a6676\\9375CFF0413111d3B88A00104B2A6676\\00000001",
        ]
        .map(String::from)
        .to_vec();
        agree(&paths);
        paths.reverse();
        agree(&paths);
    }

    proptest::proptest! {
        /// Paths of the same parts, so that parents repeat, in a row.
        #[test]
        fn answers_are_key_accounts_on_generated_paths(
            paths in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(PATH_PARTS), 0..8),
                1..12,
            ),
            last in proptest::collection::vec(proptest::sample::select(PATH_PARTS), 12),
        ) {
            // Each path then again with another last part: the same parent.
            let mut all = Vec::new();
            for (parts, end) in paths.iter().zip(&last) {
                all.push(parts.join("\\"));
                let mut again = parts.clone();
                again.push(end);
                all.push(again.join("\\"));
                again.pop();
                again.push(end);
                again.push(end);
                all.push(again.join("\\"));
            }
            let mut accounts = Accounts::default();
            for path in &all {
                proptest::prop_assert_eq!(accounts.of(path), key_account(path), "{:?}", path);
            }
        }
    }
}
