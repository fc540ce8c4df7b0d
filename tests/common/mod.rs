//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::PathBuf;

/// The real-world corpus: `MAILLINT_CORPUS`, else `../shared/corpus` beside
/// the crate. `None` (with a printed notice) when it is absent, unless
/// `MAILLINT_REQUIRE_CORPUS=1`, which makes its absence a failure.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("MAILLINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("MAILLINT_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "the corpus is required (MAILLINT_REQUIRE_CORPUS=1) but {} is missing",
            dir.display()
        );
    }
    eprintln!(
        "notice: corpus not found at {}; skipping corpus tests",
        dir.display()
    );
    None
}

/// A `maillint` command with a neutral environment.
pub fn maillint() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("maillint").expect("binary builds");
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "400")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}
