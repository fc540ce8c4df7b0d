//! POP before SMTP rules, where the policy's outgoing server accepts mail
//! without SMTP authentication for a while after a POP login:
//! ML510 pop-before-smtp-unsupported, ML511 pop-before-smtp-off,
//! ML512 pop-before-smtp-timeout, ML513 pop-before-smtp-receive-first,
//! ML514 pop-before-smtp-dial-up.

use super::{Emitter, Finding};
use crate::catalogue::{
    PopBeforeSmtpDialUp, PopBeforeSmtpOff, PopBeforeSmtpReceiveFirst, PopBeforeSmtpTimeout,
    PopBeforeSmtpUnsupported, RuleSpec, pop_before_smtp_unsupported,
};
use crate::model::{Account, AuthMethod, Connection, PopBeforeSmtp, Protocol, Server};
use crate::policy::expand_host_template;
use crate::source::Span;
use crate::syntax::{check_address, fold};

pub fn check(account: &Account, em: &mut Emitter) {
    let Some(window) = em
        .policy()
        .pop_before_smtp
        .as_ref()
        .map(|p| p.window_minutes)
    else {
        return;
    };
    // Only a server sent to without SMTP login relies on POP before SMTP.
    let Some(server) = account.outgoing.iter().find(|s| {
        s.protocol.value == Protocol::Smtp
            && matches!(s.auth.value, AuthMethod::None | AuthMethod::PopBeforeSmtp)
    }) else {
        return;
    };
    let host = server.host_text();
    if !is_policy_server(account, &host, em) {
        // The access provider's own server (allowed by the policy, reported by
        // ML201 when it is not): no POP login is needed there.
        return;
    }
    let base = Base {
        account: account.display_label(),
        host,
        window,
    };
    let pop = account
        .incoming
        .as_ref()
        .is_some_and(|s| s.protocol.value == Protocol::Pop3);
    if !pop {
        let protocol = account
            .incoming
            .as_ref()
            .map(|s| s.protocol.value.label().to_string())
            .unwrap_or_default();
        em.emit(
            base.finding(PopBeforeSmtpUnsupported, server.auth.span)
                .variant(pop_before_smtp_unsupported::Message::NotPop)
                .arg("protocol", protocol),
        );
        return;
    }
    match &account.options.pop_before_smtp {
        Some(on) if !on.value => {
            em.emit(base.finding(PopBeforeSmtpOff, on.span));
        }
        Some(_) => timeout(account, window, &base, em),
        None => no_setting(account, server, &base, em),
    }
    dial_up(account, &base, em);
}

/// Whether `host` is the provider's own outgoing server by the policy's
/// template (`www.{domain}`), or the policy names none.
fn is_policy_server(account: &Account, host: &str, em: &Emitter) -> bool {
    let Some(template) = em.policy().hosts.outgoing.as_deref() else {
        return true;
    };
    let domain = account
        .identities
        .iter()
        .filter_map(|i| i.address.as_ref())
        .map(|a| fold(&a.value))
        .find(|a| check_address(a).is_ok())
        .and_then(|a| a.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase()));
    let Some(domain) = domain else {
        return true;
    };
    let expected = expand_host_template(template, &domain).to_ascii_lowercase();
    fold(host).trim().trim_end_matches('.').to_ascii_lowercase() == expected
}

/// The facts every POP-before-SMTP finding states.
struct Base {
    account: String,
    host: String,
    window: u32,
}

impl Base {
    fn finding<R: RuleSpec>(&self, rule: R, span: Span) -> Finding<R> {
        Finding::new(rule, span)
            .arg("account", self.account.clone())
            .arg("host", self.host.clone())
            .arg("window", self.window.to_string())
    }
}

/// Claws Mail logs in to POP again before sending only when its last login
/// is older than its timeout: a timeout beyond the window sends too late.
fn timeout(account: &Account, window: u32, base: &Base, em: &mut Emitter) {
    if let Some(t) = &account.options.pop_before_smtp_timeout_minutes {
        if t.value > i64::from(window) {
            em.emit(
                base.finding(PopBeforeSmtpTimeout, t.span)
                    .arg("timeout", t.value.to_string()),
            );
        }
    }
}

/// Clients without a "receive before sending" switch.
fn no_setting(account: &Account, server: &Server, base: &Base, em: &mut Emitter) {
    match account.capabilities.pop_before_smtp {
        PopBeforeSmtp::Unsupported => {
            em.emit(base.finding(PopBeforeSmtpUnsupported, server.auth.span))
        }
        PopBeforeSmtp::ByReceivingFirst => {
            em.emit(base.finding(PopBeforeSmtpReceiveFirst, server.auth.span));
        }
        PopBeforeSmtp::Switch | PopBeforeSmtp::Unknown => {}
    }
}

/// "Hang up after sending and receiving" is a global Outlook Express option,
/// not in an account export: say what it does, do not guess its state.
fn dial_up(account: &Account, base: &Base, em: &mut Emitter) {
    let Some(conn) = &account.options.connection else {
        return;
    };
    if let Connection::DialUp(name) = &conn.value {
        em.emit(
            base.finding(PopBeforeSmtpDialUp, conn.span)
                .arg("connection", name.clone().unwrap_or_default()),
        );
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::catalogue::Catalogue;
    use crate::i18n::Lang;
    use crate::model::{Capabilities, Client, ClientOptions, Security, ServerRole};
    use crate::policy::Policy;
    use crate::rules::{Context, Selection};
    use crate::source::{Located, SourceId, Span};

    fn span(n: usize) -> Span {
        Span::new(SourceId(0), n, n + 1)
    }

    fn server(role: ServerRole, protocol: Protocol, auth: AuthMethod) -> Server {
        Server {
            role,
            key: "s".into(),
            protocol: Located::file(protocol, span(0)),
            host: Some(Located::file("www.example.jp".into(), span(1))),
            port: Located::file(110, span(2)),
            security: Located::file(Security::None, span(3)),
            auth: Located::file(auth, span(4)),
            user_name: None,
            password_stored: false,
            password_clear_text: false,
            anchor: span(5),
        }
    }

    /// A hand-built Claws Mail account (the reader lives elsewhere).
    fn claws(on: bool, timeout: i64) -> Account {
        Account {
            template: None,
            client: Client::Unknown,
            capabilities: Capabilities {
                pop_before_smtp: PopBeforeSmtp::Switch,
                ..Capabilities::NONE
            },
            key: "Account: 1".into(),
            name: None,
            identities: Vec::new(),
            incoming: Some(server(
                ServerRole::Incoming,
                Protocol::Pop3,
                AuthMethod::Cleartext,
            )),
            outgoing: vec![server(
                ServerRole::Outgoing,
                Protocol::Smtp,
                AuthMethod::None,
            )],
            options: ClientOptions {
                pop_before_smtp: Some(Located::file(on, span(10))),
                pop_before_smtp_timeout_minutes: Some(Located::file(timeout, span(11))),
                ..ClientOptions::default()
            },
            anchor: span(0),
        }
    }

    fn codes(account: &Account, policy: &str) -> Vec<&'static str> {
        let policy = Policy::load(policy).expect("policy");
        let selection = Selection::default();
        let severities = BTreeMap::new();
        let ctx = Context {
            catalogue: Catalogue::embedded(),
            policy: &policy,
            lang: Lang::En,
            selection: &selection,
            severities: &severities,
            online: None,
        };
        let mut em = Emitter::new(&ctx);
        check(account, &mut em);
        em.finish().into_iter().map(|d| d.code).collect()
    }

    #[test]
    fn claws_timeout_must_fit_the_window() {
        assert_eq!(codes(&claws(true, 5), "koara"), Vec::<&str>::new());
        assert_eq!(codes(&claws(true, 30), "koara"), Vec::<&str>::new());
        assert_eq!(codes(&claws(true, 45), "koara"), ["ML512"]);
        assert_eq!(codes(&claws(false, 5), "koara"), ["ML511"]);
        // No POP before SMTP in the policy: nothing to say.
        assert!(codes(&claws(false, 45), "generic").is_empty());
    }

    #[test]
    fn thunderbird_cannot_and_imap_cannot() {
        let mut a = claws(true, 5);
        a.capabilities.pop_before_smtp = PopBeforeSmtp::Unsupported;
        a.options = ClientOptions::default();
        assert_eq!(codes(&a, "koara"), ["ML510"]);
        a.incoming = Some(server(
            ServerRole::Incoming,
            Protocol::Imap,
            AuthMethod::Cleartext,
        ));
        assert_eq!(codes(&a, "koara"), ["ML510"]);
        a.outgoing[0].auth = Located::file(AuthMethod::Cleartext, span(4));
        assert!(
            codes(&a, "koara").is_empty(),
            "SMTP AUTH needs no POP login"
        );
    }

    #[test]
    fn the_access_providers_own_server_needs_no_pop_login() {
        let mut a = claws(false, 5);
        a.identities.push(crate::model::Identity {
            key: "id1".into(),
            address: Some(Located::file("taro@example.jp".into(), span(20))),
            display_name: None,
            reply_to: None,
            outgoing: Some(0),
            anchor: span(20),
        });
        assert_eq!(codes(&a, "koara"), ["ML511"]);
        a.outgoing[0].host = Some(Located::file("smtp.isp.example.ne.jp".into(), span(1)));
        assert!(codes(&a, "koara").is_empty());
    }
}
