//! clap's help in both languages, through the binary: under `en` (the C
//! locale, or `--lang en`) every help is byte for byte what it was before
//! the Japanese help existed (`tests/data/help-en.txt`, made by the binary
//! of that time); under `ja` (the locale, or `--lang ja` among the
//! arguments) it is Japanese. What the Japanese help says is tested in
//! `cli::help_ja`.

mod common;

use common::maillint;

/// Each `==== maillint ARGS` section of the English help file: the
/// arguments and the help printed for them.
fn english_helps() -> Vec<(Vec<String>, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/help-en.txt");
    let text = std::fs::read_to_string(path).expect("tests/data/help-en.txt");
    let mut out: Vec<(Vec<String>, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("==== maillint ") {
            Some(args) => out.push((
                args.split_whitespace().map(String::from).collect(),
                String::new(),
            )),
            None => out.last_mut().expect("a section first").1.push_str(line),
        }
    }
    out
}

fn help(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// What the English help file holds: `-h`, `--help` and `help` of the top
/// command, `-h`, `--help` and `help NAME` of every command, `help help`.
fn every_help_asked() -> Vec<Vec<String>> {
    let mut asks = vec![
        vec!["-h".to_string()],
        vec!["--help".into()],
        vec!["help".into()],
    ];
    for sc in <maillint::cli::Cli as clap::CommandFactory>::command().get_subcommands() {
        let name = sc.get_name().to_string();
        asks.push(vec![name.clone(), "-h".into()]);
        asks.push(vec![name.clone(), "--help".into()]);
        asks.push(vec!["help".into(), name]);
    }
    asks.push(vec!["help".into(), "help".into()]);
    asks
}

/// Under `en`, every help is what the file holds, byte for byte. A help
/// changed on purpose (a new flag): `MAILLINT_UPDATE_HELP=1 cargo test
/// --test help_languages` writes the file anew from the binary; review
/// its diff, and give the new text its Japanese in `rules/help.toml`.
#[test]
fn the_english_help_is_unchanged() {
    let asked = every_help_asked();
    if std::env::var_os("MAILLINT_UPDATE_HELP").is_some() {
        let mut text = String::new();
        for args in &asked {
            text.push_str(&format!("==== maillint {}\n", args.join(" ")));
            text.push_str(&help(maillint().args(args)));
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/help-en.txt");
        std::fs::write(path, text).expect("write tests/data/help-en.txt");
    }
    let helps = english_helps();
    let held: Vec<&Vec<String>> = helps.iter().map(|(args, _)| args).collect();
    assert_eq!(
        held,
        asked.iter().collect::<Vec<_>>(),
        "the helps the file holds"
    );
    for (args, expected) in &helps {
        let got = help(maillint().args(args));
        assert_eq!(&got, expected, "maillint {}", args.join(" "));
    }
}

#[test]
fn lang_en_under_a_japanese_locale_is_the_english_help() {
    for (args, expected) in english_helps() {
        // `--lang en` where the command takes it, else the locale decides.
        if !expected.contains("--lang <LANG>") || args.first().is_some_and(|a| a == "help") {
            continue;
        }
        let mut with = args.clone();
        with.insert(with.len() - 1, "--lang=en".into());
        let got = help(maillint().env("LANG", "ja_JP.UTF-8").args(&with));
        assert_eq!(got, expected, "maillint {}", with.join(" "));
    }
}

#[test]
fn a_japanese_locale_or_lang_ja_gives_the_japanese_help() {
    let locale = help(maillint().env("LANG", "ja_JP.UTF-8").arg("--help"));
    assert!(
        locale.starts_with("メールソフトの設定をチェックし"),
        "{locale}"
    );
    assert!(
        locale.contains("\n使い方: maillint [オプション] [PATHS]...\n"),
        "{locale}"
    );
    assert!(locale.contains("\nコマンド:\n"), "{locale}");
    assert!(locale.contains("\nオプション:\n"), "{locale}");
    // The flag wins over the locale, wherever it stands.
    let flag = help(maillint().args(["check", "--lang", "ja", "--help"]));
    assert!(
        flag.contains("使い方: maillint check [オプション]"),
        "{flag}"
    );
    assert_eq!(
        flag,
        help(
            maillint()
                .env("LC_ALL", "ja_JP.UTF-8")
                .args(["help", "check"])
        )
    );
    let short = help(maillint().args(["--lang=ja", "-h"]));
    assert!(
        short.contains("  -h, --help\n          ヘルプを表示します (詳しくは「--help」)"),
        "{short}"
    );
    // The version is no sentence: the same in both languages.
    assert_eq!(
        help(maillint().args(["--lang", "ja", "-V"])),
        help(maillint().arg("-V"))
    );
}

#[test]
fn completions_and_the_manual_page_stay_english_under_japanese() {
    for args in [vec!["man"], vec!["completions", "fish"]] {
        let ja = help(maillint().env("LANG", "ja_JP.UTF-8").args(&args));
        assert_eq!(
            ja,
            help(maillint().args(&args)),
            "maillint {}",
            args.join(" ")
        );
    }
}

#[test]
fn a_japanese_error_names_the_usage_in_japanese_too() {
    let out = maillint()
        .env("LANG", "ja_JP.UTF-8")
        .arg("--formt")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        err.contains("\n使い方: maillint [オプション] [PATHS]...\n        maillint <コマンド>\n"),
        "{err}"
    );
    assert!(
        err.contains("ヒント: よく似た引数 '--format' があります"),
        "{err}"
    );
    // Under `en`, clap's own words (its usage of the arguments given).
    let out = maillint().arg("--formt").output().expect("runs");
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        err.contains("\nUsage: maillint --format <FORMAT> [PATHS]...\n"),
        "{err}"
    );
}
