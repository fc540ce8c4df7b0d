//! Standard input for `check -`: read whole, bounded.

use std::io::Read;

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
            format!(
                "cannot read standard input: {}",
                crate::inputs::io_reason(&e)
            )
        })?;
    if bytes.len() as u64 > MAX_STDIN {
        return Err(format!(
            "standard input is larger than {} MiB: not a settings file",
            MAX_STDIN >> 20
        ));
    }
    Ok(bytes)
}
