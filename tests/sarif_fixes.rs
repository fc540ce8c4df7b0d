//! SARIF `fixes`: each result whose fix `--fix` would write carries it, with
//! the same edits as the JSON report's `fix`, and applying a log's fixes the
//! way `--fix --unsafe-fixes` chooses them (in order, the first of two
//! overlapping fixes wins) gives the very bytes `--fix` writes, in every
//! encoding maillint writes.

mod common;

use std::path::{Path, PathBuf};

use common::{maillint_in as maillint, stderr, stdout};
use serde_json::Value;

fn here() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn report(dir: &Path, format: &str, target: &str) -> Value {
    let out = maillint(dir)
        .args(["check", "--isolated", "--format", format, target])
        .output()
        .expect("runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{target}: {}",
        stderr(&out)
    );
    serde_json::from_str(&stdout(&out)).expect("the report is JSON")
}

/// A replacement as (file, byte offset, byte length, text).
type Replacement = (String, u64, u64, String);

fn replacements(fix: &Value) -> Vec<Replacement> {
    let mut out = Vec::new();
    for change in fix["artifactChanges"].as_array().expect("artifactChanges") {
        let uri = change["artifactLocation"]["uri"].as_str().expect("uri");
        for r in change["replacements"].as_array().expect("replacements") {
            let region = &r["deletedRegion"];
            out.push((
                unescape(uri),
                region["byteOffset"].as_u64().expect("byteOffset"),
                region["byteLength"].as_u64().expect("byteLength"),
                r["insertedContent"]["text"]
                    .as_str()
                    .expect("text")
                    .to_string(),
            ));
        }
    }
    out
}

/// A relative URI's path: `%XX` escapes back to their bytes.
fn unescape(uri: &str) -> String {
    let (b, mut out, mut i) = (uri.as_bytes(), Vec::new(), 0);
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(byte) if b[i] == b'%' => {
                out.push(byte);
                i += 3;
            }
            _ => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("a UTF-8 path")
}

/// The fixtures' folders that hold at least one fix.
fn folders_with_fixes() -> Vec<PathBuf> {
    let json = report(here(), "json", "fixtures");
    let mut out: Vec<PathBuf> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d.get("fix").is_some())
        .filter_map(|d| {
            Path::new(d["path"].as_str()?)
                .parent()
                .map(Path::to_path_buf)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn sarif_fixes_are_the_json_fixes_of_files_fix_writes() {
    let (json, sarif) = (
        report(here(), "json", "fixtures"),
        report(here(), "sarif", "fixtures"),
    );
    let schema: Value =
        serde_json::from_str(include_str!("sarif-schema-2.1.0.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let encodings: std::collections::HashMap<&str, &str> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| Some((f["path"].as_str()?, f["encoding"].as_str()?)))
        .collect();
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(diagnostics.len(), results.len());
    let mut with_fixes = 0;
    for (d, r) in diagnostics.iter().zip(results) {
        assert_eq!(d["code"], r["ruleId"]);
        let path = d["path"].as_str().unwrap_or_default();
        // What fix::apply writes: not EUC-JP or ISO-2022-JP, not binary.
        let writes = matches!(
            encodings.get(path).copied(),
            Some("utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "shift_jis")
        );
        match (&d.get("fix"), r.get("fixes")) {
            (Some(fix), Some(fixes)) if writes => {
                with_fixes += 1;
                let fixes = fixes.as_array().expect("fixes");
                assert_eq!(fixes.len(), 1, "{r}");
                let expected: Vec<Replacement> = fix["edits"]
                    .as_array()
                    .expect("edits")
                    .iter()
                    .map(|e| {
                        (
                            path.to_string(),
                            e["offset"].as_u64().expect("offset"),
                            e["length"].as_u64().expect("length"),
                            e["content"].as_str().expect("content").to_string(),
                        )
                    })
                    .collect();
                assert_eq!(replacements(&fixes[0]), expected, "{r}");
                assert_eq!(
                    fixes[0]["properties"]["applicability"],
                    fix["applicability"]
                );
                assert_eq!(fixes[0]["description"]["text"], d["help"]);
            }
            (None, None) => {}
            (Some(_), None) if !writes => {}
            (d, r) => panic!("{path}: JSON fix {d:?}, SARIF fixes {r:?}"),
        }
    }
    assert!(with_fixes >= 40, "{with_fixes} results with fixes");
}

/// `text` in the artifact's `encoding` (its IANA name), as a viewer writes
/// a fix's text into the file.
fn encoded(text: &str, encoding: &str) -> Vec<u8> {
    match encoding {
        "UTF-8" => text.as_bytes().to_vec(),
        "UTF-16LE" => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        "UTF-16BE" => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        "Shift_JIS" => {
            let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
            assert!(!unmappable, "{text}");
            bytes.into_owned()
        }
        other => panic!("a fix in a file maillint does not write ({other})"),
    }
}

fn overlaps(a: &Replacement, b: &Replacement) -> bool {
    a.0 == b.0 && a.1 < (b.1 + b.2).max(b.1 + 1) && b.1 < (a.1 + a.2).max(a.1 + 1)
}

/// The log's fixes applied as `--fix --unsafe-fixes` chooses them: in the
/// results' order, a fix equal to one chosen is the same edit, a fix that
/// overlaps one chosen is left.
fn apply_log(dir: &Path, log: &Value) {
    let run = &log["runs"][0];
    let encodings: std::collections::HashMap<String, &str> = run["artifacts"]
        .as_array()
        .expect("artifacts")
        .iter()
        .filter_map(|a| {
            Some((
                unescape(a["location"]["uri"].as_str()?),
                a["encoding"].as_str()?,
            ))
        })
        .collect();
    let mut chosen: Vec<Vec<Replacement>> = Vec::new();
    for r in run["results"].as_array().expect("results") {
        let Some(fix) = r["fixes"].get(0) else {
            continue;
        };
        let fix = replacements(fix);
        if chosen.contains(&fix) {
            continue;
        }
        if chosen
            .iter()
            .flatten()
            .any(|c| fix.iter().any(|e| overlaps(c, e)))
        {
            continue;
        }
        chosen.push(fix);
    }
    // In text order; edits at one offset (two lines added after a key) in
    // their fix's order, as `--fix` writes them.
    let mut all: Vec<Replacement> = chosen.into_iter().flatten().collect();
    all.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    all.dedup();
    // From the end of each file back, so that offsets stay true.
    for (uri, offset, length, text) in all.iter().rev() {
        let path = dir.join(uri);
        let mut bytes = std::fs::read(&path).expect("read");
        let (start, end) = (*offset as usize, (*offset + *length) as usize);
        bytes.splice(start..end, encoded(text, encodings[uri]));
        std::fs::write(&path, bytes).expect("write");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let kind = entry.file_type().expect("file type");
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file of `dir` (relative path, bytes), backups left out.
fn files(dir: &Path, under: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let entry = entry.expect("entry");
        let path = entry.path();
        if path.is_dir() {
            files(&path, under, out);
        } else if !path.to_string_lossy().contains(".maillint-bak") {
            let rel = path.strip_prefix(under).expect("under").to_path_buf();
            out.push((rel, std::fs::read(&path).expect("read")));
        }
    }
}

#[test]
fn applying_a_logs_fixes_writes_what_fix_writes() {
    let folders = folders_with_fixes();
    assert!(folders.len() >= 10, "{folders:?}");
    let mut compared = 0;
    for folder in &folders {
        let (a, b) = (
            tempfile::tempdir().expect("tempdir"),
            tempfile::tempdir().expect("tempdir"),
        );
        copy_dir(&here().join(folder), &a.path().join("p"));
        copy_dir(&here().join(folder), &b.path().join("p"));
        let fixed = maillint(b.path())
            .args(["check", "--isolated", "--fix", "--unsafe-fixes", "p"])
            .output()
            .expect("runs");
        if fixed.status.code() == Some(2) {
            // Refused as a whole (a profile the client holds): nothing written.
            continue;
        }
        let log = report(a.path(), "sarif", "p");
        apply_log(a.path(), &log);
        let (mut by_log, mut by_fix) = (Vec::new(), Vec::new());
        files(a.path(), a.path(), &mut by_log);
        files(b.path(), b.path(), &mut by_fix);
        by_log.sort();
        by_fix.sort();
        assert!(
            by_log == by_fix,
            "{}: the log's fixes and --fix wrote different files",
            folder.display()
        );
        compared += 1;
    }
    assert!(compared >= 10, "{compared} folders compared");
}

#[test]
fn a_signed_profile_gets_no_sarif_fix() {
    // The plain fixture's profile, signed: the same finding, but `--fix`
    // refuses to break the signature, so the log offers no fix.
    let plain = std::fs::read(here().join("fixtures/mobileconfig/plain/profile.mobileconfig"))
        .expect("fixture");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("plain.mobileconfig"), &plain).expect("write");
    std::fs::write(
        dir.path().join("signed.mobileconfig"),
        maillint::source::cms::wrap_for_tests(&plain),
    )
    .expect("write");
    let json = report(dir.path(), "json", ".");
    let fixed: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d.get("fix").is_some())
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert!(
        fixed.iter().any(|p| p.ends_with("signed.mobileconfig")),
        "{fixed:?}"
    );
    let sarif = report(dir.path(), "sarif", ".");
    let offered: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r.get("fixes").is_some())
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        offered.iter().any(|u| u.ends_with("plain.mobileconfig")),
        "{offered:?}"
    );
    assert!(
        !offered.iter().any(|u| u.ends_with("signed.mobileconfig")),
        "{offered:?}"
    );
}
