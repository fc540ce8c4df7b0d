use super::*;

fn span(start: usize, end: usize) -> Span {
    Span::new(SourceId(0), start, end)
}

/// A rewrite that captures nothing is made once and shared; one that
/// captures something is its own, and says what its capture says.
#[test]
fn rewrites_that_capture_nothing_are_shared() {
    // One place in a reader's code: one function type, whatever the value.
    let read = |v: i64, at: Span| Located::file(v, at).with_rewrite(|n| Some(n.to_string()));
    let (a, b) = (read(7, span(0, 1)), read(8, span(2, 3)));
    let (ra, rb) = (a.rewrite.clone().unwrap(), b.rewrite.clone().unwrap());
    assert!(std::sync::Arc::ptr_eq(&ra.0, &rb.0));
    assert_eq!(b.write(&9), Some((span(2, 3), "9".to_string())));

    let made: Vec<Located<i64>> = ["x", "y"]
        .into_iter()
        .map(|tag| Located::file(1i64, span(0, 1)).with_rewrite(move |n| Some(format!("{tag}{n}"))))
        .collect();
    assert_eq!(made[0].rewrite_text(&5).as_deref(), Some("x5"));
    assert_eq!(made[1].rewrite_text(&5).as_deref(), Some("y5"));
}

/// `map_back` over a shared rewrite is shared too, and writes through both
/// functions; over a rewrite of its own it keeps that rewrite's capture.
#[test]
fn map_back_writes_through_the_inner_rewrite() {
    let flag = |v: i64| {
        Located::file(v, span(0, 1))
            .with_rewrite(|n| Some(format!("={n}")))
            .map_back(|n| n != 0, |b| Some(i64::from(*b)))
    };
    let (on, off) = (flag(1), flag(0));
    assert!(on.value && !off.value);
    assert_eq!(off.rewrite_text(&true).as_deref(), Some("=1"));
    let (ra, rb) = (on.rewrite.clone().unwrap(), off.rewrite.clone().unwrap());
    assert!(std::sync::Arc::ptr_eq(&ra.0, &rb.0));

    let suffix = String::from("!");
    let own = Located::file(1i64, span(0, 1))
        .with_rewrite(move |n| Some(format!("{n}{suffix}")))
        .map_back(|n| n != 0, |b| Some(i64::from(*b)));
    assert_eq!(own.rewrite_text(&false).as_deref(), Some("0!"));

    let default = Located::default_at(0i64, span(4, 4))
        .with_insert(span(9, 9), |n| Some(format!("k={n}")))
        .map_back(|n| n != 0, |b| Some(i64::from(*b)));
    assert_eq!(default.write(&true), Some((span(9, 9), "k=1".to_string())));
    assert_eq!(default.rewrite_text(&true), None);
}

/// A rewrite and an insert share one field: a value in the file is written
/// over (an insert stated for it changes nothing), a client default is
/// added where its insert says (a rewrite stated for it changes nothing),
/// whatever the order the reader states them in.
#[test]
fn a_value_is_written_over_or_added_never_both() {
    let over = |n: &i64| Some(format!("={n}"));
    let add = |n: &i64| Some(format!("k={n}"));
    let file = |v: Located<i64>| {
        assert_eq!(v.write(&2), Some((span(0, 1), "=2".to_string())));
        assert_eq!(v.rewrite_text(&2).as_deref(), Some("=2"));
    };
    file(
        Located::file(1i64, span(0, 1))
            .with_rewrite(over)
            .with_insert(span(9, 9), add),
    );
    file(
        Located::file(1i64, span(0, 1))
            .with_insert(span(9, 9), add)
            .with_rewrite(over),
    );
    let default = |v: Located<i64>| {
        assert_eq!(v.write(&2), Some((span(9, 9), "k=2".to_string())));
        assert_eq!(v.rewrite_text(&2), None);
    };
    default(
        Located::default_at(1i64, span(0, 1))
            .with_rewrite(over)
            .with_insert(span(9, 9), add),
    );
    default(
        Located::default_at(1i64, span(0, 1))
            .with_insert(span(9, 9), add)
            .with_rewrite(over),
    );

    // An insert alone on a value in the file, a rewrite alone on a default:
    // nothing to write, as before they shared a field.
    let lone_insert = Located::file(1i64, span(0, 1)).with_insert(span(9, 9), add);
    assert_eq!(lone_insert.write(&2), None);
    assert_eq!(lone_insert.rewrite_text(&2), None);
    let lone_rewrite = Located::default_at(1i64, span(0, 1)).with_rewrite(over);
    assert_eq!(lone_rewrite.write(&2), None);

    // Equal values are equal whatever their functions; an insert's place counts.
    let at = |s| Located::default_at(1i64, span(0, 0)).with_insert(s, add);
    assert_eq!(at(span(9, 9)), at(span(9, 9)));
    assert_ne!(at(span(9, 9)), at(span(8, 8)));
}

/// A span's offsets are four bytes (issue 15: 12 bytes a span, not 24) and
/// come back as the `usize`s they were made of, up to the largest text.
#[test]
fn offsets_up_to_the_largest_text_come_back() {
    assert_eq!(std::mem::size_of::<Span>(), 12);
    for (start, end) in [(0, 0), (3, 7), (7, 3), (MAX_TEXT_LEN - 1, MAX_TEXT_LEN)] {
        let s = Span::new(SourceId(1), start, end);
        assert_eq!(s.range(), start..end.max(start));
        assert_eq!(s.len(), end.saturating_sub(start));
        assert_eq!(s.is_empty(), end <= start);
    }
    let a = Span::new(SourceId(2), 5, 9);
    assert_eq!(
        a.to(Span::new(SourceId(2), 1, 6)),
        Span::new(SourceId(2), 1, 9)
    );
}
