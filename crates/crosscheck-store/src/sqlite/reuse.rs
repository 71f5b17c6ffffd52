//! The reuse index and the derived pairs.

use rusqlite::{params, OptionalExtension};

use super::mirror::{ReuseMirror, LOAD_PER_LOOKUP, MAX_POSTINGS};
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
        // Postings in key order: B-tree pages are touched in sequence rather than at random.
        let mut postings: Vec<(u32, i64)> = fingerprints
            .iter()
            .flat_map(|doc| doc.fingerprints.iter().map(move |fp| (*fp, doc.doc.0)))
            .collect();
        postings.sort_unstable();
        postings.dedup();
        let tx = self.conn.transaction().context("starting a transaction")?;
        let (writes, total): (i64, i64) = {
            let mut size = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO reuse_sizes (doc, fingerprints) VALUES (?1, ?2)",
                )
                .context("preparing the index size insert")?;
            for doc in fingerprints {
                size.execute(params![doc.doc.0, doc.fingerprints.len() as i64])
                    .context("recording an index size")?;
            }
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO reuse_fingerprints (fp, doc) VALUES (?1, ?2)",
                )
                .context("preparing the fingerprint insert")?;
            let mut added: i64 = 0;
            for (fp, doc) in postings {
                added += insert
                    .execute(params![i64::from(fp), doc])
                    .context("indexing a fingerprint")? as i64;
            }
            tx.query_row(
                "UPDATE reuse_index_state SET writes = writes + 1, postings = postings + ?1
                 WHERE id = 1 RETURNING writes, postings",
                [added],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .context("counting an index write")?
        };
        tx.commit().context("committing fingerprints")?;
        // The in-memory copy follows this write if it was exact just before it.
        let mut mirror = self.reuse_mirror.borrow_mut();
        let followed = mirror.as_mut().is_some_and(|copy| {
            copy.writes + 1 == writes
                && total <= MAX_POSTINGS
                && copy.apply(fingerprints).is_some()
                && copy.postings() as i64 == total
        });
        match mirror.as_mut() {
            Some(copy) if followed => copy.writes = writes,
            _ => *mirror = None,
        }
        Ok(())
    }

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

    fn reuse_candidates_of(
        &self,
        documents: &[&[u32]],
        min_shared: u32,
        max_documents: usize,
    ) -> Result<Vec<Vec<ReuseCandidate>>> {
        let asked: usize = documents.iter().map(|fps| fps.len()).sum();
        if self.reuse_mirror_ready(asked)? {
            if let Some(copy) = self.reuse_mirror.borrow().as_ref() {
                return Ok(documents
                    .iter()
                    .map(|fps| copy.candidates(fps, min_shared, max_documents))
                    .collect());
            }
        }
        // One read transaction for every lookup: outside one, each statement takes and
        // releases the WAL read lock (two system calls per fingerprint).
        let read = self.read_transaction()?;
        let found = documents
            .iter()
            .map(|fps| self.candidates_from_tables(fps, min_shared, max_documents))
            .collect::<Result<Vec<_>>>()?;
        if let Some(read) = read {
            read.commit().context("ending a read transaction")?;
        }
        Ok(found)
    }

    fn record_reuse(&mut self, pairs: &[StoredReuse], linked: &[DocKey]) -> Result<()> {
        let tx = self.conn.transaction().context("starting a transaction")?;
        insert_pairs(&tx, pairs)?;
        {
            let mut done = tx
                .prepare_cached("DELETE FROM reuse_pending WHERE doc = ?1")
                .context("preparing the reuse queue delete")?;
            for doc in linked {
                done.execute([doc.0])
                    .context("taking a document off the reuse queue")?;
            }
        }
        tx.commit().context("committing derived pairs")?;
        self.bound_wal()
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

/// Write derived pairs in `tx`, replacing earlier verdicts on the same pairs.
pub(super) fn insert_pairs(tx: &rusqlite::Transaction<'_>, pairs: &[StoredReuse]) -> Result<()> {
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
    Ok(())
}

impl SqliteStore {
    /// A read transaction for several statements, unless one is open already (`None`).
    fn read_transaction(&self) -> Result<Option<rusqlite::Transaction<'_>>> {
        if !self.conn.is_autocommit() {
            return Ok(None);
        }
        self.conn
            .unchecked_transaction()
            .map(Some)
            .context("starting a read transaction")
    }

    /// The index's write count and posting count (`reuse_index_state`).
    fn reuse_index_state(&self) -> Result<(i64, i64)> {
        self.conn
            .query_row(
                "SELECT writes, postings FROM reuse_index_state WHERE id = 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .context("reading the reuse index state")
    }

    /// Whether the in-memory copy of the index is exact now, loading it first when a call
    /// asking about `asked` fingerprints makes that worth it (see `mirror`).
    fn reuse_mirror_ready(&self, asked: usize) -> Result<bool> {
        if !self.mirror_allowed {
            return Ok(false);
        }
        let (writes, postings) = self.reuse_index_state()?;
        let mut mirror = self.reuse_mirror.borrow_mut();
        if mirror.as_ref().is_some_and(|copy| copy.writes == writes) {
            return Ok(true);
        }
        *mirror = None;
        let asked = i64::try_from(asked).unwrap_or(i64::MAX);
        if postings > MAX_POSTINGS || postings > LOAD_PER_LOOKUP.saturating_mul(asked) {
            return Ok(false);
        }
        *mirror = self.load_reuse_mirror()?;
        Ok(mirror.is_some())
    }

    /// The whole index read into memory, in one read transaction so that it is the index
    /// at one write count. `None` when a key does not fit the copy.
    fn load_reuse_mirror(&self) -> Result<Option<Box<ReuseMirror>>> {
        let read = self.read_transaction()?;
        let (writes, _) = self.reuse_index_state()?;
        let mut copy = ReuseMirror::new(writes);
        let mut complete = true;
        {
            let mut scan = self
                .conn
                .prepare("SELECT fp, doc FROM reuse_fingerprints")
                .context("preparing the index scan")?;
            let mut rows = scan.query([]).context("scanning the reuse index")?;
            while let Some(row) = rows.next().context("reading a posting")? {
                let (fp, doc): (i64, i64) = (
                    row.get(0).context("reading a posting")?,
                    row.get(1).context("reading a posting")?,
                );
                if copy.load_posting(fp, doc).is_none() {
                    complete = false;
                    break;
                }
            }
            let mut sizes = self
                .conn
                .prepare("SELECT doc, fingerprints FROM reuse_sizes")
                .context("preparing the index size scan")?;
            let mut rows = sizes.query([]).context("scanning index sizes")?;
            while complete {
                let Some(row) = rows.next().context("reading an index size")? else {
                    break;
                };
                let (doc, n): (i64, i64) = (
                    row.get(0).context("reading an index size")?,
                    row.get(1).context("reading an index size")?,
                );
                complete = copy.load_size(doc, n).is_some();
            }
        }
        if let Some(read) = read {
            read.commit().context("ending a read transaction")?;
        }
        Ok(complete.then(|| Box::new(copy)))
    }

    /// [`ReuseStore::reuse_candidates`] answered by the tables.
    fn candidates_from_tables(
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

    /// `n` stored documents' keys.
    fn stored(store: &mut SqliteStore, n: usize) -> Vec<DocKey> {
        use crate::{Batch, DocumentStore};
        use crosscheck::ingest::{build_from_text, IngestOptions};
        let mut batch = Batch::default();
        for i in 0..n {
            let text = format!("Text number {i}.");
            batch
                .documents
                .push(build_from_text(&format!("d{i}"), &text, &IngestOptions::default()).unwrap());
        }
        store
            .commit(&batch)
            .unwrap()
            .keys
            .into_iter()
            .flatten()
            .collect()
    }

    /// Pseudo-random fingerprints for document `i` of write `w`: a few common values (some
    /// past the document limit) and many rare ones.
    fn prints(keys: &[DocKey], w: u64) -> Vec<Fingerprints> {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64 ^ w;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        keys.iter()
            .map(|&doc| Fingerprints {
                doc,
                fingerprints: (0..20)
                    .map(|_| (next() % if next() % 4 == 0 { 8 } else { 300 }) as u32)
                    .collect(),
            })
            .collect()
    }

    #[test]
    fn lookups_from_memory_and_from_the_tables_agree() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.db");
        let mut store = SqliteStore::open(&path).unwrap();
        let keys = stored(&mut store, 60);
        let mut tables = SqliteStore::open(&path).unwrap();
        tables.set_reuse_index_in_memory(false);
        let asked: Vec<Vec<u32>> = prints(&keys[..12], 99)
            .into_iter()
            .map(|p| p.fingerprints)
            .collect();
        let asked: Vec<&[u32]> = asked.iter().map(Vec::as_slice).collect();
        let check = |store: &SqliteStore, tables: &SqliteStore| {
            for (min, max) in [(1, 3), (2, 10), (3, 100)] {
                assert_eq!(
                    store.reuse_candidates_of(&asked, min, max).unwrap(),
                    tables.reuse_candidates_of(&asked, min, max).unwrap()
                );
            }
        };
        for (w, part) in keys.chunks(20).enumerate() {
            store.index_reuse(&prints(part, w as u64)).unwrap();
            check(&store, &tables);
            assert!(
                store.reuse_mirror.borrow().is_some(),
                "a small index is copied"
            );
        }
        // A document indexed again (a run that stopped before recording its pairs).
        store.index_reuse(&prints(&keys[..3], 7)).unwrap();
        check(&store, &tables);
        assert!(store.reuse_mirror.borrow().is_some());
        // Another connection writes: the copy is stale and dropped (the index is now too
        // large for these few lookups to copy it again).
        let mut other = SqliteStore::open(&path).unwrap();
        other.index_reuse(&prints(&keys[40..], 8)).unwrap();
        check(&store, &tables);
        assert!(store.reuse_mirror.borrow().is_none());
        // Asked about enough, it is copied again, at the current write count.
        let many: Vec<&[u32]> = std::iter::repeat_n(asked[0], 200).collect();
        assert_eq!(
            store.reuse_candidates_of(&many, 1, 10).unwrap(),
            tables.reuse_candidates_of(&many, 1, 10).unwrap()
        );
        assert_eq!(
            store.reuse_mirror.borrow().as_ref().map(|m| m.writes),
            Some(store.reuse_index_state().unwrap().0)
        );
        // A large index asked about a few fingerprints stays in the tables.
        let mut fresh = SqliteStore::open(&path).unwrap();
        let few: [&[u32]; 1] = [&[1, 2]];
        fresh.reuse_candidates_of(&few, 1, 10).unwrap();
        assert!(fresh.reuse_mirror.borrow().is_none());
        fresh.set_reuse_index_in_memory(false);
        fresh.reuse_candidates_of(&many, 1, 10).unwrap();
        assert!(
            fresh.reuse_mirror.borrow().is_none(),
            "not when told not to"
        );
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
