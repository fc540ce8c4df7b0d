//! `--threads N`: the same bytes whatever N (issue 15). A generated folder of
//! templates beside a copy of every fixture, so that every reader, binary
//! files, notes and findings of many files are in one run.

mod common;

use std::path::Path;

use common::maillint;

const FORMATS: &[&str] = &["human", "json", "sarif", "github", "junit", "concise"];

/// One small autoconfig template for `domain`; three in four have a finding.
fn template(n: usize) -> String {
    let domain = format!("t{n:04}.example");
    let (port, socket, user) = match n % 4 {
        0 => (993, "SSL", "%EMAILADDRESS%"),
        1 => (143, "plain", "%EMAILADDRESS%"),
        2 => (993, "SSL", "%EMAILADRESS%"),
        _ => (25, "plain", "%EMAILLOCALPART%"),
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<clientConfig version=\"1.1\">\n  \
         <emailProvider id=\"{domain}\">\n    <domain>{domain}</domain>\n    \
         <incomingServer type=\"imap\">\n      <hostname>imap.{domain}</hostname>\n      \
         <port>{port}</port>\n      <socketType>{socket}</socketType>\n      \
         <authentication>password-cleartext</authentication>\n      \
         <username>{user}</username>\n    </incomingServer>\n    \
         <outgoingServer type=\"smtp\">\n      <hostname>smtp.{domain}</hostname>\n      \
         <port>587</port>\n      <socketType>STARTTLS</socketType>\n      \
         <authentication>password-cleartext</authentication>\n      \
         <username>%EMAILADDRESS%</username>\n    </outgoingServer>\n  \
         </emailProvider>\n</clientConfig>\n"
    )
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

fn workload() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).expect("mkdir");
    for n in 0..120 {
        std::fs::write(templates.join(format!("t{n:04}.example.xml")), template(n)).expect("write");
    }
    // A binary file where a text one is expected: a note, not a unit.
    std::fs::write(
        templates.join("zz-mailbox.txt"),
        [0u8, 1, 2, 0, 255].repeat(64),
    )
    .expect("write");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &dir.path().join("fixtures"),
    );
    dir
}

/// Exit code, standard output and standard error of one run.
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let out = maillint()
        .arg("check")
        .arg(dir)
        .arg("--isolated")
        .args(args)
        .output()
        .expect("maillint runs");
    (out.status.code(), out.stdout, out.stderr)
}

#[test]
fn every_format_is_the_same_byte_for_byte_on_1_2_and_4_threads() {
    let dir = workload();
    for format in FORMATS {
        let one = run(dir.path(), &["--format", format, "--threads", "1"]);
        // Not a trivial output: findings of many files, and a note.
        let stdout = String::from_utf8_lossy(&one.1);
        let files = (0..120)
            .filter(|n| stdout.contains(&format!("t{n:04}.example.xml")))
            .count();
        assert!(files >= 80, "{format}: findings of {files} templates only");
        assert!(stdout.contains("fixtures"), "{format}: no fixture finding");
        assert_eq!(one.0, Some(1), "{format}: findings exit 1");
        if *format == "json" {
            assert!(stdout.contains("zz-mailbox.txt"), "the binary file's note");
        }
        for threads in ["2", "4"] {
            let other = run(dir.path(), &["--format", format, "--threads", threads]);
            assert!(other.0 == one.0, "{format}, {threads} threads: exit code");
            assert!(
                other.1 == one.1,
                "{format}, {threads} threads: stdout differs"
            );
            assert!(
                other.2 == one.2,
                "{format}, {threads} threads: stderr differs"
            );
        }
    }
    // Japanese, the summary line and the default (one thread per core).
    let one = run(dir.path(), &["--lang", "ja", "--threads", "1"]);
    assert!(String::from_utf8_lossy(&one.1).contains("ファイルをチェックしました"));
    assert!(run(dir.path(), &["--lang", "ja"]) == one, "default threads");
    assert!(run(dir.path(), &["--lang", "ja", "--threads", "3"]) == one);
}

#[test]
fn threads_must_be_a_number() {
    let out = maillint()
        .args(["check", "fixtures", "--threads", "two"])
        .output()
        .expect("maillint runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--threads"));
}

/// `-o FILE` writes what standard output shows (the JSON and SARIF reports
/// are written in parts), on 1 and 2 threads.
#[test]
fn a_report_file_holds_what_standard_output_shows() {
    let dir = workload();
    for format in ["json", "sarif"] {
        for threads in ["1", "2"] {
            let shown = run(dir.path(), &["--format", format, "--threads", threads]);
            let file = dir.path().join(format!("out-{format}-{threads}"));
            let written = run(
                dir.path(),
                &["--format", format, "--threads", threads, "-o"]
                    .into_iter()
                    .chain([file.to_str().expect("utf-8 path")])
                    .collect::<Vec<_>>(),
            );
            assert_eq!(written.0, shown.0, "{format}: exit code");
            assert!(written.1.is_empty(), "{format}: nothing on standard output");
            let bytes = std::fs::read(&file).expect("report written");
            assert!(
                bytes == shown.1,
                "{format}, {threads} threads: file differs"
            );
            let _: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
        }
    }
}

/// `maillint report --threads N`: the same report whatever N.
#[test]
fn the_support_report_is_the_same_on_1_and_2_threads() {
    let dir = workload();
    let report = |args: &[&str]| {
        let out = maillint()
            .arg("report")
            .arg(dir.path())
            .args(args)
            .output()
            .expect("maillint runs");
        (out.status.code(), out.stdout, out.stderr)
    };
    for format in ["markdown", "json"] {
        let one = report(&["--format", format, "--lang", "both", "--threads", "1"]);
        assert!(
            String::from_utf8_lossy(&one.1).contains("t0001.example.xml"),
            "{format}: the templates are in the report"
        );
        let two = report(&["--format", format, "--lang", "both", "--threads", "2"]);
        assert!(one == two, "{format}: 1 and 2 threads differ");
    }
}
