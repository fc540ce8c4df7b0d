//! `maillint report`: one self-contained document a customer attaches to an
//! e-mail for the support desk. This module gathers what the report says
//! (from the run's model and diagnostics, never from file formats); the
//! renderers in [`markdown`] and [`json`] only lay it out, and
//! [`finish`] applies the redaction ([`redact`]) that every report goes through.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub mod json;
pub mod markdown;
pub mod redact;

use self::redact::mask_addresses_in;
use super::words::{ReportLang, Words};
use crate::diagnostics::{Diagnostic, Severity};
use crate::discover::Searched;
use crate::i18n::Lang;
use crate::model::{Account, AuthMethod, Document, Server};
use crate::pipeline::RunOutput;
use crate::source::{Located, Origin, SourceMap};
use crate::tables::ReportWord;

/// What the report is made from besides the run itself.
pub struct ReportOptions {
    pub lang: ReportLang,
    pub policy: String,
    /// The places discovery looked (none when paths were named).
    pub searched: Vec<Searched>,
    /// The home folder, shown as `~` in paths (privacy, and reports that
    /// compare across machines).
    pub home: Option<PathBuf>,
    pub redact_addresses: bool,
    /// `--timestamp`: the UTC time to print; none keeps reports identical.
    pub timestamp: Option<String>,
}

/// The report, as the JSON output shows it (version 1).
#[derive(Serialize, Debug)]
pub struct Report {
    pub version: u32,
    pub environment: Environment,
    pub summary: Counts,
    pub sources: Vec<SourceEntry>,
    pub accounts: Vec<AccountRow>,
    pub findings: Vec<FindingEntry>,
    pub not_checked: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct Environment {
    pub maillint_version: &'static str,
    pub os: &'static str,
    pub arch: &'static str,
    pub lang: &'static str,
    pub policy: String,
    /// `--redact-addresses`: local parts are masked.
    pub addresses_masked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
}

#[derive(Serialize, Debug, Default)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files: usize,
    pub accounts: usize,
}

#[derive(Serialize, Debug)]
pub struct FileEntry {
    pub path: String,
    pub encoding: &'static str,
    /// The encoding was guessed from the bytes (no BOM, not UTF-8).
    pub encoding_guessed: bool,
}

/// One document: what one reader read (a profile of several files, or one file).
#[derive(Serialize, Debug)]
pub struct SourceEntry {
    pub client: &'static str,
    pub format: &'static str,
    pub files: Vec<FileEntry>,
    pub accounts: usize,
    pub problems: usize,
    pub skipped: Vec<crate::model::Skipped>,
}

#[derive(Serialize, Debug, Clone)]
pub struct ServerRow {
    pub protocol: String,
    pub host: Option<String>,
    pub port: i64,
    pub port_is_default: bool,
    /// The client's rule behind the port when the file does not state it
    /// as such ("not set: Thunderbird 91 and later use 587").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_basis: Option<crate::source::Basis>,
    pub security: String,
    pub authentication: String,
    /// The identity (address) that sends through this server.
    pub address: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct AccountRow {
    pub source: String,
    pub account: String,
    pub addresses: Vec<String>,
    pub incoming: Option<ServerRow>,
    pub outgoing: Vec<ServerRow>,
    pub leave_on_server: Option<String>,
    pub pop_before_smtp: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct FindingEntry {
    pub severity: Severity,
    pub code: &'static str,
    pub name: &'static str,
    pub location: Option<String>,
    pub account: Option<String>,
    /// The message by language code (`en`, `ja`).
    pub message: BTreeMap<&'static str, String>,
    pub help: BTreeMap<&'static str, String>,
    pub faq: Vec<String>,
}

/// Build the report from a run. `other` is the same run's diagnostics in
/// the second language (`--lang both`), in the same order.
pub fn build(
    output: &RunOutput,
    other: Option<&[Diagnostic]>,
    opts: &ReportOptions,
    words: &Words,
) -> Report {
    let paths = PathStyle {
        home: opts.home.as_deref(),
    };
    let primary = opts.lang.primary();
    let accounts = account_rows(&output.documents, &output.sources, &paths, words);
    debug_assert!(opts.redact_addresses || output.personal.is_empty());
    let mut findings: Vec<FindingEntry> = output
        .diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let second = other.and_then(|o| o.get(i)).filter(|o| o.code == d.code);
            finding(d, second, primary, &output.sources, &paths)
        })
        .collect();
    // Worst first; within a severity, the run's order (file, position).
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    if opts.redact_addresses {
        mask_user_names(&mut findings, &output.personal);
    }
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    let summary = Counts {
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
        files: output.sources.len(),
        accounts: accounts.len(),
    };
    Report {
        version: 1,
        environment: Environment {
            maillint_version: env!("CARGO_PKG_VERSION"),
            os: std::env::consts::OS,
            arch: std::env::consts::ARCH,
            lang: opts.lang.code(),
            policy: opts.policy.clone(),
            addresses_masked: opts.redact_addresses,
            generated: opts.timestamp.clone(),
        },
        summary,
        sources: source_entries(&output.documents, &output.sources, &paths),
        accounts,
        findings,
        not_checked: not_checked(output, opts, &paths, words),
    }
}

/// The last step of every report, whatever its format: known secret values
/// are replaced and, on request, every address's local part masked.
pub fn finish(
    text: &str,
    syntax: crate::secrets::Syntax,
    output: &RunOutput,
    redact_addresses: bool,
) -> String {
    let text = output.secrets.scrub(text, syntax);
    if !redact_addresses {
        return text;
    }
    mask_addresses_in(&text, &[])
}

/// The findings' texts are made from the masked model (see
/// [`redact::mask_document`]); a text a reader made from the file itself (a
/// parse problem quoting a line) may still hold a local part or a user name
/// without `@` ("taro"). Those can only be recognised where a finding quotes
/// them, so they are masked in the findings' own texts, not in the whole
/// report (a user name "info" must not mask the severity "info").
fn mask_user_names(findings: &mut [FindingEntry], names: &[String]) {
    for f in findings {
        for v in f.message.values_mut().chain(f.help.values_mut()) {
            *v = mask_addresses_in(v, names);
        }
        if let Some(a) = &mut f.account {
            *a = mask_addresses_in(a, names);
        }
    }
}

struct PathStyle<'a> {
    home: Option<&'a Path>,
}

impl PathStyle<'_> {
    /// A path with the home folder shown as `~`, with the system's own
    /// separators (`\` on Windows, as the customer sees it in Explorer).
    fn show(&self, p: &Path) -> String {
        match self.home.and_then(|h| p.strip_prefix(h).ok()) {
            Some(rel) => Path::new("~").join(rel).display().to_string(),
            None => p.display().to_string(),
        }
    }
}

fn source_entries(docs: &[Document], sources: &SourceMap, paths: &PathStyle) -> Vec<SourceEntry> {
    docs.iter()
        .map(|d| SourceEntry {
            client: d.client.label(),
            format: d.format.label(),
            files: d
                .sources
                .iter()
                .filter_map(|id| sources.get(*id))
                .map(|f| FileEntry {
                    path: paths.show(&f.path),
                    encoding: f.encoding.label(),
                    encoding_guessed: f.encoding_guessed,
                })
                .collect(),
            accounts: d.accounts.len(),
            problems: d.problems.len(),
            skipped: d.skipped.clone(),
        })
        .collect()
}

fn account_rows(
    docs: &[Document],
    sources: &SourceMap,
    paths: &PathStyle,
    words: &Words,
) -> Vec<AccountRow> {
    let mut rows = Vec::new();
    for d in docs {
        let source = d
            .sources
            .first()
            .and_then(|id| sources.get(*id))
            .map(|f| paths.show(&f.path))
            .unwrap_or_default();
        for a in &d.accounts {
            rows.push(account_row(a, &source, words));
        }
    }
    rows
}

fn account_row(a: &Account, source: &str, words: &Words) -> AccountRow {
    let addresses: Vec<String> = a
        .identities
        .iter()
        .filter_map(|i| i.address.as_ref().map(|v| v.value.to_string()))
        .collect();
    let yes_no = |b: bool| words.get(if b { ReportWord::Yes } else { ReportWord::No });
    let leave_on_server = a.options.leave_on_server.as_ref().map(|l| {
        let mut s = yes_no(l.value);
        let by_age = a.options.delete_by_age.as_ref().is_some_and(|b| b.value);
        if let (true, true, Some(days)) = (l.value, by_age, &a.options.delete_after_days) {
            let sep = if words.lang == ReportLang::Ja {
                "、"
            } else {
                ", "
            };
            s = format!(
                "{s}{sep}{}",
                words.fill(ReportWord::Days, &[("days", days.value.to_string())])
            );
        }
        s
    });
    let pop_before_smtp = match &a.options.pop_before_smtp {
        Some(p) => Some(yes_no(p.value)),
        None if a
            .outgoing
            .iter()
            .any(|s| s.auth.value == AuthMethod::PopBeforeSmtp) =>
        {
            Some(yes_no(true))
        }
        None => None,
    };
    AccountRow {
        source: source.to_string(),
        account: a.display_label(),
        addresses,
        incoming: a.incoming.as_ref().map(|s| server_row(s, None, words)),
        outgoing: a
            .outgoing
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let addr = a
                    .identity_for_outgoing(i)
                    .and_then(|id| id.address.as_ref())
                    .map(|v| v.value.to_string());
                server_row(s, addr, words)
            })
            .collect(),
        leave_on_server,
        pop_before_smtp,
    }
}

fn server_row(s: &Server, address: Option<String>, words: &Words) -> ServerRow {
    ServerRow {
        protocol: s.protocol.value.label().to_string(),
        host: s.host.as_ref().map(|h| h.value.to_string()),
        port: s.port.value,
        port_is_default: is_default(&s.port),
        port_basis: s.port.basis,
        security: words.value("security", &s.security.value, s.security.value.label()),
        authentication: words.value("auth", &s.auth.value, s.auth.value.label()),
        address,
    }
}

fn is_default<T>(v: &Located<T>) -> bool {
    v.origin == Origin::Default
}

fn finding(
    d: &Diagnostic,
    second: Option<&Diagnostic>,
    primary: Lang,
    sources: &SourceMap,
    paths: &PathStyle,
) -> FindingEntry {
    let location = sources.get(d.span.source).map(|f| {
        if let Some(place) = f.registry_place(d.span.start as usize) {
            return place.display();
        }
        let p = f.position(d.span.start as usize);
        format!("{}:{}:{}", paths.show(&f.path), p.line, p.column)
    });
    let mut message = BTreeMap::new();
    let mut help = BTreeMap::new();
    message.insert(primary.code(), d.message.clone());
    if let Some(h) = &d.help {
        help.insert(primary.code(), h.to_string());
    }
    if let Some(o) = second {
        let lang = if primary == Lang::En {
            Lang::Ja
        } else {
            Lang::En
        };
        message.insert(lang.code(), o.message.clone());
        if let Some(h) = &o.help {
            help.insert(lang.code(), h.to_string());
        }
    }
    FindingEntry {
        severity: d.severity,
        code: d.code,
        name: d.name,
        location,
        account: d.account.as_deref().map(str::to_owned),
        message,
        help,
        faq: d.faq.to_vec(),
    }
}

fn not_checked(
    output: &RunOutput,
    opts: &ReportOptions,
    paths: &PathStyle,
    words: &Words,
) -> Vec<String> {
    let mut out = vec![
        words.get(ReportWord::NotCheckedPasswords),
        if output.online.is_some() {
            words.get(ReportWord::NotCheckedOnline)
        } else {
            words.get(ReportWord::NotCheckedServers)
        },
        words.get(ReportWord::NotCheckedPrograms),
    ];
    for s in opts.searched.iter().filter(|s| !s.found) {
        out.push(words.fill(
            ReportWord::NotCheckedLooked,
            &[
                ("client", s.client.to_string()),
                ("path", paths.show(&s.path)),
            ],
        ));
    }
    let mut errors: Vec<String> = output.errors.clone();
    errors.sort();
    for e in errors {
        let e = match opts.home.as_deref() {
            Some(h) => e.replace(&h.display().to_string(), "~"),
            None => e,
        };
        out.push(words.fill(ReportWord::NotCheckedUnreadable, &[("error", e)]));
    }
    out
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ` (UTC), for `--timestamp`.
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    utc_from_unix(secs)
}

/// Civil date from Unix seconds (Howard Hinnant's days-to-civil algorithm).
pub fn utc_from_unix(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_from_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_from_unix(1_795_000_000), "2026-11-18T11:06:40Z");
    }
}
