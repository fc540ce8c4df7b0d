//! The three conversations a probe has, and nothing more: read the greeting,
//! ask for capabilities (SMTP `EHLO`, POP3 `CAPA`, IMAP `CAPABILITY`), start
//! TLS (`STARTTLS`, `STLS`), say goodbye (`QUIT`, `LOGOUT`). No command that
//! carries a user name or a password exists here.
//!
//! The capability lists are read the way Thunderbird's account wizard reads
//! them (comm-central `mail/components/accountcreation/modules/GuessConfig.sys.mjs`,
//! `HostDetector._advertisesAuthMethods` and `_hasSTARTTLS`): IMAP's `AUTH=`
//! atoms, POP3's `SASL` line (RFC 2449) and `USER`, SMTP's `AUTH` keyword
//! (and the old `AUTH=` form), `STARTTLS`/`STLS`, IMAP's `LOGINDISABLED`.
//! Unlike the wizard, which matches anywhere in the text (so a greeting
//! mentioning "NTLM" counts), this reads the capability lines only.

use serde::Serialize;

use super::wire::{ReadError, Wire};

/// The protocols a probe speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Proto {
    Smtp,
    Pop3,
    Imap,
}

impl Proto {
    pub fn label(self) -> &'static str {
        match self {
            Proto::Smtp => "SMTP",
            Proto::Pop3 => "POP3",
            Proto::Imap => "IMAP",
        }
    }

    /// The command that upgrades to TLS.
    pub fn starttls_word(self) -> &'static str {
        match self {
            Proto::Pop3 => "STLS",
            _ => "STARTTLS",
        }
    }
}

/// What a server says it can do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Caps {
    /// The server answered the capability request (old POP3 servers have no `CAPA`).
    pub listed: bool,
    /// SASL mechanisms, upper case, in the server's order.
    pub auth: Vec<String>,
    pub starttls: bool,
    /// SMTP `SIZE`: the largest message in bytes (absent or 0: no limit announced).
    pub size: Option<u64>,
    /// POP3 `USER` (the USER/PASS login).
    pub user: bool,
    /// IMAP `LOGINDISABLED`: no `LOGIN` command (cleartext) on this connection.
    pub login_disabled: bool,
}

impl Caps {
    fn add_mechs<'a>(&mut self, words: impl Iterator<Item = &'a str>) {
        for w in words {
            let w = w.trim().to_ascii_uppercase();
            if !w.is_empty() && !self.auth.contains(&w) {
                self.auth.push(w);
            }
        }
    }

    pub fn offers(&self, mech: &str) -> bool {
        self.auth.iter().any(|m| m == mech)
    }

    /// Whether a cleartext password can be given here: SMTP `AUTH PLAIN` or
    /// `LOGIN`; POP3 `USER` or those; IMAP's `LOGIN` unless `LOGINDISABLED`,
    /// or those.
    pub fn offers_cleartext(&self, proto: Proto) -> bool {
        let sasl = self.offers("PLAIN") || self.offers("LOGIN");
        match proto {
            Proto::Smtp => sasl,
            // A POP3 server without CAPA still knows USER (RFC 1939).
            Proto::Pop3 => sasl || self.user || !self.listed,
            Proto::Imap => sasl || !self.login_disabled,
        }
    }
}

/// How a conversation went wrong.
#[derive(Debug)]
pub enum DialogError {
    Read(ReadError),
    /// The server answered, but not what the protocol says (the line).
    Unexpected(String),
    /// The server refused (its line: `554`, `-ERR`, `* BYE`, `NO`, `BAD`).
    Refused(String),
}

impl From<ReadError> for DialogError {
    fn from(e: ReadError) -> Self {
        DialogError::Read(e)
    }
}

impl std::fmt::Display for DialogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DialogError::Read(e) => write!(f, "{e}"),
            DialogError::Unexpected(l) => write!(f, "unexpected answer \"{l}\""),
            DialogError::Refused(l) => write!(f, "refused: \"{l}\""),
        }
    }
}

/// Which protocol a greeting line belongs to, if any (a POP3 account set to
/// an SMTP port meets `220 ...`).
pub fn greeting_protocol(line: &str) -> Option<Proto> {
    let b = line.as_bytes();
    if line.starts_with("+OK") || line.starts_with("-ERR") {
        Some(Proto::Pop3)
    } else if line.starts_with("* OK") || line.starts_with("* PREAUTH") || line.starts_with("* BYE")
    {
        Some(Proto::Imap)
    } else if b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_digit)
        && matches!(b.get(3), None | Some(b' ' | b'-'))
    {
        Some(Proto::Smtp)
    } else {
        None
    }
}

/// One SMTP reply (all its lines): the code and the text of each line.
fn smtp_reply(wire: &mut Wire) -> Result<(u16, Vec<String>), DialogError> {
    let mut lines = Vec::new();
    loop {
        let line = wire.read_line()?;
        let b = line.as_bytes();
        if b.len() < 3 || !b[..3].iter().all(u8::is_ascii_digit) {
            return Err(DialogError::Unexpected(line));
        }
        let code: u16 = line[..3].parse().unwrap_or(0);
        let more = b.get(3) == Some(&b'-');
        lines.push(line.get(4..).unwrap_or("").to_string());
        if !more {
            return Ok((code, lines));
        }
        if lines.len() > 200 {
            return Err(DialogError::Read(ReadError::TooLong));
        }
    }
}

/// The conversation with one server; IMAP needs numbered tags.
pub struct Dialog {
    pub proto: Proto,
    tag: u32,
    /// IMAP capabilities in the greeting (`* OK [CAPABILITY ...]`).
    greeting_caps: Option<Caps>,
}

impl Dialog {
    pub fn new(proto: Proto) -> Dialog {
        Dialog {
            proto,
            tag: 0,
            greeting_caps: None,
        }
    }

    fn next_tag(&mut self) -> String {
        self.tag += 1;
        format!("A{}", self.tag)
    }

    /// Read the greeting; its first line is returned.
    pub fn greeting(&mut self, wire: &mut Wire) -> Result<String, DialogError> {
        match self.proto {
            Proto::Smtp => {
                let (code, lines) = smtp_reply(wire)?;
                let first = format!("{code} {}", lines.first().map(String::as_str).unwrap_or(""));
                match code {
                    220 => Ok(first),
                    _ => Err(DialogError::Refused(first)),
                }
            }
            Proto::Pop3 => {
                let line = wire.read_line()?;
                if line.starts_with("+OK") {
                    Ok(line)
                } else if line.starts_with("-ERR") {
                    Err(DialogError::Refused(line))
                } else {
                    Err(DialogError::Unexpected(line))
                }
            }
            Proto::Imap => {
                let line = wire.read_line()?;
                if line.starts_with("* OK") || line.starts_with("* PREAUTH") {
                    self.greeting_caps = imap_bracket_caps(&line);
                    Ok(line)
                } else if line.starts_with("* BYE") {
                    Err(DialogError::Refused(line))
                } else {
                    Err(DialogError::Unexpected(line))
                }
            }
        }
    }

    /// Ask for the capabilities.
    pub fn capabilities(&mut self, wire: &mut Wire) -> Result<Caps, DialogError> {
        match self.proto {
            Proto::Smtp => {
                let hello = match wire.local_ip() {
                    Some(std::net::IpAddr::V4(ip)) => format!("EHLO [{ip}]"),
                    Some(std::net::IpAddr::V6(ip)) => format!("EHLO [IPv6:{ip}]"),
                    None => "EHLO [127.0.0.1]".to_string(),
                };
                wire.send(&hello)?;
                let (code, lines) = smtp_reply(wire)?;
                if code != 250 {
                    // An SMTP server without ESMTP: nothing announced.
                    return Ok(Caps::default());
                }
                Ok(smtp_caps(lines.iter().skip(1).map(String::as_str)))
            }
            Proto::Pop3 => {
                wire.send("CAPA")?;
                let first = wire.read_line()?;
                if !first.starts_with("+OK") {
                    return Ok(Caps::default());
                }
                let mut lines = Vec::new();
                loop {
                    let line = wire.read_line()?;
                    if line == "." {
                        break;
                    }
                    lines.push(line);
                    if lines.len() > 200 {
                        return Err(DialogError::Read(ReadError::TooLong));
                    }
                }
                Ok(pop3_caps(lines.iter().map(String::as_str)))
            }
            Proto::Imap => {
                let tag = self.next_tag();
                wire.send(&format!("{tag} CAPABILITY"))?;
                let mut caps = None;
                loop {
                    let line = wire.read_line()?;
                    if let Some(rest) = line.strip_prefix("* CAPABILITY ") {
                        caps = Some(imap_caps(rest));
                    } else if let Some(rest) = line.strip_prefix(&format!("{tag} ")) {
                        if rest.starts_with("OK") {
                            break;
                        }
                        return Err(DialogError::Refused(line));
                    }
                }
                Ok(caps
                    .or_else(|| self.greeting_caps.clone())
                    .unwrap_or_default())
            }
        }
    }

    /// Ask to start TLS; `Ok` when the server agrees (the handshake is next).
    pub fn starttls(&mut self, wire: &mut Wire) -> Result<(), DialogError> {
        match self.proto {
            Proto::Smtp => {
                wire.send("STARTTLS")?;
                let (code, lines) = smtp_reply(wire)?;
                if code == 220 {
                    Ok(())
                } else {
                    Err(DialogError::Refused(format!("{code} {}", lines.join(" "))))
                }
            }
            Proto::Pop3 => {
                wire.send("STLS")?;
                let line = wire.read_line()?;
                if line.starts_with("+OK") {
                    Ok(())
                } else {
                    Err(DialogError::Refused(line))
                }
            }
            Proto::Imap => {
                let tag = self.next_tag();
                wire.send(&format!("{tag} STARTTLS"))?;
                loop {
                    let line = wire.read_line()?;
                    if let Some(rest) = line.strip_prefix(&format!("{tag} ")) {
                        if rest.starts_with("OK") {
                            return Ok(());
                        }
                        return Err(DialogError::Refused(line));
                    }
                }
            }
        }
    }

    /// Say goodbye and read the answer (best effort).
    pub fn quit(&mut self, wire: &mut Wire) {
        let ok = match self.proto {
            Proto::Smtp => wire.send("QUIT").is_ok() && smtp_reply(wire).is_ok(),
            Proto::Pop3 => wire.send("QUIT").is_ok() && wire.read_line().is_ok(),
            Proto::Imap => {
                let tag = self.next_tag();
                if wire.send(&format!("{tag} LOGOUT")).is_err() {
                    return;
                }
                loop {
                    match wire.read_line() {
                        Ok(l) if l.starts_with(&format!("{tag} ")) => break true,
                        Ok(_) => continue,
                        Err(_) => break false,
                    }
                }
            }
        };
        let _ = ok;
    }
}

/// SMTP EHLO keywords (the lines after the first).
pub fn smtp_caps<'a>(lines: impl Iterator<Item = &'a str>) -> Caps {
    let mut caps = Caps {
        listed: true,
        ..Caps::default()
    };
    for line in lines {
        let mut words = line.split_ascii_whitespace();
        let Some(keyword) = words.next() else {
            continue;
        };
        let upper = keyword.to_ascii_uppercase();
        if upper == "AUTH" {
            caps.add_mechs(words);
        } else if let Some(first) = upper.strip_prefix("AUTH=") {
            // The pre-RFC 2554 form some servers still send for old Outlook.
            caps.add_mechs(std::iter::once(first).chain(words));
        } else if upper == "STARTTLS" {
            caps.starttls = true;
        } else if upper == "SIZE" {
            caps.size = words.next().and_then(|n| n.parse().ok());
        }
    }
    caps
}

/// POP3 CAPA lines (RFC 2449).
pub fn pop3_caps<'a>(lines: impl Iterator<Item = &'a str>) -> Caps {
    let mut caps = Caps {
        listed: true,
        ..Caps::default()
    };
    for line in lines {
        let mut words = line.split_ascii_whitespace();
        let Some(keyword) = words.next() else {
            continue;
        };
        match keyword.to_ascii_uppercase().as_str() {
            "SASL" => caps.add_mechs(words),
            "STLS" => caps.starttls = true,
            "USER" => caps.user = true,
            _ => {}
        }
    }
    caps
}

/// IMAP capability atoms (after `* CAPABILITY` or inside `[CAPABILITY ...]`).
pub fn imap_caps(atoms: &str) -> Caps {
    let mut caps = Caps {
        listed: true,
        ..Caps::default()
    };
    for atom in atoms.split_ascii_whitespace() {
        let upper = atom.to_ascii_uppercase();
        if let Some(mech) = upper.strip_prefix("AUTH=") {
            caps.add_mechs(std::iter::once(mech));
        } else if upper == "STARTTLS" {
            caps.starttls = true;
        } else if upper == "LOGINDISABLED" {
            caps.login_disabled = true;
        }
    }
    caps
}

fn imap_bracket_caps(greeting: &str) -> Option<Caps> {
    let start = greeting.find("[CAPABILITY ")? + "[CAPABILITY ".len();
    let end = start + greeting[start..].find(']')?;
    Some(imap_caps(&greeting[start..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_capability_forms() {
        let s = smtp_caps(
            [
                "PIPELINING",
                "SIZE 5242880",
                "AUTH PLAIN LOGIN CRAM-MD5",
                "AUTH=LOGIN",
                "STARTTLS",
            ]
            .into_iter(),
        );
        assert_eq!(s.auth, ["PLAIN", "LOGIN", "CRAM-MD5"]);
        assert_eq!(s.size, Some(5_242_880));
        assert!(s.starttls);
        let p = pop3_caps(["TOP", "STLS", "USER", "SASL PLAIN LOGIN CRAM-MD5"].into_iter());
        assert_eq!(p.auth, ["PLAIN", "LOGIN", "CRAM-MD5"]);
        assert!(p.user && p.starttls);
        let i = imap_caps("IMAP4rev1 SASL-IR STARTTLS AUTH=PLAIN AUTH=CRAM-MD5 LOGINDISABLED");
        assert_eq!(i.auth, ["PLAIN", "CRAM-MD5"]);
        assert!(i.login_disabled && i.starttls);
        assert!(i.offers_cleartext(Proto::Imap));
        assert!(!imap_caps("IMAP4rev1 LOGINDISABLED").offers_cleartext(Proto::Imap));
    }

    proptest::proptest! {
        #[test]
        fn any_server_answer_is_read_without_panic(text in ".{0,400}") {
            let lines: Vec<&str> = text.lines().collect();
            let s = smtp_caps(lines.iter().copied());
            let p = pop3_caps(lines.iter().copied());
            for l in &lines {
                let _ = greeting_protocol(l);
                let _ = imap_caps(l);
                let e = crate::escape::controls(l);
                proptest::prop_assert!(!e.chars().any(|c| c.is_control() && c != '\t'));
            }
            proptest::prop_assert!(s.auth.iter().chain(&p.auth).all(|m| !m.is_empty()));
        }
    }

    #[test]
    fn tells_protocols_apart_by_greeting() {
        assert_eq!(
            greeting_protocol("220 mail.example.jp ESMTP"),
            Some(Proto::Smtp)
        );
        assert_eq!(greeting_protocol("+OK Dovecot ready."), Some(Proto::Pop3));
        assert_eq!(
            greeting_protocol("* OK [CAPABILITY IMAP4rev1] ready"),
            Some(Proto::Imap)
        );
        assert_eq!(greeting_protocol("HTTP/1.1 400 Bad Request"), None);
    }
}
