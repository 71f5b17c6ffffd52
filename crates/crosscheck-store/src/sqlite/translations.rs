//! Translations across languages: registered languages, the anchor index and the candidate
//! pairs waiting for the model.

use rusqlite::params;

use super::reuse::insert_pairs;
use super::SqliteStore;
use crate::corpus::TranslationStore;
use crate::error::{Context, Result};
use crate::keys::DocKey;
use crate::records::{AnchorPosting, DocAnchors, StoredReuse};

impl TranslationStore for SqliteStore {
    fn register_languages(&mut self, docs: &[(DocKey, String)]) -> Result<usize> {
        if !docs.is_empty() {
            let tx = self.conn.transaction().context("starting a transaction")?;
            {
                let mut doc = tx
                    .prepare_cached(
                        "INSERT INTO translation_documents (doc, language) VALUES (?1, ?2)
                         ON CONFLICT (doc) DO NOTHING",
                    )
                    .context("preparing the language registration")?;
                let mut language = tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO translation_languages (language) VALUES (?1)",
                    )
                    .context("preparing the language registration")?;
                for (key, lang) in docs {
                    doc.execute(params![key.0, lang])
                        .context("registering a document's language")?;
                    language.execute([lang]).context("registering a language")?;
                }
            }
            tx.commit().context("committing languages")?;
        }
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM translation_languages", [], |row| {
                row.get(0)
            })
            .context("counting languages")?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    fn unanchored_documents(&self, limit: usize) -> Result<Vec<DocKey>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT doc FROM translation_documents WHERE anchored = 0 ORDER BY doc LIMIT {limit}"
            ))
            .context("preparing the unanchored scan")?;
        let rows = stmt
            .query_map([], |row| row.get(0))
            .context("reading unanchored documents")?;
        rows.map(|row| row.map(DocKey))
            .collect::<std::result::Result<_, _>>()
            .context("reading unanchored documents")
    }

    fn index_anchors(&mut self, docs: &[DocAnchors]) -> Result<()> {
        // Postings in key order: B-tree pages are touched in sequence.
        let mut postings: Vec<(i64, i64, i64)> = docs
            .iter()
            .flat_map(|d| {
                d.anchors
                    .iter()
                    .enumerate()
                    .map(move |(at, &anchor)| (anchor as i64, d.doc.0, at as i64))
            })
            .collect();
        postings.sort_unstable();
        postings.dedup_by_key(|p| (p.0, p.1));
        let tx = self.conn.transaction().context("starting a transaction")?;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO translation_anchors (anchor, doc, position)
                     VALUES (?1, ?2, ?3)",
                )
                .context("preparing the anchor insert")?;
            for (anchor, doc, position) in postings {
                insert
                    .execute(params![anchor, doc, position])
                    .context("indexing an anchor")?;
            }
            let mut done = tx
                .prepare_cached("UPDATE translation_documents SET anchored = 1 WHERE doc = ?1")
                .context("preparing the anchored mark")?;
            for d in docs {
                done.execute([d.doc.0])
                    .context("marking a document anchored")?;
            }
        }
        tx.commit().context("committing anchors")
    }

    fn anchor_postings(
        &self,
        anchors: &[u64],
        max_documents: usize,
    ) -> Result<Vec<Vec<AnchorPosting>>> {
        let read = if self.conn.is_autocommit() {
            Some(
                self.conn
                    .unchecked_transaction()
                    .context("starting a read transaction")?,
            )
        } else {
            None
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT a.doc, a.position, d.language FROM translation_anchors a
                 JOIN translation_documents d ON d.doc = a.doc
                 WHERE a.anchor = +?1 ORDER BY a.doc LIMIT {}",
                max_documents + 1
            ))
            .context("preparing the anchor lookup")?;
        let mut out = Vec::with_capacity(anchors.len());
        for &anchor in anchors {
            let rows = stmt
                .query_map([anchor as i64], |row| {
                    Ok(AnchorPosting {
                        doc: DocKey(row.get(0)?),
                        position: u32::try_from(row.get::<_, i64>(1)?).unwrap_or(u32::MAX),
                        language: row.get(2)?,
                    })
                })
                .context("looking up an anchor")?;
            let mut held: Vec<AnchorPosting> = rows
                .collect::<std::result::Result<_, _>>()
                .context("reading an anchor posting")?;
            if held.len() > max_documents {
                held.clear();
            }
            out.push(held);
        }
        drop(stmt);
        if let Some(read) = read {
            read.commit().context("ending a read transaction")?;
        }
        Ok(out)
    }

    fn add_translation_candidates(&mut self, pairs: &[(DocKey, DocKey)]) -> Result<()> {
        if pairs.is_empty() {
            return Ok(());
        }
        let tx = self.conn.transaction().context("starting a transaction")?;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO translation_candidates (a, b) VALUES (?1, ?2)",
                )
                .context("preparing the candidate insert")?;
            for (a, b) in pairs {
                insert
                    .execute([a.0, b.0])
                    .context("recording a translation candidate")?;
            }
        }
        tx.commit().context("committing translation candidates")
    }

    fn translation_candidates(&self, limit: usize) -> Result<Vec<(DocKey, DocKey)>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT a, b FROM translation_candidates ORDER BY a, b LIMIT {limit}"
            ))
            .context("preparing the candidate scan")?;
        let rows = stmt
            .query_map([], |row| Ok((DocKey(row.get(0)?), DocKey(row.get(1)?))))
            .context("reading translation candidates")?;
        rows.collect::<std::result::Result<_, _>>()
            .context("reading translation candidates")
    }

    fn translation_candidate_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM translation_candidates", [], |row| {
                row.get(0)
            })
            .context("counting translation candidates")?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn record_translations(
        &mut self,
        pairs: &[StoredReuse],
        checked: &[(DocKey, DocKey)],
    ) -> Result<()> {
        let tx = self.conn.transaction().context("starting a transaction")?;
        insert_pairs(&tx, pairs)?;
        {
            let mut done = tx
                .prepare_cached("DELETE FROM translation_candidates WHERE a = ?1 AND b = ?2")
                .context("preparing the candidate delete")?;
            for (a, b) in checked {
                done.execute([a.0, b.0])
                    .context("taking a candidate off the waiting list")?;
            }
        }
        tx.commit().context("committing translated pairs")?;
        self.bound_wal()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Batch, DocumentStore};
    use crosscheck::ingest::{build_from_text, IngestOptions};

    fn stored(store: &mut SqliteStore, n: usize) -> Vec<DocKey> {
        let mut batch = Batch::default();
        for i in 0..n {
            batch.documents.push(
                build_from_text(
                    &format!("d{i}"),
                    &format!("Text {i}."),
                    &IngestOptions::default(),
                )
                .unwrap(),
            );
        }
        store
            .commit(&batch)
            .unwrap()
            .keys
            .into_iter()
            .flatten()
            .collect()
    }

    #[test]
    fn languages_anchors_and_candidates_round_trip() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let keys = stored(&mut store, 4);
        assert_eq!(
            store
                .register_languages(&[(keys[0], "en".into()), (keys[1], "en".into())])
                .unwrap(),
            1
        );
        // Again, and a second language.
        assert_eq!(
            store
                .register_languages(&[(keys[1], "en".into()), (keys[2], "es".into())])
                .unwrap(),
            2
        );
        assert_eq!(store.unanchored_documents(10).unwrap(), keys[..3].to_vec());
        let big = u64::MAX - 3; // keys keep all 64 bits
        store
            .index_anchors(&[
                DocAnchors {
                    doc: keys[0],
                    anchors: vec![7, big, 9],
                },
                DocAnchors {
                    doc: keys[2],
                    anchors: vec![big, 7],
                },
            ])
            .unwrap();
        assert_eq!(store.unanchored_documents(10).unwrap(), vec![keys[1]]);
        let found = store.anchor_postings(&[big, 9, 11], 10).unwrap();
        let at = |p: &AnchorPosting| (p.doc, p.position, p.language.clone());
        assert_eq!(
            found[0].iter().map(at).collect::<Vec<_>>(),
            vec![(keys[0], 1, "en".into()), (keys[2], 0, "es".into())]
        );
        assert_eq!(found[1].len(), 1);
        assert!(found[2].is_empty());
        // Past the document limit an anchor proposes nothing.
        assert!(store.anchor_postings(&[big], 1).unwrap()[0].is_empty());

        store
            .add_translation_candidates(&[
                (keys[0], keys[2]),
                (keys[0], keys[2]),
                (keys[1], keys[2]),
            ])
            .unwrap();
        assert_eq!(store.translation_candidate_count().unwrap(), 2);
        assert_eq!(
            store.translation_candidates(1).unwrap(),
            vec![(keys[0], keys[2])]
        );
        store
            .record_translations(&[], &[(keys[0], keys[2])])
            .unwrap();
        assert_eq!(
            store.translation_candidates(10).unwrap(),
            vec![(keys[1], keys[2])]
        );
    }
}
