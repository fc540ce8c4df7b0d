//! Issue 11: what the clients really do, checked end to end on the fixtures
//! where the `expected` files (code and position only) cannot show it: the
//! severity and wording a finding takes from the client's behaviour, and the
//! effective values with the client's rule behind them.

use std::path::{Path, PathBuf};

use maillint::diagnostics::{Diagnostic, Severity};
use maillint::model::{AuthMethod, Protocol, Security};
use maillint::pipeline::{CheckOptions, RunOutput, check_paths};
use maillint::policy::Policy;
use maillint::source::{Basis, Origin};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn run(rel: &str, policy: &str) -> RunOutput {
    let spec = if fixture(rel).join(policy).is_file() {
        fixture(rel).join(policy).display().to_string()
    } else {
        policy.to_string()
    };
    let opts = CheckOptions {
        policy: Policy::load(&spec).expect("policy"),
        ..CheckOptions::default()
    };
    check_paths(&[fixture(rel)], &opts)
}

fn of<'a>(out: &'a RunOutput, code: &str) -> Vec<&'a Diagnostic> {
    out.diagnostics.iter().filter(|d| d.code == code).collect()
}

#[test]
fn thunderbird_pop_before_smtp_through_the_periodic_check() {
    let out = run("thunderbird/pop-before-smtp-periodic-check", "koara");
    let found: Vec<(Severity, bool)> = of(&out, "ML515")
        .iter()
        .map(|d| (d.severity, d.message.contains("works through")))
        .collect();
    // checks off, every 45 minutes, check_time 0: errors; the wizard's
    // account (checks on, every 10 minutes, at start-up): information.
    assert_eq!(
        found,
        [
            (Severity::Error, false),
            (Severity::Error, false),
            (Severity::Error, false),
            (Severity::Info, true)
        ]
    );
    let info = of(&out, "ML515")[3];
    assert!(
        info.message.contains("every 10 minutes"),
        "{}",
        info.message
    );
    // login_at_startup true: the help talks of the saved password only.
    let help = info.help.as_deref().unwrap_or_default();
    assert!(help.starts_with("Checks also run at start-up"), "{help}");
    let long = of(&out, "ML515")[1];
    assert!(long.message.contains("45 minutes (up to 30 seconds later)"));
    // The IMAP account makes no POP login at all.
    assert_eq!(of(&out, "ML510").len(), 1);
    // The model states the defaults with their origin.
    let acc = &out.documents[0].accounts[0];
    let checks = acc.options.checks_mail.as_ref().expect("checks");
    assert!(checks.value && checks.origin == Origin::File);
    let minutes = acc
        .options
        .check_interval_minutes
        .as_ref()
        .expect("minutes");
    assert_eq!((minutes.value, minutes.origin), (10, Origin::Default));
    assert_eq!(minutes.basis, Some(Basis::ClientDefault));
    assert_eq!(acc.options.check_jitter_seconds, Some(30));
}

#[test]
fn thunderbird_ports_as_each_protocol_reads_them() {
    let out = run("thunderbird/smtp-default-port", "generic");
    let acc = &out.documents[0].accounts[0];
    let ports: Vec<(i64, Option<Basis>)> = acc
        .outgoing
        .iter()
        .map(|s| (s.port.value, s.port.basis))
        .collect();
    assert_eq!(
        ports,
        [
            (587, Some(Basis::SubmissionPortSince91)),
            (465, Some(Basis::SubmissionPortSince91))
        ]
    );
    let out = run("thunderbird/pop3-port-one", "company.toml");
    let accounts = &out.documents[0].accounts;
    let pop = accounts[0].incoming.as_ref().expect("pop");
    assert_eq!(pop.port.value, 995);
    assert_eq!(pop.port.basis, Some(Basis::PortAtMostOneUnset));
    let imap = accounts[1].incoming.as_ref().expect("imap");
    assert_eq!((imap.port.value, imap.port.origin), (1, Origin::File));
}

#[test]
fn thunderbird_splits_incoming_host_port_but_not_smtp() {
    let out = run("thunderbird/host-port-in-name", "generic");
    let acc = &out.documents[0].accounts[0];
    let pop = acc.incoming.as_ref().expect("pop");
    assert_eq!(pop.host_text(), "pop.example.jp");
    assert_eq!(pop.port.value, 995, "the name's port wins over port 110");
    assert_eq!(pop.port.origin, Origin::Derived);
    assert_eq!(acc.outgoing[0].host_text(), "smtp.example.jp:587");
    let info = of(&out, "ML205");
    assert_eq!(info.len(), 2);
    assert!(info.iter().all(|d| d.severity == Severity::Info));
}

#[test]
fn thunderbird_auth_method_depends_on_the_protocol() {
    let out = run("thunderbird/auth-method-per-protocol", "generic");
    let accounts = &out.documents[0].accounts;
    let incoming: Vec<(Protocol, AuthMethod)> = accounts
        .iter()
        .filter_map(|a| a.incoming.as_ref())
        .map(|s| (s.protocol.value.clone(), s.auth.value))
        .collect();
    assert_eq!(
        incoming,
        [
            (Protocol::Pop3, AuthMethod::Unsupported),
            (Protocol::Pop3, AuthMethod::Unsupported),
            (Protocol::Imap, AuthMethod::Cleartext),
            (Protocol::Pop3, AuthMethod::Unsupported),
        ]
    );
    assert_eq!(accounts[0].outgoing[0].auth.value, AuthMethod::None);
    assert!(
        of(&out, "ML309")
            .iter()
            .all(|d| d.severity == Severity::Error)
    );
}

#[test]
fn starttls_if_available_is_read_as_thunderbird_132_reads_it() {
    let out = run("thunderbird/starttls-if-available-migrated", "generic");
    let acc = &out.documents[0].accounts[0];
    let inc = acc.incoming.as_ref().expect("imap");
    assert_eq!(inc.security.value, Security::StartTls);
    assert_eq!(inc.security.basis, Some(Basis::StarttlsMigrated));
    assert!(of(&out, "ML302").is_empty());
    let out = run("thunderbird/starttls-if-available-132", "generic");
    let found = of(&out, "ML302");
    assert_eq!(found.len(), 2);
    assert!(found[0].message.contains("Thunderbird 132 and later"));
}

#[test]
fn cleartext_advice_follows_what_the_provider_offers() {
    // tls = "none": a warning naming the risk, no port advice.
    let out = run("thunderbird/provider-without-tls", "plain-isp.toml");
    let d = of(&out, "ML302")[0];
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message
            .contains("plain-isp offers no encrypted connection")
    );
    let help = d.help.as_deref().unwrap_or_default();
    assert!(help.starts_with("Do not turn on SSL/TLS"), "{help}");
    assert!(!help.contains("995"), "{help}");
    // unknown (generic's, and the default): a warning with conditional advice.
    let out = run("thunderbird/provider-without-tls", "generic");
    let d = of(&out, "ML302")[0];
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.help
            .as_deref()
            .unwrap_or_default()
            .starts_with("If your provider offers SSL/TLS")
    );
    // offered, with its ports: the error, and those ports.
    let mut policy = Policy::generic();
    policy.tls = maillint::policy::TlsOffer::Offered;
    policy.tls_ports.pop3 = Some(vec![995]);
    let opts = CheckOptions {
        policy,
        ..CheckOptions::default()
    };
    let out = check_paths(&[fixture("thunderbird/provider-without-tls")], &opts);
    let d = of(&out, "ML302")[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(d.help.as_deref().unwrap_or_default().contains("port 995"));
}

#[test]
fn leave_on_server_until_deleted_is_information() {
    let out = run("thunderbird/leave-until-deleted", "generic");
    let sev: Vec<Severity> = of(&out, "ML502").iter().map(|d| d.severity).collect();
    assert_eq!(sev, [Severity::Info, Severity::Warning]);
    assert!(of(&out, "ML502")[0].message.contains("move it to Trash"));
    let out = run("outlook-express/remove-when-deleted", "generic");
    let d = of(&out, "ML502")[0];
    assert_eq!(d.severity, Severity::Info);
    assert!(d.message.contains("Deleted Items"));
}

#[test]
fn other_protocols_ports_name_the_accounts_own() {
    let out = run("thunderbird/other-protocol-port", "generic");
    let first = of(&out, "ML404")[0];
    assert_eq!(
        first.message,
        "the incoming mail server (POP3) 'imap.example.jp' uses port 993, which is the IMAP port (SSL/TLS); POP3 uses 110 or 995"
    );
    assert_eq!(
        first.help.as_deref(),
        Some("Use port 110 (plain or STARTTLS) for POP3.")
    );
    // ML402 never suggests another protocol's port.
    assert!(of(&out, "ML402").is_empty());
}

#[test]
fn claws_config_version_and_sylpheed_oauth2() {
    let out = run("claws/config-version-from-clawsrc", "generic");
    let inc = out.documents[0].accounts[0].incoming.as_ref().expect("in");
    assert_eq!(inc.protocol.value, Protocol::Imap);
    let out = run("sylpheed/imap-oauth2", "generic");
    let inc = out.documents[0].accounts[0].incoming.as_ref().expect("in");
    assert_eq!(inc.auth.value, AuthMethod::OAuth2);
}
