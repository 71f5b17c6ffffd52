//! The report builder: findings of the stages (document indices, byte ranges, enums) turned
//! into report entries (document ids, character spans). The one place besides
//! `crosscheck::span` that converts bytes to characters.

mod documents;
mod facts;
mod offsets;
mod quotes;
mod reuse;
mod rewrite;
mod statements;
mod stories;

pub(crate) use documents::{brief_entry, document_entry};
pub(crate) use facts::fact_entries;
pub(crate) use quotes::entity_and_quote_entries;
pub(crate) use reuse::reuse_entries;
pub(crate) use rewrite::{rewrite_entry, wording};
pub(crate) use stories::join_translated_stories;
