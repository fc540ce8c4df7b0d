//! The phrase classes servers use for each reason, as sisimai collected
//! them from real bounces (github.com/sisimai/p5-sisimai, BSD 2-clause,
//! `lib/Sisimai/Reason/<Name>.pm`, the `$index` and `$pairs` lists of each
//! module's `match`). Data only: the order of the checks, what a status
//! code or an SMTP command decides, is `reason::classify`.
//!
//! A phrase matches as a substring of the lower-cased text with white space
//! folded; an aligned phrase is several parts found in this order.

use super::reason::Reason;

/// One reason's phrases.
pub struct Phrases {
    pub any: &'static [&'static str],
    pub aligned: &'static [&'static [&'static str]],
    /// Phrases that say it is not this reason (sisimai's `$isnot`).
    pub not: &'static [&'static str],
}

const NONE: Phrases = Phrases {
    any: &[],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/UserUnknown.pm
const USER_UNKNOWN: Phrases = Phrases {
    any: &[
        "#5.1.1 bad address",
        "550 address invalid",
        "5.1.0 address rejected.",
        "address does not exist",
        "address not present in directory",
        "address unknown",
        "can't accept user",
        "does not exist.",
        "destination addresses were unknown",
        "destination server rejected recipients",
        "email address does not exist",
        "email address could not be found",
        "invalid address",
        "invalid mailbox",
        "invalid recipient",
        "is not a known user",
        "is not a valid mailbox",
        "is not an active address at this host",
        "mailbox does not exist",
        "mailbox invalid",
        "mailbox is inactive",
        "mailbox is unavailable",
        "mailbox not present",
        "mailbox not found",
        "mailbox unavaiable",
        "nessun utente simile in questo indirizzo",
        "no account by that name here",
        "no existe dicha persona",
        "no existe ese usuario ",
        "no mail box available for this user",
        "no mailbox by that name is currently available",
        "no mailbox found",
        "no such address here",
        "no such mailbox",
        "no such person at this address",
        "no such recipient",
        "no such user",
        "no thank you rejected: account unavailable",
        "no valid recipients, bye",
        "not a valid recipient",
        "not a valid user here",
        "not a local address",
        "not email addresses",
        "recipient address rejected. (in reply to rcpt to command)",
        "recipient address rejected: access denied",
        "recipient address rejected: invalid user",
        "recipient address rejected: invalid-recipient",
        "recipient address rejected: unknown user",
        "recipient address rejected: userunknown",
        "recipient does not exist",
        "recipient is not accepted",
        "recipient is not local",
        "recipient not exist",
        "recipient not found",
        "recipient not ok",
        "recipient refuses to accept your mail",
        "recipient unknown",
        "requested action not taken: mailbox unavailable",
        "resolver.adr.recipient notfound",
        "resolver.adr.recipientnotfound",
        "sorry, user unknown",
        "sorry, badrcptto",
        "sorry, no mailbox here by that name",
        "sorry, your envelope recipient has been denied",
        "that domain or user isn't in my list of allowed rcpthosts",
        "the email account that you tried to reach does not exist",
        "the following recipients was undeliverable",
        "the user's email name is not found",
        "there is no one at this address",
        "this address no longer accepts mail",
        "this email address is wrong or no longer valid",
        "this recipient is in my badrecipientto list",
        "this recipient is not in my validrcptto list",
        "unknown mailbox",
        "unknown recipient",
        "unknown user",
        "user does not exist",
        "user missing home directory",
        "user not active",
        "user not exist",
        "user not found",
        "user not known",
        "user unknown",
        "utilisateur inconnu !",
        "vdeliver: invalid or unknown virtual user",
        "your envelope recipient is in my badrcptto list",
    ],
    aligned: &[
        &["<", "> not found"],
        &["<", ">... blocked by "],
        &["account ", " does not exist at the organization"],
        &["bad", "recipient"],
        &["mailbox ", "does not exist"],
        &["mailbox ", "unavailable or access denied"],
        &["no ", " in name directory"],
        &["non", "existent user"],
        &["rcpt <", " does not exist"],
        &["rcpt (", "t exist "],
        &["recipient ", " was not found in"],
        &["recipient address rejected: user ", " does not exist"],
        &["recipient address rejected: user unknown in ", " table"],
        &["this user doesn't have a ", " account"],
        &["unknown e", "mail address"],
        &["unknown local", "part"],
        &["user ", " was not found"],
        &["user ", " does not exist"],
        &["user (", ") unknown"],
    ],
    not: &[],
};

/// lib/Sisimai/Reason/Filtered.pm
const FILTERED: Phrases = Phrases {
    any: &[
        "because the recipient is only accepting mail from specific email addresses",
        "bounced address",
        "due to extended inactivity new mail is not currently being accepted for this mailbox",
        "has restricted sms e-mail",
        "is not accepting any mail",
        "message rejected due to user rules",
        "not found recipient account",
        "refused due to recipient preferences",
        "resolver.rst.notauthorized",
        "this account is protected by",
        "user not found",
        "user refuses to receive this mail",
        "user reject",
        "we failed to deliver mail because the following address recipient id refuse to receive mail",
        "you have been blocked by the recipient",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/Rejected.pm (the sender's address refused)
const REJECTED: Phrases = Phrases {
    any: &[
        "access denied (in reply to mail from command)",
        "access denied (sender blacklisted)",
        "address rejected",
        "administrative prohibition",
        "batv failed to verify",
        "batv validation failure",
        "backscatter protection detected an invalid or expired email address",
        "because the sender isn't on the recipient's list of senders to accept mail from",
        "bogus mail from",
        "can't determine purported responsible address",
        "connections not accepted from servers without a valid sender domain",
        "denied [bouncedeny]",
        "denied by secumail valid-address-filter",
        "delivery not authorized, message refused",
        "does not exist e2110",
        "domain of sender address ",
        "email address is on senderfilterconfig list",
        "emetteur invalide",
        "empty envelope senders not allowed",
        "envelope blocked - ",
        "error: no third-party dsns",
        "from: domain is invalid. please provide a valid from:",
        "fully qualified email address required",
        "invalid domain, see <url:",
        "invalid sender",
        "is not a registered gateway user",
        "mail from not owned by user",
        "message rejected: email address is not verified",
        "mx records for ",
        "null sender is not allowed",
        "recipient addresses rejected : access denied",
        "recipient not accepted. (batv: no tag",
        "returned mail not accepted here",
        "rfc 1035 violation: recursive cname records for",
        "rule imposed mailbox access for",
        "sending this from a different address or alias using the ",
        "sender address has been blacklisted",
        "sender email address rejected",
        "sender is in my black list",
        "sender is spammer",
        "sender not pre-approved",
        "sender rejected",
        "sender domain is empty",
        "sender verify failed",
        "sender was rejected",
        "spam reporting address",
        "syntax error: empty email address",
        "the message has been rejected by batv defense",
        "this server does not accept mail from",
        "transaction failed unsigned dsn for",
        "unroutable sender address",
        "you are not allowed to post to this mailing list",
        "you are sending to/from an address that has been blacklisted",
        "your access to submit messages to this e-mail system has been rejected",
        "your email address has been blacklisted",
    ],
    aligned: &[],
    not: &[
        "5.1.0 address rejected",
        "recipient address rejected",
        "sender ip address rejected",
    ],
};

/// lib/Sisimai/Reason/Blocked.pm (the sending host refused)
const BLOCKED: Phrases = Phrases {
    any: &[
        " said: 550 blocked",
        "//www.spamcop.net/bl.",
        "bad sender ip address",
        "banned sending ip",
        "blacklisted by",
        "blocked using ",
        "blocked - see http",
        "dnsbl:attrbl",
        "client host rejected: abus detecte gu_eib_02",
        "client host rejected: abus detecte gu_eib_04",
        "client host rejected: may not be mail exchanger",
        "client host rejected: was not authenticated",
        "confirm this mail server",
        "connection dropped",
        "connection refused by",
        "connection reset by peer",
        "connection was dropped by remote host",
        "connections not accepted from ip addresses on spamhaus xbl",
        "currently sending spam see: ",
        "domain does not exist:",
        "dynamic/zombied/spam ips blocked",
        "error: no valid recipients from ",
        "esmtp not accepting connections",
        "extreme bad ip profile",
        "go away",
        "helo command rejected:",
        "host network not allowed",
        "hosts with dynamic ip",
        "invalid ip for sending mail of domain",
        "is in a black list",
        "is not allowed to send mail from",
        "no access from mail server",
        "no matches to nameserver query",
        "not currently accepting mail from your ip",
        "part of their network is on our block list",
        "please use the smtp server of your isp",
        "refused - see http",
        "rejected - multi-blacklist",
        "rejected because the sending mta or the sender has not passed validation",
        "rejecting open proxy",
        "sender ip address rejected",
        "server access forbidden by your ip ",
        "service not available, closing transmission channel",
        "smtp error from remote mail server after initial connection:",
        "sorry, that domain isn't in my list of allowed rcpthosts",
        "sorry, your remotehost looks suspiciously like spammer",
        "temporarily deferred due to unexpected volume or user complaints",
        "to submit messages to this e-mail system has been rejected",
        "too many spams from your ip",
        "too many unwanted messages have been sent from the following ip address above",
        "was blocked by ",
        "we do not accept mail from dynamic ips",
        "you are not allowed to connect",
        "you are sending spam",
        "your ip address is listed in the rbl",
        "your network is temporary blacklisted",
        "your server requires confirmation",
    ],
    aligned: &[
        &["(", "@", ":blocked)"],
        &["access from ip address ", " blocked"],
        &["client host ", " blocked using"],
        &[
            "connections will not be accepted from ",
            " because the ip is in spamhaus's list",
        ],
        &["dnsbl:rbl ", ">_is_blocked"],
        &["email blocked by ", ".barracudacentral.org"],
        &["email blocked by ", "spamhaus"],
        &["host ", " refused to talk to me: ", " blocked"],
        &["ip ", " is blocked by earthlink"],
        &["is in an ", "rbl on "],
        &["mail server at ", " is blocked"],
        &["mail from ", " refused:"],
        &["message from ", " rejected based on blacklist"],
        &[
            "messages from ",
            " temporarily deferred due to user complaints",
        ],
        &["server ip ", " listed as abusive"],
        &["sorry! your ip address", " is blocked by rbl"],
        &["the domain ", " is blacklisted"],
        &["the email ", " is blacklisted"],
        &["the ip", " is blacklisted"],
        &[
            "veuillez essayer plus tard. service refused, please try later. ",
            "103",
        ],
        &[
            "veuillez essayer plus tard. service refused, please try later. ",
            "510",
        ],
        &["your sender's ip address is listed at ", ".abuseat.org"],
    ],
    not: &[],
};

/// lib/Sisimai/Reason/SpamDetected.pm
const SPAM_DETECTED: Phrases = Phrases {
    any: &[
        " - spam",
        "//www.spamhaus.org/help/help_spam_16.htm",
        "//dsbl.org/help/help_spam_16.htm",
        "//mail.163.com/help/help_spam_16.htm",
        "554 5.7.0 reject, id=",
        "appears to be unsolicited",
        "blacklisted url in message",
        "block for spam",
        "blocked by policy: no spam please",
        "blocked by spamassassin",
        "blocked for abuse. see http://att.net/blocks",
        "cannot be forwarded because it was detected as spam",
        "considered unsolicited bulk e-mail (spam) by our mail filters",
        "content filter rejection",
        "cyberoam anti spam engine has identified this email as a bulk email",
        "denied due to spam list",
        "high probability of spam",
        "is classified as spam and is rejected",
        "listed in work.drbl.imedia.ru",
        "the mail server detected your message as spam and has prevented delivery.",
        "mail appears to be unsolicited",
        "mail content denied",
        "may consider spam",
        "message considered as spam or virus",
        "message contains spam or virus",
        "message content rejected",
        "message detected as spam",
        "message filtered",
        "message looks like spam",
        "message is being rejected as it seems to be a spam",
        "message refused by mailmarshal spamprofiler",
        "message refused by trustwave seg spamprofiler",
        "message rejected as spam",
        "message rejected because of unacceptable content",
        "message rejected due to suspected spam content",
        "message rejected for policy reasons",
        "message was rejected for possible spam/virus content",
        "our email server thinks this email is spam",
        "our system has detected that this message is ",
        "probable spam",
        "reject bulk.advertising",
        "rejected: spamassassin score ",
        "rejected - bulk email",
        "rejecting banned content",
        "rejecting mail content",
        "related to content with spam-like characteristics",
        "sender domain listed at ",
        "sending address not accepted due to spam filter",
        "spam blocked",
        "spam check",
        "spam content matched",
        "spam detected",
        "spam email",
        "spam email not accepted",
        "spam message rejected.",
        "spam not accepted",
        "spam refused",
        "spam rejection",
        "spam score ",
        "spambouncer identified spam",
        "spamming not allowed",
        "too many spam complaints",
        "too much spam.",
        "the email message was detected as spam",
        "the message has been rejected by spam filtering engine",
        "the message was rejected due to classification as bulk mail",
        "the content of this message looked like spam",
        "this message appears to be spam",
        "this message has been identified as spam",
        "this message has been scored as spam with a probability",
        "this message was classified as spam",
        "this message was rejected by recurrent pattern detection system",
        "transaction failed spam message not queued",
        "we dont accept spam",
        "your email appears similar to spam we have received before",
        "your email breaches local uribl policy",
        "your email had spam-like ",
        "your email is considered spam",
        "your email is probably spam",
        "your email was detected as spam",
        "your message as spam and has prevented delivery",
        "your message has been temporarily blocked by our filter",
        "your message has been rejected because it appears to be spam",
        "your message has triggered a spam block",
        "your message may contain the spam contents",
        "your message failed several antispam checks",
    ],
    aligned: &[
        &["greylisted", " please try again in"],
        &["mail rejete. mail rejected. ", "506"],
        &[
            "our filters rate at and above ",
            " percent probability of being spam",
        ],
        &["rejected by ", " (spam)"],
        &["rejected due to spam ", "classification"],
        &["rejected due to spam ", "content"],
        &["rule imposed as ", " is blacklisted on"],
        &["spam ", " exceeded"],
        &["this message scored ", " spam points"],
    ],
    not: &[],
};

/// lib/Sisimai/Reason/PolicyViolation.pm
const POLICY_VIOLATION: Phrases = Phrases {
    any: &[
        "an illegal attachment on your message",
        "because the recipient is not accepting mail with ",
        "by non-member to a members-only list",
        "closed mailing list",
        "denied by policy",
        "email not accepted for policy reasons",
        "email rejected due to security policies",
        "header are not accepted",
        "header error",
        "local policy violation",
        "message bounced due to organizational settings",
        "message given low priority",
        "message not accepted for policy reasons",
        "message rejected due to local policy",
        "messages with multiple addresses",
        "rejected for policy reasons",
        "protocol violation",
        "the email address used to send your message is not subscribed to this group",
        "the message was rejected by organization policy",
        "this message was blocked because its content presents a potential",
        "we do not accept messages containing images or other attachments",
        "you're using a mass mailer",
    ],
    aligned: &[&[
        "you have exceeded the",
        "allowable number of posts without solving a captcha",
    ]],
    not: &[],
};

/// lib/Sisimai/Reason/MailboxFull.pm
const MAILBOX_FULL: Phrases = Phrases {
    any: &[
        "452 insufficient disk space",
        "account disabled temporarly for exceeding receiving limits",
        "account is exceeding their quota",
        "account is over quota",
        "account is temporarily over quota",
        "boite du destinataire pleine",
        "delivery failed: over quota",
        "disc quota exceeded",
        "diskspace quota",
        "does not have enough space",
        "exceeded storage allocation",
        "exceeding its mailbox quota",
        "full mailbox",
        "is over disk quota",
        "is over quota temporarily",
        "mail file size exceeds the maximum size allowed for mail delivery",
        "mail quota exceeded",
        "mailbox exceeded the local limit",
        "mailbox full",
        "mailbox has exceeded its disk space limit",
        "mailbox is full",
        "mailbox over quota",
        "mailbox quota usage exceeded",
        "mailbox size limit exceeded",
        "maildir over quota",
        "maildir delivery failed: userdisk quota ",
        "maildir delivery failed: domaindisk quota ",
        "mailfolder is full",
        "no space left on device",
        "not enough storage space in",
        "not sufficient disk space",
        "over the allowed quota",
        "quota exceeded",
        "quota violation for",
        "recipient reached disk quota",
        "recipient rejected: mailbox would exceed maximum allowed storage",
        "the recipient mailbox has exceeded its disk space limit",
        "the user's space has been used up",
        "the user you are trying to reach is over quota",
        "too much mail data",
        "user has exceeded quota, bouncing mail",
        "user has too many messages on the server",
        "user is over quota",
        "user is over the quota",
        "user over quota",
        "was automatically rejected: quota exceeded",
        "would be over the allowed quota",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/MesgTooBig.pm
const MESG_TOO_BIG: Phrases = Phrases {
    any: &[
        "exceeded maximum inbound message size",
        "line limit exceeded",
        "max message size exceeded",
        "message file too big",
        "message length exceeds administrative limit",
        "message size exceeds fixed limit",
        "message size exceeds fixed maximum message size",
        "message size exceeds maximum value",
        "message too big",
        "message too large for this ",
        "size limit",
        "taille limite du message atteinte",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/ExceedLimit.pm
const EXCEED_LIMIT: Phrases = Phrases {
    any: &["message header size exceeds limit", "message too large"],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/Suspend.pm
const SUSPEND: Phrases = Phrases {
    any: &[
        " is currently suspended",
        " temporary locked",
        "archived recipient",
        "boite du destinataire archivee",
        "email account that you tried to reach is disabled",
        "has been suspended",
        "inactive account",
        "invalid/inactive user",
        "is a deactivated mailbox",
        "is unavailable: user is terminated",
        "mailbox currently suspended",
        "mailbox disabled",
        "mailbox is frozen",
        "mailbox unavailable or access denied",
        "recipient rejected: temporarily inactive",
        "recipient suspend the service",
        "this account has been disabled or discontinued",
        "this account has been temporarily suspended",
        "this address no longer accepts mail",
        "this mailbox is disabled",
        "user or domain is disabled",
        "user suspended",
        "vdelivermail: account is locked email bounced",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/HasMoved.pm
const HAS_MOVED: Phrases = Phrases {
    any: &[" has been replaced by "],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/NoRelaying.pm, and Exchange's wording
const NO_RELAYING: Phrases = Phrases {
    any: &[
        "as a relay",
        "email address is not verified.",
        "insecure mail relay",
        "is not permitted to relay through this server without authentication",
        "mail server requires authentication when attempting to send to a non-local e-mail address",
        "no relaying",
        "not a gateway",
        "not allowed to relay through this machine",
        "not an open relay, so get lost",
        "not local host",
        "relay access denied",
        "relay denied",
        "relaying mail to ",
        "relay not permitted",
        "relaying denied",
        "specified domain is not allowed",
        "that domain isn't in my list of allowed rcpthost",
        "this system is not configured to relay mail",
        "unable to relay for",
        "we don't handle mail for",
        // Exchange's wording (lib/Sisimai/Rhost/Microsoft.pm: 5.7.1 "unable
        // to relay" is norelaying).
        "unable to relay",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/AuthFailure.pm
const AUTH_FAILURE: Phrases = Phrases {
    any: &[
        "//spf.pobox.com",
        "bad spf records for",
        "dmarc policy",
        "please inspect your spf settings",
        "sender policy framework (spf) fail",
        "sender policy framework violation",
        "spf (sender policy framework) domain authentication fail",
        "spf check: fail",
    ],
    aligned: &[
        &[" is not allowed to send mail.", "_401"],
        &["is not allowed to send from <", " per it's spf record"],
    ],
    not: &[],
};

/// lib/Sisimai/Reason/RequirePTR.pm
const REQUIRE_PTR: Phrases = Phrases {
    any: &[
        "access denied. ip name lookup failed",
        "all mail servers must have a ptr record with a valid reverse dns entry",
        "bad dns ptr resource record",
        "cannot find your hostname",
        "client host rejected: cannot find your hostname",
        "fix reverse dns for ",
        "ips with missing ptr records",
        "no ptr record found.",
        "please get a custom reverse dns name from your isp for your host",
        "ptr record setup",
        "reverse dns failed",
        "reverse dns required",
        "sender ip reverse lookup rejected",
        "the ip address sending this message does not have a ptr record setup",
        "the corresponding forward dns entry does not point to the sending ip",
        "this system will not accept messages from servers/devices with no reverse dns",
        "unresolvable relay host name",
        "we do not accept mail from hosts with dynamic ip or generic dns ptr-records",
    ],
    aligned: &[
        &["domain ", " mismatches client ip"],
        &["dns lookup failure: ", " try again later"],
        &["reverse dns lookup for host ", " failed permanently"],
        &[
            "server access ",
            " forbidden by invalid rdns record of your mail server",
        ],
        &["service permits ", " unverifyable sending ips"],
    ],
    not: &[],
};

/// lib/Sisimai/Reason/NotCompliantRFC.pm
const NOT_COMPLIANT_RFC: Phrases = Phrases {
    any: &[
        "this message is not rfc 5322 compliant",
        "https://support.google.com/mail/?p=rfcmessagenoncompliant",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/BadReputation.pm
const BAD_REPUTATION: Phrases = Phrases {
    any: &[
        "a poor email reputation score",
        "has been temporarily rate limited due to ip reputation",
        "ip/domain reputation problems",
        "likely suspicious due to the very low reputation",
        "none/bad reputation",
        "temporarily deferred due to unexpected volume or user complaints",
        "the sending mta's poor reputation",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/HostUnknown.pm
const HOST_UNKNOWN: Phrases = Phrases {
    any: &[
        "domain does not exist",
        "domain is not reachable",
        "domain must exist",
        "host or domain name not found",
        "host unknown",
        "host unreachable",
        "mail domain mentioned in email address is unknown",
        "name or service not known",
        "no such domain",
        "recipient address rejected: unknown domain name",
        "recipient domain must exist",
        "the account or domain may not exist",
        "unknown host",
        "unroutable address",
        "unrouteable address",
    ],
    aligned: &[&["553 ", " does not exist"]],
    not: &[],
};

/// lib/Sisimai/Reason/Speeding.pm
const SPEEDING: Phrases = Phrases {
    any: &[
        "mail sent from your ip address has been temporarily rate limited",
        "please try again slower",
        "receiving mail at a rate that prevents additional messages from being delivered",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/TooManyConn.pm
const TOO_MANY_CONN: Phrases = Phrases {
    any: &[
        "all available ips are at maximum connection limit",
        "connection rate limit exceeded",
        "exceeds per-domain connection limit for",
        "has exceeded the max emails per hour ",
        "throttling failure: daily message quota exceeded",
        "throttling failure: maximum sending rate exceeded",
        "too many connections",
        "too many concurrent smtp connections",
        "too many errors from your ip",
        "too many recipients",
        "too many smtp sessions for this host",
        "trop de connexions, ",
        "we have already made numerous attempts to deliver this message",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/VirusDetected.pm
const VIRUS_DETECTED: Phrases = Phrases {
    any: &[
        "it has a potentially executable attachment",
        "the message was rejected because it contains prohibited virus or spam content",
        "this form of attachment has been used by recent viruses or other malware",
        "virus detected",
        "virus phishing/malicious_url detected",
        "your message was infected with a virus",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/SystemError.pm
const SYSTEM_ERROR: Phrases = Phrases {
    any: &[
        "aliasing/forwarding loop broken",
        "can't create user output file",
        "could not load drd for domain",
        "internal error reading data",
        "internal server error: operation now in progress",
        "interrupted system call",
        "it encountered an error while being processed",
        "it would create a mail loop",
        "local configuration error",
        "local error in processing",
        "loop was found in the mail exchanger",
        "loops back to myself",
        "mail system configuration error",
        "queue file write error",
        "recipient deferred because there is no mdb",
        "remote server is misconfigured",
        "server configuration error",
        "service currently unavailable",
        "system config error",
        "temporary local problem",
        "timeout waiting for input",
        "transaction failed ",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/NetworkError.pm
const NETWORK_ERROR: Phrases = Phrases {
    any: &[
        "could not connect and send the mail to",
        "dns records for the destination computer could not be found",
        "hop count exceeded - possible mail loop",
        "host is unreachable",
        "host name lookup failure",
        "host not found, try again",
        "mail forwarding loop for ",
        "malformed name server reply",
        "malformed or unexpected name server reply",
        "maximum forwarding loop count exceeded",
        "message looping",
        "message probably in a routing loop",
        "no route to host",
        "too many hops",
        "unable to resolve route ",
        "unrouteable mail domain",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/ContentError.pm
const CONTENT_ERROR: Phrases = Phrases {
    any: &[
        "duplicate header",
        "header size exceeds maximum permitted",
        "improper use of 8-bit data in message header",
        "message header size, or recipient list, exceeds policy limit",
        "message mime complexity exceeds the policy maximum",
        "routing loop detected -- too many received: headers",
        "this message contain invalid mime headers",
        "this message contain improperly-formatted binary content",
        "this message contain text that uses unnecessary base64 encoding",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/SystemFull.pm
const SYSTEM_FULL: Phrases = Phrases {
    any: &[
        "mail system full",
        "requested mail action aborted: exceeded storage allocation",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/NotAccept.pm
const NOT_ACCEPT: Phrases = Phrases {
    any: &[
        "does not accept mail (nullmx)",
        "host/domain does not accept mail",
        "host does not accept mail",
        "mail receiving disabled",
        "name server: .: host not found",
        "no mx record found for domain=",
        "no route for current request",
        "smtp protocol returned a permanent error",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/Expired.pm
const EXPIRED: Phrases = Phrases {
    any: &[
        "connection timed out",
        "could not find a gateway for",
        "delivery attempts will continue to be",
        "delivery expired",
        "delivery time expired",
        "failed to deliver to domain ",
        "giving up on",
        "have been failing for a long time",
        "has been delayed",
        "it has not been collected after",
        "message expired after sitting in queue for",
        "message expired, cannot connect to remote server",
        "message expired, connection refulsed",
        "message timed out",
        "retry time not reached for any host after a long failure period",
        "server did not respond",
        "this message has been in the queue too long",
        "unable to deliver message after multiple retries",
        "was not reachable within the allowed queue period",
        "your message could not be delivered for more than",
    ],
    aligned: &[&["could not be delivered for", " days"]],
    not: &[],
};

/// lib/Sisimai/Reason/SecurityError.pm
const SECURITY_ERROR: Phrases = Phrases {
    any: &[
        "account not subscribed to ses",
        "authentication credentials invalid",
        "authentication failure",
        "authentication required",
        "authentication turned on in your email client",
        "executable files are not allowed in compressed files",
        "insecure mail relay",
        "recipient address rejected: access denied",
        "sorry, you don't authenticate or the domain isn't in my list of allowed rcpthosts",
        "starttls is required to send mail",
        "tls required but not supported",
        "unauthenticated senders not allowed",
        "verification failure",
        "you are not authorized to send mail, authentication is required",
    ],
    aligned: &[
        &["authentication failed; server ", " said: "],
        &["authentification invalide", "305"],
        &["authentification requise", "402"],
        &["domain ", " is a dead domain"],
        &[
            "user ",
            " is not authorized to perform ses:sendrawemail on resource",
        ],
    ],
    not: &[],
};

/// lib/Sisimai/Reason/MailerError.pm
const MAILER_ERROR: Phrases = Phrases {
    any: &[
        " || exit ",
        "procmail: ",
        "bin/procmail",
        "bin/maidrop",
        "command failed: ",
        "command died with status ",
        "command output:",
        "mailer error",
        "pipe to |/",
        "x-unix; ",
    ],
    aligned: &[],
    not: &[],
};

/// lib/Sisimai/Reason/Vacation.pm
const VACATION: Phrases = Phrases {
    any: &[
        "i am away on vacation",
        "i am away until",
        "i am out of the office",
        "i will be traveling for work on",
    ],
    aligned: &[],
    not: &[],
};

/// go-sisimai reason/why-failedstarttls.go
const FAILED_STARTTLS: Phrases = Phrases {
    any: &[
        "starttls is required to send mail",
        "tls required but not supported",
    ],
    aligned: &[],
    not: &[],
};

fn of(r: Reason) -> &'static Phrases {
    use Reason::*;
    match r {
        UserUnknown => &USER_UNKNOWN,
        Filtered => &FILTERED,
        Rejected => &REJECTED,
        Blocked => &BLOCKED,
        SpamDetected => &SPAM_DETECTED,
        PolicyViolation => &POLICY_VIOLATION,
        MailboxFull => &MAILBOX_FULL,
        MesgTooBig => &MESG_TOO_BIG,
        ExceedLimit => &EXCEED_LIMIT,
        Suspend => &SUSPEND,
        HasMoved => &HAS_MOVED,
        NoRelaying => &NO_RELAYING,
        AuthFailure => &AUTH_FAILURE,
        RequirePtr => &REQUIRE_PTR,
        NotCompliantRfc => &NOT_COMPLIANT_RFC,
        BadReputation => &BAD_REPUTATION,
        HostUnknown => &HOST_UNKNOWN,
        Speeding => &SPEEDING,
        TooManyConn => &TOO_MANY_CONN,
        VirusDetected => &VIRUS_DETECTED,
        SystemError => &SYSTEM_ERROR,
        NetworkError => &NETWORK_ERROR,
        ContentError => &CONTENT_ERROR,
        SystemFull => &SYSTEM_FULL,
        NotAccept => &NOT_ACCEPT,
        Expired => &EXPIRED,
        SecurityError => &SECURITY_ERROR,
        MailerError => &MAILER_ERROR,
        Vacation => &VACATION,
        FailedStarttls => &FAILED_STARTTLS,
        _ => &NONE,
    }
}

/// The parts found in `text` in this order (sisimai's `String->aligned`).
fn aligned(text: &str, parts: &[&str]) -> bool {
    let mut from = 0;
    for p in parts {
        match text.get(from..).and_then(|t| t.find(p)) {
            Some(i) => from += i + p.len(),
            None => return false,
        }
    }
    true
}

/// The text (lower-cased, white space folded) says this reason in one of
/// the phrases servers use for it.
pub fn says(r: Reason, text: &str) -> bool {
    let p = of(r);
    if text.is_empty() || p.not.iter().any(|n| text.contains(n)) {
        return false;
    }
    p.any.iter().any(|s| text.contains(s)) || p.aligned.iter().any(|a| aligned(text, a))
}

/// Mail servers' own words about a delivery they gave up (not a remote
/// server's reply), which name the reason whatever the code says:
/// qmail-remote and qmail-send (sisimai lib/Sisimai/Lhost/qmail.pm),
/// OpenSMTPD (lib/Sisimai/Lhost/OpenSMTPD.pm), Gmail (lib/Sisimai/Lhost/Gmail.pm),
/// Exim (lib/Sisimai/Lhost/Exim.pm).
const MTA_WORDS: &[(&str, Reason)] = &[
    (
        "sorry, i couldn't find a mail exchanger or ip address",
        Reason::NotAccept,
    ),
    ("sorry, i couldn't find any host ", Reason::HostUnknown),
    (
        "sorry, i wasn't able to establish an smtp connection",
        Reason::NetworkError,
    ),
    (
        "although i'm listed as a best-preference mx or a for that host",
        Reason::NetworkError,
    ),
    ("unable to contact ldap server", Reason::SystemError),
    ("temporary failure in ldap lookup", Reason::SystemError),
    (
        "timeout while performing search on ldap server",
        Reason::SystemError,
    ),
    ("automatic homedir creator crashed", Reason::SystemError),
    (
        "temporary error in automatic homedir creation",
        Reason::SystemError,
    ),
    ("mailaddress is administratively disabled", Reason::Suspend),
    ("mailaddress is administrativley disabled", Reason::Suspend),
    (
        "the message exeeded the maximum size the user accepts",
        Reason::ExceedLimit,
    ),
    ("destination seem to reject all mails", Reason::NotAccept),
    ("no mx found for domain", Reason::NotAccept),
    ("no mx found for destination", Reason::NotAccept),
    (
        "address family mismatch on destination mxs",
        Reason::NetworkError,
    ),
    ("all routes to destination blocked", Reason::NetworkError),
    ("network error on destination mxs", Reason::NetworkError),
    ("no valid route to remote mx", Reason::NetworkError),
    ("no valid route to destination", Reason::NetworkError),
    ("temporary failure in mx lookup", Reason::NetworkError),
    ("could not retrieve credentials", Reason::SecurityError),
    ("envelope expired", Reason::Expired),
    ("dns error: could not contact dns servers", Reason::Expired),
    (
        "the recipient server did not accept our requests to connect",
        Reason::Expired,
    ),
    ("dns error: domain name not found", Reason::HostUnknown),
    (
        "dns error: dns server returned answer with no data",
        Reason::HostUnknown,
    ),
    (
        "all host address lookups failed permanently",
        Reason::HostUnknown,
    ),
    (
        "all relevant mx records point to non-existent hosts",
        Reason::HostUnknown,
    ),
    (
        "an mx or srv record indicated no smtp service",
        Reason::NotAccept,
    ),
    (
        "no host found for existing smtp connection",
        Reason::NotAccept,
    ),
    ("angle-brackets nested too deep", Reason::SyntaxError),
    ("expected word or \"<\"", Reason::SyntaxError),
    (
        "domain missing in source-routed address",
        Reason::SyntaxError,
    ),
    ("malformed address:", Reason::SyntaxError),
    ("delivery to file forbidden", Reason::SystemError),
    ("delivery to pipe forbidden", Reason::SystemError),
    ("local delivery failed", Reason::SystemError),
    ("lmtp error after ", Reason::SystemError),
    ("too many \"received\" headers", Reason::ContentError),
];

/// The reason a mail server's own words about a delivery name.
pub fn mta_says(text: &str) -> Option<Reason> {
    MTA_WORDS
        .iter()
        .find(|(p, _)| text.contains(p))
        .map(|(_, r)| *r)
}

#[cfg(test)]
mod tests;
