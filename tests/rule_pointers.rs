//! Where a finding sends the user to read more: `maillint explain CODE`
//! (the user has no copy of maillint's docs/), or the absolute page under
//! `docs-base-url`, in every format that shows it.

mod common;

use std::path::Path;

use common::maillint_in;

const FORMATS: [&str; 5] = ["human", "json", "sarif", "github", "junit"];

fn run(dir: &Path, format: &str) -> String {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/thunderbird/spa");
    let out = maillint_in(dir)
        .args(["check", "--format", format])
        .arg(&fixture)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{format}");
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn without_a_base_url_findings_point_to_explain() {
    let dir = tempfile::tempdir().expect("tempdir");
    for format in FORMATS {
        let out = run(dir.path(), format);
        assert!(
            out.contains("maillint explain ML301"),
            "{format} has no pointer:\n{out}"
        );
        assert!(
            !out.contains("docs/rules/"),
            "{format} names a file:\n{out}"
        );
    }
    let human = run(dir.path(), "human");
    assert!(human.contains("FAQ: maillint explain ML301\n"), "{human}");
}

#[test]
fn with_a_base_url_findings_link_the_absolute_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join(".maillint.toml"),
        "docs-base-url = \"https://git.example.jp/maillint/-/blob/main/\"\n",
    )
    .expect("config");
    let page = "https://git.example.jp/maillint/-/blob/main/docs/rules/ML301.md";
    for format in FORMATS {
        let out = run(dir.path(), format);
        assert!(out.contains(page), "{format} lacks {page}:\n{out}");
        assert!(
            !out.contains("maillint explain ML301"),
            "{format} ignores the base URL:\n{out}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&run(dir.path(), "json")).expect("json");
    let spa = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "ML301")
        .expect("ML301");
    assert_eq!(spa["faq"][0], page);
}
