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
    // A file of many accounts has about as many findings (two each in the
    // benchmark's 10 MB files): room for one each, so that the list is
    // grown once or twice, not from four by doubling. A file of a few
    // accounts reserves nothing (most have no finding).
    if doc.accounts.len() >= MANY_ACCOUNTS {
        em.reserve(doc.accounts.len());
    }
    parse::check(doc, &mut em);
    for account in &doc.accounts {
        em.set_account_label(account_label(account));
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
    // The list grew by doubling: room for exactly its findings, before the
    // model of the next document is read (issue 15).
    out.shrink_to_fit();
    sort(&mut out);
    // A server shared by several accounts is one setting in one place:
    // report it once.
    out.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    out
}

/// From this many accounts in a document, room is made for a finding each.
const MANY_ACCOUNTS: usize = 16;

/// [`crate::model::Account::display_label`], borrowed: the account name,
/// else the first address, else the key.
fn account_label(account: &crate::model::Account) -> &str {
    if let Some(name) = &account.name {
        return &name.value;
    }
    if let Some(addr) = account.identities.iter().find_map(|i| i.address.as_ref()) {
        return &addr.value;
    }
    &account.key
}

/// Sort findings by place, then code, keeping the order of equal ones (a
/// stable sort). The keys are sorted, with their positions, and the findings
/// moved once each: a finding is large, and a big file has thousands.
fn sort(out: &mut [Diagnostic]) {
    crate::diagnostics::sort(out);
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

#[cfg(test)]
mod tests {
    /// The borrowed label is the model's `display_label` for every account
    /// of the corpus and the fixtures (names, addresses only, keys only).
    #[test]
    fn account_label_is_display_label() {
        let dirs: Vec<std::path::PathBuf> = [
            crate::test_files::corpus(),
            crate::test_files::root().join("fixtures"),
        ]
        .into_iter()
        .filter(|d| d.is_dir())
        .collect();
        let run = crate::pipeline::check_paths(&dirs, &crate::pipeline::CheckOptions::default());
        let accounts: Vec<&crate::model::Account> =
            run.documents.iter().flat_map(|d| &d.accounts).collect();
        assert!(accounts.len() > 100);
        for a in accounts {
            assert_eq!(super::account_label(a), a.display_label());
        }
    }
}
