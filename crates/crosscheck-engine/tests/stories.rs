//! `ingest` places new documents in the stored stories: a later article about a
//! stored story joins it, an article about another event starts its own, nothing is
//! re-clustered, and the placement does not depend on the thread count.
#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers fail loudly by design

mod util;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crosscheck_engine::{DocKey, SqliteStore, StoryKey};
use crosscheck_store::{DocumentStore, StoryStore};

/// The run's summary line.
fn ingest(db: &Path, inputs: &[PathBuf], threads: usize) -> String {
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    util::ingest_into(db, &inputs, Some(threads)).line()
}

/// Document id -> story key, for every stored document.
fn stories_by_id(db: &Path) -> BTreeMap<String, StoryKey> {
    let store = SqliteStore::open(db).unwrap();
    let mut out = BTreeMap::new();
    let mut key = DocKey(1);
    while let Some(doc) = store.document_by_key(key).unwrap() {
        let placed = store.story_of_documents(&[key]).unwrap();
        assert_eq!(placed.len(), 1, "document {} has no story", doc.id);
        out.insert(doc.id, placed[0].1);
        key = DocKey(key.0 + 1);
    }
    out
}

/// An article about a different event, written for this test.
const OTHER_EVENT: &str = "date 2025-03-05 By Mara Lind\n\
VELDT, Norland (Norland Wire) - Voters in Veldt elected Ilse Brandt as mayor on Wednesday, \
ending twelve years of Social Party control of the city hall.\n\n\
Brandt, a former schoolteacher, won 54% of the vote against 41% for the incumbent Karl Moen, \
the election board said. Turnout was 61%.\n\n\
\"Veldt voted for cheaper buses and safer schools,\" Brandt told supporters in the market square.\n\n\
Moen conceded late on Wednesday and said he would stay on the city council.\n";

#[test]
fn later_articles_join_their_stored_story_and_other_events_stay_apart() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/harbour-fire");
    let tmp = tempfile::tempdir().unwrap();
    let other = tmp.path().join("veldt-election.txt");
    std::fs::write(&other, OTHER_EVENT).unwrap();

    let mut layouts = Vec::new();
    for threads in [1, 2] {
        let db = tmp.path().join(format!("corpus-{threads}.db"));
        let first = ingest(&db, &[example.join("coastwire-fire.txt")], threads);
        assert!(first.contains("1 new story"), "{first}");
        let second = ingest(
            &db,
            &[
                example.join("feeds.jsonl"),
                example.join("dailyscroll-fire.txt"),
                example.join("harbour-gazette.html"),
                other.clone(),
            ],
            threads,
        );
        assert!(
            second.contains("5 documents placed in stories (4 joined a stored story, 1 new story)"),
            "{second}"
        );
        let stories = stories_by_id(&db);
        let fire = stories["coastwire-fire"];
        for id in [
            "dailyscroll-fire",
            "harbour-gazette",
            "kessa-courier-1",
            "norland-post-7",
        ] {
            assert_eq!(stories[id], fire, "{id} should join the ferry fire story");
        }
        assert_ne!(stories["veldt-election"], fire);

        // A third run with nothing new places nothing and changes nothing.
        let third = ingest(&db, std::slice::from_ref(&example), threads);
        assert!(third.contains("0 documents placed in stories"), "{third}");
        assert_eq!(stories_by_id(&db), stories);
        let titles = SqliteStore::open(&db).unwrap().stories().unwrap();
        assert_eq!(titles.len(), 2);
        assert_eq!(titles[0].documents, 5);
        layouts.push(stories);
    }
    assert_eq!(
        layouts[0], layouts[1],
        "placement depends on the thread count"
    );
}

#[test]
fn seed_articles_ingested_in_two_runs_make_one_story() {
    let Some(dir) = util::seeds_dir() else {
        return;
    };
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5);
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("seeds.db");
    ingest(&db, &seeds[..3], 2);
    let second = ingest(&db, &seeds[3..], 2);
    assert!(second.contains("2 joined a stored story"), "{second}");
    let stories = stories_by_id(&db);
    assert_eq!(stories.len(), 5);
    let first = *stories.values().next().unwrap();
    assert!(stories.values().all(|s| *s == first), "{stories:?}");
}
