//! An entry as plain text for `explain` and `diagnose`, with the policy's
//! FAQ pages.

use super::Entry;
use crate::catalogue::Catalogue;
use crate::i18n::Lang;
use crate::policy::Policy;
use crate::tables::Ui;

/// The FAQ pages a policy has for an entry: its topics and codes, then the
/// pages the policy gives for the rules the entry names.
pub fn policy_pages(entry: &Entry, policy: &Policy) -> Vec<String> {
    let mut pages: Vec<String> = Vec::new();
    let keys = std::iter::once(&entry.id)
        .chain(&entry.topics)
        .chain(&entry.codes);
    for key in keys {
        let hit = policy
            .topics
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[]);
        pages.extend(hit.iter().cloned());
    }
    for code in &entry.rules {
        pages.extend(policy.faq_for(code).iter().cloned());
    }
    let mut seen = std::collections::BTreeSet::new();
    pages.retain(|p| seen.insert(p.clone()));
    pages
}

/// An entry as plain text, for `explain` and `diagnose`.
pub fn render_entry(
    entry: &Entry,
    lang: Lang,
    catalogue: &Catalogue,
    policy: Option<&Policy>,
) -> String {
    let mut out = format!("{}: {}\n", entry.id, entry.title.get(lang));
    if entry.uncertain {
        out.push_str(&format!("{}\n", Ui::KnowledgeUncertain.get(lang)));
    }
    out.push('\n');
    out.push_str(entry.meaning.get(lang).trim_end());
    out.push('\n');
    let mut list = |heading: &str, items: Vec<String>| {
        if !items.is_empty() {
            out.push_str(&format!("\n{heading}:\n"));
            for i in items {
                out.push_str(&format!("  - {i}\n"));
            }
        }
    };
    list(
        Ui::KnowledgeCauses.get(lang),
        entry
            .causes
            .iter()
            .map(|t| t.get(lang).to_string())
            .collect(),
    );
    list(
        Ui::KnowledgeChecks.get(lang),
        entry
            .checks
            .iter()
            .map(|t| t.get(lang).to_string())
            .collect(),
    );
    list(
        Ui::KnowledgeRules.get(lang),
        entry
            .rules
            .iter()
            .map(|code| match catalogue.find(code) {
                Some(r) => format!("{} {}: {}", r.code, r.name, r.summary.get(lang)),
                None => format!("{code} {}", Ui::KnowledgePending.get(lang)),
            })
            .collect(),
    );
    if let Some(p) = policy {
        let pages = policy_pages(entry, p);
        list(
            &format!("{} ({})", Ui::KnowledgeFaq.get(lang), p.name),
            pages,
        );
    }
    list(Ui::KnowledgeReferences.get(lang), entry.references.clone());
    out
}
