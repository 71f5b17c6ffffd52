//! Report: the JSON contract, the Markdown brief and its HTML page.
//!
//! [`Report`] mirrors `REPORT.md` field for field; users script against it, so every field is
//! always present (empty where a capability has not run) and spans are *character* offsets,
//! converted from the pipeline's byte ranges by the report builder and nowhere else.

mod contract;
mod html;
mod markdown;
mod stream;

pub use contract::{
    CharSpan, Claim, Contradiction, DocumentEntry, Entity, Mention, Passage, Quote, Report,
    ReuseEntry, ReuseSubstitution, Rewrite, RewriteEvidence, Skipped, Story, Substitution,
    TimelineEntry, SCHEMA,
};
/// What decided a reuse pair's direction (`ReuseEntry::direction`).
pub use crosscheck_reuse::DirectionEvidence;
pub(crate) use html::markdown_to_html as html_page;
pub use html::render_html;
pub use markdown::render_markdown;
pub use stream::{write_json, WriteError};
