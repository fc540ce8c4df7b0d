//! Security rules: ML302 cleartext-password-without-tls, ML303
//! embedded-password, ML304 no-tls-offered.

use super::{Emitter, FieldName, Finding};
use crate::catalogue::{
    CleartextPasswordWithoutTls, EmbeddedPassword, NoTlsOffered, cleartext_password_without_tls,
    no_tls_offered,
};
use crate::diagnostics::Severity;
use crate::fix::Edit;
use crate::model::{Account, AuthMethod, Protocol, Security, Server, ServerRole};
use crate::policy::TlsOffer;
use crate::source::Basis;
use crate::tables::Field;

pub fn check(account: &Account, em: &mut Emitter) {
    for server in account.servers() {
        cleartext_without_tls(server, em);
    }
    if let Some(t) = &account.template {
        for p in &t.embedded_passwords {
            // The value is never read: the finding names only the element.
            em.emit(Finding::new(EmbeddedPassword, p.span).arg("element", &p.element));
        }
        no_tls_offered(account, em);
    }
}

fn is_mail(server: &Server) -> bool {
    matches!(
        server.protocol.value,
        Protocol::Pop3 | Protocol::Imap | Protocol::Smtp | Protocol::Nntp
    )
}

fn field<'s>(server: &'s Server, em: &Emitter) -> FieldName<'s> {
    let key = match server.role {
        ServerRole::Incoming => Field::IncomingServer,
        ServerRole::Outgoing => Field::OutgoingServer,
    };
    em.field(key, &server.protocol.value)
}

/// A password sent as is over a connection that is not encrypted: anyone on
/// the path (a shared Wi-Fi, the hotel network) reads it.
fn cleartext_without_tls(server: &Server, em: &mut Emitter) {
    // "Same as incoming" logs in with the incoming password, as is.
    if !is_mail(server)
        || !matches!(
            server.auth.value,
            AuthMethod::Cleartext | AuthMethod::SameAsIncoming
        )
    {
        return;
    }
    // News servers and SMTP servers log in only when the server asks and a
    // user name is set: a default method alone sends no password.
    let login_on_demand = match server.protocol.value {
        Protocol::Nntp => true,
        Protocol::Smtp => server.user_name.as_ref().is_none_or(|u| u.value.is_empty()),
        _ => false,
    };
    if login_on_demand && server.auth.is_default() {
        return;
    }
    use cleartext_password_without_tls::{Help, Message};
    let variant = match (server.security.value, server.security.basis) {
        (Security::None, _) => Message::Default,
        // The reader read a Thunderbird "STARTTLS if available" as Thunderbird
        // 132 and later do (see formats/thunderbird/accounts.rs).
        (Security::TryStartTls, Some(Basis::StarttlsDroppedSince132)) => Message::TryStarttlsPlain,
        (Security::TryStartTls, _) => Message::TryStarttls,
        _ => return,
    };
    // Point at what the file says; the other half is a label.
    let (span, other, other_key) = if server.security.is_default() {
        (
            server.auth.span,
            server.security.span,
            cleartext_password_without_tls::Label::Security,
        )
    } else {
        (
            server.security.span,
            server.auth.span,
            cleartext_password_without_tls::Label::Auth,
        )
    };
    let policy = em.policy_name();
    let mut f = Finding::new(CleartextPasswordWithoutTls, span)
        .arg("field", field(server, em))
        .arg("host", super::host_of(server))
        .arg("port", server.port.value)
        .arg("policy", policy);
    if other != span {
        f = f.label(other, other_key, vec![]);
    }
    // What to advise depends on what the provider offers: "turn SSL/TLS on"
    // at a provider without it stops mail (policy `tls`).
    let offer = em.policy().tls;
    f = match (variant, offer) {
        (Message::TryStarttls, _) => f.variant(variant).severity(Severity::Warning),
        (_, TlsOffer::None) => f
            .variant(if variant == Message::Default {
                Message::ProviderNoTls
            } else {
                variant
            })
            .help(Help::ProviderNoTls)
            .severity(Severity::Warning),
        (Message::Default, TlsOffer::Unknown) => f
            .variant(variant)
            .help(Help::TlsUnknown)
            .severity(Severity::Warning),
        (_, TlsOffer::Unknown) => f.variant(variant).severity(Severity::Warning),
        (_, TlsOffer::Offered) => {
            let ports = em
                .policy()
                .tls_ports
                .for_protocol(&server.protocol.value)
                .map(|p| p.iter().map(u16::to_string).collect::<Vec<_>>().join(", "));
            match ports {
                Some(p) if variant == Message::Default => {
                    f.variant(variant).help(Help::ProviderPorts).arg("ports", p)
                }
                _ => f.variant(variant),
            }
        }
    };
    // Turning TLS on at a provider that has none stops mail: no fix there.
    if offer != TlsOffer::None {
        if let Some(edits) = enable_tls(server) {
            f = f.fix(edits.into_iter().map(Some));
        }
    }
    em.emit(f);
}

/// Judge a template's offer as a whole: for each role, is there any server
/// with TLS? One plain offer among encrypted ones is not this rule's concern.
fn no_tls_offered(account: &Account, em: &mut Emitter) {
    let incoming: Vec<&Server> = account
        .incoming
        .iter()
        .chain(account.incoming_alternatives())
        .filter(|s| is_mail(s))
        .collect();
    let outgoing: Vec<&Server> = account.outgoing.iter().filter(|s| is_mail(s)).collect();
    for servers in [incoming, outgoing] {
        let Some(first) = servers.first() else {
            continue;
        };
        if servers.iter().any(|s| s.security.value.is_encrypted()) {
            continue;
        }
        let mut f = Finding::new(NoTlsOffered, first.security.span)
            .arg("field", field(first, em))
            .arg("host", super::host_of(first))
            .arg("count", servers.len().to_string());
        for other in servers.iter().skip(1) {
            f = f.label(
                other.security.span,
                no_tls_offered::Label::AlsoPlain,
                vec![("host", other.host_text())],
            );
        }
        em.emit(f);
    }
}

/// Ports that speak TLS from the first byte, and their plain (STARTTLS) twin.
const TLS_PORTS: &[(i64, i64)] = &[(995, 110), (993, 143), (465, 587), (563, 119)];

/// The unsafe fix of ML302: STARTTLS on the port in use; or, where the
/// client can only do TLS from the first byte there (Outlook Express's
/// incoming servers), SSL/TLS together with the protocol's TLS port.
fn enable_tls(server: &Server) -> Option<Vec<Edit>> {
    let port = server.port.value;
    if TLS_PORTS.iter().any(|(tls, _)| *tls == port) {
        return Edit::set(&server.security, &Security::Tls).map(|e| vec![e]);
    }
    if let Some(e) = Edit::set(&server.security, &Security::StartTls) {
        return Some(vec![e]);
    }
    let tls_port = TLS_PORTS.iter().find(|(_, plain)| *plain == port)?.0;
    let security = Edit::set(&server.security, &Security::Tls)?;
    let port = Edit::set(&server.port, &tls_port)?;
    Some(vec![security, port])
}
