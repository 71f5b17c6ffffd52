//! What every request shares: store connections, and the analyses already made.
//!
//! The engine is synchronous and a story's analysis takes milliseconds to seconds, so store
//! work runs on blocking threads, at most [`AppState::WORKERS`] at a time, each with a
//! connection from a small pool (SQLite in WAL mode: readers never block an ingest). A story's
//! report is kept while the story is unchanged: the cache key holds its size, which every
//! placement changes. Two requests for the same story wait for one analysis.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock};

use crosscheck_engine::browse::{self, CorpusVersion, StoryCard, StoryReport};
use crosscheck_engine::{open_store, AnyStore, DocKey, Silent, StoreSpec, StoryKey};
use tokio::sync::Semaphore;

use crate::error::Failure;

/// Which analysis a cache entry holds: a story at a size, or a document placed in none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ReportKey {
    /// A story at a size, after some number of corrections by hand.
    Story(StoryKey, u32, u64),
    Lone(DocKey),
}

type Slot = Arc<OnceLock<Result<Arc<StoryReport>, String>>>;

/// Shared state of one server.
pub(crate) struct AppState {
    db: StoreSpec,
    pool: Mutex<Vec<AnyStore>>,
    permits: Semaphore,
    reports: Mutex<VecDeque<(ReportKey, Slot)>>,
    cards: Mutex<Option<(CorpusVersion, Arc<Vec<StoryCard>>)>>,
    /// Whether pages may write (ingest, merge, move).
    pub allow_ingest: bool,
    /// Where uploads are kept.
    uploads: std::path::PathBuf,
}

impl AppState {
    /// Store work running at once.
    pub const WORKERS: usize = 8;
    /// Story analyses kept.
    const REPORTS_KEPT: usize = 512;

    pub fn new(
        db: StoreSpec,
        first: AnyStore,
        allow_ingest: bool,
        uploads: std::path::PathBuf,
    ) -> AppState {
        AppState {
            uploads,
            db,
            pool: Mutex::new(vec![first]),
            permits: Semaphore::new(Self::WORKERS),
            reports: Mutex::new(VecDeque::new()),
            cards: Mutex::new(None),
            allow_ingest,
        }
    }

    /// Where uploads are kept.
    pub fn uploads(&self) -> &std::path::Path {
        &self.uploads
    }

    /// Run `work` with a store connection on a blocking thread.
    pub async fn with_store<T, F>(self: &Arc<Self>, work: F) -> Result<T, Failure>
    where
        T: Send + 'static,
        F: FnOnce(&AppState, &mut AnyStore) -> Result<T, Failure> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| Failure::internal(&e))?;
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let mut store = state.take_store()?;
            let out = work(&state, &mut store);
            state.give_back(store);
            out
        })
        .await
        .map_err(|e| Failure::internal(&e))?
    }

    fn take_store(&self) -> Result<AnyStore, Failure> {
        let pooled = self.pool.lock().map(|mut p| p.pop()).unwrap_or(None);
        match pooled {
            Some(store) => Ok(store),
            None => open_store(&self.db).map_err(|e| Failure::internal(&e)),
        }
    }

    fn give_back(&self, store: AnyStore) {
        if let Ok(mut pool) = self.pool.lock() {
            if pool.len() < Self::WORKERS {
                pool.push(store);
            }
        }
    }

    /// Every story as the list shows it, recomputed when documents were added or placed.
    pub fn story_cards(&self, store: &AnyStore) -> Result<Arc<Vec<StoryCard>>, Failure> {
        let size = browse::corpus_version(store)?;
        if let Ok(cards) = self.cards.lock() {
            if let Some((at, cards)) = cards.as_ref() {
                if *at == size {
                    return Ok(Arc::clone(cards));
                }
            }
        }
        let cards = Arc::new(browse::story_cards(store)?);
        if let Ok(mut slot) = self.cards.lock() {
            *slot = Some((size, Arc::clone(&cards)));
        }
        Ok(cards)
    }

    /// The analysis of story `key` (None: no such story), made once while it is unchanged.
    pub fn story_report(
        &self,
        store: &AnyStore,
        key: StoryKey,
    ) -> Result<Option<Arc<StoryReport>>, Failure> {
        let Some(size) = browse::story_size(store, key)? else {
            return Ok(None);
        };
        let corrections = crosscheck_engine::curate::correction_count(store)?;
        let report = self.cached(ReportKey::Story(key, size, corrections), || {
            browse::story_report(store, key, &Silent)?
                .ok_or_else(|| Failure::not_found(format!("story {} is gone", key.0)))
        })?;
        Ok(Some(report))
    }

    /// The analysis of the document `key`: its story's, or its own with its reuse links.
    pub fn document_report(
        &self,
        store: &AnyStore,
        key: DocKey,
        story: Option<StoryKey>,
    ) -> Result<Arc<StoryReport>, Failure> {
        if let Some(story) = story {
            if let Some(report) = self.story_report(store, story)? {
                return Ok(report);
            }
        }
        self.cached(ReportKey::Lone(key), || {
            Ok(browse::lone_document_report(store, key, &Silent)?)
        })
    }

    /// The number of disputes in story `key`'s analysis, when one is kept for its current
    /// state (`None`: not analysed yet; stories are analysed when first viewed).
    pub fn known_disputes(&self, key: StoryKey, size: u32, corrections: u64) -> Option<usize> {
        let reports = self.reports.lock().ok()?;
        let (_, slot) = reports
            .iter()
            .find(|(k, _)| *k == ReportKey::Story(key, size, corrections))?;
        match slot.get()? {
            Ok(report) => Some(report.report.contradictions.len()),
            Err(_) => None,
        }
    }

    fn cached(
        &self,
        key: ReportKey,
        make: impl FnOnce() -> Result<StoryReport, Failure>,
    ) -> Result<Arc<StoryReport>, Failure> {
        let slot: Slot = {
            let mut reports = self
                .reports
                .lock()
                .map_err(|_| Failure::internal(&Poisoned))?;
            match reports.iter().find(|(k, _)| *k == key) {
                Some((_, slot)) => Arc::clone(slot),
                None => {
                    let slot: Slot = Arc::default();
                    reports.push_back((key, Arc::clone(&slot)));
                    if reports.len() > Self::REPORTS_KEPT {
                        reports.pop_front();
                    }
                    slot
                }
            }
        };
        let made = slot.get_or_init(|| make().map(Arc::new).map_err(|f| f.message));
        match made {
            Ok(report) => Ok(Arc::clone(report)),
            Err(message) => {
                // Not kept: the next request tries again.
                if let Ok(mut reports) = self.reports.lock() {
                    reports.retain(|(k, _)| *k != key);
                }
                Err(Failure {
                    status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    message: message.clone(),
                    json: false,
                })
            }
        }
    }
}

/// A lock whose holder panicked.
#[derive(Debug, thiserror::Error)]
#[error("a worker failed while holding the report cache")]
struct Poisoned;
