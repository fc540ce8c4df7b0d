//! Whether the rest of a pref name (after its prefix of three dots) names a
//! secret, remembered by the rest's bytes (issue 15).
//!
//! A prefs.js repeats a handful of rests for every account (`hostname`,
//! `port`, `userName`, `filter_3.last_run`): judged by their shape through
//! [`SecretNames`] they cost about 190 instructions each, most of it the
//! shape. A rest of at most [`KEPT`] bytes is held whole in three words and
//! its length, which say exactly which bytes it is; a slot of a small table,
//! chosen by a mix of them, keeps the answer of the last rest that fell
//! there. A longer rest, or one whose slot holds another, asks
//! [`SecretNames`], whose answer is the definition's.

use crate::formats::secret_names::SecretNames;

/// The longest rest held in a slot: three words.
const KEPT: usize = 24;

/// Slots of the table (a power of two): a prefs.js has a few hundred
/// different rests at most.
const SLOTS: usize = 256;

/// A rest of at most [`KEPT`] bytes: its length and its bytes, zero past it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Held {
    len: u64,
    words: [u64; 3],
}

#[derive(Clone, Copy)]
struct Slot {
    held: Held,
    secret: bool,
}

/// See the module's comment.
pub(super) struct RestSecrets {
    slots: Box<[Option<Slot>; SLOTS]>,
    names: SecretNames,
}

impl RestSecrets {
    pub(super) fn new() -> Self {
        RestSecrets {
            slots: Box::new([None; SLOTS]),
            names: SecretNames::new(),
        }
    }

    /// [`crate::secrets::is_secret_name`] of `rest`.
    pub(super) fn is_secret(&mut self, rest: &str) -> bool {
        let Some(held) = held(rest.as_bytes()) else {
            return self.names.is_secret(rest);
        };
        let [a, b, c] = held.words;
        let mix = (a ^ b.rotate_left(21) ^ c.rotate_left(42) ^ held.len)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let at = (mix >> 56) as usize % SLOTS;
        if let Some(Some(slot)) = self.slots.get(at)
            && slot.held == held
        {
            return slot.secret;
        }
        let secret = self.names.is_secret(rest);
        if let Some(slot) = self.slots.get_mut(at) {
            *slot = Some(Slot { held, secret });
        }
        secret
    }
}

/// `rest` held in three words, when it is at most [`KEPT`] bytes.
fn held(rest: &[u8]) -> Option<Held> {
    if rest.len() > KEPT {
        return None;
    }
    let mut bytes = [0u8; KEPT];
    bytes.get_mut(..rest.len())?.copy_from_slice(rest);
    let word = |k: usize| {
        let mut w = [0u8; 8];
        if let Some(from) = bytes.get(8 * k..8 * k + 8) {
            w.copy_from_slice(from);
        }
        u64::from_le_bytes(w)
    };
    Some(Held {
        len: rest.len() as u64,
        words: [word(0), word(1), word(2)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same answers as the definition, for rests short and long, asked
    /// in any order and again (slots taken by others, rests that differ in
    /// one byte or in their length only, zero bytes).
    #[test]
    fn answers_as_the_definition() {
        let rests = [
            "",
            "pw",
            "PW",
            "port",
            "password",
            "hostname",
            "userName",
            "filter_3.last_run",
            "filter_13.last_run",
            "spam_pass",
            "spam_pas",
            "a\0",
            "a",
            "oauth2.refresh_token.x",
            "123456789012345678901234",
            "12345678901234567890123pass",
            "x_pw",
            "authcode_abcdefghijklmnopq",
            "日本語のpassword",
        ];
        let mut cache = RestSecrets::new();
        for round in 0..3 {
            for (k, r) in rests.iter().enumerate() {
                let r = if round == 2 {
                    rests[rests.len() - 1 - k]
                } else {
                    r
                };
                assert_eq!(
                    cache.is_secret(r),
                    crate::secrets::is_secret_name(r),
                    "{r:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_rests_answer_as_the_definition(
            rests in proptest::collection::vec("[a-zA-Z_0-9. ]{0,30}|(pass|pw|token|hash|x){1,3}", 0..64)
        ) {
            let mut cache = RestSecrets::new();
            for r in rests.iter().chain(rests.iter()) {
                proptest::prop_assert_eq!(cache.is_secret(r), crate::secrets::is_secret_name(r), "{:?}", r);
            }
        }
    }
}
