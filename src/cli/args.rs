//! The command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostics::Severity;
use crate::i18n::Lang;

#[derive(Parser, Debug)]
#[command(
    name = "maillint",
    version,
    about = "Checks mail-client settings and says what stops mail from being sent or received.",
    long_about = "Checks mail-client settings and says what stops mail from being sent or received.\n\n\
        With no path, maillint finds the mail-client profiles on this machine and checks them.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check settings files, profile folders or folders of them (default).
    Check(Box<CheckArgs>),
    /// List the rules.
    Rules(RulesArgs),
    /// Explain a rule (code or name), an error code or a bounce text.
    Explain(ExplainArgs),
    /// List the mail-client data found on this machine, and where maillint looked.
    Discover(DiscoverArgs),
    /// Write a report to attach to a mail for the support desk (passwords never included).
    Report(super::support::ReportArgs),
    /// Read a bounce (.eml): failed recipient, status, what it means, facts for the provider.
    Diagnose(super::support::DiagnoseArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff; `maillint man > maillint.1`).
    Man,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// When to colour human output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set; FORCE_COLOR forces it.
    Auto,
    /// Always, also into a pipe or a file.
    Always,
    /// Never.
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Text for people: one line per item, in aligned columns.
    Human,
    /// Machine-readable (JSON).
    Json,
}

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// Files or folders to check ("-" reads standard input). With none,
    /// discover profiles on this machine.
    pub paths: Vec<PathBuf>,
    /// The name standard input ("-") stands for: it decides the format and
    /// appears in the output (prefs.js, config-v1.1.xml, account.prf, ...).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = &crate::report::human::FORMAT)]
    pub format: &'static crate::report::OutputFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Read settings from FILE instead of the nearest .maillint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file (.maillint.toml and --config).
    #[arg(long)]
    pub isolated: bool,
    /// Print the effective settings (configuration file, policy, rules) and exit.
    #[arg(long)]
    pub show_settings: bool,
    /// Add rules to the selection (codes, code prefixes, names).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Exit with 0 even when findings are reported (2 still means the run failed).
    #[arg(long)]
    pub exit_zero: bool,
    /// Exit with 1 when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Provider policy: a shipped one (generic, koara, i-do) or a policy file.
    #[arg(long, value_name = "NAME|FILE")]
    pub policy: Option<String>,
    /// Language of messages (default: from LC_ALL / LANG).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Only these rules (codes, code prefixes, names, ALL; comma-separated).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules (codes, code prefixes, names).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit with 1 when a finding at or above this severity is found.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,
    /// The lowest severity shown (shellcheck's -S): `warning` hides
    /// information, `error` shows errors only. Hidden findings neither count
    /// nor fail the run.
    #[arg(short = 'S', long, value_enum, value_name = "SEVERITY")]
    pub severity: Option<Severity>,
    /// Colours in human output: auto (a terminal, unless NO_COLOR is set;
    /// FORCE_COLOR forces them), always or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Same as --color never.
    #[arg(long)]
    pub no_color: bool,
    /// A file larger than SIZE (bytes, or with K, M, G: 64M) is a finding and is not read.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Read and check files on N threads (default: one per core; 1: one
    /// after the other). The output is the same whatever N.
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub threads: usize,
    /// Print findings only: no summary line, no notes on standard error.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print one line per rule with its number of findings instead of the
    /// findings (JSON with --format json).
    #[arg(long)]
    pub statistics: bool,
    /// Apply the safe fixes to the files (keeping FILE.maillint-bak), print
    /// each change, then check again and report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Also apply fixes that change what the client does (port 25 to 587,
    /// the provider's server name, TLS): with --fix, --diff or --reg-patch.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change; write nothing.
    #[arg(long)]
    pub diff: bool,
    /// Write the fixes of a registry export (.reg) as a small .reg FILE that
    /// sets only the changed values; the export itself is not changed.
    #[arg(long, value_name = "FILE")]
    pub reg_patch: Option<PathBuf>,
    /// Keep the originals in DIR instead of next to each fixed file.
    #[arg(long, value_name = "DIR")]
    pub backup_dir: Option<PathBuf>,
    /// Fix even while the mail client is running and holds the profile.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub online: super::online::OnlineArgs,
}

/// A size in bytes: `1048576`, `512K`, `64M`, `1G` (powers of 1024; `KiB`,
/// `MiB`, `GiB` and a trailing `B` are accepted too).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let upper = t.to_ascii_uppercase();
    let number = upper.trim_end_matches(['B', 'I']);
    let (digits, shift) = match number.chars().last() {
        Some('K') => (&number[..number.len() - 1], 10),
        Some('M') => (&number[..number.len() - 1], 20),
        Some('G') => (&number[..number.len() - 1], 30),
        _ => (number, 0),
    };
    let lang = crate::i18n::messages_lang();
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| crate::tables::Ui::CliNotASize.fill(lang, &[("value", s.to_string())]))?;
    n.checked_mul(1u64 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| crate::tables::Ui::CliSizeOutOfRange.fill(lang, &[("value", s.to_string())]))
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Language of the summaries.
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule code (ML301) or name (spa-enabled), an error code (0x800CCC18,
    /// 5.1.1), a bounce text (550 5.1.1 User unknown: the words are joined,
    /// quotes are not needed) or what happened ("not delivered", 届かない).
    /// With none, the decision tree of the FAQ.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Print the FAQ's decision tree: which command answers which case.
    #[arg(long, conflicts_with = "query")]
    pub tree: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Language of the explanation.
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Show the FAQ pages of this policy as well.
    #[arg(long, value_name = "NAME|FILE")]
    pub policy: Option<String>,
}

#[derive(Args, Debug)]
pub struct DiscoverArgs {
    /// Language of the listing.
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}
