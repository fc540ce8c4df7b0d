use super::*;

/// A field's name is put together as `fill` fills it, whatever the template.
#[test]
fn field_text_fills_as_fill_does() {
    let mut templates: Vec<&str> = Field::ALL
        .iter()
        .flat_map(|f| [f.get(Lang::En), f.get(Lang::Ja)])
        .collect();
    templates.extend([
        "",
        "{protocol}",
        "{protocol}{protocol}",
        "x {protocol} y {other}",
        "{other} {protocol}",
        "{proto",
        "a {protocol",
        "受信 ({protocol}) サーバー",
    ]);
    for t in templates {
        for p in ["POP3", "SMTP", "", "{protocol}", "日本"] {
            assert_eq!(field_text(t, p), fill(t, &[("protocol", p)]), "{t:?} {p:?}");
        }
    }
}

/// How a catalogue entry was filled before issue 15: the facts as strings,
/// each cut when long, then the template parsed by `fill`.
fn fill_entry_as_before(entry: &Entry, lang: Lang, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, std::borrow::Cow<str>)> = args
        .iter()
        .map(|(k, v)| {
            let shown = crate::escape::cut(v, |n| {
                crate::tables::Ui::HumanValueCut.fill(lang, &[("count", n.to_string())])
            });
            (*k, shown)
        })
        .collect();
    fill(entry.text.get(lang), &args)
}

/// Sample facts of every kind, as the new path keeps them and as the old one
/// had them (the string `to_string` or `field` gave).
/// A fact as kept, and the string the old path had for it in a language.
type Sample = (Arg<'static>, Box<dyn Fn(Lang) -> String>);

fn samples() -> Vec<Sample> {
    let long_ja = "あ".repeat(150) + &"x".repeat(100);
    let long_ascii = "h".repeat(201);
    let field = FieldName {
        key: Field::IncomingHost,
        protocol: "POP3",
    };
    let long_field = FieldName {
        key: Field::OutgoingServer,
        protocol: Box::leak("P".repeat(300).into_boxed_str()),
    };
    let text = |s: String| -> Sample {
        let t = s.clone();
        (Arg::from(s), Box::new(move |_| t.clone()))
    };
    vec![
        text("pop.example.jp".into()),
        text("受信サーバー「ｐｏｐ」".into()),
        text("{field} {value}".into()),
        text(String::new()),
        text("h".repeat(200)),
        text(long_ascii),
        text(long_ja),
        (Arg::from(-42i64), Box::new(|_| "-42".into())),
        (Arg::from(65535u16), Box::new(|_| "65535".into())),
        (Arg::from(usize::MAX), Box::new(|_| usize::MAX.to_string())),
        (Arg::from(field), Box::new(move |l| field.text(l))),
        (Arg::from(long_field), Box::new(move |l| long_field.text(l))),
    ]
}

/// Every message, help and label of the catalogue, in both languages, filled
/// from its build-time pieces gives what parsing the template gave, whatever
/// the kind of each fact (issue 15).
#[test]
fn pieces_fill_every_entry_as_parsing_did() {
    let samples = samples();
    let mut checked = 0;
    for info in crate::catalogue::Catalogue::embedded().rules {
        let entries = info.messages.iter().chain(info.help).chain(info.labels);
        for (e, entry) in entries.enumerate() {
            for lang in [Lang::En, Lang::Ja] {
                for shift in 0..samples.len() {
                    // Each placeholder its own sample, shifted per round.
                    let pick = |i: usize| &samples[(i + shift + e) % samples.len()];
                    let new: Vec<(&str, Arg)> = (entry.placeholders.iter().enumerate())
                        .map(|(i, p)| (*p, pick(i).0.clone()))
                        .collect();
                    let old: Vec<(&str, String)> = (entry.placeholders.iter().enumerate())
                        .map(|(i, p)| (*p, (pick(i).1)(lang)))
                        .collect();
                    assert_eq!(
                        fill_entry(entry, lang, &[], &new, info.rule),
                        fill_entry_as_before(entry, lang, &old),
                        "{} {} {lang:?}",
                        info.code,
                        entry.key
                    );
                    // A label's own facts (strings) win over the finding's.
                    let first = &old[..old.len() / 2];
                    let mut both = first.to_vec();
                    both.extend(old.iter().cloned());
                    assert_eq!(
                        fill_entry(entry, lang, first, &new, info.rule),
                        fill_entry_as_before(entry, lang, &both),
                        "{} {} {lang:?} (label facts first)",
                        info.code,
                        entry.key
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

/// The pages shared by every document are each rule's `maillint explain`
/// pointer, as a document's emitter made them, for every rule (asked
/// twice: made, then shared).
#[test]
fn explain_pages_are_each_rules_pointer() {
    for rule in Rule::ALL {
        for _ in 0..2 {
            let pages = super::explain_pages(rule);
            assert_eq!(
                &pages[..],
                &[rule.info().pointer(None)][..],
                "{}",
                rule.code()
            );
        }
    }
}
