//! Microsoft clients: the fixtures that are bytes (UTF-16 and Shift_JIS
//! `.reg`, UTF-16 `.oeaccount`, binary `.iaf`) are generated here from
//! readable sources so that their layout is exact; secrets never reach any
//! output; content decides the format; the public corpus reads without panic.
//!
//! `MAILLINT_UPDATE_FIXTURES=1 cargo test --test microsoft` writes the
//! generated fixture files; without it, the test checks they are current.

use std::path::PathBuf;

use assert_cmd::Command;
use encoding_rs::SHIFT_JIS;
use maillint::formats::outlook_express::iaf;
use maillint::model::{AuthMethod, Client, Format, Security};
use maillint::pipeline::{CheckOptions, check_paths};
use maillint::testing::finding_lines;

const PLANTED: &str = "PlantedSecret42";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn data(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/data").join(name)).expect("test data")
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

fn utf16le_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in crlf(text).encode_utf16() {
        out.extend(u.to_le_bytes());
    }
    out
}

fn shift_jis(text: &str) -> Vec<u8> {
    let text = crlf(text);
    let (bytes, _, unmappable) = SHIFT_JIS.encode(&text);
    assert!(!unmappable, "text not representable in Shift_JIS");
    bytes.into_owned()
}

fn cstr(s: &[u8]) -> Vec<u8> {
    let mut v = s.to_vec();
    v.push(0);
    v
}

fn dword(n: u32) -> Vec<u8> {
    n.to_le_bytes().to_vec()
}

/// A password record as OE writes it: `01 01`, length, (obfuscated) data.
/// The data here is the planted text itself, so a leak would show it.
fn pass(text: &str) -> Vec<u8> {
    let mut v = vec![1, 1];
    v.extend((text.len() as u32).to_le_bytes());
    v.extend(text.as_bytes());
    v
}

/// An OE6 `.iaf` export, byte by byte: a POP3 account whose SMTP logon
/// (`SMTP Use Sicily` = 3) names no SMTP user name.
pub fn iaf_mobile() -> Vec<u8> {
    iaf::build(&[
        (0x1235_03F0, cstr(b"Mobile")),
        (0x123D_03F0, cstr(b"00000001")),
        (0x1239_03E9, dword(0)),
        (0x13C4_03F0, cstr(b"pop.example.jp")),
        (0x13C5_03F0, cstr(b"ken")),
        (0x13C6_03F6, pass(PLANTED)),
        (0x13C8_03F5, dword(0)),
        (0x13C9_03E9, dword(110)),
        (0x13CA_03F5, dword(0)),
        (0x1428_03F0, cstr(b"smtp.example.jp")),
        (0x142C_03E9, dword(3)),
        (0x142D_03E9, dword(587)),
        (0x142E_03F5, dword(1)),
        (0x1430_03F0, cstr(b"Ken Example")),
        (0x1432_03F0, cstr(b"ken@example.jp")),
        (0x1434_03F5, dword(1)),
        (0x1435_03E9, dword(60)),
    ])
}

/// An `.iaf` cut short: the last record claims more data than the file has.
pub fn iaf_truncated() -> Vec<u8> {
    let mut bytes = iaf::build(&[
        (0x1235_03F0, cstr(b"Broken")),
        (0x13C4_03F0, cstr(b"pop.example.jp")),
        (0x13C5_03F0, cstr(b"aki")),
        (0x1428_03F0, cstr(b"smtp.example.jp")),
        (0x142C_03E9, dword(1)),
    ]);
    bytes.extend(0x1432_03F0u32.to_le_bytes());
    bytes.extend(4000u32.to_le_bytes());
    bytes.extend(b"aki@exa");
    bytes
}

fn generated() -> Vec<(PathBuf, Vec<u8>)> {
    let f = root().join("fixtures");
    vec![
        (
            f.join("outlook-express/reg-v5-utf16/mail.reg"),
            utf16le_bom(&data("oe-v5.reg.txt")),
        ),
        (
            f.join("outlook-express/regedit4-sjis/mail.reg"),
            shift_jis(&data("oe-regedit4.reg.txt")),
        ),
        (
            f.join("windows-live-mail/utf16-spa/Windows Live Mail/example.jp/account{1A2B3C4D}.oeaccount"),
            utf16le_bom(&data("wlm.oeaccount.txt")),
        ),
        (f.join("outlook-express/iaf/mobile.iaf"), iaf_mobile()),
        (
            f.join("outlook-express/iaf-truncated/broken.iaf"),
            iaf_truncated(),
        ),
    ]
}

#[test]
fn generated_fixtures_are_current() {
    let update = std::env::var_os("MAILLINT_UPDATE_FIXTURES").is_some();
    for (path, bytes) in generated() {
        if update {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).expect("create fixture folder");
            }
            std::fs::write(&path, &bytes).expect("write fixture");
            continue;
        }
        let on_disk = std::fs::read(&path).unwrap_or_else(|_| {
            panic!(
                "{} missing: run with MAILLINT_UPDATE_FIXTURES=1",
                path.display()
            )
        });
        assert!(on_disk == bytes, "{} is stale", path.display());
    }
}

fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

#[test]
fn v5_reg_reads_identities_and_sicily_semantics() {
    let out = check_paths(
        &[fixture("outlook-express/reg-v5-utf16")],
        &CheckOptions::default(),
    );
    let doc = &out.documents[0];
    assert_eq!(doc.format, Format("reg"));
    let keys: Vec<&str> = doc.accounts.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "{8A1C2E3F-0B4D-4E5F-9A6B-7C8D9E0F1A2B}\\00000001",
            "{8A1C2E3F-0B4D-4E5F-9A6B-7C8D9E0F1A2B}\\00000002",
            "00000004"
        ]
    );
    assert_eq!(doc.skipped.len(), 1, "the news account");
    let office = &doc.accounts[0];
    assert_eq!(office.client, Client::OutlookExpress);
    let inc = office.incoming.as_ref().expect("incoming");
    assert_eq!(inc.auth.value, AuthMethod::Spa);
    assert!(inc.password_stored);
    assert_eq!(office.outgoing[0].auth.value, AuthMethod::SameAsIncoming);
    assert_eq!(office.outgoing[0].security.value, Security::StartTls);
    // An escaped value is not verbatim; its span still covers it in the file.
    let name = office.identities[0].display_name.as_ref().expect("name");
    assert_eq!(name.value, "Taro \"Tom\" Example");
    assert!(!name.verbatim);
    // Spans map back to UTF-16 bytes on disk.
    let file = out.sources.get(doc.sources[0]).expect("source");
    let host = inc.host.as_ref().expect("host");
    let range = file.original_range(host.span);
    let on_disk = std::fs::read(&file.path).expect("read");
    let units: Vec<u16> = on_disk[range]
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    assert_eq!(String::from_utf16_lossy(&units), "pop.example.jp");
}

#[test]
fn regedit4_shift_jis_keeps_japanese_names() {
    let out = check_paths(
        &[fixture("outlook-express/regedit4-sjis")],
        &CheckOptions::default(),
    );
    let doc = &out.documents[0];
    let names: Vec<String> = doc.accounts.iter().map(|a| a.display_label()).collect();
    assert_eq!(names, ["会社のメール", "家族用"]);
    let file = out.sources.get(doc.sources[0]).expect("source");
    assert_eq!(file.encoding.label(), "shift_jis");
}

#[test]
fn iaf_is_read_as_binary_with_byte_offsets() {
    let out = check_paths(&[fixture("outlook-express/iaf")], &CheckOptions::default());
    let doc = &out.documents[0];
    assert_eq!(doc.format, Format("iaf"));
    let file = out.sources.get(doc.sources[0]).expect("source");
    assert!(file.is_binary);
    let a = &doc.accounts[0];
    assert_eq!(a.outgoing[0].auth.value, AuthMethod::Cleartext);
    assert!(a.incoming.as_ref().is_some_and(|s| s.password_stored));
    let lines = finding_lines(&out, &fixture("outlook-express/iaf"));
    // SMTP Use Sicily = 3 without an SMTP user name, at the record's data;
    // and POP3 on 110 without SSL with a normal password (ML302).
    let bytes = iaf_mobile();
    let at = find_record(&bytes, 0x142C_03E9) + 8;
    assert_eq!(
        lines,
        [
            "mobile.iaf:1:153: ML302".to_string(),
            format!("mobile.iaf:1:{}: ML306", at + 1)
        ]
    );
}

fn find_record(bytes: &[u8], id: u32) -> usize {
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let rid = u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        let len = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]])
            as usize;
        if rid == id {
            return at;
        }
        at += 8 + len;
    }
    panic!("record {id:08X} not found")
}

#[test]
fn human_output_of_a_binary_file_shows_the_byte_offset() {
    let out = Command::cargo_bin("maillint")
        .expect("binary")
        .args(["--no-color", "--lang", "en"])
        .arg(fixture("outlook-express/iaf-truncated"))
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("broken.iaf: \"SMTP Email Address\" at byte offset 98 (0x62)"),
        "{text}"
    );
    assert!(text.contains("ML001"), "{text}");
    assert!(text.contains("4000 B > 7 B"), "{text}");
}

#[test]
fn no_stored_password_appears_in_any_output() {
    // The planted text is really in the files, so a leak would show.
    let reg4 = std::fs::read(fixture("outlook-express/regedit4-sjis/mail.reg")).expect("reg");
    let iaf = std::fs::read(fixture("outlook-express/iaf/mobile.iaf")).expect("iaf");
    for bytes in [&reg4, &iaf] {
        assert!(
            bytes
                .windows(PLANTED.len())
                .any(|w| w == PLANTED.as_bytes())
        );
    }
    let hex_in_v5 = "50,6c,61,6e,74,65,64";
    assert!(data("oe-v5.reg.txt").contains(hex_in_v5));
    for format in ["human", "json"] {
        for lang in ["en", "ja"] {
            let out = Command::cargo_bin("maillint")
                .expect("binary")
                .args(["--no-color", "--format", format, "--lang", lang])
                .args(["--select", "ALL"])
                .arg(fixture("outlook-express"))
                .arg(fixture("windows-live-mail"))
                .output()
                .expect("runs");
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(all.contains("ML"), "no findings at all? {all}");
            assert!(!all.contains(PLANTED), "{format}/{lang} leaks the password");
            assert!(
                !all.contains(hex_in_v5),
                "{format}/{lang} leaks password bytes"
            );
            assert!(
                !all.contains("6c,61,6e"),
                "{format}/{lang} leaks password bytes"
            );
        }
    }
}

#[test]
fn a_txt_file_holding_a_reg_export_is_read_as_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mail settings.txt");
    std::fs::write(&path, shift_jis(&data("oe-regedit4.reg.txt"))).expect("write");
    let out = check_paths(&[path], &CheckOptions::default());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.documents[0].format, Format("reg"));
    assert_eq!(out.documents[0].accounts.len(), 2);
}

#[test]
fn discovery_finds_windows_mail_and_live_mail_stores() {
    use maillint::discover::Home;
    use maillint::inputs::Plan;
    let home = tempfile::tempdir().expect("tempdir");
    for (store, sub) in [
        ("Windows Live Mail", "example.jp"),
        ("Windows Mail", "Local Folders"),
    ] {
        let dir = home
            .path()
            .join("AppData/Local/Microsoft")
            .join(store)
            .join(sub);
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(
            dir.join("account{1}.oeaccount"),
            utf16le_bom(&data("wlm.oeaccount.txt")),
        )
        .expect("write");
    }
    let plan = Plan::discover(&Home::at(home.path()));
    let kinds: Vec<&str> = plan.units.iter().map(|u| u.reader.format.label()).collect();
    assert_eq!(kinds, ["oeaccount", "oeaccount"]);
    let out = maillint::pipeline::check_plan(plan, &CheckOptions::default());
    let clients: Vec<Client> = out.documents.iter().map(|d| d.accounts[0].client).collect();
    assert!(clients.contains(&Client::WindowsLiveMail) && clients.contains(&Client::WindowsMail));
}

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("MAILLINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/corpus"));
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("MAILLINT_REQUIRE_CORPUS").is_some_and(|v| v == "1") {
        panic!("corpus not found at {}", dir.display());
    }
    eprintln!("notice: corpus not found at {}; skipping", dir.display());
    None
}

#[test]
fn corpus_oeaccount_and_prf_files_read_without_panic() {
    let Some(corpus) = corpus() else { return };
    for sub in ["oeaccount", "prf"] {
        let dir = corpus.join(sub);
        let files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("corpus folder")
            .flatten()
            .map(|e| e.path())
            .collect();
        assert!(!files.is_empty());
        for f in files {
            let out = check_paths(std::slice::from_ref(&f), &CheckOptions::default());
            assert!(out.errors.is_empty(), "{}: {:?}", f.display(), out.errors);
            let doc = &out.documents[0];
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.contains("donhallimap") {
                // IMAP and SMTP both use SPA: two ML301 findings.
                let spa = out.diagnostics.iter().filter(|d| d.code == "ML301").count();
                assert_eq!(spa, 2, "{name}");
            }
            if name.ends_with(".prf") {
                assert_eq!(doc.format, Format("prf"));
                let host = doc.accounts[0]
                    .incoming
                    .as_ref()
                    .and_then(|s| s.host.as_ref());
                assert_eq!(host.map(|h| h.value.as_str()), Some("MyPOPServer"));
                // The KB's wrapped comment lines: one warning, not a crash.
                let wrapped: Vec<_> = out
                    .diagnostics
                    .iter()
                    .filter(|d| d.code == "ML001")
                    .collect();
                assert_eq!(wrapped.len(), 1, "{name}");
                assert!(wrapped[0].message.contains("Outlook ignores"));
            }
        }
    }
}

#[test]
fn koara_severities_error_for_what_fails_info_for_what_the_file_cannot_tell() {
    use maillint::diagnostics::Severity;
    use maillint::policy::Policy;
    let opts = CheckOptions {
        policy: Policy::load("koara").expect("koara"),
        ..CheckOptions::default()
    };
    let out = check_paths(&[fixture("outlook-express/regedit4-sjis")], &opts);
    let got: Vec<(&str, Severity)> = out
        .diagnostics
        .iter()
        .map(|d| (d.code, d.severity))
        .collect();
    assert_eq!(
        got,
        [
            ("ML514", Severity::Info),
            ("ML302", Severity::Error),
            ("ML401", Severity::Warning),
            ("ML513", Severity::Info),
            ("ML501", Severity::Error),
            ("ML302", Severity::Error),
            ("ML501", Severity::Warning),
            ("ML302", Severity::Error),
            ("ML101", Severity::Error),
        ]
    );
    let split = &out.diagnostics[4];
    assert!(split.message.contains("5000 KB"), "{}", split.message);
    assert!(split.message.contains("3741 KB"), "{}", split.message);
}
