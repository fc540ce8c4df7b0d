//! Mozilla autoconfig `config-v1.1.xml`, the format of the ISPDB.
//!
//! Read as Thunderbird's `readFromXML.sys.mjs` reads it: the first
//! `emailProvider`; each `incomingServer`/`outgoingServer` is one offer, and a
//! server with a value Thunderbird cannot use (a port outside 1..65535, a
//! `socketType` other than exactly `plain`, `SSL` or `STARTTLS`, an unknown
//! type) is dropped, so it is not in the model but reported as a template
//! fact. The first usable incoming server is the account's; the others are
//! alternatives. Security comes from `socketType` only, never from the port.
//! `<password>` is a secret: only where it is goes into the model.

use crate::catalogue::ParseKind;
use crate::formats::literal_of;
use crate::formats::registry::{Fuzz, Grouping, Reader, Sniff};
use crate::formats::xml::{self, Element, Text};
use crate::model::{
    Account, AuthMethod, BadValue, BadValueEffect, Client, ClientOptions, Document,
    EmbeddedPassword, Misplaced, Missing, MissingEffect, Placeholder, Protocol, Security, Server,
    ServerRole, TemplateInfo,
};
use crate::model::{Capabilities, Format, SpaSyntax, Str};
use crate::source::{Located, Rewrite, SourceFile, Span, TextEncoding};
use std::sync::OnceLock;

/// Mozilla autoconfig / ISPDB `config-v1.1.xml`.
pub static READER: Reader = Reader {
    format: Format("autoconfig-xml"),
    clients: &[Client::Autoconfig],
    sniff: Sniff::Text(looks_like_autoconfig),
    names: &[],
    extensions: &[],
    walk: &[".xml"],
    unit: Grouping::File,
    binary: None,
    discover: None,
    read,
    fuzz: Fuzz {
        target: "autoconfig",
        sample_name: "config-v1.1.xml",
    },
    module: module_path!(),
};

/// What the rules need to know about a template for Thunderbird.
const CAPABILITIES: Capabilities = Capabilities {
    // SPA in its own words: `<authentication>NTLM</authentication>`.
    spa_written_as: Some(SpaSyntax::Autoconfig),
    // Thunderbird looks a config up by the address's domain (ISPDB,
    // autoconfig.<domain>): one file per domain.
    one_file_per_domain: true,
    ..Capabilities::NONE
};

/// The placeholders Thunderbird replaces (`AccountConfig.replaceVariables`),
/// besides the `inputField` keys a file declares.
pub const KNOWN_PLACEHOLDERS: &[&str] =
    &["EMAILADDRESS", "EMAILLOCALPART", "EMAILDOMAIN", "REALNAME"];

const SOCKET_TYPES: &[(&str, Security)] = &[
    ("plain", Security::None),
    ("SSL", Security::Tls),
    ("STARTTLS", Security::StartTls),
];

/// Every `authentication` value of the format, and what it means.
const AUTH_VALUES: &[(&str, AuthMethod)] = &[
    ("password-cleartext", AuthMethod::Cleartext),
    ("plain", AuthMethod::Cleartext),
    ("password-encrypted", AuthMethod::Encrypted),
    ("secure", AuthMethod::Encrypted),
    ("NTLM", AuthMethod::Spa),
    ("GSSAPI", AuthMethod::Gssapi),
    ("client-IP-address", AuthMethod::None),
    ("TLS-client-cert", AuthMethod::ClientCert),
    ("OAuth2", AuthMethod::OAuth2),
    ("none", AuthMethod::None),
    ("smtp-after-pop", AuthMethod::PopBeforeSmtp),
];

/// Whether `text` is an autoconfig file.
pub fn looks_like_autoconfig(text: &str) -> bool {
    // `str::contains` with the searches made once: `contains` of a `&str`
    // made its searcher for every file (about 600 instructions a file
    // sniffed; issue 15). The same answer (a test holds the two together).
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    static CLIENT_CONFIG: LazyLock<Finder<'static>> =
        LazyLock::new(|| Finder::new(b"<clientConfig"));
    static EMAIL_PROVIDER: LazyLock<Finder<'static>> =
        LazyLock::new(|| Finder::new(b"<emailProvider"));
    static VERSION: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"version=\"1.1\""));
    let head = head(text).as_bytes();
    CLIENT_CONFIG.find(head).is_some()
        && (EMAIL_PROVIDER.find(text.as_bytes()).is_some() || VERSION.find(head).is_some())
}

fn head(text: &str) -> &str {
    &text[..crate::source::floor_char_boundary(text, 4096)]
}

pub fn read(files: &[&SourceFile]) -> Document {
    let mut doc = xml::new_document(Client::Autoconfig, READER.format, files);
    // One account a file (a growing list makes room for four).
    doc.accounts.reserve_exact(files.len());
    for file in files {
        read_file(file, &mut doc);
    }
    doc
}

fn read_file(file: &SourceFile, doc: &mut Document) {
    let Some(tree) = xml::parse_into(file, doc) else {
        return;
    };
    let Some(root) = tree.root() else { return };
    if root.name != "clientConfig" {
        doc.problems.push(crate::model::ParseProblem {
            kind: ParseKind::AutoconfigRoot,
            span: root.start_tag,
            detail: Some(format!("<{}>", root.name)),
            related: Vec::new(),
        });
        return;
    }
    let mut info = TemplateInfo {
        bom: (file.encoding == TextEncoding::Utf8Bom).then(|| Span::new(file.id, 0, 0)),
        ..TemplateInfo::default()
    };
    find_misplaced_documentation(&tree, &mut info);
    let Some(provider) = root.child("emailProvider") else {
        info.missing.push(Missing {
            element: "emailProvider".into(),
            parent: "clientConfig".into(),
            anchor: root.start_tag,
            effect: MissingEffect::FileRejected,
        });
        doc.accounts.push(empty_account(root.start_tag, info));
        return;
    };
    doc.accounts.push(read_provider(provider, info));
}

fn empty_account(anchor: Span, info: TemplateInfo) -> Account {
    Account {
        client: Client::Autoconfig,
        capabilities: CAPABILITIES,
        key: "clientConfig".into(),
        name: None,
        identities: Vec::new(),
        incoming: None,
        outgoing: Vec::new(),
        options: ClientOptions::default(),
        anchor,
        template: Some(Box::new(info)),
    }
}

/// `documentation` belongs directly in `emailProvider`.
fn find_misplaced_documentation(tree: &xml::XmlTree, info: &mut TemplateInfo) {
    for (parent, doc) in tree.elements_named("documentation") {
        if parent != "emailProvider" {
            info.misplaced.push(Misplaced {
                element: "documentation".into(),
                parent: parent.to_string(),
                expected_parent: "emailProvider".into(),
                span: doc.span,
            });
        }
    }
}

fn read_provider(p: Element, mut info: TemplateInfo) -> Account {
    let anchor = p.start_tag;
    info.provider_id = p.attr("id").map(Text::located);
    for d in p.children_named("domain") {
        if let Some(t) = d.text {
            info.domains.push(t.located());
        }
    }
    if info.domains.is_empty() {
        info.missing.push(Missing {
            element: "domain".into(),
            parent: "emailProvider".into(),
            anchor,
            effect: MissingEffect::FileRejected,
        });
    }
    let input_fields: Vec<String> = p
        .children_named("inputField")
        .filter_map(|f| f.attr("key"))
        .map(|k| k.value.to_ascii_uppercase())
        .collect();
    let display_name = p.child_text("displayName");
    let name = display_name.map(Text::located);
    let mut options = ClientOptions::default();

    // The first usable incoming server is the account's, the others its
    // alternatives: held apart as they come (a list of all of them, split
    // at the end, cost an allocation and a copy per file; issue 15).
    let mut first: Option<Server> = None;
    let mut alternatives: Vec<Server> = Vec::new();
    let mut any_incoming = false;
    for (i, s) in p.children_named("incomingServer").enumerate() {
        any_incoming = true;
        if let Some(server) = read_server(s, ServerRole::Incoming, i, &mut info) {
            if first.is_none() {
                if server.protocol.value == Protocol::Pop3 {
                    options = pop3_options(s);
                }
                first = Some(server);
            } else {
                alternatives.push(server);
            }
        }
    }
    // Room for every offer at once (a `Server` is about 400 bytes: a
    // growing list makes room for four).
    let offers = p.children_named("outgoingServer").count();
    let mut outgoing: Vec<Server> = Vec::with_capacity(offers);
    let mut any_outgoing = false;
    for (i, s) in p.children_named("outgoingServer").enumerate() {
        any_outgoing = true;
        if let Some(server) = read_server(s, ServerRole::Outgoing, i, &mut info) {
            outgoing.push(server);
        }
    }
    for (element, any, list_empty) in [
        ("incomingServer", any_incoming, first.is_none()),
        ("outgoingServer", any_outgoing, outgoing.is_empty()),
    ] {
        if list_empty && !any {
            info.missing.push(Missing {
                element: element.into(),
                parent: "emailProvider".into(),
                anchor,
                effect: MissingEffect::FileRejected,
            });
        }
    }

    // Every server's values, also of servers Thunderbird drops: the
    // placeholder is wrong wherever it is.
    let mut found = |t: Option<&Text>| {
        let Some(t) = t else { return };
        each_placeholder(t, |ph| {
            let bare = bare_name(&ph.value);
            let known =
                KNOWN_PLACEHOLDERS.contains(&bare) || input_fields.iter().any(|k| k == bare);
            info.placeholders.push(Placeholder { name: ph, known });
        });
    };
    found(display_name);
    found(p.child_text("displayShortName"));
    for s in p
        .children()
        .filter(|c| c.name == "incomingServer" || c.name == "outgoingServer")
    {
        let firsts = Firsts::of(s);
        found(firsts.hostname);
        found(firsts.username);
    }

    info.incoming_alternatives = alternatives;
    Account {
        client: Client::Autoconfig,
        capabilities: CAPABILITIES,
        key: info
            .provider_id
            .as_ref()
            .map(|i| i.value.clone())
            .unwrap_or_else(|| "emailProvider".into()),
        name,
        identities: Vec::new(),
        incoming: first,
        outgoing,
        options,
        anchor,
        template: Some(Box::new(info)),
    }
}

/// Every `%NAME%` in a value, each at its own span when the value is verbatim.
pub fn find_placeholders(value: &Text) -> Vec<Located<Str>> {
    let mut out = Vec::new();
    each_placeholder(value, |p| out.push(p));
    out
}

/// The name of a placeholder `%NAME%` as [`each_placeholder`] finds it
/// (no `%` in its name): its two ends cut off, which is
/// `trim_matches('%')` there, without a search from each end.
fn bare_name(placeholder: &str) -> &str {
    placeholder
        .strip_prefix('%')
        .and_then(|v| v.strip_suffix('%'))
        .unwrap_or(placeholder)
}

/// The bytes of a placeholder's name: ASCII letters and digits, `_` and
/// `-`, looked up in one table (the three tests cost 13 instructions a
/// byte; issue 15).
static PLACEHOLDER_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        c += 1;
    }
    t
};

/// [`find_placeholders`] without the list: `found` is called for each.
/// Names are ASCII, so the bytes are read as bytes (a `%` and the letters,
/// digits, `_` and `-` after it up to the next `%`).
fn each_placeholder(value: &Text, mut found: impl FnMut(Located<Str>)) {
    let s: &str = &value.value;
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(start) = find_percent(bytes, i) {
        let name = start + 1;
        let mut j = name;
        while bytes
            .get(j)
            .is_some_and(|&c| PLACEHOLDER_BYTE[usize::from(c)])
        {
            j += 1;
        }
        if j > name && bytes.get(j) == Some(&b'%') {
            let end = j + 1;
            if let Some(p) = s.get(start..end) {
                found(
                    Located::file(Str::from(p), value.sub_span(start..end))
                        .with_verbatim(value.verbatim),
                );
            }
            i = end;
        } else {
            i = name;
        }
    }
}

/// The first `%` of `bytes` from `from`. Values are short (a host name, a
/// user name): eight bytes are tested at once (a word's bytes compared
/// with `%` together), the last few one by one; `memchr`'s call cost more
/// than most values take (issue 15).
fn find_percent(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let rest = bytes.get(from..)?;
    let mut i = 0;
    while let Some(chunk) = rest.get(i..i + 8) {
        let word = chunk.try_into().map_or(0, u64::from_le_bytes);
        let x = word ^ (ONES * u64::from(b'%'));
        // The high bit of each byte that is `%` (exact for the lowest).
        let hits = x.wrapping_sub(ONES) & !x & (ONES << 7);
        if hits != 0 {
            return Some(from + i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let tail = rest.get(i..)?.iter().position(|&c| c == b'%')?;
    Some(from + i + tail)
}

/// POP3 options as Thunderbird creates the account: `readFromXML` sets only
/// what the `<pop3>` block names, over the defaults of `AccountConfig`
/// (leave messages on the server, and delete them by age after 14 days).
fn pop3_options(s: Element) -> ClientOptions {
    let anchor = s.start_tag;
    let mut o = ClientOptions {
        leave_on_server: Some(Located::default_at(true, anchor)),
        delete_by_age: Some(Located::default_at(true, anchor)),
        delete_after_days: Some(Located::default_at(14, anchor)),
        ..ClientOptions::default()
    };
    let Some(pop3) = s.child("pop3") else {
        return o;
    };
    if let Some(v) = pop3.child_text("leaveMessagesOnServer") {
        if let Some(b) = parse_bool(&v.value) {
            o.leave_on_server = Some(Located::file(b, v.span));
        }
    }
    if let Some(v) = pop3.child_text("daysToLeaveMessagesOnServer") {
        if let Ok(n) = v.value.parse::<i64>() {
            o.delete_after_days = Some(Located::file(n, v.span));
        }
    }
    o
}

/// JavaScript's `parseInt`, as Thunderbird's `Sanitizer.integer` uses it:
/// leading spaces, a sign, `0x` for hexadecimal, then as many digits as there
/// are. `exact` when nothing followed the digits.
fn js_parse_int(s: &str) -> Option<(i64, bool)> {
    let t = s.trim_start();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (radix, t) = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(r) => (16, r),
        None => (10, t),
    };
    let digits = t.find(|c: char| !c.is_digit(radix)).unwrap_or(t.len());
    let n = i64::from_str_radix(t.get(..digits)?, radix).ok()?;
    let exact = t
        .get(digits..)
        .is_some_and(|rest| rest.trim_end().is_empty());
    Some((if neg { -n } else { n }, exact))
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

fn bad(
    info: &mut TemplateInfo,
    element: &str,
    value: &Text,
    allowed: &str,
    effect: BadValueEffect,
    case_only: bool,
) {
    info.bad_values.push(BadValue {
        element: element.into(),
        value: value.located(),
        allowed: allowed.into(),
        effect,
        case_only,
    });
}

fn missing(info: &mut TemplateInfo, element: &str, s: Element, effect: MissingEffect) {
    info.missing.push(Missing {
        element: element.into(),
        parent: s.name.to_string(),
        anchor: s.start_tag,
        effect,
    });
}

/// How a fix writes a port, a `socketType` and an `authentication`: one
/// function each for every server of every file (a clone is a count, not an
/// allocation).
static PORT: OnceLock<Rewrite<i64>> = OnceLock::new();
static SOCKET_TYPE: OnceLock<Rewrite<Security>> = OnceLock::new();
static AUTH: OnceLock<Rewrite<AuthMethod>> = OnceLock::new();

/// `value` with the shared rewrite in `cell`.
fn rewritten<T>(
    mut value: Located<T>,
    cell: &'static OnceLock<Rewrite<T>>,
    make: fn() -> Rewrite<T>,
) -> Located<T> {
    value.rewrite = Some(cell.get_or_init(make).clone());
    value
}

/// `incomingServer1`, `outgoingServer2`...: the element's name and its
/// place among its kind, counted from 1 (`format!` cost more than the rest
/// of a server's key). The first nine of each kind, nearly all, are made
/// once (a `Str` made and grown by two `push_str`s cost 130 instructions a
/// server; issue 15).
fn server_key(name: &str, index: usize) -> Str {
    static INCOMING: [Str; 9] = [
        Str::const_new("incomingServer1"),
        Str::const_new("incomingServer2"),
        Str::const_new("incomingServer3"),
        Str::const_new("incomingServer4"),
        Str::const_new("incomingServer5"),
        Str::const_new("incomingServer6"),
        Str::const_new("incomingServer7"),
        Str::const_new("incomingServer8"),
        Str::const_new("incomingServer9"),
    ];
    static OUTGOING: [Str; 9] = [
        Str::const_new("outgoingServer1"),
        Str::const_new("outgoingServer2"),
        Str::const_new("outgoingServer3"),
        Str::const_new("outgoingServer4"),
        Str::const_new("outgoingServer5"),
        Str::const_new("outgoingServer6"),
        Str::const_new("outgoingServer7"),
        Str::const_new("outgoingServer8"),
        Str::const_new("outgoingServer9"),
    ];
    let made = match name {
        "incomingServer" => INCOMING.get(index),
        "outgoingServer" => OUTGOING.get(index),
        _ => None,
    };
    if let Some(key) = made {
        return key.clone();
    }
    let mut digits = itoa::Buffer::new();
    let n = digits.format(index + 1);
    let mut key = Str::with_capacity(name.len() + n.len());
    key.push_str(name);
    key.push_str(n);
    key
}

/// The texts of a server's first `hostname`, `port` and `username` (as
/// `child_text` finds them), found in one walk over its children.
struct Firsts<'t, 'a> {
    hostname: Option<&'t Text<'a>>,
    port: Option<&'t Text<'a>>,
    username: Option<&'t Text<'a>>,
}

impl<'t, 'a> Firsts<'t, 'a> {
    fn of(s: Element<'t, 'a>) -> Self {
        // The first element of a name counts, with its text or without.
        let [hostname, port, username] = s.first_texts(["hostname", "port", "username"]);
        Firsts {
            hostname,
            port,
            username,
        }
    }
}

/// One server offer; `None` when Thunderbird would drop it.
fn read_server(
    s: Element,
    role: ServerRole,
    index: usize,
    info: &mut TemplateInfo,
) -> Option<Server> {
    let mut usable = true;
    let ty = s.attr("type");
    let protocol = match (role, ty.map(|t| &*t.value)) {
        (ServerRole::Incoming, Some("pop3")) => Protocol::Pop3,
        (ServerRole::Incoming, Some("imap")) => Protocol::Imap,
        (ServerRole::Incoming, Some("nntp")) => Protocol::Nntp,
        (ServerRole::Incoming, Some("exchange")) => Protocol::Exchange,
        (ServerRole::Outgoing, Some("smtp")) => Protocol::Smtp,
        (_, Some(other)) => {
            let allowed = match role {
                ServerRole::Incoming => "imap, pop3 (Thunderbird also: nntp, exchange)",
                ServerRole::Outgoing => "smtp",
            };
            let case_only = ["pop3", "imap", "nntp", "exchange", "smtp"]
                .iter()
                .any(|a| a.eq_ignore_ascii_case(other));
            if let Some(t) = ty {
                bad(
                    info,
                    "type",
                    t,
                    allowed,
                    BadValueEffect::ServerIgnored,
                    case_only,
                );
            }
            // A server of another kind: its children follow other rules.
            return None;
        }
        (_, None) => {
            missing(info, "type", s, MissingEffect::ServerIgnored);
            return None;
        }
    };
    let protocol = match ty {
        Some(t) => Located::file(protocol, t.span),
        None => Located::default_at(protocol, s.start_tag),
    };
    let firsts = Firsts::of(s);
    let host = firsts.hostname.map(Text::located);
    if host.is_none() {
        missing(info, "hostname", s, MissingEffect::ServerIgnored);
        usable = false;
    }
    let port = match firsts.port {
        Some(p) => match js_parse_int(&p.value) {
            Some((n, exact)) if (1..=65535).contains(&n) => {
                if !exact {
                    // Thunderbird's parseInt reads `993abc` as 993.
                    bad(
                        info,
                        "port",
                        p,
                        "1..65535",
                        BadValueEffect::Tolerated,
                        false,
                    );
                }
                Some(rewritten(Located::file(n, p.span), &PORT, || {
                    Rewrite::new(|n: &i64| Some(n.to_string()))
                }))
            }
            _ => {
                bad(
                    info,
                    "port",
                    p,
                    "1..65535",
                    BadValueEffect::ServerIgnored,
                    false,
                );
                usable = false;
                None
            }
        },
        None => {
            missing(info, "port", s, MissingEffect::ServerIgnored);
            usable = false;
            None
        }
    };
    // The first socketType Thunderbird knows wins; the comparison is exact.
    let mut security: Option<Located<Security>> = None;
    let mut saw_socket = false;
    for st in s.children_named("socketType").filter_map(|e| e.text) {
        saw_socket = true;
        if let Some((_, sec)) = SOCKET_TYPES.iter().find(|(n, _)| *n == st.value) {
            if security.is_none() {
                security = Some(rewritten(
                    Located::file(*sec, st.span),
                    &SOCKET_TYPE,
                    || Rewrite::new(literal_of(SOCKET_TYPES)),
                ));
            }
        } else {
            let case_only = SOCKET_TYPES
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(&st.value));
            let effect = if security.is_some() {
                BadValueEffect::ValueIgnored
            } else {
                BadValueEffect::ServerIgnored
            };
            bad(
                info,
                "socketType",
                st,
                "plain, SSL, STARTTLS",
                effect,
                case_only,
            );
        }
    }
    if security.is_none() {
        if !saw_socket {
            missing(info, "socketType", s, MissingEffect::ServerIgnored);
        }
        usable = false;
    }
    // The first authentication the format knows wins.
    let mut auth: Option<Located<AuthMethod>> = None;
    let mut saw_auth = false;
    for a in s.children_named("authentication").filter_map(|e| e.text) {
        saw_auth = true;
        if let Some((_, m)) = AUTH_VALUES.iter().find(|(n, _)| *n == a.value) {
            if auth.is_none() {
                auth = Some(rewritten(Located::file(*m, a.span), &AUTH, || {
                    Rewrite::new(literal_of(AUTH_VALUES))
                }));
            }
        } else {
            let case_only = AUTH_VALUES
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(&a.value));
            bad(
                info,
                "authentication",
                a,
                "password-cleartext, password-encrypted, NTLM, GSSAPI, client-IP-address, TLS-client-cert, OAuth2, none, smtp-after-pop",
                BadValueEffect::ValueIgnored,
                case_only,
            );
        }
    }
    if !saw_auth {
        missing(info, "authentication", s, MissingEffect::ServerIgnored);
        usable = false;
    }
    let user_name = firsts.username.map(Text::located);
    let password_auth = matches!(
        auth.as_ref().map(|a| a.value),
        Some(AuthMethod::Cleartext | AuthMethod::Encrypted)
    );
    if user_name.is_none() && (role == ServerRole::Incoming || password_auth) {
        // readFromXML (comm/mailnews/base/prefs/content/accountcreation/
        // readFromXML.sys.mjs) takes String(undefined): the user name "undefined".
        missing(info, "username", s, MissingEffect::ReadAsUndefined);
    }
    let mut password_stored = false;
    for pw in s.children_named("password") {
        password_stored = true;
        info.embedded_passwords.push(EmbeddedPassword {
            element: "password".into(),
            span: pw.span,
            value: pw.text.map(|t| t.span),
        });
    }
    if !usable {
        return None;
    }
    let security = security?;
    let port = port?;
    let auth = auth.unwrap_or_else(|| Located::default_at(AuthMethod::Cleartext, s.start_tag));
    Some(Server {
        role,
        key: server_key(s.name, index),
        protocol,
        host,
        port,
        security,
        auth,
        user_name,
        password_stored,
        password_clear_text: password_stored,
        anchor: s.start_tag,
    })
}

#[cfg(test)]
mod tests;
