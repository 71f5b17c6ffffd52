//! Report: the JSON contract and the Markdown brief.
//!
//! [`Report`] mirrors `REPORT.md` field for field; users script against it, so every field is
//! always present (empty where a capability has not run) and spans are *character* offsets,
//! converted from the pipeline's byte ranges by the report builder and nowhere else.

mod contract;
mod markdown;
mod stream;

pub use contract::{
    CharSpan, Claim, Contradiction, DocumentEntry, Entity, Mention, Passage, Quote, Report,
    ReuseEntry, ReuseSubstitution, Rewrite, RewriteEvidence, Skipped, Story, Substitution,
    TimelineEntry, SCHEMA,
};
pub use markdown::render_markdown;
pub use stream::{write_json, WriteError};
