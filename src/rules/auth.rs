//! Authentication rules: ML301 spa-enabled.

use super::{Emitter, Finding};
use crate::catalogue::{SpaEnabled, spa_enabled};
use crate::diagnostics::Severity;
use crate::model::{Account, AuthMethod, ServerRole, SpaSyntax};
use crate::tables::Field;

pub fn check(account: &Account, em: &mut Emitter) {
    for server in account.servers() {
        let variant = match server.auth.value {
            AuthMethod::Spa => spa_enabled::Message::Default,
            AuthMethod::AnySecure => spa_enabled::Message::LegacySecure,
            _ => continue,
        };
        let key = match server.role {
            ServerRole::Incoming => Field::IncomingServer,
            ServerRole::Outgoing => Field::OutgoingServer,
        };
        let field = em.field(key, &server.protocol.value);
        let host = server.host_text();
        let mut f = Finding::new(SpaEnabled, server.auth.span)
            .variant(variant)
            .arg("field", field)
            .arg("host", host);
        // Templates say it in their own words.
        let caps = &account.capabilities;
        if caps.spa_when_unset && server.auth.is_default() {
            f = f.variant(spa_enabled::Message::AutodiscoverAbsent);
        } else if let Some(syntax) = caps.spa_written_as {
            f = f.help(match syntax {
                SpaSyntax::Autoconfig => spa_enabled::Help::Autoconfig,
                SpaSyntax::Autodiscover => spa_enabled::Help::Autodiscover,
                SpaSyntax::Mobileconfig => spa_enabled::Help::Mobileconfig,
            });
        }
        if variant == spa_enabled::Message::LegacySecure {
            f = f.severity(Severity::Warning);
        }
        em.emit(f);
    }
}
