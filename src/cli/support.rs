//! `maillint report`, `maillint diagnose`, and `maillint explain` for error
//! codes and bounce texts: the command-line side of `crate::support`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::args::ExplainArgs;
use super::{EXIT_OK, EXIT_USAGE, resolve_lang, usage_error};
use crate::catalogue::Catalogue;
use crate::discover::Home;
use crate::i18n::Lang;
use crate::inputs::Plan;
use crate::pipeline::{CheckOptions, check_plan};
use crate::policy::Policy;
use crate::support::diagnose::{self, bounce};
use crate::support::knowledge::{Knowledge, render_entry};
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
        (Some(h), true) => Plan::discover(h),
        _ => Plan::from_paths(&args.paths),
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
        ..CheckOptions::default()
    };
    let output = check_plan(plan(), &opts);
    if output.sources.is_empty() && !output.errors.is_empty() && searched.is_empty() {
        for e in &output.errors {
            eprintln!("maillint: {e}");
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
    if let Err(e) = write_out(&text, args.output.as_ref()) {
        return usage_error(e);
    }
    for e in &output.errors {
        eprintln!("maillint: {e}");
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
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            return usage_error(format!(
                "cannot read {}: {}",
                args.file.display(),
                crate::inputs::io_reason(&e)
            ));
        }
    };
    let words = Words::diagnose(ReportLang::from_lang(lang.primary()));
    let path = args.file.display().to_string();
    let b = match bounce::read(&bytes) {
        Ok(b) => b,
        Err(bounce::BounceError::NotMail) => {
            return usage_error(words.fill(DiagnoseWord::NotMail, &[("path", path)]));
        }
        Err(bounce::BounceError::NotBounce) => {
            return usage_error(words.fill(DiagnoseWord::NotBounce, &[("path", path)]));
        }
    };
    let d = diagnose::diagnose(&b, &words);
    let text = match args.format {
        DiagnoseFormat::Text => diagnose::render_text(&d, lang, policy.as_ref()),
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

/// `explain` for what is not a rule: an error code or a bounce text. Nothing
/// matching is exit 2, with the closest entries named.
pub fn explain_knowledge(args: &ExplainArgs) -> i32 {
    let lang = resolve_lang(args.lang);
    let policy = match args.policy.as_deref().map(Policy::load) {
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => return usage_error(e),
        None => None,
    };
    let kb = Knowledge::embedded();
    let matches = kb.lookup(&args.query);
    let Some((best, rest)) = matches.split_first() else {
        let near: Vec<String> = kb
            .closest(&args.query, 5)
            .iter()
            .map(|e| format!("  {}: {}", e.id, e.title.get(lang)))
            .collect();
        let head = Ui::ExplainNothingMatches.fill(lang, &[("query", args.query.clone())]);
        eprintln!("{head}\n{}", near.join("\n"));
        return EXIT_USAGE;
    };
    let mut text = render_entry(best.entry, lang, Catalogue::embedded(), policy.as_ref());
    let others: Vec<&str> = rest
        .iter()
        .filter(|m| m.score * 2 >= best.score)
        .map(|m| m.entry.id.as_str())
        .collect();
    if !others.is_empty() {
        let also = Ui::ExplainAlsoMatches.get(lang);
        text.push_str(&format!("\n{also}: {}\n", others.join(", ")));
    }
    match write_out(&text, None) {
        Ok(()) => EXIT_OK,
        Err(e) => usage_error(e),
    }
}
