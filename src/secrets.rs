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

#[cfg(test)]
mod tests {
    use super::is_secret_name;

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
