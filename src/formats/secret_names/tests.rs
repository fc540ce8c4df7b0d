use super::*;
use crate::secrets::is_secret_name;
use proptest::prelude::*;

fn shape(name: &str) -> String {
    let mut out = Vec::new();
    shape_into(name.as_bytes(), &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The shape as it was first written (a search and a copy per part): the
/// one-pass [`shape_into`] must give the same bytes.
fn shape_by_parts(name: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = name;
    while let Some(d) = rest.iter().position(u8::is_ascii_digit) {
        out.extend_from_slice(&rest[..d]);
        out.push(b'0');
        let digits = &rest[d..];
        let run = digits
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(digits.len());
        rest = &digits[run..];
    }
    out.extend_from_slice(rest);
    out
}

#[test]
fn digit_runs_become_one_zero() {
    assert_eq!(
        shape("mail.server.server17.filter_3.last_run"),
        "mail.server.server0.filter_0.last_run"
    );
    assert_eq!(shape("Account Note 000042"), "Account Note 0");
    assert_eq!(shape("パスワード2"), "パスワード0");
}

#[test]
fn the_cache_answers_as_is_secret_name() {
    let mut names = SecretNames::new();
    for name in [
        "mail.server.server1.password",
        "mail.server.server2.password",
        "mail.server.server1.hostname",
        "pw",
        "p1w",
        "POP3 Password2",
        "Password2",
        "token12",
        "x_pw",
        "x_pw1",
        "x_pw1",
        "x_pw22",
        "x_pw22x",
        "mail.server.server1.filter_0.last_run",
        "mail.server.server1.filter_1.last_run",
        "mail.server.server1.filter_1.password",
        "mail.server.server1.filter_2.password",
        "a_much_longer_name.with.many.parts.0123456789.and.more.parts.password",
        "a_much_longer_name.with.many.parts.0123456789.and.more.parts.passwore",
        "a_much_longer_name.with.many.parts.0123456789.and.more.parts.password",
    ] {
        assert_eq!(names.is_secret(name), is_secret_name(name), "{name}");
    }
}

proptest! {
    /// The word-at-a-time digit marks are a look at each byte.
    #[test]
    fn digit_marks_are_each_byte_a_digit(word in any::<u64>(), at in 0usize..8, d in b'0'..=b'9') {
        let mut bytes = word.to_le_bytes();
        let by_byte = |bytes: [u8; 8]| {
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| b.is_ascii_digit())
                .fold(0u64, |m, (i, _)| m | 0x80 << (8 * i))
        };
        prop_assert_eq!(digit_marks(u64::from_le_bytes(bytes)), by_byte(bytes));
        bytes[at] = d;
        prop_assert_eq!(digit_marks(u64::from_le_bytes(bytes)), by_byte(bytes));
        for b in [b'/', b':', 0x30 | 0x80, 0x39 | 0x80, 0xff, 0] {
            bytes[at] = b;
            prop_assert_eq!(digit_marks(u64::from_le_bytes(bytes)), by_byte(bytes));
        }
    }

    /// The one-pass shape and the shape by parts agree on any bytes.
    #[test]
    fn one_pass_shape_is_the_shape_by_parts(name in proptest::collection::vec(any::<u8>(), 0..40),
                                             digits in "[a-z0-9.]{0,40}") {
        for bytes in [name.as_slice(), digits.as_bytes()] {
            let mut out = vec![b'x'; 3];
            shape_into(bytes, &mut out);
            prop_assert_eq!(out, shape_by_parts(bytes));
        }
    }

    /// The shape on the stack is the shape by parts, for any bytes up to
    /// its length; a longer name is left to `shape_into`.
    #[test]
    fn stack_shape_is_the_shape_by_parts(name in proptest::collection::vec(any::<u8>(), 0..80),
                                         digits in "[a-z0-9.]{0,80}") {
        for bytes in [name.as_slice(), digits.as_bytes()] {
            let mut buf = [b'x'; SHORT + 8];
            match shape_short(bytes, &mut buf) {
                Some(len) => prop_assert_eq!(buf[..len].to_vec(), shape_by_parts(bytes)),
                None => prop_assert!(bytes.len() > SHORT),
            }
        }
    }

    /// The property the cache stands on: a name and its shape are judged
    /// alike (if `is_secret_name` ever looks for a digit, this fails).
    #[test]
    fn a_name_and_its_shape_are_judged_alike(
        name in "([a-zA-Z_. ]{0,6}[0-9]{0,3}){0,5}",
        other in "[0-9]{1,4}",
    ) {
        prop_assert_eq!(is_secret_name(&name), is_secret_name(&shape(&name)));
        // Any other digits in place of the first run: same answer.
        if let Some(at) = name.find(|c: char| c.is_ascii_digit()) {
            let end = name[at..].find(|c: char| !c.is_ascii_digit()).map_or(name.len(), |e| at + e);
            let swapped = format!("{}{}{}", &name[..at], other, &name[end..]);
            prop_assert_eq!(is_secret_name(&name), is_secret_name(&swapped));
        }
    }

    /// What the pref table stands on (`thunderbird/table.rs`): a dotted
    /// suffix of a name names a secret only if the whole name does, or if
    /// it is a bare `pw`.
    #[test]
    fn a_suffix_names_a_secret_only_with_its_name(
        head in "[a-zA-Z_.]{0,12}\\.",
        rest in "([a-zA-Z_ ]{0,6}(pw|PW|pass|token|hash)?){0,3}",
    ) {
        let full = format!("{head}{rest}");
        if is_secret_name(&rest) {
            prop_assert!(is_secret_name(&full) || rest.eq_ignore_ascii_case("pw"), "{full}");
        }
    }

    /// Names asked in any order, shapes repeated or not, short and long
    /// (past the stack's room): the cache answers as `is_secret_name`.
    #[test]
    fn the_cache_agrees_on_any_name(names in proptest::collection::vec("([a-z_. ]{0,8}(pw|pass|token|hash|[0-9]{1,3})?){0,4}", 1..20),
                                     long in "[a-z.]{60,70}") {
        let mut cache = SecretNames::new();
        for n in &names {
            prop_assert_eq!(cache.is_secret(n), is_secret_name(n));
            for again in [n.clone(), format!("{long}{n}"), format!("{n}{long}"), format!("{n}1"), n.clone()] {
                prop_assert_eq!(cache.is_secret(&again), is_secret_name(&again), "{}", again);
            }
        }
    }
}

/// Every byte value, at every place of a word, marked exactly when a digit.
#[test]
fn digit_marks_every_byte_value() {
    for b in 0..=u8::MAX {
        for at in 0..8 {
            let mut bytes = [b'a'; 8];
            bytes[at] = b;
            let expected = if b.is_ascii_digit() {
                0x80 << (8 * at)
            } else {
                0
            };
            assert_eq!(
                digit_marks(u64::from_le_bytes(bytes)),
                expected,
                "{b} at {at}"
            );
            assert_eq!(
                digit_marks(u64::from_le_bytes([b; 8])) != 0,
                b.is_ascii_digit()
            );
        }
    }
}

/// Every pattern of digits in a word, whole or a tail of any length, after
/// a digit or not, at every place of a word: the stack shape is the shape
/// by parts.
#[test]
fn stack_shape_of_every_digit_pattern() {
    for mask in 0u32..256 {
        for len in 1..=8 {
            let word: Vec<u8> = (0..len)
                .map(|i| {
                    if (mask >> i) & 1 == 1 {
                        b'0' + i as u8
                    } else {
                        b'a' + i as u8
                    }
                })
                .collect();
            for before in ["", "b", "5", "abcdefg", "abcdef9", "abcdefgh", "abcdefg9"] {
                for after in ["", "z", "4", "zzzzzzzz", "4zzzzzzz"] {
                    let name = [before.as_bytes(), &word, after.as_bytes()].concat();
                    let mut buf = [b'x'; SHORT + 8];
                    let len = shape_short(&name, &mut buf).unwrap_or(usize::MAX);
                    assert_eq!(
                        buf.get(..len),
                        Some(shape_by_parts(&name).as_slice()),
                        "{name:?}"
                    );
                }
            }
        }
    }
}
