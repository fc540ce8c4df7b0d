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
        docs_base_url: None,
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
