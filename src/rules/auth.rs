//! Authentication rules: ML301 spa-enabled.

use super::{Emitter, Finding};
use crate::diagnostics::Severity;
use crate::model::{Account, AuthMethod, Client, ServerRole};

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
        match account.client {
            Client::Autodiscover if server.auth.is_default() => {
                f = f.variant("autodiscover-absent");
            }
            Client::Autodiscover => f = f.help("autodiscover"),
            Client::Autoconfig => f = f.help("autoconfig"),
            Client::AppleProfile => f = f.help("mobileconfig"),
            _ => {}
        }
        if variant == "legacy-secure" {
            f = f.severity(Severity::Warning);
        }
        em.emit(f);
    }
}
