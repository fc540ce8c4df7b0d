use super::*;
use crate::formats::thunderbird::prefs::{PrefFileKind, PrefValue, parse};
use crate::source::SourceId;

fn table(text: &str) -> PrefTable<'_> {
    PrefTable::new(vec![parse(text, SourceId(0), PrefFileKind::User).prefs])
}

fn at(text: &str, span: Option<Span>) -> Option<&str> {
    span.and_then(|s| text.get(s.range()))
}

#[test]
fn prefixes_at_any_depth() {
    let text = "user_pref(\"mail.server.server2.port\", 110);\n\
                user_pref(\"mail.server.server1.hostname\", \"h\");\n\
                user_pref(\"mail.server.a.b.type\", \"pop3\");\n\
                user_pref(\"mail.server.server1.port\", 995);\n";
    let mut t = table(text);
    assert_eq!(
        at(text, t.first_with_prefix("mail.server.server1.")),
        Some("user_pref(\"mail.server.server1.hostname\", \"h\");")
    );
    // A key holding a dot: four dots in the prefix.
    assert_eq!(
        at(text, t.first_with_prefix("mail.server.a.b.")),
        Some("user_pref(\"mail.server.a.b.type\", \"pop3\");")
    );
    assert_eq!(
        at(text, t.first_with_prefix("mail.server.")),
        Some("user_pref(\"mail.server.server2.port\", 110);")
    );
    assert_eq!(t.first_with_prefix("mail.server.server3."), None);
    assert_eq!(t.first_with_prefix("mail.server.server1"), None);
}

#[test]
fn a_pref_set_again_counts_where_it_is_set_last() {
    let text = "user_pref(\"mail.server.s.userName\", \"a\");\n\
                user_pref(\"mail.server.s.hostname\", \"h\");\n\
                user_pref(\"mail.server.s.userName\", \"b\");\n";
    let mut t = table(text);
    assert_eq!(
        at(text, t.first_with_prefix("mail.server.s.")),
        Some("user_pref(\"mail.server.s.hostname\", \"h\");")
    );
}

#[test]
fn passwords_under_a_prefix() {
    let text = "user_pref(\"mail.server.s1.password\", \"x\");\n\
                user_pref(\"mail.server.s2.password\", \"\");\n\
                user_pref(\"mail.server.s3.pw\", \"x\");\n\
                user_pref(\"mail.server.s4.hostname\", \"pw\");\n\
                user_pref(\"mail.server.s5.password\", \"x\");\n\
                user_pref(\"mail.server.s5.password\", \"\");\n\
                user_pref(\"mail.server.s6.x.token\", \"t\");\n";
    let mut t = table(text);
    assert!(t.has_password_under("mail.server.s1."));
    assert!(!t.has_password_under("mail.server.s2."), "empty");
    assert!(t.has_password_under("mail.server.s3."), "a bare pw");
    assert!(!t.has_password_under("mail.server.s4."));
    assert!(!t.has_password_under("mail.server.s5."), "emptied later");
    assert!(t.has_password_under("mail.server.s6."));
    assert!(t.has_password_under("mail.server.s6.x."));
    assert!(t.has_password_under("mail.server."));
    // The value spans of every pref named like a secret, overridden ones too.
    assert_eq!(t.secret_spans().len(), 5);
}

#[test]
fn key_lists_drop_repeats_and_blanks() {
    let text = "user_pref(\"mail.accountmanager.accounts\", \"a2, a1,,a2 ,a3,a1\");\n";
    let mut t = table(text);
    assert_eq!(
        t.key_list("mail.accountmanager.accounts"),
        vec!["a2", "a1", "a3"]
    );
}

/// The prefix index (runs of one prefix merged before a lookup) answers as
/// a scan of every effective pref would, in sorted order or not.
#[test]
fn the_prefix_index_answers_as_a_scan_in_any_order() {
    let names = [
        "mail.server.s1.a",
        "mail.server.s2.a",
        "mail.server.s1.b",
        "mail.server.s1.a",
        "mail.server.s2.password",
        "mail.server.s1.c",
    ];
    for rot in 0..names.len() {
        let text: String = (0..names.len())
            .map(|k| names[(k + rot) % names.len()])
            .enumerate()
            .map(|(i, n)| format!("user_pref(\"{n}\", \"v{i}\");\n"))
            .collect();
        let mut t = table(&text);
        let parsed = parse(&text, SourceId(0), PrefFileKind::User).prefs.to_vec();
        for prefix in ["mail.server.s1.", "mail.server.s2."] {
            let expected = parsed
                .iter()
                .enumerate()
                .filter(|(i, p)| {
                    p.name.starts_with(prefix)
                        && parsed.iter().rposition(|q| q.name == p.name) == Some(*i)
                })
                .map(|(_, p)| p.statement)
                .min_by_key(|s| s.start);
            assert_eq!(t.first_with_prefix(prefix), expected, "{text}");
        }
        assert!(t.has_password_under("mail.server.s2."));
        assert!(!t.has_password_under("mail.server.s1."));
    }
}

/// The table over records against the prefs as the parser made them: each
/// name's effective pref (the last of that name, over both files), the
/// typed getters and the secret spans.
fn same_as_prefs(first: &str, second: &str) {
    let a = parse(first, SourceId(0), PrefFileKind::User).prefs;
    let b = parse(second, SourceId(1), PrefFileKind::User).prefs;
    let all: Vec<Pref> = a.to_vec().into_iter().chain(b.to_vec()).collect();
    let mut t = PrefTable::new(vec![a, b]);
    for p in &all {
        let last = all.iter().rev().find(|q| q.name == p.name);
        assert_eq!(t.get(&p.name).as_ref(), last, "{:?}", p.name);
        assert_eq!(t.statement(&p.name), last.map(|l| l.statement));
        let last = last.cloned().unwrap_or_else(|| p.clone());
        let problems = t.problems.len();
        match &last.value {
            PrefValue::String(v) => {
                let got = t
                    .string(&p.name)
                    .map(|l| (l.value.into_string(), l.span, l.verbatim));
                assert_eq!(got, Some((v.to_string(), last.value_span, last.verbatim)));
                assert_eq!(t.int(&p.name), None);
            }
            PrefValue::Int(n) => {
                assert_eq!(
                    t.int(&p.name).map(|l| (l.value, l.span)),
                    Some((i64::from(*n), last.value_span))
                );
                assert_eq!(t.bool(&p.name), None);
            }
            PrefValue::Bool(v) => {
                assert_eq!(
                    t.bool(&p.name).map(|l| (l.value, l.span)),
                    Some((*v, last.value_span))
                );
                assert_eq!(t.string(&p.name), None);
            }
        }
        // One wrong-type problem, at the value, naming the pref.
        assert_eq!(t.problems.len(), problems + 1);
        let w = &t.problems[problems];
        assert_eq!(
            (w.span, w.detail.as_deref()),
            (last.value_span, Some(&*last.name))
        );
    }
    let secrets: Vec<Span> = all
        .iter()
        .filter(|p| crate::secrets::is_secret_name(&p.name))
        .map(|p| p.value_span)
        .collect();
    assert_eq!(t.secret_spans(), secrets);
}

#[test]
fn records_read_as_the_prefs_made() {
    same_as_prefs(
        "user_pref(\"mail.server.s.password\", \"x\");\nuser_pref(\"a\\\"b\", \"e\\\\\");\n\
         user_pref(\"n\", -3);\nuser_pref(\"n\", 4);\nuser_pref(\"t\", true);\nuser_pref(\"x.pw\", \"\\u00e9\");\n",
        "user_pref(\"t\", \"now a string\");\nuser_pref(\"a\\\"b\", 1);\nuser_pref('q', \"\");\n",
    );
    let mut checked = 0;
    for path in crate::test_files::corpus_and_fixtures() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if text.contains("pref(") {
            same_as_prefs(&text, "user_pref(\"mail.server.server1.hostname\", \"x\");");
            checked += 1;
        }
    }
    assert!(checked > 0);
}

/// A name made on the stack, or on the heap past its room, holds the parts
/// one after another, as the `String` they make.
#[test]
fn pref_names_hold_their_parts() {
    let long = "k".repeat(INLINE_NAME);
    for parts in [
        &[][..],
        &["mail.server.", "server1", ".hostname"][..],
        &["mail.server", ".", "日本", ".", "port"][..],
        &["", "", ""][..],
        &[&long[..INLINE_NAME - 1], "x"][..],
        &[&long[..INLINE_NAME - 1], "xy"][..],
        &["mail.server.", &long, ".type"][..],
    ] {
        let made = pref_name(parts);
        assert_eq!(
            made.key_bytes(),
            pref_name_string(parts).as_bytes(),
            "{parts:?}"
        );
        let short = matches!(made, PrefName::Short(..));
        assert_eq!(short, pref_name_string(parts).len() <= INLINE_NAME);
    }
}

/// Looking a pref up by a name made of parts finds what its `String` finds.
#[test]
fn names_of_parts_find_what_strings_find() {
    let long = "k".repeat(200);
    let text = format!(
        "user_pref(\"mail.server.s1.port\", 995);\n\
         user_pref(\"mail.server.{long}.port\", 110);\n\
         user_pref(\"mail.server.s1.hostname\", \"h\");\n"
    );
    let mut t = table(&text);
    for key in ["s1", &long, "s2"] {
        let by_parts = t.int(&pref_name(&["mail.server.", key, ".port"]));
        let by_string = t.int(&pref_name_string(&["mail.server.", key, ".port"]));
        assert_eq!(
            by_parts.map(|v| (v.value, v.span)),
            by_string.map(|v| (v.value, v.span))
        );
    }
    assert_eq!(
        t.int(&pref_name(&["mail.server.", &long, ".port"]))
            .map(|v| v.value),
        Some(110)
    );
    assert!(
        t.string(&pref_name(&["mail.server.s1", ".hostname"]))
            .is_some()
    );
}

proptest::proptest! {
    /// The prefix index against a scan of every effective pref, for every
    /// prefix of every name: names of a few parts in any order (runs of one
    /// prefix broken and resumed, keys that are prefixes of others, secrets
    /// at any depth, values empty or not, overridden or not).
    #[test]
    fn the_prefix_index_answers_as_a_scan(
        prefs in proptest::collection::vec(
            (proptest::collection::vec(
                proptest::sample::select(vec!["mail", "server", "s1", "s10", "s", "pw", "PW", "password", "x.y", "Pass", "a_pw", "token", "hash", ""]),
                1..6,
            ), proptest::prelude::any::<bool>()),
            0..24,
        )
    ) {
        let names: Vec<String> = prefs.iter().map(|(parts, _)| parts.join(".")).collect();
        let text: String = names
            .iter()
            .zip(&prefs)
            .map(|(n, (_, full))| format!("user_pref(\"{n}\", \"{}\");\n", if *full { "v" } else { "" }))
            .collect();
        let mut t = table(&text);
        let parsed = parse(&text, SourceId(0), PrefFileKind::User).prefs.to_vec();
        let effective = |i: usize, p: &Pref| parsed.iter().rposition(|q| q.name == p.name) == Some(i);
        // Each name judged whole, as the table judges it by prefix and rest.
        let secrets: Vec<Span> = parsed
            .iter()
            .filter(|p| crate::secrets::is_secret_name(&p.name))
            .map(|p| p.value_span)
            .collect();
        proptest::prop_assert_eq!(t.secret_spans(), secrets, "{}", text);
        for name in &names {
            for (cut, _) in name.match_indices('.') {
                let prefix = &name[..=cut];
                let under = || {
                    parsed
                        .iter()
                        .enumerate()
                        .filter(|(i, p)| p.name.starts_with(prefix) && effective(*i, p))
                };
                let first = under().map(|(_, p)| p.statement).min_by_key(|s| s.start);
                let secret = under().any(|(_, p)| {
                    matches!(&p.value, PrefValue::String(v) if !v.is_empty())
                        && crate::secrets::is_secret_name(&p.name[prefix.len()..])
                });
                proptest::prop_assert_eq!(t.first_with_prefix(prefix), first, "{} {}", prefix, text);
                proptest::prop_assert_eq!(t.has_password_under(prefix), secret, "{} {}", prefix, text);
            }
        }
    }
}

/// The prefixes of three dots, indexed while the table is built, against
/// the level of three dots built in a pass of its own ([`build_level`], the
/// way before): every prefix of every name of the corpus and fixtures, over
/// two files.
#[test]
fn prefixes_of_three_dots_as_the_level_built_alone() {
    let mut checked = 0;
    for path in crate::test_files::corpus_and_fixtures() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if !text.contains("pref(") {
            continue;
        }
        let second = "user_pref(\"mail.server.server1.hostname\", \"x\");\n\
                      user_pref(\"mail.server.server1.password\", \"p\");\n";
        let a = parse(&text, SourceId(0), PrefFileKind::User).prefs;
        let b = parse(second, SourceId(1), PrefFileKind::User).prefs;
        let names: Vec<String> = a
            .to_vec()
            .iter()
            .chain(b.to_vec().iter())
            .map(|p| p.name.to_string())
            .collect();
        let t = PrefTable::new(vec![a, b]);
        let level = build_level(&t.files, &t.ends, &t.recs, &t.by_name.hasher, GROUP_DOTS);
        for name in &names {
            let Some(dot) = nth_dot(name.as_bytes(), GROUP_DOTS) else {
                continue;
            };
            let prefix = &name.as_bytes()[..=dot];
            let alone = level
                .find(t.by_name.hasher.hash_one(prefix), |e| {
                    prefix_of(&t.files, &t.ends, &t.recs, e) == Some(prefix)
                })
                .and_then(|e| {
                    Some((
                        statement_of(&t.files, &t.ends, &t.recs, e.first)?,
                        e.secret_stored,
                    ))
                });
            let grouped = t
                .groups
                .info((&t.files, &t.ends, &t.recs), &t.by_name.hasher, prefix)
                .map(|i| (i.first, i.secret_stored));
            assert_eq!(grouped, alone, "{name} in {}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 0);
}

/// [`js_string_content`] as first written, a character at a time: the
/// oracle of its copy of a value that needs no escape.
fn js_string_content_by_chars(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[test]
fn js_strings_escaped_as_a_character_at_a_time() {
    for v in [
        "",
        "mail.server.server1.port",
        "a\"b",
        "a\\b",
        "\u{7f}",
        "\u{1f}x",
        "\t",
        "日本\n語",
        "\u{80}\u{85}",
        "é\u{7f}",
        "plain text",
    ] {
        assert_eq!(js_string_content(v), js_string_content_by_chars(v), "{v:?}");
    }
}

/// The key lists as they were split before: a set of every key seen.
fn key_list_by_set(list: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    list.split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty() && seen.insert(*k))
        .map(str::to_string)
        .collect()
}

#[test]
fn wrong_types_and_branch_defaults_reported_each_time_asked() {
    let text = "user_pref(\"mail.server.default.check_time\", \"ten\");\n\
                user_pref(\"mail.server.default.login_at_startup\", true);\n\
                user_pref(\"mail.server.s1.check_time\", 5);\n\
                user_pref(\"mail.accountmanager.accounts\", 3);\n";
    let mut t = table(text);
    for _ in 0..3 {
        assert_eq!(
            t.server_int("mail.server", "s1", "check_time")
                .map(|v| v.value),
            Some(5)
        );
        assert_eq!(t.server_int("mail.server", "s2", "check_time"), None);
        let startup = t.server_bool("mail.server", "s2", "login_at_startup");
        assert_eq!(startup.as_ref().map(|v| v.value), Some(true));
        assert!(
            startup.is_some_and(|v| v.rewrite.is_none()),
            "shared: never rewritten"
        );
        assert_eq!(
            t.server_bool("mail.smtpserver", "s2", "login_at_startup"),
            None
        );
        assert!(t.key_list("mail.accountmanager.accounts").is_empty());
    }
    // Each look-up of the default string and of the list: one problem each.
    let details: Vec<_> = t
        .problems
        .iter()
        .map(|p| p.detail.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        details,
        [
            "mail.server.default.check_time",
            "mail.accountmanager.accounts"
        ]
        .repeat(3)
    );
}

proptest::proptest! {
    /// Lists short and long, with repeats, blanks and empty entries: the
    /// same keys in the same order as a set of every key seen.
    #[test]
    fn key_lists_as_by_a_set(keys in proptest::collection::vec("[ab]{0,2}| ?[a-c]{1,2} ?|", 0..60)) {
        let list = keys.join(",");
        let text = format!("user_pref(\"l\", \"{list}\");\n");
        let mut t = table(&text);
        proptest::prop_assert_eq!(t.key_list("l"), key_list_by_set(&list));
    }
}
