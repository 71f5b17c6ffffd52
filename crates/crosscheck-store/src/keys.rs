//! Typed keys: how the store names a document and a story.
//!
//! Inside an analysis a document is an index into the run's slice; at the store it is a
//! [`DocKey`]; only the report speaks string ids. The newtypes keep a story key from being
//! passed where a document key is meant.

use serde::{Deserialize, Serialize};

/// A stored document's key: stable for the life of the database (never renumbered).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DocKey(pub i64);

/// A stored story's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct StoryKey(pub i64);

impl std::fmt::Display for DocKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "document #{}", self.0)
    }
}

impl std::fmt::Display for StoryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "story #{}", self.0)
    }
}
