use super::*;
use crate::report::sink::tests::Writes;
use crate::report::sink::{Guard, Sink};
use serde_json::json;

/// An object with arrays written in parts prints the bytes serde_json
/// prints for the whole tree, whatever the number of threads, and every
/// part but the first begins at a line break outside any string.
#[test]
fn parts_print_what_serde_json_prints() {
    // Ten chunks: more than one window of chunks on 1, 2 and 4 threads.
    let items: Vec<serde_json::Value> = (0..600)
        .map(|i| json!({ "n": i, "s": format!("a \"{i}\"\n"), "l": [1, {"x": []}], "e": {} }))
        .collect();
    let whole = json!({ "first": { "k": [] }, "items": items, "empty": [], "last": 1 });
    let mut expected = serde_json::to_string_pretty(&whole).expect("serialise");
    expected.push('\n');
    for threads in [1, 2, 4] {
        let workers = Workers::new(threads);
        let mut out = Writes::default();
        let mut sink = Sink::new(&mut out, Guard::none());
        let mut p = Parts::new(&mut sink);
        p.raw("{");
        p.key("empty", 1, true);
        p.array(&workers, &[] as &[u8], 1, |x| *x).expect("array");
        p.key("first", 1, false);
        p.value(&whole["first"], 1).expect("value");
        p.key("items", 1, false);
        p.array(&workers, &items, 1, |v| v).expect("array");
        p.key("last", 1, false);
        p.value(&1, 1).expect("value");
        p.raw("\n}\n");
        sink.finish().expect("finish");
        let parts = out.0;
        assert!(parts.len() > 3, "the array is cut into parts");
        for part in &parts[1..] {
            assert!(
                part.starts_with(b"\n") || part.starts_with(b",\n"),
                "{:?}",
                String::from_utf8_lossy(part)
            );
        }
        assert_eq!(
            String::from_utf8(parts.concat()).expect("UTF-8"),
            expected,
            "{threads} threads"
        );
    }
}

/// A secret is masked in every part, whichever thread made it.
#[test]
fn every_part_is_scrubbed() {
    let items: Vec<String> = (0..300).map(|i| format!("x{i} hunter2\"!")).collect();
    let secrets = crate::secrets::Scrubber::for_outputs(["hunter2\"!".to_string()]);
    for threads in [1, 2] {
        let workers = Workers::new(threads);
        let mut out: Vec<u8> = Vec::new();
        let mut sink = Sink::new(&mut out, Guard::new(&secrets, crate::secrets::Syntax::Json));
        let mut p = Parts::new(&mut sink);
        p.raw("{");
        p.key("hunter2\"!", 1, true);
        p.array(&workers, &items, 1, |v| v).expect("array");
        p.raw("\n}\n");
        sink.finish().expect("finish");
        let text = String::from_utf8(out).expect("UTF-8");
        assert!(!text.contains("hunter2"), "{threads} threads");
        assert_eq!(text.matches("**********").count(), 301);
    }
}
