//! Command-line interface: parse arguments, run, render, choose the exit code.

mod args;
mod explain;
mod support;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Parser;

pub use args::{CheckArgs, Cli, Command, OutputFormat};

use crate::catalogue::Catalogue;
use crate::check::{CheckOptions, check_plan};
use crate::diagnostics::Severity;
use crate::discover::Home;
use crate::i18n::Lang;
use crate::inputs::Plan;
use crate::policy::Policy;
use crate::report;
use crate::rules::Selection;

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Run the command line and return the exit code.
pub fn main_with_args(args: Vec<std::ffi::OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            match e.kind() {
                ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = e.print();
                    return EXIT_OK;
                }
                _ => {
                    eprintln!(
                        "maillint: {} (see 'maillint --help')",
                        one_line(&e.to_string())
                    );
                    return EXIT_USAGE;
                }
            }
        }
    };
    match cli.command {
        Some(Command::Check(args)) => check(args),
        Some(Command::Rules(args)) => explain::rules(&args),
        Some(Command::Explain(args)) => explain::explain(&args),
        Some(Command::Report(args)) => support::report(&args),
        Some(Command::Diagnose(args)) => support::diagnose(&args),
        None => check(cli.check),
    }
}

/// The first line of a clap error, without its "error: " prefix.
fn one_line(msg: &str) -> String {
    let first = msg.lines().find(|l| !l.trim().is_empty()).unwrap_or(msg);
    first.trim().trim_start_matches("error: ").to_string()
}

pub fn resolve_lang(lang: Option<Lang>) -> Lang {
    lang.unwrap_or_else(Lang::from_environment)
}

fn use_color(no_color: bool) -> bool {
    !no_color
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal()
}

fn usage_error(msg: impl std::fmt::Display) -> i32 {
    eprintln!("maillint: {msg}");
    EXIT_USAGE
}

fn check(args: CheckArgs) -> i32 {
    let lang = resolve_lang(args.lang);
    let catalogue = Catalogue::embedded();
    let policy = match Policy::load(args.policy.as_deref().unwrap_or("generic")) {
        Ok(p) => p,
        Err(e) => return usage_error(e),
    };
    let selection = match Selection::new(args.select.clone(), args.ignore.clone(), catalogue) {
        Ok(s) => s,
        Err(e) => return usage_error(e),
    };
    let opts = CheckOptions {
        policy,
        lang,
        selection,
        severities: BTreeMap::new(),
    };
    let plan = if args.paths.is_empty() {
        match Home::from_env() {
            Some(home) => Plan::discover(&home),
            None => {
                return usage_error(
                    "cannot find the home folder to look for mail clients in; name a path",
                );
            }
        }
    } else {
        Plan::from_paths(&args.paths)
    };
    let discovered = args.paths.is_empty();
    let output = check_plan(plan, &opts);
    if output.sources.is_empty() && !output.errors.is_empty() {
        for e in &output.errors {
            eprintln!("maillint: {e}");
        }
        return EXIT_USAGE;
    }

    let text = match args.format {
        OutputFormat::Human => report::human::render(
            &output.diagnostics,
            &output.sources,
            &report::human::HumanOptions {
                color: use_color(args.no_color),
                lang,
                width: terminal_width(),
            },
        ),
        OutputFormat::Json => {
            report::json::render(&output.documents, &output.diagnostics, &output.sources)
        }
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return usage_error(format!("cannot write the report: {e}"));
        }
    }
    if discovered && output.sources.is_empty() && args.format == OutputFormat::Human {
        eprintln!("{}", nothing_found_message(lang));
    }
    for e in &output.errors {
        eprintln!("maillint: {e}");
    }
    if !output.errors.is_empty() {
        return EXIT_USAGE;
    }
    let fail_on = args.fail_on.unwrap_or(Severity::Error);
    if output.diagnostics.iter().any(|d| d.severity >= fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn nothing_found_message(lang: Lang) -> String {
    let places = Home::from_env()
        .map(|h| {
            crate::discover::search(&h)
                .iter()
                .map(|s| s.path.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    match lang {
        Lang::En => format!(
            "maillint: no mail-client profiles found (looked in: {places}); name a path to check"
        ),
        Lang::Ja => format!(
            "maillint: メールソフトの設定が見つかりませんでした (確認した場所: {places})。チェックするパスを指定してください"
        ),
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}

/// Paths as given, for tests.
pub fn paths(v: &[&str]) -> Vec<PathBuf> {
    v.iter().map(PathBuf::from).collect()
}
