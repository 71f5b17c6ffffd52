//! The store seam: what the engine needs of a corpus store, whatever holds it.
//!
//! The engine is generic over [`CorpusStore`]; the SQLite store ([`crate::SqliteStore`])
//! implements it, and a server-backed store implements the same three traits. Each trait
//! names one concern — documents, the reuse index, stories — and speaks typed keys
//! ([`DocKey`], [`StoryKey`]) and plain data, never SQL.

use crosscheck::{ContentHash, Document};

use crate::error::Result;
use crate::keys::{DocKey, StoryKey};
use crate::records::{Batch, CommitOutcome, StoredReuse, StoredStory, StoryMember, StoryPlacement};

/// Documents keyed by content hash, and the input files completely ingested.
pub trait DocumentStore {
    /// Write `batch` in one transaction: documents new to the store get a key (and their
    /// reuse fingerprints are indexed), the rest count as duplicates; completed files are
    /// marked.
    fn commit(&mut self, batch: &Batch) -> Result<CommitOutcome>;
    /// Whether `path` was fully ingested before with this size and modification time.
    fn file_is_done(&self, path: &str, size: u64, modified: i64) -> Result<bool>;
    /// Number of stored documents.
    fn document_count(&self) -> Result<u64>;
    /// The stored document with content hash `hash`.
    fn document(&self, hash: &ContentHash) -> Result<Option<Document>>;
    /// The stored document with key `key`.
    fn document_by_key(&self, key: DocKey) -> Result<Option<Document>>;
    /// The key of the stored document with content hash `hash`.
    fn key_of(&self, hash: &ContentHash) -> Result<Option<DocKey>>;
    /// Every stored document, ordered by id then hash (a stable order for reports).
    fn documents(&self) -> Result<Vec<Document>>;
}

/// The reuse index (skeleton fingerprints per document) and the derived pairs found.
pub trait ReuseStore {
    /// Documents sharing at least `min_shared` of `fingerprints`, ignoring fingerprints held
    /// by more than `max_documents` documents (boilerplate): `(key, shared count)`, by key.
    fn reuse_candidates(
        &self,
        fingerprints: &[u32],
        min_shared: u32,
        max_documents: usize,
    ) -> Result<Vec<(DocKey, u32)>>;
    /// Record derived pairs (replacing earlier verdicts on the same pairs) in one
    /// transaction.
    fn record_reuse(&mut self, pairs: &[StoredReuse]) -> Result<()>;
    /// Every stored derived pair, by target then source content hash.
    fn reuse_pairs(&self) -> Result<Vec<StoredReuse>>;
}

/// Stories kept between runs: what an incremental story index resumes from.
pub trait StoryStore {
    /// Number of documents placed in stories.
    fn placed_document_count(&self) -> Result<u32>;
    /// Stored documents not yet placed in a story, in an order that does not depend on the
    /// order they were written in: by publication date (undated last), then content hash.
    fn unplaced_documents(&self) -> Result<Vec<DocKey>>;
    /// Document frequencies of `terms` (terms never seen are left out).
    fn story_document_frequencies(&self, terms: &[u64]) -> Result<Vec<(u64, u32)>>;
    /// Stories having `term`, at most `limit` of them (the latest).
    fn stories_with_term(&self, term: u64, limit: usize) -> Result<Vec<StoryKey>>;
    /// The first `per_end` and the latest `per_end` members of `story`, in placement order.
    fn story_members(&self, story: StoryKey, per_end: usize) -> Result<Vec<StoryMember>>;
    /// The title of `story`, if it has one.
    fn story_title(&self, story: StoryKey) -> Result<Option<String>>;
    /// The story of each placed document among `docs`.
    fn story_of_documents(&self, docs: &[DocKey]) -> Result<Vec<(DocKey, StoryKey)>>;
    /// Write one round of placements in one transaction. Returns the keys given to the new
    /// stories.
    fn record_placements(&mut self, placements: &[StoryPlacement]) -> Result<Vec<StoryKey>>;
    /// Every story, in key order.
    fn stories(&self) -> Result<Vec<StoredStory>>;
}

/// Everything the engine needs of a store.
pub trait CorpusStore: DocumentStore + ReuseStore + StoryStore {}

impl<T: DocumentStore + ReuseStore + StoryStore> CorpusStore for T {}
