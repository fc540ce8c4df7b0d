//! Keeping addresses out of reports (on request). Secrets are kept out of
//! every output by [`crate::secrets`]; the rendered report passes through
//! the run's [`crate::secrets::Scrubber`] last.
//!
//! Addresses (`--redact-addresses`): the local part of an address is masked
//! character by character, keeping what a diagnosis needs (see
//! [`mask_local_part`]); the domain stays, since hosts and policies depend
//! on it.

use crate::syntax::ascii_twin;

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
/// | any other character (kana, kanji) | `〓` (the geta mark, which has no ASCII twin: a masked kanji stays a character an address cannot hold) |
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
                None => '〓',
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
        out = replace_word(&out, n);
    }
    out
}

/// Mask the personal parts of `doc`'s values before any rule reads them
/// (`report --redact-addresses`): the local part of every address and
/// reply-to address, every user name (its local part when it holds an `@`),
/// any address typed into a host name, and the addresses and user names in
/// account names. Every string the report then shows (messages, help,
/// labels, account names, the tables) is made from masked values, so no
/// rule, present or future, can quote a local part. The masks keep each
/// character's class (see [`mask_local_part`]), so the rules find the same
/// problems. Returns the original personal strings (local parts, user
/// names) for [`mask_addresses_in`] over texts not made from the model.
pub fn mask_document(doc: &mut crate::model::Document) -> Vec<String> {
    use crate::model::Str;
    use crate::source::Located;
    fn personal(v: &str, out: &mut Vec<String>) {
        let local = v.rfind(is_at).map_or(v, |i| &v[..i]);
        for form in [local.to_string(), crate::syntax::fold_typed(local)] {
            let form = form.trim().to_string();
            if !form.is_empty() && !out.contains(&form) {
                out.push(form);
            }
        }
    }
    fn mask(value: &mut Option<Located<Str>>, out: &mut Vec<String>) {
        let Some(l) = value else { return };
        personal(&l.value, out);
        let masked = mask_address(&l.value);
        // A byte range of the value still names the same characters in the
        // file only when every character kept its length.
        let same_shape = l.value.len() == masked.len()
            && l.value
                .chars()
                .zip(masked.chars())
                .all(|(a, b)| a.len_utf8() == b.len_utf8());
        l.verbatim &= same_shape;
        l.value = Str::from(masked);
    }
    let mut out = Vec::new();
    for a in &mut doc.accounts {
        for i in &mut a.identities {
            mask(&mut i.address, &mut out);
            mask(&mut i.reply_to, &mut out);
        }
        let templates = a
            .template
            .iter_mut()
            .flat_map(|t| &mut t.incoming_alternatives);
        for s in a
            .incoming
            .iter_mut()
            .chain(templates)
            .chain(&mut a.outgoing)
        {
            mask(&mut s.user_name, &mut out);
            if let Some(h) = &mut s.host {
                if h.value.chars().any(is_at) {
                    h.value = Str::from(mask_addresses_in(&h.value, &[]));
                    h.verbatim = false;
                }
            }
        }
    }
    for a in &mut doc.accounts {
        if let Some(n) = &mut a.name {
            let masked = mask_addresses_in(&n.value, &out);
            if masked != n.value {
                n.value = Str::from(masked);
                n.verbatim = false;
            }
        }
    }
    out
}

/// Replace `word` where it stands alone (not inside a longer token).
fn replace_word(text: &str, word: &str) -> String {
    // ASCII case does not matter ("Hanako at example.org" for "hanako"):
    // the match is masked as it is written, keeping its own case.
    let lower = text.to_ascii_lowercase();
    let needle = word.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(found) = lower[at..].find(&needle) {
        let i = at + found;
        let end = i + needle.len();
        let before = text[..i].chars().next_back();
        let after = text[end..].chars().next();
        out.push_str(&text[at..i]);
        if before.is_none_or(|c| !address_char(c)) && after.is_none_or(|c| !address_char(c)) {
            out.push_str(&mask_local_part(&text[i..end]));
        } else {
            out.push_str(&text[i..end]);
        }
        at = end;
    }
    out.push_str(&text[at..]);
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
        assert_eq!(mask_address("山田@x.jp"), "〓〓@x.jp");
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
}
