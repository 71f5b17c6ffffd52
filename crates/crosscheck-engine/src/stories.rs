//! Incremental stories: place newly stored documents in the stored stories.
//!
//! `ingest` ends by placing every stored document that has no story yet (the
//! documents of this run, and those of an earlier run that stopped before placing them).
//! Each round takes a chunk of documents, clusters them among themselves (so a story's
//! documents arriving together are placed together), loads from the store only what their
//! placement can depend on — the document frequencies of their terms, and the stories that share their
//! heaviest terms with a few members each — resumes a [`StoryIndex`] from that, adds the
//! documents and writes the placements back in one transaction. The corpus is never
//! re-read or re-clustered, and memory holds one chunk at a time. A round is computed
//! before it takes the story lock (so that the linking side of an ingest, and other runs,
//! write meanwhile); under the lock it is written if no run placed documents or corrected
//! stories since it read, and computed again under the lock otherwise.
//!
//! A run that starts on a store with no placed document (a first, bulk ingest) keeps one
//! index for all its rounds instead ([`LiveIndex`]), as `analyze` does: nothing stored can be
//! a candidate that the index does not hold, so each round adds its documents and writes
//! their placements, with nothing to read back. Such a round is computed before it takes the
//! story lock, which it holds only to check that no other run placed documents since and to
//! write. If one did, or the index outgrows [`LIVE_MAX_DOCUMENTS`], the run goes on
//! resuming from the store (and a round computed in vain is placed again that way).
//!
//! Placement only places documents that have no story: a placed document never moves, so a
//! correction by hand (`curate`) stays. A story a correction merged from others is resumed
//! as one indexed story per part ([`StoryPart`]), all under its key, so that a document like
//! any part joins it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};

use crosscheck_facts::{
    cluster_story_terms, insert_latest, ResumedStory, StoryIndex, StoryOptions, StoryTerms,
    STORIES_PER_TERM, STORY_CANDIDATES, STORY_KEY_TERMS,
};
use crosscheck_store::{
    CorpusStore, DocKey, StoryKey, StoryMember, StoryPart, StoryPlacement, StoryRef,
};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::error::{Result, StoreContext};
use crate::events::{Events, Step};

// A store keeps the latest `STORIES_KEPT_PER_TERM` stories of each term: all a placement
// reads.
const _: () = assert!(STORIES_PER_TERM <= crosscheck_store::codec::STORIES_KEPT_PER_TERM);

/// Documents placed per round against the store.
const CHUNK: usize = 256;
/// Documents placed per round of a [`LiveIndex`]. Larger rounds write fewer pages in all
/// (a round's story terms land all over their index, keyed by term, so each round rewrites
/// most of its pages whatever its size), but past 3,000 documents a round's own grouping
/// (`cluster_story_terms`) is no longer average-link, only the index's one by one.
const LIVE_CHUNK: usize = 2048;
/// Members of a stored story loaded from each end (the index compares with 16).
const MEMBERS_PER_END: usize = 8;
/// Documents a [`LiveIndex`] holds at most (their terms, about 2 KB each) before the run
/// goes on resuming from the store.
const LIVE_MAX_DOCUMENTS: usize = 250_000;

/// What a placement pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Placed {
    /// Documents placed.
    pub documents: u64,
    /// Of those, documents that joined a story stored before their round.
    pub joined: u64,
    /// Stories started.
    pub started: u64,
}

/// Place every stored document that has no story yet. Stops between rounds once `stop` is
/// set (Ctrl-C): each round is committed whole, and the next run places the rest.
pub(crate) fn place_unplaced_documents<S: CorpusStore + ?Sized>(
    store: &mut S,
    options: &StoryOptions,
    events: &dyn Events,
    stop: &AtomicBool,
) -> Result<Placed> {
    place_in_rounds(store, options, events, stop, LIVE_CHUNK)
}

/// [`place_unplaced_documents`], with rounds of `live_chunk` documents while the run keeps
/// its own index.
fn place_in_rounds<S: CorpusStore + ?Sized>(
    store: &mut S,
    options: &StoryOptions,
    events: &dyn Events,
    stop: &AtomicBool,
    live_chunk: usize,
) -> Result<Placed> {
    let live_chunk = live_chunk.max(1);
    let mut placed = Placed::default();
    let unplaced = store
        .unplaced_documents()
        .context("listing unplaced documents")?;
    let mut cache = RoundCache::default();
    // What this run expects the store to hold; another run placing documents in between
    // makes the cached frequencies stale, and a correction the cached stories.
    let mut expected: Option<Expected> = None;
    // A store with no placement and no correction: this run's own index is all the stories.
    let empty = Expected {
        placed: 0,
        corrections: 0,
    };
    let mut live = (store_state(store)? == empty).then(|| {
        expected = Some(empty);
        LiveIndex::new(options)
    });
    events.step(Step::PlacingStories);
    let mut at = 0;
    // The next live round's documents, their terms and their grouping, made while the round
    // before it was placed and written.
    let mut grouped: Option<GroupedRound> = None;
    while at < unplaced.len() && !stop.load(Ordering::Relaxed) {
        events.progress(at as u64, unplaced.len() as u64);
        if live
            .as_ref()
            .is_some_and(|l| l.index.len() + live_chunk > LIVE_MAX_DOCUMENTS)
        {
            live = None;
            grouped = None;
        }
        if let Some(index) = live.as_mut() {
            let chunk = &unplaced[at..unplaced.len().min(at + live_chunk)];
            let this = match grouped.take() {
                Some(round) => round,
                None => group_round(read_round(store, chunk)?, options),
            };
            let next_chunk = &unplaced[(at + chunk.len()).min(unplaced.len())
                ..unplaced.len().min(at + chunk.len() + live_chunk)];
            let next = read_round(store, next_chunk)?;
            // A round's terms and grouping depend on its documents alone, so the next one's
            // are made while this one is placed in the index and written: the two halves of
            // a round on two cores, where they took turns on one.
            let round = rayon::in_place_scope(|scope| {
                if !next.is_empty() {
                    let slot = &mut grouped;
                    scope.spawn(move |_| *slot = Some(group_round(next, options)));
                }
                // Computed before taking the story lock, which is held only to write: the
                // other side of an ingest (linking) and other runs write meanwhile.
                let prepared = prepare_live_round(this, index);
                store
                    .begin_story_round()
                    .context("waiting for the story lock")?;
                let round = record_live_round(store, prepared, index, &mut expected);
                store
                    .finish_story_round(round.is_ok())
                    .context("committing a placement round")?;
                round
            });
            match round? {
                Some(round) => {
                    placed.add(round);
                    at += chunk.len();
                    continue;
                }
                // Another run placed documents since: this chunk again, from the store.
                None => {
                    live = None;
                    grouped = None;
                }
            }
        }
        let chunk = &unplaced[at..unplaced.len().min(at + CHUNK)];
        placed.add(place_resumed_round(
            store,
            chunk,
            options,
            &mut cache,
            &mut expected,
        )?);
        at += chunk.len();
    }
    events.step_done();
    Ok(placed)
}

impl Placed {
    fn add(&mut self, round: Placed) {
        self.documents += round.documents;
        self.joined += round.joined;
        self.started += round.started;
    }
}

/// How many documents the store has placed and how many corrections it holds.
fn store_state<S: CorpusStore + ?Sized>(store: &S) -> Result<Expected> {
    Ok(Expected {
        placed: store
            .placed_document_count()
            .context("counting placed documents")?,
        corrections: store
            .story_correction_count()
            .context("counting story corrections")?,
    })
}

/// What a run expects the store to hold at its next round, if no one else changed the
/// stories in between: what tells the [`RoundCache`] is still valid.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Expected {
    /// Documents placed.
    placed: u32,
    /// Corrections made by hand ([`crosscheck_store::StoryStore::story_correction_count`]).
    corrections: u64,
}

/// One round against the stored stories. It is computed first without the story lock, from
/// what the store holds then, so that the other side of an ingest (linking) and other runs
/// write meanwhile; under the lock it is written if no run placed documents or corrected
/// stories since, and computed again, under the lock, if one did.
fn place_resumed_round<S: CorpusStore + ?Sized>(
    store: &mut S,
    chunk: &[DocKey],
    options: &StoryOptions,
    cache: &mut RoundCache,
    expected: &mut Option<Expected>,
) -> Result<Placed> {
    let before = store_state(store)?;
    if *expected != Some(before) {
        cache.clear();
    }
    let prepared = prepare_resumed_round(store, chunk, options, cache, before)?;
    write_resumed_round(store, chunk, options, cache, expected, (before, prepared))
}

/// Write a round of `chunk` computed when the store was at `before`, under the story lock;
/// if another run placed documents or corrected stories since, compute it again there.
fn write_resumed_round<S: CorpusStore + ?Sized>(
    store: &mut S,
    chunk: &[DocKey],
    options: &StoryOptions,
    cache: &mut RoundCache,
    expected: &mut Option<Expected>,
    (before, prepared): (Expected, PreparedRound),
) -> Result<Placed> {
    // One round at a time across every run on this store: it reads the stories it may
    // extend and writes them back as one (see `StoryStore`).
    store
        .begin_story_round()
        .context("waiting for the story lock")?;
    let round = (|| {
        // Read under the lock, as placements and corrections are made under it: none can
        // land between this check and the round's write.
        let now = store_state(store)?;
        let prepared = if now == before {
            prepared
        } else {
            cache.clear();
            prepare_resumed_round(store, chunk, options, cache, now)?
        };
        let keys = store
            .record_placements(&prepared.placements)
            .context("recording story placements")?;
        cache.record(&prepared.placements, &keys);
        *expected = Some(Expected {
            placed: now
                .placed
                .saturating_add(u32::try_from(prepared.placed.documents).unwrap_or(u32::MAX)),
            corrections: now.corrections,
        });
        Ok(prepared.placed)
    })();
    store
        .finish_story_round(round.is_ok())
        .context("committing a placement round")?;
    round
}

/// Compute a round of the chunk's documents still unplaced (another run may have placed
/// some) against the stories as the store held them at `state`.
fn prepare_resumed_round<S: CorpusStore + ?Sized>(
    store: &S,
    chunk: &[DocKey],
    options: &StoryOptions,
    cache: &mut RoundCache,
    state: Expected,
) -> Result<PreparedRound> {
    let placed_elsewhere: BTreeSet<DocKey> = store
        .story_of_documents(chunk)
        .context("checking placements")?
        .into_iter()
        .map(|(doc, _)| doc)
        .collect();
    let rows: Vec<DocKey> = chunk
        .iter()
        .copied()
        .filter(|doc| !placed_elsewhere.contains(doc))
        .collect();
    place_round(store, &rows, options, cache, state.placed)
}

/// What rounds read from the store, kept across rounds and updated with each round's own
/// placements, so that a frequent term or a growing story is read once per run rather than
/// once per round: document frequencies, the latest stories of each term, and the compared
/// members and title of each story. Valid while this run is the only one changing stories:
/// `place_resumed_round` starts it over when the store holds other placements than this run
/// made, or a correction by hand ([`crate::curate`]) was made since its last round (by any
/// connection, in this process or another). The cache lives for one placement pass, which
/// holds the store (`&mut`) throughout, so a correction through the same store can only
/// come before or after it, never while it is kept. Bounded, each part starting over when
/// full.
#[derive(Default)]
struct RoundCache {
    frequencies: FxHashMap<u64, u32>,
    /// term -> its latest [`STORIES_PER_TERM`] stories, ascending.
    stories_by_term: FxHashMap<u64, Vec<StoryKey>>,
    stories: FxHashMap<StoryKey, CachedStory>,
    /// Members held in `stories`, for the bound.
    members: usize,
}

/// One part of a stored story (`None`: its own members) with the members a new document is
/// compared with.
type ComparedPart = (Option<StoryKey>, Vec<StoryTerms>);

/// A story as rounds read it: the first and latest members of each part, in placement
/// order, and its title.
struct CachedStory {
    parts: Vec<StoryPart>,
    title: Option<String>,
}

impl CachedStory {
    fn members(&self) -> usize {
        self.parts.iter().map(|p| p.members.len()).sum()
    }
}

impl RoundCache {
    const MAX_TERMS: usize = 2_000_000;
    const MAX_TERM_LISTS: usize = 500_000;
    const MAX_MEMBERS: usize = 50_000;

    fn clear(&mut self) {
        *self = RoundCache::default();
    }

    /// The frequencies of `terms`, reading the ones not yet known from the store.
    fn frequencies<S: CorpusStore + ?Sized>(
        &mut self,
        store: &S,
        terms: &[u64],
    ) -> Result<Vec<(u64, u32)>> {
        let missing: Vec<u64> = terms
            .iter()
            .copied()
            .filter(|t| !self.frequencies.contains_key(t))
            .collect();
        if self.frequencies.len() + missing.len() > Self::MAX_TERMS {
            self.frequencies.clear();
        }
        // Terms the store has never seen have frequency 0: remember that too.
        for &t in &missing {
            self.frequencies.insert(t, 0);
        }
        for (t, df) in store
            .story_document_frequencies(&missing)
            .context("reading document frequencies")?
        {
            self.frequencies.insert(t, df);
        }
        Ok(terms
            .iter()
            .map(|t| (*t, self.frequencies.get(t).copied().unwrap_or(0)))
            .collect())
    }

    /// Ask the store once for the story lists of every term of `terms` not cached yet (a
    /// store behind a network answers them in one round trip). Only what fits in the cache
    /// is fetched; the rest is asked term by term as before, with the same answers.
    fn prefetch_terms<S: CorpusStore + ?Sized>(&mut self, store: &S, terms: &[u64]) -> Result<()> {
        let room = Self::MAX_TERM_LISTS.saturating_sub(self.stories_by_term.len());
        let mut missing: Vec<u64> = terms
            .iter()
            .copied()
            .filter(|t| !self.stories_by_term.contains_key(t))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        missing.truncate(room);
        let lists = store
            .stories_with_terms(&missing, STORIES_PER_TERM)
            .context("looking up stories by term")?;
        for (term, latest_first) in missing.into_iter().zip(lists) {
            self.stories_by_term
                .insert(term, latest_first.into_iter().rev().collect());
        }
        Ok(())
    }

    /// The latest stories having `term`, latest first, as the store gives them.
    fn stories_with_term<S: CorpusStore + ?Sized>(
        &mut self,
        store: &S,
        term: u64,
    ) -> Result<Vec<StoryKey>> {
        if let Some(list) = self.stories_by_term.get(&term) {
            return Ok(list.iter().rev().copied().collect());
        }
        let latest_first = store
            .stories_with_term(term, STORIES_PER_TERM)
            .context("looking up stories by term")?;
        if self.stories_by_term.len() >= Self::MAX_TERM_LISTS {
            self.stories_by_term.clear();
        }
        self.stories_by_term
            .insert(term, latest_first.iter().rev().copied().collect());
        Ok(latest_first)
    }

    /// The compared members of each part of `story` (parts with none left out) and its
    /// title.
    fn story<S: CorpusStore + ?Sized>(
        &mut self,
        store: &S,
        story: StoryKey,
    ) -> Result<(Vec<ComparedPart>, Option<String>)> {
        if !self.stories.contains_key(&story) {
            let parts = store
                .story_parts(story, MEMBERS_PER_END)
                .context("reading story members")?;
            let title = store.story_title(story).context("reading a story title")?;
            self.hold(story, CachedStory { parts, title });
        }
        Ok(self.stories.get(&story).map_or_else(
            || (Vec::new(), None),
            |s| {
                let parts = s
                    .parts
                    .iter()
                    .filter(|p| !p.members.is_empty())
                    .map(|p| {
                        let members = p.members.iter().cloned().map(member_terms_of).collect();
                        (p.part, members)
                    })
                    .collect();
                (parts, s.title.clone())
            },
        ))
    }

    fn hold(&mut self, story: StoryKey, cached: CachedStory) {
        if self.members + cached.members() > Self::MAX_MEMBERS {
            self.stories.clear();
            self.members = 0;
        }
        self.members += cached.members();
        self.stories.insert(story, cached);
    }

    /// Count the round's placements as the store just did: `keys` are the keys the store gave
    /// the round's new stories.
    fn record(&mut self, placements: &[StoryPlacement], keys: &[StoryKey]) {
        for placement in placements {
            let story = match placement.story {
                StoryRef::Stored(key) => key,
                StoryRef::New(n) => match keys.get(n) {
                    Some(&key) => key,
                    None => continue,
                },
            };
            for term in &placement.term_ids {
                if let Some(df) = self.frequencies.get_mut(term) {
                    *df += 1;
                }
                if let Some(list) = self.stories_by_term.get_mut(term) {
                    insert_latest(list, story, STORIES_PER_TERM);
                }
            }
            let member = placement.member.clone();
            match self.stories.get_mut(&story) {
                Some(cached) => {
                    let at = match cached.parts.iter().position(|p| p.part == placement.part) {
                        Some(at) => at,
                        None => {
                            cached.parts.push(StoryPart {
                                part: placement.part,
                                members: Vec::new(),
                            });
                            cached.parts.len() - 1
                        }
                    };
                    let members = &mut cached.parts[at].members;
                    members.push(member);
                    if members.len() > 2 * MEMBERS_PER_END {
                        // The store keeps the first and the latest `MEMBERS_PER_END`.
                        members.remove(MEMBERS_PER_END);
                    } else {
                        self.members += 1;
                    }
                    if cached.title.is_none() {
                        cached.title.clone_from(&placement.title);
                    }
                }
                None if matches!(placement.story, StoryRef::New(_)) => {
                    // A story started this round, all of it known.
                    let cached = CachedStory {
                        parts: vec![StoryPart {
                            part: None,
                            members: vec![member],
                        }],
                        title: placement.title.clone(),
                    };
                    self.hold(story, cached);
                }
                None => {}
            }
        }
    }
}

/// The story index of a run that started on a store with no placed document, kept across
/// its rounds: it holds every placed document, so it is the stored stories.
struct LiveIndex {
    index: StoryIndex,
    /// The store's key of each of the index's stories, once recorded.
    keys: Vec<Option<StoryKey>>,
}

impl LiveIndex {
    fn new(options: &StoryOptions) -> LiveIndex {
        LiveIndex {
            index: StoryIndex::new(options.clone()),
            keys: Vec::new(),
        }
    }
}

/// A round computed and waiting to be written.
struct PreparedRound {
    placed: Placed,
    placements: Vec<StoryPlacement>,
    /// In a round of a [`LiveIndex`], the index's number of each story the round starts, in
    /// the order the store is told (empty for a round resumed from the store).
    started: Vec<usize>,
}

/// A round's documents with their story terms and titles, and the round's own stories
/// (indices into `docs`), before placement.
struct GroupedRound {
    docs: Vec<(DocKey, StoryTerms, Option<String>)>,
    groups: Vec<Vec<usize>>,
}

/// The terms of a round's documents and its own stories (batch clustering of a chunk).
fn group_round(read: Vec<(DocKey, crosscheck::Document)>, options: &StoryOptions) -> GroupedRound {
    let docs = terms_of(&read, options);
    drop(read);
    let round_doc_terms: Vec<StoryTerms> = docs.iter().map(|(_, t, _)| t.clone()).collect();
    let groups = cluster_story_terms(&round_doc_terms, options);
    GroupedRound { docs, groups }
}

/// Add a grouped round to the run's [`LiveIndex`]: the round's own stories first, then each
/// joins a story of the index or starts one, as in [`place_round`], with nothing read back.
fn prepare_live_round(grouped: GroupedRound, live: &mut LiveIndex) -> PreparedRound {
    let GroupedRound { docs, groups } = grouped;
    let mut round = PreparedRound {
        placed: Placed::default(),
        placements: Vec::with_capacity(docs.len()),
        started: Vec::new(),
    };
    let mut docs: Vec<Option<(DocKey, StoryTerms, Option<String>)>> =
        docs.into_iter().map(Some).collect();
    for group in groups {
        let members: Vec<(DocKey, StoryTerms, Option<String>)> =
            group.iter().filter_map(|&n| docs[n].take()).collect();
        let assignments = live
            .index
            .add_group(members.iter().map(|(_, t, _)| t.clone()).collect());
        for ((row, terms, title), assignment) in members.into_iter().zip(assignments) {
            let story = match live.keys.get(assignment.story).copied().flatten() {
                Some(key) => {
                    round.placed.joined += 1;
                    StoryRef::Stored(key)
                }
                None => {
                    let n = match round.started.iter().position(|&s| s == assignment.story) {
                        Some(n) => n,
                        None => {
                            round.started.push(assignment.story);
                            round.started.len() - 1
                        }
                    };
                    StoryRef::New(n)
                }
            };
            if assignment.new_story {
                round.placed.started += 1;
            }
            round.placed.documents += 1;
            round.placements.push(placement(
                row,
                terms,
                (story, None),
                assignment.similarity,
                title,
            ));
        }
    }
    round
}

/// Write a prepared round under the story lock, if the store still holds only what this run
/// placed (`None` otherwise: another run placed or corrected stories since, and the round
/// must be placed again against the store).
fn record_live_round<S: CorpusStore + ?Sized>(
    store: &mut S,
    round: PreparedRound,
    live: &mut LiveIndex,
    expected: &mut Option<Expected>,
) -> Result<Option<Placed>> {
    let now = store_state(store)?;
    if *expected != Some(now) {
        return Ok(None);
    }
    let keys = store
        .record_placements(&round.placements)
        .context("recording story placements")?;
    for (story, key) in round.started.into_iter().zip(keys) {
        if live.keys.len() <= story {
            live.keys.resize(story + 1, None);
        }
        live.keys[story] = Some(key);
    }
    *expected = Some(Expected {
        placed: now
            .placed
            .saturating_add(u32::try_from(round.placed.documents).unwrap_or(u32::MAX)),
        corrections: now.corrections,
    });
    Ok(Some(round.placed))
}

/// The documents `rows` names with their story terms and titles (terms in parallel:
/// stemming is the cost).
fn round_terms<S: CorpusStore + ?Sized>(
    store: &S,
    rows: &[DocKey],
    options: &StoryOptions,
) -> Result<Vec<(DocKey, StoryTerms, Option<String>)>> {
    Ok(terms_of(&read_round(store, rows)?, options))
}

/// The documents `rows` names, in one read (one round trip to a server store); those no
/// longer stored are left out.
fn read_round<S: CorpusStore + ?Sized>(
    store: &S,
    rows: &[DocKey],
) -> Result<Vec<(DocKey, crosscheck::Document)>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    Ok(rows
        .iter()
        .copied()
        .zip(
            store
                .documents_by_keys(rows)
                .context("reading documents to place")?,
        )
        .filter_map(|(row, doc)| Some((row, doc?)))
        .collect())
}

/// The story terms and titles of documents read (in parallel: stemming is the cost).
fn terms_of(
    read: &[(DocKey, crosscheck::Document)],
    options: &StoryOptions,
) -> Vec<(DocKey, StoryTerms, Option<String>)> {
    let docs: Vec<(DocKey, StoryTerms, Option<String>)> = read
        .par_iter()
        .map_init(
            || StoryIndex::new(options.clone()),
            |scratch, (row, doc)| {
                let title = doc.meta.title.as_ref().map(|t| t.value.clone());
                (*row, scratch.terms(doc), title)
            },
        )
        .collect();
    docs
}

/// Compute the placements of `rows` against the stored stories (the store holding
/// `documents` placed documents), reading what they depend on through `cache`.
fn place_round<S: CorpusStore + ?Sized>(
    store: &S,
    rows: &[DocKey],
    options: &StoryOptions,
    cache: &mut RoundCache,
    documents: u32,
) -> Result<PreparedRound> {
    let docs = round_terms(store, rows, options)?;
    // The round's own stories first (batch clustering of a chunk is cheap), then each
    // joins a stored story or starts one as a unit.
    let round_doc_terms: Vec<StoryTerms> = docs.iter().map(|(_, t, _)| t.clone()).collect();
    let groups: Vec<Vec<usize>> = cluster_story_terms(&round_doc_terms, options);
    drop(round_doc_terms);

    // Document frequencies of the round's terms, then its documents' heaviest terms.
    let round_terms: BTreeSet<u64> = docs
        .iter()
        .flat_map(|(_, t, _)| t.counts.iter().map(|(term, _)| *term))
        .collect();
    let round_term_list: Vec<u64> = round_terms.iter().copied().collect();
    let mut df: Vec<(u64, u32)> = cache.frequencies(store, &round_term_list)?;
    let weighing = StoryIndex::resume(options.clone(), documents, df.clone(), Vec::new());

    // Candidate stories per document: those sharing its heaviest terms, by shared weight,
    // with a margin over what the index will look at (frequencies move as the round adds).
    let mut by_term: BTreeMap<u64, Vec<StoryKey>> = BTreeMap::new();
    let mut wanted: BTreeMap<StoryKey, BTreeSet<u64>> = BTreeMap::new();
    let key_terms: Vec<Vec<(u64, f32)>> = docs
        .iter()
        .map(|(_, terms, _)| weighing.key_terms(terms, STORY_KEY_TERMS + STORY_KEY_TERMS / 4))
        .collect();
    let round_key_terms: Vec<u64> = key_terms.iter().flatten().map(|(term, _)| *term).collect();
    cache.prefetch_terms(store, &round_key_terms)?;
    for doc_key_terms in &key_terms {
        // Hashed, not ordered: thousands of updates per document; the ranking below sorts.
        let mut shared: FxHashMap<StoryKey, (f64, Vec<u64>)> = FxHashMap::default();
        for &(term, weight) in doc_key_terms {
            let stories = match by_term.entry(term) {
                std::collections::btree_map::Entry::Occupied(found) => found.into_mut(),
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(cache.stories_with_term(store, term)?)
                }
            };
            for &story in stories.iter() {
                let entry = shared.entry(story).or_default();
                entry.0 += f64::from(weight);
                entry.1.push(term);
            }
        }
        let mut ranked: Vec<(StoryKey, (f64, Vec<u64>))> = shared.into_iter().collect();
        ranked.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        for (story, (_, terms)) in ranked.into_iter().take(STORY_CANDIDATES) {
            wanted.entry(story).or_default().extend(terms);
        }
    }

    let mut stories: Vec<ResumedStory> = Vec::with_capacity(wanted.len());
    // The part of a stored story each resumed story is (a story corrected by hand is one
    // resumed story per part, all with its key).
    let mut parts: Vec<Option<StoryKey>> = Vec::with_capacity(wanted.len());
    // Sorted and deduplicated once at the end: an ordered set took a quarter of the pass.
    let mut member_terms: Vec<u64> = Vec::new();
    for (story, terms) in wanted {
        let (story_parts, title) = cache.story(store, story)?;
        // A story with no members left (merged away since its terms were read) is no
        // candidate: nothing may join it.
        for (part, members) in story_parts {
            member_terms.extend(
                members
                    .iter()
                    .flat_map(|m| m.counts.iter().map(|(t, _)| *t)),
            );
            stories.push(ResumedStory {
                key: story.0,
                members,
                terms: terms.iter().copied().collect(),
                title: title.clone(),
            });
            parts.push(part);
        }
    }
    member_terms.sort_unstable();
    member_terms.dedup();
    member_terms.retain(|t| !round_terms.contains(t));
    df.extend(cache.frequencies(store, &member_terms)?);

    let resumed_stories = stories.len();
    let mut index = StoryIndex::resume(options.clone(), documents, df, stories);
    let mut placed = Placed::default();
    let mut placements = Vec::with_capacity(docs.len());
    let mut docs: Vec<Option<(DocKey, StoryTerms, Option<String>)>> =
        docs.into_iter().map(Some).collect();
    for group in groups {
        let members: Vec<(DocKey, StoryTerms, Option<String>)> =
            group.iter().filter_map(|&n| docs[n].take()).collect();
        let assignments = index.add_group(members.iter().map(|(_, t, _)| t.clone()).collect());
        for ((row, terms, title), assignment) in members.into_iter().zip(assignments) {
            let (story, part) = match index.key_of(assignment.story) {
                Some(key) => {
                    placed.joined += 1;
                    let part = parts.get(assignment.story).copied().flatten();
                    (StoryRef::Stored(StoryKey(key)), part)
                }
                None => (StoryRef::New(assignment.story - resumed_stories), None),
            };
            if assignment.new_story {
                placed.started += 1;
            }
            placed.documents += 1;
            placements.push(placement(
                row,
                terms,
                (story, part),
                assignment.similarity,
                title,
            ));
        }
    }
    Ok(PreparedRound {
        placed,
        placements,
        started: Vec::new(),
    })
}

/// The placement of document `row` (with its story terms) in `story` (and part).
fn placement(
    row: DocKey,
    terms: StoryTerms,
    (story, part): (StoryRef, Option<StoryKey>),
    similarity: f64,
    title: Option<String>,
) -> StoryPlacement {
    StoryPlacement {
        term_ids: terms.counts.iter().map(|(t, _)| *t).collect(),
        member: StoryMember {
            doc: row,
            day: terms.day,
            terms: terms.counts,
        },
        story,
        part,
        similarity,
        title,
    }
}

/// A stored member as the story index takes it.
fn member_terms_of(member: StoryMember) -> StoryTerms {
    StoryTerms {
        counts: member.terms,
        day: member.day,
        // Names are not stored: a stored member is taken to share one with a new document.
        names: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crosscheck::ingest::{build_from_text, IngestOptions};
    use crosscheck_store::{Batch, DocumentStore, SqliteStore, StoryStore};

    use super::*;
    use crate::events::Silent;

    const FIRE: [&str; 3] = [
        "A fire swept through the Harbour Street ferry terminal in Port Avel on Monday, and \
         firefighters evacuated 300 passengers from the burning ferry.",
        "Firefighters in Port Avel fought a blaze at the Harbour Street ferry terminal on \
         Monday; 300 passengers left the ferry before the fire spread.",
        "The Harbour Street ferry terminal fire in Port Avel was put out on Monday night after \
         300 ferry passengers were evacuated, firefighters said.",
    ];
    const VOTE: [&str; 3] = [
        "Voters in Veldt elected Mara Osei as mayor on Sunday with 54 percent of the vote, \
         ending twelve years of Liberal control of the council.",
        "Mara Osei won the Veldt mayoral election on Sunday, taking 54 percent of the vote \
         against the Liberal incumbent.",
        "The new mayor of Veldt, Mara Osei, thanked voters on Sunday after winning 54 percent \
         in the mayoral election.",
    ];

    fn commit(store: &mut SqliteStore, docs: &[(&str, &str)]) -> Vec<DocKey> {
        let mut batch = Batch::default();
        for (id, text) in docs {
            batch
                .documents
                .push(build_from_text(id, text, &IngestOptions::default()).unwrap());
        }
        store
            .commit(&batch)
            .unwrap()
            .keys
            .into_iter()
            .flatten()
            .collect()
    }

    fn story_of(store: &SqliteStore, doc: DocKey) -> Vec<StoryKey> {
        store
            .story_of_documents(&[doc])
            .unwrap()
            .into_iter()
            .map(|(_, story)| story)
            .collect()
    }

    /// A round computed while another run places the same documents is computed again under
    /// the lock: every document ends in one story, the one its event is in.
    #[test]
    fn a_round_overtaken_by_another_run_is_placed_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stories.db");
        let mut ours = SqliteStore::open(&path).unwrap();
        let first = commit(
            &mut ours,
            &[
                ("f0", FIRE[0]),
                ("f1", FIRE[1]),
                ("v0", VOTE[0]),
                ("v1", VOTE[1]),
            ],
        );
        let options = StoryOptions::default();
        let stop = AtomicBool::new(false);
        place_unplaced_documents(&mut ours, &options, &Silent, &stop).unwrap();
        let (fire, vote) = (story_of(&ours, first[0])[0], story_of(&ours, first[2])[0]);
        assert_ne!(fire, vote);

        let later = commit(&mut ours, &[("f2", FIRE[2]), ("v2", VOTE[2])]);
        let mut cache = RoundCache::default();
        let before = store_state(&ours).unwrap();
        let prepared = prepare_resumed_round(&ours, &later, &options, &mut cache, before).unwrap();
        assert_eq!(prepared.placed.documents, 2);
        // Another run places them first.
        let mut theirs = SqliteStore::open(&path).unwrap();
        let placed = place_unplaced_documents(&mut theirs, &options, &Silent, &stop).unwrap();
        assert_eq!(placed.documents, 2);
        let mut expected = Some(before);
        let round = write_resumed_round(
            &mut ours,
            &later,
            &options,
            &mut cache,
            &mut expected,
            (before, prepared),
        )
        .unwrap();
        assert_eq!(round.documents, 0, "nothing left to place");
        assert_eq!(story_of(&ours, later[0]), [fire]);
        assert_eq!(story_of(&ours, later[1]), [vote]);
        assert_eq!(ours.placed_document_count().unwrap(), 6);
        assert_eq!(expected.map(|e| e.placed), Some(6));
    }

    /// A run's own index placed in rounds, each round's terms and grouping made while the
    /// round before is placed: every document is placed once, with its event.
    #[test]
    fn rounds_made_ahead_place_every_document_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path().join("stories.db")).unwrap();
        let docs: Vec<(String, &str)> = FIRE
            .iter()
            .zip(VOTE)
            .enumerate()
            .flat_map(|(i, (&fire, vote))| [(format!("f{i}"), fire), (format!("v{i}"), vote)])
            .collect();
        let docs: Vec<(&str, &str)> = docs.iter().map(|(id, t)| (id.as_str(), *t)).collect();
        let keys = commit(&mut store, &docs);
        let stop = AtomicBool::new(false);
        // Rounds of two: three rounds, two of them made while another is placed.
        let placed =
            place_in_rounds(&mut store, &StoryOptions::default(), &Silent, &stop, 2).unwrap();
        assert_eq!(placed.documents, 6);
        assert_eq!(store.placed_document_count().unwrap(), 6);
        assert!(store.unplaced_documents().unwrap().is_empty());
        let story: Vec<StoryKey> = keys.iter().map(|&k| story_of(&store, k)[0]).collect();
        // Committed fire, vote, fire, vote, ...
        assert!(story.iter().step_by(2).all(|&s| s == story[0]), "{story:?}");
        assert!(
            story.iter().skip(1).step_by(2).all(|&s| s == story[1]),
            "{story:?}"
        );
        assert_ne!(story[0], story[1]);
    }

    /// With no other run in between, the round computed before the lock is what is written.
    #[test]
    fn a_round_not_overtaken_is_written_as_computed() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path().join("stories.db")).unwrap();
        let first = commit(&mut store, &[("f0", FIRE[0]), ("v0", VOTE[0])]);
        let options = StoryOptions::default();
        let stop = AtomicBool::new(false);
        place_unplaced_documents(&mut store, &options, &Silent, &stop).unwrap();
        let later = commit(&mut store, &[("f1", FIRE[1]), ("v1", VOTE[1])]);
        let mut cache = RoundCache::default();
        let before = store_state(&store).unwrap();
        let prepared = prepare_resumed_round(&store, &later, &options, &mut cache, before).unwrap();
        let mut expected = Some(before);
        let round = write_resumed_round(
            &mut store,
            &later,
            &options,
            &mut cache,
            &mut expected,
            (before, prepared),
        )
        .unwrap();
        assert_eq!(round.documents, 2);
        assert_eq!(round.joined, 2);
        assert_eq!(story_of(&store, later[0]), story_of(&store, first[0]));
        assert_eq!(story_of(&store, later[1]), story_of(&store, first[1]));
    }
}
