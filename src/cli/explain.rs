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
    let severity = |s: crate::diagnostics::Severity| severity_word(s).get(lang);
    let name_w = catalogue
        .rules
        .iter()
        .map(|r| r.name.width())
        .max()
        .unwrap_or(0);
    let sev_w = catalogue
        .rules
        .iter()
        .map(|r| severity(r.severity).width())
        .max()
        .unwrap_or(0);
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.width())));
    let mut out = String::new();
    for r in catalogue.rules {
        out.push_str(&format!(
            "{}  {}  {}  {}\n",
            r.code,
            pad(r.name, name_w),
            pad(severity(r.severity), sev_w),
            r.summary.get(lang)
        ));
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
