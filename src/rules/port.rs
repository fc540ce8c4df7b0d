//! Port rules: ML401 smtp-port-25, ML402 port-security-mismatch,
//! ML404 port-of-other-protocol.

use super::{Emitter, FieldName, Finding};
use crate::catalogue::{
    PortOfOtherProtocol, PortSecurityMismatch, SmtpPort25, port_of_other_protocol,
    port_security_mismatch,
};
use crate::fix::Edit;
use crate::model::{Account, Protocol, Security, Server, ServerRole};
use crate::tables::Field;

/// The ports of one protocol, as the clients' own defaults have them:
/// POP3 110/995 (Thunderbird `Pop3ProtocolInfo.getDefaultServerPort`, Claws
/// Mail `src/inc.c` `pop3_get_port`, Sylpheed `libsylph/pop.c`
/// `pop3_session_new`), IMAP 143/993 (`nsImapService::GetDefaultServerPort`,
/// `imap_session_new` in both), SMTP 25 or 587 / 465 (`SmtpClient.connect`,
/// `send_message_smtp_full`, `send_message_smtp`), NNTP 119/563.
struct PortRow {
    protocol: Protocol,
    /// Plain text, upgraded with STARTTLS; the first is the one to suggest.
    plain: &'static [i64],
    /// TLS from the first byte.
    tls: &'static [i64],
}

fn rows() -> [PortRow; 4] {
    [
        PortRow {
            protocol: Protocol::Pop3,
            plain: &[110],
            tls: &[995],
        },
        PortRow {
            protocol: Protocol::Imap,
            plain: &[143],
            tls: &[993],
        },
        PortRow {
            protocol: Protocol::Smtp,
            plain: &[587, 25],
            tls: &[465],
        },
        PortRow {
            protocol: Protocol::Nntp,
            plain: &[119],
            tls: &[563],
        },
    ]
}

pub fn check(account: &Account, em: &mut Emitter) {
    let rows = rows();
    for server in account.servers() {
        let Some(own) = rows.iter().find(|r| r.protocol == server.protocol.value) else {
            continue;
        };
        let key = match server.role {
            ServerRole::Incoming => Field::IncomingServer,
            ServerRole::Outgoing => Field::OutgoingServer,
        };
        let field = em.field(key, &server.protocol.value);
        smtp_port_25(server, field, em);
        let port = server.port.value;
        if own.plain.contains(&port) || own.tls.contains(&port) {
            security_mismatch(server, own, field, em);
        } else if let Some(other) = rows
            .iter()
            .find(|r| r.plain.contains(&port) || r.tls.contains(&port))
        {
            other_protocol(server, own, other, field, em);
        }
    }
}

fn smtp_port_25(server: &Server, field: FieldName<'_>, em: &mut Emitter) {
    if server.role == ServerRole::Outgoing
        && server.protocol.value == Protocol::Smtp
        && server.port.value == 25
    {
        let host = super::host_of(server);
        em.emit(
            Finding::new(SmtpPort25, server.port.span)
                .arg("field", field)
                .arg("host", host)
                .defaulted(&server.port)
                .fix([Edit::set(&server.port, &587)]),
        );
    }
}

/// A port of the server's own protocol with the other kind of security.
/// The advice names only ports of the same protocol.
fn security_mismatch(server: &Server, own: &PortRow, field: FieldName<'_>, em: &mut Emitter) {
    let port = server.port.value;
    let security = server.security.value;
    // The words are looked up only for a finding (most servers have none).
    let (help, expected, twin_key, twin) = if own.tls.contains(&port) {
        if security == Security::Tls {
            return;
        }
        (
            port_security_mismatch::Help::TlsPort,
            port_security_mismatch::Label::Tls,
            "plain_port",
            own.plain[0],
        )
    } else {
        if security != Security::Tls {
            return;
        }
        (
            port_security_mismatch::Help::PlainPort,
            port_security_mismatch::Label::Starttls,
            "tls_port",
            own.tls[0],
        )
    };
    let expected = em.label_text(expected, &[]);
    // Point at whichever of the two the file sets; the other is a label.
    let (span, other) = if server.port.is_default() {
        (server.security.span, None)
    } else {
        (
            server.port.span,
            (!server.security.is_default()).then_some(server.security.span),
        )
    };
    let mut f = Finding::new(PortSecurityMismatch, span)
        .help(help)
        .arg("field", field)
        .arg("port", port)
        .arg("security", security_word(em, security))
        .arg("expected", expected)
        .arg(twin_key, twin);
    if let Some(other) = other {
        f = f.label(other, port_security_mismatch::Label::Security, vec![]);
    }
    f = f.defaulted(&server.port);
    em.emit(f);
}

/// A port of another protocol: the server there greets in that protocol
/// (or, on a TLS port spoken to in plain text, not at all), and the client
/// wants its own greeting (Thunderbird `Pop3Client._parse` accepts only
/// `+OK`/`-ERR`, `SmtpClient._actionGreeting` only 220,
/// `nsImapProtocol::EstablishServerConnection` only `* OK`).
fn other_protocol(
    server: &Server,
    own: &PortRow,
    other: &PortRow,
    field: FieldName<'_>,
    em: &mut Emitter,
) {
    use port_of_other_protocol::Label;
    let port = server.port.value;
    let kind =
        |em: &Emitter, tls: bool| em.label_text(if tls { Label::Tls } else { Label::Plain }, &[]);
    let other_kind = kind(em, other.tls.contains(&port));
    let ports: Vec<String> = own
        .plain
        .iter()
        .chain(own.tls)
        .map(|p| p.to_string())
        .collect();
    let ports = match ports.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!(
            "{}{}{last}",
            rest.join(&em.label_text(Label::Comma, &[])),
            em.label_text(Label::Or, &[])
        ),
        _ => ports.join(""),
    };
    let tls = server.security.value == Security::Tls;
    let suggested = if tls { own.tls[0] } else { own.plain[0] };
    em.emit(
        Finding::new(PortOfOtherProtocol, server.port.span)
            .arg("field", field)
            .arg("host", super::host_of(server))
            .arg("port", port)
            .arg("other", other.protocol.label())
            .arg("kind", other_kind)
            .arg("protocol", own.protocol.label())
            .arg("ports", ports)
            .arg("suggested", suggested)
            .arg("suggested_kind", kind(em, tls)),
    );
}

/// The account's security setting as the clients' dialogs name it
/// (「なし」, not the model's `none`).
fn security_word(em: &Emitter, s: Security) -> String {
    use port_security_mismatch::Label;
    let key = match s {
        Security::None => Label::SetNone,
        Security::StartTls => Label::SetStarttls,
        Security::TryStartTls => Label::SetTryStarttls,
        Security::Tls => Label::SetTls,
    };
    em.label_text(key, &[])
}
