//! Japanese is a first language (issue 10, item 6): every Japanese text a
//! user reads is one language, and values are the words users know
//! (`../shared/glossary-ja.md`: 「なし」「SSL/TLS」「STARTTLS」).
//!
//! Two checks: every Japanese message variant, help and label of the
//! catalogue, every note, field name, basis, report word and UI string
//! (the text tables under `rules/`) holds no ASCII word outside a list of
//! allowed tokens (protocol names, product names, setting names as the file
//! writes them, codes); and the findings once seen in mixed languages are
//! rendered through the binary under `LANG=ja_JP.UTF-8` and checked the
//! same way, with the values quoted from the file allowed.

use std::path::Path;

mod common;

use common::maillint;

/// ASCII tokens a Japanese text may hold: protocols, products, setting and
/// file names as the clients write them, units, codes, command flags.
#[rustfmt::skip]
const ALLOWED: &[&str] = &[
    // Protocols, standards, security
    "APOP",
    "CRAM-MD5",
    "DAV",
    "DWORD",
    "GSSAPI",
    "HTTP",
    "IMAP",
    "Kerberos",
    "LDAP",
    "NNTP",
    "NTLM",
    "NUL",
    "OAuth2",
    "OP25B",
    "POP",
    "POP3",
    "RFC",
    "SIZE",
    "SMTP",
    "SMTP-AUTH",
    "SOAP",
    "POX",
    "SPA",
    "SSL",
    "SSL/TLS",
    "STARTTLS",
    "TLS",
    "UTF-8",
    "XML",
    "BOM",
    "URL",
    "UTC",
    "OS",
    "FAQ",
    "KB",
    "MB",
    "Wi-Fi",
    "README",
    "dword",
    "hex",
    "true",
    "false",
    "true/false",
    "amp",
    "before", // "POP before SMTP", the glossary's term
    // Products and providers
    "Autodiscover",
    "Claws",
    "Mail",
    "Evolution",
    "Exchange",
    "Express",
    "Gmail",
    "Hotmail",
    "Internet",
    "Account",
    "Accounts",
    "Manager",
    "Mozilla",
    "Outlook",
    "Outlook.com",
    "SoftBank",
    "Sylpheed",
    "Thunderbird",
    "Windows",
    "Yahoo",
    "au",
    "docomo",
    "maillint",
    // Setting, element and file names as the clients write them
    "EMAILADDRESS",
    "EmailAuthNTLM",
    "EmailAuthPassword",
    "Enabled",
    "MessageAccount",
    "Protocol",
    "Response",
    "Server",
    "accountrc",
    "autoconfig",
    "clawsrc",
    "clientConfig",
    "config_version",
    "dict",
    "eml",
    "iaf",
    "locked",
    "mail.account",
    "movemail",
    "plist",
    "pref",
    "prefs.js",
    "profiles.ini",
    "protocol",
    "reg",
    "server",
    "source",
    "sources",
    "sticky",
    "type",
    "user_pref",
    "username",
    "authentication",
    "off",
    "port",
    "set_",
    "password-cleartext",
    "x800CCC18",
    // maillint's own words: suppression comments, flags, rule families
    "ignore",
    "ignore-file",
    "fix",
    "online",
    "max-file-size",
    "reg-patch",
    "unsafe-fixes",
    "verbose",
    "smtp-port-25",
    "ML4",
    "ML401",
    "ML51x",
    // One-letter legend and placeholders in examples (x = lower case, N days)
    "C",
    "N",
    "S",
    "X",
    "x",
    // Units of --max-file-size
    "K",
    "M",
    "G",
];

/// The ASCII words of `text`, outside `{placeholders}`, `code` and quotes.
fn ascii_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = String::new();
    let mut skip_until: Option<char> = None;
    for c in text.chars() {
        match skip_until {
            Some(end) if c == end => skip_until = None,
            Some(_) => {}
            None => match c {
                '{' => skip_until = Some('}'),
                '`' => skip_until = Some('`'),
                '「' => skip_until = Some('」'),
                '"' => skip_until = Some('"'),
                c => rest.push(c),
            },
        }
    }
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        let w = word.trim_end_matches(['.', '-', '/']).to_string();
        if w.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            out.push(w);
        }
        word.clear();
    };
    for c in rest.chars() {
        if c.is_ascii_alphanumeric() || "_+/-.".contains(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Every `ja` text under `value`, with where it is.
fn ja_texts(value: &toml::Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        toml::Value::Table(t) => {
            if let Some(toml::Value::String(ja)) = t.get("ja") {
                out.push((at.to_string(), ja.clone()));
            }
            for (k, v) in t {
                ja_texts(v, &format!("{at}.{k}"), out);
            }
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                ja_texts(v, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn load(path: &Path) -> toml::Value {
    let text = std::fs::read_to_string(path).expect("read");
    toml::from_str(&text).expect("TOML")
}

#[test]
fn every_japanese_message_note_and_ui_string_is_one_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut texts = Vec::new();
    for table in ["ui", "notes", "fields", "report", "basis"] {
        ja_texts(
            &load(&root.join(format!("{table}.toml"))),
            table,
            &mut texts,
        );
    }
    let mut rules = 0;
    for entry in std::fs::read_dir(root.join("catalogue")).expect("catalogue") {
        let path = entry.expect("entry").path();
        let v = load(&path);
        for rule in v
            .get("rules")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
        {
            rules += 1;
            let code = rule.get("code").and_then(|c| c.as_str()).unwrap_or("?");
            // Messages (every variant, parse problems included), help, labels.
            for part in ["message", "help", "labels"] {
                if let Some(t) = rule.get(part) {
                    ja_texts(t, &format!("{code}.{part}"), &mut texts);
                }
            }
        }
    }
    assert!(
        rules > 40 && texts.len() > 400,
        "{rules} rules, {} texts",
        texts.len()
    );
    let mut bad = Vec::new();
    for (at, text) in &texts {
        for w in ascii_words(text) {
            if !ALLOWED.contains(&w.as_str()) {
                bad.push(format!("{at}: '{w}' in {text}"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "English in Japanese texts:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_checker_finds_english() {
    assert_eq!(
        ascii_words("接続の保護が「none」です。Method=weird is not known"),
        ["Method", "weird", "is", "not", "known"]
    );
    assert!(
        ascii_words("値の型が正しくありません (expected an integer)")
            .contains(&"expected".to_string())
    );
}

/// A Thunderbird profile and an Evolution source holding every value once
/// rendered in English or raw inside a Japanese sentence.
const PREFS: &str = r#"user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.identity.id1.useremail", "taro@example.jp");
user_pref("mail.server.server1.hostname", "pop.example.jp");
user_pref("mail.server.server1.type", "pop3");
user_pref("mail.server.server1.port", 995);
user_pref("mail.server.server1.socketType", "3");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.jp");
user_pref("mail.smtpserver.smtp1.port", 587);
user_pref("mail.smtpserver.smtp1.authMethod", 1);
user_pref("mail.smtpserver.smtp1.try_ssl", 7);
user_pref("mail.smtpservers", "smtp1");
"#;

#[test]
fn findings_once_in_mixed_languages_render_in_japanese() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("prefs.js"), PREFS).expect("write");
    let evo = dir.path().join("evolution/sources");
    std::fs::create_dir_all(&evo).expect("mkdir");
    std::fs::write(
        evo.join("a.source"),
        "[Data Source]\nDisplayName=taro@example.jp\nEnabled=true\nParent=\n\n\
[Mail Account]\nBackendName=pop\nIdentityUid=\n\n\
[Authentication]\nHost=pop.example.jp\nMethod=weird\nPort=995\nUser=taro\n\n\
[Security]\nMethod=none\n",
    )
    .expect("write");
    let out = maillint()
        .env("LANG", "ja_JP.UTF-8")
        .args(["check", "--format", "concise"])
        .arg(dir.path().join("prefs.js"))
        .arg(&evo)
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    // The sentences once seen half in English, now in Japanese.
    for expected in [
        "接続の保護が「なし」になっていますが",
        "mail.smtpserver.smtp1.try_ssl = 7 はメールソフトが認識しない値です",
        "Method=weird はメールソフトが認識しない値です",
        "値の型が正しくありません: mail.server.server1.socketType。",
        "このプロバイダーでは SMTP 認証が必要です (標準のポリシー)",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // Values quoted from the files, paths and codes are allowed besides.
    let quoted = [
        "mail.smtpserver.smtp1.try_ssl",
        "mail.server.server1.socketType",
        "Method",
        "weird",
        "pop.example.jp",
        "smtp.example.jp",
        "taro",
        "example.jp",
    ];
    for line in text.lines() {
        let message = line
            .split_once(": error ")
            .or_else(|| line.split_once(": warning "))
            .or_else(|| line.split_once(": info "))
            .map(|(_, m)| m.split_once(' ').map_or(m, |(_, rest)| rest))
            .unwrap_or(line);
        for w in ascii_words(message) {
            assert!(
                ALLOWED.contains(&w.as_str()) || quoted.iter().any(|q| q.contains(w.as_str())),
                "English '{w}' in: {line}"
            );
        }
    }
}

/// The command line's errors (clap's and ours) and the operating system's
/// reasons, under `LANG=ja_JP.UTF-8` and under `--lang ja`: Japanese
/// sentences around the quoted argument, value and usage line.
#[test]
fn command_line_and_io_errors_are_japanese() {
    let cases: &[(&[&str], &str)] = &[
        (&["--formt"], "'--formt' という引数はありません"),
        (&["--formt"], "ヒント: よく似た引数 '--format' があります"),
        (
            &["check", "--fail-on", "fatal", "x"],
            "'--fail-on <SEVERITY>' に指定した値 'fatal' は使えません",
        ),
        (
            &["check", "--fail-on", "fatal", "x"],
            "[使える値: info, warning, error]",
        ),
        (&["diagnose"], "次の引数の指定が必要です:\n  <FILE>"),
        (&["diagnose"], "使い方: maillint diagnose "),
        (
            &["explian", "ML301"],
            "'explian' というコマンドはありません。'explain' ではありませんか?",
        ),
        (
            &["check", "/nonexistent-maillint-path"],
            "/nonexistent-maillint-path を読み取れません: ファイルまたはフォルダーがありません",
        ),
        (
            &["check", "--max-file-size", "abc", "x"],
            "'abc' はサイズとして読めません",
        ),
    ];
    for (args, expected) in cases {
        for how in ["LANG", "--lang"] {
            let mut cmd = maillint();
            if how == "LANG" {
                cmd.env("LANG", "ja_JP.UTF-8").args(*args);
            } else if matches!(args.first(), Some(&"check") | Some(&"diagnose")) {
                cmd.args(&args[..1]).args(["--lang", "ja"]).args(&args[1..]);
            } else {
                // Before any subcommand, as clap reads it.
                cmd.args(["--lang", "ja"]).args(*args);
            }
            let out = cmd.output().expect("runs");
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let err = String::from_utf8(out.stderr).expect("utf-8");
            assert!(
                err.contains(expected),
                "{how} {args:?}: {expected:?} not in:\n{err}"
            );
            assert!(!err.contains("error:") && !err.contains("Usage:"), "{err}");
            // Outside quotes and the usage line, no English.
            for line in err.lines().filter(|l| !l.starts_with("使い方:")) {
                let unquoted: String = line.split('\'').step_by(2).collect();
                for w in ascii_words(&unquoted) {
                    assert!(
                        ["info", "warning", "error", "FILE"].contains(&w.as_str())
                            || ALLOWED.contains(&w.as_str())
                            || args.iter().any(|a| a.contains(w.as_str())),
                        "{how} {args:?}: English '{w}' in {line:?}"
                    );
                }
            }
        }
    }
    // English stays clap's own.
    let out = maillint().arg("--formt").output().expect("runs");
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert!(
        err.contains("error: unexpected argument '--formt' found"),
        "{err}"
    );
    assert!(
        err.contains("tip: a similar argument exists: '--format'"),
        "{err}"
    );
}
