//! Which servers an online check asks, from the model: each account's
//! incoming and outgoing servers as the client would use them, with what the
//! account expects of them (the authentication method) and where the wizard's
//! and the policy's alternatives come from (the address's domain).

use unicode_normalization::UnicodeNormalization;

use super::{AuthKey, Endpoint, Proto, Request, Secure};
use crate::model::{Account, AuthMethod, Protocol, Security, Server, ServerRole};
use crate::policy::{Policy, expand_host_template};

/// The request for one server of an account, or `None` for a server that
/// cannot be asked (another protocol, no host, a placeholder, a port out of range).
pub fn request(account: &Account, server: &Server, policy: &Policy) -> Option<Request> {
    let proto = match server.protocol.value {
        Protocol::Pop3 => Proto::Pop3,
        Protocol::Imap => Proto::Imap,
        Protocol::Smtp => Proto::Smtp,
        _ => return None,
    };
    let host = server.host.as_ref()?.value.trim().to_string();
    if host.is_empty() || host.contains(['%', '{', '}', '$']) {
        return None;
    }
    let port = u16::try_from(server.port.value).ok().filter(|p| *p > 0)?;
    let secure = match server.security.value {
        Security::None => Secure::Plain,
        Security::StartTls => Secure::StartTls,
        Security::TryStartTls => Secure::TryStartTls,
        Security::Tls => Secure::Tls,
    };
    let method = match server.auth.value {
        // The outgoing server logs on with the incoming server's method.
        AuthMethod::SameAsIncoming => account
            .incoming
            .as_ref()
            .map(|i| i.auth.value)
            .filter(|m| *m != AuthMethod::SameAsIncoming)
            .unwrap_or(AuthMethod::Cleartext),
        m => m,
    };
    let domain = account_domain(account);
    let template = match server.role {
        ServerRole::Incoming => policy.hosts.incoming.as_deref(),
        ServerRole::Outgoing => policy.hosts.outgoing.as_deref(),
    };
    let policy_host = template
        .zip(domain.as_deref())
        .map(|(t, d)| expand_host_template(t, d));
    Some(Request {
        endpoint: Endpoint {
            host,
            port,
            proto,
            secure,
        },
        auth: AuthKey::of(method),
        domain,
        policy_host,
    })
}

/// The domain of the account's first address, half-width and lower case.
pub fn account_domain(account: &Account) -> Option<String> {
    let addr = account.identities.iter().find_map(|i| i.address.as_ref())?;
    let (_, domain) = addr.value.rsplit_once(['@', '＠'])?;
    let d: String = domain
        .nfkc()
        .collect::<String>()
        .trim()
        .to_ascii_lowercase();
    (!d.is_empty() && d.is_ascii()).then_some(d)
}

/// Every request of every account of the documents.
pub fn requests<'a>(accounts: impl Iterator<Item = &'a Account>, policy: &Policy) -> Vec<Request> {
    let mut out: Vec<Request> = accounts
        .flat_map(|a| {
            a.incoming
                .iter()
                .chain(a.outgoing.iter())
                .filter_map(move |s| request(a, s, policy))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}
