//! What a provisioning template (Mozilla autoconfig, Microsoft Autodiscover,
//! Apple configuration profile) adds to an account: the provider's domains,
//! the placeholders it uses, the servers it offers as alternatives, and the
//! facts about the file that template rules judge. Readers state the facts;
//! rules decide what is wrong with them.

use crate::model::{Server, Str};
use crate::source::{Located, Span};

/// An account read from a template rather than from a client's settings.
#[derive(Clone, Debug, Default)]
pub struct TemplateInfo {
    /// The provider's mail domains (autoconfig `<domain>`, else the domain of
    /// the address where the template gives one). `{domain}` stands for these.
    pub domains: Vec<Located<Str>>,
    /// The provider's own id (autoconfig `emailProvider id`), usually a domain.
    pub provider_id: Option<Located<Str>>,
    /// Every `%NAME%` used in a value the client fills in.
    pub placeholders: Vec<Placeholder>,
    /// Incoming servers offered besides [`crate::model::Account::incoming`]
    /// (the client takes the first it can use; the others are alternatives).
    /// Outgoing alternatives are all in `Account::outgoing`.
    pub incoming_alternatives: Vec<Server>,
    /// Places where a password is written into the template (never the value).
    pub embedded_passwords: Vec<EmbeddedPassword>,
    /// Values outside the set or range the format allows.
    pub bad_values: Vec<BadValue>,
    /// Required elements or keys that are absent.
    pub missing: Vec<Missing>,
    /// Elements in a place the format does not allow them.
    pub misplaced: Vec<Misplaced>,
    /// A UTF-8 byte-order mark at the start of the file.
    pub bom: Option<Span>,
}

/// A `%NAME%` in a template value.
#[derive(Clone, Debug)]
pub struct Placeholder {
    /// The placeholder with its percent signs, at its exact span.
    pub name: Located<Str>,
    /// Whether the format's clients replace it.
    pub known: bool,
}

#[derive(Clone, Debug)]
pub struct EmbeddedPassword {
    /// The element or key that holds it (`password`, `IncomingPassword`).
    pub element: String,
    /// The element with its value; the value itself is never read into the model.
    pub span: Span,
    /// Where the value is, so that it can be blanked out of every snippet.
    pub value: Option<Span>,
}

/// What the client does with a value outside its set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadValueEffect {
    /// The client ignores the whole server this value belongs to.
    ServerIgnored,
    /// The client ignores the value and goes on (next value, or its default).
    ValueIgnored,
    /// The client accepts it although the format does not define it.
    Tolerated,
}

#[derive(Clone, Debug)]
pub struct BadValue {
    /// Element or key name (`socketType`, `port`, `Encryption`).
    pub element: String,
    pub value: Located<Str>,
    /// The values or range the format allows, as the file would spell them.
    pub allowed: String,
    pub effect: BadValueEffect,
    /// The value differs from an allowed one only in letter case.
    pub case_only: bool,
}

#[derive(Clone, Debug)]
pub struct Missing {
    pub element: String,
    /// The element or dictionary it is missing from.
    pub parent: String,
    /// Where the parent is (its start tag).
    pub anchor: Span,
    /// The client then ignores the server (or the whole file when no server
    /// of that role is left).
    pub effect: MissingEffect,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingEffect {
    /// The client rejects the whole template.
    FileRejected,
    ServerIgnored,
    /// The client goes on with a default or asks the user.
    Default,
    /// The client goes on with the literal text `undefined` (Thunderbird's
    /// `readFromXML` takes `String(undefined)` for an absent `<username>`).
    ReadAsUndefined,
}

#[derive(Clone, Debug)]
pub struct Misplaced {
    pub element: String,
    /// Where it is.
    pub parent: String,
    /// Where it belongs.
    pub expected_parent: String,
    pub span: Span,
}
