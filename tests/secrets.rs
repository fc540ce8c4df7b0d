//! No output may contain a stored password or token, whatever the input.

mod common;

use common::{SECRETS, maillint, other_clients};

const SECRET: &str = "S3cret-Pw!42";
const TOKEN: &str = "ya29.a0AfH6SMBtokenvalue";

fn profile_with_secrets() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    // Passwords next to lines with findings, so that source snippets would
    // show them if they were not masked.
    std::fs::write(
        dir.path().join("prefs.js"),
        format!(
            "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n\
             user_pref(\"mail.account.account1.server\", \"server1\");\n\
             user_pref(\"mail.account.account1.identities\", \"id1\");\n\
             user_pref(\"mail.identity.id1.useremail\", \"ＴＡＲＯ@example.jp\");\n\
             user_pref(\"mail.server.server1.password\", \"{SECRET}\");\n\
             user_pref(\"mail.server.server1.authMethod\", 6);\n\
             user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n\
             user_pref(\"mail.server.server1.type\", \"pop3\");\n\
             user_pref(\"mail.server.server1.hostname\", \"pop.example.jp\");\n\
             user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.jp\");\n\
             user_pref(\"mail.smtpserver.smtp1.oauth2.refresh_token\", \"{TOKEN}\");\n\
             user_pref(\"mail.smtpserver.smtp1.port\", 25);\n\
             user_pref(\"mail.smtpserver.smtp1.authMethod\", 6);\n"
        ),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("user.js"),
        format!("user_pref(\"mail.smtpserver.smtp1.password\", \"{SECRET}\");\nuser_pref(\"mail.smtpserver.smtp1.port\", 465);\n"),
    )
    .expect("write");
    dir
}

#[test]
fn stored_passwords_and_tokens_appear_in_no_output() {
    let dir = profile_with_secrets();
    for format in ["human", "json", "sarif", "github", "junit", "concise"] {
        for lang in ["en", "ja"] {
            let out = maillint()
                .arg(dir.path())
                .args(["--format", format, "--lang", lang])
                .assert()
                .code(1)
                .get_output()
                .clone();
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                !all.contains(SECRET),
                "{format}/{lang} leaks the password:\n{all}"
            );
            assert!(
                !all.contains(TOKEN),
                "{format}/{lang} leaks the token:\n{all}"
            );
            assert!(
                !all.contains("S3cret"),
                "{format}/{lang} leaks part of the password"
            );
        }
    }
}

#[test]
fn the_model_records_that_a_password_is_stored() {
    let dir = profile_with_secrets();
    let out = maillint()
        .arg(dir.path())
        .args(["--format", "json"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["accounts"][0]["incoming"]["password_stored"], true);
    assert_eq!(v["accounts"][0]["outgoing"][0]["password_stored"], true);
}

/// Every reader's way of storing a password, through every `check` format.
#[test]
fn no_reader_lets_a_password_reach_any_check_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    other_clients(dir.path());
    for format in ["human", "json", "sarif", "github", "junit", "concise"] {
        for lang in ["en", "ja"] {
            let out = maillint()
                .arg("check")
                .arg(dir.path())
                .args(["--format", format, "--lang", lang])
                .assert()
                .get_output()
                .clone();
            assert_ne!(
                out.status.code(),
                Some(2),
                "{format}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            if format == "json" {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
                let read = v["files"].as_array().map(Vec::len).unwrap_or_default();
                assert_eq!(read, 5, "every input is read: {}", v["files"]);
            }
            for secret in SECRETS {
                assert!(
                    !all.contains(secret),
                    "{format}/{lang} leaks {secret}:\n{all}"
                );
            }
        }
    }
}
