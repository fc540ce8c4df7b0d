//! Reading input files: regular files only, bounded. A FIFO is never
//! opened for reading (it would wait for a writer forever), a device is
//! never read (`/dev/zero` has no end), and no file is read past a limit.

use std::io::Read;
use std::path::Path;

/// `--max-file-size`'s default: far above any settings file (a few
/// kilobytes), far below what would exhaust memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// How much of a file planning reads to tell its format (and binary data).
pub const HEAD_LEN: u64 = 64 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file: what it is (`FIFO`, `character device` ...).
    NotRegular(&'static str),
    /// Larger than the limit: its size.
    TooLarge(u64),
    /// The operating system's error.
    Io(std::io::Error),
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRegular(kind) => write!(f, "it is a {kind}, not a regular file"),
            ReadError::TooLarge(size) => write!(f, "it is {size} bytes, larger than the limit"),
            ReadError::Io(e) => f.write_str(&crate::inputs::io_reason(e)),
        }
    }
}

/// What a file system entry is, for messages.
pub fn kind_of(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "FIFO";
        }
        if t.is_char_device() {
            return "character device";
        }
        if t.is_block_device() {
            return "block device";
        }
        if t.is_socket() {
            return "socket";
        }
    }
    if t.is_dir() {
        return "folder";
    }
    if t.is_file() {
        return "regular file";
    }
    "special file"
}

/// Open `path` (following links) only if it is a regular file. The type is
/// checked before opening, and again on the open file: a FIFO swapped in
/// between is opened without waiting (`O_NONBLOCK`) and refused. `listed`:
/// the folder's listing already said "regular file" (`d_type`), so the
/// check before opening is that one, not another `stat`.
fn open_regular(path: &Path, listed: bool) -> Result<(std::fs::File, u64), ReadError> {
    if !listed {
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
        }
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
    }
    Ok((file, meta.len()))
}

/// The whole of a regular file of at most `max` bytes. A file that grows
/// past `max` while being read is refused too.
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path, false)?;
    if len > max {
        return Err(ReadError::TooLarge(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The first `n` bytes of a regular file (fewer when it is shorter).
/// `listed`: its folder's listing said it is a regular file.
pub fn read_head(path: &Path, n: u64, listed: bool) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path, listed)?;
    // Room for the whole head at once: through a `Take`, `read_to_end` has no
    // size hint and reads in doubling steps from 32 bytes (seven reads of an
    // 800-byte template instead of two; system calls are a third of the time
    // of a folder of small templates, see docs/performance.md).
    let mut bytes = Vec::with_capacity(len.min(n) as usize);
    // The size the open file has is what is read: `read_to_end` ends at a
    // `Take`'s limit without asking the file again, so a small file is one
    // `read`, not a second one that finds the end (a fifth of the system
    // calls of a folder of templates). A file that says it is empty (one of
    // `/proc`'s, whose size is 0 whatever it holds) is read to its end.
    let limit = if len == 0 { n } else { len.min(n) };
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Whether the first bytes of a file are binary data rather than text: a
/// NUL byte in the first 8 KiB (git's and ripgrep's test), unless the text
/// is UTF-16 (a byte-order mark, or every other byte NUL as in a `.reg`
/// export without one) or a signed profile's XML.
pub fn looks_binary(head: &[u8]) -> bool {
    let head = &head[..head.len().min(8192)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    // memchr's vector search: core's `contains` goes a word at a time, and
    // every file met is asked.
    if memchr::memchr(0, head).is_none() {
        return false;
    }
    // A signed configuration profile: DER (CMS) around an XML plist, which
    // decoding unwraps (`source::cms`).
    if head.first() == Some(&0x30) && head.windows(6).any(|w| w == b"<plist") {
        return false;
    }
    let utf16 =
        |parity: usize| head.len() >= 4 && head.iter().skip(parity).step_by(2).all(|&b| b == 0);
    // UTF-16 without a BOM holding other than ASCII (Japanese names) has
    // NUL bytes on one side only most of the time, not always.
    let utf16_text = super::decode::utf16_without_bom(head).is_some();
    !(utf16(0) || utf16(1) || utf16_text) || head.iter().all(|&b| b == 0)
}

/// Whether a decoded text holds nothing at all: only white space, a
/// byte-order mark, NUL and other control characters.
pub fn holds_nothing(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || c.is_control() || c == '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_or_text() {
        assert!(!looks_binary(b"user_pref(\"a\", 1);"));
        assert!(looks_binary(b"\x00\x00\x00\x00"));
        assert!(looks_binary(b"!BDN\x00\x01garbage"));
        let utf16: Vec<u8> = "REGEDIT4"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(!looks_binary(&utf16));
        assert!(holds_nothing("\u{feff}\n\0\0 "));
        assert!(!holds_nothing("\u{feff}x"));
    }
}
