//! Discovery of every client in a fake home folder, through the binary
//! (`maillint` with no path, `maillint discover`) and the library; secrets
//! never reach any output; the real `accountrc` corpus reads cleanly.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use maillint::discover::{Home, search};
use maillint::model::Client;
use maillint::pipeline::{CheckOptions, check_paths};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read fixture").flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else if e.file_name() != "expected" {
            std::fs::copy(&p, &dest).expect("copy");
        }
    }
}

/// A home folder with Thunderbird, Claws Mail, Sylpheed, Evolution and Becky!.
fn fake_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("tempdir");
    let h = home.path();
    let tb = h.join(".thunderbird");
    std::fs::create_dir_all(tb.join("abcd.default")).expect("mkdir");
    std::fs::write(
        tb.join("profiles.ini"),
        "[Profile0]\nName=default\nIsRelative=1\nPath=abcd.default\nDefault=1\n",
    )
    .expect("write");
    std::fs::copy(
        fixtures().join("thunderbird/clean/prefs.js"),
        tb.join("abcd.default/prefs.js"),
    )
    .expect("copy");
    copy_dir(
        &fixtures().join("claws/several-accounts/.claws-mail"),
        &h.join(".claws-mail"),
    );
    copy_dir(
        &fixtures().join("sylpheed/several-accounts/.sylpheed-2.0"),
        &h.join(".sylpheed-2.0"),
    );
    copy_dir(
        &fixtures().join("evolution/sources"),
        &h.join(".config/evolution/sources"),
    );
    copy_dir(
        &fixtures().join("becky/two-mailboxes"),
        &h.join("Documents/Becky"),
    );
    home
}

fn maillint(home: &Path) -> Command {
    common::maillint_home(home)
}

#[test]
fn discover_lists_every_client_found() {
    let home = fake_home();
    let out = maillint(home.path())
        .arg("discover")
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for (client, path) in [
        ("Thunderbird", ".thunderbird"),
        ("Claws Mail", ".claws-mail/accountrc"),
        ("Sylpheed", ".sylpheed-2.0/accountrc"),
        ("Evolution", ".config/evolution/sources"),
        ("Becky!", "Documents/Becky"),
        ("Becky!", "仕事.mb/Mailbox.ini"),
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(client) && l.contains(path) && l.ends_with("  found")),
            "{client} {path} not found in:\n{text}"
        );
    }
    // What was looked for and is not there is listed too.
    assert!(
        text.lines()
            .any(|l| l.contains(".sylpheed/accountrc") && l.ends_with("not found"))
    );
    let ja = maillint(home.path())
        .args(["discover", "--lang", "ja"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&ja.stdout).contains("見つかりました"));
}

#[test]
fn maillint_without_paths_checks_every_client() {
    let home = fake_home();
    let out = maillint(home.path())
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let clients: Vec<&str> = report["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .filter_map(|a| a["client"].as_str())
        .collect();
    for c in [
        "thunderbird",
        "claws-mail",
        "sylpheed",
        "evolution",
        "becky",
    ] {
        assert!(clients.contains(&c), "{c} missing from {clients:?}");
    }
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"ML307"), "{codes:?}");
    assert!(codes.contains(&"ML301"), "{codes:?}");
    // How each accountrc was read is said in the notes.
    let notes = report["notes"].as_array().expect("notes");
    for (file, client) in [
        (".sylpheed-2.0/accountrc", "Sylpheed"),
        (".claws-mail/accountrc", "Claws Mail"),
    ] {
        assert!(
            notes
                .iter()
                .any(|n| n["path"].as_str().is_some_and(|p| p.ends_with(file))
                    && n["what"] == format!("program: {client}").as_str()
                    && n["reason"].as_str().is_some_and(|r| r.contains("folder"))),
            "{file}: {notes:?}"
        );
    }
}

#[test]
fn becky_extra_roots_are_searched() {
    let root = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &fixtures().join("becky/two-mailboxes"),
        &root.path().join("hanako"),
    );
    let empty = tempfile::tempdir().expect("tempdir");
    let mut home = Home::at(empty.path());
    home.becky_roots.push(root.path().to_path_buf());
    let found: Vec<_> = search(&home)
        .into_iter()
        .filter(|s| s.found && s.client == "Becky!")
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.iter().any(|s| s.path.ends_with("hanako")));
}

#[test]
fn planted_passwords_appear_in_no_output() {
    let cases = [
        fixtures().join("sylpheed/several-accounts"),
        fixtures().join("becky/two-mailboxes"),
    ];
    for args in [
        vec!["--format", "human", "--no-color"],
        vec!["--format", "json"],
        vec!["--format", "human", "--lang", "ja"],
    ] {
        let out = Command::cargo_bin("maillint")
            .expect("binary")
            .args(&args)
            .args(&cases)
            .output()
            .expect("runs");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("ML307"), "{all}");
        for secret in [
            "PlantedSylpheedSecret1",
            "PlantedSylpheedSecret2",
            "PlantedBeckySecret",
            "Planted",
        ] {
            assert!(!all.contains(secret), "{secret} leaked with {args:?}");
        }
    }
}

/// A `.source` file named on its own is read with its folder, since the
/// account's identity and transport are other files of that folder.
#[test]
fn a_named_source_file_reads_its_whole_folder() {
    let dir = fixtures().join("evolution/sources");
    let out = check_paths(&[dir.join("7a7a7a7a7a7a.source")], &CheckOptions::default());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let doc = &out.documents[0];
    assert_eq!(doc.client, Client::Evolution);
    let office = doc
        .accounts
        .iter()
        .find(|a| a.key == "7a7a7a7a7a7a")
        .expect("the named account");
    assert_eq!(
        office.outgoing.len(),
        1,
        "transport found through the identity"
    );
    assert!(out.sources.len() > 1);
}

/// Real Claws Mail files (see the corpus' SOURCES.md): read without ML001.
#[test]
fn corpus_accountrc_reads_without_parse_errors() {
    let root = std::env::var_os("MAILLINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let dir = root.join("accountrc");
    if !dir.is_dir() {
        assert!(
            std::env::var_os("MAILLINT_REQUIRE_CORPUS").is_none_or(|v| v != "1"),
            "corpus required but {} is missing",
            dir.display()
        );
        eprintln!("notice: no corpus at {}; skipped", dir.display());
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read corpus")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in files {
        let out = check_paths(std::slice::from_ref(&f), &CheckOptions::default());
        assert!(out.errors.is_empty(), "{}: {:?}", f.display(), out.errors);
        assert_eq!(out.documents.len(), 1, "{}", f.display());
        let doc = &out.documents[0];
        assert_eq!(doc.client, Client::ClawsMail, "{}", f.display());
        assert!(!doc.accounts.is_empty(), "{}", f.display());
        let ml001: Vec<_> = out
            .diagnostics
            .iter()
            .filter(|d| d.code == "ML001")
            .collect();
        assert!(ml001.is_empty(), "{}: {:?}", f.display(), ml001);
    }
}
