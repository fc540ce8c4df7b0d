//! Configuration, suppressions and exit codes through the binary.

mod common;

use common::{PORT_25_ONLY, SPA_AND_PORT_25, maillint_in as maillint, profile, stderr, stdout};

fn concise(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = maillint(dir)
        .args(["check", "--format", "concise"])
        .args(args)
        .output()
        .expect("runs");
    (out.status.code(), stdout(&out), stderr(&out))
}

fn codes(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.split_whitespace().nth(2).map(String::from))
        .collect()
}

#[test]
fn config_is_found_upward_and_flags_override_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(root.join(".maillint.toml"), "ignore = [\"smtp-port-25\"]\n").expect("config");
    let deep = root.join("a/b/c");
    profile(&deep, "p", SPA_AND_PORT_25);
    let (code, out, err) = concise(&deep, &["p"]);
    assert_eq!(
        (code, codes(&out)),
        (Some(1), vec!["ML301".to_string()]),
        "{err}"
    );
    // --isolated: no configuration at all.
    let (_, out, _) = concise(&deep, &["p", "--isolated"]);
    assert_eq!(codes(&out), ["ML301", "ML401"]);
    // --config names another file; --select replaces the file's selection.
    std::fs::write(root.join("other.toml"), "select = [\"ML4\"]\n").expect("config");
    let (_, out, _) = concise(&deep, &["p", "--config", "../../../other.toml"]);
    assert_eq!(codes(&out), ["ML401"]);
    let (_, out, _) = concise(
        &deep,
        &["p", "--config", "../../../other.toml", "--select", "ML3"],
    );
    assert_eq!(codes(&out), ["ML301"]);
    let (_, out, _) = concise(
        &deep,
        &[
            "p",
            "--config",
            "../../../other.toml",
            "--extend-select",
            "spa-enabled",
        ],
    );
    assert_eq!(codes(&out), ["ML301", "ML401"]);
}

#[test]
fn config_errors_point_into_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), "p", PORT_25_ONLY);
    std::fs::write(
        dir.path().join(".maillint.toml"),
        "policy = \"generic\"\n\n[severity]\nML401 = \"error\"\n  bogus-key = \"info\"\n",
    )
    .expect("config");
    let (code, out, err) = concise(dir.path(), &["p"]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    let line = err.lines().next().unwrap_or_default();
    assert!(line.starts_with("maillint: "), "{err}");
    assert!(
        line.contains(".maillint.toml:5:3: unknown rule 'bogus-key'"),
        "{err}"
    );
    assert!(err.trim_end().lines().count() == 1, "{err}");

    std::fs::write(
        dir.path().join(".maillint.toml"),
        "[severity]\nML401 = \"fatal\"\n",
    )
    .expect("config");
    let (code, _, err) = concise(dir.path(), &["p"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains(".maillint.toml:2:9: 'fatal' is not a severity"),
        "{err}"
    );

    std::fs::write(
        dir.path().join(".maillint.toml"),
        "fail-on = \"error\"\nmax-warning = 3\n",
    )
    .expect("config");
    let (code, _, err) = concise(dir.path(), &["p"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains(".maillint.toml:2:1: unknown key 'max-warning'"),
        "{err}"
    );

    std::fs::write(
        dir.path().join(".maillint.toml"),
        "ignore = [\"ML4\", \"ML999\"]\n",
    )
    .expect("config");
    let (code, _, err) = concise(dir.path(), &["p"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains(".maillint.toml:1:18: unknown rule 'ML999'"),
        "{err}"
    );

    std::fs::write(dir.path().join(".maillint.toml"), "\npolicy = \"acme\"\n").expect("config");
    let (code, _, err) = concise(dir.path(), &["p"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains(".maillint.toml:2:10: unknown policy 'acme'"),
        "{err}"
    );

    // A --config that does not exist is a one-line error too.
    let (code, _, err) = concise(dir.path(), &["p", "--config", "nope.toml"]);
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("maillint: cannot read configuration file nope.toml"),
        "{err}"
    );
}

#[test]
fn per_file_ignores_and_severity_overrides() {
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), "legacy/p", SPA_AND_PORT_25);
    profile(dir.path(), "current/p", SPA_AND_PORT_25);
    std::fs::write(
        dir.path().join(".maillint.toml"),
        "[per-file-ignores]\n\"legacy/**\" = [\"spa-enabled\"]\n\n[severity]\nML401 = \"info\"\n",
    )
    .expect("config");
    let (code, out, _) = concise(dir.path(), &["legacy", "current"]);
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines
            .iter()
            .all(|l| !(l.starts_with("legacy") && l.contains("ML301")))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("current") && l.contains(": error ML301 "))
    );
    assert_eq!(out.matches(": info ML401 ").count(), 2, "{out}");
}

#[test]
fn severity_override_changes_the_exit_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), "p", PORT_25_ONLY);
    let (code, out, _) = concise(dir.path(), &["p"]);
    assert_eq!(code, Some(0), "a warning does not fail by default: {out}");
    std::fs::write(
        dir.path().join(".maillint.toml"),
        "[severity]\nsmtp-port-25 = \"error\"\n",
    )
    .expect("config");
    let (code, out, _) = concise(dir.path(), &["p"]);
    assert_eq!(code, Some(1));
    assert!(out.contains(": error ML401 "), "{out}");
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), "warn", PORT_25_ONLY);
    profile(dir.path(), "err", SPA_AND_PORT_25);
    let code = |args: &[&str]| concise(dir.path(), args).0;
    assert_eq!(code(&["warn"]), Some(0));
    assert_eq!(code(&["err"]), Some(1));
    assert_eq!(code(&["err", "--exit-zero"]), Some(0));
    assert_eq!(code(&["warn", "--fail-on", "warning"]), Some(1));
    assert_eq!(code(&["warn", "--max-warnings", "0"]), Some(1));
    assert_eq!(code(&["warn", "--max-warnings", "1"]), Some(0));
    assert_eq!(
        code(&["warn", "--max-warnings", "0", "--exit-zero"]),
        Some(0)
    );
    // The run itself failing is 2, --exit-zero or not.
    assert_eq!(code(&["no-such-folder", "--exit-zero"]), Some(2));
    assert_eq!(code(&["warn", "--max-warnings", "many"]), Some(2));
    assert_eq!(code(&["warn", "--format", "xml"]), Some(2));
    std::fs::write(dir.path().join(".maillint.toml"), "fail-on = \"warning\"\n").expect("config");
    assert_eq!(code(&["warn"]), Some(1));
    assert_eq!(code(&["warn", "--fail-on", "error"]), Some(0));
    std::fs::write(dir.path().join(".maillint.toml"), "max-warnings = 0\n").expect("config");
    assert_eq!(code(&["warn"]), Some(1));
}

#[test]
fn show_settings_prints_the_effective_settings() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join(".maillint.toml"),
        "policy = \"koara\"\nselect = [\"ML3\", \"ML4\"]\nignore = [\"ML402\"]\nfail-on = \"warning\"\n\
         [severity]\nML401 = \"error\"\n[per-file-ignores]\n\"old/*\" = [\"ML301\"]\n\
         [allowed-ports]\noutgoing = [587]\n[allowed-auth]\noutgoing = [\"cleartext\", \"oauth2\"]\n",
    )
    .expect("config");
    let out = maillint(dir.path())
        .args(["check", "--show-settings", "--max-warnings", "3"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for expected in [
        ".maillint.toml",
        "policy: koara (from ",
        "with the inline tables of",
        "  outgoing host: www.{domain}",
        "  allowed outgoing ports: 587",
        "  allowed outgoing authentication: cleartext, oauth2",
        "select: ML3, ML4",
        "ignore: ML402",
        "  old/*: ML301",
        "  ML401: error",
        "fail-on: warning",
        "max-warnings: 3",
    ] {
        assert!(text.contains(expected), "missing '{expected}' in:\n{text}");
    }
    let out = maillint(dir.path())
        .args(["check", "--show-settings", "--isolated"])
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(text.contains("config file: (none)"), "{text}");
    assert!(text.contains("policy: generic (from default)"), "{text}");
    assert!(text.contains("fail-on: error"), "{text}");
}

#[test]
fn inline_policy_tables_drive_the_limit_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), "p", SPA_AND_PORT_25);
    std::fs::write(
        dir.path().join(".maillint.toml"),
        "[allowed-ports]\nincoming = [995]\noutgoing = [587, 465]\n\
         [allowed-auth]\nincoming = [\"cleartext\"]\n",
    )
    .expect("config");
    let (code, out, _) = concise(dir.path(), &["p"]);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&out), ["ML301", "ML308", "ML401", "ML403"], "{out}");
    assert!(out.contains("(allowed: 587, 465)"), "{out}");
}

#[test]
fn suppressions_in_prefs_js() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = SPA_AND_PORT_25
        .replace(
            "user_pref(\"mail.server.server1.authMethod\", 6);",
            "// maillint: ignore ML301 -- the relay speaks NTLM\nuser_pref(\"mail.server.server1.authMethod\", 6);",
        )
        .replace(
            "user_pref(\"mail.smtpservers\"",
            "/* maillint: ignore smtp-port-25 */\nuser_pref(\"mail.smtpservers\"",
        );
    profile(dir.path(), "p", &text);
    let (code, out, _) = concise(dir.path(), &["p"]);
    // ML301 is gone; the second comment covers the wrong pref: ML401 stays
    // and the comment is reported.
    assert_eq!(codes(&out), ["ML401", "ML002"], "{out}");
    assert_eq!(code, Some(0));
    assert!(out.contains("prefs.js:15:1: warning ML002 "), "{out}");
    // The unused-suppression warning obeys --ignore like any rule.
    let (_, out, _) = concise(dir.path(), &["p", "--ignore", "ML002"]);
    assert_eq!(codes(&out), ["ML401"]);
}

#[test]
fn policy_flag_overrides_the_file_and_inline_tables_still_apply() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join(".maillint.toml"),
        "policy = \"generic\"\n[allowed-ports]\noutgoing = [587]\n",
    )
    .expect("config");
    let out = maillint(dir.path())
        .args(["check", "--show-settings", "--policy", "koara"])
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(
        text.contains("policy: koara (from --policy), with the inline tables of"),
        "{text}"
    );
    assert!(text.contains("  allowed outgoing ports: 587"), "{text}");
    assert!(
        text.contains("  message size limit: 5242880 bytes"),
        "{text}"
    );
}

#[test]
fn human_and_json_reports_go_to_files_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), "p", SPA_AND_PORT_25);
    let out = maillint(dir.path())
        .args(["check", "p", "--format", "json", "-o", "r.json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).expect("report"))
            .expect("JSON");
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(2));
    let out = maillint(dir.path())
        .args(["check", "p", "-o", "r.txt"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = std::fs::read_to_string(dir.path().join("r.txt")).expect("report");
    assert!(text.contains("ML301 spa-enabled"), "{text}");
    // No colour codes in a file.
    assert!(!text.contains('\u{1b}'), "{text}");
}
