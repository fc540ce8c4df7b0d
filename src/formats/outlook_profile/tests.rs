use super::*;
use crate::catalogue::ParseKind;
use crate::formats::outlook_express::reg;
use crate::model::Document;
use crate::source::SourceId;

/// UTF-16LE with its NUL, as `hex:` bytes (what Outlook writes).
fn utf16_hex(s: &str) -> String {
    let mut bytes: Vec<String> = s
        .encode_utf16()
        .chain([0])
        .flat_map(|u| u.to_le_bytes())
        .map(|b| format!("{b:02x}"))
        .collect();
    // Long values go over continuation lines, as regedit writes them.
    if bytes.len() > 20 {
        bytes[19].push_str("\\\r\n ");
    }
    bytes.join(",")
}

const KEY: &str = "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676";

fn export(values: &str) -> String {
    format!(
        "Windows Registry Editor Version 5.00\r\n\r\n[{KEY}]\r\n\"NextAccountID\"=dword:00000003\r\n\r\n[{KEY}\\00000002]\r\n{values}"
    )
}

fn read(text: &str) -> Document {
    let f = crate::source::SourceFile::from_bytes(SourceId(0), "o.reg", text.as_bytes());
    crate::formats::outlook_express::read_reg(&[&f])
}

#[test]
fn account_keys_of_both_profile_locations() {
    let a = account_key(&format!("{KEY}\\00000002")).expect("2016");
    assert_eq!(a.id, "Outlook\\00000002");
    let old = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles\\Main\\9375cff0413111d3b88a00104b2a6676\\0000000a";
    assert_eq!(account_key(old).map(|a| a.profile), Some("Main".into()));
    assert!(account_key(KEY).is_none(), "the accounts key itself");
    assert!(account_key(&format!("{KEY}\\00000002\\x")).is_none());
    assert!(account_key(&format!("{KEY}\\Default")).is_none());
    assert!(reg::account_key(&format!("{KEY}\\00000002")).is_none());
}

#[test]
fn binary_utf16_strings_and_outlook_names() {
    let values = format!(
        "\"Account Name\"=hex:{}\r\n\"Email\"=hex:{}\r\n\"Display Name\"=hex:{}\r\n\
         \"POP3 Server\"=hex:{}\r\n\"POP3 User\"=hex:{}\r\n\"POP3 Port\"=dword:00000019\r\n\
         \"POP3 Use SPA\"=dword:00000001\r\n\"POP3 Password\"=hex:02,01,00,00,00,d0,8c\r\n\
         \"SMTP Server\"=hex:{}\r\n\"SMTP Port\"=dword:0000024b\r\n\"SMTP Use SSL\"=dword:00000002\r\n\
         \"SMTP Use Auth\"=dword:00000001\r\n\"Leave on Server\"=dword:00000001\r\n",
        utf16_hex("会社"),
        utf16_hex("taro＠example.jp"),
        utf16_hex("山田 太郎"),
        utf16_hex("pop.example.jp"),
        utf16_hex("taro"),
        utf16_hex("smtp.example.jp"),
    );
    let doc = read(&export(&values));
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    assert_eq!(doc.client, Client::Outlook);
    assert_eq!(doc.accounts.len(), 1);
    let a = &doc.accounts[0];
    assert_eq!(a.client, Client::Outlook);
    assert_eq!(a.name.as_ref().map(|n| n.value.as_str()), Some("会社"));
    let id = &a.identities[0];
    assert_eq!(
        id.address.as_ref().map(|v| v.value.as_str()),
        Some("taro＠example.jp")
    );
    assert_eq!(
        id.display_name.as_ref().map(|v| v.value.as_str()),
        Some("山田 太郎")
    );
    let inc = a.incoming.as_ref().expect("incoming");
    assert_eq!(
        inc.host.as_ref().map(|h| h.value.as_str()),
        Some("pop.example.jp")
    );
    assert_eq!(
        inc.user_name.as_ref().map(|h| h.value.as_str()),
        Some("taro")
    );
    assert_eq!(inc.port.value, 25);
    assert_eq!(inc.auth.value, AuthMethod::Spa);
    assert!(inc.password_stored);
    let out = &a.outgoing[0];
    assert_eq!(out.port.value, 587);
    assert_eq!(out.security.value, Security::StartTls);
    assert_eq!(out.auth.value, AuthMethod::SameAsIncoming);
    assert!(!out.password_stored);
    assert_eq!(
        a.options.leave_on_server.as_ref().map(|v| v.value),
        Some(true)
    );
    assert_eq!(
        a.options.delete_by_age.as_ref().map(|v| v.value),
        Some(false)
    );
    // The password's bytes are listed as a secret (masked before output).
    assert_eq!(doc.secrets.len(), 1);
}

#[test]
fn reg_sz_spellings_and_imap() {
    let values = "\"IMAP Server\"=\"imap.example.jp\"\r\n\"IMAP User Name\"=\"u\"\r\n\
                  \"IMAP Port\"=dword:0000008f\r\n\"IMAP Use SSL\"=dword:00000001\r\n\
                  \"SMTP Server\"=\"smtp.example.jp\"\r\n\"SMTP Secure Connection\"=dword:00000003\r\n\
                  \"SMTP Use Auth\"=dword:00000001\r\n\"SMTP Auth Method\"=dword:00000001\r\n\
                  \"SMTP Use SPA\"=dword:00000001\r\n\"SMTP User\"=\"s\"\r\n\
                  \"Leave on Server\"=dword:00000001\r\n";
    let doc = read(&export(values));
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    let a = &doc.accounts[0];
    let inc = a.incoming.as_ref().expect("incoming");
    assert_eq!(inc.protocol.value, Protocol::Imap);
    assert!(inc.host.as_ref().is_some_and(|h| h.verbatim));
    assert_eq!((inc.port.value, inc.security.value), (143, Security::Tls));
    assert_eq!(inc.auth.value, AuthMethod::Cleartext);
    let out = &a.outgoing[0];
    assert_eq!(out.security.value, Security::TryStartTls);
    assert_eq!(out.auth.value, AuthMethod::Spa);
    assert_eq!(out.port.value, 25);
    assert!(out.port.origin == crate::source::Origin::Default);
    assert!(
        a.options.leave_on_server.is_none(),
        "IMAP has no such option"
    );
}

#[test]
fn smtp_logon_choices_and_leave_on_server_bits() {
    for (method, auth) in [
        ("", AuthMethod::SameAsIncoming),
        (
            "\"SMTP Auth Method\"=dword:00000000\r\n",
            AuthMethod::SameAsIncoming,
        ),
        (
            "\"SMTP Auth Method\"=dword:00000001\r\n",
            AuthMethod::Cleartext,
        ),
        (
            "\"SMTP Auth Method\"=dword:00000002\r\n",
            AuthMethod::PopBeforeSmtp,
        ),
    ] {
        let values = format!(
            "\"POP3 Server\"=\"p\"\r\n\"SMTP Server\"=\"s\"\r\n\"SMTP Use Auth\"=dword:00000001\r\n{method}\
             \"Leave on Server\"=dword:000e0003\r\n"
        );
        let doc = read(&export(&values));
        let a = &doc.accounts[0];
        assert_eq!(a.outgoing[0].auth.value, auth, "{method}");
        assert_eq!(
            a.options.delete_by_age.as_ref().map(|v| v.value),
            Some(true)
        );
        assert_eq!(
            a.options.delete_after_days.as_ref().map(|v| v.value),
            Some(14)
        );
    }
    let doc = read(&export(
        "\"POP3 Server\"=\"p\"\r\n\"SMTP Server\"=\"s\"\r\n",
    ));
    let a = &doc.accounts[0];
    assert_eq!(a.outgoing[0].auth.value, AuthMethod::None);
    assert_eq!(
        a.options.leave_on_server.as_ref().map(|v| v.value),
        Some(false)
    );
}

#[test]
fn bad_types_are_problems_and_other_services_are_notes() {
    let doc = read(&export(
        "\"POP3 Server\"=hex:41\r\n\"SMTP Server\"=\"s\"\r\n\"SMTP Use SSL\"=dword:00000009\r\n",
    ));
    let kinds: Vec<ParseKind> = doc.problems.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [ParseKind::WrongType, ParseKind::UnknownValue]);
    let doc = read(&export(&format!(
        "\"Account Name\"=hex:{}\r\n\"Service UID\"=hex:01,02\r\n",
        utf16_hex("Exchange")
    )));
    assert!(doc.accounts.is_empty());
    assert_eq!(doc.skipped.len(), 1);
    assert_eq!(
        doc.skipped[0].kind,
        crate::model::SkipKind::OutlookNotPopImap
    );
    // A service without a name (a data file's key) is no note at all.
    let doc = read(&export("\"Service UID\"=hex:01,02\r\n"));
    assert!(doc.skipped.is_empty() && doc.accounts.is_empty());
}

/// [`account_key`] as it was read before: the path's parts collected into a
/// list (the oracle of the one walk).
fn account_key_by_parts(path: &str) -> Option<ProfileAccount> {
    let parts: Vec<&str> = path.split('\\').collect();
    let at = parts
        .iter()
        .position(|p| p.eq_ignore_ascii_case(ACCOUNTS_KEY))?;
    let [.., profiles, profile] = parts.get(..at)? else {
        return None;
    };
    if !profiles.eq_ignore_ascii_case("Profiles") {
        return None;
    }
    let [sub] = parts.get(at + 1..)? else {
        return None;
    };
    if sub.len() != 8 || !sub.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    Some(ProfileAccount {
        profile: profile.to_string(),
        id: format!("{profile}\\{sub}"),
    })
}

#[test]
fn account_keys_as_the_list_of_parts_reads_them() {
    let old = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles\\Main\\9375cff0413111d3b88a00104b2a6676\\0000000a";
    for path in [
        "",
        KEY,
        old,
        &format!("{KEY}\\00000002"),
        &format!("{KEY}\\00000002\\x"),
        &format!("{KEY}\\{ACCOUNTS_KEY}\\00000002"),
        &format!("Profiles\\{ACCOUNTS_KEY}\\00000002"),
        &format!("{ACCOUNTS_KEY}\\00000002"),
        &format!("Profiles\\\\{ACCOUNTS_KEY}\\0000000A"),
        &format!("Profiles\\日本\\{ACCOUNTS_KEY}\\日本日本"),
    ] {
        assert_eq!(account_key(path), account_key_by_parts(path), "{path:?}");
    }
    for path in reg::tests::corpus_key_paths() {
        assert_eq!(account_key(&path), account_key_by_parts(&path), "{path:?}");
    }
}

proptest::proptest! {
    #[test]
    fn account_keys_agree_on_generated_paths(
        parts in proptest::collection::vec(
            proptest::sample::select(reg::tests::PATH_PARTS),
            0..9,
        )
    ) {
        let path = parts.join("\\");
        proptest::prop_assert_eq!(account_key(&path), account_key_by_parts(&path));
    }
}
