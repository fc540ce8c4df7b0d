use super::*;
use crate::inputs::Plan;
use crate::source::SourceMap;

const OE: &str = "HKEY_CURRENT_USER\\Identities\\{11111111-2222-3333-4444-555555555555}\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001";
const OL: &str = "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\00000002";

fn sample() -> MemoryRegistry {
    let mut r = MemoryRegistry::new();
    r.import(&format!(
        "Windows Registry Editor Version 5.00\n\n[{OE}]\n\
         \"Account Name\"=\"oe\"\n\"POP3 Server\"=\"pop.example.jp\"\n\
         \"POP3 Use Sicily\"=dword:00000001\n\"POP3 Password2\"=hex:de,ad,be,ef\n\
         \"SMTP Server\"=\"smtp.example.jp\"\n\"Unrelated\"=\"x\"\n\n\
         [{OL}]\n\"IMAP Server\"=hex:69,00,00,00\n\"IMAP Port\"=dword:0000008f\n\
         \"IMAP Use SSL\"=dword:00000001\n\n\
         [HKEY_CURRENT_USER\\Software\\RimArts\\B2\\Settings]\n\"DataDir\"=\"D:\\\\Mail\\\\Becky\\\\\"\n"
    ));
    r
}

#[test]
fn roots_are_exported_with_places_and_no_password_bytes() {
    let out = export_accounts(&sample());
    let keys: Vec<&str> = out.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(keys[0].ends_with("Internet Account Manager\\Accounts"));
    assert!(keys[1].ends_with("9375CFF0413111d3B88A00104B2A6676"));
    let oe = &out[0];
    assert!(
        oe.text.contains("\"POP3 Password2\"=hex:00\n"),
        "{}",
        oe.text
    );
    assert!(!oe.text.contains("de,ad"), "password bytes");
    assert!(!oe.text.contains("Unrelated"), "only the names readers use");
    let sicily = oe
        .places
        .iter()
        .find(|p| p.value.as_deref() == Some("POP3 Use Sicily"))
        .expect("place");
    assert_eq!(
        &oe.text[sicily.range.clone()],
        "\"POP3 Use Sicily\"=dword:00000001"
    );
    assert_eq!(sicily.key, OE);
}

#[test]
fn a_run_reads_registry_accounts_with_their_places() {
    let mut plan = Plan::default();
    plan.add_registry(&sample());
    assert_eq!(plan.documents.len(), 2);
    let oe = &plan.documents[0].accounts[0];
    let inc = oe.incoming.as_ref().expect("incoming");
    assert!(inc.password_stored);
    let mut sources = SourceMap::new();
    for f in plan.preloaded {
        sources.insert(f);
    }
    let f = sources.get(inc.auth.span.source).expect("source");
    assert!(f.is_registry());
    let place = f
        .registry_place(inc.auth.span.start as usize)
        .expect("place");
    assert_eq!(
        place.display(),
        "HKCU\\Identities\\{11111111-2222-3333-4444-555555555555}\\Software\\Microsoft\\\
         Internet Account Manager\\Accounts\\00000001 › \"POP3 Use Sicily\""
    );
    // A defaulted value points at the account's key.
    let port = f
        .registry_place(inc.port.span.start as usize)
        .expect("port place");
    assert_eq!(port.value.as_deref(), Some("POP3 Server"));
    let ol = &plan.documents[1].accounts[0];
    assert_eq!(ol.client, crate::model::Client::Outlook);
    let host = ol
        .incoming
        .as_ref()
        .and_then(|s| s.host.as_ref())
        .expect("host");
    assert_eq!(host.value, "i");
}

#[test]
fn becky_data_dir_from_its_key() {
    assert_eq!(
        becky_data_dir(&sample()),
        Some(PathBuf::from("D:\\Mail\\Becky"))
    );
    assert_eq!(becky_data_dir(&MemoryRegistry::new()), None);
}

#[test]
fn nothing_is_exported_from_an_empty_registry() {
    assert!(export_accounts(&MemoryRegistry::new()).is_empty());
}

#[test]
fn reports_name_the_key_and_value() {
    use crate::pipeline::{CheckOptions, check_plan};
    let mut plan = Plan::default();
    plan.add_registry(&sample());
    let out = check_plan(plan, &CheckOptions::default());
    let spa = out
        .diagnostics
        .iter()
        .find(|d| {
            out.sources
                .get(d.span.source)
                .and_then(|f| f.registry_place(d.span.start as usize))
                .is_some_and(|p| p.value.as_deref() == Some("POP3 Use Sicily"))
        })
        .expect("a finding on POP3 Use Sicily");
    let human = crate::report::human::render(
        std::slice::from_ref(spa),
        &out.sources,
        &crate::report::human::HumanOptions {
            color: false,
            lang: crate::i18n::Lang::En,
            width: 100,
            quiet: false,
            threads: 1,
        },
    );
    assert!(
        human.contains(
            "  ╰─ HKCU\\Identities\\{11111111-2222-3333-4444-555555555555}\\Software\\Microsoft\\\
             Internet Account Manager\\Accounts\\00000001 › \"POP3 Use Sicily\""
        ),
        "{human}"
    );
    assert!(
        !human.contains("dword:"),
        "no export text is shown: {human}"
    );
    let json: serde_json::Value = serde_json::from_str(&crate::report::json::render(
        &out.documents,
        std::slice::from_ref(spa),
        &out.sources,
    ))
    .expect("json");
    let reg = &json["diagnostics"][0]["registry"];
    assert_eq!(reg["key"], OE);
    assert_eq!(reg["value"], "POP3 Use Sicily");
    let sarif: serde_json::Value = serde_json::from_str(&crate::report::sarif::render(
        std::slice::from_ref(spa),
        &out.sources,
        crate::catalogue::Catalogue::embedded(),
        &crate::report::sarif::SarifOptions {
            lang: crate::i18n::Lang::En,
            docs_base_url: None,
        },
    ))
    .expect("sarif");
    let loc = &sarif["runs"][0]["results"][0]["locations"][0];
    assert!(loc.get("physicalLocation").is_none());
    assert_eq!(
        loc["logicalLocations"][0]["fullyQualifiedName"],
        format!("{OE}\\POP3 Use Sicily")
    );
    // No password placeholder or byte reaches any output.
    for text in [human, json.to_string(), sarif.to_string()] {
        assert!(!text.contains("hex:00") && !text.contains("de,ad"));
    }
}

mod properties {
    use super::*;
    use crate::formats::outlook_express::values::PropValue;
    use crate::formats::outlook_express::{reg, values};
    use crate::source::SourceId;
    use proptest::prelude::*;

    fn data() -> impl Strategy<Value = RegData> {
        prop_oneof![
            "[a-zA-Zａ-ｚ＠.\\\\\"\n 日本]{0,16}".prop_map(RegData::String),
            any::<u32>().prop_map(RegData::Dword),
            prop::collection::vec(any::<u8>(), 0..40).prop_map(RegData::Binary),
        ]
    }

    proptest! {
        /// Whatever the values hold, the export reads back to the same data,
        /// each value's place is its own line, and passwords stay placeholders.
        #[test]
        fn exported_values_read_back(
            set in prop::collection::vec((0usize..64, data()), 0..12),
            secret_len in 0usize..3,
        ) {
            let names = values::value_names();
            let key = "Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001";
            let mut r = MemoryRegistry::new();
            r.set_value(key, "POP3 Server", RegData::String("pop.example.jp".into()));
            for (i, d) in &set {
                let name = &names[i % names.len()];
                if crate::secrets::is_secret_name(name) {
                    r.set_secret(key, name, secret_len);
                } else {
                    r.set_value(key, name, d.clone());
                }
            }
            let out = export_accounts(&r);
            prop_assert_eq!(out.len(), 1);
            let e = &out[0];
            let parsed = reg::parse(&e.text, SourceId(0));
            prop_assert!(parsed.problems.is_empty(), "{:?}\n{}", parsed.problems, e.text);
            let bag = &parsed.keys[0].values;
            for p in e.places.iter().filter(|p| p.value.is_some()) {
                let name = p.value.as_deref().unwrap_or_default();
                let line = &e.text[p.range.clone()];
                let head = format!("\"{}\"=", name.replace('"', "\\\""));
                prop_assert!(line.starts_with(&head), "{}", line);
                prop_assert!(!line.contains('\n'));
                let got = bag.get(name).map(|v| v.value.clone());
                let want = if crate::secrets::is_secret_name(name) {
                    Some(PropValue::Secret { non_empty: secret_len > 0 })
                } else {
                    match r.value(key, name) {
                        Some(RegData::String(s)) => Some(PropValue::Text(s.into())),
                        Some(RegData::Dword(n)) => Some(PropValue::Number(i64::from(n))),
                        Some(RegData::Binary(b)) => Some(PropValue::Binary(b)),
                        _ => None,
                    }
                };
                prop_assert_eq!(got, want);
            }
        }
    }
}
