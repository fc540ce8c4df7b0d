//! Recognising names that hold secrets, so that no reader ever copies their
//! values into the model and no output can print them.

/// Whether a key, pref, element or value name holds a password, token or
/// other secret (case-insensitive): `password`, `passwd`, `*_pass`, `secret`,
/// `token`, `authcode`, `Password2` ...
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("password")
        || n.contains("passwd")
        || n.contains("secret")
        || n.contains("token")
        || n.contains("authcode")
        || n.ends_with("pass")
        || n.contains("_pass")
        || n.contains(" pass")
}

/// Where a document's readers found secret values: the spans they listed in
/// `Document::secrets`, and passwords written into templates. The model never
/// holds them; the source text is blanked there (see [`mask`]) so that no
/// snippet can print them.
pub fn secret_spans(doc: &crate::model::Document) -> Vec<crate::source::Span> {
    let mut spans = doc.secrets.clone();
    spans.extend(
        doc.accounts
            .iter()
            .filter_map(|a| a.template.as_ref())
            .flat_map(|t| t.embedded_passwords.iter().filter_map(|p| p.value)),
    );
    spans
}

/// Replace the characters of `start..end` in `text` by `*`, byte for byte,
/// keeping line breaks: offsets, lines and columns stay as they were.
pub fn mask(text: &mut String, start: usize, end: usize) {
    if start >= end
        || end > text.len()
        || !text.is_char_boundary(start)
        || !text.is_char_boundary(end)
    {
        return;
    }
    let masked: String = text[start..end]
        .chars()
        .flat_map(|c| {
            let keep = c == '\n' || c == '\r';
            std::iter::repeat_n(
                if keep { c } else { '*' },
                if keep { 1 } else { c.len_utf8() },
            )
        })
        .collect();
    text.replace_range(start..end, &masked);
}

#[cfg(test)]
mod tests {
    use super::{is_secret_name, mask};

    #[test]
    fn masking_keeps_offsets_and_lines() {
        let mut t = String::from("<p>Blä4\nx</p>");
        mask(&mut t, 3, 10);
        assert_eq!(t, "<p>*****\n*</p>");
        assert_eq!(t.len(), "<p>Blä4\nx</p>".len());
    }

    #[test]
    fn names_that_hold_secrets() {
        for n in [
            "password",
            "POP3 Password2",
            "smtp_password",
            "proxy_pass",
            "oauth2_client_secret",
            "IncomingPassword",
            "refresh_token",
            "oauth2_authcode",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in ["hostname", "passive", "userName", "try_ssl"] {
            assert!(!is_secret_name(n), "{n}");
        }
    }
}
