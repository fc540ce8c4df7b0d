//! Reading a bounce: from the bytes of an `.eml` to what kind of report it
//! is and, for each recipient it reports, the action, status codes and the
//! remote server's words.
//!
//! MIME, transfer encodings and charsets (ISO-2022-JP, Shift_JIS ...) are
//! the `mail-parser` crate's job. This module reads what a report says: the
//! RFC 3464 delivery-status part when there is one (every per-recipient
//! group), an RFC 5965 feedback report, an RFC 3834 auto-reply, else the
//! plain text the common servers write (`bounce_text`), found by its shape
//! rather than by each server's exact wording.

use std::borrow::Cow;

use mail_parser::{Message, MessageParser, MimeHeaders, PartType};
use serde::Serialize;

use super::bounce_text::{
    Said, addresses_in, blocks, clean_address, command_in, enhanced_codes, said, server_code,
    split_original,
};
use super::reason::{Command, is_generic};

/// Why a file is not a report we can read.
#[derive(Debug, PartialEq, Eq)]
pub enum BounceError {
    /// No mail headers at all.
    NotMail,
    /// A mail, but nothing in it reports on a delivery.
    NotBounce,
}

/// What kind of message it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Delivery failed for at least one recipient.
    #[default]
    Bounce,
    /// Not delivered yet; the server keeps trying (a delay warning).
    Delay,
    /// A delivery success report (RFC 3464 `delivered`, `relayed`, `expanded`).
    Success,
    /// A feedback report (RFC 5965 ARF): a recipient reported the mail as spam.
    FeedbackReport,
    /// An automatic reply (RFC 3834: out of office, vacation).
    AutoReply,
}

/// What happened to one recipient (RFC 3464 `Action`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    #[default]
    Failed,
    Delayed,
    Delivered,
    Relayed,
    Expanded,
}

impl Action {
    fn parse(s: &str) -> Action {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("delayed") {
            Action::Delayed
        } else if s.starts_with("delivered") || s.starts_with("deliverable") {
            Action::Delivered
        } else if s.starts_with("relayed") {
            Action::Relayed
        } else if s.starts_with("expanded") {
            Action::Expanded
        } else {
            Action::Failed
        }
    }

    pub fn is_success(self) -> bool {
        matches!(self, Action::Delivered | Action::Relayed | Action::Expanded)
    }
}

/// The message that bounced, as far as the bounce quotes it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Original {
    pub from: Option<String>,
    pub to: Option<String>,
    pub date: Option<String>,
    pub subject: Option<String>,
}

/// One recipient the report names.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Recipient {
    pub address: String,
    pub action: Action,
    /// Enhanced status code (RFC 3463), e.g. `5.1.1`.
    pub status: Option<String>,
    /// SMTP reply code, e.g. `550`.
    pub reply: Option<String>,
    /// The remote server's own words (or the DSN's Diagnostic-Code).
    pub remote_text: Option<String>,
    pub remote_mta: Option<String>,
    /// The SMTP command the server refused, when the bounce says.
    pub command: Option<Command>,
    /// What the bounce says about this recipient (its block of text), for
    /// classification when the server's own words are missing or short.
    pub context: String,
    /// The DSN's Diagnostic-Code is of type X-Unix (a local program failed).
    pub unix: bool,
    /// The report carries au's sign of its reception filter (`X-SPASIGN:
    /// NG`, sisimai lib/Sisimai/Lhost/EZweb.pm).
    pub filter_sign: bool,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Bounce {
    pub kind: Kind,
    pub subject: Option<String>,
    pub from: Option<String>,
    /// The bounce's own recipient: normally the sender of the original.
    pub to: Option<String>,
    pub date: Option<String>,
    /// An RFC 3464 delivery-status part was found.
    pub dsn: bool,
    pub arrival_date: Option<String>,
    /// The DSN's Reporting-MTA: the server that wrote the report.
    pub reporting_mta: Option<String>,
    pub recipients: Vec<Recipient>,
    pub original: Original,
    /// The readable explanation part (without the quoted original).
    pub text: String,
    /// RFC 5965 `Feedback-Type` (abuse, fraud ...).
    pub feedback_type: Option<String>,
}

/// Words of subjects and senders that mark a bounce.
const BOUNCE_HINTS: &[&str] = &[
    "mailer-daemon",
    "postmaster",
    "undeliver",
    "returned mail",
    "delivery status notification",
    "delivery failure",
    "delivery has failed",
    "delivery failed",
    "failure notice",
    "mail delivery failed",
    "could not be delivered",
    "not be delivered",
    "was not delivered",
    "mail system error",
    "non-delivery",
    "nondeliverable",
    "配信不能",
    "配送不能",
    "配信エラー",
    "エラーメール",
    "メールエラー",
    "届きませんでした",
    "送信できませんでした",
];

/// Words of a bounce without a DSN that say it is only a delay warning.
const DELAY_HINTS: &[&str] = &[
    "delayed",
    "delay",
    "will keep trying",
    "will continue to try",
    "will continue trying",
    "will retry",
    "will be retried",
    "still trying",
    "not yet been delivered",
    "not yet delivered",
    "warning: could not send",
    "this is a warning",
    "warning message only",
    "no action is required",
    "遅延",
];

/// Words that make a failure final, whatever else a bounce says.
const FINAL_HINTS: &[&str] = &[
    "permanent",
    "given up",
    "gave up",
    "giving up",
    "fatal error",
];

/// Subjects of automatic replies (RFC 3834 asks for `Auto-Submitted`, but
/// many responders only mark the subject).
const AUTO_REPLY_SUBJECTS: &[&str] = &[
    "automatic reply",
    "auto reply",
    "auto-reply",
    "autoreply",
    "autorespons",
    "auto response",
    "auto:",
    "out of office",
    "out of the office",
    "vacation",
    "自動応答",
    "自動返信",
    "不在",
];

/// Read a report from the bytes of an `.eml` file.
pub fn read(bytes: &[u8]) -> Result<Bounce, BounceError> {
    let bytes = unify_line_ends(bytes);
    let msg = MessageParser::default()
        .parse(bytes.as_ref())
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
    let mut feedback: Option<String> = None;
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
        let body: Option<Cow<str>> = match &part.body {
            PartType::Text(t) => Some(Cow::Borrowed(t.as_ref())),
            PartType::Binary(d) | PartType::InlineBinary(d) => Some(String::from_utf8_lossy(d)),
            _ => None,
        };
        match (&part.body, body) {
            // Some DSN parts parse as an attached message (their first
            // field block looks like headers): read their bytes as fields.
            (PartType::Message(inner), _) if sub.contains("delivery-status") => {
                read_dsn(&mut b, &String::from_utf8_lossy(inner.raw_message()));
            }
            (PartType::Message(inner), _) => b.original = original_of(inner),
            (_, Some(t)) if sub.contains("feedback-report") => feedback = Some(t.into_owned()),
            (_, Some(t)) if sub.contains("delivery-status") => read_dsn(&mut b, &t),
            (_, Some(t))
                if sub.contains("rfc822-headers")
                    || (ctype == "message" && sub.contains("headers")) =>
            {
                b.original = parse_headers(t.as_bytes()).unwrap_or_default();
            }
            (PartType::Text(t), _) => texts.push(t.to_string()),
            // A multipart whose boundary parameter was lost (a header
            // continuation line without indentation) reads as raw bytes:
            // its text is still the explanation.
            (PartType::Binary(_) | PartType::InlineBinary(_), Some(t))
                if ctype == "multipart" || ctype == "text" =>
            {
                texts.push(t.into_owned())
            }
            (PartType::Html(h), _) => html.push(strip_tags(h)),
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
    let hinted = bounce_hinted(&msg, &b);
    if feedback.is_none() && !b.dsn && !hinted && is_complaint(&b) {
        feedback = Some(String::new());
    }
    if let Some(f) = feedback {
        read_feedback(&mut b, &f);
        return Ok(b);
    }
    if !b.dsn && !hinted && is_auto_reply(&msg, &b) {
        read_auto_reply(&mut b);
        return Ok(b);
    }
    if !b.dsn && read_ses_notification(&mut b) {
        return Ok(b);
    }
    let list_refusal = !b.dsn && list_refusal(&msg, &mut b);
    complete_from_text(&mut b, &msg);
    let sign = msg
        .header_raw("X-SPASIGN")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("NG"));
    for r in &mut b.recipients {
        r.filter_sign = sign;
    }
    b.kind = kind_of(&b);
    settle_actions(&mut b);
    let has_code = b
        .recipients
        .iter()
        .any(|r| r.status.is_some() || r.reply.is_some());
    let hinted = hinted || list_refusal;
    // A DSN, a reply code for someone it names, or a bounce's marks.
    let reported = b.dsn || has_code || hinted;
    if !reported {
        return Err(BounceError::NotBounce);
    }
    Ok(b)
}

/// Old Mac mail files end lines with CR alone; MIME and every reader here
/// split on LF. A CR not followed by LF is a line end (RFC 5322 allows no
/// bare CR in a message), so it becomes LF; CRLF stays.
fn unify_line_ends(bytes: &[u8]) -> Cow<'_, [u8]> {
    let bare_cr =
        bytes.windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n') || bytes.last() == Some(&b'\r');
    if !bare_cr {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    for (i, &c) in bytes.iter().enumerate() {
        if c == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            out.push(b'\n');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
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
        .replace("&nbsp;", " ")
}

/// `Name: value` blocks separated by blank lines; continuation lines start
/// with white space (RFC 3464 section 2.1, RFC 5965 section 3.1).
fn field_blocks(text: &str) -> Vec<Vec<(String, String)>> {
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
    blocks
}

/// RFC 3464: a block of per-message fields, then one per recipient. Every
/// recipient group is kept, with its action.
fn read_dsn(b: &mut Bounce, text: &str) {
    b.dsn = true;
    for block in field_blocks(text) {
        let get = |k: &str| block.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        if let Some(d) = get("arrival-date") {
            b.arrival_date.get_or_insert(d);
        }
        if let Some(m) = get("reporting-mta") {
            b.reporting_mta.get_or_insert(after_type(&m).to_string());
        }
        let Some(addr) = get("final-recipient").or_else(|| get("original-recipient")) else {
            continue;
        };
        let address = clean_address(after_type(&addr));
        if address.is_empty()
            || b.recipients
                .iter()
                .any(|r| r.address.eq_ignore_ascii_case(&address))
        {
            continue;
        }
        let remote_text = get("diagnostic-code")
            .map(|d| after_type(&d).to_string())
            .filter(|t| !t.is_empty());
        let s = remote_text.as_deref().map(said).unwrap_or_default();
        let field = get("status").and_then(|s| enhanced_codes(&s).into_iter().next());
        let in_reply = remote_text.as_deref().and_then(server_code);
        let reply = s.reply.clone().or_else(|| {
            remote_text
                .as_deref()
                .and_then(|t| t.split_whitespace().next())
                .filter(|w| w.len() == 3 && w.bytes().all(|c| c.is_ascii_digit()))
                .filter(|w| w.starts_with(['2', '4', '5']))
                .map(str::to_string)
        });
        b.recipients.push(Recipient {
            address,
            action: Action::parse(&get("action").unwrap_or_default()),
            status: prefer_status(field, in_reply, reply.as_deref()),
            reply,
            command: remote_text.as_deref().and_then(|t| command_in(t, 0)),
            context: remote_text.clone().unwrap_or_default(),
            remote_text,
            remote_mta: get("remote-mta").map(|m| after_type(&m).to_string()),
            unix: get("diagnostic-code")
                .is_some_and(|d| d.trim_start().to_ascii_lowercase().starts_with("x-unix")),
            filter_sign: false,
        });
    }
}

/// The enhanced code to report: the reporting MTA's `Status:` field or the
/// code in the remote server's own reply. The server's own code is the
/// more precise (RFC 3463 asks a DSN's generic x.0.0 or 4.4.7 to give way
/// to the code of the actual problem), unless it is itself generic or its
/// class disagrees with the reply code where the field's agrees.
pub fn prefer_status(
    field: Option<String>,
    in_reply: Option<String>,
    reply: Option<&str>,
) -> Option<String> {
    let (f, m) = match (field, in_reply) {
        (None, m) => return m,
        (f, None) => return f,
        (Some(f), Some(m)) => (f, m),
    };
    if f == m {
        return Some(f);
    }
    if let Some(r) = reply.and_then(|r| r.chars().next()) {
        let fc = f.starts_with(r);
        let mc = m.starts_with(r);
        if fc != mc {
            return Some(if fc { f } else { m });
        }
    }
    // How much a code says: x.0.0 nothing, x.y.0 (or the expiry
    // placeholder x.4.7) the subject only, others the detail.
    let rank = |c: &str| match c.get(1..) {
        Some(".0.0") => 0,
        _ if is_generic(c) => 1,
        _ => 2,
    };
    if rank(&m) < rank(&f) {
        return Some(f);
    }
    Some(m)
}

/// `rfc822; x@y` → `x@y`; `smtp; 550 ...` → `550 ...`.
fn after_type(v: &str) -> &str {
    match v.split_once(';') {
        Some((_, rest)) => rest.trim(),
        None => v.trim(),
    }
}

/// RFC 5965: the reported recipients are `Original-Rcpt-To` (or the
/// original's `To`).
fn read_feedback(b: &mut Bounce, text: &str) {
    b.kind = Kind::FeedbackReport;
    let fields: Vec<(String, String)> = field_blocks(text).into_iter().flatten().collect();
    b.feedback_type = fields
        .iter()
        .find(|(k, _)| k == "feedback-type")
        .map(|(_, v)| v.clone());
    let mut addrs: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "original-rcpt-to" || k == "removal-recipient")
        .flat_map(|(_, v)| addresses_in(v))
        .collect();
    if addrs.is_empty() {
        addrs.extend(b.original.to.clone());
    }
    let mut seen = Vec::new();
    addrs.retain(|a| {
        let l = a.to_lowercase();
        !seen.contains(&l) && {
            seen.push(l);
            true
        }
    });
    b.recipients = addrs
        .into_iter()
        .map(|address| Recipient {
            address,
            action: Action::Delivered,
            context: b.text.clone(),
            ..Recipient::default()
        })
        .collect();
}

/// An Amazon SES notification (JSON, often inside an SNS envelope whose
/// `Message` is the notification as a string): `notificationType` (or
/// `eventType`) Bounce, Complaint or Delivery with its recipients, as AWS
/// documents them ("Amazon SNS notification contents for Amazon SES").
fn read_ses_notification(b: &mut Bounce) -> bool {
    use serde_json::Value;
    let (Some(start), Some(end)) = (b.text.find('{'), b.text.rfind('}')) else {
        return false;
    };
    if end <= start {
        return false;
    }
    // Mail transports fold lines longer than 998 bytes with "!\n ".
    let json = b.text[start..=end]
        .replace("!\r\n ", "")
        .replace("!\n ", "");
    let Ok(mut v) = serde_json::from_str::<Value>(&json) else {
        return false;
    };
    if let Some(inner) = v.get("Message").and_then(Value::as_str) {
        match serde_json::from_str::<Value>(inner) {
            Ok(i) => v = i,
            Err(_) => return false,
        }
    }
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let kind = s(&v, "notificationType").or_else(|| s(&v, "eventType"));
    let mta = |o: &Value| s(o, "reportingMTA").map(|m| after_type(&m).to_string());
    let mut recipients = Vec::new();
    match kind.as_deref() {
        Some("Bounce") => {
            let Some(bo) = v.get("bounce") else {
                return false;
            };
            let transient = s(bo, "bounceType").is_some_and(|t| t == "Transient");
            for r in bo
                .get("bouncedRecipients")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(address) = s(r, "emailAddress") else {
                    continue;
                };
                let text = s(r, "diagnosticCode").map(|d| after_type(&d).to_string());
                let said = text.as_deref().map(said).unwrap_or_default();
                let action = s(r, "action").map_or(Action::Failed, |a| Action::parse(&a));
                recipients.push(Recipient {
                    address,
                    action: if transient && action == Action::Failed {
                        Action::Delayed
                    } else {
                        action
                    },
                    status: prefer_status(s(r, "status"), said.status, said.reply.as_deref()),
                    reply: said.reply,
                    command: said.command,
                    context: format!(
                        "{} {}",
                        s(bo, "bounceSubType").unwrap_or_default(),
                        text.clone().unwrap_or_default()
                    ),
                    remote_text: text,
                    remote_mta: mta(bo),
                    unix: false,
                    filter_sign: false,
                });
            }
            b.kind = if recipients.iter().any(|r| r.action == Action::Failed) {
                Kind::Bounce
            } else {
                Kind::Delay
            };
        }
        Some("Complaint") => {
            let Some(co) = v.get("complaint") else {
                return false;
            };
            b.feedback_type = s(co, "complaintFeedbackType");
            for r in co
                .get("complainedRecipients")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(address) = s(r, "emailAddress") {
                    recipients.push(Recipient {
                        address,
                        action: Action::Delivered,
                        ..Recipient::default()
                    });
                }
            }
            b.kind = Kind::FeedbackReport;
        }
        Some("Delivery") => {
            let Some(de) = v.get("delivery") else {
                return false;
            };
            let text = s(de, "smtpResponse");
            let said = text.as_deref().map(said).unwrap_or_default();
            for r in de
                .get("recipients")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(address) = r.as_str() {
                    recipients.push(Recipient {
                        address: address.to_string(),
                        action: Action::Delivered,
                        status: said.status.clone(),
                        reply: text.as_deref().and_then(|t| t.get(..3)).map(str::to_string),
                        remote_text: text.clone(),
                        remote_mta: mta(de),
                        ..Recipient::default()
                    });
                }
            }
            b.kind = Kind::Success;
        }
        _ => return false,
    }
    if recipients.is_empty() {
        return false;
    }
    b.recipients = recipients;
    true
}

/// A mailing-list manager's refusal of a post (fml, Mailman, ...): a
/// message with list headers whose text says the sender may not post. The
/// failed recipient is the list: the first address in the text that is not
/// the sender or one of the list's own command addresses.
fn list_refusal(msg: &Message, b: &mut Bounce) -> bool {
    let list = [
        "List-Id",
        "List-Post",
        "List-Subscribe",
        "X-ML-Name",
        "X-MLServer",
        "X-Mailing-List",
    ]
    .iter()
    .any(|h| msg.header_raw(*h).is_some());
    let text = crate::support::knowledge::normalize(&b.text);
    if !list || !super::reason::Reason::Rejected.matches(&text) {
        return false;
    }
    let excluded = excluded(b, msg);
    let command = |a: &str| {
        let local = a.split('@').next().unwrap_or("").to_lowercase();
        ["-ctl", "-request", "-admin", "-owner", "owner-"]
            .iter()
            .any(|c| local.ends_with(c) || local.starts_with(c))
    };
    let Some(list_address) = addresses_in(&b.text)
        .into_iter()
        .find(|a| !excluded.contains(&a.to_lowercase()) && !command(a))
    else {
        return false;
    };
    b.recipients.push(Recipient {
        address: list_address,
        context: b.text.clone(),
        ..Recipient::default()
    });
    true
}

/// Marks of a bounce in the headers and the first lines: a mailer-daemon
/// sender, a bounce's subject, `X-Failed-Recipients`.
fn bounce_hinted(msg: &Message, b: &Bounce) -> bool {
    let from = msg.header_raw("From").map(str::to_string);
    msg.header_raw("X-Failed-Recipients").is_some()
        || [&b.subject, &from]
            .iter()
            .filter_map(|s| s.as_deref())
            .chain(b.text.lines().take(12))
            .any(|s| {
                let s = s.to_lowercase();
                BOUNCE_HINTS.iter().any(|h| s.contains(h))
            })
}

/// A complaint that forwards the message without the RFC 5965 part (some
/// providers' abuse desks): a complaint subject and the message attached.
fn is_complaint(b: &Bounce) -> bool {
    let subject = b.subject.as_deref().unwrap_or("").to_lowercase();
    b.original != Original::default()
        && ["complaint", "abuse report", "spam report"]
            .iter()
            .any(|w| subject.contains(w))
}

/// RFC 3834 section 5: `Auto-Submitted: auto-replied`; or the marks of
/// responders that do not set it (their own headers, their subjects).
fn is_auto_reply(msg: &Message, b: &Bounce) -> bool {
    let header = |name: &str| msg.header_raw(name).map(|v| v.trim().to_ascii_lowercase());
    if header("Auto-Submitted").is_some_and(|v| v.starts_with("auto-replied")) {
        return true;
    }
    if header("X-Autoreply").is_some() || header("X-Autorespond").is_some() {
        return true;
    }
    let from_daemon = msg.header_raw("From").is_some_and(|f| {
        let f = f.to_lowercase();
        f.contains("mailer-daemon") || f.contains("postmaster@")
    });
    let subject = b.subject.as_deref().unwrap_or("").to_lowercase();
    !from_daemon && AUTO_REPLY_SUBJECTS.iter().any(|s| subject.contains(s))
}

fn read_auto_reply(b: &mut Bounce) {
    b.kind = Kind::AutoReply;
    b.recipients = b
        .from
        .iter()
        .map(|a| Recipient {
            address: a.clone(),
            action: Action::Delivered,
            context: b.text.chars().take(2000).collect(),
            ..Recipient::default()
        })
        .collect();
}

/// Addresses that are never the failed recipient.
fn excluded(b: &Bounce, msg: &Message) -> Vec<String> {
    let mut out: Vec<String> = [&b.from, &b.to, &b.original.from]
        .iter()
        .filter_map(|s| s.as_deref().map(str::to_lowercase))
        .collect();
    if let Some(rp) = msg.header_raw("Return-Path") {
        out.extend(addresses_in(rp).into_iter().map(|a| a.to_lowercase()));
    }
    // The envelope sender a transcript shows (`>>> MAIL From:<x>`).
    for line in b.text.lines() {
        let l = line.to_lowercase();
        if l.contains("mail from") {
            out.extend(addresses_in(&l));
        }
    }
    out
}

/// Fill in from the readable text what the DSN did not give (or everything,
/// for bounces without one): each recipient's block first, then what the
/// whole text says when a recipient has no block of its own.
fn complete_from_text(b: &mut Bounce, msg: &Message) {
    let excluded = excluded(b, msg);
    let (preamble, mut blocks) = blocks(&b.text, &excluded);
    if blocks.is_empty() && b.recipients.is_empty() {
        // A message sent to oneself bounces to the failed address: in
        // heading position, the bounce's own recipient is the failed one.
        let daemon: Vec<String> = excluded
            .iter()
            .filter(|a| Some(a.as_str()) == b.from.as_deref().map(str::to_lowercase).as_deref())
            .cloned()
            .collect();
        blocks = super::bounce_text::blocks(&b.text, &daemon).1;
    }
    let whole = said(&b.text);
    if b.recipients.is_empty() {
        for bl in &blocks {
            b.recipients.push(Recipient {
                address: bl.address.clone(),
                ..Recipient::default()
            });
        }
        // X-Failed-Recipients (Exim, Google): every failed address.
        if let Some(v) = msg.header_raw("X-Failed-Recipients") {
            for a in addresses_in(v) {
                if !b
                    .recipients
                    .iter()
                    .any(|r| r.address.eq_ignore_ascii_case(&a))
                {
                    b.recipients.push(Recipient {
                        address: a,
                        ..Recipient::default()
                    });
                }
            }
        }
        // A bounce that names nobody: the original's recipient.
        if b.recipients.is_empty() {
            if let Some(to) = b
                .original
                .to
                .clone()
                .filter(|t| !excluded.contains(&t.to_lowercase()))
            {
                b.recipients.push(Recipient {
                    address: to,
                    ..Recipient::default()
                });
            }
        }
    }
    let single = b.recipients.len() == 1;
    for r in &mut b.recipients {
        let block = blocks
            .iter()
            .find(|bl| bl.address.eq_ignore_ascii_case(&r.address));
        let own: Said = block.map(|bl| said(&bl.text())).unwrap_or_default();
        // A block without a reply: its own lines are what the bounce says.
        let block_text = block.map(|bl| {
            bl.lines
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty() && !l.chars().all(|c| "-=*_".contains(c)))
                .filter(|l| clean_address(l).to_lowercase() != bl.address.to_lowercase())
                .take(8)
                .collect::<Vec<_>>()
                .join(" ")
        });
        let fallback = (single || block.is_none()).then_some(&whole);
        if r.reply.is_none() {
            r.reply = own
                .reply
                .clone()
                .or_else(|| fallback.and_then(|w| w.reply.clone()));
        }
        // A DSN keeps only the first line of a multi-line reply
        // (`550-5.7.1 ...`); the transcript in the text has all of it.
        let cut = r
            .remote_text
            .as_deref()
            .is_some_and(|t| t.len() > 3 && t.as_bytes()[3] == b'-');
        if cut {
            if let Some(full) = r
                .remote_text
                .as_deref()
                .and_then(|t| in_transcript(&b.text, t))
            {
                r.remote_text = Some(full);
            }
        }
        if r.remote_text.is_none() {
            r.remote_text = own
                .remote_text
                .clone()
                .or_else(|| fallback.and_then(|w| w.remote_text.clone()))
                .or_else(|| block_text.clone().filter(|t| !t.is_empty()));
        }
        let found = own
            .status
            .clone()
            .or_else(|| fallback.and_then(|w| w.status.clone()));
        if r.status.is_none() {
            r.status = found;
        } else {
            r.status = prefer_status(r.status.take(), found, r.reply.as_deref());
        }
        if r.command.is_none() {
            r.command = own.command.or_else(|| fallback.and_then(|w| w.command));
        }
        let mut context = std::mem::take(&mut r.context);
        if let Some(bl) = block {
            context.push('\n');
            context.push_str(&bl.text());
            // A block without a reply of its own: the explanation before
            // the list of recipients says why ("not delivered within ...").
            if own.reply.is_none() {
                context.push('\n');
                context.push_str(&preamble.join("\n"));
            }
        } else if r.remote_text.is_none() || single {
            context.push('\n');
            context.push_str(&b.text);
        }
        r.context = context;
    }
}

/// The whole of a multi-line reply whose first line is `first`, as the
/// session transcript quotes it (`<<< 550-5.7.1 ...` lines).
fn in_transcript(text: &str, first: &str) -> Option<String> {
    let (i, at) = text.lines().enumerate().find_map(|(i, l)| {
        let at = l.find(first)?;
        l[..at].trim().starts_with("<<<").then_some((i, at))
    })?;
    let full = super::bounce_text::remote_text_at(text, i, at);
    (full.len() > first.len()).then_some(full)
}

/// The kind, from the recipients' actions; without a DSN, a delay warning
/// is told by its words.
fn kind_of(b: &Bounce) -> Kind {
    if b.dsn && !b.recipients.is_empty() {
        if b.recipients.iter().any(|r| r.action == Action::Failed) {
            return Kind::Bounce;
        }
        if b.recipients.iter().any(|r| r.action == Action::Delayed) {
            return Kind::Delay;
        }
        return Kind::Success;
    }
    let subject = b.subject.as_deref().unwrap_or("").to_lowercase();
    let text = b.text.to_lowercase();
    let delay = DELAY_HINTS
        .iter()
        .any(|h| subject.contains(h) || text.contains(h));
    let final_ = FINAL_HINTS
        .iter()
        .any(|h| text.contains(h) || subject.contains(h));
    if delay && !final_ {
        Kind::Delay
    } else {
        Kind::Bounce
    }
}

/// Without a DSN, every recipient of a delay warning is delayed.
fn settle_actions(b: &mut Bounce) {
    if !b.dsn && b.kind == Kind::Delay {
        for r in &mut b.recipients {
            r.action = Action::Delayed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert_eq!(read(b""), Err(BounceError::NotMail));
        assert!(read(b"\xff\xfe\x00garbage\r\n\r\n").is_err());
        assert_eq!(
            read(b"From: a@b.jp\r\nSubject: hello\r\n\r\nJust saying hi.\r\n"),
            Err(BounceError::NotBounce)
        );
    }

    #[test]
    fn status_preference() {
        let p = |f: &str, m: &str, r: Option<&str>| {
            prefer_status(Some(f.into()), Some(m.into()), r).unwrap_or_default()
        };
        assert_eq!(p("5.0.0", "5.7.1", Some("550")), "5.7.1");
        assert_eq!(p("5.1.1", "5.0.0", Some("550")), "5.1.1");
        assert_eq!(p("4.4.7", "4.7.1", None), "4.7.1");
        assert_eq!(p("5.1.1", "4.2.2", Some("550")), "5.1.1");
    }

    #[test]
    fn line_ends_alike() {
        let crlf = b"From: MAILER-DAEMON@a.example\r\nTo: me@b.example\r\nSubject: Undelivered Mail\r\n\r\n<x@c.example>: host c said: 550 5.1.1 User unknown\r\n";
        let lf: Vec<u8> = crlf.iter().copied().filter(|c| *c != b'\r').collect();
        let cr: Vec<u8> = lf
            .iter()
            .map(|c| if *c == b'\n' { b'\r' } else { *c })
            .collect();
        let a = read(crlf).expect("crlf");
        let b = read(&lf).expect("lf");
        let c = read(&cr).expect("cr");
        assert_eq!(a.recipients, b.recipients);
        assert_eq!(a.recipients, c.recipients);
        assert_eq!(a.recipients[0].status.as_deref(), Some("5.1.1"));
    }
}
