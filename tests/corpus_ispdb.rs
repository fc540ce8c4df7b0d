//! Real-world proof for the template readers: every file of the Mozilla ISPDB
//! (`$MAILLINT_CORPUS/ispdb`) is read with zero parse errors; the historic
//! invalid and BOM files give the right findings; the autoconfig,
//! Autodiscover and mobileconfig samples are read without error (requests,
//! SOAP and error responses are skipped with a reason).
//!
//! `MAILLINT_CORPUS` defaults to `<crate>/../shared/corpus`. When it is
//! absent the tests print a notice and pass, unless `MAILLINT_REQUIRE_CORPUS=1`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use maillint::model::Format;
use maillint::pipeline::RunOutput;
use maillint::pipeline::{CheckOptions, check_paths};

fn corpus(sub: &str) -> Option<PathBuf> {
    let root = std::env::var_os("MAILLINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let dir = root.join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("MAILLINT_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!("corpus folder {} is missing", dir.display());
    }
    eprintln!(
        "notice: {} not found; set MAILLINT_CORPUS to run the corpus tests",
        dir.display()
    );
    None
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// Codes found per file name.
fn codes_by_file(out: &RunOutput) -> BTreeMap<String, Vec<&'static str>> {
    let mut map: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
    for f in out.sources.iter() {
        map.entry(name(&f.path)).or_default();
    }
    for d in &out.diagnostics {
        if let Some(f) = out.sources.get(d.span.source) {
            map.entry(name(&f.path)).or_default().push(d.code);
        }
    }
    map
}

fn name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn every_ispdb_file_is_read_without_parse_errors() {
    let Some(dir) = corpus("ispdb") else { return };
    let all = files(&dir);
    assert!(all.len() >= 100, "only {} ISPDB files", all.len());
    let out = check_paths(&all, &CheckOptions::default());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.sources.len(), all.len(), "every file read");
    assert_eq!(out.documents.len(), all.len());
    for doc in &out.documents {
        assert_eq!(doc.format, Format("autoconfig-xml"));
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        assert_eq!(doc.accounts.len(), 1, "one provider per file");
        let account = &doc.accounts[0];
        assert!(account.incoming.is_some(), "{}", account.key);
        assert!(!account.outgoing.is_empty(), "{}", account.key);
        let t = account.template.as_ref().expect("template");
        assert!(!t.domains.is_empty(), "{}", account.key);
    }
    let by_file = codes_by_file(&out);
    let parse_errors: Vec<_> = by_file
        .iter()
        .filter(|(_, c)| c.contains(&"ML001"))
        .collect();
    assert!(parse_errors.is_empty(), "{parse_errors:?}");
    // No rule may fire on most of the ISPDB: that would be a wrong rule.
    let mut files_per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for codes in by_file.values() {
        let mut c = codes.clone();
        c.sort();
        c.dedup();
        for code in c {
            *files_per_rule.entry(code).or_default() += 1;
        }
    }
    for (code, n) in &files_per_rule {
        assert!(
            *n * 3 < all.len(),
            "{code} fires on {n} of {} files",
            all.len()
        );
    }
    // Known facts of the snapshot: nifty.com offers only plain servers.
    let nifty = by_file.get("nifty.com.xml").expect("nifty.com.xml");
    assert_eq!(
        nifty.iter().filter(|c| **c == "ML304").count(),
        2,
        "{nifty:?}"
    );
}

#[test]
fn historic_invalid_and_bom_files_give_the_right_findings() {
    let Some(dir) = corpus("ispdb-historic") else {
        return;
    };
    let all = files(&dir);
    let out = check_paths(&all, &CheckOptions::default());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let by_file = codes_by_file(&out);
    assert_eq!(by_file.len(), all.len(), "every file read");
    for (file, codes) in &by_file {
        let parse_errors = codes.iter().filter(|c| **c == "ML001").count();
        if file.contains("charter.com") {
            // The BOM file: well-formed, but the BOM is reported.
            assert_eq!(parse_errors, 0, "{file}: {codes:?}");
            assert!(codes.contains(&"ML605"), "{file}: {codes:?}");
        } else if file.starts_with("invalid__") {
            assert_eq!(parse_errors, 1, "{file}: {codes:?}");
        } else {
            assert_eq!(parse_errors, 0, "{file}: {codes:?}");
            assert!(!codes.contains(&"ML605"), "{file}");
        }
    }
    // The error is where the XML breaks: naver's bare '&' in the url on line 28.
    let naver = out
        .diagnostics
        .iter()
        .find(|d| {
            d.code == "ML001"
                && out
                    .sources
                    .get(d.span.source)
                    .is_some_and(|f| name(&f.path) == "invalid__09fc76e__naver.com.xml")
        })
        .expect("naver finding");
    let f = out.sources.get(naver.span.source).expect("source");
    assert_eq!(f.position(naver.span.start as usize).line, 28);
    assert_eq!(&f.text[naver.span.range()], "&");
}

#[test]
fn other_template_samples_read_without_error() {
    for sub in ["autoconfig", "autodiscover", "mobileconfig"] {
        let Some(dir) = corpus(sub) else { return };
        let all = files(&dir);
        let out = check_paths(&all, &CheckOptions::default());
        assert!(out.errors.is_empty(), "{sub}: {:?}", out.errors);
        assert_eq!(out.sources.len(), all.len(), "{sub}: every file read");
        for doc in &out.documents {
            assert_ne!(doc.format, Format::UNKNOWN, "{sub}: {:?}", doc.sources);
            assert!(doc.problems.is_empty(), "{sub}: {:?}", doc.problems);
            // A file is either an account or skipped with its reason.
            assert!(
                !doc.accounts.is_empty() || !doc.skipped.is_empty(),
                "{sub}: {:?} has neither accounts nor a reason",
                doc.sources
            );
        }
        if sub == "autodiscover" {
            let reasons: Vec<String> = out
                .documents
                .iter()
                .flat_map(|d| d.skipped.iter().map(|s| s.reason(maillint::i18n::Lang::En)))
                .collect();
            assert!(reasons.iter().any(|r| r.contains("request")), "{reasons:?}");
            assert!(reasons.iter().any(|r| r.contains("SOAP")), "{reasons:?}");
            assert!(reasons.iter().any(|r| r.contains("error")), "{reasons:?}");
        }
    }
}
