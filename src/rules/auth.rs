//! Authentication rules: ML301 spa-enabled, ML309 auth-method-unusable.

use super::{Emitter, Finding};
use crate::catalogue::{AuthMethodUnusable, SpaEnabled, spa_enabled};
use crate::diagnostics::Severity;
use crate::fix::Edit;
use crate::model::{Account, AuthMethod, Server, ServerRole, SpaSyntax};
use crate::tables::Field;

/// SPA off: log in with the password instead. An outgoing server without a
/// user name of its own logs in as the incoming server does ("use same
/// settings as my incoming mail server"), where the client has that choice.
fn spa_off(server: &Server) -> Option<Edit> {
    let own_user = server
        .user_name
        .as_ref()
        .is_some_and(|u| !u.value.is_empty());
    let choices: &[AuthMethod] = match server.role {
        ServerRole::Outgoing if !own_user => &[AuthMethod::SameAsIncoming, AuthMethod::Cleartext],
        _ => &[AuthMethod::Cleartext],
    };
    choices.iter().find_map(|a| Edit::set(&server.auth, a))
}

pub fn check(account: &Account, em: &mut Emitter) {
    unusable(account, em);
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
        let host = super::host_of(server);
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
        } else {
            // SPA inherited from the incoming server (Outlook Express SMTP
            // Use Sicily 2) goes with the incoming server's own fix.
            if server.auth.basis != Some(crate::source::Basis::SameAsIncoming) {
                f = f.fix([spa_off(server)]);
            }
        }
        em.emit(f);
    }
}

/// A method the reader says the client cannot use for the protocol
/// (Thunderbird POP3 with authMethod 1, 2, 7 or 9: `Pop3Client.sys.mjs`
/// `_actionChooseFirstAuthMethod` finds no mechanism).
fn unusable(account: &Account, em: &mut Emitter) {
    for server in account.servers() {
        if server.auth.value != AuthMethod::Unsupported {
            continue;
        }
        let key = match server.role {
            ServerRole::Incoming => Field::IncomingServer,
            ServerRole::Outgoing => Field::OutgoingServer,
        };
        let field = em.field(key, &server.protocol.value);
        em.emit(
            Finding::new(AuthMethodUnusable, server.auth.span)
                .arg("field", field)
                .arg("host", super::host_of(server))
                .arg("protocol", server.protocol.value.label()),
        );
    }
}
