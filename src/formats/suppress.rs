//! The text of an inline suppression directive, shared by every reader that
//! has comments. Readers find their comments and the element that follows;
//! this only reads what the comment says.

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
    let (list, reason) = match rest.find("--") {
        Some(i) => (
            &rest[..i],
            Some(rest[i + 2..].trim().to_string()).filter(|r| !r.is_empty()),
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(parse_directive("just a comment"), None);
    }
}
