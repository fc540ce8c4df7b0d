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
use super::{Emitter, Finding};
use crate::diagnostics::Severity;
use crate::model::{Account, AuthMethod, Server, ServerRole};
use crate::online::probe::{Mismatch, Probe, Secure};
use crate::online::resolve::Lookup;
use crate::online::tls::{CertVerdict, date};
use crate::online::{Outcome, Proto, judge, plan};
use crate::policy::auth_name;

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
            ServerRole::Incoming => "incoming_server",
            ServerRole::Outgoing => "outgoing_server",
        };
        let field = em.field(key, &server.protocol.value);
        let method = req.auth.method();
        let site = Site {
            server,
            field,
            host: server.host_text(),
            port: req.endpoint.port,
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
    field: String,
    host: String,
    port: u16,
}

impl Site<'_> {
    fn host_span(&self) -> crate::source::Span {
        self.server
            .host
            .as_ref()
            .map(|h| h.span)
            .unwrap_or(self.server.anchor)
    }

    fn finding(&self, code: &'static str, span: crate::source::Span) -> Finding {
        Finding::new(code, span)
            .arg("field", self.field.clone())
            .arg("host", self.host.clone())
            .arg("port", self.port.to_string())
    }
}

fn secure_label(em: &Emitter, s: Secure) -> String {
    let key = match s {
        Secure::Plain => "plain",
        Secure::StartTls => "starttls",
        Secure::TryStartTls => "try-starttls",
        Secure::Tls => "tls",
    };
    em.label_text("ML704", key, &[])
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
            let f = site.finding("ML701", site.host_span());
            em.emit(match &p.name.normalized {
                Some((n, Lookup::Found { .. })) => {
                    f.variant("nfkc").help("nfkc").arg("normalized", n.clone())
                }
                Some((n, _)) => f.variant("nfkc-missing").arg("normalized", n.clone()),
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
            let how = match (&p.connect, &p.mismatch) {
                (Some(crate::online::connect::ConnectFailure::Refused), _) => "refused",
                (Some(_), _) => "timed-out",
                _ => "silent",
            };
            let how = em.label_text("ML703", how, &[]);
            let security = secure_label(em, sub.endpoint.secure);
            em.emit(
                site.finding("ML703", port_span)
                    .arg("how", how)
                    .arg("working", sub.endpoint.port.to_string())
                    .arg("security", security)
                    .defaulted(&site.server.port),
            );
            return false;
        }
        use crate::online::connect::ConnectFailure as C;
        let f = site
            .finding("ML702", port_span)
            .arg("timeout", timeout_secs(em));
        em.emit(match &p.connect {
            Some(C::Refused) => f,
            Some(C::TimedOut) => f.variant("timed-out"),
            Some(C::Unreachable { detail } | C::Other { detail }) => {
                f.variant("broken").arg("detail", detail.clone())
            }
            None => f.variant("silent"),
        });
        return true;
    }
    if let Some(answer) = &p.refused {
        em.emit(
            site.finding("ML702", site.host_span())
                .variant("refused-session")
                .help("refused-session")
                .arg("answer", answer.clone()),
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
            site.finding("ML704", site.server.security.span)
                .variant("tls-failed")
                .arg("detail", t.to_string()),
        );
        return true;
    }
    if let Some(e) = &p.error {
        em.emit(
            site.finding("ML702", site.host_span())
                .variant("broken")
                .arg("detail", e.clone()),
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
            .finding("ML704", sec_span)
            .arg("greeting", greeting.clone()),
        Mismatch::TlsOnPlainPort => site
            .finding("ML704", sec_span)
            .variant("tls-on-plain")
            .help("tls-on-plain")
            .arg("security", secure_label(em, p.endpoint.secure)),
        Mismatch::StartTlsNotOffered => site
            .finding("ML704", sec_span)
            .variant("starttls-not-offered")
            .help("starttls-not-offered")
            .arg("command", p.endpoint.proto.starttls_word()),
        Mismatch::StartTlsRefused { answer } => site
            .finding("ML704", sec_span)
            .variant("starttls-refused")
            .help("starttls-not-offered")
            .arg("command", p.endpoint.proto.starttls_word())
            .arg("answer", answer.clone()),
        Mismatch::WrongProtocol { spoke, greeting } => site
            .finding("ML704", site.server.port.span)
            .variant("wrong-protocol")
            .help("wrong-protocol")
            .arg("spoke", spoke.label())
            .arg("proto", p.endpoint.proto.label())
            .arg("greeting", greeting.clone())
            .defaulted(&site.server.port),
        // Handled as a connection that does not answer.
        Mismatch::Silent => return,
    };
    em.emit(f);
}

/// `true` when the certificate does not check out.
fn certificate(site: &Site, cert: &CertVerdict, em: &mut Emitter) -> bool {
    let f = site.finding("ML705", site.host_span());
    let f = match cert {
        CertVerdict::Valid => return false,
        CertVerdict::WrongName { covers } => {
            let list = if covers.is_empty() {
                "?".to_string()
            } else {
                covers
                    .iter()
                    .map(|c| format!("'{c}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            f.arg("covers", list)
                .arg("first", covers.first().cloned().unwrap_or_default())
        }
        CertVerdict::UnknownIssuer => f.variant("unknown-issuer").help("unknown-issuer"),
        CertVerdict::Expired { not_after } => f
            .variant("expired")
            .help("expired")
            .arg("date", date(*not_after)),
        CertVerdict::NotYetValid { not_before } => f
            .variant("not-yet-valid")
            .help("expired")
            .arg("date", date(*not_before)),
        CertVerdict::Revoked => f.variant("other").help("expired").arg("detail", "revoked"),
        CertVerdict::Other { detail } => f
            .variant("other")
            .help("unknown-issuer")
            .arg("detail", detail.clone()),
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
    let method_name = em.label_text("ML308", auth_name(method), &[]);
    if proto == Proto::Smtp && caps.auth.is_empty() {
        match method {
            AuthMethod::None | AuthMethod::PopBeforeSmtp => em.emit(
                site.finding("ML707", auth_span)
                    .variant("pop-before-smtp")
                    .severity(Severity::Info),
            ),
            _ => em.emit(site.finding("ML707", auth_span).arg("method", method_name)),
        }
        return !matches!(method, AuthMethod::None | AuthMethod::PopBeforeSmtp);
    }
    if judge::auth_offered(method, proto, caps, p.apop) != Some(false) {
        return false;
    }
    let offered = judge::offered_list(proto, caps, p.apop);
    let f = site
        .finding("ML706", auth_span)
        .arg("method", method_name)
        .arg("needs", judge::mechanisms_for(method, proto))
        .arg("offered", offered.join(" "));
    em.emit(if offered.is_empty() {
        f.variant("none-offered").help("none-offered")
    } else if method == AuthMethod::Spa {
        f.variant("spa").help("spa")
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
    let policy_name = policy.name.clone();
    let f = site
        .finding("ML708", site.host_span())
        .arg("bytes", bytes.to_string())
        .arg("size", megabytes(bytes))
        .arg("attachment", megabytes(attachment_room(bytes)));
    match limit {
        Some(l) if bytes < l => em.emit(f.arg("limit", megabytes(l)).arg("policy", policy_name)),
        Some(_) => {}
        None => em.emit(
            f.variant("announced")
                .help("announced")
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
        Finding::new("ML709", site.host_span())
            .arg("field", site.field.clone())
            .arg("host", s.endpoint.host.clone())
            .arg("port", s.endpoint.port.to_string())
            .arg("security", security)
            .arg("offered", offered),
    );
}
