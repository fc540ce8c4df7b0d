//! Encodings as Japanese settings files really come (issue 10, item 7):
//! EUC-JP, ISO-2022-JP, UTF-16LE without a BOM and CP932, generated here.
//! Each is detected (chardetng for the legacy ones), named in every output
//! format, its spans map back to the bytes on disk, a weak guess is a
//! finding (ML004), and `--fix` writes back in the file's own encoding or
//! refuses without touching the file.

use std::path::{Path, PathBuf};

use encoding_rs::{EUC_JP, ISO_2022_JP, SHIFT_JIS};

mod common;

use common::{maillint, stderr, stdout};

/// A profile with a full-width `＠` in the address (ML101 at line 7,
/// column 43) and the user's name in `{name}`.
fn prefs(name: &str) -> String {
    format!(
        r#"// Mozilla User Preferences
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.identity.id1.fullName", "{name}");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.identity.id1.useremail", "taro＠example.jp");
user_pref("mail.server.server1.hostname", "pop.example.jp");
user_pref("mail.server.server1.port", 995);
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.type", "pop3");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.jp");
user_pref("mail.smtpserver.smtp1.port", 587);
user_pref("mail.smtpserver.smtp1.try_ssl", 2);
user_pref("mail.smtpservers", "smtp1");
"#
    )
}

/// A name long enough that only one Japanese encoding reads it.
const LONG_NAME: &str = "山田 太郎 (営業部 東京本社 第二営業課 担当者)";

#[derive(Clone, Copy, Debug)]
enum Enc {
    EucJp,
    Iso2022Jp,
    Utf16LeNoBom,
    Cp932,
}

impl Enc {
    fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Enc::EucJp => EUC_JP.encode(text).0.into_owned(),
            Enc::Iso2022Jp => ISO_2022_JP.encode(text).0.into_owned(),
            Enc::Cp932 => SHIFT_JIS.encode(text).0.into_owned(),
            Enc::Utf16LeNoBom => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        }
    }

    /// The name in JSON (`files[].encoding`) and in the report.
    fn label(self) -> &'static str {
        match self {
            Enc::EucJp => "euc-jp",
            Enc::Iso2022Jp => "iso-2022-jp",
            Enc::Utf16LeNoBom => "utf-16le-no-bom",
            Enc::Cp932 => "shift_jis",
        }
    }

    /// The name people know (notes, SARIF, ML004).
    fn display(self) -> &'static str {
        match self {
            Enc::EucJp => "EUC-JP",
            Enc::Iso2022Jp => "ISO-2022-JP",
            Enc::Utf16LeNoBom => "UTF-16LE (no BOM)",
            Enc::Cp932 => "Shift_JIS",
        }
    }

    /// The IANA charset name (SARIF's `artifact.encoding`): no BOM note.
    fn iana(self) -> &'static str {
        match self {
            Enc::Utf16LeNoBom => "UTF-16LE",
            other => other.display(),
        }
    }
}

const ALL: [Enc; 4] = [Enc::EucJp, Enc::Iso2022Jp, Enc::Utf16LeNoBom, Enc::Cp932];

fn write(dir: &Path, enc: Enc, name: &str) -> (PathBuf, Vec<u8>) {
    let sub = dir.join(enc.label());
    std::fs::create_dir_all(&sub).expect("mkdir");
    let path = sub.join("prefs.js");
    let bytes = enc.encode(&prefs(name));
    std::fs::write(&path, &bytes).expect("write");
    (path, bytes)
}

fn json(path: &Path) -> serde_json::Value {
    let out = maillint()
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .expect("runs");
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn each_encoding_is_detected_and_its_spans_map_to_the_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    // CP932's own characters (NEC's ①, IBM's 髙) are read as such.
    let name = format!("髙橋① {LONG_NAME}");
    for enc in ALL {
        let (path, bytes) = write(dir.path(), enc, &name);
        let v = json(&path);
        assert_eq!(v["files"][0]["encoding"], enc.label(), "{enc:?}");
        assert_eq!(v["files"][0]["encoding_guessed"], true, "{enc:?}");
        let text = v.to_string();
        assert!(text.contains(&name), "{enc:?}: the name is garbled: {text}");
        let ml101: Vec<&serde_json::Value> = v["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["code"] == "ML101")
            .collect();
        assert_eq!(ml101.len(), 1, "{enc:?}: {text}");
        let d = ml101[0];
        assert!(
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("taro＠example.jp")),
            "{enc:?}: {d}"
        );
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(7), Some(43))
        );
        // The byte offset is where the value (after its quote) is on disk.
        let quoted = enc.encode("\"taro");
        let on_disk = bytes
            .windows(quoted.len())
            .position(|w| w == quoted.as_slice())
            .expect("value on disk")
            + enc.encode("\"").len();
        assert_eq!(d["offset"].as_u64(), Some(on_disk as u64), "{enc:?}");
        // A strong guess is no finding.
        assert!(!text.contains("ML004"), "{enc:?}: {text}");
    }
}

#[test]
fn the_encoding_is_named_in_every_output_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    for enc in ALL {
        let (path, _) = write(dir.path(), enc, LONG_NAME);
        for format in ["human", "concise", "github", "junit", "sarif", "json"] {
            let out = maillint()
                .args(["check", "--format", format])
                .arg(&path)
                .output()
                .expect("runs");
            let note = format!(
                "maillint: note: {}: read as {} (guessed from its bytes)",
                path.display(),
                enc.display()
            );
            assert!(
                stderr(&out).contains(&note),
                "{enc:?} {format}: {}",
                stderr(&out)
            );
            if format == "sarif" {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF");
                let a = &v["runs"][0]["artifacts"][0];
                assert_eq!(a["encoding"], enc.iana(), "{enc:?}");
                assert_eq!(a["properties"]["encodingGuessed"], true);
            }
        }
        let ja = maillint()
            .env("LANG", "ja_JP.UTF-8")
            .arg(&path)
            .output()
            .expect("runs");
        assert!(
            stderr(&ja).contains(&format!(
                "文字コードを {} と判断して読みました",
                enc.display()
            )),
            "{}",
            stderr(&ja)
        );
        let report = maillint()
            .args(["report", "--lang", "en"])
            .arg(&path)
            .output()
            .expect("runs");
        assert!(
            stdout(&report).contains(&format!(
                "(encoding {}, guessed from its bytes)",
                enc.label()
            )),
            "{enc:?}: {}",
            stdout(&report)
        );
    }
}

/// The bug of the issue: an EUC-JP profile whose only Japanese character is
/// the full-width `＠` was read as Shift_JIS (`｡x`) and reported as an
/// address without `@`. It is now read as EUC-JP, with ML004 saying the
/// guess had little to go on.
#[test]
fn a_weak_guess_is_a_finding_and_the_address_is_read_right() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = write(dir.path(), Enc::EucJp, "Taro");
    let out = maillint()
        .args(["check", "--format", "concise"])
        .arg(&path)
        .output()
        .expect("runs");
    let text = stdout(&out);
    let p = path.display();
    assert!(
        text.contains(&format!(
            "{p}:7:43: error ML101 full-width character '＠' in the e-mail address 'taro＠example.jp'"
        )),
        "{text}"
    );
    assert!(!text.contains("ML103"), "{text}");
    assert!(
        text.contains(&format!(
            "{p}:7:47: warning ML004 the file's encoding was guessed as EUC-JP from few clues"
        )),
        "{text}"
    );
    let ja = maillint()
        .env("LANG", "ja_JP.UTF-8")
        .args(["check", "--format", "concise"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(
        stdout(&ja).contains("ファイルの文字コードを少ない手がかりから EUC-JP と判断しました"),
        "{}",
        stdout(&ja)
    );
}

#[test]
fn fixes_write_back_in_the_files_encoding_or_refuse() {
    let dir = tempfile::tempdir().expect("tempdir");
    for enc in ALL {
        let (path, before) = write(dir.path(), enc, LONG_NAME);
        let out = maillint().arg("--fix").arg(&path).output().expect("runs");
        let after = std::fs::read(&path).expect("read");
        match enc {
            Enc::EucJp | Enc::Iso2022Jp => {
                assert_eq!(after, before, "{enc:?}: the file changed");
                assert!(
                    stderr(&out).contains(&format!(
                        "it is written in {}, which maillint reads but does not write",
                        enc.display()
                    )),
                    "{enc:?}: {}",
                    stderr(&out)
                );
            }
            Enc::Utf16LeNoBom | Enc::Cp932 => {
                let expected = enc.encode(&prefs(LONG_NAME).replace('＠', "@"));
                assert_eq!(after, expected, "{enc:?}: {}", stderr(&out));
                assert_eq!(out.status.code(), Some(0), "{enc:?}: {}", stdout(&out));
            }
        }
    }
}
