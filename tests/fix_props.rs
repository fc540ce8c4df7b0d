//! Properties of --fix over generated valid files of each text format:
//! re-reading gives the same accounts except the fixed values, every byte
//! outside the edited ranges is unchanged, and a second --fix changes nothing.

use std::fs;
use std::path::Path;

use maillint::fix::apply::apply;
use maillint::fix::encode::encode;
use maillint::fix::plan;
use maillint::model::Document;
use maillint::pipeline::{CheckOptions, RunOutput, check_paths};
use maillint::source::{SourceFile, SourceId, Span};
use proptest::prelude::*;

/// A host, address user or user name as a user may type it: plain, with
/// full-width twins, or with blanks around it.
fn typed(base: &'static str) -> impl Strategy<Value = String> {
    (0..4usize).prop_map(move |k| match k {
        0 => base.to_string(),
        1 => base
            .chars()
            .map(|c| match c {
                'a'..='z' => char::from_u32(c as u32 - 'a' as u32 + 0xFF41).unwrap_or(c),
                '.' => '．',
                c => c,
            })
            .collect(),
        2 => format!(" {base}"),
        _ => format!("{base}  "),
    })
}

#[derive(Debug, Clone)]
struct Acct {
    user: String,
    host: String,
    smtp: String,
    spa: bool,
    port25: bool,
}

fn acct() -> impl Strategy<Value = Acct> {
    (
        typed("taro"),
        typed("pop.example.jp"),
        typed("smtp.example.jp"),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(user, host, smtp, spa, port25)| Acct {
            user,
            host,
            smtp,
            spa,
            port25,
        })
}

fn write_prefs_js(accts: &[Acct], crlf: bool) -> String {
    let mut s = String::from("// Mozilla User Preferences\n\n// a comment kept as it is\n");
    let keys: Vec<String> = (1..=accts.len()).map(|i| format!("account{i}")).collect();
    s.push_str(&format!(
        "user_pref(\"mail.accountmanager.accounts\", \"{}\");\n",
        keys.join(",")
    ));
    for (i, a) in accts.iter().enumerate() {
        let n = i + 1;
        s.push_str(&format!(
            "user_pref(\"mail.account.account{n}.identities\", \"id{n}\");\n\
             user_pref(\"mail.account.account{n}.server\", \"server{n}\");\n\
             user_pref(\"mail.identity.id{n}.smtpServer\", \"smtp{n}\");\n\
             user_pref(\"mail.identity.id{n}.useremail\", \"{}@example.jp\");\n\
             user_pref(\"mail.server.server{n}.hostname\", \"{}\");\n\
             user_pref(\"mail.server.server{n}.authMethod\", {});\n\
             user_pref(\"mail.server.server{n}.port\", 995);\n\
             user_pref(\"mail.server.server{n}.socketType\", 3);\n\
             user_pref(\"mail.server.server{n}.type\", \"pop3\");\n\
             user_pref(\"mail.server.server{n}.userName\", \"{}\");\n\
             user_pref(\"mail.smtpserver.smtp{n}.hostname\", \"{}\");\n\
             user_pref(\"mail.smtpserver.smtp{n}.port\", {});\n\
             user_pref(\"mail.smtpserver.smtp{n}.try_ssl\", 2);\n",
            a.user.trim(),
            a.host,
            if a.spa { 6 } else { 3 },
            a.user,
            a.smtp,
            if a.port25 { 25 } else { 587 },
        ));
    }
    let smtps: Vec<String> = (1..=accts.len()).map(|i| format!("smtp{i}")).collect();
    s.push_str(&format!(
        "user_pref(\"mail.smtpservers\", \"{}\");\n",
        smtps.join(",")
    ));
    if crlf { s.replace('\n', "\r\n") } else { s }
}

fn write_reg(accts: &[Acct], v5: bool) -> String {
    let mut s = String::from(if v5 {
        "Windows Registry Editor Version 5.00\r\n\r\n"
    } else {
        "REGEDIT4\r\n\r\n"
    });
    for (i, a) in accts.iter().enumerate() {
        s.push_str(&format!(
            "[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\{:08}]\r\n\
             \"Account Name\"=\"会社 {i}\"\r\n\
             \"POP3 Server\"=\"{}\"\r\n\
             \"POP3 User Name\"=\"{}\"\r\n\
             \"POP3 Use Sicily\"=dword:0000000{}\r\n\
             \"POP3 Port\"=dword:000003e3\r\n\
             \"POP3 Secure Connection\"=dword:00000001\r\n\
             \"SMTP Server\"=\"{}\"\r\n\
             \"SMTP Port\"=dword:{}\r\n\
             \"SMTP Secure Connection\"=dword:00000001\r\n\
             \"SMTP Use Sicily\"=dword:00000002\r\n\
             \"SMTP Email Address\"=\"{}@example.jp\"\r\n\r\n",
            i + 1,
            a.host,
            a.user,
            u8::from(a.spa),
            a.smtp,
            if a.port25 { "00000019" } else { "0000024b" },
            a.user.trim(),
        ));
    }
    s
}

fn write_accountrc(accts: &[Acct]) -> String {
    let mut s = String::new();
    for (i, a) in accts.iter().enumerate() {
        s.push_str(&format!(
            "[Account: {}]\naccount_name=Account {i}\nname=Taro\naddress={}@example.jp\n\
             protocol=0\nreceive_server={}\nsmtp_server={}\nuser_id={}\nconfig_version=3\n\
             ssl_pop=1\nssl_smtp=2\nset_smtpport=1\nsmtp_port={}\n\n",
            i + 1,
            a.user.trim(),
            a.host.trim(),
            a.smtp.trim(),
            a.user.trim(),
            if a.port25 { 25 } else { 587 },
        ));
    }
    s
}

fn write_oeaccount(a: &Acct) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<MessageAccount>\r\n\
         \t<Account_Name type=\"SZ\">Mail</Account_Name>\r\n\
         \t<POP3_Server type=\"SZ\">{}</POP3_Server>\r\n\
         \t<POP3_User_Name type=\"SZ\">{}</POP3_User_Name>\r\n\
         \t<POP3_Use_Sicily type=\"DWORD\">0000000{}</POP3_Use_Sicily>\r\n\
         \t<POP3_Port type=\"DWORD\">000003e3</POP3_Port>\r\n\
         \t<POP3_Secure_Connection type=\"DWORD\">00000001</POP3_Secure_Connection>\r\n\
         \t<SMTP_Server type=\"SZ\">{}</SMTP_Server>\r\n\
         \t<SMTP_Port type=\"DWORD\">0000024b</SMTP_Port>\r\n\
         \t<SMTP_Secure_Connection type=\"DWORD\">00000001</SMTP_Secure_Connection>\r\n\
         \t<SMTP_Email_Address type=\"SZ\">{}@example.jp</SMTP_Email_Address>\r\n\
         </MessageAccount>\r\n",
        a.host.trim(),
        a.user.trim(),
        u8::from(a.spa),
        a.smtp.trim(),
        a.user.trim(),
    )
}

/// Every value of every account, with the span it was read from.
fn values(doc: &Document) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for a in &doc.accounts {
        for id in &a.identities {
            if let Some(v) = &id.address {
                out.push((format!("address {}", v.value), v.span));
            }
        }
        for s in a.servers() {
            if let Some(h) = &s.host {
                out.push((format!("host {}", h.value), h.span));
            }
            if let Some(u) = &s.user_name {
                out.push((format!("user {}", u.value), u.span));
            }
            out.push((format!("port {}", s.port.value), s.port.span));
            out.push((format!("security {:?}", s.security.value), s.security.span));
            // "Same as incoming" (Outlook Express SMTP Use Sicily 2) is SPA
            // while the incoming server uses SPA: the setting is the same when
            // a fix turns SPA off there.
            let auth = if s.auth.basis == Some(maillint::source::Basis::SameAsIncoming) {
                maillint::model::AuthMethod::SameAsIncoming
            } else {
                s.auth.value
            };
            out.push((format!("auth {auth:?}"), s.auth.span));
        }
    }
    out
}

fn read(path: &Path) -> RunOutput {
    check_paths(&[path.to_path_buf()], &CheckOptions::default())
}

/// Fix `path` (safe fixes) as --fix does and check the three properties.
fn fix_and_check(path: &Path) -> Result<(), TestCaseError> {
    let before = read(path);
    let fixes = plan(&before.diagnostics, false);
    let original = fs::read(path).unwrap();
    let Some(&id) = fixes.sources().first() else {
        return Ok(());
    };
    let file = before.sources.get(id).unwrap();
    let edits = fixes.edits_for(id);
    let applied = apply(&original, path, &file.text, &edits)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    fs::write(path, &applied.bytes).unwrap();

    // Bytes outside the edited ranges are unchanged: the new file is the
    // original's gaps with the encoded replacements between them.
    let fresh = SourceFile::from_bytes(SourceId(0), path, &original);
    let mut expected = Vec::new();
    let mut at = 0;
    for e in &edits {
        let r = fresh.original_range(e.span);
        expected.extend_from_slice(&original[at..r.start]);
        expected.extend(encode(&e.text, fresh.encoding).unwrap());
        at = r.end;
    }
    expected.extend_from_slice(&original[at..]);
    prop_assert_eq!(&applied.bytes, &expected);

    // The same accounts, except the fixed values.
    let after = read(path);
    prop_assert!(
        after.diagnostics.iter().all(|d| d.code != "ML001"),
        "parse error after fix"
    );
    let (vb, va) = (values(&before.documents[0]), values(&after.documents[0]));
    prop_assert_eq!(vb.len(), va.len());
    for ((b, bspan), (a, _)) in vb.iter().zip(&va) {
        if b != a {
            let edited = edits
                .iter()
                .any(|e| e.span.start < bspan.end && bspan.start < e.span.end);
            prop_assert!(edited, "{} became {} without a fix there", b, a);
        }
    }
    // A second --fix changes nothing.
    let again = plan(&after.diagnostics, false);
    prop_assert!(
        again.applied.is_empty(),
        "second fix: {:?}",
        again.applied.iter().map(|d| d.code).collect::<Vec<_>>()
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn prefs_js(accts in prop::collection::vec(acct(), 1..4), crlf in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("prefs.js");
        fs::write(&p, write_prefs_js(&accts, crlf)).unwrap();
        fix_and_check(&p)?;
    }

    #[test]
    fn reg_utf16(accts in prop::collection::vec(acct(), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mail.reg");
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(write_reg(&accts, true).encode_utf16().flat_map(u16::to_le_bytes));
        fs::write(&p, bytes).unwrap();
        fix_and_check(&p)?;
    }

    #[test]
    fn reg_shift_jis(accts in prop::collection::vec(acct(), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mail.reg");
        let text = write_reg(&accts, false);
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        fs::write(&p, &bytes).unwrap();
        fix_and_check(&p)?;
    }

    #[test]
    fn accountrc_ini(accts in prop::collection::vec(acct(), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let rc = dir.path().join(".claws-mail");
        fs::create_dir(&rc).unwrap();
        let p = rc.join("accountrc");
        fs::write(&p, write_accountrc(&accts)).unwrap();
        fix_and_check(&p)?;
    }

    #[test]
    fn oeaccount_xml(a in acct()) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("account{00000000-0000-0000-0000-000000000001}.oeaccount");
        fs::write(&p, write_oeaccount(&a)).unwrap();
        fix_and_check(&p)?;
    }
}
