//! The reuse index and the derived pairs.

use rusqlite::{params, OptionalExtension};

use super::SqliteStore;
use crate::codec::{decode_reuse_detail, encode_reuse_detail, parse_name};
use crate::corpus::ReuseStore;
use crate::error::{Context, Result, StoreError};
use crate::keys::DocKey;
use crate::records::{Fingerprints, ReuseCandidate, StoredReuse};

impl ReuseStore for SqliteStore {
    fn claim_unlinked(&mut self, limit: usize) -> Result<Vec<DocKey>> {
        let now = chrono::Utc::now().timestamp();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .context("starting a transaction")?;
        let mut keys: Vec<i64> = {
            let mut claim = tx
                .prepare_cached(&format!(
                    "UPDATE reuse_pending SET claimed = ?1 WHERE doc IN
                       (SELECT doc FROM reuse_pending WHERE claimed IS NULL ORDER BY doc LIMIT {limit})
                     RETURNING doc"
                ))
                .context("preparing the reuse queue claim")?;
            let rows = claim
                .query_map([now], |row| row.get(0))
                .context("claiming queued documents")?;
            rows.collect::<std::result::Result<_, _>>()
                .context("reading claimed documents")?
        };
        if keys.is_empty() {
            let mut taken = tx
                .prepare_cached(&format!(
                    "SELECT doc FROM reuse_pending ORDER BY claimed, doc LIMIT {limit}"
                ))
                .context("preparing the reuse queue scan")?;
            let rows = taken
                .query_map([], |row| row.get(0))
                .context("reading queued documents")?;
            keys = rows
                .collect::<std::result::Result<_, _>>()
                .context("reading queued documents")?;
        }
        tx.commit().context("committing a claim")?;
        keys.sort_unstable();
        Ok(keys.into_iter().map(DocKey).collect())
    }

    fn unlinked_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM reuse_pending", [], |row| row.get(0))
            .context("counting queued documents")?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn index_reuse(&mut self, fingerprints: &[Fingerprints]) -> Result<()> {
        let tx = self.conn.transaction().context("starting a transaction")?;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO reuse_fingerprints (fp, doc) VALUES (?1, ?2)",
                )
                .context("preparing the fingerprint insert")?;
            let mut size = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO reuse_sizes (doc, fingerprints) VALUES (?1, ?2)",
                )
                .context("preparing the index size insert")?;
            for doc in fingerprints {
                size.execute(params![doc.doc.0, doc.fingerprints.len() as i64])
                    .context("recording an index size")?;
                for fp in &doc.fingerprints {
                    insert
                        .execute(params![i64::from(*fp), doc.doc.0])
                        .context("indexing a fingerprint")?;
                }
            }
        }
        tx.commit().context("committing fingerprints")
    }

    fn reuse_candidates(
        &self,
        fingerprints: &[u32],
        min_shared: u32,
        max_documents: usize,
    ) -> Result<Vec<ReuseCandidate>> {
        let mut stmt = self
            .conn
            // `+?1` and the limit in the text keep SQLite from re-preparing the statement
            // for every fingerprint (see `stories_with_term`).
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
        let mut size = self
            .conn
            .prepare_cached("SELECT fingerprints FROM reuse_sizes WHERE doc = ?1")
            .context("preparing the index size lookup")?;
        let mut out = Vec::new();
        for (doc, shared) in counts.into_iter().filter(|&(_, n)| n >= min_shared) {
            let fingerprints: i64 = size
                .query_row([doc], |row| row.get(0))
                .optional()
                .context("reading an index size")?
                .unwrap_or(0);
            out.push(ReuseCandidate {
                doc: DocKey(doc),
                shared,
                fingerprints: u32::try_from(fingerprints).unwrap_or(u32::MAX),
            });
        }
        Ok(out)
    }

    fn record_reuse(&mut self, pairs: &[StoredReuse], linked: &[DocKey]) -> Result<()> {
        let tx = self.conn.transaction().context("starting a transaction")?;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO reuse_pairs (source, target, relation, extent, similarity, direction, detail)
                     VALUES ((SELECT hash FROM documents WHERE seq = ?1), (SELECT hash FROM documents WHERE seq = ?2),
                             ?3, ?4, ?5, ?6, ?7)",
                )
                .context("preparing the reuse insert")?;
            for p in pairs {
                insert
                    .execute(params![
                        p.source.0,
                        p.target.0,
                        p.relation.as_str(),
                        p.extent.as_str(),
                        p.similarity,
                        p.direction.as_str(),
                        encode_reuse_detail(&p.passages, &p.substitutions),
                    ])
                    .context("recording a derived pair")?;
            }
            let mut done = tx
                .prepare_cached("DELETE FROM reuse_pending WHERE doc = ?1")
                .context("preparing the reuse queue delete")?;
            for doc in linked {
                done.execute([doc.0])
                    .context("taking a document off the reuse queue")?;
            }
        }
        tx.commit().context("committing derived pairs")
    }

    fn reuse_pairs(&self) -> Result<Vec<StoredReuse>> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {PAIR_COLUMNS} {PAIR_JOINS} ORDER BY r.target, r.source"
            ))
            .context("preparing the reuse scan")?;
        read_pairs(&mut stmt, [])
    }

    fn reuse_relations(&self) -> Result<Vec<(DocKey, DocKey, crosscheck_reuse::Relation)>> {
        // The passages (most of a pair's bytes) stay undecoded.
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT s.seq, t.seq, r.relation {PAIR_JOINS} ORDER BY r.target, r.source"
            ))
            .context("preparing the reuse relation scan")?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .context("scanning reuse relations")?;
        let mut out = Vec::new();
        for row in rows {
            let (source, target, relation) = row.context("reading a reuse relation")?;
            let relation = parse_name(&relation).map_err(|message| StoreError::CorruptValue {
                column: "relation",
                key: format!("{source}->{target}"),
                message,
            })?;
            out.push((DocKey(source), DocKey(target), relation));
        }
        Ok(out)
    }

    fn reuse_pairs_of(&self, docs: &[DocKey]) -> Result<Vec<StoredReuse>> {
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        // The keys as one JSON array parameter; each side of the OR is an index lookup (the
        // primary key by source, `reuse_pairs_by_target` by target), and a pair matching
        // both is still one row.
        let keys: Vec<i64> = docs.iter().map(|doc| doc.0).collect();
        let keys = serde_json::to_string(&keys).unwrap_or_else(|_| "[]".to_string());
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {PAIR_COLUMNS} {PAIR_JOINS}
                 WHERE r.source IN (SELECT hash FROM documents WHERE seq IN (SELECT value FROM json_each(?1)))
                    OR r.target IN (SELECT hash FROM documents WHERE seq IN (SELECT value FROM json_each(?1)))
                 ORDER BY r.target, r.source"
            ))
            .context("preparing the reuse lookup")?;
        read_pairs(&mut stmt, [keys])
    }
}

/// The columns [`read_pairs`] decodes, from `reuse_pairs r` joined by [`PAIR_JOINS`].
const PAIR_COLUMNS: &str =
    "s.seq, t.seq, r.relation, r.extent, r.similarity, r.direction, r.detail";
/// The derived pairs with their documents' keys.
const PAIR_JOINS: &str =
    "FROM reuse_pairs r JOIN documents s ON s.hash = r.source JOIN documents t ON t.hash = r.target";

/// Run `stmt` (selecting [`PAIR_COLUMNS`]) with `params` and decode the derived pairs.
fn read_pairs(
    stmt: &mut rusqlite::Statement<'_>,
    params: impl rusqlite::Params,
) -> Result<Vec<StoredReuse>> {
    type Row = (i64, i64, String, String, f64, String, String);
    let rows = stmt
        .query_map(params, |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
            ))
        })
        .context("scanning derived pairs")?;
    let mut out = Vec::new();
    for row in rows {
        let (source, target, relation, extent, similarity, direction, detail): Row =
            row.context("reading a derived pair")?;
        let corrupt = |column: &'static str, message: String| StoreError::CorruptValue {
            column,
            key: format!("{source}->{target}"),
            message,
        };
        let (passages, substitutions) =
            decode_reuse_detail(&detail).map_err(|e| corrupt("detail", e.to_string()))?;
        out.push(StoredReuse {
            source: DocKey(source),
            target: DocKey(target),
            relation: parse_name(&relation).map_err(|e| corrupt("relation", e))?,
            extent: parse_name(&extent).map_err(|e| corrupt("extent", e))?,
            similarity,
            direction: parse_name(&direction).map_err(|e| corrupt("direction", e))?,
            passages,
            substitutions,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosscheck_reuse::{DirectionEvidence, Extent};

    #[test]
    fn stored_names_are_the_serde_names() {
        for extent in [Extent::Full, Extent::Partial] {
            assert_eq!(parse_name::<Extent>(extent.as_str()).unwrap(), extent);
        }
        for direction in DirectionEvidence::ALL {
            assert_eq!(
                parse_name::<DirectionEvidence>(direction.as_str()).unwrap(),
                direction
            );
        }
        assert!(parse_name::<Extent>("sideways").is_err());
    }

    #[test]
    fn pairs_of_documents_touch_them_and_no_others() {
        use crate::{Batch, DocumentStore};
        use crosscheck::ingest::{build_from_text, IngestOptions};
        use crosscheck_reuse::Relation;

        let mut store = SqliteStore::open_in_memory().unwrap();
        let mut batch = Batch::default();
        for (id, text) in [
            ("a", "First text."),
            ("b", "Second text."),
            ("c", "Third text."),
            ("d", "Fourth text."),
            ("e", "Fifth text."),
        ] {
            batch
                .documents
                .push(build_from_text(id, text, &IngestOptions::default()).unwrap());
        }
        let keys: Vec<DocKey> = store
            .commit(&batch)
            .unwrap()
            .keys
            .into_iter()
            .flatten()
            .collect();
        let pair = |source: usize, target: usize| StoredReuse {
            source: keys[source],
            target: keys[target],
            relation: Relation::Verbatim,
            extent: Extent::Full,
            similarity: 0.9,
            direction: DirectionEvidence::PublicationDate,
            passages: Vec::new(),
            substitutions: Vec::new(),
        };
        let pairs = [pair(0, 1), pair(1, 2), pair(3, 4), pair(0, 2)];
        store.record_reuse(&pairs, &[]).unwrap();
        let touching = |docs: &[usize]| -> Vec<(DocKey, DocKey)> {
            let docs: Vec<DocKey> = docs.iter().map(|&d| keys[d]).collect();
            let mut found: Vec<(DocKey, DocKey)> = store
                .reuse_pairs_of(&docs)
                .unwrap()
                .into_iter()
                .map(|p| (p.source, p.target))
                .collect();
            found.sort_unstable();
            found
        };
        let expect = |pairs: &[(usize, usize)]| -> Vec<(DocKey, DocKey)> {
            let mut pairs: Vec<_> = pairs.iter().map(|&(s, t)| (keys[s], keys[t])).collect();
            pairs.sort_unstable();
            pairs
        };
        assert_eq!(touching(&[1]), expect(&[(0, 1), (1, 2)]));
        assert_eq!(touching(&[4]), expect(&[(3, 4)]));
        // A pair with both ends asked for comes once.
        assert_eq!(touching(&[0, 2]), expect(&[(0, 1), (1, 2), (0, 2)]));
        assert!(touching(&[]).is_empty());
        assert!(store.reuse_pairs_of(&[DocKey(999)]).unwrap().is_empty());
        // Same rows, same order as the full scan.
        let all: Vec<usize> = (0..keys.len()).collect();
        let docs: Vec<DocKey> = all.iter().map(|&d| keys[d]).collect();
        assert_eq!(
            store.reuse_pairs_of(&docs).unwrap(),
            store.reuse_pairs().unwrap()
        );
        assert!(store
            .reuse_pairs_of(&[keys[0]])
            .unwrap()
            .contains(&pairs[0]));
    }
}
