//! `maillint report`, `maillint diagnose`, and `maillint explain` for error
//! codes and bounce texts: the command-line side of `crate::support`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::args::{ExplainArgs, OutputFormat};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, resolve_lang, usage_error};
use crate::catalogue::Catalogue;
use crate::discover::Home;
use crate::i18n::Lang;
use crate::inputs::Plan;
use crate::pipeline::{CheckOptions, check_plan};
use crate::policy::Policy;
use crate::support::diagnose::{self, bounce};
use crate::support::knowledge::{Knowledge, policy_pages, render_entry};
use crate::support::report::{self, ReportOptions};
use crate::support::words::{ReportLang, Words};
use crate::tables::{DiagnoseWord, Ui};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown text, readable in an e-mail.
    Markdown,
    /// JSON, for the support desk's tools.
    Json,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Files or folders to read. With none, find the profiles on this machine.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Provider policy: a shipped one (generic, koara, i-do) or a policy file.
    #[arg(long, value_name = "NAME|FILE")]
    pub policy: Option<String>,
    /// Language (default: from LC_ALL / LANG); `both` for both languages.
    #[arg(long, value_enum)]
    pub lang: Option<ReportLang>,
    /// Also mask the part left of "@" of every address (x/X/9 per character;
    /// dots, symbols and full-width characters stay recognisable).
    #[arg(long)]
    pub redact_addresses: bool,
    /// Print the time the report was made (otherwise reports of the same
    /// settings are identical byte for byte).
    #[arg(long)]
    pub timestamp: bool,
    /// A file larger than SIZE (bytes, or with K, M, G: 64M) is a finding and is not read.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = super::args::parse_size)]
    pub max_file_size: u64,
    /// Read and check files on N threads (default: one per core; 1: one
    /// after the other). The report is the same whatever N.
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub threads: usize,
    #[command(flatten)]
    pub online: super::online::OnlineArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagnoseFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct DiagnoseArgs {
    /// The bounce, saved as an .eml file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagnoseFormat::Text)]
    pub format: DiagnoseFormat,
    /// Language (default: from LC_ALL / LANG); `both` for both languages.
    #[arg(long, value_enum)]
    pub lang: Option<ReportLang>,
    /// Show this policy's FAQ pages with the explanation.
    #[arg(long, value_name = "NAME|FILE")]
    pub policy: Option<String>,
    /// A file larger than SIZE (bytes, or with K, M, G: 64M) is not read.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = super::args::parse_size)]
    pub max_file_size: u64,
}

fn report_lang(l: Option<ReportLang>) -> ReportLang {
    l.unwrap_or_else(|| ReportLang::from_lang(resolve_lang(None)))
}

fn write_out(text: &str, to: Option<&PathBuf>) -> Result<(), String> {
    match to {
        Some(path) => super::output::write_file(path, text),
        None => super::output::write_stdout(text),
    }
}

pub fn report(args: &ReportArgs) -> i32 {
    let lang = report_lang(args.lang);
    let policy_name = args.policy.clone().unwrap_or_else(|| "generic".into());
    let policy = match Policy::load(&policy_name) {
        Ok(p) => p,
        Err(e) => return usage_error(e),
    };
    let home = Home::from_env();
    let discover = args.paths.is_empty();
    if discover && home.is_none() {
        return usage_error("cannot find the home folder to look for mail clients in; name a path");
    }
    // Planned again for `--lang both`, so it is a function of the arguments.
    let plan = || match (&home, discover) {
        (Some(h), true) => Plan::discover_on(h, args.threads),
        _ => Plan::from_paths_on(&args.paths, args.threads),
    };
    let searched = match (&home, discover) {
        (Some(h), true) => crate::discover::search(h),
        _ => Vec::new(),
    };
    let online = match super::online::options(&args.online, None, None) {
        Ok(o) => o,
        Err(e) => return usage_error(e),
    };
    // Every rule: the desk wants the whole picture.
    let opts = CheckOptions {
        policy,
        lang: lang.primary(),
        online,
        max_file_size: args.max_file_size,
        threads: args.threads,
        mask_addresses: args.redact_addresses,
        ..CheckOptions::default()
    };
    let output = check_plan(plan(), &opts);
    if output.sources.is_empty() && !output.errors.is_empty() && searched.is_empty() {
        for e in &output.errors {
            eprintln!("maillint: {}", crate::escape::controls(&e.to_string()));
        }
        return EXIT_USAGE;
    }
    // `--lang both`: the same run again in Japanese. A run's order is
    // deterministic, so its findings pair up with the first run's.
    let other = (lang == ReportLang::Both).then(|| {
        let ja = CheckOptions {
            policy: opts.policy.clone(),
            lang: Lang::Ja,
            // The servers' answers of the first run: asked once.
            online_answers: output.online.clone(),
            max_file_size: args.max_file_size,
            threads: args.threads,
            mask_addresses: args.redact_addresses,
            ..CheckOptions::default()
        };
        check_plan(plan(), &ja).diagnostics
    });
    let ropts = ReportOptions {
        lang,
        policy: opts.policy.name.clone(),
        searched,
        home: home.map(|h| h.home),
        redact_addresses: args.redact_addresses,
        timestamp: args.timestamp.then(report::utc_now),
    };
    let words = Words::new(lang);
    let r = report::build(&output, other.as_deref(), &ropts, &words);
    let text = match args.format {
        ReportFormat::Markdown => {
            let mut text = report::markdown::render(&r, &words);
            if let Some(online) = &output.online {
                // The section goes before "What was not checked".
                let section =
                    crate::report::online::text(online, &words, args.online.verbose, true);
                let at = text
                    .find(&format!(
                        "## {}",
                        words.get(crate::tables::ReportWord::NotChecked)
                    ))
                    .unwrap_or(text.len());
                text.insert_str(at, &section);
            }
            text
        }
        ReportFormat::Json => match &output.online {
            None => report::json::render(&r),
            Some(online) => {
                let text = report::json::render(&r);
                let mut v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
                if let Some(m) = v.as_object_mut() {
                    m.insert(
                        "online".into(),
                        crate::report::online::json(online, args.online.verbose),
                    );
                }
                let mut t = serde_json::to_string_pretty(&v).unwrap_or_default();
                t.push('\n');
                t
            }
        },
    };
    let syntax = match args.format {
        ReportFormat::Json => crate::secrets::Syntax::Json,
        ReportFormat::Markdown => crate::secrets::Syntax::Text,
    };
    let text = report::finish(&text, syntax, &output, args.redact_addresses);
    // Values read from the files are quoted: none of their control
    // characters reaches the terminal (JSON escapes them by its own rules).
    let text = match args.format {
        ReportFormat::Json => text,
        ReportFormat::Markdown => crate::escape::controls_keep_lines(&text).into_owned(),
    };
    if let Err(e) = write_out(&text, args.output.as_ref()) {
        return usage_error(e);
    }
    for e in &output.errors {
        eprintln!("maillint: {}", crate::escape::controls(&e.to_string()));
    }
    if output.errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_USAGE
    }
}

pub fn diagnose(args: &DiagnoseArgs) -> i32 {
    let lang = report_lang(args.lang);
    let policy = match args.policy.as_deref().map(Policy::load) {
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => return usage_error(e),
        None => None,
    };
    // Only a regular file, and only up to the limit: a FIFO or a device
    // named here is one clear line, never waited for or read without end.
    let bytes = match crate::source::read::read_bounded(&args.file, args.max_file_size) {
        Ok(b) => b,
        Err(e) => {
            let errors = crate::i18n::messages_lang();
            let reason = match e {
                crate::source::read::ReadError::TooLarge(size) => Ui::IoTooLarge.fill(
                    errors,
                    &[
                        ("size", size.to_string()),
                        ("max", args.max_file_size.to_string()),
                    ],
                ),
                crate::source::read::ReadError::NotRegular(kind) => {
                    return usage_error(Ui::IoNotRegular.fill(
                        errors,
                        &[
                            ("path", args.file.display().to_string()),
                            ("kind", crate::inputs::kind_word(kind, errors)),
                        ],
                    ));
                }
                e => e.to_string(),
            };
            return usage_error(Ui::IoCannotRead.fill(
                errors,
                &[
                    ("path", args.file.display().to_string()),
                    ("reason", reason),
                ],
            ));
        }
    };
    let words = Words::diagnose(ReportLang::from_lang(lang.primary()));
    let path = args.file.display().to_string();
    let b = match bounce::read(&bytes) {
        Ok(b) => b,
        // Not mail, or mail that reports no delivery: a finding (exit 1),
        // said plainly on standard output, as `check` says of a file it
        // cannot read as settings.
        Err(e) => {
            let (kind, word) = match e {
                bounce::BounceError::NotMail => ("not-mail", DiagnoseWord::NotMail),
                bounce::BounceError::NotBounce => ("not-bounce", DiagnoseWord::NotBounce),
            };
            let message = words.fill(word, &[("path", path)]);
            let text = match args.format {
                DiagnoseFormat::Text => {
                    format!("{}\n", crate::escape::controls(&message))
                }
                DiagnoseFormat::Json => super::explain::json_text(&serde_json::json!({
                    "version": 2,
                    "kind": kind,
                    "message": message,
                    "recipients": [],
                })),
            };
            return match write_out(&text, None) {
                Ok(()) => EXIT_FINDINGS,
                Err(e) => usage_error(e),
            };
        }
    };
    let d = diagnose::diagnose(&b, &words);
    let text = match args.format {
        // The bounce's own words are quoted: no control character of
        // theirs reaches the terminal.
        DiagnoseFormat::Text => {
            crate::escape::controls_keep_lines(&diagnose::render_text(&d, lang, policy.as_ref()))
                .into_owned()
        }
        DiagnoseFormat::Json => {
            let mut s = serde_json::to_string_pretty(&d).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    match write_out(&text, None) {
        Ok(()) => EXIT_OK,
        Err(e) => usage_error(e),
    }
}

/// `explain` for what is not a rule: an error code, a bounce text, or what
/// a customer says happened. Nothing matching is exit 2, with suggestions of
/// the query's own kind.
pub fn explain_knowledge(args: &ExplainArgs) -> i32 {
    let lang = resolve_lang(args.lang);
    let query = super::explain::query(args);
    let policy = match args.policy.as_deref().map(Policy::load) {
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => return usage_error(e),
        None => None,
    };
    let kb = Knowledge::embedded();
    let matches = kb.lookup(&query);
    let Some((best, rest)) = matches.split_first() else {
        eprint!(
            "{}",
            crate::escape::controls_keep_lines(&nothing_matches(&query, kb, lang))
        );
        return EXIT_USAGE;
    };
    let others: Vec<&str> = rest
        .iter()
        .filter(|m| m.score * 2 >= best.score)
        .map(|m| m.entry.id.as_str())
        .collect();
    let entry = best.entry;
    let text = match args.format {
        OutputFormat::Json => {
            let t = |v: &[crate::i18n::Text]| -> Vec<String> {
                v.iter().map(|t| t.get(lang).to_string()).collect()
            };
            super::explain::json_text(&serde_json::json!({
                "kind": "knowledge",
                "id": entry.id,
                "title": entry.title.get(lang),
                "uncertain": entry.uncertain,
                "meaning": entry.meaning.get(lang).trim_end(),
                "causes": t(&entry.causes),
                "checks": t(&entry.checks),
                "rules": entry.rules,
                "faq": policy.as_ref().map(|p| policy_pages(entry, p)).unwrap_or_default(),
                "policy": policy.as_ref().map(|p| p.name.clone()),
                "references": entry.references,
                "also_matches": others,
            }))
        }
        OutputFormat::Human => {
            let mut text = render_entry(entry, lang, Catalogue::embedded(), policy.as_ref());
            if !others.is_empty() {
                let also = Ui::ExplainAlsoMatches.get(lang);
                text.push_str(&format!("\n{also}: {}\n", others.join(", ")));
            }
            text
        }
    };
    super::explain::write(&text)
}

/// What a query looks like decides what is suggested: codes for a rule code,
/// rule names and entry ids for a name, error codes for an error code,
/// entries for words.
#[derive(Debug, PartialEq)]
enum QueryKind {
    RuleCode,
    Name,
    ErrorCode,
    Words,
}

fn query_kind(q: &str) -> QueryKind {
    let q = q.trim();
    let rest = q
        .get(..2)
        .filter(|p| p.eq_ignore_ascii_case("ML"))
        .map(|_| &q[2..]);
    if rest.is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit())) {
        return QueryKind::RuleCode;
    }
    if q.is_empty() || q.contains(char::is_whitespace) {
        return QueryKind::Words;
    }
    if q.bytes().any(|b| b.is_ascii_digit())
        && q.bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b'.' || b == b'x' || b == b'X')
    {
        return QueryKind::ErrorCode;
    }
    if q.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return QueryKind::Name;
    }
    QueryKind::Words
}

/// The lines printed when nothing matches.
fn nothing_matches(query: &str, kb: &Knowledge, lang: Lang) -> String {
    let catalogue = Catalogue::embedded();
    let q = crate::support::knowledge::normalize(query);
    let mut out = String::new();
    let (head, near): (Ui, Vec<String>) = match query_kind(query) {
        QueryKind::RuleCode => (
            Ui::ExplainNoSuchRule,
            crate::suggest::ranked(&q, catalogue.rules.iter().map(|r| r.code))
                .into_iter()
                .filter_map(|c| catalogue.find(c))
                .map(|r| format!("{} {}: {}", r.code, r.name, r.summary.get(lang)))
                .collect(),
        ),
        QueryKind::Name => {
            let names = catalogue
                .rules
                .iter()
                .map(|r| r.name)
                .chain(kb.entries.iter().map(|e| e.id.as_str()));
            (
                Ui::ExplainNothingMatches,
                crate::suggest::ranked(&q, names)
                    .into_iter()
                    .map(|n| match catalogue.find(n) {
                        Some(r) => format!("{} {}: {}", r.name, r.code, r.summary.get(lang)),
                        None => entry_line(kb, n, lang),
                    })
                    .collect(),
            )
        }
        QueryKind::ErrorCode => {
            let codes = kb
                .entries
                .iter()
                .flat_map(|e| std::iter::once(&e.id).chain(&e.codes))
                .map(String::as_str);
            let mut ids: Vec<String> = Vec::new();
            for c in crate::suggest::ranked(&q, codes) {
                if let Some(e) = kb.entries.iter().find(|e| {
                    e.id.eq_ignore_ascii_case(c)
                        || e.codes.iter().any(|k| k.eq_ignore_ascii_case(c))
                }) {
                    if !ids.contains(&e.id) {
                        ids.push(e.id.clone());
                    }
                }
            }
            (
                Ui::ExplainNothingMatches,
                ids.iter().map(|id| entry_line(kb, id, lang)).collect(),
            )
        }
        QueryKind::Words => (
            Ui::ExplainNothingMatches,
            kb.closest(query, 5)
                .iter()
                .map(|e| format!("{}: {}", e.id, e.title.get(lang)))
                .collect(),
        ),
    };
    out.push_str(&head.fill(lang, &[("query", query.to_string())]));
    out.push('\n');
    if !near.is_empty() {
        out.push_str(Ui::ExplainDidYouMean.get(lang));
        out.push('\n');
        for n in near.iter().take(5) {
            out.push_str(&format!("  {n}\n"));
        }
    }
    out.push_str(Ui::ExplainSeeTree.get(lang));
    out.push('\n');
    out
}

fn entry_line(kb: &Knowledge, id: &str, lang: Lang) -> String {
    kb.entries
        .iter()
        .find(|e| e.id == id)
        .map(|e| format!("{}: {}", e.id, e.title.get(lang)))
        .unwrap_or_else(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_sorted_by_kind() {
        assert_eq!(query_kind("ML999"), QueryKind::RuleCode);
        assert_eq!(query_kind("ml30"), QueryKind::RuleCode);
        assert_eq!(query_kind("spa-enabld"), QueryKind::Name);
        assert_eq!(query_kind("0x800CCC1B"), QueryKind::ErrorCode);
        assert_eq!(query_kind("5.1.9"), QueryKind::ErrorCode);
        assert_eq!(query_kind("not delivered"), QueryKind::Words);
        assert_eq!(query_kind("届かない"), QueryKind::Words);
    }
}
