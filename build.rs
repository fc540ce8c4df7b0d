//! Compiles the embedded text data into typed Rust (see `build/codegen.rs`):
//! the rule catalogue (`rules/catalogue/*.toml`) and the text tables listed
//! in `TABLES`. A catalogue or table that does not parse, or lacks a text,
//! stops the build with the file and key named.

#[path = "build/codegen.rs"]
mod codegen;

use std::path::Path;

/// Text tables: `rules/<file>.toml` becomes `OUT_DIR/table_<file>.rs` with
/// `pub enum <Type>`; `src/tables.rs` includes it as module `<file>`.
const TABLES: &[(&str, &str)] = &[
    ("fields", "Field"),
    ("ui", "Ui"),
    ("report", "ReportWord"),
    ("diagnose", "DiagnoseWord"),
    ("notes", "SkipKind"),
];

fn fail(e: String) -> ! {
    eprintln!("error: {e}");
    std::process::exit(1)
}

fn main() {
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set".into()));
    let out = Path::new(&out);
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed=rules/catalogue");

    let mut files: Vec<(String, String)> = Vec::new();
    let dir = std::fs::read_dir("rules/catalogue")
        .unwrap_or_else(|e| fail(format!("rules/catalogue: {e}")));
    for entry in dir.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".toml") {
            let text = std::fs::read_to_string(entry.path())
                .unwrap_or_else(|e| fail(format!("rules/catalogue/{name}: {e}")));
            println!("cargo:rerun-if-changed=rules/catalogue/{name}");
            files.push((name, text));
        }
    }
    files.sort();
    let code = codegen::catalogue(&files).unwrap_or_else(|e| fail(e));
    write(&out.join("catalogue.rs"), &code);

    for (file, ty) in TABLES {
        let path = format!("rules/{file}.toml");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| fail(format!("{path}: {e}")));
        let code = codegen::text_table(&path, ty, &text).unwrap_or_else(|e| fail(e));
        write(&out.join(format!("table_{file}.rs")), &code);
    }
}

fn write(path: &Path, code: &str) {
    // Unchanged output keeps its mtime, so rustc need not rebuild for it.
    if std::fs::read_to_string(path).ok().as_deref() != Some(code) {
        std::fs::write(path, code).unwrap_or_else(|e| fail(format!("{}: {e}", path.display())));
    }
}
