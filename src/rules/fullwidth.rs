//! ML101 fullwidth-character: full-width twins of ASCII in values that must be ASCII.

use unicode_normalization::UnicodeNormalization;

use super::{Emitter, FieldName, Finding};
use crate::catalogue::{FullwidthCharacter, fullwidth_character};
use crate::fix::Edit;
use crate::source::Located;
use crate::syntax::{fold_typed, wide_chars};

/// Labels shown at most per value; a value typed wholly in full width would
/// otherwise list every character.
const MAX_LABELS: usize = 8;

/// Report full-width characters in `value`. Returns true when any was found,
/// so that syntax rules look at the folded text instead of repeating it.
pub fn check_value(
    value: &Located<crate::model::Str>,
    field: FieldName<'_>,
    em: &mut Emitter,
) -> bool {
    let wide = wide_chars(&value.value);
    let runs = runs(&wide);
    let Some(first) = runs.first() else {
        return false;
    };
    let mut f = Finding::new(FullwidthCharacter, value.span)
        .arg("field", field)
        .arg("value", &value.value)
        .arg("char", first.chars.clone())
        .arg("suggestion", fold_typed(&value.value))
        .fix([half_width(value)]);
    if value.verbatim {
        for run in runs.into_iter().take(MAX_LABELS) {
            f = f.label(
                value.sub_span(run.range.clone()),
                fullwidth_character::Label::Char,
                vec![
                    ("char", run.chars),
                    ("codepoint", run.codepoints),
                    ("ascii", run.ascii),
                ],
            );
        }
    }
    em.emit(f);
    true
}

/// The safe fix: the value in NFKC, when that is all printable ASCII (a look-alike NFKC
/// keeps, such as `ー` for `-`, is the user's to decide), without the blanks
/// around it that a full-width space becomes: an address, a host or a user
/// name never means them.
fn half_width(value: &Located<crate::model::Str>) -> Option<Edit> {
    let nfkc: String = value.value.nfkc().collect();
    let fixed = nfkc.trim_matches(|c: char| c.is_ascii_whitespace());
    // Printable ASCII without blanks: a space NFKC makes inside the value
    // (`hanako　@example.jp`) would leave it as wrong as before.
    let valid = !fixed.is_empty() && fixed.chars().all(|c| c.is_ascii_graphic());
    valid
        .then(|| Edit::set(value, &crate::model::Str::from(fixed)))
        .flatten()
}

/// Adjacent full-width characters, labelled as one run (`ｓａｌｅｓ` → `sales`).
struct Run {
    range: std::ops::Range<usize>,
    chars: String,
    codepoints: String,
    ascii: String,
}

fn runs(wide: &[crate::syntax::WideChar]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for w in wide {
        let code = format!("{:04X}", w.ch as u32);
        match out.last_mut() {
            Some(r) if r.range.end == w.range.start => {
                r.range.end = w.range.end;
                r.chars.push(w.ch);
                r.codepoints.push_str(&format!(" U+{code}"));
                r.ascii.push_str(&w.ascii);
            }
            _ => out.push(Run {
                range: w.range.clone(),
                chars: w.ch.to_string(),
                codepoints: format!("U+{code}"),
                ascii: w.ascii.clone(),
            }),
        }
    }
    out
}
