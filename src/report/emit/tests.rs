use super::*;
use serde_json::json;

fn pretty_at(value: &serde_json::Value, depth: usize) -> String {
    let mut out = Vec::new();
    crate::report::parts::pretty_at(&mut out, value, depth).expect("serialise");
    String::from_utf8(out).expect("UTF-8")
}

/// Every character below 0x80, quotes, backslashes, controls, DEL and
/// non-ASCII are escaped (or not) as serde_json escapes them.
#[test]
fn strings_as_serde_json_writes_them() {
    let all: String = (0u8..0x80).map(char::from).collect();
    for s in [
        "",
        "plain",
        all.as_str(),
        "日本語\u{7f}\u{1F600}\"\\",
        "a\"b",
        "\n",
    ] {
        let mut out = Vec::new();
        string(&mut out, s);
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            serde_json::to_string(s).expect("json")
        );
        let mut out = Vec::new();
        lower_string(&mut out, s);
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            serde_json::to_string(&s.to_ascii_lowercase()).expect("json")
        );
    }
}

/// An escaped byte (or two) at every place of strings of every length up
/// to three blocks (the writer checks sixteen bytes at once, and the end of
/// a string with the sixteen bytes that end it).
#[test]
fn escapes_at_every_place() {
    let specials = [
        '"', '\\', '\n', '\u{1}', '\u{1f}', ' ', '~', '\u{7f}', 'é', '\u{80}',
    ];
    for len in 0..48 {
        let base: String = ('a'..='z').cycle().take(len).collect();
        for special in specials {
            for at in 0..=len {
                for second in [None, Some(len / 2), Some(len)] {
                    let mut s = base.clone();
                    s.insert(at, special);
                    if let Some(b) = second {
                        // At a character's start (`é` is two bytes).
                        let b = (0..=b.min(s.len()))
                            .rev()
                            .find(|&i| s.is_char_boundary(i))
                            .unwrap_or(0);
                        s.insert(b, '"');
                    }
                    let mut out = Vec::new();
                    string(&mut out, &s);
                    assert_eq!(
                        String::from_utf8(out).expect("UTF-8"),
                        serde_json::to_string(&s).expect("json"),
                        "{s:?}"
                    );
                }
            }
        }
    }
    for at in 0..24 {
        for special in specials {
            let mut s: String = "abcdefghijklmnopqrstuvwx".into();
            s.insert(at, special);
            let mut out = Vec::new();
            string(&mut out, &s);
            assert_eq!(
                String::from_utf8(out).expect("UTF-8"),
                serde_json::to_string(&s).expect("json"),
                "{s:?}"
            );
        }
    }
}

#[test]
fn scalars_as_serde_json_writes_them() {
    let mut out = Vec::new();
    int(&mut out, -42i64);
    out.push(b' ');
    int(&mut out, usize::MAX);
    out.push(b' ');
    boolean(&mut out, true);
    out.push(b' ');
    boolean(&mut out, false);
    out.push(b' ');
    opt_string(&mut out, None);
    out.push(b' ');
    variant_value(&mut out, &crate::source::Basis::SubmissionPortSince91);
    out.push(b' ');
    variant_value(&mut out, &crate::model::AuthMethod::OAuth2);
    out.push(b' ');
    variant_value(&mut out, &7u8);
    assert_eq!(
        String::from_utf8(out).expect("UTF-8"),
        format!(
            "-42 {} true false null {} {} 7",
            usize::MAX,
            serde_json::to_string(&crate::source::Basis::SubmissionPortSince91).expect("json"),
            serde_json::to_string(&crate::model::AuthMethod::OAuth2).expect("json"),
        )
    );
    assert_eq!(
        variant(&crate::diagnostics::Severity::Warning),
        Some("warning")
    );
    assert_eq!(variant("text"), None);
    for n in [
        0u64,
        7,
        9,
        10,
        99,
        100,
        999,
        1000,
        9999,
        10_000,
        65_535,
        65_536,
        1 << 40,
    ] {
        let mut out = Vec::new();
        int(&mut out, n);
        assert_eq!(String::from_utf8(out).expect("UTF-8"), n.to_string());
    }
}

/// Objects and arrays, empty and nested, at any depth, as serde_json's
/// pretty printer lays them out there.
#[test]
fn layout_as_serde_json_prints_it() {
    // Every depth around where a key's line no longer fits the room it is
    // put together in (with the longest key below, at depth 28 and more).
    for depth in (0..=32).chain([40]) {
        let mut out = Vec::new();
        let mut o = Obj::open(&mut out, depth);
        let d = o.inner();
        string(o.key("a"), "x");
        string(o.key("a_much_longer_key_name"), "y");
        array(o.key("empty"), d, [0u8; 0], int);
        array(o.key("list"), d, [1u8, 2], int);
        array(o.key("objects"), d, ["p", "q"], |out, s| {
            // serde_json's map sorts its keys.
            let mut o = Obj::open(out, d + 1);
            Obj::open(o.key("none"), d + 2).close();
            string(o.key("s"), s);
            o.close();
        });
        o.close();
        let want = json!({
            "a": "x",
            "a_much_longer_key_name": "y",
            "empty": [],
            "list": [1, 2],
            "objects": [{ "s": "p", "none": {} }, { "s": "q", "none": {} }],
        });
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            pretty_at(&want, depth)
        );
    }
}

/// Every variant of the reports' enums is named as serde names it.
#[test]
fn unit_names_are_serde_names() {
    let all = all_unit_names();
    assert!(all.len() > 40);
    for (name, serde) in all {
        assert_eq!(Some(name), serde);
    }
}

/// A unit variant's name laid out at compile time is written as `string`
/// writes the name, for every variant; a name with a byte to escape, or
/// too long for the room, falls back to `string`.
#[test]
fn units_are_written_as_their_strings() {
    let all = all_units_written();
    assert!(all.len() > 40);
    for (name, written) in all {
        let mut want = b"head".to_vec();
        string(&mut want, name);
        assert_eq!(written, want, "{name}");
    }
    for name in [
        "",
        "a",
        "q\"uote",
        "back\\slash",
        "tab\t",
        "thirty-bytes-long-name-of-a-va",
        "thirty-one-bytes-long-name-of-a",
        "a-name-far-too-long-for-the-room-of-a-quoted-unit",
        "é",
    ] {
        let q = Quoted::new(name);
        let (mut fast, mut want) = (b"head".to_vec(), b"head".to_vec());
        q.put(&mut fast);
        string(&mut want, name);
        assert_eq!(fast, want, "{name:?}");
    }
}

/// A piece laid out at compile time is what its template gives at run
/// time, at every depth (past those laid out too) and with or without its
/// comma; a key's piece is what `Obj::key` writes.
#[test]
fn pieces_are_their_templates() {
    let pieces = [
        Piece::new(",\n\t\"a\": "),
        Piece::new(",\n\t\"a_much_longer_key_name_for_the_room\": "),
        Piece::new(",\n\t\"origin\": \"default\"\n\x01}"),
        Piece::new("{\n\t\"x\": "),
    ];
    for p in &pieces {
        for depth in 0..=40 {
            for skip in [false, true] {
                if skip && !p.template.starts_with(',') {
                    continue;
                }
                let mut fast = b"head".to_vec();
                p.put(&mut fast, depth, skip);
                let mut slow = b"head".to_vec();
                p.put_slowly(&mut slow, depth, usize::from(skip));
                assert_eq!(fast, slow, "{:?} at {depth}", p.template);
                let want: String = p
                    .template
                    .chars()
                    .skip(usize::from(skip))
                    .map(|c| match c {
                        '\t' => " ".repeat(2 * (depth + 1)),
                        '\u{1}' => " ".repeat(2 * depth),
                        c => c.to_string(),
                    })
                    .collect();
                assert_eq!(slow, format!("head{want}").into_bytes());
            }
        }
    }
    for depth in 0..=40 {
        for name in ["a", "user_name", "a_much_longer_key_name_for_the_room"] {
            let key = Piece::new(Box::leak(format!(",\n\t\"{name}\": ").into_boxed_str()));
            let (mut by_key, mut by_piece) = (Vec::new(), Vec::new());
            let mut a = Obj::open(&mut by_key, depth);
            a.key(name);
            a.key(name);
            a.close();
            let mut b = Obj::open(&mut by_piece, depth);
            b.field(&key);
            b.field(&key);
            b.close();
            assert_eq!(by_key, by_piece, "{name} at {depth}");
        }
    }
}

/// Every number from 0 to 70,000 (every small one, written by pairs of
/// digits, and past them) is written as `to_string` writes it, after text.
#[test]
fn every_small_number_is_its_decimal() {
    for n in 0u32..70_000 {
        let mut out = b"x".to_vec();
        int(&mut out, n);
        assert_eq!(out, format!("x{n}").into_bytes());
    }
}

/// Every length to 40, of text that needs no escape (every such ASCII
/// byte, non-ASCII) and with one byte that does at each place, after
/// something already written: what serde_json writes (the short strings
/// are laid out in a buffer and cut, [`quoted_short`]).
#[test]
fn short_strings_at_every_length() {
    let plain: Vec<u8> = (0x20u8..0x7f)
        .filter(|&b| b != b'"' && b != b'\\')
        .collect();
    for len in 0..=40 {
        for shift in 0..plain.len() {
            let s: String = plain
                .iter()
                .cycle()
                .skip(shift)
                .take(len)
                .map(|&b| char::from(b))
                .collect();
            let mut texts = vec![s.clone(), "é".repeat(len / 2)];
            for at in 0..len {
                for bad in ['"', '\\', '\n', '\u{1}', '\u{1f}'] {
                    let mut t: Vec<char> = s.chars().collect();
                    t[at] = bad;
                    texts.push(t.into_iter().collect());
                }
            }
            for t in texts {
                let mut out = b"{\"k\": ".to_vec();
                string(&mut out, &t);
                let want = format!("{{\"k\": {}", serde_json::to_string(&t).expect("json"));
                assert_eq!(String::from_utf8(out).expect("UTF-8"), want, "{t:?}");
            }
        }
    }
}
