//! Hostile inputs and hostile places (issue 13, items 1, 2, 3 and 7): every
//! input is generated here, and every run is bounded by a limit of the
//! process (`ulimit -v` for memory, `ulimit -t` for CPU time), never timed.
//! A hang (a FIFO opened for reading) uses no CPU, so those runs also have
//! a wall-clock guard.

#![cfg(unix)]

mod common;

use std::path::Path;
use std::time::Duration;

use common::{maillint, stderr, stdout};

/// `maillint ARGS` under a memory limit (KiB of address space) and a CPU
/// limit (seconds), through a shell's `ulimit`.
fn limited(mem_kib: u64, cpu_s: u64, args: &[&str], home: Option<&Path>) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("maillint");
    let mut script = format!("ulimit -v {mem_kib}; ulimit -t {cpu_s}; exec \"$0\"");
    for i in 1..=args.len() {
        script.push_str(&format!(" \"${i}\""));
    }
    let mut cmd = assert_cmd::Command::new("sh");
    cmd.arg("-c").arg(script).arg(&bin).args(args);
    cmd.env_remove("LC_ALL")
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .timeout(Duration::from_secs(120));
    if let Some(h) = home {
        cmd.env("HOME", h).env("USERPROFILE", h);
    }
    cmd.output().expect("runs")
}

const MEM: u64 = 4 * 1024 * 1024; // 4 GiB of address space: far below what a device read takes

fn mkfifo(p: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .expect("mkfifo");
    assert!(ok.success());
}

/// Item 1: a FIFO in a folder walk, and one among Evolution's sources found
/// by discovery, are skipped with a note; the run finishes.
#[test]
fn item1_a_fifo_is_skipped_with_a_note_not_waited_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().join("d");
    std::fs::create_dir(&d).expect("mkdir");
    mkfifo(&d.join("mail.reg"));
    std::fs::write(
        d.join("ok.reg"),
        "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\"POP3 Server\"=\"pop.example.jp\"\r\n",
    )
    .expect("write");
    let out = limited(
        MEM,
        30,
        &["check", d.to_str().expect("utf-8"), "--format", "json"],
        None,
    );
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        v.to_string().contains("not a regular file (FIFO)"),
        "the FIFO is noted: {v}"
    );
    assert_eq!(v["summary"]["files"], 1, "the FIFO is not a file read: {v}");
    let note = &v["notes"][0];
    assert!(
        note["path"].as_str().unwrap_or("").ends_with("mail.reg"),
        "the note names the FIFO: {v}"
    );
    // The human output says so too (on standard error, as for a folder).
    let out = limited(MEM, 30, &["check", d.to_str().expect("utf-8")], None);
    assert!(
        stderr(&out).contains("mail.reg: not a regular file (FIFO)"),
        "{}",
        stderr(&out)
    );
    // A walk that met only the FIFO read nothing: not "no problems".
    std::fs::remove_file(d.join("ok.reg")).expect("rm");
    let out = limited(MEM, 30, &["check", d.to_str().expect("utf-8")], None);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("nothing to check"),
        "{}",
        stderr(&out)
    );

    let home = dir.path().join("home");
    let sources = home.join(".config/evolution/sources");
    std::fs::create_dir_all(&sources).expect("mkdir");
    std::fs::write(
        sources.join("a.source"),
        "[Data Source]\nDisplayName=Work\nEnabled=true\n\n[Mail Account]\nBackendName=pop\n\n\
         [Authentication]\nHost=pop.example.jp\nPort=110\nUser=taro\n",
    )
    .expect("write");
    mkfifo(&sources.join("b.source"));
    let out = limited(MEM, 30, &["check"], Some(&home));
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stdout(&out).contains("a.source"), "{}", stdout(&out));
}

/// Item 2: a device named on the command line is one clear line (exit 2),
/// read not at all, for `check` and `report`.
#[test]
fn item2_a_device_is_a_clear_error_not_read() {
    for cmd in ["check", "report"] {
        let out = limited(MEM, 30, &[cmd, "/dev/zero"], None);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("/dev/zero")
                && err.contains("character device")
                && err.lines().count() == 1,
            "{cmd}: {err}"
        );
    }
}

/// The run's first finding is ML003 "larger than the limit" (exit 1).
fn assert_too_large(args: &[&str], out: &std::process::Output) {
    assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "ML003", "{v}");
    assert!(
        d["message"]
            .as_str()
            .unwrap_or("")
            .contains("larger than the limit"),
        "{v}"
    );
}

/// Item 2: a file above `--max-file-size` is a finding and is not read
/// (the memory limit is below what reading it would take).
#[test]
fn item2_a_file_above_the_limit_is_a_finding_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("prefs.js");
    let line = format!(
        "user_pref(\"mail.server.server1.hostname\", \"{}\");\n",
        "a".repeat(1000)
    );
    let mut text = String::with_capacity(300 * line.len());
    for _ in 0..300 {
        text.push_str(&line);
    }
    // Sparse: a 4 GiB file costs no disk.
    let f = std::fs::File::create(&big).expect("create");
    std::io::Write::write_all(&mut &f, text.as_bytes()).expect("write");
    f.set_len(4 << 30).expect("sparse");
    for args in [
        vec!["check", big.to_str().expect("utf-8"), "--format", "json"],
        vec![
            "check",
            big.to_str().expect("utf-8"),
            "--format",
            "json",
            "--max-file-size",
            "100K",
        ],
    ] {
        let out = limited(1024 * 1024, 30, &args, None);
        assert_too_large(&args, &out);
    }
}

/// Item 2: a small file is read once, while planning, and kept for the run:
/// the limit still applies to it, named or met in a folder.
#[test]
fn item2_a_small_file_read_while_planning_keeps_the_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let prefs = dir.path().join("prefs.js");
    let text = "user_pref(\"mail.server.server1.hostname\", \"mail.example.com\");\n";
    std::fs::write(&prefs, text.repeat(40)).expect("write");
    for path in [&prefs, &dir.path().to_path_buf()] {
        let args = [
            "check",
            path.to_str().expect("utf-8"),
            "--format",
            "json",
            "--max-file-size",
            "1K",
        ];
        let out = limited(1024 * 1024, 30, &args, None);
        assert_too_large(&args, &out);
    }
}

/// Item 2: binary data is recognised in its first kilobytes and never read
/// whole (a 1.5 GB `.pst`-like file under a 1 GiB memory limit).
#[test]
fn item2_binary_data_is_recognised_not_read_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pst = dir.path().join("mail.reg");
    let f = std::fs::File::create(&pst).expect("create");
    std::io::Write::write_all(&mut &f, b"!BDN\x00\x00\x00\x00binary").expect("write");
    f.set_len(1_500_000_000).expect("sparse");
    let out = limited(
        1024 * 1024,
        30,
        &[
            "check",
            pst.to_str().expect("utf-8"),
            "--max-file-size",
            "4G",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("binary data"), "{}", stdout(&out));
    // Met in a walk, it is skipped with a note; nothing else there is
    // nothing to check (exit 2, as for an empty folder), not "no problems".
    let out = limited(
        1024 * 1024,
        30,
        &["check", dir.path().to_str().expect("utf-8")],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("note:") && err.contains("binary data") && err.contains("nothing to check"),
        "{err}"
    );
}

/// Item 3: `.reg` with many keys and Evolution with many sources read in
/// linear time: under a CPU limit a quadratic reader does not finish.
#[test]
fn item3_many_keys_and_many_sources_stay_linear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut reg = String::from("REGEDIT4\r\n\r\n");
    for i in 0..200_000 {
        reg.push_str(&format!(
            "[HKEY_CURRENT_USER\\Software\\K{i}]\r\n\"v\"=\"x\"\r\n"
        ));
    }
    let reg_path = dir.path().join("many.reg");
    std::fs::write(&reg_path, reg).expect("write");
    // About 5 s of CPU in a debug build; the quadratic search took minutes.
    let out = limited(MEM, 20, &["check", reg_path.to_str().expect("utf-8")], None);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        out.status.code().is_some(),
        "killed by the CPU limit: {:?}",
        out.status
    );

    let sources = dir.path().join("sources");
    std::fs::create_dir(&sources).expect("mkdir");
    for i in 0..20_000 {
        std::fs::write(
            sources.join(format!("s{i}.source")),
            format!(
                "[Data Source]\nDisplayName=A{i}\nEnabled=true\n\n[Mail Account]\nBackendName=pop\n\
                 IdentityUid=s{}\n\n[Authentication]\nHost=pop.example.jp\nPort=995\nUser=u\n",
                (i + 1) % 20_000
            ),
        )
        .expect("write");
    }
    // About 3 s of CPU in a debug build; the search per link took 4 s in a
    // release build.
    let out = limited(
        MEM,
        20,
        &[
            "check",
            sources.to_str().expect("utf-8"),
            "--format",
            "concise",
        ],
        None,
    );
    assert!(
        out.status.code().is_some(),
        "killed by the CPU limit: {:?}",
        out.status
    );
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// Item 7: a file with nothing in it (100k NUL bytes, only a BOM) is a
/// finding, not "no problems".
#[test]
fn item7_nothing_read_is_a_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, bytes) in [
        ("nul", vec![0u8; 100_000]),
        ("bom", vec![0xEF, 0xBB, 0xBF]),
        ("blank", b"\n\n  \n".to_vec()),
    ] {
        let p = dir.path().join(name);
        std::fs::create_dir(&p).expect("mkdir");
        std::fs::write(p.join("prefs.js"), &bytes).expect("write");
        let out = limited(
            MEM,
            30,
            &["check", p.to_str().expect("utf-8"), "--format", "concise"],
            None,
        );
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stdout(&out));
        assert!(stdout(&out).contains("ML003"), "{name}: {}", stdout(&out));
    }
}

/// An unreadable file (a link whose target is gone) is a finding of its
/// own, and the run goes on with the other files (exit 1, not 2).
#[test]
fn an_unreadable_file_is_a_finding_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("x.reg")).expect("symlink");
    let named = dir.path().join("x.reg");
    for args in [
        vec![
            "check",
            dir.path().to_str().expect("utf-8"),
            "--format",
            "json",
        ],
        vec!["check", named.to_str().expect("utf-8"), "--format", "json"],
    ] {
        let out = maillint().args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(v["diagnostics"][0]["code"], "ML003", "{v}");
        assert!(
            v["diagnostics"][0]["message"]
                .as_str()
                .unwrap_or("")
                .contains("No such file"),
            "the OS reason: {v}"
        );
    }
}

/// Item 1 and 2 for `diagnose`: a FIFO is not waited for and a device is
/// not read; each is one line, exit 2.
#[test]
fn item2_diagnose_reads_no_device_and_waits_for_no_fifo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("bounce.eml");
    mkfifo(&fifo);
    for path in ["/dev/zero", fifo.to_str().expect("utf-8")] {
        let out = limited(MEM, 30, &["diagnose", path], None);
        assert_eq!(out.status.code(), Some(2), "{path}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("not a regular file") && err.lines().count() == 1,
            "{path}: {err}"
        );
    }
}

/// A profile whose host name holds terminal control sequences and a
/// decoded line break.
fn hostile_host_profile(dir: &Path, host: &str) -> std::path::PathBuf {
    let p = dir.join("prefs.js");
    std::fs::write(
        &p,
        format!(
            "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n\
             user_pref(\"mail.account.account1.server\", \"server1\");\n\
             user_pref(\"mail.server.server1.type\", \"pop3\");\n\
             user_pref(\"mail.server.server1.hostname\", \"{host}\");\n\
             user_pref(\"mail.server.server1.port\", 110);\n"
        ),
    )
    .expect("write");
    p
}

fn assert_no_control(what: &str, text: &str) {
    if let Some((i, c)) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && c != '\n' && c != '\t')
    {
        panic!(
            "{what}: raw {c:?} at {i}:\n{}",
            &text[i.saturating_sub(200)..(i + 50).min(text.len())]
        );
    }
}

/// Item 6: no control character read from a file reaches the terminal, in
/// any text output; each is shown as a visible escape, and a decoded line
/// break starts no line of its own. JSON and SARIF stay valid JSON.
#[test]
fn item6_control_characters_are_shown_escaped_in_every_text_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The prefs.js escapes decode to ESC ] 0 ; PWNED BEL ESC [ 2 J and a line break.
    let p = hostile_host_profile(
        dir.path(),
        "pop\\u001b]0;PWNED\\u0007\\u001b[2Jx.example.jp\\nfake line",
    );
    let path = p.to_str().expect("utf-8");
    for format in ["human", "concise", "github", "junit"] {
        for lang in ["en", "ja"] {
            let out = maillint()
                .args(["check", path, "--format", format, "--lang", lang])
                .output()
                .expect("runs");
            assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
            let text = stdout(&out);
            assert_no_control(&format!("check --format {format}"), &text);
            assert!(
                text.contains("pop\\x1b]0;PWNED\\x07\\x1b[2Jx.example.jp\\nfake line"),
                "{format}/{lang}: the value is shown escaped:\n{text}"
            );
            assert!(
                !text.lines().any(|l| l.starts_with("fake line")),
                "{format}: a decoded line break starts a line:\n{text}"
            );
        }
    }
    for format in ["json", "sarif"] {
        let out = maillint()
            .args(["check", path, "--format", format])
            .output()
            .expect("runs");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
        assert!(v.to_string().contains("PWNED"), "{format}");
        assert_no_control(format, &stdout(&out));
    }
    let out = maillint()
        .args(["report", path, "--format", "markdown"])
        .output()
        .expect("runs");
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_no_control("report", &stdout(&out));
    assert!(stdout(&out).contains("\\x1b"), "{}", stdout(&out));
}

/// Item 6 in the snippet itself: raw control bytes in the file are shown
/// escaped, and the label stays under the character it names (the header
/// keeps the file's own line and column).
#[test]
fn item6_a_snippet_shows_raw_control_bytes_escaped_with_the_label_in_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("mail.reg");
    std::fs::write(
        &p,
        "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\
         \"Account Name\"=\"a\x1b]0;PWNED\x07b\"\r\n\"POP3 Server\"=\"pop.example.jp\"\r\n\
         \"SMTP Server\"=\"smtp.example.jp\"\r\n\"SMTP Email Address\"=\"\x1b[2Jｔａｒｏ@example.jp\"\r\n",
    )
    .expect("write");
    let out = maillint()
        .args(["check", p.to_str().expect("utf-8"), "--lang", "en"])
        .env("COLUMNS", "200")
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert_no_control("human", &text);
    assert!(
        text.contains("\"Account Name\"=\"a\\x1b]0;PWNED\\x07b\""),
        "{text}"
    );
    // ML101 names the full-width ｔ after the escape sequence: the header
    // is the file's line and column, the label under the ｔ as shown.
    let block = &text[text.find("ML101").expect("ML101")..];
    assert!(block.contains("mail.reg:7:27]"), "{block}");
    let mut lines = block
        .lines()
        .skip_while(|l| !l.contains("\"SMTP Email Address\"="));
    let line = lines.next().expect("the address line");
    let under = lines.next().expect("the label line");
    assert!(line.contains("=\"\\x1b[2Jｔａｒｏ@"), "{line}");
    let col = |s: &str, pat: &str| s.find(pat).map(|i| s[..i].chars().count());
    assert_eq!(col(line, "ｔ"), col(under, "─"), "{line}\n{under}");
}

/// Item 2: a 2 MB host name prints a few kilobytes, not megabytes (before:
/// about 9 bytes printed per byte of it): every quote of it is cut, with its
/// length.
#[test]
fn item2_a_huge_value_prints_cut_with_its_length() {
    let dir = tempfile::tempdir().expect("tempdir");
    let host = format!("pop{}.example.jp", "a".repeat(2_000_000));
    let p = hostile_host_profile(dir.path(), &host);
    for (format, lang, says) in [
        ("human", "en", "characters in all"),
        ("human", "ja", "全部で"),
        ("concise", "en", "characters in all"),
        ("github", "en", "characters in all"),
    ] {
        let out = limited(
            MEM,
            60,
            &[
                "check",
                p.to_str().expect("utf-8"),
                "--format",
                format,
                "--lang",
                lang,
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(
            text.len() < 20_000,
            "{format}: {} bytes printed",
            text.len()
        );
        assert!(text.contains(says), "{format}/{lang}:\n{text}");
        assert!(text.contains("2000014"), "{format}: its length:\n{text}");
    }
}

/// Item 8: a file that is not mail, or mail that reports no delivery, is a
/// finding: said plainly with what it is, exit 1, in text and JSON.
#[test]
fn item8_diagnose_on_what_is_not_a_bounce_is_a_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let not_mail = dir.path().join("garbage.eml");
    std::fs::write(&not_mail, b"\x00\x01binary\xff\xfe").expect("write");
    let not_bounce = dir.path().join("hello.eml");
    std::fs::write(
        &not_bounce,
        "From: taro@example.jp\r\nTo: hanako@example.jp\r\nSubject: hello\x1b[2J\r\n\r\nhi\r\n",
    )
    .expect("write");
    for (path, kind, says) in [
        (&not_mail, "not-mail", "not an e-mail message"),
        (&not_bounce, "not-bounce", "not a bounce"),
    ] {
        let path = path.to_str().expect("utf-8");
        let out = maillint()
            .args(["diagnose", path, "--lang", "en"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{kind}: {}", stderr(&out));
        assert!(stdout(&out).contains(says), "{kind}: {}", stdout(&out));
        let out = maillint()
            .args(["diagnose", path, "--format", "json"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{kind}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(v["kind"], kind, "{v}");
        assert_eq!(v["recipients"], serde_json::json!([]), "{v}");
    }
}
