//! "Did you mean": the candidate nearest to what the user typed, for
//! subcommands, rule selectors, policy names, configuration keys, `explain`
//! queries, template placeholders and typo'd domains. One measure for all,
//! from `strsim` (optimal string alignment: a swap of two neighbours is one
//! edit, so `gmial` is one edit from `gmail`).

/// Edits between `a` and `b` (insert, delete, substitute, swap neighbours),
/// over characters.
pub fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// How many edits a word of this length may be from a candidate and still
/// be a likely typing mistake: one for short words, a third of the length
/// for longer ones (`explian` → `explain`, `spa-enabld` → `spa-enabled`).
pub fn allowed_edits(word: &str) -> usize {
    (word.chars().count() / 3).max(1)
}

/// The candidates within [`allowed_edits`] of `word` (compared without
/// regard to ASCII case), nearest first, ties in the candidates' order.
pub fn ranked<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let w = word.to_ascii_lowercase();
    let max = allowed_edits(&w);
    let mut scored: Vec<(usize, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| (distance(&w, &c.to_ascii_lowercase()), i, c))
        .filter(|(d, _, _)| *d <= max)
        .collect();
    scored.sort_by_key(|(d, i, _)| (*d, *i));
    let mut out: Vec<&str> = Vec::new();
    for (_, _, c) in scored {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The nearest candidate, if one is close enough.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    ranked(word, candidates).into_iter().next()
}

/// ` (did you mean 'X'?)` or nothing, to follow the word in an error line.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates)
        .map(|c| format!(" (did you mean '{c}'?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_mistakes_find_their_word() {
        let cmds = [
            "check", "rules", "explain", "discover", "report", "diagnose",
        ];
        assert_eq!(closest("explian", cmds), Some("explain"));
        assert_eq!(closest("dicsover", cmds), Some("discover"));
        assert_eq!(closest("Rule", cmds), Some("rules"));
        assert_eq!(closest("templates", cmds), None);
        assert_eq!(distance("gmial", "gmail"), 1);
        assert_eq!(
            closest("spa-enabld", ["spa-enabled", "smtp-port-25"]),
            Some("spa-enabled")
        );
        assert_eq!(
            did_you_mean("kaora", ["generic", "koara"]),
            " (did you mean 'koara'?)"
        );
        assert_eq!(did_you_mean("zzzzz", ["generic", "koara"]), "");
    }
}
