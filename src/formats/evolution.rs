//! GNOME Evolution: the `sources` folder (`~/.config/evolution/sources`),
//! one GKeyFile per source (formats.md §8). A mail setup is three sources
//! linked by UID (the file name without `.source`): the mail account
//! (incoming) names its identity (`IdentityUid`), the identity names its
//! transport (`TransportUid`, outgoing). Values keep the span of their own
//! file.

use super::ini::{self, IniEntry, IniFile, IniSection};
use crate::catalogue::ParseKind;
use crate::discover::{Home, Searched};
use crate::formats::registry::{Fuzz, Grouping, Reader, Sniff};
use crate::model::Str;
use crate::model::{
    Account, AuthMethod, Capabilities, Client, ClientOptions, Document, Format, Identity,
    ParseProblem, PopBeforeSmtp, Protocol, Security, Server, ServerRole, SkipKind, Skipped,
};
use crate::source::{Located, SourceFile, Span};

/// Evolution: every `*.source` file of one `sources` folder is one unit.
pub static READER: Reader = Reader {
    format: Format("evolution-sources"),
    clients: &[Client::Evolution],
    sniff: Sniff::Text(looks_like_source),
    names: &[],
    extensions: &[".source"],
    walk: &[".source"],
    unit: Grouping::FolderByExtension("source"),
    binary: None,
    discover: Some(places),
    read,
    fuzz: Fuzz {
        target: "evolution_sources",
        sample_name: "sources/a.source",
    },
    module: module_path!(),
};

/// Whether `text` looks like an ESource key file.
pub fn looks_like_source(text: &str) -> bool {
    // A `[` first: one fast scan rules out most files asked.
    crate::formats::has_section_bracket(text)
        && (text.starts_with("[Data Source]") || text.contains("\n[Data Source]"))
}

struct Source<'a> {
    uid: String,
    file: &'a SourceFile,
    ini: IniFile<'a>,
}

impl Source<'_> {
    /// GKeyFile: group names are case-sensitive.
    fn group(&self, name: &str) -> Option<&IniSection<'_>> {
        self.ini.sections.iter().rev().find(|s| s.name == name)
    }
}

/// Reads values with GKeyFile's rules and gathers the problems.
#[derive(Default)]
struct KeyFile {
    problems: Vec<ParseProblem>,
}

impl KeyFile {
    /// A string value, unescaped (`\s \n \t \r \\`); verbatim when it had
    /// no escape.
    ///
    /// `Key[locale]` is a translation of `Key`; the plain key is what
    /// Evolution uses for these settings, a translation only when it is the
    /// only one there is.
    fn string(&mut self, g: Option<&IniSection>, key: &str) -> Option<Located<Str>> {
        let g = g?;
        let e = g.get_exact(key).or_else(|| {
            g.entries.iter().find(|e| {
                e.key
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.starts_with('[') && rest.ends_with(']'))
            })
        })?;
        if e.value.is_empty() {
            return None;
        }
        Some(self.unescape(e))
    }

    fn unescape(&mut self, e: &IniEntry) -> Located<Str> {
        if !e.value.contains('\\') {
            return e.located().with_rewrite(|v: &Str| Some(gkeyfile_escape(v)));
        }
        let mut out = Str::with_capacity(e.value.len());
        let mut chars = e.value.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, 's')) => out.push(' '),
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, '\\')) => out.push('\\'),
                other => {
                    let end = other.map_or(e.value.len(), |(j, c)| j + c.len_utf8());
                    let base = e.value_span.start as usize;
                    self.problems.push(ParseProblem {
                        kind: ParseKind::BadEscape,
                        span: Span::new(e.value_span.source, base + i, base + end),
                        detail: Some(e.value.get(i..end).unwrap_or("\\").to_string()),
                        related: Vec::new(),
                    });
                }
            }
        }
        Located::file(out, e.value_span).with_rewrite(|v: &Str| Some(gkeyfile_escape(v)))
    }

    /// `true` / `false` (GLib also takes `1` / `0`), nothing else.
    fn boolean(&mut self, g: Option<&IniSection>, key: &str) -> Option<Located<bool>> {
        let e = g?.get_exact(key)?;
        match e.value {
            "true" | "1" => Some(Located::file(true, e.value_span)),
            "false" | "0" => Some(Located::file(false, e.value_span)),
            _ => {
                self.wrong_type(e, "true or false");
                None
            }
        }
    }

    fn int(&mut self, g: Option<&IniSection>, key: &str) -> Option<Located<i64>> {
        let e = g?.get_exact(key)?;
        match e.int() {
            Some(n) => Some(Located::file(n, e.value_span)),
            None => {
                self.wrong_type(e, "a number");
                None
            }
        }
    }

    fn wrong_type(&mut self, e: &IniEntry, _expected: &str) {
        self.problems.push(ParseProblem {
            kind: ParseKind::WrongType,
            span: e.value_span,
            detail: Some(e.key.to_string()),
            related: Vec::new(),
        });
    }

    fn unknown(&mut self, e: &IniEntry, _what: &str) {
        self.problems.push(ParseProblem {
            kind: ParseKind::UnknownValue,
            span: e.value_span,
            detail: Some(format!("{}={}", e.key, e.value)),
            related: Vec::new(),
        });
    }
}

pub fn read(files: &[&SourceFile]) -> Document {
    let sources: Vec<Source> = files
        .iter()
        .map(|f| Source {
            uid: f
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            file: f,
            ini: ini::parse(&f.text, f.id),
        })
        .collect();
    let mut kf = KeyFile::default();
    let mut doc = Document::new(
        Client::Evolution,
        READER.format,
        files.iter().map(|f| f.id).collect(),
    );
    for s in &sources {
        doc.secrets
            .extend(ini::secret_values(&s.ini, crate::secrets::is_secret_name));
        doc.suppressions.extend(ini::suppressions(&s.ini));
        for junk in &s.ini.junk {
            doc.problems.push(ParseProblem {
                kind: ParseKind::IniJunk,
                span: junk.span,
                detail: None,
                related: Vec::new(),
            });
        }
    }
    // Sources link to each other by UID: one index, so that linking N
    // sources stays linear (the last file of a UID wins, as in a folder).
    let by_uid: ByUid = sources.iter().map(|s| (s.uid.as_str(), s)).collect();
    for s in &sources {
        let Some(mail) = s.group("Mail Account") else {
            continue;
        };
        if let Some(false) = kf
            .boolean(s.group("Data Source"), "Enabled")
            .map(|b| b.value)
        {
            doc.skipped
                .push(Skipped::new(s.file.display_path(), SkipKind::TurnedOff));
            continue;
        }
        match account(s, mail, &by_uid, &mut kf) {
            Ok(a) => doc.accounts.push(a),
            Err(why) => doc.skipped.push(Skipped::new(s.file.display_path(), why)),
        }
    }
    doc.problems.extend(kf.problems);
    doc
}

/// The sources of a folder by UID (the file name without `.source`).
type ByUid<'a> = std::collections::HashMap<&'a str, &'a Source<'a>>;

/// The source a `…Uid` key names, or a problem at that key.
fn linked<'a>(
    from: &Source,
    group: &str,
    key: &str,
    sources: &ByUid<'a>,
    kf: &mut KeyFile,
) -> Option<&'a Source<'a>> {
    let uid = kf.string(from.group(group), key)?;
    let found = sources.get(uid.value.as_str()).copied();
    if found.is_none() {
        kf.problems.push(ParseProblem {
            kind: ParseKind::MissingSource,
            span: uid.span,
            detail: Some(format!("{}.source", uid.value)),
            related: Vec::new(),
        });
    }
    found
}

fn account(
    s: &Source,
    mail: &IniSection,
    sources: &ByUid,
    kf: &mut KeyFile,
) -> Result<Account, SkipKind> {
    let anchor = mail.header;
    let backend = mail.get_exact("BackendName");
    let protocol = match backend.map(|b| b.value) {
        Some("pop") => Some(Protocol::Pop3),
        Some("imapx" | "imap") => Some(Protocol::Imap),
        Some("nntp") => return Err(SkipKind::NewsAccountNotChecked),
        _ => None,
    };
    let incoming = match (protocol, backend) {
        (Some(p), Some(b)) => Some(server(
            s,
            ServerRole::Incoming,
            Located::file(p, b.value_span),
            anchor,
            kf,
        )),
        _ => None,
    };
    let mut options = ClientOptions::default();
    if let Some(inc) = incoming
        .as_ref()
        .filter(|i| i.protocol.value == Protocol::Pop3)
    {
        let pop = s.group("Pop Backend");
        // Camel's POP3 settings: keep-on-server off, delete-after-days 7.
        let keep = kf
            .boolean(pop, "KeepOnServer")
            .unwrap_or(Located::default_at(false, inc.anchor));
        let days = kf
            .int(pop, "DeleteAfterDays")
            .unwrap_or(Located::default_at(7, inc.anchor));
        options.delete_by_age = Some(days.clone().map(|d| keep.value && d > 0));
        options.leave_on_server = Some(keep);
        options.delete_after_days = Some(days);
    }

    let identity_src = linked(s, "Mail Account", "IdentityUid", sources, kf);
    let mut identities = Vec::new();
    let mut outgoing = Vec::new();
    if let Some(id) = identity_src {
        let group = id.group("Mail Identity");
        let transport = linked(id, "Mail Submission", "TransportUid", sources, kf);
        if let Some(t) = transport {
            if let Some(server) = transport_server(t, kf) {
                if server.auth.value == AuthMethod::PopBeforeSmtp {
                    options.pop_before_smtp = Some(server.auth.clone().map(|_| true));
                }
                outgoing.push(server);
            }
        }
        identities.push(Identity {
            key: Str::from(id.uid.as_str()),
            address: kf.string(group, "Address"),
            display_name: kf.string(group, "Name"),
            reply_to: kf.string(group, "ReplyTo"),
            outgoing: if outgoing.is_empty() { None } else { Some(0) },
            anchor: group.map_or(anchor, |g| g.header),
        });
    }
    if incoming.is_none() && outgoing.is_empty() {
        return Err(SkipKind::NoMailServer);
    }
    if options.pop_before_smtp.is_none() && !outgoing.is_empty() {
        options.pop_before_smtp = outgoing
            .first()
            .map(|o| o.auth.clone().map(|a| a == AuthMethod::PopBeforeSmtp));
    }
    Ok(Account {
        template: None,
        client: Client::Evolution,
        // Its own switch, read into `options.pop_before_smtp`.
        capabilities: Capabilities {
            pop_before_smtp: PopBeforeSmtp::Switch,
            ..Capabilities::NONE
        },
        key: Str::from(s.uid.as_str()),
        name: kf.string(s.group("Data Source"), "DisplayName"),
        identities,
        incoming,
        outgoing,
        options,
        anchor,
    })
}

/// The transport source's server, when it is SMTP (not sendmail).
fn transport_server(t: &Source, kf: &mut KeyFile) -> Option<Server> {
    let group = t.group("Mail Transport")?;
    let backend = group.get_exact("BackendName")?;
    if backend.value != "smtp" {
        return None;
    }
    Some(server(
        t,
        ServerRole::Outgoing,
        Located::file(Protocol::Smtp, backend.value_span),
        group.header,
        kf,
    ))
}

/// `[Authentication]` and `[Security]` of one source.
fn server(
    s: &Source,
    role: ServerRole,
    protocol: Located<Protocol>,
    anchor: Span,
    kf: &mut KeyFile,
) -> Server {
    let auth_group = s.group("Authentication");
    let security = match s.group("Security").and_then(|g| g.get_exact("Method")) {
        Some(e) => match e.value {
            "none" | "" => Located::file(Security::None, e.value_span),
            "ssl-on-alternate-port" => Located::file(Security::Tls, e.value_span),
            "starttls-on-standard-port" => Located::file(Security::StartTls, e.value_span),
            _ => {
                kf.unknown(e, "a security method Evolution knows");
                Located::default_at(Security::None, anchor)
            }
        },
        None => Located::default_at(Security::None, anchor),
    };
    // Port 0 or none: Camel's default port for the security in use.
    let default_port = protocol
        .value
        .default_port(security.value)
        .map(i64::from)
        .unwrap_or(0);
    let port = match kf.int(auth_group, "Port") {
        Some(p) if p.value != 0 => p,
        Some(p) => Located::default_at(default_port, p.span),
        None => Located::default_at(default_port, anchor),
    };
    let auth = auth_method(auth_group, role, anchor, kf);
    Server {
        role,
        key: Str::from(s.uid.as_str()),
        protocol,
        host: kf.string(auth_group, "Host"),
        port,
        security,
        user_name: kf.string(auth_group, "User"),
        // Evolution keeps passwords in the keyring, never in these files.
        password_stored: false,
        password_clear_text: false,
        auth,
        anchor,
    }
}

/// `[Authentication] Method`: Camel's SASL mechanism name. Empty or `none`
/// means no SMTP login, and the plain password login for POP and IMAP.
fn auth_method(
    g: Option<&IniSection>,
    role: ServerRole,
    anchor: Span,
    kf: &mut KeyFile,
) -> Located<AuthMethod> {
    let plain = match role {
        ServerRole::Incoming => AuthMethod::Cleartext,
        ServerRole::Outgoing => AuthMethod::None,
    };
    let Some(e) = g.and_then(|g| g.get_exact("Method")) else {
        return Located::default_at(plain, anchor);
    };
    let method = match e.value.to_ascii_uppercase().as_str() {
        "" | "NONE" => plain,
        "PLAIN" | "LOGIN" => AuthMethod::Cleartext,
        "+APOP" | "CRAM-MD5" | "DIGEST-MD5" => AuthMethod::Encrypted,
        m if m.starts_with("SCRAM-") => AuthMethod::Encrypted,
        "NTLM" => AuthMethod::Spa,
        "GSSAPI" => AuthMethod::Gssapi,
        "XOAUTH2" | "OAUTHBEARER" | "GOOGLE" | "OUTLOOK" | "YAHOO" => AuthMethod::OAuth2,
        "ANONYMOUS" => AuthMethod::None,
        "POPB4SMTP" if role == ServerRole::Outgoing => AuthMethod::PopBeforeSmtp,
        _ => {
            kf.unknown(e, "an authentication method Evolution knows");
            return Located::default_at(plain, anchor);
        }
    };
    Located::file(method, e.value_span)
}

/// `value` as GKeyFile writes a string (glib's g_key_file_parse_string_as_value):
/// `\\`, `\n`, `\t`, `\r` escaped, and a leading space as `\s`.
fn gkeyfile_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.chars().enumerate() {
        match c {
            ' ' if i == 0 => out.push_str("\\s"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// Evolution's `sources` folder (formats.md §8), native and flatpak.
fn places(home: &Home) -> Vec<Searched> {
    let h = &home.home;
    [
        h.join(".config/evolution/sources"),
        h.join(".var/app/org.gnome.Evolution/config/evolution/sources"),
    ]
    .into_iter()
    .map(|dir| Searched {
        client: "Evolution",
        found: has_source_entries(&dir),
        path: dir,
    })
    .collect()
}

/// Any entry named `*.source` (discovery has always counted them, file or not).
fn has_source_entries(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|rd| {
        rd.filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|x| x == "source"))
    })
}
