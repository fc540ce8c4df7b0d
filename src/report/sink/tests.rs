use super::*;
use crate::report::human::{self, HumanOptions};

/// The writes an output received, one by one (the parts' tests use it too).
#[derive(Default)]
pub(crate) struct Writes(pub(crate) Vec<Vec<u8>>);

impl Write for Writes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.push(buf.to_vec());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Parts made on the threads are written one by one, in the items' order,
/// after what was written before them, each scrubbed, on 1, 2 and 4
/// threads (ten windows and more).
#[test]
fn parts_are_written_in_order_and_scrubbed() {
    let secrets = Scrubber::for_outputs(["hunter2".to_string()]);
    let items: Vec<usize> = (0..100).collect();
    let expected: String = std::iter::once("head\n".to_string())
        .chain(items.iter().map(|i| format!("{i} *******\n")))
        .chain(std::iter::once("tail\n".to_string()))
        .collect();
    for threads in [1, 2, 4] {
        let workers = Workers::new(threads);
        let mut out = Writes::default();
        let mut sink = Sink::new(&mut out, Guard::new(&secrets, Syntax::Text));
        sink.buf().extend_from_slice(b"head\n");
        sink.parts_in_order(&workers, &items, |i| format!("{i} hunter2\n").into_bytes())
            .expect("written");
        sink.buf().extend_from_slice(b"tail\n");
        sink.finish().expect("finished");
        assert_eq!(out.0.len(), 102, "{threads} threads: a write a part");
        assert_eq!(out.0[1], b"0 *******\n");
        assert_eq!(out.0.concat(), expected.as_bytes(), "{threads} threads");
    }
}

/// An error of the output stops the writing and is returned.
#[test]
fn an_output_error_is_returned() {
    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("broken"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = Broken;
    let mut sink = Sink::new(&mut out, Guard::none());
    let items: Vec<usize> = (0..10).collect();
    let r = sink.parts_in_order(&Workers::new(2), &items, |i| vec![b'0' + *i as u8]);
    assert!(r.is_err());
}

/// A Claws Mail accountrc of `n` accounts, each with a finding or two
/// (port 25 without authentication).
fn accountrc(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "[Account: {}]\naccount_name=Account {i}\nname=User {i}\naddress=user{i}@example.jp\n\
                 protocol=0\nreceive_server=pop.example.jp\nsmtp_server=smtp.example.jp\n\
                 user_id=user{i}\nuse_smtp_auth=0\nset_smtpport=1\nsmtp_port=25\n\n",
                i + 1
            )
        })
        .collect()
}

/// A check of [`accountrc`] of `n` accounts.
fn checked(n: usize) -> crate::pipeline::RunOutput {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("accountrc");
    std::fs::write(&path, accountrc(n)).expect("written");
    crate::pipeline::check_paths(
        &[path],
        &crate::pipeline::CheckOptions {
            threads: 1,
            ..Default::default()
        },
    )
}

/// The concise, GitHub and JUnit reports written line by line are cut into parts
/// of about [`TEXT_PART`] at line ends and hold what `render` gives; with
/// a secret value holding a line break they are one part.
#[test]
fn line_reports_are_cut_at_line_ends() {
    let run = checked(2000);
    let (d, s) = (&run.diagnostics[..], &run.sources);
    use crate::diagnostics::Severity;
    use crate::report::{concise, github, junit};
    let rules = [
        ("ML302", "cleartext-password-without-tls"),
        ("ML999", "none"),
    ];
    type Write<'a> = Box<dyn Fn(&mut Sink) -> std::io::Result<()> + 'a>;
    let formats: [(String, Write, Syntax); 3] = [
        (
            concise::render(d, s),
            Box::new(|sink| concise::write(d, s, sink)),
            Syntax::Text,
        ),
        (
            github::render(d, s),
            Box::new(|sink| github::write(d, s, sink)),
            Syntax::Text,
        ),
        (
            junit::render(d, s, &rules, Severity::Warning),
            Box::new(|sink| junit::write(d, s, &rules, Severity::Warning, sink)),
            Syntax::Xml,
        ),
    ];
    let newline = Scrubber::for_outputs(["a\nb".to_string()]);
    for (whole, write, syntax) in formats {
        assert!(whole.len() > 3 * TEXT_PART, "{}", whole.len());
        let mut out = Writes::default();
        let mut sink = Sink::new(&mut out, Guard::none());
        write(&mut sink).expect("written");
        sink.finish().expect("finished");
        assert!(out.0.len() > 1);
        for part in &out.0[..out.0.len() - 1] {
            assert!(part.len() >= TEXT_PART && part.ends_with(b"\n"));
        }
        assert_eq!(out.0.concat(), whole.as_bytes());
        let mut out = Writes::default();
        let mut sink = Sink::new(&mut out, Guard::new(&newline, syntax));
        write(&mut sink).expect("written");
        sink.finish().expect("finished");
        assert_eq!(out.0.len(), 1);
        assert_eq!(out.0.concat(), whole.as_bytes());
    }
}

/// The human report written part by part holds what `render` gives, on 1,
/// 2 and 4 threads, in more parts than one; every part but the first starts
/// a finding or the summary, after a line break. A secret value holding a
/// line break (which a part's cut could split) has the report written as
/// one part, scrubbed whole.
#[test]
fn the_human_report_is_written_in_parts_as_render_gives_it() {
    let run = checked(300);
    assert!(run.diagnostics.len() > 300, "{}", run.diagnostics.len());
    let opts = |threads| HumanOptions {
        color: false,
        lang: crate::i18n::Lang::En,
        width: 100,
        quiet: false,
        threads,
    };
    let whole = human::render(&run.diagnostics, &run.sources, &opts(1));
    assert!(whole.ends_with("\n") && whole.contains("accountrc:3599:11]"));
    for threads in [1, 2, 4] {
        let mut out = Writes::default();
        let mut sink = Sink::new(&mut out, Guard::none());
        human::write(&run.diagnostics, &run.sources, &opts(threads), &mut sink).expect("written");
        sink.finish().expect("finished");
        assert!(out.0.len() > 4, "{threads} threads: {} parts", out.0.len());
        for (i, part) in out.0.iter().enumerate().skip(1) {
            assert!(out.0[i - 1].ends_with(b"\n"), "part {i}");
            assert!(
                !part.starts_with(b" ") && !part.starts_with(b"\n"),
                "part {i}"
            );
        }
        assert_eq!(out.0.concat(), whole.as_bytes(), "{threads} threads");
    }
    // A "secret" that spans the end of one finding and the start of the
    // next: scrubbed as in the whole text, the report written at once.
    let first_break = whole.find("\n\n").expect("a blank line");
    let at = whole[first_break + 2..]
        .find("\n\n")
        .map(|i| i + first_break + 2)
        .expect("a second finding");
    let spanning = whole[at - 3..at + 5].to_string();
    let secrets = Scrubber::for_outputs([spanning.clone()]);
    let mut masked = whole.as_bytes().to_vec();
    secrets.scrub_bytes(&mut masked, Syntax::Text);
    assert_ne!(masked, whole.as_bytes());
    for threads in [1, 2] {
        let mut out = Writes::default();
        let mut sink = Sink::new(&mut out, Guard::new(&secrets, Syntax::Text));
        human::write(&run.diagnostics, &run.sources, &opts(threads), &mut sink).expect("written");
        sink.finish().expect("finished");
        assert_eq!(out.0.len(), 1, "{threads} threads");
        assert_eq!(out.0.concat(), masked, "{threads} threads");
    }
}
