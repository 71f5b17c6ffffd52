//! The crosscheck engine: one run, whatever the front end.
//!
//! A run reads inputs into a store and runs the stages over them. [`analyze`] reads, runs
//! every stage asked for over the run's documents and builds the [`Report`]; [`ingest`] adds
//! inputs to a stored corpus, links each new document to the stored ones it copies or that
//! copy it, and places it in a stored story. Both are generic over the store seam
//! ([`CorpusStore`]), never print, report progress and skipped inputs through [`Events`], and
//! stop between steps when their cancel flag is set. The command line, the web server and the
//! Python binding are thin layers over these two calls.
//!
//! Layers speak different document identities on purpose: a stage speaks indices into the
//! run's documents, the store speaks [`DocKey`]s, and only the report speaks string ids, with
//! spans as character offsets (converted in `build`, the report builder).
//!
//! ```
//! use std::sync::atomic::AtomicBool;
//! use crosscheck_engine::{ingest, IngestConfig, ReadConfig, Silent};
//! use crosscheck_store::{ReuseStore, SqliteStore};
//!
//! let dir = tempfile::tempdir()?;
//! let story = "Fire crews fought a blaze at the harbour warehouse for six hours on Tuesday \
//!     night, the city fire service said, after flames were first seen on the roof shortly \
//!     after nine. Nobody was hurt, but two hundred tonnes of grain stored inside were lost \
//!     and the quay stays closed while engineers check the structure for damage.";
//! std::fs::write(dir.path().join("wire.txt"), format!("date 2024-03-05\n\n{story}"))?;
//! std::fs::write(dir.path().join("copy.txt"), format!("date 2024-03-06\n\n{story} Share this.\n"))?;
//!
//! let mut store = SqliteStore::open_in_memory()?;
//! let config = IngestConfig {
//!     read: ReadConfig { inputs: vec![dir.path().to_path_buf()], ..ReadConfig::default() },
//!     ..IngestConfig::default()
//! };
//! let summary = ingest(&config, &mut store, &Silent, &AtomicBool::new(false))?;
//! assert_eq!(summary.new, 2);
//! let pairs = store.reuse_pairs()?;
//! assert_eq!(pairs.len(), 1);
//! assert_eq!(pairs[0].relation.as_str(), "verbatim");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod analyze;
pub mod browse;
mod build;
pub mod copy;
pub mod curate;
mod error;
mod events;
mod guard;
mod ingest;
pub mod models;
pub mod pieces;
mod read;
pub mod report;
mod reuse;
pub mod store;
mod stories;
mod summary;

pub use analyze::{analyze, analyze_stored, Analysis, AnalyzeConfig, Stage, Stages};
pub use error::{EngineError, Result};
pub use events::{Events, Silent, Step};
pub use ingest::{ingest, IngestConfig};
pub use read::ReadConfig;
pub use report::Report;
pub use store::{open_store, AnyStore, StoreSpec};
pub use stories::Placed;
pub use summary::{RunSummary, SkippedInput, TranslationRun};

/// The store's error type, for front ends that open a store themselves.
pub use crosscheck_store::StoreError;
pub use crosscheck_store::{CorpusStore, DocKey, SqliteStore, StoryKey, DEFAULT_DB};
