//! What is wrong in a TOML file the user wrote (a policy file or
//! `.maillint.toml`), kept typed so that it is said in the language of the
//! run: where (line and column), what kind of mistake, and the key or value
//! as the file writes it. Under English the parser's own detail is kept;
//! under Japanese a Japanese sentence says the same (`rules/ui.toml`,
//! `[toml]`), never the parser's English.

use crate::i18n::Lang;
use crate::source::LineIndex;
use crate::tables::Ui;

/// A problem in a TOML file: where it is, what it is, and the parser's own
/// words (English).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TomlProblem {
    /// Byte offset in the file.
    pub offset: usize,
    pub line: usize,
    pub column: usize,
    pub kind: TomlKind,
    /// The parser's message (serde's and toml's English), one line.
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TomlKind {
    /// A key the table does not have; the keys it has.
    UnknownKey { name: String, known: Vec<String> },
    /// A value of another kind than the key takes (`max-warnings = "many"`).
    WrongType {
        key: Option<String>,
        value: String,
        found: ValueKind,
        expected: ValueKind,
    },
    /// A required key is not there.
    MissingKey { name: String },
    /// A word that is not one of the values the key takes.
    UnknownValue { value: String, allowed: Vec<String> },
    /// The same key twice.
    DuplicateKey { name: String },
    /// Not TOML at all (a broken table header, a missing quote), near
    /// this text of the file.
    Syntax { what: Syntax, near: Option<String> },
    /// Anything else the parser refuses.
    Invalid,
}

/// What kind of TOML writing mistake (from the parser's message).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    String,
    Header,
    Array,
    InlineTable,
    /// A line that is not `name = value`.
    Key,
    /// Something after the value on its line.
    Trailing,
    Other,
}

impl Syntax {
    fn of(msg: &str) -> Syntax {
        let first = msg.lines().next().unwrap_or("");
        if first.contains("string") {
            Syntax::String
        } else if first.contains("table header") {
            Syntax::Header
        } else if first.contains("inline table") {
            Syntax::InlineTable
        } else if first.contains("array") {
            Syntax::Array
        } else if first.contains("invalid key") || first.contains("`=`") {
            Syntax::Key
        } else if first.contains("expected newline") {
            Syntax::Trailing
        } else {
            Syntax::Other
        }
    }

    fn ui(self) -> Ui {
        match self {
            Syntax::String => Ui::TomlSyntaxString,
            Syntax::Header => Ui::TomlSyntaxHeader,
            Syntax::Array => Ui::TomlSyntaxArray,
            Syntax::InlineTable => Ui::TomlSyntaxInlineTable,
            Syntax::Key => Ui::TomlSyntaxKey,
            Syntax::Trailing => Ui::TomlSyntaxTrailing,
            Syntax::Other => Ui::TomlSyntax,
        }
    }
}

/// The kinds of TOML value, as the user knows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    String,
    Integer,
    /// An unsigned integer (`usize`, `u32`...).
    WholeNumber,
    Number,
    Boolean,
    Array,
    Table,
    Date,
    Other,
}

impl ValueKind {
    fn ui(self) -> Ui {
        match self {
            ValueKind::String => Ui::TomlKindString,
            ValueKind::Integer => Ui::TomlKindInteger,
            ValueKind::WholeNumber => Ui::TomlKindWholeNumber,
            ValueKind::Number => Ui::TomlKindNumber,
            ValueKind::Boolean => Ui::TomlKindBoolean,
            ValueKind::Array => Ui::TomlKindArray,
            ValueKind::Table => Ui::TomlKindTable,
            ValueKind::Date => Ui::TomlKindDate,
            ValueKind::Other => Ui::TomlKindOther,
        }
    }

    /// serde's "found" words: `string "x"`, `integer `3``, `sequence`, `map`...
    fn found(s: &str) -> ValueKind {
        let s = s.trim();
        let first = s.split([' ', '`', '"']).next().unwrap_or("");
        match first {
            "string" | "char" => ValueKind::String,
            "integer" => ValueKind::Integer,
            "floating" => ValueKind::Number,
            "boolean" => ValueKind::Boolean,
            "sequence" => ValueKind::Array,
            "map" | "struct" => ValueKind::Table,
            _ if s.contains("datetime") => ValueKind::Date,
            _ => ValueKind::Other,
        }
    }

    /// serde's "expected" words: `usize`, `a string`, `struct HostPolicy`...
    fn expected(s: &str) -> ValueKind {
        let s = s.trim().trim_start_matches("a ").trim_start_matches("an ");
        match s {
            "usize" | "u8" | "u16" | "u32" | "u64" | "u128" => ValueKind::WholeNumber,
            "isize" | "i8" | "i16" | "i32" | "i64" | "i128" | "integer" => ValueKind::Integer,
            "f32" | "f64" | "floating point" => ValueKind::Number,
            "bool" | "boolean" => ValueKind::Boolean,
            "sequence" => ValueKind::Array,
            "map" => ValueKind::Table,
            _ if s.starts_with("struct ") => ValueKind::Table,
            _ if s.contains("string") || s == "char" => ValueKind::String,
            _ if s.contains("datetime") => ValueKind::Date,
            _ => ValueKind::Other,
        }
    }
}

impl TomlProblem {
    /// Classify the parser's error over the file's `text`.
    pub fn from_error(e: &toml::de::Error, text: &str) -> TomlProblem {
        let span = e.span();
        let offset = span.as_ref().map(|s| s.start).unwrap_or(0).min(text.len());
        let p = LineIndex::new(text).position(text, offset);
        let msg = e.message().trim();
        let quoted = span
            .as_ref()
            .and_then(|s| text.get(s.clone()))
            .map(short)
            .filter(|s| !s.is_empty());
        TomlProblem {
            offset,
            line: p.line,
            column: p.column,
            kind: classify(msg, quoted, text, offset),
            detail: msg.replace('`', "'").lines().collect::<Vec<_>>().join("; "),
        }
    }

    /// What is wrong, in `lang` (without the position, which the caller
    /// puts first as `path:line:column:`).
    pub fn message(&self, lang: Lang) -> String {
        if let TomlKind::UnknownKey { name, known } = &self.kind {
            // Both languages: the key, the likely one, the keys there are.
            let hint = did_you_mean(lang, name, known.iter().map(String::as_str));
            let mut s = Ui::TomlUnknownKey.fill(lang, &[("name", name.clone()), ("hint", hint)]);
            if !known.is_empty() {
                s.push_str(&Ui::TomlKnownKeys.fill(lang, &[("known", list(lang, known))]));
            }
            return s;
        }
        if lang == Lang::En {
            return self.detail.clone();
        }
        match &self.kind {
            TomlKind::UnknownKey { .. } => String::new(),
            TomlKind::WrongType {
                key,
                value,
                found,
                expected,
            } => {
                let mut args = vec![
                    ("value", format!("「{value}」")),
                    ("found", found.ui().get(lang).to_string()),
                    ("expected", expected.ui().get(lang).to_string()),
                ];
                match key {
                    Some(k) => {
                        args.push(("key", k.clone()));
                        Ui::TomlWrongType.fill(lang, &args)
                    }
                    None => Ui::TomlWrongTypeNokey.fill(lang, &args),
                }
            }
            TomlKind::MissingKey { name } => {
                Ui::TomlMissingKey.fill(lang, &[("name", name.clone())])
            }
            TomlKind::UnknownValue { value, allowed } => {
                let mut s = Ui::TomlUnknownValue.fill(lang, &[("value", value.clone())]);
                if !allowed.is_empty() {
                    s.push_str(
                        &Ui::TomlAllowedValues.fill(lang, &[("values", list(lang, allowed))]),
                    );
                }
                s
            }
            TomlKind::DuplicateKey { name } => {
                Ui::TomlDuplicateKey.fill(lang, &[("name", name.clone())])
            }
            TomlKind::Syntax { what, near } => {
                let mut s = what.ui().get(lang).to_string();
                if let Some(near) = near {
                    s.push_str(&Ui::TomlNear.fill(lang, &[("text", near.clone())]));
                }
                s
            }
            TomlKind::Invalid => Ui::TomlInvalid.get(lang).to_string(),
        }
    }
}

/// ` (did you mean 'X'?)` in `lang`, or nothing.
pub fn did_you_mean<'a>(
    lang: Lang,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    crate::suggest::closest(word, candidates)
        .map(|near| Ui::CliDidYouMean.fill(lang, &[("near", near.to_string())]))
        .unwrap_or_default()
}

/// Names listed in `lang`: `a, b, c` in English, 「a」「b」「c」 in Japanese.
pub fn list<S: AsRef<str>>(lang: Lang, names: &[S]) -> String {
    match lang {
        Lang::En => names
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(", "),
        Lang::Ja => names
            .iter()
            .map(|n| format!("「{}」", n.as_ref()))
            .collect(),
    }
}

/// The words between backticks of a serde message (`a`, `b` → [a, b]).
fn ticked(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn classify(msg: &str, quoted: Option<String>, text: &str, offset: usize) -> TomlKind {
    let first_tick = |rest: &str| rest.split('`').next().unwrap_or("").to_string();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let name = first_tick(rest);
        let known = rest
            .split_once(',')
            .map(|(_, t)| ticked(t))
            .unwrap_or_default();
        return TomlKind::UnknownKey { name, known };
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        return TomlKind::MissingKey {
            name: first_tick(rest),
        };
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let value = first_tick(rest);
        let allowed = rest
            .split_once(',')
            .map(|(_, t)| ticked(t))
            .unwrap_or_default();
        return TomlKind::UnknownValue { value, allowed };
    }
    // `policy::limits`: "unknown authentication method 'x': use one of a, b".
    if let Some(rest) = msg.strip_prefix("unknown authentication method '") {
        let (value, tail) = rest.split_once('\'').unwrap_or((rest, ""));
        let allowed = tail
            .split_once("use one of")
            .map(|(_, names)| names.split(',').map(|n| n.trim().to_string()).collect())
            .unwrap_or_default();
        return TomlKind::UnknownValue {
            value: value.to_string(),
            allowed,
        };
    }
    if let Some((_, rest)) = msg.split_once("duplicate key `") {
        return TomlKind::DuplicateKey {
            name: first_tick(rest),
        };
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
            let value = quoted
                .clone()
                .unwrap_or_else(|| found.split_once(' ').map_or("", |(_, v)| v).to_string());
            return TomlKind::WrongType {
                key: key_before(text, offset),
                value: value.trim_matches('`').to_string(),
                found: ValueKind::found(found),
                expected: ValueKind::expected(expected),
            };
        }
    }
    if msg.starts_with("invalid length") || msg.starts_with("data did not match") {
        return TomlKind::Invalid;
    }
    TomlKind::Syntax {
        what: Syntax::of(msg),
        near: line_at(text, offset),
    }
}

/// The line of `offset`, quoted short, if it has any text.
fn line_at(text: &str, offset: usize) -> Option<String> {
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    Some(short(&text[start..end])).filter(|s| !s.is_empty())
}

/// The key written before `=` on the line of `offset`, if any.
fn key_before(text: &str, offset: usize) -> Option<String> {
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let (key, _) = text.get(start..offset)?.split_once('=')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then(|| key.to_string())
}

/// A short quote of the file's text: its first line, at most 40 characters.
fn short(s: &str) -> String {
    let line = s.trim().lines().next().unwrap_or("").trim();
    match line.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}
