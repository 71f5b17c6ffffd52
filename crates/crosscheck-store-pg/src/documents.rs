//! Documents and input files.

use crosscheck::{ContentHash, Document, Metadata};
use crosscheck_store::{Batch, CommitOutcome, DocKey, DocumentStore, Result, StoreError};
use postgres::Row;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::Context;
use crate::{locks, PgStore};

/// Fewest hex digits of a hash that [`DocumentStore::key_by_hash_prefix`] looks up.
const MIN_HASH_PREFIX: usize = 8;

/// The columns [`into_document`] reads.
const DOCUMENT_COLUMNS: &str = "hash, id, source, meta, text, credits, extra";

impl DocumentStore for PgStore {
    /// Write `batch` in one transaction, under the documents lock: keys are given in commit
    /// order with no gaps (the next after the highest stored), as SQLite's row ids are.
    ///
    /// A few round trips whatever the batch's size: which hashes are stored already is read
    /// under the lock (no other commit can add one until it is released), keys are given
    /// here, and the documents, the places they were seen and the queue entries go in as one
    /// statement over arrays.
    fn commit(&mut self, batch: &Batch) -> Result<CommitOutcome> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.conn().write(Some(locks::DOCUMENTS), |client| {
            let mut outcome = CommitOutcome::default();
            let hashes: Vec<&str> = batch.documents.iter().map(|d| d.hash.as_str()).collect();
            let row = client
                .query_one(
                    "SELECT (SELECT coalesce(max(seq), 0) + 1 FROM documents),
                            ARRAY(SELECT hash FROM documents WHERE hash = ANY($1))",
                    &[&hashes],
                )
                .context("reading the next document key")?;
            let mut next: i64 = row.get(0);
            let stored: Vec<String> = row.get(1);
            let mut known: FxHashSet<&str> = stored.iter().map(String::as_str).collect();
            let mut rows = NewDocuments::default();
            for doc in &batch.documents {
                // New to the store and to the batch (the first of a batch's twins is kept).
                if !known.insert(doc.hash.as_str()) {
                    outcome.duplicates += 1;
                    outcome.keys.push(None);
                    continue;
                }
                rows.push(next, doc);
                outcome.keys.push(Some(DocKey(next)));
                outcome.inserted += 1;
                next += 1;
            }
            let seen_hashes: Vec<&str> = batch.documents.iter().map(|d| d.hash.as_str()).collect();
            let seen_sources: Vec<&str> = batch.documents.iter().map(|d| d.source.as_str()).collect();
            let seen_ids: Vec<&str> = batch.documents.iter().map(|d| d.id.as_str()).collect();
            // New documents are queued for reuse linking in the same transaction: a document
            // is never stored without being linked later, whatever stops the run.
            client
                .execute(
                    "WITH new AS (
                         INSERT INTO documents (seq, hash, id, source, outlet, published, language,
                                                title, url, meta, text, credits, extra, ingested_at)
                         SELECT seq, hash, id, source, outlet, published, language, title, url,
                                meta, text, credits, extra, $14
                         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[],
                             $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                             $10::text[], $11::text[], $12::text[], $13::text[])
                             WITH ORDINALITY AS t(seq, hash, id, source, outlet, published,
                                 language, title, url, meta, text, credits, extra, n)
                         ORDER BY t.n
                         RETURNING seq
                     )
                     INSERT INTO reuse_pending (doc) SELECT seq FROM new ORDER BY seq
                     ON CONFLICT DO NOTHING",
                    &[
                        &rows.seq,
                        &rows.hash,
                        &rows.id,
                        &rows.source,
                        &rows.outlet,
                        &rows.published,
                        &rows.language,
                        &rows.title,
                        &rows.url,
                        &rows.meta,
                        &rows.text,
                        &rows.credits,
                        &rows.extra,
                        &now,
                    ],
                )
                .context("inserting documents")?;
            // After the documents (whose hashes they reference), in batch order: the first
            // place a document was seen under a source is kept.
            client
                .execute(
                    "INSERT INTO occurrences (hash, source, id)
                     SELECT hash, source, id
                     FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY
                         AS t(hash, source, id, n)
                     ORDER BY n
                     ON CONFLICT DO NOTHING",
                    &[&seen_hashes, &seen_sources, &seen_ids],
                )
                .context("recording where documents were seen")?;
            if !batch.completed_files.is_empty() {
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

    /// One query for them all, put back in the order asked.
    fn documents_by_keys(&self, keys: &[DocKey]) -> Result<Vec<Option<Document>>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let asked: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let rows = self
            .conn()
            .client
            .query(
                &format!("SELECT seq, {DOCUMENT_COLUMNS} FROM documents WHERE seq = ANY($1)"),
                &[&asked],
            )
            .context("reading documents")?;
        let mut at: FxHashMap<i64, Vec<usize>> = FxHashMap::default();
        for (i, &seq) in asked.iter().enumerate() {
            at.entry(seq).or_default().push(i);
        }
        let mut out: Vec<Option<Document>> = vec![None; asked.len()];
        for row in &rows {
            let doc = document_at(row, 1)?;
            // A key asked twice gets the document twice.
            if let Some((&last, rest)) = at.get(&row.get::<_, i64>(0)).and_then(|v| v.split_last())
            {
                for &i in rest {
                    out[i] = Some(doc.clone());
                }
                out[last] = Some(doc);
            }
        }
        Ok(out)
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

    /// A second connection: the server runs the two handles' statements side by side.
    fn concurrent_handle(&self) -> Result<Option<Self>> {
        self.reconnect().map(Some)
    }
}

/// A document from a row of [`DOCUMENT_COLUMNS`].
fn into_document(row: &Row) -> Result<Document> {
    document_at(row, 0)
}

/// A document from [`DOCUMENT_COLUMNS`] starting at column `at` of `row`.
fn document_at(row: &Row, at: usize) -> Result<Document> {
    let hash: String = row.get(at);
    let corrupt = |column: &'static str| {
        let hash = hash.clone();
        move |source| StoreError::Corrupt {
            column,
            hash,
            source,
        }
    };
    let meta: Metadata = serde_json::from_str(row.get(at + 3)).map_err(corrupt("meta"))?;
    let credits = serde_json::from_str(row.get(at + 5)).map_err(corrupt("credits"))?;
    let extra = serde_json::from_str(row.get(at + 6)).map_err(corrupt("extra"))?;
    Ok(Document {
        id: row.get(at + 1),
        source: row.get(at + 2),
        meta,
        text: row.get(at + 4),
        credits,
        extra,
        hash: ContentHash::from_hex(hash),
    })
}

/// `value` as JSON (plain owned data: serialising cannot fail).
fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

/// The columns of the documents a commit inserts, one array each.
#[derive(Default)]
struct NewDocuments<'a> {
    seq: Vec<i64>,
    hash: Vec<&'a str>,
    id: Vec<&'a str>,
    source: Vec<&'a str>,
    outlet: Vec<Option<&'a str>>,
    published: Vec<Option<String>>,
    language: Vec<Option<&'a str>>,
    title: Vec<Option<&'a str>>,
    url: Vec<Option<&'a str>>,
    meta: Vec<String>,
    text: Vec<&'a str>,
    credits: Vec<String>,
    extra: Vec<String>,
}

impl<'a> NewDocuments<'a> {
    /// Add `doc` with key `seq`.
    fn push(&mut self, seq: i64, doc: &'a Document) {
        let meta = &doc.meta;
        let value =
            |v: &'a Option<crosscheck::Sourced<String>>| v.as_ref().map(|s| s.value.as_str());
        self.seq.push(seq);
        self.hash.push(doc.hash.as_str());
        self.id.push(&doc.id);
        self.source.push(&doc.source);
        self.outlet.push(value(&meta.outlet));
        self.published
            .push(meta.published.as_ref().map(|d| d.value.to_string()));
        self.language.push(value(&meta.language));
        self.title.push(value(&meta.title));
        self.url.push(meta.url.as_deref());
        self.meta.push(to_json(meta));
        self.text.push(&doc.text);
        self.credits.push(to_json(&doc.credits));
        self.extra.push(to_json(&doc.extra));
    }
}
