//! The parser against the behaviour of Mozilla's own prefs parser.

use super::*;
use crate::catalogue::Key as _;
use crate::source::LineIndex;

fn parse_user(text: &str) -> ParsedPrefs<'_> {
    parse(text, SourceId(0), PrefFileKind::User)
}

/// (line, kind) of each problem, lines as Thunderbird reports them.
fn errors(text: &str) -> Vec<(usize, &'static str)> {
    let idx = LineIndex::new(text);
    parse_user(text)
        .problems
        .iter()
        .map(|p| (idx.position(text, p.span.start as usize).line, p.kind.key()))
        .collect()
}

fn names(text: &str) -> Vec<String> {
    parse_user(text)
        .prefs
        .to_vec()
        .into_iter()
        .map(|p| p.name.into_owned())
        .collect()
}

#[test]
fn values_of_every_type() {
    let p = parse_user(
        "user_pref(\"a\", \"x\");\nuser_pref('b', true);\nuser_pref(\"c\", false);\n\
         user_pref(\"d\", -2147483648);\nuser_pref(\"e\", +7);\nuser_pref(\"f\", 2147483647);\n",
    );
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let values: Vec<PrefValue> = p.prefs.to_vec().into_iter().map(|p| p.value).collect();
    assert_eq!(
        values,
        vec![
            PrefValue::String("x".into()),
            PrefValue::Bool(true),
            PrefValue::Bool(false),
            PrefValue::Int(i32::MIN),
            PrefValue::Int(7),
            PrefValue::Int(i32::MAX),
        ]
    );
}

#[test]
fn plain_strings_are_borrowed_and_escaped_ones_decoded() {
    use std::borrow::Cow;
    let text = "user_pref(\"a.b\", \"plain\");\nuser_pref(\"a\\u002ec\", \"x\\\"y\");\nuser_pref('d', 'two\nlines');";
    let p = parse_user(text);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert!(matches!(p.prefs.to_vec()[0].name, Cow::Borrowed("a.b")));
    assert!(matches!(
        &p.prefs.to_vec()[0].value,
        PrefValue::String(Cow::Borrowed("plain"))
    ));
    assert!(p.prefs.to_vec()[0].verbatim);
    assert_eq!(p.prefs.to_vec()[1].name, "a.c");
    assert_eq!(p.prefs.to_vec()[1].value, PrefValue::String("x\"y".into()));
    assert!(!p.prefs.to_vec()[1].verbatim);
    assert_eq!(
        p.prefs.to_vec()[2].value,
        PrefValue::String("two\nlines".into())
    );
    assert!(!p.prefs.to_vec()[2].verbatim);
}

#[test]
fn escapes_and_surrogates() {
    let p = parse_user(r#"user_pref("a", "q\"s\'b\\n\nr\rx\x41u\u65e5\ud83d\ude00");"#);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(
        p.prefs.to_vec()[0].value,
        PrefValue::String("q\"s'b\\n\nr\rxAu日😀".into())
    );
    assert!(!p.prefs.to_vec()[0].verbatim);
}

#[test]
fn verbatim_strings_map_to_their_bytes() {
    let text = "user_pref(\"mail.identity.id1.useremail\", \"ｔａｒｏ@example.jp\");";
    let p = parse_user(text);
    let prefs = p.prefs.to_vec();
    let pref = &prefs[0];
    assert!(pref.verbatim);
    assert_eq!(&text[pref.value_span.range()], "ｔａｒｏ@example.jp");
}

#[test]
fn comments_of_three_kinds() {
    let text = "# hash\n// slashes\n/* block\n still */ user_pref(\"a\", 1); // tail\n";
    assert_eq!(names(text), vec!["a"]);
    assert!(errors(text).is_empty());
}

#[test]
fn the_last_of_a_repeated_pref_is_kept_in_order() {
    let p = parse_user("user_pref(\"a\", 1);\nuser_pref(\"a\", 2);\n");
    assert_eq!(p.prefs.len(), 2);
    assert_eq!(p.prefs.to_vec()[1].value, PrefValue::Int(2));
}

// The kinds of error the issue names, each on the line Thunderbird reports.

#[test]
fn unterminated_string_is_reported_at_the_end_of_the_file() {
    let text = "user_pref(\"a\", 1);\nuser_pref(\"b\", 'open);\nuser_pref(\"c\", 3);\n";
    // The string runs to EOF; Thunderbird's line counter is then on line 4.
    assert_eq!(errors(text), vec![(4, "unterminated-string")]);
    // With a double quote, the string closes at the next '"' (before c), and
    // `c` is then an unknown keyword on line 3, as in Thunderbird.
    let text2 = "user_pref(\"a\", 1);\nuser_pref(\"b\", \"open);\nuser_pref(\"c\", 3);\n";
    assert_eq!(errors(text2), vec![(3, "unknown-keyword")]);
    assert_eq!(names(text), vec!["a"]);
    let p = parse_user(text);
    assert_eq!(p.problems[0].related[0].1.key(), "starts-here");
}

#[test]
fn bad_escape_is_reported_at_its_line_and_the_pref_dropped() {
    let text = "user_pref(\"a\", \"x\\qy\");\nuser_pref(\"b\", 2);\n";
    assert_eq!(errors(text), vec![(1, "bad-escape")]);
    assert_eq!(names(text), vec!["b"]);
    let text = "user_pref(\"a\", \"x\\x00\");\n";
    assert_eq!(errors(text), vec![(1, "nul-escape")]);
    let text = "user_pref(\"a\", \"\\u0000\");\n";
    assert_eq!(errors(text), vec![(1, "nul-escape")]);
    let text = "user_pref(\"a\", \"\\ud83d\");\n";
    assert_eq!(errors(text), vec![(1, "bad-escape")]);
    let text = "user_pref(\"a\", \"\\xZZ\");\n";
    assert_eq!(errors(text), vec![(1, "bad-escape")]);
}

#[test]
fn integer_overflow() {
    let text = "user_pref(\"a\", 2147483648);\nuser_pref(\"b\", -2147483649);\nuser_pref(\"c\", 99999999999);\nuser_pref(\"d\", 1);\n";
    assert_eq!(
        errors(text),
        vec![
            (1, "integer-overflow"),
            (2, "integer-overflow"),
            (3, "integer-overflow")
        ]
    );
    assert_eq!(names(text), vec!["d"]);
}

#[test]
fn unknown_keyword() {
    let text = "user_prefs(\"a\", 1);\nuser_pref(\"b\", True);\nuser_pref(\"c\", 3);\n";
    assert_eq!(
        errors(text),
        vec![(1, "unknown-keyword"), (2, "unknown-keyword")]
    );
    assert_eq!(names(text), vec!["c"]);
}

#[test]
fn missing_semicolon_drops_the_next_pref_as_thunderbird_does() {
    let text = "user_pref(\"a\", 1)\nuser_pref(\"b\", 2);\nuser_pref(\"c\", 3);\n";
    // Reported where the parser finds `user_pref` instead of `;`: line 2.
    assert_eq!(errors(text), vec![(2, "expected-semicolon")]);
    // Recovery skips to the `;` that ends b's statement: b is lost, c counts.
    assert_eq!(names(text), vec!["c"]);
    let p = parse_user(text);
    assert_eq!(p.problems[0].related[0].1.key(), "missing-semicolon-after");
}

#[test]
fn other_syntax_errors_recover_at_the_next_semicolon() {
    let text = "user_pref(\"a\" 1);\nuser_pref(\"b\", );\nuser_pref(\"c\", 1, locked);\nuser_pref(\"d\", 4);\n";
    assert_eq!(
        errors(text),
        vec![
            (1, "expected-comma"),
            (2, "expected-pref-value"),
            (3, "expected-close-paren")
        ]
    );
    assert_eq!(names(text), vec!["d"]);
    assert_eq!(
        errors("@\nuser_pref(\"a\",1);"),
        vec![(1, "unexpected-character")]
    );
    assert_eq!(
        errors("user_pref(\"a\", 12abc);"),
        vec![(1, "unexpected-character")]
    );
    assert_eq!(errors("/* open"), vec![(1, "unterminated-comment")]);
}

#[test]
fn default_pref_files_take_attributes() {
    let p = parse(
        "pref(\"a\", 1, locked);\nsticky_pref(\"b\", true, sticky);\nlockPref(\"c\", \"x\");\n",
        SourceId(0),
        PrefFileKind::Default,
    );
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.prefs.len(), 3);
}

#[test]
fn nul_byte_ends_the_file() {
    assert_eq!(
        names("user_pref(\"a\", 1);\0user_pref(\"b\", 2);"),
        vec!["a"]
    );
}

#[test]
fn crlf_and_cr_line_endings_count_lines() {
    let text = "user_pref(\"a\", 1);\r\n\r\nuser_pref(\"b\" 2);\ruser_pref(\"c\", x);";
    assert_eq!(
        errors(text),
        vec![(3, "expected-comma"), (4, "unknown-keyword")]
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any input: no panic, every span inside the text and on char boundaries.
        #[test]
        fn never_panics_and_spans_are_in_bounds(text in "\\PC{0,200}") {
            let p = parse_user(&text);
            for pr in &p.problems {
                prop_assert!(pr.span.start <= pr.span.end && pr.span.end as usize <= text.len());
            }
            for pref in &p.prefs.to_vec() {
                prop_assert!(pref.value_span.end as usize <= text.len());
                prop_assert!(pref.statement.end as usize <= text.len());
            }
            // Comments and statements (for suppressions) slice the text cleanly.
            for c in &p.comments {
                prop_assert!(text.get(c.span.range()).is_some());
            }
            for st in &p.statements {
                prop_assert!(text.get(st.range()).is_some());
            }
        }

        /// Prefs written the way Thunderbird writes them read back unchanged.
        #[test]
        fn written_prefs_round_trip(name in "[a-z.]{1,20}", value in "\\PC{0,30}", n in any::<i32>()) {
            let escaped = value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('\r', "\\r");
            let text = format!("user_pref(\"{name}\", \"{escaped}\");\nuser_pref(\"{name}.n\", {n});\n");
            let p = parse_user(&text);
            prop_assert!(p.problems.is_empty() || value.contains('\0'));
            if !value.contains('\0') {
                prop_assert_eq!(&p.prefs.to_vec()[0].value, &PrefValue::String(value.clone().into()));
                prop_assert_eq!(&p.prefs.to_vec()[1].value, &PrefValue::Int(n));
            }
        }
    }
}

#[test]
fn comments_and_statements_are_kept_for_suppressions() {
    let text = "// top\n# hash\nuser_pref(\"a\", \"// not a comment\");\n\
                /* block\n comment */ user_pref(\"b\" 1);\nuser_pref(\"c\", 2);";
    let p = parse_user(text);
    let comments: Vec<(&str, &str)> = p
        .comments
        .iter()
        .map(|c| (&text[c.span.range()], c.text.as_str()))
        .collect();
    assert_eq!(
        comments,
        vec![
            ("// top", " top"),
            ("# hash", " hash"),
            ("/* block\n comment */", " block\n comment "),
        ]
    );
    // The broken statement (missing ',') counts as a statement too, up to its ';'.
    let statements: Vec<&str> = p.statements.iter().map(|s| &text[s.range()]).collect();
    assert_eq!(
        statements,
        vec![
            "user_pref(\"a\", \"// not a comment\");",
            "user_pref(\"b\" 1);",
            "user_pref(\"c\", 2);",
        ]
    );
    assert_eq!(p.prefs.len(), 2);
}

/// The fast path for plain statements against the lexer alone
/// (`parse_by_tokens`): the same prefs (and which are borrowed), problems,
/// comments and statements.
mod plain_statements {
    use super::*;
    use proptest::prelude::*;

    fn same(text: &str) {
        // The records give back what the parser made (`list.rs`).
        super::super::list::tests::same_as_made(text);
        for kind in [PrefFileKind::User, PrefFileKind::Default] {
            let fast = parse(text, SourceId(3), kind);
            let slow = parse_by_tokens(text, SourceId(3), kind);
            assert_eq!(fast.prefs, slow.prefs, "{text:?}");
            let borrowed = |p: &ParsedPrefs| -> Vec<(bool, bool)> {
                p.prefs
                    .to_vec()
                    .iter()
                    .map(|p| {
                        (
                            matches!(p.name, std::borrow::Cow::Borrowed(_)),
                            matches!(p.value, PrefValue::String(std::borrow::Cow::Borrowed(_))),
                        )
                    })
                    .collect()
            };
            assert_eq!(borrowed(&fast), borrowed(&slow), "{text:?}");
            assert_eq!(fast.problems, slow.problems, "{text:?}");
            assert_eq!(fast.comments, slow.comments, "{text:?}");
            assert_eq!(fast.statements, slow.statements, "{text:?}");
        }
    }

    #[test]
    fn edge_cases_read_as_the_lexer_reads_them() {
        for text in [
            "",
            "user_pref(\"a\", \"b\");",
            "user_pref(\"a\", \"b\");\r\nuser_pref(\"c\", 1);\r\n",
            "user_pref(\"a\", \"b\")",
            "user_pref(\"a\", \"b\";",
            "user_pref(\"a\", \"b\") ;\n\tpref( \"c\" ,true ) ;",
            "pref(\"a\", 1, sticky);\npref(\"b\", 2, locked);",
            "user_pref(\"a\", 4294967295);user_pref(\"b\", 4294967296);",
            "user_pref(\"a\", 2147483648);user_pref(\"b\", -2147483648);user_pref(\"c\", -2147483649);",
            "user_pref(\"a\", +7);user_pref(\"b\", - 7);user_pref(\"c\", -x);user_pref(\"d\", 7x);",
            "user_pref(\"a\", truex);user_pref(\"b\", true_);user_pref(\"c\", false);user_pref(\"d\", tru);",
            "user_pref(\"a\\\"b\", \"c\\nd\");",
            "user_pref(\"a\", \"two\nlines\");user_pref(\"b\", \"cr\rx\");",
            "user_pref(\"a\0\", 1);user_pref(\"b\", \"x\0\");user_pref(\"c\", 1)\0;",
            "user_pref(\"a\", 1) // c\n;user_pref(\"b\", 2); // d\n",
            "user_pref(\"a\", \"unterminated);\nuser_pref(\"b\", 1);",
            "user_pref(\"a\", 'single');user_pref('b', 1);",
            "user_pref(\"日本\", \"語\");user_pref(\"é\", \"\u{feff}\");",
            "user_pref(\"a\", 1);;user_pref(\"b\", 2);",
            "user_pref(\"a\",1);sticky_pref(\"b\",2);lockPref(\"c\",3);",
            "user_pref(\"a\", 1)",
            "user_pref(\"a\", ",
            "user_pref(\"a\"",
            "user_pref(\"",
            "user_pref(",
            "user_pref",
            "xuser_pref(\"a\", 1);",
            " \x0b\x0cuser_pref(\"a\", 1);",
        ] {
            same(text);
        }
        let huge = format!(
            "user_pref(\"{}\", \"{}\");",
            "n".repeat(100_000),
            "v".repeat(100_000)
        );
        same(&huge);
    }

    #[test]
    fn corpus_and_fixtures_read_as_the_lexer_reads_them() {
        let mut checked = 0;
        for path in crate::test_files::corpus_and_fixtures() {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            if !text.contains("pref(") {
                continue;
            }
            same(&text);
            checked += 1;
        }
        assert!(checked > 0, "no prefs file found");
    }

    proptest! {
        /// Statements made of plain and broken pieces, blanks and line breaks.
        #[test]
        fn generated_statements(parts in proptest::collection::vec(
            prop_oneof![
                Just("user_pref("), Just("pref("), Just("\""), Just("'"), Just(", "),
                Just(","), Just(");"), Just(")"), Just(";"), Just("\r\n"), Just("\n"),
                Just(" "), Just("\t"), Just("true"), Just("false"), Just("-"), Just("+"),
                Just("12"), Just("4294967296"), Just("a.b"), Just("\\"), Just("\0"),
                Just("//"), Just("/*"), Just("*/"), Just("x"), Just("é"), Just("sticky"),
            ],
            0..40,
        )) {
            same(&parts.concat());
        }

        #[test]
        fn any_text(text in "\\PC{0,200}") {
            same(&text);
        }
    }
}
