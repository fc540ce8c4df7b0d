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

/// Why a value has the value it has: the client's rule behind a default or
/// derived value (`rules/basis.toml`), for `maillint report`.
pub mod basis {
    use crate::i18n::{Lang, StaticText};
    include!(concat!(env!("OUT_DIR"), "/table_basis.rs"));

    use crate::source::Basis;

    /// The text of a basis. A match, not a lookup: a new `Basis` without its
    /// text does not compile.
    pub fn text(basis: Basis) -> BasisText {
        match basis {
            Basis::ClientDefault => BasisText::ClientDefault,
            Basis::ProtocolPort => BasisText::ProtocolPort,
            Basis::SubmissionPortSince91 => BasisText::SubmissionPortSince91,
            Basis::PortAtMostOneUnset => BasisText::PortAtMostOneUnset,
            Basis::PortNotSwitchedOn => BasisText::PortNotSwitchedOn,
            Basis::PortFromHostName => BasisText::PortFromHostName,
            Basis::ProtocolCheckDefault => BasisText::ProtocolCheckDefault,
            Basis::VersionFromClawsrc => BasisText::VersionFromClawsrc,
            Basis::VersionZero => BasisText::VersionZero,
            Basis::SameAsIncoming => BasisText::SameAsIncoming,
            Basis::StarttlsMigrated => BasisText::StarttlsMigrated,
            Basis::StarttlsDroppedSince132 => BasisText::StarttlsDroppedSince132,
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn every_basis_text_is_named_as_json_names_the_basis() {
            for b in [
                Basis::ClientDefault,
                Basis::ProtocolPort,
                Basis::SubmissionPortSince91,
                Basis::PortAtMostOneUnset,
                Basis::PortNotSwitchedOn,
                Basis::PortFromHostName,
                Basis::ProtocolCheckDefault,
                Basis::VersionFromClawsrc,
                Basis::VersionZero,
                Basis::SameAsIncoming,
                Basis::StarttlsMigrated,
                Basis::StarttlsDroppedSince132,
            ] {
                let json = serde_json::to_value(b).expect("serialises");
                assert_eq!(json.as_str(), Some(text(b).key()), "{b:?}");
            }
            assert_eq!(BasisText::ALL.len(), 12);
        }
    }
}

/// clap's help in Japanese (`rules/help.toml`): commands' abouts, arguments'
/// helps and possible values' helps, keyed by command name and clap argument
/// id (see `cli::help_ja`).
pub mod help {
    use crate::i18n::{Lang, StaticText};
    include!(concat!(env!("OUT_DIR"), "/table_help.rs"));
}

pub use help::HelpText;
