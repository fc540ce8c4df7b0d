use super::*;

const S: SourceId = SourceId(0);

#[test]
fn spans_of_elements_text_and_attributes() {
    let x = "<?xml version=\"1.0\"?>\n<a id=\"x&amp;y\"><b> hi </b><!-- maillint: ignore ML401 - r --><c/></a>";
    let t = parse(x, S);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    let root = t.root.as_ref().expect("root");
    assert_eq!(root.name, "a");
    let b = root.child("b").and_then(|b| b.text.as_ref()).expect("text");
    assert_eq!(&x[b.span.start..b.span.end], "hi");
    assert!(b.verbatim);
    let id = root.attr("id").expect("id");
    assert_eq!(id.value, "x&y");
    assert_eq!(&x[id.span.start..id.span.end], "x&amp;y");
    assert!(!id.verbatim);
    let sup = t.suppressions();
    assert_eq!(sup.len(), 1);
    let target = sup[0].target.expect("target");
    assert_eq!(&x[target.start..target.end], "<c/>");
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
        assert!(p.span.end <= x.len(), "{x}");
    }
}
