//! The CI output formats through the binary: SARIF (validated against the
//! SARIF 2.1.0 schema shipped in tests/), GitHub workflow commands, JUnit,
//! concise lines, and `-o FILE`.
//!
//! `sarif-schema-2.1.0.json` is the OASIS SARIF 2.1.0 schema (draft-07, `$id`
//! oasis-tcs/sarif-spec `Schemata/sarif-schema-2.1.0.json`), copied unchanged
//! from the `src/schema.json` of the serde-sarif 0.8.0 crate on crates.io.

mod common;

use common::{PORT_25_ONLY, SPA_AND_PORT_25, maillint_in as maillint, profile, stderr, stdout};
use serde_json::Value;

fn schema() -> Value {
    let text = include_str!("sarif-schema-2.1.0.json");
    serde_json::from_str(text).expect("the shipped schema is JSON")
}

fn assert_valid_sarif(log: &Value) {
    let validator = jsonschema::validator_for(&schema()).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
}

fn sarif(dir: &std::path::Path, args: &[&str]) -> Value {
    let out = maillint(dir)
        .args(["check", "--format", "sarif"])
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("SARIF is JSON")
}

#[test]
fn sarif_is_valid_and_complete() {
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), "p", SPA_AND_PORT_25);
    let log = sarif(dir.path(), &["p"]);
    assert_valid_sarif(&log);
    assert_eq!(log["version"], "2.1.0");
    // The validator does reject what the schema forbids.
    let validator = jsonschema::validator_for(&schema()).expect("the schema compiles");
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
    let mut relative = log.clone();
    relative["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] =
        Value::from("docs/rules/ML001.md");
    // Why maillint leaves helpUri out rather than giving the relative page.
    assert!(
        !validator.is_valid(&relative),
        "helpUri must be an absolute URI"
    );
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "maillint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    let spa = rules
        .iter()
        .find(|r| r["id"] == "ML301")
        .expect("ML301 listed");
    assert_eq!(spa["name"], "spa-enabled");
    assert_eq!(spa["defaultConfiguration"]["level"], "error");
    for key in ["shortDescription", "fullDescription"] {
        assert!(!spa[key]["text"].as_str().unwrap_or("").is_empty(), "{key}");
    }
    assert!(
        spa["help"]["markdown"]
            .as_str()
            .unwrap_or("")
            .contains("maillint explain ML301")
    );
    // No public URL configured: no helpUri rather than a relative one.
    assert!(spa.get("helpUri").is_none());

    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    let r = &results[0];
    assert_eq!(r["ruleId"], "ML301");
    assert_eq!(r["level"], "error");
    let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(rules[index]["id"], "ML301");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "p/prefs.js");
    assert_eq!(loc["region"]["startLine"], 8);
    assert_eq!(loc["region"]["startColumn"], 45);
    assert_eq!(loc["region"]["endColumn"], 46);
    assert!(r["partialFingerprints"]["maillint/v1"].is_string());
    let warn = &results[1];
    assert_eq!(
        (warn["ruleId"].as_str(), warn["level"].as_str()),
        (Some("ML401"), Some("warning"))
    );
}

#[test]
fn sarif_columns_are_utf16_and_fingerprints_survive_line_moves() {
    let dir = tempfile::tempdir().expect("tempdir");
    // An astral character (one character, two UTF-16 code units) before a
    // full-width 'ｅ' on the same line.
    let text = PORT_25_ONLY.replace(
        "\"smtp.example.jp\"",
        "/* \u{1F4E7} */ \"smtp.\u{FF45}xample.jp\"",
    );
    profile(dir.path(), "p", &text);
    let log = sarif(dir.path(), &["p"]);
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .clone();
    let ml101 = results
        .iter()
        .find(|r| r["ruleId"] == "ML101")
        .expect("ML101");
    let concise = stdout(
        &maillint(dir.path())
            .args(["check", "p", "--format", "concise", "--select", "ML101"])
            .output()
            .expect("runs"),
    );
    let chars: u64 = concise
        .split(':')
        .nth(2)
        .and_then(|c| c.parse().ok())
        .expect("a column in the concise line");
    let region = &ml101["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 11);
    assert_eq!(region["startColumn"].as_u64(), Some(chars + 1), "{concise}");

    // Two blank lines on top: every line moves, every fingerprint stays.
    profile(dir.path(), "p", &format!("\n\n{text}"));
    let moved = sarif(dir.path(), &["p"]);
    let moved = moved["runs"][0]["results"]
        .as_array()
        .expect("results")
        .clone();
    assert_eq!(moved.len(), results.len());
    for (a, b) in results.iter().zip(&moved) {
        assert_eq!(a["partialFingerprints"], b["partialFingerprints"]);
        let line =
            |r: &Value| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64();
        assert_eq!(line(b), line(a).map(|l| l + 2));
    }
}

#[test]
fn sarif_help_uri_comes_from_the_configured_base() {
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), "p", SPA_AND_PORT_25);
    std::fs::write(
        dir.path().join(".maillint.toml"),
        "docs-base-url = \"https://git.example.co.jp/tools/maillint/-/blob/main/\"\n",
    )
    .expect("write config");
    let log = sarif(dir.path(), &["p"]);
    assert_valid_sarif(&log);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .clone();
    let spa = rules.iter().find(|r| r["id"] == "ML301").expect("ML301");
    assert_eq!(
        spa["helpUri"],
        "https://git.example.co.jp/tools/maillint/-/blob/main/docs/rules/ML301.md"
    );
    assert!(log["runs"][0]["tool"]["driver"]["informationUri"].is_string());
}

#[test]
fn github_workflow_commands() {
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), "p", SPA_AND_PORT_25);
    let out = maillint(dir.path())
        .args(["check", "p", "--format", "github"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with(
            "::error file=p/prefs.js,line=8,col=45,endLine=8,endColumn=46,title=ML301 spa-enabled::"
        ),
        "{}",
        lines[0]
    );
    // The help follows the message on a second, escaped, line.
    assert!(lines[0].contains("%0A"), "{}", lines[0]);
    assert!(
        lines[1].starts_with("::warning file=p/prefs.js,line=13,"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("title=ML401 smtp-port-25::"));
}

#[test]
fn junit_one_case_per_file_and_rule() {
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), "p", SPA_AND_PORT_25);
    profile(dir.path(), "q", PORT_25_ONLY);
    let out = maillint(dir.path())
        .args([
            "check",
            "p",
            "q",
            "--format",
            "junit",
            "--fail-on",
            "warning",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let xml = stdout(&out);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert_eq!(xml.matches("<testsuite ").count(), 2);
    // Each file has a case for every rule; three of them fail.
    let rules = xml.matches("<testcase ").count() / 2;
    assert!(rules >= 10, "{rules}");
    assert_eq!(xml.matches("<failure ").count(), 3);
    assert!(xml.contains(&format!("tests=\"{}\" failures=\"3\"", rules * 2)));
    assert!(xml.contains(
        "<testcase name=\"ML301 spa-enabled\" classname=\"p/prefs.js\" file=\"p/prefs.js\">\n      <failure type=\"error\""
    ));
    assert!(xml.contains("p/prefs.js:8:45: error ML301 "));
    assert_eq!(
        xml.matches("<testcase").count(),
        xml.matches("/>").count() + 3
    );

    // Below fail-on, a finding is output, not a failure.
    let out = maillint(dir.path())
        .args(["check", "q", "--format", "junit"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let xml = stdout(&out);
    assert_eq!(xml.matches("<failure ").count(), 0);
    assert!(xml.contains("<system-out>q/prefs.js:12:41: warning ML401 "));
}

#[test]
fn concise_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), "p", SPA_AND_PORT_25);
    let out = maillint(dir.path())
        .args(["check", "p", "--format", "concise"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let sep = std::path::MAIN_SEPARATOR;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with(&format!("p{sep}prefs.js:8:45: error ML301 ")));
    assert!(lines[1].starts_with(&format!("p{sep}prefs.js:13:41: warning ML401 the outgoing")));
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    profile(dir.path(), "p", SPA_AND_PORT_25);
    std::fs::create_dir(dir.path().join("reports")).expect("mkdir");
    let out = maillint(dir.path())
        .args([
            "check",
            "p",
            "--format",
            "sarif",
            "-o",
            "reports/maillint.sarif",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(dir.path().join("reports/maillint.sarif")).expect("report");
    let log: Value = serde_json::from_str(&text).expect("JSON");
    assert_valid_sarif(&log);
    // Nothing but the report is left in the folder.
    let names: Vec<_> = std::fs::read_dir(dir.path().join("reports"))
        .expect("list")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("maillint.sarif")]);

    // A folder that does not exist: one line, exit 2.
    let out = maillint(dir.path())
        .args([
            "check",
            "p",
            "--output",
            "missing/x.json",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("maillint: cannot write the report to missing/x.json:"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn sarif_uris_outside_the_current_folder_are_normalised() {
    let root = tempfile::tempdir().expect("tempdir");
    let templates = root.path().join("templates");
    profile(&templates, "p", SPA_AND_PORT_25);
    let cwd = root.path().join("ci");
    std::fs::create_dir_all(&cwd).expect("mkdir");
    // Named through `..` from a folder beside it, as a CI job does.
    let log = sarif(&cwd, &["../templates/../templates/./p"]);
    assert_valid_sarif(&log);
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .expect("uri")
        .to_string();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(!uri.contains("/../") && !uri.contains("/./"), "{uri}");
    assert!(uri.ends_with("/templates/p/prefs.js"), "{uri}");
}

#[test]
fn sarif_binary_findings_use_byte_regions() {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let log = sarif(here, &["fixtures/outlook-express/iaf/mobile.iaf"]);
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty());
    let size = std::fs::metadata(here.join("fixtures/outlook-express/iaf/mobile.iaf"))
        .expect("iaf")
        .len();
    for r in results {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        let offset = region["byteOffset"].as_u64().expect("byteOffset");
        let length = region["byteLength"].as_u64().expect("byteLength");
        assert!(offset + length <= size, "{region}");
        // No text lines in a binary file.
        assert!(region.get("startLine").is_none(), "{region}");
        assert!(region.get("startColumn").is_none(), "{region}");
    }
}
