//! Discovery of Thunderbird profiles in every layout, on a fake home.

mod common;

use std::path::Path;

use common::{addresses, maillint, run_json};

fn profile(root: &Path, rel: &str, email: &str) {
    let dir = root.join(rel);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("prefs.js"),
        format!(
            "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n\
             user_pref(\"mail.account.account1.server\", \"server1\");\n\
             user_pref(\"mail.account.account1.identities\", \"id1\");\n\
             user_pref(\"mail.identity.id1.useremail\", \"{email}\");\n\
             user_pref(\"mail.server.server1.type\", \"imap\");\n\
             user_pref(\"mail.server.server1.hostname\", \"imap.example.jp\");\n\
             user_pref(\"mail.server.server1.port\", 993);\n\
             user_pref(\"mail.server.server1.socketType\", 3);\n"
        ),
    )
    .expect("write prefs");
}

fn profiles_ini(root: &Path, entries: &[(&str, bool)]) {
    let mut ini = String::from("[General]\nStartWithLastProfile=1\nVersion=2\n\n");
    for (i, (path, relative)) in entries.iter().enumerate() {
        ini.push_str(&format!(
            "[Profile{i}]\nName=p{i}\nIsRelative={}\nPath={path}\n\n",
            if *relative { 1 } else { 0 }
        ));
    }
    std::fs::create_dir_all(root).expect("mkdir");
    std::fs::write(root.join("profiles.ini"), ini).expect("write ini");
}

#[test]
fn finds_profiles_in_every_layout() {
    let home = tempfile::tempdir().expect("tempdir");
    let h = home.path();
    // Linux native, with a relative and an absolute profile path.
    let native = h.join(".thunderbird");
    profile(&native, "aaaa.default", "native@example.jp");
    let elsewhere = h.join("elsewhere/bbbb.work");
    profile(&h.join("elsewhere"), "bbbb.work", "absolute@example.jp");
    profiles_ini(
        &native,
        &[
            ("aaaa.default", true),
            (elsewhere.to_str().expect("utf-8 path"), false),
        ],
    );
    // Snap and flatpak.
    let snap = h.join("snap/thunderbird/common/.thunderbird");
    profile(&snap, "cccc.default", "snap@example.jp");
    profiles_ini(&snap, &[("cccc.default", true)]);
    let flatpak = h.join(".var/app/org.mozilla.Thunderbird/.thunderbird");
    profile(&flatpak, "dddd.default", "flatpak@example.jp");
    profiles_ini(&flatpak, &[("dddd.default", true)]);
    // macOS and Windows layouts (Profiles/ subfolder).
    let mac = h.join("Library/Thunderbird");
    profile(&mac, "Profiles/eeee.default", "mac@example.jp");
    profiles_ini(&mac, &[("Profiles/eeee.default", true)]);
    let win = h.join("AppData/Roaming/Thunderbird");
    profile(&win, "Profiles/ffff.default", "windows@example.jp");
    profiles_ini(&win, &[("Profiles/ffff.default", true)]);

    let (code, v) = run_json(maillint().env("HOME", h).args(["--format", "json"]));
    assert_eq!(code, 0);
    let addresses = addresses(&v);
    for a in [
        "native@example.jp",
        "absolute@example.jp",
        "snap@example.jp",
        "flatpak@example.jp",
        "mac@example.jp",
        "windows@example.jp",
    ] {
        assert!(
            addresses.iter().any(|x| x == a),
            "{a} not found in {addresses:?}"
        );
    }
    assert_eq!(addresses.len(), 6, "each profile read once: {addresses:?}");
}

#[test]
fn a_profile_missing_from_disk_is_reported_in_profiles_ini() {
    let home = tempfile::tempdir().expect("tempdir");
    let root = home.path().join(".thunderbird");
    profile(&root, "aaaa.default", "a@example.jp");
    profiles_ini(&root, &[("aaaa.default", true), ("gone.default", true)]);
    maillint()
        .env("HOME", home.path())
        .assert()
        .code(1)
        .stdout(predicates::str::contains("profiles.ini"))
        .stdout(predicates::str::contains("gone.default"));
}

/// A folder walk recognises renamed settings files by content, and leaves
/// other files with the same endings alone (no finding about them).
#[test]
fn a_walk_finds_renamed_files_by_content_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    profile(d, "x", "x@example.jp");
    std::fs::rename(d.join("x/prefs.js"), d.join("customer1_prefs.js")).expect("rename");
    std::fs::write(
        d.join("mail.reg.txt"),
        "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\"Account Name\"=\"Home\"\r\n\"POP3 Server\"=\"pop.example.jp\"\r\n\"SMTP Email Address\"=\"y@example.jp\"\r\n",
    )
    .expect("write");
    std::fs::write(d.join("notes.txt"), "call the customer back on Monday\n").expect("write");
    std::fs::write(d.join("app.js"), "function f() { return 1; }\n").expect("write");
    std::fs::write(
        d.join("desktop.ini"),
        "[.ShellClassInfo]\r\nIconIndex=0\r\n",
    )
    .expect("write");
    let out = maillint()
        .arg("check")
        .arg(d)
        .args(["--format", "json"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let mut files: Vec<String> = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let p = f["path"].as_str().unwrap_or_default();
            format!(
                "{} {}",
                p.rsplit(['/', '\\']).next().unwrap_or(p),
                f["format"].as_str().unwrap_or_default()
            )
        })
        .collect();
    files.sort();
    assert_eq!(files, ["customer1_prefs.js prefs-js", "mail.reg.txt reg"]);
    assert!(
        !v["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .any(|d| d["code"] == "ML001"),
        "{}",
        v["diagnostics"]
    );
}

/// A walk skips package and version-control trees, but not folders a
/// template repository might use.
#[test]
fn a_walk_skips_node_modules_and_git_but_not_mail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    profile(&d.join("node_modules/pkg"), "p", "hidden1@example.jp");
    profile(&d.join(".git/objects"), "p", "hidden2@example.jp");
    profile(&d.join("mail"), "p", "found@example.jp");
    let (_, v) = run_json(maillint().arg("check").arg(d).args(["--format", "json"]));
    assert_eq!(addresses(&v), ["found@example.jp"]);
}
