//! The support desk's tools: `maillint report` (a redacted report a customer
//! attaches to a mail), the knowledge base behind `maillint explain` for
//! error codes and bounce texts, and `maillint diagnose` for bounces.

pub mod diagnose;
pub mod knowledge;
pub mod notes;
pub mod redact;
pub mod report;
pub mod report_json;
pub mod report_md;
pub mod words;
