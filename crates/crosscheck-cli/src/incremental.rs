//! Incremental reuse: link newly ingested documents to their sources in the stored corpus.
//!
//! `crosscheck ingest` stores each new document's skeleton fingerprints in the store's reuse
//! index. This pass then looks up, for each new document, the stored documents sharing enough
//! fingerprints (new or old), aligns those candidate pairs, and records the derived pairs. The
//! corpus is never recomputed and memory holds one chunk of documents at a time.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use crosscheck::Document;
use crosscheck_reuse::{compare, words, ReuseDoc, ReuseOptions, ReusePair, Word};
use crosscheck_store::{Store, StoredReuse};
use rayon::prelude::*;
use serde::Serialize;

/// New documents handled per round: bounds memory to this many documents and their candidates.
const CHUNK: usize = 256;

/// Find and store the derived pairs involving `new` documents (row id, fingerprints).
/// Returns how many pairs were recorded.
pub fn link_new_documents(
    store: &mut Store,
    new: &[(i64, Vec<u32>)],
    options: &ReuseOptions,
) -> Result<usize> {
    let mut recorded = 0;
    for chunk in new.chunks(CHUNK) {
        let mut jobs: Vec<(i64, i64)> = Vec::new();
        for (rowid, fingerprints) in chunk {
            let candidates = store
                .reuse_candidates(
                    fingerprints,
                    // The stored side's size is not at hand: the new document's alone
                    // sets the bar (the same or stricter than `detect`'s).
                    options.min_shared_for(fingerprints.len()),
                    options.max_fingerprint_documents,
                )
                .context("looking up reuse candidates")?;
            // Each pair once: from its newer document (older row ids are either stored before
            // this run or handled when their own turn came).
            jobs.extend(
                candidates
                    .into_iter()
                    .filter(|(other, _)| other < rowid)
                    .map(|(other, _)| (*rowid, other)),
            );
        }
        let mut docs: BTreeMap<i64, Document> = BTreeMap::new();
        for &(a, b) in &jobs {
            for id in [a, b] {
                if let std::collections::btree_map::Entry::Vacant(slot) = docs.entry(id) {
                    if let Some(doc) = store
                        .get_by_rowid(id)
                        .context("reading a candidate document")?
                    {
                        slot.insert(doc);
                    }
                }
            }
        }
        // Each document's words once per chunk, not once per pair it is in: a stored
        // document is a candidate of many new ones, and tokenising was most of this pass.
        let tokenized: BTreeMap<i64, (Document, Vec<Word>)> = docs
            .into_par_iter()
            .map(|(id, doc)| {
                let words = words(&doc.text);
                (id, (doc, words))
            })
            .collect();
        let found: Vec<StoredReuse> = jobs
            .par_iter()
            .filter_map(|(a, b)| {
                let (older, newer) = (tokenized.get(b)?, tokenized.get(a)?);
                judge(older, newer, options)
            })
            .collect();
        recorded += found.len();
        store
            .record_reuse(&found)
            .context("recording derived pairs")?;
    }
    Ok(recorded)
}

#[derive(Serialize)]
struct Detail<'a> {
    passages: &'a [crosscheck_reuse::PassagePair],
    substitutions: &'a [crosscheck_reuse::Substitution],
    root_is_source: bool,
}

/// Align one stored pair (older first) and turn a verdict into a stored row.
fn judge(
    (older, older_words): &(Document, Vec<Word>),
    (newer, newer_words): &(Document, Vec<Word>),
    options: &ReuseOptions,
) -> Option<StoredReuse> {
    let docs = [reuse_doc(older), reuse_doc(newer)];
    let pair: ReusePair = compare(&docs, older_words, newer_words, 0, 1, options)?;
    let (source, target) = if pair.source == 0 {
        (older, newer)
    } else {
        (newer, older)
    };
    let detail = serde_json::to_string(&Detail {
        passages: &pair.passages,
        substitutions: &pair.substitutions,
        root_is_source: true,
    })
    .ok()?;
    Some(StoredReuse {
        source: source.hash.clone(),
        target: target.hash.clone(),
        relation: pair.relation.as_str().to_string(),
        extent: name(&pair.extent),
        similarity: pair.similarity,
        direction: name(&pair.direction),
        detail,
    })
}

fn reuse_doc(doc: &Document) -> ReuseDoc<'_> {
    ReuseDoc {
        id: &doc.id,
        text: &doc.text,
        published: doc.meta.published.as_ref().map(|p| p.value),
        site: crate::commands::site_of(doc),
    }
}

fn name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
