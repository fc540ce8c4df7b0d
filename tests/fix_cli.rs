//! `--fix`, `--diff` and `--reg-patch` as a user runs them: what is written,
//! in which encoding, what is refused and why.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{SPA_AND_PORT_25, maillint, stderr, stdout};

const FULLWIDTH: &str = "// Mozilla User Preferences\r\n\
// keep this comment\r\n\
user_pref(\"mail.account.account1.identities\", \"id1\");\r\n\
user_pref(\"mail.account.account1.server\", \"server1\");\r\n\
user_pref(\"mail.accountmanager.accounts\", \"account1\");\r\n\
user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\r\n\
user_pref(\"mail.identity.id1.useremail\", \"ｔａｒｏ＠example.jp\");\r\n\
user_pref(\"mail.server.server1.hostname\", \"ｐｏｐ．example．jp\");\r\n\
user_pref(\"mail.server.server1.port\", 995);\r\n\
user_pref(\"mail.server.server1.socketType\", 3);\r\n\
user_pref(\"mail.server.server1.type\", \"pop3\");\r\n\
user_pref(\"mail.server.server1.userName\", \"taro\");\r\n\
user_pref(\"mail.smtpserver.smtp1.hostname\", \" smtp.example.jp \");\r\n\
user_pref(\"mail.smtpserver.smtp1.port\", 587);\r\n\
user_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\r\n\
user_pref(\"mail.smtpservers\", \"smtp1\");\r\n";

fn profile(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("prefs.js");
    fs::write(&p, text).unwrap();
    (dir, p)
}

fn utf16(text: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    v.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    v
}

fn sjis(text: &str) -> Vec<u8> {
    let (b, _, bad) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!bad);
    b.into_owned()
}

const REG_V5: &str = "Windows Registry Editor Version 5.00\r\n\r\n\
[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\
\"Account Name\"=\"会社\"\r\n\
\"POP3 Server\"=\"ｐｏｐ.example.jp\"\r\n\
\"POP3 User Name\"=\"taro\"\r\n\
\"POP3 Use Sicily\"=dword:00000001\r\n\
\"POP3 Port\"=dword:000003e3\r\n\
\"POP3 Secure Connection\"=dword:00000001\r\n\
\"SMTP Server\"=\"smtp.example.jp\"\r\n\
\"SMTP Port\"=dword:00000019\r\n\
\"SMTP Use Sicily\"=dword:00000003\r\n\
\"SMTP User Name\"=\"taro\"\r\n\
\"SMTP Display Name\"=\"山田 太郎\"\r\n\
\"SMTP Email Address\"=\"taro@example.jp\"\r\n\r\n";

#[test]
fn fix_prints_each_change_keeps_a_backup_and_reports_what_remains() {
    let (dir, p) = profile(FULLWIDTH);
    let out = maillint()
        .arg("check")
        .arg("--fix")
        .arg(&p)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains(":7:43: ML101 fixed: 'ｔａｒｏ＠example.jp' -> 'taro@example.jp'"),
        "{text}"
    );
    assert!(
        text.contains(":8:44: ML101 fixed: 'ｐｏｐ．example．jp' -> 'pop.example.jp'"),
        "{text}"
    );
    assert!(
        text.contains(":13:46: ML202 fixed: ' smtp.example.jp ' -> 'smtp.example.jp'"),
        "{text}"
    );
    assert!(text.contains("the original is kept as"), "{text}");
    let fixed = fs::read_to_string(&p).unwrap();
    assert_eq!(
        fixed,
        FULLWIDTH
            .replace("ｔａｒｏ＠example.jp", "taro@example.jp")
            .replace("ｐｏｐ．example．jp", "pop.example.jp")
            .replace("\" smtp.example.jp \"", "\"smtp.example.jp\"")
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("prefs.js.maillint-bak")).unwrap(),
        FULLWIDTH
    );
    // Nothing of ML101/ML202 remains; the run lints again and says so.
    assert!(!text.contains("ML101 fullwidth-character\n"), "{text}");
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    // A second --fix changes nothing and writes nothing.
    let again = maillint()
        .arg("check")
        .arg("--fix")
        .arg(&p)
        .output()
        .unwrap();
    assert!(!stdout(&again).contains("fixed:"));
    assert!(!dir.path().join("prefs.js.maillint-bak.1").exists());
    assert_eq!(fs::read_to_string(&p).unwrap(), fixed);
}

#[test]
fn unsafe_fixes_only_with_the_flag() {
    let (_dir, p) = profile(SPA_AND_PORT_25);
    let out = maillint()
        .args(["check", "--fix"])
        .arg(&p)
        .output()
        .unwrap();
    let after = fs::read_to_string(&p).unwrap();
    assert!(
        after.contains("server1.authMethod\", 3)"),
        "SPA off is safe"
    );
    assert!(
        after.contains("smtp1.port\", 25)"),
        "port 25 stays without --unsafe-fixes"
    );
    assert!(
        stderr(&out).contains("1 fix(es) change what the client does"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("ML401 smtp-port-25"), "ML401 remains");
    let out = maillint()
        .args(["check", "--fix", "--unsafe-fixes"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("ML401 fixed: '25' -> '587'"),
        "{}",
        stdout(&out)
    );
    assert!(
        fs::read_to_string(&p)
            .unwrap()
            .contains("smtp1.port\", 587)")
    );
}

#[test]
fn diff_writes_nothing_and_applies_with_patch() {
    let (dir, p) = profile(FULLWIDTH);
    let out = maillint()
        .args(["check", "--diff"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "changes would be made");
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        FULLWIDTH,
        "--diff writes nothing"
    );
    assert!(!dir.path().join("prefs.js.maillint-bak").exists());
    let diff = dir.path().join("fix.diff");
    fs::write(&diff, &out.stdout).unwrap();
    let copy = dir.path().join("copy.js");
    fs::write(&copy, FULLWIDTH).unwrap();
    let st = std::process::Command::new("patch")
        .arg("--quiet")
        .arg(&copy)
        .arg(&diff)
        .status()
        .expect("patch runs");
    assert!(st.success());
    // The patched copy is what --fix writes.
    maillint()
        .args(["check", "--fix"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(fs::read(&copy).unwrap(), fs::read(&p).unwrap());
}

#[test]
fn diff_of_a_utf16_export_is_a_diff_of_its_decoded_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("mail.reg");
    fs::write(&p, utf16(REG_V5)).unwrap();
    let out = maillint()
        .args(["check", "--diff"])
        .arg(&p)
        .output()
        .unwrap();
    let diff = dir.path().join("fix.diff");
    fs::write(&diff, &out.stdout).unwrap();
    let text = dir.path().join("decoded.reg");
    fs::write(&text, REG_V5).unwrap();
    assert!(
        std::process::Command::new("patch")
            .arg("--quiet")
            .arg(&text)
            .arg(&diff)
            .status()
            .unwrap()
            .success()
    );
    maillint()
        .args(["check", "--fix"])
        .arg(&p)
        .output()
        .unwrap();
    let fixed = fs::read(&p).unwrap();
    assert_eq!(fixed, utf16(&fs::read_to_string(&text).unwrap()));
}

/// The bytes of `after` are those of `before` except in the named spans of
/// `before`, which became the given replacements.
fn only_changed(before: &[u8], after: &[u8], changes: &[(&[u8], &[u8])]) {
    let mut expected = before.to_vec();
    for (old, new) in changes {
        let at = expected
            .windows(old.len())
            .position(|w| w == *old)
            .expect("old bytes present");
        expected.splice(at..at + old.len(), new.iter().copied());
    }
    assert_eq!(after, expected.as_slice());
}

#[test]
fn utf16_export_is_written_back_in_utf16_with_bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("mail.reg");
    let before = utf16(REG_V5);
    fs::write(&p, &before).unwrap();
    let out = maillint()
        .args(["check", "--fix", "--unsafe-fixes"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(out.status.code().is_some(), "{}", stderr(&out));
    let after = fs::read(&p).unwrap();
    let u = |s: &str| {
        s.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>()
    };
    only_changed(
        &before,
        &after,
        &[
            (&u("ｐｏｐ.example.jp"), &u("pop.example.jp")),
            (&u("Sicily\"=dword:00000001"), &u("Sicily\"=dword:00000000")),
            (&u("dword:00000019"), &u("dword:0000024b")),
            // A value the export lacks is added after its key's header.
            (
                &u("00000001]\r\n"),
                &u("00000001]\r\n\"SMTP Secure Connection\"=dword:00000001\r\n"),
            ),
        ],
    );
}

#[test]
fn shift_jis_export_is_written_back_in_shift_jis() {
    let text = REG_V5.replace("Windows Registry Editor Version 5.00", "REGEDIT4");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("mail.reg");
    let before = sjis(&text);
    fs::write(&p, &before).unwrap();
    maillint()
        .args(["check", "--fix"])
        .arg(&p)
        .output()
        .unwrap();
    let after = fs::read(&p).unwrap();
    only_changed(
        &before,
        &after,
        &[
            (&sjis("ｐｏｐ.example.jp"), b"pop.example.jp"),
            (b"Sicily\"=dword:00000001", b"Sicily\"=dword:00000000"),
        ],
    );
}

#[test]
fn reg_patch_sets_only_the_changed_values_in_both_encodings() {
    for (header, encode) in [
        (
            "Windows Registry Editor Version 5.00",
            utf16 as fn(&str) -> Vec<u8>,
        ),
        ("REGEDIT4", sjis),
    ] {
        let text = REG_V5.replace("Windows Registry Editor Version 5.00", header);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mail.reg");
        let bytes = encode(&text);
        fs::write(&p, &bytes).unwrap();
        let patch = dir.path().join("FIXED.reg");
        let out = maillint()
            .args(["check", "--unsafe-fixes", "--reg-patch"])
            .arg(&patch)
            .arg(&p)
            .output()
            .unwrap();
        assert!(
            stdout(&out).contains("wrote"),
            "{}{}",
            stdout(&out),
            stderr(&out)
        );
        assert_eq!(fs::read(&p).unwrap(), bytes, "the export is not changed");
        let written = fs::read(&patch).unwrap();
        assert_eq!(
            written,
            encode(&format!(
                "{header}\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\
             \"SMTP Secure Connection\"=dword:00000001\r\n\
             \"POP3 Server\"=\"pop.example.jp\"\r\n\
             \"POP3 Use Sicily\"=dword:00000000\r\n\
             \"SMTP Port\"=dword:0000024b\r\n\r\n"
            ))
        );
        // Our own reader reads exactly the changed values back.
        let decoded = maillint::source::decode(&written);
        let parsed = maillint::formats::outlook_express::reg::parse(
            &decoded.text,
            maillint::source::SourceId(0),
        );
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.keys.len(), 1);
        let values: Vec<(String, String)> = parsed.keys[0]
            .values
            .props
            .iter()
            .map(|p| (p.name.to_string(), format!("{:?}", p.value)))
            .collect();
        assert_eq!(
            values,
            [
                // Added: the export lacks it (ML302's fix, STARTTLS on 25).
                (
                    "SMTP Secure Connection".to_string(),
                    "Number(1)".to_string()
                ),
                (
                    "POP3 Server".to_string(),
                    "Text(\"pop.example.jp\")".to_string()
                ),
                ("POP3 Use Sicily".to_string(), "Number(0)".to_string()),
                ("SMTP Port".to_string(), "Number(587)".to_string()),
            ]
        );
    }
}

#[test]
fn backup_dir_keeps_the_original_elsewhere() {
    let (dir, p) = profile(FULLWIDTH);
    let backups = dir.path().join("backups");
    maillint()
        .args(["check", "--fix", "--backup-dir"])
        .arg(&backups)
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(
        fs::read_to_string(backups.join("prefs.js.maillint-bak")).unwrap(),
        FULLWIDTH
    );
    assert!(!dir.path().join("prefs.js.maillint-bak").exists());
}

fn refused(p: &Path, extra: &[&str]) -> (String, i32) {
    let out = maillint()
        .args(["check", "--fix"])
        .args(extra)
        .arg(p)
        .output()
        .unwrap();
    (stderr(&out), out.status.code().unwrap_or(-1))
}

#[cfg(unix)]
#[test]
fn refuses_while_thunderbird_holds_the_profile_unless_forced() {
    // Windows' parent.lock exists only while the profile is open.
    let (dir, p) = profile(FULLWIDTH);
    fs::write(dir.path().join("parent.lock"), "").unwrap();
    let (err, code) = refused(&p, &[]);
    assert!(
        err.contains("Thunderbird is running and holds this profile"),
        "{err}"
    );
    assert!(err.contains("parent.lock"), "{err}");
    assert_eq!(code, 2);
    assert_eq!(fs::read_to_string(&p).unwrap(), FULLWIDTH);
    let (_, code) = refused(&p, &["--force"]);
    assert_eq!(code, 0);
    assert_ne!(fs::read_to_string(&p).unwrap(), FULLWIDTH);

    // Unix: the `lock` symlink names a live process (this test).
    let (dir, p) = profile(FULLWIDTH);
    std::os::unix::fs::symlink(
        format!("127.0.0.1:+{}", std::process::id()),
        dir.path().join("lock"),
    )
    .unwrap();
    let (err, _) = refused(&p, &[]);
    assert!(
        err.contains("holds this profile") && err.contains("lock"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&p).unwrap(), FULLWIDTH);

    // Unix: an fcntl lock on .parentlock, held by this process.
    let (dir, p) = profile(FULLWIDTH);
    let lockfile = fs::File::create(dir.path().join(".parentlock")).unwrap();
    let (err, _) = refused(&p, &[]);
    assert!(
        !err.contains("holds"),
        "an unlocked .parentlock is left from an earlier run: {err}"
    );
    let (_dir2, p2) = profile(FULLWIDTH);
    let held = fs::File::create(p2.parent().unwrap().join(".parentlock")).unwrap();
    fcntl_lock(&held);
    let (err, _) = refused(&p2, &[]);
    assert!(err.contains(".parentlock"), "{err}");
    assert_eq!(fs::read_to_string(&p2).unwrap(), FULLWIDTH);
    drop(lockfile);
}

#[cfg(unix)]
fn fcntl_lock(f: &fs::File) {
    use std::os::fd::AsRawFd;
    // SAFETY: a zeroed flock is valid; the descriptor is open.
    unsafe {
        let mut fl: libc::flock = std::mem::zeroed();
        fl.l_type = libc::F_WRLCK as _;
        fl.l_whence = libc::SEEK_SET as _;
        assert_eq!(libc::fcntl(f.as_raw_fd(), libc::F_SETLK, &fl), 0);
    }
}

const ACCOUNTRC: &str = "[Account: 1]\n\
account_name=ｔａｒｏ\n\
is_default=1\n\
name=Taro\n\
address=ｔａｒｏ@example.jp\n\
protocol=0\n\
receive_server=pop.example.jp\n\
smtp_server=smtp.example.jp\n\
user_id=taro\n\
config_version=1\n";

#[cfg(unix)]
#[test]
fn refuses_while_claws_mail_or_sylpheed_runs() {
    let run = tempfile::tempdir().unwrap();
    let claws = run.path().join("claws-mail");
    fs::create_dir(&claws).unwrap();
    let _listener = std::os::unix::net::UnixListener::bind(claws.join("0123abcd")).unwrap();
    let home = tempfile::tempdir().unwrap();
    let rc = home.path().join(".claws-mail");
    fs::create_dir(&rc).unwrap();
    fs::write(rc.join("accountrc"), ACCOUNTRC).unwrap();
    let out = maillint()
        .env("XDG_RUNTIME_DIR", run.path())
        .args(["check", "--fix"])
        .arg(rc.join("accountrc"))
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("Claws Mail is running"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(rc.join("accountrc")).unwrap(), ACCOUNTRC);

    // Sylpheed: $TMPDIR/sylpheed-UID.
    let tmp = tempfile::tempdir().unwrap();
    // SAFETY: getuid cannot fail.
    let uid = unsafe { libc::getuid() };
    let _s =
        std::os::unix::net::UnixListener::bind(tmp.path().join(format!("sylpheed-{uid}"))).unwrap();
    let rc = home.path().join(".sylpheed-2.0");
    fs::create_dir(&rc).unwrap();
    let text = ACCOUNTRC.replace("config_version=1\n", "");
    fs::write(rc.join("accountrc"), &text).unwrap();
    let out = maillint()
        .env("TMPDIR", tmp.path())
        .args(["check", "--fix"])
        .arg(rc.join("accountrc"))
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("Sylpheed is running"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(rc.join("accountrc")).unwrap(), text);
    // Closed: fixed.
    drop(_s);
    let out = maillint()
        .env("TMPDIR", tmp.path())
        .args(["check", "--fix"])
        .arg(rc.join("accountrc"))
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("fixed"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        fs::read_to_string(rc.join("accountrc"))
            .unwrap()
            .contains("address=taro@example.jp\n")
    );
}

#[cfg(unix)]
#[test]
fn refuses_read_only_files_and_symlinks_that_leave_the_profile() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, p) = profile(FULLWIDTH);
    fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
    let (err, code) = refused(&p, &[]);
    assert!(err.contains("it is read-only"), "{err}");
    assert_eq!(code, 2);
    assert_eq!(fs::read_to_string(&p).unwrap(), FULLWIDTH);

    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("prefs.js");
    fs::write(&target, FULLWIDTH).unwrap();
    let profile_dir = tempfile::tempdir().unwrap();
    let link = profile_dir.path().join("prefs.js");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (err, _) = refused(&link, &[]);
    assert!(
        err.contains("symbolic link") && err.contains("outside its profile"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), FULLWIDTH);

    // A link inside the profile: the target is fixed, the link kept.
    let inner = profile_dir.path().join("real-prefs.js");
    fs::write(&inner, FULLWIDTH).unwrap();
    let link2 = profile_dir.path().join("user.js");
    std::os::unix::fs::symlink(&inner, &link2).unwrap();
    let (_, code) = refused(&link2, &["--force"]);
    assert_eq!(code, 0);
    assert!(
        fs::symlink_metadata(&link2)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(&inner)
            .unwrap()
            .contains("taro@example.jp")
    );
}

#[test]
fn a_binary_iaf_gets_no_fix_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/outlook-express/iaf/mobile.iaf");
    let p = dir.path().join("mobile.iaf");
    fs::copy(&src, &p).unwrap();
    let out = maillint()
        .args(["check", "--fix", "--unsafe-fixes"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("binary .iaf file: maillint does not fix it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(&p).unwrap(), fs::read(&src).unwrap());
}

#[test]
fn overlapping_fixes_apply_one_and_leave_the_other() {
    // ML101 (half-width) and ML202 (spaces) both fix the same host.
    let text = FULLWIDTH.replace("\" smtp.example.jp \"", "\" ｓｍｔｐ.example.jp\"");
    let (_dir, p) = profile(&text);
    let out = maillint()
        .args(["check", "--fix"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("overlap another fix"),
        "{}",
        stderr(&out)
    );
    assert!(
        fs::read_to_string(&p)
            .unwrap()
            .contains("\"smtp.example.jp\"")
    );
}

#[test]
fn japanese_messages() {
    let (_dir, p) = profile(FULLWIDTH);
    let out = maillint()
        .env("LANG", "ja_JP.UTF-8")
        .args(["check", "--fix"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("ML101 修正しました:「ｔａｒｏ＠example.jp」→「taro@example.jp」"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("元のファイルは"), "{}", stdout(&out));
}

#[test]
fn diff_and_fix_never_show_a_password() {
    // Sylpheed keeps the password in clear text, next to the line fixed.
    let home = tempfile::tempdir().unwrap();
    let rc = home.path().join(".sylpheed-2.0");
    fs::create_dir(&rc).unwrap();
    let text = ACCOUNTRC.replace(
        "address=ｔａｒｏ@example.jp\n",
        "address=ｔａｒｏ@example.jp\npassword=SylphPlainS3cret\n",
    );
    let p = rc.join("accountrc");
    fs::write(&p, &text).unwrap();
    let out = maillint()
        .env("TMPDIR", home.path())
        .args(["check", "--diff"])
        .arg(&p)
        .output()
        .unwrap();
    let diff = stdout(&out);
    assert!(diff.contains("+address=taro@example.jp"), "{diff}");
    assert!(!diff.contains("SylphPlainS3cret"), "{diff}");
    assert!(diff.contains(" password=****************\n"), "{diff}");
    let out = maillint()
        .env("TMPDIR", home.path())
        .args(["check", "--fix"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        !stdout(&out).contains("SylphPlainS3cret") && !stderr(&out).contains("SylphPlainS3cret")
    );
    // The file itself keeps it, of course.
    assert!(
        fs::read_to_string(&p)
            .unwrap()
            .contains("password=SylphPlainS3cret\n")
    );
}

#[test]
fn json_gives_each_fix_as_on_disk_edits() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("mail.reg");
    let before = utf16(REG_V5);
    fs::write(&p, &before).unwrap();
    let out = maillint()
        .args(["check", "--format", "json"])
        .arg(&p)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Apply the safe fixes' edits from the JSON, from the end backwards.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for d in v["diagnostics"].as_array().unwrap() {
        if d["fix"]["applicability"] == "safe" {
            for e in d["fix"]["edits"].as_array().unwrap() {
                edits.push((
                    e["offset"].as_u64().unwrap() as usize,
                    e["length"].as_u64().unwrap() as usize,
                    e["content"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    assert!(!edits.is_empty());
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["fix"]["applicability"] == "unsafe")
    );
    edits.sort();
    edits.dedup();
    let mut bytes = before.clone();
    for (offset, length, content) in edits.iter().rev() {
        let encoded: Vec<u8> = content.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.splice(*offset..offset + length, encoded);
    }
    maillint()
        .args(["check", "--fix"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(bytes, fs::read(&p).unwrap());
}

#[test]
fn a_value_the_file_lacks_is_added_after_its_server() {
    // No try_ssl for smtp1, which logs in as taro: Thunderbird sends the
    // password in plain text. ML302's unsafe fix adds STARTTLS after the
    // server's hostname, in the file's own line breaks. (An unset SMTP port
    // is no longer a case: Thunderbird 91 and later use 587, not 25.)
    let text = FULLWIDTH.replace(
        "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\r\n",
        "user_pref(\"mail.smtpserver.smtp1.username\", \"taro\");\r\n",
    );
    let (_dir, p) = profile(&text);
    let out = maillint()
        .args(["check", "--fix", "--unsafe-fixes", "--select", "ML302"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains(" ML302 added: user_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\n"),
        "{}",
        stdout(&out)
    );
    let after = fs::read_to_string(&p).unwrap();
    assert_eq!(
        after,
        text.replace(
            "user_pref(\"mail.smtpserver.smtp1.hostname\", \" smtp.example.jp \");\r\n",
            "user_pref(\"mail.smtpserver.smtp1.hostname\", \" smtp.example.jp \");\r\n\
             user_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\r\n"
        )
    );
    assert!(
        !stdout(&out).contains("ML302 cleartext-password-without-tls"),
        "{}",
        stdout(&out)
    );
}
