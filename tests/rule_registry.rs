//! The rule registry is complete in every direction. The compiler already
//! refuses a finding for a rule, variant or label the catalogue lacks (the
//! keys are generated from it); these tests refuse the reverse: a catalogue
//! entry no rule function raises, a rule without a fixture or a page, a parse
//! kind no reader raises.

use std::path::{Path, PathBuf};

use maillint::catalogue::{Catalogue, Key, ParseKind};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code (comments and `use` lines left out) of the Rust files under `dir`.
fn code_under(dir: &str) -> String {
    let mut files = Vec::new();
    let path = root().join(dir);
    if path.is_dir() {
        rust_files(&path, &mut files);
    } else {
        files.push(path);
    }
    let mut code = String::new();
    for f in files {
        // Test modules may name anything; they prove nothing here.
        if f.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).expect("readable");
        for line in text.lines() {
            let t = line.trim_start();
            if !(t.starts_with("//") || t.starts_with("use ")) {
                code.push_str(line);
                code.push('\n');
            }
        }
    }
    code
}

/// `spa-enabled` → `SpaEnabled`, as `build/codegen.rs` names the rule type.
fn type_name(name: &str) -> String {
    name.split('-')
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn every_rule_is_raised_by_a_rule_function() {
    let code = code_under("src/rules") + &code_under("src/suppressions.rs");
    let orphans: Vec<&str> = Catalogue::embedded()
        .rules
        .iter()
        .filter(|r| !code.contains(&format!("({},", type_name(r.name))))
        .map(|r| r.code)
        .collect();
    assert!(
        orphans.is_empty(),
        "catalogue entries that no rule raises (Finding::new(Rule, …)): {orphans:?}"
    );
}

#[test]
fn every_rule_has_a_fixture() {
    let mut expected = String::new();
    for client in std::fs::read_dir(root().join("fixtures"))
        .expect("fixtures")
        .flatten()
    {
        for case in std::fs::read_dir(client.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            expected.push_str(
                &std::fs::read_to_string(case.path().join("expected")).unwrap_or_default(),
            );
        }
    }
    let missing: Vec<&str> = Catalogue::embedded()
        .rules
        .iter()
        .filter(|r| !expected.contains(&format!(": {}\n", r.code)))
        .map(|r| r.code)
        .collect();
    assert!(
        missing.is_empty(),
        "rules that no fixture's `expected` shows: {missing:?}"
    );
}

#[test]
fn every_rule_has_its_page_and_every_page_a_rule() {
    let dir = root().join("docs/rules");
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .expect("docs/rules")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "README.md")
        .collect();
    pages.sort();
    let rules: Vec<String> = Catalogue::embedded()
        .rules
        .iter()
        .map(|r| format!("{}.md", r.code))
        .collect();
    assert_eq!(pages, rules, "docs/rules/ and the catalogue differ");
    let index = std::fs::read_to_string(dir.join("README.md")).expect("index");
    for r in Catalogue::embedded().rules {
        assert!(
            index.contains(&format!("[{}]({}.md)", r.code, r.code)),
            "{}",
            r.code
        );
    }
}

#[test]
fn every_parse_kind_is_raised_by_a_reader() {
    let code = code_under("src");
    let unused: Vec<&str> = maillint::catalogue::Rule::ParseError
        .info()
        .messages
        .iter()
        .map(|m| m.key)
        // `default` is the rule's required fallback text, raised by no reader.
        .filter(|k| *k != "default")
        .filter(|k| {
            let variant = type_name(k);
            !code.contains(&format!("ParseKind::{variant}"))
        })
        .collect();
    assert!(
        unused.is_empty(),
        "parse kinds no reader raises: {unused:?}"
    );
    assert_eq!(ParseKind::AutoconfigRoot.key(), "autoconfig-root");
}

/// The names a file can fill: its string literals that are argument names
/// (`.arg("host", …)`, `("char", …)` in a label's facts, or a name chosen at
/// run time such as `"plain_port"`). A placeholder whose name the rule's code
/// never writes (a typo in the catalogue, a fact the rule forgot) is missing.
fn filled_names(code: &str) -> Vec<String> {
    code.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn every_placeholder_a_rule_names_is_filled_by_its_code() {
    // The rule functions' files, one by one (comments and `use` lines out).
    let mut files = Vec::new();
    rust_files(&root().join("src/rules"), &mut files);
    files.push(root().join("src/suppressions.rs"));
    let codes: Vec<String> = files
        .iter()
        .map(|f| {
            code_under(
                f.strip_prefix(root())
                    .expect("under root")
                    .to_str()
                    .expect("utf-8"),
            )
        })
        .collect();
    let mut unfilled = Vec::new();
    for r in Catalogue::embedded().rules {
        let marker = format!("({},", type_name(r.name));
        let filled: Vec<String> = codes
            .iter()
            .filter(|c| c.contains(&marker))
            .flat_map(|c| filled_names(c))
            .collect();
        for e in r.messages.iter().chain(r.help).chain(r.labels) {
            for p in e.placeholders {
                if !filled.iter().any(|f| f == p) {
                    unfilled.push(format!("{} {} `{}`: {{{p}}}", r.code, r.name, e.key));
                }
            }
        }
    }
    assert!(
        unfilled.is_empty(),
        "placeholders the catalogue names but no code of the rule fills: {unfilled:#?}"
    );
}
