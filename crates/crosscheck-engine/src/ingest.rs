//! `ingest`: add inputs to the stored corpus, link the new documents to the stored ones they
//! copy or that copy them, and place them in stored stories.
//!
//! Files completely ingested before (same path, size and modification time) are not read
//! again, so an interrupted run resumes where it stopped. The corpus is never recomputed or
//! re-clustered: each new document is compared with the candidates the store's indexes name.
//! Where the store can open a second connection, linking and placing run side by side.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use crosscheck_reuse::ReuseOptions;
use crosscheck_store::CorpusStore;

use crate::error::{EngineError, Result};
use crate::events::{Events, Step};
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
    /// Verify candidate translation pairs with the multilingual model when it is there
    /// (a binary built with the `models` feature, the model fetched); `false` leaves them
    /// waiting in the store for a later run.
    pub models: bool,
}

impl Default for IngestConfig {
    fn default() -> IngestConfig {
        IngestConfig {
            read: ReadConfig::default(),
            force: false,
            reuse: true,
            stories: true,
            models: true,
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
    let beside = if config.reuse && config.stories && !summary.interrupted {
        store
            .concurrent_handle()
            .map_err(|source| EngineError::Store {
                context: "opening a second connection to the store".to_owned(),
                source,
            })?
    } else {
        None
    };
    let pool = || {
        let mut pool = rayon::ThreadPoolBuilder::new();
        if let Some(n) = config.read.threads {
            pool = pool.num_threads(n.max(1));
        }
        pool.build().map_err(EngineError::Threads)
    };
    if let Some(mut second) = beside {
        // Linking and placing touch different tables under different locks, and neither
        // reads what the other writes, so they run at once, as two ingest processes would:
        // one computes while the store writes for the other. Each side has a pool of its own:
        // in one shared pool, a worker of the placing side waiting for its parallel work
        // inside a story round (which holds the store's write lock) can pick up the linking
        // side's job and block on that very lock until the busy timeout fails the run.
        let started = Instant::now();
        let (pool, placing_pool) = (pool()?, pool()?);
        let progress = SideBySide::new(events);
        events.step(Step::LinkingAndPlacing);
        let (linked, placed) = std::thread::scope(|scope| {
            let placing = scope.spawn(|| {
                placing_pool.install(|| {
                    place_unplaced_documents(
                        &mut second,
                        &crosscheck_facts::StoryOptions::default(),
                        &progress.side(1),
                        cancel,
                    )
                })
            });
            let linked = pool.install(|| {
                link_unlinked(
                    store,
                    &ReuseOptions::default(),
                    config.models,
                    &progress.side(0),
                    cancel,
                )
            });
            let placed = placing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (linked, placed)
        });
        events.step_done();
        linked?.into_summary(&mut summary);
        summary.stories = Some(placed?);
        summary.interrupted |= cancel.load(Ordering::Relaxed);
        summary.seconds += started.elapsed().as_secs_f64();
        return Ok((summary, refs));
    }
    if config.reuse && !summary.interrupted {
        let started = Instant::now();
        let pool = pool()?;
        let linked = pool.install(|| {
            link_unlinked(
                store,
                &ReuseOptions::default(),
                config.models,
                events,
                cancel,
            )
        })?;
        linked.into_summary(&mut summary);
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

/// The progress of two steps running at once, reported to `outer` as one step: each side's
/// own step starts and ends are swallowed, and its progress is added to the other's.
struct SideBySide<'a> {
    outer: &'a dyn Events,
    done: [AtomicU64; 2],
    total: [AtomicU64; 2],
}

impl<'a> SideBySide<'a> {
    fn new(outer: &'a dyn Events) -> SideBySide<'a> {
        SideBySide {
            outer,
            done: Default::default(),
            total: Default::default(),
        }
    }

    /// The events of side `index` (0 or 1).
    fn side(&self, index: usize) -> Side<'_, 'a> {
        Side { both: self, index }
    }
}

/// One side of a [`SideBySide`].
struct Side<'s, 'a> {
    both: &'s SideBySide<'a>,
    index: usize,
}

impl Events for Side<'_, '_> {
    fn skipped(&self, problem: &crosscheck::ingest::IngestError) {
        self.both.outer.skipped(problem);
    }
    fn progress(&self, done: u64, total: u64) {
        self.both.done[self.index].store(done, Ordering::Relaxed);
        self.both.total[self.index].store(total, Ordering::Relaxed);
        let sum = |values: &[AtomicU64; 2]| {
            values
                .iter()
                .map(|value| value.load(Ordering::Relaxed))
                .sum()
        };
        self.both
            .outer
            .progress(sum(&self.both.done), sum(&self.both.total));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// Records what reaches the outer events.
    #[derive(Default)]
    struct Recorded {
        steps: Mutex<Vec<Step>>,
        progress: Mutex<Vec<(u64, u64)>>,
    }

    impl Events for Recorded {
        fn step(&self, step: Step) {
            self.steps
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(step);
        }
        fn progress(&self, done: u64, total: u64) {
            self.progress
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((done, total));
        }
    }

    #[test]
    fn side_by_side_progress_adds_both_sides_and_hides_their_steps() {
        let outer = Recorded::default();
        let both = SideBySide::new(&outer);
        both.side(0).step(Step::LinkingReuse);
        both.side(0).progress(10, 100);
        both.side(1).step(Step::PlacingStories);
        both.side(1).progress(5, 50);
        both.side(0).progress(20, 100);
        both.side(0).step_done();
        assert!(outer.steps.lock().map(|s| s.is_empty()).unwrap_or(false));
        let seen = outer.progress.lock().map(|p| p.clone()).unwrap_or_default();
        assert_eq!(seen, vec![(10, 100), (15, 150), (25, 150)]);
    }
}
