//! The Internet Account Manager's value names (Outlook Express, Outlook's
//! Internet-only accounts, Windows Mail's `.oeaccount`, `.iaf` exports) and
//! how the client reads them. Each syntax (`.reg`, `.iaf`, XML) fills a
//! [`PropBag`]; [`assemble`] turns the bag into an account with the client's
//! defaults (formats.md §1.2, §3.3).

use crate::catalogue::ParseKind;
use crate::model::Str;
use crate::model::{
    Account, AuthMethod, Capabilities, Client, ClientOptions, Connection, DeleteTrigger, Identity,
    ParseProblem, PopBeforeSmtp, Protocol, Security, Server, ServerRole, SkipKind, Skipped,
};
use crate::source::{Basis, Located, Rewrite, Span};
use std::borrow::Cow;

/// A value as the syntax gave it. A `.reg` string written without escapes
/// is borrowed from the text (issue 15: a `String` for every value and
/// value name, 545,000 of them in a 10 MB export, was a third of reading
/// it); the binary and XML readers' values are owned.
#[derive(Clone, Debug, PartialEq)]
pub enum PropValue<'a> {
    Text(Cow<'a, str>),
    Number(i64),
    /// Password material is present (never the bytes themselves).
    Secret {
        non_empty: bool,
    },
    /// `REG_BINARY` data (`hex:` in an export); Outlook 2007+ keeps its
    /// account strings so, as UTF-16LE.
    Binary(Vec<u8>),
    /// A type the account model does not use (multi-strings, `hex(N):`).
    Other,
}

/// One named value with where it is.
#[derive(Clone, Debug)]
pub struct Prop<'a> {
    /// The registry value name (spaces, not underscores).
    pub name: Cow<'a, str>,
    pub name_span: Span,
    pub value: PropValue<'a>,
    pub span: Span,
    /// The text value appears unchanged at `span`.
    pub verbatim: bool,
}

/// The syntax a [`PropBag`] was read from, which says how a fix writes a new
/// value at a value's span (`.iaf` is binary: no rewrite).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PropSyntax {
    #[default]
    Binary,
    /// A `.reg` export: the span of a string is between its quotes, of a
    /// number the whole `dword:0000024b`.
    Reg,
    /// A Windows Mail `.oeaccount` element's text (DWORDs in 8 hex digits).
    OeAccountXml,
}

impl PropSyntax {
    /// How a string is written in this syntax. Functions that capture
    /// nothing, so that every value shares one ([`Rewrite::new`]).
    /// Each shared rewrite is looked up once a thread and kept, not looked
    /// up in `Rewrite::new`'s map for every value (issue 15: a hash a value).
    fn text_rewrite(self) -> Option<Rewrite<Str>> {
        thread_local! {
            static REG: Rewrite<Str> =
                Rewrite::new(|s: &Str| Some(super::reg::quote_content(s)));
            static XML: Rewrite<Str> =
                Rewrite::new(|s: &Str| Some(crate::formats::xml::escape_text(s)));
        }
        match self {
            PropSyntax::Binary => None,
            PropSyntax::Reg => Some(REG.with(Clone::clone)),
            PropSyntax::OeAccountXml => Some(XML.with(Clone::clone)),
        }
    }

    fn number_rewrite(self) -> Option<Rewrite<i64>> {
        thread_local! {
            static REG: Rewrite<i64> = Rewrite::new(|n: &i64| {
                u32::try_from(*n).ok().map(|n| dword_line("", n))
            });
            static XML: Rewrite<i64> = Rewrite::new(|n: &i64| {
                u32::try_from(*n).ok().map(|n| format!("{n:08x}"))
            });
        }
        match self {
            PropSyntax::Binary => None,
            PropSyntax::Reg => Some(REG.with(Clone::clone)),
            PropSyntax::OeAccountXml => Some(XML.with(Clone::clone)),
        }
    }
}

/// `head` then `dword:` and `n` in eight lower-case hex digits: what
/// `format!("{head}dword:{n:08x}")` writes, without its formatter (issue 15:
/// a fix's text is asked for every value a rule flags).
fn dword_line(head: &str, n: u32) -> String {
    dword_after(&[head], n)
}

/// The `.reg` line that sets the DWORD `name` to `n`, with the line break
/// before it (`\r\n` when `crlf`, else `\n`): what `View::insert_line`'s
/// head and [`dword_line`] made, in one allocation.
fn dword_insert(crlf: bool, name: &str, n: u32) -> String {
    let nl = if crlf { "\r\n" } else { "\n" };
    if name.contains(['\\', '"']) {
        return dword_after(&[nl, "\"", &super::reg::quote_content(name), "\"="], n);
    }
    dword_after(&[nl, "\"", name, "\"="], n)
}

/// The pieces of `head`, then `dword:` and `n` in eight lower-case hex
/// digits, in one allocation.
fn dword_after(head: &[&str], n: u32) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(head.iter().map(|h| h.len()).sum::<usize>() + 14);
    for h in head {
        out.push_str(h);
    }
    out.push_str("dword:");
    for shift in (0..8).rev() {
        let nibble = (n >> (shift * 4)) & 0xf;
        out.push(char::from(HEX[nibble as usize]));
    }
    out
}

/// The values of one account, in file order.
#[derive(Clone, Debug, Default)]
pub struct PropBag<'a> {
    pub props: Vec<Prop<'a>>,
    pub syntax: PropSyntax,
    /// Where a value the account lacks would be added (`.reg`: right after
    /// the key's `[...]` line), and the file's line break.
    pub insert_at: Option<(Span, &'static str)>,
    /// Where the last value of each name [`assemble`] asks for is, kept up
    /// to date as values are pushed, when the reader asked for it
    /// ([`PropBag::keep_known`]; the `.reg` reader knows each name's number
    /// from the name before it, issue 15); else [`assemble`] makes it.
    known: Option<KnownIndex>,
}

impl<'a> PropBag<'a> {
    /// The last value named `name` (registry names are case-insensitive; a
    /// later line of a `.reg` file overwrites an earlier one on import).
    pub fn get(&self, name: &str) -> Option<&Prop<'a>> {
        self.props
            .iter()
            .rev()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// Remove every value named `name` (a `"name"=-` deletion).
    pub fn delete(&mut self, name: &str) {
        self.props.retain(|p| !p.name.eq_ignore_ascii_case(name));
        if self.known.is_some() {
            self.known = KnownIndex::of(self);
        }
    }

    pub fn push(&mut self, prop: Prop<'a>) {
        let known = self.known.as_ref().and_then(|_| known_name(&prop.name));
        self.push_known(prop, known);
    }

    /// [`PropBag::push`] of a value whose name is `known` in [`KNOWN`]
    /// (`known_name` of its name, which the caller already has).
    pub(crate) fn push_known(&mut self, prop: Prop<'a>, known: Option<usize>) {
        let at = self.props.len();
        self.props.push(prop);
        if let Some(index) = self.known.as_mut() {
            match u32::try_from(at) {
                Ok(at) => {
                    if let Some(slot) = known.and_then(|k| index.last.get_mut(k)) {
                        *slot = at;
                    }
                }
                // Too many values for the index: `assemble` searches.
                Err(_) => self.known = None,
            }
        }
    }

    /// Keep the index of known names up to date from now on (an empty bag:
    /// the index of its values so far otherwise).
    pub(crate) fn keep_known(&mut self) {
        self.known = KnownIndex::of(self);
    }

    /// The index of known names kept while reading, if any.
    #[cfg(test)]
    pub(crate) fn known_index(&self) -> Option<&KnownIndex> {
        self.known.as_ref()
    }

    /// An empty bag read from `syntax`.
    pub fn of(syntax: PropSyntax) -> Self {
        PropBag {
            props: Vec::new(),
            syntax,
            insert_at: None,
            known: None,
        }
    }

    /// The bag seen through [`View`], searched name by name.
    pub(crate) fn view(&self) -> View<'_, 'a> {
        View {
            bag: self,
            known: None,
        }
    }

    pub(crate) fn number(
        &self,
        name: &str,
        problems: &mut Vec<ParseProblem>,
    ) -> Option<Located<i64>> {
        self.view().number(name, problems)
    }

    pub(crate) fn has_secret(&self, name: &str) -> bool {
        self.view().has_secret(name)
    }
}

/// A bag as [`assemble`] reads it: typed values, problems, defaults. With
/// a [`KnownIndex`], the names `assemble` asks for are found without a
/// search (issue 15: forty searches of a key's sixty values by name were
/// most of assembling an account of a 10 MB export).
#[derive(Clone, Copy)]
pub(crate) struct View<'b, 'a> {
    bag: &'b PropBag<'a>,
    known: Option<&'b KnownIndex>,
}

impl<'b, 'a> View<'b, 'a> {
    /// [`PropBag::get`].
    pub(crate) fn get(&self, name: impl Ask) -> Option<&'b Prop<'a>> {
        #[cfg(test)]
        tests::ASKED.with(|asked| asked.borrow_mut().insert(name.name().to_string()));
        let bag: &'b PropBag<'a> = self.bag;
        match (self.known, name.known()) {
            (Some(index), Some(k)) => index
                .last
                .get(k)
                .and_then(|&i| usize::try_from(i).ok())
                .and_then(|i| bag.props.get(i)),
            _ => bag.get(name.name()),
        }
    }

    /// The client's default `value` for the DWORD `name` the account does
    /// not set, with where a fix would add it: a `"name"=dword:...` line
    /// after the key's header (`.reg` only; the order of values does not
    /// matter to an import).
    fn default_number(&self, name: &'static str, value: i64, anchor: Span) -> Located<i64> {
        let v = Located::default_at(value, anchor);
        match self.insert_place() {
            Some((at, crlf)) => v.with_insert(at, move |n| {
                u32::try_from(*n).ok().map(|n| dword_insert(crlf, name, n))
            }),
            None => v,
        }
    }

    /// [`View::default_number`] of 0 seen as a flag: what
    /// `default_number(name, 0, anchor).map_back(|v| v != 0, ..)` makes,
    /// made at once (issue 15: each `map_back` of a default allocates its
    /// insert again).
    fn default_flag(&self, name: &'static str, anchor: Span) -> Located<bool> {
        let v = Located::default_at(false, anchor);
        match self.insert_place() {
            Some((at, crlf)) => {
                v.with_insert(at, move |b| Some(dword_insert(crlf, name, u32::from(*b))))
            }
            None => v,
        }
    }

    /// Where a `.reg` line setting a value is added, and whether the file
    /// breaks its lines with `\r\n`. The insert of a default holds these
    /// and the value's (static) name, and makes its line only when a fix
    /// asks for it (issue 15: a line made for every default of every
    /// account was held to the end, about half a megabyte of a 10 MB export).
    fn insert_place(&self) -> Option<(Span, bool)> {
        match (self.bag.syntax, self.bag.insert_at) {
            (PropSyntax::Reg, Some((at, nl))) => Some((at, nl == "\r\n")),
            _ => None,
        }
    }

    /// Where and with what head a `.reg` line setting `name` is added: how
    /// the insert was made before [`View::insert_place`] (the tests' oracle).
    #[cfg(test)]
    fn insert_line(&self, name: &str) -> Option<(Span, String)> {
        match (self.bag.syntax, self.bag.insert_at) {
            (PropSyntax::Reg, Some((at, nl))) => {
                // One allocation, not `format!` and two `replace`s (issue 15).
                let mut line = String::with_capacity(nl.len() + name.len() + 3);
                line.push_str(nl);
                line.push('"');
                if name.contains(['\\', '"']) {
                    line.push_str(&super::reg::quote_content(name));
                } else {
                    line.push_str(name);
                }
                line.push_str("\"=");
                Some((at, line))
            }
            _ => None,
        }
    }

    /// A flag that is set, else its default (off) with where to add it.
    fn flag_or_default(
        &self,
        name: Asked,
        anchor: Span,
        problems: &mut Vec<ParseProblem>,
    ) -> Located<bool> {
        self.flag(name, problems)
            .unwrap_or_else(|| self.default_flag(name.name, anchor))
    }

    fn text(&self, name: impl Ask, problems: &mut Vec<ParseProblem>) -> Option<Located<Str>> {
        let p = self.get(name)?;
        match &p.value {
            PropValue::Text(s) => {
                let mut v = Located::file(Str::from(&**s), p.span).with_verbatim(p.verbatim);
                v.rewrite = self.bag.syntax.text_rewrite();
                Some(v)
            }
            PropValue::Number(n) => {
                wrong_type(p, "a string", problems);
                Some(Located::file(Str::from(n.to_string()), p.span))
            }
            _ => {
                wrong_type(p, "a string", problems);
                None
            }
        }
    }

    pub(crate) fn number(
        &self,
        name: impl Ask,
        problems: &mut Vec<ParseProblem>,
    ) -> Option<Located<i64>> {
        let p = self.get(name)?;
        match &p.value {
            PropValue::Number(n) => {
                let mut v = Located::file(*n, p.span);
                v.rewrite = self.bag.syntax.number_rewrite();
                Some(v)
            }
            // Windows Mail's own template writes TRUE/FALSE in DWORD elements.
            PropValue::Text(s) if s.trim().eq_ignore_ascii_case("true") => {
                Some(Located::file(1, p.span))
            }
            PropValue::Text(s) if s.trim().eq_ignore_ascii_case("false") => {
                Some(Located::file(0, p.span))
            }
            _ => {
                wrong_type(p, "a number (DWORD)", problems);
                None
            }
        }
    }

    pub(crate) fn flag(
        &self,
        name: impl Ask,
        problems: &mut Vec<ParseProblem>,
    ) -> Option<Located<bool>> {
        self.number(name, problems)
            .map(|n| n.map_back(|v| v != 0, |b| Some(i64::from(*b))))
    }

    pub(crate) fn has_secret(&self, name: impl Ask) -> bool {
        matches!(
            self.get(name).map(|p| &p.value),
            Some(PropValue::Secret { non_empty: true })
        )
    }
}

/// Every value name [`assemble`] asks for (see [`View`]).
const KNOWN: &[&str] = &[
    "Account Name",
    "Connection Type",
    "Connectoid",
    "NNTP Server",
    "LDAP Server",
    "SMTP Server",
    "SMTP Port",
    "SMTP Secure Connection",
    "SMTP Use Sicily",
    "SMTP User Name",
    "SMTP Password2",
    "SMTP Password",
    "SMTP Email Address",
    "SMTP Display Name",
    "SMTP Reply To Email Address",
    "SMTP Split Messages",
    "SMTP Split Message Size",
    "Leave Mail On Server",
    "Remove When Expired",
    "Remove When Deleted",
    "Expire Days",
    "POP3 Server",
    "POP3 User Name",
    "POP3 Password2",
    "POP3 Password",
    "POP3 Use Sicily",
    "POP3 Port",
    "POP3 Secure Connection",
    "IMAP Server",
    "IMAP User Name",
    "IMAP Password2",
    "IMAP Password",
    "IMAP Use Sicily",
    "IMAP Port",
    "IMAP Secure Connection",
    "HTTPMail Server",
    "HTTPMail User Name",
    "HTTPMail Password2",
    "HTTPMail Password",
    "HTTPMail Use Sicily",
    "HTTPMail Port",
    "HTTPMail Secure Connection",
];

/// Names longer than this are not in the table of [`known_name`].
const KNOWN_MAX_LEN: usize = 32;
/// How many names one (length, first letter) holds at most in the table.
const KNOWN_PER_SLOT: usize = 4;

/// The table of [`known_name`]: for each length and first letter (folded),
/// the numbers in [`KNOWN`] of the names of that length and letter
/// (`u8::MAX` for none).
type KnownTable = [[u8; KNOWN_PER_SLOT]; KNOWN_MAX_LEN * 26];

fn known_table() -> &'static KnownTable {
    static TABLE: std::sync::OnceLock<KnownTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [[u8::MAX; KNOWN_PER_SLOT]; KNOWN_MAX_LEN * 26];
        for (k, name) in KNOWN.iter().enumerate() {
            let Some(slot) = known_slot(name.as_bytes()).and_then(|i| table.get_mut(i)) else {
                continue;
            };
            // A name that finds no room is left out: it is then searched
            // for by name, as every name not in the table is.
            if let (Some(free), Ok(k)) = (slot.iter_mut().find(|x| **x == u8::MAX), u8::try_from(k))
            {
                *free = k;
            }
        }
        table
    })
}

/// Where a name of this length and first letter is in [`known_table`].
fn known_slot(name: &[u8]) -> Option<usize> {
    let first = name.first()?.to_ascii_lowercase();
    (name.len() < KNOWN_MAX_LEN && first.is_ascii_lowercase())
        .then(|| name.len() * 26 + usize::from(first - b'a'))
}

/// The number in [`KNOWN`] of the name `name` is (ASCII case folded), when
/// it is one and the table holds it: one look at the table and a comparison
/// or two, whatever the name.
pub(crate) fn known_name(name: &str) -> Option<usize> {
    let slot = known_table().get(known_slot(name.as_bytes())?)?;
    // A name as `assemble` spells it (and as clients write it) is found
    // by one comparison of bytes; case is folded only when that fails.
    let mut found = None;
    for &k in slot.iter().take_while(|&&k| k != u8::MAX) {
        let Some(n) = KNOWN.get(usize::from(k)) else {
            continue;
        };
        // Compared inline, not by a call to `memcmp` (issue 15).
        if crate::formats::words::same_bytes(n.as_bytes(), name.as_bytes()) {
            return Some(usize::from(k));
        }
        if found.is_none() && n.eq_ignore_ascii_case(name) {
            found = Some(usize::from(k));
        }
    }
    found
}

/// A name [`View`] is asked for: its text and its number in [`KNOWN`] (what
/// [`known_name`] answers).
pub(crate) trait Ask: Copy {
    fn name(&self) -> &str;
    fn known(&self) -> Option<usize>;
}

impl Ask for &str {
    fn name(&self) -> &str {
        self
    }

    fn known(&self) -> Option<usize> {
        known_name(self)
    }
}

/// A name of [`KNOWN`] with its number, found when the program is compiled
/// ([`asked!`]): `assemble` asks some thirty-five names an account, and
/// finding each in the table as it was asked was a third of assembling one
/// (issue 15). Every name of `KNOWN` is in the table, so the number is the
/// one [`known_name`] finds (tested).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Asked {
    name: &'static str,
    known: usize,
}

impl Asked {
    /// `name`, which must be one of [`KNOWN`] as written there (else the
    /// program does not compile, when made in a constant).
    pub(crate) const fn new(name: &'static str) -> Asked {
        let mut k = 0;
        while k < KNOWN.len() {
            if const_same(KNOWN[k].as_bytes(), name.as_bytes()) {
                return Asked { name, known: k };
            }
            k += 1;
        }
        panic!("not a name of KNOWN")
    }
}

/// `a == b`, in a constant.
const fn const_same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl Ask for Asked {
    fn name(&self) -> &str {
        self.name
    }

    fn known(&self) -> Option<usize> {
        Some(self.known)
    }
}

/// The [`Asked`] of a name of [`KNOWN`], made when compiled.
macro_rules! asked {
    ($name:literal) => {{
        const ASKED: Asked = Asked::new($name);
        ASKED
    }};
}

/// Where the last value of each [`KNOWN`] name is in a bag (`u32::MAX`:
/// none), made in one pass over its values: the value [`PropBag::get`]
/// finds, since folding ASCII case is an equivalence.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct KnownIndex {
    last: [u32; KNOWN.len()],
}

impl KnownIndex {
    pub(crate) fn of(bag: &PropBag<'_>) -> Option<Self> {
        // Positions are kept in `u32`: a bag too big for that is searched.
        u32::try_from(bag.props.len()).ok()?;
        let mut last = [u32::MAX; KNOWN.len()];
        for (i, p) in bag.props.iter().enumerate() {
            if let Some(slot) = known_name(&p.name).and_then(|k| last.get_mut(k)) {
                *slot = u32::try_from(i).unwrap_or(u32::MAX);
            }
        }
        Some(KnownIndex { last })
    }
}

pub(crate) fn wrong_type(p: &Prop<'_>, _expected: &str, problems: &mut Vec<ParseProblem>) {
    problems.push(ParseProblem {
        kind: ParseKind::WrongType,
        span: p.span,
        detail: Some(format!("\"{}\"", p.name)),
        related: Vec::new(),
    });
}

pub(crate) fn unknown_value(
    v: &Located<i64>,
    name: &str,
    _what: &str,
    problems: &mut Vec<ParseProblem>,
) {
    problems.push(ParseProblem {
        kind: ParseKind::UnknownValue,
        span: v.span,
        detail: Some(format!("\"{name}\" = {}", v.value)),
        related: Vec::new(),
    });
}

/// Every value name [`assemble`] reads (the live-registry reader asks for
/// these and no others; password names only for their size): [`KNOWN`],
/// the one list, so the two cannot drift apart (a second list here had
/// lost `Remove When Deleted`, which `assemble` reads).
pub fn value_names() -> Vec<String> {
    KNOWN.iter().map(|n| n.to_string()).collect()
}

/// What one account's values make.
pub enum Assembled {
    Account(Box<Account>),
    Skipped(Skipped),
}

/// Build the account of `bag` as Outlook Express reads it. `key` is the
/// account's id (registry subkey, file name); `anchor` where it is defined.
pub fn assemble(
    bag: &PropBag<'_>,
    client: Client,
    key: &str,
    anchor: Span,
    problems: &mut Vec<ParseProblem>,
) -> Assembled {
    let made;
    let index = match &bag.known {
        Some(kept) => Some(kept),
        None => {
            made = KnownIndex::of(bag);
            made.as_ref()
        }
    };
    let bag = View { bag, known: index };
    // The incoming server's name decides the account type (formats.md §1.2).
    let kind = INCOMING.iter().find(|n| bag.get(n.server).is_some());
    let Some(names) = kind else {
        let reason = if bag.get(asked!("NNTP Server")).is_some() {
            SkipKind::NewsAccount
        } else if bag.get(asked!("LDAP Server")).is_some() {
            SkipKind::DirectoryAccount
        } else {
            SkipKind::NoIncomingServerValue
        };
        return Assembled::Skipped(Skipped::new(key, reason));
    };
    let protocol = match names.prefix {
        "POP3" => Protocol::Pop3,
        "IMAP" => Protocol::Imap,
        other => Protocol::Other(other.into()),
    };
    let incoming = incoming_server(bag, names, protocol, anchor, problems);
    // Room for the one server only (see `accountrc::read`; issue 15).
    let mut outgoing = Vec::with_capacity(1);
    if bag.get(asked!("SMTP Server")).is_some() {
        let incoming_spa = incoming.auth.value == AuthMethod::Spa;
        outgoing.push(smtp_server(bag, anchor, incoming_spa, problems));
    }
    let identity = Identity {
        key: Str::from(key),
        address: bag.text(asked!("SMTP Email Address"), problems),
        display_name: bag.text(asked!("SMTP Display Name"), problems),
        reply_to: bag
            .text(asked!("SMTP Reply To Email Address"), problems)
            .filter(|r| !r.value.is_empty()),
        outgoing: (!outgoing.is_empty()).then_some(0),
        anchor,
    };
    let options = options(bag, &incoming, anchor, problems);
    Assembled::Account(Box::new(Account {
        template: None,
        client,
        capabilities: capabilities(client),
        key: Str::from(key),
        name: bag
            .text(asked!("Account Name"), problems)
            .filter(|n| !n.value.is_empty()),
        identities: vec![identity],
        incoming: Some(incoming),
        outgoing,
        options,
        anchor,
    }))
}

/// The value names of one kind of incoming server: `"{prefix} Server"` and
/// so on, written out (issue 15: made with `format!` for every account,
/// they were a sixth of assembling one).
struct IncomingNames {
    prefix: &'static str,
    server: Asked,
    secure: Asked,
    sicily: Asked,
    port: Asked,
    user: Asked,
    password2: Asked,
    password: Asked,
}

/// The incoming servers in the order their names are asked for.
const INCOMING: [IncomingNames; 3] = [
    IncomingNames {
        prefix: "POP3",
        server: asked!("POP3 Server"),
        secure: asked!("POP3 Secure Connection"),
        sicily: asked!("POP3 Use Sicily"),
        port: asked!("POP3 Port"),
        user: asked!("POP3 User Name"),
        password2: asked!("POP3 Password2"),
        password: asked!("POP3 Password"),
    },
    IncomingNames {
        prefix: "IMAP",
        server: asked!("IMAP Server"),
        secure: asked!("IMAP Secure Connection"),
        sicily: asked!("IMAP Use Sicily"),
        port: asked!("IMAP Port"),
        user: asked!("IMAP User Name"),
        password2: asked!("IMAP Password2"),
        password: asked!("IMAP Password"),
    },
    IncomingNames {
        prefix: "HTTPMail",
        server: asked!("HTTPMail Server"),
        secure: asked!("HTTPMail Secure Connection"),
        sicily: asked!("HTTPMail Use Sicily"),
        port: asked!("HTTPMail Port"),
        user: asked!("HTTPMail User Name"),
        password2: asked!("HTTPMail Password2"),
        password: asked!("HTTPMail Password"),
    },
];

fn incoming_server(
    bag: View<'_, '_>,
    names: &IncomingNames,
    protocol: Protocol,
    anchor: Span,
    problems: &mut Vec<ParseProblem>,
) -> Server {
    let prefix = names.prefix;
    let server_anchor = bag.get(names.server).map(|p| p.name_span).unwrap_or(anchor);
    let protocol_span = server_anchor;
    let security = bag
        .flag_or_default(names.secure, server_anchor, problems)
        .map_back(
            |s| if s { Security::Tls } else { Security::None },
            |s| match s {
                Security::Tls => Some(true),
                Security::None => Some(false),
                _ => None,
            },
        );
    // "Log on using Secure Password Authentication" is a plain on/off here.
    let auth = match bag.flag(names.sicily, problems) {
        Some(b) => b.map_back(
            |s| {
                if s {
                    AuthMethod::Spa
                } else {
                    AuthMethod::Cleartext
                }
            },
            |a| match a {
                AuthMethod::Spa => Some(true),
                AuthMethod::Cleartext => Some(false),
                _ => None,
            },
        ),
        None => Located::default_at(AuthMethod::Cleartext, server_anchor),
    };
    // OE stores the port it uses; an absent port is 110/143 even with SSL on.
    let default_port = i64::from(protocol.default_port(Security::None).unwrap_or(80));
    let port = bag
        .number(names.port, problems)
        .unwrap_or_else(|| bag.default_number(names.port.name, default_port, server_anchor));
    Server {
        role: ServerRole::Incoming,
        key: Str::from(prefix),
        host: bag.text(names.server, problems),
        protocol: Located::file(protocol, protocol_span),
        port,
        security,
        auth,
        user_name: bag
            .text(names.user, problems)
            .filter(|u| !u.value.is_empty()),
        password_stored: bag.has_secret(names.password2) || bag.has_secret(names.password),
        password_clear_text: false,
        anchor: server_anchor,
    }
}

fn smtp_server(
    bag: View<'_, '_>,
    anchor: Span,
    incoming_spa: bool,
    problems: &mut Vec<ParseProblem>,
) -> Server {
    let server_anchor = bag
        .get(asked!("SMTP Server"))
        .map(|p| p.name_span)
        .unwrap_or(anchor);
    let port = bag
        .number(asked!("SMTP Port"), problems)
        .unwrap_or_else(|| bag.default_number("SMTP Port", 25, server_anchor));
    // "This server requires a secure connection (SSL)": implicit TLS on 465,
    // STARTTLS on any other port (OE6 with KB933612, Windows Mail).
    let on_465 = port.value == 465;
    let security = bag
        .flag_or_default(asked!("SMTP Secure Connection"), server_anchor, problems)
        .map_back(
            move |s| match (s, on_465) {
                (false, _) => Security::None,
                (true, true) => Security::Tls,
                (true, false) => Security::StartTls,
            },
            // The one flag means TLS on 465 and STARTTLS elsewhere.
            move |s| match (s, on_465) {
                (Security::None, _) => Some(false),
                (Security::Tls, true) | (Security::StartTls, false) => Some(true),
                _ => None,
            },
        );
    // SMTPAUTHTYPE: 0 none, 1 SPA, 2 same as incoming, 3 own user name.
    let smtp_auth_number = |a: &AuthMethod| match a {
        AuthMethod::None => Some(0),
        AuthMethod::Spa => Some(1),
        AuthMethod::SameAsIncoming => Some(2),
        AuthMethod::Cleartext => Some(3),
        _ => None,
    };
    let auth = match bag.number(asked!("SMTP Use Sicily"), problems) {
        Some(v) => match v.value {
            0 => v.map_back(|_| AuthMethod::None, smtp_auth_number),
            1 => v.map_back(|_| AuthMethod::Spa, smtp_auth_number),
            // SMTP_AUTH_USE_POP3ORIMAP_SETTINGS: "using the POP3 or IMAP
            // authentication settings" (Microsoft Learn, SMTPAUTHTYPE), SPA
            // included; Mozilla's importer read it the same way
            // (mailnews/import/oexpress/nsOESettings.cpp,
            // OESettings::SetIdentities, before its removal in 2017).
            2 if incoming_spa => v
                .map_back(|_| AuthMethod::Spa, smtp_auth_number)
                .because(Basis::SameAsIncoming),
            2 => v.map_back(|_| AuthMethod::SameAsIncoming, smtp_auth_number),
            3 => v.map_back(|_| AuthMethod::Cleartext, smtp_auth_number),
            _ => {
                unknown_value(
                    &v,
                    "SMTP Use Sicily",
                    "SMTP authentication type (0-3)",
                    problems,
                );
                Located::default_at(AuthMethod::None, v.span)
            }
        },
        None => Located::default_at(AuthMethod::None, server_anchor),
    };
    Server {
        role: ServerRole::Outgoing,
        key: "SMTP".into(),
        protocol: Located::file(Protocol::Smtp, server_anchor),
        host: bag.text(asked!("SMTP Server"), problems),
        port,
        security,
        auth,
        user_name: bag
            .text(asked!("SMTP User Name"), problems)
            .filter(|u| !u.value.is_empty()),
        password_stored: bag.has_secret(asked!("SMTP Password2"))
            || bag.has_secret(asked!("SMTP Password")),
        password_clear_text: false,
        anchor: server_anchor,
    }
}

/// Outlook Express's three "leave a copy on the server" values (Outlook 2007+
/// profiles use the same names when they have no packed `Leave on Server`).
pub(crate) fn leave_on_server(
    bag: View<'_, '_>,
    at: Span,
    problems: &mut Vec<ParseProblem>,
    o: &mut ClientOptions,
) {
    o.leave_on_server = Some(
        bag.flag(asked!("Leave Mail On Server"), problems)
            .unwrap_or(Located::default_at(false, at)),
    );
    o.delete_by_age = Some(
        bag.flag(asked!("Remove When Expired"), problems)
            .unwrap_or(Located::default_at(false, at)),
    );
    o.delete_after_days = Some(
        bag.number(asked!("Expire Days"), problems)
            .unwrap_or(Located::default_at(0, at)),
    );
}

fn options(
    bag: View<'_, '_>,
    incoming: &Server,
    anchor: Span,
    problems: &mut Vec<ParseProblem>,
) -> ClientOptions {
    let mut o = ClientOptions::default();
    if incoming.protocol.value == Protocol::Pop3 {
        let at = incoming.anchor;
        leave_on_server(bag, at, problems, &mut o);
        // "Remove from server when deleted from 'Deleted Items'" (OE's label;
        // Mozilla's importer mapped it to delete_mail_left_on_server).
        o.remove_on_delete = Some(
            bag.flag(asked!("Remove When Deleted"), problems)
                .unwrap_or(Located::default_at(false, at)),
        );
        o.remove_on_delete_trigger = Some(DeleteTrigger::DeletedItems);
    }
    if bag.get(asked!("SMTP Server")).is_some() {
        let at = bag
            .get(asked!("SMTP Server"))
            .map(|p| p.name_span)
            .unwrap_or(anchor);
        o.split_messages = Some(
            bag.flag(asked!("SMTP Split Messages"), problems)
                .unwrap_or(Located::default_at(false, at)),
        );
        o.split_size_kb = Some(
            bag.number(asked!("SMTP Split Message Size"), problems)
                .unwrap_or(Located::default_at(64, at)),
        );
    }
    let connection = match bag.number(asked!("Connection Type"), problems) {
        Some(v) => match v.value {
            0 => Some(v.map(|_| Connection::Lan)),
            1 => Some(v.map(|_| Connection::Manual)),
            2 => {
                let name = bag
                    .text(asked!("Connectoid"), problems)
                    .map(|c| c.value.into_string())
                    .filter(|c| !c.is_empty());
                Some(v.map(|_| Connection::DialUp(name)))
            }
            3 => Some(v.map(|_| Connection::InternetExplorer)),
            _ => {
                unknown_value(&v, "Connection Type", "connection type (0-3)", problems);
                None
            }
        },
        None => Some(Located::default_at(Connection::Lan, anchor)),
    };
    o.connection = connection;
    o
}

/// What the rules need to know about the Microsoft clients.
pub(crate) fn capabilities(client: Client) -> Capabilities {
    Capabilities {
        // The Outlook Express family has no "POP before SMTP" switch: the user
        // receives first by hand. Outlook has "Log on to incoming mail server
        // before sending mail".
        pop_before_smtp: if client == Client::Outlook {
            PopBeforeSmtp::Switch
        } else {
            PopBeforeSmtp::ByReceivingFirst
        },
        // "Log on using" and "use same settings as my incoming mail server"
        // name their user: an empty one is sent empty.
        explicit_smtp_login: true,
        // The Outlook Express family's mail transport (inetcomm) reports a
        // refused SPA login as IXP_E_SICILY_LOGON_FAILED, 0x800CCC18
        // (`imnxport.h`); Outlook's own transport is not this one.
        spa_failure_code: matches!(
            client,
            Client::OutlookExpress | Client::WindowsMail | Client::WindowsLiveMail
        )
        .then_some("0x800CCC18"),
        ..Capabilities::NONE
    }
}

#[cfg(test)]
mod tests {
    thread_local! {
        /// Every name [`View::get`] was asked on this thread.
        pub(super) static ASKED: std::cell::RefCell<std::collections::BTreeSet<String>> =
            const { std::cell::RefCell::new(std::collections::BTreeSet::new()) };
    }

    use super::*;
    use crate::source::SourceId;

    fn prop(name: &str, value: PropValue<'static>) -> Prop<'static> {
        let s = Span::new(SourceId(0), 0, 1);
        Prop {
            name: name.to_string().into(),
            name_span: s,
            value,
            span: s,
            verbatim: false,
        }
    }

    fn account(props: Vec<Prop<'static>>) -> Account {
        let mut problems = Vec::new();
        let bag = PropBag {
            props,
            ..PropBag::default()
        };
        match assemble(
            &bag,
            Client::OutlookExpress,
            "00000001",
            Span::new(SourceId(0), 0, 0),
            &mut problems,
        ) {
            Assembled::Account(a) => *a,
            Assembled::Skipped(s) => panic!("skipped: {:?}", s.kind),
        }
    }

    #[test]
    fn sicily_is_a_flag_for_incoming_and_an_enum_for_smtp() {
        let a = account(vec![
            prop("POP3 Server", PropValue::Text("pop.example.jp".into())),
            prop("pop3 use sicily", PropValue::Number(1)),
            prop("SMTP Server", PropValue::Text("smtp.example.jp".into())),
            prop("SMTP Use Sicily", PropValue::Number(2)),
            prop("SMTP Secure Connection", PropValue::Number(1)),
            prop("SMTP Port", PropValue::Number(587)),
        ]);
        let inc = a.incoming.as_ref().expect("incoming");
        assert_eq!(inc.auth.value, AuthMethod::Spa);
        assert_eq!(inc.port.value, 110);
        // 2 = the incoming server's settings: SPA there, so SPA here too.
        assert_eq!(a.outgoing[0].auth.value, AuthMethod::Spa);
        assert_eq!(a.outgoing[0].security.value, Security::StartTls);
        let plain = account(vec![
            prop("POP3 Server", PropValue::Text("pop.example.jp".into())),
            prop("SMTP Server", PropValue::Text("smtp.example.jp".into())),
            prop("SMTP Use Sicily", PropValue::Number(2)),
        ]);
        assert_eq!(plain.outgoing[0].auth.value, AuthMethod::SameAsIncoming);
        for (v, m) in [
            (0, AuthMethod::None),
            (1, AuthMethod::Spa),
            (3, AuthMethod::Cleartext),
        ] {
            let a = account(vec![
                prop("IMAP Server", PropValue::Text("imap.example.jp".into())),
                prop("SMTP Server", PropValue::Text("smtp.example.jp".into())),
                prop("SMTP Use Sicily", PropValue::Number(v)),
            ]);
            assert_eq!(a.outgoing[0].auth.value, m);
            assert!(a.options.leave_on_server.is_none());
        }
    }

    #[test]
    fn secure_smtp_on_465_is_implicit_tls_and_defaults_apply() {
        let a = account(vec![
            prop("POP3 Server", PropValue::Text("pop.example.jp".into())),
            prop("SMTP Server", PropValue::Text("smtp.example.jp".into())),
            prop("SMTP Secure Connection", PropValue::Number(1)),
            prop("SMTP Port", PropValue::Number(465)),
            prop("POP3 Password2", PropValue::Secret { non_empty: true }),
        ]);
        assert_eq!(a.outgoing[0].security.value, Security::Tls);
        assert!(a.incoming.as_ref().is_some_and(|s| s.password_stored));
        assert_eq!(a.options.split_size_kb.map(|s| s.value), Some(64));
        assert!(a.options.leave_on_server.is_some_and(|l| !l.value));
        assert_eq!(a.options.connection.map(|c| c.value), Some(Connection::Lan));
    }

    #[test]
    fn news_accounts_are_skipped() {
        let bag = PropBag {
            props: vec![prop(
                "NNTP Server",
                PropValue::Text("news.example.jp".into()),
            )],
            ..PropBag::default()
        };
        let mut problems = Vec::new();
        let r = assemble(
            &bag,
            Client::OutlookExpress,
            "1",
            Span::new(SourceId(0), 0, 0),
            &mut problems,
        );
        assert!(matches!(r, Assembled::Skipped(_)));
    }

    /// The indexed look-up finds the value the search by name finds, for
    /// every name `assemble` asks and others, on every `.reg` key of the
    /// corpus and the fixtures and on generated bags.
    fn same_lookups(bag: &PropBag<'_>) {
        let index = KnownIndex::of(bag);
        let indexed = View {
            bag,
            known: index.as_ref(),
        };
        let plain = bag.view();
        let mut names: Vec<String> = KNOWN.iter().map(|n| n.to_string()).collect();
        names.extend(KNOWN.iter().map(|n| n.to_ascii_lowercase()));
        names.extend(KNOWN.iter().map(|n| n.to_ascii_uppercase()));
        names.extend(bag.props.iter().map(|p| p.name.to_string()));
        names.extend(["", "Account", "POP3 Server ", "Pop3 Server\0", "Ｐ"].map(String::from));
        for n in &names {
            let (a, b) = (indexed.get(n.as_str()), plain.get(n.as_str()));
            assert!(
                match (a, b) {
                    (Some(a), Some(b)) => std::ptr::eq(a, b),
                    (None, None) => true,
                    _ => false,
                },
                "{n:?}"
            );
        }
    }

    /// A default flag is what a default number of 0 seen as a flag was:
    /// the same value, place and insert.
    #[test]
    fn default_flags_are_mapped_default_numbers() {
        let s = Span::new(SourceId(0), 3, 9);
        for syntax in [
            PropSyntax::Reg,
            PropSyntax::Binary,
            PropSyntax::OeAccountXml,
        ] {
            for insert_at in [None, Some((Span::new(SourceId(0), 9, 9), "\r\n"))] {
                let bag = PropBag {
                    syntax,
                    insert_at,
                    ..PropBag::default()
                };
                for name in ["SMTP Secure Connection", "a\"b\\c"] {
                    let view = bag.view();
                    let old = view
                        .default_number(name, 0, s)
                        .map_back(|v| v != 0, |b| Some(i64::from(*b)));
                    let new = view.default_flag(name, s);
                    assert_eq!(new, old);
                    for b in [false, true] {
                        assert_eq!(new.write(&b), old.write(&b));
                    }
                    let place = |l: &Located<bool>| l.rewrite.as_ref().and_then(|r| r.at());
                    assert_eq!(place(&new), place(&old));
                }
            }
        }
    }

    /// A default's insert, made when asked, is the line the insert made
    /// up front was: the head of `insert_line`, then `dword_line`.
    #[test]
    fn default_inserts_are_made_as_before() {
        let s = Span::new(SourceId(0), 3, 9);
        for nl in ["\r\n", "\n"] {
            let bag = PropBag {
                syntax: PropSyntax::Reg,
                insert_at: Some((Span::new(SourceId(0), 9, 9), nl)),
                ..PropBag::default()
            };
            let view = bag.view();
            for name in ["SMTP Secure Connection", "a\"b\\c", "日本", ""] {
                let (at, head) = view.insert_line(name).expect("a head");
                for n in [0i64, 1, 25, 0x24b, i64::from(u32::MAX), -1, 1 << 40] {
                    let old = u32::try_from(n).ok().map(|n| (at, dword_line(&head, n)));
                    assert_eq!(view.default_number(name, 7, s).write(&n), old);
                }
                for b in [false, true] {
                    let old = Some((at, dword_line(&head, u32::from(b))));
                    assert_eq!(view.default_flag(name, s).write(&b), old);
                }
            }
        }
    }

    #[test]
    fn dword_lines_are_what_format_writes() {
        for n in [
            0,
            1,
            9,
            10,
            15,
            16,
            0x24b,
            0xdead_beef,
            u32::MAX,
            0x8000_0000,
        ] {
            assert_eq!(dword_line("", n), format!("dword:{n:08x}"));
            assert_eq!(
                dword_line("\r\n\"A\"=", n),
                format!("\r\n\"A\"=dword:{n:08x}")
            );
        }
    }

    #[test]
    fn incoming_names_are_the_prefix_and_the_name() {
        for n in &INCOMING {
            let p = n.prefix;
            assert_eq!(n.server.name, format!("{p} Server"));
            assert_eq!(n.secure.name, format!("{p} Secure Connection"));
            assert_eq!(n.sicily.name, format!("{p} Use Sicily"));
            assert_eq!(n.port.name, format!("{p} Port"));
            assert_eq!(n.user.name, format!("{p} User Name"));
            assert_eq!(n.password2.name, format!("{p} Password2"));
            assert_eq!(n.password.name, format!("{p} Password"));
        }
        let prefixes: Vec<_> = INCOMING.iter().map(|n| n.prefix).collect();
        assert_eq!(prefixes, ["POP3", "IMAP", "HTTPMail"]);
    }

    #[test]
    fn every_known_name_is_in_the_table() {
        for (k, n) in KNOWN.iter().enumerate() {
            assert_eq!(known_name(n), Some(k), "{n}");
            assert_eq!(known_name(&n.to_ascii_uppercase()), Some(k), "{n}");
        }
        assert_eq!(known_name("Account Note 1"), None);
        assert_eq!(known_name(""), None);
    }

    /// A name made when compiled has the number `known_name` finds, so
    /// that `View::get` finds the value it found before.
    #[test]
    fn asked_names_have_the_number_known_name_finds() {
        for n in KNOWN {
            let a = Asked::new(n);
            assert_eq!(a.known(), known_name(n), "{n}");
            assert_eq!(a.name(), *n);
        }
        for n in &INCOMING {
            for a in [
                n.server,
                n.secure,
                n.sicily,
                n.port,
                n.user,
                n.password2,
                n.password,
            ] {
                assert_eq!(a.known(), known_name(a.name()), "{}", a.name());
            }
        }
    }

    #[test]
    fn every_name_assemble_asks_is_a_value_name() {
        ASKED.with(|asked| asked.borrow_mut().clear());
        let mut accounts = 0;
        each_reg_bag(|bag| {
            let mut problems = Vec::new();
            let anchor = Span::new(SourceId(0), 0, 0);
            let client = crate::model::Client::OutlookExpress;
            if let Assembled::Account(_) = assemble(bag, client, "k", anchor, &mut problems) {
                accounts += 1;
            }
        });
        assert!(accounts > 0, "no .reg account assembled");
        let names = value_names();
        let asked = ASKED.with(|asked| asked.borrow().clone());
        for n in &asked {
            assert!(
                names.iter().any(|v| v == n),
                "assemble reads {n:?}, not in value_names()"
            );
        }
        for n in [
            "Remove When Deleted",
            "POP3 Server",
            "IMAP Secure Connection",
        ] {
            assert!(asked.contains(n), "{n} was not asked");
        }
    }

    #[test]
    fn indexed_lookups_agree_on_the_corpus_and_fixtures() {
        let mut keys = 0;
        each_reg_bag(|bag| {
            same_lookups(bag);
            keys += 1;
        });
        assert!(keys > 0, "no .reg key found");
    }

    /// `f` on the values of every key of every `.reg` file of the corpus
    /// and the fixtures.
    fn each_reg_bag(mut f: impl FnMut(&PropBag<'_>)) {
        for (_, file) in crate::test_files::sources_with_extension("reg") {
            for key in super::super::reg::parse(&file.text, SourceId(0)).keys {
                f(&key.values);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn indexed_lookups_agree_on_generated_bags(picks in proptest::collection::vec(
            (0..KNOWN.len() + 4, 0..3u8), 0..80)) {
            let props = picks
                .iter()
                .map(|&(k, case)| {
                    let n = KNOWN.get(k).copied().unwrap_or_else(|| ["Account Note 7", "x", "", "SMTP  Port"][k - KNOWN.len()]);
                    let n = match case {
                        0 => n.to_string(),
                        1 => n.to_ascii_lowercase(),
                        _ => n.to_ascii_uppercase(),
                    };
                    prop(&n, PropValue::Number(k as i64))
                })
                .collect();
            same_lookups(&PropBag { props, ..PropBag::default() });
        }
    }
}
