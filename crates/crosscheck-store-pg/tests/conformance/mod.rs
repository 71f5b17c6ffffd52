//! The store seam's behaviour, written once against the traits and run on every backend: a
//! case passing on both the SQLite and the PostgreSQL store shows the two answer alike.
#![allow(dead_code)]

mod reuse;
mod search;
mod stories;
mod translations;

pub use reuse::*;
pub use search::*;
pub use stories::*;
pub use translations::*;

use crosscheck::ingest::{build_from_text, IngestOptions};
use crosscheck::Document;
use crosscheck_store::{Batch, CorpusStore, DocKey, DocumentStore, FileMark, ReuseStore};

/// A way to make stores of one backend.
pub trait Backend {
    /// The store.
    type Store: CorpusStore + Send + 'static;
    /// A new, empty store.
    fn fresh(&mut self) -> Self::Store;
    /// Another connection to the store [`Backend::fresh`] made last.
    fn again(&mut self) -> Self::Store;
}

/// A document with `text`.
pub fn doc(id: &str, text: &str) -> Document {
    build_from_text(id, text, &IngestOptions::default()).expect("test document builds")
}

/// A document with a title.
pub fn titled(id: &str, title: &str, text: &str) -> Document {
    let mut doc = doc(id, text);
    doc.meta.title = Some(crosscheck::Sourced::new(
        title.to_string(),
        crosscheck::Origin::Record,
    ));
    doc
}

/// Commit `docs` in one batch; the keys of the new ones.
pub fn commit<S: DocumentStore>(store: &mut S, docs: &[Document]) -> Vec<DocKey> {
    let batch = Batch {
        documents: docs.to_vec(),
        ..Batch::default()
    };
    store
        .commit(&batch)
        .expect("commits")
        .keys
        .into_iter()
        .flatten()
        .collect()
}

/// Round trip, deduplication, file marks, keys after a stored document, order.
pub fn documents_commit_and_dedup<B: Backend>(b: &mut B) {
    let mut store = b.fresh();
    let original = doc(
        "a",
        " date 2022-11-15 By Jane Roe\n\nKYIV (Reuters) - The city was quiet.",
    );
    let mut batch = Batch::default();
    batch.documents.push(original.clone());
    batch.completed_files.push(FileMark {
        path: "a.txt".into(),
        size: 10,
        modified: 5,
        documents: 1,
        problems: 0,
    });
    let first = store.commit(&batch).expect("commits");
    assert_eq!((first.inserted, first.duplicates), (1, 0));
    assert_eq!(first.keys, [Some(DocKey(1))], "keys start at 1");
    let store = {
        drop(store);
        b.again()
    };
    let mut store = store;
    assert_eq!(
        store.document(&original.hash).expect("reads").as_ref(),
        Some(&original)
    );
    assert_eq!(
        store.document_by_key(DocKey(1)).expect("reads").as_ref(),
        Some(&original)
    );
    assert_eq!(store.document_by_key(DocKey(99)).expect("reads"), None);
    assert!(store.file_is_done("a.txt", 10, 5).expect("reads"));
    assert!(!store.file_is_done("a.txt", 11, 5).expect("reads"));
    assert!(!store.file_is_done("b.txt", 10, 5).expect("reads"));
    // A stored document again (seen elsewhere), then new ones: each keyed by its own row,
    // and a duplicate spends no key.
    let mut again = original.clone();
    again.source = "elsewhere.txt".into();
    let (b1, c1) = (doc("b", "Second text."), doc("c", "Third text."));
    let batch = Batch {
        documents: vec![again, b1.clone(), c1.clone(), b1.clone()],
        completed_files: vec![FileMark {
            path: "a.txt".into(),
            size: 11,
            modified: 6,
            documents: 3,
            problems: 1,
        }],
    };
    let outcome = store.commit(&batch).expect("commits");
    assert_eq!((outcome.inserted, outcome.duplicates), (2, 2));
    assert_eq!(outcome.keys, [None, Some(DocKey(2)), Some(DocKey(3)), None]);
    assert_eq!(
        outcome.is_new().collect::<Vec<_>>(),
        [false, true, true, false]
    );
    assert!(store.file_is_done("a.txt", 11, 6).expect("reads"));
    assert_eq!(store.key_of(&c1.hash).expect("reads"), Some(DocKey(3)));
    assert_eq!(
        store.key_of(&doc("z", "Absent.").hash).expect("reads"),
        None
    );
    assert_eq!(store.document_count().expect("counts"), 3);
    // Ordered by id, then hash.
    commit(&mut store, &[doc("0", "Zero."), doc("b", "Another b.")]);
    let ids: Vec<(String, String)> = store
        .documents()
        .expect("reads")
        .into_iter()
        .map(|d| (d.id, d.hash.as_str().to_string()))
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    assert_eq!(ids.len(), 5);
    assert_eq!(store.unlinked_count().expect("counts"), 5, "all queued");
    // An empty batch is fine.
    assert_eq!(
        store.commit(&Batch::default()).expect("commits"),
        Default::default()
    );
}

/// A document is found by a unique prefix of its hash, of 8 hex digits or more.
pub fn documents_key_by_hash_prefix<B: Backend>(b: &mut B) {
    let mut store = b.fresh();
    let stored = doc("a", "A text to look up by its hash.");
    let key = commit(&mut store, std::slice::from_ref(&stored))
        .first()
        .copied();
    let hash = stored.hash.as_str();
    assert_eq!(store.key_by_hash_prefix(&hash[..8]).expect("reads"), key);
    assert_eq!(store.key_by_hash_prefix(hash).expect("reads"), key);
    assert_eq!(
        store
            .key_by_hash_prefix(&hash[..12].to_ascii_uppercase())
            .expect("reads"),
        key
    );
    for absent in [&hash[..7], "", "zzzzzzzzzz", "%%%%%%%%", "________"] {
        assert_eq!(store.key_by_hash_prefix(absent).expect("reads"), None);
    }
    let absent = if hash.starts_with("00000000") {
        "ffffffff"
    } else {
        "00000000"
    };
    assert_eq!(store.key_by_hash_prefix(absent).expect("reads"), None);
    // Many documents: each still found by its own 8-digit prefix unless two share it.
    let docs: Vec<Document> = (0..40)
        .map(|n| doc(&format!("d{n}"), &format!("Text number {n}.")))
        .collect();
    let keys = commit(&mut store, &docs);
    for (d, k) in docs.iter().zip(&keys) {
        let prefix = &d.hash.as_str()[..8];
        let sharing = docs
            .iter()
            .filter(|o| o.hash.as_str().starts_with(prefix))
            .count();
        let expected = (sharing == 1).then_some(*k);
        assert_eq!(store.key_by_hash_prefix(prefix).expect("reads"), expected);
    }
}
