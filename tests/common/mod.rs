//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub mod servers;

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

/// A `maillint` command with a neutral environment: English, no colours, a
/// wide terminal, run from the crate (where there is no `.maillint.toml`).
pub fn maillint() -> Command {
    let mut cmd = Command::cargo_bin("maillint").expect("binary builds");
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "400")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// `maillint` run from `dir` (config discovery starts there).
pub fn maillint_in(dir: &Path) -> Command {
    let mut cmd = maillint();
    cmd.current_dir(dir);
    cmd
}

/// `maillint` with `home` as the user's home folder (discovery's base).
pub fn maillint_home(home: &Path) -> Command {
    let mut cmd = maillint();
    cmd.env("HOME", home).env("USERPROFILE", home);
    cmd
}

/// Run a command that prints JSON: its exit code and the JSON.
pub fn run_json(cmd: &mut Command) -> (i32, serde_json::Value) {
    let out = cmd.output().expect("maillint runs");
    let json = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    (out.status.code().unwrap_or(-1), json)
}

/// The first identity's address of every account in a JSON report.
pub fn addresses(v: &serde_json::Value) -> Vec<String> {
    v["accounts"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|a| a["identities"][0]["address"]["value"].as_str())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
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

/// Every secret written in tests/data/home and in the inputs below.
pub const SECRETS: &[&str] = &[
    "S3cretPw!",
    "SmtpS3cret#2",
    "Us3rJs!Secret",
    "1//0gRefreshTok3nValue",
    "5f4dcc3b5aa765d61d8327deb882cf99",
    "Sn@pPassw0rd",
    "Br0ken",
    "hunter2hunter2",
    "53,33,63,72,65,74,52,65,67",
    "PlainRegSecret",
    "BeckyPassW0rd",
    "SylphPlainS3cret",
    "ClawsSmtpS3cret",
    "OeAccountS3cret",
];

/// Settings files of other clients, with passwords in each one's own way.
/// Whether or not this build has a reader for them, no secret may come out.
pub fn other_clients(dir: &Path) -> Vec<String> {
    let reg = "Windows Registry Editor Version 5.00\r\n\r\n\
[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\
\"Account Name\"=\"Office mail\"\r\n\
\"POP3 Server\"=\"pop.example.net\"\r\n\
\"POP3 User Name\"=\"taro\"\r\n\
\"POP3 Password2\"=hex:53,33,63,72,65,74,52,65,67\r\n\
\"SMTP Password\"=\"PlainRegSecret\"\r\n\
\"SMTP Email Address\"=\"taro@example.net\"\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for u in reg.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("mail.reg", utf16),
        (
            "Mailbox.ini",
            b"[Account]\r\nName=Main\r\nMailAddress=hanako@example.jp\r\nMailServer=pop.example.jp\r\n\
UserID=hanako\r\nPassWd=BeckyPassW0rd\r\nSMTPServer=smtp.example.jp\r\n"
                .to_vec(),
        ),
        (
            ".sylpheed-2.0/accountrc",
            b"[Account: 1]\naccount_name=Home\naddress=jiro@example.jp\nprotocol=0\n\
receive_server=pop.example.jp\nsmtp_server=smtp.example.jp\nuser_id=jiro\n\
password=SylphPlainS3cret\n"
                .to_vec(),
        ),
        (
            ".claws-mail/accountrc",
            b"[Account: 1]\naccount_name=Work\naddress=ichiro@example.com\nprotocol=0\n\
receive_server=pop.example.com\nsmtp_server=smtp.example.com\nuser_id=ichiro\n\
smtp_password=ClawsSmtpS3cret\n"
                .to_vec(),
        ),
        (
            "account.oeaccount",
            b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<MessageAccount>\n\
<Account_Name type=\"SZ\">Home</Account_Name>\n<POP3_Server type=\"SZ\">pop.example.jp</POP3_Server>\n\
<POP3_Password2 type=\"BINARY\">OeAccountS3cret</POP3_Password2>\n</MessageAccount>\n"
                .to_vec(),
        ),
    ];
    files
        .into_iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(&path, bytes).expect("write");
            path.display().to_string()
        })
        .collect()
}
