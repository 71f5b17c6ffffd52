//! The store seam: what the engine needs of a corpus store, whatever holds it.
//!
//! The engine is generic over [`CorpusStore`]; the SQLite store ([`crate::SqliteStore`])
//! implements it, and a server-backed store implements the same four traits. Each trait
//! names one concern — documents, the reuse index, stories, full-text search — and speaks
//! typed keys ([`DocKey`], [`StoryKey`]) and plain data, never SQL.

use crosscheck::{ContentHash, Document};

use crate::error::Result;
use crate::keys::{DocKey, StoryKey};
use crate::records::{
    AnchorPosting, Batch, CommitOutcome, DocAnchors, Fingerprints, ReuseCandidate, SearchHit,
    StoredReuse, StoredStory, StoryMember, StoryOverview, StoryPart, StoryPlacement,
};

/// Documents keyed by content hash, and the input files completely ingested.
pub trait DocumentStore {
    /// Write `batch` in one transaction: documents new to the store get a key and join the
    /// reuse queue, the rest count as duplicates; completed files are marked.
    fn commit(&mut self, batch: &Batch) -> Result<CommitOutcome>;
    /// Whether `path` was fully ingested before with this size and modification time.
    fn file_is_done(&self, path: &str, size: u64, modified: i64) -> Result<bool>;
    /// Number of stored documents.
    fn document_count(&self) -> Result<u64>;
    /// The stored document with content hash `hash`.
    fn document(&self, hash: &ContentHash) -> Result<Option<Document>>;
    /// The stored document with key `key`.
    fn document_by_key(&self, key: DocKey) -> Result<Option<Document>>;
    /// [`DocumentStore::document_by_key`] for each of `keys`, in the order given: one round
    /// trip for a store behind a network (the default reads key by key).
    fn documents_by_keys(&self, keys: &[DocKey]) -> Result<Vec<Option<Document>>> {
        keys.iter().map(|&key| self.document_by_key(key)).collect()
    }
    /// The key of the stored document with content hash `hash`.
    fn key_of(&self, hash: &ContentHash) -> Result<Option<DocKey>>;
    /// Every stored document, ordered by id then hash (a stable order for reports).
    fn documents(&self) -> Result<Vec<Document>>;
    /// The key of the stored document whose content hash starts with `prefix` (hex, at least 8
    /// characters), if exactly one does.
    fn key_by_hash_prefix(&self, prefix: &str) -> Result<Option<DocKey>>;
    /// Another handle on the same store, for a stage that runs beside this handle's in the
    /// same process (ingest links reuse and places stories at once); `None` (the default)
    /// where a second handle would only wait for this one, in a store that writes one
    /// transaction at a time, as SQLite does.
    fn concurrent_handle(&self) -> Result<Option<Self>>
    where
        Self: Sized,
    {
        Ok(None)
    }
}

/// The reuse index (skeleton fingerprints per document), the queue of documents not yet
/// linked, and the derived pairs found.
///
/// Linking is safe under any interleaving of runs and crashes because a document enters the
/// index before it looks for candidates, and leaves the queue only with its pairs: of two
/// documents linked at once, the later lookup sees the other, and a run killed mid-way leaves
/// its documents queued for the next one.
pub trait ReuseStore {
    /// Take up to `limit` queued documents for linking, by key: ones no run has taken first;
    /// when none are left, ones another run took and has not finished (it may have died).
    fn claim_unlinked(&mut self, limit: usize) -> Result<Vec<DocKey>>;
    /// Number of documents waiting to be linked.
    fn unlinked_count(&self) -> Result<u64>;
    /// Add documents' fingerprints to the index, committed (visible to every run) on return.
    fn index_reuse(&mut self, fingerprints: &[Fingerprints]) -> Result<()>;
    /// Indexed documents sharing at least `min_shared` of `fingerprints`, ignoring
    /// fingerprints held by more than `max_documents` documents (boilerplate), by key.
    fn reuse_candidates(
        &self,
        fingerprints: &[u32],
        min_shared: u32,
        max_documents: usize,
    ) -> Result<Vec<ReuseCandidate>>;
    /// [`ReuseStore::reuse_candidates`] for each of `documents` (each a document's
    /// fingerprints), in the order given: one round trip for a store behind a network (the
    /// default asks document by document).
    fn reuse_candidates_of(
        &self,
        documents: &[&[u32]],
        min_shared: u32,
        max_documents: usize,
    ) -> Result<Vec<Vec<ReuseCandidate>>> {
        documents
            .iter()
            .map(|fingerprints| self.reuse_candidates(fingerprints, min_shared, max_documents))
            .collect()
    }
    /// Record derived pairs (replacing earlier verdicts on the same pairs) and take the
    /// `linked` documents off the queue, in one transaction.
    fn record_reuse(&mut self, pairs: &[StoredReuse], linked: &[DocKey]) -> Result<()>;
    /// Every stored derived pair, by target then source content hash.
    fn reuse_pairs(&self) -> Result<Vec<StoredReuse>>;
    /// Every stored derived pair's source, target and relation, in [`ReuseStore::reuse_pairs`]
    /// order, without the passages: what a listing needs (a store may answer it without
    /// decoding them; the default reads the pairs whole).
    fn reuse_relations(&self) -> Result<Vec<(DocKey, DocKey, crosscheck_reuse::Relation)>> {
        Ok(self
            .reuse_pairs()?
            .into_iter()
            .map(|p| (p.source, p.target, p.relation))
            .collect())
    }
    /// Stored derived pairs with a source or target among `docs` (each pair once), by target
    /// then source content hash.
    fn reuse_pairs_of(&self, docs: &[DocKey]) -> Result<Vec<StoredReuse>>;
}

/// Translations across languages: the language of each linked document, the anchor index
/// (names and numbers that survive translation, with their positions) and the candidate pairs
/// waiting for verification by the multilingual model.
///
/// The anchor index costs nothing while the linked documents are in one language: documents
/// are only registered with their language, and their anchors are indexed once a second
/// language shows up. A run registers its documents before it counts the languages (as it
/// indexes fingerprints before looking up), so of two runs linking documents in two languages
/// at once, the later count sees both. Candidates are kept until a run with the model judges
/// them, so a store ingested without the model has its candidates verified by the first run
/// that has it.
pub trait TranslationStore {
    /// Record the language of each of `docs` (again is harmless), committed on return.
    /// Returns how many distinct languages the registered documents have.
    fn register_languages(&mut self, docs: &[(DocKey, String)]) -> Result<usize>;
    /// Up to `limit` registered documents whose anchors are not in the index yet, by key.
    fn unanchored_documents(&self, limit: usize) -> Result<Vec<DocKey>>;
    /// Add documents' anchors (positions are their order) to the index and mark the
    /// documents anchored, committed on return; a document indexed again keeps its postings.
    fn index_anchors(&mut self, docs: &[DocAnchors]) -> Result<()>;
    /// For each of `anchors`, in the order given, the anchored documents holding it, by key;
    /// none for an anchor held by more than `max_documents` documents.
    fn anchor_postings(
        &self,
        anchors: &[u64],
        max_documents: usize,
    ) -> Result<Vec<Vec<AnchorPosting>>>;
    /// Add candidate translation pairs to the ones waiting (each as given, smaller key first;
    /// a pair waiting already stays once), committed on return.
    fn add_translation_candidates(&mut self, pairs: &[(DocKey, DocKey)]) -> Result<()>;
    /// Up to `limit` waiting candidate pairs, by key.
    fn translation_candidates(&self, limit: usize) -> Result<Vec<(DocKey, DocKey)>>;
    /// Number of candidate pairs waiting.
    fn translation_candidate_count(&self) -> Result<u64>;
    /// Record translated pairs as [`ReuseStore::record_reuse`] records derived pairs, and
    /// take the `checked` candidates off the waiting list, in one transaction.
    fn record_translations(
        &mut self,
        pairs: &[StoredReuse],
        checked: &[(DocKey, DocKey)],
    ) -> Result<()>;
}

/// Stories kept between runs: what an incremental story index resumes from.
///
/// A placement round reads the stories it may extend and writes them back as one: between
/// [`StoryStore::begin_story_round`] and [`StoryStore::finish_story_round`] no other run
/// reads or writes stories, so two runs placing documents at once never start the same
/// story twice.
///
/// A person may correct the stories ([`StoryStore::merge_stories`],
/// [`StoryStore::move_document`]). A correction takes the same lock as a round, so it never
/// interleaves with one, and leaves the stored stories as placement reads them: later
/// documents like either merged story join the merged one, and a moved document stays where
/// it was moved (placement never moves a placed document). A story merged away, or emptied
/// by moves, keeps its key: it is left out of every list and [`StoryStore::story_redirect`]
/// names the story its documents went to.
pub trait StoryStore {
    /// Start a placement round: take the store's story lock (waiting for another run's round
    /// to finish).
    fn begin_story_round(&mut self) -> Result<()>;
    /// End the round: commit what it recorded (`commit`), or roll it back.
    fn finish_story_round(&mut self, commit: bool) -> Result<()>;
    /// Number of documents placed in stories.
    fn placed_document_count(&self) -> Result<u32>;
    /// Stored documents not yet placed in a story, in an order that does not depend on the
    /// order they were written in: by publication date (undated last), then content hash.
    fn unplaced_documents(&self) -> Result<Vec<DocKey>>;
    /// Document frequencies of `terms` (terms never seen are left out).
    fn story_document_frequencies(&self, terms: &[u64]) -> Result<Vec<(u64, u32)>>;
    /// Stories having `term`, at most `limit` of them (the latest).
    fn stories_with_term(&self, term: u64, limit: usize) -> Result<Vec<StoryKey>>;
    /// [`StoryStore::stories_with_term`] for each of `terms`, in the order given: one round
    /// trip for a store behind a network (the default asks term by term).
    fn stories_with_terms(&self, terms: &[u64], limit: usize) -> Result<Vec<Vec<StoryKey>>> {
        terms
            .iter()
            .map(|&term| self.stories_with_term(term, limit))
            .collect()
    }
    /// The first `per_end` and the latest `per_end` members of `story`, in placement order.
    fn story_members(&self, story: StoryKey, per_end: usize) -> Result<Vec<StoryMember>>;
    /// The parts of `story` placement compares a new document with (see [`StoryPart`]): its
    /// own members first, then each group a correction brought in, by key; the first
    /// `per_end` and the latest `per_end` members of each, in placement order. Parts with no
    /// members are left out; a story never corrected has one part, its
    /// [`StoryStore::story_members`].
    fn story_parts(&self, story: StoryKey, per_end: usize) -> Result<Vec<StoryPart>>;
    /// The title of `story`, if it has one.
    fn story_title(&self, story: StoryKey) -> Result<Option<String>>;
    /// The story of each placed document among `docs`.
    fn story_of_documents(&self, docs: &[DocKey]) -> Result<Vec<(DocKey, StoryKey)>>;
    /// Write one round of placements in one transaction. Returns the keys given to the new
    /// stories.
    fn record_placements(&mut self, placements: &[StoryPlacement]) -> Result<Vec<StoryKey>>;
    /// Every story with documents, in key order (stories merged away or emptied by moves are
    /// left out).
    fn stories(&self) -> Result<Vec<StoredStory>>;
    /// The story with key `story`, if it exists and has documents (`None` for a story merged
    /// away or emptied by moves: see [`StoryStore::story_redirect`]).
    fn story(&self, story: StoryKey) -> Result<Option<StoredStory>>;
    /// Every member of `story`, in placement order.
    fn story_documents(&self, story: StoryKey) -> Result<Vec<DocKey>>;
    /// Every story with documents, with what a list of stories shows, largest first (then by
    /// key).
    fn story_overviews(&self) -> Result<Vec<StoryOverview>>;
    /// Merge story `from` into story `into`, by hand: every member of `from` joins `into`,
    /// after its members in placement order, as a part of its own (see [`StoryPart`]);
    /// `into` is found by the terms of both from now on; `from` keeps its key with no
    /// documents and redirects to `into` ([`StoryStore::story_redirect`]), as do the stories
    /// that redirected to `from`. `into` keeps its title (or takes `from`'s if it has none).
    /// One transaction, under the story lock a placement round takes
    /// ([`StoryStore::begin_story_round`]); the correction is recorded.
    ///
    /// Returns `false`, changing nothing, when the two are the same story or either has no
    /// documents (unknown, merged away, or emptied).
    fn merge_stories(&mut self, from: StoryKey, into: StoryKey) -> Result<bool>;
    /// Move placed document `doc` to story `to`, or, for `None`, to a new story of its own
    /// titled with its headline, by hand. The document joins `to` last in placement order,
    /// as part of the group of the story it left (see [`StoryPart`]); the counts and terms of
    /// both stories follow. A story the move empties keeps its key and redirects to `to`, as
    /// a merged story does. One transaction, under the story lock; the correction is
    /// recorded.
    ///
    /// Returns where the document now is: `to`, the new story, or its own story unchanged
    /// when it is already in `to` or, for `None`, already alone. `None`, changing nothing,
    /// when the document is not placed or `to` has no documents (unknown, merged away, or
    /// emptied).
    fn move_document(&mut self, doc: DocKey, to: Option<StoryKey>) -> Result<Option<StoryKey>>;
    /// The story whose documents the merged-away or emptied story `story` now are in
    /// (following later merges to a story that has documents), so that an old link still
    /// leads somewhere. `None` for a story that was never merged away or emptied, and for an
    /// unknown key.
    fn story_redirect(&self, story: StoryKey) -> Result<Option<StoryKey>>;
    /// How many corrections were ever made to the stories. It changes with every correction
    /// (and only then), so whoever keeps story data read from the store (a placement run, a
    /// server's story list) can tell it is stale.
    fn story_correction_count(&self) -> Result<u64>;
}

/// Full-text search over document titles and texts.
pub trait SearchStore {
    /// Index the documents stored since the last refresh; returns how many were added.
    fn refresh_search_index(&mut self) -> Result<u64>;
    /// Documents matching every word of `query` (words are taken from the query as plain words: no
    /// operator syntax reaches the search engine, so any user text is a valid query), best first,
    /// at most `limit`, each with a short snippet of its text around the matches.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>>;
}

/// Everything the engine needs of a store.
pub trait CorpusStore:
    DocumentStore + ReuseStore + TranslationStore + StoryStore + SearchStore
{
}

impl<T: DocumentStore + ReuseStore + TranslationStore + StoryStore + SearchStore> CorpusStore
    for T
{
}
