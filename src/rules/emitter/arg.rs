//! The facts a finding fills into its catalogue texts, kept as the rule
//! states them (a value borrowed from the model, a number, a field's key)
//! and written into the text only as it is filled (issue 15: no `String`
//! per fact, and none at all for a server without a finding).

use std::borrow::Cow;

use crate::escape::{MAX_VALUE_CHARS, cut};
use crate::i18n::Lang;
use crate::tables::{Field, Ui};

/// A field's name (`Field::IncomingHost` of a POP3 server) not yet put
/// into words: every server asks for its field's name, few have a finding.
#[derive(Clone, Copy, Debug)]
pub struct FieldName<'a> {
    pub key: Field,
    /// The protocol as messages name it (`POP3`).
    pub protocol: &'a str,
}

impl FieldName<'_> {
    /// The name in `lang`, as [`crate::i18n::fill`] fills its `{protocol}`.
    pub fn text(self, lang: Lang) -> String {
        let template = self.key.get(lang);
        let mut out = String::with_capacity(template.len() + self.protocol.len());
        push_field_text(&mut out, template, self.protocol);
        out
    }
}

/// A field's `template` with `{protocol}` filled in, as [`crate::i18n::fill`]
/// fills it.
pub(super) fn push_field_text(out: &mut String, template: &str, protocol: &str) {
    match split_field(template) {
        Some((head, with_protocol, tail)) => {
            out.push_str(head);
            if with_protocol {
                out.push_str(protocol);
            }
            out.push_str(tail);
        }
        None => out.push_str(&crate::i18n::fill(template, &[("protocol", protocol)])),
    }
}

/// A template with no placeholder, or with one `{protocol}` and no other
/// `{`, as its text before, whether it has the `{protocol}`, and its text
/// after: put together directly. `None` for any other (filled by `fill`).
fn split_field(template: &str) -> Option<(&str, bool, &str)> {
    let b = template.as_bytes();
    match memchr::memchr(b'{', b) {
        None => Some((template, false, "")),
        Some(i)
            if b[i..].starts_with(b"{protocol}") && memchr::memchr(b'{', &b[i + 1..]).is_none() =>
        {
            Some((&template[..i], true, &template[i + "{protocol}".len()..]))
        }
        Some(_) => None,
    }
}

/// One fact of a finding.
#[derive(Clone, Debug)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Int(i64),
    Field(FieldName<'a>),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(v: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(v))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(v: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(v))
    }
}

/// A model value ([`crate::model::Str`]), borrowed.
impl<'a> From<&'a crate::model::Str> for Arg<'a> {
    fn from(v: &'a crate::model::Str) -> Self {
        Arg::Text(Cow::Borrowed(v))
    }
}

impl From<String> for Arg<'_> {
    fn from(v: String) -> Self {
        Arg::Text(Cow::Owned(v))
    }
}

impl<'a> From<Cow<'a, str>> for Arg<'a> {
    fn from(v: Cow<'a, str>) -> Self {
        Arg::Text(v)
    }
}

/// Numbers are kept as numbers and written as their digits (what
/// `to_string` gave).
macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(v: $t) -> Self {
                match i64::try_from(v) {
                    Ok(n) => Arg::Int(n),
                    Err(_) => Arg::Text(Cow::Owned(v.to_string())),
                }
            }
        }
    )*};
}

from_int!(i64, i32, u8, u16, u32, u64, usize);

impl<'a> From<FieldName<'a>> for Arg<'a> {
    fn from(v: FieldName<'a>) -> Self {
        Arg::Field(v)
    }
}

impl Arg<'_> {
    /// Write the value as a message quotes it: a value longer than
    /// [`MAX_VALUE_CHARS`] cut, with its length (as `fill_entry` always did).
    pub fn write_to(&self, out: &mut String, lang: Lang) {
        match self {
            Arg::Text(v) => push_value(out, v, lang),
            // A number's digits are never too long to quote.
            Arg::Int(n) => out.push_str(itoa::Buffer::new().format(*n)),
            Arg::Field(f) => match split_field(f.key.get(lang)) {
                // Short enough to need no cut: written in place.
                Some((head, with_protocol, tail))
                    if head.len() + tail.len() + f.protocol.len() <= MAX_VALUE_CHARS =>
                {
                    out.push_str(head);
                    if with_protocol {
                        out.push_str(f.protocol);
                    }
                    out.push_str(tail);
                }
                _ => push_value(out, &f.text(lang), lang),
            },
        }
    }

    /// The value as a message quotes it.
    #[cfg(test)]
    pub fn shown(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.write_to(&mut out, lang);
        out
    }
}

/// `v` as a message quotes it: as it is, or cut when long.
pub fn push_value(out: &mut String, v: &str, lang: Lang) {
    if v.len() <= MAX_VALUE_CHARS {
        out.push_str(v);
    } else {
        out.push_str(&cut(v, |n| {
            Ui::HumanValueCut.fill(lang, &[("count", n.to_string())])
        }));
    }
}
