//! From a rule's finding to a localised diagnostic.

use std::collections::BTreeMap;

use super::Selection;
use crate::catalogue::{Catalogue, Entry, Key, LabelKey, Rule, RuleSpec};
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use crate::diagnostics::{Diagnostic, Label, Pages, Severity, Text};
use crate::i18n::{Lang, Piece, fill, fill_pieces};
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

mod arg;

pub use arg::{Arg, FieldName};

/// Named facts filled into a catalogue label's template.
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
/// another rule, or one the catalogue lacks, does not compile. The facts are
/// kept as given (borrowed, numbers, field keys) until the text is filled.
pub struct Finding<'a, R: RuleSpec> {
    pub variant: R::Message,
    pub help_variant: Option<R::Help>,
    pub span: Span,
    pub args: Vec<(&'static str, Arg<'a>)>,
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

impl<'a, R: RuleSpec> Finding<'a, R> {
    pub fn new(_rule: R, span: Span) -> Self {
        Finding {
            variant: R::DEFAULT,
            help_variant: None,
            span,
            // Room for the facts of most findings without growing.
            args: Vec::with_capacity(6),
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

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg<'a>>) -> Self {
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

impl<R: crate::catalogue::Fixable> Finding<'_, R> {
    /// Attach the edits that fix this finding. A `None` (the reader cannot
    /// write that value, or it is a client default the file does not set)
    /// leaves the finding without a fix.
    pub fn fix(mut self, edits: impl IntoIterator<Item = Option<crate::fix::Edit>>) -> Self {
        // Room for exactly the edits given (collected through `Option`,
        // the list started at four: 144 bytes too many for one edit, held
        // by every finding to the report; issue 15).
        let edits = edits.into_iter();
        let mut list = Vec::with_capacity(edits.size_hint().0);
        for edit in edits {
            match edit {
                Some(e) => list.push(e),
                None => return self,
            }
        }
        self.fix = list;
        self
    }
}

/// Fill a catalogue entry from its pieces (split at build time). A name is
/// looked up in `first` (a label's own facts), then in `args`. Every
/// placeholder the entry names must be among them: a debug build (every
/// test run) stops on one the rule left unfilled.
fn fill_entry(
    entry: &Entry,
    lang: Lang,
    first: &[(&str, String)],
    args: &[(&str, Arg)],
    rule: Rule,
) -> String {
    let mut out = String::with_capacity(entry.text.get(lang).len() + 48);
    fill_entry_into(&mut out, entry, lang, first, args, rule);
    out
}

/// [`fill_entry`] into `scratch`, then copied into a text of exactly its
/// length: a finding keeps its texts to the report (issue 15: filled with
/// room to spare, 10,000 findings held about 0.5 MB of it).
fn fill_exact(
    scratch: &mut String,
    entry: &Entry,
    lang: Lang,
    first: &[(&str, String)],
    args: &[(&str, Arg)],
    rule: Rule,
) -> String {
    scratch.clear();
    fill_entry_into(scratch, entry, lang, first, args, rule);
    scratch.as_str().to_owned()
}

/// A finding's help: the catalogue's text itself when in `lang` it is one
/// piece of literal text (nothing of the finding to fill in), else filled.
fn help_text(
    scratch: &mut String,
    entry: &'static Entry,
    lang: Lang,
    args: &[(&str, Arg)],
    rule: Rule,
) -> Text {
    match entry.pieces.get(lang) {
        [Piece::Lit(text)] => {
            debug_assert_filled(entry, &[], args, rule);
            Cow::Borrowed(text)
        }
        _ => Cow::Owned(fill_exact(scratch, entry, lang, &[], args, rule)),
    }
}

fn debug_assert_filled(entry: &Entry, first: &[(&str, String)], args: &[(&str, Arg)], rule: Rule) {
    debug_assert!(
        entry.placeholders.iter().all(|p| first
            .iter()
            .map(|(k, _)| k)
            .chain(args.iter().map(|(k, _)| k))
            .any(|k| k == p)),
        "{} {}: the rule does not fill every placeholder of `{}` ({:?}; given {:?})",
        rule.code(),
        rule.name(),
        entry.key,
        entry.placeholders,
        first
            .iter()
            .map(|(k, _)| *k)
            .chain(args.iter().map(|(k, _)| *k))
            .collect::<Vec<_>>()
    );
}

fn fill_entry_into(
    out: &mut String,
    entry: &Entry,
    lang: Lang,
    first: &[(&str, String)],
    args: &[(&str, Arg)],
    rule: Rule,
) {
    debug_assert_filled(entry, first, args, rule);
    // A long value (a 100 MB host name) is quoted cut, with its length; any
    // other is written as it is.
    fill_pieces(entry.pieces.get(lang), out, |name, out| {
        if let Some((_, v)) = first.iter().find(|(k, _)| same_name(k, name)) {
            arg::push_value(out, v, lang);
            return true;
        }
        match args.iter().find(|(k, _)| same_name(k, name)) {
            Some((_, v)) => {
                v.write_to(out, lang);
                true
            }
            None => false,
        }
    });
}

/// Whether two names of facts are the same: most differ in length, and
/// the same literal is often the same bytes.
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && (std::ptr::eq(a.as_ptr(), b.as_ptr()) || a == b)
}

/// A field's `template` with `{protocol}` filled in, as [`fill`] fills it
/// (see [`FieldName`]).
#[cfg(test)]
fn field_text(template: &str, protocol: &str) -> String {
    let mut out = String::new();
    arg::push_field_text(&mut out, template, protocol);
    out
}

/// Each rule's FAQ pages when neither the policy nor a docs URL gives
/// any: its `maillint explain` command alone, the same in every document
/// and run, made once a process and shared (issue 15: made for each
/// document's first finding of a rule, three allocations, about 400
/// instructions a finding on the ISPDB corpus).
fn explain_pages(rule: Rule) -> Pages {
    static MADE: [OnceLock<Pages>; Rule::ALL.len()] = [const { OnceLock::new() }; Rule::ALL.len()];
    let make = || Pages::new(vec![rule.info().explain.to_string()]);
    match MADE.get(rule as usize) {
        Some(made) => made.get_or_init(make).clone(),
        None => make(),
    }
}

pub struct Emitter<'a> {
    ctx: &'a Context<'a>,
    /// The label of the account whose findings follow, if any.
    account_text: Option<String>,
    /// `account_text` made shareable by the account's first finding, then
    /// shared by the rest (most of a big file's accounts have none).
    account: Option<Arc<str>>,
    out: Vec<Diagnostic>,
    /// Each rule's FAQ pages as made so far, shared by its findings.
    pages: Vec<(Rule, Pages)>,
    /// Where texts are filled before they are copied at their length.
    scratch: String,
}

impl<'a> Emitter<'a> {
    pub fn new(ctx: &'a Context<'a>) -> Self {
        Emitter {
            ctx,
            account_text: None,
            account: None,
            out: Vec::new(),
            pages: Vec::new(),
            scratch: String::new(),
        }
    }

    pub fn set_account(&mut self, account: Option<String>) {
        self.account_text = account;
        self.account = None;
    }

    /// The account of the findings that follow, by its label, copied into
    /// the text the last account's label was in (issue 15: a label made
    /// per account was an allocation and a free for each of a big file's
    /// 5,000 accounts, most with no finding).
    pub fn set_account_label(&mut self, label: &str) {
        match &mut self.account_text {
            Some(text) => {
                text.clear();
                text.push_str(label);
            }
            None => self.account_text = Some(label.to_string()),
        }
        self.account = None;
    }

    /// The account's label as its findings share it, made at the first.
    fn shared_account(&mut self) -> Option<Arc<str>> {
        if self.account.is_none() {
            self.account = self.account_text.as_deref().map(Arc::from);
        }
        self.account.clone()
    }

    /// Room for `findings` more findings (a file of many accounts: the
    /// list grown by doubling copied each finding about twice).
    pub fn reserve(&mut self, findings: usize) {
        self.out.reserve(findings);
    }

    pub fn lang(&self) -> Lang {
        self.ctx.lang
    }

    /// The online check's answers, when the run is online.
    pub fn online(&self) -> Option<&'a crate::online::Report> {
        self.ctx.online
    }

    pub fn policy(&self) -> &'a Policy {
        self.ctx.policy
    }

    /// The policy as a message names it: a provider's policy by its name
    /// (`koara`), the shipped `generic` one in the run's language.
    pub fn policy_name(&self) -> &'a str {
        if self.ctx.policy.name == "generic" {
            Field::GenericPolicy.get(self.ctx.lang)
        } else {
            &self.ctx.policy.name
        }
    }

    /// Whether a rule is selected; rules check this before costly work.
    pub fn enabled(&self, rule: Rule) -> bool {
        let r = rule.info();
        self.ctx.selection.is_enabled(r.code, r.name)
    }

    /// The name of a field with its `{protocol}`, put into words only
    /// when a finding quotes it.
    pub fn field<'p>(&self, key: Field, protocol: &'p Protocol) -> FieldName<'p> {
        FieldName {
            key,
            protocol: protocol.label(),
        }
    }

    /// `rule`'s FAQ pages: the policy's for it, else the pointer to the
    /// rule's documentation (see [`crate::catalogue::RuleInfo::pointer`];
    /// without a docs URL a text made at build time). Made once a rule.
    fn pages(&mut self, rule: Rule) -> Pages {
        if let Some((_, p)) = self.pages.iter().find(|(r, _)| *r == rule) {
            return p.clone();
        }
        let info = rule.info();
        let pages = match self.ctx.policy.faq_for(info.code) {
            [] if self.ctx.docs_base_url.is_none() => return self.keep(rule, explain_pages(rule)),
            [] => vec![info.pointer(self.ctx.docs_base_url)],
            pages => pages.to_vec(),
        };
        self.keep(rule, Pages::new(pages))
    }

    /// `pages`, kept as `rule`'s for the findings that follow.
    fn keep(&mut self, rule: Rule, pages: Pages) -> Pages {
        self.pages.push((rule, pages.clone()));
        pages
    }

    /// The localised text of one of a rule's labels.
    pub fn label_text<L: LabelKey>(&self, key: L, args: &[(&str, String)]) -> String {
        let entry = &L::RULE.info().labels[key.index()];
        fill_entry(entry, self.ctx.lang, args, &[], L::RULE)
    }

    pub fn emit<R: RuleSpec>(&mut self, f: Finding<'_, R>) {
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
        let mut scratch = std::mem::take(&mut self.scratch);
        let message = fill_exact(
            &mut scratch,
            &rule.messages[f.variant.index()],
            lang,
            &[],
            &f.args,
            R::RULE,
        );
        let help = match f.help_variant {
            Some(h) => Some(h.index()),
            None => rule.message_help[f.variant.index()],
        }
        .map(|i| help_text(&mut scratch, &rule.help[i], lang, &f.args, R::RULE));
        let labels = f
            .labels
            .iter()
            .map(|l| Label {
                span: l.span,
                // The label's own facts come first, so they win over the finding's.
                text: fill_exact(
                    &mut scratch,
                    &R::RULE.info().labels[l.key.index()],
                    lang,
                    &l.args,
                    &f.args,
                    R::RULE,
                ),
            })
            .collect();
        let label = match &f.default_value {
            Some(v) => {
                let mut text = fill(Field::DefaultValue.get(lang), &[("value", v)]);
                text.shrink_to_fit();
                Some(text)
            }
            None => f.primary_label.map(|k| {
                fill_exact(
                    &mut scratch,
                    &rule.labels[k.index()],
                    lang,
                    &[],
                    &f.args,
                    R::RULE,
                )
            }),
        };
        self.scratch = scratch;
        let faq = self.pages(R::RULE);
        let account = self.shared_account();
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
            account,
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
