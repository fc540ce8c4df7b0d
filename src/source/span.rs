//! Byte spans into a decoded source text, and values that remember them.

use serde::Serialize;
use std::any::TypeId;

/// Index of a file in the [`super::SourceMap`] of one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SourceId(pub u32);

/// A half-open byte range `start..end` in the decoded (UTF-8) text of one source file.
///
/// Spans index the decoded text so that rules and renderers work on one
/// encoding; [`super::SourceFile::original_range`] maps a span back to the
/// bytes of the file as it is on disk (UTF-16, Shift_JIS, ...), which is what
/// a fix edits.
///
/// The offsets are four bytes each, the span twelve (24 with `usize`
/// offsets): a model of 5,000 accounts holds about 150,000 spans, a finding
/// one or more (issue 15, peak memory). A text of 4 GiB or more is never
/// read: [`MAX_TEXT_LEN`] (the pipeline reports such a file as too large,
/// ML003, whatever `--max-file-size` says), so every offset fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub source: SourceId,
    pub start: u32,
    pub end: u32,
}

/// The longest text (or binary file) a span can point into: offsets are
/// `u32`s ([`Span`]).
pub const MAX_TEXT_LEN: usize = u32::MAX as usize;

/// An offset as a span holds it: its low 32 bits. Only a text longer than
/// [`MAX_TEXT_LEN`] has offsets that do not fit, and none is read (the
/// pipeline refuses it; `--max-file-size` is 64 MiB unless raised). Not
/// saturated: a compare for each of the million offsets a 10 MB file's
/// reader makes was 1 % of its run (issue 15).
#[inline]
fn narrow(offset: usize) -> u32 {
    debug_assert!(offset <= MAX_TEXT_LEN, "offset {offset} past 4 GiB");
    offset as u32
}

impl Span {
    pub fn new(source: SourceId, start: usize, end: usize) -> Self {
        let start = narrow(start);
        Span {
            source,
            start,
            end: narrow(end).max(start),
        }
    }

    /// The byte range, to index the text with.
    #[inline]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both (same source assumed).
    pub fn to(&self, other: Span) -> Span {
        let start = self.start.min(other.start);
        Span {
            source: self.source,
            start,
            end: self.end.max(other.end).max(start),
        }
    }
}

/// Where a model value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Written in the file; the span covers the value.
    File,
    /// Absent from the file: the client's built-in default applies. The span
    /// points at the place that defines the account (its section or first key).
    Default,
    /// Not written as such: the client works it out from another value it
    /// reads (a port from `host:port`, a version from a file beside it). The
    /// span points at that other value when it is in this file.
    Derived,
}

/// Why a value that the file does not state as such has the value it has:
/// the client's rule, stated by the reader so that JSON and `report` can say
/// "not set: Thunderbird uses 587". Serialised in kebab-case (JSON `basis`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// The program's built-in default for this setting.
    ClientDefault,
    /// The protocol's default port (with or without SSL/TLS).
    ProtocolPort,
    /// Thunderbird 91 and later: an unset SMTP port is 587, or 465 with
    /// SSL/TLS (25 before 91).
    #[serde(rename = "submission-port-since-91")]
    SubmissionPortSince91,
    /// Thunderbird POP3: a port of 1 or less counts as unset.
    PortAtMostOneUnset,
    /// Claws Mail / Sylpheed: the written port is ignored without `set_*port=1`.
    PortNotSwitchedOn,
    /// Thunderbird splits an incoming `host:port` name: the port is the name's.
    PortFromHostName,
    /// The protocol's default for periodic checks (Thunderbird POP3, IMAP: on).
    ProtocolCheckDefault,
    /// Claws Mail: `config_version` missing in `accountrc`, taken from `clawsrc`.
    VersionFromClawsrc,
    /// Claws Mail: no `config_version` anywhere: version 0 (Sylpheed's numbering).
    VersionZero,
    /// Outlook Express `SMTP Use Sicily` = 2: the incoming server's login.
    SameAsIncoming,
    /// Thunderbird 132 and later run a one-time migration that turns
    /// "STARTTLS if available" into "STARTTLS" (`mail.ui-rdf.version` 1–43).
    StarttlsMigrated,
    /// Thunderbird 132 and later no longer know "STARTTLS if available" and
    /// connect without encryption (no migration for this profile).
    #[serde(rename = "starttls-dropped-since-132")]
    StarttlsDroppedSince132,
}

/// How a reader writes a new value of a model type at a value's span: the
/// exact text that replaces the span (escaped, quoted or encoded as the file's
/// syntax wants), or `None` when the format cannot say that value there.
///
/// The reader states it, so that a fix (`src/fix/`) can change a value
/// without rules or the fix engine knowing any file syntax. It is not part of
/// the value: two `Located` values that differ only in it are equal (unless
/// one says where to add a default and the other does not, or elsewhere).
///
/// For a client default it is an insert instead: where a value the file does
/// not set would be added (`at`, usually an empty span where a new line
/// goes), and the function gives the whole text to put there (the line with
/// its break). A value needs one or the other, never both (a default has no
/// place of its own to write over; a value in the file is not added), so one
/// field holds either.
///
/// One pointer wide (the function is boxed inside the shared allocation), so
/// that every `Located` value pays 8 bytes for it, not 16 (32 with an insert
/// beside it): a model of 5,000 accounts holds about 150,000 located values
/// (issue 15, peak memory).
pub struct Rewrite<T>(std::sync::Arc<RewriteBox<T>>);

/// The function behind a [`Rewrite`].
type RewriteFn<T> = dyn Fn(&T) -> Option<String> + Send + Sync;

/// The boxed function: a sized type, so that the `Arc` to it is thin.
struct RewriteBox<T> {
    f: Box<RewriteFn<T>>,
    /// Made once and kept for the thread's life ([`shared`]): its address
    /// names it.
    shared: bool,
    /// An insert's place ([`Located::with_insert`]); never shared.
    at: Option<Span>,
}

impl<T> RewriteBox<T> {
    fn new(f: impl Fn(&T) -> Option<String> + Send + Sync + 'static, shared: bool) -> Self {
        RewriteBox {
            f: Box::new(f),
            shared,
            at: None,
        }
    }
}

impl<T: 'static> Rewrite<T> {
    /// A rewrite calling `f`. A function that captures nothing (most readers'
    /// quoting and numbering) is made once per thread and shared: readers
    /// state one for nearly every value, and an allocation each was a tenth
    /// of the model's memory on a big file (issue 15).
    pub fn new<F>(f: F) -> Self
    where
        F: Fn(&T) -> Option<String> + Send + Sync + 'static,
    {
        if std::mem::size_of::<F>() == 0 {
            return shared::rewrite(TypeId::of::<F>(), 0, || f);
        }
        Rewrite(std::sync::Arc::new(RewriteBox::new(f, false)))
    }

    /// An insert at `at` calling `f`: its own allocation, since the place
    /// is the value's.
    fn insert(at: Span, f: impl Fn(&T) -> Option<String> + Send + Sync + 'static) -> Self {
        let mut b = RewriteBox::new(f, false);
        b.at = Some(at);
        Rewrite(std::sync::Arc::new(b))
    }

    /// This rewrite after `back` ([`Located::map_back`]): shared like a
    /// function that captures nothing when `back` captures nothing and this
    /// one is shared (the pair names the result; the entry is looked up
    /// before any closure is made). `back` is moved into the one new
    /// rewrite, not shared by an `Arc` (issue 15: an `Arc` a call, and the
    /// closures' copies, were most of `map_back`'s cost). An insert's place
    /// goes with it (a shared rewrite never has one).
    fn through<U: 'static, B>(&self, back: B) -> Rewrite<U>
    where
        B: Fn(&U) -> Option<T> + Send + Sync + 'static,
    {
        if std::mem::size_of::<B>() == 0 && self.0.shared {
            let address = std::sync::Arc::as_ptr(&self.0) as usize;
            let inner = self;
            return shared::rewrite(TypeId::of::<B>(), address, move || {
                let inner = inner.clone();
                move |u: &U| back(u).and_then(|t| inner.text(&t))
            });
        }
        let inner = self.clone();
        let mut b = RewriteBox::new(move |u: &U| back(u).and_then(|t| inner.text(&t)), false);
        b.at = self.0.at;
        Rewrite(std::sync::Arc::new(b))
    }
}

impl<T> Rewrite<T> {
    /// The text that writes `value` at the span (or, for an insert, at
    /// [`Rewrite::at`]).
    pub fn text(&self, value: &T) -> Option<String> {
        (self.0.f)(value)
    }

    /// Where an insert adds its text; `None` for a rewrite over the value.
    pub fn at(&self) -> Option<Span> {
        self.0.at
    }
}

/// The per-thread cache of rewrites whose function captures nothing, by the
/// function's type (and, for [`Rewrite::through`], the shared rewrite it
/// calls): two such functions of one type behave alike. Entries live as long
/// as the thread, so an address in a key is never reused.
mod shared {
    use super::{Rewrite, RewriteBox};
    use std::any::{Any, TypeId};
    use std::cell::RefCell;
    use std::collections::HashMap;

    type Cache = HashMap<(TypeId, usize), Box<dyn Any>, ahash::RandomState>;

    thread_local! {
        static CACHE: RefCell<Cache> = RefCell::new(HashMap::default());
    }

    pub(super) fn rewrite<T: 'static, F>(
        ty: TypeId,
        address: usize,
        f: impl FnOnce() -> F,
    ) -> Rewrite<T>
    where
        F: Fn(&T) -> Option<String> + Send + Sync + 'static,
    {
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let entry = cache.entry((ty, address)).or_insert_with(|| {
                Box::new(Rewrite(std::sync::Arc::new(RewriteBox::new(f(), true))))
            });
            match entry.downcast_ref::<Rewrite<T>>() {
                Some(r) => r.clone(),
                // Not reached: an entry is stored under its function's type,
                // whose signature names `T`.
                None => Rewrite(std::sync::Arc::new(RewriteBox::new(|_: &T| None, false))),
            }
        })
    }
}

impl<T> Clone for Rewrite<T> {
    fn clone(&self) -> Self {
        Rewrite(self.0.clone())
    }
}

impl<T> std::fmt::Debug for Rewrite<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rewrite")
    }
}

/// Functions are not compared; an insert's place is.
impl<T> PartialEq for Rewrite<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0.at == other.0.at
    }
}

/// A value together with the span it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
    pub origin: Origin,
    /// True when `value` is a string that appears byte for byte at `span`
    /// (no escapes, no quotes inside the span), so that a byte range inside
    /// the value maps to a byte range inside the file.
    pub verbatim: bool,
    /// The client's rule behind a default or derived value (or behind a
    /// written value the client reads in its own way), when a reader states it.
    pub basis: Option<Basis>,
    /// How to write another value at `span` (set by readers that can), or,
    /// for a client default, where and how a value would be added (an
    /// insert: [`Rewrite::at`]).
    pub rewrite: Option<Rewrite<T>>,
}

impl<T> Located<T> {
    /// A value read from the file.
    pub fn file(value: T, span: Span) -> Self {
        Located {
            value,
            span,
            origin: Origin::File,
            verbatim: false,
            basis: None,
            rewrite: None,
        }
    }

    /// A client default; `anchor` is where the account is defined.
    pub fn default_at(value: T, anchor: Span) -> Self {
        Located {
            value,
            span: anchor,
            origin: Origin::Default,
            verbatim: false,
            basis: None,
            rewrite: None,
        }
    }

    /// A client default and the client's rule behind it.
    pub fn default_by(value: T, anchor: Span, basis: Basis) -> Self {
        Located::default_at(value, anchor).because(basis)
    }

    /// A value the client works out from the value at `span`.
    pub fn derived(value: T, span: Span, basis: Basis) -> Self {
        Located {
            value,
            span,
            origin: Origin::Derived,
            verbatim: false,
            basis: Some(basis),
            rewrite: None,
        }
    }

    /// The same value, with the client's rule behind it.
    pub fn because(mut self, basis: Basis) -> Self {
        self.basis = Some(basis);
        self
    }

    pub fn with_verbatim(mut self, verbatim: bool) -> Self {
        self.verbatim = verbatim;
        self
    }

    /// State how a new value is written at this value's span. A client
    /// default keeps its insert: it has no span of its own to write over.
    pub fn with_rewrite(mut self, f: impl Fn(&T) -> Option<String> + Send + Sync + 'static) -> Self
    where
        T: 'static,
    {
        if !(self.is_default() && self.insert().is_some()) {
            self.rewrite = Some(Rewrite::new(f));
        }
        self
    }

    /// The text that writes `value` here, when the reader said how and the
    /// value is in the file (a client default has no place to write to).
    pub fn rewrite_text(&self, value: &T) -> Option<String> {
        if self.is_default() {
            return None;
        }
        let r = self.rewrite.as_ref().filter(|r| r.at().is_none())?;
        r.text(value)
    }

    /// State where and how a value the file does not set would be added.
    /// A value in the file keeps its rewrite: it is written where it is.
    pub fn with_insert(
        mut self,
        at: Span,
        f: impl Fn(&T) -> Option<String> + Send + Sync + 'static,
    ) -> Self
    where
        T: 'static,
    {
        let written_over = self.rewrite.as_ref().is_some_and(|r| r.at().is_none());
        if self.is_default() || !written_over {
            self.rewrite = Some(Rewrite::insert(at, f));
        }
        self
    }

    /// The insert ([`Located::with_insert`]), when the reader stated one.
    fn insert(&self) -> Option<&Rewrite<T>> {
        self.rewrite.as_ref().filter(|r| r.at().is_some())
    }

    /// Where and what to write to make the value `value`: over the value in
    /// the file, or, for a client default, where the reader would add it.
    pub fn write(&self, value: &T) -> Option<(Span, String)> {
        if self.is_default() {
            let ins = self.insert()?;
            return Some((ins.at()?, ins.text(value)?));
        }
        Some((self.span, self.rewrite_text(value)?))
    }

    /// Like [`Located::map`], keeping the way back: `back` turns a new `U`
    /// into the `T` the file stores (the flag or number behind an enum), which
    /// this value's own rewrite then writes.
    pub fn map_back<U, B>(self, f: impl FnOnce(T) -> U, back: B) -> Located<U>
    where
        T: 'static,
        U: 'static,
        B: Fn(&U) -> Option<T> + Send + Sync + 'static,
    {
        let rewrite = self.rewrite.as_ref().map(|r| r.through(back));
        let mut out = self.map(f);
        out.rewrite = rewrite;
        out
    }

    pub fn is_default(&self) -> bool {
        self.origin == Origin::Default
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Located<U> {
        Located {
            value: f(self.value),
            span: self.span,
            origin: self.origin,
            verbatim: self.verbatim,
            basis: self.basis,
            rewrite: None,
        }
    }

    pub fn as_ref(&self) -> Located<&T> {
        Located {
            value: &self.value,
            span: self.span,
            origin: self.origin,
            verbatim: self.verbatim,
            basis: self.basis,
            rewrite: None,
        }
    }
}

impl<T: AsRef<str>> Located<T> {
    /// The span of `range` (byte offsets into the value) inside the file, when
    /// the value is verbatim; otherwise the span of the whole value.
    pub fn sub_span(&self, range: std::ops::Range<usize>) -> Span {
        sub_span_of(self.span, self.verbatim, self.value.as_ref().len(), range)
    }
}

/// The span of `range` (byte offsets into a value of `len` bytes found at
/// `span`): its own bytes when the value is written verbatim in the file,
/// else the whole value's span (an unescaped value's offsets are not the
/// file's). Shared by [`Located::sub_span`] and the XML reader's texts.
pub fn sub_span_of(span: Span, verbatim: bool, len: usize, range: std::ops::Range<usize>) -> Span {
    if verbatim && range.end <= len && range.start <= range.end {
        Span::new(
            span.source,
            span.start as usize + range.start,
            span.start as usize + range.end,
        )
    } else {
        span
    }
}

#[cfg(test)]
mod tests;
