//! Issue 10's small ones, through the binary: the rules table, `rules
//! --help`, the README's families, the report's counts, and a suppression in
//! a truncated XML file.

mod common;

use std::collections::BTreeSet;

use common::{maillint, run_json};
use unicode_width::UnicodeWidthStr;

#[test]
fn rules_table_columns_stay_aligned_in_en_and_ja() {
    for lang in ["C", "ja_JP.UTF-8"] {
        let out = maillint()
            .env("LANG", lang)
            .arg("rules")
            .output()
            .expect("runs");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        let (json_code, rules) = run_json(
            maillint()
                .env("LANG", lang)
                .args(["rules", "--format", "json"]),
        );
        assert_eq!(json_code, 0);
        let rules = rules.as_array().expect("list").clone();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), rules.len(), "{text}");
        // Every summary starts in the same terminal column, long names included.
        let starts: BTreeSet<usize> = lines
            .iter()
            .zip(&rules)
            .map(|(line, r)| {
                let summary = r["summary"].as_str().expect("summary");
                let at = line.rfind(summary).unwrap_or_else(|| panic!("{line}"));
                line[..at].width()
            })
            .collect();
        assert_eq!(starts.len(), 1, "summaries out of line ({lang}):\n{text}");
        let longest = rules
            .iter()
            .map(|r| r["name"].as_str().unwrap_or("").len())
            .max()
            .unwrap_or(0);
        assert!(longest > 26, "a name longer than the old fixed column");
        if lang.starts_with("ja") {
            assert!(text.contains("エラー"), "severities in Japanese:\n{text}");
            assert!(!text.contains(" error "), "{text}");
        }
    }
}

#[test]
fn rules_help_describes_the_rules_formats() {
    let out = maillint().args(["rules", "--help"]).output().expect("runs");
    let help = String::from_utf8(out.stdout).expect("utf-8");
    assert!(!help.contains("source snippets"), "{help}");
    assert!(help.contains("human: Text for people"), "{help}");
}

#[test]
fn readme_family_table_lists_every_family() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let (_, rules) = run_json(maillint().args(["rules", "--format", "json"]));
    let families: BTreeSet<String> = rules
        .as_array()
        .expect("list")
        .iter()
        .map(|r| format!("| ML{}xx |", &r["code"].as_str().unwrap_or("ML0")[2..3]))
        .collect();
    for f in &families {
        assert!(readme.contains(f.as_str()), "README lacks the row {f}");
    }
    assert!(families.contains("| ML6xx |"));
}

fn report_summary(home: &std::path::Path, prefs: &str, lang: &str) -> String {
    let profile = home.join(".thunderbird/p.default");
    std::fs::create_dir_all(&profile).expect("mkdir");
    std::fs::write(profile.join("prefs.js"), prefs).expect("write");
    let out = maillint()
        .env("HOME", home)
        .env("LANG", lang)
        .args(["report", "--lang", if lang == "C" { "en" } else { "ja" }])
        .arg(&profile)
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let at = text.find("## ").expect("headings");
    text[at..].to_string()
}

#[test]
fn report_counts_agree_with_check_and_speak_english_plurals() {
    let home = tempfile::tempdir().expect("tempdir");
    // One account with one warning (ML102, upper case) and nothing else.
    let prefs = r#"user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.identity.id1.useremail", "Taro@example.jp");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.server.server1.hostname", "pop.example.jp");
user_pref("mail.server.server1.type", "pop3");
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.port", 995);
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.jp");
user_pref("mail.smtpserver.smtp1.port", 465);
user_pref("mail.smtpserver.smtp1.try_ssl", 3);
user_pref("mail.smtpservers", "smtp1");
"#;
    let text = report_summary(home.path(), prefs, "C");
    assert!(
        text.contains("0 errors, 1 warning and 0 infos in 1 file (1 account)"),
        "{text}"
    );
    assert!(!text.contains("notes in"), "{text}");
    let ja = report_summary(home.path(), prefs, "ja_JP.UTF-8");
    assert!(ja.contains("エラー 0 件、警告 1 件、情報 0 件"), "{ja}");
}

#[test]
fn a_suppression_before_a_truncated_element_is_not_file_level() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("config-v1.1.xml");
    std::fs::write(
        &file,
        "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">\n  \
         <!-- maillint: ignore ML301 - the provider wants SPA -->\n  \
         <emailProvider id=\"example.jp\">\n    <domain>example.jp</domain>\n    \
         <incomingServer type=\"pop3\">\n      <hostname>pop.exa",
    )
    .expect("write");
    let out = maillint()
        .args(["check", "--format", "concise"])
        .arg(&file)
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains(":3:3: warning ML002 this suppression of ML301"),
        "{text}"
    );
    assert!(!text.contains("file-level"), "{text}");
}

#[test]
fn severity_flag_sets_the_lowest_severity_shown() {
    let run = |extra: &[&str]| {
        let out = maillint()
            .args(["check", "--policy", "koara", "--format", "concise"])
            .args(extra)
            .arg("fixtures/thunderbird/koara-policy")
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8(out.stdout).expect("utf-8"),
        )
    };
    let (_, all) = run(&[]);
    assert!(all.contains(": info "), "{all}");
    let (_, warn) = run(&["--severity", "warning"]);
    assert!(!warn.contains(": info "), "{warn}");
    assert!(
        warn.contains(": error ") || warn.contains(": warning "),
        "{warn}"
    );
    let (_, errors) = run(&["-S", "error"]);
    assert!(errors.lines().all(|l| l.contains(": error ")), "{errors}");
    // Hidden findings do not fail the run.
    let (code, _) = run(&["-S", "error", "--fail-on", "info", "--select", "ML501"]);
    assert_eq!(code, Some(0));
}

#[test]
fn size_limit_finding_sits_at_the_outgoing_server() {
    let out = maillint()
        .args([
            "check", "--policy", "koara", "--format", "concise", "--select", "ML501",
        ])
        .arg("fixtures/thunderbird/koara-policy/prefs.js")
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let prefs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/thunderbird/koara-policy/prefs.js"
    ))
    .expect("prefs");
    let lines: Vec<&str> = prefs.lines().collect();
    let found: Vec<&str> = text.lines().filter(|l| l.contains(" ML501 ")).collect();
    assert!(!found.is_empty(), "{text}");
    for f in found {
        let line: usize = f
            .split(':')
            .nth(1)
            .and_then(|n| n.parse().ok())
            .expect("line");
        assert!(
            lines[line - 1].contains("mail.smtpserver.") && lines[line - 1].contains(".hostname"),
            "ML501 at {:?}, not the outgoing server",
            lines[line - 1]
        );
    }
}

/// Issue 10, item 14: information about an account as a whole (ML501's size
/// limit under `--policy koara`) is printed compactly: the message, its
/// place on one line (the outgoing server, where the limit applies), the
/// help, and no source snippet.
#[test]
fn account_level_information_is_printed_compactly() {
    for (lang, message) in [
        ("C", "the server accepts messages up to 5 MB"),
        ("ja_JP.UTF-8", "送受信できるメールの容量は 1 通 5MB まで"),
    ] {
        let out = maillint()
            .env("LANG", lang)
            .args(["check", "--policy", "koara", "--select", "ML501"])
            .arg("fixtures/thunderbird/koara-policy/prefs.js")
            .output()
            .expect("runs");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        let start = text.find("ML501 message-size-limit").expect("ML501");
        let block = &text[start
            ..text[start..]
                .find("\n\n\n")
                .map_or(text.len(), |e| start + e)];
        let block = block.trim_end();
        let lines: Vec<&str> = block.lines().collect();
        assert!(lines.len() <= 8, "{lang}: {} lines:\n{block}", lines.len());
        assert!(!block.contains("user_pref"), "{lang}: a snippet:\n{block}");
        assert!(!block.contains("╭─["), "{lang}: a snippet:\n{block}");
        assert!(block.contains(message), "{lang}:\n{block}");
        // The place, on its own line under the message and before the help:
        // line 14 is the outgoing server's name.
        let place = lines
            .iter()
            .position(|l| l == &"  ╰─ fixtures/thunderbird/koara-policy/prefs.js:14:46")
            .unwrap_or_else(|| panic!("{lang}: no place line:\n{block}"));
        let help = lines
            .iter()
            .position(|l| l.starts_with("  help:"))
            .expect("help");
        assert!(place < help, "{lang}:\n{block}");
    }
    // Other findings keep their snippets.
    let out = maillint()
        .args(["check", "--policy", "koara", "--select", "ML201"])
        .arg("fixtures/thunderbird/koara-policy/prefs.js")
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("╭─["), "{text}");
}
