//! The checks. Each family is one small module; each rule reads the model and
//! the policy, never raw text, and reports through an [`Emitter`], which turns
//! a finding into a localised [`Diagnostic`] from the catalogue.

mod address;
mod auth;
mod delivery;
mod emitter;
mod fullwidth;
mod host;
mod online;
mod parse;
mod policy_limits;
mod pop_before_smtp;
mod port;
mod provider_domain;
mod security;
pub mod selection;
mod smtp_auth;
mod storage;
mod template;

pub use emitter::{Arg, Context, Emitter, FieldName, Finding};

/// Whether the rule `code` has a fix (where the reader can write the value).
pub fn has_fix(code: &str) -> bool {
    crate::catalogue::Rule::find(code).is_some_and(|r| r.info().fix.is_some())
}
pub use selection::matches as selector_matches;
pub use selection::{Selection, SelectorError};

use crate::diagnostics::Diagnostic;
use crate::model::Document;

/// Run every enabled rule over one document.
pub fn check_document(doc: &Document, ctx: &Context) -> Vec<Diagnostic> {
    let mut em = Emitter::new(ctx);
    parse::check(doc, &mut em);
    for account in &doc.accounts {
        em.set_account(Some(account.display_label()));
        address::check(account, &mut em);
        host::check(account, &mut em);
        auth::check(account, &mut em);
        port::check(account, &mut em);
        policy_limits::check(account, &mut em);
        storage::check(account, &mut em);
        smtp_auth::check(account, &mut em);
        delivery::check(account, &mut em);
        pop_before_smtp::check(account, &mut em);
        security::check(account, &mut em);
        template::check(account, &mut em);
        provider_domain::check(account, &mut em);
        online::check(account, &mut em);
    }
    let mut out = em.finish();
    sort(&mut out);
    // A server shared by several accounts is one setting in one place:
    // report it once.
    out.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    out
}

/// Sort findings by place, then code, keeping the order of equal ones (a
/// stable sort). The keys are sorted, with their positions, and the findings
/// moved once each: a finding is large, and a big file has thousands.
fn sort(out: &mut [Diagnostic]) {
    if !out.is_sorted_by_key(Diagnostic::sort_key) {
        out.sort_by_cached_key(Diagnostic::sort_key);
    }
}

/// Checks over all documents of a run together (ML606 duplicate domains
/// across the templates checked at once).
pub fn check_run(documents: &[Document], ctx: &Context) -> Vec<Diagnostic> {
    let mut em = Emitter::new(ctx);
    template::check_run(documents, &mut em);
    let mut out = em.finish();
    sort(&mut out);
    out.dedup();
    out
}

/// A server's host name as written, or empty when the file sets none (for
/// messages): borrowed, as a finding quotes it.
fn host_of(server: &crate::model::Server) -> &str {
    server.host.as_ref().map_or("", |h| h.value.as_str())
}

/// A typed value folded to ASCII ([`crate::syntax::fold_typed`]), borrowed
/// when it is ASCII already (which folds to itself): most are (issue 15).
fn folded(value: &str) -> std::borrow::Cow<'_, str> {
    if value.is_ascii() {
        std::borrow::Cow::Borrowed(value)
    } else {
        std::borrow::Cow::Owned(crate::syntax::fold_typed(value))
    }
}
