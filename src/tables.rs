//! The embedded text tables: each `rules/<name>.toml` listed in `build.rs`'s
//! `TABLES` is compiled into a typed key enum with static texts (see
//! `build/codegen.rs`), so a misspelt key is a compile error and nothing is
//! parsed at run time. Adding a table: one line in `TABLES`, one module here.

/// Names of the settings findings talk about (`rules/fields.toml`).
pub mod fields {
    use crate::i18n::{Lang, StaticText};
    include!(concat!(env!("OUT_DIR"), "/table_fields.rs"));
}

/// Words of the command line and the renderers (`rules/ui.toml`).
pub mod ui {
    use crate::i18n::{Lang, StaticText};
    include!(concat!(env!("OUT_DIR"), "/table_ui.rs"));

    impl Ui {
        /// The text in `lang` with its `{placeholders}` filled.
        pub fn fill(self, lang: Lang, args: &[(&str, String)]) -> String {
            crate::i18n::fill(self.get(lang), args)
        }
    }
}

pub use fields::Field;
pub use ui::Ui;

/// Words of `maillint report` (`rules/report.toml`).
pub mod report {
    use crate::i18n::{Lang, StaticText};
    include!(concat!(env!("OUT_DIR"), "/table_report.rs"));
}

/// Words of `maillint diagnose` (`rules/diagnose.toml`).
pub mod diagnose {
    use crate::i18n::{Lang, StaticText};
    include!(concat!(env!("OUT_DIR"), "/table_diagnose.rs"));
}

pub use diagnose::DiagnoseWord;
pub use report::ReportWord;

/// What readers skip and how they read a file (`rules/notes.toml`).
pub mod notes {
    use crate::i18n::{Lang, StaticText};
    include!(concat!(env!("OUT_DIR"), "/table_notes.rs"));
}

pub use notes::SkipKind;
