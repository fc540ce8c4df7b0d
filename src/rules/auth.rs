//! Authentication rules: ML301 spa-enabled.

use super::{Emitter, Finding};
use crate::diagnostics::Severity;
use crate::model::{Account, AuthMethod, ServerRole};

pub fn check(account: &Account, em: &mut Emitter) {
    for server in account.servers() {
        let variant = match server.auth.value {
            AuthMethod::Spa => "default",
            AuthMethod::AnySecure => "legacy-secure",
            _ => continue,
        };
        let key = match server.role {
            ServerRole::Incoming => "incoming_server",
            ServerRole::Outgoing => "outgoing_server",
        };
        let field = em.field(key, &server.protocol.value);
        let host = server.host_text();
        let mut f = Finding::new("ML301", server.auth.span)
            .variant(variant)
            .arg("field", field)
            .arg("host", host);
        // Templates say it in their own words.
        let caps = &account.capabilities;
        if caps.spa_when_unset && server.auth.is_default() {
            f = f.variant("autodiscover-absent");
        } else if let Some(topic) = caps.spa_help {
            f = f.help(topic);
        }
        if variant == "legacy-secure" {
            f = f.severity(Severity::Warning);
        }
        em.emit(f);
    }
}
