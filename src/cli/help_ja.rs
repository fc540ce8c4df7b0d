//! clap's help in Japanese. clap writes its help in English only; under `ja`
//! (`--lang ja` among the arguments, else the locale) `-h`, `--help` and
//! `help COMMAND` are rendered by clap from a copy of the command whose
//! texts are put into Japanese here, through clap's own API:
//!
//! - every command's about, every argument's help and long help, and each
//!   possible value's help come from `rules/help.toml`, keyed by the command
//!   name and the clap argument id (`tests` checks the table against the real
//!   command both ways: every argument has its text, no text is for an
//!   argument that does not exist, and each English text is clap's own);
//! - the headings ("Usage", "Commands", "Arguments", "Options"), the usage's
//!   `[OPTIONS]` and `<COMMAND>`, "[default: …]" and "[possible values: …]"
//!   are `rules/ui.toml`'s `[help]` words: a help template, custom headings,
//!   the subcommand value name, an overridden usage, and the values written
//!   into the help text (clap's own are hidden) — clap has no other way to
//!   say them in another language;
//! - Japanese has no spaces between words, so clap (which wraps at spaces,
//!   and only with its `wrap_help` feature, which maillint leaves off so
//!   that the English help stays as it is) cannot wrap it. Each text is
//!   wrapped here to [`WIDTH`] columns where Japanese may break (UAX #14,
//!   `textwrap`), less the column clap writes it at; clap indents the lines
//!   after the first to that column itself.
//!
//! Only the help path builds this command: a run that is no help request
//! never pays for it. Under `en` clap prints its own help, unchanged.

use clap::{Arg, Command};

use crate::i18n::Lang;
use crate::tables::{HelpText, Ui};

/// The width the Japanese help fits in.
pub const WIDTH: usize = 80;
/// The column clap writes an argument's help at when it is on the line
/// below the argument's names (always under `--help`): two spaces and
/// eight.
const NEXT_LINE_COL: usize = 10;
/// clap writes a help beside the names while they take at most 40 % of the
/// line (`arg_next_line_help`); past that, on the line below.
const SAME_LINE_MAX_COL: usize = WIDTH * 2 / 5;
/// The table's section for texts shared by every command.
const ANY: &str = "any";
/// The section of the top command's arguments: `Cli` flattens `CheckArgs`.
const TOP_ARGS: &str = "check";
/// The id of the positional argument of clap's own `help` subcommand.
const HELP_SUBCOMMAND_ARG: &str = "subcommand";

/// The whole command with its help in Japanese; `bin` is the program's
/// name as run (clap's usage names it so).
pub fn command(bin: Option<&str>) -> Command {
    let mut cmd = <super::Cli as clap::CommandFactory>::command();
    if let Some(bin) = bin {
        cmd.set_bin_name(bin);
    }
    built(&mut cmd);
    translate(cmd, None)
}

/// `e`, clap's error for `args`, met again by the Japanese command: the
/// help asked for in Japanese, an error with its usage line in Japanese.
/// The same error (clap's parsing is the same, only texts differ), else `e`.
pub fn again(e: clap::Error, args: &[std::ffi::OsString]) -> clap::Error {
    let bin = args
        .first()
        .and_then(|a| std::path::Path::new(a).file_name())
        .and_then(|f| f.to_str());
    command(bin)
        .try_get_matches_from(args)
        .err()
        .filter(|again| again.kind() == e.kind())
        .unwrap_or(e)
}

/// Builds `cmd` and every command under it as parsing builds them, so that
/// the `-h`, `-V` and `help` clap adds are there to be translated, and what
/// clap decides while building (whether a long help exists) is decided on
/// the English texts, as under `en`. (`Command::build` would also copy the
/// whole tree under `help`, for completions, which parsing does not.)
fn built(cmd: &mut Command) {
    // `render_usage` builds the command itself (clap's `_build_self`).
    let _ = cmd.render_usage();
    let bin = cmd.get_bin_name().unwrap_or(cmd.get_name()).to_string();
    for sc in cmd.get_subcommands_mut() {
        sc.set_bin_name(format!("{bin} {}", sc.get_name()));
        built(sc);
    }
}

/// A text of `rules/help.toml`: `section`'s own, else the shared one.
fn find(section: &str, key: impl Fn(&str) -> String) -> Option<HelpText> {
    HelpText::from_key(&key(section)).or_else(|| HelpText::from_key(&key(ANY)))
}

/// An argument's text of `kind` (`help`, `long-help`) in `section`.
pub(crate) fn arg_text(section: &str, id: &str, kind: &str) -> Option<HelpText> {
    find(section, |s| format!("arg.{s}.{id}.{kind}"))
}

/// A possible value's text of the argument `id` in `section`.
pub(crate) fn value_text(section: &str, id: &str, value: &str) -> Option<HelpText> {
    find(section, |s| format!("arg.{s}.{id}.value.{value}"))
}

/// A command's text of `kind` (`about`, `long-about`).
pub(crate) fn command_text(name: &str, kind: &str) -> Option<HelpText> {
    HelpText::from_key(&format!("command.{name}.{kind}"))
}

/// The section a command's arguments are found in.
pub(crate) fn section_of(cmd: &Command, top: bool) -> &str {
    if top { TOP_ARGS } else { cmd.get_name() }
}

/// `cmd` with its texts in Japanese. `list_col` is the column its parent's
/// list of commands writes its about at (`None` for the top command).
fn translate(cmd: Command, list_col: Option<usize>) -> Command {
    let ja = Lang::Ja;
    let top = list_col.is_none();
    let name = cmd.get_name().to_string();
    let section = section_of(&cmd, top).to_string();
    let layout = Layout::of(&cmd);
    let sub_col = subcommand_col(&cmd);

    let mut cmd = cmd
        .term_width(WIDTH)
        .subcommand_help_heading(Ui::HelpCommands.get(ja))
        .subcommand_value_name(Ui::HelpCommandName.get(ja));
    // The about atop the command's own help: clap's `{about-with-newline}`
    // (the long about under `--help`), or, for a command shown in a list,
    // the text itself, wrapped to the whole line: `about` is wrapped to
    // what is left of the list's line.
    let mut about_atop = "{about-with-newline}".to_string();
    if let Some(t) = command_text(&name, "about") {
        cmd = cmd.about(wrap(t.get(ja), WIDTH.saturating_sub(list_col.unwrap_or(0))));
        let page = wrap(t.get(ja), WIDTH);
        if list_col.is_some() && !page.contains(['{', '}']) {
            about_atop = format!("{page}\n");
        }
    }
    if let Some(t) = command_text(&name, "long-about") {
        cmd = cmd.long_about(wrap(t.get(ja), WIDTH));
        about_atop = "{about-with-newline}".to_string();
    }
    cmd = cmd.mut_args(|arg| translate_arg(arg, &section, &layout));
    if top {
        // clap's own `help` subcommand names what it takes as clap does the
        // top command's: `<COMMAND>`.
        if cmd.find_subcommand("help").is_some() {
            cmd = cmd.mut_subcommand("help", |help| {
                help.mut_arg(HELP_SUBCOMMAND_ARG, |a| {
                    a.value_name(Ui::HelpCommandName.get(ja))
                })
            });
        }
    }
    cmd = cmd.mut_subcommands(|sc| translate(sc, Some(sub_col)));
    let usage = usage(&mut cmd);
    let style = *cmd.get_styles().get_usage();
    // clap's default template, with the heading of the usage in our words.
    let template = format!(
        "{{before-help}}{about_atop}\n{}{}{} {{usage}}\n\n{{all-args}}{{after-help}}",
        style.render(),
        Ui::HelpUsage.get(ja),
        style.render_reset(),
    );
    cmd.override_usage(usage).help_template(template)
}

/// Where clap writes the help of a command's arguments in the short help
/// (`-h`): beside the names at a column, or on the line below.
struct Layout {
    positionals: Option<usize>,
    options: Option<usize>,
}

impl Layout {
    fn of(cmd: &Command) -> Layout {
        let col = |positional: bool| {
            // clap's `write_args`: the widest names (`--long <VALUE>`, and
            // four more for the `-s, ` before a long name), then four spaces.
            let longest = cmd
                .get_arguments()
                .filter(|a| a.is_positional() == positional && shown(a))
                .map(|a| width(&a.to_string()) + if a.get_long().is_some() { 4 } else { 0 })
                .fold(2, usize::max);
            Some(longest + 4).filter(|&c| c <= SAME_LINE_MAX_COL)
        };
        Layout {
            positionals: col(true),
            options: col(false),
        }
    }
}

/// The column of the abouts in `cmd`'s list of commands: two spaces, the
/// longest name, two spaces (clap's `write_subcommands`).
fn subcommand_col(cmd: &Command) -> usize {
    let longest = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| width(s.get_name()))
        .fold(2, usize::max);
    longest + 4
}

fn shown(arg: &Arg) -> bool {
    !arg.is_hide_set() && !arg.is_hide_short_help_set()
}

fn translate_arg(arg: Arg, section: &str, layout: &Layout) -> Arg {
    let ja = Lang::Ja;
    let id = arg.get_id().as_str().to_string();
    let Some(help) = arg_text(section, &id, "help") else {
        // Not in the table (the tests make sure every shown one is).
        return arg;
    };
    let long = arg
        .get_long_help()
        .and_then(|_| arg_text(section, &id, "long-help"))
        .unwrap_or(help);
    let positional = arg.is_positional();
    let col = if positional {
        layout.positionals
    } else {
        layout.options
    };
    let specs = Specs::of(&arg, section, &id);

    // `-h`: the help, then the default and the values on the same lines.
    let mut short = help.get(ja).to_string();
    for spec in specs.inline(false) {
        short.push(' ');
        short.push_str(&spec);
    }
    let short = wrap(&short, WIDTH.saturating_sub(col.unwrap_or(NEXT_LINE_COL)));

    // `--help`: the long help, then the values with their helps as a list
    // when one has a help, then the default, each after an empty line.
    let width = WIDTH - NEXT_LINE_COL;
    let mut long = wrap(long.get(ja), width);
    if specs.listed() {
        long.push_str("\n\n");
        long.push_str(&value_list(&specs.values));
    }
    let inline: Vec<String> = specs.inline(true).iter().map(|s| wrap(s, width)).collect();
    if !inline.is_empty() {
        long.push_str("\n\n");
        long.push_str(&inline.join("\n"));
    }

    let heading = if positional {
        Ui::HelpArguments
    } else {
        Ui::HelpOptions
    };
    let arg = arg
        .help(short)
        .long_help(long)
        .help_heading(heading.get(ja))
        .hide_default_value(true)
        .hide_possible_values(true);
    if col.is_none() {
        arg.next_line_help(true)
    } else {
        arg
    }
}

/// What clap writes after an argument's help, in our words: its default
/// (`[既定値: …]`) and its possible values, with their helps.
struct Specs {
    default: Option<String>,
    /// Empty when clap does not show them.
    values: Vec<(String, Option<&'static str>)>,
}

impl Specs {
    /// As clap's `spec_vals` decides what to show.
    fn of(arg: &Arg, section: &str, id: &str) -> Specs {
        let ja = Lang::Ja;
        let default = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        let shown = arg.get_action().takes_values() && !arg.is_hide_default_value_set();
        let default =
            (shown && !default.is_empty()).then(|| Ui::HelpDefault.fill(ja, &[("value", default)]));
        let values = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set() && !arg.is_hide_possible_values_set())
            .map(|v| {
                let help = v
                    .get_help()
                    .and_then(|_| value_text(section, id, v.get_name()))
                    .map(|t| t.get(ja));
                (v.get_name().to_string(), help)
            })
            .collect();
        Specs { default, values }
    }

    /// Whether `--help` lists the values, as clap does when one has a help.
    fn listed(&self) -> bool {
        self.values.iter().any(|(_, h)| h.is_some())
    }

    /// The brackets after the help: the default, then the values unless
    /// `--help` (`long`) lists them.
    fn inline(&self, long: bool) -> Vec<String> {
        let mut out: Vec<String> = self.default.iter().cloned().collect();
        let listed = long && self.listed();
        if !self.values.is_empty() && !listed {
            let names: Vec<&str> = self.values.iter().map(|(n, _)| n.as_str()).collect();
            out.push(Ui::HelpPossibleValues.fill(Lang::Ja, &[("values", names.join(", "))]));
        }
        out
    }
}

/// The possible values as clap lists them under `--help`, in our words:
/// `- name: help`, the helps aligned, a wrapped help's lines under its
/// first.
fn value_list(values: &[(String, Option<&str>)]) -> String {
    let longest = values.iter().map(|(n, _)| width(n)).max().unwrap_or(0);
    let mut out = Ui::HelpPossibleValuesHeading.get(Lang::Ja).to_string();
    for (name, help) in values {
        out.push_str("\n- ");
        out.push_str(name);
        if let Some(help) = help {
            // "- " + name + ": " + padding
            let col = 2 + longest + 2;
            out.push_str(": ");
            out.push_str(&" ".repeat(longest - width(name)));
            let text = wrap(help, WIDTH.saturating_sub(NEXT_LINE_COL + col));
            out.push_str(&text.replace('\n', &format!("\n{}", " ".repeat(col))));
        }
    }
    out
}

/// The usage line of `cmd` as clap makes it, with `[OPTIONS]` in our words
/// and its second line under the first after the Japanese heading.
fn usage(cmd: &mut Command) -> String {
    let ja = Lang::Ja;
    let styled = cmd.render_usage().ansi().to_string();
    // clap's "Usage:" heading (with its style) and the space after it.
    let body = styled
        .find("Usage:")
        .and_then(|at| styled[at..].find(' ').map(|sp| &styled[at + sp + 1..]))
        .unwrap_or(&styled);
    let indent = " ".repeat(width(Ui::HelpUsage.get(ja)) + 1);
    body.replace("[OPTIONS]", Ui::HelpOptionsName.get(ja))
        .replace("\n       ", &format!("\n{indent}"))
}

/// Display width in a terminal: East Asian wide characters take two columns.
fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `text` wrapped to `width` columns where Japanese or English may break,
/// words longer than a line (a long flag) left whole, and a command line in
/// backquotes (`` `maillint man > maillint.1` ``) kept on one line.
pub(crate) fn wrap(text: &str, width: usize) -> String {
    const NO_BREAK_SPACE: char = '\u{a0}';
    let mut kept = String::with_capacity(text.len());
    let mut quoted = false;
    for c in text.chars() {
        quoted ^= c == '`';
        kept.push(if quoted && c == ' ' {
            NO_BREAK_SPACE
        } else {
            c
        });
    }
    let options = textwrap::Options::new(width.max(20))
        .word_separator(textwrap::WordSeparator::UnicodeBreakProperties)
        .break_words(false);
    textwrap::fill(&kept, options).replace(NO_BREAK_SPACE, " ")
}

#[cfg(test)]
mod tests;
