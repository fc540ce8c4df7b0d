//! An entry as plain text for `explain` and `diagnose`, with the policy's
//! FAQ pages.

use super::Entry;
use crate::catalogue::Catalogue;
use crate::i18n::Lang;
use crate::policy::Policy;

/// Headings of an explanation, by language.
struct Words {
    uncertain: &'static str,
    causes: &'static str,
    checks: &'static str,
    rules: &'static str,
    faq: &'static str,
    references: &'static str,
    pending: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            uncertain: "Note: the meaning of this code is not certain; the causes below are likely, not sure.",
            causes: "Likely causes",
            checks: "What to check",
            rules: "maillint rules that detect it",
            faq: "FAQ",
            references: "References",
            pending: "(not in this version of maillint)",
        },
        Lang::Ja => Words {
            uncertain: "ご注意: このコードの意味ははっきりしていません。以下は考えられる原因で、確実ではありません。",
            causes: "考えられる原因",
            checks: "ご確認いただきたいこと",
            rules: "これを検出する maillint のルール",
            faq: "FAQ",
            references: "参考資料",
            pending: "(この版の maillint にはありません)",
        },
    }
}

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
    let w = words(lang);
    let mut out = format!("{}: {}\n", entry.id, entry.title.get(lang));
    if entry.uncertain {
        out.push_str(&format!("{}\n", w.uncertain));
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
        w.causes,
        entry
            .causes
            .iter()
            .map(|t| t.get(lang).to_string())
            .collect(),
    );
    list(
        w.checks,
        entry
            .checks
            .iter()
            .map(|t| t.get(lang).to_string())
            .collect(),
    );
    list(
        w.rules,
        entry
            .rules
            .iter()
            .map(|code| match catalogue.find(code) {
                Some(r) => format!("{} {}: {}", r.code, r.name, r.summary.get(lang)),
                None => format!("{code} {}", w.pending),
            })
            .collect(),
    );
    if let Some(p) = policy {
        let pages = policy_pages(entry, p);
        list(&format!("{} ({})", w.faq, p.name), pages);
    }
    list(w.references, entry.references.clone());
    out
}
