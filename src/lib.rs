//! maillint: a linter for mail-client configurations.
//!
//! The flow goes one way (docs/architecture.md):
//! bytes → [`source`] → [`formats`] → [`model`] → [`rules`] → [`diagnostics`] → [`report`].

pub mod catalogue;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod escape;
pub mod fix;
pub mod formats;
pub mod i18n;
pub mod inputs;
pub mod model;
pub mod online;
pub mod path_parts;
pub mod pipeline;
pub mod policy;
pub mod registry;
pub mod report;
pub mod rules;
pub mod secrets;
pub mod source;
pub mod suggest;
pub mod support;
pub mod suppressions;
pub mod syntax;
pub mod tables;
#[cfg(test)]
mod test_files;
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub mod testing;
pub mod workers;
