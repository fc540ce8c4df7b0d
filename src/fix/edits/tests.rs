use super::*;
use crate::diagnostics::Severity;

fn diag(code: &'static str, start: usize, end: usize, a: Applicability) -> Diagnostic {
    let span = Span::new(SourceId(0), start, end);
    Diagnostic {
        code,
        name: "x",
        severity: Severity::Error,
        message: String::new(),
        span,
        label: None,
        labels: Vec::new(),
        help: None,
        faq: Default::default(),
        account: None,
        fix: Some(Fix {
            applicability: a,
            edits: vec![Edit {
                span,
                text: code.into(),
            }],
        }),
        account_level: false,
    }
}

#[test]
fn overlapping_fixes_apply_the_first_and_leave_the_other() {
    let ds = vec![
        diag("A", 0, 5, Applicability::Safe),
        diag("B", 3, 8, Applicability::Safe),
        diag("C", 8, 9, Applicability::Safe),
        diag("D", 20, 22, Applicability::Unsafe),
    ];
    let p = plan(&ds, false);
    let codes = |v: &[&Diagnostic]| v.iter().map(|d| d.code).collect::<Vec<_>>();
    assert_eq!(codes(&p.applied), ["A", "C"]);
    assert_eq!(codes(&p.overlapping), ["B"]);
    assert_eq!(codes(&p.unsafe_skipped), ["D"]);
    let p = plan(&ds, true);
    assert_eq!(codes(&p.applied), ["A", "C", "D"]);
}

#[test]
fn an_insertion_next_to_a_replacement_does_not_overlap_it() {
    let ds = vec![
        diag("A", 0, 5, Applicability::Safe),
        diag("B", 5, 5, Applicability::Safe),
    ];
    assert_eq!(plan(&ds, false).applied.len(), 2);
}
