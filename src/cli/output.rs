//! Writing a report (`check -o`, `report -o`) or standard output.
//!
//! A report written to a file appears whole or not at all, and never lands
//! anywhere but the path named:
//!
//! | `-o PATH` is | maillint |
//! |---|---|
//! | absent, or a regular file | writes a temporary file created exclusively, with an unpredictable name, in the same folder (the `tempfile` crate), fills it as the report is made, then renames it over `PATH` (a regular file keeps its permissions) |
//! | a character device or a FIFO (`/dev/null`, a named pipe), directly or through a link (`/dev/stdout`) | writes straight into it: renaming would replace the device node with a file |
//! | a symbolic link to anything else | refuses (exit 2): writing through it would overwrite the link's target, renaming over it would replace the link |
//! | a folder, a block device, a socket | refuses (exit 2) |

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::inputs::io_reason;
use crate::report::sink::{Guard, Sink};
use crate::tables::Ui;

/// What `-o PATH` names, as far as writing is concerned.
enum Target {
    /// Nothing yet, or a regular file (with its permissions, to keep).
    File(Option<std::fs::Permissions>),
    /// A character device or FIFO, possibly reached through a link: written in place.
    Stream,
    /// Anything maillint will not write to, with the reason.
    Refused(String),
}

fn classify(path: &Path) -> Result<Target, std::io::Error> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::File(None)),
        Err(e) => return Err(e),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(Target::File(Some(meta.permissions())));
    }
    if kind.is_dir() {
        return Ok(Target::Refused(Ui::IoOutputFolder.get(lang()).into()));
    }
    if kind.is_symlink() {
        // A link to a device or pipe (`/dev/stdout`) is written through, as a
        // shell redirection would; any other link is refused.
        return Ok(match std::fs::metadata(path) {
            Ok(m) if is_stream(&m.file_type()) => Target::Stream,
            _ => Target::Refused(
                Ui::IoOutputSymlink.fill(
                    lang(),
                    &[(
                        "target",
                        std::fs::read_link(path)
                            .map(|t| {
                                Ui::IoOutputSymlinkTarget
                                    .fill(lang(), &[("target", t.display().to_string())])
                            })
                            .unwrap_or_default(),
                    )],
                ),
            ),
        });
    }
    if is_stream(&kind) {
        return Ok(Target::Stream);
    }
    Ok(Target::Refused(Ui::IoOutputNotFile.get(lang()).into()))
}

#[cfg(unix)]
fn is_stream(kind: &std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_char_device() || kind.is_fifo()
}

#[cfg(not(unix))]
fn is_stream(_kind: &std::fs::FileType) -> bool {
    false
}

/// Write `text` to `path` (see the module's table). The error is one line.
pub fn write_file(path: &Path, text: &str) -> Result<(), String> {
    with_path(path, write_bytes(path, text.as_bytes()))
}

/// Write `bytes` to `path` as a report is written (`--reg-patch` too); the
/// error is the reason alone.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write_with(path, |out| out.write_all(bytes))
}

/// Write what `write` writes to `path` (see the module's table), as it is
/// written: a report streamed into its temporary file, which appears at
/// `path` only once it is whole. The error is the reason alone.
fn write_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    match classify(path).map_err(|e| io_reason(&e))? {
        Target::Refused(reason) => Err(reason),
        Target::Stream => write_stream(path, write).map_err(|e| io_reason(&e)),
        Target::File(keep) => write_replacing(path, write, keep),
    }
}

/// Write a report (`check`): what `write` writes into a [`Sink`] guarded by
/// `guard`, to `path` (`-o`) or else to standard output, part by part as
/// the report is made. The error is one line.
pub fn write_report(
    path: Option<&Path>,
    guard: Guard,
    write: impl FnOnce(&mut Sink) -> std::io::Result<()>,
) -> Result<(), String> {
    let into = |out: &mut dyn Write| {
        let mut sink = Sink::new(out, guard);
        write(&mut sink)?;
        sink.finish()
    };
    match path {
        Some(path) => with_path(path, write_with(path, into)),
        None => {
            let mut stdout = std::io::stdout().lock();
            match into(&mut stdout) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(Ui::IoCannotWriteOutput.fill(lang(), &[("reason", io_reason(&e))]))
                }
                _ => Ok(()),
            }
        }
    }
}

/// An error of writing the report at `path`, as one line naming it.
fn with_path(path: &Path, written: Result<(), String>) -> Result<(), String> {
    written.map_err(|reason| {
        Ui::IoCannotWriteReport.fill(
            lang(),
            &[("path", path.display().to_string()), ("reason", reason)],
        )
    })
}

/// Write into a device or FIFO as it is (no create, no truncate), checking
/// that what was opened is still a device or FIFO (not a file swapped in
/// since it was looked at).
fn write_stream(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    if !is_stream(&f.metadata()?.file_type()) {
        return Err(std::io::Error::other(
            "it changed into a regular file while being opened",
        ));
    }
    match write(&mut f).and_then(|_| f.flush()) {
        // A reader that went away (`-o /dev/stdout | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

/// A temporary file beside `path`, created exclusively under a random name,
/// filled, synced and renamed over `path`. The rename replaces whatever is at
/// `path` by then (a link swapped in is replaced, never followed). Nothing
/// appears at `path` when writing fails: the temporary file is removed.
fn write_replacing(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    keep: Option<std::fs::Permissions>,
) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| "not a file name".to_string())?;
    let mut builder = tempfile::Builder::new();
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    builder.prefix(&prefix).suffix(".tmp");
    // A new report gets the usual permissions (0666 less the umask), not the
    // temporary file's 0600; an existing one keeps its own.
    #[cfg(unix)]
    let default_mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    builder.permissions(keep.clone().unwrap_or(default_mode));
    let mut tmp = builder.tempfile_in(&dir).map_err(|e| io_reason(&e))?;
    let filled = {
        // Written in pieces as a report is made: buffered.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        write(&mut out).and_then(|_| out.flush())
    };
    filled
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| io_reason(&e))?;
    if let Some(p) = keep {
        // Where the builder could not set them (not Unix), set them now.
        let _ = tmp.as_file().set_permissions(p);
    }
    tmp.persist(path).map_err(|e| io_reason(&e.error))?;
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
            Err(Ui::IoCannotWriteOutput.fill(lang(), &[("reason", io_reason(&e))]))
        }
        _ => Ok(()),
    }
}

/// The language of errors (`--lang`, else the locale).
fn lang() -> crate::i18n::Lang {
    crate::i18n::messages_lang()
}
