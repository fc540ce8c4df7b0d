//! The effective preferences of a profile: later prefs override earlier ones,
//! `user.js` overrides `prefs.js`, as Thunderbird applies them.

use crate::catalogue::ParseKind;
use std::collections::HashMap;

use super::prefs::{Pref, PrefValue};
use crate::model::ParseProblem;
use crate::source::{Located, Span};

struct PrefixInfo {
    first: Span,
    secret_stored: bool,
}

pub struct PrefTable {
    prefs: Vec<Pref>,
    by_name: HashMap<String, usize>,
    /// For every dotted prefix of an effective pref's name (`mail.`,
    /// `mail.server.`, `mail.server.server1.`): the first statement under it
    /// and whether a non-empty secret is stored under it. Built once, so that
    /// assembling many accounts stays linear.
    by_prefix: HashMap<String, PrefixInfo>,
    /// Type and value problems found while reading values.
    pub problems: Vec<ParseProblem>,
    /// Each file's line break, for prefs a fix adds.
    pub newlines: Vec<(crate::source::SourceId, &'static str)>,
}

impl PrefTable {
    /// `files` in the order Thunderbird applies them.
    pub fn new(files: Vec<Vec<Pref>>) -> Self {
        let prefs: Vec<Pref> = files.into_iter().flatten().collect();
        let mut by_name = HashMap::with_capacity(prefs.len());
        for (i, p) in prefs.iter().enumerate() {
            by_name.insert(p.name.clone(), i);
        }
        let mut by_prefix: HashMap<String, PrefixInfo> = HashMap::new();
        for (i, p) in prefs.iter().enumerate() {
            if by_name.get(&p.name) != Some(&i) {
                continue; // overridden by a later pref of the same name
            }
            let stored = matches!(&p.value, PrefValue::String(v) if !v.is_empty());
            for (dot, _) in p.name.match_indices('.') {
                let (prefix, rest) = p.name.split_at(dot + 1);
                // Most prefixes are there already: allocate only a new one.
                if !by_prefix.contains_key(prefix) {
                    by_prefix.insert(
                        prefix.to_string(),
                        PrefixInfo {
                            first: p.statement,
                            secret_stored: false,
                        },
                    );
                }
                let Some(info) = by_prefix.get_mut(prefix) else {
                    continue;
                };
                if (p.statement.source, p.statement.start) < (info.first.source, info.first.start) {
                    info.first = p.statement;
                }
                if stored && crate::secrets::is_secret_name(rest) {
                    info.secret_stored = true;
                }
            }
        }
        PrefTable {
            prefs,
            by_name,
            by_prefix,
            problems: Vec::new(),
            newlines: Vec::new(),
        }
    }

    /// `v`, a client default for the pref `name` that no statement sets,
    /// with where a fix would add it: a `user_pref` line after the statement
    /// `after` (the server's own first pref; Thunderbird reads prefs in any
    /// order and sorts them when it writes the file).
    pub fn insertable<T: 'static>(
        &self,
        v: Located<T>,
        after: Span,
        name: String,
        literal: fn(&T) -> Option<String>,
    ) -> Located<T> {
        if after.is_empty() {
            // No statement to follow: the file has none for this server.
            return v;
        }
        let nl = self
            .newlines
            .iter()
            .find(|(id, _)| *id == after.source)
            .map_or("\n", |(_, nl)| *nl);
        let name = js_string_content(&name);
        v.with_insert(Span::new(after.source, after.end, after.end), move |x| {
            literal(x).map(|l| format!("{nl}user_pref(\"{name}\", {l});"))
        })
    }

    pub fn get(&self, name: &str) -> Option<&Pref> {
        self.by_name.get(name).map(|&i| &self.prefs[i])
    }

    /// The statement of the first effective pref whose name starts with
    /// `prefix` (a prefix ending in `.`).
    pub fn first_with_prefix(&self, prefix: &str) -> Option<Span> {
        self.by_prefix.get(prefix).map(|i| i.first)
    }

    fn wrong_type(&mut self, pref: &Pref, _expected: &'static str) {
        self.problems.push(ParseProblem {
            kind: ParseKind::WrongType,
            span: pref.value_span,
            detail: Some(pref.name.clone()),
            related: Vec::new(),
        });
    }

    /// A string pref; a pref of another type is reported and ignored, as
    /// Thunderbird's typed getters ignore it.
    pub fn string(&mut self, name: &str) -> Option<Located<String>> {
        let pref = self.get(name)?.clone();
        match &pref.value {
            PrefValue::String(s) => Some(
                Located::file(s.clone(), pref.value_span)
                    .with_verbatim(pref.verbatim)
                    .with_rewrite(|v| Some(js_string_content(v))),
            ),
            _ => {
                self.wrong_type(&pref, "a string");
                None
            }
        }
    }

    pub fn int(&mut self, name: &str) -> Option<Located<i64>> {
        let pref = self.get(name)?.clone();
        match pref.value {
            // A negative value's span starts after its sign: write only
            // over a plain positive integer.
            PrefValue::Int(v) if v >= 0 => Some(
                Located::file(i64::from(v), pref.value_span).with_rewrite(|n| {
                    i32::try_from(*n)
                        .ok()
                        .filter(|n| *n >= 0)
                        .map(|n| n.to_string())
                }),
            ),
            PrefValue::Int(v) => Some(Located::file(i64::from(v), pref.value_span)),
            _ => {
                self.wrong_type(&pref, "an integer");
                None
            }
        }
    }

    pub fn bool(&mut self, name: &str) -> Option<Located<bool>> {
        let pref = self.get(name)?.clone();
        match pref.value {
            PrefValue::Bool(v) => {
                Some(Located::file(v, pref.value_span).with_rewrite(|b| Some(b.to_string())))
            }
            _ => {
                self.wrong_type(&pref, "true or false");
                None
            }
        }
    }

    /// A value of `<branch>.<key>.<field>`, else of the branch-wide
    /// `<branch>.default.<field>` that Thunderbird falls back to.
    pub fn server_int(&mut self, branch: &str, key: &str, field: &str) -> Option<Located<i64>> {
        self.int(&format!("{branch}.{key}.{field}"))
            .or_else(|| self.int(&format!("{branch}.default.{field}")).map(shared))
    }

    pub fn server_bool(&mut self, branch: &str, key: &str, field: &str) -> Option<Located<bool>> {
        self.bool(&format!("{branch}.{key}.{field}"))
            .or_else(|| self.bool(&format!("{branch}.default.{field}")).map(shared))
    }

    /// A comma-separated list of keys, as Thunderbird splits it: trimmed,
    /// empty entries and repeats dropped.
    pub fn key_list(&mut self, name: &str) -> Vec<String> {
        let Some(list) = self.string(name) else {
            return Vec::new();
        };
        let mut keys: Vec<String> = Vec::new();
        for k in list
            .value
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
        {
            if !keys.iter().any(|x| x == k) {
                keys.push(k.to_string());
            }
        }
        keys
    }

    /// Whether any effective pref under `prefix` names a password and holds
    /// something. The value is never read out.
    pub fn has_password_under(&self, prefix: &str) -> bool {
        self.by_prefix.get(prefix).is_some_and(|i| i.secret_stored)
    }
}

/// A value of the branch-wide `default` pref: every server uses it, so a fix
/// for one server must not write it.
fn shared<T>(mut v: Located<T>) -> Located<T> {
    v.rewrite = None;
    v
}

/// `value` as the content of a prefs.js string literal (between its double
/// quotes), escaped so that Mozilla's parser reads `value` back:
/// `\\`, `\"` and control characters as `\uXXXX`.
pub fn js_string_content(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}
