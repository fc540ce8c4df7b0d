//! The support desk's tools, one module per command:
//! - [`report`]: `maillint report`, a redacted report a customer attaches to
//!   a mail (building it, redaction, Markdown and JSON layouts);
//! - [`diagnose`]: `maillint diagnose`, reading a bounce and saying what it
//!   means;
//! - [`knowledge`]: the error-code and bounce-text knowledge base behind
//!   `maillint explain` (and `diagnose`);
//! - [`words`]: the texts `report` and `diagnose` share, and their language
//!   choice (`--lang both`).

pub mod diagnose;
pub mod knowledge;
pub mod report;
pub mod words;
