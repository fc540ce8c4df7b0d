//! The text of an inline suppression directive, shared by every reader that
//! has comments. Readers find their comments and the element that follows;
//! this only reads what the comment says, and [`attach`] turns the
//! directives into [`Suppression`]s that target what follows each comment.

use crate::model::Suppression;
use crate::source::Span;

/// A parsed `maillint: ignore ...` directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Codes or names; empty means every rule.
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// `ignore-file`: the whole file.
    pub file_level: bool,
}

/// Read a directive from a comment's text (without the comment markers):
/// `maillint: ignore ML401, spa-enabled -- reason`,
/// `maillint: ignore-file ML1 -- reason`. Anything else is not a directive.
pub fn parse_directive(comment: &str) -> Option<Directive> {
    let rest = comment.trim().strip_prefix("maillint:")?.trim_start();
    let (file_level, rest) = if let Some(r) = rest.strip_prefix("ignore-file") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix("ignore") {
        (false, r)
    } else {
        return None;
    };
    // `ignore` must be a whole word.
    if rest.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    // The reason follows `--` (prefs.js, INI) or ` - `, the form for XML,
    // where `--` inside a comment makes the file not well-formed.
    let separator = [("--", 2), (" - ", 3)]
        .iter()
        .filter_map(|(sep, len)| rest.find(sep).map(|i| (i, *len)))
        .min();
    let (list, reason) = match separator {
        Some((i, len)) => (
            &rest[..i],
            Some(rest[i + len..].trim().to_string()).filter(|r| !r.is_empty()),
        ),
        None => (rest, None),
    };
    let rules = list
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    Some(Directive {
        rules,
        reason,
        file_level,
    })
}

/// The suppressions made by `comments` (each its span and its text without
/// the comment markers). A directive targets the first of `items` (the
/// file's statements, keys, sections or elements, each with everything in it)
/// that starts after the comment; `ignore-file` targets the whole file. A
/// directive with nothing after it targets an empty span, so that it is
/// reported as unused.
pub fn attach<'a>(
    comments: impl IntoIterator<Item = (Span, &'a str)>,
    items: &[Span],
) -> Vec<Suppression> {
    attach_in(None, comments, items)
}

/// [`attach`] for a format whose comments may end a line (prefs.js): a
/// directive after an item on the same line covers that line, from the
/// start of the first item that ends there up to the comment, as ruff's
/// `# noqa` does (`user_pref("...port", 25); // maillint: ignore ML401`).
/// `text` is the file's text, to see where lines break.
pub fn attach_lines<'a>(
    text: &str,
    comments: impl IntoIterator<Item = (Span, &'a str)>,
    items: &[Span],
) -> Vec<Suppression> {
    attach_in(Some(text), comments, items)
}

/// The part of the line before `comment` that items on it cover, if the
/// comment ends a line that holds an item (nothing but blanks after it).
fn line_before(text: &str, comment: Span, items: &[Span]) -> Option<Span> {
    if !ends_line(text, comment.end as usize) {
        return None;
    }
    let head = text.get(..comment.start as usize)?;
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    let start = items
        .iter()
        .filter(|i| {
            i.source == comment.source && i.end <= comment.start && i.end as usize > line_start
        })
        .map(|i| i.start)
        .min()?;
    Some(Span {
        start,
        end: comment.start,
        ..comment
    })
}

/// Whether only blanks follow `offset` up to the end of its line.
pub fn ends_line(text: &str, offset: usize) -> bool {
    let rest = text.get(offset..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("");
    line.trim().is_empty()
}

fn attach_in<'a>(
    file_text: Option<&str>,
    comments: impl IntoIterator<Item = (Span, &'a str)>,
    items: &[Span],
) -> Vec<Suppression> {
    let mut items: Vec<Span> = items.to_vec();
    // Outer items first when two start together (a section before its key).
    items.sort_by(|a, b| (a.start, b.end).cmp(&(b.start, a.end)));
    comments
        .into_iter()
        .filter_map(|(comment, text)| {
            let d = parse_directive(text)?;
            let trailing = file_text.and_then(|t| line_before(t, comment, &items));
            let target = if d.file_level {
                None
            } else if trailing.is_some() {
                trailing
            } else {
                // The items are sorted by start: those starting after the
                // comment follow a binary search (a file with a directive
                // per account searched every item for each: issue 15).
                let after = items.partition_point(|i| i.start < comment.end);
                Some(
                    items[after..]
                        .iter()
                        .find(|i| i.source == comment.source)
                        .copied()
                        .unwrap_or(Span {
                            start: comment.end,
                            ..comment
                        }),
                )
            };
            Some(Suppression {
                rules: d.rules,
                reason: d.reason,
                comment,
                target,
                in_value: false,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    #[test]
    fn attach_targets_the_next_item() {
        let sp = |a, b| Span::new(SourceId(0), a, b);
        let items = [sp(20, 30), sp(5, 9), sp(20, 60)];
        let s = attach(
            [
                (sp(0, 4), "maillint: ignore ML401"),
                (sp(10, 19), " maillint: ignore-file -- all of it"),
                (sp(12, 18), "maillint: ignore"),
                (sp(61, 70), "maillint: ignore ML1"),
                (sp(71, 80), "an ordinary comment"),
            ],
            &items,
        );
        let targets: Vec<_> = s.iter().map(|s| s.target).collect();
        assert_eq!(
            targets,
            vec![Some(sp(5, 9)), None, Some(sp(20, 60)), Some(sp(70, 70))]
        );
        assert_eq!(s[1].reason.as_deref(), Some("all of it"));
    }

    #[test]
    fn directives() {
        assert_eq!(
            parse_directive(" maillint: ignore ML401, spa-enabled -- company relay on 25 "),
            Some(Directive {
                rules: vec!["ML401".into(), "spa-enabled".into()],
                reason: Some("company relay on 25".into()),
                file_level: false
            })
        );
        assert_eq!(
            parse_directive("maillint: ignore-file").map(|d| (d.file_level, d.rules.len())),
            Some((true, 0))
        );
        assert_eq!(parse_directive("maillint: ignored ML401"), None);
        // The XML form: ` - ` before the reason; names keep their hyphens.
        assert_eq!(
            parse_directive(" maillint: ignore spa-enabled - relay needs it "),
            Some(Directive {
                rules: vec!["spa-enabled".into()],
                reason: Some("relay needs it".into()),
                file_level: false
            })
        );
        assert_eq!(parse_directive("just a comment"), None);
    }
}
