//! Address rules: ML101 (via fullwidth), ML102 uppercase-in-address,
//! ML103 invalid-address, ML104 rfc-violating-local-part.

use super::{Emitter, FieldName, Finding, fullwidth};
use crate::catalogue::{
    InvalidAddress, RfcViolatingLocalPart, UppercaseInAddress, invalid_address,
    rfc_violating_local_part,
};
use crate::model::{Account, Protocol};
use crate::source::Located;
use crate::syntax::{AddressError, DotProblem, LabelError, check_address, local_part_dots};
use crate::tables::Field;

pub fn check(account: &Account, em: &mut Emitter) {
    for identity in &account.identities {
        if let Some(address) = &identity.address {
            check_one(address, Field::Address, em);
        }
        if let Some(reply_to) = &identity.reply_to {
            check_one(reply_to, Field::ReplyTo, em);
        }
    }
    // User names are not addresses, but must be half-width all the same.
    for server in account.servers() {
        if let Some(user) = &server.user_name {
            let key = match server.role {
                crate::model::ServerRole::Incoming => Field::IncomingUser,
                crate::model::ServerRole::Outgoing => Field::OutgoingUser,
            };
            let field = em.field(key, &server.protocol.value);
            fullwidth::check_value(user, field, em);
        }
    }
}

fn check_one(value: &Located<crate::model::Str>, field_key: Field, em: &mut Emitter) {
    if value.value.is_empty() {
        return;
    }
    let field = em.field(field_key, &Protocol::Smtp);
    let had_wide = fullwidth::check_value(value, field, em);
    let folded = super::folded(&value.value);
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
            invalid(value, &folded, field, e, &span_of, em);
        }
        Ok(()) => dots(value, &folded, field, &span_of, em),
    }
    if folded.bytes().any(|c| c.is_ascii_uppercase()) {
        em.emit(
            Finding::new(UppercaseInAddress, value.span)
                .arg("field", field)
                .arg("value", &value.value)
                .arg("suggestion", folded.to_ascii_lowercase()),
        );
    }
}

fn invalid(
    value: &Located<crate::model::Str>,
    folded: &str,
    field: FieldName<'_>,
    e: AddressError,
    span_of: &dyn Fn(std::ops::Range<usize>) -> crate::source::Span,
    em: &mut Emitter,
) {
    let label = |key: invalid_address::Label, em: &Emitter| em.label_text(key, &[]);
    let (variant, span, args): (invalid_address::Message, _, Vec<(&'static str, String)>) = match e
    {
        AddressError::NoAt => (invalid_address::Message::NoAt, value.span, vec![]),
        AddressError::ManyAt => (invalid_address::Message::ManyAt, value.span, vec![]),
        AddressError::Space(r) => {
            let suggestion: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
            (
                invalid_address::Message::Space,
                span_of(r),
                vec![("suggestion", suggestion)],
            )
        }
        AddressError::EmptyLocal => (invalid_address::Message::EmptyLocal, value.span, vec![]),
        AddressError::EmptyDomain => (invalid_address::Message::EmptyDomain, value.span, vec![]),
        AddressError::LocalChar(c, r) => (
            invalid_address::Message::LocalChar,
            span_of(r),
            vec![("char", c.to_string())],
        ),
        AddressError::NonAsciiLocal(r) => {
            (invalid_address::Message::NonAsciiLocal, span_of(r), vec![])
        }
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
                invalid_address::Message::DomainChar,
                span_of(r),
                vec![("char", c.to_string()), ("suggestion", suggestion)],
            )
        }
        AddressError::DomainLabel(l) => {
            let (key, r) = match l {
                LabelError::Empty(r) => (invalid_address::Label::LabelEmpty, r),
                LabelError::Hyphen(r) => (invalid_address::Label::LabelHyphen, r),
                LabelError::TooLong(r) => (invalid_address::Label::LabelTooLong, r),
            };
            (
                invalid_address::Message::DomainLabel,
                span_of(r),
                vec![("reason", label(key, em))],
            )
        }
        AddressError::DomainNoDot => (invalid_address::Message::DomainNoDot, value.span, vec![]),
        AddressError::LocalTooLong => (
            invalid_address::Message::TooLong,
            value.span,
            vec![("reason", label(invalid_address::Label::LocalTooLong, em))],
        ),
        AddressError::AddressTooLong => (
            invalid_address::Message::TooLong,
            value.span,
            vec![("reason", label(invalid_address::Label::AddressTooLong, em))],
        ),
        AddressError::DomainTooLong => (
            invalid_address::Message::TooLong,
            value.span,
            vec![("reason", label(invalid_address::Label::DomainTooLong, em))],
        ),
    };
    let mut f = Finding::new(InvalidAddress, span)
        .variant(variant)
        // Valid in RFC 5321 and used on private networks; on the Internet
        // almost always a missing ".jp": a warning, not an error.
        .severity_if(
            variant == invalid_address::Message::DomainNoDot,
            crate::diagnostics::Severity::Warning,
        )
        .arg("field", field)
        .arg("value", &value.value);
    for (k, v) in args {
        f = f.arg(k, v);
    }
    em.emit(f);
}

fn dots(
    value: &Located<crate::model::Str>,
    folded: &str,
    field: FieldName<'_>,
    span_of: &dyn Fn(std::ops::Range<usize>) -> crate::source::Span,
    em: &mut Emitter,
) {
    let problems = local_part_dots(folded);
    let Some(first) = problems.first() else {
        return;
    };
    let key_range = |p: &DotProblem| match p {
        DotProblem::DoubleDot(r) => (rfc_violating_local_part::Label::DoubleDot, r.clone()),
        DotProblem::LeadingDot(r) => (rfc_violating_local_part::Label::LeadingDot, r.clone()),
        DotProblem::TrailingDot(r) => (rfc_violating_local_part::Label::TrailingDot, r.clone()),
    };
    let (first_key, _) = key_range(first);
    let reason = em.label_text(first_key, &[]);
    let mut f = Finding::new(RfcViolatingLocalPart, value.span)
        .arg("field", field)
        .arg("value", &value.value)
        .arg("reason", reason);
    for p in &problems {
        let (key, r) = key_range(p);
        f = f.label(span_of(r), key, vec![]);
    }
    em.emit(f);
}
