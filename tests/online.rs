//! `maillint check --online` against real servers on loopback
//! (scripts/test-servers.sh): every kind of finding, every format, both
//! languages; no socket without --online; no password on the wire.

mod common;

use std::path::{Path, PathBuf};

use common::servers::{Servers, servers};
use common::{maillint, run_json};
use serde_json::Value;

/// One server of a Thunderbird account: host, port, socketType, authMethod.
#[derive(Clone, Copy)]
struct Srv<'a> {
    host: &'a str,
    port: u16,
    socket: u8,
    auth: u8,
}

/// A Thunderbird profile with one account: `kind` (pop3/imap) incoming and
/// one SMTP server.
fn prefs(kind: &str, inc: Srv, out: Srv) -> String {
    format!(
        r#"// Mozilla User Preferences
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.identity.id1.useremail", "taro@example.jp");
user_pref("mail.server.server1.authMethod", {ia});
user_pref("mail.server.server1.hostname", "{ih}");
user_pref("mail.server.server1.port", {ip});
user_pref("mail.server.server1.socketType", {is});
user_pref("mail.server.server1.type", "{kind}");
user_pref("mail.server.server1.userName", "taro");
user_pref("mail.smtpserver.smtp1.authMethod", {oa});
user_pref("mail.smtpserver.smtp1.hostname", "{oh}");
user_pref("mail.smtpserver.smtp1.port", {op});
user_pref("mail.smtpserver.smtp1.try_ssl", {os});
user_pref("mail.smtpserver.smtp1.username", "taro");
user_pref("mail.smtpservers", "smtp1");
"#,
        ia = inc.auth,
        ih = inc.host,
        ip = inc.port,
        is = inc.socket,
        oa = out.auth,
        oh = out.host,
        op = out.port,
        os = out.socket,
    )
}

const GOOD_IN: Srv = Srv {
    host: "mail.example.jp",
    port: 995,
    socket: 3,
    auth: 3,
};
const GOOD_OUT: Srv = Srv {
    host: "mail.example.jp",
    port: 587,
    socket: 2,
    auth: 3,
};

/// The standard ports of `mail.example.jp` and friends mapped to the servers.
fn routes(s: &Servers) -> Vec<String> {
    let mut v = vec![
        "--ca-file".to_string(),
        s.ca().display().to_string(),
        "--timeout".into(),
        "1".into(),
        "--resolve".into(),
        "mail.example.jp:*:127.0.0.1".into(),
        "--resolve".into(),
        "www.example.jp:*:127.0.0.1".into(),
        // Every other name does not exist: no test needs DNS.
        "--resolve".into(),
        "*:*:".into(),
    ];
    for (port, name) in [
        (110, "POP3"),
        (995, "POP3S"),
        (143, "IMAP"),
        (993, "IMAPS"),
        (587, "SUBMISSION"),
        (465, "SMTPS"),
    ] {
        v.push("--connect-to".into());
        v.push(format!(":{port}:127.0.0.1:{}", s.port(name)));
    }
    v
}

fn write_profile(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("prefs.js");
    std::fs::write(&p, text).unwrap();
    p
}

/// Run `check --online --format json` on a profile; extra arguments first
/// (earlier --connect-to entries win).
fn check(s: &Servers, text: &str, extra: &[String]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = write_profile(dir.path(), text);
    let mut cmd = maillint();
    cmd.arg("check")
        .arg(&path)
        .args(["--online", "--format", "json", "--select", "ML7"]);
    cmd.args(extra).args(routes(s));
    run_json(&mut cmd).1
}

/// `(code, line, message)` of each diagnostic.
fn findings(v: &Value) -> Vec<(String, u64, String)> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn by_code(v: &Value, code: &str) -> (String, u64, String) {
    findings(v)
        .into_iter()
        .find(|f| f.0 == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", findings(v)))
}

fn codes(v: &Value) -> Vec<String> {
    findings(v).into_iter().map(|f| f.0).collect()
}

fn connect(host: &str, port: u16, s: &Servers, name: &str) -> [String; 2] {
    ["--connect-to".into(), s.connect_to(host, port, name)]
}

#[test]
fn a_good_account_gets_only_the_size_note() {
    let Some(s) = servers() else { return };
    let v = check(&s, &prefs("pop3", GOOD_IN, GOOD_OUT), &[]);
    let f = findings(&v);
    assert_eq!(codes(&v), ["ML708"], "{f:#?}");
    assert!(f[0].2.contains("SIZE 5242880"), "{}", f[0].2);
    assert_eq!(v["online"]["outcomes"].as_object().unwrap().len(), 2);
    // No transcript without --verbose.
    assert!(!v["online"].to_string().contains("transcript"));
}

#[test]
fn host_not_found_and_full_width_names() {
    let Some(s) = servers() else { return };
    let nx = Srv {
        host: "pop.example.jp",
        ..GOOD_IN
    };
    let v = check(&s, &prefs("pop3", nx, GOOD_OUT), &[]);
    let f = by_code(&v, "ML701");
    assert_eq!(f.1, 8);
    assert!(f.2.contains("'pop.example.jp' does not exist"), "{}", f.2);
    let full = Srv {
        host: "ｍａｉｌ.example.jp",
        ..GOOD_IN
    };
    let v = check(&s, &prefs("pop3", full, GOOD_OUT), &[]);
    let f = by_code(&v, "ML701");
    assert!(f.2.contains("only 'mail.example.jp'"), "{}", f.2);
}

#[test]
fn refused_and_silent_ports_are_told_apart() {
    let Some(s) = servers() else { return };
    let inc = Srv {
        port: 2110,
        socket: 0,
        ..GOOD_IN
    };
    let out = Srv {
        port: 2587,
        ..GOOD_OUT
    };
    let mut extra = connect("mail.example.jp", 2110, &s, "CLOSED").to_vec();
    extra.extend(connect("mail.example.jp", 2587, &s, "SILENT"));
    let v = check(&s, &prefs("pop3", inc, out), &extra);
    let f = findings(&v);
    let refused = f
        .iter()
        .find(|f| f.1 == 9)
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(refused.0, "ML702");
    assert!(
        refused.2.contains("refuses connections on port 2110"),
        "{}",
        refused.2
    );
    let silent = f.iter().find(|f| f.1 == 15 && f.0 == "ML702").unwrap();
    assert!(
        silent
            .2
            .contains("accepts connections on port 2587 but never answers"),
        "{}",
        silent.2
    );
    // The wizard's alternatives: the same names on the standard ports.
    let sugg: Vec<_> = f.iter().filter(|f| f.0 == "ML709").collect();
    // (SSL/TLS before STARTTLS, as the wizard prefers.)
    assert!(
        sugg.iter()
            .any(|f| f.1 == 8 && f.2.contains("'mail.example.jp:995' with SSL/TLS")),
        "{sugg:#?}"
    );
    assert!(
        sugg.iter()
            .any(|f| f.1 == 14 && f.2.contains("'mail.example.jp:465' with SSL/TLS")),
        "{sugg:#?}"
    );
}

#[test]
fn op25b_names_the_working_port() {
    let Some(s) = servers() else { return };
    let out = Srv {
        port: 25,
        socket: 0,
        ..GOOD_OUT
    };
    for blocker in ["CLOSED", "SILENT"] {
        let extra = connect("mail.example.jp", 25, &s, blocker);
        let v = check(&s, &prefs("pop3", GOOD_IN, out), &extra);
        let f = findings(&v);
        let op = f
            .iter()
            .find(|f| f.0 == "ML703")
            .unwrap_or_else(|| panic!("{blocker}: {f:#?}"));
        assert_eq!(op.1, 15);
        assert!(op.2.contains("while port 587 (STARTTLS) does"), "{}", op.2);
        assert!(!f.iter().any(|f| f.0 == "ML702"), "{f:#?}");
    }
}

#[test]
fn security_as_set_against_what_the_server_speaks() {
    let Some(s) = servers() else { return };
    // POP3 set to SSL/TLS on a plain port; IMAP set to STARTTLS on an SSL port.
    let pop = Srv {
        port: 3995,
        ..GOOD_IN
    };
    let extra = connect("mail.example.jp", 3995, &s, "POP3");
    let v = check(&s, &prefs("pop3", pop, GOOD_OUT), &extra);
    let f = by_code(&v, "ML704");
    assert!(
        f.2.contains("speaks plain text on port 3995 (\"+OK Dovecot"),
        "{}",
        f.2
    );
    let imap = Srv {
        port: 3143,
        socket: 2,
        ..GOOD_IN
    };
    let extra = connect("mail.example.jp", 3143, &s, "IMAPS");
    let v = check(&s, &prefs("imap", imap, GOOD_OUT), &extra);
    let f = by_code(&v, "ML704");
    assert!(
        f.2.contains("expects SSL/TLS from the first byte on port 3143"),
        "{}",
        f.2
    );
    // STARTTLS required where the server has none; a POP3 account on an SMTP port.
    let out = Srv {
        port: 3587,
        ..GOOD_OUT
    };
    let inc = Srv {
        port: 3110,
        socket: 0,
        ..GOOD_IN
    };
    let mut extra = connect("mail.example.jp", 3587, &s, "SMTP_PLAIN").to_vec();
    extra.extend(connect("mail.example.jp", 3110, &s, "SUBMISSION"));
    let v = check(&s, &prefs("pop3", inc, out), &extra);
    let f = findings(&v);
    assert!(
        f.iter()
            .any(|f| f.1 == 16 && f.2.contains("does not offer STARTTLS on port 3587")),
        "{f:#?}"
    );
    assert!(
        f.iter()
            .any(|f| f.1 == 9 && f.2.contains("answers on port 3110 in SMTP")),
        "{f:#?}"
    );
}

#[test]
fn certificates_name_the_names_they_cover() {
    let Some(s) = servers() else { return };
    let out = Srv {
        port: 3465,
        socket: 3,
        ..GOOD_OUT
    };
    let extra = connect("mail.example.jp", 3465, &s, "SMTPS_WRONG_NAME");
    let v = check(&s, &prefs("pop3", GOOD_IN, out), &extra);
    let f = findings(&v);
    let cert = f.iter().find(|f| f.0 == "ML705").unwrap();
    assert!(
        cert.2
            .contains("is not for 'mail.example.jp': it covers 'www.example.jp', 'example.jp'"),
        "{}",
        cert.2
    );
    // A certificate that expired: the date it ended.
    let extra = connect("mail.example.jp", 3465, &s, "SMTPS_EXPIRED");
    let v = check(&s, &prefs("pop3", GOOD_IN, out), &extra);
    let cert = by_code(&v, "ML705");
    assert!(
        cert.2.contains("(port 3465) expired on 2020-02-01"),
        "{}",
        cert.2
    );
    // Without the test CA the system's roots do not know the issuer.
    let dir = tempfile::tempdir().unwrap();
    let path = write_profile(dir.path(), &prefs("pop3", GOOD_IN, GOOD_OUT));
    let args: Vec<String> = routes(&s).into_iter().skip(2).collect();
    let (_, v) = run_json(
        maillint()
            .arg("check")
            .arg(&path)
            .args(["--online", "--format", "json", "--select", "ML705"])
            .args(&args),
    );
    let f = findings(&v);
    assert_eq!(f.len(), 2, "{f:#?}");
    assert!(
        f.iter().all(|f| f
            .2
            .contains("not issued by a trusted certification authority")),
        "{f:#?}"
    );
}

#[test]
fn authentication_offered_against_configured() {
    let Some(s) = servers() else { return };
    // SPA (NTLM) incoming; the server offers PLAIN LOGIN CRAM-MD5.
    let spa = Srv { auth: 6, ..GOOD_IN };
    let v = check(&s, &prefs("pop3", spa, GOOD_OUT), &[]);
    let f = findings(&v);
    let auth = f.iter().find(|f| f.0 == "ML706").unwrap();
    assert_eq!(auth.1, 7);
    assert!(
        auth.2
            .contains("offers no SPA (NTLM) login, only USER PLAIN LOGIN CRAM-MD5"),
        "{}",
        auth.2
    );
    // A Thunderbird account: Outlook Express's error code is not its own.
    assert!(!auth.2.contains("0x800CCC18"), "{}", auth.2);
    assert!(
        auth.2
            .contains("the login fails however right the password is")
    );
    // Encrypted password (CRAM-MD5) is offered: nothing to say.
    let cram = Srv { auth: 4, ..GOOD_IN };
    let v = check(&s, &prefs("pop3", cram, GOOD_OUT), &[]);
    assert!(!codes(&v).contains(&"ML706".to_string()));
    // An SMTP port without AUTH: POP before SMTP.
    let out = Srv {
        port: 3025,
        socket: 2,
        ..GOOD_OUT
    };
    let extra = connect("mail.example.jp", 3025, &s, "SMTP_NOAUTH");
    let v = check(&s, &prefs("pop3", GOOD_IN, out), &extra);
    let f = findings(&v);
    let noauth = f.iter().find(|f| f.0 == "ML707").unwrap();
    assert!(
        noauth
            .2
            .contains("offers no SMTP authentication on port 3025, but the account logs on"),
        "{}",
        noauth.2
    );
    let none = Srv { auth: 1, ..out };
    let v = check(&s, &prefs("pop3", GOOD_IN, none), &extra);
    let f = findings(&v);
    let pbs = f.iter().find(|f| f.0 == "ML707").unwrap();
    assert!(pbs.2.contains("POP before SMTP"), "{}", pbs.2);
}

#[test]
fn outlook_express_spa_meets_0x800ccc18() {
    let Some(s) = servers() else { return };
    let dir = tempfile::tempdir().unwrap();
    let reg = dir.path().join("oe.reg");
    std::fs::write(&reg, oe_reg(&s.password())).unwrap();
    let (_, v) = run_json(
        maillint()
            .arg("check")
            .arg(&reg)
            .args(["--online", "--format", "json", "--select", "ML706"])
            .args(routes(&s)),
    );
    let f = findings(&v);
    // POP3 with SPA, and SMTP "same settings as my incoming mail server": both NTLM.
    assert_eq!(f.len(), 2, "{f:#?}");
    // Outlook Express states the code it shows (`Capabilities::spa_failure_code`).
    assert!(
        f.iter()
            .all(|f| f.2.contains("the login fails with 0x800CCC18")),
        "{f:#?}"
    );
}

/// An Outlook Express account with SPA on POP3 (110, STARTTLS-less plain)
/// and a stored password (`POP3 Password2`) that must never be sent.
fn oe_reg(password: &str) -> String {
    let hex: Vec<String> = password.bytes().map(|b| format!("{b:02x}")).collect();
    format!(
        "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\
\"Account Name\"=\"mail.example.jp\"\r\n\
\"POP3 Server\"=\"mail.example.jp\"\r\n\
\"POP3 User Name\"=\"taro\"\r\n\
\"POP3 Use Sicily\"=dword:00000001\r\n\
\"POP3 Password2\"=hex:01,02,00,00,{}\r\n\
\"SMTP Server\"=\"mail.example.jp\"\r\n\
\"SMTP Port\"=dword:0000024b\r\n\
\"SMTP Secure Connection\"=dword:00000001\r\n\
\"SMTP Use Sicily\"=dword:00000002\r\n\
\"SMTP Email Address\"=\"taro@example.jp\"\r\n",
        hex.join(",")
    )
}

#[test]
fn size_against_the_policy() {
    let Some(s) = servers() else { return };
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("big.toml");
    std::fs::write(&policy, "name = \"big\"\n[description]\nen = \"10 MB\"\nja = \"10MB\"\n[message-size]\nlimit-bytes = 10485760\n").unwrap();
    let extra = ["--policy".to_string(), policy.display().to_string()];
    let v = check(&s, &prefs("pop3", GOOD_IN, GOOD_OUT), &extra);
    let f = findings(&v);
    let size = f.iter().find(|f| f.0 == "ML708").unwrap();
    assert!(
        size.2
            .contains("up to 5 MB (SIZE 5242880), but the policy big says 10 MB"),
        "{}",
        size.2
    );
    let v = check(
        &s,
        &prefs("pop3", GOOD_IN, GOOD_OUT),
        &["--policy".into(), "koara".into()],
    );
    assert!(
        !codes(&v).contains(&"ML708".to_string()),
        "koara's 5 MB is the server's"
    );
}

#[test]
fn every_format_and_both_languages() {
    let Some(s) = servers() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = write_profile(
        dir.path(),
        &prefs("pop3", Srv { auth: 6, ..GOOD_IN }, GOOD_OUT),
    );
    let run = |fmt: &str, lang: &str| {
        let out = maillint()
            .arg("check")
            .arg(&path)
            .args(["--online", "--format", fmt, "--lang", lang])
            .args(routes(&s))
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let human = run("human", "ja");
    assert!(
        human.contains("セキュリティで保護されたパスワード認証 (SPA、NTLM) を提供していません"),
        "{human}"
    );
    assert!(human.contains("サーバーへの接続確認"), "{human}");
    let sarif: Value = serde_json::from_str(&run("sarif", "en")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "ML706"));
    assert!(run("concise", "en").contains("error ML706"));
    assert!(run("github", "en").contains("ML706"));
    assert!(run("junit", "en").contains("ML706"));
    // The support desk's report, with the conversation.
    let out = maillint()
        .arg("report")
        .arg(&path)
        .args(["--online", "--verbose", "--lang", "both"])
        .args(routes(&s))
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("## Online checks / サーバーへの接続確認"),
        "{md}"
    );
    assert!(md.contains("S: +OK Dovecot (Debian) ready."), "{md}");
    assert!(md.contains("C: CAPA"), "{md}");
    assert!(md.contains("0x800CCC18"), "{md}");
    let notes = md.find("## What was not checked").unwrap();
    assert!(md.find("## Online checks").unwrap() < notes);
}

#[test]
fn verbose_shows_greetings_and_capabilities() {
    let Some(s) = servers() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = write_profile(
        dir.path(),
        &prefs(
            "imap",
            Srv {
                port: 143,
                socket: 2,
                ..GOOD_IN
            },
            GOOD_OUT,
        ),
    );
    let out = maillint()
        .arg("check")
        .arg(&path)
        .args(["--online", "--verbose"])
        .args(routes(&s))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "C: A1 CAPABILITY",
        "C: A2 STARTTLS",
        "C: A3 CAPABILITY",
        "C: A4 LOGOUT",
        "C: EHLO [127.0.0.1]",
        "S: 250-SIZE 5242880",
        "C: STARTTLS",
        "C: QUIT",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
}

/// Every line maillint sent, from the JSON transcripts.
fn sent_lines(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect_sent(&v["online"], &mut out);
    out
}

fn collect_sent(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if m.get("dir").and_then(Value::as_str) == Some("sent") {
                out.push(m["text"].as_str().unwrap_or_default().to_string());
            }
            m.values().for_each(|x| collect_sent(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_sent(x, out)),
        _ => {}
    }
}

#[test]
fn no_password_from_any_input_reaches_the_wire() {
    let Some(s) = servers() else { return };
    let pw = s.password();
    let dir = tempfile::tempdir().unwrap();
    // Three inputs that hold the password: Sylpheed's clear text, Outlook
    // Express's Password2, an autoconfig template's <password>.
    let syl = dir.path().join(".sylpheed-2.0");
    std::fs::create_dir_all(&syl).unwrap();
    std::fs::write(
        syl.join("accountrc"),
        format!(
            "[Account: 1]\naccount_name=t\nname=T\naddress=taro@example.jp\nprotocol=0\nreceive_server=mail.example.jp\nsmtp_server=mail.example.jp\nuser_id=taro\npassword={pw}\nuse_smtp_auth=1\nsmtp_user_id=taro\nsmtp_password={pw}\nssl_pop=2\nssl_smtp=2\nset_smtpport=1\nsmtp_port=587\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("oe.reg"), oe_reg(&pw)).unwrap();
    std::fs::write(
        dir.path().join("config-v1.1.xml"),
        format!(
            r#"<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="example.jp"><domain>example.jp</domain>
<incomingServer type="imap"><hostname>mail.example.jp</hostname><port>993</port><socketType>SSL</socketType>
<username>taro</username><password>{pw}</password><authentication>password-cleartext</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>mail.example.jp</hostname><port>465</port><socketType>SSL</socketType>
<username>taro</username><password>{pw}</password><authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>
"#
        ),
    )
    .unwrap();
    let strace = which("strace");
    let log = dir.path().join("strace.log");
    let mut cmd = match &strace {
        Some(st) => {
            let mut c = assert_cmd::Command::new(st);
            c.args([
                "-f",
                "-qq",
                "-e",
                "trace=write,sendto,sendmsg,writev",
                "-s",
                "65535",
                "-o",
            ])
            .arg(&log)
            .arg(assert_cmd::cargo::cargo_bin("maillint"))
            .env("LANG", "C")
            .env("NO_COLOR", "1");
            c
        }
        None => maillint(),
    };
    cmd.arg("check")
        .arg(dir.path())
        .args(["--online", "--verbose", "--format", "json"])
        .args(routes(&s));
    let out = cmd.output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let sent = sent_lines(&v);
    assert!(sent.len() > 10, "{sent:?}");
    // Only the probe's own commands, never a login.
    for line in &sent {
        let ok = line.starts_with("EHLO [")
            || ["STARTTLS", "STLS", "CAPA", "QUIT"].contains(&line.as_str())
            || line.split_once(' ').is_some_and(|(tag, cmd)| {
                tag.starts_with('A') && ["CAPABILITY", "STARTTLS", "LOGOUT"].contains(&cmd)
            });
        assert!(ok, "unexpected command sent: {line}");
    }
    let everything =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!everything.contains(&pw), "the password is in the output");
    // What the process wrote, system call by system call (plain text before
    // TLS, and every byte written to the terminal or a file).
    match strace {
        Some(_) => {
            let calls = std::fs::read_to_string(&log).unwrap();
            assert!(calls.contains("EHLO"), "strace saw the conversation");
            assert!(!calls.contains(&pw), "the password was written somewhere");
        }
        None if std::env::var("MAILLINT_REQUIRE_SERVERS").as_deref() == Ok("1") => {
            panic!("strace is required")
        }
        None => eprintln!("notice: strace not installed; checked the transcripts only"),
    }
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

/// Without --online not one socket is opened (and with it, some are: the
/// check can fail).
#[test]
fn no_socket_without_online() {
    let Some(s) = servers() else { return };
    let Some(strace) = which("strace") else {
        if std::env::var("MAILLINT_REQUIRE_SERVERS").as_deref() == Ok("1") {
            panic!("strace is required (scripts/test-servers.sh install)");
        }
        eprintln!("notice: strace not installed; skipping");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = write_profile(dir.path(), &prefs("pop3", GOOD_IN, GOOD_OUT));
    let sockets = |online: bool| {
        let log = dir.path().join(format!("net-{online}.log"));
        let mut c = assert_cmd::Command::new(&strace);
        c.args(["-f", "-qq", "-e", "trace=socket,connect", "-o"])
            .arg(&log)
            .arg(assert_cmd::cargo::cargo_bin("maillint"))
            .arg("check")
            .arg(&path)
            .args(["--format", "json"]);
        if online {
            c.arg("--online").args(routes(&s));
        }
        c.output().unwrap();
        std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .filter(|l| l.contains("AF_INET"))
            .count()
    };
    assert_eq!(sockets(false), 0, "a socket was opened without --online");
    assert!(sockets(true) > 0, "with --online the servers are asked");
}

/// The whole online check for 10 accounts (20 distinct servers: each
/// account on ports of its own, mapped onto the local servers): printed for
/// the record (the figure is measured, not asserted), the findings asserted.
#[test]
fn ten_accounts() {
    let Some(s) = servers() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut extra: Vec<String> = Vec::new();
    for i in 0..10u16 {
        let (kind, socket, server) = match i % 3 {
            0 => ("pop3", 3, "POP3S"),
            1 => ("imap", 2, "IMAP"),
            _ => ("imap", 3, "IMAPS"),
        };
        let (osocket, oserver) = if i % 2 == 0 {
            (2, "SUBMISSION")
        } else {
            (3, "SMTPS")
        };
        let inc = Srv {
            host: "mail.example.jp",
            port: 30000 + i,
            socket,
            auth: 3,
        };
        let out = Srv {
            host: "mail.example.jp",
            port: 31000 + i,
            socket: osocket,
            auth: 3,
        };
        extra.extend(connect("mail.example.jp", inc.port, &s, server));
        extra.extend(connect("mail.example.jp", out.port, &s, oserver));
        let text = prefs(kind, inc, out).replace("taro@example.jp", &format!("user{i}@example.jp"));
        let p = dir.path().join(format!("p{i}"));
        std::fs::create_dir_all(&p).unwrap();
        std::fs::write(p.join("prefs.js"), text).unwrap();
    }
    let started = std::time::Instant::now();
    let (_, v) = run_json(
        maillint()
            .arg("check")
            .arg(dir.path())
            .args(["--online", "--format", "json"])
            .args(&extra)
            .args(routes(&s)),
    );
    let wall = started.elapsed();
    assert_eq!(v["accounts"].as_array().unwrap().len(), 10);
    assert_eq!(v["online"]["outcomes"].as_object().unwrap().len(), 20);
    let millis = v["online"]["millis"].as_u64().unwrap();
    eprintln!(
        "online check of 10 accounts: 20 servers, {} connections, online part {millis} ms, whole run {} ms",
        v["online"]["probes"],
        wall.as_millis()
    );
    // Every server answers as set: only the SIZE note of each SMTP server.
    let f = findings(&v);
    assert_eq!(f.len(), 10, "{f:#?}");
    assert!(f.iter().all(|f| f.0 == "ML708"), "{f:#?}");
}

/// Offline, the online rules did not run: JUnit lists no test case for them.
#[test]
fn junit_lists_the_online_rules_only_online() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_profile(dir.path(), &prefs("pop3", GOOD_IN, GOOD_OUT));
    let out = maillint()
        .arg("check")
        .arg(&path)
        .args(["--format", "junit"])
        .output()
        .unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(xml.contains("ML401") && !xml.contains("ML701"), "{xml}");
}
