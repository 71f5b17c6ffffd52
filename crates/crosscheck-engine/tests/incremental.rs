//! `ingest` links new documents to their sources in the stored corpus without
//! re-reading it.
#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers fail loudly by design

mod util;

use std::path::Path;

use crosscheck_engine::SqliteStore;
use crosscheck_reuse::Relation;
use crosscheck_store::{DocumentStore, ReuseStore};

/// The run's summary line.
fn ingest(db: &Path, inputs: &[&Path]) -> String {
    util::ingest_into(db, inputs, None).line()
}

#[test]
fn a_later_copy_is_linked_to_its_stored_source() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/harbour-fire");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("corpus.db");

    let first = ingest(
        &db,
        &[
            &example.join("coastwire-fire.txt"),
            &example.join("feeds.jsonl"),
        ],
    );
    assert!(first.contains("0 derived pairs"), "{first}");

    // The spun copy arrives in a later run: its source is found in the store.
    let second = ingest(&db, &[&example.join("dailyscroll-fire.txt")]);
    assert!(second.contains("1 derived pair found"), "{second}");

    let store = SqliteStore::open(&db).unwrap();
    let pairs = store.reuse_pairs().unwrap();
    assert_eq!(pairs.len(), 1);
    let source = store.document_by_key(pairs[0].source).unwrap().unwrap();
    let target = store.document_by_key(pairs[0].target).unwrap().unwrap();
    assert_eq!(source.id, "coastwire-fire");
    assert_eq!(target.id, "dailyscroll-fire");
    assert_eq!(pairs[0].relation, Relation::Spun);
    assert!(!pairs[0].passages.is_empty() && !pairs[0].substitutions.is_empty());

    // Nothing new, nothing re-read, nothing re-linked.
    let third = ingest(&db, &[&example]);
    assert!(third.contains("3 files already ingested"), "{third}");
    assert_eq!(
        SqliteStore::open(&db).unwrap().reuse_pairs().unwrap().len(),
        3,
        "the gazette copy links to the wire and the spun copy"
    );
}
