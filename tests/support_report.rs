//! `maillint report` through the binary, against a fake home built from
//! `tests/data/home` (two Thunderbird installs, three profiles, passwords
//! and tokens in prefs.js and user.js).

use std::path::{Path, PathBuf};

use assert_cmd::Command;

mod common;

use common::{SECRETS, other_clients};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// A fresh copy of the fake home.
fn fake_home() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/home"),
        dir.path(),
    );
    dir
}

fn maillint(home: &Path) -> Command {
    common::maillint_home(home)
}

fn run(home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = maillint(home).args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What differs between machines (version, OS) replaced, for snapshots;
/// the places discovery looked in vain left out (they grow with every reader
/// added; `an_empty_home_still_reports` checks them).
fn portable(s: &str) -> String {
    let s: String = s
        .lines()
        .filter(|l| !l.contains("nothing found.") && !l.contains("で探しましたが"))
        .map(|l| format!("{l}\n"))
        .collect();
    s.replace(env!("CARGO_PKG_VERSION"), "<version>")
        .replace(
            &format!("{} ({})", std::env::consts::OS, std::env::consts::ARCH),
            "<os> (<arch>)",
        )
        .replace(
            &format!("\"os\": \"{}\"", std::env::consts::OS),
            "\"os\": \"<os>\"",
        )
        .replace(
            &format!("\"arch\": \"{}\"", std::env::consts::ARCH),
            "\"arch\": \"<arch>\"",
        )
}

#[test]
fn markdown_report_of_a_fake_home_en() {
    let home = fake_home();
    let (code, out, err) = run(home.path(), &["report", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("report_en", portable(&out));
}

#[test]
fn markdown_report_of_a_fake_home_ja() {
    let home = fake_home();
    let (code, out, err) = run(home.path(), &["report", "--lang", "ja"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("## 概要") && out.contains("受信メールサーバー"));
    insta::assert_snapshot!("report_ja", portable(&out));
}

#[test]
fn both_languages_show_both_headings_and_messages() {
    let home = fake_home();
    let (code, out, _) = run(home.path(), &["report", "--lang", "both"]);
    assert_eq!(code, 0);
    assert!(out.contains("## Summary / 概要"));
    assert!(out.contains("full-width character 'ｉ'"));
    assert!(out.contains("全角"));
}

#[test]
fn json_report_of_a_fake_home() {
    let home = fake_home();
    let (code, out, err) = run(home.path(), &["report", "--format", "json", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["accounts"], 3);
    assert_eq!(v["findings"][0]["severity"], "error");
    // Snapshot the parsed report, without the places looked in vain (see `portable`).
    let mut v = v;
    if let Some(list) = v["not_checked"].as_array_mut() {
        list.retain(|n| !n.as_str().is_some_and(|n| n.contains("nothing found.")));
    }
    let pretty = serde_json::to_string_pretty(&v).expect("serializes");
    insta::assert_snapshot!("report_json", portable(&pretty));
}

#[test]
fn redacted_addresses_keep_what_a_diagnosis_needs() {
    let home = fake_home();
    let (code, out, _) = run(
        home.path(),
        &["report", "--lang", "en", "--redact-addresses"],
    );
    assert_eq!(code, 0);
    for name in ["Hanako.Suzuk", "taro@", "jiro..ito", "hsuzuki"] {
        assert!(!out.contains(name), "{name} is not masked");
    }
    // Upper case, the full-width ｉ, the dots and the domains stay visible.
    assert!(out.contains("Xxxxxx.Xxxxxｘ@corp.example.co.jp"), "{out}");
    assert!(out.contains("xxxx..xxx.@docomo.ne.jp"));
    assert!(out.contains("xxxx@example.jp"));
    insta::assert_snapshot!("report_redacted", portable(&out));
}

#[test]
fn no_secret_appears_in_any_format_or_language() {
    let home = fake_home();
    // A file named on the command line too, with a broken password line
    // (what a parse error might quote) and a secret-named INI-style key.
    let extra = home.path().join("extra-prefs.js");
    std::fs::write(
        &extra,
        "user_pref(\"mail.server.server9.password\", \"Br0ken\"Secret\");\n\
         user_pref(\"mail.server.server9.hostname\", \"pop.example.jp\");\n\
         // smtp_pass=hunter2hunter2\n",
    )
    .expect("write");
    let profile = home.path().join(".thunderbird/efgh5678.work");
    let mut named: Vec<String> = vec![
        extra.display().to_string(),
        profile.display().to_string(),
        home.path().join("snap").display().to_string(),
    ];
    named.extend(other_clients(&home.path().join("others")));
    // And the same in the home, where discovery looks for them.
    other_clients(home.path());
    for format in ["markdown", "json"] {
        for lang in ["en", "ja", "both"] {
            for redact in [false, true] {
                for paths in [&[][..], &named[..]] {
                    let mut args = vec!["report", "--format", format, "--lang", lang];
                    if redact {
                        args.push("--redact-addresses");
                    }
                    args.extend(paths.iter().map(String::as_str));
                    let (_, out, err) = run(home.path(), &args);
                    assert!(!out.is_empty(), "{args:?}: {err}");
                    for s in SECRETS {
                        assert!(!out.contains(s), "{s} leaked with {args:?}");
                        assert!(!err.contains(s), "{s} leaked to stderr with {args:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn same_input_same_bytes() {
    let home = fake_home();
    for format in ["markdown", "json"] {
        let a = maillint(home.path())
            .args(["report", "--format", format])
            .output()
            .expect("runs");
        let b = maillint(home.path())
            .args(["report", "--format", format])
            .output()
            .expect("runs");
        assert_eq!(a.stdout, b.stdout, "{format} report differs between runs");
    }
}

#[test]
fn timestamp_only_on_request() {
    let home = fake_home();
    let (_, plain, _) = run(home.path(), &["report", "--lang", "en"]);
    assert!(!plain.contains("Generated"));
    let (_, stamped, _) = run(home.path(), &["report", "--lang", "en", "--timestamp"]);
    assert!(stamped.contains("| Generated (UTC) | 20"), "{stamped}");
}

#[test]
fn output_file_and_errors() {
    let home = fake_home();
    let target: PathBuf = home.path().join("report.md");
    let (code, out, _) = run(
        home.path(),
        &[
            "report",
            "-o",
            &target.display().to_string(),
            "--lang",
            "en",
        ],
    );
    assert_eq!(code, 0);
    assert!(out.is_empty());
    let written = std::fs::read_to_string(&target).expect("written");
    assert!(written.starts_with("# maillint report"));

    let (code, _, err) = run(home.path(), &["report", "/no/such/path"]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    // clap's own message, with the allowed values (issue 10, item 8).
    let (code, _, err) = run(home.path(), &["report", "--format", "pdf"]);
    assert_eq!(code, 2);
    assert!(err.contains("[possible values: markdown, json]"), "{err}");
}

#[test]
fn an_empty_home_still_reports() {
    let home = tempfile::tempdir().expect("tempdir");
    let (code, out, _) = run(home.path(), &["report", "--lang", "en"]);
    assert_eq!(code, 0);
    assert!(out.contains("No mail-client settings were found."));
    assert!(out.contains("Looked for Thunderbird in ~/.thunderbird: nothing found."));
}
