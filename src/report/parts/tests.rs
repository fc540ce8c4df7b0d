use super::*;
use serde_json::json;

/// An object with arrays written in parts prints the bytes serde_json
/// prints for the whole tree, whatever the number of threads.
#[test]
fn parts_print_what_serde_json_prints() {
    let items: Vec<serde_json::Value> = (0..200)
        .map(|i| json!({ "n": i, "s": format!("a \"{i}\"\n"), "l": [1, {"x": []}], "e": {} }))
        .collect();
    let whole = json!({ "first": { "k": [] }, "items": items, "empty": [], "last": 1 });
    let mut expected = serde_json::to_string_pretty(&whole).expect("serialise");
    expected.push('\n');
    for threads in [1, 2, 4] {
        let workers = Workers::new(threads);
        let mut p = Parts::new();
        p.raw("{");
        p.key("empty", 1, true).expect("key");
        p.array(&workers, &[] as &[u8], 1, |x| *x).expect("array");
        p.key("first", 1, false).expect("key");
        p.value(&whole["first"], 1).expect("value");
        p.key("items", 1, false).expect("key");
        p.array(&workers, &items, 1, |v| v).expect("array");
        p.key("last", 1, false).expect("key");
        p.value(&1, 1).expect("value");
        p.raw("\n}\n");
        let parts = p.finish();
        assert!(parts.len() > 3, "the array is cut into parts");
        for part in &parts[1..] {
            assert!(
                part.starts_with('\n') || part.starts_with(",\n"),
                "{part:?}"
            );
        }
        assert_eq!(parts.concat(), expected, "{threads} threads");
    }
}
