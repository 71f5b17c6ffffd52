//! Browsing a stored corpus: what a server shows, read from the store one story at a time.
//!
//! A corpus built by `ingest` is too large to analyse whole on every request, and a reader
//! looks at one story at a time anyway. So the corpus view is the store's story list (with the
//! relations its stored reuse pairs carry), and everything inside a story — its documents,
//! who copied whom, who said what, what the sources agree on and dispute — comes from a full
//! analysis of that story's documents: the same [`Report`] `analyze` builds, over a story.
//! A document no story holds is analysed with the documents it is linked to by reuse.
//!
//! Nothing here caches: the caller (a server) keeps reports as long as the story they were
//! built from is unchanged ([`StoryCard::documents`] tells).

use crosscheck::Document;
use crosscheck_store::{CorpusStore, DocKey, SearchHit, SnippetPiece, StoryKey, StoryOverview};
use rustc_hash::{FxHashMap, FxHashSet};

use std::sync::atomic::AtomicBool;

use crate::analyze::{fill_report, Stages};
use crate::error::{Result, StoreContext};
use crate::events::Events;
use crate::ingest::{ingest_keeping, IngestConfig};
use crate::read::Keep;
use crate::report::Report;
use crate::summary::RunSummary;

/// One story of the corpus as a list shows it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct StoryCard {
    /// The story's key: its permanent number in this store.
    pub key: i64,
    /// Its title (the first headline placed in it).
    pub title: Option<String>,
    /// Number of documents in it.
    pub documents: u32,
    /// The outlets carrying it, sorted.
    pub outlets: Vec<String>,
    /// Earliest publication date of its documents, as stored.
    pub first_published: Option<String>,
    /// Latest publication date of its documents, as stored.
    pub last_published: Option<String>,
    /// The reuse relations between its documents (`verbatim`, `spun`, ...), sorted.
    pub relations: Vec<String>,
    /// Number of stored reuse pairs inside it.
    pub reuse_pairs: u32,
}

/// A stored document as a list shows it, without its text.
#[derive(Clone, Debug, serde::Serialize)]
pub struct DocumentCard {
    /// Its id in reports.
    pub id: String,
    /// Its content hash (hex): its permanent identity.
    pub hash: String,
    /// Its headline.
    pub title: Option<String>,
    /// The outlet that published it.
    pub outlet: Option<String>,
    /// Its publication date, if known.
    pub published: Option<String>,
    /// The story it is placed in.
    pub story: Option<i64>,
}

/// One search result: the document and where the words matched.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SearchResult {
    /// The document.
    pub document: DocumentCard,
    /// A short piece of its text around the matches, matched words flagged.
    pub snippet: Vec<Snippet>,
}

/// A piece of a search snippet.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Snippet {
    /// The text.
    pub text: String,
    /// Whether it is a matched word.
    pub matched: bool,
}

/// The analysis of one story, or of a document placed in none, with its members.
#[derive(Clone, Debug)]
pub struct StoryReport {
    /// The story, when the report is of a stored story.
    pub story: Option<StoryCard>,
    /// The full report over its documents.
    pub report: Report,
}

/// A document found by its content hash (or a unique prefix of it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoundDocument {
    /// Its store key.
    pub key: DocKey,
    /// The story it is placed in.
    pub story: Option<StoryKey>,
}

/// What changes whenever the story list does: documents stored, documents placed, and
/// corrections made by hand (merges and moves).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CorpusVersion {
    /// Documents stored.
    pub documents: u64,
    /// Documents placed in stories.
    pub placed: u32,
    /// Story corrections made.
    pub corrections: u64,
}

/// The store's [`CorpusVersion`]: what tells a cached story list or story report is stale.
pub fn corpus_version<S: CorpusStore + ?Sized>(store: &S) -> Result<CorpusVersion> {
    Ok(CorpusVersion {
        documents: store.document_count().context("counting documents")?,
        placed: store
            .placed_document_count()
            .context("counting placed documents")?,
        corrections: crate::curate::correction_count(store)?,
    })
}

/// The number of documents in story `key`, or `None` when there is no such story: what tells
/// a cached story report is stale.
pub fn story_size<S: CorpusStore + ?Sized>(store: &S, key: StoryKey) -> Result<Option<u32>> {
    Ok(store
        .story(key)
        .context("reading the story")?
        .map(|s| s.documents))
}

/// Every story with its outlets, dates and reuse relations, largest first.
pub fn story_cards<S: CorpusStore + ?Sized>(store: &S) -> Result<Vec<StoryCard>> {
    let overviews = store
        .story_overviews()
        .context("reading the list of stories")?;
    let pairs = store
        .reuse_relations()
        .context("reading the reuse relations")?;
    let mut docs: Vec<DocKey> = pairs.iter().flat_map(|p| [p.0, p.1]).collect();
    docs.sort_unstable();
    docs.dedup();
    let story_of: FxHashMap<DocKey, StoryKey> = store
        .story_of_documents(&docs)
        .context("reading where linked documents are placed")?
        .into_iter()
        .collect();
    let mut relations: FxHashMap<StoryKey, (FxHashSet<&'static str>, u32)> = FxHashMap::default();
    for (source, target, relation) in &pairs {
        let (Some(a), Some(b)) = (story_of.get(source), story_of.get(target)) else {
            continue;
        };
        if a == b {
            let entry = relations.entry(*a).or_default();
            entry.0.insert(relation.as_str());
            entry.1 += 1;
        }
    }
    Ok(overviews
        .into_iter()
        .map(|o| {
            let (set, count) = relations.remove(&o.key).unwrap_or_default();
            let mut relations: Vec<String> = set.into_iter().map(str::to_string).collect();
            relations.sort();
            card(o, relations, count)
        })
        .collect())
}

fn card(o: StoryOverview, relations: Vec<String>, reuse_pairs: u32) -> StoryCard {
    StoryCard {
        key: o.key.0,
        title: o.title,
        documents: o.documents,
        outlets: o.outlets,
        first_published: o.first_published,
        last_published: o.last_published,
        relations,
        reuse_pairs,
    }
}

/// The full analysis of stored story `key`, or `None` when the store has no such story.
pub fn story_report<S: CorpusStore + ?Sized>(
    store: &S,
    key: StoryKey,
    events: &dyn Events,
) -> Result<Option<StoryReport>> {
    let Some(stored) = store.story(key).context("reading the story")? else {
        return Ok(None);
    };
    let members = store
        .story_documents(key)
        .context("reading the story's documents")?;
    let documents = load(store, &members)?;
    let overview = overview_of(key, stored.title, &documents);
    let mut report = Report::new();
    fill_report(&mut report, unique_ids(documents), Stages::all(), events);
    let mut relations: Vec<String> = report
        .reuse
        .iter()
        .map(|r| r.relation.as_str().to_string())
        .collect();
    relations.sort();
    relations.dedup();
    let pairs = report.reuse.len() as u32;
    Ok(Some(StoryReport {
        story: Some(card(overview, relations, pairs)),
        report,
    }))
}

/// The analysis of a document placed in no story: it and the stored documents it is linked
/// to by reuse.
pub fn lone_document_report<S: CorpusStore + ?Sized>(
    store: &S,
    key: DocKey,
    events: &dyn Events,
) -> Result<StoryReport> {
    let mut members = vec![key];
    for pair in store
        .reuse_pairs_of(&[key])
        .context("reading the document's reuse pairs")?
    {
        members.extend([pair.source, pair.target]);
    }
    members.sort_unstable();
    members.dedup();
    let documents = load(store, &members)?;
    let mut report = Report::new();
    fill_report(&mut report, unique_ids(documents), Stages::all(), events);
    Ok(StoryReport {
        story: None,
        report,
    })
}

/// The document whose content hash starts with `hash_prefix`, and its story.
pub fn find_document<S: CorpusStore + ?Sized>(
    store: &S,
    hash_prefix: &str,
) -> Result<Option<FoundDocument>> {
    let Some(key) = store
        .key_by_hash_prefix(hash_prefix)
        .context("looking a document up")?
    else {
        return Ok(None);
    };
    let story = store
        .story_of_documents(&[key])
        .context("reading where the document is placed")?
        .first()
        .map(|(_, s)| *s);
    Ok(Some(FoundDocument { key, story }))
}

/// What an ingest from a front end stored, and where each document went.
#[derive(Debug)]
pub struct Ingested {
    /// The run's summary.
    pub summary: RunSummary,
    /// Every document read (new or already stored), in input order, with its story.
    pub documents: Vec<DocumentCard>,
}

/// Ingest `config`'s inputs as `ingest` does, and say where each document read now is: what a
/// page that takes uploads shows its user.
pub fn ingest_and_list<S: CorpusStore + Send>(
    config: &IngestConfig,
    store: &mut S,
    events: &dyn Events,
    cancel: &AtomicBool,
) -> Result<Ingested> {
    let (summary, refs) = ingest_keeping(config, store, events, cancel, Keep::Refs)?;
    let mut keys = Vec::with_capacity(refs.len());
    for r in &refs {
        if let Some(key) = store
            .key_of(&r.hash)
            .context("looking up an ingested document")?
        {
            keys.push(key);
        }
    }
    let story_of: FxHashMap<DocKey, StoryKey> = store
        .story_of_documents(&keys)
        .context("reading where ingested documents are placed")?
        .into_iter()
        .collect();
    let mut documents = Vec::with_capacity(keys.len());
    for key in keys {
        if let Some(doc) = store
            .document_by_key(key)
            .context("reading an ingested document")?
        {
            documents.push(document_card(&doc, story_of.get(&key).copied()));
        }
    }
    Ok(Ingested { summary, documents })
}

/// Bring the search index up to date with the stored documents; returns how many were added.
pub fn refresh_search<S: CorpusStore + ?Sized>(store: &mut S) -> Result<u64> {
    store
        .refresh_search_index()
        .context("indexing documents for search")
}

/// Documents matching every word of `query`, best first, at most `limit`.
pub fn search<S: CorpusStore + ?Sized>(
    store: &S,
    query: &str,
    limit: usize,
) -> Result<Vec<SearchResult>> {
    let hits: Vec<SearchHit> = store.search(query, limit).context("searching")?;
    let keys: Vec<DocKey> = hits.iter().map(|h| h.doc).collect();
    let story_of: FxHashMap<DocKey, StoryKey> = store
        .story_of_documents(&keys)
        .context("reading where found documents are placed")?
        .into_iter()
        .collect();
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        let Some(doc) = store
            .document_by_key(hit.doc)
            .context("reading a found document")?
        else {
            continue;
        };
        out.push(SearchResult {
            document: document_card(&doc, story_of.get(&hit.doc).copied()),
            snippet: hit
                .snippet
                .into_iter()
                .map(|SnippetPiece { text, matched }| Snippet { text, matched })
                .collect(),
        });
    }
    Ok(out)
}

/// What a list shows of `doc`.
pub fn document_card(doc: &Document, story: Option<StoryKey>) -> DocumentCard {
    DocumentCard {
        id: doc.id.clone(),
        hash: doc.hash.to_string(),
        title: doc.meta.title.as_ref().map(|v| v.value.clone()),
        outlet: doc.meta.outlet.as_ref().map(|v| v.value.clone()),
        published: doc.meta.published.as_ref().map(|v| v.value.to_string()),
        story: story.map(|s| s.0),
    }
}

/// What a list shows of a story, from its documents.
fn overview_of(key: StoryKey, title: Option<String>, documents: &[Document]) -> StoryOverview {
    let mut outlets: Vec<String> = documents
        .iter()
        .filter_map(|d| d.meta.outlet.as_ref().map(|o| o.value.clone()))
        .filter(|o| !o.trim().is_empty())
        .collect();
    outlets.sort();
    outlets.dedup();
    let dates = documents
        .iter()
        .filter_map(|d| d.meta.published.as_ref().map(|p| p.value));
    StoryOverview {
        key,
        title,
        documents: documents.len() as u32,
        outlets,
        first_published: dates.clone().min().map(|d| d.to_string()),
        last_published: dates.max().map(|d| d.to_string()),
    }
}

fn load<S: CorpusStore + ?Sized>(store: &S, keys: &[DocKey]) -> Result<Vec<Document>> {
    let mut documents = Vec::with_capacity(keys.len());
    for &key in keys {
        if let Some(doc) = store
            .document_by_key(key)
            .context("reading a story's document")?
        {
            documents.push(doc);
        }
    }
    Ok(documents)
}

/// The report needs unique document ids; two stored documents may share one (the same record
/// id in two files). Later ones get the start of their content hash appended.
fn unique_ids(mut documents: Vec<Document>) -> Vec<Document> {
    let mut seen: FxHashSet<String> = FxHashSet::default();
    for doc in &mut documents {
        if !seen.insert(doc.id.clone()) {
            let hash = doc.hash.to_string();
            doc.id = format!("{}#{}", doc.id, &hash[..hash.len().min(12)]);
            seen.insert(doc.id.clone());
        }
    }
    documents
}
