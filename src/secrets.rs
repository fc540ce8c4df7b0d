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

/// Replace the value of every `key=value` line whose key holds a secret
/// with `*`, byte for byte, so that every span into the text stays valid.
/// Claws Mail's empty marker `!` is not a secret and stays.
pub fn mask_ini_values(file: &mut crate::source::SourceFile, is_secret: fn(&str) -> bool) {
    let mut ranges = Vec::new();
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let Some(eq) = content.find('=') else {
            continue;
        };
        let key = content[..eq].trim();
        let value = content[eq + 1..].trim();
        if key.starts_with(['#', ';', '[']) || !is_secret(key) || value.is_empty() || value == "!" {
            continue;
        }
        let lead = content[eq + 1..].len() - content[eq + 1..].trim_start().len();
        let from = start + eq + 1 + lead;
        ranges.push(from..from + value.len());
    }
    if ranges.is_empty() {
        return;
    }
    let mut bytes = std::mem::take(&mut file.text).into_bytes();
    for r in ranges {
        if let Some(slice) = bytes.get_mut(r) {
            slice.fill(b'*');
        }
    }
    // Whole UTF-8 sequences were replaced by ASCII: still valid UTF-8.
    file.text = String::from_utf8(bytes).unwrap_or_default();
}

#[cfg(test)]
mod tests {
    use super::is_secret_name;

    #[test]
    fn masked_values_keep_their_length() {
        let mut f = crate::source::SourceFile::from_bytes(
            crate::source::SourceId(0),
            "accountrc",
            "user_id=a\npassword = s3cr日t \nsmtp_password=!\n".as_bytes(),
        );
        let before = f.text.len();
        super::mask_ini_values(&mut f, is_secret_name);
        assert_eq!(f.text.len(), before);
        assert!(!f.text.contains("s3cr"));
        assert!(f.text.contains("user_id=a\npassword = ******** \n"));
        assert!(f.text.ends_with("smtp_password=!\n"));
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
