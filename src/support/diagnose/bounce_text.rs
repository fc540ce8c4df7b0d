//! The plain text of a bounce: where each failed recipient is named, the
//! server's reply that follows it, its codes and the SMTP command it
//! answered. Found by the shape of the text, not by each server's wording:
//!
//! - a recipient heads its block: alone on a line (`<a@b>`, `"a@b":`, Exim's
//!   indented `a@b`), before the reply (Postfix and qmail `<a@b>: ...`,
//!   sendmail `550 <a@b>... User unknown`), after a short label ending in a
//!   colon (`Recipient: <a@b>`, `Could not be delivered to: <a@b>`), or in
//!   a transcript's `RCPT TO:<a@b>`;
//! - everything up to the next recipient belongs to that recipient, so a
//!   multi-recipient bounce gives each recipient its own reply and code.

use super::reason::Command;

/// Longest remote text kept: a server's reply, not a whole transcript.
pub const MAX_REMOTE_TEXT: usize = 600;

/// Lines that start the quoted original message in plain-text bounces.
const ORIGINAL_MARKERS: &[&str] = &[
    "copy of the message",
    "original message",
    "unsent message below",
    "message follows",
    "returned message",
    "header of the original message",
    "元のメッセージ",
    "送信されたメッセージ",
];

/// Labels before an address that name a sender or a header, never the
/// failed recipient.
const NOT_RECIPIENT_LABELS: &[&str] = &[
    "from",
    "sender",
    "reply-to",
    "return-path",
    "message-id",
    "in-reply-to",
    "references",
    "received",
    "envelope",
    "date",
    "subject",
    "x-",
    "cc",
    "list-",
    "差出人",
    "送信者",
];

/// The text about one recipient.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Block {
    pub address: String,
    /// The lines of the block, the heading line first.
    pub lines: Vec<String>,
}

impl Block {
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }
}

/// The explanation and, when a marker line is found, the quoted original.
pub fn split_original(text: &str) -> (&str, Option<&str>) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let l = line.to_lowercase();
        // A separator line, not a sentence that mentions the original
        // ("The original message was received at ...").
        let separator = l.contains("--") || l.trim_end().ends_with(':');
        if separator && ORIGINAL_MARKERS.iter().any(|m| l.contains(m)) && !l.contains("transcript")
        {
            let after = offset + line.len();
            return (&text[..offset], text.get(after..));
        }
        offset += line.len();
    }
    (text, None)
}

/// The recipient a line names in heading position, if any. `excluded` are
/// lower-cased addresses that are never the failed recipient (the bounce's
/// own sender and recipient, the original's sender).
pub fn heading_address(line: &str, excluded: &[String]) -> Option<String> {
    let t = line.trim();
    if t.starts_with("<<<") {
        return None;
    }
    let t = t.trim_start_matches(">>>").trim_start();
    let addr = addresses_in(t).into_iter().next()?;
    let lower = addr.to_lowercase();
    if excluded.contains(&lower) || lower.starts_with("mailer-daemon@") {
        return None;
    }
    let at = t.find(addr.as_str())?;
    let prefix = t[..at]
        .trim_end_matches(['<', '"', '\'', ' ', '\t', '['])
        .trim();
    let p = prefix.to_lowercase();
    // Alone (or after a list mark); after `RCPT TO:` or `rfc822;`; after
    // "undeliverable to", "could not be delivered to"; after a reply code as
    // sendmail writes `550 <a@b>... User unknown`.
    let ok = if p.is_empty()
        || p.chars().all(|c| "*-#•・".contains(c))
        || p.ends_with("rcpt to:")
        || p.ends_with("rfc822;")
        || (p.ends_with(" to") && p.contains("deliver"))
        || reply_prefix(&p)
    {
        true
    } else if let Some(label) = p.strip_suffix(':').or_else(|| p.strip_suffix('：')) {
        let label = label.trim();
        label.chars().count() <= 64
            && !label.contains("mail from")
            && !NOT_RECIPIENT_LABELS
                .iter()
                .any(|n| label == *n || label.starts_with(n) && n.ends_with('-'))
            && !label.split_whitespace().any(|w| w == "from")
    } else {
        false
    };
    ok.then_some(addr)
}

/// `550`, `550 5.1.1`, `5.1.1`: only codes before the address.
fn reply_prefix(p: &str) -> bool {
    !p.is_empty()
        && p.split_whitespace().all(|w| {
            let w = w.trim_end_matches([':', '-']);
            (w.len() == 3 && w.bytes().all(|b| b.is_ascii_digit())) || !enhanced_codes(w).is_empty()
        })
}

/// The text cut into recipient blocks, and the lines before the first.
pub fn blocks(text: &str, excluded: &[String]) -> (Vec<String>, Vec<Block>) {
    let mut preamble = Vec::new();
    let mut out: Vec<Block> = Vec::new();
    let mut current: Option<usize> = None;
    for line in text.lines() {
        if let Some(addr) = heading_address(line, excluded) {
            let key = addr.to_lowercase();
            let i = match out.iter().position(|b| b.address.to_lowercase() == key) {
                Some(i) => i,
                None => {
                    out.push(Block {
                        address: addr,
                        lines: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            out[i].lines.push(line.to_string());
            current = Some(i);
            continue;
        }
        match current {
            Some(i) => out[i].lines.push(line.to_string()),
            None => preamble.push(line.to_string()),
        }
    }
    (preamble, out)
}

/// What a block (or any text) says of its recipient: the reply code, the
/// server's text from that code on, and the first enhanced status code.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Said {
    pub reply: Option<String>,
    pub remote_text: Option<String>,
    pub status: Option<String>,
    pub command: Option<Command>,
}

pub fn said(text: &str) -> Said {
    let reply = text.lines().enumerate().find_map(|(i, line)| {
        (!line.trim_start().starts_with(">>>"))
            .then(|| find_reply(line).map(|(code, at)| (i, code, at)))
            .flatten()
    });
    let remote_text = reply
        .as_ref()
        .map(|(i, _, at)| remote_text_at(text, *i, *at));
    let status = remote_text.as_deref().and_then(server_code).or_else(|| {
        // A code alone on its own line (`5.2.1 <a@b>... User Unknown`),
        // not one quoted inside a sentence or a header.
        text.lines()
            .filter(|l| !l.trim_start().starts_with(">>>"))
            .find_map(|l| {
                let t = l.trim_start();
                let first = t.split_whitespace().next().unwrap_or("");
                enhanced_codes(first)
                    .into_iter()
                    .next()
                    .or_else(|| enhanced_codes(t).into_iter().find(|_| t.len() < 200))
            })
    });
    let upto = reply.as_ref().map_or(usize::MAX, |(i, _, _)| *i);
    Said {
        reply: reply.map(|(_, c, _)| c),
        remote_text,
        status,
        command: command_in(text, upto),
    }
}

/// The SMTP command a reply answered, as MTAs say it: Postfix "(in reply to
/// RCPT TO command)", Exim "after RCPT TO:", sendmail's transcript `>>>
/// DATA`. The last one said before the reply (line `upto`) counts.
pub fn command_in(text: &str, upto: usize) -> Option<Command> {
    let mut found = None;
    for (i, line) in text.lines().enumerate() {
        let l = line.to_lowercase();
        let bare = l.trim().trim_start_matches(">>>").trim();
        let c = if l.contains("rcpt to")
            || l.contains("rcpt_to")
            || l.contains("smtp:rcpt")
            || l.contains("after rcpt")
            || l.contains("rcpt command")
        {
            Some(Command::RcptTo)
        } else if l.contains("mail from") {
            Some(Command::MailFrom)
        } else if l.contains("end of data")
            || l.contains("after data")
            || l.trim_start().starts_with(">>> data")
            || bare == "data"
            || l.contains("in reply to data")
            || l.contains("data command")
        {
            Some(Command::Data)
        } else if l.contains("initial connection")
            || l.contains("while connecting")
            || l.contains("smtp greeting")
            || l.contains("banner")
        {
            Some(Command::Connect)
        } else if l.contains("in reply to ehlo")
            || l.contains("in reply to helo")
            || l.contains("after ehlo")
            || l.contains("after helo")
            || l.trim_start().starts_with(">>> ehlo")
            || l.trim_start().starts_with(">>> helo")
        {
            Some(Command::Helo)
        } else {
            None
        };
        // A command named on the reply's own line ("... (in reply to RCPT
        // TO command)") or after it counts too when none came before.
        if c.is_some() && (i <= upto || found.is_none()) {
            found = c;
        }
        if i > upto && found.is_some() {
            break;
        }
    }
    found
}

/// The server's reply starting at byte `at` of line `index`, with the
/// continuation lines a server or MTA wrapped it into.
pub fn remote_text_at(text: &str, index: usize, at: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(first) = lines.get(index) else {
        return String::new();
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out = first.get(at..).unwrap_or(first).trim().to_string();
    let mut i = index + 1;
    // RFC 5321 4.2.1: a multi-line reply repeats its code on every line,
    // with a hyphen after it on all but the last (`<<< 550-5.7.1 ...`).
    let code = out
        .get(..3)
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string);
    let mut more = code.is_some() && out.as_bytes().get(3) == Some(&b'-');
    while let Some(next) = lines.get(i) {
        let t = next.trim();
        let bare = t.trim_start_matches("<<<").trim_start();
        if let Some(c) = code
            .as_deref()
            .filter(|_| more && out.len() <= MAX_REMOTE_TEXT)
        {
            if let Some(rest) = bare.strip_prefix(c) {
                if rest.starts_with(['-', ' ']) {
                    more = rest.starts_with('-');
                    out.push(' ');
                    out.push_str(rest[1..].trim());
                    i += 1;
                    continue;
                }
            }
        }
        if t.is_empty()
            || indent(next) < indent(first).max(1)
            || t.starts_with(">>>")
            || t.starts_with("<<<")
            || find_reply(next).is_some()
            || out.len() > MAX_REMOTE_TEXT
        {
            break;
        }
        out.push(' ');
        out.push_str(t);
        i += 1;
    }
    // "(reason: 554 5.3.5 ...)": the parenthesis is the MTA's, not the server's.
    if out.ends_with(')') && out.matches(')').count() > out.matches('(').count() {
        out.pop();
    }
    let mut end = out.len().min(MAX_REMOTE_TEXT);
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out.truncate(end);
    out
}

/// An SMTP reply code (4xx or 5xx) in a line where a server's reply
/// starts: at the start of the line (after `<<<` and such), or after
/// `said:`, `error:`, a quote or a parenthesis. Returns the code and where
/// it starts.
pub fn find_reply(line: &str) -> Option<(String, usize)> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        let is_code = matches!(bytes[i], b'4' | b'5')
            && bytes[i + 1].is_ascii_digit()
            && bytes[i + 2].is_ascii_digit();
        let before_ok = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.');
        let after_ok = bytes.get(i + 3).is_none_or(|c| *c == b' ' || *c == b'-');
        if is_code && before_ok && after_ok {
            let prefix = line[..i].trim_end().to_lowercase();
            let context_ok = prefix
                .trim_start_matches(['<', '>', ' ', '#', '*'])
                .is_empty()
                || prefix.ends_with(':')
                || prefix.ends_with('\'')
                || prefix.ends_with('"')
                || prefix.ends_with('(')
                || prefix.ends_with('[')
                || prefix.ends_with("said")
                || prefix.ends_with("<<<");
            if context_ok {
                return Some((line[i..i + 3].to_string(), i));
            }
        }
        i += 1;
    }
    None
}

/// The enhanced code of the server's own reply in a text: one that follows
/// a reply code (`550 5.7.1`, `550-'5.7.1`) is the server's, where a code
/// at the start may be the reporting MTA's summary; an expiry code (x.4.7)
/// gives way to the code of the last real attempt it quotes (RFC 3463
/// asks for "the code for the actual problem").
pub fn server_code(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut paired: Vec<String> = Vec::new();
    for (i, _) in text.char_indices() {
        let Some(w) = b.get(i..i + 4) else { break };
        let reply = matches!(w[0], b'2' | b'4' | b'5')
            && w[1].is_ascii_digit()
            && w[2].is_ascii_digit()
            && matches!(w[3], b' ' | b'-')
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'.');
        if !reply {
            continue;
        }
        let rest = text[i + 4..].trim_start_matches([' ', '\'', '"', '-']);
        let first = rest
            .split(|c: char| c.is_whitespace() || c == '\'' || c == '"')
            .next()
            .unwrap_or("");
        if let Some(c) = enhanced_codes(first).into_iter().next() {
            if first.trim_end_matches(['.', ',', ';', ':']).len() == c.len() {
                paired.push(c);
            }
        }
    }
    let first = paired.first().cloned();
    match first {
        Some(f) if f.get(1..) == Some(".4.7") => paired
            .iter()
            .rev()
            .find(|c| c.get(1..) != Some(".4.7"))
            .cloned()
            .or(Some(f)),
        Some(f) => Some(f),
        None => enhanced_codes(text).into_iter().next(),
    }
}

/// Enhanced status codes (`5.1.1`) in a text, in order.
pub fn enhanced_codes(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| {
            let parts: Vec<&str> = t.split('.').collect();
            parts.len() == 3
                && matches!(parts[0], "2" | "4" | "5")
                && parts[1].len() == 1
                && (1..=3).contains(&parts[2].len())
                && parts[1..]
                    .iter()
                    .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_string)
        .collect()
}

pub fn clean_address(s: &str) -> String {
    s.trim()
        .trim_matches(|c: char| "<>\"'()[],;:".contains(c))
        .trim_end_matches('.')
        .to_string()
}

/// Address-shaped tokens (ASCII or full-width) in a text, in order, distinct.
pub fn addresses_in(text: &str) -> Vec<String> {
    let is_part = |c: char| {
        let c = crate::syntax::ascii_twin(c)
            .and_then(|t| t.chars().next())
            .unwrap_or(c);
        c.is_ascii_alphanumeric() || ".!#$%&*+-/=?^_~@".contains(c)
    };
    let mut out: Vec<String> = Vec::new();
    for token in text.split(|c: char| !is_part(c)) {
        let t = clean_address(token);
        let at = t.chars().filter(|c| *c == '@' || *c == '＠').count();
        let ok =
            at == 1 && !t.starts_with(['@', '＠']) && !t.ends_with(['@', '＠']) && t.contains('.');
        let domain_ok = t
            .rsplit(['@', '＠'])
            .next()
            .is_some_and(|d| d.contains('.') && !d.starts_with('.'));
        if ok && domain_ok && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_codes_only_where_a_reply_starts() {
        assert_eq!(
            find_reply("<<< 550 5.1.1 User unknown").map(|r| r.0),
            Some("550".into())
        );
        assert_eq!(
            find_reply("Remote host said: 553 sorry").map(|r| r.0),
            Some("553".into())
        );
        assert_eq!(find_reply("connect to port 587 failed"), None);
        assert_eq!(find_reply("192.0.2.550 x"), None);
        assert_eq!(
            find_reply("Remote Server returned '550 5.1.1 x'").map(|r| r.0),
            Some("550".into())
        );
        assert_eq!(
            find_reply("550-5.1.1 The email account").map(|r| r.0),
            Some("550".into())
        );
    }

    #[test]
    fn enhanced_codes_and_addresses() {
        assert_eq!(
            enhanced_codes("Status: 5.1.1 (x) 4.4.7. and 1.2.3 10.0.0.1 5.7.26"),
            vec!["5.1.1", "4.4.7", "5.7.26"]
        );
        assert_eq!(
            addresses_in(
                "<hanako@example.com>: x MAILER-DAEMON@a.jp, hanako@example.com. ｔａｒｏ＠ｅｘ.jp @x"
            ),
            vec![
                "hanako@example.com",
                "MAILER-DAEMON@a.jp",
                "ｔａｒｏ＠ｅｘ.jp"
            ]
        );
    }

    #[test]
    fn headings_and_blocks() {
        let ex = vec!["me@example.jp".to_string()];
        let h = |l: &str| heading_address(l, &ex);
        assert_eq!(h("<a@example.com>:"), Some("a@example.com".into()));
        assert_eq!(h("  a@example.com"), Some("a@example.com".into()));
        assert_eq!(h("\"a@example.com\":"), Some("a@example.com".into()));
        assert_eq!(
            h("550 5.1.1 <a@example.com>... User unknown"),
            Some("a@example.com".into())
        );
        assert_eq!(
            h("     Could not be delivered to: <a@example.com>"),
            Some("a@example.com".into())
        );
        assert_eq!(
            h(">>> RCPT To:<a@example.com>"),
            Some("a@example.com".into())
        );
        assert_eq!(h(">>> MAIL From:<b@example.com>"), None);
        assert_eq!(h("From: b@example.com"), None);
        assert_eq!(h("Message-Id: <1.2@example.com>"), None);
        assert_eq!(h("<me@example.jp>"), None);
        assert_eq!(h("Please write to a@example.com for help"), None);
        let text = "<a@x.example>:\nRemote host said: 550 5.1.1 no\n\n<b@x.example>:\nRemote host said: 552 5.2.2 full\n";
        let (_, bs) = blocks(text, &ex);
        assert_eq!(bs.len(), 2);
        let s: Vec<Said> = bs.iter().map(|b| said(&b.text())).collect();
        assert_eq!(s[0].status.as_deref(), Some("5.1.1"));
        assert_eq!(s[1].status.as_deref(), Some("5.2.2"));
        assert_eq!(s[1].reply.as_deref(), Some("552"));
    }

    #[test]
    fn commands() {
        assert_eq!(
            command_in("said: 550 x (in reply to RCPT TO command)", 0),
            Some(Command::RcptTo)
        );
        assert_eq!(
            command_in(">>> MAIL From:<a@b.c>\n>>> DATA\n<<< 550 Unknown user", 2),
            Some(Command::Data)
        );
        assert_eq!(command_in("550 user unknown", 0), None);
    }
}
