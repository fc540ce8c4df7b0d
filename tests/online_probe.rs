//! The probe layer against real servers (scripts/test-servers.sh): each kind
//! of answer a server can give.

mod common;

use std::time::Duration;

use common::servers::{Servers, servers};
use maillint::model::AuthMethod;
use maillint::online::probe::Mismatch;
use maillint::online::resolve::Lookup;
use maillint::online::tls::CertVerdict;
use maillint::online::{self, AuthKey, Endpoint, Options, Proto, Request, Secure};

fn opts(s: &Servers, routes: &[(&str, u16, &str)]) -> Options {
    Options {
        timeout: Duration::from_secs(2),
        ca_file: Some(s.ca()),
        resolve: ["mail.example.jp", "closed.example.jp", "silent.example.jp"]
            .iter()
            .map(|h| format!("{h}:*:127.0.0.1").parse().unwrap())
            .chain(["*:*:".parse().unwrap()])
            .collect(),
        connect_to: routes
            .iter()
            .map(|(h, p, n)| s.connect_to(h, *p, n).parse().unwrap())
            .collect(),
        ..Options::default()
    }
}

fn req(host: &str, port: u16, proto: Proto, secure: Secure, auth: AuthMethod) -> Request {
    Request {
        endpoint: Endpoint {
            host: host.into(),
            port,
            proto,
            secure,
        },
        auth: AuthKey::of(auth),
        domain: Some("example.jp".into()),
        policy_host: None,
    }
}

#[test]
fn reads_every_server_as_set() {
    let Some(s) = servers() else { return };
    let o = opts(
        &s,
        &[
            ("mail.example.jp", 110, "POP3"),
            ("mail.example.jp", 995, "POP3S"),
            ("mail.example.jp", 143, "IMAP"),
            ("mail.example.jp", 993, "IMAPS"),
            ("mail.example.jp", 587, "SUBMISSION"),
            ("mail.example.jp", 465, "SMTPS"),
        ],
    );
    let reqs = vec![
        req(
            "mail.example.jp",
            110,
            Proto::Pop3,
            Secure::StartTls,
            AuthMethod::Cleartext,
        ),
        req(
            "mail.example.jp",
            995,
            Proto::Pop3,
            Secure::Tls,
            AuthMethod::Encrypted,
        ),
        req(
            "mail.example.jp",
            143,
            Proto::Imap,
            Secure::StartTls,
            AuthMethod::Cleartext,
        ),
        req(
            "mail.example.jp",
            993,
            Proto::Imap,
            Secure::Tls,
            AuthMethod::Cleartext,
        ),
        req(
            "mail.example.jp",
            587,
            Proto::Smtp,
            Secure::StartTls,
            AuthMethod::Cleartext,
        ),
        req(
            "mail.example.jp",
            465,
            Proto::Smtp,
            Secure::Tls,
            AuthMethod::Spa,
        ),
    ];
    let report = online::run(&reqs, &o).unwrap();
    for r in &reqs {
        let out = report.outcome(r).unwrap();
        let p = &out.probe;
        assert!(p.answered(), "{}: {p:#?}", r.endpoint);
        assert_eq!(
            p.tls.as_ref().map(|t| &t.cert),
            Some(&CertVerdict::Valid),
            "{}",
            r.endpoint
        );
        let caps = p.caps.as_ref().unwrap();
        for m in ["PLAIN", "LOGIN", "CRAM-MD5"] {
            assert!(caps.offers(m), "{}: {caps:?}", r.endpoint);
        }
        assert!(!caps.offers("NTLM"));
    }
    let smtp = &report.outcome(&reqs[4]).unwrap().probe;
    assert_eq!(smtp.caps.as_ref().unwrap().size, Some(5_242_880));
    assert!(smtp.caps_before_tls.as_ref().unwrap().starttls);
    // SPA: NTLM is not offered, so the account does not work as set.
    let spa = report.outcome(&reqs[5]).unwrap();
    assert!(!online::judge::works_for(&spa.probe, AuthMethod::Spa));
}

#[test]
fn tells_the_failures_apart() {
    let Some(s) = servers() else { return };
    let o = opts(
        &s,
        &[
            ("closed.example.jp", 110, "CLOSED"),
            ("silent.example.jp", 110, "SILENT"),
            ("mail.example.jp", 995, "POP3"),
            ("mail.example.jp", 110, "POP3S"),
            ("mail.example.jp", 26, "SMTP_NOAUTH"),
            ("mail.example.jp", 465, "SMTPS_WRONG_NAME"),
            ("mail.example.jp", 111, "SUBMISSION"),
        ],
    );
    let reqs = vec![
        req(
            "closed.example.jp",
            110,
            Proto::Pop3,
            Secure::Plain,
            AuthMethod::Cleartext,
        ),
        req(
            "silent.example.jp",
            110,
            Proto::Pop3,
            Secure::Plain,
            AuthMethod::Cleartext,
        ),
        req(
            "mail.example.jp",
            995,
            Proto::Pop3,
            Secure::Tls,
            AuthMethod::Cleartext,
        ),
        req(
            "mail.example.jp",
            110,
            Proto::Pop3,
            Secure::Plain,
            AuthMethod::Cleartext,
        ),
        req(
            "mail.example.jp",
            26,
            Proto::Smtp,
            Secure::Plain,
            AuthMethod::Cleartext,
        ),
        req(
            "mail.example.jp",
            465,
            Proto::Smtp,
            Secure::Tls,
            AuthMethod::Cleartext,
        ),
        req(
            "mail.example.jp",
            111,
            Proto::Pop3,
            Secure::Plain,
            AuthMethod::Cleartext,
        ),
        req(
            "nowhere.example.jp",
            110,
            Proto::Pop3,
            Secure::Plain,
            AuthMethod::Cleartext,
        ),
    ];
    let mut o = o;
    o.resolve
        .insert(0, "www.example.jp:*:127.0.0.1".parse().unwrap());
    let report = online::run(&reqs, &o).unwrap();
    let probe = |i: usize| &report.outcome(&reqs[i]).unwrap().probe;
    assert_eq!(
        probe(0).connect,
        Some(online::connect::ConnectFailure::Refused)
    );
    assert_eq!(probe(1).mismatch, Some(Mismatch::Silent));
    assert!(
        matches!(probe(2).mismatch, Some(Mismatch::PlainOnTlsPort { ref greeting }) if greeting.starts_with("+OK")),
        "{:#?}",
        probe(2)
    );
    assert_eq!(probe(3).mismatch, Some(Mismatch::TlsOnPlainPort));
    let noauth = probe(4).caps.clone().unwrap();
    assert!(noauth.auth.is_empty() && noauth.starttls);
    match &probe(5).tls.as_ref().unwrap().cert {
        CertVerdict::WrongName { covers } => assert_eq!(covers, &["www.example.jp", "example.jp"]),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        probe(6).mismatch,
        Some(Mismatch::WrongProtocol {
            spoke: Proto::Smtp,
            ..
        })
    ));
    assert_eq!(probe(7).name.lookup, Lookup::NotFound);
    // No byte of a login ever left.
    for r in &reqs {
        for line in &report.outcome(r).unwrap().probe.transcript {
            assert!(!line.text.contains(&s.password()));
        }
    }
}

/// A machine without any network: one line for the run, not a finding per server.
#[test]
fn no_network_is_one_line() {
    struct Offline;
    impl maillint::online::resolve::Resolve for Offline {
        fn lookup(&self, _: &str, _: Duration) -> Lookup {
            Lookup::NoNetwork {
                detail: "Temporary failure in name resolution".into(),
            }
        }
    }
    let reqs = vec![
        req(
            "mail.example.jp",
            995,
            Proto::Pop3,
            Secure::Tls,
            AuthMethod::Cleartext,
        ),
        req(
            "smtp.example.jp",
            587,
            Proto::Smtp,
            Secure::StartTls,
            AuthMethod::Cleartext,
        ),
    ];
    let report = online::run_with(&reqs, &Options::default(), Box::new(Offline)).unwrap();
    assert_eq!(
        report.no_network.as_deref(),
        Some("Temporary failure in name resolution")
    );
    // Nothing else was tried: no candidates, no second round.
    assert_eq!(report.probes, 2);
    assert!(report.outcomes.values().all(|o| o.suggestion.is_none()));
}
