//! `analyze --only reuse` over a corpus too large to hold in memory.
//!
//! The in-memory path keeps every document from ingest to report. Past
//! `max_text_in_memory`, the run keeps only each document's content hash and id
//! ([`DocRef`]) and reads documents back from the store when a step needs their text:
//! once to fingerprint them, once per chunk of candidate pairs to align them, and once to
//! write the report's documents. Memory is then the fingerprints, the candidate pairs, one
//! chunk's texts and the reuse entries, not the corpus. The report is the same as the
//! in-memory path's, byte for byte (tested).
//!
//! Translations too (the cross-lingual pass, `translations.rs`): the fingerprinting pass
//! notes the languages it reads; a corpus in one language pays nothing more. With two or
//! more, a second pass reads the documents back to keep each one's language and anchors
//! compactly (`crosscheck_reuse::AnchorTable`, some 4 bytes an anchor), from which come the
//! very candidates of the in-memory pass; then the candidates are verified a chunk at a
//! time, each chunk's documents read back, their sentences embedded through the run's one
//! bounded cache (`SentenceCache`, as ingest's), so a document in several chunks is embedded
//! once while the cache holds it. No document's own translation traces are read, as in memory
//! (`--only reuse` runs no rewrite forensics), and without the model the report says the
//! candidates were left unverified and how to enable it, in the in-memory pass's words.
//! Anchoring and verifying are steps of their own for the run's events (documents anchored,
//! pairs judged), as every other pass here.

use std::io::Write;

use crosscheck::Document;
use crosscheck_reuse::{
    anchor_keys, assign_roots, candidate_pairs_from_postings, compare_pairs, fingerprints,
    settle_from_corpus, site_numbers, words, AnchorTable, ReuseDoc, ReuseOptions, ReusePair,
    SentenceEmbedder, TranslationStatus, Word, PAIR_CHUNK,
};
use crosscheck_store::DocumentStore;
use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::build::{self, brief_entry, document_entry};
use crate::error::{EngineError, Result, StoreContext};
use crate::events::{Events, Step};
use crate::read::DocRef;
use crate::report::{write_json, DocumentEntry, Report, ReuseEntry, Skipped};
use crate::reuse::linked_translations::{SentenceCache, CACHE_BYTES};
use crate::reuse::translations::{self, language_of};

/// Documents read back from the store at once: enough to keep both cores busy between
/// reads, few enough that their texts are a few tens of MB.
const LOAD_BATCH: usize = 4096;
/// Candidate translation pairs verified per round: their documents (at most twice as many)
/// are read back together and their sentences given to the model in one call.
const TRANSLATION_CHUNK: usize = 1024;

/// The documents `refs` names, read from `store`, with the run's ids.
fn load<S: DocumentStore + ?Sized>(store: &S, refs: &[&DocRef]) -> Result<Vec<Document>> {
    refs.iter()
        .map(|r| {
            let mut doc = store
                .document(&r.hash)
                .with_context(|| format!("reading document {} back from the database", r.id))?
                .ok_or_else(|| EngineError::MissingDocument { id: r.id.clone() })?;
            doc.id.clone_from(&r.id);
            Ok(doc)
        })
        .collect()
}

/// The documents of `pairs` (corpus indices into `refs`), read from `store`: their indices,
/// sorted and each once, and the documents in that order.
fn load_pairs<S: DocumentStore + ?Sized>(
    store: &S,
    refs: &[DocRef],
    pairs: impl Iterator<Item = (usize, usize)>,
) -> Result<(Vec<usize>, Vec<Document>)> {
    let mut involved: Vec<usize> = pairs.flat_map(|(a, b)| [a, b]).collect();
    involved.sort_unstable();
    involved.dedup();
    let docs = load(
        store,
        &involved.iter().map(|&i| &refs[i]).collect::<Vec<_>>(),
    )?;
    Ok((involved, docs))
}

/// A pair found (corpus indices) and its report entry.
type Found = (ReusePair, ReuseEntry);

/// What reuse needs of a document besides its text.
struct DocMeta {
    published: Option<chrono::NaiveDate>,
    site: Option<String>,
}

/// Reuse entries for the documents `refs` names, in the order the in-memory path gives
/// them (by target, then source, in input order), translated pairs among them, and what the
/// report should say when the cross-lingual pass could not verify its candidates. `models`
/// says whether the model may verify them (see [`crate::Stages::models`]).
pub(crate) fn reuse_entries<S: DocumentStore + ?Sized>(
    store: &S,
    refs: &[DocRef],
    models: bool,
    events: &dyn Events,
) -> Result<(Vec<ReuseEntry>, Option<Skipped>)> {
    let options = ReuseOptions::default();
    events.step(Step::Fingerprinting);
    let mut metas: Vec<DocMeta> = Vec::with_capacity(refs.len());
    // Postings straight from each batch: the corpus's fingerprint lists are never held
    // beside them (at a million documents each copy is hundreds of MB).
    let mut postings: Vec<(u32, u32)> = Vec::new();
    let mut sizes: Vec<u32> = Vec::with_capacity(refs.len());
    // The languages read, for the cross-lingual pass (which needs two).
    let mut languages: FxHashSet<String> = FxHashSet::default();
    for (n, batch) in refs.chunks(LOAD_BATCH).enumerate() {
        let docs = load(store, &batch.iter().collect::<Vec<_>>())?;
        let done: Vec<(DocMeta, Vec<u32>)> = docs
            .par_iter()
            .map(|d| {
                let meta = DocMeta {
                    published: d.meta.published.as_ref().map(|p| p.value),
                    site: d.site().map(|s| s.into_owned()),
                };
                (meta, fingerprints(&words(&d.text)))
            })
            .collect();
        for d in &docs {
            if let Some(l) = language_of(d) {
                if !languages.contains(l) {
                    languages.insert(l.to_owned());
                }
            }
        }
        for (meta, fps) in done {
            let doc = metas.len() as u32;
            postings.extend(fps.iter().map(|&fp| (fp, doc)));
            sizes.push(fps.len() as u32);
            metas.push(meta);
        }
        events.progress((n * LOAD_BATCH + batch.len()) as u64, refs.len() as u64);
    }
    events.step_done();
    let sites = site_numbers(metas.iter().map(|m| m.site.as_deref()));
    let candidates = candidate_pairs_from_postings(postings, &sizes, &sites, &options);

    events.step(Step::AligningPairs);
    let mut found: Vec<(ReusePair, ReuseEntry)> = Vec::new();
    for (n, chunk) in candidates.chunks(PAIR_CHUNK).enumerate() {
        let (involved, docs) = load_pairs(store, refs, chunk.iter().copied())?;
        let local = |i: usize| involved.binary_search(&i).unwrap_or(0);
        let reuse_docs: Vec<ReuseDoc<'_>> = docs
            .iter()
            .zip(&involved)
            .map(|(d, &i)| ReuseDoc {
                id: &d.id,
                text: &d.text,
                published: metas[i].published,
                site: metas[i].site.as_deref(),
            })
            .collect();
        let doc_words: Vec<Vec<Word>> = docs.par_iter().map(|d| words(&d.text)).collect();
        let local_pairs: Vec<(usize, usize)> =
            chunk.iter().map(|&(a, b)| (local(a), local(b))).collect();
        let pairs = compare_pairs(&reuse_docs, &|i| &doc_words[i], &local_pairs, &options);
        let entries = build::reuse_entries(&docs, &pairs);
        for (mut pair, entry) in pairs.into_iter().zip(entries) {
            // Back to corpus indices. The spans live in the entry too, but the pass over the
            // whole corpus below reads them from the pair.
            pair.source = involved[pair.source];
            pair.target = involved[pair.target];
            found.push((pair, entry));
        }
        let done = (n * PAIR_CHUNK + chunk.len()) as u64;
        events.progress(done, candidates.len() as u64);
    }
    events.step_done();
    let (mut pairs, mut entries): (Vec<ReusePair>, Vec<ReuseEntry>) = found.into_iter().unzip();
    let reversed = settle_from_corpus(&mut pairs, &sites);
    for (pair, entry) in pairs.iter().zip(&mut entries) {
        entry.direction = pair.direction;
    }
    rebuild_entries(store, refs, &pairs, &mut entries, &reversed)?;
    for pair in &mut pairs {
        pair.passages = Vec::new();
        pair.substitutions = Vec::new();
    }
    let mut found: Vec<(ReusePair, ReuseEntry)> = pairs.into_iter().zip(entries).collect();
    // Translated pairs join the others before the sort, after them as in memory (the sort
    // keeps that order between two pairs of the same documents), and before roots are given.
    let mut note = None;
    if languages.len() >= 2 {
        let (embedder, unavailable) = translations::embedder(models);
        let (translated, skipped) = translated_pairs(
            store,
            refs,
            embedder,
            unavailable.as_deref(),
            (TRANSLATION_CHUNK, CACHE_BYTES),
            events,
        )?;
        found.extend(translated);
        note = skipped;
    }
    found.sort_by_key(|(p, _)| (p.target, p.source));
    let (mut pairs, mut entries): (Vec<ReusePair>, Vec<ReuseEntry>) = found.into_iter().unzip();
    assign_roots(&mut pairs);
    for (pair, entry) in pairs.iter().zip(&mut entries) {
        entry.root.clone_from(&refs[pair.root].id);
    }
    Ok((entries, note))
}

/// The candidate translation pairs among the documents `refs` names (corpus indices,
/// `a < b`): the in-memory pass's, from each document's language and anchors, read back a
/// batch at a time and kept compactly. A step of its own for `events` (documents anchored).
fn translation_candidates<S: DocumentStore + ?Sized>(
    store: &S,
    refs: &[DocRef],
    events: &dyn Events,
) -> Result<Vec<(usize, usize)>> {
    events.step(Step::AnchoringTranslations);
    let candidates = anchor_in_batches(store, refs, events);
    events.step_done();
    candidates
}

/// [`translation_candidates`]' work, reporting each batch of documents anchored to `events`.
fn anchor_in_batches<S: DocumentStore + ?Sized>(
    store: &S,
    refs: &[DocRef],
    events: &dyn Events,
) -> Result<Vec<(usize, usize)>> {
    let mut table = AnchorTable::new();
    for (n, batch) in refs.chunks(LOAD_BATCH).enumerate() {
        let docs = load(store, &batch.iter().collect::<Vec<_>>())?;
        let anchored: Vec<(Option<&str>, Vec<u64>)> = docs
            .par_iter()
            .map(|d| {
                let language = language_of(d);
                let keys = language.map_or_else(Vec::new, |_| anchor_keys(&d.text));
                (language, keys)
            })
            .collect();
        for (language, keys) in &anchored {
            table.push(*language, keys);
        }
        events.progress((n * LOAD_BATCH + batch.len()) as u64, refs.len() as u64);
    }
    Ok(table.candidates())
}

/// The translated pairs among the documents `refs` names (corpus indices), each with its
/// report entry (its root to be given), verified by `embedder` a chunk of candidates at a
/// time, keeping at most `cache_bytes` of sentence vectors across chunks (tests make both
/// small); or, with no embedder (`unavailable` says why) or a failing one, none and what the
/// report should say. Finding the candidates is a step for `events`, and verifying them
/// another (pairs judged) when the embedder is there.
fn translated_pairs<S: DocumentStore + ?Sized>(
    store: &S,
    refs: &[DocRef],
    embedder: Option<&dyn SentenceEmbedder>,
    unavailable: Option<&str>,
    chunking: (usize, usize),
    events: &dyn Events,
) -> Result<(Vec<Found>, Option<Skipped>)> {
    let candidates = translation_candidates(store, refs, events)?;
    if candidates.is_empty() {
        return Ok((Vec::new(), None));
    }
    let Some(embedder) = embedder else {
        let note = translations::note(
            &TranslationStatus::NoEmbedder,
            candidates.len(),
            unavailable,
        );
        return Ok((Vec::new(), note));
    };
    events.step(Step::VerifyingTranslations);
    events.progress(0, candidates.len() as u64);
    let verified = verify_in_chunks(store, refs, &candidates, embedder, chunking, events);
    events.step_done();
    verified
}

/// [`translated_pairs`]' verification of `candidates`, reporting each chunk's pairs judged to
/// `events`.
fn verify_in_chunks<S: DocumentStore + ?Sized>(
    store: &S,
    refs: &[DocRef],
    candidates: &[(usize, usize)],
    embedder: &dyn SentenceEmbedder,
    (chunk_size, cache_bytes): (usize, usize),
    events: &dyn Events,
) -> Result<(Vec<Found>, Option<Skipped>)> {
    let cached = SentenceCache::new(embedder, cache_bytes);
    let mut found: Vec<Found> = Vec::new();
    let mut judged = 0;
    for chunk in candidates.chunks(chunk_size.max(1)) {
        let (involved, docs) = load_pairs(store, refs, chunk.iter().copied())?;
        let local = |i: usize| involved.binary_search(&i).unwrap_or(0);
        let local_pairs: Vec<(usize, usize)> =
            chunk.iter().map(|&(a, b)| (local(a), local(b))).collect();
        // No document's own traces: the in-memory pass of `--only reuse` has none either.
        let traces = vec![false; docs.len()];
        let verified = translations::verify_documents(&docs, &traces, &local_pairs, &cached);
        if let TranslationStatus::Failed(_) = verified.status {
            // As in memory: a failing model reports no pair, and says so.
            let note = translations::note(&verified.status, candidates.len(), None);
            return Ok((Vec::new(), note));
        }
        let entries = build::reuse_entries(&docs, &verified.pairs);
        for (mut pair, entry) in verified.pairs.into_iter().zip(entries) {
            pair.source = involved[pair.source];
            pair.target = involved[pair.target];
            pair.root = pair.source;
            // The entry holds the spans; what follows reads only the pair's ends and direction.
            pair.passages = Vec::new();
            found.push((pair, entry));
        }
        judged += chunk.len();
        events.progress(judged as u64, candidates.len() as u64);
    }
    Ok((found, None))
}

/// Build again the entries of the pairs `reversed` names (their source and target swapped
/// after their entries were built), reading their documents back a batch at a time.
fn rebuild_entries<S: DocumentStore + ?Sized>(
    store: &S,
    refs: &[DocRef],
    pairs: &[ReusePair],
    entries: &mut [ReuseEntry],
    reversed: &[usize],
) -> Result<()> {
    for batch in reversed.chunks(PAIR_CHUNK) {
        let ends = batch.iter().map(|&i| (pairs[i].source, pairs[i].target));
        let (involved, docs) = load_pairs(store, refs, ends)?;
        let local = |i: usize| involved.binary_search(&i).unwrap_or(0);
        let local_pairs: Vec<ReusePair> = batch
            .iter()
            .map(|&i| ReusePair {
                source: local(pairs[i].source),
                target: local(pairs[i].target),
                // Roots are given after this pass, to every entry.
                root: local(pairs[i].source),
                ..pairs[i].clone()
            })
            .collect();
        for (&i, entry) in batch.iter().zip(build::reuse_entries(&docs, &local_pairs)) {
            entries[i] = entry;
        }
    }
    Ok(())
}

/// Write `report` as JSON to `out` with the documents `refs` names read back from the store
/// in input order, a batch at a time.
pub(crate) fn write_report<S: DocumentStore + ?Sized>(
    store: &S,
    refs: &[DocRef],
    report: &Report,
    out: &mut dyn Write,
    events: &dyn Events,
) -> Result<()> {
    events.step(Step::WritingReport);
    let batches = refs.chunks(LOAD_BATCH).enumerate().map(|(n, batch)| {
        events.progress((n * LOAD_BATCH) as u64, refs.len() as u64);
        load(store, &batch.iter().collect::<Vec<_>>())
            .map(|docs| docs.into_par_iter().map(document_entry).collect::<Vec<_>>())
            .map_err(|e| crate::error::describe(&e))
    });
    write_json(out, report, batches).map_err(EngineError::Write)?;
    events.step_done();
    Ok(())
}

/// The report's document entries without text or sentences, for the Markdown brief (which
/// lists documents but quotes none of their text).
pub(crate) fn brief_entries<S: DocumentStore + ?Sized>(
    store: &S,
    refs: &[DocRef],
) -> Result<Vec<DocumentEntry>> {
    let mut out = Vec::with_capacity(refs.len());
    for batch in refs.chunks(LOAD_BATCH) {
        out.extend(
            load(store, &batch.iter().collect::<Vec<_>>())?
                .into_iter()
                .map(brief_entry),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
