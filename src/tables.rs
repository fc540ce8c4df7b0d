//! The embedded text tables: each `rules/<name>.toml` listed in `build.rs`'s
//! `TABLES` is compiled into a typed key enum with static texts (see
//! `build/codegen.rs`), so a misspelt key is a compile error and nothing is
//! parsed at run time. Adding a table: one line in `TABLES`, one module here.

/// Names of the settings findings talk about (`rules/fields.toml`).
pub mod fields {
    use crate::i18n::{Lang, StaticText};
    include!(concat!(env!("OUT_DIR"), "/table_fields.rs"));
}

pub use fields::Field;
