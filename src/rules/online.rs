//! Online rules (only with `--online`): ML701 host-not-found, ML702
//! server-not-answering, ML703 port-25-blocked, ML704 security-not-as-set,
//! ML705 certificate-invalid, ML706 auth-not-offered, ML707
//! smtp-auth-not-offered, ML708 smtp-size-limit, ML709 working-server.
//!
//! The probes ran before the rules (`crate::online`); these judge what the
//! servers answered against each server's settings, one finding for the first
//! thing that stops the server from working (a later step cannot be reached),
//! then what would work instead.

use super::delivery::{attachment_room, megabytes};
use super::policy_limits::auth_label;
use super::{Emitter, FieldName, Finding};
use crate::catalogue::{
    AuthNotOffered, CertificateInvalid, HostNotFound, Port25Blocked, RuleSpec, SecurityNotAsSet,
    ServerNotAnswering, SmtpAuthNotOffered, SmtpSizeLimit, WorkingServer, auth_not_offered,
    certificate_invalid, host_not_found, port_25_blocked, security_not_as_set,
    server_not_answering, smtp_auth_not_offered, smtp_size_limit,
};
use crate::diagnostics::Severity;
use crate::model::{Account, AuthMethod, Server, ServerRole};
use crate::online::probe::{Mismatch, Probe, Secure};
use crate::online::resolve::Lookup;
use crate::online::tls::{CertVerdict, date};
use crate::online::{Outcome, Proto, judge, plan};
use crate::tables::Field;

pub fn check(account: &Account, em: &mut Emitter) {
    let Some(report) = em.online() else { return };
    if report.no_network.is_some() {
        return;
    }
    for server in account.incoming.iter().chain(account.outgoing.iter()) {
        let Some(req) = plan::request(account, server, em.policy()) else {
            continue;
        };
        let Some(out) = report.outcome(&req).cloned() else {
            continue;
        };
        let key = match server.role {
            ServerRole::Incoming => Field::IncomingServer,
            ServerRole::Outgoing => Field::OutgoingServer,
        };
        let field = em.field(key, &server.protocol.value);
        let method = req.auth.method();
        let site = Site {
            server,
            field,
            host: server.host_text(),
            port: req.endpoint.port,
            spa_failure_code: account.capabilities.spa_failure_code,
        };
        if judge_server(&site, &out, method, em) {
            // What works instead.
            if let Some(s) = &out.suggestion {
                suggestion(&site, s, em);
            }
        }
    }
}

/// One configured server, as the messages name it.
struct Site<'a> {
    server: &'a Server,
    field: FieldName<'a>,
    host: String,
    port: u16,
    /// The error the account's program shows when its SPA login is refused,
    /// as the reader states it (never guessed from a client's name here).
    spa_failure_code: Option<&'static str>,
}

impl Site<'_> {
    fn host_span(&self) -> crate::source::Span {
        self.server
            .host
            .as_ref()
            .map(|h| h.span)
            .unwrap_or(self.server.anchor)
    }

    fn finding<R: RuleSpec>(&self, rule: R, span: crate::source::Span) -> Finding<'_, R> {
        Finding::new(rule, span)
            .arg("field", self.field)
            .arg("host", &self.host)
            .arg("port", self.port)
    }
}

fn secure_label(em: &Emitter, s: Secure) -> String {
    use security_not_as_set::Label;
    let key = match s {
        Secure::Plain => Label::Plain,
        Secure::StartTls => Label::Starttls,
        Secure::TryStartTls => Label::TryStarttls,
        Secure::Tls => Label::Tls,
    };
    em.label_text(key, &[])
}

fn timeout_secs(em: &Emitter) -> String {
    let ms = em.online().map(|r| r.timeout_ms).unwrap_or(0);
    format!("{}", ms as f64 / 1000.0)
}

/// Judge one server; `true` when it does not work as set (and a working
/// alternative is worth naming).
fn judge_server(site: &Site, out: &Outcome, method: AuthMethod, em: &mut Emitter) -> bool {
    let p = &out.probe;
    if p.skipped {
        return false;
    }
    // 1. The name.
    match &p.name.lookup {
        Lookup::Found { .. } => {}
        Lookup::NoNetwork { .. } => return false,
        Lookup::NotFound | Lookup::NotAName => {
            let f = site.finding(HostNotFound, site.host_span());
            em.emit(match &p.name.normalized {
                Some((n, Lookup::Found { .. })) => f
                    .variant(host_not_found::Message::Nfkc)
                    .arg("normalized", n.as_str()),
                Some((n, _)) => f
                    .variant(host_not_found::Message::NfkcMissing)
                    .arg("normalized", n.as_str()),
                None => f,
            });
            return true;
        }
    }
    // 2. The connection.
    let port_span = site.server.port.span;
    let blocked = crate::online::port_blocked(p);
    if blocked {
        if let Some(sub) = out.submission.as_ref().filter(|_| site.port == 25) {
            use port_25_blocked::Label;
            let how = match (&p.connect, &p.mismatch) {
                (Some(crate::online::connect::ConnectFailure::Refused), _) => Label::Refused,
                (Some(_), _) => Label::TimedOut,
                _ => Label::Silent,
            };
            let how = em.label_text(how, &[]);
            let security = secure_label(em, sub.endpoint.secure);
            em.emit(
                site.finding(Port25Blocked, port_span)
                    .arg("how", how)
                    .arg("working", sub.endpoint.port)
                    .arg("security", security)
                    .defaulted(&site.server.port),
            );
            return false;
        }
        use crate::online::connect::ConnectFailure as C;
        let f = site
            .finding(ServerNotAnswering, port_span)
            .arg("timeout", timeout_secs(em));
        em.emit(match &p.connect {
            Some(C::Refused) => f,
            Some(C::TimedOut) => f.variant(server_not_answering::Message::TimedOut),
            Some(C::Unreachable { detail } | C::Other { detail }) => f
                .variant(server_not_answering::Message::Broken)
                .arg("detail", detail.as_str()),
            None => f.variant(server_not_answering::Message::Silent),
        });
        return true;
    }
    if let Some(answer) = &p.refused {
        em.emit(
            site.finding(ServerNotAnswering, site.host_span())
                .variant(server_not_answering::Message::RefusedSession)
                .arg("answer", answer.as_str()),
        );
        return true;
    }
    // 3. The security the server really speaks.
    if let Some(m) = &p.mismatch {
        mismatch(site, p, m, em);
        return true;
    }
    if let Some(t) = &p.tls_failure {
        em.emit(
            site.finding(SecurityNotAsSet, site.server.security.span)
                .variant(security_not_as_set::Message::TlsFailed)
                .arg("detail", t.to_string()),
        );
        return true;
    }
    if let Some(e) = &p.error {
        em.emit(
            site.finding(ServerNotAnswering, site.host_span())
                .variant(server_not_answering::Message::Broken)
                .arg("detail", e.as_str()),
        );
        return true;
    }
    // 4. The certificate.
    let mut broken = false;
    if let Some(tls) = &p.tls {
        broken |= certificate(site, &tls.cert, em);
    }
    // 5. Authentication; 6. size.
    if let Some(caps) = &p.caps {
        broken |= authentication(site, p, caps, method, em);
        if p.endpoint.proto == Proto::Smtp {
            size(site, caps.size, em);
        }
    }
    broken
}

fn mismatch(site: &Site, p: &Probe, m: &Mismatch, em: &mut Emitter) {
    let sec_span = site.server.security.span;
    let f = match m {
        Mismatch::PlainOnTlsPort { greeting } => site
            .finding(SecurityNotAsSet, sec_span)
            .arg("greeting", greeting.as_str()),
        Mismatch::TlsOnPlainPort => site
            .finding(SecurityNotAsSet, sec_span)
            .variant(security_not_as_set::Message::TlsOnPlain)
            .arg("security", secure_label(em, p.endpoint.secure)),
        Mismatch::StartTlsNotOffered => site
            .finding(SecurityNotAsSet, sec_span)
            .variant(security_not_as_set::Message::StarttlsNotOffered)
            .arg("command", p.endpoint.proto.starttls_word()),
        Mismatch::StartTlsRefused { answer } => site
            .finding(SecurityNotAsSet, sec_span)
            .variant(security_not_as_set::Message::StarttlsRefused)
            .help(security_not_as_set::Help::StarttlsNotOffered)
            .arg("command", p.endpoint.proto.starttls_word())
            .arg("answer", answer.as_str()),
        Mismatch::WrongProtocol { spoke, greeting } => site
            .finding(SecurityNotAsSet, site.server.port.span)
            .variant(security_not_as_set::Message::WrongProtocol)
            .arg("spoke", spoke.label())
            .arg("proto", p.endpoint.proto.label())
            .arg("greeting", greeting.as_str())
            .defaulted(&site.server.port),
        // Handled as a connection that does not answer.
        Mismatch::Silent => return,
    };
    em.emit(f);
}

/// `true` when the certificate does not check out.
fn certificate(site: &Site, cert: &CertVerdict, em: &mut Emitter) -> bool {
    let f = site.finding(CertificateInvalid, site.host_span());
    let f = match cert {
        CertVerdict::Valid => return false,
        CertVerdict::WrongName { covers } => {
            use certificate_invalid::Label;
            let sep = em.label_text(Label::Separator, &[]);
            let list = covers
                .iter()
                .map(|c| em.label_text(Label::Name, &[("name", c.clone())]))
                .collect::<Vec<_>>()
                .join(&sep);
            f.arg("covers", list)
                .arg("first", covers.first().cloned().unwrap_or_default())
        }
        CertVerdict::UnknownIssuer => f.variant(certificate_invalid::Message::UnknownIssuer),
        CertVerdict::Expired { not_after } => f
            .variant(certificate_invalid::Message::Expired)
            .arg("date", date(*not_after)),
        CertVerdict::NotYetValid { not_before } => f
            .variant(certificate_invalid::Message::NotYetValid)
            .help(certificate_invalid::Help::Expired)
            .arg("date", date(*not_before)),
        CertVerdict::Revoked => f
            .variant(certificate_invalid::Message::Other)
            .help(certificate_invalid::Help::Expired)
            .arg("detail", "revoked"),
        CertVerdict::Other { detail } => f
            .variant(certificate_invalid::Message::Other)
            .help(certificate_invalid::Help::UnknownIssuer)
            .arg("detail", detail.as_str()),
    };
    em.emit(f);
    true
}

/// `true` when the account's method is not offered.
fn authentication(
    site: &Site,
    p: &Probe,
    caps: &crate::online::dialog::Caps,
    method: AuthMethod,
    em: &mut Emitter,
) -> bool {
    let proto = p.endpoint.proto;
    let auth_span = site.server.auth.span;
    let method_name = em.label_text(auth_label(method), &[]);
    if proto == Proto::Smtp && caps.auth.is_empty() {
        match method {
            AuthMethod::None | AuthMethod::PopBeforeSmtp => em.emit(
                site.finding(SmtpAuthNotOffered, auth_span)
                    .variant(smtp_auth_not_offered::Message::PopBeforeSmtp)
                    .severity(Severity::Info),
            ),
            _ => em.emit(
                site.finding(SmtpAuthNotOffered, auth_span)
                    .arg("method", method_name),
            ),
        }
        return !matches!(method, AuthMethod::None | AuthMethod::PopBeforeSmtp);
    }
    if judge::auth_offered(method, proto, caps, p.apop) != Some(false) {
        return false;
    }
    let offered = judge::offered_list(proto, caps, p.apop);
    let f = site
        .finding(AuthNotOffered, auth_span)
        .arg("method", method_name)
        .arg("needs", judge::mechanisms_for(method, proto))
        .arg("offered", offered.join(" "));
    em.emit(if offered.is_empty() {
        f.variant(auth_not_offered::Message::NoneOffered)
    } else if method == AuthMethod::Spa {
        match site.spa_failure_code {
            Some(code) => f
                .variant(auth_not_offered::Message::SpaCode)
                .help(auth_not_offered::Help::Spa)
                .arg("code", code),
            None => f.variant(auth_not_offered::Message::Spa),
        }
    } else {
        f
    });
    true
}

fn size(site: &Site, announced: Option<u64>, em: &mut Emitter) {
    let Some(bytes) = announced.filter(|b| *b > 0) else {
        return;
    };
    let policy = em.policy();
    let limit = policy.message_size.as_ref().map(|m| m.limit_bytes);
    let policy_name = policy.name.as_str();
    let f = site
        .finding(SmtpSizeLimit, site.host_span())
        .arg("bytes", bytes)
        .arg("size", megabytes(bytes))
        .arg("attachment", megabytes(attachment_room(bytes)));
    match limit {
        Some(l) if bytes < l => em.emit(f.arg("limit", megabytes(l)).arg("policy", policy_name)),
        Some(_) => {}
        None => em.emit(
            f.variant(smtp_size_limit::Message::Announced)
                .severity(Severity::Info),
        ),
    }
}

fn suggestion(site: &Site, s: &Probe, em: &mut Emitter) {
    let offered = s
        .caps
        .as_ref()
        .map(|c| judge::offered_list(s.endpoint.proto, c, s.apop).join(" "))
        .unwrap_or_default();
    let security = secure_label(em, s.endpoint.secure);
    em.emit(
        Finding::new(WorkingServer, site.host_span())
            .arg("field", site.field)
            .arg("host", &s.endpoint.host)
            .arg("port", s.endpoint.port)
            .arg("security", security)
            .arg("offered", offered),
    );
}
