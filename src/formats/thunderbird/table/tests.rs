use super::*;
use crate::formats::thunderbird::prefs::{PrefFileKind, parse};
use crate::source::SourceId;

fn table(text: &str) -> PrefTable<'_> {
    PrefTable::new(vec![parse(text, SourceId(0), PrefFileKind::User).prefs])
}

fn at(text: &str, span: Option<Span>) -> Option<&str> {
    span.and_then(|s| text.get(s.start..s.end))
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
        let parsed = parse(&text, SourceId(0), PrefFileKind::User).prefs;
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
