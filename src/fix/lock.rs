//! Whether a mail client is running and holds the profile a fix would edit:
//! the client would overwrite the fix on exit, or read a half-written file.

use std::path::{Path, PathBuf};

use crate::model::Client;

/// A running client's hold on a profile: which client, and the file or socket
/// that shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hold {
    pub client: &'static str,
    pub evidence: PathBuf,
}

/// The hold of `client` on the profile folder `folder`, if it is running.
pub fn hold(client: Client, folder: &Path) -> Option<Hold> {
    match client {
        Client::Thunderbird => thunderbird(folder),
        Client::ClawsMail => claws_mail(),
        Client::Sylpheed => sylpheed(),
        _ => None,
    }
}

/// Mozilla's profile lock (toolkit/profile/nsProfileLock.cpp): on Windows
/// `parent.lock`, opened without sharing and deleted on close, so that it
/// exists only while the profile is in use; on Unix a symlink `lock` whose
/// target is `IP:+PID` (LockWithSymlink, removed on exit) and an fcntl lock
/// on `.parentlock` (LockWithFcntl; the file itself stays after exit).
fn thunderbird(folder: &Path) -> Option<Hold> {
    let held = |p: PathBuf| {
        Some(Hold {
            client: "Thunderbird",
            evidence: p,
        })
    };
    let parent_lock = folder.join("parent.lock");
    if parent_lock.symlink_metadata().is_ok() {
        return held(parent_lock);
    }
    let lock = folder.join("lock");
    if let Ok(meta) = lock.symlink_metadata() {
        let alive = if meta.file_type().is_symlink() {
            std::fs::read_link(&lock)
                .ok()
                .and_then(|t| symlink_pid(&t.to_string_lossy()))
                .is_none_or(process_alive)
        } else {
            true
        };
        if alive {
            return held(lock);
        }
    }
    let parentlock = folder.join(".parentlock");
    if fcntl_locked(&parentlock) {
        return held(parentlock);
    }
    None
}

/// The process id in a `lock` symlink's target `IP:+PID`.
fn symlink_pid(target: &str) -> Option<u32> {
    target.rsplit_once(":+")?.1.parse().ok()
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // Signal 0 checks existence; EPERM means it exists as another user's.
    // SAFETY: kill with signal 0 sends nothing.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// Whether another process holds an fcntl lock on `path` (F_GETLK asks
/// without taking one).
#[cfg(unix)]
fn fcntl_locked(path: &Path) -> bool {
    use std::os::fd::AsRawFd;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    // SAFETY: a zeroed flock is a valid value; F_GETLK only fills it in.
    let mut fl: libc::flock = unsafe { std::mem::zeroed() };
    fl.l_type = libc::F_WRLCK as _;
    fl.l_whence = libc::SEEK_SET as _;
    // SAFETY: the descriptor is open for the duration of the call.
    let r = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut fl) };
    r == 0 && i32::from(fl.l_type) != libc::F_UNLCK
}

#[cfg(not(unix))]
fn fcntl_locked(_path: &Path) -> bool {
    false
}

/// Claws Mail (src/main.c, claws_get_socket_name and
/// prohibit_duplicate_launch): a running instance listens on a Unix socket in
/// `$XDG_RUNTIME_DIR/claws-mail/` (named by the MD5 of its settings folder),
/// or on the older `$TMPDIR/claws-mail-UID`. A socket that accepts a
/// connection is a running Claws Mail; any of them counts, as the name of
/// ours depends on how Claws Mail spelt the folder.
fn claws_mail() -> Option<Hold> {
    let mut candidates = Vec::new();
    if let Some(run) = std::env::var_os("XDG_RUNTIME_DIR").filter(|v| !v.is_empty()) {
        if let Ok(dir) = std::fs::read_dir(Path::new(&run).join("claws-mail")) {
            candidates.extend(dir.flatten().map(|e| e.path()));
        }
    }
    candidates.push(tmp_dir().join(format!("claws-mail-{}", uid())));
    candidates
        .into_iter()
        .find(|p| socket_answers(p))
        .map(|evidence| Hold {
            client: "Claws Mail",
            evidence,
        })
}

/// Sylpheed (src/main.c, get_socket_name): `$TMPDIR/sylpheed-UID`.
fn sylpheed() -> Option<Hold> {
    let p = tmp_dir().join(format!("sylpheed-{}", uid()));
    socket_answers(&p).then_some(Hold {
        client: "Sylpheed",
        evidence: p,
    })
}

/// GLib's g_get_tmp_dir: `$TMPDIR`, else `/tmp`.
fn tmp_dir() -> PathBuf {
    std::env::var_os("TMPDIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp"))
}

#[cfg(unix)]
fn uid() -> u32 {
    // SAFETY: getuid cannot fail.
    unsafe { libc::getuid() }
}

#[cfg(not(unix))]
fn uid() -> u32 {
    0
}

#[cfg(unix)]
fn socket_answers(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    let is_socket = path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_socket());
    is_socket && std::os::unix::net::UnixStream::connect(path).is_ok()
}

#[cfg(not(unix))]
fn socket_answers(_path: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests;
