//! Outlook profile files (`.prf`, INI): `[Internet Account List]` names the
//! `[AccountN]` sections, each one Internet account (formats.md §4). Two
//! generations of key names exist: Outlook 2000's (`POP3UseSicily`,
//! `SMTPLogonName`, `POP3LeaveOnServer`, `SMTPSplitMessages`, as in KB
//! Q259957) and the Office Customization Tool's (`POP3UseSPA`,
//! `SMTPAuthMethod`, `SMTPSecureConnection`, `LeaveOnServer` bitmask).

use crate::catalogue::{ParseKind, ParseLabel};
use crate::formats::ini::{self, IniEntry, IniSection};
use crate::formats::registry::{Fuzz, Grouping, Reader as ReaderDescriptor, Sniff};
use crate::model::{
    Account, AuthMethod, Client, ClientOptions, Connection, Document, Identity, ParseProblem,
    Protocol, Security, Server, ServerRole,
};
use crate::model::{Format, Str};
use crate::secrets::is_secret_name;
use crate::source::{Located, SourceFile, Span};

/// An Outlook profile file (`.prf`).
pub static READER: ReaderDescriptor = ReaderDescriptor {
    format: Format("prf"),
    clients: &[Client::Outlook],
    sniff: Sniff::Text(looks_like_prf),
    names: &[],
    extensions: &[".prf"],
    walk: &[".prf"],
    unit: Grouping::File,
    binary: None,
    discover: None,
    read,
    fuzz: Fuzz {
        target: "prf",
        sample_name: "outlook.prf",
    },
    module: module_path!(),
};

/// Whether `text` looks like an Outlook profile file.
/// Decided line by line as the INI reader (`ini::parse`) would read them, but
/// without building its tree: a section `[Internet Account List]`, or a
/// `[General]` section with both `ProfileName` and `OverwriteProfile`. Every
/// text file a folder walk meets is asked this, so it allocates nothing.
pub fn looks_like_prf(text: &str) -> bool {
    // No section without a `[` (one fast scan: most files asked are XML).
    if !crate::formats::has_section_bracket(text) {
        return false;
    }
    let mut general = false;
    let (mut profile_name, mut overwrite) = (false, false);
    for line in ini::scan(text) {
        match line {
            ini::ScanLine::Section(name) => {
                if name.eq_ignore_ascii_case("Internet Account List") {
                    return true;
                }
                general = name.eq_ignore_ascii_case("General");
                (profile_name, overwrite) = (false, false);
            }
            ini::ScanLine::Key(key) if general => {
                profile_name |= key.eq_ignore_ascii_case("ProfileName");
                overwrite |= key.eq_ignore_ascii_case("OverwriteProfile");
                if profile_name && overwrite {
                    return true;
                }
            }
            ini::ScanLine::Key(_) => {}
        }
    }
    false
}

/// Most lines Windows' profile reader cannot parse are ignored by Outlook;
/// show at most this many of them as labels of one problem.
const MAX_JUNK_LABELS: usize = 8;

struct Reader<'a> {
    section: &'a IniSection<'a>,
    problems: &'a mut Vec<ParseProblem>,
}

impl Reader<'_> {
    fn entry(&self, names: &[&str]) -> Option<&IniEntry<'_>> {
        names.iter().find_map(|n| self.section.get(n))
    }

    fn text(&self, names: &[&str]) -> Option<Located<Str>> {
        let e = self.entry(names)?;
        (!e.value.is_empty()).then(|| e.located())
    }

    /// A number as Windows' profile API reads it: decimal, or `0x` hex.
    fn number(&mut self, names: &[&str]) -> Option<Located<i64>> {
        let e = self.entry(names)?.clone();
        let v = e.value.trim();
        let parsed = match v.get(..2) {
            Some(p) if p.eq_ignore_ascii_case("0x") => i64::from_str_radix(&v[2..], 16).ok(),
            _ => v.parse::<i64>().ok(),
        };
        match parsed {
            Some(n) => Some(Located::file(n, e.value_span)),
            None => {
                self.problems.push(ParseProblem {
                    kind: ParseKind::WrongType,
                    span: e.value_span,
                    detail: Some(e.key.to_string()),
                    related: Vec::new(),
                });
                None
            }
        }
    }

    fn flag(&mut self, names: &[&str]) -> Option<Located<bool>> {
        self.number(names).map(|n| n.map(|v| v != 0))
    }

    fn has_secret(&self, prefix: &str) -> bool {
        self.section.entries.iter().any(|e| {
            e.key
                .get(..prefix.len())
                .is_some_and(|k| k.eq_ignore_ascii_case(prefix))
                && is_secret_name(e.key)
                && !e.value.is_empty()
        })
    }

    fn unknown(&mut self, v: &Located<i64>, key: &str, _what: &str) {
        self.problems.push(ParseProblem {
            kind: ParseKind::UnknownValue,
            span: v.span,
            detail: Some(format!("{key}={}", v.value)),
            related: Vec::new(),
        });
    }
}

/// Read one `.prf` file.
pub fn read(files: &[&SourceFile]) -> Document {
    let mut doc = crate::formats::outlook_express::empty(Client::Outlook, READER.format, files);
    for file in files {
        let parsed = ini::parse(&file.text, file.id);
        junk(&parsed, &mut doc.problems);
        // Any key that names a password (a PST's `Password=`) is masked.
        doc.secrets
            .extend(ini::secret_values(&parsed, is_secret_name));
        doc.suppressions.extend(ini::suppressions(&parsed));
        for (section, list_type) in account_sections(&parsed) {
            let mut r = Reader {
                section,
                problems: &mut doc.problems,
            };
            if let Some(a) = account(&mut r, list_type.as_deref()) {
                doc.accounts.push(a);
            }
        }
    }
    doc
}

/// Lines that are neither sections, keys nor comments (wrapped comment
/// lines in copies of KB Q259957): one problem, every line labelled.
fn junk(parsed: &ini::IniFile, problems: &mut Vec<ParseProblem>) {
    let Some(first) = parsed.junk.first() else {
        return;
    };
    problems.push(ParseProblem {
        kind: ParseKind::PrfIgnoredLines,
        span: first.span,
        detail: Some(parsed.junk.len().to_string()),
        related: parsed
            .junk
            .iter()
            .skip(1)
            .take(MAX_JUNK_LABELS)
            .map(|j| (j.span, ParseLabel::IgnoredLine))
            .collect(),
    });
}

/// The `[AccountN]` sections `[Internet Account List]` names (with the type
/// it gives), else every section that looks like an account.
fn account_sections<'a>(parsed: &'a ini::IniFile<'a>) -> Vec<(&'a IniSection<'a>, Option<String>)> {
    let listed: Vec<(String, String)> = parsed
        .sections_named("Internet Account List")
        .flat_map(|s| s.entries.iter())
        .map(|e| (e.key.to_string(), e.value.to_string()))
        .collect();
    if !listed.is_empty() {
        return listed
            .into_iter()
            .filter_map(|(name, ty)| {
                let section = parsed
                    .sections
                    .iter()
                    .rev()
                    .find(|s| s.name.eq_ignore_ascii_case(&name))?;
                Some((section, Some(ty)))
            })
            .collect();
    }
    parsed
        .sections
        .iter()
        .filter(|s| {
            let head = s.name.get(..7).unwrap_or("");
            let digits = s.name.get(7..).unwrap_or("");
            head.eq_ignore_ascii_case("account")
                && !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
        })
        .map(|s| (s, None))
        .collect()
}

fn account(r: &mut Reader, list_type: Option<&str>) -> Option<Account> {
    let anchor = r.section.header;
    let imap = list_type.is_some_and(|t| t.to_ascii_uppercase().contains("IMAP"))
        || (r.entry(&["IMAPServer"]).is_some() && r.entry(&["POP3Server"]).is_none());
    let (p, protocol) = if imap {
        ("IMAP", Protocol::Imap)
    } else {
        ("POP3", Protocol::Pop3)
    };
    let incoming = incoming(r, p, protocol, anchor);
    let outgoing = r.entry(&["SMTPServer"]).is_some().then(|| smtp(r, anchor));
    let options = options(r, &incoming, outgoing.as_ref(), anchor);
    let identity = Identity {
        key: Str::from(r.section.name),
        address: r.text(&["EmailAddress", "SMTPEmailAddress"]),
        display_name: r.text(&["DisplayName", "SMTPDisplayName"]),
        reply_to: r.text(&["ReplyEmailAddress", "SMTPReplyAddress"]),
        outgoing: outgoing.as_ref().map(|_| 0),
        anchor,
    };
    Some(Account {
        template: None,
        client: Client::Outlook,
        capabilities: crate::formats::outlook_express::values::capabilities(Client::Outlook),
        key: Str::from(r.section.name),
        name: r.text(&["AccountName"]),
        identities: vec![identity],
        incoming: Some(incoming),
        outgoing: outgoing.into_iter().collect(),
        options,
        anchor,
    })
}

fn incoming(r: &mut Reader, p: &str, protocol: Protocol, anchor: Span) -> Server {
    let host_key = format!("{p}Server");
    let server_anchor = r.entry(&[&host_key]).map_or(anchor, |e| e.key_span);
    let security = match r.flag(&[&format!("{p}UseSSL"), &format!("{p}SSL")]) {
        Some(b) => b.map(|s| if s { Security::Tls } else { Security::None }),
        None => Located::default_at(Security::None, server_anchor),
    };
    let auth = match r.flag(&[&format!("{p}UseSPA"), &format!("{p}UseSicily")]) {
        Some(b) => b.map(|s| {
            if s {
                AuthMethod::Spa
            } else {
                AuthMethod::Cleartext
            }
        }),
        None => Located::default_at(AuthMethod::Cleartext, server_anchor),
    };
    let default_port = i64::from(protocol.default_port(security.value).unwrap_or(110));
    let port = r
        .number(&[&format!("{p}Port")])
        .unwrap_or(Located::default_at(default_port, server_anchor));
    Server {
        role: ServerRole::Incoming,
        key: Str::from(p),
        host: r.text(&[&host_key]),
        protocol: Located::file(protocol, server_anchor),
        port,
        security,
        auth,
        user_name: r.text(&[&format!("{p}UserName"), &format!("{p}LogonName")]),
        password_stored: r.has_secret(p),
        password_clear_text: false,
        anchor: server_anchor,
    }
}

fn smtp(r: &mut Reader, anchor: Span) -> Server {
    let server_anchor = r.entry(&["SMTPServer"]).map_or(anchor, |e| e.key_span);
    let security = match r.number(&["SMTPSecureConnection"]) {
        Some(v) => match v.value {
            0 => v.map(|_| Security::None),
            1 => v.map(|_| Security::Tls),
            2 => v.map(|_| Security::StartTls),
            3 => v.map(|_| Security::TryStartTls),
            _ => {
                r.unknown(&v, "SMTPSecureConnection", "secure connection type (0-3)");
                Located::default_at(Security::None, v.span)
            }
        },
        None => match r.flag(&["SMTPUseSSL", "SMTPSSL"]) {
            Some(b) => b.map(|s| if s { Security::Tls } else { Security::None }),
            None => Located::default_at(Security::None, server_anchor),
        },
    };
    let default_port = if security.value == Security::Tls {
        465
    } else {
        25
    };
    let port = r
        .number(&["SMTPPort"])
        .unwrap_or(Located::default_at(default_port, server_anchor));
    let user = r.text(&["SMTPUserName", "SMTPLogonName"]);
    let auth = smtp_auth(r, user.is_some(), server_anchor);
    Server {
        role: ServerRole::Outgoing,
        key: "SMTP".into(),
        host: r.text(&["SMTPServer"]),
        protocol: Located::file(Protocol::Smtp, server_anchor),
        port,
        security,
        auth,
        user_name: user,
        password_stored: r.has_secret("SMTP"),
        password_clear_text: false,
        anchor: server_anchor,
    }
}

/// `SMTPUseSPA`, else `SMTPUseAuth` with `SMTPAuthMethod` (0 same as
/// incoming, 1 own user name, 2 log on to incoming before sending), else
/// Outlook 2000's `SMTPUseSicily` (1 = SPA, or the `SMTPLogonName`).
fn smtp_auth(r: &mut Reader, has_user: bool, anchor: Span) -> Located<AuthMethod> {
    if let Some(spa) = r.flag(&["SMTPUseSPA"]) {
        if spa.value {
            return spa.map(|_| AuthMethod::Spa);
        }
    }
    if let Some(use_auth) = r.flag(&["SMTPUseAuth"]) {
        if !use_auth.value {
            return use_auth.map(|_| AuthMethod::None);
        }
        return match r.number(&["SMTPAuthMethod"]) {
            Some(m) => match m.value {
                0 => m.map(|_| AuthMethod::SameAsIncoming),
                1 => m.map(|_| AuthMethod::Cleartext),
                2 => m.map(|_| AuthMethod::PopBeforeSmtp),
                _ => {
                    r.unknown(&m, "SMTPAuthMethod", "SMTP authentication method (0-2)");
                    use_auth.map(|_| AuthMethod::SameAsIncoming)
                }
            },
            None => use_auth.map(|_| AuthMethod::SameAsIncoming),
        };
    }
    if let Some(sicily) = r.number(&["SMTPUseSicily"]) {
        return match sicily.value {
            0 => sicily.map(|_| AuthMethod::None),
            1 if has_user => sicily.map(|_| AuthMethod::Cleartext),
            1 => sicily.map(|_| AuthMethod::Spa),
            _ => {
                r.unknown(&sicily, "SMTPUseSicily", "SMTP logon setting (0-1)");
                Located::default_at(AuthMethod::None, sicily.span)
            }
        };
    }
    Located::default_at(AuthMethod::None, anchor)
}

fn options(
    r: &mut Reader,
    incoming: &Server,
    outgoing: Option<&Server>,
    anchor: Span,
) -> ClientOptions {
    let mut o = ClientOptions::default();
    if incoming.protocol.value == Protocol::Pop3 {
        let at = incoming.anchor;
        if let Some(mask) = r.number(&["LeaveOnServer"]) {
            // 0x1 leave a copy, 0x2 remove after N days, N in the high 16 bits.
            let v = mask.value;
            o.leave_on_server = Some(mask.as_ref().map(|_| v & 1 != 0));
            o.delete_by_age = Some(mask.as_ref().map(|_| v & 2 != 0));
            o.delete_after_days = Some(mask.map(|_| (v >> 16) & 0xFFFF));
        } else {
            o.leave_on_server = Some(
                r.flag(&["POP3LeaveOnServer"])
                    .unwrap_or(Located::default_at(false, at)),
            );
            o.delete_by_age = Some(
                r.flag(&["POP3RemoveExpired"])
                    .unwrap_or(Located::default_at(false, at)),
            );
            o.delete_after_days = Some(
                r.number(&["POP3ExpireDays"])
                    .unwrap_or(Located::default_at(0, at)),
            );
        }
    }
    if let Some(out) = outgoing {
        // Outlook's "Log on to incoming mail server before sending mail".
        o.pop_before_smtp = Some(out.auth.as_ref().map(|a| *a == AuthMethod::PopBeforeSmtp));
        if let Some(split) = r.flag(&["SMTPSplitMessages"]) {
            o.split_messages = Some(split);
            o.split_size_kb = Some(
                r.number(&["SMTPSplitSize"])
                    .unwrap_or(Located::default_at(64, out.anchor)),
            );
        }
    }
    o.connection = match r.number(&["ConnectionType"]) {
        Some(v) => match v.value {
            0 => Some(v.map(|_| Connection::Lan)),
            1 => Some(v.map(|_| Connection::Manual)),
            2 => {
                let name = r
                    .text(&["ConnectionOID", "Connectoid"])
                    .map(|c| c.value.into_string());
                Some(v.map(|_| Connection::DialUp(name)))
            }
            3 => Some(v.map(|_| Connection::InternetExplorer)),
            _ => {
                r.unknown(&v, "ConnectionType", "connection type (0-3)");
                None
            }
        },
        None => Some(Located::default_at(Connection::Lan, anchor)),
    };
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn read_text(text: &str) -> Document {
        let f = SourceFile::from_bytes(SourceId(0), "x.prf", text.as_bytes());
        read(&[&f])
    }

    #[test]
    fn oct_keys_and_leave_on_server_mask() {
        let d = read_text(
            "[Internet Account List]\r\nAccount1=I_Mail\r\n[Account1]\r\nPOP3Server=pop.example.jp\r\nPOP3UseSPA=1\r\nSMTPServer=smtp.example.jp\r\nSMTPUseAuth=1\r\nSMTPAuthMethod=2\r\nSMTPSecureConnection=2\r\nSMTPPort=587\r\nLeaveOnServer=0x140003\r\n",
        );
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let a = &d.accounts[0];
        assert_eq!(
            a.incoming.as_ref().map(|s| s.auth.value),
            Some(AuthMethod::Spa)
        );
        assert_eq!(a.outgoing[0].auth.value, AuthMethod::PopBeforeSmtp);
        assert_eq!(a.outgoing[0].security.value, Security::StartTls);
        assert_eq!(
            a.options.pop_before_smtp.as_ref().map(|p| p.value),
            Some(true)
        );
        assert_eq!(
            a.options.delete_after_days.as_ref().map(|d| d.value),
            Some(20)
        );
        assert_eq!(
            a.options.delete_by_age.as_ref().map(|d| d.value),
            Some(true)
        );
    }

    #[test]
    fn outlook_2000_keys_and_junk_lines() {
        let d = read_text(
            "; comment\r\nwrapped comment line\r\n[Account1]\r\nPOP3Server=pop\r\nSMTPServer=smtp\r\nSMTPUseSicily=1\r\nSMTPLogonName=taro\r\nPOP3LeaveOnServer=1\r\nSMTPSplitMessages=0\r\nConnectionType=x\r\n",
        );
        let a = &d.accounts[0];
        assert_eq!(a.outgoing[0].auth.value, AuthMethod::Cleartext);
        assert_eq!(
            a.options.leave_on_server.as_ref().map(|l| l.value),
            Some(true)
        );
        assert_eq!(
            a.options.split_messages.as_ref().map(|s| s.value),
            Some(false)
        );
        let kinds: Vec<_> = d.problems.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [ParseKind::PrfIgnoredLines, ParseKind::WrongType]);
        assert!(looks_like_prf("[Internet Account List]\nAccount1=I_Mail\n"));
        assert!(!looks_like_prf("[Profile0]\nPath=x\n"));
    }

    /// What the INI reader's tree says, the question `looks_like_prf`
    /// answers without building it.
    fn looks_like_prf_by_tree(text: &str) -> bool {
        let ini = ini::parse(text, SourceId(0));
        ini.sections_named("Internet Account List").next().is_some()
            || ini
                .sections_named("General")
                .any(|s| s.get("ProfileName").is_some() && s.get("OverwriteProfile").is_some())
    }

    #[test]
    fn sniff_cases() {
        for (text, want) in [
            ("[General]\nProfileName=x\nOverwriteProfile=Yes\n", true),
            (
                "[general]\r\n overwriteprofile = Yes\r\nprofilename=x\r\n",
                true,
            ),
            (
                "[General]\nProfileName=x\n[Other]\nOverwriteProfile=Yes\n",
                false,
            ),
            (
                "[General]\nProfileName=x\n[broken\nOverwriteProfile=Yes\n",
                true,
            ),
            ("[General]\nProfileName=x\n;OverwriteProfile=Yes\n", false),
            ("  [ internet account list ]  \n", true),
            ("<?xml version=\"1.0\"?>\n<clientConfig/>\n", false),
        ] {
            assert_eq!(looks_like_prf(text), want, "{text:?}");
            assert_eq!(looks_like_prf_by_tree(text), want, "{text:?}");
        }
    }

    proptest::proptest! {
        /// The line-by-line sniff and the INI tree agree on any text.
        #[test]
        fn sniff_agrees_with_the_ini_reader(
            text in "(\\[|\\]|=|;|#| |\r|\n|General|Internet Account List|ProfileName|OverwriteProfile|profilename|x){0,40}"
        ) {
            proptest::prop_assert_eq!(looks_like_prf(&text), looks_like_prf_by_tree(&text));
        }
    }
}
