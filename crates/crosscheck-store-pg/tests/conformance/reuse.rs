//! The reuse index, queue and pairs.

use std::sync::mpsc;
use std::time::Duration;

use crosscheck::TextRange;
use crosscheck_reuse::{DirectionEvidence, Extent, PassagePair, Relation, Substitution};
use crosscheck_store::{
    DocKey, DocumentStore, Fingerprints, ReuseCandidate, ReuseStore, StoredReuse,
};

use super::{commit, doc, Backend};

fn pair(keys: &[DocKey], source: usize, target: usize) -> StoredReuse {
    StoredReuse {
        source: keys[source],
        target: keys[target],
        relation: Relation::Verbatim,
        extent: Extent::Full,
        similarity: 0.9,
        direction: DirectionEvidence::PublicationDate,
        passages: vec![PassagePair {
            source: TextRange::new(0, 4),
            target: TextRange::new(1, 5),
        }],
        substitutions: vec![Substitution {
            target: TextRange::new(2, 3),
            source: TextRange::new(1, 2),
        }],
    }
}

fn five<B: Backend>(b: &mut B) -> (B::Store, Vec<DocKey>) {
    let mut store = b.fresh();
    let keys = commit(
        &mut store,
        &[
            doc("a", "First text."),
            doc("b", "Second text."),
            doc("c", "Third text."),
            doc("d", "Fourth text."),
            doc("e", "Fifth text."),
        ],
    );
    (store, keys)
}

/// Fingerprints in, candidates out: shared counts, boilerplate left out, index sizes.
pub fn reuse_index_and_candidates<B: Backend>(b: &mut B) {
    let (mut store, k) = five(b);
    assert!(store
        .reuse_candidates(&[1, 2], 1, 10)
        .expect("looks up")
        .is_empty());
    store.index_reuse(&[]).expect("indexes nothing");
    store
        .index_reuse(&[
            Fingerprints {
                doc: k[0],
                fingerprints: vec![1, 2, 3, u32::MAX],
            },
            Fingerprints {
                doc: k[1],
                fingerprints: vec![2, 3, 4, 4],
            },
            Fingerprints {
                doc: k[2],
                fingerprints: vec![3, 5],
            },
        ])
        .expect("indexes");
    let found = store
        .reuse_candidates(&[2, 3, u32::MAX], 1, 10)
        .expect("looks up");
    let c = |doc: DocKey, shared: u32, fingerprints: u32| ReuseCandidate {
        doc,
        shared,
        fingerprints,
    };
    assert_eq!(found, [c(k[0], 3, 4), c(k[1], 2, 4), c(k[2], 1, 2)]);
    // Fingerprint 3 is held by 3 documents: boilerplate past a limit of 2.
    assert_eq!(
        store.reuse_candidates(&[2, 3], 1, 2).expect("looks up"),
        [c(k[0], 1, 4), c(k[1], 1, 4)]
    );
    assert_eq!(
        store.reuse_candidates(&[2, 3], 2, 10).expect("looks up"),
        [c(k[0], 2, 4), c(k[1], 2, 4)]
    );
    // A fingerprint asked for twice counts twice.
    assert_eq!(
        store.reuse_candidates(&[5, 5], 2, 10).expect("looks up"),
        [c(k[2], 2, 2)]
    );
    // Indexing again is harmless; the size given last counts.
    store
        .index_reuse(&[Fingerprints {
            doc: k[2],
            fingerprints: vec![5, 6, 7],
        }])
        .expect("indexes");
    assert_eq!(
        store.reuse_candidates(&[5, 6], 1, 10).expect("looks up"),
        [c(k[2], 2, 3)]
    );
    // Asked for several documents at once: each answer is the one-at-a-time answer, in
    // the order asked, repeats and empty lists included.
    let asked: [&[u32]; 4] = [&[2, 3, u32::MAX], &[], &[5, 5], &[2, 3, u32::MAX]];
    let one_by_one: Vec<Vec<ReuseCandidate>> = asked
        .iter()
        .map(|fps| store.reuse_candidates(fps, 1, 10).expect("looks up"))
        .collect();
    assert_eq!(
        store.reuse_candidates_of(&asked, 1, 10).expect("looks up"),
        one_by_one
    );
    // Documents read by keys: in the order asked, a repeat twice, an unknown key as none.
    let unknown = DocKey(k.iter().map(|d| d.0).max().unwrap_or(0) + 100);
    let read = store
        .documents_by_keys(&[k[2], unknown, k[0], k[2]])
        .expect("reads");
    let ids: Vec<Option<String>> = read
        .iter()
        .map(|d| d.as_ref().map(|d| d.id.clone()))
        .collect();
    let expect = |key: DocKey| store.document_by_key(key).expect("reads").map(|d| d.id);
    assert_eq!(ids, [expect(k[2]), None, expect(k[0]), expect(k[2])]);
}

/// Pairs are recorded (replacing earlier verdicts), listed by target then source hash, and
/// found by either end; linked documents leave the queue.
pub fn reuse_pairs_record_and_list<B: Backend>(b: &mut B) {
    let (mut store, keys) = five(b);
    let pairs = [
        pair(&keys, 0, 1),
        pair(&keys, 1, 2),
        pair(&keys, 3, 4),
        pair(&keys, 0, 2),
    ];
    store
        .record_reuse(&pairs, &[keys[0], keys[1]])
        .expect("records");
    assert_eq!(store.unlinked_count().expect("counts"), 3);
    let mut replaced = pair(&keys, 0, 1);
    replaced.relation = Relation::Spun;
    replaced.similarity = 0.5;
    replaced.passages.clear();
    store
        .record_reuse(&[replaced.clone()], &[])
        .expect("records");
    let all = store.reuse_pairs().expect("lists");
    assert_eq!(all.len(), 4);
    assert!(all.contains(&replaced));
    assert!(all.contains(&pairs[1]));
    let hash = |k: DocKey| {
        store
            .document_by_key(k)
            .expect("reads")
            .expect("exists")
            .hash
            .as_str()
            .to_string()
    };
    let order: Vec<(String, String)> = all
        .iter()
        .map(|p| (hash(p.target), hash(p.source)))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "by target, then source hash");
    let touching = |docs: &[usize]| -> Vec<(DocKey, DocKey)> {
        let docs: Vec<DocKey> = docs.iter().map(|&d| keys[d]).collect();
        let mut found: Vec<(DocKey, DocKey)> = store
            .reuse_pairs_of(&docs)
            .expect("looks up")
            .into_iter()
            .map(|p| (p.source, p.target))
            .collect();
        found.sort_unstable();
        found
    };
    let expect = |pairs: &[(usize, usize)]| -> Vec<(DocKey, DocKey)> {
        let mut pairs: Vec<_> = pairs.iter().map(|&(s, t)| (keys[s], keys[t])).collect();
        pairs.sort_unstable();
        pairs
    };
    assert_eq!(touching(&[1]), expect(&[(0, 1), (1, 2)]));
    assert_eq!(touching(&[4]), expect(&[(3, 4)]));
    assert_eq!(touching(&[0, 2]), expect(&[(0, 1), (1, 2), (0, 2)]));
    assert!(touching(&[]).is_empty());
    assert!(store
        .reuse_pairs_of(&[DocKey(999)])
        .expect("looks up")
        .is_empty());
    assert_eq!(
        store.reuse_pairs_of(&keys).expect("looks up"),
        store.reuse_pairs().expect("lists")
    );
    // The relations alone: the same pairs in the same order.
    let relations: Vec<_> = store
        .reuse_pairs()
        .expect("lists")
        .into_iter()
        .map(|p| (p.source, p.target, p.relation))
        .collect();
    assert!(!relations.is_empty());
    assert_eq!(store.reuse_relations().expect("lists"), relations);
}

/// Fresh documents first, by key; then, none fresh, the ones other runs hold.
pub fn reuse_claims<B: Backend>(b: &mut B) {
    let (mut store, keys) = five(b);
    assert_eq!(store.claim_unlinked(2).expect("claims"), keys[..2]);
    assert_eq!(store.claim_unlinked(2).expect("claims"), keys[2..4]);
    assert_eq!(store.claim_unlinked(2).expect("claims"), keys[4..]);
    // Nothing fresh: claimed ones come back (their run may have died).
    assert_eq!(store.claim_unlinked(10).expect("claims").len(), 5);
    store.record_reuse(&[], &keys[..4]).expect("records");
    assert_eq!(store.claim_unlinked(10).expect("claims"), keys[4..]);
    store.record_reuse(&[], &keys[4..]).expect("records");
    assert!(store.claim_unlinked(10).expect("claims").is_empty());
    assert_eq!(store.unlinked_count().expect("counts"), 0);
}

/// Two connections claiming at once never take the same fresh document.
pub fn reuse_claims_from_two_connections<B: Backend>(b: &mut B) {
    let mut first = b.fresh();
    let docs: Vec<_> = (0..60)
        .map(|n| doc(&format!("d{n}"), &format!("Queued text {n}.")))
        .collect();
    let keys = commit(&mut first, &docs);
    let mut second = b.again();
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let mut mine = Vec::new();
        for _ in 0..15 {
            mine.extend(second.claim_unlinked(2).expect("claims"));
        }
        tx.send(()).expect("reports");
        mine
    });
    let mut mine = Vec::new();
    for _ in 0..15 {
        mine.extend(first.claim_unlinked(2).expect("claims"));
    }
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the other finishes");
    let theirs = worker.join().expect("joins");
    let mut all: Vec<DocKey> = mine.iter().chain(&theirs).copied().collect();
    all.sort_unstable();
    assert_eq!(all, keys, "each document claimed exactly once");
}
