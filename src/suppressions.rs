//! After the rules: drop the findings that the files' own `maillint: ignore`
//! comments or the configuration's `per-file-ignores` switch off, and report
//! each comment that switched off nothing (ML002 unused-suppression).
//!
//! This works for any reader: it sees only [`Document::suppressions`] and the
//! diagnostics' primary spans. A comment matches a finding when the finding's
//! rule is listed (code, code prefix, name or `ALL`; an empty list means every
//! rule) and the finding's primary span lies inside the comment's target (same
//! file), or anywhere in the file for `ignore-file`.

use crate::catalogue::{UnusedSuppression, unused_suppression};
use crate::config::PerFileIgnores;
use crate::diagnostics::Diagnostic;
use crate::model::{Document, Suppression};
use crate::rules::{Context, Emitter, Finding, selector_matches};
use crate::source::SourceMap;

/// Filter `diagnostics` and add ML002 for unused suppressions.
pub fn apply(
    documents: &[Document],
    diagnostics: Vec<Diagnostic>,
    sources: &SourceMap,
    ctx: &Context,
    ignores: &PerFileIgnores,
) -> Vec<Diagnostic> {
    let all: Vec<&Suppression> = documents.iter().flat_map(|d| &d.suppressions).collect();
    let mut used = vec![false; all.len()];
    // Filtered in place: a second list of every finding was as big as the
    // first (issue 15).
    let mut kept = diagnostics;
    kept.retain(|d| {
        if per_file_ignored(d, sources, ignores) {
            return false;
        }
        let mut suppressed = false;
        for (i, s) in all.iter().enumerate() {
            if covers(s, d) && names(s, d.code, d.name) {
                used[i] = true;
                suppressed = true;
            }
        }
        !suppressed
    });

    // Unused comments, each remembered with the comment it came from so that
    // an explicit `ignore ML002` elsewhere can still silence it.
    let mut candidates: Vec<(usize, Diagnostic)> = Vec::new();
    for (i, s) in all.iter().enumerate() {
        for d in unused_findings(s, used[i], ctx) {
            candidates.push((i, d));
        }
    }
    let mut silenced_by_ml002 = vec![false; all.len()];
    let mut reported = Vec::new();
    for (origin, d) in candidates {
        if per_file_ignored(&d, sources, ignores) {
            continue;
        }
        let mut suppressed = false;
        for (j, s) in all.iter().enumerate() {
            if j != origin && !s.rules.is_empty() && covers(s, &d) && names(s, d.code, d.name) {
                silenced_by_ml002[j] = true;
                suppressed = true;
            }
        }
        if !suppressed {
            reported.push((origin, d));
        }
    }
    // A comment that silenced an ML002 was used after all.
    kept.extend(
        reported
            .into_iter()
            .filter(|(origin, _)| !silenced_by_ml002[*origin])
            .map(|(_, d)| d),
    );
    crate::diagnostics::sort(&mut kept);
    kept
}

fn per_file_ignored(d: &Diagnostic, sources: &SourceMap, ignores: &PerFileIgnores) -> bool {
    !ignores.is_empty()
        && sources
            .get(d.span.source)
            .is_some_and(|f| ignores.is_ignored(&f.path, d.code, d.name))
}

/// Whether the finding's primary span lies in what the comment covers.
fn covers(s: &Suppression, d: &Diagnostic) -> bool {
    if s.comment.source != d.span.source {
        return false;
    }
    match s.target {
        None => true,
        Some(t) => {
            t.source == d.span.source
                && !t.is_empty()
                && d.span.start >= t.start
                && d.span.end <= t.end
        }
    }
}

/// Whether the comment lists the rule.
fn names(s: &Suppression, code: &str, name: &str) -> bool {
    s.rules.is_empty() || s.rules.iter().any(|r| selector_matches(r, code, name))
}

/// The ML002 findings for one comment: unknown rule names always, and
/// "suppresses nothing" when it was unused although one of its rules ran.
fn unused_findings(s: &Suppression, used: bool, ctx: &Context) -> Vec<Diagnostic> {
    let mut em = Emitter::new(ctx);
    let catalogue = ctx.catalogue;
    if s.in_value {
        em.emit(
            Finding::new(UnusedSuppression, s.comment)
                .variant(unused_suppression::Message::InValue)
                .help(unused_suppression::Help::InValue),
        );
        return em.finish();
    }
    let unknown: Vec<&str> = s
        .rules
        .iter()
        .map(String::as_str)
        .filter(|r| {
            !catalogue
                .rules
                .iter()
                .any(|rule| selector_matches(r, rule.code, rule.name))
        })
        .collect();
    if !unknown.is_empty() {
        em.emit(
            Finding::new(UnusedSuppression, s.comment)
                .variant(unused_suppression::Message::UnknownRule)
                .arg("rules", unknown.join(", ")),
        );
    }
    // A comment whose rules were all switched off by the selection may well
    // be needed when they run again: it is not reported.
    let any_ran = s.rules.is_empty()
        || catalogue.rules.iter().any(|rule| {
            ctx.selection.is_enabled(rule.code, rule.name)
                && s.rules
                    .iter()
                    .any(|r| selector_matches(r, rule.code, rule.name))
        });
    if !used && any_ran {
        let rules = if s.rules.is_empty() {
            em.label_text(unused_suppression::Label::AllRules, &[])
        } else {
            s.rules.join(", ")
        };
        let variant = if s.target.is_none() {
            unused_suppression::Message::File
        } else {
            unused_suppression::Message::Default
        };
        let mut f = Finding::new(UnusedSuppression, s.comment)
            .variant(variant)
            .help(unused_suppression::Help::Default)
            .arg("rules", rules);
        // Show what the comment covers, so that a misplaced one is obvious.
        if let Some(t) = s.target.filter(|t| !t.is_empty()) {
            f = f.label(t, unused_suppression::Label::Covers, Vec::new());
        }
        em.emit(f);
    }
    em.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::diagnostics::Severity;
    use crate::i18n::Lang;
    use crate::model::{Client, Format};
    use crate::policy::Policy;
    use crate::rules::Selection;
    use crate::source::{SourceId, Span};
    use std::collections::BTreeMap;

    fn diag(code: &'static str, name: &'static str, start: usize) -> Diagnostic {
        Diagnostic {
            code,
            name,
            severity: Severity::Error,
            message: String::new(),
            span: Span::new(SourceId(0), start, start + 2),
            label: None,
            labels: Vec::new(),
            help: None,
            faq: Default::default(),
            account: None,
            fix: None,
            account_level: false,
        }
    }

    fn sup(rules: &[&str], target: Option<(usize, usize)>) -> Suppression {
        Suppression {
            rules: rules.iter().map(|r| r.to_string()).collect(),
            reason: None,
            comment: Span::new(SourceId(0), 0, 1),
            target: target.map(|(a, b)| Span::new(SourceId(0), a, b)),
            in_value: false,
        }
    }

    fn run(sups: Vec<Suppression>, diags: Vec<Diagnostic>, selection: &Selection) -> Vec<String> {
        let doc = Document {
            client: Client::Thunderbird,
            format: Format("prefs-js"),
            sources: vec![SourceId(0)],
            accounts: Vec::new(),
            problems: Vec::new(),
            skipped: Vec::new(),
            suppressions: sups,
            secrets: Vec::new(),
            file_problems: Vec::new(),
        };
        let policy = Policy::generic();
        let severities = BTreeMap::new();
        let ctx = Context {
            catalogue: Catalogue::embedded(),
            policy: &policy,
            lang: Lang::En,
            selection,
            severities: &severities,
            docs_base_url: None,
            online: None,
        };
        apply(
            &[doc],
            diags,
            &SourceMap::new(),
            &ctx,
            &PerFileIgnores::default(),
        )
        .iter()
        .map(|d| format!("{}@{}", d.code, d.span.start))
        .collect()
    }

    #[test]
    fn targets_rules_and_unused() {
        let all = Selection::default();
        // Suppressed inside the target, by code prefix; kept outside it.
        let out = run(
            vec![sup(&["ML4"], Some((10, 20)))],
            vec![
                diag("ML401", "smtp-port-25", 12),
                diag("ML401", "smtp-port-25", 30),
            ],
            &all,
        );
        assert_eq!(out, vec!["ML401@30"]);
        // By name, file-level.
        let out = run(
            vec![sup(&["spa-enabled"], None)],
            vec![diag("ML301", "spa-enabled", 50)],
            &all,
        );
        assert!(out.is_empty());
        // Wrong rule: the finding stays and the comment is unused.
        let out = run(
            vec![sup(&["ML101"], Some((10, 20)))],
            vec![diag("ML401", "smtp-port-25", 12)],
            &all,
        );
        assert_eq!(out, vec!["ML002@0", "ML401@12"]);
        // Unknown names are reported; rules switched off are not "unused".
        let out = run(vec![sup(&["ML999"], Some((10, 20)))], vec![], &all);
        assert_eq!(out, vec!["ML002@0"]);
        let no_ml1 = Selection::new(vec![], vec!["ML1".into()], Catalogue::embedded())
            .expect("valid selection");
        let out = run(vec![sup(&["ML101"], Some((10, 20)))], vec![], &no_ml1);
        assert!(out.is_empty());
    }
}
