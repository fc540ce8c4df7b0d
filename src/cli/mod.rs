//! Command-line interface: parse arguments, run, render, choose the exit code.

mod args;
mod discover;
mod explain;
mod fix;
mod online;
mod output;
mod settings;
mod support;

use std::io::IsTerminal;

use clap::Parser;

pub use args::{CheckArgs, Cli, Command, OutputFormat};

use crate::catalogue::Catalogue;
use crate::diagnostics::Severity;
use crate::discover::Home;
use crate::i18n::Lang;
use crate::inputs::Plan;
use crate::pipeline::RunOutput;
use crate::pipeline::{CheckOptions, check_plan};
use crate::report;

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
        Some(Command::Discover(args)) => discover::discover(&args),
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
        && console_takes_colors()
}

/// On Windows a console shows colours only once its virtual-terminal mode
/// is on (Windows 10 and later); an older console, or a redirected output,
/// gets none rather than escape codes. (Text itself needs nothing here:
/// Rust's standard output writes UTF-16 to a console with `WriteConsoleW`,
/// so Japanese shows whatever the code page, and UTF-8 bytes to a file or
/// pipe.)
fn console_takes_colors() -> bool {
    anstyle_query::windows::enable_ansi_colors().unwrap_or(true)
}

fn usage_error(msg: impl std::fmt::Display) -> i32 {
    eprintln!("maillint: {msg}");
    EXIT_USAGE
}

fn check(args: CheckArgs) -> i32 {
    let lang = resolve_lang(args.lang);
    let catalogue = Catalogue::embedded();
    let settings = match settings::resolve(&args, catalogue) {
        Ok(s) => s,
        Err(e) => return usage_error(e),
    };
    if args.show_settings {
        return match output::write_stdout(&settings::show(&settings)) {
            Ok(()) => EXIT_OK,
            Err(e) => usage_error(e),
        };
    }
    let opts = CheckOptions {
        policy: settings.policy.clone(),
        lang,
        selection: settings.selection.clone(),
        severities: settings.severities.clone(),
        per_file_ignores: settings.per_file_ignores.clone(),
        online: settings.online.clone(),
        online_answers: None,
    };
    let Some(plan) = plan_of(&args) else {
        return usage_error("cannot find the home folder to look for mail clients in; name a path");
    };
    let discovered = args.paths.is_empty();
    let mut output = check_plan(plan, &opts);
    if let Some(line) = output.online.as_ref().and_then(|o| o.no_network.as_ref()) {
        // One line for the whole run, not one finding per server.
        eprintln!(
            "{}",
            crate::tables::Ui::CheckOnlineNoNetwork.fill(lang, &[("detail", line.clone())])
        );
    }
    if output.sources.is_empty() && !output.errors.is_empty() {
        for e in &output.errors {
            eprintln!("maillint: {e}");
        }
        return EXIT_USAGE;
    }
    let mut fix_failed = false;
    if args.fix || args.diff || args.reg_patch.is_some() {
        // Change lines on standard output for people; machine formats keep
        // standard output to themselves.
        let human = *args.format == report::human::FORMAT && args.output.is_none();
        let mut say = |s: &str| {
            if human {
                let _ = output::write_stdout(s);
            } else {
                eprint!("{s}");
            }
        };
        let done = fix::run(&args, &output, lang, &mut say);
        if args.diff && !args.fix {
            // The diff is the output: 1 when something would change.
            return if done.failed {
                EXIT_USAGE
            } else if done.would_change {
                EXIT_FINDINGS
            } else {
                EXIT_OK
            };
        }
        fix_failed = done.failed;
        if done.written > 0 {
            // Lint again: report what remains.
            let Some(plan) = plan_of(&args) else {
                return EXIT_USAGE;
            };
            output = check_plan(plan, &opts);
        }
    }

    // Last guard: no secret value found in the inputs is written, whatever
    // a message or a model value quotes.
    let syntax = if [&report::json::FORMAT, &report::sarif::FORMAT].contains(&args.format) {
        crate::secrets::Syntax::Json
    } else if *args.format == report::junit::FORMAT {
        crate::secrets::Syntax::Xml
    } else {
        crate::secrets::Syntax::Text
    };
    let text = output
        .secrets
        .scrub(&render(&args, &settings, &output, lang), syntax);
    let written = match &args.output {
        Some(path) => output::write_file(path, &text),
        None => output::write_stdout(&text),
    };
    if let Err(e) = written {
        return usage_error(e);
    }
    if discovered && output.sources.is_empty() && *args.format == report::human::FORMAT {
        eprintln!("{}", nothing_found_message(lang));
    }
    for e in &output.errors {
        eprintln!("maillint: {e}");
    }
    if !output.errors.is_empty() || fix_failed {
        return EXIT_USAGE;
    }
    exit_code(&output, &settings)
}

/// What `check` reads: the named paths, else the profiles discovered.
fn plan_of(args: &CheckArgs) -> Option<Plan> {
    if args.paths.is_empty() {
        Home::from_env().map(|home| Plan::discover(&home))
    } else {
        Some(Plan::from_paths(&args.paths))
    }
}

/// 1 when a finding reaches `fail-on` or the warnings exceed
/// `--max-warnings`, unless `--exit-zero`.
fn exit_code(output: &RunOutput, settings: &settings::Settings) -> i32 {
    if settings.exit_zero {
        return EXIT_OK;
    }
    let failing = output
        .diagnostics
        .iter()
        .any(|d| d.severity >= settings.fail_on);
    let warnings = output
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let too_many = settings.max_warnings.is_some_and(|max| warnings > max);
    if failing || too_many {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn render(
    args: &CheckArgs,
    settings: &settings::Settings,
    output: &RunOutput,
    lang: Lang,
) -> String {
    args.format.render(&report::RenderContext {
        documents: &output.documents,
        diagnostics: &output.diagnostics,
        sources: &output.sources,
        catalogue: Catalogue::embedded(),
        selection: &settings.selection,
        fail_on: settings.fail_on,
        lang,
        color: args.output.is_none() && use_color(args.no_color),
        width: terminal_width(),
        docs_base_url: settings.docs_base_url.as_deref(),
        online: output.online.as_ref(),
        verbose: args.online.verbose,
    })
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
    crate::tables::Ui::CheckNothingFound.fill(lang, &[("places", places)])
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}
