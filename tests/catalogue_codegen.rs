//! A broken catalogue or text table cannot reach a release: `build.rs` runs
//! the generator in `build/codegen.rs` and stops the build on any error. Here
//! the same generator runs over the real catalogue (it must pass) and over
//! copies broken in each way that matters (each must fail, naming the place).

#[path = "../build/codegen.rs"]
#[allow(dead_code)]
mod codegen;

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The real catalogue files, sorted by name as `build.rs` reads them.
fn catalogue_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(root().join("rules/catalogue"))
        .expect("rules/catalogue")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .map(|n| {
            let text =
                std::fs::read_to_string(root().join("rules/catalogue").join(&n)).expect("readable");
            (n, text)
        })
        .collect();
    files.sort();
    files
}

/// The catalogue with `edit` applied to `file`; the edit must change it.
fn broken(file: &str, edit: impl Fn(&str) -> String) -> Vec<(String, String)> {
    let mut files = catalogue_files();
    let entry = files
        .iter_mut()
        .find(|(n, _)| n == file)
        .expect("catalogue file exists");
    let new = edit(&entry.1);
    assert_ne!(new, entry.1, "the edit of {file} changed nothing");
    entry.1 = new;
    files
}

fn error_of(files: &[(String, String)]) -> String {
    match codegen::catalogue(files) {
        Ok(_) => panic!("a broken catalogue was accepted"),
        Err(e) => e,
    }
}

#[test]
fn the_real_catalogue_generates() {
    let code = codegen::catalogue(&catalogue_files()).expect("the catalogue is valid");
    assert!(code.contains("pub enum Rule"));
    assert!(code.contains("pub struct SpaEnabled;"));
    assert!(code.contains("AutoconfigRoot"));
}

#[test]
fn toml_that_does_not_parse_fails() {
    let e = error_of(&broken("auth.toml", |t| {
        t.replacen("severity = \"error\"", "severity = ", 1)
    }));
    assert!(e.contains("rules/catalogue/auth.toml"), "{e}");
}

#[test]
fn a_message_without_japanese_fails() {
    let files = broken("auth.toml", |t| {
        t.replacen(
            ", ja = \"{field}「{host}」の認証方式が旧方式「secure」になっており、NTLM (SPA) が選ばれることがあります\" }",
            " }",
            1,
        )
    });
    let e = error_of(&files);
    assert!(
        e.contains("ML301") && e.contains("legacy-secure") && e.contains("no ja text"),
        "{e}"
    );
}

#[test]
fn an_empty_text_fails() {
    let e = error_of(&broken("meta.toml", |t| {
        t.replacen(
            "all-rules = { en = \"all rules\"",
            "all-rules = { en = \" \"",
            1,
        )
    }));
    assert!(e.contains("all-rules") && e.contains("empty"), "{e}");
}

#[test]
fn a_rule_without_a_default_message_fails() {
    let e = error_of(&broken("storage.toml", |t| {
        t.replacen("\ndefault = {", "\nnot-default = {", 1)
    }));
    assert!(e.contains("no default message"), "{e}");
}

#[test]
fn a_duplicate_code_fails() {
    let e = error_of(&broken("auth.toml", |t| t.replacen("ML301", "ML001", 1)));
    assert!(e.contains("ML001 is defined twice"), "{e}");
}

#[test]
fn a_duplicate_name_fails() {
    let e = error_of(&broken("auth.toml", |t| {
        t.replacen("name = \"spa-enabled\"", "name = \"parse-error\"", 1)
    }));
    assert!(e.contains("parse-error is used twice"), "{e}");
}

#[test]
fn an_unknown_field_or_severity_fails() {
    let e = error_of(&broken("auth.toml", |t| {
        t.replacen("severity = \"error\"", "severity = \"fatal\"", 1)
    }));
    assert!(e.contains("unknown severity"), "{e}");
    let e = error_of(&broken("auth.toml", |t| {
        t.replacen("references =", "refrences =", 1)
    }));
    assert!(e.contains("unknown field `refrences`"), "{e}");
}

#[test]
fn a_malformed_code_fails() {
    let e = error_of(&broken("auth.toml", |t| {
        t.replacen("\"ML301\"", "\"ML31\"", 1)
    }));
    assert!(e.contains("ML and three digits"), "{e}");
}

#[test]
fn text_tables_generate_and_reject_breakage() {
    let path = "rules/fields.toml";
    let text = std::fs::read_to_string(root().join(path)).expect("fields.toml");
    let code = codegen::text_table(path, "Field", &text).expect("fields.toml is valid");
    assert!(code.contains("pub enum Field") && code.contains("DefaultValue"));
    for (what, broken) in [
        ("does not parse", text.replacen("[address]", "[address", 1)),
        (
            "no ja text",
            text.replacen("ja = \"メールアドレス\"", "", 1),
        ),
        (
            "unknown language",
            text.replacen("ja = \"メールアドレス\"", "de = \"x\"", 1),
        ),
        (
            "same Rust name",
            format!("{text}\n[reply-to]\nen = \"x\"\nja = \"y\"\n"),
        ),
    ] {
        assert_ne!(broken, text, "{what}: the edit changed nothing");
        let e = codegen::text_table(path, "Field", &broken).expect_err(what);
        assert!(e.contains(path), "{what}: {e}");
    }
}

#[test]
fn placeholders_are_read_as_fill_reads_them() {
    assert_eq!(
        codegen::placeholders("a {x} b {y_z} {not a name} {unclosed"),
        ["x", "y_z"]
    );
}

/// A template split at build time and filled piece by piece gives what
/// `i18n::fill` gives parsing it, for every template of up to four parts
/// (braces, names, text, Japanese), with some names known and some not.
#[test]
fn pieces_fill_as_fill_parses() {
    use maillint::i18n::{Piece, fill, fill_pieces};
    let parts = [
        "{", "}", "{x}", "{y}", "{}", "{ x}", "a", "日本", "{x", "y}",
    ];
    let args = [("x", "1"), ("y", "{x}"), (" x", "sp")];
    let known = &args[..];
    let n = parts.len();
    let mut templates = vec![String::new()];
    for len in 1..=4u32 {
        for mut i in 0..n.pow(len) {
            let mut t = String::new();
            for _ in 0..len {
                t.push_str(parts[i % n]);
                i /= n;
            }
            templates.push(t);
        }
    }
    for t in &templates {
        let pieces: Vec<Piece> = codegen::pieces(t)
            .into_iter()
            .map(|p| match p {
                codegen::Piece::Lit(s) => Piece::Lit(Box::leak(s.to_string().into_boxed_str())),
                codegen::Piece::Slot(s) => Piece::Slot(Box::leak(s.to_string().into_boxed_str())),
            })
            .collect();
        let mut out = String::new();
        fill_pieces(&pieces, &mut out, |name, out| {
            match known.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => {
                    out.push_str(v);
                    true
                }
                None => false,
            }
        });
        assert_eq!(out, fill(t, known), "{t:?}");
        // Adjacent text is one piece.
        let pieces = codegen::pieces(t);
        assert!(
            pieces
                .windows(2)
                .all(|w| !matches!(w, [codegen::Piece::Lit(_), codegen::Piece::Lit(_)])),
            "{t:?}"
        );
    }
}
