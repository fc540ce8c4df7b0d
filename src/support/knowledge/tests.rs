use super::*;

fn best(q: &str) -> String {
    Knowledge::parse_embedded()
        .expect("parses")
        .lookup(q)
        .first()
        .map(|m| m.entry.id.clone())
        .unwrap_or_default()
}

#[test]
fn codes_and_texts_find_their_entries() {
    assert_eq!(best("0x800CCC18"), "0x800CCC18");
    assert_eq!(best("0x800ccc0e"), "0x800CCC0E");
    assert_eq!(best("エラー番号: ０ｘ８００ＣＣＣ０Ｅ"), "0x800CCC0E");
    assert_eq!(best("550 5.1.1 User unknown"), "user-unknown");
    assert_eq!(
        best("550  5.1.1   <taro@example.jp>... USER UNKNOWN"),
        "user-unknown"
    );
    assert_eq!(best("Relaying denied"), "no-relaying");
    assert_eq!(best("553 Relay operation rejected"), "no-relaying");
    assert_eq!(best("553 receive before sending"), "pop-before-smtp");
    assert_eq!(best("552 5.3.4 Message too big"), "mesg-too-big");
    assert_eq!(best("552 5.2.2 Mailbox full"), "mailbox-full");
    assert_eq!(best("Host unknown"), "host-unknown");
    assert_eq!(best("5.1.2"), "host-unknown");
    assert_eq!(best("451 4.3.0 try again"), "temporary-failure");
    assert_eq!(best("4.4.1"), "temporary-failure");
    assert_eq!(
        best(
            "Could not send message for past 4 hours ... will keep trying until message is 5 days old"
        ),
        "temporary-failure"
    );
    assert_eq!(
        best("554 5.3.5 Local configuration error"),
        "local-configuration-error"
    );
    assert_eq!(best("user-unknown"), "user-unknown");
    assert_eq!(best("宛先のユーザーが見つかりません"), "user-unknown");
}

#[test]
fn nothing_matches_gibberish_but_suggestions_exist() {
    let kb = Knowledge::parse_embedded().expect("parses");
    assert!(kb.lookup("zzzz qqqq").is_empty());
    let near = kb.closest("0x800CCC1B", 3);
    assert_eq!(near.len(), 3);
    assert!(
        near.iter()
            .any(|e| e.id == "0x800CCC1A" || e.id == "0x800CCC18")
    );
}

#[test]
fn wildcards() {
    assert!(wildcard_match("4.x.x", "4.2.1"));
    assert!(wildcard_match("4xx", "421"));
    assert!(!wildcard_match("4xx", "521"));
    assert!(!wildcard_match("4.x.x", "5.2.1"));
    assert!(!wildcard_match("4xx", "4211"));
}

#[test]
fn every_entry_is_complete_in_both_languages() {
    let kb = Knowledge::parse_embedded().expect("parses");
    for e in &kb.entries {
        for t in [&e.title, &e.meaning]
            .into_iter()
            .chain(&e.causes)
            .chain(&e.checks)
        {
            assert!(
                !t.en.trim().is_empty() && !t.ja.trim().is_empty(),
                "{}",
                e.id
            );
        }
        // A reason's entry (support::diagnose::reason) names who must act
        // by its side; the others list their likely causes.
        let reason = crate::support::diagnose::reason::Reason::from_id(&e.id).is_some();
        assert!(
            (reason || !e.causes.is_empty()) && !e.checks.is_empty(),
            "{}",
            e.id
        );
    }
    let mut ids: Vec<_> = kb.entries.iter().map(|e| e.id.to_lowercase()).collect();
    ids.sort();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids");
}
