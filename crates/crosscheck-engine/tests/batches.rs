//! A feed ingested batch after batch gives the store one run over the same inputs gives:
//! the same documents, the same derived pairs (relation, direction, passages), and stories
//! that differ only as much as placing documents in another order can make them.
#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers fail loudly by design

mod util;

use std::path::Path;

use util::corpus::{feed, write_jsonl, Article};

/// Copies whose pair with their original is in the store.
fn copies_found(snapshot: &util::Snapshot, articles: &[Article], db: &Path) -> (usize, usize) {
    use crosscheck_store::DocumentStore;
    let store = crosscheck_engine::SqliteStore::open(db).unwrap();
    let docs = store.documents().unwrap();
    let hash = |id: &str| docs.iter().find(|d| d.id == id).map(|d| d.hash.to_string());
    let copies: Vec<&Article> = articles.iter().filter(|a| a.original.is_some()).collect();
    let found = copies
        .iter()
        .filter(|c| {
            let (Some(copy), Some(original)) = (hash(&c.id), hash(c.original.as_deref().unwrap()))
            else {
                return false;
            };
            snapshot
                .pairs
                .contains_key(&(original.clone(), copy.clone()))
                || snapshot.pairs.contains_key(&(copy, original))
        })
        .count();
    (found, copies.len())
}

#[test]
fn three_batches_give_the_one_run_store() {
    let articles = feed(700, 600, 42);
    assert_eq!(articles.len(), 2000);
    let tmp = tempfile::tempdir().unwrap();
    // a: the originals and some unrelated articles; b and c: copies and the rest.
    let originals = 700 + 300;
    let copies_b = originals + 300 + 350;
    let parts = [
        &articles[..originals],
        &articles[originals..copies_b],
        &articles[copies_b..],
    ];
    let files: Vec<_> = ["a", "b", "c"]
        .iter()
        .zip(parts)
        .enumerate()
        .map(|(n, (name, part))| {
            let path = tmp.path().join(format!("{name}.jsonl"));
            // A feed sends some articles again: later batches start with a few that are
            // stored already.
            let mut batch: Vec<&Article> = articles[..5 * n].iter().collect();
            batch.extend(part);
            write_jsonl(&path, batch);
            path
        })
        .collect();
    let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();

    let one = tmp.path().join("one.db");
    util::ingest_into(&one, &paths, None);
    let batches = tmp.path().join("batches.db");
    for path in &paths {
        util::ingest_into(&batches, &[path], None);
    }
    let (one_run, in_batches) = (util::snapshot(&one), util::snapshot(&batches));

    assert_eq!(one_run.documents, in_batches.documents);
    let (found_one, copies) = copies_found(&one_run, &articles, &one);
    let (found_batches, _) = copies_found(&in_batches, &articles, &batches);
    eprintln!("copies found: one run {found_one}/{copies}, three batches {found_batches}/{copies}");
    assert!(
        found_one as f64 >= 0.95 * copies as f64,
        "{found_one}/{copies}"
    );
    assert_eq!(found_batches, found_one);
    assert_eq!(
        one_run.pairs, in_batches.pairs,
        "derived pairs and their verdicts"
    );
    let agreement = util::story_agreement(&one_run.stories, &in_batches.stories);
    eprintln!(
        "stories: one run {}, three batches {}, pairwise agreement {agreement:.3}",
        one_run.stories.len(),
        in_batches.stories.len()
    );
    assert!(agreement >= 0.9, "{agreement}");
}
