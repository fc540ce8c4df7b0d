//! What a company allows: the ports and the authentication methods its
//! servers accept (`[allowed-ports]`, `[allowed-auth]` in a policy file or in
//! `.maillint.toml`). The rules `port-not-allowed` (ML403) and
//! `auth-not-allowed` (ML308) compare each server with these lists.

use serde::{Deserialize, Deserializer};

use crate::model::{AuthMethod, ServerRole};

/// `[allowed-ports]`: port numbers per server role; an absent list allows any port.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AllowedPorts {
    pub incoming: Option<Vec<u16>>,
    pub outgoing: Option<Vec<u16>>,
}

impl AllowedPorts {
    pub fn for_role(&self, role: ServerRole) -> Option<&[u16]> {
        match role {
            ServerRole::Incoming => self.incoming.as_deref(),
            ServerRole::Outgoing => self.outgoing.as_deref(),
        }
    }
}

/// `[allowed-auth]`: authentication methods per server role, by the names in
/// [`AUTH_NAMES`]; an absent list allows any method.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AllowedAuth {
    pub incoming: Option<Vec<AuthName>>,
    pub outgoing: Option<Vec<AuthName>>,
}

impl AllowedAuth {
    pub fn for_role(&self, role: ServerRole) -> Option<Vec<AuthMethod>> {
        let list = match role {
            ServerRole::Incoming => self.incoming.as_ref(),
            ServerRole::Outgoing => self.outgoing.as_ref(),
        }?;
        Some(list.iter().map(|a| a.0).collect())
    }
}

/// The names a policy uses for authentication methods. The first name of a
/// method is its canonical one; the others are the names autoconfig files and
/// dialogs use for it.
pub const AUTH_NAMES: &[(&str, AuthMethod)] = &[
    ("none", AuthMethod::None),
    ("cleartext", AuthMethod::Cleartext),
    ("password-cleartext", AuthMethod::Cleartext),
    ("encrypted", AuthMethod::Encrypted),
    ("password-encrypted", AuthMethod::Encrypted),
    ("spa", AuthMethod::Spa),
    ("ntlm", AuthMethod::Spa),
    ("gssapi", AuthMethod::Gssapi),
    ("kerberos", AuthMethod::Gssapi),
    ("oauth2", AuthMethod::OAuth2),
    ("client-cert", AuthMethod::ClientCert),
    ("tls-client-cert", AuthMethod::ClientCert),
    ("same-as-incoming", AuthMethod::SameAsIncoming),
    ("pop-before-smtp", AuthMethod::PopBeforeSmtp),
    ("smtp-after-pop", AuthMethod::PopBeforeSmtp),
    ("any-secure", AuthMethod::AnySecure),
    ("any", AuthMethod::Any),
];

/// The canonical policy name of a method (`cleartext`, `oauth2`, ...).
pub fn auth_name(method: AuthMethod) -> &'static str {
    AUTH_NAMES
        .iter()
        .find(|(_, m)| *m == method)
        .map(|(n, _)| *n)
        .unwrap_or("any")
}

/// One authentication method named in a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthName(pub AuthMethod);

impl<'de> Deserialize<'de> for AuthName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        AUTH_NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(s.trim()))
            .map(|(_, m)| AuthName(*m))
            .ok_or_else(|| {
                let names: Vec<&str> = AUTH_NAMES.iter().map(|(n, _)| *n).collect();
                serde::de::Error::custom(format!(
                    "unknown authentication method '{s}': use one of {}",
                    names.join(", ")
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_errors() {
        let a: AllowedAuth =
            toml::from_str("incoming = [\"cleartext\", \"OAuth2\"]").expect("valid names");
        assert_eq!(
            a.for_role(ServerRole::Incoming),
            Some(vec![AuthMethod::Cleartext, AuthMethod::OAuth2])
        );
        assert_eq!(a.for_role(ServerRole::Outgoing), None);
        let e = toml::from_str::<AllowedAuth>("incoming = [\"magic\"]").expect_err("unknown");
        assert!(
            e.message()
                .contains("unknown authentication method 'magic'")
        );
        assert!(toml::from_str::<AllowedPorts>("incoming = [70000]").is_err());
        assert_eq!(auth_name(AuthMethod::Spa), "spa");
    }
}
