//! Stories kept between runs: the state an incremental story index resumes from.
//!
//! The store keeps plain data (term ids, counts, story keys) and knows nothing of how
//! stories are scored; `crosscheck-facts` does the scoring and the engine moves data between
//! the two. Every write of a round of placements is one transaction, so a crash
//! leaves each document either placed with all its term statistics or not placed at all,
//! and the next run places whatever has no story yet.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use rustc_hash::FxHashMap;

use super::SqliteStore;
use crate::codec::{decode_story_terms, encode_story_terms};
use crate::corpus::StoryStore;
use crate::error::{Context, Result, StoreError};
use crate::keys::{DocKey, StoryKey};
use crate::records::{StoredStory, StoryMember, StoryOverview, StoryPlacement, StoryRef};

/// Term ids are u64 hashes; SQLite integers are i64 with the same bits.
fn key(term: u64) -> i64 {
    term as i64
}

impl StoryStore for SqliteStore {
    fn begin_story_round(&mut self) -> Result<()> {
        // An immediate transaction is SQLite's write lock: another process's round (or any
        // writer) waits for it, up to the busy timeout.
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .context("starting a placement round")
    }

    fn finish_story_round(&mut self, commit: bool) -> Result<()> {
        if self.conn.is_autocommit() {
            return Ok(());
        }
        self.conn
            .execute_batch(if commit { "COMMIT" } else { "ROLLBACK" })
            .context("ending a placement round")
    }

    /// Number of documents placed in stories.
    fn placed_document_count(&self) -> Result<u32> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM story_documents", [], |row| row.get(0))
            .context("counting placed documents")?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Row ids of stored documents not yet placed in a story, in an order that does not
    /// depend on the order they were written in (which threads decide): by publication
    /// date (undated last), then content hash. Not by source or id: of two inputs with the
    /// same content, which one's source and id the store kept is up to the threads.
    fn unplaced_documents(&self) -> Result<Vec<DocKey>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT rowid FROM documents WHERE rowid NOT IN (SELECT doc FROM story_documents)
                 ORDER BY published IS NULL, published, hash",
            )
            .context("preparing the unplaced lookup")?;
        let rows = stmt
            .query_map([], |row| row.get(0).map(DocKey))
            .context("listing unplaced documents")?;
        rows.collect::<std::result::Result<_, _>>()
            .context("reading unplaced documents")
    }

    /// Document frequencies of `terms` (terms never seen are left out).
    fn story_document_frequencies(&self, terms: &[u64]) -> Result<Vec<(u64, u32)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT df FROM story_df WHERE term = ?1")
            .context("preparing the document frequency lookup")?;
        let mut out = Vec::with_capacity(terms.len());
        for &term in terms {
            let df: Option<i64> = stmt
                .query_row([key(term)], |row| row.get(0))
                .optional()
                .context("reading a document frequency")?;
            if let Some(df) = df {
                out.push((term, u32::try_from(df).unwrap_or(u32::MAX)));
            }
        }
        Ok(out)
    }

    /// Stories having `term`, at most `limit` of them (the latest).
    fn stories_with_term(&self, term: u64, limit: usize) -> Result<Vec<StoryKey>> {
        let mut stmt = self
            .conn
            // `+?1` and a limit in the text: as `term = ?1 ... LIMIT ?2` the bundled SQLite
            // re-prepared the statement on every call (the planner marks the parameter as
            // plan-dependent), which was half the cost of placing stories.
            .prepare_cached(&format!(
                "SELECT story FROM story_terms WHERE term = +?1 ORDER BY story DESC LIMIT {limit}"
            ))
            .context("preparing the story term lookup")?;
        let rows = stmt
            .query_map([key(term)], |row| row.get(0).map(StoryKey))
            .context("looking up stories by term")?;
        let out: Vec<StoryKey> = rows
            .collect::<std::result::Result<_, _>>()
            .context("reading stories by term")?;
        Ok(out)
    }

    /// The first `per_end` and the latest `per_end` members of `story`, in the order they
    /// were placed (not by row id, which follows the threads' write order).
    fn story_members(&self, story: StoryKey, per_end: usize) -> Result<Vec<StoryMember>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                &format!("SELECT doc, day, terms FROM (
                     SELECT seq, doc, day, terms FROM (SELECT seq, doc, day, terms FROM story_documents WHERE story = +?1 ORDER BY seq LIMIT {per_end})
                     UNION
                     SELECT seq, doc, day, terms FROM (SELECT seq, doc, day, terms FROM story_documents WHERE story = +?1 ORDER BY seq DESC LIMIT {per_end})
                 ) ORDER BY seq"),
            )
            .context("preparing the story member lookup")?;
        let rows = stmt
            .query_map([story.0], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, Vec<u8>>(2)?,
                ))
            })
            .context("reading story members")?;
        let mut out = Vec::new();
        for row in rows {
            let (doc, day, terms) = row.context("reading a story member")?;
            let terms = decode_story_terms(&terms).ok_or_else(|| StoreError::CorruptValue {
                column: "story_documents.terms",
                key: DocKey(doc).to_string(),
                message: format!("{} bytes is not a whole number of records", terms.len()),
            })?;
            out.push(StoryMember {
                doc: DocKey(doc),
                day: day.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                terms,
            });
        }
        Ok(out)
    }

    /// The title of `story`, if it has one.
    fn story_title(&self, story: StoryKey) -> Result<Option<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT title FROM stories WHERE id = ?1")
            .context("preparing the story title lookup")?;
        let title: Option<Option<String>> = stmt
            .query_row([story.0], |row| row.get(0))
            .optional()
            .context("reading a story title")?;
        Ok(title.flatten())
    }

    /// The story of each placed document among `docs`, by row id.
    fn story_of_documents(&self, docs: &[DocKey]) -> Result<Vec<(DocKey, StoryKey)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT story FROM story_documents WHERE doc = ?1")
            .context("preparing the placement lookup")?;
        let mut out = Vec::new();
        for &doc in docs {
            let story: Option<i64> = stmt
                .query_row([doc.0], |row| row.get(0))
                .optional()
                .context("reading a placement")?;
            if let Some(story) = story {
                out.push((doc, StoryKey(story)));
            }
        }
        Ok(out)
    }

    /// Write one round of placements in one transaction: new stories, members, document
    /// frequencies, story terms and titles. Returns the keys given to the new stories.
    fn record_placements(&mut self, placements: &[StoryPlacement]) -> Result<Vec<StoryKey>> {
        // A savepoint: a transaction of its own, or a part of the round's.
        let tx = self.conn.savepoint().context("starting a transaction")?;
        let mut new_keys: Vec<i64> = Vec::new();
        {
            let mut create = tx
                .prepare_cached("INSERT INTO stories (title, documents) VALUES (?1, 0)")
                .context("preparing the story insert")?;
            let mut member = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO story_documents (doc, story, similarity, day, terms) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .context("preparing the member insert")?;
            let mut count = tx
                .prepare_cached(
                    "UPDATE stories SET documents = documents + 1, title = coalesce(title, ?2) WHERE id = ?1",
                )
                .context("preparing the story update")?;
            // Term counts and story postings are gathered, then written in key order: one
            // upsert per distinct term of the round, and B-tree pages touched in sequence
            // rather than at random, which was most of a round's write time.
            let mut df_increments: FxHashMap<i64, i64> = FxHashMap::default();
            let mut postings: Vec<(i64, i64)> = Vec::new();
            for placement in placements {
                let story = match placement.story {
                    StoryRef::Stored(key) => key.0,
                    StoryRef::New(n) => {
                        while new_keys.len() <= n {
                            create
                                .execute([placement.title.as_deref()])
                                .context("creating a story")?;
                            new_keys.push(tx.last_insert_rowid());
                        }
                        new_keys[n]
                    }
                };
                let placed = member
                    .execute(params![
                        placement.member.doc.0,
                        story,
                        placement.similarity,
                        placement.member.day.map(|d| d.to_string()),
                        encode_story_terms(&placement.member.terms)
                    ])
                    .context("placing a document")?;
                // Another run on the same database placed it first: count it once.
                if placed == 0 {
                    continue;
                }
                count
                    .execute(params![story, placement.title])
                    .context("counting a story's documents")?;
                for &term in &placement.term_ids {
                    *df_increments.entry(key(term)).or_default() += 1;
                    postings.push((key(term), story));
                }
            }
            let mut df_increments: Vec<(i64, i64)> = df_increments.into_iter().collect();
            df_increments.sort_unstable();
            let mut df = tx
                .prepare_cached(
                    "INSERT INTO story_df (term, df) VALUES (?1, ?2) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                )
                .context("preparing the frequency update")?;
            for (term, n) in df_increments {
                df.execute([term, n])
                    .context("counting a term's documents")?;
            }
            postings.sort_unstable();
            postings.dedup();
            let mut posting = tx
                .prepare_cached("INSERT OR IGNORE INTO story_terms (term, story) VALUES (?1, ?2)")
                .context("preparing the story term insert")?;
            for (term, story) in postings {
                posting
                    .execute([term, story])
                    .context("indexing a story's term")?;
            }
        }
        tx.commit().context("committing placements")?;
        Ok(new_keys.into_iter().map(StoryKey).collect())
    }

    /// Every story: key, title and number of documents, in key order.
    fn stories(&self) -> Result<Vec<StoredStory>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, title, documents FROM stories ORDER BY id")
            .context("preparing the story listing")?;
        let rows = stmt
            .query_map([], |row| {
                let n: i64 = row.get(2)?;
                Ok(StoredStory {
                    key: StoryKey(row.get(0)?),
                    title: row.get(1)?,
                    documents: u32::try_from(n).unwrap_or(0),
                })
            })
            .context("listing stories")?;
        rows.collect::<std::result::Result<_, _>>()
            .context("reading a story")
    }

    fn story(&self, story: StoryKey) -> Result<Option<StoredStory>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, title, documents FROM stories WHERE id = ?1")
            .context("preparing the story lookup")?;
        stmt.query_row([story.0], |row| {
            let n: i64 = row.get(2)?;
            Ok(StoredStory {
                key: StoryKey(row.get(0)?),
                title: row.get(1)?,
                documents: u32::try_from(n).unwrap_or(0),
            })
        })
        .optional()
        .context("reading a story")
    }

    fn story_documents(&self, story: StoryKey) -> Result<Vec<DocKey>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc FROM story_documents WHERE story = ?1 ORDER BY seq")
            .context("preparing the story document lookup")?;
        let rows = stmt
            .query_map([story.0], |row| row.get(0).map(DocKey))
            .context("listing a story's documents")?;
        rows.collect::<std::result::Result<_, _>>()
            .context("reading a story's document")
    }

    /// Every story with its outlets and publication dates, from one pass over the placed
    /// documents; largest first, then by key.
    fn story_overviews(&self) -> Result<Vec<StoryOverview>> {
        // Outlets as a JSON array: names may hold any separator.
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.id, s.title, s.documents, json_group_array(DISTINCT d.outlet),
                        min(d.published), max(d.published)
                 FROM stories s
                 LEFT JOIN story_documents m ON m.story = s.id
                 LEFT JOIN documents d ON d.seq = m.doc
                 GROUP BY s.id
                 ORDER BY s.documents DESC, s.id",
            )
            .context("preparing the story overview")?;
        type Row = (
            i64,
            Option<String>,
            i64,
            String,
            Option<String>,
            Option<String>,
        );
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                ))
            })
            .context("listing story overviews")?;
        let mut out = Vec::new();
        for row in rows {
            let (key, title, documents, outlets, first_published, last_published): Row =
                row.context("reading a story overview")?;
            let outlets: Vec<Option<String>> =
                serde_json::from_str(&outlets).map_err(|e| StoreError::CorruptValue {
                    column: "documents.outlet",
                    key: StoryKey(key).to_string(),
                    message: e.to_string(),
                })?;
            let mut outlets: Vec<String> = outlets
                .into_iter()
                .flatten()
                .filter(|name| !name.trim().is_empty())
                .collect();
            outlets.sort_unstable();
            outlets.dedup();
            out.push(StoryOverview {
                key: StoryKey(key),
                title,
                documents: u32::try_from(documents).unwrap_or(0),
                outlets,
                first_published,
                last_published,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Batch, DocumentStore};
    use crosscheck::ingest::{build_from_text, IngestOptions};

    #[test]
    fn placements_round_trip() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let mut batch = Batch::default();
        for (id, text) in [("a", "First text."), ("b", "Second text."), ("c", "Third.")] {
            batch
                .documents
                .push(build_from_text(id, text, &IngestOptions::default()).unwrap());
        }
        let rows = store.commit(&batch).unwrap().keys;
        let rows: Vec<DocKey> = rows.into_iter().flatten().collect();
        let mut unplaced = store.unplaced_documents().unwrap();
        unplaced.sort_unstable();
        assert_eq!(unplaced, rows);
        let place =
            |doc: DocKey, story: StoryRef, terms: Vec<u64>, title: Option<&str>| StoryPlacement {
                member: StoryMember {
                    doc,
                    day: NaiveDate::from_ymd_opt(2022, 11, 11),
                    terms: vec![(1, 1.5)],
                },
                story,
                similarity: 0.5,
                term_ids: terms,
                title: title.map(str::to_string),
            };
        let keys = store
            .record_placements(&[
                place(rows[0], StoryRef::New(0), vec![7, 8], None),
                place(
                    rows[1],
                    StoryRef::New(0),
                    vec![8, u64::MAX],
                    Some("Kherson"),
                ),
            ])
            .unwrap();
        assert_eq!(keys.len(), 1);
        store
            .record_placements(&[place(rows[2], StoryRef::Stored(keys[0]), vec![9], None)])
            .unwrap();
        assert!(store.unplaced_documents().unwrap().is_empty());
        assert_eq!(store.placed_document_count().unwrap(), 3);
        assert_eq!(
            store
                .story_document_frequencies(&[7, 8, u64::MAX, 5])
                .unwrap(),
            [(7, 1), (8, 2), (u64::MAX, 1)]
        );
        assert_eq!(store.stories_with_term(u64::MAX, 5).unwrap(), keys);
        assert_eq!(store.story_members(keys[0], 1).unwrap().len(), 2);
        assert_eq!(store.story_members(keys[0], 8).unwrap().len(), 3);
        assert_eq!(
            store.story_title(keys[0]).unwrap().as_deref(),
            Some("Kherson")
        );
        assert_eq!(
            store.stories().unwrap(),
            [StoredStory {
                key: keys[0],
                title: Some("Kherson".into()),
                documents: 3
            }]
        );
    }

    #[test]
    fn story_listings_and_members() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let dated = |id: &str, text: &str, outlet: Option<&str>, day: Option<(i32, u32, u32)>| {
            let mut doc = build_from_text(id, text, &IngestOptions::default()).unwrap();
            doc.meta.outlet =
                outlet.map(|o| crosscheck::Sourced::new(o.to_string(), crosscheck::Origin::Record));
            doc.meta.published = day
                .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
                .map(|d| crosscheck::Sourced::new(d, crosscheck::Origin::Record));
            doc
        };
        let batch = Batch {
            documents: vec![
                dated(
                    "a",
                    "First text.",
                    Some("Kessa Courier"),
                    Some((2025, 3, 5)),
                ),
                dated(
                    "b",
                    "Second text.",
                    Some("Harbour, Daily"),
                    Some((2025, 3, 4)),
                ),
                dated("c", "Third text.", Some("Kessa Courier"), None),
                dated("d", "Fourth text.", Some(""), None),
                dated("e", "Fifth text.", None, None),
            ],
            ..Batch::default()
        };
        let docs: Vec<DocKey> = store
            .commit(&batch)
            .unwrap()
            .keys
            .into_iter()
            .flatten()
            .collect();
        let place = |doc: DocKey, story: StoryRef, title: Option<&str>| StoryPlacement {
            member: StoryMember {
                doc,
                day: None,
                terms: vec![(1, 1.0)],
            },
            story,
            similarity: 0.5,
            term_ids: vec![1],
            title: title.map(str::to_string),
        };
        // Placed out of key order: members come back in placement order.
        let keys = store
            .record_placements(&[
                place(docs[2], StoryRef::New(0), Some("Ferry fire")),
                place(docs[0], StoryRef::New(0), None),
                place(docs[3], StoryRef::New(1), None),
                place(docs[1], StoryRef::New(0), None),
            ])
            .unwrap();
        let more = store
            .record_placements(&[place(docs[4], StoryRef::New(0), Some("Quiet"))])
            .unwrap();
        assert_eq!(
            store.story_documents(keys[0]).unwrap(),
            [docs[2], docs[0], docs[1]]
        );
        assert_eq!(store.story_documents(keys[1]).unwrap(), [docs[3]]);
        assert!(store.story_documents(StoryKey(999)).unwrap().is_empty());
        assert_eq!(
            store.story(keys[0]).unwrap(),
            Some(StoredStory {
                key: keys[0],
                title: Some("Ferry fire".into()),
                documents: 3
            })
        );
        assert_eq!(store.story(StoryKey(999)).unwrap(), None);
        let overviews = store.story_overviews().unwrap();
        assert_eq!(
            overviews,
            [
                StoryOverview {
                    key: keys[0],
                    title: Some("Ferry fire".into()),
                    documents: 3,
                    outlets: vec!["Harbour, Daily".into(), "Kessa Courier".into()],
                    first_published: Some("2025-03-04".into()),
                    last_published: Some("2025-03-05".into()),
                },
                StoryOverview {
                    key: keys[1],
                    title: None,
                    documents: 1,
                    outlets: vec![],
                    first_published: None,
                    last_published: None,
                },
                StoryOverview {
                    key: more[0],
                    title: Some("Quiet".into()),
                    documents: 1,
                    outlets: vec![],
                    first_published: None,
                    last_published: None,
                },
            ]
        );
    }
}
