//! The Becky!, accountrc and Evolution readers on small inputs: what they
//! put in the model, with which spans, and that no input makes them panic.

use maillint::catalogue::ParseKind;
use std::path::Path;

use maillint::formats::{accountrc, becky, evolution, ini};
use maillint::i18n::Lang;
use maillint::model::{AuthMethod, Client, Document, Protocol, Security};
use maillint::source::{Origin, SourceFile, SourceId, Span};
use proptest::prelude::*;

fn file(id: u32, path: &str, bytes: &[u8]) -> SourceFile {
    SourceFile::from_bytes(SourceId(id), path, bytes)
}

fn text_at(f: &SourceFile, span: Span) -> &str {
    &f.text[span.range()]
}

/// Every span of the document lies inside its file, on char boundaries.
fn assert_spans_in_bounds(doc: &Document, files: &[&SourceFile]) {
    let check = |span: Span| {
        let f = files
            .iter()
            .find(|f| f.id == span.source)
            .expect("span of a file of the unit");
        assert!(
            span.start <= span.end && span.end as usize <= f.text.len(),
            "{span:?}"
        );
        assert!(
            f.text.is_char_boundary(span.start as usize)
                && f.text.is_char_boundary(span.end as usize)
        );
    };
    for p in &doc.problems {
        check(p.span);
    }
    for a in &doc.accounts {
        check(a.anchor);
        for s in a.servers() {
            check(s.anchor);
            check(s.port.span);
            check(s.auth.span);
            check(s.security.span);
            check(s.protocol.span);
            if let Some(h) = &s.host {
                check(h.span);
            }
            if let Some(u) = &s.user_name {
                check(u.span);
            }
        }
        for i in &a.identities {
            check(i.anchor);
            for v in [&i.address, &i.display_name, &i.reply_to]
                .into_iter()
                .flatten()
            {
                check(v.span);
            }
        }
        for k in &a.options.cleartext_passwords {
            check(k.span);
        }
    }
}

#[test]
fn becky_reads_shift_jis_with_spans_and_defaults() {
    let utf8 = "[Account]\r\nName=メイン\r\nYourName=山田 花子\r\nMailAddress=hanako@example.jp\r\n\
                MailServer=pop.example.jp\r\nUserID=hanako\r\nSSLPOP=1\r\nPOP3Auth=3\r\n\
                SMTPServer=smtp.example.jp\r\nSMTPAUTH=1\r\nSMTPAUTHMODE=1\r\nPassWd=xyz\r\nFoo=1\r\n";
    let (sjis, _, bad) = encoding_rs::SHIFT_JIS.encode(utf8);
    assert!(!bad);
    let f = file(0, "box.mb/Mailbox.ini", &sjis);
    let doc = becky::read(&[&f]);
    assert_eq!(doc.client, Client::Becky);
    let a = &doc.accounts[0];
    assert_eq!(a.name.as_ref().map(|n| n.value.as_str()), Some("メイン"));
    let id = &a.identities[0];
    let name = id.display_name.as_ref().expect("YourName");
    assert_eq!(text_at(&f, name.span), "山田 花子");
    let inc = a.incoming.as_ref().expect("incoming");
    assert_eq!(inc.protocol.value, Protocol::Pop3);
    assert_eq!(inc.auth.value, AuthMethod::Spa);
    assert_eq!(text_at(&f, inc.auth.span), "3");
    assert_eq!(inc.security.value, Security::Tls);
    // No POP3Port: 110 even with SSL (Thunderbird's importer), at the account.
    assert_eq!(inc.port.value, 110);
    assert_eq!(inc.port.origin, Origin::Default);
    assert!(inc.password_stored && !inc.password_clear_text);
    let out = &a.outgoing[0];
    assert_eq!(out.auth.value, AuthMethod::Encrypted);
    assert_eq!(out.port.value, 25);
    // Unknown keys are listed as not checked, the password key as redacted.
    assert!(
        doc.skipped
            .iter()
            .any(|s| s.what(Lang::En).ends_with("Foo"))
    );
    assert!(
        doc.skipped.iter().any(
            |s| s.what(Lang::En).ends_with("PassWd") && s.reason(Lang::En).contains("redacted")
        )
    );
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    assert_spans_in_bounds(&doc, &[&f]);
}

#[test]
fn becky_without_account_section_is_a_problem() {
    let f = file(0, "Mailbox.ini", b"[Window]\r\nWidth=3\r\n");
    let doc = becky::read(&[&f]);
    assert!(doc.accounts.is_empty());
    assert_eq!(doc.problems[0].kind, ParseKind::MissingSection);
}

const CLAWS_OLD: &str = "[Account: 1]\nprotocol=3\nreceive_server=imap.example.com\n\
                         pop_before_smtp_timeout=5\n";

#[test]
fn accountrc_numbering_follows_program_and_config_version() {
    // Old Claws (no config_version) and Sylpheed: 3 = IMAP.
    let f = file(0, "x/accountrc", CLAWS_OLD.as_bytes());
    let doc = accountrc::read(&[&f]);
    assert_eq!(doc.client, Client::ClawsMail);
    let inc = doc.accounts[0].incoming.as_ref().expect("incoming");
    assert_eq!(inc.protocol.value, Protocol::Imap);
    // Claws from config_version 1: 1 = IMAP, 3 = local (no server).
    let new = "[Account: 1]\nprotocol=3\nconfig_version=3\nsmtp_server=s.example.com\n";
    let f = file(0, "x/accountrc", new.as_bytes());
    let doc = accountrc::read(&[&f]);
    assert!(doc.accounts[0].incoming.is_none());
    // Sylpheed 1 = APOP: POP3 with an encrypted login.
    let syl = "[Account: 2]\nprotocol=1\nreceive_server=pop.example.jp\nget_all_mail=0\n";
    let f = file(0, "x/accountrc", syl.as_bytes());
    let doc = accountrc::read(&[&f]);
    assert_eq!(doc.client, Client::Sylpheed);
    let inc = doc.accounts[0].incoming.as_ref().expect("incoming");
    assert_eq!(inc.protocol.value, Protocol::Pop3);
    assert_eq!(inc.auth.value, AuthMethod::Encrypted);
}

#[test]
fn accountrc_program_is_decided_by_folder_then_keys() {
    let parsed = ini::parse(CLAWS_OLD, SourceId(0));
    let by_folder = accountrc::decide(Path::new("/home/u/.sylpheed-2.0/accountrc"), &parsed);
    assert_eq!(by_folder.client, Client::Sylpheed);
    assert_eq!(
        by_folder.reason,
        accountrc::Why::Folder(".sylpheed-2.0".into())
    );
    let by_folder = accountrc::decide(
        Path::new("C:/Users/u/AppData/Roaming/Claws-mail/accountrc"),
        &parsed,
    );
    assert_eq!(by_folder.client, Client::ClawsMail);
    let by_key = accountrc::decide(Path::new("/tmp/accountrc"), &parsed);
    assert_eq!(by_key.client, Client::ClawsMail);
    assert_eq!(
        by_key.reason,
        accountrc::Why::Key("pop_before_smtp_timeout".into())
    );
    let neither = ini::parse("[Account: 1]\nprotocol=0\n", SourceId(0));
    assert_eq!(
        accountrc::decide(Path::new("/tmp/accountrc"), &neither).client,
        Client::Sylpheed
    );
}

#[test]
fn accountrc_ports_count_only_when_set_and_ssl_picks_the_default() {
    let text = "[Account: 1]\nconfig_version=3\nprotocol=0\nreceive_server=pop.example.com\n\
                ssl_pop=1\nset_popport=0\npop_port=110\nssl_smtp=1\nset_smtpport=0\nsmtp_port=25\n\
                pop_before_smtp=1\npop_before_smtp_timeout=45\nremove_mail=1\nmessage_leave_time=0\n";
    let f = file(0, "/h/.claws-mail/accountrc", text.as_bytes());
    let doc = accountrc::read(&[&f]);
    let a = &doc.accounts[0];
    let inc = a.incoming.as_ref().expect("incoming");
    assert_eq!((inc.port.value, inc.port.origin), (995, Origin::Default));
    assert_eq!(a.outgoing[0].port.value, 465);
    let pbs = a.options.pop_before_smtp.as_ref().expect("pop_before_smtp");
    assert!(pbs.value);
    assert_eq!(text_at(&f, pbs.span), "1");
    let timeout = a
        .options
        .pop_before_smtp_timeout_minutes
        .as_ref()
        .expect("timeout");
    assert_eq!(timeout.value, 45);
    assert_eq!(text_at(&f, timeout.span), "45");
    // remove_mail=1 with 0 days: removed at once, nothing left on the server.
    assert_eq!(
        a.options.leave_on_server.as_ref().map(|l| l.value),
        Some(false)
    );
    // Claws' default: SMTP AUTH on, automatic, with the incoming login.
    assert_eq!(a.outgoing[0].auth.value, AuthMethod::SameAsIncoming);
}

#[test]
fn accountrc_defaults_follow_the_program_version() {
    // Current Claws Mail (config_version): SSL and SMTP AUTH on by default.
    let modern = "[Account: 1]\nconfig_version=3\nprotocol=0\nreceive_server=p.example.com\n";
    let f = file(0, "/h/.claws-mail/accountrc", modern.as_bytes());
    let a = &accountrc::read(&[&f]).accounts[0];
    let inc = a.incoming.as_ref().expect("incoming");
    assert_eq!((inc.security.value, inc.port.value), (Security::Tls, 995));
    assert_eq!(a.outgoing[0].auth.value, AuthMethod::SameAsIncoming);
    // Older Claws Mail (no config_version) and Sylpheed: off, plain ports.
    for path in ["/h/.claws-mail/accountrc", "/h/.sylpheed-2.0/accountrc"] {
        let old = "[Account: 1]\nprotocol=0\nreceive_server=p.example.com\n";
        let f = file(0, path, old.as_bytes());
        let a = &accountrc::read(&[&f]).accounts[0];
        let inc = a.incoming.as_ref().expect("incoming");
        assert_eq!(
            (inc.security.value, inc.port.value),
            (Security::None, 110),
            "{path}"
        );
        assert_eq!(a.outgoing[0].auth.value, AuthMethod::None, "{path}");
        assert_eq!(
            (a.outgoing[0].port.value, a.outgoing[0].port.origin),
            (25, Origin::Default)
        );
    }
}

#[test]
fn sylpheed_clear_text_password_is_flagged_never_copied() {
    let text = "[Account: 1]\nprotocol=0\nuser_id=taro\npassword=TopSecret9\nsmtp_password=\n";
    let f = file(0, "/h/.sylpheed-2.0/accountrc", text.as_bytes());
    let doc = accountrc::read(&[&f]);
    let a = &doc.accounts[0];
    let inc = a.incoming.as_ref().expect("incoming");
    assert!(inc.password_stored && inc.password_clear_text);
    assert!(!a.outgoing[0].password_stored);
    assert_eq!(a.options.cleartext_passwords.len(), 1);
    assert_eq!(
        text_at(&f, a.options.cleartext_passwords[0].span),
        "password"
    );
    assert!(!format!("{doc:?}").contains("TopSecret9"));
}

#[test]
fn evolution_links_account_identity_and_transport_by_uid() {
    let acc = file(
        0,
        "s/aaa.source",
        b"[Data Source]\nDisplayName=Work\\smail\n\n[Mail Account]\nBackendName=pop\nIdentityUid=bbb\n\n\
          [Authentication]\nHost=pop.example.org\nPort=0\nMethod=+APOP\n\n[Security]\nMethod=ssl-on-alternate-port\n",
    );
    let id = file(
        1,
        "s/bbb.source",
        b"[Data Source]\nDisplayName=x\n\n[Mail Identity]\nAddress=a@example.org\n\n[Mail Submission]\nTransportUid=ccc\n",
    );
    let tr = file(
        2,
        "s/ccc.source",
        b"[Data Source]\nDisplayName=x\n\n[Mail Transport]\nBackendName=smtp\n\n[Authentication]\nHost=smtp.example.org\nMethod=POPB4SMTP\n",
    );
    let doc = evolution::read(&[&acc, &id, &tr]);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    let a = &doc.accounts[0];
    assert_eq!(a.name.as_ref().map(|n| n.value.as_str()), Some("Work mail"));
    let inc = a.incoming.as_ref().expect("incoming");
    assert_eq!(inc.port.value, 995);
    assert_eq!(inc.auth.value, AuthMethod::Encrypted);
    let address = a.identities[0].address.as_ref().expect("address");
    assert_eq!(address.span.source, SourceId(1));
    assert_eq!(text_at(&id, address.span), "a@example.org");
    let out = &a.outgoing[0];
    assert_eq!(out.host.as_ref().map(|h| h.span.source), Some(SourceId(2)));
    assert_eq!(out.auth.value, AuthMethod::PopBeforeSmtp);
    assert_eq!(
        a.options.pop_before_smtp.as_ref().map(|p| p.value),
        Some(true)
    );
    assert_eq!(
        a.options.leave_on_server.as_ref().map(|p| p.value),
        Some(false)
    );
    assert_spans_in_bounds(&doc, &[&acc, &id, &tr]);
}

#[test]
fn evolution_disabled_and_news_accounts_are_noted_not_checked() {
    let off = file(
        0,
        "s/a.source",
        b"[Data Source]\nEnabled=false\n\n[Mail Account]\nBackendName=pop\n",
    );
    let news = file(
        1,
        "s/b.source",
        b"[Data Source]\nEnabled=true\n\n[Mail Account]\nBackendName=nntp\n",
    );
    let doc = evolution::read(&[&off, &news]);
    assert!(doc.accounts.is_empty());
    assert_eq!(doc.skipped.len(), 2, "{:?}", doc.skipped);
    assert!(doc.problems.is_empty());
}

#[test]
fn evolution_prefers_the_plain_key_over_translations() {
    let f = file(
        0,
        "s/a.source",
        "[Data Source]\nDisplayName[ja]=仕事\nDisplayName=Work\n\n[Mail Account]\nBackendName=pop\n\n\
         [Authentication]\nHost=pop.example.org\n"
            .as_bytes(),
    );
    let doc = evolution::read(&[&f]);
    assert_eq!(
        doc.accounts[0].name.as_ref().map(|n| n.value.as_str()),
        Some("Work")
    );
    let only_ja = file(
        0,
        "s/a.source",
        "[Data Source]\nDisplayName[ja]=仕事\n\n[Mail Account]\nBackendName=pop\n".as_bytes(),
    );
    let doc = evolution::read(&[&only_ja]);
    assert_eq!(
        doc.accounts[0].name.as_ref().map(|n| n.value.as_str()),
        Some("仕事")
    );
}

#[test]
fn evolution_bad_escape_is_reported_at_the_escape() {
    let f = file(
        0,
        "s/a.source",
        b"[Data Source]\nDisplayName=a\\qb\n\n[Mail Account]\nBackendName=pop\n",
    );
    let doc = evolution::read(&[&f]);
    let p = doc
        .problems
        .iter()
        .find(|p| p.kind == ParseKind::BadEscape)
        .expect("bad-escape");
    assert_eq!(text_at(&f, p.span), "\\q");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn becky_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut input = b"[Account]\r\n".to_vec();
        input.extend(bytes);
        let f = file(0, "m/Mailbox.ini", &input);
        let doc = becky::read(&[&f]);
        assert_spans_in_bounds(&doc, &[&f]);
    }

    #[test]
    fn accountrc_never_panics(lines in proptest::collection::vec("[a-z_]{0,12}=?[ -~ぁ-ん]{0,10}", 0..30), raw in proptest::collection::vec(any::<u8>(), 0..100)) {
        let mut text = String::from("[Account: 1]\n");
        for l in lines { text.push_str(&l); text.push('\n'); }
        let mut bytes = text.into_bytes();
        bytes.extend(raw);
        for path in ["/h/.claws-mail/accountrc", "/h/.sylpheed-2.0/accountrc"] {
            let f = file(0, path, &bytes);
            let doc = accountrc::read(&[&f]);
            assert_spans_in_bounds(&doc, &[&f]);
        }
    }

    #[test]
    fn evolution_never_panics(a in proptest::collection::vec(any::<u8>(), 0..300), b in "[A-Za-z \\[\\]=\\\\\n]{0,200}") {
        let mut first = b"[Data Source]\n[Mail Account]\nBackendName=pop\nIdentityUid=y\n".to_vec();
        first.extend(a);
        let f0 = file(0, "s/x.source", &first);
        let f1 = file(1, "s/y.source", format!("[Mail Identity]\n{b}\n[Mail Submission]\nTransportUid=x\n").as_bytes());
        let doc = evolution::read(&[&f0, &f1]);
        assert_spans_in_bounds(&doc, &[&f0, &f1]);
    }
}
