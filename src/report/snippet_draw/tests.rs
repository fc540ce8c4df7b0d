//! miette is the oracle: every finding drawn in parts, the common snippets
//! by [`super::draw`], is compared byte for byte with miette's drawing of
//! the whole finding.

use proptest::prelude::*;

use crate::diagnostics::{Diagnostic, Label, Pages, Severity};
use crate::i18n::Lang;
use crate::report::draw::{FAST, WHOLE};
use crate::report::human::{HumanOptions, render};
use crate::source::{SourceFile, SourceId, SourceMap, Span};

/// Widths: the narrowest the tool takes, odd ones, the default, wide.
const WIDTHS: [usize; 5] = [40, 57, 80, 100, 200];

/// The human report of `diagnostics` drawn both ways, every theme and
/// width; how many snippets were drawn without miette.
fn both_ways(diagnostics: &[Diagnostic], sources: &SourceMap, lang: Lang) -> usize {
    let mut fast = 0;
    for color in [false, true] {
        for width in WIDTHS {
            let opts = HumanOptions {
                color,
                lang,
                width,
                quiet: false,
                threads: 1,
            };
            FAST.set(0);
            let ours = render(diagnostics, sources, &opts);
            fast += FAST.get();
            WHOLE.set(true);
            let oracle = render(diagnostics, sources, &opts);
            WHOLE.set(false);
            if ours != oracle {
                let at = ours
                    .bytes()
                    .zip(oracle.bytes())
                    .position(|(a, b)| a != b)
                    .unwrap_or(ours.len().min(oracle.len()));
                let from = crate::source::floor_char_boundary(&ours, at.saturating_sub(300));
                panic!(
                    "width {width} colour {color}: differs at byte {at}\nours:\n{}\nmiette:\n{}",
                    ours.get(from..)
                        .unwrap_or("")
                        .chars()
                        .take(700)
                        .collect::<String>(),
                    oracle
                        .get(from..)
                        .unwrap_or("")
                        .chars()
                        .take(700)
                        .collect::<String>(),
                );
            }
        }
    }
    fast
}

/// Every finding of every folder of the corpus and the fixtures, in both
/// languages, both themes and several widths.
#[test]
fn corpus_and_fixtures_are_drawn_as_miette_draws_them() {
    let mut dirs = Vec::new();
    for root in [
        crate::test_files::corpus(),
        crate::test_files::root().join("fixtures"),
    ] {
        let Ok(entries) = std::fs::read_dir(&root) else {
            continue;
        };
        dirs.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
    }
    dirs.sort();
    let mut fast = 0;
    let mut findings = 0;
    for dir in &dirs {
        for lang in [Lang::En, Lang::Ja] {
            let opts = crate::pipeline::CheckOptions {
                lang,
                ..Default::default()
            };
            let out = crate::pipeline::check_paths(std::slice::from_ref(dir), &opts);
            findings += out.diagnostics.len();
            fast += both_ways(&out.diagnostics, &out.sources, lang);
        }
    }
    assert!(
        findings > 500,
        "{findings} findings in {} folders",
        dirs.len()
    );
    assert!(fast > 1000, "{fast} snippets drawn without miette");
}

fn diagnostic(start: usize, end: usize, label: Option<&str>, labels: Vec<Label>) -> Diagnostic {
    Diagnostic {
        code: "ML999",
        name: "test-rule",
        severity: Severity::Warning,
        message: "a message long enough to be wrapped at the narrow widths, with a 'value'"
            .to_string(),
        span: Span::new(SourceId(0), start, end),
        label: label.map(str::to_string),
        labels,
        help: Some("Some help.".into()),
        faq: Pages::default(),
        account: None,
        fix: None,
        account_level: false,
    }
}

fn one_file(text: &str) -> SourceMap {
    let mut sources = SourceMap::new();
    sources.insert(SourceFile::from_bytes(
        SourceId(0),
        "dir/prefs.js",
        text.as_bytes(),
    ));
    sources
}

/// Findings on hand-picked lines: each drawn as miette draws it.
#[test]
fn edge_lines_are_drawn_as_miette_draws_them() {
    let long = format!("user_pref(\"x\", \"{}\");", "a".repeat(400));
    let texts = [
        "a = 1\nb = 2\nc = 3\n".to_string(),
        "a = 1\r\nb = 2\r\nc = 3\r\n".to_string(),
        "only line".to_string(),
        "\tkey\t=\tvalue\nnext\n".to_string(),
        "one\ntwo\nthree".to_string(),
        "one\ntwo\n".to_string(),
        "\nsecond\nthird\n".to_string(),
        "a\rb\nc\n".to_string(),
        "x = \u{1b}[31mred\nok\n".to_string(),
        "名前 = 値\nnext\n".to_string(),
        (1..=120).map(|i| format!("line {i}\n")).collect(),
        long.clone() + "\n" + &long + "\n",
    ];
    let mut fast = 0;
    for text in &texts {
        let sources = one_file(text);
        let mut cases = Vec::new();
        let ends: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        // About sixty starts a text, so that the long ones stay quick.
        let step = (ends.len() / 60).max(3);
        for (k, &s) in ends.iter().enumerate().step_by(step) {
            for &e in ends.iter().skip(k).take(12).step_by(4) {
                cases.push(diagnostic(s, e, Some("here"), vec![]));
                cases.push(diagnostic(s, e, None, vec![]));
                // A label inside the value becomes the primary one.
                if e > s + 1 {
                    let inner = ends.get(k + 1).copied().unwrap_or(s);
                    cases.push(diagnostic(
                        s,
                        e,
                        None,
                        vec![
                            Label {
                                span: Span::new(SourceId(0), inner, inner + 1),
                                text: "this".into(),
                            },
                            Label {
                                span: Span::new(SourceId(0), s, s),
                                text: "two\nlines".into(),
                            },
                        ],
                    ));
                }
            }
        }
        for lang in [Lang::En, Lang::Ja] {
            fast += both_ways(&cases, &sources, lang);
        }
    }
    assert!(fast > 100, "{fast}");
}

/// A line of the generated files: printable ASCII, tabs, a wide character,
/// controls that are shown escaped, a long run.
fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => prop::sample::select(vec!["a", "=", " ", "\"", "x1", "pref", ";"]),
            1 => prop::sample::select(vec!["\t", "中", "é", "\u{1}", "\u{7f}", "\u{202e}", "\r"]),
            1 => Just("b".repeat(90).leak() as &str),
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Generated files and findings: each drawn as miette draws it.
    #[test]
    fn generated_findings_are_drawn_as_miette_draws_them(
        lines in prop::collection::vec(line(), 1..14),
        crlf in any::<bool>(),
        last_break in any::<bool>(),
        picks in prop::collection::vec((any::<prop::sample::Index>(), 0usize..40, any::<bool>()), 1..4),
        inside in any::<bool>(),
    ) {
        let brk = if crlf { "\r\n" } else { "\n" };
        let mut text = lines.join(brk);
        if last_break {
            text.push_str(brk);
        }
        let sources = one_file(&text);
        let at = |i: &prop::sample::Index| crate::source::floor_char_boundary(&text, i.index(text.len() + 1));
        let (first, len, labelled) = &picks[0];
        let start = at(first);
        let end = crate::source::floor_char_boundary(&text, (start + len).min(text.len()));
        let labels = picks[1..]
            .iter()
            .map(|(i, len, _)| {
                let s = if inside && end > start { start + (i.index(end - start)) } else { at(i) };
                let s = crate::source::floor_char_boundary(&text, s);
                let e = crate::source::floor_char_boundary(&text, (s + len % 4).min(text.len()));
                Label { span: Span::new(SourceId(0), s, e), text: "lbl".into() }
            })
            .collect();
        let d = diagnostic(start, end, labelled.then_some("the value"), labels);
        both_ways(&[d], &sources, Lang::En);
    }
}
