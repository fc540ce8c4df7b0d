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
        OutputFormat::Human => {
            for r in catalogue.rules {
                // A fix is marked as ruff marks it: safe, or unsafe.
                let fix = r.fix.map_or("", |a| a.label());
                println!(
                    "{:<6} {:<26} {:<8} {:<7} {}",
                    r.code,
                    r.name,
                    r.severity.label(),
                    fix,
                    r.summary.get(lang)
                );
            }
        }
    }
    EXIT_OK
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
