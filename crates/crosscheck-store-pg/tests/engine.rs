//! End to end: the engine's `ingest` into a PostgreSQL store gives the derived pairs and the
//! stories it gives into an SQLite store, and the stored corpus's report is the same JSON.
#![allow(clippy::print_stderr)]

mod cluster;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crosscheck_engine::{analyze_stored, ingest, IngestConfig, ReadConfig, Silent, Stages};
use crosscheck_store::{CorpusStore, DocKey, SqliteStore};
use crosscheck_store_pg::PgStore;

/// What a corpus holds, by content hash: documents, pairs, story memberships.
#[derive(Debug, PartialEq)]
struct Snapshot {
    documents: Vec<String>,
    pairs: Vec<String>,
    stories: Vec<Vec<String>>,
    report: String,
}

fn snapshot<S: CorpusStore>(store: &S) -> Snapshot {
    let hash = |key: DocKey| {
        store
            .document_by_key(key)
            .expect("reads")
            .expect("exists")
            .hash
            .as_str()
            .to_string()
    };
    let mut documents: Vec<String> = store
        .documents()
        .expect("reads")
        .iter()
        .map(|d| format!("{} {} {}", d.hash.as_str(), d.id, d.text.len()))
        .collect();
    documents.sort();
    let pairs = store
        .reuse_pairs()
        .expect("reads")
        .iter()
        .map(|p| {
            format!(
                "{} -> {} {:?} {:?} {} {:?} {:?} {:?}",
                hash(p.source),
                hash(p.target),
                p.relation,
                p.extent,
                p.similarity,
                p.direction,
                p.passages,
                p.substitutions
            )
        })
        .collect();
    let mut stories: Vec<Vec<String>> = store
        .stories()
        .expect("reads")
        .iter()
        .map(|s| {
            let mut members: Vec<String> = store
                .story_documents(s.key)
                .expect("reads")
                .into_iter()
                .map(hash)
                .collect();
            members.sort();
            members
        })
        .collect();
    stories.sort();
    let analysis = analyze_stored(store, Stages::all(), &Silent).expect("analyzes");
    let mut json = Vec::new();
    analysis
        .write_json(store, &mut json, &Silent)
        .expect("writes the report");
    Snapshot {
        documents,
        pairs,
        stories,
        report: String::from_utf8(json).expect("UTF-8"),
    }
}

fn ingest_into<S: CorpusStore + Send>(store: &mut S, inputs: &[PathBuf]) {
    let config = IngestConfig {
        read: ReadConfig {
            inputs: inputs.to_vec(),
            threads: Some(2),
            ..ReadConfig::default()
        },
        ..IngestConfig::default()
    };
    ingest(&config, store, &Silent, &AtomicBool::new(false)).expect("ingests");
}

/// Ingest `runs` (one `ingest` per entry) into both stores and compare.
fn same_on_both(runs: &[Vec<PathBuf>]) {
    let Some(cluster) = cluster::shared() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut sqlite = SqliteStore::open(dir.path().join("t.db")).expect("opens");
    let db = cluster.database();
    let mut pg = PgStore::open(&db.url()).expect("opens");
    for inputs in runs {
        ingest_into(&mut sqlite, inputs);
        ingest_into(&mut pg, inputs);
    }
    let (expected, found) = (snapshot(&sqlite), snapshot(&pg));
    assert!(!expected.documents.is_empty());
    assert_eq!(found.documents, expected.documents);
    assert_eq!(found.pairs, expected.pairs);
    assert_eq!(found.stories, expected.stories);
    assert!(found.report == expected.report, "the reports differ");
}

fn harbour_fire() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/harbour-fire")
}

#[test]
fn harbour_fire_ingests_alike() {
    let example = harbour_fire();
    same_on_both(&[vec![example.clone()]]);
}

#[test]
fn harbour_fire_in_three_runs_ingests_alike() {
    let example = harbour_fire();
    same_on_both(&[
        vec![
            example.join("coastwire-fire.txt"),
            example.join("feeds.jsonl"),
        ],
        vec![example.join("dailyscroll-fire.txt")],
        vec![example],
    ]);
}

/// The engine's multilingual fixture (issue #20): two translations of English originals and
/// a Spanish article on the same story in its own words.
fn multilingual(names: &[&str]) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crosscheck-engine/tests/multilingual");
    names.iter().map(|n| dir.join(format!("{n}.txt"))).collect()
}

const ENGLISH: &[&str] = &["en-bridge", "en-ferry", "en-orchard"];
const FOREIGN: &[&str] = &["es-ferry", "es-ferry-other", "it-bridge"];

/// The candidate translation pairs waiting in a store, by content hash.
fn waiting<S: CorpusStore>(store: &S) -> Vec<(String, String)> {
    let hash = |key: DocKey| {
        store
            .document_by_key(key)
            .expect("reads")
            .expect("exists")
            .hash
            .as_str()
            .to_string()
    };
    let mut out: Vec<(String, String)> = store
        .translation_candidates(1000)
        .expect("reads")
        .into_iter()
        .map(|(a, b)| {
            let (a, b) = (hash(a), hash(b));
            (a.clone().min(b.clone()), a.max(b))
        })
        .collect();
    out.sort();
    out
}

/// Translations at ingest: two runs in either order give, in PostgreSQL as in SQLite, the
/// pairs (translated ones, when the model is there) and waiting candidates of one run.
#[test]
fn multilingual_in_two_batches_either_order_ingests_alike() {
    let Some(cluster) = cluster::shared() else {
        return;
    };
    let one_run = {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut sqlite = SqliteStore::open(dir.path().join("t.db")).expect("opens");
        ingest_into(&mut sqlite, &multilingual(&[ENGLISH, FOREIGN].concat()));
        (snapshot(&sqlite).pairs, waiting(&sqlite))
    };
    assert!(
        !one_run.0.is_empty() || one_run.1.len() == 3,
        "translated pairs, or three candidates waiting for the model: {one_run:?}"
    );
    for order in [[ENGLISH, FOREIGN], [FOREIGN, ENGLISH]] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut sqlite = SqliteStore::open(dir.path().join("t.db")).expect("opens");
        let db = cluster.database();
        let mut pg = PgStore::open(&db.url()).expect("opens");
        for names in order {
            ingest_into(&mut sqlite, &multilingual(names));
            ingest_into(&mut pg, &multilingual(names));
        }
        let (expected, found) = (snapshot(&sqlite), snapshot(&pg));
        assert_eq!(found.pairs, expected.pairs, "{order:?}");
        assert_eq!(waiting(&pg), waiting(&sqlite), "{order:?}");
        assert_eq!((found.pairs, waiting(&pg)), one_run, "{order:?}");
    }
}

#[test]
fn seeds_ingest_alike() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipping: ../shared/seeds not found (it exists in CI; this is a user's clone)");
        return;
    }
    same_on_both(&[vec![seeds]]);
}
