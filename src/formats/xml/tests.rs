use super::*;

const S: SourceId = SourceId(0);

#[test]
fn spans_of_elements_text_and_attributes() {
    let x = "<?xml version=\"1.0\"?>\n<a id=\"x&amp;y\"><b> hi </b><!-- maillint: ignore ML401 - r --><c/></a>";
    let t = parse(x, S);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    let root = t.root().expect("root");
    assert_eq!(root.name, "a");
    let b = root.child("b").and_then(|b| b.text).expect("text");
    assert_eq!(&x[b.span.range()], "hi");
    assert!(b.verbatim);
    let id = root.attr("id").expect("id");
    assert_eq!(id.value, "x&y");
    assert_eq!(&x[id.span.range()], "x&amp;y");
    assert!(!id.verbatim);
    let sup = t.suppressions();
    assert_eq!(sup.len(), 1);
    let target = sup[0].target.expect("target");
    assert_eq!(&x[target.range()], "<c/>");
}

#[test]
fn not_well_formed_is_one_problem() {
    for x in [
        "<a><b></a>",
        "<a x=\"1&2\"/>",
        "<a>&amP;</a>",
        "<a>",
        "",
        "<a/><b/>",
    ] {
        let t = parse(x, S);
        assert_eq!(t.problems.len(), 1, "{x}: {:?}", t.problems);
        let p = &t.problems[0];
        assert!(p.span.end as usize <= x.len(), "{x}");
    }
}

/// The fast path's tree and the reference parser's (quick-xml) for `x`, as
/// text; the fast one is `None` where it leaves the file to quick-xml.
fn both(x: &str) -> (String, Option<String>) {
    let reference = format!("{:?}", build::parse(x, S));
    let fast = scan::parse(x, S).map(|t| format!("{t:?}"));
    (reference, fast)
}

/// Where the fast path reads a file, it reads it as quick-xml does.
fn assert_same(x: &str) -> bool {
    let (reference, fast) = both(x);
    if let Some(fast) = &fast {
        assert_eq!(fast, &reference, "the fast path differs on {x:?}");
    }
    fast.is_some()
}

#[test]
fn fast_path_reads_plain_markup_as_quick_xml() {
    for x in [
        "<?xml version=\"1.0\"?>\n<a b=\"1\" c='2'>\n  <d>t &amp; u</d>\n</a>\n",
        "<a\tb = \"1\"\nc=\"x'y\"/>",
        "<a x=\"1\"y=\"2\"/>",
        "<a b=\">\"><c/></a >",
        "<a:b xmlns:a=\"u\"><a:c>é</a:c></a:b>",
        "<a><!----><!-- c --><b/><!-- maillint: ignore ML401 - r --></a>",
        "<a><b>1</b> <!-- maillint: ignore ML401 - r -->\n<c/></a>",
        "<a>x<!-- c -->y</a>",
        "<a b=\"&#x41;&lt;\"/>",
        // Attributes read by the fast path: a prefix, `&` first, last or
        // in the middle, a value with `&` and the other quote.
        "<a p:b=\"x&amp;y\" c='&lt;' d=\"x&amp;\" e='\"&quot;' f:g:h=\"v\"/>",
        "<?pi data?><a/><?pi?>",
        "<??><a/>",
        "  <a/>  ",
        "<a><b/><c></c><d x=\"1\"/></a\n>",
        "<a><b></b\t></a>",
        // Elements with only text, read in one step.
        "<a><b>  </b><c> x y </c><d></d><e>\n</e></a>",
        "<a><b>\u{a0}x\u{3000}</b><c>\u{a0}</c><d>\u{b}x\u{c}</d></a>",
        "<a><b k=\"v\"> x </b><c>x&amp;y</c><d>x</d ><e>x<f/></e></a>",
        "<a><!-- c --><b>x</b><!-- maillint: ignore ML401 - r --><p:c>y</p:c></a>",
        "<a>x</a>",
        "<a>é<b>ü</b>ß</a>",
        // Document type declarations, skipped as quick-xml skips them.
        "<!DOCTYPE a><a/>",
        "<!doctype a><a/>",
        "<?xml version=\"1.0\"?>\n<!DoCtYpE\ta PUBLIC \"-//A//B//EN\" \"http://x/y.dtd\">\n<a/>",
        "<!DOCTYPE a [<!ENTITY x \"y\"><!ELEMENT a (#PCDATA)>]><a>z</a>",
        "<!DOCTYPEa><a/>",
        "<a><!DOCTYPE b></a>",
        // Attributes read in the same pass as the tag's end.
        "<a x = '1'\ty=\"2\" ><b x=\"a>b\" y='\"'/><c\n/><d x='1' /></a>",
        // Comments waiting for an element read whole or an empty one (the
        // list of waiting comments emptied and used again).
        "<!-- c --><!-- d --><a>x</a>",
        "<a><!-- c --><!-- d --><b>x</b><!-- e --><c/><!-- f --><d>y</d></a>",
        "<a><b>x</b><!-- maillint: ignore ML401 - r -->\n<!-- g --><c k=\"1\">y</c></a>",
        "<a><!-- c --><b><c>x</c></b><!-- d --><e/>\n<f>y</f> <!-- h --></a>",
        // Names with several `:` or one at an end.
        "<a:b:c><d:e>x</d:e></a:b:c>",
    ] {
        assert!(assert_same(x), "{x:?} left to quick-xml");
    }
    // Read alike where the fast path reads them at all.
    for x in ["<:a><b:>x</b:></:a>", "<a::b>x</a::b>", "<a:>x</a:>"] {
        assert_same(x);
    }
}

#[test]
fn fast_path_leaves_the_rest_to_quick_xml() {
    for x in [
        "",
        "<a>",
        "<a></b>",
        "</a>",
        "<a/><b/>",
        "<a/>text",
        "<a x=\"1\" x=\"2\"/>",
        "<a x=1/>",
        "<a x/>",
        "<a x=\"1/>",
        "<a>&bad;</a>",
        "<a b=\"&bad;\"/>",
        "<a>&</a>",
        "<?><a/>",
        "<a><!-- a -- b --></a>",
        "<a><!-- maillint: ignore ML401 -- r --></a>",
        "<a><![CDATA[x]]></a>",
        "<!DOCTYPE><a/>",
        "<!DOCTYPE \t><a/>",
        "<!DOCTYP a><a/>",
        "<!Dx><a/>",
        "<!DOCTYPE a",
        "<!DOCTYPE a [<b>",
        "\u{feff}<a/>",
        "<>",
        "< a/>",
        "<a",
        "<a/><",
        "<a><!-",
        "<a><!x></a>",
        "<a\"b\">x</a\"b\">",
        "<a></a x=\"1\">",
        "<a><b></a></b>",
        "<a =\"1\"/>",
        "<a x=\"1\" / >",
        "<a x=\"1\"/ >",
        "<a x>y</a>",
        "<a x=\"1\" x='1'>y</a>",
    ] {
        assert!(!assert_same(x), "{x:?} read by the fast path");
    }
    let deep = "<a>".repeat(200) + &"</a>".repeat(200);
    assert!(!assert_same(&deep));
    // The nesting limit applies to an element with only text, and only
    // past it.
    for (depth, fast) in [(128, false), (127, true)] {
        let x = "<a>".repeat(depth) + "<b>x</b>" + &"</a>".repeat(depth);
        assert_eq!(assert_same(&x), fast, "{depth}");
    }
}

/// Every XML file of the fixtures and the corpus, and mutations of each (a
/// byte dropped, markup inserted): the fast path never reads one otherwise
/// than quick-xml.
#[test]
fn fast_path_matches_quick_xml_on_files_and_mutations() {
    let root = crate::test_files::root();
    let corpus = crate::test_files::corpus();
    let mut dirs = vec![root.join("fixtures")];
    for d in ["ispdb", "autodiscover", "mobileconfig", "autoconfig"] {
        dirs.push(corpus.join(d));
    }
    let mut files = Vec::new();
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                if text.trim_start().starts_with('<') {
                    files.push(text);
                }
            }
        }
    }
    assert!(files.len() >= 5, "{} files", files.len());
    let inserts = [
        "<", ">", "/", "\"", "'", "=", "&", "!--", "?>", "-->", " ", "<b>", "</", "x",
    ];
    let mut seed = 0x2545_f491_u64;
    let mut fast = 0;
    for text in &files {
        fast += usize::from(assert_same(text));
        for _ in 0..24 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let at =
                crate::source::floor_char_boundary(text, (seed >> 33) as usize % (text.len() + 1));
            let ins = inserts[(seed >> 20) as usize % inserts.len()];
            let mut m = text.clone();
            m.insert_str(at, ins);
            assert_same(&m);
            let mut d = text.clone();
            if let Some(c) = d.get(at..).and_then(|r| r.chars().next()) {
                d.replace_range(at..at + c.len_utf8(), "");
                assert_same(&d);
            }
        }
    }
    // Most clean files take the fast path.
    assert!(fast * 2 > files.len(), "{fast} of {}", files.len());
}

/// The search for the end of an element's text, eight bytes at a time,
/// finds what a plain search finds: the first `<`, or nothing when a `&`
/// comes first, wherever they are in a word and whatever precedes them.
#[test]
fn text_end_search_is_a_plain_search() {
    let plain = |b: &[u8], from: usize| {
        let i = from + b[from..].iter().position(|&c| c == b'<' || c == b'&')?;
        (b[i] == b'<').then_some(i)
    };
    for len in 0..80 {
        for at in 0..=len {
            for (mark, filler) in [
                (b'<', b'a'),
                (b'&', b'a'),
                (b'<', 0x80),
                (b'<', b'='),
                (b'&', b';'),
            ] {
                let mut b = vec![filler; len];
                if at < len {
                    b[at] = mark;
                }
                if at + 3 < len {
                    b[at + 3] = if mark == b'<' { b'&' } else { b'<' };
                }
                for from in [0, 1.min(len), at.min(len)] {
                    assert_eq!(
                        scan::find_lt(&b, from),
                        plain(&b, from),
                        "{b:?} from {from}"
                    );
                }
            }
        }
    }
}

/// `first_texts` finds for each name what `child_text` finds, for every
/// element of every XML file of the corpus and fixtures (and of a few
/// texts with repeated, empty and missing children), with names that are
/// there, repeated, and absent.
#[test]
fn first_texts_is_child_text() {
    let mut texts: Vec<String> = crate::test_files::corpus_and_fixtures()
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter(|t| t.trim_start().starts_with('<'))
        .collect();
    assert!(texts.len() > 100, "{}", texts.len());
    texts.push("<a><b/><b>x</b><c>y</c><c>z</c><d> </d><d>w</d></a>".into());
    texts.push("<a><d>1</d><b>2</b><a>3</a><b/></a>".into());
    let names = [
        ["hostname", "port", "username"],
        ["b", "c", "d"],
        ["b", "b", "zz"],
        ["key", "string", "Server"],
    ];
    let mut elements = 0;
    for text in &texts {
        let tree = parse(text, SourceId(0));
        let Some(root) = tree.root() else { continue };
        let mut stack = vec![root];
        while let Some(el) = stack.pop() {
            elements += 1;
            for n in names {
                let got = el
                    .first_texts(n)
                    .map(|t| t.map(|t| (t.span, t.value.to_string())));
                let want = n.map(|n| el.child_text(n).map(|t| (t.span, t.value.to_string())));
                assert_eq!(got, want, "{n:?} in {:?}", el.start_tag);
            }
            stack.extend(el.children());
        }
    }
    assert!(elements > 1000, "{elements}");
}
