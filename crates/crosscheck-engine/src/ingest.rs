//! `ingest`: add inputs to the stored corpus, link the new documents to the stored ones they
//! copy or that copy them, and place them in stored stories.
//!
//! Files completely ingested before (same path, size and modification time) are not read
//! again, so an interrupted run resumes where it stopped. The corpus is never recomputed or
//! re-clustered: each new document is compared with the candidates the store's indexes name.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crosscheck_reuse::ReuseOptions;
use crosscheck_store::CorpusStore;

use crate::error::{EngineError, Result};
use crate::events::Events;
use crate::read::{read_inputs, DocRef, Keep, ReadConfig, ReadPlan};
use crate::reuse::incremental::link_unlinked;
use crate::stories::place_unplaced_documents;
use crate::summary::RunSummary;

/// How to run `ingest`.
#[derive(Clone, Debug)]
pub struct IngestConfig {
    /// What to read.
    pub read: ReadConfig,
    /// Re-read files already fully ingested (by default they are skipped).
    pub force: bool,
    /// Index new documents for reuse and link them to their sources.
    pub reuse: bool,
    /// Place new documents in the stored stories.
    pub stories: bool,
}

impl Default for IngestConfig {
    fn default() -> IngestConfig {
        IngestConfig {
            read: ReadConfig::default(),
            force: false,
            reuse: true,
            stories: true,
        }
    }
}

/// Add `config.read.inputs` to `store`. Stops between steps once `cancel` is set; what was
/// done is committed, and the next run goes on from there.
pub fn ingest<S: CorpusStore + Send>(
    config: &IngestConfig,
    store: &mut S,
    events: &dyn Events,
    cancel: &AtomicBool,
) -> Result<RunSummary> {
    ingest_keeping(config, store, events, cancel, Keep::Nothing).map(|(summary, _)| summary)
}

/// [`ingest`], also handing back what `keep` asks of each document read (new or not).
pub(crate) fn ingest_keeping<S: CorpusStore + Send>(
    config: &IngestConfig,
    store: &mut S,
    events: &dyn Events,
    cancel: &AtomicBool,
    keep: Keep,
) -> Result<(RunSummary, Vec<DocRef>)> {
    let plan = ReadPlan {
        skip_done: !config.force,
        keep,
    };
    let output = read_inputs(&config.read, plan, store, events, cancel)?;
    let refs = output.refs;
    let mut summary = output.summary;
    if config.reuse && !summary.interrupted {
        let started = Instant::now();
        let mut pool = rayon::ThreadPoolBuilder::new();
        if let Some(n) = config.read.threads {
            pool = pool.num_threads(n.max(1));
        }
        let pool = pool.build().map_err(EngineError::Threads)?;
        let linked =
            pool.install(|| link_unlinked(store, &ReuseOptions::default(), events, cancel))?;
        summary.reuse_pairs = Some(linked);
        summary.interrupted |= cancel.load(Ordering::Relaxed);
        summary.seconds += started.elapsed().as_secs_f64();
    }
    if config.stories && !summary.interrupted {
        let started = Instant::now();
        let placed = place_unplaced_documents(
            store,
            &crosscheck_facts::StoryOptions::default(),
            events,
            cancel,
        )?;
        summary.stories = Some(placed);
        summary.interrupted |= cancel.load(Ordering::Relaxed);
        summary.seconds += started.elapsed().as_secs_f64();
    }
    Ok((summary, refs))
}
