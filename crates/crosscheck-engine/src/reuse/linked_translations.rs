//! Translations at ingest: the cross-lingual pass of reuse over a stored corpus that grows
//! batch after batch, giving the translated pairs `analyze` finds over the same documents.
//!
//! Two steps, as in memory (`crosscheck_reuse::find_translations`), each resumable:
//!
//! 1. candidates, while a chunk of queued documents is linked (`incremental.rs`), before the
//!    chunk leaves the reuse queue: each document's language is registered; once the
//!    registered documents have two languages, their anchors (names and numbers that survive
//!    translation, `crosscheck_reuse::anchor_keys`, with their order) go into the store's
//!    anchor index, and each document of the chunk is looked up there. A pair of documents in
//!    different languages sharing [`MIN_ORDERED_ANCHORS`] anchors in the same order (anchors
//!    held by more than [`MAX_ANCHOR_DOCS`] documents left out) is a candidate, and waits in
//!    the store;
//! 2. verification, after linking, when the multilingual model is there: waiting candidates
//!    are taken a batch at a time, the sentences of their documents embedded, each pair judged
//!    on its two documents alone (`crosscheck_reuse::verify_translations`), and the translated
//!    pairs recorded as derived pairs in the transaction that takes the batch off the waiting
//!    list. Without the model the candidates stay waiting, and the first run that has it
//!    verifies them: a store ingested before `crosscheck models fetch` gets its pairs from
//!    the next ingest, with no document read twice from the inputs.
//!
//! Why the one-run result whatever the order, interruptions or concurrency of runs: a
//! document is registered (committed) before its run counts the languages, and anchored
//! (committed) before it is looked up, so of two documents in different languages, whichever
//! is linked later sees the other, exactly as with the reuse fingerprints; the candidate rule
//! and the verdict read only the pair's two documents. A run killed anywhere leaves its chunk
//! queued (registering and anchoring again change nothing) or its candidates waiting.
//!
//! Where the result can differ from `analyze`: `analyze` weighs anchors by rarity and keeps
//! each document's best 8 partners; a store cannot rank partners without reading them all
//! again, so it verifies every pair the pairwise rule admits, a superset of `analyze`'s
//! candidates: its pairs hold `analyze`'s, and more only where `analyze`'s partner cap cut a
//! pair that the model verifies. An anchor's document count is read when a pair is looked up,
//! so an anchor that passes [`MAX_ANCHOR_DOCS`] later still counted for pairs found before (as
//! the reuse index's boilerplate limit does).
//!
//! Cost: for a corpus in one language, a row per document (its language) and nothing else.
//! With two languages, a few hundred anchor postings per document and a lookup per chunk; the
//! model embeds only documents in a candidate, once per run: a run keeps the vectors of the
//! sentences it embedded ([`SentenceCache`], at most [`CACHE_BYTES`]) across its verification
//! batches, so a document in candidates of several batches is embedded by the first. Only a
//! run whose candidate documents' vectors outgrow the cache embeds some again (the least
//! recently used go first), which changes its cost, not its pairs: a sentence's vector does
//! not depend on what it is embedded with (but for rounding in the last digits, as padding in
//! the model's batches already made it). A later run embeds again the documents of the
//! candidates it verifies: vectors are not stored.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crosscheck::Document;
use crosscheck_reuse::{
    anchor_keys, ordered_anchor_count, EmbedFailure, SentenceEmbedder, TranslationStatus,
    MAX_ANCHOR_DOCS, MIN_ORDERED_ANCHORS,
};
use crosscheck_store::{CorpusStore, DocAnchors, DocKey, StoredReuse};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::error::{Result, StoreContext};
use crate::reuse::translations::{language_of, verify_documents};

/// Documents read back and anchored per round when the store first has two languages.
const ANCHOR_BATCH: usize = 2048;
/// Candidate pairs verified per round: what a kill makes the next run redo.
const VERIFY_BATCH: usize = 256;
/// Most bytes of sentence vectors (with their sentences) a verifying run keeps across its
/// batches: about 40,000 sentences of multilingual-e5-small (384 floats each), some 1,300
/// news articles in candidates, before the least recently used are dropped. `analyze`'s
/// out-of-core pass keeps as many across its chunks.
pub(crate) const CACHE_BYTES: usize = 64 << 20;
/// Documents whose translation traces a verifying run keeps across its batches (a flag each).
const TRACES_KEPT: usize = 1 << 20;

/// Register the languages of `chunk`'s documents and, once the store holds two languages,
/// anchor them (and any registered document not anchored yet), look their candidate pairs up
/// and add them to the waiting list. Returns how many candidates the chunk added.
pub(crate) fn link_candidates<S: CorpusStore + ?Sized>(
    store: &mut S,
    chunk: &[(DocKey, &Document)],
) -> Result<usize> {
    let registered: Vec<(DocKey, String)> = chunk
        .iter()
        .filter_map(|(key, doc)| language_of(doc).map(|l| (*key, l.to_owned())))
        .collect();
    let languages = store
        .register_languages(&registered)
        .context("registering documents' languages")?;
    if languages < 2 || registered.is_empty() {
        return Ok(0);
    }
    // The chunk's own anchors from the texts in hand, then every other registered document
    // not anchored yet (the corpus before its second language, or another run's chunk).
    let own: Vec<DocAnchors> = chunk
        .par_iter()
        .filter(|(_, doc)| language_of(doc).is_some())
        .map(|(key, doc)| DocAnchors {
            doc: *key,
            anchors: anchor_keys(&doc.text),
        })
        .collect();
    store
        .index_anchors(&own)
        .context("indexing translation anchors")?;
    anchor_the_rest(store)?;

    // Every anchor of the chunk looked up at once.
    let mut asked: Vec<u64> = own.iter().flat_map(|d| d.anchors.iter().copied()).collect();
    asked.sort_unstable();
    asked.dedup();
    let postings = store
        .anchor_postings(&asked, MAX_ANCHOR_DOCS)
        .context("looking up translation anchors")?;
    let held: FxHashMap<u64, &[crosscheck_store::AnchorPosting]> = asked
        .iter()
        .copied()
        .zip(postings.iter().map(Vec::as_slice))
        .collect();
    let language: FxHashMap<DocKey, &str> = registered
        .iter()
        .map(|(key, lang)| (*key, lang.as_str()))
        .collect();
    let in_chunk: BTreeSet<DocKey> = language.keys().copied().collect();
    let mut pairs: BTreeSet<(DocKey, DocKey)> = BTreeSet::new();
    for doc in &own {
        let Some(&mine) = language.get(&doc.doc) else {
            continue;
        };
        let mut shared: BTreeMap<DocKey, Vec<(u32, u32)>> = BTreeMap::new();
        for (at, anchor) in doc.anchors.iter().enumerate() {
            for posting in held.get(anchor).copied().unwrap_or_default() {
                if posting.doc != doc.doc && posting.language != mine {
                    shared
                        .entry(posting.doc)
                        .or_default()
                        .push((at as u32, posting.position));
                }
            }
        }
        for (other, mut matches) in shared {
            // A pair inside the chunk once, from its later document.
            if in_chunk.contains(&other) && other > doc.doc {
                continue;
            }
            if matches.len() >= MIN_ORDERED_ANCHORS
                && ordered_anchor_count(&mut matches) >= MIN_ORDERED_ANCHORS
            {
                pairs.insert((other.min(doc.doc), other.max(doc.doc)));
            }
        }
    }
    let pairs: Vec<(DocKey, DocKey)> = pairs.into_iter().collect();
    store
        .add_translation_candidates(&pairs)
        .context("recording translation candidates")?;
    Ok(pairs.len())
}

/// Anchor every registered document that is not anchored yet, a batch at a time.
fn anchor_the_rest<S: CorpusStore + ?Sized>(store: &mut S) -> Result<()> {
    let mut last: Vec<DocKey> = Vec::new();
    loop {
        let keys = store
            .unanchored_documents(ANCHOR_BATCH)
            .context("reading documents to anchor")?;
        // A store that did not mark the last batch would hand it back forever: stop.
        if keys.is_empty() || keys == last {
            return Ok(());
        }
        let docs = store
            .documents_by_keys(&keys)
            .context("reading documents to anchor")?;
        let anchored: Vec<DocAnchors> = keys
            .par_iter()
            .zip(docs.par_iter())
            .map(|(key, doc)| DocAnchors {
                doc: *key,
                // A registered document always exists; one gone stays out of the index.
                anchors: doc
                    .as_ref()
                    .map(|d| anchor_keys(&d.text))
                    .unwrap_or_default(),
            })
            .collect();
        store
            .index_anchors(&anchored)
            .context("indexing translation anchors")?;
        last = keys;
    }
}

/// What verifying the waiting candidates did.
#[derive(Clone, Debug, Default)]
pub(crate) struct Verified {
    /// Candidate pairs judged.
    pub checked: usize,
    /// Of those, translated pairs recorded.
    pub pairs: usize,
    /// Candidate pairs still waiting afterwards (no model, a failure, or cancelled).
    pub waiting: u64,
    /// Why candidates were left waiting, in words that say how to enable the model.
    pub note: Option<String>,
    /// Sentences the model embedded (each at most once while the run's cache holds it).
    pub sentences_embedded: usize,
}

/// Verify the waiting candidate pairs with `embedder` (none: count them and say why),
/// recording the translated pairs; stops between batches once `cancel` is set.
pub(crate) fn verify_candidates<S: CorpusStore + ?Sized>(
    store: &mut S,
    embedder: Option<&dyn SentenceEmbedder>,
    unavailable: Option<String>,
    cancel: &AtomicBool,
) -> Result<Verified> {
    verify_in_batches(
        store,
        embedder,
        unavailable,
        cancel,
        (VERIFY_BATCH, CACHE_BYTES),
    )
}

/// [`verify_candidates`], `batch` candidates at a time, keeping at most `cache_bytes` of
/// sentence vectors across batches (tests make both small).
fn verify_in_batches<S: CorpusStore + ?Sized>(
    store: &mut S,
    embedder: Option<&dyn SentenceEmbedder>,
    unavailable: Option<String>,
    cancel: &AtomicBool,
    (batch_size, cache_bytes): (usize, usize),
) -> Result<Verified> {
    let mut out = Verified::default();
    if let Some(embedder) = embedder {
        // One cache for the run: a document in candidates of several batches is embedded
        // once, and its translation traces read once.
        let cached = SentenceCache::new(embedder, cache_bytes);
        let mut traces: FxHashMap<DocKey, bool> = FxHashMap::default();
        let mut last: Vec<(DocKey, DocKey)> = Vec::new();
        while !cancel.load(Ordering::Relaxed) {
            let batch = store
                .translation_candidates(batch_size.max(1))
                .context("reading translation candidates")?;
            if batch.is_empty() || batch == last {
                break;
            }
            if traces.len() > TRACES_KEPT {
                traces.clear();
            }
            match verify_batch(store, &batch, &cached, &mut traces)? {
                Ok(pairs) => {
                    out.checked += batch.len();
                    out.pairs += pairs.len();
                    store
                        .record_translations(&pairs, &batch)
                        .context("recording translated pairs")?;
                }
                Err(failure) => {
                    out.note = Some(format!("the multilingual model failed: {failure}"));
                    break;
                }
            }
            last = batch;
        }
        out.sentences_embedded = cached.embedded();
    }
    out.waiting = store
        .translation_candidate_count()
        .context("counting translation candidates")?;
    if out.waiting > 0 && out.note.is_none() {
        out.note = Some(if embedder.is_some() {
            "the run was interrupted before they were verified (run ingest again)".to_owned()
        } else {
            unavailable.unwrap_or_else(|| "no embedder".to_owned())
        });
    }
    Ok(out)
}

/// Judge one batch of candidate pairs: the translated ones as stored rows, or why the model
/// failed.
fn verify_batch<S: CorpusStore + ?Sized>(
    store: &S,
    batch: &[(DocKey, DocKey)],
    embedder: &dyn SentenceEmbedder,
    known_traces: &mut FxHashMap<DocKey, bool>,
) -> Result<std::result::Result<Vec<StoredReuse>, String>> {
    let mut keys: Vec<DocKey> = batch.iter().flat_map(|&(a, b)| [a, b]).collect();
    keys.sort_unstable();
    keys.dedup();
    let loaded = store
        .documents_by_keys(&keys)
        .context("reading documents to verify")?;
    let (keys, documents): (Vec<DocKey>, Vec<Document>) = keys
        .into_iter()
        .zip(loaded)
        .filter_map(|(key, doc)| Some((key, doc?)))
        .unzip();
    // Translation traces as rewrite forensics reads them without a model (what `analyze`
    // passes when the dates do not decide), read once per document in a run.
    let traces: Vec<bool> = keys
        .par_iter()
        .zip(documents.par_iter())
        .map(|(key, d)| {
            known_traces.get(key).copied().unwrap_or_else(|| {
                crate::guard::guarded(|| crosscheck_rewrite::analyze(&d.text).label)
                    .is_ok_and(|label| label == crosscheck_rewrite::Label::Translated)
            })
        })
        .collect();
    known_traces.extend(keys.iter().copied().zip(traces.iter().copied()));
    let local = |key: DocKey| keys.binary_search(&key).ok();
    let pairs: Vec<(usize, usize)> = batch
        .iter()
        .filter_map(|&(a, b)| Some((local(a)?, local(b)?)))
        .collect();
    let found = verify_documents(&documents, &traces, &pairs, embedder);
    if let TranslationStatus::Failed(e) = found.status {
        return Ok(Err(e.to_string()));
    }
    Ok(Ok(found
        .pairs
        .into_iter()
        .map(|p| StoredReuse {
            source: keys[p.source],
            target: keys[p.target],
            relation: p.relation,
            extent: p.extent,
            similarity: p.similarity,
            direction: p.direction,
            passages: p.passages,
            substitutions: p.substitutions,
        })
        .collect()))
}

/// A verifying run's sentence vectors, kept across its batches: the embedder behind it sees
/// each sentence once while the cache holds it. Keyed by the sentence as given (what the
/// vector is a function of), so a document's sentences, and a sentence two documents share,
/// are embedded once. Bounded: past `budget` bytes the least recently used sentences go.
pub(crate) struct SentenceCache<'a> {
    inner: &'a dyn SentenceEmbedder,
    budget: usize,
    kept: Mutex<Kept>,
}

/// What a [`SentenceCache`] holds.
#[derive(Default)]
struct Kept {
    /// Sentence → (its vector, the call that last used it).
    vectors: FxHashMap<String, (Vec<f32>, u64)>,
    /// Bytes held (sentences, vectors and a map entry's overhead).
    bytes: usize,
    /// Calls so far: the clock of least recent use.
    calls: u64,
    /// Sentences the inner embedder was given.
    embedded: usize,
}

/// A kept sentence's bytes beyond its text and vector: the map's entry and the `Vec`/`String`
/// headers, roughly.
const ENTRY_OVERHEAD: usize = 80;

impl<'a> SentenceCache<'a> {
    /// A cache over `inner` that keeps at most `budget` bytes.
    pub(crate) fn new(inner: &'a dyn SentenceEmbedder, budget: usize) -> SentenceCache<'a> {
        SentenceCache {
            inner,
            budget,
            kept: Mutex::new(Kept::default()),
        }
    }

    /// Sentences the inner embedder was given so far.
    pub(crate) fn embedded(&self) -> usize {
        self.kept
            .lock()
            .map_or_else(|e| e.into_inner().embedded, |k| k.embedded)
    }
}

impl SentenceEmbedder for SentenceCache<'_> {
    fn embed(&self, sentences: &[&str]) -> std::result::Result<Vec<Vec<f32>>, EmbedFailure> {
        // A poisoned lock only means another call panicked mid-way; the map stays coherent
        // (entries are inserted whole), so it is used as it is.
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.calls += 1;
        let now = kept.calls;
        // The sentences not held, each once, in order of first appearance.
        let mut missing: Vec<&str> = Vec::new();
        let mut asked: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        for &s in sentences {
            match kept.vectors.get_mut(s) {
                Some(entry) => entry.1 = now,
                None => {
                    if asked.insert(s) {
                        missing.push(s);
                    }
                }
            }
        }
        let mut fresh: FxHashMap<&str, Vec<f32>> = FxHashMap::default();
        if !missing.is_empty() {
            let vectors = self.inner.embed(&missing)?;
            if vectors.len() != missing.len() {
                return Err(EmbedFailure(format!(
                    "the embedder returned {} vectors for {} sentences",
                    vectors.len(),
                    missing.len()
                )));
            }
            kept.embedded += missing.len();
            fresh = missing.iter().copied().zip(vectors).collect();
        }
        let out: Vec<Vec<f32>> = sentences
            .iter()
            .map(|&s| {
                fresh
                    .get(s)
                    .or_else(|| kept.vectors.get(s).map(|(v, _)| v))
                    .cloned()
                    .unwrap_or_default()
            })
            .collect();
        for (s, v) in fresh {
            kept.bytes += s.len() + v.len() * std::mem::size_of::<f32>() + ENTRY_OVERHEAD;
            kept.vectors.insert(s.to_owned(), (v, now));
        }
        if kept.bytes > self.budget {
            evict(&mut kept, self.budget);
        }
        Ok(out)
    }
}

/// Drop the least recently used sentences of `kept` until it holds at most `budget` bytes.
fn evict(kept: &mut Kept, budget: usize) {
    let mut by_use: Vec<(u64, String)> = kept
        .vectors
        .iter()
        .map(|(s, (_, used))| (*used, s.clone()))
        .collect();
    by_use.sort_unstable();
    for (_, s) in by_use {
        if kept.bytes <= budget {
            break;
        }
        if let Some((v, _)) = kept.vectors.remove(&s) {
            kept.bytes = kept
                .bytes
                .saturating_sub(s.len() + v.len() * std::mem::size_of::<f32>() + ENTRY_OVERHEAD);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
