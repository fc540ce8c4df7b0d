//! SMTP authentication rules: ML305 smtp-auth-missing, ML306 smtp-auth-inconsistent.

use super::{Emitter, Finding};
use crate::catalogue::{
    SmtpAuthInconsistent, SmtpAuthMissing, smtp_auth_inconsistent, smtp_auth_missing,
};
use crate::model::{Account, AuthMethod, Protocol, Server};
use crate::policy::SmtpAuthPolicy;
use crate::tables::Field;

pub fn check(account: &Account, em: &mut Emitter) {
    for server in &account.outgoing {
        if server.protocol.value != Protocol::Smtp {
            continue;
        }
        missing(server, em);
        inconsistent(account, server, em);
    }
}

/// No SMTP login where the policy requires one.
fn missing(server: &Server, em: &mut Emitter) {
    let variant = match server.auth.value {
        AuthMethod::None => smtp_auth_missing::Message::Default,
        AuthMethod::PopBeforeSmtp => smtp_auth_missing::Message::PopBeforeSmtp,
        _ => return,
    };
    let required = match em.policy().smtp_auth {
        Some(SmtpAuthPolicy::Required) => true,
        Some(SmtpAuthPolicy::RequiredOn587) => server.port.value == 587,
        Some(SmtpAuthPolicy::PopBeforeSmtpAccepted) | None => false,
    };
    if !required {
        return;
    }
    let field = em.field(Field::OutgoingServer, &Protocol::Smtp);
    let policy = em.policy_name();
    em.emit(
        Finding::new(SmtpAuthMissing, server.auth.span)
            .variant(variant)
            .arg("field", field)
            .arg("host", super::host_of(server))
            .arg("port", server.port.value)
            .arg("policy", policy),
    );
}

/// The Microsoft clients' explicit choices that name a user that is not there.
fn inconsistent(account: &Account, server: &Server, em: &mut Emitter) {
    if !account.capabilities.explicit_smtp_login || server.auth.is_default() {
        return;
    }
    let field = em.field(Field::OutgoingServer, &Protocol::Smtp);
    // Outlook Express `SMTP Use Sicily` = 2 with SPA on the incoming side
    // is SPA with the incoming login (the reader's basis `same-as-incoming`).
    let same_as_incoming = server.auth.value == AuthMethod::SameAsIncoming
        || server.auth.basis == Some(crate::source::Basis::SameAsIncoming);
    match server.auth.value {
        _ if same_as_incoming => {
            let incoming_user = account
                .incoming
                .as_ref()
                .and_then(|s| s.user_name.as_ref())
                .filter(|u| !u.value.trim().is_empty());
            if incoming_user.is_none() {
                em.emit(
                    Finding::new(SmtpAuthInconsistent, server.auth.span)
                        .variant(smtp_auth_inconsistent::Message::SameAsIncoming)
                        .arg("field", field)
                        .arg("host", super::host_of(server)),
                );
            }
        }
        AuthMethod::Cleartext | AuthMethod::Encrypted => {
            let user = server
                .user_name
                .as_ref()
                .filter(|u| !u.value.trim().is_empty());
            if user.is_none() {
                em.emit(
                    Finding::new(SmtpAuthInconsistent, server.auth.span)
                        .variant(smtp_auth_inconsistent::Message::OwnUser)
                        .arg("field", field)
                        .arg("host", super::host_of(server)),
                );
            }
        }
        _ => {}
    }
}
