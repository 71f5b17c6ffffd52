//! Plain data that crosses the store seam: what is written and what is read back.

use chrono::NaiveDate;
use crosscheck::Document;
use crosscheck_reuse::{DirectionEvidence, Extent, PassagePair, Relation, Substitution};

use crate::keys::{DocKey, StoryKey};

/// What to write in one transaction: documents, and the input files they complete.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    /// Documents to store; ones already stored are counted as duplicates.
    pub documents: Vec<Document>,
    /// Files whose every document is in this batch or an earlier one.
    pub completed_files: Vec<FileMark>,
}

impl Batch {
    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty() && self.completed_files.is_empty()
    }

    /// Empty the batch, keeping its allocations.
    pub fn clear(&mut self) {
        self.documents.clear();
        self.completed_files.clear();
    }
}

/// An input file, identified by path, size and modification time, fully ingested.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileMark {
    /// The path as given.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub modified: i64,
    /// Documents it held.
    pub documents: u64,
    /// Records skipped with a problem.
    pub problems: u64,
}

/// A document's reuse fingerprints, for the reuse index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprints {
    /// The document.
    pub doc: DocKey,
    /// Its skeleton fingerprints.
    pub fingerprints: Vec<u32>,
}

/// A stored document sharing fingerprints with the one looked up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReuseCandidate {
    /// The stored document.
    pub doc: DocKey,
    /// Fingerprints the two share (boilerplate ones left out).
    pub shared: u32,
    /// Fingerprints the stored document has in the index.
    pub fingerprints: u32,
}

/// A document's translation anchors, for the anchor index
/// ([`crate::TranslationStore::index_anchors`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocAnchors {
    /// The document.
    pub doc: DocKey,
    /// Its anchor keys (`crosscheck_reuse::anchor_keys`), in order of first mention, each
    /// once: an anchor's index is its position.
    pub anchors: Vec<u64>,
}

/// An anchored document holding an anchor looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnchorPosting {
    /// The document.
    pub doc: DocKey,
    /// The anchor's position among the document's anchors.
    pub position: u32,
    /// The document's language.
    pub language: String,
}

/// What a commit did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommitOutcome {
    /// New documents stored.
    pub inserted: u64,
    /// Documents that were already stored (same content hash).
    pub duplicates: u64,
    /// For each document of the batch, in order: its key if it was new to the store.
    pub keys: Vec<Option<DocKey>>,
}

impl CommitOutcome {
    /// For each document of the batch, in order: whether it was new.
    pub fn is_new(&self) -> impl Iterator<Item = bool> + '_ {
        self.keys.iter().map(Option::is_some)
    }
}

/// A derived pair as stored: documents by key, spans as byte ranges into their texts.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredReuse {
    /// The source document.
    pub source: DocKey,
    /// The derived document.
    pub target: DocKey,
    /// How the target was derived.
    pub relation: Relation,
    /// Whole texts or a part.
    pub extent: Extent,
    /// Similarity 0..1.
    pub similarity: f64,
    /// What decided the direction.
    pub direction: DirectionEvidence,
    /// Aligned passages, in target order.
    pub passages: Vec<PassagePair>,
    /// Substituted words.
    pub substitutions: Vec<Substitution>,
}

/// A placed document as stored: what a story index needs of it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryMember {
    /// The document.
    pub doc: DocKey,
    /// Publication date, if known.
    pub day: Option<NaiveDate>,
    /// Its story terms: term ids with counts, sorted by term.
    pub terms: Vec<(u64, f32)>,
}

/// Which story a placement goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoryRef {
    /// A stored story.
    Stored(StoryKey),
    /// The n-th story started in this round of placements (0-based, in order of first use).
    New(usize),
}

/// One document placed in a story.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryPlacement {
    /// The document, stored with its terms.
    pub member: StoryMember,
    /// Its story.
    pub story: StoryRef,
    /// The part of a stored story it joined (see [`StoryPart`]): `None` for the story's own
    /// members, and always for a new story.
    pub part: Option<StoryKey>,
    /// Mean similarity to the story's documents when it joined (0 for a new story).
    pub similarity: f64,
    /// Every distinct term id of the document: the terms of `member` (counted in the
    /// document frequencies, and what finds its story; a correction that moves the member
    /// reads its terms back from `member`).
    pub term_ids: Vec<u64>,
    /// Its headline, which titles a story that has none yet.
    pub title: Option<String>,
}

/// A group of a story's members that placement compares a new document with apart.
///
/// A story's own members are one part. A correction that brings documents into a story
/// ([`crate::StoryStore::merge_stories`], [`crate::StoryStore::move_document`]) keeps them as
/// a part of their own, named by the story they came from, so that a story merged from two
/// unlike ones still takes a new document like either (placement is average-link: compared
/// with all members at once, the new document would be unlike half of them).
#[derive(Clone, Debug, PartialEq)]
pub struct StoryPart {
    /// The part: `None` for the story's own members, else the key of the story its members
    /// came from.
    pub part: Option<StoryKey>,
    /// Its first and latest members, in placement order.
    pub members: Vec<StoryMember>,
}

/// A stored story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredStory {
    /// Its key.
    pub key: StoryKey,
    /// Its title (the first headline placed in it).
    pub title: Option<String>,
    /// Number of documents placed in it.
    pub documents: u32,
}

/// One story as a list of stories shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryOverview {
    /// Its key.
    pub key: StoryKey,
    /// Its title (the first headline placed in it).
    pub title: Option<String>,
    /// Number of documents placed in it.
    pub documents: u32,
    /// The distinct, non-empty outlet names of its documents, sorted.
    pub outlets: Vec<String>,
    /// The earliest publication date of its documents, as stored.
    pub first_published: Option<String>,
    /// The latest publication date of its documents, as stored.
    pub last_published: Option<String>,
}

/// A document found by a full-text search.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    /// The document.
    pub doc: DocKey,
    /// A short excerpt of its text around the matches, in order.
    pub snippet: Vec<SnippetPiece>,
}

/// A run of a search snippet: text that matched the query, or text around it.
#[derive(Clone, Debug, PartialEq)]
pub struct SnippetPiece {
    /// The text of the run.
    pub text: String,
    /// Whether it is a match of a query word.
    pub matched: bool,
}
