use super::*;

#[test]
fn replaces_and_keeps_numbered_backups() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("prefs.js");
    fs::write(&p, "old").unwrap();
    let b = replace(&p, b"old", b"new", None).unwrap();
    assert_eq!(fs::read(&p).unwrap(), b"new");
    assert_eq!(fs::read(&b).unwrap(), b"old");
    let b2 = replace(&p, b"new", b"newer", None).unwrap();
    assert!(b2.ends_with("prefs.js.maillint-bak.1"));
    assert_eq!(fs::read(&b).unwrap(), b"old");
    // No temporary file is left behind.
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(names.len(), 3);
}
