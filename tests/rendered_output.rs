//! Human output as a person sees it in a terminal: each label's `┬` sits
//! under the character it names, counted in terminal cells (full-width and
//! CJK characters are two cells wide).

mod common;

use common::maillint;
use unicode_width::UnicodeWidthStr;

/// A Thunderbird profile whose values hold full-width characters, CJK text
/// and a double dot, each a label inside its value.
const PREFS: &str = r#"user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.identity.id1.useremail", "Taro.Yamada＠example.jp");
user_pref("mail.identity.id1.reply_to", "やまだ＠example.jp");
user_pref("mail.server.server1.hostname", "pop.example.jp");
user_pref("mail.server.server1.type", "pop3");
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.port", 995);
user_pref("mail.server.server1.userName", "taro..x");
user_pref("mail.smtpserver.smtp1.hostname", "www．example．jp");
user_pref("mail.smtpserver.smtp1.port", 587);
user_pref("mail.smtpserver.smtp1.try_ssl", 2);
user_pref("mail.smtpservers", "smtp1");
"#;

fn render(lang: &str, prefs: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("prefs.js"), prefs).expect("write");
    let out = maillint()
        .env("LANG", lang)
        .arg("check")
        .arg(dir.path().join("prefs.js"))
        .output()
        .expect("runs");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The terminal column (0-based, in cells) of byte offset `at` of `line`.
fn cells(line: &str, at: usize) -> usize {
    line[..at].width()
}

/// For the block of the finding `header` (its message line), the source line
/// holding `needle` and the cell columns of every `┬` drawn under it.
fn label_columns(out: &str, header: &str, needle: &str) -> (String, Vec<usize>) {
    let start = out
        .find(header)
        .unwrap_or_else(|| panic!("no finding {header:?} in:\n{out}"));
    let block = &out[start..];
    let block = &block[..block.find("\n\n").unwrap_or(block.len())];
    let lines: Vec<&str> = block.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.contains(" │ ") && l.contains(needle))
        .unwrap_or_else(|| panic!("no source line with {needle:?} in:\n{block}"));
    let marks = lines[i + 1];
    let cols = marks
        .char_indices()
        .filter(|&(_, c)| c == '┬')
        .map(|(b, _)| cells(marks, b))
        .collect();
    (lines[i].to_string(), cols)
}

/// The cells `[first, last]` that the `n`-th occurrence of `target` (after
/// `after`) covers on `line`.
fn target_cells(line: &str, after: &str, target: &str, n: usize) -> (usize, usize) {
    let base = line.find(after).expect("value on the line") + after.len();
    let at = line[base..]
        .match_indices(target)
        .nth(n)
        .map(|(b, _)| base + b)
        .expect("target in the value");
    let first = cells(line, at);
    (first, first + target.width() - 1)
}

fn assert_under(col: usize, (first, last): (usize, usize), what: &str, out: &str) {
    assert!(
        (first..=last).contains(&col),
        "label for {what} at cell {col}, expected within {first}..={last}:\n{out}"
    );
}

#[test]
fn labels_sit_under_the_character_they_name_in_en_and_ja() {
    for (lang, at_header, dot_header) in [
        (
            "C",
            "full-width character '＠' in the e-mail address",
            "full-width character '．' in the outgoing mail server",
        ),
        (
            "ja_JP.UTF-8",
            "メールアドレス「Taro.Yamada＠example.jp」に全角文字",
            "送信メール (SMTP) サーバー「www．example．jp」",
        ),
    ] {
        let out = render(lang, PREFS);
        // The full-width ＠ after ASCII: one label, under the ＠ (two cells).
        let (line, cols) = label_columns(&out, at_header, "Taro.Yamada＠");
        assert_eq!(cols.len(), 1, "{out}");
        assert_under(
            cols[0],
            target_cells(&line, "\"Taro.Yamada", "＠", 0),
            "＠",
            &out,
        );
        // Not at the value's end, where miette hangs inner labels.
        let end = target_cells(&line, "＠example.j", "p", 0).0;
        assert!(cols[0] < end, "{out}");

        // Two full-width dots: one label under each, not `┬┬` at the end.
        let (line, cols) = label_columns(&out, dot_header, "www．example．jp");
        assert_eq!(cols.len(), 2, "{out}");
        assert_under(
            cols[0],
            target_cells(&line, "\"www", "．", 0),
            "first ．",
            &out,
        );
        assert_under(
            cols[1],
            target_cells(&line, "\"www", "．", 1),
            "second ．",
            &out,
        );
    }
}

#[test]
fn labels_after_cjk_text_count_two_cells_per_character() {
    let out = render("C", PREFS);
    let (line, cols) = label_columns(&out, "in the reply-to address 'やまだ＠", "やまだ＠");
    assert_eq!(cols.len(), 1, "{out}");
    // やまだ is six cells: the label is under ＠, not three cells to its left.
    assert_under(
        cols[0],
        target_cells(&line, "\"やまだ", "＠", 0),
        "＠",
        &out,
    );
}

#[test]
fn double_dot_label_sits_under_the_dots() {
    let prefs = PREFS.replace("Taro.Yamada＠example.jp", "taro..yamada@example.jp");
    let out = render("C", &prefs);
    let (line, cols) = label_columns(&out, "two dots in a row\n", "taro..yamada");
    assert_eq!(cols.len(), 1, "{out}");
    assert_under(cols[0], target_cells(&line, "\"taro", "..", 0), "..", &out);
}

/// The help's label is in the output's language and as wide as miette's
/// `help`, so the help's wrapped lines and the FAQ line stay under its text;
/// with colours too.
#[test]
fn the_help_label_is_japanese_and_keeps_the_help_aligned() {
    let ja = render("ja_JP.UTF-8", PREFS);
    let en = render("C", PREFS);
    assert!(!ja.contains("help"), "{ja}");
    for (out, label) in [(&ja, "対処: "), (&en, "help: ")] {
        let mut seen = 0;
        let lines: Vec<&str> = out.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(text) = line.strip_prefix("  ").and_then(|l| l.strip_prefix(label)) else {
                continue;
            };
            seen += 1;
            assert!(!text.starts_with(' '), "{line}");
            // The help's text starts at cell 8; so does every line after it.
            assert_eq!(cells(line, line.len() - text.len()), 8, "{line}");
            let next = lines[i + 1];
            assert!(
                next.starts_with("        ") && !next.starts_with("         "),
                "{next}"
            );
        }
        assert!(seen >= 3, "{out}");
    }
    // Coloured: the word is replaced inside its colour codes.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("prefs.js"), PREFS).expect("write");
    let out = maillint()
        .args(["check", "--color", "always", "--lang", "ja"])
        .arg(dir.path().join("prefs.js"))
        .output()
        .expect("runs");
    let out = String::from_utf8(out.stdout).expect("utf-8");
    assert!(out.contains("\u{1b}[36m  対処: \u{1b}[0m"), "{out:?}");
    assert!(!out.contains("help"), "{out}");
}
