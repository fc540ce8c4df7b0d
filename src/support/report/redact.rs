//! Keeping secrets and (on request) addresses out of reports.
//!
//! Secrets: the model holds none (readers record only `password_stored`),
//! and the report prints no source text. As a second guard, every rendered
//! report passes through [`Scrubber`], which knows the values written next to
//! secret-named keys in the files read (`password`, `*_pass`, `token` ...,
//! [`crate::secrets::is_secret_name`]) and replaces any that still appears.
//! It reads lines, not formats: a secret name on a line makes that line's
//! quoted strings and the text after its `=` secret.
//!
//! Addresses (`--redact-addresses`): the local part of an address is masked
//! character by character, keeping what a diagnosis needs (see
//! [`mask_local_part`]); the domain stays, since hosts and policies depend
//! on it.

use crate::secrets::is_secret_name;
use crate::syntax::ascii_twin;

pub const REDACTED: &str = "[redacted]";

/// Values shorter than this are not scrubbed: replacing every "1" or "no"
/// would garble the report, and such values are flags, not passwords.
const MIN_SECRET_LEN: usize = 3;

/// Replaces known secret values in rendered text.
#[derive(Debug, Default)]
pub struct Scrubber {
    secrets: Vec<String>,
}

impl Scrubber {
    /// Collect the values of secret-named keys from the texts of the files read.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Scrubber {
        let mut secrets = Vec::new();
        for text in texts {
            for line in text.lines() {
                secrets.extend(secret_values(line));
            }
        }
        secrets.retain(|s| s.chars().count() >= MIN_SECRET_LEN);
        // Longest first, so a secret that contains another is replaced whole.
        secrets.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        secrets.dedup();
        Scrubber { secrets }
    }

    /// `text` with every known secret (raw, or as JSON escapes it) replaced.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in &self.secrets {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), REDACTED);
            }
            let escaped = serde_json::to_string(s).unwrap_or_default();
            let escaped = escaped.trim_matches('"');
            if escaped != s && !escaped.is_empty() && out.contains(escaped) {
                out = out.replace(escaped, REDACTED);
            }
        }
        out
    }
}

/// Whether a line names a secret: a word of it is a secret name.
fn names_secret(line: &str) -> bool {
    line.split(|c: char| !(c.is_alphanumeric() || "_.-".contains(c)))
        .flat_map(|w| std::iter::once(w).chain(w.split('.')))
        .any(|w| !w.is_empty() && is_secret_name(w))
}

/// The values a line holds next to a secret name: its quoted strings that
/// are not themselves names, and what follows its first `=` or `:`.
fn secret_values(line: &str) -> Vec<String> {
    if !names_secret(line) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        let parts: Vec<&str> = line.split(quote).collect();
        for (i, part) in parts.iter().enumerate() {
            if i % 2 == 1 && i + 1 < parts.len() && !is_secret_name(part) {
                out.push(part.to_string());
            }
        }
    }
    if let Some(i) = line.find(['=', ':']) {
        let (key, value) = line.split_at(i);
        if names_secret(key) {
            let v = value[1..]
                .trim()
                .trim_end_matches(';')
                .trim()
                .trim_matches(['"', '\''])
                .to_string();
            out.push(v);
        }
    }
    out
}

/// The mask of a local part. Each character keeps its class and width, so
/// that what breaks delivery stays visible while the name does not:
///
/// | in the address | shown as |
/// |---|---|
/// | `a`–`z`, `0`–`9` | `x`, `9` |
/// | `A`–`Z` (upper case) | `X` |
/// | full-width letter / digit (`ａ`, `Ａ`, `１`) | `ｘ`, `Ｘ`, `９` |
/// | `.` (so `..`, a leading `.` and `.@` stay), `-`, `_`, `+` and other ASCII symbols | itself |
/// | other full-width or IME look-alikes (`．`, `＿`, `ー`) | itself |
/// | any other character (kana, kanji) | `＊` |
pub fn mask_local_part(local: &str) -> String {
    local
        .chars()
        .map(|c| match c {
            'a'..='z' => 'x',
            'A'..='Z' => 'X',
            '0'..='9' => '9',
            c if c.is_ascii() => c,
            c => match ascii_twin(c).and_then(|t| t.chars().next()) {
                Some(t) if t.is_ascii_lowercase() => 'ｘ',
                Some(t) if t.is_ascii_uppercase() => 'Ｘ',
                Some(t) if t.is_ascii_digit() => '９',
                Some(_) => c,
                None => '＊',
            },
        })
        .collect()
}

/// Whether a character can be part of an address token in running text
/// (ASCII or a full-width twin of one). Backquotes, pipes and braces are
/// left out: they frame values in Markdown and JSON.
fn address_char(c: char) -> bool {
    let ok = |a: char| a.is_ascii_alphanumeric() || ".!#$%&'*+-/=?^_~@".contains(a);
    if c.is_ascii() {
        return ok(c);
    }
    ascii_twin(c)
        .and_then(|t| t.chars().next())
        .is_some_and(|t| ok(t) && t != ' ')
}

fn is_at(c: char) -> bool {
    c == '@' || c == '＠'
}

/// An address with its local part masked (split at the last `@` or `＠`).
pub fn mask_address(addr: &str) -> String {
    match addr.rfind(is_at) {
        Some(i) => format!("{}{}", mask_local_part(&addr[..i]), &addr[i..]),
        None => mask_local_part(addr),
    }
}

/// `text` with the local part of every address in it masked. Known names
/// that are not addresses (user names without `@`) are masked too.
pub fn mask_addresses_in(text: &str, also: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        let inner = token.trim_matches(|c: char| c == '.' || c == '\'');
        if token.chars().any(is_at) && !inner.starts_with(is_at) && !inner.ends_with(is_at) {
            out.push_str(&mask_address(token));
        } else {
            out.push_str(token);
        }
        token.clear();
    };
    for c in text.chars() {
        if address_char(c) {
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(c);
        }
    }
    flush(&mut token, &mut out);
    let mut names: Vec<&String> = also
        .iter()
        .filter(|n| n.chars().count() >= 2 && !n.chars().any(is_at))
        .collect();
    names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    for n in names {
        out = replace_word(&out, n, &mask_local_part(n));
    }
    out
}

/// Replace `word` where it stands alone (not inside a longer token).
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(word) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + word.len()..].chars().next();
        out.push_str(&rest[..i]);
        if before.is_none_or(|c| !address_char(c)) && after.is_none_or(|c| !address_char(c)) {
            out.push_str(with);
        } else {
            out.push_str(word);
        }
        rest = &rest[i + word.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_what_a_diagnosis_needs() {
        assert_eq!(
            mask_address("Taro.Yamada@example.jp"),
            "Xxxx.Xxxxxx@example.jp"
        );
        assert_eq!(
            mask_address("taro..99.@docomo.ne.jp"),
            "xxxx..99.@docomo.ne.jp"
        );
        assert_eq!(mask_address("ｔａｒｏ@example.jp"), "ｘｘｘｘ@example.jp");
        assert_eq!(mask_address("taro＠example.jp"), "xxxx＠example.jp");
        assert_eq!(mask_address(".a-b_c+1@x.jp"), ".x-x_x+9@x.jp");
        assert_eq!(mask_address("山田@x.jp"), "＊＊@x.jp");
    }

    #[test]
    fn masks_addresses_in_running_text() {
        let t = "Account `taro@example.jp` sends as 'Hanako@x.jp'; user taro, not taros.";
        assert_eq!(
            mask_addresses_in(t, &["taro".to_string()]),
            "Account `xxxx@example.jp` sends as 'Xxxxxx@x.jp'; user xxxx, not taros."
        );
        assert_eq!(mask_addresses_in("a @ b, @x, x@", &[]), "a @ b, @x, x@");
    }

    #[test]
    fn scrubs_values_of_secret_keys() {
        let s = Scrubber::from_texts([
            "user_pref(\"mail.server.server1.password\", \"S3cretPw!\");\n\
             user_pref(\"mail.server.server1.hostname\", \"pop.example.jp\");\n\
             POP3 Password2=\"0123abcd\"\n\
             smtp_pass: hunter22\n",
        ]);
        let out = s.scrub("S3cretPw! pop.example.jp 0123abcd hunter22 \"S3cretPw!\"");
        assert!(
            !out.contains("S3cretPw!") && !out.contains("0123abcd") && !out.contains("hunter22")
        );
        assert!(out.contains("pop.example.jp"));
    }
}
