//! `maillint rules` and `maillint explain` (rules; error codes, bounce texts
//! and what a customer says happened are `support::explain_knowledge`; the
//! FAQ's decision tree is `tree.rs`).

use std::fmt::Write as _;

use super::args::{ExplainArgs, OutputFormat, RulesArgs};
use super::{EXIT_OK, EXIT_USAGE, resolve_lang, usage_error};
use crate::catalogue::{Catalogue, RuleInfo};
use crate::i18n::Lang;
use crate::policy::Policy;
use crate::tables::Ui;

pub fn rules(args: &RulesArgs) -> i32 {
    let lang = resolve_lang(args.lang);
    let catalogue = Catalogue::embedded();
    let text = match args.format {
        OutputFormat::Json => {
            let list: Vec<serde_json::Value> = catalogue
                .rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity,
                        "family": r.family,
                        "fix": r.fix,
                        "summary": r.summary.get(lang),
                    })
                })
                .collect();
            json_text(&list)
        }
        OutputFormat::Human => rules_table(catalogue.rules, lang),
    };
    write(&text)
}

/// The query's words joined (`explain 550 5.1.1 User unknown` needs no
/// quotes).
pub fn query(args: &ExplainArgs) -> String {
    args.query.join(" ")
}

/// The human list of rules: code, name, severity (in the user's words),
/// summary. Columns are as wide as their longest entry, counted in terminal
/// cells (a Japanese severity is two cells a character), so a long name never
/// pushes its summary out of line.
fn rules_table(rules: &[RuleInfo], lang: Lang) -> String {
    use unicode_width::UnicodeWidthStr;
    let rows: Vec<[&str; 5]> = rules
        .iter()
        .map(|r| {
            // A fix is marked as ruff marks it: safe, or unsafe.
            let fix = match r.fix {
                Some(crate::fix::Applicability::Safe) => Ui::RulesFixSafe.get(lang),
                Some(crate::fix::Applicability::Unsafe) => Ui::RulesFixUnsafe.get(lang),
                None => "",
            };
            let severity = severity_word(r.severity).get(lang);
            [r.code, r.name, severity, fix, r.summary.get(lang)]
        })
        .collect();
    let widths: Vec<usize> = (0..4)
        .map(|i| rows.iter().map(|row| row[i].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        for (cell, w) in row.iter().zip(&widths) {
            out.push_str(cell);
            out.push_str(&" ".repeat(w.saturating_sub(cell.width()) + 2));
        }
        out.push_str(row[4]);
        out.push('\n');
    }
    out
}

/// A severity as the user reads it (`エラー`, not `error`, in Japanese).
pub fn severity_word(s: crate::diagnostics::Severity) -> Ui {
    match s {
        crate::diagnostics::Severity::Error => Ui::NounErrorOne,
        crate::diagnostics::Severity::Warning => Ui::NounWarningOne,
        crate::diagnostics::Severity::Info => Ui::NounInfoOne,
    }
}

pub fn explain(args: &ExplainArgs) -> i32 {
    let lang = resolve_lang(args.lang);
    let q = query(args);
    if args.tree || q.trim().is_empty() {
        return write(&super::tree::render(lang, args.format));
    }
    let catalogue = Catalogue::embedded();
    let Some(rule) = catalogue.find(&q) else {
        // Not a rule: an error code, a bounce text, what happened.
        return super::support::explain_knowledge(args);
    };
    let policy = match args.policy.as_deref().map(Policy::load) {
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => return usage_error(e),
        None => None,
    };
    let pages: Vec<String> = policy
        .as_ref()
        .map(|p| p.faq_for(rule.code).to_vec())
        .unwrap_or_default();
    let text = match args.format {
        OutputFormat::Json => json_text(&serde_json::json!({
            "kind": "rule",
            "code": rule.code,
            "name": rule.name,
            "severity": rule.severity,
            "family": rule.family,
            "fix": rule.fix,
            "summary": rule.summary.get(lang),
            "explanation": rule.explanation.get(lang).trim_end(),
            "references": rule.references,
            "faq": pages,
            "policy": policy.as_ref().map(|p| p.name.clone()),
            "documentation": rule.doc_path(),
        })),
        OutputFormat::Human => rule_text(rule, lang, policy.as_ref(), &pages),
    };
    write(&text)
}

fn rule_text(rule: &RuleInfo, lang: Lang, policy: Option<&Policy>, pages: &[String]) -> String {
    let (sev, refs, faq, doc) = (
        Ui::ExplainDefaultSeverity.get(lang),
        Ui::ExplainReferences.get(lang),
        Ui::ExplainFaq.get(lang),
        Ui::ExplainDocumentation.get(lang),
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}: {}",
        rule.code,
        rule.name,
        rule.summary.get(lang)
    );
    let _ = writeln!(out, "({sev}: {})", rule.severity.label());
    if let Some(fix) = rule.fix {
        let text = match fix {
            crate::fix::Applicability::Safe => Ui::ExplainFixSafe,
            crate::fix::Applicability::Unsafe => Ui::ExplainFixUnsafe,
        };
        let _ = writeln!(out, "{}", text.get(lang));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", rule.explanation.get(lang).trim_end());
    if let (Some(p), false) = (policy, pages.is_empty()) {
        let _ = writeln!(out);
        let _ = writeln!(out, "{faq} ({}):", p.name);
        for u in pages {
            let _ = writeln!(out, "  {u}");
        }
    }
    if !rule.references.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{refs}:");
        for r in rule.references {
            let _ = writeln!(out, "  {r}");
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{doc}: {}", rule.doc_path());
    out
}

/// Pretty JSON with a final line break.
pub fn json_text<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

/// Write to standard output (a closed pipe ends quietly).
pub fn write(text: &str) -> i32 {
    match super::output::write_stdout(text) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("maillint: {}", crate::escape::controls(&e.to_string()));
            EXIT_USAGE
        }
    }
}
