//! From a rule's finding to a localised diagnostic.

use std::collections::BTreeMap;

use super::Selection;
use crate::catalogue::{Catalogue, RuleInfo};
use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::i18n::{Lang, fill};
use crate::model::Protocol;
use crate::policy::Policy;
use crate::source::Span;

/// What the rules run with.
pub struct Context<'a> {
    pub catalogue: &'static Catalogue,
    pub policy: &'a Policy,
    pub lang: Lang,
    pub selection: &'a Selection,
    /// Per-rule severity set by the user (code → severity).
    pub severities: &'a BTreeMap<String, Severity>,
}

/// Named facts filled into a catalogue template.
pub type Args = Vec<(&'static str, String)>;

/// A secondary label of a finding: where, which catalogue label, its own facts.
pub struct PendingLabel {
    pub span: Span,
    pub key: &'static str,
    pub args: Args,
}

/// One finding as a rule states it: which rule, which message variant, where,
/// and the facts to fill into the catalogue's text.
pub struct Finding {
    pub code: &'static str,
    pub variant: &'static str,
    pub help_variant: Option<&'static str>,
    pub span: Span,
    pub args: Args,
    pub labels: Vec<PendingLabel>,
    /// Key of the catalogue label for the primary span.
    pub primary_label: Option<&'static str>,
    pub severity: Option<Severity>,
    /// The value is the client's default, not written in the file: shown as
    /// the primary label so the user knows why the finding points at the
    /// account instead of a value.
    pub default_value: Option<String>,
    /// Edits that fix the finding (all or none); the rule's registry entry
    /// says whether the fix is safe.
    pub fix: Vec<crate::fix::Edit>,
}

impl Finding {
    pub fn new(code: &'static str, span: Span) -> Self {
        Finding {
            code,
            variant: "default",
            help_variant: None,
            span,
            args: Vec::new(),
            labels: Vec::new(),
            primary_label: None,
            severity: None,
            default_value: None,
            fix: Vec::new(),
        }
    }

    /// Attach the edits that fix this finding; `None` (the reader cannot
    /// write the value, or it is a client default) leaves the finding without
    /// a fix, and so does any `None` among several.
    pub fn fix(mut self, edits: impl IntoIterator<Item = Option<crate::fix::Edit>>) -> Self {
        let edits: Option<Vec<_>> = edits.into_iter().collect();
        self.fix = edits.unwrap_or_default();
        self
    }

    pub fn variant(mut self, v: &'static str) -> Self {
        self.variant = v;
        self
    }

    pub fn help(mut self, v: &'static str) -> Self {
        self.help_variant = Some(v);
        self
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    pub fn label(mut self, span: Span, key: &'static str, args: Args) -> Self {
        self.labels.push(PendingLabel { span, key, args });
        self
    }

    pub fn primary_label(mut self, key: &'static str) -> Self {
        self.primary_label = Some(key);
        self
    }

    /// Mark the finding as about a client default with this value.
    pub fn defaulted<T: std::fmt::Display>(mut self, value: &crate::source::Located<T>) -> Self {
        if value.is_default() {
            self.default_value = Some(value.value.to_string());
        }
        self
    }

    /// The severity `s` when `cond` holds (a variant that is milder than its rule).
    pub fn severity_if(self, cond: bool, s: Severity) -> Self {
        if cond { self.severity(s) } else { self }
    }

    pub fn severity(mut self, s: Severity) -> Self {
        self.severity = Some(s);
        self
    }
}

pub struct Emitter<'a> {
    ctx: &'a Context<'a>,
    account: Option<String>,
    out: Vec<Diagnostic>,
}

impl<'a> Emitter<'a> {
    pub fn new(ctx: &'a Context<'a>) -> Self {
        Emitter {
            ctx,
            account: None,
            out: Vec::new(),
        }
    }

    pub fn set_account(&mut self, account: Option<String>) {
        self.account = account;
    }

    pub fn lang(&self) -> Lang {
        self.ctx.lang
    }

    pub fn policy(&self) -> &Policy {
        self.ctx.policy
    }

    fn rule(&self, code: &str) -> Option<&'static RuleInfo> {
        self.ctx.catalogue.find(code)
    }

    /// Whether a rule is selected; rules check this before costly work.
    pub fn enabled(&self, code: &str) -> bool {
        self.rule(code)
            .is_some_and(|r| self.ctx.selection.is_enabled(&r.code, &r.name))
    }

    /// The localised name of a field, with `{protocol}` filled in.
    pub fn field(&self, key: &str, protocol: &Protocol) -> String {
        fill(
            &self.ctx.catalogue.field(key, self.ctx.lang),
            &[("protocol", protocol.label().to_string())],
        )
    }

    /// The localised text of one of a rule's labels.
    pub fn label_text(&self, code: &str, key: &str, args: &[(&str, String)]) -> String {
        self.rule(code)
            .and_then(|r| r.label(key, self.ctx.lang))
            .map(|t| fill(t, args))
            .unwrap_or_else(|| key.to_string())
    }

    pub fn emit(&mut self, f: Finding) {
        let Some(rule) = self.rule(f.code) else {
            return;
        };
        if !self.ctx.selection.is_enabled(&rule.code, &rule.name) {
            return;
        }
        let lang = self.ctx.lang;
        let severity = self
            .ctx
            .severities
            .get(&rule.code)
            .copied()
            .or(f.severity)
            .unwrap_or(rule.severity);
        let message = fill(rule.message(f.variant, lang), &f.args);
        let help = rule
            .help(f.help_variant.unwrap_or(f.variant), lang)
            .map(|h| fill(h, &f.args));
        let labels = f
            .labels
            .iter()
            .map(|l| {
                // The label's own facts come first, so they win over the finding's.
                let mut args = l.args.clone();
                args.extend(f.args.iter().cloned());
                Label {
                    span: l.span,
                    text: self.label_text(f.code, l.key, &args),
                }
            })
            .collect();
        let label = match &f.default_value {
            Some(v) => Some(fill(
                &self.ctx.catalogue.field("default_value", lang),
                &[("value", v.clone())],
            )),
            None => f.primary_label.map(|k| self.label_text(f.code, k, &f.args)),
        };
        let mut faq: Vec<String> = self.ctx.policy.faq_for(&rule.code).to_vec();
        if faq.is_empty() {
            faq.push(rule.doc_path());
        }
        self.out.push(Diagnostic {
            code: rule_code(rule),
            name: rule_name(rule),
            severity,
            message,
            span: f.span,
            label,
            labels,
            help,
            faq,
            account: self.account.clone(),
            fix: (!f.fix.is_empty())
                .then(|| fix_applicability(&rule.code))
                .flatten()
                .map(|applicability| crate::fix::Fix {
                    applicability,
                    edits: f.fix,
                }),
        });
    }

    pub fn finish(self) -> Vec<Diagnostic> {
        self.out
    }
}

fn rule_code(rule: &'static RuleInfo) -> &'static str {
    rule.code.as_str()
}

fn rule_name(rule: &'static RuleInfo) -> &'static str {
    rule.name.as_str()
}

/// Whether the rule's fix is safe. (Until the typed registry carries it.)
pub fn fix_applicability(code: &str) -> Option<crate::fix::Applicability> {
    use crate::fix::Applicability::{Safe, Unsafe};
    match code {
        "ML101" | "ML202" | "ML301" => Some(Safe),
        "ML201" | "ML401" | "ML302" => Some(Unsafe),
        _ => None,
    }
}
