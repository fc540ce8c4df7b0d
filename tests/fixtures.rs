//! Every fixture case checked against its expected findings.
//!
//! A case is a folder `fixtures/<client>/<case>/` holding the input files and
//! a file `expected`: one finding per line, `path:line:col: CODE`, paths
//! relative to the case folder, sorted; `#` starts a comment. An optional
//! `case.toml` sets `policy = "koara"` (a shipped name or a file in the case).
//! An `[online]` table in `case.toml` checks the case `--online` against the
//! test servers (scripts/test-servers.sh): `resolve` and `connect-to` in
//! curl's forms, where a `connect-to` target names a server of `servers.env`
//! (`mail.example.jp:25:CLOSED`); certificates are checked against the test
//! CA. Without the servers such a case is skipped with a notice (a failure
//! under `MAILLINT_REQUIRE_SERVERS=1`).
//! `MAILLINT_UPDATE_FIXTURES=1 cargo test --test fixtures` rewrites the
//! `expected` files from the current output: review the diff before committing.

mod common;

use std::path::{Path, PathBuf};

use maillint::pipeline::{CheckOptions, check_paths};
use maillint::policy::Policy;
use maillint::testing::finding_lines;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    for client in std::fs::read_dir(&root)
        .expect("fixtures/ exists")
        .flatten()
    {
        if !client.path().is_dir() {
            continue;
        }
        for case in std::fs::read_dir(client.path())
            .expect("readable")
            .flatten()
        {
            if case.path().is_dir() {
                out.push(case.path());
            }
        }
    }
    out.sort();
    out
}

/// The case's settings; `None` for an online case without the test servers.
fn options(case: &Path) -> Option<CheckOptions> {
    let mut opts = CheckOptions::default();
    let cfg = case.join("case.toml");
    if let Ok(text) = std::fs::read_to_string(&cfg) {
        let table: toml::Table = toml::from_str(&text).expect("case.toml parses");
        if let Some(p) = table.get("policy").and_then(|v| v.as_str()) {
            let spec = if case.join(p).is_file() {
                case.join(p).display().to_string()
            } else {
                p.to_string()
            };
            opts.policy = Policy::load(&spec).expect("case policy loads");
        }
        if let Some(online) = table.get("online").and_then(|v| v.as_table()) {
            opts.online = Some(online_options(online, common::servers::servers()?));
        }
    }
    Some(opts)
}

fn online_options(t: &toml::Table, s: common::servers::Servers) -> maillint::online::Options {
    let list = |key: &str| -> Vec<String> {
        t.get(key)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    maillint::online::Options {
        timeout: std::time::Duration::from_secs(1),
        ca_file: Some(s.ca()),
        resolve: list("resolve")
            .iter()
            .map(|r| r.parse().expect("resolve"))
            .collect(),
        connect_to: list("connect-to")
            .iter()
            .map(|c| {
                let (from, server) = c.rsplit_once(':').expect("HOST:PORT:SERVER");
                format!("{from}:127.0.0.1:{}", s.port(server))
                    .parse()
                    .expect("connect-to")
            })
            .collect(),
        ..maillint::online::Options::default()
    }
}

#[test]
fn every_fixture_matches_its_expected_findings() {
    let update = std::env::var_os("MAILLINT_UPDATE_FIXTURES").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(!cases.is_empty(), "no fixture cases found");
    for case in &cases {
        let Some(opts) = options(case) else {
            eprintln!("notice: {} needs the test servers; skipped", case.display());
            continue;
        };
        let output = check_paths(std::slice::from_ref(case), &opts);
        assert!(
            output.errors.is_empty(),
            "{}: {:?}",
            case.display(),
            output.errors
        );
        let actual = finding_lines(&output, case);
        let expected_path = case.join("expected");
        if update {
            // Keep every comment line where it is; drop findings that are gone,
            // keep those still found in place, and append the new ones.
            let old = std::fs::read_to_string(&expected_path).unwrap_or_default();
            let mut remaining: Vec<&String> = actual.iter().collect();
            let mut text = String::new();
            for line in old.lines() {
                let t = line.trim();
                if t.is_empty() || t.starts_with('#') {
                    text.push_str(line);
                    text.push('\n');
                } else if let Some(i) = remaining.iter().position(|a| a.as_str() == t) {
                    remaining.remove(i);
                    text.push_str(t);
                    text.push('\n');
                }
            }
            for line in remaining {
                text.push_str(line);
                text.push('\n');
            }
            std::fs::write(&expected_path, text).expect("write expected");
            continue;
        }
        let expected: Vec<String> = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} has no expected file", case.display()))
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        let mut expected_sorted = expected.clone();
        expected_sorted.sort();
        if expected_sorted != actual {
            failures.push(format!(
                "{}:\n  expected: {:#?}\n  actual:   {:#?}",
                case.display(),
                expected_sorted,
                actual
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "fixture mismatches:\n{}",
        failures.join("\n")
    );
}
