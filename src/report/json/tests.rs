use super::*;
use crate::source::{Basis, Span};

/// [`value`] as it was before [`Cx::tail`]: every key written by itself
/// (the definition the laid-out tails are held to).
fn value_by_keys<T>(
    out: &mut Vec<u8>,
    depth: usize,
    v: &Located<T>,
    cx: &Cx,
    at: &mut Near,
    write: impl FnOnce(&mut Vec<u8>, &T),
) {
    let mut o = Obj::open(out, depth);
    write(o.field(key!("value")), &v.value);
    match cx.file(v.span.source) {
        Some((f, path)) => {
            let p = at.position(f, v.span.start as usize);
            o.field(key!("path")).extend_from_slice(path);
            emit::int(o.field(key!("line")), p.line);
            emit::int(o.field(key!("column")), p.column);
        }
        None => {
            o.field(key!("path")).extend_from_slice(b"\"\"");
            emit::int(o.field(key!("line")), 0u8);
            emit::int(o.field(key!("column")), 0u8);
        }
    }
    emit::unit(o.field(key!("origin")), v.origin);
    if let Some(b) = v.basis {
        emit::unit(o.field(key!("basis")), b);
    }
    o.close();
}

/// A value's object is the same with its path and line laid out once per
/// file as with its keys written one by one: at every depth (with and
/// without a laid-out tail), for paths that need escaping or are long, for
/// every origin, and for a value of no file.
#[test]
fn laid_out_tails_write_what_the_keys_write() {
    let long = format!("{}/prefs.js", "deep/".repeat(40));
    let paths = [
        "a.xml",
        "dir/with \"quote\"\\back\tslash.xml",
        "日本/設定.js",
        long.as_str(),
    ];
    let mut sources = SourceMap::new();
    for (i, p) in paths.iter().enumerate() {
        let text = b"first line\n  <host>mail.example.jp</host>\n\xe6\x97\xa5 <port>993</port>\n";
        // Ids with a gap: a file that failed to read leaves one.
        sources.insert(SourceFile::from_bytes(SourceId(2 * i as u32), *p, text));
    }
    let cx = Cx::new(&sources);
    for i in 0..=2 * paths.len() as u32 {
        let id = SourceId(i);
        let values = [
            Located::file(7u32, Span::new(id, 19, 33)),
            Located::file(65_536u32, Span::new(id, 0, 5)),
            Located::derived(993u32, Span::new(id, 50, 53), Basis::ProtocolPort),
            Located::default_at(25u32, Span::new(id, 2, 3)),
            Located::default_by(0u32, Span::new(id, 60, 60), Basis::ClientDefault),
        ];
        for depth in 0..10 {
            for v in &values {
                let mut got = b"[head]".to_vec();
                let mut at = Near::new();
                value(&mut got, depth, Some(v), &cx, &mut at, |out, n| {
                    emit::int(out, *n)
                });
                let mut want = b"[head]".to_vec();
                let mut at = Near::new();
                value_by_keys(&mut want, depth, v, &cx, &mut at, |out, n| {
                    emit::int(out, *n)
                });
                assert_eq!(
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(&want),
                    "file {i}, depth {depth}"
                );
            }
        }
    }
}

/// Every protocol's laid-out name is what `lower_string` writes of its
/// label, and another's (which may need escaping) is that too.
#[test]
fn protocols_are_their_lower_case_labels() {
    for p in [
        Protocol::Pop3,
        Protocol::Imap,
        Protocol::Smtp,
        Protocol::Nntp,
        Protocol::Ews,
        Protocol::Exchange,
        Protocol::Other("JMAP".into()),
        Protocol::Other("Web \"DAV\"\\\n日本".into()),
        Protocol::Other(String::new()),
    ] {
        let mut got = b"head".to_vec();
        protocol(&mut got, &p);
        let mut want = b"head".to_vec();
        emit::lower_string(&mut want, p.label());
        assert_eq!(got, want, "{p:?}");
    }
}
