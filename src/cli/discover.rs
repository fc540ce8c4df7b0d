//! `maillint discover`: which mail clients this machine has, one line per
//! place looked at, so that a support desk sees them at a glance.

use std::io::Write;

use super::args::DiscoverArgs;
use super::{EXIT_OK, EXIT_USAGE, resolve_lang, usage_error};
use crate::discover::{self, Home, Searched};
use crate::i18n::Lang;
use crate::tables::Ui;

pub fn discover(args: &DiscoverArgs) -> i32 {
    let lang = resolve_lang(args.lang);
    let Some(home) = Home::from_env() else {
        return usage_error("cannot find the home folder to look for mail clients in");
    };
    let text = render(&discover::search(&home), lang);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("maillint: cannot write the listing: {e}");
            EXIT_USAGE
        }
    }
}

/// `client  path  found|not found`, columns aligned.
pub fn render(places: &[Searched], lang: Lang) -> String {
    let width = places
        .iter()
        .map(|p| p.client.chars().count())
        .max()
        .unwrap_or(0);
    let mut s = String::new();
    for p in places {
        let state = if p.found {
            Ui::DiscoverFound
        } else {
            Ui::DiscoverNotFound
        }
        .get(lang);
        s.push_str(&format!(
            "{:<width$}  {}  {}\n",
            p.client,
            p.path.display(),
            state
        ));
    }
    s
}
