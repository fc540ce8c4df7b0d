//! POP before SMTP rules, where the policy's outgoing server accepts mail
//! without SMTP authentication for a while after a POP login:
//! ML510 pop-before-smtp-unsupported, ML511 pop-before-smtp-off,
//! ML512 pop-before-smtp-timeout, ML513 pop-before-smtp-receive-first,
//! ML514 pop-before-smtp-dial-up, ML515 pop-before-smtp-by-periodic-check.

use super::{Emitter, Finding};
use crate::catalogue::{
    PopBeforeSmtpByPeriodicCheck, PopBeforeSmtpDialUp, PopBeforeSmtpOff, PopBeforeSmtpReceiveFirst,
    PopBeforeSmtpTimeout, PopBeforeSmtpUnsupported, RuleSpec, pop_before_smtp_by_periodic_check,
    pop_before_smtp_unsupported,
};
use crate::diagnostics::Severity;
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
    fn finding<R: RuleSpec>(&self, rule: R, span: Span) -> Finding<'_, R> {
        Finding::new(rule, span)
            .arg("account", &self.account)
            .arg("host", &self.host)
            .arg("window", self.window)
    }
}

/// Claws Mail logs in to POP again before sending only when its last login
/// is older than its timeout: a timeout beyond the window sends too late.
fn timeout(account: &Account, window: u32, base: &Base, em: &mut Emitter) {
    if let Some(t) = &account.options.pop_before_smtp_timeout_minutes {
        if t.value > i64::from(window) {
            em.emit(
                base.finding(PopBeforeSmtpTimeout, t.span)
                    .arg("timeout", t.value),
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
        PopBeforeSmtp::ByPeriodicCheck => periodic_check(account, server, base, em),
        PopBeforeSmtp::Switch | PopBeforeSmtp::Unknown => {}
    }
}

/// A client whose periodic check for new mail is the POP login (Thunderbird
/// POP3: `nsMsgBiffManager::OnServerLoaded`, `AddServerBiff`,
/// `SetNextBiffTime`; `Pop3IncomingServer.performBiff` logs in either way).
/// Checks on and the latest check (interval plus jitter) inside the window:
/// it works while the client runs, which is information with its conditions
/// (a check at start-up, a saved password: `PerformBiff` skips a check that
/// would prompt). Checks off, or too far apart: no POP login comes in time.
fn periodic_check(account: &Account, server: &Server, base: &Base, em: &mut Emitter) {
    use pop_before_smtp_by_periodic_check::{Help, Label, Message};
    let o = &account.options;
    let (Some(checks), Some(minutes)) = (&o.checks_mail, &o.check_interval_minutes) else {
        em.emit(base.finding(PopBeforeSmtpUnsupported, server.auth.span));
        return;
    };
    let jitter = o.check_jitter_seconds.unwrap_or(0);
    let finding = |span, variant| {
        base.finding(PopBeforeSmtpByPeriodicCheck, span)
            .variant(variant)
            .arg("minutes", minutes.value)
            .arg("jitter", jitter)
    };
    if !checks.value || minutes.value <= 0 {
        let span = if !checks.value {
            checks.span
        } else {
            minutes.span
        };
        em.emit(finding(span, Message::ChecksOff).severity(Severity::Error));
        return;
    }
    let latest = minutes.value.saturating_mul(60) + i64::from(jitter);
    if latest > i64::from(base.window) * 60 {
        em.emit(finding(minutes.span, Message::IntervalTooLong).severity(Severity::Error));
        return;
    }
    let startup = o.check_at_startup.as_ref().is_some_and(|s| s.value);
    let mut f = finding(server.auth.span, Message::Default);
    if startup {
        f = f.help(Help::Startup);
    }
    if !minutes.is_default() {
        let text = vec![("minutes", minutes.value.to_string())];
        f = f.label(minutes.span, Label::Interval, text);
    }
    if let Some(s) = o
        .check_at_startup
        .as_ref()
        .filter(|s| !s.value && !s.is_default())
    {
        f = f.label(s.span, Label::StartupOff, vec![]);
    }
    em.emit(f);
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
mod tests;
