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
    "TOML",
    "SARIF",
    "BOM",
    "URL",
    "UTC",
    "OS",
    "FAQ",
    "KB",
    "MB",
    "Wi-Fi",
    "README",
    "false",
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
    // The help (`rules/help.toml`): value names as the usage writes them,
    // formats, tools, environment variables, shells, `--format json`
    "ADDR",
    "DIR",
    "FILE",
    "HOST",
    "HOST1",
    "HOST2",
    "N",
    "PORT",
    "PORT1",
    "PORT2",
    "JSON",
    "json",
    "JUnit",
    "Markdown",
    "PEM",
    "GitHub",
    "Actions",
    "curl",
    "shellcheck",
    "roff",
    "LANG",
    "LC_ALL",
    "NO_COLOR",
    "FORCE_COLOR",
    "bash",
    "zsh",
    "fish",
    "powershell",
    "elvish",
    // Setting, element and file names as the clients write them
    "Enabled",
    "Response",
    "Server",
    "accountrc",
    "autoconfig",
    "clawsrc",
    "config_version",
    "mail.account",
    "movemail",
    "prefs.js",
    "profiles.ini",
    "protocol",
    "sources",
    "type",
    "port",
    "set_",
    // maillint's own words: suppression comments, flags, rule families
    "ignore",
    "ignore-file",
    "smtp-port-25",
    "ML4",
    "ML401",
    "ML51x",
    // One-letter legend and placeholders in examples (x = lower case, N days)
    "C",
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
    for table in ["ui", "notes", "fields", "report", "basis", "help"] {
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
        (
            &["check", "--select", "spa-enabld", "x"],
            "「spa-enabld」というルールはありません (「spa-enabled」ではありませんか?)",
        ),
        (
            &["check", "--online", "--ca-file", "/nonexistent-ca.pem", "x"],
            "--ca-file /nonexistent-ca.pem: ファイルがありません",
        ),
        (
            &["check", "--online", "--timeout", "0", "x"],
            "タイムアウト 0 は使えません",
        ),
        (
            &["diagnose", "/nonexistent-maillint.eml"],
            "/nonexistent-maillint.eml を読み取れません: ファイルまたはフォルダーがありません",
        ),
        (
            &["diagnose", "/dev/null"],
            "/dev/null を読み取れません: 通常のファイルではありません (キャラクターデバイス)",
        ),
        (
            &["explain", "ML301", "--policy", "koala"],
            "「koala」というポリシーはありません (「koara」ではありませんか?)",
        ),
        (
            &["diagnose", "--policy", "./missing.toml", "x.eml"],
            "ポリシーファイル ./missing.toml を読み取れません: ファイルがありません",
        ),
        (
            &["check", "--online", "--ca-file", "Cargo.toml", "x"],
            "--ca-file Cargo.toml: 使える認証局の証明書を読み取れません",
        ),
        (
            &["check", "--online", "--resolve", "bad", "x"],
            "(理由: 「bad」は「HOST:PORT:ADDR[,ADDR...]」の形ではありません)",
        ),
        (
            &["check", "--stdin-filename", "x.js", "x"],
            "--stdin-filename は標準入力の名前です。「-」と一緒に指定してください",
        ),
        (&["check", "--fix", "-"], "標準入力は修正できません"),
    ];
    for (args, expected) in cases {
        for how in ["LANG", "--lang"] {
            let mut cmd = maillint();
            if how == "LANG" {
                cmd.env("LANG", "ja_JP.UTF-8").args(*args);
            } else if matches!(args.first(), Some(&"check" | &"diagnose" | &"explain")) {
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
    // Under LANG=C, the same errors in English.
    let english: &[(&[&str], &str)] = &[
        (
            &["check", "--select", "spa-enabld", "x"],
            "unknown rule selector 'spa-enabld' (did you mean 'spa-enabled'?)",
        ),
        (
            &["check", "--online", "--ca-file", "/nonexistent-ca.pem", "x"],
            "--ca-file /nonexistent-ca.pem: no such file",
        ),
        (
            &["check", "--online", "--timeout", "0", "x"],
            "invalid timeout 0: give seconds between 0 and 300",
        ),
        (
            &["diagnose", "/nonexistent-maillint.eml"],
            "cannot read /nonexistent-maillint.eml: No such file or directory",
        ),
        (
            &["diagnose", "/dev/null"],
            "cannot read /dev/null: it is a character device, not a regular file",
        ),
        (
            &["explain", "ML301", "--policy", "koala"],
            "unknown policy 'koala' (did you mean 'koara'?)",
        ),
        (
            &["diagnose", "--policy", "./missing.toml", "x.eml"],
            "cannot read policy file ./missing.toml: no such file",
        ),
        (
            &["check", "--online", "--resolve", "bad", "x"],
            "'bad' is not HOST:PORT:ADDR[,ADDR...]",
        ),
        (
            &["check", "--stdin-filename", "x.js", "x"],
            "--stdin-filename names standard input: check '-' with it",
        ),
    ];
    for (args, expected) in english {
        let out = maillint().args(*args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).expect("utf-8");
        assert!(
            err.contains(expected),
            "{args:?}: {expected:?} not in:\n{err}"
        );
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

/// A Thunderbird profile whose address has full-width letters: `--fix` has
/// a safe fix to make (or refuse).
const FIXABLE: &str = "user_pref(\"mail.account.account1.identities\", \"id1\");\n\
user_pref(\"mail.account.account1.server\", \"server1\");\n\
user_pref(\"mail.accountmanager.accounts\", \"account1\");\n\
user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n\
user_pref(\"mail.identity.id1.useremail\", \"ｔａｒｏ＠example.jp\");\n\
user_pref(\"mail.identity.id1.fullName\", \"山田 太郎\");\n\
user_pref(\"mail.server.server1.hostname\", \"pop.example.jp\");\n\
user_pref(\"mail.server.server1.type\", \"pop3\");\n\
user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.jp\");\n\
user_pref(\"mail.smtpservers\", \"smtp1\");\n";

/// One error case of `check`: its arguments, a piece of the Japanese
/// message, a piece of the English one, and the exit code.
struct Case {
    args: Vec<std::ffi::OsString>,
    ja: &'static str,
    en: &'static str,
    code: i32,
}

fn case(
    args: &[&dyn AsRef<std::ffi::OsStr>],
    ja: &'static str,
    en: &'static str,
    code: i32,
) -> Case {
    Case {
        args: args.iter().map(|a| a.as_ref().to_os_string()).collect(),
        ja,
        en,
        code,
    }
}

/// A policy file that is not valid (a wrong type, broken TOML, an unknown
/// key), a missing policy file, an unknown policy name, a configuration file
/// with a wrong key, a wrong type, an unknown policy or a bad severity, and
/// `--fix` refusing a read-only file, a link out of the profile and an
/// encoding it does not write: under `LANG=ja_JP.UTF-8` and `--lang ja`
/// each is one Japanese sentence with the file's words quoted and the line
/// and column given; under `LANG=C`, English.
#[cfg(unix)]
#[test]
fn policy_config_and_fix_errors_are_japanese() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let prefs = d.join("prefs.js");
    std::fs::write(&prefs, PREFS).expect("write");
    let file = |name: &str, text: &str| {
        let p = d.join(name);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        std::fs::write(&p, text).expect("write");
        p
    };
    let bad_type = file("bad-type.toml", "name = \"x\"\nhosts = 3\n");
    let bad_syntax = file("bad-syntax.toml", "name = \"x\"\n[hosts\n");
    let bad_key = file("bad-key.toml", "name = \"x\"\nfoo = 1\n");
    let missing = d.join("missing.toml");
    let cfg_key = file("key/.maillint.toml", "rules = [\"ML301\"]\n");
    let cfg_type = file("type/.maillint.toml", "max-warnings = \"many\"\n");
    let cfg_policy = file("policy/.maillint.toml", "policy = \"koala\"\n");
    let cfg_severity = file("severity/.maillint.toml", "[severity]\nML401 = \"high\"\n");
    // --fix: read-only, a link out of its profile folder, EUC-JP.
    let read_only = file("ro/prefs.js", FIXABLE);
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let outside = file("outside/prefs.js", FIXABLE);
    std::fs::create_dir_all(d.join("profile")).expect("mkdir");
    let link = d.join("profile/prefs.js");
    std::os::unix::fs::symlink(&outside, &link).expect("symlink");
    let euc = d.join("euc/prefs.js");
    std::fs::create_dir_all(d.join("euc")).expect("mkdir");
    std::fs::write(&euc, encoding_rs::EUC_JP.encode(FIXABLE).0).expect("write");

    let cases = [
        case(
            &[&"--policy", &bad_type, &prefs],
            "bad-type.toml:2:9: ポリシーファイルの内容が正しくありません。「hosts」の値の種類が違います: 「3」は整数ですが、ここに書けるのは、「[名前]」の見出しで始まる表です",
            "bad-type.toml:2:9: invalid policy file: invalid type: integer '3', expected struct HostPolicy",
            2,
        ),
        case(
            &[&"--policy", &bad_syntax, &prefs],
            "bad-syntax.toml:2:7: ポリシーファイルの内容が正しくありません。見出しの書き方に誤りがあります (「[名前]」の形で書きます) (「[hosts」のところ)",
            "bad-syntax.toml:2:7: invalid policy file: invalid table header; expected '.', ']'",
            2,
        ),
        case(
            &[&"--policy", &bad_key, &prefs],
            "bad-key.toml:2:1: ポリシーファイルの内容が正しくありません。「foo」という項目はありません。使える項目: 「name」「description」「hosts」",
            "bad-key.toml:2:1: invalid policy file: unknown key 'foo' (known keys: name, description, hosts,",
            2,
        ),
        case(
            &[&"--policy", &missing, &prefs],
            "missing.toml を読み取れません: ファイルがありません",
            "missing.toml: no such file",
            2,
        ),
        case(
            &[&"--policy", &"koala", &prefs],
            "「koala」というポリシーはありません (「koara」ではありませんか?)。「generic」「i-do」「koara」のどれか",
            "unknown policy 'koala' (did you mean 'koara'?): use one of generic, i-do, koara",
            2,
        ),
        case(
            &[&"--config", &cfg_key, &prefs],
            ".maillint.toml:1:1: 「rules」という項目はありません。使える項目: 「policy」「select」",
            ".maillint.toml:1:1: unknown key 'rules' (known keys: policy, select,",
            2,
        ),
        case(
            &[&"--config", &cfg_type, &prefs],
            ".maillint.toml:1:16: 「max-warnings」の値の種類が違います: 「\"many\"」は文字列ですが、ここに書けるのは、0 以上の整数です",
            ".maillint.toml:1:16: invalid type: string \"many\", expected usize",
            2,
        ),
        case(
            &[&"--config", &cfg_policy, &prefs],
            ".maillint.toml:1:10: 「koala」というポリシーはありません (「koara」ではありませんか?)",
            ".maillint.toml:1:10: unknown policy 'koala' (did you mean 'koara'?)",
            2,
        ),
        case(
            &[&"--config", &cfg_severity, &prefs],
            ".maillint.toml:2:9: 「high」は重大度として使えません。「error」「warning」「info」のどれかを指定してください",
            ".maillint.toml:2:9: 'high' is not a severity: use error, warning or info",
            2,
        ),
        case(
            &[&"--fix", &read_only],
            "prefs.js は修正しません: 読み取り専用のファイルです",
            "prefs.js: it is read-only",
            2,
        ),
        case(
            &[&"--fix", &link],
            "prefs.js は修正しません: プロファイルのフォルダーの外にある",
            "it is a symbolic link to",
            2,
        ),
        case(
            &[&"--fix", &euc],
            "prefs.js は修正しません: 文字コードが EUC-JP のファイルは、maillint では読めますが書き込めません",
            "it is written in EUC-JP, which maillint reads but does not write",
            1,
        ),
    ];
    for c in &cases {
        for how in ["LANG", "--lang"] {
            let mut cmd = maillint();
            cmd.arg("check");
            if how == "LANG" {
                cmd.env("LANG", "ja_JP.UTF-8");
            } else {
                cmd.args(["--lang", "ja"]);
            }
            let out = cmd.args(&c.args).output().expect("runs");
            let err = String::from_utf8(out.stderr).expect("utf-8");
            assert_eq!(out.status.code(), Some(c.code), "{how} {:?}: {err}", c.args);
            assert!(
                err.contains(c.ja),
                "{how} {:?}: {:?} not in:\n{err}",
                c.args,
                c.ja
            );
            // Outside the paths (absolute here) and the file's words
            // (quoted 「」), no English: only the allowed tokens and the
            // encoding's name.
            for line in err.lines() {
                for w in ascii_words(line) {
                    assert!(
                        ALLOWED.contains(&w.as_str()) || w == "EUC-JP",
                        "{how} {:?}: English '{w}' in {line:?}",
                        c.args
                    );
                }
            }
        }
        let out = maillint()
            .arg("check")
            .args(&c.args)
            .output()
            .expect("runs");
        let err = String::from_utf8(out.stderr).expect("utf-8");
        assert_eq!(out.status.code(), Some(c.code), "C {:?}: {err}", c.args);
        assert!(
            err.contains(c.en),
            "C {:?}: {:?} not in:\n{err}",
            c.args,
            c.en
        );
        assert!(!err.chars().any(|ch| ('ぁ'..='ヿ').contains(&ch)), "{err}");
    }
    // Nothing was written.
    for p in [&read_only, &outside] {
        assert_eq!(std::fs::read_to_string(p).expect("read"), FIXABLE);
    }
}

/// `check --show-settings` under Japanese: the labels in Japanese, the
/// configuration file's keys quoted as it writes them (「fail-on」), the
/// values as given; under `LANG=C`, the English labels.
#[test]
fn show_settings_is_japanese() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = tmp.path().join(".maillint.toml");
    std::fs::write(
        &config,
        "policy = \"koara\"\nfail-on = \"warning\"\n[severity]\nML401 = \"info\"\n[allowed-ports]\noutgoing = [587]\n",
    )
    .expect("write");
    let run = |lang: &str| {
        let out = maillint()
            .env("LANG", lang)
            .args(["check", "--show-settings", "--config"])
            .arg(&config)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let ja = run("ja_JP.UTF-8");
    for expected in [
        "ポリシー: koara (",
        "  メールの容量の上限: 5242880 バイト",
        "  送信に使えるポート番号: 587",
        "チェックするルール (「select」): すべて",
        "  ML401: 情報",
        "終了コード 1 にする重大度 (「fail-on」): 警告以上",
        "警告の上限 (「max-warnings」): (上限なし)",
        "サーバーへの問い合わせ (「online」): しない",
    ] {
        assert!(ja.contains(expected), "{expected:?} not in:\n{ja}");
    }
    for line in ja.lines() {
        for w in ascii_words(line) {
            assert!(
                ALLOWED.contains(&w.as_str()) || ["www", "ML401", "koara"].contains(&w.as_str()),
                "English '{w}' in {line:?}"
            );
        }
    }
    let en = run("C");
    for expected in [
        "policy: koara (from ",
        "  message size limit: 5242880 bytes",
        "select: ALL",
        "  ML401: info",
        "fail-on: warning",
        "online: no",
    ] {
        assert!(en.contains(expected), "{expected:?} not in:\n{en}");
    }
}
