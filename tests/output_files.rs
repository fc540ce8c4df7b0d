//! `-o FILE` for `check` and `report`: never through a link, never replacing
//! a device or pipe with a file, always whole (issue 13, items 4 and 5).

mod common;

use std::path::Path;

use common::{SPA_AND_PORT_25, maillint, profile};

/// Both commands that write a report, with a profile to check.
fn commands(input: &Path) -> Vec<Vec<String>> {
    let p = input.display().to_string();
    vec![vec!["check".into(), p.clone()], vec!["report".into(), p]]
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), "profile", SPA_AND_PORT_25);
    dir
}

#[cfg(unix)]
#[test]
fn a_symlink_is_refused_and_its_target_left_alone() {
    let dir = setup();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").expect("write");
    let out = dir.path().join("out.md");
    std::os::unix::fs::symlink(&victim, &out).expect("symlink");
    for cmd in commands(&dir.path().join("profile")) {
        let run = maillint().args(&cmd).arg("-o").arg(&out).assert().code(2);
        let err = common::stderr(run.get_output());
        assert!(
            err.contains("symbolic link") && err.lines().count() == 1,
            "{cmd:?}: {err}"
        );
        assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep me");
        let meta = std::fs::symlink_metadata(&out).expect("lstat");
        assert!(meta.file_type().is_symlink(), "{cmd:?}: the link stays");
    }
}

#[test]
fn a_report_replaces_a_regular_file_whole_and_leaves_no_temporary_file() {
    let dir = setup();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).expect("mkdir");
    let out = reports.join("out.txt");
    std::fs::write(&out, "old").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    }
    for cmd in commands(&dir.path().join("profile")) {
        maillint()
            .args(&cmd)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(predicates::ord::ne(2));
        let text = std::fs::read_to_string(&out).expect("read");
        assert!(
            text.contains("ML401") || text.contains("smtp"),
            "{cmd:?}: {text}"
        );
        let names: Vec<_> = std::fs::read_dir(&reports)
            .expect("readdir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.txt")], "{cmd:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).expect("stat").permissions().mode();
            assert_eq!(
                mode & 0o777,
                0o640,
                "{cmd:?}: the file keeps its permissions"
            );
        }
    }
}

/// The old temporary name (`.NAME.PID.tmp`) was predictable: a link placed
/// there was written through. Links at every name the old scheme could pick
/// for the next processes stay untouched now.
#[cfg(unix)]
#[test]
fn links_at_guessable_temporary_names_are_not_followed() {
    let dir = setup();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").expect("write");
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).expect("mkdir");
    let next = std::process::id();
    for pid in next..next + 400 {
        std::os::unix::fs::symlink(&victim, reports.join(format!(".out.md.{pid}.tmp")))
            .expect("symlink");
    }
    for cmd in commands(&dir.path().join("profile")) {
        maillint()
            .args(&cmd)
            .arg("-o")
            .arg(reports.join("out.md"))
            .assert()
            .code(predicates::ord::ne(2));
        assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep me");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_into_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = setup();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for cmd in commands(&dir.path().join("profile")) {
        let path = fifo.clone();
        // Opening a FIFO for reading waits for a writer.
        let reader = std::thread::spawn(move || std::fs::read_to_string(path));
        let run = maillint()
            .args(&cmd)
            .arg("-o")
            .arg(&fifo)
            .output()
            .expect("runs");
        let kind = std::fs::symlink_metadata(&fifo).expect("lstat").file_type();
        assert!(kind.is_fifo(), "{cmd:?}: the FIFO was replaced by a file");
        assert_ne!(run.status.code(), Some(2), "{}", common::stderr(&run));
        let got = reader.join().expect("reader").expect("read");
        assert!(!got.is_empty(), "{cmd:?}: the report went into the pipe");
    }
}

/// A character device (made in a temporary folder, so that a regression
/// cannot replace the machine's own) is written into and stays a device.
/// Needs root for mknod; skipped otherwise.
#[cfg(unix)]
#[test]
fn a_character_device_is_written_into_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = setup();
    let null = dir.path().join("null");
    let made = std::process::Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .output();
    if !made.is_ok_and(|o| o.status.success()) {
        eprintln!("notice: cannot mknod (not root?); skipping");
        return;
    }
    for cmd in commands(&dir.path().join("profile")) {
        maillint()
            .args(&cmd)
            .arg("-o")
            .arg(&null)
            .assert()
            .code(predicates::ord::ne(2));
        let kind = std::fs::symlink_metadata(&null).expect("lstat").file_type();
        assert!(kind.is_char_device(), "{cmd:?}: the device was replaced");
    }
}

#[test]
fn a_folder_is_refused_in_one_line() {
    let dir = setup();
    for cmd in commands(&dir.path().join("profile")) {
        let run = maillint()
            .args(&cmd)
            .arg("-o")
            .arg(dir.path())
            .assert()
            .code(2);
        let err = common::stderr(run.get_output());
        assert!(err.contains("folder") && err.lines().count() == 1, "{err}");
    }
}
