//! Translations across languages: registered languages, the anchor index and the candidate
//! pairs waiting for the model.

use crosscheck_store::{AnchorPosting, DocAnchors, DocKey, Result, StoredReuse, TranslationStore};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use rustc_hash::FxHashMap;

use crate::error::Context;
use crate::reuse::insert_pairs;
use crate::{locks, PgStore};

impl TranslationStore for PgStore {
    /// One statement over arrays for the documents, one for the languages, committed before
    /// the count is read (see the trait: register, then count).
    fn register_languages(&mut self, docs: &[(DocKey, String)]) -> Result<usize> {
        if !docs.is_empty() {
            let keys: Vec<i64> = docs.iter().map(|(d, _)| d.0).collect();
            let languages: Vec<&str> = docs.iter().map(|(_, l)| l.as_str()).collect();
            self.conn().write(None, |client| {
                client
                    .execute(
                        "INSERT INTO translation_documents (doc, language)
                         SELECT DISTINCT ON (doc) doc, language
                         FROM unnest($1::bigint[], $2::text[]) AS t(doc, language)
                         ORDER BY doc
                         ON CONFLICT (doc) DO NOTHING",
                        &[&keys, &languages],
                    )
                    .context("registering documents' languages")?;
                client
                    .execute(
                        "INSERT INTO translation_languages (language)
                         SELECT DISTINCT language FROM unnest($1::text[]) AS t(language)
                         ON CONFLICT (language) DO NOTHING",
                        &[&languages],
                    )
                    .context("registering languages")?;
                Ok(())
            })?;
        }
        let n: i64 = self
            .conn()
            .client
            .query_one("SELECT count(*) FROM translation_languages", &[])
            .context("counting languages")?
            .get(0);
        Ok(usize::try_from(n).unwrap_or(0))
    }

    fn unanchored_documents(&self, limit: usize) -> Result<Vec<DocKey>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .conn()
            .client
            .query(
                "SELECT doc FROM translation_documents WHERE NOT anchored ORDER BY doc LIMIT $1",
                &[&limit],
            )
            .context("reading unanchored documents")?;
        Ok(rows.iter().map(|row| DocKey(row.get(0))).collect())
    }

    /// The postings by binary `COPY` into a staging table, then in where missing, under the
    /// anchor index lock (two runs may index the same document).
    fn index_anchors(&mut self, docs: &[DocAnchors]) -> Result<()> {
        if docs.is_empty() {
            return Ok(());
        }
        let mut postings: Vec<(i64, i64, i32)> = docs
            .iter()
            .flat_map(|d| {
                d.anchors.iter().enumerate().map(move |(at, &anchor)| {
                    (
                        anchor as i64,
                        d.doc.0,
                        i32::try_from(at).unwrap_or(i32::MAX),
                    )
                })
            })
            .collect();
        postings.sort_unstable();
        postings.dedup_by_key(|p| (p.0, p.1));
        let keys: Vec<i64> = docs.iter().map(|d| d.doc.0).collect();
        self.conn().write(Some(locks::ANCHOR_INDEX), |client| {
            client
                .batch_execute(
                    "CREATE TEMPORARY TABLE IF NOT EXISTS anchor_staging
                         (anchor BIGINT, doc BIGINT, position INTEGER) ON COMMIT DELETE ROWS;
                     TRUNCATE anchor_staging",
                )
                .context("preparing the anchor staging table")?;
            let sink = client
                .copy_in("COPY anchor_staging (anchor, doc, position) FROM STDIN (FORMAT binary)")
                .context("starting the anchor copy")?;
            let mut writer = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::INT8, Type::INT4]);
            for (anchor, doc, position) in &postings {
                let row: [&(dyn postgres::types::ToSql + Sync); 3] = [anchor, doc, position];
                writer.write(&row).context("copying an anchor")?;
            }
            writer.finish().context("finishing the anchor copy")?;
            client
                .execute(
                    "INSERT INTO translation_anchors (anchor, doc, position)
                     SELECT anchor, doc, position FROM anchor_staging
                     ON CONFLICT (anchor, doc) DO NOTHING",
                    &[],
                )
                .context("indexing anchors")?;
            client
                .execute(
                    "UPDATE translation_documents SET anchored = true WHERE doc = ANY($1)",
                    &[&keys],
                )
                .context("marking documents anchored")?;
            Ok(())
        })
    }

    /// One query for every anchor asked (at most `max_documents + 1` postings read per
    /// anchor), answered in the order asked.
    fn anchor_postings(
        &self,
        anchors: &[u64],
        max_documents: usize,
    ) -> Result<Vec<Vec<AnchorPosting>>> {
        let mut distinct: Vec<i64> = anchors.iter().map(|&a| a as i64).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.is_empty() {
            return Ok(vec![Vec::new(); anchors.len()]);
        }
        let max = i64::try_from(max_documents).unwrap_or(i64::MAX - 1);
        let rows = self
            .conn()
            .client
            .query(
                "SELECT q.anchor, h.docs, h.positions, h.languages FROM unnest($1::bigint[]) AS q(anchor)
                 CROSS JOIN LATERAL (
                     SELECT array_agg(doc ORDER BY doc) AS docs,
                            array_agg(position ORDER BY doc) AS positions,
                            array_agg(language ORDER BY doc) AS languages
                     FROM (
                         SELECT a.doc, a.position, d.language FROM translation_anchors a
                         JOIN translation_documents d ON d.doc = a.doc
                         WHERE a.anchor = q.anchor ORDER BY a.doc LIMIT $2::bigint + 1
                     ) held
                 ) h
                 WHERE cardinality(h.docs) <= $2::bigint",
                &[&distinct, &max],
            )
            .context("looking up anchors")?;
        let mut held: FxHashMap<i64, Vec<AnchorPosting>> = FxHashMap::default();
        for row in &rows {
            let docs: Vec<i64> = row.get(1);
            let positions: Vec<i32> = row.get(2);
            let languages: Vec<String> = row.get(3);
            let postings = docs
                .into_iter()
                .zip(positions)
                .zip(languages)
                .map(|((doc, position), language)| AnchorPosting {
                    doc: DocKey(doc),
                    position: u32::try_from(position).unwrap_or(u32::MAX),
                    language,
                })
                .collect();
            held.insert(row.get(0), postings);
        }
        Ok(anchors
            .iter()
            .map(|&a| held.get(&(a as i64)).cloned().unwrap_or_default())
            .collect())
    }

    fn add_translation_candidates(&mut self, pairs: &[(DocKey, DocKey)]) -> Result<()> {
        if pairs.is_empty() {
            return Ok(());
        }
        let a: Vec<i64> = pairs.iter().map(|p| p.0 .0).collect();
        let b: Vec<i64> = pairs.iter().map(|p| p.1 .0).collect();
        self.conn().write(None, |client| {
            client
                .execute(
                    "INSERT INTO translation_candidates (a, b)
                     SELECT DISTINCT a, b FROM unnest($1::bigint[], $2::bigint[]) AS t(a, b)
                     ON CONFLICT (a, b) DO NOTHING",
                    &[&a, &b],
                )
                .context("recording translation candidates")?;
            Ok(())
        })
    }

    fn translation_candidates(&self, limit: usize) -> Result<Vec<(DocKey, DocKey)>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .conn()
            .client
            .query(
                "SELECT a, b FROM translation_candidates ORDER BY a, b LIMIT $1",
                &[&limit],
            )
            .context("reading translation candidates")?;
        Ok(rows
            .iter()
            .map(|row| (DocKey(row.get(0)), DocKey(row.get(1))))
            .collect())
    }

    fn translation_candidate_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn()
            .client
            .query_one("SELECT count(*) FROM translation_candidates", &[])
            .context("counting translation candidates")?
            .get(0);
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn record_translations(
        &mut self,
        pairs: &[StoredReuse],
        checked: &[(DocKey, DocKey)],
    ) -> Result<()> {
        let a: Vec<i64> = checked.iter().map(|p| p.0 .0).collect();
        let b: Vec<i64> = checked.iter().map(|p| p.1 .0).collect();
        self.conn().write(None, |client| {
            insert_pairs(client, pairs)?;
            client
                .execute(
                    "DELETE FROM translation_candidates c
                     USING unnest($1::bigint[], $2::bigint[]) AS t(a, b)
                     WHERE c.a = t.a AND c.b = t.b",
                    &[&a, &b],
                )
                .context("taking candidates off the waiting list")?;
            Ok(())
        })
    }
}
