//! `maillint rules` and `maillint explain`.

use super::args::{ExplainArgs, OutputFormat, RulesArgs};
use super::{EXIT_OK, EXIT_USAGE, resolve_lang};
use crate::catalogue::Catalogue;
use crate::policy::Policy;
use crate::tables::Ui;

pub fn rules(args: &RulesArgs) -> i32 {
    let lang = resolve_lang(args.lang);
    let catalogue = Catalogue::embedded();
    match args.format {
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
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
        OutputFormat::Human => print!("{}", rules_table(catalogue, lang)),
    }
    EXIT_OK
}

/// The human list of rules: code, name, severity (in the user's words),
/// summary. Columns are as wide as their longest entry, counted in terminal
/// cells (a Japanese severity is two cells a character), so a long name never
/// pushes its summary out of line.
fn rules_table(catalogue: &Catalogue, lang: crate::i18n::Lang) -> String {
    use unicode_width::UnicodeWidthStr;
    let rows: Vec<[&str; 5]> = catalogue
        .rules
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
    let catalogue = Catalogue::embedded();
    let Some(rule) = catalogue.find(&args.query) else {
        // Not a rule: an error code or a bounce text (the knowledge base).
        return super::support::explain_knowledge(args);
    };
    let policy = match args.policy.as_deref().map(Policy::load) {
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => {
            eprintln!("maillint: {e}");
            return EXIT_USAGE;
        }
        None => None,
    };
    let (sev, refs, faq, doc) = (
        Ui::ExplainDefaultSeverity.get(lang),
        Ui::ExplainReferences.get(lang),
        Ui::ExplainFaq.get(lang),
        Ui::ExplainDocumentation.get(lang),
    );
    println!("{} {}: {}", rule.code, rule.name, rule.summary.get(lang));
    println!("({sev}: {})", rule.severity.label());
    if let Some(fix) = rule.fix {
        let text = match fix {
            crate::fix::Applicability::Safe => Ui::ExplainFixSafe,
            crate::fix::Applicability::Unsafe => Ui::ExplainFixUnsafe,
        };
        println!("{}", text.get(lang));
    }
    println!();
    println!("{}", rule.explanation.get(lang).trim_end());
    if let Some(p) = &policy {
        let pages = p.faq_for(rule.code);
        if !pages.is_empty() {
            println!();
            println!("{faq} ({}):", p.name);
            for u in pages {
                println!("  {u}");
            }
        }
    }
    if !rule.references.is_empty() {
        println!();
        println!("{refs}:");
        for r in rule.references {
            println!("  {r}");
        }
    }
    println!();
    println!("{doc}: {}", rule.doc_path());
    EXIT_OK
}
