//! Providers whose replies carry their own error codes or wording, read by
//! the provider's published tables as sisimai collected them
//! (github.com/sisimai/p5-sisimai, BSD 2-clause, `lib/Sisimai/Rhost/*.pm`).
//! A provider is known by the remote server's name, or by the recipient's
//! domain when the bounce does not name the server (lib/Sisimai/Rhost.pm;
//! go-sisimai rhost/lib.go adds AOL, Facebook, MessageLabs and Yahoo).

use super::reason::Reason;

mod tables;
use tables::{GOOGLE, MICROSOFT};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Provider {
    FrancePtt,
    GoDaddy,
    Mimecast,
    Tencent,
    Microsoft,
    Google,
    Aol,
    Facebook,
    MessageLabs,
    YahooInc,
}

/// Server names of each provider (lib/Sisimai/Rhost.pm, `$RhostClass`).
const HOSTS: &[(&str, Provider)] = &[
    (".laposte.net", Provider::FrancePtt),
    (".orange.fr", Provider::FrancePtt),
    (".wanadoo.fr", Provider::FrancePtt),
    ("smtp.secureserver.net", Provider::GoDaddy),
    ("mailstore1.secureserver.net", Provider::GoDaddy),
    (".mimecast.com", Provider::Mimecast),
    (".qq.com", Provider::Tencent),
    (".prod.outlook.com", Provider::Microsoft),
    (".protection.outlook.com", Provider::Microsoft),
    // Microsoft's consumer service reports with the same codes.
    (".hotmail.com", Provider::Microsoft),
    (".mail.aol.com", Provider::Aol),
    (".mx.aol.com", Provider::Aol),
    (".facebook.com", Provider::Facebook),
    (".messagelabs.com", Provider::MessageLabs),
    (".yahoodns.net", Provider::YahooInc),
    (".onmicrosoft.com", Provider::Microsoft),
    (".exchangelabs.com", Provider::Microsoft),
    ("aspmx.l.google.com", Provider::Google),
    ("gmail-smtp-in.l.google.com", Provider::Google),
];

fn provider(remote_mta: Option<&str>, address: &str) -> Option<Provider> {
    let mta = format!(".{}", remote_mta.unwrap_or("").to_ascii_lowercase());
    let domain = address
        .rsplit('@')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    HOSTS
        .iter()
        .find(|(h, _)| {
            (mta.len() > 1 && mta.contains(h)) || (domain.contains('.') && h.ends_with(&domain))
        })
        .map(|(_, p)| *p)
}

/// Orange and La Poste: the three-digit code after LPN, OFR or OUK
/// (`LPN007_416`, `OFR005_505`), lib/Sisimai/Rhost/FrancePTT.pm.
fn france_ptt(text: &str) -> Option<Reason> {
    use Reason::*;
    let upper = text.to_ascii_uppercase();
    let code = ["LPN", "OFR", "OUK"].iter().find_map(|p| {
        upper.match_indices(p).find_map(|(i, _)| {
            let rest = &upper[i + p.len()..];
            let rest = rest.strip_prefix("AAA").unwrap_or(rest);
            let digits: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '_' || *c == '-')
                .collect();
            let last: String = digits
                .chars()
                .rev()
                .take(3)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            (last.len() == 3 && last.bytes().all(|b| b.is_ascii_digit())).then_some(last)
        })
    })?;
    Some(match code.as_str() {
        "101" | "102" | "103" | "510" | "999" => Blocked,
        "104" => TooManyConn,
        "305" | "402" => SecurityError,
        "401" | "517" => AuthFailure,
        "403" | "405" | "415" | "421" => Rejected,
        "416" => UserUnknown,
        "417" => MailboxFull,
        "420" | "426" => Suspend,
        "505" => SystemError,
        "506" => SpamDetected,
        "514" => MesgTooBig,
        "630" => PolicyViolation,
        _ => return None,
    })
}

/// GoDaddy: its `IBnnn` codes, else its wording
/// (lib/Sisimai/Rhost/GoDaddy.pm).
fn godaddy(text: &str) -> Option<Reason> {
    use Reason::*;
    let upper = text.to_ascii_uppercase();
    if let Some(i) = upper.find(" IB") {
        let code = upper.get(i + 1..i + 6).unwrap_or("");
        let r = match code {
            "IB401" => Some(SecurityError),
            "IB501" | "IB502" => Some(NotCompliantRfc),
            "IB506" => Some(Rejected),
            "IB508" => Some(AuthFailure),
            "IB108" => Some(RequirePtr),
            "IB212" => Some(SpamDetected),
            "IB705" => Some(VirusDetected),
            "IB605" | "IB007" => Some(TooManyConn),
            "IB101" | "IB504" | "IB510" | "IB607" => Some(Speeding),
            "IB103" => Some(BadReputation),
            "IB104" | "IB105" | "IB106" | "IB110" | "IB111" | "IB112" | "IB113" => Some(Blocked),
            _ => None,
        };
        if r.is_some() {
            return r;
        }
    }
    let t = text.to_lowercase();
    let words: &[(&str, Reason)] = &[
        ("rbl reject", Blocked),
        ("www.spamhaus.org/query/bl?ip=", Blocked),
        ("has been in the queue too long", Expired),
        ("delivery timeout", Expired),
        ("account storage limit", MailboxFull),
        ("message rejected for spam or virus content", SpamDetected),
        ("account disabled", Suspend),
        ("message is looping", SystemError),
        ("recipient not found", UserUnknown),
        ("account does not exist", UserUnknown),
    ];
    words.iter().find(|(w, _)| t.contains(w)).map(|(_, r)| *r)
}

/// Mimecast: reply code and wording together
/// (lib/Sisimai/Rhost/Mimecast.pm).
fn mimecast(reply: Option<&str>, text: &str) -> Option<Reason> {
    use Reason::*;
    let t = text.to_lowercase();
    let reply = reply?;
    let table: &[(&str, &str, Reason)] = &[
        ("550", "spf sender invalid - envelope rejected", AuthFailure),
        (
            "550",
            "dkim sender invalid - envelope rejected",
            AuthFailure,
        ),
        (
            "550",
            "dmarc sender invalid - envelope rejected",
            AuthFailure,
        ),
        (
            "451",
            "internal resources are temporarily unavailable",
            BadReputation,
        ),
        ("550", "local ct ip reputation - (reject)", BadReputation),
        ("421", "sender address blocked", Blocked),
        ("451", "recipient temporarily unavailable", Blocked),
        ("451", "ip temporarily blacklisted", Blocked),
        ("554", "maximum email size exceeded", MesgTooBig),
        (
            "451",
            "the incorrect hostname used for inbounds",
            NetworkError,
        ),
        (
            "550",
            "the incorrect hostname used for inbounds",
            NetworkError,
        ),
        ("554", "mail loop detected", NetworkError),
        ("451", "open relay not allowed", NoRelaying),
        ("451", "open relay is not allowed", NoRelaying),
        ("451", "account inbounds disabled", NotAccept),
        (
            "550",
            "anti-spoofing policy - inbound not allowed",
            PolicyViolation,
        ),
        (
            "550",
            "rejected by header-based anti-spoofing policy",
            PolicyViolation,
        ),
        (
            "550",
            "message bounced due to content examination policy",
            PolicyViolation,
        ),
        ("554", "host network not allowed", PolicyViolation),
        ("554", "host network, not allowed", PolicyViolation),
        (
            "550",
            "administrative prohibition envelope blocked",
            Rejected,
        ),
        ("550", "envelope blocked - user entry", Rejected),
        ("550", "envelope blocked - user domain entry", Rejected),
        (
            "550",
            "envelope rejected - block policy for envelope from address",
            Rejected,
        ),
        ("535", "incorrect authentication data", SecurityError),
        ("550", "submitter failed to authenticate", SecurityError),
        ("553", "this route requires encryption (tls)", SecurityError),
        (
            "553",
            "this route requires tls version 1.2 or greater",
            SecurityError,
        ),
        (
            "553",
            "this route requires high-strength ciphers",
            SecurityError,
        ),
        (
            "554",
            "configuration is invalid for this certificate",
            SecurityError,
        ),
        (
            "451",
            "unable to process connection at this time",
            SystemError,
        ),
        ("451", "message ended early", SystemError),
        ("451", "unable to process command", SystemError),
        (
            "451",
            "unable to process an email at this time",
            SystemError,
        ),
        (
            "451",
            "account service is temporarily unavailable",
            TooManyConn,
        ),
        ("452", "too many recipients", TooManyConn),
        ("550", "exceeding outbound thread limit", TooManyConn),
        ("501", "invalid address", UserUnknown),
        ("503", "user unknown", UserUnknown),
        ("550", "invalid recipient", UserUnknown),
        (
            "554",
            "email rejected due to security policies",
            VirusDetected,
        ),
    ];
    table
        .iter()
        .find(|(c, w, _)| *c == reply && t.contains(w))
        .map(|(_, _, r)| *r)
}

fn microsoft(status: Option<&str>, text: &str) -> Option<Reason> {
    let status = status?;
    let third: u32 = status.rsplit('.').next()?.parse().ok()?;
    let t = text.to_lowercase();
    MICROSOFT
        .iter()
        .find(|(code, lo, hi, words, _)| {
            let code_ok = if lo == hi {
                status == *code
            } else {
                status.starts_with(code) && (*lo..=*hi).contains(&third)
            };
            code_ok && t.contains(words)
        })
        .map(|(.., r)| *r)
}

fn google(status: Option<&str>, reply: Option<&str>, text: &str) -> Option<Reason> {
    let (status, reply) = (status?, reply?);
    let t = text.to_lowercase();
    GOOGLE
        .iter()
        .find(|(r, s, words, _)| {
            r.get(1..) == reply.get(1..) && s.get(1..) == status.get(1..) && t.contains(words)
        })
        .map(|(.., r)| *r)
}

/// Facebook: the label around the first hyphen (`RCP-P2`), go-sisimai
/// rhost/for-facebook.go.
fn facebook(text: &str) -> Option<Reason> {
    use Reason::*;
    let upper = text.to_ascii_uppercase();
    let i = upper.find('-')?;
    let label = upper.get(i.checked_sub(3)?..i + 3)?;
    Some(match label {
        "POL-P7" => AuthFailure,
        "POL-P1" | "POL-P2" | "POL-P3" | "POL-P4" | "POL-T1" | "POL-T2" | "POL-T3" => Blocked,
        "MSG-P2" => ContentError,
        "RCP-P2" | "RCP-P3" => Filtered,
        "MSG-P1" | "INT-P2" => MesgTooBig,
        "MSG-P3" => NotCompliantRfc,
        "DNS-P1" | "DNS-P2" | "DNS-T1" => Rejected,
        "DNS-P3" | "DNS-T2" => RequirePtr,
        "POL-P6" => SpamDetected,
        "RCP-T4" => Suspend,
        "RCP-T1" => SystemError,
        "CON-T1" | "CON-T2" | "CON-T3" | "CON-T4" | "MSG-T1" => TooManyConn,
        _ => return None,
    })
}

/// A provider's wording alone.
fn words(text: &str, table: &[(&str, Reason)]) -> Option<Reason> {
    table
        .iter()
        .find(|(w, _)| text.contains(w))
        .map(|(_, r)| *r)
}

/// AOL (go-sisimai rhost/for-aol.go).
const AOL: &[(&str, Reason)] = &[
    ("host or domain name not found", Reason::HostUnknown),
    (
        "type=mx: malformed or unexpected name server reply",
        Reason::NotAccept,
    ),
];

/// Broadcom MessageLabs (go-sisimai rhost/for-messagelabs.go).
const MESSAGELABS: &[(&str, Reason)] = &[
    (
        "please turn on smtp authentication in your mail client",
        Reason::SecurityError,
    ),
    ("542 ", Reason::UserUnknown),
    (" rejected", Reason::UserUnknown),
    ("no such user", Reason::UserUnknown),
];

/// Yahoo (go-sisimai rhost/for-yahooinc.go).
const YAHOO: &[(&str, Reason)] = &[
    (
        "yahoo requires all senders to authenticate with either spf or dkim",
        Reason::AuthFailure,
    ),
    (" because the ip is in spamhaus's list;", Reason::Blocked),
    (
        "not accepted from ip addresses on spamhaus xbl",
        Reason::Blocked,
    ),
    ("relaying denied for ", Reason::NoRelaying),
    ("headers are not rfc compliant", Reason::NotCompliantRfc),
    ("not accepted for policy reasons", Reason::PolicyViolation),
    (
        "temporarily deferred due to unexpected volume or user complaints",
        Reason::Rejected,
    ),
    ("due to unresolvable rfc.5321 domain", Reason::Rejected),
    (" will be permanently deferred", Reason::Rejected),
    ("user is receiving mail too quickly", Reason::Speeding),
    (" is no longer valid.", Reason::Suspend),
    ("this mailbox is disabled", Reason::Suspend),
    (
        "syntax error in parameters or arguments",
        Reason::SyntaxError,
    ),
    ("max message per connection reached", Reason::TooManyConn),
    ("dd this user doesn't have a ", Reason::UserUnknown),
    ("mailbox not found", Reason::UserUnknown),
];

/// Tencent (QQ mail): its wording (lib/Sisimai/Rhost/Tencent.pm).
fn tencent(text: &str) -> Option<Reason> {
    use Reason::*;
    let t = text.to_lowercase();
    let words: &[(&str, Reason)] = &[
        ("spf check failed", AuthFailure),
        ("dmarc check failed", AuthFailure),
        ("suspected bounce attacks", Blocked),
        ("suspected spam ip", Blocked),
        ("connection denied", Blocked),
        ("message too large", MesgTooBig),
        ("mail is rejected by recipients", Rejected),
        ("spam is embedded in the email", SpamDetected),
        ("mail content denied", SpamDetected),
        ("mailbox unavailable or access denined", Speeding),
        ("is a deactivated mailbox", Suspend),
        ("bad address syntax", SyntaxError),
        ("ip frequency limited", TooManyConn),
        ("domain frequency limited", TooManyConn),
        ("sender frequency limited", TooManyConn),
        ("connection frequency limited", TooManyConn),
        ("mailbox not found", UserUnknown),
        ("suspected spam", Rejected),
    ];
    words.iter().find(|(w, _)| t.contains(w)).map(|(_, r)| *r)
}

/// The reason a provider's own code or wording names, if the remote server
/// (or the recipient's domain) is one of the providers above.
pub fn reason(
    remote_mta: Option<&str>,
    address: &str,
    status: Option<&str>,
    reply: Option<&str>,
    text: &str,
) -> Option<Reason> {
    if text.is_empty() {
        return None;
    }
    // One line, lower case, a multi-line reply's repeated codes dropped.
    let folded = super::reason::unwrap_reply(&crate::support::knowledge::normalize(text));
    let text = folded.as_str();
    // Google signs its replies "- gsmtp".
    let signed = text.to_ascii_lowercase().contains("- gsmtp");
    let provider = provider(remote_mta, address).or(signed.then_some(Provider::Google));
    match provider? {
        Provider::Google => google(status, reply, text),
        Provider::Aol => words(text, AOL),
        Provider::Facebook => facebook(text),
        Provider::MessageLabs => words(text, MESSAGELABS),
        Provider::YahooInc => words(text, YAHOO),
        Provider::Microsoft => microsoft(status, text),
        Provider::FrancePtt => france_ptt(text),
        Provider::GoDaddy => godaddy(text),
        Provider::Mimecast => mimecast(reply, text),
        Provider::Tencent => tencent(text),
    }
}

#[cfg(test)]
mod tests;
