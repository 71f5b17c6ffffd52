//! Persistence for crosscheck: the corpus on disk.
//!
//! A [`Store`] keeps [`Document`]s keyed by their content hash in an embedded SQLite file
//! (`crosscheck.db` by default), so a laptop needs no server and a crawl survives restarts.
//! Writes happen in [`Batch`]es, each one transaction: a crash or Ctrl-C loses at most the
//! batch in flight, never half a document, and a file counts as ingested only once all its
//! documents are committed, which is what lets a re-run resume where the last one stopped.
//!
//! ```
//! use crosscheck::ingest::{build_from_text, IngestOptions};
//! use crosscheck_store::{Batch, Store};
//!
//! let mut store = Store::open_in_memory().unwrap();
//! let doc = build_from_text("a", "The city was quiet.", &IngestOptions::default()).unwrap();
//! let mut batch = Batch::default();
//! batch.documents.push(doc.clone());
//! assert_eq!(store.commit(&batch).unwrap().inserted, 1);
//! assert_eq!(store.commit(&batch).unwrap().duplicates, 1); // idempotent
//! assert_eq!(store.document_count().unwrap(), 1);
//! ```
#![deny(missing_docs)]

mod error;
mod migrations;
mod sqlite;
mod stories;

pub use error::{Result, StoreError};
pub use migrations::SCHEMA_VERSION;
pub use sqlite::{Batch, CommitOutcome, FileMark, Store, StoredReuse};
pub use stories::{StoryMember, StoryPlacement, StoryRef};

/// Re-exported so callers name one `Document` type.
pub use crosscheck::Document;

/// The default database file name.
pub const DEFAULT_DB: &str = "crosscheck.db";
