//! Every fix tried on every fixture and corpus file where its rule fires: the
//! fixed file reads back without a new parse error, and the rule no longer
//! fires where the fix was made. Prints, per rule, how many findings the fixes
//! clear (`cargo test --test fix_corpus -- --nocapture`).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use maillint::fix::apply::apply;
use maillint::fix::plan;
use maillint::pipeline::{CheckOptions, RunOutput, check_paths};
use maillint::policy::Policy;

/// Per rule: findings, findings with a fix, fixes applied, findings cleared.
#[derive(Default, Debug)]
struct Row {
    fired: usize,
    fixable: usize,
    applied: usize,
    cleared: usize,
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for e in fs::read_dir(from).unwrap().flatten() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        }
    } else if from.is_file() {
        fs::copy(from, to).unwrap();
    }
}

/// (code, file, line) of every finding.
fn places(out: &RunOutput) -> Vec<(&'static str, PathBuf, usize)> {
    out.diagnostics
        .iter()
        .filter_map(|d| {
            let f = out.sources.get(d.span.source)?;
            Some((
                d.code,
                f.path.clone(),
                f.position(d.span.start as usize).line,
            ))
        })
        .collect()
}

/// Fix one case (a copy of it) and check the result; add to `table`.
fn fix_case(
    case: &Path,
    opts: &CheckOptions,
    table: &mut BTreeMap<&'static str, Row>,
) -> Vec<String> {
    let mut failures = Vec::new();
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join(case.file_name().unwrap());
    copy_tree(case, &copy);
    let before = check_paths(std::slice::from_ref(&copy), opts);
    for d in &before.diagnostics {
        let row = table.entry(d.code).or_default();
        row.fired += 1;
        if d.fix.is_some() {
            row.fixable += 1;
        } else if maillint::rules::has_fix(d.code)
            && std::env::var_os("MAILLINT_SHOW_UNFIXED").is_some()
        {
            let f = before.sources.get(d.span.source).unwrap();
            println!(
                "no fix: {} {}:{}: {}",
                d.code,
                f.path.strip_prefix(tmp.path()).unwrap_or(&f.path).display(),
                f.position(d.span.start as usize).line,
                d.message
            );
        }
    }
    let fixes = plan(&before.diagnostics, true);
    if fixes.applied.is_empty() {
        return failures;
    }
    for id in fixes.sources() {
        let f = before.sources.get(id).unwrap();
        let bytes = fs::read(&f.path).unwrap();
        match apply(&bytes, &f.path, &f.text, &fixes.edits_for(id)) {
            Ok(a) => fs::write(&f.path, a.bytes).unwrap(),
            Err(e) => failures.push(format!("{}: cannot apply: {e}", case.display())),
        }
    }
    let after = check_paths(std::slice::from_ref(&copy), opts);
    let parse_errors = |o: &RunOutput| o.diagnostics.iter().filter(|d| d.code == "ML001").count();
    if parse_errors(&after) > parse_errors(&before) {
        failures.push(format!(
            "{}: the fixed file has new parse errors: {:?}",
            case.display(),
            after
                .diagnostics
                .iter()
                .filter(|d| d.code == "ML001")
                .map(|d| &d.message)
                .collect::<Vec<_>>()
        ));
    }
    let (was, now) = (places(&before), places(&after));
    for d in &fixes.applied {
        let f = before.sources.get(d.span.source).unwrap();
        let key = (
            d.code,
            f.path.clone(),
            f.position(d.span.start as usize).line,
        );
        table.entry(d.code).or_default().applied += 1;
        let count = |v: &[(&str, PathBuf, usize)]| v.iter().filter(|p| **p == key).count();
        let fixed_here = fixes
            .applied
            .iter()
            .filter(|o| {
                o.code == d.code
                    && before
                        .sources
                        .get(o.span.source)
                        .map(|f| f.position(o.span.start as usize).line)
                        == Some(key.2)
                    && o.span.source == d.span.source
            })
            .count();
        if count(&now) + fixed_here <= count(&was) {
            table.entry(d.code).or_default().cleared += 1;
        } else {
            failures.push(format!(
                "{}: {} still fires at {}:{} after its fix",
                case.display(),
                d.code,
                key.1.display(),
                key.2
            ));
        }
    }
    failures
}

fn fixture_cases() -> Vec<(PathBuf, CheckOptions)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    for client in fs::read_dir(&root).unwrap().flatten() {
        for case in fs::read_dir(client.path()).into_iter().flatten().flatten() {
            if !case.path().is_dir() {
                continue;
            }
            let mut opts = CheckOptions::default();
            if let Ok(text) = fs::read_to_string(case.path().join("case.toml")) {
                let t: toml::Table = toml::from_str(&text).unwrap();
                if let Some(p) = t.get("policy").and_then(|v| v.as_str()) {
                    let spec = if case.path().join(p).is_file() {
                        case.path().join(p).display().to_string()
                    } else {
                        p.to_string()
                    };
                    opts.policy = Policy::load(&spec).unwrap();
                }
            }
            out.push((case.path(), opts));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn print_table(title: &str, table: &BTreeMap<&'static str, Row>) {
    println!(
        "\n{title}\n| rule | findings | with a fix | fixes applied | cleared |\n|---|---|---|---|---|"
    );
    for (code, r) in table
        .iter()
        .filter(|(code, r)| r.fixable > 0 || maillint::rules::has_fix(code))
    {
        println!(
            "| {code} | {} | {} | {} | {} |",
            r.fired, r.fixable, r.applied, r.cleared
        );
    }
}

#[test]
fn every_fix_on_every_fixture_clears_its_finding() {
    let mut table = BTreeMap::new();
    let mut failures = Vec::new();
    for (case, opts) in fixture_cases() {
        failures.extend(fix_case(&case, &opts, &mut table));
    }
    print_table("fixtures", &table);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for code in ["ML101", "ML202", "ML301", "ML401", "ML302", "ML201"] {
        assert!(
            table.get(code).is_some_and(|r| r.cleared > 0),
            "no fixture exercises the fix of {code}: {table:?}"
        );
    }
}

#[test]
fn every_fix_on_every_corpus_file_clears_its_finding() {
    let Some(corpus) = common::corpus_dir() else {
        return;
    };
    let mut table = BTreeMap::new();
    let mut failures = Vec::new();
    let opts = CheckOptions::default();
    let koara = CheckOptions {
        policy: Policy::load("koara").unwrap(),
        ..CheckOptions::default()
    };
    let mut koara_table = BTreeMap::new();
    let mut kinds: Vec<PathBuf> = fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    kinds.sort();
    for kind in kinds
        .iter()
        .filter(|k| k.is_dir() && !k.ends_with("bounces"))
    {
        let mut items: Vec<PathBuf> = fs::read_dir(kind)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        items.sort();
        for item in items {
            failures.extend(fix_case(&item, &opts, &mut table));
            // With a policy that names the servers, ML201's fix is tried too.
            failures.extend(fix_case(&item, &koara, &mut koara_table));
        }
    }
    print_table("corpus (generic policy)", &table);
    print_table("corpus (koara policy)", &koara_table);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
