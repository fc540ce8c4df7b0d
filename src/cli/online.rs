//! The `--online` flags of `check` and `report`, and the settings they make.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::i18n::messages_lang;
use crate::online::resolve::{ConnectTo, ResolveEntry};
use crate::online::{self, Options};
use crate::tables::Ui;

#[derive(Args, Debug, Clone, Default)]
pub struct OnlineArgs {
    /// Also ask the servers: look the names up, connect, read the greetings and
    /// capabilities, start TLS. Never logs in, never sends a password. Without it
    /// (or `online = true` in .maillint.toml) no connection is made.
    #[arg(long)]
    pub online: bool,
    /// With --online: seconds each lookup, connect, read and TLS handshake may take (default 5).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// With --online: check certificates against the CA certificates in FILE
    /// (PEM) instead of the system's.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// With --online: use ADDR for HOST on PORT, as curl does (`*` for any port
    /// or any other host; nothing after the last colon: the name does not exist).
    #[arg(long, value_name = "HOST:PORT:ADDR[,ADDR]", value_parser = parse_resolve)]
    pub resolve: Vec<ResolveEntry>,
    /// With --online: connect to HOST2:PORT2 where the settings say
    /// HOST1:PORT1, as curl does (certificates are still checked for HOST1).
    #[arg(long, value_name = "HOST1:PORT1:HOST2:PORT2", value_parser = parse_connect_to)]
    pub connect_to: Vec<ConnectTo>,
    /// With --online: show the conversation with each server (greetings and
    /// capability lines; nothing secret is ever sent or shown). When nothing
    /// is found to check: list every place discovery looked.
    #[arg(short = 'v', long)]
    pub verbose: bool,
}

/// The online settings of a run: `None` when it stays offline. `config` is
/// `.maillint.toml`'s `online` and `online-timeout`.
pub fn options(
    args: &OnlineArgs,
    config_online: Option<bool>,
    config_timeout: Option<f64>,
) -> Result<Option<Options>, String> {
    if !(args.online || config_online == Some(true)) {
        return Ok(None);
    }
    let secs = args
        .timeout
        .or(config_timeout)
        .unwrap_or(online::DEFAULT_TIMEOUT.as_secs_f64());
    if !secs.is_finite() || secs <= 0.0 || secs > 300.0 {
        return Err(crate::tables::Ui::CliInvalidTimeout
            .fill(crate::i18n::messages_lang(), &[("secs", secs.to_string())]));
    }
    if let Some(f) = &args.ca_file {
        if !f.is_file() {
            return Err(crate::tables::Ui::CliCaFileMissing.fill(
                crate::i18n::messages_lang(),
                &[("path", f.display().to_string())],
            ));
        }
        // A file without a usable certificate is a bad flag: say so before any work.
        online::tls::Trust::load(Some(f)).map_err(|detail| {
            Ui::CliCaFileUnusable.fill(
                messages_lang(),
                &[("detail", detail), ("path", f.display().to_string())],
            )
        })?;
    }
    let timeout = Duration::from_secs_f64(secs);
    Ok(Some(Options {
        timeout,
        // Enough for every server plus the wizard's alternatives, bounded.
        budget: online::DEFAULT_BUDGET.max(timeout * 6),
        ca_file: args.ca_file.clone(),
        resolve: args.resolve.clone(),
        connect_to: args.connect_to.clone(),
    }))
}

/// `--resolve`'s value; the reason in the language of errors.
fn parse_resolve(s: &str) -> Result<ResolveEntry, String> {
    s.parse::<ResolveEntry>().map_err(|detail| {
        Ui::CliBadResolve.fill(messages_lang(), &[("detail", detail), ("value", s.into())])
    })
}

/// `--connect-to`'s value; the reason in the language of errors.
fn parse_connect_to(s: &str) -> Result<ConnectTo, String> {
    s.parse::<ConnectTo>().map_err(|detail| {
        Ui::CliBadConnectTo.fill(messages_lang(), &[("detail", detail), ("value", s.into())])
    })
}
