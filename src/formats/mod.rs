//! Readers: one module per client or template format. A reader knows its
//! file format and nothing of rules; it produces a [`crate::model::Document`].

pub mod ini;
pub mod thunderbird;
