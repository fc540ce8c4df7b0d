use super::*;
use crate::support::diagnose::carrier::Carrier;
use crate::support::diagnose::reason::{Command, Evidence, classify, status_name, unwrap_reply};

fn reason(
    status: Option<&str>,
    reply: Option<&str>,
    text: &str,
    command: Option<Command>,
) -> Reason {
    classify(&Evidence {
        status,
        reply,
        text,
        command,
        ..Evidence::default()
    })
}

#[test]
fn phrases_and_aligned_parts() {
    assert!(says(Reason::MailboxFull, "552 5.2.2 mailbox full"));
    assert!(says(
        Reason::UserUnknown,
        "550 this user doesn't have a yahoo.com account"
    ));
    // The parts in order only.
    assert!(!says(
        Reason::UserUnknown,
        "account doesn't have a this user"
    ));
    // Rejected's exclusions: the recipient's address refused is not the sender's.
    assert!(!says(Reason::Rejected, "550 recipient address rejected: x"));
    assert!(says(
        Reason::Rejected,
        "553 5.1.8 domain of sender address a@b does not exist"
    ));
    assert!(!says(Reason::Blocked, ""));
    assert_eq!(
        mta_says("sorry, i couldn't find a mail exchanger or ip address. (#5.4.4)"),
        Some(Reason::NotAccept)
    );
    assert_eq!(mta_says("550 5.1.1 user unknown"), None);
}

#[test]
fn multi_line_replies_read_as_one_sentence() {
    assert_eq!(
        unwrap_reply("550-5.2.1 the user is receiving mail at a rate that 550-5.2.1 prevents more"),
        "550-5.2.1 the user is receiving mail at a rate that prevents more"
    );
    assert_eq!(
        unwrap_reply("550 5.7.1 messages with multiple 550 5.7.1 addresses"),
        "550 5.7.1 messages with multiple addresses"
    );
    // Multi-byte words are words, not codes (no panic on a char boundary).
    assert_eq!(
        unwrap_reply("рекомендуем вам ошибка"),
        "рекомендуем вам ошибка"
    );
    assert_eq!(unwrap_reply("配信 エラー 550"), "配信 エラー");
}

#[test]
fn order_of_checks() {
    // A 5.1.1 that says the mailbox is full is full (MailboxFull first).
    assert_eq!(
        reason(Some("5.1.1"), Some("550"), "550 5.1.1 mailbox full", None),
        Reason::MailboxFull
    );
    // "User unknown" at RCPT is unknown; after DATA it is a filter.
    assert_eq!(
        reason(
            Some("5.0.0"),
            Some("550"),
            "550 user unknown",
            Some(Command::RcptTo)
        ),
        Reason::UserUnknown
    );
    assert_eq!(
        reason(
            Some("5.0.0"),
            Some("550"),
            "550 user unknown",
            Some(Command::Data)
        ),
        Reason::Filtered
    );
    // A 5.7.1 naming no cause is a security refusal; one naming a
    // blocklist is blocked.
    assert_eq!(
        reason(Some("5.7.1"), Some("550"), "550 5.7.1 go elsewhere", None),
        Reason::SecurityError
    );
    assert_eq!(
        reason(
            Some("5.7.1"),
            Some("554"),
            "554 5.7.1 client host blocked using zen.spamhaus.org",
            None
        ),
        Reason::Blocked
    );
    // A delay with no words is expired.
    let delayed = classify(&Evidence {
        status: Some("4.0.0"),
        delayed: true,
        ..Evidence::default()
    });
    assert_eq!(delayed, Reason::Expired);
    // 501 with nothing else said: syntax.
    assert_eq!(
        reason(None, Some("501"), "501 nope", None),
        Reason::SyntaxError
    );
    assert_eq!(status_name("5.2.2"), Some(Reason::MailboxFull));
    assert_eq!(status_name("4.2.1"), Some(Reason::Suspend));
    assert_eq!(status_name("5.2.1"), Some(Reason::Filtered));
    assert_eq!(status_name("5.9.9"), None);
}

#[test]
fn carriers_own_replies() {
    let docomo = Carrier::answering("x@example.jp", Some("mfsmax.docomo.ne.jp"));
    assert_eq!(docomo, Some(Carrier::Docomo));
    let d = Carrier::Docomo;
    assert_eq!(
        d.reason(Some("5.2.0"), None, "550 Unknown user"),
        Some(Reason::Filtered)
    );
    assert_eq!(
        d.reason(Some("5.0.0"), Some(Command::Data), "550 Unknown user"),
        Some(Reason::Rejected)
    );
    assert_eq!(
        d.reason(Some("5.0.0"), Some(Command::RcptTo), "550 Unknown user"),
        Some(Reason::UserUnknown)
    );
    let au = Carrier::Au;
    assert_eq!(
        au.reason(None, None, "550 : User unknown"),
        Some(Reason::Filtered)
    );
    assert_eq!(
        au.reason(None, None, "550 <a@ezweb.ne.jp>: User unknown"),
        Some(Reason::UserUnknown)
    );
    assert_eq!(au.reason(None, None, "550 something else"), None);
}
