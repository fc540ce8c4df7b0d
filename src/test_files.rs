//! The files the unit tests check fast paths against: the shared corpus
//! (`MAILLINT_CORPUS`, else `../shared/corpus`) and the fixtures.

use std::path::{Path, PathBuf};

/// The corpus folder.
pub fn corpus() -> PathBuf {
    std::env::var_os("MAILLINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/corpus"))
}

/// The repository's root (where `fixtures/` is).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else if p.is_file() {
            out.push(p);
        }
    }
}

/// Every file of the corpus and of the fixtures.
pub fn corpus_and_fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    files_under(&corpus(), &mut files);
    files_under(&root().join("fixtures"), &mut files);
    files
}

/// Every file of the corpus and of the fixtures whose name ends in `.ext`
/// (any case), read as the tool reads it, with its path.
pub fn sources_with_extension(ext: &str) -> Vec<(PathBuf, crate::source::SourceFile)> {
    corpus_and_fixtures()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)))
        .filter_map(|p| {
            let file = crate::source::SourceFile::read(crate::source::SourceId(0), &p).ok()?;
            Some((p, file))
        })
        .collect()
}
