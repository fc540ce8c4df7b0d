//! The FAQ's decision tree (`maillint explain --tree`, or `explain` with no
//! query): an error right after Send, no error and no mail, or a bounce
//! later, each with the maillint command that answers it. The texts are
//! `rules/ui.toml`'s `[tree]`; the knowledge entries named here are checked
//! to exist by a test.

use std::fmt::Write as _;

use super::args::OutputFormat;
use crate::i18n::Lang;
use crate::tables::Ui;

/// One line of the tree: its depth, what the case is, and the command.
struct Node {
    depth: usize,
    text: Ui,
    command: Option<&'static str>,
}

const fn node(depth: usize, text: Ui, command: Option<&'static str>) -> Node {
    Node {
        depth,
        text,
        command,
    }
}

/// The tree, in order.
const TREE: &[Node] = &[
    node(0, Ui::TreeSendError, None),
    node(
        1,
        Ui::TreeSendErrorExplain,
        Some("maillint explain 0x800CCC18"),
    ),
    node(1, Ui::TreeSendErrorCheck, Some("maillint")),
    node(0, Ui::TreeSilent, None),
    node(
        1,
        Ui::TreeSilentExplain,
        Some("maillint explain not-delivered"),
    ),
    node(
        1,
        Ui::TreeFreeMail,
        Some("maillint explain free-mail-spam-filter"),
    ),
    node(
        1,
        Ui::TreeMobile,
        Some("maillint explain mobile-carrier-filter"),
    ),
    node(
        1,
        Ui::TreeOwnDomain,
        Some("maillint explain recipient-own-domain"),
    ),
    node(
        1,
        Ui::TreeMailboxFull,
        Some("maillint explain mailbox-full"),
    ),
    node(
        1,
        Ui::TreeSize,
        Some("maillint explain size-after-encoding"),
    ),
    node(0, Ui::TreeBounce, None),
    node(
        1,
        Ui::TreeBounceDiagnose,
        Some("maillint diagnose bounce.eml"),
    ),
    node(0, Ui::TreeFeatures, None),
    node(
        1,
        Ui::TreeMailingList,
        Some("maillint explain mailing-list"),
    ),
    node(1, Ui::TreeAutoReply, Some("maillint explain auto-reply")),
];

#[cfg(test)]
/// The knowledge entries the tree sends users to (`explain ID`).
pub fn entry_ids() -> Vec<&'static str> {
    TREE.iter()
        .filter_map(|n| n.command?.strip_prefix("maillint explain "))
        .filter(|id| !id.starts_with("0x"))
        .collect()
}

pub fn render(lang: Lang, format: OutputFormat) -> String {
    match format {
        OutputFormat::Json => json(lang),
        OutputFormat::Human => text(lang),
    }
}

fn text(lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", Ui::TreeTitle.get(lang));
    let tops: Vec<usize> = (0..TREE.len()).filter(|&i| TREE[i].depth == 0).collect();
    for (i, n) in TREE.iter().enumerate() {
        let last_top = tops.last().is_some_and(|&t| t <= i);
        let text = n.text.get(lang);
        if n.depth == 0 {
            let branch = if last_top { "└─" } else { "├─" };
            let _ = writeln!(out, "{branch} {text}");
            continue;
        }
        let stem = if last_top { "   " } else { "│  " };
        let last_child = TREE.get(i + 1).is_none_or(|next| next.depth == 0);
        let twig = if last_child { "└─" } else { "├─" };
        match n.command {
            Some(cmd) => {
                let _ = writeln!(out, "{stem}{twig} {text}");
                let pipe = if last_child { "   " } else { "│  " };
                let _ = writeln!(out, "{stem}{pipe}   $ {cmd}");
            }
            None => {
                let _ = writeln!(out, "{stem}{twig} {text}");
            }
        }
    }
    out
}

fn json(lang: Lang) -> String {
    let mut branches: Vec<serde_json::Value> = Vec::new();
    for n in TREE {
        let item = serde_json::json!({
            "case": n.text.get(lang),
            "command": n.command,
        });
        if n.depth == 0 {
            branches.push(serde_json::json!({ "case": n.text.get(lang), "steps": [] }));
        } else if let Some(steps) = branches
            .last_mut()
            .and_then(|b| b.get_mut("steps"))
            .and_then(|s| s.as_array_mut())
        {
            steps.push(item);
        }
    }
    super::explain::json_text(&serde_json::json!({
        "kind": "tree",
        "title": Ui::TreeTitle.get(lang),
        "branches": branches,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::knowledge::Knowledge;

    #[test]
    fn every_entry_the_tree_names_exists() {
        let kb = Knowledge::parse_embedded().expect("parses");
        for id in entry_ids() {
            assert!(kb.entries.iter().any(|e| e.id == id), "{id}");
        }
    }

    #[test]
    fn the_tree_has_its_three_branches_and_commands() {
        let t = text(Lang::En);
        assert!(t.contains("├─ An error appears right after Send"));
        assert!(t.contains("$ maillint diagnose bounce.eml"));
        assert!(t.contains("$ maillint explain not-delivered"));
        let ja = text(Lang::Ja);
        assert!(ja.contains("エラーは表示されないのに、メールが届かない"));
    }
}
