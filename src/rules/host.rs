//! Host rules: ML101 (via fullwidth), ML201 host-policy-mismatch, ML202 invalid-hostname,
//! ML204 host-named-for-other-protocol, ML205 port-in-host-name.

use super::{Emitter, FieldName, Finding, fullwidth};
use crate::catalogue::{
    HostNamedForOtherProtocol, HostPolicyMismatch, InvalidHostname, PortInHostName, Rule,
    host_policy_mismatch, invalid_hostname,
};
use crate::diagnostics::Severity;
use crate::fix::Edit;
use crate::model::{Account, Protocol, Server, ServerRole};
use crate::policy::expand_host_template;
use crate::source::{Basis, Origin};
use crate::syntax::{HostError, LabelError, bare_host, check_address, check_host, fold_typed};
use crate::tables::Field;

pub fn check(account: &Account, em: &mut Emitter) {
    for server in account
        .incoming
        .iter()
        .chain(account.incoming_alternatives())
    {
        check_server(account, server, None, em);
    }
    for (i, server) in account.outgoing.iter().enumerate() {
        check_server(account, server, Some(i), em);
    }
    for server in account.servers() {
        named_for_other_protocol(server, em);
        port_in_host_name(server, em);
    }
}

/// The first label of a host name that says which service it is.
const SERVICE_LABELS: &[(&str, Protocol)] = &[
    ("pop", Protocol::Pop3),
    ("pop3", Protocol::Pop3),
    ("pop3s", Protocol::Pop3),
    ("pops", Protocol::Pop3),
    ("imap", Protocol::Imap),
    ("imap4", Protocol::Imap),
    ("imaps", Protocol::Imap),
    ("smtp", Protocol::Smtp),
    ("smtps", Protocol::Smtp),
];

/// A POP3 account on `imap.*` or `smtp.*`, an IMAP account on `pop.*`, an
/// SMTP server named `pop.*`/`imap.*`: a heuristic (no client checks it),
/// hence information.
fn named_for_other_protocol(server: &Server, em: &mut Emitter) {
    let Some(host) = &server.host else {
        return;
    };
    let own = &server.protocol.value;
    if !matches!(own, Protocol::Pop3 | Protocol::Imap | Protocol::Smtp) {
        return;
    }
    if !host.value.contains('.') {
        return;
    }
    // The first label, compared in any case (the labels are lower case).
    let trimmed = host.value.trim();
    let end = trimmed.bytes().position(|b| b == b'.');
    let first = &trimmed[..end.unwrap_or(trimmed.len())];
    let Some((_, named)) = SERVICE_LABELS
        .iter()
        .find(|(l, _)| l.eq_ignore_ascii_case(first))
    else {
        return;
    };
    if named == own {
        return;
    }
    let field = em.field(field_key(server), own);
    em.emit(
        Finding::new(HostNamedForOtherProtocol, host.sub_span(0..first.len()))
            .arg("field", field)
            .arg("host", &host.value)
            .arg("other", named.label())
            .arg("protocol", own.label()),
    );
}

/// Thunderbird took the port from an incoming `host:port` name (the reader
/// states it as a port derived from the name).
fn port_in_host_name(server: &Server, em: &mut Emitter) {
    let port = &server.port;
    if port.origin != Origin::Derived || port.basis != Some(Basis::PortFromHostName) {
        return;
    }
    let field = em.field(field_key(server), &server.protocol.value);
    em.emit(
        Finding::new(PortInHostName, port.span)
            .arg("field", field)
            .arg("host", super::host_of(server))
            .arg("port", port.value),
    );
}

fn field_key(server: &Server) -> Field {
    match server.role {
        ServerRole::Incoming => Field::IncomingHost,
        ServerRole::Outgoing => Field::OutgoingHost,
    }
}

fn check_server(
    account: &Account,
    server: &Server,
    outgoing_index: Option<usize>,
    em: &mut Emitter,
) {
    if !matches!(
        server.protocol.value,
        Protocol::Pop3 | Protocol::Imap | Protocol::Smtp | Protocol::Nntp
    ) {
        return;
    }
    let field = em.field(field_key(server), &server.protocol.value);
    let Some(host) = &server.host else {
        em.emit(
            Finding::new(InvalidHostname, server.anchor)
                .variant(invalid_hostname::Message::Empty)
                .arg("field", field),
        );
        return;
    };
    // A template's host with its placeholders filled in, as the client uses it.
    let expanded;
    let host = if account.template.is_some() {
        match super::template::host_for_checks(account, host) {
            Some(h) => {
                expanded = h;
                expanded.as_ref()
            }
            None => return,
        }
    } else {
        host
    };
    fullwidth::check_value(host, field, em);
    let folded = super::folded(&host.value);
    if let Err(e) = check_host(&folded) {
        invalid(host, &folded, field, e, em);
    }
    policy_mismatch(account, server, outgoing_index, &folded, field, em);
}

fn invalid(
    host: &crate::source::Located<crate::model::Str>,
    folded: &str,
    field: FieldName<'_>,
    e: HostError,
    em: &mut Emitter,
) {
    let exact = folded == host.value;
    let span_of = |r: std::ops::Range<usize>| if exact { host.sub_span(r) } else { host.span };
    let suggestion = bare_host(folded);
    let mut f = Finding::new(InvalidHostname, host.span)
        .arg("field", field)
        .arg("value", &host.value)
        .arg("suggestion", suggestion);
    match e {
        HostError::Empty => f = f.variant(invalid_hostname::Message::Empty),
        HostError::Space(r) => {
            f.span = span_of(r);
            f = f
                .variant(invalid_hostname::Message::Space)
                .primary_label(invalid_hostname::Label::Space);
            // Spaces around the name only: the name itself is what was meant.
            let trimmed = host.value.trim();
            if trimmed != host.value
                && !trimmed.is_empty()
                && !trimmed.contains(char::is_whitespace)
            {
                f = f.fix([Edit::set(host, &crate::model::Str::from(trimmed))]);
            }
        }
        HostError::Scheme(r) => {
            let scheme = folded[r.clone()].to_string();
            f.span = span_of(r);
            f = f
                .variant(invalid_hostname::Message::Scheme)
                .arg("scheme", scheme);
        }
        HostError::Path(r) => {
            f.span = span_of(r);
            f = f.variant(invalid_hostname::Message::Path);
        }
        HostError::At(r) => {
            f.span = span_of(r);
            f = f.variant(invalid_hostname::Message::At);
        }
        HostError::Port(r, port) => {
            f.span = span_of(r);
            f = f.variant(invalid_hostname::Message::Port).arg("port", port);
        }
        HostError::Char(c, r) => {
            let reason =
                em.label_text(invalid_hostname::Label::BadChar, &[("char", c.to_string())]);
            f.span = span_of(r);
            f = f.arg("reason", reason);
        }
        HostError::Label(l) => {
            let (key, r) = match l {
                LabelError::Empty(r) => (invalid_hostname::Label::LabelEmpty, r),
                LabelError::Hyphen(r) => (invalid_hostname::Label::LabelHyphen, r),
                LabelError::TooLong(r) => (invalid_hostname::Label::LabelTooLong, r),
            };
            let reason = em.label_text(key, &[]);
            f.span = span_of(r);
            f = f.arg("reason", reason);
        }
        HostError::TooLong => {
            let reason = em.label_text(invalid_hostname::Label::TooLong, &[]);
            f = f.arg("reason", reason);
        }
    }
    em.emit(f);
}

/// The domain `{domain}` stands for: from the identity that sends through
/// this server, else the account's first valid address.
fn account_domain(account: &Account, outgoing_index: Option<usize>) -> Option<String> {
    // A template's `{domain}` is the provider's (first) domain.
    if let Some(d) = account.template.as_ref().and_then(|t| t.domains.first()) {
        return Some(
            crate::syntax::fold(&d.value)
                .trim_end_matches('.')
                .to_ascii_lowercase(),
        );
    }
    let preferred = outgoing_index.and_then(|i| account.identity_for_outgoing(i));
    preferred
        .into_iter()
        .chain(account.identities.iter())
        .filter_map(|id| id.address.as_ref())
        .map(|a| fold_typed(&a.value))
        .find(|a| check_address(a).is_ok())
        .and_then(|a| {
            a.rsplit_once('@')
                .map(|(_, d)| d.trim_end_matches('.').to_ascii_lowercase())
        })
}

fn policy_mismatch(
    account: &Account,
    server: &Server,
    outgoing_index: Option<usize>,
    folded: &str,
    field: FieldName<'_>,
    em: &mut Emitter,
) {
    if !em.enabled(Rule::HostPolicyMismatch) || server.protocol.value == Protocol::Nntp {
        return;
    }
    let policy = em.policy();
    let template = match server.role {
        ServerRole::Incoming => policy.hosts.incoming.clone(),
        ServerRole::Outgoing => policy.hosts.outgoing.clone(),
    };
    let Some(template) = template else {
        return;
    };
    let Some(domain) = account_domain(account, outgoing_index) else {
        return;
    };
    let expected = expand_host_template(&template, &domain).to_ascii_lowercase();
    let actual = bare_host(folded).trim_end_matches('.').to_ascii_lowercase();
    if actual.is_empty() || actual == expected {
        return;
    }
    let Some(host) = &server.host else {
        return;
    };
    let policy_name = policy.name.as_str();
    let mut f = Finding::new(HostPolicyMismatch, host.span)
        .arg("field", field)
        .arg("value", &host.value)
        .arg("expected", &expected)
        .arg("policy", policy_name)
        .fix([Edit::set(host, &crate::model::Str::from(&*expected))]);
    if server.role == ServerRole::Outgoing {
        if let Some(sev) = em.policy().hosts.outgoing_mismatch {
            f = f.severity(sev);
            if sev < Severity::Error {
                f = f.variant(host_policy_mismatch::Message::OutgoingAlternative);
            }
        }
    }
    em.emit(f);
}
