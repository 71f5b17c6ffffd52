//! The SQLite store.

use std::path::Path;

use crosscheck::{ContentHash, Document, Metadata};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Context, Result, StoreError};
use crate::migrations;

/// The corpus in an SQLite database.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
}

/// What to write in one transaction: documents, and the input files they complete.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    /// Documents to store; ones already stored are counted as duplicates.
    pub documents: Vec<Document>,
    /// Files whose every document is in this batch or an earlier one.
    pub completed_files: Vec<FileMark>,
    /// Reuse fingerprints, parallel to `documents` (empty when the run keeps no reuse index).
    /// Stored only for documents new to the store.
    pub fingerprints: Vec<Vec<u32>>,
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
        self.fingerprints.clear();
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

/// What a commit did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommitOutcome {
    /// New documents stored.
    pub inserted: u64,
    /// Documents that were already stored (same content hash).
    pub duplicates: u64,
    /// For each document of the batch, in order: whether it was new.
    pub new: Vec<bool>,
    /// For each document of the batch, in order: its row id if it was new.
    pub rowids: Vec<Option<i64>>,
}

/// A derived pair as stored: documents by content hash, spans as byte ranges in `detail`.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredReuse {
    /// Source document hash.
    pub source: ContentHash,
    /// Target document hash.
    pub target: ContentHash,
    /// Relation name.
    pub relation: String,
    /// Extent name.
    pub extent: String,
    /// Similarity 0..1.
    pub similarity: f64,
    /// Direction evidence name.
    pub direction: String,
    /// JSON with passages and substitutions.
    pub detail: String,
}

/// Page size of new databases, in bytes.
const PAGE_SIZE: i64 = 16 * 1024;
/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 64;
/// Page cache per connection, in KiB.
const CACHE_KIB: i64 = 64 * 1024;
/// WAL size, in pages, at which a commit checkpoints it into the database: 32 MB at the
/// page size of new databases (SQLite's default is 1,000 pages).
const WAL_CHECKPOINT_PAGES: i64 = 2_000;

impl Store {
    /// Open (or create) the database at `path` and bring its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let conn = Connection::open(path).context("opening the database")?;
        Store::setup(conn)
    }

    /// A private in-memory database (tests, one-shot runs that keep nothing).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().context("opening an in-memory database")?;
        Store::setup(conn)
    }

    fn setup(mut conn: Connection) -> Result<Store> {
        // A new database gets bigger pages than SQLite's 4 KiB: an article is a few KiB of
        // text, and fewer, fuller pages mean fewer B-tree splits and WAL frames per
        // document. (Only possible before the first table and before WAL mode.)
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .context("reading the schema version")?;
        if version == 0 {
            conn.pragma_update(None, "page_size", PAGE_SIZE)
                .context("setting the page size")?;
        }
        // WAL: readers never block the writer; NORMAL sync is durable at each commit in WAL.
        conn.pragma_update(None, "journal_mode", "WAL")
            .context("setting WAL mode")?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .context("setting synchronous mode")?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .context("enabling foreign keys")?;
        // Ingest inserts documents keyed by a content hash, i.e. at random places in three
        // indexes: a page cache that holds their upper levels saves re-reading and spilling
        // pages mid-transaction (the default 2 MB cache spent a fifth of the writer's time
        // there). A fixed size, so memory stays flat whatever the corpus size.
        conn.pragma_update(None, "cache_size", -CACHE_KIB)
            .context("sizing the page cache")?;
        // Checkpoint the WAL less often: a page updated by many batches is copied into the
        // database once per checkpoint, not once per batch.
        conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)
            .context("setting the WAL checkpoint interval")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .context("setting the busy timeout")?;
        // Every statement the store runs in a loop stays prepared (rusqlite keeps 16).
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        migrations::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .context("reading the schema version")
    }

    /// Write `batch` in one transaction.
    pub fn commit(&mut self, batch: &Batch) -> Result<CommitOutcome> {
        let mut outcome = CommitOutcome::default();
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let tx = self.conn.transaction().context("starting a transaction")?;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO documents (hash, id, source, outlet, published, language, title, url, meta, text, credits, extra, ingested_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                     ON CONFLICT(hash) DO NOTHING",
                )
                .context("preparing the document insert")?;
            let mut occurrence = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO occurrences (hash, source, id) VALUES (?1, ?2, ?3)",
                )
                .context("preparing the occurrence insert")?;
            let mut fingerprint = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO reuse_fingerprints (fp, doc) VALUES (?1, ?2)",
                )
                .context("preparing the fingerprint insert")?;
            for (n, doc) in batch.documents.iter().enumerate() {
                let meta = &doc.meta;
                let value =
                    |v: &Option<crosscheck::Sourced<String>>| v.as_ref().map(|s| s.value.clone());
                let changed = insert
                    .execute(params![
                        doc.hash.as_str(),
                        doc.id,
                        doc.source,
                        value(&meta.outlet),
                        meta.published.as_ref().map(|d| d.value.to_string()),
                        value(&meta.language),
                        value(&meta.title),
                        meta.url,
                        to_json(meta),
                        doc.text,
                        to_json(&doc.credits),
                        to_json(&doc.extra),
                        now,
                    ])
                    .context("inserting a document")?;
                occurrence
                    .execute(params![doc.hash.as_str(), doc.source, doc.id])
                    .context("recording where a document was seen")?;
                if changed == 1 {
                    let rowid = tx.last_insert_rowid();
                    for fp in batch
                        .fingerprints
                        .get(n)
                        .map(Vec::as_slice)
                        .unwrap_or_default()
                    {
                        fingerprint
                            .execute(params![*fp as i64, rowid])
                            .context("storing a fingerprint")?;
                    }
                    outcome.rowids.push(Some(rowid));
                } else {
                    outcome.rowids.push(None);
                }
                outcome.new.push(changed == 1);
                if changed == 1 {
                    outcome.inserted += 1;
                } else {
                    outcome.duplicates += 1;
                }
            }
            let mut mark = tx
                .prepare_cached(
                    "INSERT INTO input_files (path, size, modified, documents, problems, completed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT(path) DO UPDATE SET size = excluded.size, modified = excluded.modified,
                       documents = excluded.documents, problems = excluded.problems, completed_at = excluded.completed_at",
                )
                .context("preparing the file mark")?;
            for file in &batch.completed_files {
                mark.execute(params![
                    file.path,
                    file.size as i64,
                    file.modified,
                    file.documents as i64,
                    file.problems as i64,
                    now
                ])
                .context("marking a file ingested")?;
            }
        }
        tx.commit().context("committing a batch")?;
        Ok(outcome)
    }

    /// Whether `path` was fully ingested before with this size and modification time.
    pub fn file_is_done(&self, path: &str, size: u64, modified: i64) -> Result<bool> {
        let found: Option<(i64, i64)> = self
            .conn
            .query_row(
                "SELECT size, modified FROM input_files WHERE path = ?1",
                [path],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .context("looking up an input file")?;
        Ok(found == Some((size as i64, modified)))
    }

    /// Number of stored documents.
    pub fn document_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |row| row.get(0))
            .context("counting documents")?;
        Ok(n as u64)
    }

    /// Whether a document with `hash` is stored.
    pub fn contains(&self, hash: &ContentHash) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT 1 FROM documents WHERE hash = ?1",
                [hash.as_str()],
                |_| Ok(()),
            )
            .optional()
            .context("looking up a document")
            .map(|found| found.is_some())
    }

    /// The stored document with `hash`.
    pub fn get(&self, hash: &ContentHash) -> Result<Option<Document>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE hash = ?1"
            ))
            .context("preparing a document lookup")?;
        let row = stmt
            .query_row([hash.as_str()], read_row)
            .optional()
            .context("reading a document")?;
        row.map(into_document).transpose()
    }

    /// Every stored document, ordered by id then hash (a stable order for reports).
    pub fn documents(&self) -> Result<Vec<Document>> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY id, hash"
            ))
            .context("preparing the document scan")?;
        let rows = stmt.query_map([], read_row).context("scanning documents")?;
        let mut out = Vec::new();
        for row in rows {
            out.push(into_document(row.context("reading a document")?)?);
        }
        Ok(out)
    }
}

impl Store {
    /// Documents sharing at least `min_shared` of `fingerprints`, ignoring fingerprints held
    /// by more than `max_documents` documents (boilerplate): `(rowid, shared count)`, by rowid.
    pub fn reuse_candidates(
        &self,
        fingerprints: &[u32],
        min_shared: u32,
        max_documents: usize,
    ) -> Result<Vec<(i64, u32)>> {
        let mut stmt = self
            .conn
            // `+?1` and the limit in the text keep SQLite from re-preparing the statement
            // for every fingerprint (see `Store::stories_with_term`).
            .prepare_cached(&format!(
                "SELECT doc FROM reuse_fingerprints WHERE fp = +?1 LIMIT {}",
                max_documents + 1
            ))
            .context("preparing the fingerprint lookup")?;
        let mut counts: std::collections::BTreeMap<i64, u32> = std::collections::BTreeMap::new();
        let mut docs = Vec::new();
        for fp in fingerprints {
            docs.clear();
            let rows = stmt
                .query_map([*fp as i64], |row| row.get::<_, i64>(0))
                .context("looking up a fingerprint")?;
            for row in rows {
                docs.push(row.context("reading a fingerprint posting")?);
            }
            if docs.len() > max_documents {
                continue;
            }
            docs.sort_unstable();
            docs.dedup();
            for doc in &docs {
                *counts.entry(*doc).or_default() += 1;
            }
        }
        Ok(counts
            .into_iter()
            .filter(|&(_, n)| n >= min_shared)
            .collect())
    }

    /// The stored document with row id `rowid`.
    pub fn get_by_rowid(&self, rowid: i64) -> Result<Option<Document>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE rowid = ?1"
            ))
            .context("preparing a document lookup")?;
        let row = stmt
            .query_row([rowid], read_row)
            .optional()
            .context("reading a document")?;
        row.map(into_document).transpose()
    }

    /// Record derived pairs (replacing earlier verdicts on the same pairs) in one transaction.
    pub fn record_reuse(&mut self, pairs: &[StoredReuse]) -> Result<()> {
        let tx = self.conn.transaction().context("starting a transaction")?;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO reuse_pairs (source, target, relation, extent, similarity, direction, detail)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .context("preparing the reuse insert")?;
            for p in pairs {
                insert
                    .execute(params![
                        p.source.as_str(),
                        p.target.as_str(),
                        p.relation,
                        p.extent,
                        p.similarity,
                        p.direction,
                        p.detail
                    ])
                    .context("recording a derived pair")?;
            }
        }
        tx.commit().context("committing derived pairs")
    }

    /// Every stored derived pair, by target then source.
    pub fn reuse_pairs(&self) -> Result<Vec<StoredReuse>> {
        let mut stmt = self
            .conn
            .prepare("SELECT source, target, relation, extent, similarity, direction, detail FROM reuse_pairs ORDER BY target, source")
            .context("preparing the reuse scan")?;
        let rows = stmt
            .query_map([], |row| {
                Ok(StoredReuse {
                    source: ContentHash::from_hex(row.get::<_, String>(0)?),
                    target: ContentHash::from_hex(row.get::<_, String>(1)?),
                    relation: row.get(2)?,
                    extent: row.get(3)?,
                    similarity: row.get(4)?,
                    direction: row.get(5)?,
                    detail: row.get(6)?,
                })
            })
            .context("scanning derived pairs")?;
        rows.collect::<std::result::Result<Vec<_>, _>>()
            .context("reading a derived pair")
    }
}

const DOCUMENT_COLUMNS: &str = "hash, id, source, meta, text, credits, extra";

type Row = (String, String, String, String, String, String, String);

fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
    ))
}

fn into_document((hash, id, source, meta, text, credits, extra): Row) -> Result<Document> {
    let corrupt = |column: &'static str, hash: &str| {
        let hash = hash.to_string();
        move |source| StoreError::Corrupt {
            column,
            hash,
            source,
        }
    };
    let meta: Metadata = serde_json::from_str(&meta).map_err(corrupt("meta", &hash))?;
    let credits = serde_json::from_str(&credits).map_err(corrupt("credits", &hash))?;
    let extra = serde_json::from_str(&extra).map_err(corrupt("extra", &hash))?;
    Ok(Document {
        id,
        source,
        hash: ContentHash::from_hex(hash),
        meta,
        text,
        credits,
        extra,
    })
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serialising plain owned data (strings, maps of JSON values) cannot fail.
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosscheck::ingest::{build_from_text, IngestOptions};

    fn doc(id: &str, text: &str) -> Document {
        build_from_text(id, text, &IngestOptions::default()).expect("test document builds")
    }

    #[test]
    fn round_trip_and_idempotence() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let original = doc(
            "a",
            " date 2022-11-15 By Jane Roe\n\nKYIV (Reuters) - The city was quiet.",
        );
        {
            let mut store = Store::open(&path).unwrap();
            let mut batch = Batch::default();
            batch.documents.push(original.clone());
            batch.completed_files.push(FileMark {
                path: "a.txt".into(),
                size: 10,
                modified: 5,
                documents: 1,
                problems: 0,
            });
            assert_eq!(store.commit(&batch).unwrap().inserted, 1);
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), crate::SCHEMA_VERSION);
        assert_eq!(store.get(&original.hash).unwrap().as_ref(), Some(&original));
        assert!(store.file_is_done("a.txt", 10, 5).unwrap());
        assert!(!store.file_is_done("a.txt", 11, 5).unwrap());
        let mut batch = Batch::default();
        batch.documents.push(original.clone());
        batch.documents.push(doc("b", "Another story entirely."));
        let outcome = store.commit(&batch).unwrap();
        assert_eq!((outcome.inserted, outcome.duplicates), (1, 1));
        assert_eq!(outcome.new, [false, true]);
        assert_eq!(store.documents().unwrap().len(), 2);
    }

    #[test]
    fn refuses_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::NewerSchema { found: 99, .. })
        ));
    }

    #[test]
    fn failed_batch_writes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        // A batch whose second statement fails must leave no trace of its first.
        store.conn.execute_batch("CREATE TRIGGER boom BEFORE INSERT ON occurrences WHEN NEW.id = 'bad' BEGIN SELECT RAISE(ABORT, 'boom'); END;").unwrap();
        let mut batch = Batch::default();
        batch.documents.push(doc("good", "First text."));
        batch.documents.push(doc("bad", "Second text."));
        assert!(store.commit(&batch).is_err());
        assert_eq!(store.document_count().unwrap(), 0);
    }
}
