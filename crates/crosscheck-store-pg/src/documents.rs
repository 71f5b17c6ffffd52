//! Documents and input files.

use crosscheck::{ContentHash, Document, Metadata};
use crosscheck_store::{Batch, CommitOutcome, DocKey, DocumentStore, Result, StoreError};
use postgres::Row;

use crate::error::Context;
use crate::{locks, PgStore};

/// Fewest hex digits of a hash that [`DocumentStore::key_by_hash_prefix`] looks up.
const MIN_HASH_PREFIX: usize = 8;

/// The columns [`into_document`] reads.
const DOCUMENT_COLUMNS: &str = "hash, id, source, meta, text, credits, extra";

impl DocumentStore for PgStore {
    /// Write `batch` in one transaction, under the documents lock: keys are given in commit
    /// order with no gaps (the next after the highest stored), as SQLite's row ids are.
    fn commit(&mut self, batch: &Batch) -> Result<CommitOutcome> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.conn().write(Some(locks::DOCUMENTS), |client| {
            let mut outcome = CommitOutcome::default();
            let insert = client
                .prepare(
                    "INSERT INTO documents (seq, hash, id, source, outlet, published, language, title, url, meta, text, credits, extra, ingested_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                     ON CONFLICT (hash) DO NOTHING RETURNING seq",
                )
                .context("preparing the document insert")?;
            let occurrence = client
                .prepare(
                    "INSERT INTO occurrences (hash, source, id) VALUES ($1, $2, $3)
                     ON CONFLICT DO NOTHING",
                )
                .context("preparing the occurrence insert")?;
            let pending = client
                .prepare("INSERT INTO reuse_pending (doc) VALUES ($1) ON CONFLICT DO NOTHING")
                .context("preparing the reuse queue insert")?;
            let mut next: i64 = client
                .query_one("SELECT coalesce(max(seq), 0) + 1 FROM documents", &[])
                .context("reading the next document key")?
                .get(0);
            for doc in &batch.documents {
                let meta = &doc.meta;
                let value =
                    |v: &Option<crosscheck::Sourced<String>>| v.as_ref().map(|s| s.value.clone());
                let published = meta.published.as_ref().map(|d| d.value.to_string());
                let (meta_json, credits, extra) =
                    (to_json(meta), to_json(&doc.credits), to_json(&doc.extra));
                let inserted = client
                    .query_opt(
                        &insert,
                        &[
                            &next,
                            &doc.hash.as_str(),
                            &doc.id,
                            &doc.source,
                            &value(&meta.outlet),
                            &published,
                            &value(&meta.language),
                            &value(&meta.title),
                            &meta.url,
                            &meta_json,
                            &doc.text,
                            &credits,
                            &extra,
                            &now,
                        ],
                    )
                    .context("inserting a document")?;
                let key = inserted.map(|row| DocKey(row.get(0)));
                client
                    .execute(&occurrence, &[&doc.hash.as_str(), &doc.source, &doc.id])
                    .context("recording where a document was seen")?;
                if let Some(key) = key {
                    // Queued for reuse linking in the same transaction: a document is never
                    // stored without being linked later, whatever stops the run.
                    client
                        .execute(&pending, &[&key.0])
                        .context("queueing a document for reuse linking")?;
                    next += 1;
                    outcome.inserted += 1;
                } else {
                    outcome.duplicates += 1;
                }
                outcome.keys.push(key);
            }
            let mark = client
                .prepare(
                    "INSERT INTO input_files (path, size, modified, documents, problems, completed_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (path) DO UPDATE SET size = excluded.size, modified = excluded.modified,
                       documents = excluded.documents, problems = excluded.problems,
                       completed_at = excluded.completed_at",
                )
                .context("preparing the file mark")?;
            for file in &batch.completed_files {
                client
                    .execute(
                        &mark,
                        &[
                            &file.path,
                            &(file.size as i64),
                            &file.modified,
                            &(file.documents as i64),
                            &(file.problems as i64),
                            &now,
                        ],
                    )
                    .context("marking a file ingested")?;
            }
            Ok(outcome)
        })
    }

    fn file_is_done(&self, path: &str, size: u64, modified: i64) -> Result<bool> {
        let found = self
            .conn()
            .client
            .query_opt(
                "SELECT size, modified FROM input_files WHERE path = $1",
                &[&path],
            )
            .context("looking up an input file")?
            .map(|row| (row.get::<_, i64>(0), row.get::<_, i64>(1)));
        Ok(found == Some((size as i64, modified)))
    }

    fn document_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn()
            .client
            .query_one("SELECT count(*) FROM documents", &[])
            .context("counting documents")?
            .get(0);
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn document(&self, hash: &ContentHash) -> Result<Option<Document>> {
        let row = self
            .conn()
            .client
            .query_opt(
                &format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE hash = $1"),
                &[&hash.as_str()],
            )
            .context("reading a document")?;
        row.as_ref().map(into_document).transpose()
    }

    fn document_by_key(&self, key: DocKey) -> Result<Option<Document>> {
        let row = self
            .conn()
            .client
            .query_opt(
                &format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE seq = $1"),
                &[&key.0],
            )
            .context("reading a document")?;
        row.as_ref().map(into_document).transpose()
    }

    fn key_of(&self, hash: &ContentHash) -> Result<Option<DocKey>> {
        Ok(self
            .conn()
            .client
            .query_opt(
                "SELECT seq FROM documents WHERE hash = $1",
                &[&hash.as_str()],
            )
            .context("looking up a document")?
            .map(|row| DocKey(row.get(0))))
    }

    fn documents(&self) -> Result<Vec<Document>> {
        let rows = self
            .conn()
            .client
            .query(
                &format!("SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY id, hash"),
                &[],
            )
            .context("scanning documents")?;
        rows.iter().map(into_document).collect()
    }

    /// A range scan of the hash index, from the prefix to the prefix followed by `g` (past
    /// every hex digit; the column compares bytes).
    fn key_by_hash_prefix(&self, prefix: &str) -> Result<Option<DocKey>> {
        if prefix.len() < MIN_HASH_PREFIX || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let low = prefix.to_ascii_lowercase();
        let high = format!("{low}g");
        let rows = self
            .conn()
            .client
            .query(
                "SELECT seq FROM documents WHERE hash >= $1 AND hash < $2 LIMIT 2",
                &[&low, &high],
            )
            .context("looking up a hash prefix")?;
        Ok(match rows.as_slice() {
            [row] => Some(DocKey(row.get(0))),
            _ => None,
        })
    }
}

/// A document from a row of [`DOCUMENT_COLUMNS`].
fn into_document(row: &Row) -> Result<Document> {
    let hash: String = row.get(0);
    let corrupt = |column: &'static str| {
        let hash = hash.clone();
        move |source| StoreError::Corrupt {
            column,
            hash,
            source,
        }
    };
    let meta: Metadata = serde_json::from_str(row.get(3)).map_err(corrupt("meta"))?;
    let credits = serde_json::from_str(row.get(5)).map_err(corrupt("credits"))?;
    let extra = serde_json::from_str(row.get(6)).map_err(corrupt("extra"))?;
    Ok(Document {
        id: row.get(1),
        source: row.get(2),
        meta,
        text: row.get(4),
        credits,
        extra,
        hash: ContentHash::from_hex(hash),
    })
}

/// `value` as JSON (plain owned data: serialising cannot fail).
fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}
