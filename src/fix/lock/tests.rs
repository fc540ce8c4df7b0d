use super::*;

#[test]
fn reads_the_pid_of_a_lock_symlink() {
    assert_eq!(symlink_pid("127.0.1.1:+4242"), Some(4242));
    assert_eq!(symlink_pid("nonsense"), None);
}

#[cfg(unix)]
#[test]
fn a_stale_lock_symlink_does_not_hold_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    // No process has pid 2^22 + 1 (above Linux's pid_max default).
    std::os::unix::fs::symlink("127.0.0.1:+4194305", dir.path().join("lock")).unwrap();
    assert_eq!(hold(Client::Thunderbird, dir.path()), None);
    let me = std::process::id();
    std::fs::remove_file(dir.path().join("lock")).unwrap();
    std::os::unix::fs::symlink(format!("127.0.0.1:+{me}"), dir.path().join("lock")).unwrap();
    assert!(hold(Client::Thunderbird, dir.path()).is_some());
}
