//! `--diff`: what `--fix` would change, as a unified diff of the decoded text
//! (`patch` applies it to the text; for a UTF-16 or Shift_JIS file, to the
//! text as maillint decodes it).

use similar::TextDiff;

/// A unified diff from `old` to `new` with three lines of context, both sides
/// named `path` (as ruff and `git diff` show one file changed in place).
/// Empty when nothing changes.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(path, path)
        .to_string()
}

#[cfg(test)]
mod tests;
