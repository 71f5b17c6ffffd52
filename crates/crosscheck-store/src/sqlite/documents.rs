//! Documents and input files.

use crosscheck::{ContentHash, Document, Metadata};
use rusqlite::{params, OptionalExtension};

use super::SqliteStore;
use crate::corpus::DocumentStore;
use crate::error::{Context, Result, StoreError};
use crate::keys::DocKey;
use crate::records::{Batch, CommitOutcome};

impl DocumentStore for SqliteStore {
    /// Write `batch` in one transaction.
    fn commit(&mut self, batch: &Batch) -> Result<CommitOutcome> {
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
            let mut pending = tx
                .prepare_cached("INSERT OR IGNORE INTO reuse_pending (doc) VALUES (?1)")
                .context("preparing the reuse queue insert")?;
            for doc in batch.documents.iter() {
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
                // The key of the row just inserted, read before any other insert: the
                // occurrence below is an insert too, and `last_insert_rowid` would then name
                // the occurrence's row (equal to the document's only while both tables grow
                // in step, i.e. until the first document that was already stored).
                let key = (changed == 1).then(|| DocKey(tx.last_insert_rowid()));
                occurrence
                    .execute(params![doc.hash.as_str(), doc.source, doc.id])
                    .context("recording where a document was seen")?;
                if let Some(key) = key {
                    // Queued for reuse linking in the same transaction: a document is never
                    // stored without being linked later, whatever stops the run.
                    pending
                        .execute([key.0])
                        .context("queueing a document for reuse linking")?;
                }
                outcome.keys.push(key);
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
        self.bound_wal()?;
        Ok(outcome)
    }

    /// Whether `path` was fully ingested before with this size and modification time.
    fn file_is_done(&self, path: &str, size: u64, modified: i64) -> Result<bool> {
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
    fn document_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |row| row.get(0))
            .context("counting documents")?;
        Ok(n as u64)
    }

    fn key_of(&self, hash: &ContentHash) -> Result<Option<DocKey>> {
        self.conn
            .query_row(
                "SELECT seq FROM documents WHERE hash = ?1",
                [hash.as_str()],
                |row| row.get(0),
            )
            .optional()
            .context("looking up a document")
            .map(|found| found.map(DocKey))
    }

    /// The stored document with `hash`.
    fn document(&self, hash: &ContentHash) -> Result<Option<Document>> {
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

    fn document_by_key(&self, key: DocKey) -> Result<Option<Document>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE seq = ?1"
            ))
            .context("preparing a document lookup")?;
        let row = stmt
            .query_row([key.0], read_row)
            .optional()
            .context("reading a document")?;
        row.map(into_document).transpose()
    }

    /// Every stored document, ordered by id then hash (a stable order for reports).
    fn documents(&self) -> Result<Vec<Document>> {
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

    /// The key of the one stored document whose hash starts with `prefix`: a range scan of
    /// the hash index, from the prefix to the prefix followed by `g` (past every hex digit).
    fn key_by_hash_prefix(&self, prefix: &str) -> Result<Option<DocKey>> {
        if prefix.len() < MIN_HASH_PREFIX || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let low = prefix.to_ascii_lowercase();
        let high = format!("{low}g");
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq FROM documents WHERE hash >= ?1 AND hash < ?2 LIMIT 2")
            .context("preparing a hash prefix lookup")?;
        let rows = stmt
            .query_map([&low, &high], |row| row.get(0))
            .context("looking up a hash prefix")?;
        let keys: Vec<i64> = rows
            .collect::<std::result::Result<_, _>>()
            .context("reading a hash prefix match")?;
        Ok(match keys[..] {
            [key] => Some(DocKey(key)),
            _ => None,
        })
    }

    /// A second connection to the file: SQLite runs one writer at a time, but each side's
    /// writes are short next to its computing, and a story round's lock only makes linking's
    /// write wait for the round's end.
    fn concurrent_handle(&self) -> Result<Option<Self>> {
        self.reopen()
    }
}

/// Fewest hex digits of a hash that [`DocumentStore::key_by_hash_prefix`] looks up.
const MIN_HASH_PREFIX: usize = 8;

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
    use crate::records::FileMark;
    use crosscheck::ingest::{build_from_text, IngestOptions};
    use rusqlite::Connection;

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
            let mut store = SqliteStore::open(&path).unwrap();
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
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), crate::SCHEMA_VERSION);
        assert_eq!(
            store.document(&original.hash).unwrap().as_ref(),
            Some(&original)
        );
        assert!(store.file_is_done("a.txt", 10, 5).unwrap());
        assert!(!store.file_is_done("a.txt", 11, 5).unwrap());
        let mut batch = Batch::default();
        batch.documents.push(original.clone());
        batch.documents.push(doc("b", "Another story entirely."));
        let outcome = store.commit(&batch).unwrap();
        assert_eq!((outcome.inserted, outcome.duplicates), (1, 1));
        assert_eq!(outcome.is_new().collect::<Vec<_>>(), [false, true]);
        assert_eq!(store.documents().unwrap().len(), 2);
    }

    /// A batch mixing stored and new documents keys each new one by its own row: a second
    /// run once keyed every document after the first already-stored one by its neighbour's
    /// row (the occurrence insert's), and indexed its reuse fingerprints there.
    #[test]
    fn keys_follow_their_document_after_a_stored_one() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let first = doc("a", "First text, stored in the first run.");
        let mut batch = Batch::default();
        batch.documents.push(first.clone());
        store.commit(&batch).unwrap();

        // Second run: the stored document again (seen under another source), then new ones.
        let mut again = first.clone();
        again.source = "elsewhere.txt".into();
        let (b, c) = (doc("b", "Second text."), doc("c", "Third text."));
        let batch = Batch {
            documents: vec![again, b.clone(), c.clone()],
            ..Batch::default()
        };
        let outcome = store.commit(&batch).unwrap();
        assert_eq!(outcome.keys[0], None);
        assert_eq!(store.key_of(&b.hash).unwrap(), outcome.keys[1]);
        assert_eq!(store.key_of(&c.hash).unwrap(), outcome.keys[2]);
        assert_eq!(
            store
                .document_by_key(outcome.keys[2].unwrap())
                .unwrap()
                .unwrap()
                .id,
            "c"
        );
    }

    #[test]
    fn key_by_hash_prefix_needs_one_match() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let stored = doc("a", "A text to look up by its hash.");
        let batch = Batch {
            documents: vec![stored.clone()],
            ..Batch::default()
        };
        let key = store.commit(&batch).unwrap().keys[0];
        let hash = stored.hash.as_str();
        assert_eq!(store.key_by_hash_prefix(&hash[..8]).unwrap(), key);
        assert_eq!(store.key_by_hash_prefix(hash).unwrap(), key);
        assert_eq!(
            store
                .key_by_hash_prefix(&hash[..12].to_ascii_uppercase())
                .unwrap(),
            key
        );
        // Too short, not hex, or absent.
        assert_eq!(store.key_by_hash_prefix(&hash[..7]).unwrap(), None);
        assert_eq!(store.key_by_hash_prefix("").unwrap(), None);
        assert_eq!(store.key_by_hash_prefix("zzzzzzzzzz").unwrap(), None);
        assert_eq!(store.key_by_hash_prefix("%%%%%%%%").unwrap(), None);
        let absent = if hash.starts_with("00000000") {
            "ffffffff"
        } else {
            "00000000"
        };
        assert_eq!(store.key_by_hash_prefix(absent).unwrap(), None);
        // Two hashes sharing the prefix: ambiguous.
        store
            .conn
            .execute_batch(
                "INSERT INTO documents (hash, id, source, meta, text, credits, extra, ingested_at) VALUES
                   ('abcdef0123', 'x', 's', '{}', 't', '[]', '{}', 'now'),
                   ('abcdef0199', 'y', 's', '{}', 't', '[]', '{}', 'now'),
                   ('abcdef1', 'z', 's', '{}', 't', '[]', '{}', 'now');",
            )
            .unwrap();
        assert_eq!(store.key_by_hash_prefix("abcdef01").unwrap(), None);
        assert!(store.key_by_hash_prefix("abcdef012").unwrap().is_some());
        assert!(store.key_by_hash_prefix("abcdef0199").unwrap().is_some());
        assert_eq!(store.key_by_hash_prefix("abcdef0").unwrap(), None, "short");
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
            SqliteStore::open(&path),
            Err(StoreError::NewerSchema { found: 99, .. })
        ));
    }

    #[test]
    fn failed_batch_writes_nothing() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        // A batch whose second statement fails must leave no trace of its first.
        store.conn.execute_batch("CREATE TRIGGER boom BEFORE INSERT ON occurrences WHEN NEW.id = 'bad' BEGIN SELECT RAISE(ABORT, 'boom'); END;").unwrap();
        let mut batch = Batch::default();
        batch.documents.push(doc("good", "First text."));
        batch.documents.push(doc("bad", "Second text."));
        assert!(store.commit(&batch).is_err());
        assert_eq!(store.document_count().unwrap(), 0);
    }
}
