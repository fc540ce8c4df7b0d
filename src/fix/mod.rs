//! Fixes: byte-range edits of a file's decoded text, written back in the
//! file's own encoding so that every byte outside the edits stays as it was.
//!
//! A rule attaches a [`Fix`] to its finding: the edits, each built from a
//! model value and the new value through the reader's [`Rewrite`] (so the
//! rule never knows file syntax). The fix engine then:
//! - [`edits`]: picks the fixes to apply (safe, or also unsafe), one per
//!   overlapping range, and says which were left;
//! - [`apply`]: splices the re-encoded replacements into the original bytes
//!   at their on-disk ranges ([`encode`] turns text into the file's encoding);
//! - [`write`]: replaces the file safely (refusals, backup, temporary file,
//!   fsync, rename), with [`lock`] telling whether the client holds the profile;
//! - [`diff`]: the unified diff of the decoded text for `--diff`;
//! - [`reg_patch`]: a `.reg` that sets only the changed values, for
//!   `--reg-patch`.
//!
//! [`Rewrite`]: crate::source::Rewrite

pub mod apply;
pub mod diff;
pub mod edits;
pub mod encode;
pub mod lock;
pub mod reg_patch;
pub mod write;

pub use edits::{Applicability, Edit, Fix, FixPlan, plan};
