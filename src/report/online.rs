//! The online check's own section: one line per server asked, and with
//! `--verbose` the conversation (greeting and capability lines; maillint
//! never sends anything secret, so there is nothing to hide). Shared by the
//! human output of `check` and by `maillint report`.

use std::fmt::Write;

use crate::online::connect::ConnectFailure;
use crate::online::probe::{Dir, Mismatch, Probe, Secure};
use crate::online::resolve::Lookup;
use crate::online::tls::{CertVerdict, date};
use crate::online::{Report, judge};
use crate::support::words::Words;
use crate::tables::ReportWord;

/// The section as plain text lines under a heading (`prefix` is the
/// heading's marker: `""` for the terminal, `"## "` for Markdown).
pub fn text(report: &Report, w: &Words, verbose: bool, markdown: bool) -> String {
    let mut out = String::new();
    let heading = if markdown { "## " } else { "" };
    let _ = writeln!(out, "{heading}{}\n", w.get(ReportWord::Online));
    if let Some(detail) = &report.no_network {
        let _ = writeln!(
            out,
            "{}\n",
            w.fill(ReportWord::OnlineNoNetwork, &[("detail", detail.clone())])
        );
        return out;
    }
    let seconds = format!("{:.1}", report.millis as f64 / 1000.0);
    let _ = writeln!(
        out,
        "{}\n",
        w.fill(
            "online-summary",
            &[("probes", report.probes.to_string()), ("seconds", seconds)]
        )
    );
    let bullet = if markdown { "- " } else { "  " };
    for outcome in report.outcomes.values() {
        let p = &outcome.probe;
        let _ = writeln!(out, "{bullet}{}", line(p, w));
        for extra in outcome.submission.iter().chain(outcome.suggestion.iter()) {
            let _ = writeln!(out, "{bullet}  → {}", line(extra, w));
        }
        if verbose {
            transcript(&mut out, p, w, markdown);
            for extra in outcome.submission.iter().chain(outcome.suggestion.iter()) {
                transcript(&mut out, extra, w, markdown);
            }
        }
    }
    out.push('\n');
    out
}

/// `mail.example.jp:995 POP3 SSL/TLS`, the security in the report's words.
fn endpoint(p: &Probe, w: &Words) -> String {
    use crate::model::Security;
    let e = &p.endpoint;
    let security = match e.secure {
        Secure::Plain => Security::None,
        Secure::StartTls => Security::StartTls,
        Secure::TryStartTls => Security::TryStartTls,
        Secure::Tls => Security::Tls,
    };
    let sec = w.value("security", &security, security.label());
    format!("{}:{} {} {sec}", e.host, e.port, e.proto.label())
}

/// `mail.example.jp:995 POP3 SSL/TLS: answers as set (127.0.0.1:995, TLSv1.3, certificate valid; offers USER PLAIN)`.
fn line(p: &Probe, w: &Words) -> String {
    if p.skipped {
        return format!("{}: {}", endpoint(p, w), w.get(ReportWord::OnlineSkipped));
    }
    let mut facts: Vec<String> = Vec::new();
    if let Some(a) = p.address {
        facts.push(a.to_string());
    }
    match &p.name.lookup {
        Lookup::Found { .. } => {}
        Lookup::NoNetwork { detail } => facts.push(detail.clone()),
        Lookup::NotFound | Lookup::NotAName => facts.push(w.get(ReportWord::OnlineHostUnknown)),
    }
    match &p.connect {
        Some(ConnectFailure::Refused) => facts.push(w.get(ReportWord::OnlineRefused)),
        Some(ConnectFailure::TimedOut) => facts.push(w.get(ReportWord::OnlineTimedOut)),
        Some(other) => facts.push(other.to_string()),
        None => {}
    }
    if let Some(t) = &p.tls {
        facts.push(format!("{}, {}", t.version, cert_text(&t.cert, w)));
    }
    match &p.mismatch {
        Some(Mismatch::PlainOnTlsPort { greeting })
        | Some(Mismatch::WrongProtocol { greeting, .. }) => facts.push(format!("\"{greeting}\"")),
        Some(Mismatch::TlsOnPlainPort) => facts.push("TLS".into()),
        Some(Mismatch::StartTlsNotOffered) => {
            facts.push(format!("{} -", p.endpoint.proto.starttls_word()))
        }
        Some(Mismatch::StartTlsRefused { answer }) => facts.push(answer.clone()),
        Some(Mismatch::Silent) => facts.push(w.get(ReportWord::OnlineNoAnswer)),
        None => {}
    }
    if let Some(r) = &p.refused {
        facts.push(format!("\"{r}\""));
    }
    if let Some(t) = &p.tls_failure {
        facts.push(t.to_string());
    }
    if let Some(e) = &p.error {
        facts.push(e.clone());
    }
    if let Some(caps) = &p.caps {
        let offered = judge::offered_list(p.endpoint.proto, caps, p.apop);
        if !offered.is_empty() {
            facts.push(format!(
                "{} {}",
                w.get(ReportWord::OnlineOffers),
                offered.join(" ")
            ));
        }
        if let Some(size) = caps.size {
            facts.push(format!("SIZE {size}"));
        }
    }
    let cert_ok = p.tls.as_ref().is_none_or(|t| t.cert == CertVerdict::Valid);
    let verdict = if p.answered() && cert_ok {
        w.get(ReportWord::OnlineOk)
    } else {
        w.get(ReportWord::OnlineNotOk)
    };
    format!("{}: {verdict} ({})", endpoint(p, w), facts.join("; "))
}

fn cert_text(c: &CertVerdict, w: &Words) -> String {
    match c {
        CertVerdict::Valid => w.get(ReportWord::OnlineCertValid),
        CertVerdict::WrongName { covers } => {
            w.fill(ReportWord::OnlineCertFor, &[("names", covers.join(", "))])
        }
        CertVerdict::UnknownIssuer => w.get(ReportWord::OnlineCertUntrusted),
        CertVerdict::Expired { not_after } => {
            w.fill(ReportWord::OnlineCertExpired, &[("date", date(*not_after))])
        }
        CertVerdict::NotYetValid { not_before } => {
            w.fill(ReportWord::OnlineCertNotYet, &[("date", date(*not_before))])
        }
        CertVerdict::Revoked | CertVerdict::Other { .. } => w.get(ReportWord::OnlineCertOther),
    }
}

fn transcript(out: &mut String, p: &Probe, w: &Words, markdown: bool) {
    if p.transcript.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n    {} — {}",
        endpoint(p, w),
        w.get(ReportWord::OnlineTranscript)
    );
    if markdown {
        let _ = writeln!(out, "\n    ```text");
    }
    for l in &p.transcript {
        let who = match l.dir {
            Dir::Sent => "C:",
            Dir::Received => "S:",
            Dir::Event => "--",
        };
        let _ = writeln!(out, "    {who} {}", l.text);
    }
    if markdown {
        let _ = writeln!(out, "    ```");
    }
    out.push('\n');
}

/// The online check as JSON (`online` in `--format json`); transcripts only
/// with `--verbose`.
pub fn json(report: &Report, verbose: bool) -> serde_json::Value {
    let mut v = serde_json::to_value(report).unwrap_or(serde_json::Value::Null);
    if !verbose {
        strip(&mut v, "transcript");
    }
    v
}

fn strip(v: &mut serde_json::Value, key: &str) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove(key);
            m.values_mut().for_each(|x| strip(x, key));
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| strip(x, key)),
        _ => {}
    }
}
