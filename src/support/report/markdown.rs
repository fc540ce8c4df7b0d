//! The report as Markdown: readable as plain text in an e-mail, tidy when
//! a desk's ticket system renders it.

use std::fmt::Write;

use super::{AccountRow, FindingEntry, Report, ServerRow};
use crate::i18n::Lang;
use crate::support::words::Words;
use crate::tables::{ReportWord, Ui};

/// Render the report (before redaction: see `report::finish`).
pub fn render(r: &Report, w: &Words) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", w.get(ReportWord::Title));
    let _ = writeln!(out, "{}\n", w.get(ReportWord::Intro));
    if r.environment.addresses_masked {
        let _ = writeln!(out, "{}\n", w.get(ReportWord::IntroRedacted));
    }
    summary(&mut out, r, w);
    environment(&mut out, r, w);
    sources(&mut out, r, w);
    accounts(&mut out, r, w);
    findings(&mut out, r, w);
    let _ = writeln!(out, "## {}\n", w.get(ReportWord::NotChecked));
    for n in &r.not_checked {
        let _ = writeln!(out, "- {}", inline(n));
    }
    out
}

/// Text safe in a Markdown line or table cell: a control character (a
/// line break, an escape sequence) shown as a visible escape, `|` escaped.
fn inline(s: &str) -> String {
    crate::escape::controls(s).replace('|', "\\|")
}

fn severity(w: &Words, f: &FindingEntry) -> String {
    w.value("severity", &f.severity, f.severity.label())
}

/// A reader's note in the report's languages (once when they read alike).
fn in_langs(text: impl Fn(Lang) -> String, w: &Words) -> String {
    let mut parts: Vec<String> = Vec::new();
    for l in w.lang.langs() {
        let t = text(*l);
        if !parts.contains(&t) {
            parts.push(t);
        }
    }
    parts.join(" / ")
}

/// The finding's message in the report's languages, joined.
fn joined(map: &std::collections::BTreeMap<&'static str, String>, w: &Words) -> String {
    w.lang
        .langs()
        .iter()
        .filter_map(|l| map.get(l.code()))
        .map(|s| inline(s))
        .collect::<Vec<_>>()
        .join(" / ")
}

fn noun(n: usize, one: Ui, many: Ui) -> String {
    (if n == 1 { one } else { many }).get(Lang::En).to_string()
}

fn summary(out: &mut String, r: &Report, w: &Words) {
    let _ = writeln!(out, "## {}\n", w.get(ReportWord::Summary));
    let c = &r.summary;
    let _ = writeln!(
        out,
        "{}\n",
        w.fill(
            ReportWord::Counts,
            &[
                ("errors", c.errors.to_string()),
                ("warnings", c.warnings.to_string()),
                ("infos", c.infos.to_string()),
                ("files", c.files.to_string()),
                ("accounts", c.accounts.to_string()),
                // English's singular and plural, the words `check` uses;
                // the Japanese text counts with 件 and 個 and names none.
                (
                    "error_noun",
                    noun(c.errors, Ui::NounErrorOne, Ui::NounErrorMany)
                ),
                (
                    "warning_noun",
                    noun(c.warnings, Ui::NounWarningOne, Ui::NounWarningMany)
                ),
                (
                    "info_noun",
                    noun(c.infos, Ui::NounInfoOne, Ui::NounInfoMany)
                ),
                (
                    "file_noun",
                    noun(c.files, Ui::NounFileOne, Ui::NounFileMany)
                ),
                (
                    "account_noun",
                    noun(c.accounts, Ui::NounAccountOne, Ui::NounAccountMany)
                ),
            ],
        )
    );
    if r.findings.is_empty() {
        let _ = writeln!(out, "{}\n", w.get(ReportWord::NoFindings));
        return;
    }
    for f in &r.findings {
        let account = f
            .account
            .as_deref()
            .map(|a| format!(" ({})", inline(a)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- **{}** {} {}{}: {}",
            severity(w, f),
            f.code,
            f.name,
            account,
            joined(&f.message, w)
        );
    }
    out.push('\n');
}

fn environment(out: &mut String, r: &Report, w: &Words) {
    let e = &r.environment;
    let _ = writeln!(out, "## {}\n", w.get(ReportWord::Environment));
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(
        out,
        "| {} | {} |",
        w.get(ReportWord::Version),
        e.maillint_version
    );
    let _ = writeln!(out, "| {} | {} ({}) |", w.get(ReportWord::Os), e.os, e.arch);
    let _ = writeln!(out, "| {} | {} |", w.get(ReportWord::Language), e.lang);
    let _ = writeln!(
        out,
        "| {} | {} |",
        w.get(ReportWord::Policy),
        inline(&e.policy)
    );
    if let Some(t) = &e.generated {
        let _ = writeln!(out, "| {} | {} |", w.get(ReportWord::Generated), t);
    }
    out.push('\n');
}

fn sources(out: &mut String, r: &Report, w: &Words) {
    let _ = writeln!(out, "## {}\n", w.get(ReportWord::Sources));
    if r.sources.is_empty() {
        let _ = writeln!(out, "{}\n", w.get(ReportWord::NoSources));
        return;
    }
    for s in &r.sources {
        let first = s.files.first().map(|f| f.path.as_str()).unwrap_or("-");
        let _ = writeln!(out, "### `{}`\n", inline(first));
        let _ = writeln!(out, "- {}: {}", w.get(ReportWord::Client), s.client);
        let _ = writeln!(out, "- {}: {}", w.get(ReportWord::Format), s.format);
        for f in &s.files {
            let guessed = if f.encoding_guessed {
                format!(", {}", w.get(ReportWord::EncodingGuessed))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "- {}: `{}` ({} {}{guessed})",
                w.get(ReportWord::Files),
                inline(&f.path),
                w.get(ReportWord::Encoding),
                f.encoding
            );
        }
        let _ = writeln!(
            out,
            "- {}: {}",
            w.get(ReportWord::AccountsFound),
            s.accounts
        );
        if s.problems > 0 {
            let _ = writeln!(out, "- {}: {}", w.get(ReportWord::Problems), s.problems);
        }
        for k in &s.skipped {
            let _ = writeln!(
                out,
                "- {}: {} ({})",
                w.get(ReportWord::Skipped),
                inline(&in_langs(|l| k.what(l), w)),
                inline(&in_langs(|l| k.reason(l), w))
            );
        }
        out.push('\n');
    }
}

fn server_cells(s: &ServerRow, w: &Words) -> String {
    let port = match s.port_basis {
        // Say which rule of the client gives the port.
        Some(b) => {
            let text = crate::tables::basis::text(b);
            let said = in_langs(|l| text.get(l).to_string(), w);
            format!("{} ({})", s.port, inline(&said))
        }
        None if s.port_is_default => format!("{} {}", s.port, w.get(ReportWord::DefaultMarker)),
        None => s.port.to_string(),
    };
    format!(
        "{} | {} | {} | {} | {}",
        inline(&s.protocol),
        inline(s.host.as_deref().unwrap_or("—")),
        port,
        inline(&s.security),
        inline(&s.authentication)
    )
}

fn header(cols: &[String]) -> String {
    format!("| {} |\n|{}\n", cols.join(" | "), "---|".repeat(cols.len()))
}

fn accounts(out: &mut String, r: &Report, w: &Words) {
    let _ = writeln!(out, "## {}\n", w.get(ReportWord::Accounts));
    if r.accounts.is_empty() {
        let _ = writeln!(out, "{}\n", w.get(ReportWord::NoAccounts));
        return;
    }
    let server_cols = [
        ReportWord::Protocol,
        ReportWord::Host,
        ReportWord::Port,
        ReportWord::Security,
        ReportWord::Authentication,
    ];
    let cols = |last: ReportWord| {
        let mut c = vec![w.get(ReportWord::Account), w.get(ReportWord::Address)];
        c.extend(server_cols.iter().map(|k| w.get(*k)));
        c.push(w.get(last));
        c
    };
    let unset = w.get(ReportWord::Unset);
    let addresses = |a: &AccountRow| {
        if a.addresses.is_empty() {
            unset.clone()
        } else {
            inline(&a.addresses.join(", "))
        }
    };
    let _ = writeln!(out, "### {}\n", w.get(ReportWord::Incoming));
    out.push_str(&header(&cols(ReportWord::LeaveOnServer)));
    for a in &r.accounts {
        let server = a
            .incoming
            .as_ref()
            .map(|s| server_cells(s, w))
            .unwrap_or_else(|| [unset.as_str(); 5].join(" | "));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            inline(&a.account),
            addresses(a),
            server,
            a.leave_on_server.as_deref().unwrap_or(&unset)
        );
    }
    let _ = writeln!(out, "\n### {}\n", w.get(ReportWord::Outgoing));
    out.push_str(&header(&cols(ReportWord::PopBeforeSmtp)));
    for a in &r.accounts {
        for s in &a.outgoing {
            let addr = s
                .address
                .as_deref()
                .map(inline)
                .unwrap_or_else(|| addresses(a));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                inline(&a.account),
                addr,
                server_cells(s, w),
                a.pop_before_smtp.as_deref().unwrap_or(&unset)
            );
        }
    }
    out.push('\n');
}

fn findings(out: &mut String, r: &Report, w: &Words) {
    let _ = writeln!(out, "## {}\n", w.get(ReportWord::Findings));
    if r.findings.is_empty() {
        let _ = writeln!(out, "{}\n", w.get(ReportWord::NoFindings));
        return;
    }
    for (i, f) in r.findings.iter().enumerate() {
        let _ = writeln!(
            out,
            "### {}. {} {} ({})\n",
            i + 1,
            f.code,
            f.name,
            severity(w, f)
        );
        let _ = writeln!(out, "{}\n", joined(&f.message, w));
        if let Some(l) = &f.location {
            let _ = writeln!(out, "- {}: `{}`", w.get(ReportWord::Where), inline(l));
        }
        if let Some(a) = &f.account {
            let _ = writeln!(out, "- {}: {}", w.get(ReportWord::Account), inline(a));
        }
        if !f.help.is_empty() {
            let _ = writeln!(out, "- {}: {}", w.get(ReportWord::Help), joined(&f.help, w));
        }
        for u in &f.faq {
            let _ = writeln!(out, "- {}: {}", w.get(ReportWord::Faq), inline(u));
        }
        out.push('\n');
    }
}
