//! Reading a bounce: from the bytes of an `.eml` to the failed recipients,
//! their status codes and the remote server's words.
//!
//! MIME, transfer encodings and charsets (ISO-2022-JP, Shift_JIS ...) are
//! the `mail-parser` crate's job. This module reads what a bounce says: the
//! RFC 3464 delivery-status part when there is one, else the plain text the
//! common servers write (Postfix, Sendmail, Exim, qmail, Exchange, Japanese
//! providers), where the recipient, the reply code and the server's text are
//! found by their shape rather than by each server's exact wording.

use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

/// Why a file is not a bounce we can read.
#[derive(Debug, PartialEq, Eq)]
pub enum BounceError {
    /// No mail headers at all.
    NotMail,
    /// A mail, but nothing in it says that a delivery failed.
    NotBounce,
}

/// The message that bounced, as far as the bounce quotes it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Original {
    pub from: Option<String>,
    pub to: Option<String>,
    pub date: Option<String>,
    pub subject: Option<String>,
}

/// One recipient the bounce reports.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Recipient {
    pub address: String,
    /// Enhanced status code (RFC 3463), e.g. `5.1.1`.
    pub status: Option<String>,
    /// SMTP reply code, e.g. `550`.
    pub reply: Option<String>,
    /// The remote server's own words (or the DSN's Diagnostic-Code).
    pub remote_text: Option<String>,
    pub remote_mta: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Bounce {
    pub subject: Option<String>,
    pub from: Option<String>,
    /// The bounce's own recipient: normally the sender of the original.
    pub to: Option<String>,
    pub date: Option<String>,
    /// An RFC 3464 delivery-status part was found.
    pub dsn: bool,
    pub arrival_date: Option<String>,
    pub recipients: Vec<Recipient>,
    pub original: Original,
    /// The readable explanation part (without the quoted original).
    pub text: String,
}

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

/// Words of subjects and senders that mark a bounce.
const BOUNCE_HINTS: &[&str] = &[
    "mailer-daemon",
    "postmaster",
    "undeliver",
    "undelivered",
    "returned mail",
    "delivery status notification",
    "delivery failure",
    "delivery has failed",
    "failure notice",
    "mail delivery failed",
    "could not be delivered",
    "配信不能",
    "配送不能",
    "配信エラー",
    "エラーメール",
    "届きませんでした",
];

/// Longest remote text kept: a server's reply, not a whole transcript.
const MAX_REMOTE_TEXT: usize = 600;

/// Read a bounce from the bytes of an `.eml` file.
pub fn read(bytes: &[u8]) -> Result<Bounce, BounceError> {
    let msg = MessageParser::default()
        .parse(bytes)
        .ok_or(BounceError::NotMail)?;
    if msg.from().is_none() && msg.subject().is_none() && msg.date().is_none() {
        return Err(BounceError::NotMail);
    }
    let mut b = Bounce {
        subject: msg.subject().map(str::to_string),
        from: first_address(msg.from()),
        to: first_address(msg.to()),
        date: msg.date().map(|d| d.to_rfc822()),
        ..Bounce::default()
    };
    let mut texts = Vec::new();
    let mut html = Vec::new();
    for part in &msg.parts {
        let (ctype, sub) = part
            .content_type()
            .map(|c| {
                (
                    c.ctype().to_ascii_lowercase(),
                    c.subtype().unwrap_or("").to_ascii_lowercase(),
                )
            })
            .unwrap_or_else(|| ("text".into(), "plain".into()));
        match &part.body {
            PartType::Message(inner) => b.original = original_of(inner),
            PartType::Text(t) if sub == "rfc822-headers" => {
                b.original = parse_headers(t.as_bytes()).unwrap_or_default();
            }
            PartType::Text(t) if sub.contains("delivery-status") => {
                read_dsn(&mut b, t);
            }
            PartType::Binary(data) | PartType::InlineBinary(data)
                if ctype == "message" && sub.contains("delivery-status") =>
            {
                read_dsn(&mut b, &String::from_utf8_lossy(data));
            }
            PartType::Binary(data) | PartType::InlineBinary(data)
                if ctype == "message" && sub.contains("headers") =>
            {
                b.original = parse_headers(data).unwrap_or_default();
            }
            PartType::Text(t) => texts.push(t.to_string()),
            PartType::Html(h) => html.push(strip_tags(h)),
            _ => {}
        }
    }
    if texts.is_empty() {
        texts = html;
    }
    let all = texts.join("\n");
    let (explanation, quoted) = split_original(&all);
    if b.original == Original::default() {
        if let Some(q) = quoted {
            // A header block quoted to the end of the text has no blank
            // line after it; add one so that it parses as headers.
            let quoted = format!("{}\r\n\r\n", q.trim());
            b.original = parse_headers(quoted.as_bytes()).unwrap_or_default();
        }
    }
    b.text = explanation.trim().to_string();
    complete_from_text(&mut b);
    let hinted = [&b.subject, &b.from]
        .iter()
        .filter_map(|s| s.as_deref())
        .any(|s| {
            let s = s.to_lowercase();
            BOUNCE_HINTS.iter().any(|h| s.contains(h))
        });
    let has_code = b
        .recipients
        .iter()
        .any(|r| r.status.is_some() || r.reply.is_some());
    if !(b.dsn || has_code || hinted) {
        return Err(BounceError::NotBounce);
    }
    Ok(b)
}

fn first_address(a: Option<&mail_parser::Address>) -> Option<String> {
    a.and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(str::to_string)
}

fn original_of(m: &Message) -> Original {
    Original {
        from: first_address(m.from()),
        to: first_address(m.to()),
        date: m.date().map(|d| d.to_rfc822()),
        subject: m.subject().map(str::to_string),
    }
}

fn parse_headers(bytes: &[u8]) -> Option<Original> {
    let m = MessageParser::default().parse_headers(bytes)?;
    let o = original_of(&m);
    (o != Original::default()).then_some(o)
}

/// Crude text of an HTML part, for bounces that have no plain text.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The explanation and, when a marker line is found, the quoted original.
fn split_original(text: &str) -> (&str, Option<&str>) {
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

/// RFC 3464 fields: a block of per-message fields, then a block per
/// recipient; continuation lines start with white space.
fn read_dsn(b: &mut Bounce, text: &str) {
    b.dsn = true;
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut blocks: Vec<Vec<(String, String)>> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !fields.is_empty() {
                blocks.push(std::mem::take(&mut fields));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = fields.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            fields.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    if !fields.is_empty() {
        blocks.push(fields);
    }
    for block in blocks {
        let get = |k: &str| block.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        if let Some(d) = get("arrival-date") {
            b.arrival_date.get_or_insert(d);
        }
        let Some(addr) = get("final-recipient").or_else(|| get("original-recipient")) else {
            continue;
        };
        let action = get("action").unwrap_or_default().to_ascii_lowercase();
        if action.starts_with("delivered")
            || action.starts_with("relayed")
            || action.starts_with("expanded")
        {
            continue;
        }
        let remote_text = get("diagnostic-code").map(|d| after_type(&d).to_string());
        let reply = remote_text.as_deref().and_then(find_reply).map(|(c, _)| c);
        b.recipients.push(Recipient {
            address: clean_address(after_type(&addr)),
            status: get("status").and_then(|s| enhanced_codes(&s).into_iter().next()),
            reply,
            remote_text,
            remote_mta: get("remote-mta").map(|m| after_type(&m).to_string()),
        });
    }
}

/// `rfc822; x@y` → `x@y`; `smtp; 550 ...` → `550 ...`.
fn after_type(v: &str) -> &str {
    match v.split_once(';') {
        Some((_, rest)) => rest.trim(),
        None => v.trim(),
    }
}

fn clean_address(s: &str) -> String {
    s.trim()
        .trim_matches(|c: char| "<>\"'()[],;:".contains(c))
        .trim_end_matches('.')
        .to_string()
}

/// Fill in from the readable text what the DSN did not give (or everything,
/// for bounces without one).
fn complete_from_text(b: &mut Bounce) {
    let reply = b.text.lines().enumerate().find_map(|(i, line)| {
        (!line.trim_start().starts_with(">>>"))
            .then(|| find_reply(line).map(|(code, at)| (i, code, at)))
            .flatten()
    });
    let remote_text = reply
        .as_ref()
        .map(|(i, _, at)| remote_text_at(&b.text, *i, *at));
    let status = remote_text
        .as_deref()
        .and_then(|t| enhanced_codes(t).into_iter().next())
        .or_else(|| enhanced_codes(&b.text).into_iter().next());
    if b.recipients.is_empty() {
        let excluded: Vec<String> = [&b.from, &b.to, &b.original.from]
            .iter()
            .filter_map(|s| s.as_deref().map(str::to_lowercase))
            .collect();
        let address = addresses_in(&b.text).into_iter().find(|a| {
            let l = a.to_lowercase();
            !excluded.contains(&l)
                && !l.starts_with("mailer-daemon@")
                && !l.starts_with("postmaster@")
        });
        let Some(address) = address else { return };
        b.recipients.push(Recipient {
            address,
            ..Recipient::default()
        });
    }
    for r in &mut b.recipients {
        if r.status.is_none() {
            r.status = status.clone();
        }
        if r.reply.is_none() {
            r.reply = reply.as_ref().map(|(_, c, _)| c.clone());
        }
        if r.remote_text.is_none() {
            r.remote_text = remote_text.clone();
        }
    }
}

/// The server's reply starting at byte `at` of line `index`, with the
/// continuation lines a server or MTA wrapped it into.
fn remote_text_at(text: &str, index: usize, at: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(first) = lines.get(index) else {
        return String::new();
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out = first.get(at..).unwrap_or(first).trim().to_string();
    let mut i = index + 1;
    while let Some(next) = lines.get(i) {
        let t = next.trim();
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

/// An SMTP reply code (4xx or 5xx, or 2xx) in a line where a server's reply
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

/// Enhanced status codes (`5.1.1`) in a text, in order.
pub fn enhanced_codes(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| {
            let parts: Vec<&str> = t.split('.').collect();
            parts.len() == 3
                && matches!(parts[0], "2" | "4" | "5")
                && parts[1..]
                    .iter()
                    .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_string)
        .collect()
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
        if ok && !out.contains(&t) {
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
            enhanced_codes("Status: 5.1.1 (x) 4.4.7. and 1.2.3 10.0.0.1"),
            vec!["5.1.1", "4.4.7"]
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
    fn garbage_is_an_error_not_a_panic() {
        assert_eq!(read(b""), Err(BounceError::NotMail));
        assert!(read(b"\xff\xfe\x00garbage\r\n\r\n").is_err());
        assert_eq!(
            read(b"From: a@b.jp\r\nSubject: hello\r\n\r\nJust saying hi.\r\n"),
            Err(BounceError::NotBounce)
        );
    }
}
