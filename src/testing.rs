//! Helpers for the integration tests, property tests and fuzz targets, which
//! are crates of their own and so cannot see `#[cfg(test)]` items. Compiled
//! only with the `test-support` feature (`Cargo.toml` turns it on for tests
//! through a dev-dependency on this crate itself, `fuzz/Cargo.toml` for the
//! fuzz targets), hidden from the docs, and never part of the release binary
//! or the library's API.

use crate::i18n::Lang;
use crate::pipeline::{CheckOptions, RunOutput};
use crate::policy::Policy;

/// One line per finding, `path:line:col: CODE`, with paths relative to
/// `base`: the form of the fixtures' `expected` files.
pub fn finding_lines(output: &RunOutput, base: &std::path::Path) -> Vec<String> {
    let mut lines: Vec<String> = output
        .diagnostics
        .iter()
        .filter_map(|d| {
            let f = output.sources.get(d.span.source)?;
            let p = f.position(d.span.start as usize);
            let rel = f.path.strip_prefix(base).unwrap_or(&f.path);
            Some(format!(
                "{}:{}:{}: {}",
                rel.display().to_string().replace('\\', "/"),
                p.line,
                p.column,
                d.code
            ))
        })
        .collect();
    lines.sort();
    lines
}

/// Read `files` with `reader`, run every rule (koara policy, Japanese messages)
/// and mask secrets, panicking if an invariant breaks: every span lies inside
/// its file, and masking keeps each text's length. For fuzz targets and
/// property tests, which feed arbitrary bytes.
pub fn assert_invariants(
    reader: &crate::formats::Reader,
    mut files: Vec<crate::source::SourceFile>,
) {
    let len_of = |files: &[crate::source::SourceFile], span: crate::source::Span| {
        files.iter().find(|f| f.id == span.source).map(|f| {
            if f.is_binary {
                f.bytes.len()
            } else {
                f.text.len()
            }
        })
    };
    let refs: Vec<&crate::source::SourceFile> = files.iter().collect();
    let doc = (reader.read)(&refs);
    let in_bounds = |span: crate::source::Span| {
        span.start <= span.end && len_of(&files, span).is_some_and(|len| span.end as usize <= len)
    };
    for p in &doc.problems {
        assert!(in_bounds(p.span), "problem span out of bounds: {p:?}");
    }
    let opts = CheckOptions {
        policy: Policy::load("koara").unwrap_or_default(),
        lang: Lang::Ja,
        ..CheckOptions::default()
    };
    let ctx = opts.context();
    let mut diagnostics = crate::rules::check_document(&doc, &ctx);
    diagnostics.extend(crate::rules::check_run(std::slice::from_ref(&doc), &ctx));
    for d in diagnostics {
        assert!(in_bounds(d.span), "diagnostic span out of bounds: {d:?}");
    }
    let lens: Vec<usize> = files.iter().map(|f| f.text.len()).collect();
    let mut doc = doc;
    crate::secrets::protect(&mut doc, &mut files);
    for (f, len) in files.iter().zip(lens) {
        assert_eq!(f.text.len(), len, "masking changed the text's length");
    }
}

/// The secret the whole-pipeline fuzz target plants.
pub const PLANTED_SECRET: &str = "Pl4ntedS3cretQz";

/// Names the whole-pipeline target gives its bytes (the name decides the
/// reader when the content does not).
const NAMES: &[&str] = &[
    "prefs.js",
    "profiles.ini",
    "mail.reg",
    "account.oeaccount",
    "outlook.prf",
    "config-v1.1.xml",
    "autodiscover.xml",
    "profile.mobileconfig",
    "Mailbox.ini",
    "accountrc",
    "a.source",
    "notes.txt",
    ".netrc",
];

/// Lines that hold the planted secret where each format (or none) keeps
/// a secret.
const PLANTS: &[&str] = &[
    "user_pref(\"mail.server.server1.password\", \"{S}\");",
    "password={S}",
    "\"POP3 Password2\"=\"{S}\"",
    "<Password>{S}</Password>",
    "<key>Password</key><string>{S}</string>",
    "<IncomingPassword>{S}</IncomingPassword>",
    "smtp_pass {S}",
    "Host=pop://taro:{S}@pop.example.jp",
    "<hostname>pop.example.jp?access_token={S}</hostname>",
];

/// Whole pipeline, arbitrary bytes: `data`'s first bytes choose a file name
/// and a line holding [`PLANTED_SECRET`], planted at a line boundary of the
/// rest; the file is checked through planning, every reader, every rule and
/// every renderer (with the CLI's last scrub), and the `report` in both
/// formats. Panics if the secret appears in any output.
pub fn assert_no_planted_secret_leaks(data: &[u8]) {
    let [name, plant, at, rest @ ..] = data else {
        return;
    };
    let name = NAMES[*name as usize % NAMES.len()];
    let line = PLANTS[*plant as usize % PLANTS.len()].replace("{S}", PLANTED_SECRET);
    // At the start of the `at`-th line (or the end).
    let mut cut = rest.len();
    let mut seen = 0u8;
    for (i, b) in rest.iter().enumerate() {
        if *b == b'\n' {
            seen = seen.wrapping_add(1);
            if seen == *at {
                cut = i + 1;
                break;
            }
        }
    }
    let mut bytes = rest[..cut].to_vec();
    bytes.extend_from_slice(b"\n");
    bytes.extend_from_slice(line.as_bytes());
    bytes.extend_from_slice(b"\n");
    bytes.extend_from_slice(&rest[cut..]);
    let plan = crate::inputs::Plan::from_stdin(std::path::Path::new(name), bytes);
    let opts = CheckOptions {
        policy: Policy::load("koara").unwrap_or_default(),
        ..CheckOptions::default()
    };
    let output = crate::pipeline::check_plan(plan, &opts);
    let selection = crate::rules::Selection::default();
    for lang in [Lang::En, Lang::Ja] {
        for format in crate::report::FORMATS {
            let cx = crate::report::RenderContext {
                documents: &output.documents,
                diagnostics: &output.diagnostics,
                sources: &output.sources,
                catalogue: crate::catalogue::Catalogue::embedded(),
                selection: &selection,
                fail_on: crate::diagnostics::Severity::Warning,
                lang,
                color: false,
                width: 100,
                docs_base_url: None,
                quiet: false,
                online: None,
                verbose: false,
                threads: 0,
            };
            let text = output
                .secrets
                .scrub(&format.render(&cx), crate::report::secret_syntax(format));
            assert!(
                !text.contains(PLANTED_SECRET),
                "{name}: {} output shows the planted secret:\n{text}",
                format.name
            );
        }
    }
}
