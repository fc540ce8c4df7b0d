use std::collections::BTreeSet;

use super::*;

/// Every command under `cmd` (itself first), with whether it is the top one.
fn commands(cmd: &Command) -> Vec<(&Command, bool)> {
    fn walk<'a>(cmd: &'a Command, top: bool, out: &mut Vec<(&'a Command, bool)>) {
        out.push((cmd, top));
        for sc in cmd.get_subcommands() {
            walk(sc, false, out);
        }
    }
    let mut out = Vec::new();
    walk(cmd, true, &mut out);
    out
}

/// The command as parsing builds it, in English.
fn english() -> Command {
    let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    built(&mut cmd);
    cmd
}

/// Compares one text of the real command with the table's: the table has
/// it, and its English is clap's. Records the key found; says what is wrong.
fn compare(
    found: Option<HelpText>,
    clap_text: &str,
    key: &str,
    used: &mut BTreeSet<HelpText>,
    bad: &mut Vec<String>,
) {
    match found {
        None => bad.push(format!(
            "missing: {key} = {{ en = {clap_text:?}, ja = \"…\" }}"
        )),
        Some(t) => {
            used.insert(t);
            if t.get(Lang::En) != clap_text {
                bad.push(format!(
                    "English changed: {} is {:?} in the table, {clap_text:?} in clap: \
                     look at its Japanese again, then copy the English",
                    t.key(),
                    t.get(Lang::En)
                ));
            }
        }
    }
}

#[test]
fn every_command_argument_and_value_has_its_japanese_text_and_every_text_an_argument() {
    let cmd = english();
    let mut used = BTreeSet::new();
    let mut bad = Vec::new();
    let mut args = 0;
    for (c, top) in commands(&cmd) {
        let name = c.get_name();
        for (kind, text) in [("about", c.get_about()), ("long-about", c.get_long_about())] {
            match text {
                Some(t) => compare(
                    command_text(name, kind),
                    &t.to_string(),
                    &format!("command.{name}.{kind}"),
                    &mut used,
                    &mut bad,
                ),
                None => {
                    if let Some(t) = command_text(name, kind) {
                        bad.push(format!("{}: clap has no {kind} for {name}", t.key()));
                    }
                }
            }
        }
        let section = section_of(c, top);
        for a in c.get_arguments().filter(|a| !a.is_hide_set()) {
            args += 1;
            let id = a.get_id().as_str();
            let key = |kind: &str| format!("arg.{section}.{id}.{kind}");
            match a.get_help() {
                Some(h) => compare(
                    arg_text(section, id, "help"),
                    &h.to_string(),
                    &key("help"),
                    &mut used,
                    &mut bad,
                ),
                None => bad.push(format!("{}: an argument without a help", key("help"))),
            }
            if let Some(h) = a.get_long_help() {
                compare(
                    arg_text(section, id, "long-help"),
                    &h.to_string(),
                    &key("long-help"),
                    &mut used,
                    &mut bad,
                );
            }
            for v in a.get_possible_values() {
                if let Some(h) = v.get_help() {
                    let value = v.get_name();
                    compare(
                        value_text(section, id, value),
                        &h.to_string(),
                        &key(&format!("value.{value}")),
                        &mut used,
                        &mut bad,
                    );
                }
            }
        }
    }
    for t in HelpText::ALL {
        if !used.contains(&t) {
            bad.push(format!(
                "{}: no command, argument or value of this name has this text",
                t.key()
            ));
        }
    }
    assert!(args > 80, "{args} arguments");
    assert!(bad.is_empty(), "rules/help.toml:\n{}", bad.join("\n"));
}

/// The help clap renders for `args` under Japanese, as a user sees it
/// without colours.
fn render(args: &[&str]) -> String {
    let mut argv = vec!["maillint"];
    argv.extend(args);
    match command(Some("maillint")).try_get_matches_from(&argv) {
        Err(e) if crate::cli::is_help(&e) => e.render().to_string(),
        Err(e) => panic!("{argv:?}: not the help: {e}"),
        Ok(_) => panic!("{argv:?}: not the help"),
    }
}

/// Every help there is: `-h` and `--help` of every command, and `help`.
fn every_help() -> Vec<(String, String)> {
    let mut asks: Vec<Vec<String>> = vec![vec!["-h".into()], vec!["--help".into()]];
    asks.push(vec!["help".into()]);
    for sc in english().get_subcommands() {
        let name = sc.get_name().to_string();
        if name != "help" {
            asks.push(vec![name.clone(), "-h".into()]);
            asks.push(vec![name.clone(), "--help".into()]);
        }
        asks.push(vec!["help".into(), name]);
    }
    asks.into_iter()
        .map(|a| {
            let args: Vec<&str> = a.iter().map(String::as_str).collect();
            (a.join(" "), render(&args))
        })
        .collect()
}

/// The ASCII words a Japanese help may hold besides flags, value names,
/// values and command names: the names the Japanese texts keep as they
/// are (protocols, products, formats, environment variables), and the
/// placeholders of value names the texts refer to.
const KEPT: &[&str] = &[
    "JSON",
    "SARIF",
    "GitHub",
    "Actions",
    "JUnit",
    "XML",
    "Markdown",
    "TLS",
    "PEM",
    "FAQ",
    "LC_ALL",
    "LANG",
    "NO_COLOR",
    "FORCE_COLOR",
    "curl",
    "shellcheck",
    "roff",
    "K",
    "M",
    "G",
];

/// The words of the command itself: flags' names, value names, possible
/// values, defaults and command names.
fn command_words() -> BTreeSet<String> {
    let cmd = english();
    let mut words = BTreeSet::new();
    for (c, _) in commands(&cmd) {
        words.insert(c.get_name().to_string());
        for a in c.get_arguments() {
            for n in a.get_value_names().into_iter().flatten() {
                words.extend(
                    n.split(|c: char| !c.is_ascii_alphanumeric())
                        .map(String::from),
                );
            }
            words.insert(a.get_id().as_str().to_ascii_uppercase());
            for v in a.get_possible_values() {
                words.insert(v.get_name().to_string());
            }
            for d in a.get_default_values() {
                words.insert(d.to_string_lossy().into_owned());
            }
        }
    }
    words
}

/// The ASCII words of a rendered help outside flags, `code` and 「quotes」.
fn english_words(help: &str, allowed: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    // A quote may be wrapped onto the next line.
    let mut until: Option<char> = None;
    for line in help.lines() {
        let mut plain = String::new();
        for c in line.chars() {
            match until {
                Some(end) if c == end => until = None,
                Some(_) => {}
                None if c == '`' => until = Some('`'),
                None if c == '「' => until = Some('」'),
                None => plain.push(c),
            }
        }
        for token in plain.split(|c: char| !(c.is_ascii_graphic()) || "()[]<>,|:;".contains(c)) {
            // A flag, a file name (`.maillint.toml`), a number (`64M`, `2.1.0`).
            if token.is_empty()
                || token.starts_with(['-', '.'])
                || token.starts_with(|c: char| c.is_ascii_digit())
            {
                continue;
            }
            let word = token.trim_end_matches(['.', '*']);
            if word.chars().any(|c| c.is_ascii_alphabetic())
                && !allowed.contains(word)
                && !KEPT.contains(&word)
            {
                out.push(format!("{word:?} in {line:?}"));
            }
        }
    }
    out
}

#[test]
fn the_japanese_help_of_every_command_is_japanese() {
    let allowed = command_words();
    let mut bad = Vec::new();
    for (asked, help) in every_help() {
        for w in english_words(&help, &allowed) {
            bad.push(format!("maillint {asked}: {w}"));
        }
        // clap's own English words, and its headings.
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "Commands",
            "Possible values",
            "default:",
            "Print",
        ] {
            if help.contains(english) {
                bad.push(format!("maillint {asked}: {english:?}"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "English in the Japanese help:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_checker_finds_english() {
    let allowed = command_words();
    assert!(
        english_words(
            "      --format <FORMAT>  出力形式 [既定値: human]",
            &allowed
        )
        .is_empty()
    );
    assert!(
        english_words(
            "  -h, --help  ヘルプを表示します (詳しくは「--help」)",
            &allowed
        )
        .is_empty()
    );
    assert_eq!(
        english_words("  check  Check settings files", &allowed).len(),
        3
    );
    assert!(english_words("(「550 5.1.1 User\n unknown」)", &allowed).is_empty());
    assert_eq!(
        english_words("使い方: maillint [OPTIONS]", &allowed).len(),
        1
    );
}

/// Display width in a terminal.
fn columns(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

#[test]
fn the_japanese_help_fits_in_80_columns_and_breaks_where_japanese_may() {
    let mut bad = Vec::new();
    for (asked, help) in every_help() {
        for line in help.lines() {
            if columns(line) > WIDTH {
                bad.push(format!(
                    "maillint {asked}: {} columns: {line}",
                    columns(line)
                ));
            }
            let text = line.trim();
            // No line starts with what closes, nor ends with what opens.
            if text.starts_with(['、', '。', '」', ')', '・', 'ー', 'っ', 'ゃ', 'ゅ', 'ょ'])
            {
                bad.push(format!(
                    "maillint {asked}: starts with a closing mark: {line}"
                ));
            }
            if text.ends_with(['「', '(']) {
                bad.push(format!(
                    "maillint {asked}: ends with an opening mark: {line}"
                ));
            }
        }
        // A flag is never cut in two.
        for token in help.split_whitespace() {
            if token.ends_with('-') && token.starts_with("--") {
                bad.push(format!("maillint {asked}: a flag cut in two: {token}"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The entries of a rendered list (`コマンド:`, `引数:`, `オプション:`) with
/// the lines that follow each.
fn entries(help: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut in_list = false;
    for line in help.lines() {
        if line.ends_with(':') && !line.starts_with(' ') {
            in_list = true;
        } else if line.trim().is_empty() {
            // An empty line ends an entry's paragraph, not the list.
            if let Some(last) = out.last_mut() {
                last.push(line);
            }
        } else if in_list && line.len() - line.trim_start().len() < NEXT_LINE_COL {
            // Names at two columns (six for a long option without a short
            // one); a help, beside or below them, never starts before ten.
            out.push(vec![line]);
        } else if let Some(last) = out.last_mut() {
            last.push(line);
        }
    }
    out
}

/// Where the help of an entry starts: after the names and two spaces or more.
fn text_col(entry: &str) -> Option<usize> {
    let names = entry.len() - entry.trim_start().len();
    let names_end = entry[names..].find("  ").map(|i| i + names)?;
    let gap = entry[names_end..].len() - entry[names_end..].trim_start().len();
    Some(columns(&entry[..names_end + gap]))
}

#[test]
fn a_wrapped_help_stays_in_its_column() {
    let mut checked = 0;
    for (asked, help) in every_help() {
        for entry in entries(&help) {
            // Beside the names, else on the next line at clap's indent.
            let col = text_col(entry[0]).unwrap_or(NEXT_LINE_COL);
            for line in &entry[1..] {
                if line.trim().is_empty() {
                    continue;
                }
                let indent = line.len() - line.trim_start().len();
                // A possible value's lines are under its help.
                let in_value_list = line.trim_start().starts_with("- ")
                    || (indent > col
                        && entry
                            .iter()
                            .any(|l| l.trim() == Ui::HelpPossibleValuesHeading.get(Lang::Ja)));
                assert!(
                    indent == col || in_value_list,
                    "maillint {asked}: {line:?} is at column {indent}, its help at {col}:\n{help}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked} lines");
}

#[test]
fn the_abouts_of_the_list_of_commands_start_in_one_column() {
    let help = render(&["-h"]);
    let list: Vec<&str> = help
        .lines()
        .skip_while(|l| *l != "コマンド:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    let starts: BTreeSet<usize> = list
        .iter()
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| text_col(l))
        .collect();
    assert_eq!(starts.len(), 1, "{help}");
    // The wrapped lines of an about are under it.
    let col = starts.first().copied().unwrap_or(0);
    for l in list.iter().filter(|l| l.starts_with("   ")) {
        assert_eq!(l.len() - l.trim_start().len(), col, "{l:?}\n{help}");
    }
    assert!(list.len() > 9, "{help}");
}

#[test]
fn values_and_defaults_are_said_in_japanese_in_both_helps() {
    let short = render(&["rules", "-h"]);
    assert!(
        short.contains("出力形式 [既定値: human] [使える値: human, json]"),
        "{short}"
    );
    let long = render(&["check", "--help"]);
    assert!(
        long.contains("使える値:\n          - human:   人が読むための表示"),
        "{long}"
    );
    assert!(long.contains("[既定値: 64M]"), "{long}");
    assert!(long.contains("[使える値: en, ja]"), "{long}");
    // A value's wrapped help is under its first line.
    let at = long.find("- sarif:").expect("sarif");
    let next = long[at..].lines().nth(1).expect("a second line");
    assert_eq!(
        next.len() - next.trim_start().len(),
        10 + "- concise: ".len(),
        "{long}"
    );
}

#[test]
fn the_usage_names_options_and_commands_in_japanese() {
    let top = render(&["-h"]);
    assert!(
        top.contains("使い方: maillint [オプション] [PATHS]...\n        maillint <コマンド>\n"),
        "{top}"
    );
    assert!(render(&["help", "help"]).contains("使い方: maillint help [コマンド]..."));
    assert!(render(&["check", "-h"]).contains("使い方: maillint check [オプション] [PATHS]..."));
    // The help of `help check` is `check --help`.
    assert_eq!(render(&["help", "check"]), render(&["check", "--help"]));
}

#[test]
fn wrapping_keeps_a_command_line_whole_and_breaks_japanese_anywhere_else() {
    let text = "マニュアルページを roff 形式で出力します (`maillint man > maillint.1`)";
    let wrapped = wrap(text, 44);
    assert!(wrapped.contains("`maillint man > maillint.1`"), "{wrapped}");
    assert!(wrapped.lines().all(|l| columns(l) <= 44), "{wrapped}");
    let japanese = "あいうえおかきくけこさしすせそたちつてと、なにぬねの。";
    let wrapped = wrap(japanese, 20);
    assert_eq!(wrapped.replace('\n', ""), japanese);
    assert!(
        wrapped
            .lines()
            .all(|l| columns(l) <= 20 && !l.starts_with('、')),
        "{wrapped}"
    );
}
