//! Command-line interface: parse arguments, run, render, choose the exit code.

mod args;
mod clap_ja;
mod discover;
mod explain;
mod fix;
mod help_ja;
mod input;
mod manual;
mod online;
mod output;
mod settings;
mod support;
mod tree;

use std::io::IsTerminal;

pub use args::{CheckArgs, Cli, ColorWhen, Command, OutputFormat};

use crate::catalogue::Catalogue;
use crate::diagnostics::Severity;
use crate::discover::Home;
use crate::i18n::{Lang, messages_lang};
use crate::inputs::Plan;
use crate::pipeline::RunOutput;
use crate::pipeline::{CheckOptions, check_plan};
use crate::report;
use crate::tables::Ui;

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Run the command line and return the exit code.
pub fn main_with_args(args: Vec<std::ffi::OsString>) -> i32 {
    // The language of errors met before or outside the run's messages.
    crate::i18n::set_messages_lang(clap_ja::lang_of(&args));
    let cli = match parse_args(&args) {
        Ok(cli) => cli,
        // clap's own message: the missing argument's name, the allowed
        // values, "a similar argument exists", and the usage line. Help and
        // version go to standard output (exit 0), errors to standard error.
        Err(e) => {
            let ja = crate::i18n::messages_lang() == Lang::Ja;
            // Under Japanese, the same error met again by the command with
            // its texts in Japanese (built only now: other runs never pay
            // for it), so that the help asked for, and an error's usage
            // line, are Japanese.
            let e = if ja { help_ja::again(e, &args) } else { e };
            if is_help(&e) {
                let _ = e.print();
                return EXIT_OK;
            }
            // Under Japanese, the same facts in our own Japanese text.
            match clap_ja::render(&e).filter(|_| ja) {
                Some(text) => eprint!("{text}"),
                None => {
                    let _ = e.print();
                }
            }
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    match cli.command {
        Some(Command::Check(args)) => check(*args),
        Some(Command::Rules(args)) => explain::rules(&args),
        Some(Command::Explain(args)) => explain::explain(&args),
        Some(Command::Discover(args)) => discover::discover(&args),
        Some(Command::Report(args)) => support::report(&args),
        Some(Command::Diagnose(args)) => support::diagnose(&args),
        Some(Command::Completions(args)) => manual::completions(args.shell),
        Some(Command::Man) => manual::man(),
        None => match mistyped_command(&cli.check.paths) {
            Some(msg) => usage_error(msg),
            None => check(cli.check),
        },
    }
}

/// Whether clap's "error" is the help asked for (`-h`, `--help`, `help`).
fn is_help(e: &clap::Error) -> bool {
    matches!(
        e.kind(),
        clap::error::ErrorKind::DisplayHelp
            | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    )
}

/// What `Cli::try_parse_from` does, without freeing clap's parser after it:
/// the process ends soon after, and dropping the parser's hundred arguments
/// cost about 50,000 instructions, 3 % of checking one small file (issue 15).
fn parse_args(args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let mut cmd = Cli::command();
    let parsed = cmd.try_get_matches_from_mut(args).and_then(|mut matches| {
        Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut Cli::command()))
    });
    std::mem::forget(cmd);
    parsed
}

/// `maillint explian ML301`: the first word is read as a path. When it is
/// no existing path and is close to a subcommand's name, say so rather
/// than "cannot read explian".
fn mistyped_command(paths: &[std::path::PathBuf]) -> Option<String> {
    let first = paths.first()?;
    let word = first.to_str()?;
    if first.exists() || word.contains(['/', '\\', '.']) {
        return None;
    }
    let mut cmd = <Cli as clap::CommandFactory>::command();
    // Built, so that the `help` subcommand clap adds is among the names
    // (`maillint --lang ja help`).
    cmd.build();
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let lang = crate::i18n::messages_lang();
    if names.iter().any(|n| n == word) {
        // `maillint --lang ja diagnose`: options before the command belong
        // to `check`, which then reads the command's name as a path.
        return Some(
            crate::tables::Ui::CliCommandAfterOptions.fill(lang, &[("word", word.to_string())]),
        );
    }
    let near = crate::suggest::closest(word, names.iter().map(String::as_str))?;
    Some(crate::tables::Ui::CliUnknownCommand.fill(
        lang,
        &[("word", word.to_string()), ("near", near.to_string())],
    ))
}

pub fn resolve_lang(lang: Option<Lang>) -> Lang {
    lang.unwrap_or_else(Lang::from_environment)
}

/// `--color`, then `NO_COLOR` (no colour when set and not empty), then
/// `FORCE_COLOR` (colour when set, not empty and not `0`), then whether
/// standard output is a terminal (<https://no-color.org>,
/// <https://force-color.org>).
fn use_color(when: ColorWhen, to_file: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto if set("NO_COLOR") => false,
        ColorWhen::Auto if set("FORCE_COLOR") => {
            std::env::var_os("FORCE_COLOR").is_none_or(|v| v != "0")
        }
        ColorWhen::Auto => !to_file && std::io::stdout().is_terminal() && console_takes_colors(),
    }
}

/// On Windows a console shows colours only once its virtual-terminal mode
/// is on (Windows 10 and later); an older console gets none rather than
/// escape codes. (Text itself needs nothing here: Rust's standard output
/// writes UTF-16 to a console with `WriteConsoleW`, so Japanese shows
/// whatever the code page, and UTF-8 bytes to a file or pipe.)
fn console_takes_colors() -> bool {
    anstyle_query::windows::enable_ansi_colors().unwrap_or(true)
}

fn usage_error(msg: impl std::fmt::Display) -> i32 {
    // A path or a value in the message is shown with its control
    // characters escaped, as in every output.
    eprintln!("maillint: {}", crate::escape::controls(&msg.to_string()));
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
        // Values from a configuration file anyone may have committed.
        let shown = settings::show(&settings, lang);
        return match output::write_stdout(&crate::escape::controls_keep_lines(&shown)) {
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
        docs_base_url: settings.docs_base_url.clone(),
        online: settings.online.clone(),
        online_answers: None,
        max_file_size: args.max_file_size,
        threads: args.threads,
        mask_addresses: false,
    };
    let plan = match plan_of(&args) {
        Ok(plan) => plan,
        Err(e) => return usage_error(e),
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
    if !args.quiet {
        for note in folder_notes(&output, lang) {
            eprintln!("{}", crate::escape::controls(&note));
        }
        for note in encoding_notes(&output, lang) {
            eprintln!("{note}");
        }
    }
    if output.sources.is_empty() {
        // Nothing was checked: not "no problems" (exit 2, one line).
        for e in &output.errors {
            eprintln!("maillint: {}", crate::escape::controls(e));
        }
        if output.errors.is_empty() {
            eprint!(
                "{}",
                crate::escape::controls_keep_lines(&nothing_to_check(&args, discovered, lang))
            );
        }
        return EXIT_USAGE;
    }
    if let Some(lowest) = args.severity {
        output.diagnostics.retain(|d| d.severity >= lowest);
    }
    let mut fix_failed = false;
    if args.fix || args.diff || args.reg_patch.is_some() {
        // Change lines on standard output for people; machine formats keep
        // standard output to themselves.
        let human = *args.format == report::human::FORMAT && args.output.is_none();
        let mut say = |s: &str| {
            // A diff quotes the files' lines: their control characters are
            // shown escaped.
            let s = &*crate::escape::controls_keep_lines(s);
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
            let Ok(plan) = plan_of(&args) else {
                return EXIT_USAGE;
            };
            output = check_plan(plan, &opts);
        }
    }

    // Last guard: no secret value found in the inputs is written, whatever
    // a message or a model value quotes.
    // Part by part as the report is made, on the threads (`report::sink`).
    let guard = report::sink::Guard::new(&output.secrets, report::secret_syntax(args.format));
    let written = output::write_report(args.output.as_deref(), guard, |sink| {
        if args.statistics {
            let text = statistics(&output, *args.format == report::json::FORMAT);
            sink.part(text.into_bytes())
        } else {
            render(&args, &settings, &output, lang, sink)
        }
    });
    if let Err(e) = written {
        return usage_error(e);
    }
    for e in &output.errors {
        eprintln!("maillint: {}", crate::escape::controls(e));
    }
    let code = if !output.errors.is_empty() || fix_failed {
        EXIT_USAGE
    } else {
        exit_code(&output, &settings)
    };
    // The process ends with this run: freeing its model, sources and
    // findings one by one (a run of 1,000 files: 7 M instructions, on the
    // one thread) is work the exit does at once.
    std::mem::forget(output);
    code
}

/// The folders a walk did not enter (unreadable, a link loop), one line
/// each for standard error, whatever the format (JSON also lists them in
/// `notes`, and `report` in its list of sources).
fn folder_notes(output: &RunOutput, lang: Lang) -> Vec<String> {
    output
        .documents
        .iter()
        .filter(|d| d.sources.is_empty())
        .flat_map(|d| &d.skipped)
        .map(|s| {
            crate::tables::Ui::CheckFolderNote.fill(
                lang,
                &[("folder", s.what(lang)), ("reason", s.reason(lang))],
            )
        })
        .collect()
}

/// The files read in an encoding guessed from their bytes (Shift_JIS,
/// EUC-JP, ISO-2022-JP, UTF-16 without a BOM), one line each for standard
/// error, whatever the format (JSON says `encoding` and `encoding_guessed`
/// per file, SARIF `artifact.encoding`).
fn encoding_notes(output: &RunOutput, lang: Lang) -> Vec<String> {
    output
        .sources
        .iter()
        .filter(|f| f.encoding_guessed && !f.is_binary)
        .map(|f| {
            crate::tables::Ui::CheckEncodingNote.fill(
                lang,
                &[
                    ("path", f.display_path()),
                    ("encoding", f.encoding.display_name().to_string()),
                ],
            )
        })
        .collect()
}

/// `--statistics`: one line per rule, most findings first (ruff's
/// `--statistics`), or a JSON array with `--format json`.
fn statistics(output: &RunOutput, json: bool) -> String {
    let mut counts: Vec<(usize, &crate::diagnostics::Diagnostic)> = Vec::new();
    for d in &output.diagnostics {
        match counts.iter_mut().find(|(_, first)| first.code == d.code) {
            Some((n, _)) => *n += 1,
            None => counts.push((1, d)),
        }
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.code.cmp(b.1.code)));
    if json {
        let list: Vec<serde_json::Value> = counts
            .iter()
            .map(|(n, d)| {
                serde_json::json!({
                    "code": d.code,
                    "name": d.name,
                    "severity": d.severity,
                    "count": n,
                })
            })
            .collect();
        return explain::json_text(&list);
    }
    let width = counts
        .iter()
        .map(|(n, _)| n.to_string().len())
        .max()
        .unwrap_or(1);
    let name_w = counts.iter().map(|(_, d)| d.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (n, d) in counts {
        out.push_str(&format!(
            "{n:>width$}  {}  {:<name_w$}  {}\n",
            d.code,
            d.name,
            d.severity.label()
        ));
    }
    out
}

/// What `check` reads: standard input (`-`), the named paths, else the
/// profiles discovered.
fn plan_of(args: &CheckArgs) -> Result<Plan, String> {
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin {
        if args.paths.len() > 1 {
            return Err(Ui::CliStdinWithPaths.get(messages_lang()).into());
        }
        if args.fix || args.diff || args.reg_patch.is_some() {
            return Err(Ui::CliStdinNoFix.get(messages_lang()).into());
        }
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| std::path::PathBuf::from("-"));
        return input::read_stdin().map(|bytes| Plan::from_stdin(&name, bytes));
    }
    if args.stdin_filename.is_some() {
        return Err(Ui::CliStdinFilenameAlone.get(messages_lang()).into());
    }
    if args.paths.is_empty() {
        Home::from_env()
            .map(|home| Plan::discover_on(&home, args.threads))
            .ok_or_else(|| {
                "cannot find the home folder to look for mail clients in; name a path".into()
            })
    } else {
        Ok(Plan::from_paths_on(&args.paths, args.threads))
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
    sink: &mut report::sink::Sink,
) -> std::io::Result<()> {
    let cx = report::RenderContext {
        documents: &output.documents,
        diagnostics: &output.diagnostics,
        sources: &output.sources,
        catalogue: Catalogue::embedded(),
        selection: &settings.selection,
        fail_on: settings.fail_on,
        lang,
        color: use_color(
            if args.no_color {
                ColorWhen::Never
            } else {
                args.color
            },
            args.output.is_some(),
        ),
        width: terminal_width(),
        quiet: args.quiet,
        docs_base_url: settings.docs_base_url.as_deref(),
        online: output.online.as_ref(),
        verbose: args.online.verbose,
        threads: args.threads,
    };
    args.format.write(&cx, sink)
}

/// The line (and with `--verbose` the list) printed when nothing was found
/// to check. Discovery names the first places it looked and how many more;
/// `--verbose` or `maillint discover` lists them all.
fn nothing_to_check(args: &CheckArgs, discovered: bool, lang: Lang) -> String {
    use crate::tables::Ui;
    if !discovered {
        let paths = args
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return Ui::CheckNothingInPaths.fill(lang, &[("paths", paths)]) + "\n";
    }
    let searched = Home::from_env()
        .map(|h| crate::discover::search(&h))
        .unwrap_or_default();
    let mut clients: Vec<&str> = Vec::new();
    for s in &searched {
        if !clients.contains(&s.client) {
            clients.push(s.client);
        }
    }
    let sep = if lang == Lang::Ja { "、" } else { ", " };
    let mut out = Ui::CheckNothingFound.fill(
        lang,
        &[
            ("clients", clients.join(sep)),
            ("n", searched.len().to_string()),
        ],
    );
    out.push('\n');
    if args.online.verbose {
        let width = clients.iter().map(|c| c.chars().count()).max().unwrap_or(0);
        for s in &searched {
            out.push_str(&format!("  {:<width$}  {}\n", s.client, s.path.display()));
        }
    }
    out
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}
