//! Template rules (ML601–ML606): what makes a provisioning template unusable
//! or wrong for the clients that read it. The reader states the facts
//! (`TemplateInfo`); these rules judge them.

use crate::catalogue::{
    ByteOrderMark, DuplicateDomain, MisplacedDocumentation, MissingRequiredElement,
    UnknownPlaceholder, ValueOutOfRange, duplicate_domain, missing_required_element,
    unknown_placeholder, value_out_of_range,
};
use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::{Emitter, Finding};
use crate::diagnostics::Severity;
use crate::model::{Account, BadValueEffect, Document, MissingEffect};
use crate::source::{Located, Span};

/// What Thunderbird fills in (`AccountConfig.replaceVariables`).
const THUNDERBIRD_PLACEHOLDERS: &str =
    "%EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN%, %REALNAME%";
const KNOWN: &[&str] = &[
    "%EMAILADDRESS%",
    "%EMAILLOCALPART%",
    "%EMAILDOMAIN%",
    "%REALNAME%",
];

pub fn check(account: &Account, em: &mut Emitter) {
    let Some(t) = &account.template else { return };
    for p in t.placeholders.iter().filter(|p| !p.known) {
        let mut f = Finding::new(UnknownPlaceholder, p.name.span)
            .arg("placeholder", &p.name.value)
            .arg("known", THUNDERBIRD_PLACEHOLDERS);
        if let Some(s) = closest(&p.name.value) {
            f = f
                .variant(unknown_placeholder::Message::Suggest)
                .arg("suggestion", s);
        }
        em.emit(f);
    }
    for m in &t.missing {
        let variant = match m.effect {
            MissingEffect::FileRejected => missing_required_element::Message::FileRejected,
            MissingEffect::ServerIgnored => missing_required_element::Message::ServerIgnored,
            MissingEffect::ReadAsUndefined => missing_required_element::Message::UsernameUndefined,
            MissingEffect::Default => missing_required_element::Message::Default,
        };
        let mut f = Finding::new(MissingRequiredElement, m.anchor)
            .variant(variant)
            .arg("element", &m.element)
            .arg("parent", &m.parent);
        if matches!(
            m.effect,
            MissingEffect::Default | MissingEffect::ReadAsUndefined
        ) {
            f = f.severity(Severity::Warning);
        }
        em.emit(f);
    }
    for b in &t.bad_values {
        let range = b.allowed.contains("..");
        let variant = match (b.case_only, range, b.effect) {
            (true, _, BadValueEffect::ServerIgnored) => {
                value_out_of_range::Message::CaseServerIgnored
            }
            (true, _, _) => value_out_of_range::Message::Case,
            (false, _, BadValueEffect::Tolerated) => value_out_of_range::Message::Tolerated,
            (false, true, BadValueEffect::ServerIgnored) => {
                value_out_of_range::Message::RangeServerIgnored
            }
            (false, true, _) => value_out_of_range::Message::Range,
            (false, false, BadValueEffect::ServerIgnored) => {
                value_out_of_range::Message::ServerIgnored
            }
            (false, false, BadValueEffect::ValueIgnored) => value_out_of_range::Message::Ignored,
        };
        // The allowed value it was meant to be (`SSL` for `ssl`).
        let expected = b
            .allowed
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .find(|a| a.eq_ignore_ascii_case(&b.value.value))
            .unwrap_or_default()
            .to_string();
        em.emit(
            Finding::new(ValueOutOfRange, b.value.span)
                .variant(variant)
                .arg("element", &b.element)
                .arg("value", &b.value.value)
                .arg("allowed", &b.allowed)
                .arg("expected", expected),
        );
    }
    for m in &t.misplaced {
        em.emit(
            Finding::new(MisplacedDocumentation, m.span)
                .arg("element", &m.element)
                .arg("parent", &m.parent)
                .arg("expected", &m.expected_parent),
        );
    }
    if let Some(bom) = t.bom {
        em.emit(Finding::new(ByteOrderMark, bom));
    }
}

/// The known placeholder an unknown one was probably meant to be.
fn closest(name: &str) -> Option<&'static str> {
    let upper = name.to_ascii_uppercase();
    KNOWN
        .iter()
        .map(|k| (crate::suggest::distance(&upper, k), *k))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, k)| k)
}

/// A template's host as the client will use it, for the host rules: known
/// placeholders replaced (`%EMAILDOMAIN%` by the provider's first domain).
/// `None` when an unknown placeholder remains (ML601 reports it).
pub(super) fn host_for_checks<'h>(
    account: &Account,
    host: &'h Located<crate::model::Str>,
) -> Option<Cow<'h, Located<crate::model::Str>>> {
    // Most hosts have no placeholder: borrowed as they are.
    if !host.value.contains('%') {
        return Some(Cow::Borrowed(host));
    }
    let domain = account
        .template
        .as_ref()
        .and_then(|t| t.domains.first())
        .map(|d| d.value.clone())
        .unwrap_or_else(|| "example.com".into());
    let mut value = host.value.replace("%EMAILDOMAIN%", &domain);
    for k in KNOWN {
        value = value.replace(k, "user");
    }
    if value.contains('%') {
        return None;
    }
    Some(Cow::Owned(Located {
        value: crate::model::Str::from(value),
        span: host.span,
        origin: host.origin,
        verbatim: false,
        basis: None,
        rewrite: None,
    }))
}

/// ML606 duplicate-domain over every autoconfig file checked together: a
/// domain claimed by two providers (or twice by one) gets whichever config
/// the server publishes last.
pub fn check_run(documents: &[Document], em: &mut Emitter) {
    // Every domain of every template in run order, each looked up in the
    // first place seen for its name: a later one is a duplicate of it. The
    // names are borrowed unless they must be lower-cased (issue 15: a map of
    // owned keys and lists, then a sort of every domain, cost 2,500 and then
    // 500 instructions a domain on the ISPDB). The findings are sorted by
    // place afterwards, so the order they are found in does not show.
    // Room for every domain at once: the map grown by doubling re-hashed
    // each domain about twice (issue 15: 80,000 of the ISPDB's 317,000
    // instructions here).
    let templates = || {
        documents
            .iter()
            .flat_map(|d| &d.accounts)
            .filter(|a| a.capabilities.one_file_per_domain)
            .filter_map(|a| Some((a, a.template.as_ref()?)))
    };
    let domains = templates().map(|(_, t)| t.domains.len()).sum();
    let mut first_seen: HashMap<Cow<str>, (Span, &str), ahash::RandomState> =
        HashMap::with_capacity_and_hasher(domains, ahash::RandomState::new());
    for (account, t) in templates() {
        for d in &t.domains {
            let name = d.value.trim_end_matches('.');
            let key = if name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(name)
            };
            match first_seen.entry(key) {
                Entry::Vacant(v) => {
                    v.insert((d.span, account.key.as_str()));
                }
                Entry::Occupied(o) => {
                    let (first, first_provider) = *o.get();
                    duplicate(o.key(), (first, first_provider), d.span, &account.key, em);
                }
            }
        }
    }
}

/// ML606 for the domain at `span` (of `provider`), first seen at `first`.
fn duplicate(domain: &str, first: (Span, &str), span: Span, provider: &str, em: &mut Emitter) {
    let variant = if first.0.source == span.source {
        duplicate_domain::Message::SameFile
    } else {
        duplicate_domain::Message::Default
    };
    em.set_account(Some(provider.to_string()));
    em.emit(
        Finding::new(DuplicateDomain, span)
            .variant(variant)
            .arg("domain", domain)
            .arg("provider", first.1)
            .label(first.0, duplicate_domain::Label::First, vec![]),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_known_placeholder() {
        assert_eq!(closest("%EMAILADRESS%"), Some("%EMAILADDRESS%"));
        assert_eq!(closest("%emailaddress%"), Some("%EMAILADDRESS%"));
        assert_eq!(closest("%USER%"), None);
    }
}
