//! Address rules: ML101 (via fullwidth), ML102 uppercase-in-address,
//! ML103 invalid-address, ML104 rfc-violating-local-part.

use super::{Emitter, Finding, fullwidth};
use crate::model::{Account, Protocol};
use crate::source::Located;
use crate::syntax::{
    AddressError, DotProblem, LabelError, check_address, fold_typed, local_part_dots,
};

pub fn check(account: &Account, em: &mut Emitter) {
    for identity in &account.identities {
        if let Some(address) = &identity.address {
            check_one(address, "address", em);
        }
        if let Some(reply_to) = &identity.reply_to {
            check_one(reply_to, "reply_to", em);
        }
    }
    // User names are not addresses, but must be half-width all the same.
    for server in account.servers() {
        if let Some(user) = &server.user_name {
            let key = match server.role {
                crate::model::ServerRole::Incoming => "incoming_user",
                crate::model::ServerRole::Outgoing => "outgoing_user",
            };
            let field = em.field(key, &server.protocol.value);
            fullwidth::check_value(user, &field, em);
        }
    }
}

fn check_one(value: &Located<String>, field_key: &str, em: &mut Emitter) {
    if value.value.is_empty() {
        return;
    }
    let field = em.field(field_key, &Protocol::Smtp);
    let had_wide = fullwidth::check_value(value, &field, em);
    let folded = fold_typed(&value.value);
    // Sub-spans are exact only when folding changed nothing.
    let span_of = |r: std::ops::Range<usize>| {
        if had_wide {
            value.span
        } else {
            value.sub_span(r)
        }
    };
    match check_address(&folded) {
        Err(e) => {
            invalid(value, &folded, &field, e, &span_of, em);
        }
        Ok(()) => dots(value, &folded, &field, &span_of, em),
    }
    if folded.chars().any(|c| c.is_ascii_uppercase()) {
        em.emit(
            Finding::new("ML102", value.span)
                .arg("field", field.clone())
                .arg("value", value.value.clone())
                .arg("suggestion", folded.to_ascii_lowercase()),
        );
    }
}

fn invalid(
    value: &Located<String>,
    folded: &str,
    field: &str,
    e: AddressError,
    span_of: &dyn Fn(std::ops::Range<usize>) -> crate::source::Span,
    em: &mut Emitter,
) {
    let label = |key: &str, em: &Emitter| em.label_text("ML103", key, &[]);
    let (variant, span, args): (&'static str, _, Vec<(&'static str, String)>) = match e {
        AddressError::NoAt => ("no-at", value.span, vec![]),
        AddressError::ManyAt => ("many-at", value.span, vec![]),
        AddressError::Space(r) => {
            let suggestion: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
            ("space", span_of(r), vec![("suggestion", suggestion)])
        }
        AddressError::EmptyLocal => ("empty-local", value.span, vec![]),
        AddressError::EmptyDomain => ("empty-domain", value.span, vec![]),
        AddressError::LocalChar(c, r) => ("local-char", span_of(r), vec![("char", c.to_string())]),
        AddressError::NonAsciiLocal(r) => ("non-ascii-local", span_of(r), vec![]),
        AddressError::DomainChar(c, r) => {
            // A comma or semicolon where a dot belongs is the usual slip.
            let suggestion = if matches!(c, ',' | ';' | ':') {
                let mut s = folded.to_string();
                s.replace_range(r.clone(), ".");
                s
            } else {
                let mut s = folded.to_string();
                s.replace_range(r.clone(), "");
                s
            };
            (
                "domain-char",
                span_of(r),
                vec![("char", c.to_string()), ("suggestion", suggestion)],
            )
        }
        AddressError::DomainLabel(l) => {
            let (key, r) = match l {
                LabelError::Empty(r) => ("label-empty", r),
                LabelError::Hyphen(r) => ("label-hyphen", r),
                LabelError::TooLong(r) => ("label-too-long", r),
            };
            ("domain-label", span_of(r), vec![("reason", label(key, em))])
        }
        AddressError::DomainNoDot => ("domain-no-dot", value.span, vec![]),
        AddressError::LocalTooLong => (
            "too-long",
            value.span,
            vec![("reason", label("local-too-long", em))],
        ),
        AddressError::AddressTooLong => (
            "too-long",
            value.span,
            vec![("reason", label("address-too-long", em))],
        ),
        AddressError::DomainTooLong => (
            "too-long",
            value.span,
            vec![("reason", label("domain-too-long", em))],
        ),
    };
    let mut f = Finding::new("ML103", span)
        .variant(variant)
        // Valid in RFC 5321 and used on private networks; on the Internet
        // almost always a missing ".jp": a warning, not an error.
        .severity_if(
            variant == "domain-no-dot",
            crate::diagnostics::Severity::Warning,
        )
        .arg("field", field)
        .arg("value", value.value.clone());
    for (k, v) in args {
        f = f.arg(k, v);
    }
    em.emit(f);
}

fn dots(
    value: &Located<String>,
    folded: &str,
    field: &str,
    span_of: &dyn Fn(std::ops::Range<usize>) -> crate::source::Span,
    em: &mut Emitter,
) {
    let problems = local_part_dots(folded);
    let Some(first) = problems.first() else {
        return;
    };
    let key_range = |p: &DotProblem| match p {
        DotProblem::DoubleDot(r) => ("double-dot", r.clone()),
        DotProblem::LeadingDot(r) => ("leading-dot", r.clone()),
        DotProblem::TrailingDot(r) => ("trailing-dot", r.clone()),
    };
    let (first_key, _) = key_range(first);
    let reason = em.label_text("ML104", first_key, &[]);
    let mut f = Finding::new("ML104", value.span)
        .arg("field", field)
        .arg("value", value.value.clone())
        .arg("reason", reason);
    for p in &problems {
        let (key, r) = key_range(p);
        f = f.label(span_of(r), key, vec![]);
    }
    em.emit(f);
}
