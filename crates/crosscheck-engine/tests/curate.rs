//! Stories corrected by hand (`curate`) stay corrected through later `ingest` runs: a new
//! article like either of two merged stories joins the merged one, a moved document stays
//! where it was moved, a merge of bad keys changes nothing, and a merged-away key redirects.
#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers fail loudly by design

mod util;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crosscheck_engine::{curate, DocKey, SqliteStore, StoryKey};
use crosscheck_store::{DocumentStore, StoryStore};

/// The election article of `tests/stories.rs`: another event than the harbour fire.
const ELECTION: &str = "date 2025-03-05 By Mara Lind\n\
VELDT, Norland (Norland Wire) - Voters in Veldt elected Ilse Brandt as mayor on Wednesday, \
ending twelve years of Social Party control of the city hall.\n\n\
Brandt, a former schoolteacher, won 54% of the vote against 41% for the incumbent Karl Moen, \
the election board said. Turnout was 61%.\n\n\
\"Veldt voted for cheaper buses and safer schools,\" Brandt told supporters in the market square.\n\n\
Moen conceded late on Wednesday and said he would stay on the city council.\n";

/// Another outlet's report of the same election, written for this test.
const ELECTION_FOLLOW_UP: &str = "date 2025-03-06 By Tomas Ek\n\
VELDT, Norland (Veldt Herald) - Ilse Brandt will be sworn in as mayor of Veldt next week after \
her election on Wednesday ended twelve years of Social Party control of the city hall.\n\n\
The former schoolteacher took 54% of the vote, against 41% for the incumbent Karl Moen, \
according to the election board. Turnout was 61%.\n\n\
Brandt has promised cheaper buses and safer schools. Moen, who conceded on Wednesday night, \
will stay on the city council.\n";

fn fire(name: &str) -> PathBuf {
    util::harbour_fire().join(name)
}

/// A test directory with the two election articles written into it.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("veldt-election.txt"), ELECTION).unwrap();
        std::fs::write(dir.path().join("veldt-herald.txt"), ELECTION_FOLLOW_UP).unwrap();
        Fixture { dir }
    }

    fn election(&self) -> PathBuf {
        self.dir.path().join("veldt-election.txt")
    }

    fn follow_up(&self) -> PathBuf {
        self.dir.path().join("veldt-herald.txt")
    }

    fn db(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// `ingest` of `inputs` into the database at `db`; the run's summary line.
fn ingest(db: &Path, inputs: &[PathBuf]) -> String {
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    util::ingest_into(db, &inputs, Some(2)).line()
}

/// Document id -> story key, for every stored document.
fn stories_by_id(store: &SqliteStore) -> BTreeMap<String, StoryKey> {
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

/// The key of document `id`.
fn key_of(store: &SqliteStore, id: &str) -> DocKey {
    let mut key = DocKey(1);
    while let Some(doc) = store.document_by_key(key).unwrap() {
        if doc.id == id {
            return key;
        }
        key = DocKey(key.0 + 1);
    }
    panic!("no document {id}");
}

/// Every listed story's document count agrees with its members, and every placed document
/// is in a listed story.
fn assert_counts_agree(store: &SqliteStore) {
    let mut members = 0;
    for story in store.stories().unwrap() {
        let docs = store.story_documents(story.key).unwrap();
        assert_eq!(docs.len() as u32, story.documents, "{}", story.key);
        members += docs.len() as u32;
    }
    assert_eq!(members, store.placed_document_count().unwrap());
}

/// Two stories merged are one in the list; the rest of the merged-away story's documents,
/// arriving later, join the merged story (its key the one merged into), and so does a later
/// article like the story merged into.
#[test]
fn later_articles_like_either_merged_story_join_the_merged_one() {
    let fx = Fixture::new();
    let db = fx.db("merge.db");
    let first = ingest(&db, &[fire("coastwire-fire.txt"), fx.election()]);
    assert!(first.contains("2 new stories"), "{first}");

    let mut store = SqliteStore::open(&db).unwrap();
    let before = stories_by_id(&store);
    let (fire_story, election) = (before["coastwire-fire"], before["veldt-election"]);
    assert_ne!(fire_story, election);
    // The fire story, the merged-away one, into the election story.
    assert!(curate::merge_stories(&mut store, fire_story, election).unwrap());
    let listed = store.stories().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].key, listed[0].documents), (election, 2));
    assert_eq!(
        store.story_documents(election).unwrap().len(),
        2,
        "every document in the merged story"
    );
    drop(store);

    // The fire's other reports, like the merged-away story's document only.
    let second = ingest(
        &db,
        &[
            fire("dailyscroll-fire.txt"),
            fire("feeds.jsonl"),
            fire("harbour-gazette.html"),
        ],
    );
    assert!(
        second.contains("4 documents placed in stories (4 joined a stored story, 0 new stories)"),
        "{second}"
    );
    // And a report like the story merged into.
    let third = ingest(&db, &[fx.follow_up()]);
    assert!(third.contains("1 joined a stored story"), "{third}");

    let store = SqliteStore::open(&db).unwrap();
    let after = stories_by_id(&store);
    assert_eq!(after.len(), 7);
    assert!(after.values().all(|&s| s == election), "{after:?}");
    assert_eq!(store.stories().unwrap().len(), 1);
    assert_eq!(store.story(election).unwrap().unwrap().documents, 7);
    assert_counts_agree(&store);
}

/// Without the merge, the same articles make two stories: what the test above shows is the
/// merge, not articles that would have joined anyway.
#[test]
fn without_a_merge_the_same_articles_stay_two_stories() {
    let fx = Fixture::new();
    let db = fx.db("control.db");
    ingest(&db, &[fire("coastwire-fire.txt"), fx.election()]);
    ingest(
        &db,
        &[
            fire("dailyscroll-fire.txt"),
            fire("feeds.jsonl"),
            fire("harbour-gazette.html"),
        ],
    );
    ingest(&db, &[fx.follow_up()]);
    let store = SqliteStore::open(&db).unwrap();
    let stories = stories_by_id(&store);
    assert_eq!(stories["veldt-herald"], stories["veldt-election"]);
    assert_eq!(stories["harbour-gazette"], stories["coastwire-fire"]);
    assert_ne!(stories["veldt-election"], stories["coastwire-fire"]);
    assert_eq!(store.stories().unwrap().len(), 2);
}

/// Three harbour-fire inputs and the election article: two stories.
fn ingest_fire_and_election(fx: &Fixture, db: &Path) -> String {
    ingest(
        db,
        &[
            fire("coastwire-fire.txt"),
            fire("dailyscroll-fire.txt"),
            fire("feeds.jsonl"),
            fx.election(),
        ],
    )
}

/// A later article like the merged-away story joins the merged one when the story merged
/// away is the smaller: the other direction of the test above.
#[test]
fn a_later_article_like_the_merged_away_story_joins_the_merged_one() {
    let fx = Fixture::new();
    let db = fx.db("merge-small.db");
    ingest_fire_and_election(&fx, &db);
    let mut store = SqliteStore::open(&db).unwrap();
    let before = stories_by_id(&store);
    let (fire_story, election) = (before["coastwire-fire"], before["veldt-election"]);
    assert!(curate::merge_stories(&mut store, election, fire_story).unwrap());
    drop(store);

    let later = ingest(&db, &[fx.follow_up()]);
    assert!(later.contains("1 joined a stored story"), "{later}");
    let store = SqliteStore::open(&db).unwrap();
    let after = stories_by_id(&store);
    assert_eq!(after["veldt-herald"], fire_story, "{after:?}");
    assert_eq!(store.story(fire_story).unwrap().unwrap().documents, 6);
    assert_eq!(store.stories().unwrap().len(), 1);
    assert_counts_agree(&store);
}

/// A document moved to a story of its own stays there through a later ingest of more
/// documents (ingest never moves a placed document), and the counts of both stories follow.
#[test]
fn a_moved_document_stays_where_it_was_moved() {
    let fx = Fixture::new();
    let db = fx.db("move.db");
    ingest_fire_and_election(&fx, &db);
    let mut store = SqliteStore::open(&db).unwrap();
    let before = stories_by_id(&store);
    let fire_story = before["coastwire-fire"];
    assert_eq!(store.story(fire_story).unwrap().unwrap().documents, 4);
    let spun = key_of(&store, "dailyscroll-fire");
    let own = curate::move_document(&mut store, spun, None)
        .unwrap()
        .unwrap();
    assert_ne!(own, fire_story);
    assert_eq!(store.story(fire_story).unwrap().unwrap().documents, 3);
    let moved = store.story(own).unwrap().unwrap();
    assert_eq!(moved.documents, 1);
    assert_eq!(
        moved.title,
        store
            .document_by_key(spun)
            .unwrap()
            .unwrap()
            .meta
            .title
            .map(|t| t.value)
    );
    // Moved into the election story and back out again: the election story is back to one.
    let election = before["veldt-election"];
    let coastwire = key_of(&store, "coastwire-fire");
    assert_eq!(
        curate::move_document(&mut store, coastwire, Some(election)).unwrap(),
        Some(election)
    );
    assert_eq!(store.story(election).unwrap().unwrap().documents, 2);
    assert_eq!(
        curate::move_document(&mut store, coastwire, Some(fire_story)).unwrap(),
        Some(fire_story)
    );
    assert_counts_agree(&store);
    drop(store);

    let later = ingest(&db, &[fire("harbour-gazette.html"), fx.follow_up()]);
    assert!(later.contains("2 documents placed in stories"), "{later}");
    let store = SqliteStore::open(&db).unwrap();
    let after = stories_by_id(&store);
    assert_eq!(after["dailyscroll-fire"], own);
    for id in ["coastwire-fire", "kessa-courier-1", "norland-post-7"] {
        assert_eq!(after[id], fire_story, "{id}");
    }
    // The new fire report joins one of the fire's two stories, the election report the
    // election's.
    assert!([fire_story, own].contains(&after["harbour-gazette"]));
    assert_eq!(after["veldt-herald"], election);
    assert_eq!(store.story(election).unwrap().unwrap().documents, 2);
    let fire_docs = store.story(fire_story).unwrap().unwrap().documents;
    let own_docs = store.story(own).unwrap().unwrap().documents;
    assert_eq!(fire_docs + own_docs, 5);
    assert_eq!(store.stories().unwrap().len(), 3);
    assert_counts_agree(&store);
    assert_eq!(curate::correction_count(&store).unwrap(), 3);
}

/// A merge naming an unknown story, the same story twice, or a story already merged away
/// returns false and changes nothing; so does a move to an unknown story.
#[test]
fn bad_corrections_change_nothing() {
    let fx = Fixture::new();
    let db = fx.db("bad.db");
    ingest(&db, &[fire("coastwire-fire.txt"), fx.election()]);
    let mut store = SqliteStore::open(&db).unwrap();
    let placed = stories_by_id(&store);
    let (fire_story, election) = (placed["coastwire-fire"], placed["veldt-election"]);
    let listing = |store: &SqliteStore| {
        let stories = store.stories().unwrap();
        let members: Vec<Vec<DocKey>> = stories
            .iter()
            .map(|s| store.story_documents(s.key).unwrap())
            .collect();
        (stories, members, store.story_overviews().unwrap())
    };
    let before = listing(&store);
    let unknown = StoryKey(fire_story.0.max(election.0) + 100);
    assert!(!curate::merge_stories(&mut store, unknown, fire_story).unwrap());
    assert!(!curate::merge_stories(&mut store, fire_story, unknown).unwrap());
    assert!(!curate::merge_stories(&mut store, fire_story, fire_story).unwrap());
    let doc = key_of(&store, "coastwire-fire");
    assert_eq!(
        curate::move_document(&mut store, doc, Some(unknown)).unwrap(),
        None
    );
    assert_eq!(
        curate::move_document(&mut store, DocKey(9_999), None).unwrap(),
        None
    );
    assert_eq!(listing(&store), before);
    assert_eq!(curate::correction_count(&store).unwrap(), 0);

    // Once merged away, a story takes part in no merge.
    assert!(curate::merge_stories(&mut store, fire_story, election).unwrap());
    let merged = listing(&store);
    assert!(!curate::merge_stories(&mut store, fire_story, election).unwrap());
    assert!(!curate::merge_stories(&mut store, election, fire_story).unwrap());
    assert_eq!(
        curate::move_document(&mut store, doc, Some(fire_story)).unwrap(),
        None
    );
    assert_eq!(listing(&store), merged);
    assert_eq!(curate::correction_count(&store).unwrap(), 1);
}

/// A merged-away key redirects to the story it was merged into, through later merges; a
/// live story and an unknown key redirect nowhere.
#[test]
fn a_merged_away_key_redirects() {
    let fx = Fixture::new();
    let db = fx.db("redirect.db");
    ingest(&db, &[fire("coastwire-fire.txt"), fx.election()]);
    // A third story, of the follow-up alone, moved out of the election story.
    ingest(&db, &[fx.follow_up()]);
    let mut store = SqliteStore::open(&db).unwrap();
    let herald = key_of(&store, "veldt-herald");
    let third = curate::move_document(&mut store, herald, None)
        .unwrap()
        .unwrap();
    let placed = stories_by_id(&store);
    let (fire_story, election) = (placed["coastwire-fire"], placed["veldt-election"]);
    assert_eq!(store.stories().unwrap().len(), 3);

    assert!(curate::merge_stories(&mut store, election, fire_story).unwrap());
    assert_eq!(store.story(election).unwrap(), None);
    assert_eq!(
        curate::story_redirect(&store, election).unwrap(),
        Some(fire_story)
    );
    assert_eq!(curate::story_redirect(&store, fire_story).unwrap(), None);
    assert_eq!(
        curate::story_redirect(&store, StoryKey(9_999)).unwrap(),
        None
    );

    assert!(curate::merge_stories(&mut store, fire_story, third).unwrap());
    assert_eq!(
        curate::story_redirect(&store, election).unwrap(),
        Some(third)
    );
    assert_eq!(
        curate::story_redirect(&store, fire_story).unwrap(),
        Some(third)
    );
    let only = store.stories().unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!((only[0].key, only[0].documents), (third, 3));
    assert_counts_agree(&store);
}
