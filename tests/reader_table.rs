//! The reader table (`formats::READERS`) is the one list of readers: every
//! reader has its fuzz target, its row in docs/architecture.md, and a
//! descriptor whose parts agree with each other.

use std::collections::BTreeSet;
use std::path::Path;

use maillint::formats::{self, Grouping, READERS};

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn ids_and_targets_are_unique() {
    let formats: BTreeSet<&str> = READERS.iter().map(|r| r.format.label()).collect();
    assert_eq!(
        formats.len(),
        READERS.len(),
        "two readers share a format id"
    );
    let targets: BTreeSet<&str> = READERS.iter().map(|r| r.fuzz.target).collect();
    assert_eq!(
        targets.len(),
        READERS.len(),
        "two readers share a fuzz target"
    );
    for r in READERS {
        assert_eq!(formats::by_format(r.format.label()), Some(*r));
        assert!(!r.clients.is_empty(), "{r:?} names no client");
    }
}

/// Fuzz targets of parsers that are not file readers: `--online`'s reading
/// of server greetings and capability lines.
const NON_READER_TARGETS: &[&str] = &["server_answers", "pipeline_secrets"];

#[test]
fn every_reader_has_its_fuzz_target_and_every_target_a_reader() {
    let manifest = read("fuzz/Cargo.toml");
    for r in READERS {
        let file = format!("fuzz/fuzz_targets/{}.rs", r.fuzz.target);
        let target = read(&file);
        assert!(
            manifest.contains(&format!("name = \"{}\"", r.fuzz.target))
                && manifest.contains(&format!("path = \"fuzz_targets/{}.rs\"", r.fuzz.target)),
            "{r:?}: no [[bin]] for {file} in fuzz/Cargo.toml"
        );
        assert!(
            target.contains(&format!("{}::READER", r.module)),
            "{file} does not read with {}::READER",
            r.module
        );
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    for entry in std::fs::read_dir(dir).expect("fuzz_targets") {
        let path = entry.expect("entry").path();
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        assert!(
            READERS.iter().any(|r| r.fuzz.target == stem) || NON_READER_TARGETS.contains(&stem),
            "fuzz target {stem} belongs to no reader"
        );
    }
    let readme = read("fuzz/README.md");
    for r in READERS {
        assert!(
            readme.contains(&format!("`{}`", r.fuzz.target)),
            "fuzz/README.md does not list {}",
            r.fuzz.target
        );
    }
}

#[test]
fn every_reader_is_in_the_architecture_docs() {
    let docs = read("docs/architecture.md");
    for r in READERS {
        let module = r.module.trim_start_matches("maillint::");
        let row = format!("| `{}` | `{}` |", r.format.label(), module);
        assert!(docs.contains(&row), "docs/architecture.md has no row {row}");
        assert!(
            docs.contains(&format!("`{}` |\n", r.fuzz.target)),
            "docs/architecture.md does not name the fuzz target {}",
            r.fuzz.target
        );
    }
}

#[test]
fn descriptors_agree_with_themselves() {
    for r in READERS {
        let sample = Path::new(r.fuzz.sample_name);
        // A folder walk looks inside the sample, and a reader that reads by
        // name recognises it.
        assert!(
            formats::worth_sniffing(sample),
            "{r:?}: walk skips {sample:?}"
        );
        if !r.names.is_empty() || !r.extensions.is_empty() {
            assert_eq!(formats::detect(sample, ""), Some(*r), "{sample:?}");
        }
        // `worth_sniffing` compares the walk's endings ignoring ASCII case
        // only: they must be lower-case ASCII.
        for name in r.names.iter().chain(r.extensions).chain(r.walk) {
            assert!(name.is_ascii(), "{r:?}: {name:?} is not ASCII");
            assert_eq!(
                *name,
                name.to_ascii_lowercase(),
                "{r:?}: names are lower case"
            );
        }
        for ending in r.walk {
            let upper = format!("COPY_OF{}", ending.to_ascii_uppercase());
            assert!(formats::worth_sniffing(Path::new(&upper)), "{upper:?}");
        }
        // Binary readers sniff bytes; a binary sniff is tried before decoding.
        assert_eq!(
            r.reads_binary(),
            matches!(r.sniff, formats::Sniff::Bytes(_)),
            "{r:?}"
        );
        if let Grouping::Lists { of, .. } = r.unit {
            assert!(
                matches!(
                    of.unit,
                    Grouping::Folder(_) | Grouping::FolderByExtension(_)
                ),
                "{r:?} lists folders of a reader that does not read folders"
            );
        }
    }
}
