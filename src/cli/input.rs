//! Standard input for `check -`: read whole, bounded.

use std::io::Read;

use crate::i18n::messages_lang;
use crate::tables::Ui;

/// The most `check -` reads: far more than any settings file, little
/// enough that `yes | maillint check -` ends.
const MAX_STDIN: u64 = 16 << 20;

pub fn read_stdin() -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_STDIN + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Ui::CliStdinUnreadable
                .fill(messages_lang(), &[("reason", crate::inputs::io_reason(&e))])
        })?;
    if bytes.len() as u64 > MAX_STDIN {
        return Err(Ui::CliStdinTooLarge.fill(
            messages_lang(),
            &[
                ("mib", (MAX_STDIN >> 20).to_string()),
                ("bytes", MAX_STDIN.to_string()),
            ],
        ));
    }
    Ok(bytes)
}
