//! crosscheck reads many news articles about one story and says what is really there.
//!
//! The library is a one-way pipeline of plain data. [`ingest`] turns files into
//! [`Document`]s (clean text plus metadata with provenance); [`text`] finds the sentences and
//! tokens every later span is built from; [`span`] says where a finding is. Corpus stages
//! (reuse, stories, entities, claims) read documents, never raw input; the engine crate
//! (`crosscheck-engine`) runs them and builds the report.
//!
//! ```
//! use crosscheck::ingest::{build_from_text, IngestOptions};
//!
//! let doc = build_from_text("example", " date 2022-11-15 By Jane Roe\n\nKYIV (Reuters) - The city was quiet.", &IngestOptions::default()).unwrap();
//! assert_eq!(doc.outlet(), Some("Reuters"));
//! assert_eq!(doc.text, "The city was quiet.");
//! ```
#![deny(missing_docs)]

pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod span;
pub mod text;

pub use model::{ContentHash, Document, Metadata, Origin, Sourced};
pub use span::{CharOffsets, Ranged, TextRange};
