//! The reuse index, the queue of documents not yet linked, and the derived pairs.

use crosscheck_store::codec::{decode_reuse_detail, encode_reuse_detail, parse_name};
use crosscheck_store::{
    DocKey, Fingerprints, Result, ReuseCandidate, ReuseStore, StoreError, StoredReuse,
};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use postgres::Row;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::Context;
use crate::{locks, PgStore};

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

    /// The postings go in deduplicated and in key order by binary `COPY`, then each
    /// document's index size. Writers of the index take the reuse index lock, so what is
    /// indexed cannot change under a writer: the postings of a document never indexed before
    /// (no size recorded: sizes are written with the postings) are copied straight into the
    /// index; those of a document indexed before (a run died before linking it) go through a
    /// staging table and in where missing, by a plain insert rather than a speculative one
    /// per posting. Readers never wait for the lock.
    fn index_reuse(&mut self, fingerprints: &[Fingerprints]) -> Result<()> {
        if fingerprints.is_empty() {
            return Ok(());
        }
        let mut postings: Vec<(i64, i64)> = fingerprints
            .iter()
            .flat_map(|doc| {
                doc.fingerprints
                    .iter()
                    .map(|&fp| (i64::from(fp), doc.doc.0))
            })
            .collect();
        postings.sort_unstable();
        postings.dedup();
        let asked: Vec<i64> = fingerprints.iter().map(|d| d.doc.0).collect();
        self.conn().write(Some(locks::REUSE_INDEX), |client| {
            let before: FxHashSet<i64> = client
                .query(
                    "SELECT doc FROM reuse_sizes WHERE doc = ANY($1)",
                    &[&asked],
                )
                .context("reading what is indexed")?
                .iter()
                .map(|row| row.get(0))
                .collect();
            let (again, fresh) = postings
                .iter()
                .partition::<Vec<&(i64, i64)>, _>(|(_, doc)| before.contains(doc));
            if !fresh.is_empty() {
                let sink = client
                    .copy_in("COPY reuse_fingerprints (fp, doc) FROM STDIN (FORMAT binary)")
                    .context("starting the fingerprint copy")?;
                let mut writer = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::INT8]);
                for (fp, doc) in &fresh {
                    writer.write(&[fp, doc]).context("copying a fingerprint")?;
                }
                writer.finish().context("finishing the fingerprint copy")?;
            }
            if !again.is_empty() {
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
                for (fp, doc) in &again {
                    writer.write(&[fp, doc]).context("copying a fingerprint")?;
                }
                writer.finish().context("finishing the fingerprint copy")?;
                // In the order copied: (fp, doc), the index's order.
                client
                    .execute(
                        "INSERT INTO reuse_fingerprints (fp, doc)
                         SELECT s.fp, s.doc FROM reuse_staging s
                         WHERE NOT EXISTS (
                             SELECT 1 FROM reuse_fingerprints f WHERE f.fp = s.fp AND f.doc = s.doc)",
                        &[],
                    )
                    .context("indexing fingerprints")?;
            }
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

    /// [`ReuseStore::reuse_candidates_of`] for one document.
    fn reuse_candidates(
        &self,
        fingerprints: &[u32],
        min_shared: u32,
        max_documents: usize,
    ) -> Result<Vec<ReuseCandidate>> {
        Ok(self
            .reuse_candidates_of(&[fingerprints], min_shared, max_documents)?
            .pop()
            .unwrap_or_default())
    }

    /// Two queries for every document asked: the postings of each distinct fingerprint (at
    /// most `max_documents + 1` read per fingerprint; boilerplate ones dropped), counted per
    /// asking document and indexed document here (a fingerprint asked for twice counts twice,
    /// as in the SQLite store), then the index sizes of the documents found.
    fn reuse_candidates_of(
        &self,
        documents: &[&[u32]],
        min_shared: u32,
        max_documents: usize,
    ) -> Result<Vec<Vec<ReuseCandidate>>> {
        let mut distinct: Vec<i64> = documents
            .iter()
            .flat_map(|fps| fps.iter().map(|&fp| i64::from(fp)))
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.is_empty() {
            return Ok(vec![Vec::new(); documents.len()]);
        }
        let max = i64::try_from(max_documents).unwrap_or(i64::MAX - 1);
        let mut conn = self.conn();
        let rows = conn
            .client
            .query(
                "SELECT d.fp, p.docs FROM unnest($1::bigint[]) AS d(fp)
                 CROSS JOIN LATERAL (
                     SELECT array_agg(doc) AS docs FROM (
                         SELECT doc FROM reuse_fingerprints f WHERE f.fp = d.fp LIMIT $2::bigint + 1
                     ) held
                 ) p
                 WHERE cardinality(p.docs) <= $2::bigint",
                &[&distinct, &max],
            )
            .context("looking up fingerprints")?;
        let postings: FxHashMap<i64, Vec<i64>> =
            rows.iter().map(|row| (row.get(0), row.get(1))).collect();
        let mut found: Vec<Vec<(i64, u32)>> = Vec::with_capacity(documents.len());
        let mut sized: Vec<i64> = Vec::new();
        for fps in documents {
            let mut shared: FxHashMap<i64, u32> = FxHashMap::default();
            for fp in fps.iter() {
                for &doc in postings.get(&i64::from(*fp)).into_iter().flatten() {
                    *shared.entry(doc).or_default() += 1;
                }
            }
            let mut kept: Vec<(i64, u32)> = shared
                .into_iter()
                .filter(|&(_, n)| n >= min_shared)
                .collect();
            kept.sort_unstable();
            sized.extend(kept.iter().map(|&(doc, _)| doc));
            found.push(kept);
        }
        sized.sort_unstable();
        sized.dedup();
        let sizes: FxHashMap<i64, i64> = if sized.is_empty() {
            FxHashMap::default()
        } else {
            conn.client
                .query(
                    "SELECT doc, fingerprints FROM reuse_sizes WHERE doc = ANY($1)",
                    &[&sized],
                )
                .context("reading index sizes")?
                .iter()
                .map(|row| (row.get(0), row.get(1)))
                .collect()
        };
        Ok(found
            .into_iter()
            .map(|kept| {
                kept.into_iter()
                    .map(|(doc, shared)| ReuseCandidate {
                        doc: DocKey(doc),
                        shared,
                        fingerprints: u32::try_from(sizes.get(&doc).copied().unwrap_or(0))
                            .unwrap_or(u32::MAX),
                    })
                    .collect()
            })
            .collect())
    }

    /// One statement over arrays for the pairs (a pair given twice: the later verdict wins,
    /// as row by row), one for the queue.
    fn record_reuse(&mut self, pairs: &[StoredReuse], linked: &[DocKey]) -> Result<()> {
        self.conn().write(None, |client| {
            insert_pairs(client, pairs)?;
            let done: Vec<i64> = linked.iter().map(|d| d.0).collect();
            client
                .execute("DELETE FROM reuse_pending WHERE doc = ANY($1)", &[&done])
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

/// Write derived pairs in one statement over arrays, replacing earlier verdicts on the same
/// pairs (a pair given twice: the later verdict wins, as row by row).
pub(crate) fn insert_pairs(client: &mut postgres::Client, pairs: &[StoredReuse]) -> Result<()> {
    let mut last: FxHashMap<(i64, i64), usize> = FxHashMap::default();
    for (i, p) in pairs.iter().enumerate() {
        last.insert((p.source.0, p.target.0), i);
    }
    let mut cols = PairColumns::default();
    for (i, p) in pairs.iter().enumerate() {
        if last.get(&(p.source.0, p.target.0)) != Some(&i) {
            continue;
        }
        cols.source.push(p.source.0);
        cols.target.push(p.target.0);
        cols.relation.push(p.relation.as_str());
        cols.extent.push(p.extent.as_str());
        cols.similarity.push(p.similarity);
        cols.direction.push(p.direction.as_str());
        cols.detail
            .push(encode_reuse_detail(&p.passages, &p.substitutions));
    }
    if cols.source.is_empty() {
        return Ok(());
    }
    client
        .execute(
            "INSERT INTO reuse_pairs (source, target, relation, extent, similarity, direction, detail)
             SELECT (SELECT hash FROM documents WHERE seq = p.source),
                    (SELECT hash FROM documents WHERE seq = p.target),
                    p.relation, p.extent, p.similarity, p.direction, p.detail
             FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[],
                 $5::float8[], $6::text[], $7::text[]) WITH ORDINALITY
                 AS p(source, target, relation, extent, similarity, direction, detail, n)
             ORDER BY p.n
             ON CONFLICT (source, target) DO UPDATE SET relation = excluded.relation,
                 extent = excluded.extent, similarity = excluded.similarity,
                 direction = excluded.direction, detail = excluded.detail",
            &[
                &cols.source,
                &cols.target,
                &cols.relation,
                &cols.extent,
                &cols.similarity,
                &cols.direction,
                &cols.detail,
            ],
        )
        .context("recording derived pairs")?;
    Ok(())
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
/// The columns of the pairs [`ReuseStore::record_reuse`] writes, one array each.
#[derive(Default)]
struct PairColumns {
    source: Vec<i64>,
    target: Vec<i64>,
    relation: Vec<&'static str>,
    extent: Vec<&'static str>,
    similarity: Vec<f64>,
    direction: Vec<&'static str>,
    detail: Vec<String>,
}
