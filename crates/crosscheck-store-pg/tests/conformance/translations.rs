//! Conformance cases of the translation index (`TranslationStore`).

use crosscheck_reuse::{DirectionEvidence, Extent, Relation};
use crosscheck_store::{AnchorPosting, DocAnchors, ReuseStore, StoredReuse, TranslationStore};

use super::{commit, doc, Backend};

/// Languages are counted once registered (again is harmless); anchors keep all 64 bits and
/// their positions; an anchor past the document limit proposes nothing; candidates wait once
/// each, by key, until recorded with their verdicts.
pub fn translations_index_and_candidates<B: Backend>(b: &mut B) {
    let mut store = b.fresh();
    let keys = commit(
        &mut store,
        &[
            doc("a", "First text."),
            doc("b", "Second text."),
            doc("c", "Third text."),
            doc("d", "Fourth text."),
        ],
    );
    let lang = |k: usize, l: &str| (keys[k], l.to_string());
    assert_eq!(
        store
            .register_languages(&[lang(0, "en"), lang(1, "en")])
            .expect("registers"),
        1
    );
    assert_eq!(
        store
            .register_languages(&[lang(1, "en"), lang(2, "es"), lang(2, "es")])
            .expect("registers"),
        2
    );
    assert_eq!(
        store.unanchored_documents(10).expect("reads"),
        keys[..3].to_vec()
    );
    assert_eq!(
        store.unanchored_documents(2).expect("reads"),
        keys[..2].to_vec()
    );
    let big = u64::MAX - 3;
    store
        .index_anchors(&[
            DocAnchors {
                doc: keys[0],
                anchors: vec![7, big, 9],
            },
            DocAnchors {
                doc: keys[2],
                anchors: vec![big, 7],
            },
        ])
        .expect("indexes");
    // Indexed again (a run that died before linking): the postings stay once.
    store
        .index_anchors(&[DocAnchors {
            doc: keys[2],
            anchors: vec![big, 7],
        }])
        .expect("indexes");
    assert_eq!(
        store.unanchored_documents(10).expect("reads"),
        vec![keys[1]]
    );
    let found = store
        .anchor_postings(&[big, 9, 11, big], 10)
        .expect("reads");
    let at = |p: &AnchorPosting| (p.doc, p.position, p.language.clone());
    let expected = vec![
        (keys[0], 1, "en".to_string()),
        (keys[2], 0, "es".to_string()),
    ];
    assert_eq!(found.len(), 4);
    assert_eq!(found[0].iter().map(at).collect::<Vec<_>>(), expected);
    assert_eq!(found[3].iter().map(at).collect::<Vec<_>>(), expected);
    assert_eq!(
        found[1].iter().map(at).collect::<Vec<_>>(),
        vec![(keys[0], 2, "en".to_string())]
    );
    assert!(found[2].is_empty());
    assert!(store.anchor_postings(&[big], 1).expect("reads")[0].is_empty());
    assert!(store.anchor_postings(&[], 1).expect("reads").is_empty());

    store
        .add_translation_candidates(&[(keys[1], keys[2]), (keys[0], keys[2]), (keys[0], keys[2])])
        .expect("records");
    assert_eq!(store.translation_candidate_count().expect("counts"), 2);
    assert_eq!(
        store.translation_candidates(1).expect("reads"),
        vec![(keys[0], keys[2])]
    );
    let pair = StoredReuse {
        source: keys[0],
        target: keys[2],
        relation: Relation::Translated,
        extent: Extent::Full,
        similarity: 0.93,
        direction: DirectionEvidence::Undetermined,
        passages: Vec::new(),
        substitutions: Vec::new(),
    };
    store
        .record_translations(std::slice::from_ref(&pair), &[(keys[0], keys[2])])
        .expect("records");
    assert_eq!(
        store.translation_candidates(10).expect("reads"),
        vec![(keys[1], keys[2])]
    );
    assert_eq!(store.reuse_pairs().expect("reads"), vec![pair]);
    // Another connection sees it all.
    let other = b.again();
    assert_eq!(other.translation_candidate_count().expect("counts"), 1);
    assert_eq!(
        other.unanchored_documents(10).expect("reads"),
        vec![keys[1]]
    );
}
