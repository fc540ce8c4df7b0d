//! From a rule's finding to a localised diagnostic.

use std::collections::BTreeMap;

use super::Selection;
use crate::catalogue::{Catalogue, Entry, Key, LabelKey, Rule, RuleSpec};
use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::i18n::{Lang, fill};
use crate::model::Protocol;
use crate::policy::Policy;
use crate::source::Span;
use crate::tables::Field;

/// What the rules run with.
pub struct Context<'a> {
    pub catalogue: &'static Catalogue,
    pub policy: &'a Policy,
    pub lang: Lang,
    pub selection: &'a Selection,
    /// Per-rule severity set by the user (code → severity).
    pub severities: &'a BTreeMap<String, Severity>,
    /// `docs-base-url`: rule pages are linked under it.
    pub docs_base_url: Option<&'a str>,
    /// What the servers answered (`--online`); `None` offline.
    pub online: Option<&'a crate::online::Report>,
}

/// Named facts filled into a catalogue template.
pub type Args = Vec<(&'static str, String)>;

/// A secondary label of a finding: where, which catalogue label, its own facts.
pub struct PendingLabel<L> {
    pub span: Span,
    pub key: L,
    pub args: Args,
}

/// One finding as a rule states it: which rule (its type `R`, generated from
/// the catalogue), which message variant, where, and the facts to fill into
/// the catalogue's text. Variants and labels are `R`'s own keys, so a key of
/// another rule, or one the catalogue lacks, does not compile.
pub struct Finding<R: RuleSpec> {
    pub variant: R::Message,
    pub help_variant: Option<R::Help>,
    pub span: Span,
    pub args: Args,
    pub labels: Vec<PendingLabel<R::Label>>,
    /// Key of the catalogue label for the primary span.
    pub primary_label: Option<R::Label>,
    pub severity: Option<Severity>,
    /// The value is the client's default, not written in the file: shown as
    /// the primary label so the user knows why the finding points at the
    /// account instead of a value.
    pub default_value: Option<String>,
    /// Edits that fix the finding (all or none); the rule's catalogue entry
    /// says whether the fix is safe.
    pub fix: Vec<crate::fix::Edit>,
    /// See [`Diagnostic::account_level`].
    pub account_level: bool,
}

impl<R: RuleSpec> Finding<R> {
    pub fn new(_rule: R, span: Span) -> Self {
        Finding {
            variant: R::DEFAULT,
            help_variant: None,
            span,
            args: Vec::new(),
            labels: Vec::new(),
            primary_label: None,
            severity: None,
            default_value: None,
            fix: Vec::new(),
            account_level: false,
        }
    }

    /// Information about the account as a whole, printed compactly.
    pub fn account_level(mut self) -> Self {
        self.account_level = true;
        self
    }

    pub fn variant(mut self, v: R::Message) -> Self {
        self.variant = v;
        self
    }

    pub fn help(mut self, v: R::Help) -> Self {
        self.help_variant = Some(v);
        self
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    pub fn label(mut self, span: Span, key: R::Label, args: Args) -> Self {
        self.labels.push(PendingLabel { span, key, args });
        self
    }

    pub fn primary_label(mut self, key: R::Label) -> Self {
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

impl<R: crate::catalogue::Fixable> Finding<R> {
    /// Attach the edits that fix this finding. A `None` (the reader cannot
    /// write that value, or it is a client default the file does not set)
    /// leaves the finding without a fix.
    pub fn fix(mut self, edits: impl IntoIterator<Item = Option<crate::fix::Edit>>) -> Self {
        let edits: Option<Vec<_>> = edits.into_iter().collect();
        self.fix = edits.unwrap_or_default();
        self
    }
}

/// Fill a catalogue entry. Every placeholder the entry names must be among
/// `args`: a debug build (every test run) stops on one the rule left unfilled.
fn fill_entry(entry: &Entry, lang: Lang, args: &[(&str, String)], rule: Rule) -> String {
    debug_assert!(
        entry
            .placeholders
            .iter()
            .all(|p| args.iter().any(|(k, _)| k == p)),
        "{} {}: the rule does not fill every placeholder of `{}` ({:?}; given {:?})",
        rule.code(),
        rule.name(),
        entry.key,
        entry.placeholders,
        args.iter().map(|(k, _)| *k).collect::<Vec<_>>()
    );
    // A long value (a 100 MB host name) is quoted cut, with its length; any
    // other is borrowed as it is.
    let args: Vec<(&str, std::borrow::Cow<str>)> = args
        .iter()
        .map(|(k, v)| {
            let shown = crate::escape::cut(v, |n| {
                crate::tables::Ui::HumanValueCut.fill(lang, &[("count", n.to_string())])
            });
            (*k, shown)
        })
        .collect();
    fill(entry.text.get(lang), &args)
}

/// A field's `template` with `{protocol}` filled in, as [`fill`] fills it:
/// every server asks for its field's name, so a template with no other
/// placeholder than one `{protocol}` is put together directly (issue 15).
fn field_text(template: &str, protocol: &str) -> String {
    let b = template.as_bytes();
    match memchr::memchr(b'{', b) {
        None => template.to_string(),
        Some(i)
            if b[i..].starts_with(b"{protocol}") && memchr::memchr(b'{', &b[i + 1..]).is_none() =>
        {
            let tail = &template[i + "{protocol}".len()..];
            let mut out = String::with_capacity(template.len() + protocol.len());
            out.push_str(&template[..i]);
            out.push_str(protocol);
            out.push_str(tail);
            out
        }
        Some(_) => fill(template, &[("protocol", protocol)]),
    }
}

pub struct Emitter<'a> {
    ctx: &'a Context<'a>,
    account: Option<String>,
    out: Vec<Diagnostic>,
    /// Each rule's pointer to its documentation as made so far.
    pointers: Vec<(Rule, String)>,
}

impl<'a> Emitter<'a> {
    pub fn new(ctx: &'a Context<'a>) -> Self {
        Emitter {
            ctx,
            account: None,
            out: Vec::new(),
            pointers: Vec::new(),
        }
    }

    pub fn set_account(&mut self, account: Option<String>) {
        self.account = account;
    }

    pub fn lang(&self) -> Lang {
        self.ctx.lang
    }

    /// The online check's answers, when the run is online.
    pub fn online(&self) -> Option<&'a crate::online::Report> {
        self.ctx.online
    }

    pub fn policy(&self) -> &Policy {
        self.ctx.policy
    }

    /// The policy as a message names it: a provider's policy by its name
    /// (`koara`), the shipped `generic` one in the run's language.
    pub fn policy_name(&self) -> String {
        if self.ctx.policy.name == "generic" {
            Field::GenericPolicy.get(self.ctx.lang).to_string()
        } else {
            self.ctx.policy.name.clone()
        }
    }

    /// Whether a rule is selected; rules check this before costly work.
    pub fn enabled(&self, rule: Rule) -> bool {
        let r = rule.info();
        self.ctx.selection.is_enabled(r.code, r.name)
    }

    /// The localised name of a field, with `{protocol}` filled in.
    pub fn field(&self, key: Field, protocol: &Protocol) -> String {
        field_text(key.get(self.ctx.lang), protocol.label())
    }

    /// The pointer to `rule`'s documentation (see [`crate::catalogue::RuleInfo::pointer`]).
    fn pointer(&mut self, rule: Rule) -> String {
        if let Some((_, p)) = self.pointers.iter().find(|(r, _)| *r == rule) {
            return p.clone();
        }
        let p = rule.info().pointer(self.ctx.docs_base_url);
        self.pointers.push((rule, p.clone()));
        p
    }

    /// The localised text of one of a rule's labels.
    pub fn label_text<L: LabelKey>(&self, key: L, args: &[(&str, String)]) -> String {
        let entry = &L::RULE.info().labels[key.index()];
        fill_entry(entry, self.ctx.lang, args, L::RULE)
    }

    pub fn emit<R: RuleSpec>(&mut self, f: Finding<R>) {
        let rule = R::RULE.info();
        if !self.ctx.selection.is_enabled(rule.code, rule.name) {
            return;
        }
        let lang = self.ctx.lang;
        let severity = self
            .ctx
            .severities
            .get(rule.code)
            .copied()
            .or(f.severity)
            .unwrap_or(rule.severity);
        let message = fill_entry(&rule.messages[f.variant.index()], lang, &f.args, R::RULE);
        let help = match f.help_variant {
            Some(h) => Some(h.index()),
            None => rule.message_help[f.variant.index()],
        }
        .map(|i| fill_entry(&rule.help[i], lang, &f.args, R::RULE));
        let labels = f
            .labels
            .iter()
            .map(|l| {
                // The label's own facts come first, so they win over the finding's.
                let mut args = l.args.clone();
                args.extend(f.args.iter().cloned());
                Label {
                    span: l.span,
                    text: self.label_text(l.key, &args),
                }
            })
            .collect();
        let label = match &f.default_value {
            Some(v) => Some(fill(Field::DefaultValue.get(lang), &[("value", v.clone())])),
            None => f.primary_label.map(|k| self.label_text(k, &f.args)),
        };
        let mut faq: Vec<String> = self.ctx.policy.faq_for(rule.code).to_vec();
        if faq.is_empty() {
            faq.push(self.pointer(R::RULE));
        }
        self.out.push(Diagnostic {
            code: rule.code,
            name: rule.name,
            severity,
            message,
            span: f.span,
            label,
            labels,
            help,
            faq,
            account: self.account.clone(),
            fix: rule
                .fix
                .filter(|_| !f.fix.is_empty())
                .map(|applicability| crate::fix::Fix {
                    applicability,
                    edits: f.fix,
                }),
            account_level: f.account_level,
        });
    }

    pub fn finish(self) -> Vec<Diagnostic> {
        self.out
    }
}

#[cfg(test)]
mod tests;
