//! Build-time code generation for the embedded text data (`build.rs` includes
//! this file; `tests/catalogue_codegen.rs` includes it too, to prove that a
//! broken catalogue or table fails here, before any binary exists).
//!
//! Two generators, one mechanism:
//! - [`catalogue`]: `rules/catalogue/*.toml` becomes `enum Rule`, one unit
//!   struct and one module of typed message, help and label keys per rule,
//!   and a `static` table of `RuleInfo`. A misspelt rule, variant or label is
//!   then a compile error, and nothing is parsed at run time.
//! - [`text_table`]: any table of `key = { en = "…", ja = "…" }` (sub-tables
//!   nest keys with `.`) becomes one typed key enum with static texts.
//!
//! Both reject, with the file and key named: TOML that does not parse, an
//! unknown field, a text without its English or Japanese, an empty text.
//! Only `toml` is used (no derive), so the build script compiles quickly.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use toml::{Table, Value};

/// One text in both languages with the placeholders either names.
struct Text {
    en: String,
    ja: String,
}

impl Text {
    fn placeholders(&self) -> Vec<String> {
        let mut set = BTreeSet::new();
        for t in [&self.en, &self.ja] {
            set.extend(placeholders(t));
        }
        set.into_iter().collect()
    }

    fn literal(&self) -> String {
        format!("StaticText {{ en: {:?}, ja: {:?} }}", self.en, self.ja)
    }

    /// Both texts split into pieces (see [`pieces`]), as Rust.
    fn pieces_literal(&self) -> String {
        format!(
            "Pieces {{ en: {}, ja: {} }}",
            pieces_literal(&self.en),
            pieces_literal(&self.ja)
        )
    }
}

/// One piece of a template: literal text, or the name between `{` and `}`.
#[derive(Debug, PartialEq)]
pub enum Piece<'a> {
    Lit(&'a str),
    Slot(&'a str),
}

/// A template split as `i18n::fill` reads it, once, at build time (issue 15:
/// filling then parses nothing): text up to a `{`, the name up to the next
/// `}`, and so on; a `{` with no `}` after it is literal text to the end.
/// Adjacent literal text is one piece.
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut lit_start = 0;
    let mut pos = 0;
    while let Some(open) = template[pos..].find('{').map(|i| pos + i) {
        let Some(close) = template[open + 1..].find('}').map(|i| open + 1 + i) else {
            break;
        };
        if lit_start < open {
            out.push(Piece::Lit(&template[lit_start..open]));
        }
        out.push(Piece::Slot(&template[open + 1..close]));
        pos = close + 1;
        lit_start = pos;
    }
    if lit_start < template.len() {
        out.push(Piece::Lit(&template[lit_start..]));
    }
    out
}

fn pieces_literal(template: &str) -> String {
    let parts: Vec<String> = pieces(template)
        .iter()
        .map(|p| match p {
            Piece::Lit(s) => format!("Piece::Lit({s:?})"),
            Piece::Slot(s) => format!("Piece::Slot({s:?})"),
        })
        .collect();
    format!("&[{}]", parts.join(", "))
}

/// The `{name}` placeholders of a template (what `i18n::fill` fills).
pub fn placeholders(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            out.push(name.to_string());
        }
        rest = &after[close + 1..];
    }
    out
}

fn text(v: &Value, at: &str) -> Result<Text, String> {
    let t = v
        .as_table()
        .ok_or_else(|| format!("{at}: expected a table {{ en = \"…\", ja = \"…\" }}"))?;
    for k in t.keys() {
        if k != "en" && k != "ja" {
            return Err(format!("{at}: unknown language `{k}` (en and ja only)"));
        }
    }
    let lang = |l: &str| -> Result<String, String> {
        match t.get(l) {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
            Some(Value::String(_)) => Err(format!("{at}: the {l} text is empty")),
            Some(_) => Err(format!("{at}: the {l} text is not a string")),
            None => Err(format!("{at}: no {l} text")),
        }
    };
    Ok(Text {
        en: lang("en")?,
        ja: lang("ja")?,
    })
}

/// `expected-close-paren` → `ExpectedCloseParen`, `incoming_host` → `IncomingHost`.
pub fn camel(key: &str) -> String {
    let mut out = String::new();
    for part in key.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'K');
    }
    out
}

fn snake(key: &str) -> String {
    key.replace('-', "_")
}

fn is_key(k: &str) -> bool {
    !k.is_empty()
        && k.starts_with(|c: char| c.is_ascii_lowercase())
        && k.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// A table of keyed texts (`message`, `help`, `labels`): sorted by key.
fn keyed(v: Option<&Value>, at: &str) -> Result<BTreeMap<String, Text>, String> {
    let Some(v) = v else {
        return Ok(BTreeMap::new());
    };
    let t = v
        .as_table()
        .ok_or_else(|| format!("{at}: expected a table"))?;
    let mut out = BTreeMap::new();
    let mut names = BTreeSet::new();
    for (k, v) in t {
        if !is_key(k) {
            return Err(format!("{at}.{k}: keys are lower-case words joined by '-'"));
        }
        if !names.insert(camel(k)) {
            return Err(format!("{at}.{k}: two keys give the same Rust name"));
        }
        out.insert(k.clone(), text(v, &format!("{at}.{k}"))?);
    }
    Ok(out)
}

struct Rule {
    code: String,
    name: String,
    severity: &'static str,
    family: String,
    summary: Text,
    explanation: Text,
    message: BTreeMap<String, Text>,
    help: BTreeMap<String, Text>,
    labels: BTreeMap<String, Text>,
    references: Vec<String>,
    /// `Some("Safe")` or `Some("Unsafe")`: the rule has a fix, applied by
    /// `--fix`, or only with `--unsafe-fixes`.
    fix: Option<&'static str>,
}

const RULE_FIELDS: &[&str] = &[
    "code",
    "name",
    "severity",
    "summary",
    "explanation",
    "message",
    "help",
    "labels",
    "references",
    "fix",
];

fn string(t: &Table, key: &str, at: &str) -> Result<String, String> {
    match t.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(format!("{at}: `{key}` is not a string")),
        None => Err(format!("{at}: no `{key}`")),
    }
}

fn rule(t: &Table, family: &str, at: &str) -> Result<Rule, String> {
    for k in t.keys() {
        if !RULE_FIELDS.contains(&k.as_str()) {
            return Err(format!("{at}: unknown field `{k}`"));
        }
    }
    let code = string(t, "code", at)?;
    let at = format!("{at} ({code})");
    let valid_code =
        code.len() == 5 && code.starts_with("ML") && code[2..].chars().all(|c| c.is_ascii_digit());
    if !valid_code {
        return Err(format!("{at}: a code is ML and three digits"));
    }
    let name = string(t, "name", &at)?;
    if !is_key(&name) || name.contains('_') {
        return Err(format!("{at}: the name `{name}` is not kebab-case"));
    }
    let severity = match string(t, "severity", &at)?.as_str() {
        "error" => "Error",
        "warning" => "Warning",
        "info" => "Info",
        s => return Err(format!("{at}: unknown severity `{s}`")),
    };
    let summary = text(
        t.get("summary").ok_or(format!("{at}: no summary"))?,
        &format!("{at}.summary"),
    )?;
    let explanation = text(
        t.get("explanation")
            .ok_or(format!("{at}: no explanation"))?,
        &format!("{at}.explanation"),
    )?;
    let message = keyed(t.get("message"), &format!("{at}.message"))?;
    if !message.contains_key("default") {
        return Err(format!("{at}: no default message"));
    }
    let help = keyed(t.get("help"), &format!("{at}.help"))?;
    let labels = keyed(t.get("labels"), &format!("{at}.labels"))?;
    let references = match t.get("references") {
        None => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or(format!("{at}: a reference is not a string"))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(format!("{at}: references is not a list")),
    };
    let fix = match t.get("fix").map(|v| v.as_str()) {
        None => None,
        Some(Some("safe")) => Some("Safe"),
        Some(Some("unsafe")) => Some("Unsafe"),
        Some(_) => return Err(format!("{at}: `fix` is \"safe\" or \"unsafe\"")),
    };
    Ok(Rule {
        fix,
        code,
        name,
        severity,
        family: family.to_string(),
        summary,
        explanation,
        message,
        help,
        labels,
        references,
    })
}

fn parse_catalogue(files: &[(String, String)]) -> Result<Vec<Rule>, String> {
    let mut rules = Vec::new();
    for (file, src) in files {
        let at = format!("rules/catalogue/{file}");
        let table: Table = src.parse().map_err(|e| format!("{at}: {e}"))?;
        for k in table.keys() {
            if k != "family" && k != "rules" {
                return Err(format!("{at}: unknown field `{k}`"));
            }
        }
        let family = string(&table, "family", &at)?;
        let list = table
            .get("rules")
            .and_then(Value::as_array)
            .ok_or(format!("{at}: no [[rules]]"))?;
        for (i, r) in list.iter().enumerate() {
            let t = r
                .as_table()
                .ok_or(format!("{at}: rules[{i}] is not a table"))?;
            rules.push(rule(t, &family, &format!("{at}: rules[{i}]"))?);
        }
    }
    if rules.is_empty() {
        return Err("rules/catalogue: no rules".into());
    }
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    for w in rules.windows(2) {
        if w[0].code == w[1].code {
            return Err(format!("rules/catalogue: {} is defined twice", w[0].code));
        }
    }
    let mut names = BTreeSet::new();
    for r in &rules {
        if !names.insert(r.name.clone()) {
            return Err(format!(
                "rules/catalogue: the name {} is used twice",
                r.name
            ));
        }
    }
    Ok(rules)
}

fn entries(out: &mut String, map: &BTreeMap<String, Text>) {
    out.push_str("&[");
    for (k, t) in map {
        let ph: Vec<String> = t.placeholders().iter().map(|p| format!("{p:?}")).collect();
        let _ = write!(
            out,
            "Entry {{ key: {k:?}, text: {}, placeholders: &[{}], pieces: {} }}, ",
            t.literal(),
            ph.join(", "),
            t.pieces_literal()
        );
    }
    out.push(']');
}

/// One key enum of a rule (`Message`, `Help`, `Label`).
fn key_enum(out: &mut String, name: &str, marker: &str, rule: &str, map: &BTreeMap<String, Text>) {
    let variants: Vec<String> = map.keys().map(|k| camel(k)).collect();
    let _ = writeln!(
        out,
        "    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\n    pub enum {name} {{ {} }}",
        variants.join(", ")
    );
    let arms: String = variants
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{name}::{v} => {i}, "))
        .collect();
    let _ = writeln!(
        out,
        "    impl super::Key for {name} {{ const RULE: super::Rule = super::Rule::{rule}; \
         fn index(self) -> usize {{ match self {{ {arms} }} }} \
         fn key(self) -> &'static str {{ super::Rule::{rule}.info().{}[self.index()].key }} }}\n    impl super::{marker} for {name} {{}}",
        match name {
            "Message" => "messages",
            "Help" => "help",
            _ => "labels",
        }
    );
}

/// The Rust source for the catalogue: `enum Rule`, `static RULES`, and one
/// unit struct (implementing `RuleSpec`) and one module of keys per rule.
/// The including module provides `Severity`, `StaticText`, `RuleInfo`,
/// `Entry`, `Pieces`, `Piece`, `RuleSpec`, `Key`, `MessageKey`, `HelpKey` and `LabelKey`.
pub fn catalogue(files: &[(String, String)]) -> Result<String, String> {
    let rules = parse_catalogue(files)?;
    let mut out =
        String::from("// Generated by build.rs from rules/catalogue/*.toml. Do not edit.\n\n");
    out.push_str("/// Every rule of the catalogue, in code order.\n");
    out.push_str(
        "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub enum Rule {\n",
    );
    for r in &rules {
        let _ = writeln!(
            out,
            "    /// {} {}\n    {},",
            r.code,
            r.name,
            camel(&r.name)
        );
    }
    out.push_str("}\n\nimpl Rule {\n");
    let _ = writeln!(out, "    pub const ALL: [Rule; {}] = [", rules.len());
    for r in &rules {
        let _ = writeln!(out, "        Rule::{},", camel(&r.name));
    }
    out.push_str("    ];\n\n    /// The rule's catalogue entry.\n    pub const fn info(self) -> &'static RuleInfo {\n        &RULES[self as usize]\n    }\n}\n\n");
    let _ = writeln!(out, "pub static RULES: [RuleInfo; {}] = [", rules.len());
    for r in &rules {
        let _ = write!(
            out,
            "    RuleInfo {{ rule: Rule::{}, code: {:?}, explain: {:?}, name: {:?}, severity: Severity::{}, family: {:?}, summary: {}, explanation: {}, messages: ",
            camel(&r.name),
            r.code,
            format!("maillint explain {}", r.code),
            r.name,
            r.severity,
            r.family,
            r.summary.literal(),
            r.explanation.literal()
        );
        entries(&mut out, &r.message);
        out.push_str(", help: ");
        entries(&mut out, &r.help);
        out.push_str(", labels: ");
        entries(&mut out, &r.labels);
        // The help of a message variant: the help of the same name, else the
        // default help, else none.
        let help_keys: Vec<&String> = r.help.keys().collect();
        let find = |k: &str| help_keys.iter().position(|h| h.as_str() == k);
        let message_help: Vec<String> = r
            .message
            .keys()
            .map(|k| match find(k).or_else(|| find("default")) {
                Some(i) => format!("Some({i})"),
                None => "None".into(),
            })
            .collect();
        let refs: Vec<String> = r.references.iter().map(|s| format!("{s:?}")).collect();
        let _ = writeln!(
            out,
            ", message_help: &[{}], references: &[{}], fix: {} }},",
            message_help.join(", "),
            refs.join(", "),
            r.fix
                .map_or("None".to_string(), |a| format!("Some(Applicability::{a})"))
        );
    }
    out.push_str("];\n\n");
    for r in &rules {
        let ty = camel(&r.name);
        let module = snake(&r.name);
        let default = r.message.keys().position(|k| k == "default").unwrap_or(0);
        let default_variant = camel(r.message.keys().nth(default).map_or("default", |k| k));
        let _ = writeln!(
            out,
            "/// {code} {name}: the rule's type, for `Finding::new`.\n#[derive(Clone, Copy, Debug)]\npub struct {ty};\n\
             impl RuleSpec for {ty} {{\n    const RULE: Rule = Rule::{ty};\n    type Message = {module}::Message;\n    type Help = {module}::Help;\n    type Label = {module}::Label;\n    const DEFAULT: {module}::Message = {module}::Message::{default_variant};\n}}\n\
             /// {code} {name}: its message variants, help variants and labels.\npub mod {module} {{",
            code = r.code,
            name = r.name,
        );
        if r.fix.is_some() {
            let _ = writeln!(out, "    impl super::Fixable for super::{ty} {{}}");
        }
        key_enum(&mut out, "Message", "MessageKey", &ty, &r.message);
        key_enum(&mut out, "Help", "HelpKey", &ty, &r.help);
        key_enum(&mut out, "Label", "LabelKey", &ty, &r.labels);
        out.push_str("}\n\n");
    }
    Ok(out)
}

/// Flatten a text table: `key = { en, ja }`, or a sub-table whose keys are
/// joined with `.` (`[values]` `security.none = {…}` → `values.security.none`).
fn flatten(
    t: &Table,
    prefix: &str,
    at: &str,
    out: &mut BTreeMap<String, Text>,
) -> Result<(), String> {
    for (k, v) in t {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        let Some(sub) = v.as_table() else {
            return Err(format!(
                "{at}: `{key}` is not a text {{ en, ja }} or a table"
            ));
        };
        let is_text = sub.contains_key("en") || sub.contains_key("ja");
        if is_text {
            out.insert(key.clone(), text(v, &format!("{at}: {key}"))?);
        } else {
            flatten(sub, &key, at, out)?;
        }
    }
    Ok(())
}

/// The Rust source for one text table: `pub enum <ty>` with one variant per
/// key and its static texts. The including module provides `StaticText` and
/// `Lang`.
pub fn text_table(path: &str, ty: &str, src: &str) -> Result<String, String> {
    let table: Table = src.parse().map_err(|e| format!("{path}: {e}"))?;
    let mut texts = BTreeMap::new();
    flatten(&table, "", path, &mut texts)?;
    if texts.is_empty() {
        return Err(format!("{path}: no texts"));
    }
    let mut variants = Vec::new();
    let mut seen = BTreeSet::new();
    for k in texts.keys() {
        let v = camel(k);
        if !seen.insert(v.clone()) {
            return Err(format!(
                "{path}: `{k}` gives the same Rust name as another key"
            ));
        }
        variants.push(v);
    }
    let n = texts.len();
    let mut out = format!("// Generated by build.rs from {path}. Do not edit.\n\n");
    let _ = writeln!(
        out,
        "/// A key of `{path}`.\n#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub enum {ty} {{ {} }}\n",
        variants.join(", ")
    );
    let _ = writeln!(out, "static TEXTS: [(&str, StaticText, &[&str]); {n}] = [");
    for (k, t) in &texts {
        let ph: Vec<String> = t.placeholders().iter().map(|p| format!("{p:?}")).collect();
        let _ = writeln!(out, "    ({k:?}, {}, &[{}]),", t.literal(), ph.join(", "));
    }
    out.push_str("];\n\n");
    let all: Vec<String> = variants.iter().map(|v| format!("{ty}::{v}")).collect();
    let _ = writeln!(
        out,
        "impl {ty} {{
    /// Every key, in key order.
    pub const ALL: [{ty}; {n}] = [{all}];

    /// The key as written in the table.
    pub fn key(self) -> &'static str {{
        TEXTS[self as usize].0
    }}

    /// Both texts.
    pub fn text(self) -> &'static StaticText {{
        &TEXTS[self as usize].1
    }}

    /// The text in one language.
    pub fn get(self, lang: Lang) -> &'static str {{
        self.text().get(lang)
    }}

    /// The `{{placeholders}}` either language names.
    pub fn placeholders(self) -> &'static [&'static str] {{
        TEXTS[self as usize].2
    }}

    /// The key written `key` (for values named by data, e.g. a serde name).
    pub fn from_key(key: &str) -> Option<{ty}> {{
        TEXTS
            .binary_search_by(|(k, _, _)| (*k).cmp(key))
            .ok()
            .map(|i| Self::ALL[i])
    }}
}}",
        all = all.join(", ")
    );
    Ok(out)
}
