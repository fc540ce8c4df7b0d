//! `maillint completions SHELL` and `maillint man`: generated from the
//! argument definitions (clap_complete, clap_mangen), so they never fall
//! behind the flags.

use clap::CommandFactory;

use super::args::Cli;
use super::{EXIT_OK, usage_error};

pub fn completions(shell: clap_complete::Shell) -> i32 {
    let mut cmd = Cli::command();
    let mut buf: Vec<u8> = Vec::new();
    clap_complete::generate(shell, &mut cmd, "maillint", &mut buf);
    write(&buf)
}

pub fn man() -> i32 {
    let mut buf: Vec<u8> = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut buf) {
        return usage_error(
            crate::tables::Ui::CliCannotWriteManual
                .fill(crate::i18n::messages_lang(), &[("reason", e.to_string())]),
        );
    }
    write(&buf)
}

fn write(bytes: &[u8]) -> i32 {
    match super::output::write_stdout_bytes(bytes) {
        Ok(()) => EXIT_OK,
        Err(e) => usage_error(e),
    }
}
