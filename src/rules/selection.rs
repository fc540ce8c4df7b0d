//! Which rules run: `--select`, `--ignore` (codes, code prefixes, names, `ALL`).

use crate::catalogue::Catalogue;

#[derive(Clone, Debug, Default)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
#[error(
    "unknown rule selector '{0}'{hint}: use a code (ML301), a code prefix (ML3), a name (spa-enabled) or ALL",
    hint = did_you_mean(.0, Catalogue::embedded())
)]
pub struct SelectorError(pub String);

/// `; did you mean 'ML301'?` for a selector that names no rule: the nearest
/// code or name (codes for a code, names for a name).
pub fn did_you_mean(selector: &str, catalogue: &Catalogue) -> String {
    let code_like = selector
        .get(..2)
        .is_some_and(|p| p.eq_ignore_ascii_case("ML"));
    let candidates: Vec<&str> = catalogue
        .rules
        .iter()
        .map(|r| if code_like { r.code } else { r.name })
        .collect();
    crate::suggest::did_you_mean(selector, candidates)
}

/// Whether a selector (code, code prefix, name or `ALL`) names this rule.
pub fn matches(selector: &str, code: &str, name: &str) -> bool {
    selector.eq_ignore_ascii_case("ALL")
        || selector.eq_ignore_ascii_case(name)
        || (code.len() >= selector.len() && code[..selector.len()].eq_ignore_ascii_case(selector))
}

impl Selection {
    /// Build a selection; every selector must name at least one rule.
    pub fn new(
        select: Vec<String>,
        ignore: Vec<String>,
        catalogue: &Catalogue,
    ) -> Result<Self, SelectorError> {
        let clean = |v: Vec<String>| -> Result<Vec<String>, SelectorError> {
            let mut out = Vec::new();
            for s in v
                .iter()
                .flat_map(|s| s.split(','))
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                if !catalogue.rules.iter().any(|r| matches(s, r.code, r.name)) {
                    return Err(SelectorError(s.to_string()));
                }
                out.push(s.to_string());
            }
            Ok(out)
        };
        Ok(Selection {
            select: clean(select)?,
            ignore: clean(ignore)?,
        })
    }

    pub fn is_enabled(&self, code: &str, name: &str) -> bool {
        let selected = self.select.is_empty() || self.select.iter().any(|s| matches(s, code, name));
        selected && !self.ignore.iter().any(|s| matches(s, code, name))
    }
}

#[cfg(test)]
mod tests;
