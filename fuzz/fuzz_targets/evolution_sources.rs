//! Evolution `*.source` files: the input is split at NUL bytes into three
//! files that may link to each other by UID (`a`, `b`, `c`); the reader and
//! every rule must never panic and every span must stay inside its file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillint::catalogue::Catalogue;
use maillint::formats::evolution;
use maillint::policy::Policy;
use maillint::rules::{Context, Selection, check_document};
use maillint::source::{SourceFile, SourceId};

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |b| *b == 0);
    let files: Vec<SourceFile> = ["s/a.source", "s/b.source", "s/c.source"]
        .iter()
        .zip(0u32..)
        .map(|(name, i)| SourceFile::from_bytes(SourceId(i), *name, parts.next().unwrap_or(b"")))
        .collect();
    let refs: Vec<&SourceFile> = files.iter().collect();
    let doc = evolution::read(&refs);
    let policy = Policy::load("koara").unwrap_or_default();
    let selection = Selection::default();
    let severities = Default::default();
    let ctx = Context {
        catalogue: Catalogue::embedded(),
        policy: &policy,
        lang: maillint::i18n::Lang::Ja,
        selection: &selection,
        severities: &severities,
    };
    for d in check_document(&doc, &ctx) {
        let file = files.iter().find(|f| f.id == d.span.source);
        assert!(file.is_some_and(|f| d.span.end <= f.text.len()));
    }
});
