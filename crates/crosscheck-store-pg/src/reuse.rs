//! The reuse index, the queue of documents not yet linked, and the derived pairs.

use crosscheck_store::codec::{decode_reuse_detail, encode_reuse_detail};
use crosscheck_store::{
    DocKey, Fingerprints, Result, ReuseCandidate, ReuseStore, StoreError, StoredReuse,
};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use postgres::Row;

use crate::error::Context;
use crate::PgStore;

impl ReuseStore for PgStore {
    /// Fresh documents are claimed with `FOR UPDATE SKIP LOCKED`: of two runs claiming at
    /// once, each takes documents the other did not, and neither waits. When none are fresh,
    /// the oldest claims are handed out again (their run may have died), as SQLite does.
    fn claim_unlinked(&mut self, limit: usize) -> Result<Vec<DocKey>> {
        let now = chrono::Utc::now().timestamp();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut keys: Vec<i64> = self.conn().write(None, |client| {
            let claimed = client
                .query(
                    "UPDATE reuse_pending SET claimed = $1 WHERE doc IN (
                         SELECT doc FROM reuse_pending WHERE claimed IS NULL
                         ORDER BY doc LIMIT $2 FOR UPDATE SKIP LOCKED)
                     RETURNING doc",
                    &[&now, &limit],
                )
                .context("claiming queued documents")?;
            if !claimed.is_empty() {
                return Ok(claimed.iter().map(|row| row.get(0)).collect());
            }
            let taken = client
                .query(
                    "SELECT doc FROM reuse_pending ORDER BY claimed NULLS FIRST, doc LIMIT $1",
                    &[&limit],
                )
                .context("reading queued documents")?;
            Ok(taken.iter().map(|row| row.get(0)).collect())
        })?;
        keys.sort_unstable();
        Ok(keys.into_iter().map(DocKey).collect())
    }

    fn unlinked_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn()
            .client
            .query_one("SELECT count(*) FROM reuse_pending", &[])
            .context("counting queued documents")?
            .get(0);
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The postings go in by binary `COPY` into a staging table, then into the index in key
    /// order (postings already there are kept), with each document's index size.
    fn index_reuse(&mut self, fingerprints: &[Fingerprints]) -> Result<()> {
        if fingerprints.is_empty() {
            return Ok(());
        }
        self.conn().write(None, |client| {
            client
                .batch_execute(
                    "CREATE TEMPORARY TABLE IF NOT EXISTS reuse_staging (fp BIGINT, doc BIGINT)
                         ON COMMIT DELETE ROWS;
                     TRUNCATE reuse_staging",
                )
                .context("preparing the fingerprint staging table")?;
            let sink = client
                .copy_in("COPY reuse_staging (fp, doc) FROM STDIN (FORMAT binary)")
                .context("starting the fingerprint copy")?;
            let mut writer = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::INT8]);
            for doc in fingerprints {
                for fp in &doc.fingerprints {
                    writer
                        .write(&[&i64::from(*fp), &doc.doc.0])
                        .context("copying a fingerprint")?;
                }
            }
            writer.finish().context("finishing the fingerprint copy")?;
            client
                .execute(
                    "INSERT INTO reuse_fingerprints (fp, doc)
                     SELECT DISTINCT fp, doc FROM reuse_staging ORDER BY fp, doc
                     ON CONFLICT DO NOTHING",
                    &[],
                )
                .context("indexing fingerprints")?;
            let docs: Vec<i64> = fingerprints.iter().map(|d| d.doc.0).collect();
            let sizes: Vec<i64> = fingerprints
                .iter()
                .map(|d| d.fingerprints.len() as i64)
                .collect();
            // The last size given for a document wins, as in a row-by-row upsert.
            client
                .execute(
                    "INSERT INTO reuse_sizes (doc, fingerprints)
                     SELECT DISTINCT ON (doc) doc, n
                     FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS t(doc, n, at)
                     ORDER BY doc, at DESC
                     ON CONFLICT (doc) DO UPDATE SET fingerprints = excluded.fingerprints",
                    &[&docs, &sizes],
                )
                .context("recording index sizes")?;
            Ok(())
        })
    }

    /// One query: the postings of each distinct fingerprint asked for (at most
    /// `max_documents + 1` read per fingerprint), boilerplate ones dropped, counted per
    /// document (a fingerprint asked for twice counts twice, as in the SQLite store).
    fn reuse_candidates(
        &self,
        fingerprints: &[u32],
        min_shared: u32,
        max_documents: usize,
    ) -> Result<Vec<ReuseCandidate>> {
        if fingerprints.is_empty() {
            return Ok(Vec::new());
        }
        let fps: Vec<i64> = fingerprints.iter().map(|&fp| i64::from(fp)).collect();
        let max = i64::try_from(max_documents).unwrap_or(i64::MAX - 1);
        let min = i64::from(min_shared);
        let rows = self
            .conn()
            .client
            .query(
                "WITH asked AS (
                     SELECT fp, count(*) AS times FROM unnest($1::bigint[]) AS t(fp) GROUP BY fp
                 ), postings AS (
                     SELECT a.fp, a.times, p.doc, count(*) OVER (PARTITION BY a.fp) AS held
                     FROM asked a CROSS JOIN LATERAL (
                         SELECT doc FROM reuse_fingerprints f WHERE f.fp = a.fp LIMIT $2::bigint + 1
                     ) p
                 )
                 SELECT p.doc, sum(p.times)::bigint, coalesce(max(s.fingerprints), 0)
                 FROM postings p LEFT JOIN reuse_sizes s ON s.doc = p.doc
                 WHERE p.held <= $2::bigint
                 GROUP BY p.doc HAVING sum(p.times) >= $3::bigint
                 ORDER BY p.doc",
                &[&fps, &max, &min],
            )
            .context("looking up fingerprints")?;
        Ok(rows
            .iter()
            .map(|row| ReuseCandidate {
                doc: DocKey(row.get(0)),
                shared: u32::try_from(row.get::<_, i64>(1)).unwrap_or(u32::MAX),
                fingerprints: u32::try_from(row.get::<_, i64>(2)).unwrap_or(u32::MAX),
            })
            .collect())
    }

    fn record_reuse(&mut self, pairs: &[StoredReuse], linked: &[DocKey]) -> Result<()> {
        self.conn().write(None, |client| {
            let insert = client
                .prepare(
                    "INSERT INTO reuse_pairs (source, target, relation, extent, similarity, direction, detail)
                     VALUES ((SELECT hash FROM documents WHERE seq = $1),
                             (SELECT hash FROM documents WHERE seq = $2), $3, $4, $5, $6, $7)
                     ON CONFLICT (source, target) DO UPDATE SET relation = excluded.relation,
                         extent = excluded.extent, similarity = excluded.similarity,
                         direction = excluded.direction, detail = excluded.detail",
                )
                .context("preparing the reuse insert")?;
            for p in pairs {
                let detail = encode_reuse_detail(&p.passages, &p.substitutions);
                client
                    .execute(
                        &insert,
                        &[
                            &p.source.0,
                            &p.target.0,
                            &p.relation.as_str(),
                            &p.extent.as_str(),
                            &p.similarity,
                            &p.direction.as_str(),
                            &detail,
                        ],
                    )
                    .context("recording a derived pair")?;
            }
            let done: Vec<i64> = linked.iter().map(|d| d.0).collect();
            client
                .execute(
                    "DELETE FROM reuse_pending WHERE doc = ANY($1)",
                    &[&done],
                )
                .context("taking documents off the reuse queue")?;
            Ok(())
        })
    }

    fn reuse_pairs(&self) -> Result<Vec<StoredReuse>> {
        let rows = self
            .conn()
            .client
            .query(
                &format!("SELECT {PAIR_COLUMNS} {PAIR_JOINS} ORDER BY r.target, r.source"),
                &[],
            )
            .context("scanning derived pairs")?;
        rows.iter().map(read_pair).collect()
    }

    fn reuse_pairs_of(&self, docs: &[DocKey]) -> Result<Vec<StoredReuse>> {
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        let keys: Vec<i64> = docs.iter().map(|d| d.0).collect();
        let rows = self
            .conn()
            .client
            .query(
                &format!(
                    "SELECT {PAIR_COLUMNS} {PAIR_JOINS}
                     WHERE r.source IN (SELECT hash FROM documents WHERE seq = ANY($1))
                        OR r.target IN (SELECT hash FROM documents WHERE seq = ANY($1))
                     ORDER BY r.target, r.source"
                ),
                &[&keys],
            )
            .context("looking up derived pairs")?;
        rows.iter().map(read_pair).collect()
    }
}

/// The columns [`read_pair`] decodes, from `reuse_pairs r` joined by [`PAIR_JOINS`].
const PAIR_COLUMNS: &str =
    "s.seq, t.seq, r.relation, r.extent, r.similarity, r.direction, r.detail";
/// The derived pairs with their documents' keys.
const PAIR_JOINS: &str =
    "FROM reuse_pairs r JOIN documents s ON s.hash = r.source JOIN documents t ON t.hash = r.target";

/// A derived pair from a row of [`PAIR_COLUMNS`].
fn read_pair(row: &Row) -> Result<StoredReuse> {
    let (source, target): (i64, i64) = (row.get(0), row.get(1));
    let corrupt = |column: &'static str, message: String| StoreError::CorruptValue {
        column,
        key: format!("{source}->{target}"),
        message,
    };
    let (passages, substitutions) =
        decode_reuse_detail(row.get(6)).map_err(|e| corrupt("detail", e.to_string()))?;
    Ok(StoredReuse {
        source: DocKey(source),
        target: DocKey(target),
        relation: parse_name(row.get(2)).map_err(|e| corrupt("relation", e))?,
        extent: parse_name(row.get(3)).map_err(|e| corrupt("extent", e))?,
        similarity: row.get(4),
        direction: parse_name(row.get(5)).map_err(|e| corrupt("direction", e))?,
        passages,
        substitutions,
    })
}

/// An enum back from its stored (serde) name.
// TODO(crosscheck-store): the same helper as the SQLite store's `reuse::parse_name`; one
// shared, public copy there would do for both.
fn parse_name<T: serde::de::DeserializeOwned>(name: &str) -> std::result::Result<T, String> {
    serde_json::from_value(serde_json::Value::String(name.to_string()))
        .map_err(|e| format!("unknown value {name:?}: {e}"))
}
