//! "Did you mean": the candidate nearest to what the user typed, for
//! subcommands, rule selectors, policy names, configuration keys, `explain`
//! queries, template placeholders and typo'd domains. One measure for all,
//! from `strsim` (optimal string alignment: a swap of two neighbours is one
//! edit, so `gmial` is one edit from `gmail`).

/// Edits between `a` and `b` (insert, delete, substitute, swap neighbours),
/// over characters.
pub fn distance(a: &str, b: &str) -> usize {
    if a.is_ascii() && b.is_ascii() && b.len() < ROW {
        osa_ascii(a.as_bytes(), b.as_bytes())
    } else {
        strsim::osa_distance(a, b)
    }
}

/// The longest second text [`osa_ascii`] takes (its rows are on the stack).
const ROW: usize = 64;

/// `strsim::osa_distance` of two ASCII texts (a byte is a character), its
/// three rows on the stack: strsim decodes characters and allocates three
/// rows a call, about 40 instructions a cell; a template's unknown
/// placeholder was compared with the four known ones at 7,400 instructions
/// a placeholder (issue 15). The same recurrence, row by row.
fn osa_ascii(a: &[u8], b: &[u8]) -> usize {
    let n = b.len();
    debug_assert!(n < ROW);
    // The first two rows: the distances from the empty text.
    let from_empty: [usize; ROW] = std::array::from_fn(|j| j);
    let mut rows = [from_empty, from_empty, [0; ROW]];
    // The rows of the two characters before this one of `a`, and this one.
    let (mut two, mut prev, mut cur) = (0, 1, 2);
    for (i, &ca) in a.iter().enumerate() {
        rows[cur][0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (rows[cur][j] + 1)
                .min(rows[prev][j + 1] + 1)
                .min(rows[prev][j] + cost);
            // Two neighbours swapped.
            if i > 0 && j > 0 && ca != cb && ca == b[j - 1] && cb == a[i - 1] {
                d = d.min(rows[two][j - 1] + 1);
            }
            rows[cur][j + 1] = d;
        }
        (two, prev, cur) = (prev, cur, two);
    }
    rows[prev][n]
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

    /// The ASCII path gives strsim's distance: every pair of short words
    /// over a small alphabet (swaps, repeats, empty), the placeholders and
    /// their typing mistakes, and texts about the row's length.
    #[test]
    fn ascii_distance_is_strsims() {
        let letters = ["", "a", "b", "ab", "ba", "aab", "abc", "cba", "acb", "bca"];
        let mut words: Vec<String> = Vec::new();
        for x in letters {
            for y in letters {
                words.push(format!("{x}{y}"));
            }
        }
        words.extend(
            [
                "%EMAILADDRESS%",
                "%EMAILADRESS%",
                "%EMIALADDRESS%",
                "%EMAILLOCALPART%",
                "%EMAILDOMAIN%",
                "%REALNAME%",
                "%realname%",
                "gmial",
                "gmail",
            ]
            .map(String::from),
        );
        for n in [62, 63, 64, 65] {
            words.push("ab".repeat(n)[..n].to_string());
            words.push("ba".repeat(n)[..n].to_string());
        }
        words.push("日本".into());
        for a in &words {
            for b in &words {
                assert_eq!(distance(a, b), strsim::osa_distance(a, b), "{a:?} {b:?}");
            }
        }
    }

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
