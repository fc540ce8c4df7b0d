//! Company limits: ML403 port-not-allowed, ML308 auth-not-allowed. They fire
//! only when the policy (a policy file or `.maillint.toml`) lists the ports or
//! authentication methods its servers accept.

use super::{Emitter, Finding};
use crate::i18n::Lang;
use crate::model::{Account, Server, ServerRole};
use crate::policy::auth_name;

pub fn check(account: &Account, em: &mut Emitter) {
    for server in account.servers() {
        let key = match server.role {
            ServerRole::Incoming => "incoming_server",
            ServerRole::Outgoing => "outgoing_server",
        };
        let field = em.field(key, &server.protocol.value);
        port_not_allowed(server, &field, em);
        auth_not_allowed(server, &field, em);
    }
}

/// How a list is written in the run's language.
fn separator(em: &Emitter) -> &'static str {
    match em.lang() {
        Lang::En => ", ",
        Lang::Ja => "、",
    }
}

fn port_not_allowed(server: &Server, field: &str, em: &mut Emitter) {
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
        Finding::new("ML403", server.port.span)
            .variant(if server.port.is_default() {
                "default"
            } else {
                "set"
            })
            .arg("field", field)
            .arg("host", server.host_text())
            .arg("port", server.port.value.to_string())
            .arg("allowed", list),
    );
}

fn auth_not_allowed(server: &Server, field: &str, em: &mut Emitter) {
    let Some(allowed) = em.policy().allowed_auth.for_role(server.role) else {
        return;
    };
    if allowed.contains(&server.auth.value) {
        return;
    }
    // Method names in the run's language, from the rule's labels.
    let name = |em: &Emitter, m| em.label_text("ML308", auth_name(m), &[]);
    let list: Vec<String> = allowed.iter().map(|m| name(em, *m)).collect();
    let list = list.join(separator(em));
    let method = name(em, server.auth.value);
    em.emit(
        Finding::new("ML308", server.auth.span)
            .arg("field", field)
            .arg("host", server.host_text())
            .arg("auth", method)
            .arg("allowed", list),
    );
}
