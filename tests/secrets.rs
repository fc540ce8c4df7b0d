//! No output may contain a stored password or token, whatever the input.

mod common;

use common::{SECRETS, maillint, other_clients};

const SECRET: &str = "S3cret-Pw!42";
const TOKEN: &str = "ya29.a0AfH6SMBtokenvalue";

fn profile_with_secrets() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    // Passwords next to lines with findings, so that source snippets would
    // show them if they were not masked.
    std::fs::write(
        dir.path().join("prefs.js"),
        format!(
            "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n\
             user_pref(\"mail.account.account1.server\", \"server1\");\n\
             user_pref(\"mail.account.account1.identities\", \"id1\");\n\
             user_pref(\"mail.identity.id1.useremail\", \"ＴＡＲＯ@example.jp\");\n\
             user_pref(\"mail.server.server1.password\", \"{SECRET}\");\n\
             user_pref(\"mail.server.server1.authMethod\", 6);\n\
             user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n\
             user_pref(\"mail.server.server1.type\", \"pop3\");\n\
             user_pref(\"mail.server.server1.hostname\", \"pop.example.jp\");\n\
             user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.jp\");\n\
             user_pref(\"mail.smtpserver.smtp1.oauth2.refresh_token\", \"{TOKEN}\");\n\
             user_pref(\"mail.smtpserver.smtp1.port\", 25);\n\
             user_pref(\"mail.smtpserver.smtp1.authMethod\", 6);\n"
        ),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("user.js"),
        format!("user_pref(\"mail.smtpserver.smtp1.password\", \"{SECRET}\");\nuser_pref(\"mail.smtpserver.smtp1.port\", 465);\n"),
    )
    .expect("write");
    dir
}

#[test]
fn stored_passwords_and_tokens_appear_in_no_output() {
    let dir = profile_with_secrets();
    for format in ["human", "json", "sarif", "github", "junit", "concise"] {
        for lang in ["en", "ja"] {
            let out = maillint()
                .arg(dir.path())
                .args(["--format", format, "--lang", lang])
                .assert()
                .code(1)
                .get_output()
                .clone();
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                !all.contains(SECRET),
                "{format}/{lang} leaks the password:\n{all}"
            );
            assert!(
                !all.contains(TOKEN),
                "{format}/{lang} leaks the token:\n{all}"
            );
            assert!(
                !all.contains("S3cret"),
                "{format}/{lang} leaks part of the password"
            );
        }
    }
}

#[test]
fn the_model_records_that_a_password_is_stored() {
    let dir = profile_with_secrets();
    let out = maillint()
        .arg(dir.path())
        .args(["--format", "json"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["accounts"][0]["incoming"]["password_stored"], true);
    assert_eq!(v["accounts"][0]["outgoing"][0]["password_stored"], true);
}

/// Every reader's way of storing a password, through every `check` format.
#[test]
fn no_reader_lets_a_password_reach_any_check_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    other_clients(dir.path());
    for format in ["human", "json", "sarif", "github", "junit", "concise"] {
        for lang in ["en", "ja"] {
            let out = maillint()
                .arg("check")
                .arg(dir.path())
                .args(["--format", format, "--lang", lang])
                .assert()
                .get_output()
                .clone();
            assert_ne!(
                out.status.code(),
                Some(2),
                "{format}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            if format == "json" {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
                let read = v["files"].as_array().map(Vec::len).unwrap_or_default();
                assert_eq!(read, 5, "every input is read: {}", v["files"]);
            }
            for secret in SECRETS {
                assert!(
                    !all.contains(secret),
                    "{format}/{lang} leaks {secret}:\n{all}"
                );
            }
        }
    }
}

/// The secret planted in every hostile input below.
const PLANTED: &str = "Zq7Kx9Wm2Vt4";

/// Every form in which `secret` could leak: as is, its hex (as a `.reg`
/// writes it, and plain), its UTF-16LE hex, its base64, and every
/// 6-character piece of it.
fn leak_forms(secret: &str) -> Vec<String> {
    let bytes = secret.as_bytes();
    let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let utf16: Vec<String> = bytes.iter().map(|b| format!("{b:02x},00")).collect();
    let mut out = vec![
        secret.to_string(),
        hex.join(","),
        hex.join(",").to_uppercase(),
        hex.concat(),
        hex.concat().to_uppercase(),
        utf16.join(","),
        utf16.join(",").to_uppercase(),
        utf16.concat().replace(',', ""),
        utf16.concat().replace(',', "").to_uppercase(),
        base64(bytes),
    ];
    let chars: Vec<char> = secret.chars().collect();
    out.extend(chars.windows(6).map(|w| w.iter().collect::<String>()));
    out
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One input per way a secret used to leak (issue 13, items 9 to 14), each
/// next to a finding so that a snippet would show it. Returns the paths to
/// name on the command line.
fn hostile_inputs(dir: &std::path::Path) -> Vec<(u8, std::path::PathBuf)> {
    let s = PLANTED;
    let hex: Vec<String> = s.bytes().map(|b| format!("{b:02x}")).collect();
    let utf16: Vec<String> = s.bytes().map(|b| format!("{b:02x},00")).collect();
    let b64 = base64(s.as_bytes());
    let prefs_head = "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n\
         user_pref(\"mail.account.account1.server\", \"server1\");\n\
         user_pref(\"mail.server.server1.type\", \"pop3\");\n";
    let mut files: Vec<(u8, String, Vec<u8>)> = vec![
        // Item 9: prefs.js lines that do not parse.
        (9, "prefs-comma/prefs.js".into(), format!("{prefs_head}user_pref(\"mail.server.server1.password\" \"{s}\");\n").into()),
        (9, "prefs-unquoted/prefs.js".into(), format!("{prefs_head}user_pref(\"mail.server.server1.password\", {s});\n").into()),
        (9, "prefs-unterminated/prefs.js".into(), format!("{prefs_head}user_pref(\"mail.server.server1.password\", \"{s}").into()),
        (9, "prefs-escape/prefs.js".into(), format!("{prefs_head}user_pref(\"mail.server.server1.password\", \"\\q{s}\");\n").into()),
        (9, "prefs-eof/prefs.js".into(), format!("{prefs_head}user_pref(\"mail.server.server1.password\",\n\"{s}\"").into()),
        // Item 10: secrets under other names, next to a parse error.
        (10, "prefs-names/prefs.js".into(), format!(
            "{prefs_head}user_pref(\"extensions.x.apikey\", \"{s}\");\n\
             user_pref(\"mail.server.server1.pw\", \"{s}\");\n\
             user_pref(\"extensions.y.passphrase\", \"{s}\");\n\
             user_pref(\"services.sync_credentials\", \"{s}\");\n\
             user_pref(\"extensions.z.login_hash\", \"{s}\");\n\
             user_pref(\"broken\", );\n").into()),
        // Items 11 and 14: URLs and comments.
        (11, "prefs-urls/prefs.js".into(), format!(
            "{prefs_head}// the password is {s}\n\
             user_pref(\"mail.server.server1.password\", \"{s}\"); /* was {s} */\n\
             user_pref(\"mail.server.server1.hostname\", \"pop://taro:{s}@ｐｏｐ.example.jp\");\n\
             user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.jp?access_token={s}\");\n\
             user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n\
             user_pref(\"mail.account.account1.identities\", \"id1\");\n\
             user_pref(\"mail.identity.id1.useremail\", \"ＴＡＲＯ@example.jp\");\n\
             user_pref(\"mail.smtpserver.smtp1.port\", 25);\n\
             user_pref(\"x.url\", \"https://example.jp/cb?x=1&token={s}\");\n\
             user_pref(\"broken\", );\n").into()),
        // Items 9 and 13: `.reg` without `=`, hex across blank and comment lines.
        (13, "reg/mail.reg".into(), format!(
            "REGEDIT4\r\n\r\n\
             [HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\
             \"Account Name\"=\"Office\"\r\n\
             \"IMAP Password2\"{s}\r\n\
             \"POP3 Password2\"=hex:{},\\\r\n\r\n; comment\r\n  {}\r\n\
             \"SMTP Password2\"=hex(1):{}\r\n\
             \"POP3 Server\"=\"pop://taro:{s}@pop.example.jp\"\r\n\
             \"SMTP Port\"=dword:00000019\r\n\
             broken line\r\n",
            hex[..4].join(","), hex[4..].join(","), utf16.join(",")).into()),
        // `key value` without `=` in INI formats.
        (9, "outlook.prf".into(), format!(
            "[General]\r\nCustom=1\r\nProfileName=P\r\n[Internet Account List]\r\nAccount1=I_Mail\r\n\
             [Account1]\r\nAccountName=A\r\nPOP3Server=pop.example.jp\r\nPOP3Password {s}\r\nPOP3Port=99999\r\n").into()),
        (11, ".claws-mail/accountrc".into(), format!(
            "[Account: 1]\naccount_name=Work\naddress=ichiro@example.com\nprotocol=0\n\
             receive_server=pop.example.com\nsmtp_server=smtp.example.com\nuser_id=ichiro\n\
             # the old one was {s}\npassword={s}\nsmtp_password {s}\nsmtp_port=99999\n").into()),
        (10, "Mailbox.ini".into(), format!(
            "[Account]\r\nName=Main\r\nMailAddress=hanako@example.jp\r\nMailServer=pop.example.jp\r\n\
             UserID=hanako\r\nPassPhrase={s}\r\nPassWd {s}\r\nSMTPServer=smtp.example.jp\r\nSMTPPort=99999\r\n").into()),
        (9, "evolution/sources/abc.source".into(), format!(
            "[Data Source]\nDisplayName=Work\nEnabled=true\nParent=\n\n[Mail Account]\nBackendName=pop\n\
             IdentityUid=abc\n\n[Authentication]\nHost=pop://taro:{s}@pop.example.jp\nPort=99999\n\
             User=taro\nPassword {s}\nMethod=plain\n").into()),
        // XML that is not well-formed; well-formed XML with secrets the readers do not know.
        (9, "autoconfig-broken/config-v1.1.xml".into(), format!(
            "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">\n<emailProvider id=\"example.jp\">\n\
             <incomingServer type=\"pop3\">\n<hostname>https://taro:{s}@pop.example.jp/?access_token={s}</hostname>\n\
             <password>{s}</password>\n<Password>{s}</Password>\n<!-- {s} -->\n</incomingServer\n</emailProvider>\n").into()),
        (10, "autoconfig/config-v1.1.xml".into(), format!(
            "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">\n<emailProvider id=\"example.jp\">\n\
             <domain>example.jp</domain>\n<incomingServer type=\"pop3\">\n<hostname>pop.example.jp</hostname>\n\
             <port>110</port>\n<socketType>plain</socketType>\n<username>%EMAILADDRESS%</username>\n\
             <Password>{s}</Password>\n<authentication>password-cleartext</authentication>\n</incomingServer>\n\
             <outgoingServer type=\"smtp\">\n<hostname>smtp.example.jp</hostname>\n<port>25</port>\n\
             <socketType>plain</socketType>\n<authentication>password-cleartext</authentication>\n\
             </outgoingServer>\n</emailProvider>\n</clientConfig>\n").into()),
        (10, "autodiscover/autodiscover.xml".into(), format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\">\n\
             <Response xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a\">\n\
             <Account><AccountType>email</AccountType><Action>settings</Action>\n<Protocol>\n<Type>SMTP</Type>\n\
             <Server>smtp.example.jp</Server>\n<Password>{s}</Password>\n<Port>25</Port>\n<SSL>off</SSL>\n\
             </Protocol>\n</Account>\n</Response>\n</Autodiscover>\n").into()),
        (9, "autodiscover-broken/autodiscover.xml".into(), format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\">\n\
             <Response xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a\">\n\
             <Account><Protocol><Type>POP3</Type><Server>pop.example.jp</Server>\n<Password>{s}</Password>\n\
             <Broken attr=>\n").into()),
        (10, "mobileconfig/profile.mobileconfig".into(), mobileconfig(s, &b64, true).into()),
        (9, "mobileconfig-broken/profile.mobileconfig".into(), mobileconfig(s, &b64, false).into()),
        // Item 14: a password typed into a host field, quoted by messages.
        (14, "prefs-host/prefs.js".into(), format!(
            "{prefs_head}user_pref(\"mail.server.server1.hostname\", \"pop://taro:{s}@ｐｏｐ.example.jp\");\n\
             user_pref(\"mail.server.server1.userName\", \"taro:{s}\");\n\
             user_pref(\"mail.smtpserver.smtp1.hostname\", \"ｓｍｔｐ.example.jp?access_token={s}\");\n\
             user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n\
             user_pref(\"mail.account.account1.identities\", \"id1\");\n").into()),
        (14, "reg-host/mail.reg".into(), format!(
            "REGEDIT4\r\n\r\n\
             [HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\
             \"Account Name\"=\"Office\"\r\n\
             \"POP3 Server\"=\"taro:{s}@pop.example.jp\"\r\n\
             \"SMTP Server\"=\"smtp://u:{s}@ｓｍｔｐ.example.jp\"\r\n").into()),
        // Item 12: files of no known format, named on the command line.
        (12, ".netrc".into(), format!("machine pop.example.jp login taro password {s}\n").into()),
        (12, "muttrc".into(), format!("set imap_user = taro\nset imap_pass = {s}\n").into()),
        (12, "logins.json".into(), format!("{{\"logins\":[{{\"hostname\":\"x\",\"encryptedPassword\":\"{s}\"}}]}}\n").into()),
    ];
    files.push((
        9,
        "signed/profile.mobileconfig".into(),
        signed_mobileconfig(s),
    ));
    let mut named = Vec::new();
    for (item, name, bytes) in files {
        let path = dir.join(&name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
        named.push((item, path));
    }
    named
}

/// A configuration profile with a mail payload (its password written with
/// a URL), and Exchange, PKCS#12 and CalDAV payloads with their passwords;
/// `well_formed: false` leaves an element open.
fn mobileconfig(s: &str, b64: &str, well_formed: bool) -> String {
    let end = if well_formed {
        "</dict>\n</plist>\n"
    } else {
        "<dict>\n"
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n\
         <key>PayloadContent</key>\n<array>\n<dict>\n\
         <key>PayloadType</key>\n<string>com.apple.mail.managed</string>\n\
         <key>EmailAccountType</key>\n<string>EmailTypePOP</string>\n\
         <key>EmailAddress</key>\n<string>taro@example.jp</string>\n\
         <key>IncomingMailServerHostName</key>\n<string>pop://taro:{s}@pop.example.jp</string>\n\
         <key>IncomingMailServerPortNumber</key>\n<integer>99999</integer>\n\
         <key>IncomingPassword</key>\n<string>{s}</string>\n\
         <key>OutgoingMailServerHostName</key>\n<string>smtp.example.jp</string>\n\
         <key>OutgoingMailServerPortNumber</key>\n<integer>25</integer>\n\
         </dict>\n<dict>\n<key>PayloadType</key>\n<string>com.apple.eas.account</string>\n\
         <key>Password</key>\n<string>{s}</string>\n\
         <key>Host</key>\n<string>eas.example.jp</string>\n</dict>\n\
         <dict>\n<key>PayloadType</key>\n<string>com.apple.security.pkcs12</string>\n\
         <key>Password</key>\n<data>{b64}</data>\n</dict>\n\
         <dict>\n<key>PayloadType</key>\n<string>com.apple.caldav.account</string>\n\
         <key>CalDAVPassword</key><string>{s}</string>\n</dict>\n\
         </array>\n{end}"
    )
}

/// The signed fixture profile with its password replaced by the planted
/// secret (same length, so the DER lengths stay right) and its XML broken.
fn signed_mobileconfig(s: &str) -> Vec<u8> {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/mobileconfig/signed/profile.mobileconfig");
    let mut bytes = std::fs::read(fixture).expect("signed fixture");
    let old = b"<string>fixture-secret-Zt9</string>";
    let new = format!("<string>{s}xxxxxx</strin!>");
    assert_eq!(old.len(), new.len());
    let at = bytes
        .windows(old.len())
        .position(|w| w == old)
        .expect("fixture password");
    bytes[at..at + old.len()].copy_from_slice(new.as_bytes());
    bytes
}

fn assert_no_leak(what: &str, out: &std::process::Output) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for form in leak_forms(PLANTED) {
        if let Some(i) = all.find(&form) {
            let from = all[..i].char_indices().rev().nth(300).map_or(0, |(j, _)| j);
            panic!(
                "{what} leaks {form:?}:\n…{}",
                &all[from..(i + 100).min(all.len())]
            );
        }
    }
}

/// Run every output of `check` and `report`, in both languages, over the
/// inputs of `items`, and assert that none shows the planted secret.
fn assert_never_leaks(items: &[u8]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths: Vec<std::path::PathBuf> = hostile_inputs(dir.path())
        .into_iter()
        .filter(|(item, _)| items.contains(item))
        .map(|(_, p)| p)
        .collect();
    assert!(!paths.is_empty());
    for lang in ["en", "ja"] {
        for format in ["human", "json", "sarif", "github", "junit", "concise"] {
            let out = maillint()
                .arg("check")
                .args(&paths)
                .args(["--format", format, "--lang", lang])
                .output()
                .expect("runs");
            assert_eq!(
                out.status.code(),
                Some(1),
                "{format}: {}",
                common::stderr(&out)
            );
            assert_no_leak(
                &format!("items {items:?}: check --format {format} --lang {lang}"),
                &out,
            );
        }
        for format in ["markdown", "json"] {
            // `--lang both` as well: the report's second language is a run
            // of its own.
            for lang in [lang, "both"] {
                let out = maillint()
                    .arg("report")
                    .args(&paths)
                    .args(["--format", format, "--lang", lang])
                    .output()
                    .expect("runs");
                assert_ne!(
                    out.status.code(),
                    Some(2),
                    "{format}: {}",
                    common::stderr(&out)
                );
                assert_no_leak(
                    &format!("items {items:?}: report --format {format} --lang {lang}"),
                    &out,
                );
            }
        }
    }
}

/// Item 9: lines that do not parse (prefs.js, `.reg`, `key value` without
/// `=`, XML that is not well-formed, a signed profile among them).
#[test]
fn item9_secrets_on_lines_that_do_not_parse_never_leak() {
    assert_never_leaks(&[9]);
}

/// Item 10: secrets under other names (`*.apikey`, `*.pw`, `PassPhrase`,
/// Exchange/PKCS#12/CalDAV `Password`, `<Password>`, Autodiscover).
#[test]
fn item10_secrets_under_other_names_never_leak() {
    assert_never_leaks(&[10]);
}

/// Item 11: secrets in URLs (`user:pass@`, `?access_token=`, `&token=`) and
/// comments beside a secret holding it.
#[test]
fn item11_secrets_in_urls_and_comments_never_leak() {
    assert_never_leaks(&[11]);
}

/// Item 12: files of no known format named on the command line.
#[test]
fn item12_files_of_no_known_format_never_leak() {
    assert_never_leaks(&[12]);
}

/// Item 13: a `.reg` hex value continued across blank and comment lines.
#[test]
fn item13_reg_hex_across_blank_and_comment_lines_never_leaks() {
    assert_never_leaks(&[13]);
}

/// Item 14: a password typed into a host field (prefs, `.reg`, Evolution,
/// autoconfig, configuration profile) is in no message of any format.
#[test]
fn item14_credentials_in_host_fields_never_leak() {
    assert_never_leaks(&[14]);
}

/// The planted inputs are read as what they are (so that the test above
/// exercises each reader), and findings point into them.
#[test]
fn hostile_inputs_are_read_by_their_readers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths: Vec<_> = hostile_inputs(dir.path())
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    let out = maillint()
        .arg("check")
        .args(&paths)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let formats: std::collections::BTreeSet<String> = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["format"].as_str().map(String::from))
        .collect();
    for f in [
        "prefs-js",
        "reg",
        "prf",
        "accountrc",
        "becky-mailbox-ini",
        "evolution-sources",
        "autoconfig-xml",
        "autodiscover-xml",
        "mobileconfig",
        "unknown",
    ] {
        assert!(formats.contains(f), "{f} not read: {formats:?}");
    }
}

/// Item 12: a file of no known format gets a finding but no snippet.
#[test]
fn a_file_of_no_known_format_shows_no_snippet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let netrc = dir.path().join(".netrc");
    std::fs::write(
        &netrc,
        "machine pop.example.jp login taro password hunter2hunter2\n",
    )
    .expect("write");
    let out = maillint().arg("check").arg(&netrc).output().expect("runs");
    let text = common::stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains(".netrc"), "{text}");
    assert!(
        !text.contains("machine") && !text.contains("hunter2"),
        "{text}"
    );
}

/// The whole-pipeline fuzz target's property on a fixed set of inputs:
/// every file name, every planted line, bodies taken from the fixtures.
#[test]
fn a_planted_secret_reaches_no_renderer_from_any_reader() {
    let bodies: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"user_pref(\"a\", \"unterminated\n/* open comment\n".to_vec(),
        b"<?xml version=\"1.0\"?>\n<clientConfig><incomingServer type=\"pop3\">\n<hostname>x</hostname>\n".to_vec(),
        b"[Account]\nMailServer=pop.example.jp\n\"POP3 Password2\"=hex:41,\\\n".to_vec(),
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/mobileconfig/signed/profile.mobileconfig"),
        )
        .expect("fixture"),
    ];
    for name in 0..13u8 {
        for plant in 0..9u8 {
            for (b, body) in bodies.iter().enumerate() {
                let mut data = vec![name, plant, (b % 3) as u8];
                data.extend_from_slice(body);
                maillint::testing::assert_no_planted_secret_leaks(&data);
            }
        }
    }
}
