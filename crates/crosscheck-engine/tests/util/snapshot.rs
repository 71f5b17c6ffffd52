//! A store's contents keyed by content, to compare stores filled in different ways.
#![allow(dead_code, clippy::unwrap_used)] // test helpers fail loudly by design

use std::path::Path;

use crosscheck_engine::SqliteStore;

/// What a store holds, keyed by content (hashes), so that two stores filled in different
/// orders compare: documents, derived pairs with their verdicts and passages, and the
/// documents of each story.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    pub documents: std::collections::BTreeSet<String>,
    pub pairs: std::collections::BTreeMap<(String, String), String>,
    pub stories: std::collections::BTreeSet<std::collections::BTreeSet<String>>,
}

/// The [`Snapshot`] of the database at `db`.
pub fn snapshot(db: &Path) -> Snapshot {
    snapshot_of(&SqliteStore::open(db).unwrap())
}

/// The [`Snapshot`] of any store.
pub fn snapshot_of<S: crosscheck_engine::CorpusStore + ?Sized>(store: &S) -> Snapshot {
    use std::collections::{BTreeMap, BTreeSet};
    let mut hash_of = BTreeMap::new();
    let mut key = crosscheck_engine::DocKey(1);
    let count = store.document_count().unwrap();
    while (hash_of.len() as u64) < count {
        if let Some(doc) = store.document_by_key(key).unwrap() {
            hash_of.insert(key, doc.hash.to_string());
        }
        key = crosscheck_engine::DocKey(key.0 + 1);
    }
    let pairs = store
        .reuse_pairs()
        .unwrap()
        .into_iter()
        .map(|p| {
            let verdict = format!(
                "{} {} {} {:.6} {:?} {:?}",
                p.relation.as_str(),
                p.extent.as_str(),
                p.direction.as_str(),
                p.similarity,
                p.passages,
                p.substitutions
            );
            (
                (hash_of[&p.source].clone(), hash_of[&p.target].clone()),
                verdict,
            )
        })
        .collect();
    let keys: Vec<_> = hash_of.keys().copied().collect();
    let mut stories: BTreeMap<crosscheck_engine::StoryKey, BTreeSet<String>> = BTreeMap::new();
    for (doc, story) in store.story_of_documents(&keys).unwrap() {
        stories
            .entry(story)
            .or_default()
            .insert(hash_of[&doc].clone());
    }
    Snapshot {
        documents: hash_of.into_values().collect(),
        pairs,
        stories: stories.into_values().collect(),
    }
}

/// Pairwise F1 of two story partitions: of the pairs of documents one puts in one story,
/// how many the other does too (1.0 when they agree).
pub fn story_agreement(
    a: &std::collections::BTreeSet<std::collections::BTreeSet<String>>,
    b: &std::collections::BTreeSet<std::collections::BTreeSet<String>>,
) -> f64 {
    fn pairs(
        p: &std::collections::BTreeSet<std::collections::BTreeSet<String>>,
    ) -> std::collections::BTreeSet<(String, String)> {
        let mut out = std::collections::BTreeSet::new();
        for story in p {
            let docs: Vec<&String> = story.iter().collect();
            for i in 0..docs.len() {
                for j in i + 1..docs.len() {
                    out.insert((docs[i].clone(), docs[j].clone()));
                }
            }
        }
        out
    }
    let (pa, pb) = (pairs(a), pairs(b));
    if pa.is_empty() && pb.is_empty() {
        return 1.0;
    }
    let both = pa.intersection(&pb).count() as f64;
    2.0 * both / (pa.len() + pb.len()) as f64
}
