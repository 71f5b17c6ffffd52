//! Incremental reuse: link newly ingested documents to their sources in the stored corpus.
//!
//! `ingest` stores each new document's skeleton fingerprints in the store's reuse index.
//! This pass then looks up, for each new document, the stored documents sharing enough
//! fingerprints (new or old), aligns those candidate pairs, and records the derived pairs. The
//! corpus is never recomputed and memory holds one chunk of documents at a time.

use std::collections::BTreeMap;

use crosscheck::Document;
use crosscheck_reuse::{compare, words, ReuseDoc, ReuseOptions, ReusePair, Word};
use crosscheck_store::{CorpusStore, DocKey, StoredReuse};
use rayon::prelude::*;

use crate::error::{Result, StoreContext};
use crate::events::{Events, Step};

/// New documents handled per round: bounds memory to this many documents and their candidates.
const CHUNK: usize = 256;

/// Find and store the derived pairs involving `new` documents (key, fingerprints).
/// Returns how many pairs were recorded.
pub(crate) fn link_new_documents<S: CorpusStore + ?Sized>(
    store: &mut S,
    new: &[(DocKey, Vec<u32>)],
    options: &ReuseOptions,
    events: &dyn Events,
) -> Result<usize> {
    let mut recorded = 0;
    events.step(Step::LinkingReuse);
    for (n, chunk) in new.chunks(CHUNK).enumerate() {
        let mut jobs: Vec<(DocKey, DocKey)> = Vec::new();
        for (key, fingerprints) in chunk {
            let candidates = store
                .reuse_candidates(
                    fingerprints,
                    // The stored side's size is not at hand: the new document's alone
                    // sets the bar (the same or stricter than `detect`'s).
                    options.min_shared_for(fingerprints.len()),
                    options.max_fingerprint_documents,
                )
                .context("looking up reuse candidates")?;
            // Each pair once: from its newer document (older keys are either stored before
            // this run or handled when their own turn came).
            jobs.extend(
                candidates
                    .into_iter()
                    .filter(|(other, _)| other < key)
                    .map(|(other, _)| (*key, other)),
            );
        }
        let mut docs: BTreeMap<DocKey, Document> = BTreeMap::new();
        for &(a, b) in &jobs {
            for key in [a, b] {
                if let std::collections::btree_map::Entry::Vacant(slot) = docs.entry(key) {
                    if let Some(doc) = store
                        .document_by_key(key)
                        .context("reading a candidate document")?
                    {
                        slot.insert(doc);
                    }
                }
            }
        }
        // Each document's words once per chunk, not once per pair it is in: a stored
        // document is a candidate of many new ones, and tokenising was most of this pass.
        let tokenized: BTreeMap<DocKey, (Document, Vec<Word>)> = docs
            .into_par_iter()
            .map(|(key, doc)| {
                let words = words(&doc.text);
                (key, (doc, words))
            })
            .collect();
        let found: Vec<StoredReuse> = jobs
            .par_iter()
            .filter_map(|(a, b)| {
                let (older, newer) = (tokenized.get(b)?, tokenized.get(a)?);
                judge((*b, older), (*a, newer), options)
            })
            .collect();
        recorded += found.len();
        store
            .record_reuse(&found)
            .context("recording derived pairs")?;
        events.progress((n * CHUNK + chunk.len()) as u64, new.len() as u64);
    }
    events.step_done();
    Ok(recorded)
}

/// Align one stored pair (older first) and turn a verdict into a stored row.
fn judge(
    (older_key, (older, older_words)): (DocKey, &(Document, Vec<Word>)),
    (newer_key, (newer, newer_words)): (DocKey, &(Document, Vec<Word>)),
    options: &ReuseOptions,
) -> Option<StoredReuse> {
    let sites = [older.site(), newer.site()];
    let docs = [reuse_doc(older, &sites[0]), reuse_doc(newer, &sites[1])];
    let pair: ReusePair = compare(&docs, older_words, newer_words, 0, 1, options)?;
    let (source, target) = if pair.source == 0 {
        (older_key, newer_key)
    } else {
        (newer_key, older_key)
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

fn reuse_doc<'a>(doc: &'a Document, site: &'a Option<std::borrow::Cow<'a, str>>) -> ReuseDoc<'a> {
    ReuseDoc {
        id: &doc.id,
        text: &doc.text,
        published: doc.meta.published.as_ref().map(|p| p.value),
        site: site.as_deref(),
    }
}
