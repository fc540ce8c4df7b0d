use super::*;

fn own<'a>(text: &'a str, lines: &'a LineIndex) -> NamedText<'a> {
    NamedText {
        name: "x".into(),
        text: Cow::Borrowed(text),
        lines: Cow::Borrowed(lines),
        first_line: 0,
        shown: None,
    }
}

/// The windowed `read_span` returns what miette's own does on the whole text.
#[test]
fn windowed_read_span_matches_miettes() {
    let mut checked = 0;
    for text in [
        // LF, CRLF with multi-byte text, a lone CR and no final newline.
        include_str!("../../../fixtures/claws/suppressed/.claws-mail/accountrc").to_string(),
        include_str!("../../../fixtures/thunderbird/fullwidth/prefs.js").replace('\n', "\r\n"),
        "a\rb\r\nc\nd".to_string(),
    ] {
        let lines = LineIndex::new(&text);
        let named = own(&text, &lines);
        for start in (0..text.len())
            .step_by(3)
            .filter(|&i| text.is_char_boundary(i))
        {
            for len in [0usize, 1, 5, 40, 300] {
                if start + len > text.len() {
                    continue;
                }
                for ctx in [0usize, 1, 2] {
                    let span = SourceSpan::new(start.into(), len);
                    let a = text.as_str().read_span(&span, ctx, ctx).expect("miette");
                    let b = named.read_span(&span, ctx, ctx).expect("ours");
                    assert_eq!(
                        (a.data(), *a.span(), a.line(), a.column(), a.line_count()),
                        (b.data(), *b.span(), b.line(), b.column(), b.line_count()),
                        "span {start}+{len} ctx {ctx}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100);
}

fn file(text: &str) -> SourceFile {
    SourceFile::from_bytes(crate::source::SourceId(0), "f", text.as_bytes())
}

/// Control characters are shown escaped; a span after them is mapped to
/// the same characters in the shown text, and reads back the file's column.
#[test]
fn escapes_keep_spans_on_their_characters() {
    let f = file("a\n\"h\x1b]0;X\x07\" = \"v\"\nb\n");
    let escapes = escape_points(&f.text);
    let v = f.text.find('v').expect("v");
    let named = NamedText::new(&f, &escapes, &[(v, v + 1)], Lang::En);
    assert!(named.text.contains("\\x1b]0;X\\x07"), "{}", named.text);
    assert!(!named.text.contains('\x1b'));
    let span = named.span(v, v + 1);
    assert_eq!(&named.text[span.offset()..span.offset() + span.len()], "v");
    let read = named.read_span(&span, 0, 0).expect("read");
    assert_eq!((read.line(), read.column()), (1, 13));
}

/// A very long line is shown cut around its span, with the number of
/// characters left out.
#[test]
fn a_long_line_is_cut_around_its_span() {
    let text = format!(
        "k = \"{}X{}\"\nnext\n",
        "a".repeat(100_000),
        "b".repeat(100_000)
    );
    let f = file(&text);
    let x = text.find('X').expect("X");
    let named = NamedText::new(&f, &[], &[(x, x + 1)], Lang::En);
    assert!(named.text.len() < 1000, "{}", named.text.len());
    assert!(named.text.contains("more characters"), "{}", named.text);
    let span = named.span(x, x + 1);
    assert_eq!(&named.text[span.offset()..span.offset() + span.len()], "X");
}

/// The definition [`escape_points`] finds quickly: every character, one
/// by one.
fn escape_points_oracle(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    text.char_indices()
        .filter(|&(i, c)| match c {
            '\r' => bytes.get(i + 1) != Some(&b'\n'),
            '\n' => false,
            c => crate::escape::char_escape(c).is_some(),
        })
        .map(|(i, _)| i)
        .collect()
}

/// The escapes found sixteen bytes at a time are the definition's, on
/// every file of the corpus and of the fixtures.
#[test]
fn escape_points_are_the_definitions_on_the_corpus() {
    let files = crate::test_files::corpus_and_fixtures();
    assert!(!files.is_empty());
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(
            escape_points(&text),
            escape_points_oracle(&text),
            "{}",
            f.display()
        );
    }
}

/// Every character that is escaped or close to one (its lead byte, its
/// neighbours in code points), and CR before and not before LF, at every
/// offset around the sixteen-byte blocks and at the end of the text.
#[test]
fn escape_points_are_the_definitions_at_every_offset() {
    let mut chars: Vec<String> = (0u32..0x80)
        .chain(0x80..0xc0)
        .chain(0x2000..0x2010)
        .chain(0x2028..0x2030)
        .chain(0x2064..0x206b)
        .chain([0x3042, 0xff21, 0x1f600, 0xfeff])
        .filter_map(char::from_u32)
        .map(String::from)
        .collect();
    chars.extend(["\r\n", "\r\r\n", "\n\r", "\u{202e}\r"].map(String::from));
    for c in &chars {
        for pad in 0..40 {
            for tail in [0, 1, 3, 17] {
                let text = format!("{}{c}{}", "a".repeat(pad), "é".repeat(tail));
                assert_eq!(
                    escape_points(&text),
                    escape_points_oracle(&text),
                    "{c:?} after {pad}, {tail} after"
                );
            }
        }
    }
    // Many in one block, and in a row across blocks.
    let dense: String = chars.concat().repeat(3);
    assert_eq!(escape_points(&dense), escape_points_oracle(&dense));
    assert_eq!(escape_points(""), Vec::<usize>::new());
}
