//! Issue 10, part B: the command line and the conventions of a modern
//! linter, through the binary. Nothing checked is not "no problems"; clap's
//! own error messages; a mistyped subcommand; a closed pipe; `explain`'s
//! suggestions by kind; suppressions at the end of a line; standard input,
//! `--statistics`, `--quiet`, `--color`; completions and the man page;
//! `--format json` for `explain`, `rules` and `discover`; "did you mean";
//! the FAQ's "no error, never arrives" entries and decision tree.

mod common;

use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use common::{maillint, maillint_home, maillint_in};

fn run(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// ---- 2. Nothing checked is not "no problems" ----

#[test]
fn an_empty_home_is_nothing_to_check_not_no_problems() {
    let home = tempfile::tempdir().expect("tempdir");
    let (code, out, err) = run(&mut maillint_home(home.path()));
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    assert!(!err.contains("No problems"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("maillint: nothing to check"), "{err}");
    assert!(err.contains("Thunderbird, Claws Mail"), "{err}");
    assert!(err.contains("maillint discover"), "{err}");
    // --verbose lists every place, one per line.
    let (code, _, err) = run(maillint_home(home.path()).arg("--verbose"));
    assert_eq!(code, 2);
    assert!(err.lines().count() > 10, "{err}");
    assert!(
        err.lines()
            .any(|l| l.trim_start().starts_with("Thunderbird") && l.ends_with(".thunderbird")),
        "{err}"
    );
    // In Japanese too, and in every format (nothing on standard output).
    let (code, out, err) = run(maillint_home(home.path())
        .env("LANG", "ja_JP.UTF-8")
        .args(["--format", "json"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("チェックするものがありません"), "{err}");
}

#[test]
fn an_empty_folder_is_nothing_to_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("README.txt"), "not settings\n").expect("write");
    let (code, out, err) = run(maillint().arg("check").arg(dir.path()));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("nothing to check in"), "{err}");
    assert!(err.contains("no mail-client settings files found"), "{err}");
    assert!(!out.contains("No problems"));
}

// ---- 8. clap's own messages; a mistyped subcommand ----

#[test]
fn clap_errors_keep_their_useful_part() {
    let (code, _, err) = run(maillint().arg("diagnose"));
    assert_eq!(code, 2);
    assert!(err.contains("<FILE>"), "{err}");
    let (code, _, err) = run(maillint().args(["--fail-on", "fatal"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("possible values: info, warning, error"),
        "{err}"
    );
    let (code, _, err) = run(maillint().args(["--formt", "json"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("a similar argument exists: '--format'"),
        "{err}"
    );
    // Help is on standard output with exit 0.
    let (code, out, _) = run(maillint().arg("--help"));
    assert_eq!(code, 0);
    assert!(out.contains("completions"));
}

#[test]
fn a_mistyped_subcommand_is_named_unless_it_is_a_path() {
    let (code, out, err) = run(maillint().args(["explian", "ML301"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err.trim_end(),
        "maillint: unknown command 'explian'; did you mean 'explain'?"
    );
    // A command after options (which belong to `check`), clap's own `help`
    // too: one line that says so, not "cannot read help".
    for word in ["diagnose", "help"] {
        let (code, out, err) = run(maillint().args(["--lang", "en", word]));
        assert_eq!(code, 2, "{out}{err}");
        assert_eq!(
            err.trim_end(),
            format!(
                "maillint: '{word}' is a command: write it first, then its options (maillint {word} --help)"
            )
        );
        let (code, _, err) = run(maillint().args(["--lang", "ja", word]));
        assert_eq!(code, 2);
        assert!(err.contains(&format!("'{word}' はコマンドです")), "{err}");
    }
    // A folder of that name is checked, not taken for a command.
    let dir = tempfile::tempdir().expect("tempdir");
    let tb = dir.path().join("rule");
    std::fs::create_dir(&tb).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/thunderbird/clean/prefs.js"),
        tb.join("prefs.js"),
    )
    .expect("copy");
    let (code, out, err) = run(maillint_in(dir.path()).arg("rule"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("No problems found in 1 file."), "{out}");
}

// ---- 9. A closed pipe ends quietly ----

/// Run with standard output a pipe whose reading end is already closed:
/// every write fails with EPIPE, as under `| head` once head has exited.
fn into_closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("maillint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LANG", "C")
        .env("HOME", env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("waits");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    for args in [
        &["rules", "--format", "json"][..],
        &["rules"],
        &["explain", "0x800CCC18"],
        &["explain", "ML301"],
        &["explain", "--tree"],
        &["check", "fixtures/thunderbird/spa"],
        &["check", "fixtures/thunderbird/spa", "--format", "json"],
        &["check", "fixtures/thunderbird/spa", "--statistics"],
        &["discover"],
        &["completions", "bash"],
        &["man"],
        &["--help"],
    ] {
        let (code, err) = into_closed_pipe(args);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(code, Some(101), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

// ---- 10. explain's suggestions by kind ----

#[test]
fn explain_suggests_names_for_names_and_codes_for_codes() {
    let (code, out, err) = run(maillint().args(["explain", "spa-enabld"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("Did you mean:\n  spa-enabled ML301"), "{err}");
    assert!(!err.contains("user-unknown"), "{err}");
    let (code, _, err) = run(maillint().args(["explain", "ML999"]));
    assert_eq!(code, 2);
    assert!(err.contains("there is no rule ML999"), "{err}");
    assert!(
        !err.contains("user-unknown") && !err.contains("0x800"),
        "{err}"
    );
    let (_, _, err) = run(maillint().args(["explain", "ML31"]));
    assert!(
        err.contains("ML301 spa-enabled") || err.contains("ML311"),
        "{err}"
    );
    let (code, _, err) = run(maillint().args(["explain", "0x800CCC1B"]));
    assert_eq!(code, 2);
    assert!(err.contains("0x800CCC1A"), "{err}");
    assert!(!err.contains("spa-enabled"), "{err}");
}

#[test]
fn explain_joins_its_words() {
    let (code, out, _) = run(maillint().args(["explain", "550", "5.1.1", "User", "unknown"]));
    assert_eq!(code, 0);
    assert!(out.starts_with("user-unknown:"), "{out}");
}

// ---- 11. Suppression at the end of a line ----

fn prefs_with(port_line: &str, comment_above: Option<&str>) -> String {
    let mut s = String::from(
        "user_pref(\"mail.account.account1.identities\", \"id1\");\n\
         user_pref(\"mail.account.account1.server\", \"server1\");\n\
         user_pref(\"mail.accountmanager.accounts\", \"account1\");\n\
         user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n\
         user_pref(\"mail.identity.id1.useremail\", \"taro@example.jp\");\n\
         user_pref(\"mail.server.server1.hostname\", \"pop.example.jp\");\n\
         user_pref(\"mail.server.server1.port\", 995);\n\
         user_pref(\"mail.server.server1.socketType\", 3);\n\
         user_pref(\"mail.server.server1.type\", \"pop3\");\n\
         user_pref(\"mail.server.server1.userName\", \"taro\");\n\
         user_pref(\"mail.smtp.defaultserver\", \"smtp1\");\n\
         user_pref(\"mail.smtpserver.smtp1.authMethod\", 3);\n\
         user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.jp\");\n",
    );
    if let Some(c) = comment_above {
        s.push_str(c);
        s.push('\n');
    }
    s.push_str(port_line);
    s.push('\n');
    s.push_str(
        "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\n\
         user_pref(\"mail.smtpserver.smtp1.username\", \"taro\");\n\
         user_pref(\"mail.smtpservers\", \"smtp1\");\n",
    );
    s
}

fn codes_in(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&path, text).expect("write");
    let (_, out, err) = run(maillint()
        .args(["check", "--format", "concise", "--isolated"])
        .arg(&path));
    assert!(err.is_empty(), "{err}");
    out
}

#[test]
fn prefs_js_suppression_on_its_own_line_and_at_the_end_of_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = "user_pref(\"mail.smtpserver.smtp1.port\", 25);";
    let bare = codes_in(dir.path(), "a/prefs.js", &prefs_with(port, None));
    assert!(bare.contains("ML401"), "{bare}");
    let own = codes_in(
        dir.path(),
        "b/prefs.js",
        &prefs_with(port, Some("// maillint: ignore ML401 -- relay on 25")),
    );
    assert!(!own.contains("ML401") && !own.contains("ML002"), "{own}");
    for eol in [
        "user_pref(\"mail.smtpserver.smtp1.port\", 25); // maillint: ignore ML401 -- relay on 25",
        "user_pref(\"mail.smtpserver.smtp1.port\", 25); /* maillint: ignore smtp-port-25 */",
    ] {
        let out = codes_in(dir.path(), "c/prefs.js", &prefs_with(eol, None));
        assert!(
            !out.contains("ML401") && !out.contains("ML002"),
            "{eol}\n{out}"
        );
    }
    // At the end of a line it is about that line, not the next pref.
    let out = codes_in(
        dir.path(),
        "d/prefs.js",
        &prefs_with(
            "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.jp\"); // maillint: ignore ML401\n\
             user_pref(\"mail.smtpserver.smtp1.port\", 25);",
            None,
        ),
    );
    assert!(out.contains("ML401") && out.contains("ML002"), "{out}");
}

const ACCOUNTRC: &str = "[Account: 1]\naccount_name=Office\naddress=hanako@example.co.jp\n\
    protocol=0\nreceive_server=pop.example.co.jp\nsmtp_server=relay.example.co.jp\n\
    user_id=hanako\nconfig_version=3\nssl_pop=1\nssl_smtp=2\nuse_smtp_auth=1\nset_smtpport=1\n";

#[test]
fn ini_suppression_on_its_own_line_and_at_the_end_of_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bare = codes_in(
        dir.path(),
        "a/.claws-mail/accountrc",
        &format!("{ACCOUNTRC}smtp_port=25\n"),
    );
    assert!(bare.contains("ML401"), "{bare}");
    let own = codes_in(
        dir.path(),
        "b/.claws-mail/accountrc",
        &format!("{ACCOUNTRC}; maillint: ignore ML401 -- office relay\nsmtp_port=25\n"),
    );
    assert!(!own.contains("ML401") && !own.contains("ML002"), "{own}");
    // INI has no end-of-line comments: the client reads it as the value.
    let eol = codes_in(
        dir.path(),
        "c/.claws-mail/accountrc",
        &format!("{ACCOUNTRC}smtp_port=25 ; maillint: ignore ML401 -- office relay\n"),
    );
    let ml002 = eol
        .lines()
        .find(|l| l.contains("ML002"))
        .unwrap_or_else(|| panic!("{eol}"));
    assert!(ml002.contains(":13:14:"), "{ml002}");
    assert!(
        ml002.contains("not a comment but part of the value"),
        "{ml002}"
    );
}

#[test]
fn xml_suppression_on_its_own_line_and_at_the_end_of_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/autoconfig/good/config-v1.1.xml"),
    )
    .expect("fixture");
    let bare = good.replace("<port>587</port>", "<port>25</port>");
    assert!(codes_in(dir.path(), "a/config-v1.1.xml", &bare).contains("ML401"));
    let eol = bare.replace(
        "<port>25</port>",
        "<port>25</port> <!-- maillint: ignore ML401 - office relay -->",
    );
    let out = codes_in(dir.path(), "b/config-v1.1.xml", &eol);
    assert!(!out.contains("ML401") && !out.contains("ML002"), "{out}");
    let own = bare.replace(
        "<port>25</port>",
        "<!-- maillint: ignore ML401 - office relay -->\n      <port>25</port>",
    );
    let out = codes_in(dir.path(), "c/config-v1.1.xml", &own);
    assert!(!out.contains("ML401") && !out.contains("ML002"), "{out}");
}

// ---- Standard input, --statistics, --quiet, --color ----

#[test]
fn standard_input_takes_its_name_from_stdin_filename() {
    let prefs = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/thunderbird/spa/prefs.js"),
    )
    .expect("fixture");
    let (code, out, err) = run(maillint()
        .args([
            "check",
            "-",
            "--stdin-filename",
            "templates/prefs.js",
            "--format",
            "concise",
        ])
        .write_stdin(prefs.clone()));
    assert_eq!(code, 1, "{err}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("templates/prefs.js:") && l.contains("ML301")),
        "{out}"
    );
    // Without a name, the content decides; the output says "-".
    let (code, out, _) = run(maillint()
        .args(["check", "-", "--format", "concise"])
        .write_stdin(prefs));
    assert_eq!(code, 1);
    assert!(out.starts_with("-:"), "{out}");
    // Something no reader knows is a finding, named as given.
    let (code, out, _) = run(maillint()
        .args(["-", "--stdin-filename", "notes.txt", "--format", "concise"])
        .write_stdin("hello\n"));
    assert_eq!(code, 1);
    assert!(out.starts_with("notes.txt:1:1:"), "{out}");
    let (code, _, err) = run(maillint().args(["--stdin-filename", "x.js", "fixtures"]));
    assert_eq!(code, 2);
    assert!(err.contains("--stdin-filename"), "{err}");
}

#[test]
fn statistics_quiet_and_color() {
    let (code, out, _) = run(maillint().args([
        "check",
        "fixtures/thunderbird/suppressions",
        "fixtures/thunderbird/spa",
        "--statistics",
    ]));
    assert_eq!(code, 1);
    let (_, concise, _) = run(maillint().args([
        "check",
        "fixtures/thunderbird/suppressions",
        "fixtures/thunderbird/spa",
        "--format",
        "concise",
    ]));
    let n = concise.lines().filter(|l| l.contains(" ML301 ")).count();
    let line = out
        .lines()
        .find(|l| l.contains("ML301"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        n >= 2 && line.trim_start().starts_with(&format!("{n}  ML301")),
        "{out}"
    );
    assert!(
        line.contains("spa-enabled") && line.ends_with("error"),
        "{line}"
    );
    assert!(!out.contains("╭"), "{out}");
    let (_, out, _) = run(maillint().args([
        "check",
        "fixtures/thunderbird/spa",
        "--statistics",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v[0]["code"], "ML301");
    assert!(v[0]["count"].as_u64().is_some_and(|n| n >= 1));

    let (code, out, _) = run(maillint().args(["fixtures/thunderbird/spa", "-q"]));
    assert_eq!(code, 1);
    assert!(out.contains("ML301 spa-enabled"));
    assert!(!out.contains("Found "), "{out}");
    let (_, out, _) = run(maillint().args(["fixtures/thunderbird/clean", "--quiet"]));
    assert!(out.trim().is_empty(), "{out}");

    let esc = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = maillint();
        cmd.env_remove("NO_COLOR").args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        run(&mut cmd).1.contains('\u{1b}')
    };
    let spa = "fixtures/thunderbird/spa";
    assert!(esc(&[spa, "--color", "always"], &[("NO_COLOR", "1")]));
    assert!(!esc(&[spa, "--color", "never"], &[("FORCE_COLOR", "1")]));
    assert!(!esc(&[spa, "--no-color"], &[("FORCE_COLOR", "1")]));
    assert!(!esc(&[spa], &[])); // a pipe
    assert!(esc(&[spa], &[("FORCE_COLOR", "1")]));
    assert!(!esc(&[spa], &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
    assert!(!esc(&[spa], &[("FORCE_COLOR", "0")]));
}

// ---- Completions and the man page ----

#[test]
fn completions_and_man_page_generate() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef maillint"),
        ("fish", "complete -c maillint"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (code, out, err) = run(maillint().args(["completions", shell]));
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains(marker), "{shell}");
        assert!(out.contains("stdin-filename"), "{shell}");
    }
    let (code, _, err) = run(maillint().args(["completions", "tcsh"]));
    assert_eq!(code, 2);
    assert!(err.contains("possible values"), "{err}");
    let (code, out, _) = run(maillint().arg("man"));
    assert_eq!(code, 0);
    assert!(out.starts_with(".ie"), "{}", &out[..80.min(out.len())]);
    assert!(out.contains(".TH maillint 1"));
    assert!(out.contains("explain"));
}

// ---- --format json for explain, rules, discover; discover's profiles ----

#[test]
fn explain_rules_and_discover_speak_json() {
    let (code, out, _) = run(maillint().args(["explain", "ML301", "--format", "json"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["kind"], "rule");
    assert_eq!(v["name"], "spa-enabled");
    let (_, out, _) =
        run(maillint().args(["explain", "0x800CCC18", "--format", "json", "--lang", "ja"]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["kind"], "knowledge");
    assert_eq!(v["id"], "0x800CCC18");
    assert!(v["causes"].as_array().is_some_and(|c| !c.is_empty()));
    let (_, out, _) = run(maillint().args(["rules", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(v.as_array().is_some_and(|a| a.len() > 20));

    let home = tempfile::tempdir().expect("tempdir");
    let tb = home.path().join(".thunderbird");
    for p in ["a.default", "b.work"] {
        std::fs::create_dir_all(tb.join(p)).expect("mkdir");
    }
    std::fs::write(
        tb.join("profiles.ini"),
        "[Profile1]\nName=work\nIsRelative=1\nPath=b.work\n\n\
         [Profile0]\nName=default\nIsRelative=1\nPath=a.default\nDefault=1\n\n\
         [Profile2]\nName=old\nIsRelative=1\nPath=gone\n",
    )
    .expect("write");
    let (code, out, _) = run(maillint_home(home.path()).args(["discover", "--format", "json"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let place = v
        .as_array()
        .and_then(|a| a.iter().find(|p| p["found"] == true))
        .expect("a place found");
    assert_eq!(place["client"], "Thunderbird");
    let profiles = place["profiles"].as_array().expect("profiles");
    assert_eq!(profiles.len(), 3);
    assert_eq!(profiles[1]["name"], "default");
    assert_eq!(profiles[1]["default"], true);
    assert_eq!(profiles[0]["default"], false);
    assert_eq!(profiles[2]["exists"], false);
    let (_, out, _) = run(maillint_home(home.path()).arg("discover"));
    assert!(
        out.lines()
            .any(|l| l.contains("profile default:") && l.ends_with("(default)")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains("profile old:") && l.ends_with("(folder missing)"))
    );
}

// ---- Did you mean; a missing policy file ----

#[test]
fn did_you_mean_for_policies_selectors_and_config_keys() {
    let clean = "fixtures/thunderbird/clean";
    let (code, _, err) = run(maillint().args([clean, "--policy", "kaora"]));
    assert_eq!(code, 2);
    assert!(err.contains("(did you mean 'koara'?)"), "{err}");
    let (code, _, err) = run(maillint().args([clean, "--policy", "./missing.toml"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read policy file ./missing.toml: no such file"),
        "{err}"
    );
    let (code, _, err) = run(maillint().args([clean, "--select", "spa-enabld"]));
    assert_eq!(code, 2);
    assert!(err.contains("(did you mean 'spa-enabled'?)"), "{err}");
    let (_, _, err) = run(maillint().args([clean, "--select", "ML30l"]));
    assert!(err.contains("(did you mean 'ML301'?)"), "{err}");

    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join(".maillint.toml"), "polcy = \"koara\"\n").expect("write");
    let (code, _, err) =
        run(maillint_in(dir.path()).arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(clean)));
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown key 'polcy' (did you mean 'policy'?)"),
        "{err}"
    );
    std::fs::write(dir.path().join(".maillint.toml"), "policy = \"i_do\"\n").expect("write");
    let (_, _, err) =
        run(maillint_in(dir.path()).arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(clean)));
    assert!(err.contains("(did you mean 'i-do'?)"), "{err}");
}

// ---- The FAQ's other half ----

#[test]
fn what_customers_type_finds_the_no_error_entries() {
    for (query, lang, id) in [
        ("届かない", "ja", "not-delivered"),
        ("not delivered", "en", "not-delivered"),
        ("メールが届かない", "ja", "not-delivered"),
        ("free-mail-spam-filter", "en", "free-mail-spam-filter"),
        ("迷惑メールフォルダ", "ja", "free-mail-spam-filter"),
        ("ドコモの携帯に送れない", "ja", "mobile-carrier-filter"),
        ("パソコンからのメールを拒否", "ja", "mobile-carrier-filter"),
        ("recipient-own-domain", "en", "recipient-own-domain"),
        ("独自ドメイン", "ja", "recipient-own-domain"),
        ("mailbox-full", "en", "mailbox-full"),
        ("4MB attachment", "en", "size-after-encoding"),
        ("unsubscribe", "en", "mailing-list"),
        ("メーリングリスト 退会", "ja", "mailing-list"),
        ("自動返信", "ja", "auto-reply"),
        ("out of office", "en", "auto-reply"),
    ] {
        let (code, out, err) = run(maillint().args(["explain", query, "--lang", lang]));
        assert_eq!(code, 0, "{query}: {err}");
        assert!(out.starts_with(&format!("{id}:")), "{query}:\n{out}");
    }
    // The four facts for the recipient's provider, in Japanese.
    let (_, out, _) = run(maillint().args(["explain", "recipient-own-domain", "--lang", "ja"]));
    for fact in [
        "①お客様のメールアドレス",
        "②送った相手のメールアドレス",
        "③メールの送信日時",
        "④エラーメールの内容",
    ] {
        assert!(out.contains(fact), "{fact}\n{out}");
    }
}

#[test]
fn explain_without_a_query_prints_the_decision_tree() {
    let (code, out, _) = run(maillint().arg("explain"));
    assert_eq!(code, 0);
    let (_, tree, _) = run(maillint().args(["explain", "--tree"]));
    assert_eq!(out, tree);
    assert!(
        out.contains("├─ An error appears right after Send"),
        "{out}"
    );
    assert!(out.contains("$ maillint explain 0x800CCC18"));
    assert!(out.contains("├─ No error, but the mail never arrives"));
    assert!(out.contains("$ maillint explain mobile-carrier-filter"));
    assert!(out.contains("A mail comes back some time later"));
    assert!(out.contains("$ maillint diagnose bounce.eml"));
    let (_, ja, _) = run(maillint().args(["explain", "--lang", "ja"]));
    assert!(
        ja.contains("エラーは表示されないのに、メールが届かない"),
        "{ja}"
    );
    let (_, json, _) = run(maillint().args(["explain", "--tree", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["kind"], "tree");
    assert_eq!(v["branches"].as_array().map(Vec::len), Some(4));
    // Every command the tree names answers.
    for line in out
        .lines()
        .filter_map(|l| l.split("$ maillint explain ").nth(1))
    {
        let (code, _, err) = run(maillint().args(["explain", line.trim()]));
        assert_eq!(code, 0, "{line}: {err}");
    }
}

// ---- 2. A folder skipped for a reason is a note ----

#[cfg(unix)]
#[test]
fn a_folder_skipped_for_a_reason_is_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let walk = dir.path().join("walk");
    let tb = walk.join("profile");
    std::fs::create_dir_all(&tb).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/thunderbird/clean/prefs.js"),
        tb.join("prefs.js"),
    )
    .expect("copy");
    // A link back up: a loop the walk must not follow.
    std::fs::create_dir_all(walk.join("other")).expect("mkdir");
    std::os::unix::fs::symlink(&walk, walk.join("other").join("up")).expect("symlink");
    let (code, out, err) = run(maillint().arg("check").arg(&walk));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("No problems found in 1 file."), "{out}");
    assert!(
        err.lines().any(|l| l.starts_with("maillint: note: ")
            && l.contains("other/up")
            && l.contains("a link loop")),
        "{err}"
    );
    let (_, json, err) = run(maillint().arg(&walk).args(["--format", "json"]));
    assert!(err.contains("link loop"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert!(
        v["notes"].as_array().is_some_and(|n| n
            .iter()
            .any(|n| n["what"].as_str().is_some_and(|w| w.ends_with("other/up")))),
        "{json}"
    );
    let (_, report, _) = run(maillint().arg("report").arg(&walk).args(["--lang", "en"]));
    assert!(report.contains("a link loop"), "{report}");
    let (_, _, err) = run(maillint().arg(&walk).args(["--lang", "ja"]));
    assert!(
        err.contains("maillint: 注意: ") && err.contains("リンクのループ"),
        "{err}"
    );

    // An unreadable folder (not testable as root, who reads everything).
    let only = dir.path().join("only");
    let locked = only.join("locked");
    std::fs::create_dir_all(&locked).expect("mkdir");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read_dir(&locked).is_err() {
        let (code, out, err) = run(maillint().arg("check").arg(&only));
        assert_eq!(code, 2, "{out}{err}");
        assert!(err.contains("folder not read (Permission denied)"), "{err}");
        assert!(err.contains("nothing to check in"), "{err}");
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[test]
fn diagnose_never_matches_the_no_bounce_entries() {
    use maillint::support::knowledge::Knowledge;
    let kb = Knowledge::parse_embedded().expect("parses");
    let q = "550 5.7.1 Relaying denied: your message with an attachment to the mailing list was not delivered";
    let found = kb.lookup_bounce(q);
    assert_eq!(
        found.first().map(|m| m.entry.id.as_str()),
        Some("no-relaying")
    );
    assert!(found.iter().all(|m| m.entry.bounces), "{found:?}");
    // explain still finds them.
    assert!(kb.lookup(q).iter().any(|m| m.entry.id == "not-delivered"));
}
