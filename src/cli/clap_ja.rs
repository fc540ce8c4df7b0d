//! clap's command-line errors in Japanese. clap prints English only; under
//! `ja` (from `--lang ja` among the arguments, else the locale) the error's
//! kind and its context (the argument, the value, the allowed values, the
//! similar argument, the usage line) are put into our own Japanese texts
//! (`rules/ui.toml`, `[clap]`). Under `en` clap prints its own message.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::Lang;
use crate::tables::Ui;

/// The language of an error met before the arguments were parsed.
pub fn lang_of(args: &[std::ffi::OsString]) -> Lang {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    for (i, a) in args.iter().enumerate() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v),
            None if a == "--lang" => args.get(i + 1).map(String::as_str),
            None => None,
        };
        match value {
            Some("ja") => return Lang::Ja,
            Some("en") => return Lang::En,
            _ => {}
        }
    }
    Lang::from_environment()
}

fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Bool(_) | ContextValue::None => None,
        _ => None,
    }
}

fn list(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        _ => Vec::new(),
    }
}

/// The whole message in Japanese, or `None` for what is no error (help,
/// version), which clap prints itself.
pub fn render(e: &clap::Error) -> Option<String> {
    let ja = Lang::Ja;
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
    let fill = |ui: Ui, args: &[(&str, String)]| ui.fill(ja, args);
    let mut tips: Vec<String> = Vec::new();
    let message = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        | ErrorKind::DisplayVersion => return None,
        ErrorKind::InvalidValue if value.is_empty() => fill(Ui::ClapValueRequired, &[("arg", arg)]),
        ErrorKind::InvalidValue => {
            let mut m = fill(Ui::ClapInvalidValue, &[("arg", arg), ("value", value)]);
            let valid = list(e, ContextKind::ValidValue);
            if !valid.is_empty() {
                m.push_str("\n  ");
                m.push_str(&fill(
                    Ui::ClapPossibleValues,
                    &[("values", valid.join(", "))],
                ));
            }
            m
        }
        ErrorKind::UnknownArgument => fill(Ui::ClapUnknownArgument, &[("arg", arg)]),
        ErrorKind::InvalidSubcommand => {
            let sub = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            fill(Ui::ClapInvalidSubcommand, &[("sub", sub)])
        }
        ErrorKind::MissingRequiredArgument => {
            let mut m = Ui::ClapMissingRequired.get(ja).to_string();
            for a in list(e, ContextKind::InvalidArg) {
                m.push_str(&format!("\n  {a}"));
            }
            m
        }
        ErrorKind::MissingSubcommand => {
            let cmd = text(e, ContextKind::InvalidSubcommand).unwrap_or_else(|| "maillint".into());
            fill(Ui::ClapMissingSubcommand, &[("cmd", cmd)])
        }
        ErrorKind::ArgumentConflict => {
            let prior = list(e, ContextKind::PriorArg);
            if prior.len() == 1 && prior[0] == arg {
                fill(Ui::ClapUsedTwice, &[("arg", arg)])
            } else {
                let prior = if prior.is_empty() {
                    Ui::ClapConflictOther.get(ja).to_string()
                } else {
                    prior
                        .iter()
                        .map(|p| format!("'{p}'"))
                        .collect::<Vec<_>>()
                        .join("、")
                };
                fill(Ui::ClapConflict, &[("arg", arg), ("prior", prior)])
            }
        }
        ErrorKind::TooManyValues => fill(Ui::ClapTooManyValues, &[("arg", arg), ("value", value)]),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected = text(e, ContextKind::ExpectedNumValues)
                .or_else(|| text(e, ContextKind::MinValues))
                .unwrap_or_default();
            let actual = text(e, ContextKind::ActualNumValues).unwrap_or_default();
            fill(
                Ui::ClapWrongNumber,
                &[("arg", arg), ("expected", expected), ("actual", actual)],
            )
        }
        ErrorKind::ValueValidation => {
            // The reason is our own value parser's (a size, a host:port).
            let reason = std::error::Error::source(e)
                .map(ToString::to_string)
                .unwrap_or_default();
            fill(
                Ui::ClapValueValidation,
                &[("arg", arg), ("value", value), ("reason", reason)],
            )
        }
        ErrorKind::NoEquals => fill(Ui::ClapNoEquals, &[("arg", arg)]),
        ErrorKind::InvalidUtf8 => Ui::ClapInvalidUtf8.get(ja).to_string(),
        _ => Ui::ClapOther.get(ja).to_string(),
    };
    for s in list(e, ContextKind::SuggestedArg) {
        tips.push(fill(Ui::ClapSimilarArgument, &[("suggested", s)]));
    }
    for s in list(e, ContextKind::SuggestedValue) {
        tips.push(fill(Ui::ClapSimilarValue, &[("suggested", s)]));
    }
    for s in list(e, ContextKind::SuggestedSubcommand) {
        tips.push(fill(Ui::ClapSimilarSubcommand, &[("suggested", s)]));
    }
    for s in list(e, ContextKind::TrailingArg) {
        tips.push(fill(Ui::ClapTrailingArg, &[("arg", s)]));
    }
    let mut out = fill(Ui::ClapError, &[("message", message)]);
    out.push('\n');
    if !tips.is_empty() {
        out.push('\n');
        for t in tips {
            out.push_str(&format!("  {t}\n"));
        }
    }
    if let Some(usage) = text(e, ContextKind::Usage) {
        let usage = usage.trim_end();
        let body = usage.strip_prefix("Usage:").unwrap_or(usage);
        out.push_str(&format!("\n{}{body}\n", Ui::ClapUsage.get(ja)));
    }
    out.push('\n');
    out.push_str(&fill(Ui::ClapMoreInfo, &[("help", "--help".into())]));
    out.push('\n');
    Some(out)
}

#[cfg(test)]
mod tests;
