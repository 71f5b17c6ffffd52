//! Stories corrected by hand: merge two stories, or move a document to another story (or a
//! story of its own).
//!
//! Story placement is automatic and final (`ingest` places each new document once and never
//! re-clusters), so a person who sees two stories that are one, or a document in the wrong
//! story, corrects the stored stories here. A correction is stored, and later placements
//! respect it:
//!
//! - after [`merge_stories`], a new document like the documents of either story joins the
//!   merged one: the store keeps the merged-in documents as a part of their own
//!   ([`crosscheck_store::StoryPart`]) and placement compares a new document with each part
//!   apart, so the merged story is not the average of two unlike stories;
//! - after [`move_document`], the document stays where it was moved, since placement only
//!   places documents that have no story.
//!
//! Each correction is one transaction under the story lock a placement round takes, so it
//! never interleaves with a concurrent `ingest`. A placement pass keeps the stories it read
//! in memory across its rounds; it checks the store's count of corrections
//! ([`correction_count`]) under the lock at every round and reads everything again when it
//! moved, so a correction made meanwhile (by another connection or process) is never
//! placed against stale stories. A story merged away or emptied keeps its key:
//! [`story_redirect`] names where its documents went, so old links still resolve.
//!
//! ```
//! use crosscheck_engine::{curate, StoryKey};
//! use crosscheck_store::SqliteStore;
//!
//! let mut store = SqliteStore::open_in_memory()?;
//! // Nothing to merge in an empty store: nothing changes.
//! assert!(!curate::merge_stories(&mut store, StoryKey(1), StoryKey(2))?);
//! assert_eq!(curate::story_redirect(&store, StoryKey(1))?, None);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crosscheck_store::{CorpusStore, DocKey, StoryKey};

use crate::error::{Result, StoreContext};

/// Merge story `from` into story `into`: every document of `from` joins `into`, later
/// documents like either join `into`, and `from` redirects to `into` ([`story_redirect`]).
///
/// Returns `false`, changing nothing, when the two are the same story or either is not a
/// story with documents (an unknown key, or a story already merged away or emptied).
pub fn merge_stories<S: CorpusStore + ?Sized>(
    store: &mut S,
    from: StoryKey,
    into: StoryKey,
) -> Result<bool> {
    store
        .merge_stories(from, into)
        .context("merging two stories")
}

/// Move placed document `doc` to story `to`, or, for `None`, to a new story of its own
/// (titled with its headline). The document stays there: later runs never move a placed
/// document. A story the move empties redirects to where the document went.
///
/// Returns the story the document is in now (unchanged when it already was in `to`, or for
/// `None` already alone in its story); `None`, changing nothing, when the document is not
/// placed in a story or `to` is not a story with documents.
pub fn move_document<S: CorpusStore + ?Sized>(
    store: &mut S,
    doc: DocKey,
    to: Option<StoryKey>,
) -> Result<Option<StoryKey>> {
    store
        .move_document(doc, to)
        .context("moving a document to another story")
}

/// The story that story `key` was merged into (or that took the last document of a story a
/// move emptied), following later merges to a story that has documents: where a link to
/// `key` should lead now. `None` when `key` was never merged away or emptied (a live story
/// or an unknown key).
pub fn story_redirect<S: CorpusStore + ?Sized>(
    store: &S,
    key: StoryKey,
) -> Result<Option<StoryKey>> {
    store
        .story_redirect(key)
        .context("looking up where a story went")
}

/// How many corrections were ever made to the stored stories. It changes with every
/// correction, and only then: whoever keeps story data read from the store (a server's story
/// list, which the corpus size alone does not date) can key it on this.
pub fn correction_count<S: CorpusStore + ?Sized>(store: &S) -> Result<u64> {
    store
        .story_correction_count()
        .context("counting story corrections")
}
