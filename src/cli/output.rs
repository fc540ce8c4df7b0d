//! Writing the report: to standard output, or with `-o FILE` to a file that
//! appears whole or not at all (a temporary file in the same folder, renamed
//! over the target), so that CI never uploads half a report.

use std::io::Write;
use std::path::Path;

/// Write `text` to `path` atomically. The error is one line.
pub fn write_file(path: &Path, text: &str) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            format!(
                "cannot write the report to {}: not a file name",
                path.display()
            )
        })?;
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let fail = |e: std::io::Error| {
        format!(
            "cannot write the report to {}: {}",
            path.display(),
            crate::inputs::io_reason(&e)
        )
    };
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(text.as_bytes())?;
            f.sync_all()
        })
        .and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

/// Write `text` to standard output; a closed pipe is not an error: like
/// `cat`, maillint stops quietly when the reader (`head`) has enough.
/// Every command writes its output through here, never with `println!`,
/// which panics on a closed pipe.
pub fn write_stdout(text: &str) -> Result<(), String> {
    write_stdout_bytes(text.as_bytes())
}

/// [`write_stdout`] for bytes.
pub fn write_stdout_bytes(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write the report: {e}"))
        }
        _ => Ok(()),
    }
}
