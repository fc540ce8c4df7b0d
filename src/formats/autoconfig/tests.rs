//! The autoconfig reader on composed files.

use super::*;
use crate::source::SourceId;

fn doc(text: &str) -> Document {
    let f = SourceFile::from_bytes(SourceId(0), "config-v1.1.xml", text.as_bytes());
    read(&[&f])
}

const GOOD: &str = r#"<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="example.jp">
<domain>example.jp</domain>
<domain>example.co.jp</domain>
<displayName>Example</displayName>
<incomingServer type="imap">
  <hostname>imap.example.jp</hostname>
  <port>993</port>
  <socketType>SSL</socketType>
  <username>%EMAILADDRESS%</username>
  <authentication>password-cleartext</authentication>
</incomingServer>
<incomingServer type="pop3">
  <hostname>pop.%EMAILDOMAIN%</hostname>
  <port>995</port>
  <socketType>SSL</socketType>
  <username>%EMAILADRESS%</username>
  <authentication>password-cleartext</authentication>
  <password>hunter2</password>
</incomingServer>
<outgoingServer type="smtp">
  <hostname>smtp.example.jp</hostname>
  <port>70000</port>
  <socketType>STARTTLS</socketType>
  <username>%EMAILADDRESS%</username>
  <authentication>password-cleartext</authentication>
</outgoingServer>
<outgoingServer type="smtp">
  <hostname>smtp.example.jp</hostname>
  <port>587</port>
  <socketType>ssl</socketType>
  <socketType>STARTTLS</socketType>
  <username>%EMAILADDRESS%</username>
  <authentication>password-cleartext</authentication>
</outgoingServer>
  </emailProvider>
</clientConfig>"#;

#[test]
fn ports_are_read_as_parseint_reads_them() {
    assert_eq!(js_parse_int("993"), Some((993, true)));
    assert_eq!(js_parse_int(" 993abc"), Some((993, false)));
    assert_eq!(js_parse_int("0x3E1"), Some((993, true)));
    assert_eq!(js_parse_int("-5"), Some((-5, true)));
    assert_eq!(js_parse_int("abc"), None);
    assert_eq!(js_parse_int("99999999999999999999"), None);
}

#[test]
fn reads_offers_alternatives_and_facts() {
    let d = doc(GOOD);
    assert!(d.problems.is_empty(), "{:?}", d.problems);
    let a = &d.accounts[0];
    let t = a.template.as_ref().expect("template");
    assert_eq!(t.domains.len(), 2);
    let inc = a.incoming.as_ref().expect("incoming");
    assert_eq!(inc.protocol.value, Protocol::Imap);
    assert_eq!(inc.security.value, Security::Tls);
    assert_eq!(t.incoming_alternatives.len(), 1);
    assert!(t.incoming_alternatives[0].password_stored);
    // port 70000 drops the first SMTP offer; `ssl` is skipped for the next value.
    assert_eq!(a.outgoing.len(), 1);
    assert_eq!(a.outgoing[0].security.value, Security::StartTls);
    assert_eq!(t.bad_values.len(), 2);
    assert!(
        t.bad_values
            .iter()
            .any(|b| b.element == "socketType" && b.case_only)
    );
    let unknown: Vec<_> = t.placeholders.iter().filter(|p| !p.known).collect();
    assert_eq!(unknown.len(), 1);
    assert_eq!(&GOOD[unknown[0].name.span.range()], "%EMAILADRESS%");
    assert_eq!(t.embedded_passwords.len(), 1);
    assert!(!format!("{d:?}").contains("hunter2"));
}

#[test]
fn misplaced_documentation_in_document_order_with_its_parent() {
    let x = r#"<clientConfig version="1.1">
<documentation url="a"/>
<emailProvider id="e">
<domain>example.jp</domain>
<documentation url="fine"/>
<incomingServer type="imap"><documentation url="b"><documentation url="c"/></documentation></incomingServer>
<outgoingServer type="smtp"><documentation url="d"/></outgoingServer>
</emailProvider>
</clientConfig>"#;
    let d = doc(x);
    let t = d.accounts[0].template.as_ref().expect("template");
    let found: Vec<(&str, &str)> = t
        .misplaced
        .iter()
        .map(|m| (m.parent.as_str(), &x[m.span.range()]))
        .collect();
    assert_eq!(
        found,
        [
            ("clientConfig", r#"<documentation url="a"/>"#),
            (
                "incomingServer",
                r#"<documentation url="b"><documentation url="c"/></documentation>"#
            ),
            ("documentation", r#"<documentation url="c"/>"#),
            ("outgoingServer", r#"<documentation url="d"/>"#),
        ]
    );
}

/// `bare_name` of a placeholder as `each_placeholder` finds it (`%`, a
/// name of letters, digits, `_` and `-`, `%`) is `trim_matches('%')`.
#[test]
fn bare_name_is_trimmed_of_percent_signs() {
    for name in ["EMAILADDRESS", "a", "-", "_9", "x-y_Z0", "REALNAME"] {
        let p = format!("%{name}%");
        assert_eq!(bare_name(&p), p.trim_matches('%'), "{p:?}");
        assert_eq!(bare_name(&p), name);
    }
}

/// The table of a placeholder name's bytes is the test it replaced.
#[test]
fn placeholder_bytes_table() {
    for c in 0..=255u8 {
        assert_eq!(
            PLACEHOLDER_BYTE[usize::from(c)],
            c.is_ascii_alphanumeric() || c == b'_' || c == b'-',
            "{c}"
        );
    }
}

/// The word search for `%` is `memchr`: every length to 40, a `%` (or
/// bytes next to it, `$`, `&`, `\xA5`, `\xE5`) at every place, from every
/// offset.
#[test]
fn find_percent_is_memchr() {
    for len in 0..40 {
        for at in 0..=len {
            for c in [b'%', b'$', b'&', 0xA5, 0xE5, 0x25 ^ 0x80] {
                let mut v = vec![b'a'; len];
                if at < len {
                    v[at] = c;
                }
                if len > 3 {
                    v[len - 1] = b'%';
                }
                for from in 0..=len + 1 {
                    let expected = v
                        .get(from..)
                        .and_then(|rest| memchr::memchr(b'%', rest))
                        .map(|o| from + o);
                    assert_eq!(find_percent(&v, from), expected, "{v:?} {from}");
                }
            }
        }
    }
}

/// `server_key` is the element's name and its place counted from 1.
#[test]
fn server_key_is_name_and_number() {
    for name in ["incomingServer", "outgoingServer", "", "x", &"n".repeat(40)] {
        for i in (0..12).chain([99, 12345, usize::MAX - 1]) {
            assert_eq!(server_key(name, i), format!("{name}{}", i + 1));
        }
    }
}

/// The sniff with its searches made once is `str::contains`'s answer, on
/// every corpus and fixture file (whole and cut) and on edge texts.
#[test]
fn sniff_is_str_contains() {
    fn by_contains(text: &str) -> bool {
        let head = head(text);
        head.contains("<clientConfig")
            && (text.contains("<emailProvider") || head.contains("version=\"1.1\""))
    }
    let mut texts: Vec<String> = crate::test_files::corpus_and_fixtures()
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| crate::source::decode::decode_borrowed(&b).into_owned())
        .collect();
    assert!(texts.len() > 100);
    let pad = " ".repeat(4090);
    for a in ["", "<clientConfig", "<clientConfi", "version=\"1.1\"", &pad] {
        for b in [
            "",
            "<emailProvider",
            "version=\"1.1\"",
            "<clientConfig",
            "日本",
        ] {
            for c in ["", "<emailProvider", " version=\"1.1\"", "é"] {
                texts.push(format!("{a}{b}{c}"));
            }
        }
    }
    for text in &texts {
        for cut in [0, 13, 100, 4095, 4096, 4097, usize::MAX] {
            let t = &text[..crate::source::floor_char_boundary(text, cut.min(text.len()))];
            assert_eq!(
                looks_like_autoconfig(t),
                by_contains(t),
                "{:?}",
                t.get(..80)
            );
        }
    }
}
