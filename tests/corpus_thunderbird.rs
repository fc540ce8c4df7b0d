//! Real Thunderbird files from the corpus (../shared/corpus, see SOURCES.md).

mod common;

use common::{corpus_dir, maillint};

/// A home folder written by a real Thunderbird 153: discovery finds both
/// profiles and the planted problems, and nothing on Local Folders.
#[test]
fn real_thunderbird_home_is_discovered_and_its_planted_problems_found() {
    let Some(corpus) = corpus_dir() else { return };
    let home = corpus.join("thunderbird-real/home-taro");
    let out = maillint()
        .env("HOME", &home)
        .args(["--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let paths: Vec<String> = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().unwrap_or_default().to_string())
        .collect();
    for p in [
        "profiles.ini",
        "sy8g7hqs.default/prefs.js",
        "tcao38h9.default-default/prefs.js",
    ] {
        assert!(
            paths.iter().any(|x| x.ends_with(p)),
            "{p} not read: {paths:?}"
        );
    }
    let found: Vec<(String, u64, String)> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let codes: Vec<&str> = found.iter().map(|(c, _, _)| c.as_str()).collect();
    // The planted problems (SOURCES.md): full-width identity address, a
    // reply-to with a comma for a dot, an SMTP host with a trailing space,
    // SMTP on port 25, SPA on the second SMTP server.
    assert!(
        found
            .iter()
            .any(|(c, _, m)| c == "ML101" && m.contains("ｓａｌｅｓ")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(c, _, m)| c == "ML103" && m.contains("koara-example,jp")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(c, _, m)| c == "ML202" && m.contains("smtp.koara-example.jp ")),
        "{found:?}"
    );
    assert!(codes.contains(&"ML401"), "{found:?}");
    assert!(codes.contains(&"ML301"), "{found:?}");
    // Nothing about the Local Folders pseudo-account (hostname "Local Folders").
    assert!(
        !found.iter().any(|(_, _, m)| m.contains("Local Folders")),
        "{found:?}"
    );
    let accounts = v["accounts"].as_array().expect("accounts");
    assert_eq!(
        accounts.len(),
        1,
        "only the real mail account, not Local Folders"
    );
    assert_eq!(accounts[0]["outgoing"].as_array().map(Vec::len), Some(2));
}

/// Under the koara policy the second SMTP server is also off-template, and
/// only as a warning (the access provider's own server is allowed).
#[test]
fn real_thunderbird_home_under_koara() {
    let Some(corpus) = corpus_dir() else { return };
    let home = corpus.join("thunderbird-real/home-taro");
    maillint()
        .env("HOME", &home)
        .args([
            "--policy",
            "koara",
            "--select",
            "ML201",
            "--fail-on",
            "warning",
        ])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("smtp.koara-example.jp"))
        .stdout(predicates::str::contains("0 errors, 1 warning"));
}

/// Every prefs.js / user.js in the corpus reads without a parse error.
#[test]
fn every_corpus_prefs_file_reads_without_parse_errors() {
    let Some(corpus) = corpus_dir() else { return };
    let dir = corpus.join("prefs-js");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("prefs-js folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 8,
        "expected the 8 corpus files, found {}",
        files.len()
    );
    for f in &files {
        let out = maillint()
            .args(["check", "--format", "json", "--select", "ML001"])
            .arg(f)
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
        assert_eq!(
            v["summary"]["errors"],
            0,
            "{}: {}",
            f.display(),
            v["diagnostics"]
        );
    }
}
