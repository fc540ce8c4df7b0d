//! Company limits: ML403 port-not-allowed, ML308 auth-not-allowed. They fire
//! only when the policy (a policy file or `.maillint.toml`) lists the ports or
//! authentication methods its servers accept.

use super::{Emitter, FieldName, Finding};
use crate::catalogue::{AuthNotAllowed, PortNotAllowed, auth_not_allowed, port_not_allowed};
use crate::i18n::Lang;
use crate::model::{Account, AuthMethod, Server, ServerRole};
use crate::tables::Field;

pub fn check(account: &Account, em: &mut Emitter) {
    for server in account.servers() {
        let key = match server.role {
            ServerRole::Incoming => Field::IncomingServer,
            ServerRole::Outgoing => Field::OutgoingServer,
        };
        let field = em.field(key, &server.protocol.value);
        port_not_allowed(server, field, em);
        auth_not_allowed(server, field, em);
    }
}

/// How a list is written in the run's language.
fn separator(em: &Emitter) -> &'static str {
    match em.lang() {
        Lang::En => ", ",
        Lang::Ja => "、",
    }
}

fn port_not_allowed(server: &Server, field: FieldName<'_>, em: &mut Emitter) {
    let Some(allowed) = em
        .policy()
        .allowed_ports
        .for_role(server.role)
        .map(<[u16]>::to_vec)
    else {
        return;
    };
    if allowed.iter().any(|p| i64::from(*p) == server.port.value) {
        return;
    }
    let list: Vec<String> = allowed.iter().map(u16::to_string).collect();
    let list = list.join(separator(em));
    em.emit(
        Finding::new(PortNotAllowed, server.port.span)
            .variant(if server.port.is_default() {
                port_not_allowed::Message::Default
            } else {
                port_not_allowed::Message::Set
            })
            .arg("field", field)
            .arg("host", super::host_of(server))
            .arg("port", server.port.value)
            .arg("allowed", list),
    );
}

fn auth_not_allowed(server: &Server, field: FieldName<'_>, em: &mut Emitter) {
    let Some(allowed) = em.policy().allowed_auth.for_role(server.role) else {
        return;
    };
    // A method the client cannot use at all is ML309's.
    if allowed.contains(&server.auth.value) || server.auth.value == AuthMethod::Unsupported {
        return;
    }
    // Method names in the run's language, from the rule's labels.
    let name = |em: &Emitter, m| em.label_text(auth_label(m), &[]);
    let list: Vec<String> = allowed.iter().map(|m| name(em, *m)).collect();
    let list = list.join(separator(em));
    let method = name(em, server.auth.value);
    em.emit(
        Finding::new(AuthNotAllowed, server.auth.span)
            .arg("field", field)
            .arg("host", super::host_of(server))
            .arg("auth", method)
            .arg("allowed", list),
    );
}

/// The label naming a method in the run's language.
pub(super) fn auth_label(method: AuthMethod) -> auth_not_allowed::Label {
    use auth_not_allowed::Label;
    match method {
        AuthMethod::None => Label::None,
        AuthMethod::Cleartext => Label::Cleartext,
        AuthMethod::Encrypted => Label::Encrypted,
        AuthMethod::Spa => Label::Spa,
        AuthMethod::Gssapi => Label::Gssapi,
        AuthMethod::OAuth2 => Label::Oauth2,
        AuthMethod::ClientCert => Label::ClientCert,
        AuthMethod::SameAsIncoming => Label::SameAsIncoming,
        AuthMethod::PopBeforeSmtp => Label::PopBeforeSmtp,
        AuthMethod::AnySecure => Label::AnySecure,
        AuthMethod::Any => Label::Any,
        AuthMethod::Unsupported => Label::Unsupported,
    }
}
