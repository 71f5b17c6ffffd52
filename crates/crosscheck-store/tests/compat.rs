//! A database written by an earlier release opens, migrates and reads back with today's code:
//! documents, the derived pairs with their stored passages (the reuse detail codec), and the
//! placed documents' story terms (the story terms codec).
#![allow(clippy::unwrap_used)] // a test fails loudly by design

use crosscheck_store::{
    DocumentStore, ReuseStore, SearchStore, SqliteStore, StoryStore, SCHEMA_VERSION,
};

/// The dump of `crosscheck ingest examples/harbour-fire` by crosscheck 0.1 (schema 5).
const RELEASE_0_1: &str = include_str!("fixtures/release-0.1-harbour-fire.sql");

fn release_0_1_database() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(RELEASE_0_1).unwrap();
    conn.pragma_update(None, "user_version", 5).unwrap();
    drop(conn);
    (dir, path)
}

#[test]
fn a_release_0_1_database_reads_back_whole() {
    let (_dir, path) = release_0_1_database();
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.document_count().unwrap(), 5);

    let pairs = store.reuse_pairs().unwrap();
    assert_eq!(pairs.len(), 3);
    for pair in &pairs {
        let source = store.document_by_key(pair.source).unwrap().unwrap();
        let target = store.document_by_key(pair.target).unwrap().unwrap();
        assert!(!pair.passages.is_empty());
        for passage in &pair.passages {
            // Byte ranges that still fall inside the stored texts.
            assert!(passage.source.end() <= source.text.len());
            assert!(passage.target.end() <= target.text.len());
            assert!(source
                .text
                .get(passage.source.start()..passage.source.end())
                .is_some());
        }
    }
    let spun: Vec<_> = pairs
        .iter()
        .filter(|p| p.relation == crosscheck_reuse::Relation::Spun)
        .collect();
    assert!(!spun.is_empty());
    assert!(spun.iter().all(|p| !p.substitutions.is_empty()));

    let stories = store.stories().unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].documents, 5);
    let members = store.story_members(stories[0].key, 8).unwrap();
    assert_eq!(members.len(), 5);
    for member in &members {
        assert!(!member.terms.is_empty());
        assert!(
            member.terms.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted by term"
        );
    }
    assert!(store.unplaced_documents().unwrap().is_empty());
}

#[test]
fn a_newer_format_is_refused() {
    let (_dir, path) = release_0_1_database();
    drop(SqliteStore::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE formats SET version = 9 WHERE name = 'reuse_detail'",
        [],
    )
    .unwrap();
    drop(conn);
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(
        err.to_string().contains("reuse_detail format is version 9"),
        "{err}"
    );
}

/// The search index comes with the migration empty, and a refresh fills it from the
/// documents already stored.
#[test]
fn a_release_0_1_database_becomes_searchable() {
    let (_dir, path) = release_0_1_database();
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.search("ferry", 10).unwrap().is_empty());
    assert_eq!(store.refresh_search_index().unwrap(), 5);
    assert_eq!(store.refresh_search_index().unwrap(), 0);
    let hits = store.search("Ferry", 10).unwrap();
    assert!(hits.len() >= 3, "{hits:?}");
    for hit in &hits {
        assert!(store.document_by_key(hit.doc).unwrap().is_some());
    }
    let overviews = store.story_overviews().unwrap();
    assert_eq!(overviews.len(), 1);
    assert_eq!(overviews[0].documents, 5);
    assert!(overviews[0].outlets.contains(&"Kessa Courier".to_string()));
    assert_eq!(store.story_documents(overviews[0].key).unwrap().len(), 5);
    let pairs = store.reuse_pairs().unwrap();
    let touching = store.reuse_pairs_of(&[pairs[0].source]).unwrap();
    assert!(touching.contains(&pairs[0]));
    assert!(touching
        .iter()
        .all(|p| p.source == pairs[0].source || p.target == pairs[0].source));
}

/// The stories of a release 0.1 database can be corrected by hand once migrated (schema 9):
/// a document moved out to a story of its own, then merged back.
#[test]
fn a_release_0_1_database_takes_story_corrections() {
    let (_dir, path) = release_0_1_database();
    let mut store = SqliteStore::open(&path).unwrap();
    let story = store.stories().unwrap()[0].key;
    let docs = store.story_documents(story).unwrap();
    let own = store.move_document(docs[0], None).unwrap().unwrap();
    assert_ne!(own, story);
    assert_eq!(store.story(story).unwrap().unwrap().documents, 4);
    assert_eq!(store.story_parts(story, 8).unwrap().len(), 1);
    assert!(store.merge_stories(own, story).unwrap());
    assert_eq!(store.story(own).unwrap(), None);
    assert_eq!(store.story_redirect(own).unwrap(), Some(story));
    let parts = store.story_parts(story, 8).unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[1].part, Some(own));
    assert_eq!(store.story_documents(story).unwrap().len(), 5);
    assert_eq!(store.story_correction_count().unwrap(), 2);
}
