//! Incremental reuse: link the stored documents not yet linked to the ones they copy or that
//! copy them.
//!
//! Every stored document enters the store's reuse queue with its own insert. This pass takes
//! queued documents a chunk at a time, in key order: it computes their skeleton fingerprints
//! and adds them to the reuse index (committed, so every other run sees them), then looks up
//! each document's candidates in the index, aligns the candidate pairs, and records the
//! derived pairs while taking the chunk off the queue, in one transaction.
//!
//! Why this gives the one-run result whatever the order, interruptions or concurrency of runs:
//! the index holds exactly the documents linked so far (and the chunk in hand), so a pair of
//! documents is judged by whichever of the two is linked later, which sees the other in the
//! index; two chunks linked at once by two runs both see each other (each indexes before it
//! looks up), and judge their shared pairs twice with the same verdict. A run killed at any
//! point leaves its chunk queued, and the next run links it again. The corpus is never
//! recomputed and memory holds one chunk of documents and their candidates at a time.
//!
//! Translations across languages ride on the same queue: each chunk's candidate translation
//! pairs are found before it leaves the queue, and verified once the queue is empty
//! (`linked_translations.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};

use crosscheck::Document;
use crosscheck_reuse::{compare, fingerprints, words, ReuseOptions, ReusePair, Word};
use crosscheck_store::{CorpusStore, DocKey, Fingerprints, StoredReuse};
use rayon::prelude::*;

use crate::error::{Result, StoreContext};
use crate::events::{Events, Step};
use crate::guard::guarded;
use crate::reuse::linked_translations::{link_candidates, verify_candidates};
use crate::reuse::reuse_doc;
use crate::reuse::translations::embedder;
use crate::summary::{RunSummary, SkippedInput, TranslationRun};

/// Queued documents linked per round: bounds memory to this many documents and their
/// candidates, and what a crash makes the next run redo. Not fewer: each round's postings
/// land all over the index (keyed by fingerprint), so a round rewrites most of the index's
/// pages whatever its size, and at 100k documents rounds of 256 wrote the index about 400
/// times over (most of the run's time).
const CHUNK: usize = 2048;

/// What linking did.
#[derive(Clone, Debug, Default)]
pub(crate) struct Linked {
    /// Derived pairs recorded (translated ones not counted).
    pub pairs: usize,
    /// What the cross-lingual pass did.
    pub translations: TranslationRun,
    /// Why candidate translation pairs were left unverified, if they were.
    pub unverified: Option<String>,
}

impl Linked {
    /// Put what linking did into `summary`: the pairs, the translations when candidates were
    /// waiting, and (as `analyze` says it in its report's `skipped`) why candidates were left
    /// unverified and how to verify them.
    pub(crate) fn into_summary(self, summary: &mut RunSummary) {
        summary.reuse_pairs = Some(self.pairs);
        if self.translations != TranslationRun::default() {
            summary.translations = Some(self.translations);
        }
        if let Some(why) = self.unverified {
            summary.skipped.push(SkippedInput {
                location: crate::reuse::translations::LOCATION.to_owned(),
                reason: format!(
                    "skipped: {} candidate translation pair(s) left unverified: {why}",
                    self.translations.unverified
                ),
                kind: "model stage".to_owned(),
            });
        }
    }
}

/// Link every queued document, then verify the waiting candidate translation pairs when the
/// multilingual model is there and `models` allows it; stops between rounds once `cancel` is
/// set.
pub(crate) fn link_unlinked<S: CorpusStore + ?Sized>(
    store: &mut S,
    options: &ReuseOptions,
    models: bool,
    events: &dyn Events,
    cancel: &AtomicBool,
) -> Result<Linked> {
    let total = store
        .unlinked_count()
        .context("counting documents to link")?;
    let mut recorded = 0;
    let mut handled: BTreeSet<DocKey> = BTreeSet::new();
    events.step(Step::LinkingReuse);
    while !cancel.load(Ordering::Relaxed) {
        let chunk = store
            .claim_unlinked(CHUNK)
            .context("taking documents to link")?;
        // A claim that brings back only documents this run has linked would mean the store
        // did not take them off its queue: stop rather than loop.
        if chunk.iter().all(|key| handled.contains(key)) {
            break;
        }
        recorded += link_chunk(store, &chunk, options)?;
        handled.extend(chunk.iter().copied());
        events.progress(handled.len() as u64, total.max(handled.len() as u64));
    }
    events.step_done();
    let mut linked = Linked {
        pairs: recorded,
        ..Linked::default()
    };
    if cancel.load(Ordering::Relaxed) {
        return Ok(linked);
    }
    // Nothing waiting (a corpus in one language): the model is not even loaded.
    let waiting = store
        .translation_candidate_count()
        .context("counting translation candidates")?;
    if waiting > 0 {
        let (embedder, unavailable) = embedder(models);
        let verified = verify_candidates(store, embedder, unavailable, cancel)?;
        linked.translations = TranslationRun {
            pairs: verified.pairs,
            verified: verified.checked,
            unverified: verified.waiting,
        };
        linked.unverified = verified.note.filter(|_| verified.waiting > 0);
    }
    Ok(linked)
}

/// Index, look up, align and record one chunk of queued documents.
fn link_chunk<S: CorpusStore + ?Sized>(
    store: &mut S,
    chunk: &[DocKey],
    options: &ReuseOptions,
) -> Result<usize> {
    let mut docs: BTreeMap<DocKey, (Document, Vec<Word>)> = BTreeMap::new();
    load_missing(store, chunk.iter().copied(), &mut docs)?;
    let prints: Vec<Fingerprints> = docs
        .par_iter()
        .map(|(key, (_, words))| Fingerprints {
            doc: *key,
            fingerprints: fingerprints(words),
        })
        .collect();
    // Indexed (and committed) before any lookup: see the module documentation.
    store
        .index_reuse(&prints)
        .context("indexing documents for reuse")?;
    // Candidate translations of the chunk, found (and committed) before it leaves the queue.
    let own: Vec<(DocKey, &Document)> = docs.iter().map(|(key, (doc, _))| (*key, doc)).collect();
    link_candidates(store, &own)?;

    let in_chunk: BTreeSet<DocKey> = chunk.iter().copied().collect();
    let mut jobs: BTreeSet<(DocKey, DocKey)> = BTreeSet::new();
    // Asked at the lowest bar, then held to the pair's: the smaller document's size sets it
    // (as in `detect`), whichever of the two is linked later. Every document of the chunk at
    // once (one round trip to a server store), after the whole chunk is indexed.
    let asked: Vec<&[u32]> = prints
        .iter()
        .map(|doc| doc.fingerprints.as_slice())
        .collect();
    let found = store
        .reuse_candidates_of(
            &asked,
            options.min_shared_for(0),
            options.max_fingerprint_documents,
        )
        .context("looking up reuse candidates")?;
    for (doc, candidates) in prints.iter().zip(found) {
        let own = doc.fingerprints.len();
        for candidate in candidates {
            let other = candidate.doc;
            let smaller = own.min(candidate.fingerprints as usize);
            if candidate.shared < options.min_shared_for(smaller) {
                continue;
            }
            // A pair inside the chunk once, from its later document; a pair with a document
            // linked before, now (that document could not see this one).
            if other == doc.doc || (in_chunk.contains(&other) && other > doc.doc) {
                continue;
            }
            jobs.insert((other.min(doc.doc), other.max(doc.doc)));
        }
    }
    load_missing(store, jobs.iter().flat_map(|&(a, b)| [a, b]), &mut docs)?;
    let found: Vec<StoredReuse> = jobs
        .par_iter()
        .filter_map(|&(a, b)| {
            let (a_doc, b_doc) = (docs.get(&a)?, docs.get(&b)?);
            // The aligner reads its two texts in order: the pair's order comes from the
            // texts (content hash), not from the keys, which follow the order runs stored
            // the documents in.
            if a_doc.0.hash <= b_doc.0.hash {
                judge((a, a_doc), (b, b_doc), options)
            } else {
                judge((b, b_doc), (a, a_doc), options)
            }
        })
        .collect();
    store
        .record_reuse(&found, chunk)
        .context("recording derived pairs")?;
    Ok(found.len())
}

/// Read the documents `keys` names that `docs` does not hold yet, with their words (each
/// document tokenised once per chunk, however many pairs it is in).
fn load_missing<S: CorpusStore + ?Sized>(
    store: &S,
    keys: impl Iterator<Item = DocKey>,
    docs: &mut BTreeMap<DocKey, (Document, Vec<Word>)>,
) -> Result<()> {
    let mut wanted: Vec<DocKey> = Vec::new();
    let mut seen: BTreeSet<DocKey> = BTreeSet::new();
    for key in keys {
        if !docs.contains_key(&key) && seen.insert(key) {
            wanted.push(key);
        }
    }
    if wanted.is_empty() {
        return Ok(());
    }
    // One read for them all (one round trip to a server store).
    let loaded: Vec<(DocKey, Document)> = wanted
        .iter()
        .copied()
        .zip(
            store
                .documents_by_keys(&wanted)
                .context("reading documents to link")?,
        )
        .filter_map(|(key, doc)| Some((key, doc?)))
        .collect();
    let tokenized: Vec<(DocKey, (Document, Vec<Word>))> = loaded
        .into_par_iter()
        .map(|(key, doc)| {
            let words = words(&doc.text);
            (key, (doc, words))
        })
        .collect();
    docs.extend(tokenized);
    Ok(())
}

/// Align one stored pair (smaller content hash first) and turn a verdict into a stored row.
fn judge(
    (first_key, (first, first_words)): (DocKey, &(Document, Vec<Word>)),
    (second_key, (second, second_words)): (DocKey, &(Document, Vec<Word>)),
    options: &ReuseOptions,
) -> Option<StoredReuse> {
    let sites = [first.site(), second.site()];
    let docs = [reuse_doc(first, &sites[0]), reuse_doc(second, &sites[1])];
    // A panic aligning one pair (a bug two texts found) loses that pair, not the run.
    let pair: ReusePair = guarded(|| compare(&docs, first_words, second_words, 0, 1, options))
        .ok()
        .flatten()?;
    let (source, target) = if pair.source == 0 {
        (first_key, second_key)
    } else {
        (second_key, first_key)
    };
    Some(StoredReuse {
        source,
        target,
        relation: pair.relation,
        extent: pair.extent,
        similarity: pair.similarity,
        direction: pair.direction,
        passages: pair.passages,
        substitutions: pair.substitutions,
    })
}
