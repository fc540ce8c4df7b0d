//! The command line through the binary: exit codes, formats, languages.

mod common;

use common::maillint;
use predicates::prelude::*;

#[test]
fn clean_profile_exits_zero() {
    maillint()
        .args(["check", "fixtures/thunderbird/clean"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No problems found in 1 file."));
    // Under koara only an info remains (what the 5 MB limit means): still 0.
    maillint()
        .args(["check", "fixtures/thunderbird/clean", "--policy", "koara"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Found 0 errors, 0 warnings and 1 info in 1 file.",
        ));
}

#[test]
fn findings_exit_one_with_snippet_label_help_and_faq() {
    maillint()
        .args(["fixtures/thunderbird/spa", "--policy", "i-do"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("ML301 spa-enabled"))
        .stdout(predicate::str::contains(
            "user_pref(\"mail.server.server1.authMethod\", 6);",
        ))
        .stdout(predicate::str::contains("0x800CCC18"))
        .stdout(predicate::str::contains(
            "http://secure.i-do.ne.jp/user/faq/result.php?id=58&bl=2",
        ));
}

#[test]
fn fail_on_decides_the_exit_code() {
    // Only warnings (ML401 via user.js is a warning; ML202 is an error).
    maillint()
        .args(["fixtures/thunderbird/user-js-override", "--select", "ML401"])
        .assert()
        .code(0);
    maillint()
        .args([
            "fixtures/thunderbird/user-js-override",
            "--select",
            "ML401",
            "--fail-on",
            "warning",
        ])
        .assert()
        .code(1);
}

#[test]
fn unreadable_path_is_one_line_and_exit_two() {
    maillint()
        .args(["check", "no/such/path"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("cannot read no/such/path"))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
}

#[test]
fn bad_flags_are_one_line_and_exit_two() {
    // clap's own messages keep their tip and usage lines (issue 10, item 8).
    for (args, says) in [
        (vec!["--bogus"], "unexpected argument '--bogus'"),
        (
            vec!["check", "--format", "xml", "fixtures/thunderbird/clean"],
            "[possible values: human, json,",
        ),
    ] {
        maillint()
            .args(&args)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::starts_with("error: "))
            .stderr(predicate::str::contains(says));
    }
    for args in [
        vec!["check", "--select", "ML999", "fixtures/thunderbird/clean"],
        vec![
            "check",
            "--policy",
            "nonexistent",
            "fixtures/thunderbird/clean",
        ],
    ] {
        maillint()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with("maillint: "))
            .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    }
}

#[test]
fn json_output_follows_the_schema() {
    let out = maillint()
        .args(["fixtures/thunderbird/ports", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "maillint");
    assert_eq!(v["files"][0]["format"], "prefs-js");
    assert_eq!(v["files"][0]["encoding"], "utf-8");
    // ML402 ×3, and ML302: POP3 with Thunderbird's default normal password
    // over a plain connection.
    assert_eq!(v["summary"]["errors"], 4);
    assert_eq!(v["summary"]["warnings"], 2);
    assert_eq!(v["summary"]["files"], 1);
    let d = &v["diagnostics"][0];
    for key in [
        "code",
        "name",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "offset",
        "length",
        "help",
        "faq",
    ] {
        assert!(d.get(key).is_some(), "diagnostic lacks {key}");
    }
    assert_eq!(d["code"], "ML402");
    assert_eq!(d["line"], 17);
    assert_eq!(d["column"], 39);
    // offset/length address the bytes on disk: "995".
    let text = std::fs::read("fixtures/thunderbird/ports/prefs.js").expect("fixture");
    let off = d["offset"].as_u64().expect("offset") as usize;
    let len = d["length"].as_u64().expect("length") as usize;
    assert_eq!(&text[off..off + len], b"995");
    // Accounts carry values with their origin.
    let acct = &v["accounts"][1];
    assert_eq!(acct["incoming"]["port"]["value"], 143);
    assert_eq!(acct["incoming"]["port"]["origin"], "file");
    let default_port = &v["accounts"][2]["incoming"]["port"];
    assert_eq!(default_port["value"], 995);
    assert_eq!(default_port["origin"], "default");
}

#[test]
fn japanese_messages_with_lang_and_locale() {
    maillint()
        .args(["fixtures/thunderbird/spa", "--lang", "ja"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "セキュリティで保護されたパスワード認証でログオンする",
        ))
        .stdout(predicate::str::contains("エラー"));
    maillint()
        .env("LANG", "ja_JP.UTF-8")
        .args(["fixtures/thunderbird/ports"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("OP25B"))
        .stdout(predicate::str::contains("ファイルをチェックしました"));
    // --lang wins over the locale.
    maillint()
        .env("LC_ALL", "ja_JP.UTF-8")
        .args(["fixtures/thunderbird/ports", "--lang", "en"])
        .assert()
        .stdout(predicate::str::contains(
            "which most access providers block",
        ));
    // JSON messages follow the language too.
    maillint()
        .args([
            "fixtures/thunderbird/spa",
            "--lang",
            "ja",
            "--format",
            "json",
        ])
        .assert()
        .stdout(predicate::str::contains("SPA"))
        .stdout(predicate::str::contains("オンになっています"));
}

#[test]
fn select_and_ignore_take_codes_names_and_prefixes() {
    maillint()
        .args(["fixtures/thunderbird/ports", "--ignore", "ML4"])
        .assert()
        .code(1);
    maillint()
        .args([
            "fixtures/thunderbird/ports",
            "--ignore",
            "ML4,cleartext-password-without-tls",
        ])
        .assert()
        .code(0);
    maillint()
        .args([
            "fixtures/thunderbird/ports",
            "--select",
            "smtp-port-25",
            "--format",
            "json",
        ])
        .assert()
        .stdout(predicate::str::contains("ML401"))
        .stdout(predicate::str::contains("ML402").not());
}

#[test]
fn no_color_means_no_escape_codes() {
    maillint()
        .env_remove("NO_COLOR")
        .args(["fixtures/thunderbird/spa", "--no-color"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn rules_and_explain() {
    maillint()
        .arg("rules")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ML301  spa-enabled"));
    for q in ["ML301", "spa-enabled", "ml301"] {
        maillint()
            .args(["explain", q])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("0x800CCC18"));
    }
    maillint()
        .args(["explain", "ML301", "--lang", "ja"])
        .assert()
        .stdout(predicate::str::contains(
            "セキュリティで保護されたパスワード認証",
        ));
    maillint()
        .args(["explain", "ML301", "--policy", "i-do"])
        .assert()
        .stdout(predicate::str::contains("id=58"));
    maillint()
        .args(["explain", "nothing-like-this"])
        .assert()
        .code(2);
}

#[test]
fn a_file_of_unknown_format_is_a_finding_not_a_crash() {
    maillint()
        .args(["Cargo.toml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("ML001"));
}

#[test]
fn discovery_with_no_path_uses_home() {
    let home = tempfile::tempdir().expect("tempdir");
    maillint()
        .env("HOME", home.path())
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "nothing to check: no mail-client settings found",
        ));
}

#[test]
fn a_domain_without_a_dot_is_a_warning_not_an_error() {
    let out = maillint()
        .args([
            "fixtures/thunderbird/addresses",
            "--select",
            "ML103",
            "--format",
            "json",
        ])
        .assert()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let d = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("hanako@example'"))
        })
        .expect("the dotless address is reported");
    assert_eq!(d["severity"], "warning");
    assert!(d["help"].as_str().is_some_and(|h| h.contains(".jp")));
}

/// The registry is the list `--format` offers: each entry is accepted, shows
/// in `--help`, and has its row in the README's "Output formats" table.
#[test]
fn every_registered_format_is_offered_and_documented() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let help = maillint().args(["check", "--help"]).output().expect("help");
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(!maillint::report::FORMATS.is_empty());
    for f in maillint::report::FORMATS {
        assert!(
            readme.contains(&format!("| `{}` |", f.name)),
            "README's output formats table lacks `{}`",
            f.name
        );
        assert!(
            help.contains(&format!("- {}:", f.name)) && help.contains(f.help),
            "--help lacks {}",
            f.name
        );
        maillint()
            .args([
                "check",
                "fixtures/thunderbird/clean",
                "--isolated",
                "--format",
                f.name,
            ])
            .assert()
            .code(0);
    }
}
