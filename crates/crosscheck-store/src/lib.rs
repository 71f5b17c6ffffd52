//! Persistence for crosscheck: the corpus on disk.
//!
//! The engine talks to a store through one seam, [`CorpusStore`] (documents, the reuse index,
//! stories, full-text search), with typed keys ([`DocKey`], [`StoryKey`]) and plain records. [`SqliteStore`]
//! implements it over an embedded SQLite file (`crosscheck.db` by default), so a laptop needs
//! no server and a crawl survives restarts. It keeps [`Document`]s keyed by their content hash.
//! Writes happen in [`Batch`]es, each one transaction: a crash or Ctrl-C loses at most the
//! batch in flight, never half a document, and a file counts as ingested only once all its
//! documents are committed, which is what lets a re-run resume where the last one stopped.
//!
//! ```
//! use crosscheck::ingest::{build_from_text, IngestOptions};
//! use crosscheck_store::{Batch, DocumentStore, SqliteStore};
//!
//! let mut store = SqliteStore::open_in_memory().unwrap();
//! let doc = build_from_text("a", "The city was quiet.", &IngestOptions::default()).unwrap();
//! let mut batch = Batch::default();
//! batch.documents.push(doc.clone());
//! assert_eq!(store.commit(&batch).unwrap().inserted, 1);
//! assert_eq!(store.commit(&batch).unwrap().duplicates, 1); // idempotent
//! assert_eq!(store.document_count().unwrap(), 1);
//! ```
#![deny(missing_docs)]

pub mod codec;
mod corpus;
mod error;
mod keys;
mod migrations;
mod records;
mod sqlite;

pub use corpus::{
    CorpusStore, DocumentStore, ReuseStore, SearchStore, StoryStore, TranslationStore,
};
pub use error::{Result, StoreError};
pub use keys::{DocKey, StoryKey};
pub use migrations::SCHEMA_VERSION;
pub use records::{
    AnchorPosting, Batch, CommitOutcome, DocAnchors, FileMark, Fingerprints, ReuseCandidate,
    SearchHit, SnippetPiece, StoredReuse, StoredStory, StoryMember, StoryOverview, StoryPart,
    StoryPlacement, StoryRef,
};
pub use sqlite::SqliteStore;

/// Re-exported so callers name one `Document` type.
pub use crosscheck::Document;

/// The default database file name.
pub const DEFAULT_DB: &str = "crosscheck.db";
