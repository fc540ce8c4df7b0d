//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The real-world corpus: `MAILLINT_CORPUS`, else `../shared/corpus` beside
/// the crate. `None` (with a printed notice) when it is absent, unless
/// `MAILLINT_REQUIRE_CORPUS=1`, which makes its absence a failure.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("MAILLINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("MAILLINT_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "the corpus is required (MAILLINT_REQUIRE_CORPUS=1) but {} is missing",
            dir.display()
        );
    }
    eprintln!(
        "notice: corpus not found at {}; skipping corpus tests",
        dir.display()
    );
    None
}

/// A `maillint` command with a neutral environment.
pub fn maillint() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("maillint").expect("binary builds");
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "400")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// `maillint` with English messages, no colours and no config from the
/// developer's own folders.
pub fn maillint_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("maillint").expect("the binary is built");
    cmd.current_dir(dir)
        .env("LC_ALL", "C")
        .env("NO_COLOR", "1")
        .env_remove("LANG");
    cmd
}

/// A profile whose only finding is ML401 smtp-port-25 (a warning): line 12.
pub const PORT_25_ONLY: &str = r#"// Mozilla User Preferences
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.identity.id1.useremail", "taro@example.jp");
user_pref("mail.server.server1.hostname", "pop.example.jp");
user_pref("mail.server.server1.port", 995);
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.type", "pop3");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.jp");
user_pref("mail.smtpserver.smtp1.port", 25);
user_pref("mail.smtpservers", "smtp1");
"#;

/// A profile with ML301 spa-enabled (an error) on line 8, and ML401 on line 13.
pub const SPA_AND_PORT_25: &str = r#"// Mozilla User Preferences
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.identity.id1.useremail", "taro@example.jp");
user_pref("mail.server.server1.hostname", "pop.example.jp");
user_pref("mail.server.server1.authMethod", 6);
user_pref("mail.server.server1.port", 995);
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.type", "pop3");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.jp");
user_pref("mail.smtpserver.smtp1.port", 25);
user_pref("mail.smtpservers", "smtp1");
"#;

/// Write `text` as `<dir>/<sub>/prefs.js`.
pub fn profile(dir: &Path, sub: &str, text: &str) {
    let p = dir.join(sub);
    std::fs::create_dir_all(&p).expect("create profile folder");
    std::fs::write(p.join("prefs.js"), text).expect("write prefs.js");
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
