//! Providers whose replies carry their own error codes or wording, read by
//! the provider's published tables as sisimai collected them
//! (github.com/sisimai/p5-sisimai, BSD 2-clause, `lib/Sisimai/Rhost/*.pm`).
//! A provider is known by the remote server's name, or by the recipient's
//! domain when the bounce does not name the server (lib/Sisimai/Rhost.pm;
//! go-sisimai rhost/lib.go adds AOL, Facebook, MessageLabs and Yahoo).

use super::reason::Reason;

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

/// Microsoft (Exchange Online, Outlook.com): an enhanced status code (or a
/// range of its third number) together with its wording
/// (lib/Sisimai/Rhost/Microsoft.pm).
const MICROSOFT: &[(&str, u32, u32, &str, Reason)] = {
    use Reason::*;
    &[
        (
            "4.7.26",
            0,
            0,
            "must pass either spf or dkim validation, this message is not signed",
            AuthFailure,
        ),
        (
            "4.7.323",
            0,
            0,
            "tlsa-invalid: the domain failed dane validation",
            AuthFailure,
        ),
        (
            "5.7.323",
            0,
            0,
            "tlsa-invalid: the domain failed dane validation",
            AuthFailure,
        ),
        (
            "4.7.324",
            0,
            0,
            "dnssec-invalid: destination domain returned invalid dnssec records",
            AuthFailure,
        ),
        (
            "5.7.324",
            0,
            0,
            "dnssec-invalid: destination domain returned invalid dnssec records",
            AuthFailure,
        ),
        (
            "4.7.325",
            0,
            0,
            "certificate-host-mismatch: remote certificate must have a common name or subject alternative name matching the hostname (dane)",
            AuthFailure,
        ),
        (
            "5.7.325",
            0,
            0,
            "certificate-host-mismatch: remote certificate must have a common name or subject alternative name matching the hostname (dane)",
            AuthFailure,
        ),
        (
            "5.7.23",
            0,
            0,
            "the message was rejected because of sender policy framework violation",
            AuthFailure,
        ),
        (
            "5.7.322",
            0,
            0,
            "certificate-expired: destination mail server's certificate is expired",
            AuthFailure,
        ),
        (
            "5.7.509",
            0,
            0,
            "does not pass dmarc verification",
            AuthFailure,
        ),
        (
            "4.7.650",
            0,
            0,
            "has been temporarily rate limited due to ip reputation",
            BadReputation,
        ),
        ("4.4.2", 0, 0, "connection dropped", Blocked),
        (
            "4.7.",
            850,
            899,
            "access denied, please try again later",
            Blocked,
        ),
        ("5.7.25", 0, 0, "must have a reverse dns record", Blocked),
        ("5.7.506", 0, 0, "access denied, bad helo", Blocked),
        (
            "5.7.507",
            0,
            0,
            "access denied, rejected by recipient",
            Blocked,
        ),
        ("5.7.510", 0, 0, "does not accept email over ipv6", Blocked),
        ("5.7.511", 0, 0, "access denied, banned sender", Blocked),
        ("5.7.513", 0, 0, "using customer block list", Blocked),
        (
            "5.7.",
            606,
            649,
            "access denied, banned sending ip ",
            Blocked,
        ),
        (
            "4.7.",
            500,
            699,
            "access denied, please try again later",
            Blocked,
        ),
        ("5.5.4", 0, 0, "invalid domain name", Blocked),
        (
            "5.7.51",
            0,
            0,
            "restrictdomainstoipaddresses or restrictdomainstocertificate",
            Blocked,
        ),
        (
            "5.7.1",
            0,
            0,
            "part of their network is on our block list (s3150)",
            Blocked,
        ),
        ("5.3.0", 0, 0, "too many related errors", ContentError),
        ("5.6.11", 0, 0, "invalid characters", ContentError),
        (
            "5.4.11",
            0,
            0,
            "agent generated message depth exceeded",
            ContentError,
        ),
        ("5.5.6", 0, 0, "invalid message content", ContentError),
        (
            "5.2.3",
            0,
            0,
            "resolver.rst.recipsizelimit; message too large for this recipient",
            ExceedLimit,
        ),
        ("4.4.1", 0, 0, "connection timed out", Expired),
        ("4.4.7", 0, 0, "message delayed", Expired),
        ("4.4.7", 0, 0, "queue expired; message expired", Expired),
        ("4.4.7", 0, 0, "message expired", Expired),
        ("5.4.300", 0, 0, "message expired", Expired),
        ("5.2.2", 0, 0, "mailbox full", MailboxFull),
        (
            "5.3.4",
            0,
            0,
            "message size exceeds fixed maximum message size",
            MesgTooBig,
        ),
        ("5.3.4", 0, 0, "message too big for system", MesgTooBig),
        (
            "5.4.4",
            0,
            0,
            "smtpsend.dns.nonexistentdomain; nonexistent domain",
            NetworkError,
        ),
        (
            "5.4.6",
            0,
            0,
            "hop count exceeded - possible mail loop",
            NetworkError,
        ),
        ("4.4.316", 0, 0, "connection refused", NetworkError),
        ("5.4.4", 0, 0, "invalid arguments", NetworkError),
        ("5.4.6", 0, 0, "routing loop detected", NetworkError),
        ("5.4.14", 0, 0, "routing loop detected", NetworkError),
        ("5.7.1", 0, 0, "unable to relay", NoRelaying),
        ("5.7.1", 0, 0, "client was not authenticated", NoRelaying),
        ("5.4.1", 0, 0, "relay access denied", NoRelaying),
        ("5.7.1", 0, 0, "unable to relay", NoRelaying),
        (
            "5.7.64",
            0,
            0,
            "tenantattribution; relay access denied",
            NoRelaying,
        ),
        ("5.4.310", 0, 0, "does not exist", NoRelaying),
        (
            "4.3.2",
            0,
            0,
            "system not accepting network messages",
            NotAccept,
        ),
        (
            "4.4.4",
            0,
            0,
            "hosted tenant which has no mail-enabled subscriptions",
            NotAccept,
        ),
        (
            "5.3.2",
            0,
            0,
            "storedrv.deliver: missing or bad storedriver mdb properties",
            NotAccept,
        ),
        (
            "5.0.350",
            0,
            0,
            "x-dg-ref header is too long",
            PolicyViolation,
        ),
        (
            "5.0.350",
            0,
            0,
            "requested action not taken: policy violation detected (as345)",
            PolicyViolation,
        ),
        (
            "5.7.",
            900,
            999,
            "delivery not authorized, message refused",
            PolicyViolation,
        ),
        ("5.1.7", 0, 0, "invalid address", Rejected),
        ("5.1.7", 0, 0, "unknown sender address", Rejected),
        ("5.1.0", 0, 0, "sender denied", Rejected),
        (
            "5.1.8",
            0,
            0,
            "access denied, bad outbound sender",
            Rejected,
        ),
        ("5.7.1", 0, 0, "delivery not authorized", Rejected),
        (
            "5.7.12",
            0,
            0,
            "sender was not authenticated by organization",
            Rejected,
        ),
        (
            "5.7.124",
            0,
            0,
            "sender not in allowed-senders list",
            Rejected,
        ),
        (
            "5.7.133",
            0,
            0,
            "sender not authenticated for group",
            Rejected,
        ),
        (
            "5.7.134",
            0,
            0,
            "sender was not authenticated for mailbox",
            Rejected,
        ),
        (
            "5.7.13",
            0,
            0,
            "sender was not authenticated for public folder",
            Rejected,
        ),
        (
            "5.7.135",
            0,
            0,
            "sender was not authenticated for public folder",
            Rejected,
        ),
        ("5.7.136", 0, 0, "sender was not authenticated", Rejected),
        (
            "5.7.",
            501,
            503,
            "access denied, spam abuse detected",
            Rejected,
        ),
        (
            "5.7.512",
            0,
            0,
            "access denied, message must be rfc 5322 section 3.6.2 compliant",
            Rejected,
        ),
        (
            "5.7.750",
            0,
            0,
            "service unavailable. client blocked from sending from unregistered domains",
            Rejected,
        ),
        ("5.7.", 501, 503, "access denied, banned sender", Rejected),
        (
            "5.7.3",
            0,
            0,
            "cannot achieve exchange server authentication",
            SecurityError,
        ),
        ("5.7.3", 0, 0, "not authorized", SecurityError),
        (
            "4.4.317",
            0,
            0,
            "starttls is required to send mail",
            SecurityError,
        ),
        (
            "5.4.317",
            0,
            0,
            "starttls is required to send mail",
            SecurityError,
        ),
        (
            "4.7.321",
            0,
            0,
            "starttls-not-supported: destination mail server must support tls to receive mail",
            SecurityError,
        ),
        (
            "5.7.321",
            0,
            0,
            "starttls-not-supported: destination mail server must support tls to receive mail",
            SecurityError,
        ),
        ("5.7.1", 0, 0, "client was not authenticated", SecurityError),
        (
            "5.7.57",
            0,
            0,
            "client was not authenticated to send anonymous mail during mail from",
            SecurityError,
        ),
        (
            "5.2.1",
            0,
            0,
            "content filter agent quarantined this message",
            SpamDetected,
        ),
        (
            "4.3.2",
            0,
            0,
            "storedrv.deliver; recipient thread limit exceeded",
            Speeding,
        ),
        (
            "5.1.90",
            0,
            0,
            "your message can't be sent because you've reached your daily limit for message recipients",
            Speeding,
        ),
        ("5.2.2", 0, 0, "submission quota exceeded", Speeding),
        (
            "5.2.121",
            0,
            0,
            "recipient's per hour message receive limit from specific sender exceeded",
            Speeding,
        ),
        (
            "5.2.122",
            0,
            0,
            "recipient's per hour message receive limit exceeded",
            Speeding,
        ),
        (
            "5.7.508",
            0,
            0,
            "has exceeded permitted limits within",
            Speeding,
        ),
        (
            "5.7.",
            700,
            749,
            "access denied, tenant has exceeded threshold",
            Speeding,
        ),
        (
            "5.7.",
            700,
            749,
            "access denied, traffic not accepted from this ip",
            Speeding,
        ),
        (
            "5.7.504",
            0,
            0,
            "recipient address rejected: access denied",
            Suspend,
        ),
        ("5.7.505", 0, 0, "access denied, banned recipient", Suspend),
        ("5.2.1", 0, 0, "mailbox cannot be accessed", Suspend),
        ("5.3.3", 0, 0, "unrecognized command", SyntaxError),
        ("5.5.2", 0, 0, "send hello first", SyntaxError),
        ("4.3.2", 0, 0, "service not available", SystemError),
        ("4.3.2", 0, 0, "service not active", SystemError),
        ("5.3.5", 0, 0, "system incorrectly configured", SystemError),
        (
            "5.3.190",
            0,
            0,
            "journaling on-premises messages to microsoft 365 or office 365 not supported when journaling archive is disabled",
            SystemError,
        ),
        (
            "5.0.0",
            0,
            0,
            "helo / ehlo requires domain address",
            SystemError,
        ),
        (
            "5.1.4",
            0,
            0,
            "destination mailbox address ambiguous",
            SystemError,
        ),
        ("5.2.4", 0, 0, "mailing list expansion problem", SystemError),
        (
            "5.2.14",
            0,
            0,
            "misconfigured forwarding address",
            SystemError,
        ),
        (
            "4.4.3",
            0,
            0,
            "temporary server error. please try again later attr18",
            SystemError,
        ),
        (
            "4.7.0",
            0,
            0,
            "temporary server error. please try again later. prx4 nexthop:",
            SystemError,
        ),
        (
            "4.4.24",
            0,
            0,
            "message failed to be replicated: insufficient system resource:",
            SystemError,
        ),
        (
            "4.4.25",
            0,
            0,
            "message failed to be replicated: no healthy secondary server available to accept replica at this time.",
            SystemError,
        ),
        (
            "4.4.28",
            0,
            0,
            "message failed to be replicated: the operation was canceled",
            SystemError,
        ),
        (
            "4.4.318",
            0,
            0,
            "(suspiciousremoteservererror)",
            SystemError,
        ),
        (
            "5.4.318",
            0,
            0,
            "(suspiciousremoteservererror)",
            SystemError,
        ),
        (
            "4.7.500",
            0,
            0,
            "server busy. please try again later from ",
            SystemError,
        ),
        (
            "4.7.700",
            0,
            0,
            "pfa agent busy, please try again.",
            SystemError,
        ),
        ("4.3.1", 0, 0, "insufficient system resources", SystemFull),
        ("5.5.3", 0, 0, "too many recipients", TooManyConn),
        ("4.5.3", 0, 0, "too many recipients", TooManyConn),
        (
            "5.2.122",
            0,
            0,
            "the recipient has exceeded their limit for",
            TooManyConn,
        ),
        (
            "5.1.1",
            0,
            0,
            "resolver.adr.exrecipnotfound; not found",
            UserUnknown,
        ),
        ("5.1.1", 0, 0, "user unknown", UserUnknown),
        (
            "5.1.3",
            0,
            0,
            "storedrv.submit; invalid recipient address",
            UserUnknown,
        ),
        (
            "5.1.",
            4,
            5,
            "recipient address reserved by rfc 2606",
            UserUnknown,
        ),
        (
            "5.1.6",
            0,
            0,
            "recipient addresses in single label domains not accepted",
            UserUnknown,
        ),
        (
            "5.1.1",
            0,
            0,
            "bad destination mailbox address",
            UserUnknown,
        ),
        ("5.1.10", 0, 0, "recipient not found", UserUnknown),
        (
            "5.4.1",
            0,
            0,
            "recipient address rejected: access denied",
            UserUnknown,
        ),
        (
            "5.5.0",
            0,
            0,
            "requested action not taken: mailbox unavailable",
            UserUnknown,
        ),
        ("5.1.2", 0, 0, "invalid x.400 address", UserUnknown),
    ]
};

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

/// Google (Gmail, Workspace): reply code, enhanced code and wording
/// together (lib/Sisimai/Rhost/Google.pm). Codes compare without their
/// class digit, as Google answers alike with 4xx and 5xx.
const GOOGLE: &[(&str, &str, &str, Reason)] = {
    use Reason::*;
    &[
        (
            "451",
            "4.7.24",
            "the spf record of the sending domain",
            AuthFailure,
        ),
        (
            "550",
            "5.7.24",
            "the spf record of the sending domain",
            AuthFailure,
        ),
        (
            "421",
            "4.7.26",
            "senders to authenticate with either spf or dkim",
            AuthFailure,
        ),
        (
            "550",
            "5.7.26",
            "senders to authenticate with either spf or dkim",
            AuthFailure,
        ),
        (
            "550",
            "5.7.26",
            "fails to pass spf checks for an spf record with a hard fail",
            AuthFailure,
        ),
        (
            "550",
            "5.7.26",
            "has an spf record with a hard fail policy",
            AuthFailure,
        ),
        (
            "451",
            "4.7.26",
            "is not accepted due to domain's dmarc policy",
            AuthFailure,
        ),
        (
            "550",
            "5.7.26",
            "is not accepted due to domain's dmarc policy",
            AuthFailure,
        ),
        (
            "550",
            "5.7.26",
            "is not accepted due to domain's dmarc policy",
            AuthFailure,
        ),
        (
            "550",
            "5.7.1",
            "fails to pass authentication checks",
            AuthFailure,
        ),
        (
            "550",
            "5.7.26",
            "fails to pass authentication checks",
            AuthFailure,
        ),
        (
            "421",
            "4.7.27",
            "senders to authenticate with spf",
            AuthFailure,
        ),
        (
            "421",
            "4.7.27",
            "senders to authenticate their email with spf",
            AuthFailure,
        ),
        (
            "550",
            "5.7.27",
            "senders to authenticate with spf",
            AuthFailure,
        ),
        (
            "421",
            "4.7.30",
            "senders to authenticate their email with dkim",
            AuthFailure,
        ),
        (
            "550",
            "5.7.30",
            "senders to authenticate with dkim",
            AuthFailure,
        ),
        (
            "421",
            "4.7.32",
            "aligned with either the authenticated spf or dkim",
            AuthFailure,
        ),
        (
            "421",
            "4.7.0",
            "very low reputation of the sending ip address",
            BadReputation,
        ),
        (
            "421",
            "4.7.0",
            "very low reputation of the sending domain",
            BadReputation,
        ),
        (
            "550",
            "5.7.1",
            "due to the very low reputation of the sending ip address",
            BadReputation,
        ),
        (
            "550",
            "5.7.1",
            "due to the very low reputation of the sending domain",
            BadReputation,
        ),
        (
            "421",
            "4.7.0",
            "ip not in whitelist for rcpt domain",
            Blocked,
        ),
        (
            "421",
            "4.7.0",
            "try again later, closing connection.",
            Blocked,
        ),
        (
            "501",
            "5.5.4",
            "empty helo/ehlo argument not allowed",
            Blocked,
        ),
        ("501", "5.5.4", "helo/ehlo argument is invalid", Blocked),
        (
            "421",
            "4.7.0",
            "an unusual rate of unsolicited mail",
            Blocked,
        ),
        ("421", "4.7.28", "an unusual rate of mail", Blocked),
        (
            "550",
            "5.7.1",
            "an unusual rate of unsolicited mail",
            Blocked,
        ),
        (
            "550",
            "5.7.28",
            "an unusual rate of unsolicited mail",
            Blocked,
        ),
        (
            "552",
            "5.2.3",
            "exceeded google's message size limits",
            ExceedLimit,
        ),
        (
            "552",
            "5.3.4",
            "exceeds google's limit of limit attachments.",
            ExceedLimit,
        ),
        (
            "552",
            "5.3.4",
            "your message exceeded google's message header size limits",
            ExceedLimit,
        ),
        (
            "552",
            "5.3.4",
            "bytes per individual header size",
            ExceedLimit,
        ),
        (
            "552",
            "5.3.4",
            "exceeds google's header name limit of",
            ExceedLimit,
        ),
        ("421", "4.7.0", "connection expired", Expired),
        ("451", "4.4.2", "timeout - closing connection", Expired),
        ("452", "4.2.2", "inbox is out of storage space", MailboxFull),
        (
            "552",
            "5.2.2",
            "inbox is out of storage space and inactive",
            MailboxFull,
        ),
        ("452", "4.2.2", "is over quota", MailboxFull),
        ("552", "5.2.2", "is over quota", MailboxFull),
        ("550", "5.7.1", "email quota exceeded", MailboxFull),
        (
            "552",
            "5.3.4",
            "exceeded google's message size limits",
            MesgTooBig,
        ),
        (
            "552",
            "5.3.4",
            "exceeds google's message size limit of",
            MesgTooBig,
        ),
        ("554", "5.4.6", "message exceeded 50 hops", NetworkError),
        ("554", "5.6.0", "message exceeded 50 hops", NetworkError),
        ("550", "5.7.0", "mail relay denied", NoRelaying),
        ("550", "5.7.1", "invalid credentials for relay", NoRelaying),
        (
            "550",
            "5.7.1",
            "is not authorized to send email directly to our servers",
            NoRelaying,
        ),
        (
            "550",
            "5.7.1",
            "missing a valid address in the from: header",
            NotCompliantRfc,
        ),
        (
            "550",
            "5.7.1",
            "multiple addresses in from: header are not accepted",
            NotCompliantRfc,
        ),
        ("550", "5.7.1", "is not rfc 5322 compliant", NotCompliantRfc),
        (
            "550",
            "5.7.1",
            "missing a valid message-id: header",
            NotCompliantRfc,
        ),
        (
            "550",
            "5.7.1",
            "contains a unicode character in a disallowed header",
            NotCompliantRfc,
        ),
        (
            "550",
            "5.7.1",
            "encoded-word syntax is not permitted",
            NotCompliantRfc,
        ),
        (
            "553",
            "5.1.7",
            "is not a valid rfc 5321 address",
            NotCompliantRfc,
        ),
        ("554", "5.6.0", "mail message is malformed", NotCompliantRfc),
        (
            "552",
            "5.7.0",
            "illegal attachment on your message",
            PolicyViolation,
        ),
        (
            "552",
            "5.7.0",
            "blocked because its content presents a potential security issue",
            PolicyViolation,
        ),
        (
            "550",
            "5.7.1",
            "you are sending to (or from) has a policy that prohibited",
            PolicyViolation,
        ),
        (
            "421",
            "4.7.28",
            "sending messages with the same message-id:",
            PolicyViolation,
        ),
        ("550", "5.7.0", "mail sending denied", Rejected),
        (
            "550",
            "5.7.1",
            "unauthenticated email is not accepted",
            Rejected,
        ),
        ("421", "4.7.0", "does not have a ptr record", RequirePtr),
        (
            "421",
            "4.7.23",
            " have a ptr record, or the ptr record",
            RequirePtr,
        ),
        (
            "550",
            "5.7.1",
            "does not meet ipv6 sending guidelines regarding ptr records and authentication",
            RequirePtr,
        ),
        ("550", "5.7.25", "does not have a ptr record", RequirePtr),
        (
            "550",
            "5.7.25",
            "does not match the ip address of the hostname",
            RequirePtr,
        ),
        (
            "421",
            "4.7.0",
            "tls required for rcpt domain",
            SecurityError,
        ),
        ("454", "4.7.0", "too many login attempts", SecurityError),
        ("501", "5.5.2", "cannot decode response", SecurityError),
        (
            "503",
            "5.7.0",
            "no identity changes permitted",
            SecurityError,
        ),
        ("530", "5.5.1", "authentication required.", SecurityError),
        ("530", "5.7.0", "authentication required.", SecurityError),
        (
            "535",
            "5.7.1",
            "application-specific password required",
            SecurityError,
        ),
        (
            "535",
            "5.7.9",
            "application-specific password required",
            SecurityError,
        ),
        (
            "535",
            "5.7.1",
            "please log in with your web browser",
            SecurityError,
        ),
        (
            "534",
            "5.7.9",
            "please log in with your web browser",
            SecurityError,
        ),
        (
            "534",
            "5.7.14",
            "please log in through your web browser",
            SecurityError,
        ),
        (
            "535",
            "5.7.1",
            "username and password not accepted",
            SecurityError,
        ),
        (
            "535",
            "5.7.8",
            "username and password not accepted",
            SecurityError,
        ),
        (
            "421",
            "4.7.29",
            "senders to use tls/ssl for smtp",
            SecurityError,
        ),
        (
            "550",
            "5.7.29",
            "senders to use tls/ssl for smtp",
            SecurityError,
        ),
        (
            "421",
            "4.7.0",
            "due to the nature of the content or the links within",
            SpamDetected,
        ),
        ("550", "5.7.1", "likely unsolicited mail", SpamDetected),
        ("450", "4.2.1", "is receiving mail too quickly", Speeding),
        (
            "450",
            "4.2.1",
            "peak smtp relay limit exceeded for customer",
            Speeding,
        ),
        (
            "450",
            "4.2.1",
            "rate that prevents additional messages from being delivered",
            Speeding,
        ),
        (
            "550",
            "5.2.1",
            "rate that prevents additional messages from being delivered",
            Speeding,
        ),
        ("550", "5.4.5", "daily sending quota exceeded", Speeding),
        (
            "550",
            "5.4.5",
            "daily user sending limit exceeded",
            Speeding,
        ),
        (
            "550",
            "5.4.5",
            "daily smtp relay limit exceeded for",
            Speeding,
        ),
        (
            "550",
            "5.7.1",
            "daily smtp relay limit exceeded for",
            Speeding,
        ),
        (
            "550",
            "5.7.1",
            "daily smtp relay sending limit exceeded for",
            Speeding,
        ),
        ("550", "5.7.1", "this mail has been rate limited", Speeding),
        (
            "550",
            "5.2.1",
            "account that you tried to reach is disabled",
            Suspend,
        ),
        (
            "550",
            "5.2.1",
            "account that you tried to reach is inactive",
            Suspend,
        ),
        ("451", "4.5.0", "smtp protocol violation", SyntaxError),
        ("454", "4.5.0", "smtp protocol violation", SyntaxError),
        ("525", "5.7.10", "smtp protocol violation", SyntaxError),
        (
            "535",
            "5.5.4",
            "optional argument not permitted",
            SyntaxError,
        ),
        ("454", "5.5.1", "starttls may not be repeated", SyntaxError),
        ("501", "5.7.11", "syntax error", SyntaxError),
        ("501", "5.5.2", "syntax error", SyntaxError),
        ("555", "5.5.2", "syntax error", SyntaxError),
        (
            "502",
            "5.5.1",
            "too many unrecognized commands, goodbye",
            SyntaxError,
        ),
        ("502", "5.5.1", "unimplemented command", SyntaxError),
        ("502", "5.5.1", "unrecognized command", SyntaxError),
        ("503", "5.5.1", "bad sequence of commands", SyntaxError),
        ("503", "5.5.1", "ehlo/helo first", SyntaxError),
        ("503", "5.5.1", "mail first", SyntaxError),
        ("503", "5.5.1", "rcpt first", SyntaxError),
        ("503", "5.5.1", "no data after bdat", SyntaxError),
        (
            "504",
            "5.7.4",
            "unrecognized authentication type",
            SyntaxError,
        ),
        ("504", "5.7.4", "xoauth is no longer supported", SyntaxError),
        (
            "530",
            "5.7.0",
            "must issue a starttls command first",
            SyntaxError,
        ),
        (
            "554",
            "5.7.0",
            "too many unauthenticated commands",
            SyntaxError,
        ),
        ("421", "4.3.0", "temporary system problem", SystemError),
        ("421", "4.7.0", "temporary system problem", SystemError),
        ("421", "4.4.5", "server busy", SystemError),
        (
            "451",
            "4.3.0",
            "multiple destination domains per transaction is unsupported",
            SystemError,
        ),
        (
            "451",
            "4.3.0",
            "mail server has temporarily rejected this message",
            SystemError,
        ),
        (
            "451",
            "4.3.0",
            "mail server temporarily rejected message",
            SystemError,
        ),
        (
            "452",
            "4.5.3",
            "domain policy size per transaction exceeded",
            SystemError,
        ),
        (
            "454",
            "4.7.0",
            "cannot authenticate due to temporary system problem",
            SystemError,
        ),
        (
            "452",
            "4.5.3",
            "your message has too many recipients",
            TooManyConn,
        ),
        (
            "550",
            "5.5.3",
            "too many recipients for this sender",
            TooManyConn,
        ),
        (
            "550",
            "5.1.1",
            "the email account that you tried to reach does not exist",
            UserUnknown,
        ),
        (
            "553",
            "5.1.2",
            "we weren't able to find the recipient domain",
            UserUnknown,
        ),
        (
            "553",
            "5.1.3",
            "is not a valid rfc 5321 address",
            UserUnknown,
        ),
    ]
};

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
