//! Moving a corpus between stores (an SQLite file and a PostgreSQL server, either way):
//! `crosscheck store copy`.
//!
//! The documents are the corpus; everything else is derived from them. So a copy writes the
//! documents (deduplicated by content hash, as any ingest) and then links and places the new
//! ones in the target as `ingest` would, which gives the same pairs and stories as one run
//! over the same documents, whatever the target held before. The copy is then checked: every
//! source document's hash is in the target, and the target's reuse pairs over the copied
//! documents are the source's. Stories corrected by hand (merges, moves) are not carried over:
//! the summary says how many corrections the source had.

use std::sync::atomic::AtomicBool;

use crosscheck::ContentHash;
use crosscheck_reuse::ReuseOptions;
use crosscheck_store::{Batch, CorpusStore, DocKey};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Result, StoreContext};
use crate::events::Events;
use crate::reuse::incremental::link_unlinked;
use crate::stories::place_unplaced_documents;

/// Documents written per transaction.
const BATCH: usize = 500;

/// What a copy did, and what its check found.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct CopySummary {
    /// Documents in the source.
    pub documents: u64,
    /// Of those, new to the target.
    pub copied: u64,
    /// Of those, already in the target (same content hash).
    pub already_there: u64,
    /// Derived pairs the target found for the new documents.
    pub reuse_pairs_found: usize,
    /// Documents placed in stories in the target.
    pub placed: u64,
    /// Source documents missing from the target afterwards (0 for a good copy).
    pub missing: u64,
    /// Reuse pairs of the source (by content hashes and relation) not in the target.
    pub pairs_missing: u64,
    /// Story corrections made by hand in the source, not carried over.
    pub corrections_not_copied: u64,
    /// Whether the copy was stopped before it finished.
    pub interrupted: bool,
}

impl CopySummary {
    /// Whether the target holds every source document and every source pair.
    pub fn is_complete(&self) -> bool {
        !self.interrupted && self.missing == 0 && self.pairs_missing == 0
    }
}

/// Copy every document of `from` into `to`, link and place them there, and check the result.
pub fn copy_store<A, B>(
    from: &A,
    to: &mut B,
    events: &dyn Events,
    cancel: &AtomicBool,
) -> Result<CopySummary>
where
    A: CorpusStore + ?Sized,
    B: CorpusStore + ?Sized,
{
    let documents = from.documents().context("reading the source's documents")?;
    let mut summary = CopySummary {
        documents: documents.len() as u64,
        corrections_not_copied: from
            .story_correction_count()
            .context("counting the source's story corrections")?,
        ..CopySummary::default()
    };
    let source_hash: FxHashMap<DocKey, ContentHash> = documents
        .iter()
        .filter_map(|d| Some((from.key_of(&d.hash).ok()??, d.hash.clone())))
        .collect();
    let hashes: Vec<ContentHash> = documents.iter().map(|d| d.hash.clone()).collect();
    let mut batch = Batch::default();
    for chunk in documents.chunks(BATCH) {
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            summary.interrupted = true;
            return Ok(summary);
        }
        batch.documents.clear();
        batch.documents.extend_from_slice(chunk);
        let outcome = to.commit(&batch).context("writing to the target")?;
        summary.copied += outcome.inserted;
        summary.already_there += outcome.duplicates;
    }
    drop(documents);
    // Translated pairs too, when the model is there (else the check counts them missing).
    let linked = link_unlinked(to, &ReuseOptions::default(), true, events, cancel)?;
    summary.reuse_pairs_found = linked.pairs + linked.translations.pairs;
    summary.placed = place_unplaced_documents(
        to,
        &crosscheck_facts::StoryOptions::default(),
        events,
        cancel,
    )?
    .documents;
    summary.interrupted = cancel.load(std::sync::atomic::Ordering::Relaxed);

    // The check: every hash there, every source pair there.
    let mut target_key: FxHashMap<ContentHash, DocKey> = FxHashMap::default();
    for hash in hashes {
        match to.key_of(&hash).context("checking the target")? {
            Some(key) => {
                target_key.insert(hash, key);
            }
            None => summary.missing += 1,
        }
    }
    let target_hash: FxHashMap<DocKey, &ContentHash> =
        target_key.iter().map(|(h, k)| (*k, h)).collect();
    let keys: Vec<DocKey> = target_key.values().copied().collect();
    let target_pairs: FxHashSet<(&ContentHash, &ContentHash, &'static str)> = to
        .reuse_pairs_of(&keys)
        .context("reading the target's pairs")?
        .iter()
        .filter_map(|p| {
            Some((
                *target_hash.get(&p.source)?,
                *target_hash.get(&p.target)?,
                p.relation.as_str(),
            ))
        })
        .collect();
    for pair in from.reuse_pairs().context("reading the source's pairs")? {
        let (Some(s), Some(t)) = (source_hash.get(&pair.source), source_hash.get(&pair.target))
        else {
            continue;
        };
        if !target_pairs.contains(&(s, t, pair.relation.as_str())) {
            summary.pairs_missing += 1;
        }
    }
    Ok(summary)
}
