//! Which store a front end opens: an SQLite file or a PostgreSQL server, from what the user
//! wrote after `--db` (or in `CROSSCHECK_DB`).
//!
//! `postgres://…` and `postgresql://…` (libpq's URL forms) name a server; anything else is a
//! file path. [`AnyStore`] is either backend behind the one store seam, so every engine call
//! and front end works on both. A password in a URL never leaves this module except to the
//! database: [`StoreSpec`]'s `Display` and `Debug` show it as `***`.

use std::fmt;
use std::path::{Path, PathBuf};

use crosscheck::{ContentHash, Document};
use crosscheck_store::{
    AnchorPosting, Batch, CommitOutcome, DocAnchors, DocKey, DocumentStore, Fingerprints,
    ReuseCandidate, ReuseStore, SearchHit, SearchStore, SqliteStore, StoredReuse, StoredStory,
    StoryKey, StoryMember, StoryOverview, StoryPart, StoryPlacement, StoryStore, TranslationStore,
};

use crosscheck_store_pg::PgStore;

use crate::error::{EngineError, Result};

/// Where the corpus is: a database file, or a PostgreSQL server.
#[derive(Clone, PartialEq, Eq)]
pub enum StoreSpec {
    /// An SQLite database file (created if missing).
    File(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user@host:port/dbname?sslmode=...`).
    Url(String),
}

impl StoreSpec {
    /// Read what a user wrote: a `postgres://` or `postgresql://` URL, or libpq's
    /// `key=value` words (`host=... dbname=...`), else a file path.
    pub fn parse(text: &str) -> StoreSpec {
        let lower = text.trim_start().to_ascii_lowercase();
        let keywords = [
            "host=",
            "hostaddr=",
            "dbname=",
            "user=",
            "port=",
            "service=",
        ];
        if lower.starts_with("postgres://")
            || lower.starts_with("postgresql://")
            || keywords.iter().any(|k| lower.starts_with(k))
        {
            StoreSpec::Url(text.trim().to_string())
        } else {
            StoreSpec::File(PathBuf::from(text))
        }
    }

    /// Whether the store is already there: the file exists (a server is assumed to).
    pub fn exists(&self) -> bool {
        match self {
            StoreSpec::File(path) => path.is_file(),
            StoreSpec::Url(_) => true,
        }
    }

    /// The database file, for a file store.
    pub fn file(&self) -> Option<&Path> {
        match self {
            StoreSpec::File(path) => Some(path),
            StoreSpec::Url(_) => None,
        }
    }
}

/// `url` with its password (in the URL or a `password=` option) replaced by `***`.
pub fn redact_url(url: &str) -> String {
    crosscheck_store_pg::redact(url)
}

impl fmt::Display for StoreSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreSpec::File(path) => write!(f, "{}", path.display()),
            StoreSpec::Url(url) => f.write_str(&redact_url(url)),
        }
    }
}

impl fmt::Debug for StoreSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreSpec::File(path) => f.debug_tuple("File").field(path).finish(),
            StoreSpec::Url(url) => f.debug_tuple("Url").field(&redact_url(url)).finish(),
        }
    }
}

/// Either store behind the one seam.
#[derive(Debug)]
pub enum AnyStore {
    /// An SQLite file.
    Sqlite(SqliteStore),
    /// A PostgreSQL database (boxed: its client is large, and there is one per connection).
    Postgres(Box<PgStore>),
}

/// Open the store `spec` names, bringing its schema up to date.
pub fn open_store(spec: &StoreSpec) -> Result<AnyStore> {
    match spec {
        StoreSpec::File(path) => SqliteStore::open(path)
            .map(AnyStore::Sqlite)
            .map_err(|source| EngineError::Store {
                context: format!("opening the database {}", path.display()),
                source,
            }),
        StoreSpec::Url(url) => PgStore::open(url)
            .map(|store| AnyStore::Postgres(Box::new(store)))
            .map_err(|source| EngineError::Store {
                context: format!("opening the database {}", redact_url(url)),
                source,
            }),
    }
}

/// Call `$call` on whichever store `$self` holds.
macro_rules! delegate {
    ($self:expr, $store:ident => $call:expr) => {
        match $self {
            AnyStore::Sqlite($store) => $call,
            AnyStore::Postgres($store) => $call,
        }
    };
}

impl DocumentStore for AnyStore {
    fn commit(&mut self, batch: &Batch) -> crosscheck_store::Result<CommitOutcome> {
        delegate!(self, s => s.commit(batch))
    }
    fn file_is_done(&self, path: &str, size: u64, modified: i64) -> crosscheck_store::Result<bool> {
        delegate!(self, s => s.file_is_done(path, size, modified))
    }
    fn document_count(&self) -> crosscheck_store::Result<u64> {
        delegate!(self, s => s.document_count())
    }
    fn document(&self, hash: &ContentHash) -> crosscheck_store::Result<Option<Document>> {
        delegate!(self, s => s.document(hash))
    }
    fn document_by_key(&self, key: DocKey) -> crosscheck_store::Result<Option<Document>> {
        delegate!(self, s => s.document_by_key(key))
    }
    fn documents_by_keys(
        &self,
        keys: &[DocKey],
    ) -> crosscheck_store::Result<Vec<Option<Document>>> {
        delegate!(self, s => s.documents_by_keys(keys))
    }
    fn key_of(&self, hash: &ContentHash) -> crosscheck_store::Result<Option<DocKey>> {
        delegate!(self, s => s.key_of(hash))
    }
    fn documents(&self) -> crosscheck_store::Result<Vec<Document>> {
        delegate!(self, s => s.documents())
    }
    fn key_by_hash_prefix(&self, prefix: &str) -> crosscheck_store::Result<Option<DocKey>> {
        delegate!(self, s => s.key_by_hash_prefix(prefix))
    }
    fn concurrent_handle(&self) -> crosscheck_store::Result<Option<Self>> {
        Ok(match self {
            AnyStore::Sqlite(s) => s.concurrent_handle()?.map(AnyStore::Sqlite),
            AnyStore::Postgres(s) => s
                .concurrent_handle()?
                .map(|s| AnyStore::Postgres(Box::new(s))),
        })
    }
}

impl ReuseStore for AnyStore {
    fn claim_unlinked(&mut self, limit: usize) -> crosscheck_store::Result<Vec<DocKey>> {
        delegate!(self, s => s.claim_unlinked(limit))
    }
    fn unlinked_count(&self) -> crosscheck_store::Result<u64> {
        delegate!(self, s => s.unlinked_count())
    }
    fn index_reuse(&mut self, fingerprints: &[Fingerprints]) -> crosscheck_store::Result<()> {
        delegate!(self, s => s.index_reuse(fingerprints))
    }
    fn reuse_candidates(
        &self,
        fingerprints: &[u32],
        min_shared: u32,
        max_documents: usize,
    ) -> crosscheck_store::Result<Vec<ReuseCandidate>> {
        delegate!(self, s => s.reuse_candidates(fingerprints, min_shared, max_documents))
    }
    fn reuse_candidates_of(
        &self,
        documents: &[&[u32]],
        min_shared: u32,
        max_documents: usize,
    ) -> crosscheck_store::Result<Vec<Vec<ReuseCandidate>>> {
        delegate!(self, s => s.reuse_candidates_of(documents, min_shared, max_documents))
    }
    fn record_reuse(
        &mut self,
        pairs: &[StoredReuse],
        linked: &[DocKey],
    ) -> crosscheck_store::Result<()> {
        delegate!(self, s => s.record_reuse(pairs, linked))
    }
    fn reuse_pairs(&self) -> crosscheck_store::Result<Vec<StoredReuse>> {
        delegate!(self, s => s.reuse_pairs())
    }
    fn reuse_relations(
        &self,
    ) -> crosscheck_store::Result<Vec<(DocKey, DocKey, crosscheck_reuse::Relation)>> {
        delegate!(self, s => s.reuse_relations())
    }
    fn reuse_pairs_of(&self, docs: &[DocKey]) -> crosscheck_store::Result<Vec<StoredReuse>> {
        delegate!(self, s => s.reuse_pairs_of(docs))
    }
}

impl TranslationStore for AnyStore {
    fn register_languages(&mut self, docs: &[(DocKey, String)]) -> crosscheck_store::Result<usize> {
        delegate!(self, s => s.register_languages(docs))
    }
    fn unanchored_documents(&self, limit: usize) -> crosscheck_store::Result<Vec<DocKey>> {
        delegate!(self, s => s.unanchored_documents(limit))
    }
    fn index_anchors(&mut self, docs: &[DocAnchors]) -> crosscheck_store::Result<()> {
        delegate!(self, s => s.index_anchors(docs))
    }
    fn anchor_postings(
        &self,
        anchors: &[u64],
        max_documents: usize,
    ) -> crosscheck_store::Result<Vec<Vec<AnchorPosting>>> {
        delegate!(self, s => s.anchor_postings(anchors, max_documents))
    }
    fn add_translation_candidates(
        &mut self,
        pairs: &[(DocKey, DocKey)],
    ) -> crosscheck_store::Result<()> {
        delegate!(self, s => s.add_translation_candidates(pairs))
    }
    fn translation_candidates(
        &self,
        limit: usize,
    ) -> crosscheck_store::Result<Vec<(DocKey, DocKey)>> {
        delegate!(self, s => s.translation_candidates(limit))
    }
    fn translation_candidate_count(&self) -> crosscheck_store::Result<u64> {
        delegate!(self, s => s.translation_candidate_count())
    }
    fn record_translations(
        &mut self,
        pairs: &[StoredReuse],
        checked: &[(DocKey, DocKey)],
    ) -> crosscheck_store::Result<()> {
        delegate!(self, s => s.record_translations(pairs, checked))
    }
}

impl StoryStore for AnyStore {
    fn begin_story_round(&mut self) -> crosscheck_store::Result<()> {
        delegate!(self, s => s.begin_story_round())
    }
    fn finish_story_round(&mut self, commit: bool) -> crosscheck_store::Result<()> {
        delegate!(self, s => s.finish_story_round(commit))
    }
    fn placed_document_count(&self) -> crosscheck_store::Result<u32> {
        delegate!(self, s => s.placed_document_count())
    }
    fn unplaced_documents(&self) -> crosscheck_store::Result<Vec<DocKey>> {
        delegate!(self, s => s.unplaced_documents())
    }
    fn story_document_frequencies(
        &self,
        terms: &[u64],
    ) -> crosscheck_store::Result<Vec<(u64, u32)>> {
        delegate!(self, s => s.story_document_frequencies(terms))
    }
    fn stories_with_term(
        &self,
        term: u64,
        limit: usize,
    ) -> crosscheck_store::Result<Vec<StoryKey>> {
        delegate!(self, s => s.stories_with_term(term, limit))
    }
    fn stories_with_terms(
        &self,
        terms: &[u64],
        limit: usize,
    ) -> crosscheck_store::Result<Vec<Vec<StoryKey>>> {
        delegate!(self, s => s.stories_with_terms(terms, limit))
    }
    fn story_members(
        &self,
        story: StoryKey,
        per_end: usize,
    ) -> crosscheck_store::Result<Vec<StoryMember>> {
        delegate!(self, s => s.story_members(story, per_end))
    }
    fn story_parts(
        &self,
        story: StoryKey,
        per_end: usize,
    ) -> crosscheck_store::Result<Vec<StoryPart>> {
        delegate!(self, s => s.story_parts(story, per_end))
    }
    fn story_title(&self, story: StoryKey) -> crosscheck_store::Result<Option<String>> {
        delegate!(self, s => s.story_title(story))
    }
    fn story_of_documents(
        &self,
        docs: &[DocKey],
    ) -> crosscheck_store::Result<Vec<(DocKey, StoryKey)>> {
        delegate!(self, s => s.story_of_documents(docs))
    }
    fn record_placements(
        &mut self,
        placements: &[StoryPlacement],
    ) -> crosscheck_store::Result<Vec<StoryKey>> {
        delegate!(self, s => s.record_placements(placements))
    }
    fn stories(&self) -> crosscheck_store::Result<Vec<StoredStory>> {
        delegate!(self, s => s.stories())
    }
    fn story(&self, story: StoryKey) -> crosscheck_store::Result<Option<StoredStory>> {
        delegate!(self, s => s.story(story))
    }
    fn story_documents(&self, story: StoryKey) -> crosscheck_store::Result<Vec<DocKey>> {
        delegate!(self, s => s.story_documents(story))
    }
    fn story_overviews(&self) -> crosscheck_store::Result<Vec<StoryOverview>> {
        delegate!(self, s => s.story_overviews())
    }
    fn merge_stories(&mut self, from: StoryKey, into: StoryKey) -> crosscheck_store::Result<bool> {
        delegate!(self, s => s.merge_stories(from, into))
    }
    fn move_document(
        &mut self,
        doc: DocKey,
        to: Option<StoryKey>,
    ) -> crosscheck_store::Result<Option<StoryKey>> {
        delegate!(self, s => s.move_document(doc, to))
    }
    fn story_redirect(&self, story: StoryKey) -> crosscheck_store::Result<Option<StoryKey>> {
        delegate!(self, s => s.story_redirect(story))
    }
    fn story_correction_count(&self) -> crosscheck_store::Result<u64> {
        delegate!(self, s => s.story_correction_count())
    }
}

impl SearchStore for AnyStore {
    fn refresh_search_index(&mut self) -> crosscheck_store::Result<u64> {
        delegate!(self, s => s.refresh_search_index())
    }
    fn search(&self, query: &str, limit: usize) -> crosscheck_store::Result<Vec<SearchHit>> {
        delegate!(self, s => s.search(query, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_servers_and_the_rest_files() {
        assert_eq!(
            StoreSpec::parse("corpus.db"),
            StoreSpec::File("corpus.db".into())
        );
        assert!(matches!(
            StoreSpec::parse("postgres://u@h/db"),
            StoreSpec::Url(_)
        ));
        assert!(matches!(
            StoreSpec::parse("PostgreSQL://h/db"),
            StoreSpec::Url(_)
        ));
        assert_eq!(
            StoreSpec::parse("postgres.db"),
            StoreSpec::File("postgres.db".into())
        );
        assert!(matches!(
            StoreSpec::parse("host=/run/pg port=5432 dbname=news"),
            StoreSpec::Url(_)
        ));
        assert!(matches!(StoreSpec::parse("hosts.db"), StoreSpec::File(_)));
    }

    #[test]
    fn passwords_never_show() {
        let spec = StoreSpec::parse("postgres://desk:s3cr3t@db.example:5432/news?sslmode=require");
        let shown = format!("{spec} {spec:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("desk:***@db.example:5432/news"), "{shown}");
        assert_eq!(redact_url("postgres://h/db"), "postgres://h/db");
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        // An @ in the password itself.
        assert_eq!(
            redact_url("postgres://u:p@ss@h/db"),
            "postgres://u:***@h/db"
        );
    }
}
