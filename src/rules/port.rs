//! Port rules: ML401 smtp-port-25, ML402 port-security-mismatch.

use super::{Emitter, Finding};
use crate::catalogue::{PortSecurityMismatch, SmtpPort25, port_security_mismatch};
use crate::fix::Edit;
use crate::model::{Account, Protocol, Security, Server, ServerRole};
use crate::tables::Field;

/// Ports that speak TLS from the first byte, and their plain (STARTTLS) twin.
const TLS_PORTS: &[(i64, i64)] = &[(995, 110), (993, 143), (465, 587), (563, 119)];
/// Ports that start in plain text, and their implicit-TLS twin.
const PLAIN_PORTS: &[(i64, i64)] = &[(110, 995), (143, 993), (587, 465), (25, 465), (119, 563)];

pub fn check(account: &Account, em: &mut Emitter) {
    for server in account.servers() {
        if !matches!(
            server.protocol.value,
            Protocol::Pop3 | Protocol::Imap | Protocol::Smtp | Protocol::Nntp
        ) {
            continue;
        }
        let key = match server.role {
            ServerRole::Incoming => Field::IncomingServer,
            ServerRole::Outgoing => Field::OutgoingServer,
        };
        let field = em.field(key, &server.protocol.value);
        smtp_port_25(server, &field, em);
        security_mismatch(server, &field, em);
    }
}

fn smtp_port_25(server: &Server, field: &str, em: &mut Emitter) {
    if server.role == ServerRole::Outgoing
        && server.protocol.value == Protocol::Smtp
        && server.port.value == 25
    {
        let host = server.host_text();
        em.emit(
            Finding::new(SmtpPort25, server.port.span)
                .arg("field", field)
                .arg("host", host)
                .defaulted(&server.port)
                .fix([Edit::set(&server.port, &587)]),
        );
    }
}

fn security_mismatch(server: &Server, field: &str, em: &mut Emitter) {
    let port = server.port.value;
    let security = server.security.value;
    let tls = em.label_text(port_security_mismatch::Label::Tls, &[]);
    let starttls = em.label_text(port_security_mismatch::Label::Starttls, &[]);
    let (help, expected, twin_key, twin) =
        if let Some((_, plain)) = TLS_PORTS.iter().find(|(p, _)| *p == port) {
            if security == Security::Tls {
                return;
            }
            (
                port_security_mismatch::Help::TlsPort,
                tls,
                "plain_port",
                *plain,
            )
        } else if let Some((_, tls_port)) = PLAIN_PORTS.iter().find(|(p, _)| *p == port) {
            if security != Security::Tls {
                return;
            }
            (
                port_security_mismatch::Help::PlainPort,
                starttls,
                "tls_port",
                *tls_port,
            )
        } else {
            return;
        };
    // Point at whichever of the two the file sets; the other is a label.
    let (span, other) = if server.port.is_default() {
        (server.security.span, None)
    } else {
        (
            server.port.span,
            (!server.security.is_default()).then_some(server.security.span),
        )
    };
    let defaulted = if server.port.is_default() {
        Some(&server.port)
    } else {
        None
    };
    let mut f = Finding::new(PortSecurityMismatch, span)
        .help(help)
        .arg("field", field)
        .arg("port", port.to_string())
        .arg("security", security.label())
        .arg("expected", expected)
        .arg(twin_key, twin.to_string());
    if let Some(other) = other {
        f = f.label(other, port_security_mismatch::Label::Security, vec![]);
    }
    if let Some(port) = defaulted {
        f = f.defaulted(port);
    }
    em.emit(f);
}
