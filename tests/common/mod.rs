//! Shared helpers of the CLI tests: the binary with a fixed language, and
//! small profiles written into temporary folders.

#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// `maillint` with English messages, no colours and no config from the
/// developer's own folders.
pub fn maillint(dir: &Path) -> Command {
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
