//! `report --redact-addresses` through the binary: no local part of any
//! address, and no user name, comes out in any string of any report format
//! or language (issue 10, item 4). Every personal string below starts with
//! `zq` (or its full-width twin `ｚｑ`), so that a leak of any of them, or of
//! a fragment a message quotes (a run of full-width characters), is found by
//! looking for those two letters.

use std::collections::BTreeSet;
use std::path::Path;

mod common;

const PREFS: &str = r#"// Mozilla User Preferences
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.identity.id1.fullName", "Zq Display");
user_pref("mail.identity.id1.reply_to", "Zqreply..one@example.jp");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.identity.id1.useremail", "ｚｑｓａｌｅｓ＠example.jp");
user_pref("mail.server.server1.hostname", "zqhost@pop.example.jp");
user_pref("mail.server.server1.name", "Zqsales at Example (zqacct@example.jp)");
user_pref("mail.server.server1.port", 995);
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.type", "pop3");
user_pref("mail.server.server1.userName", "zqｕｓｅｒ　");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.jp");
user_pref("mail.smtpserver.smtp1.port", 587);
user_pref("mail.smtpserver.smtp1.try_ssl", 2);
user_pref("mail.smtpserver.smtp1.username", "ZqSmtp.User@example.jp");
user_pref("mail.smtpservers", "smtp1");
"#;

/// The inputs: Thunderbird (above), Sylpheed (INI), Becky! (INI) and an
/// Outlook Express registry export (UTF-16), each with addresses in every
/// field the reader knows.
fn inputs(dir: &Path) -> Vec<String> {
    let reg = "Windows Registry Editor Version 5.00\r\n\r\n\
[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\
\"Account Name\"=\"zqoeacct@example.net\"\r\n\
\"POP3 Server\"=\"pop.example.net\"\r\n\
\"POP3 User Name\"=\"zqoeuser\"\r\n\
\"SMTP Server\"=\"smtp.example.net\"\r\n\
\"SMTP Email Address\"=\"zqoe．mail＠example.net\"\r\n\
\"SMTP Reply To Email Address\"=\"ZQoeReply@example.net\"\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for u in reg.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("tb/prefs.js", PREFS.as_bytes().to_vec()),
        ("oe/mail.reg", utf16),
        (
            "becky/Mailbox.ini",
            "[Account]\r\nName=zqbkname@example.jp\r\nMailAddress=Zq.Bk＠example.jp\r\n\
MailServer=pop.example.jp\r\nUserID=zqbkid\r\nSMTPServer=smtp.example.jp\r\n"
                .as_bytes()
                .to_vec(),
        ),
        (
            ".sylpheed-2.0/accountrc",
            "[Account: 1]\naccount_name=zqsylacct@example.jp\naddress=ｚｑsyl@example.jp\n\
protocol=0\nreceive_server=pop.example.jp\nsmtp_server=smtp.example.jp\nuser_id=zqsylid\n"
                .as_bytes()
                .to_vec(),
        ),
    ];
    files
        .into_iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, bytes).expect("write");
            path.display().to_string()
        })
        .collect()
}

fn run(dir: &Path, args: &[&str], files: &[String]) -> (String, String) {
    let out = common::maillint_home(dir)
        .args(args)
        .args(files)
        .output()
        .expect("runs");
    (common::stdout(&out), common::stderr(&out))
}

/// The findings' codes of a JSON report, with their counts.
fn codes(json: &str) -> BTreeSet<(String, usize)> {
    let v: serde_json::Value = serde_json::from_str(json).expect("JSON report");
    let mut all: Vec<String> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str().map(String::from))
        .collect();
    all.sort();
    let set: BTreeSet<String> = all.iter().cloned().collect();
    set.into_iter()
        .map(|c| {
            let n = all.iter().filter(|x| **x == c).count();
            (c, n)
        })
        .collect()
}

#[test]
fn redaction_masks_every_string_of_every_report_format_and_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = inputs(dir.path());
    // Without redaction the personal strings are there (the test can fail).
    let (plain, _) = run(dir.path(), &["report", "--lang", "en"], &files);
    for s in ["ｚｑｓａｌｅｓ", "zqｕｓｅｒ", "Zqreply"] {
        assert!(plain.contains(s), "{s} is not in the unredacted report");
    }
    for format in ["markdown", "json"] {
        for lang in ["en", "ja", "both"] {
            let args = [
                "report",
                "--format",
                format,
                "--lang",
                lang,
                "--redact-addresses",
            ];
            let (out, err) = run(dir.path(), &args, &files);
            for text in [&out, &err] {
                let lower = text.to_lowercase();
                for leak in ["zq", "ｚｑ", "ｓａｌｅｓ", "ｕｓｅｒ", "u+ff5a"] {
                    assert!(
                        !lower.contains(leak),
                        "{leak} leaked with {args:?}:\n{text}"
                    );
                }
            }
            // What a diagnosis needs stays: the full-width letters, the
            // full-width @, the dots and the domains.
            assert!(
                out.contains("ｘｘｘｘｘｘｘ＠example.jp"),
                "{args:?}:\n{out}"
            );
            assert!(out.contains("Xxxxxxx..xxx@example.jp"), "{args:?}:\n{out}");
            assert!(out.contains("xxｘｘｘｘ"), "{args:?}:\n{out}");
            assert!(out.contains("xxxx．xxxx＠example.net"), "{args:?}:\n{out}");
        }
    }
    // The rules find the same problems in the masked settings.
    let (a, _) = run(dir.path(), &["report", "--format", "json"], &files);
    let (b, _) = run(
        dir.path(),
        &["report", "--format", "json", "--redact-addresses"],
        &files,
    );
    assert_eq!(codes(&a), codes(&b));
    assert!(codes(&a).iter().any(|(c, _)| c == "ML101"));
}
