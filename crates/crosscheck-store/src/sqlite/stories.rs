//! Stories kept between runs: the state an incremental story index resumes from.
//!
//! The store keeps plain data (term ids, counts, story keys) and knows nothing of how
//! stories are scored; `crosscheck-facts` does the scoring and the engine moves data between
//! the two. Every write of a round of placements is one transaction, so a crash
//! leaves each document either placed with all its term statistics or not placed at all,
//! and the next run places whatever has no story yet.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rustc_hash::FxHashMap;

use super::SqliteStore;
use crate::codec::{
    decode_story_terms, decode_term_stories, encode_story_terms, encode_term_stories,
    merge_term_stories,
};
use crate::corpus::StoryStore;
use crate::error::{Context, Result, StoreError};
use crate::keys::{DocKey, StoryKey};
use crate::records::{
    StoredStory, StoryMember, StoryOverview, StoryPart, StoryPlacement, StoryRef,
};

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
            .context("ending a placement round")?;
        self.bound_wal()
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

    /// Stories having `term`, at most `limit` of them (the latest; the store keeps
    /// [`crate::codec::STORIES_KEPT_PER_TERM`]).
    fn stories_with_term(&self, term: u64, limit: usize) -> Result<Vec<StoryKey>> {
        let list = term_stories(&self.conn, key(term))?.map_or_else(Vec::new, |(_, list)| list);
        Ok(list.into_iter().rev().take(limit).map(StoryKey).collect())
    }

    /// The first `per_end` and the latest `per_end` members of `story`, in the order they
    /// were placed (not by row id, which follows the threads' write order).
    fn story_members(&self, story: StoryKey, per_end: usize) -> Result<Vec<StoryMember>> {
        self.members_where(story, Part::All, per_end)
    }

    /// The parts of `story`, each with its first and latest `per_end` members: one query for
    /// a story no correction touched (the partial index of corrected members is empty for
    /// it), one per part otherwise.
    fn story_parts(&self, story: StoryKey, per_end: usize) -> Result<Vec<StoryPart>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT part FROM story_documents
                 WHERE story = ?1 AND part IS NOT NULL ORDER BY part",
            )
            .context("preparing the story part lookup")?;
        let rows = stmt
            .query_map([story.0], |row| row.get(0).map(StoryKey))
            .context("listing a story's parts")?;
        let parts: Vec<StoryKey> = rows
            .collect::<std::result::Result<_, _>>()
            .context("reading a story's parts")?;
        let mut out = Vec::with_capacity(parts.len() + 1);
        let own = if parts.is_empty() {
            self.members_where(story, Part::All, per_end)?
        } else {
            self.members_where(story, Part::Own, per_end)?
        };
        out.push(StoryPart {
            part: None,
            members: own,
        });
        for part in parts {
            out.push(StoryPart {
                part: Some(part),
                members: self.members_where(story, Part::Of(part), per_end)?,
            });
        }
        out.retain(|p| !p.members.is_empty());
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
                    "INSERT OR IGNORE INTO story_documents (doc, story, similarity, day, terms, part) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
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
                let mut part = placement.part.map(|p| p.0);
                let story = match placement.story {
                    // A story merged away since the caller read it (a caller that kept story
                    // data across a correction): the document joins the story it was merged
                    // into, in its part, as the merge moved its members.
                    StoryRef::Stored(key) => match redirect(&tx, key)? {
                        Some(live) => {
                            let group = placement.part.unwrap_or(key);
                            part = (group != live).then_some(group.0);
                            live.0
                        }
                        None => key.0,
                    },
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
                        encode_story_terms(&placement.member.terms),
                        part
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
            // One row per distinct term: its count and its latest stories, read, merged
            // and written back in key order (B-tree pages in sequence, not at random).
            let mut by_term: Vec<(i64, i64)> = df_increments.into_iter().collect();
            by_term.sort_unstable();
            postings.sort_unstable();
            postings.dedup();
            let mut postings = postings.as_slice();
            for (term, n) in by_term {
                let split = postings.partition_point(|&(t, _)| t <= term);
                let (of_term, rest) = postings.split_at(split);
                postings = rest;
                let new: Vec<i64> = of_term.iter().map(|&(_, story)| story).collect();
                update_term(&tx, term, n, |list| merge_term_stories(list, &new))?;
            }
        }
        tx.commit().context("committing placements")?;
        Ok(new_keys.into_iter().map(StoryKey).collect())
    }

    /// Every story: key, title and number of documents, in key order.
    fn stories(&self) -> Result<Vec<StoredStory>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, title, documents FROM stories
                 WHERE merged_into IS NULL AND documents > 0 ORDER BY id",
            )
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
            .prepare_cached(
                "SELECT id, title, documents FROM stories
                 WHERE id = ?1 AND merged_into IS NULL AND documents > 0",
            )
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
                 WHERE s.merged_into IS NULL AND s.documents > 0
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

    fn merge_stories(&mut self, from: StoryKey, into: StoryKey) -> Result<bool> {
        if from == into {
            return Ok(false);
        }
        self.under_story_lock(|conn| {
            if !has_documents(conn, from)? || !has_documents(conn, into)? {
                return Ok(false);
            }
            // Read before the members move: the terms that find `from` now find `into`.
            let terms = member_terms(conn, from)?;
            // After every member placed so far (so after `into`'s), in their own order; a
            // member keeps the part it was in, and `from`'s own members become part `from`
            // (a part named `into` is `into`'s own again).
            let (last, first): (i64, Option<i64>) = conn
                .query_row(
                    "SELECT (SELECT coalesce(max(seq), 0) FROM story_documents),
                            (SELECT min(seq) FROM story_documents WHERE story = ?1)",
                    [from.0],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .context("reading placement order")?;
            let shift = last - first.unwrap_or(last) + 1;
            let moved = conn
                .execute(
                    "UPDATE story_documents SET story = ?1, seq = seq + ?2,
                         part = nullif(coalesce(part, ?3), ?1)
                     WHERE story = ?3",
                    params![into.0, shift, from.0],
                )
                .context("moving a story's members")?;
            conn.execute(
                "UPDATE stories SET documents = documents + ?2,
                     title = coalesce(title, (SELECT title FROM stories WHERE id = ?3))
                 WHERE id = ?1",
                params![into.0, moved as i64, from.0],
            )
            .context("counting a merged story's documents")?;
            retire(conn, from, into)?;
            move_postings(conn, &terms, Some(from), into)?;
            record_correction(conn, "merge", None, from, into)?;
            Ok(true)
        })
    }

    fn move_document(&mut self, doc: DocKey, to: Option<StoryKey>) -> Result<Option<StoryKey>> {
        self.under_story_lock(|conn| {
            let placed: Option<(i64, i64, Option<i64>, Vec<u8>)> = conn
                .query_row(
                    "SELECT seq, story, part, terms FROM story_documents WHERE doc = ?1",
                    [doc.0],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
                )
                .optional()
                .context("reading a placement")?;
            let Some((seq, source, part, terms)) = placed else {
                return Ok(None);
            };
            let source = StoryKey(source);
            let (dest, part) = match to {
                Some(to) if to == source => return Ok(Some(source)),
                Some(to) if !has_documents(conn, to)? => return Ok(None),
                // The group the document came with (see `StoryPart`).
                Some(to) => (to, Some(part.map_or(source, StoryKey)).filter(|&p| p != to)),
                None => {
                    let alone: i64 = conn
                        .query_row(
                            "SELECT count(*) FROM story_documents WHERE story = ?1",
                            [source.0],
                            |row| row.get(0),
                        )
                        .context("counting a story's documents")?;
                    if alone <= 1 {
                        return Ok(Some(source));
                    }
                    conn.execute(
                        "INSERT INTO stories (title, documents)
                         VALUES ((SELECT title FROM documents WHERE seq = ?1), 0)",
                        [doc.0],
                    )
                    .context("creating a story")?;
                    (StoryKey(conn.last_insert_rowid()), None)
                }
            };
            let terms = decode_story_terms(&terms).ok_or_else(|| StoreError::CorruptValue {
                column: "story_documents.terms",
                key: doc.to_string(),
                message: format!("{} bytes is not a whole number of records", terms.len()),
            })?;
            // Last in placement order; placed by hand, not for a similarity.
            conn.execute(
                "UPDATE story_documents SET story = ?2, part = ?3, similarity = 0,
                     seq = (SELECT max(seq) FROM story_documents) + 1
                 WHERE seq = ?1",
                params![seq, dest.0, part.map(|p| p.0)],
            )
            .context("moving a document")?;
            conn.execute(
                "UPDATE stories SET documents = documents + 1,
                     title = coalesce(title, (SELECT title FROM documents WHERE seq = ?2))
                 WHERE id = ?1",
                params![dest.0, doc.0],
            )
            .context("counting a story's documents")?;
            let left: i64 = conn
                .query_row(
                    "UPDATE stories SET documents = documents - 1 WHERE id = ?1
                     RETURNING documents",
                    [source.0],
                    |row| row.get(0),
                )
                .context("counting a story's documents")?;
            if left <= 0 {
                retire(conn, source, dest)?;
            } else {
                // A story titled by the document's headline takes its first remaining one.
                conn.execute(
                    "UPDATE stories SET title = (
                         SELECT d.title FROM story_documents m JOIN documents d ON d.seq = m.doc
                         WHERE m.story = ?1 AND d.title IS NOT NULL ORDER BY m.seq LIMIT 1)
                     WHERE id = ?1 AND title = (SELECT title FROM documents WHERE seq = ?2)",
                    params![source.0, doc.0],
                )
                .context("retitling a story")?;
            }
            let moved: BTreeSet<i64> = terms.iter().map(|&(t, _)| key(t)).collect();
            let kept = member_terms(conn, source)?;
            let gone: BTreeSet<i64> = moved.difference(&kept).copied().collect();
            move_postings(conn, &moved, None, dest)?;
            move_postings(conn, &gone, Some(source), dest)?;
            record_correction(conn, "move", Some(doc), source, dest)?;
            Ok(Some(dest))
        })
    }

    fn story_redirect(&self, story: StoryKey) -> Result<Option<StoryKey>> {
        redirect(&self.conn, story)
    }

    fn story_correction_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM story_corrections", [], |row| {
                row.get(0)
            })
            .context("counting story corrections")?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// Which members of a story [`SqliteStore::members_where`] reads.
#[derive(Clone, Copy)]
enum Part {
    /// Every member.
    All,
    /// The story's own members (part NULL).
    Own,
    /// The members of one part.
    Of(StoryKey),
}

impl SqliteStore {
    /// The first `per_end` and the latest `per_end` members of `story` among `part`, in
    /// placement order.
    fn members_where(
        &self,
        story: StoryKey,
        part: Part,
        per_end: usize,
    ) -> Result<Vec<StoryMember>> {
        // `+?1`: see `stories_with_term`.
        let filter = match part {
            Part::All => "story = +?1",
            Part::Own => "story = +?1 AND part IS NULL",
            Part::Of(_) => "story = ?1 AND part = ?2",
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT doc, day, terms FROM (
                     SELECT seq, doc, day, terms FROM (SELECT seq, doc, day, terms FROM story_documents WHERE {filter} ORDER BY seq LIMIT {per_end})
                     UNION
                     SELECT seq, doc, day, terms FROM (SELECT seq, doc, day, terms FROM story_documents WHERE {filter} ORDER BY seq DESC LIMIT {per_end})
                 ) ORDER BY seq"
            ))
            .context("preparing the story member lookup")?;
        let map = |row: &rusqlite::Row<'_>| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Vec<u8>>(2)?,
            ))
        };
        let rows: Vec<(i64, Option<String>, Vec<u8>)> = match part {
            Part::Of(p) => stmt.query_map([story.0, p.0], map),
            Part::All | Part::Own => stmt.query_map([story.0], map),
        }
        .context("reading story members")?
        .collect::<std::result::Result<_, _>>()
        .context("reading a story member")?;
        let mut out = Vec::with_capacity(rows.len());
        for (doc, day, terms) in rows {
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

    /// Run a correction in one transaction under the story lock: SQLite's write lock, taken
    /// up front (`BEGIN IMMEDIATE`) as [`StoryStore::begin_story_round`] takes it, so a
    /// correction waits for a placement round in progress (up to the busy timeout) and a
    /// round waits for it. Inside a round already (the lock held), a savepoint of it.
    fn under_story_lock<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        if self.conn.is_autocommit() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .context("waiting for the story lock")?;
            let out = f(&tx)?;
            tx.commit().context("committing a story correction")?;
            Ok(out)
        } else {
            let tx = self
                .conn
                .savepoint()
                .context("starting a story correction")?;
            let out = f(&tx)?;
            tx.commit().context("committing a story correction")?;
            Ok(out)
        }
    }
}

/// Whether `story` exists with documents (not merged away or emptied).
fn has_documents(conn: &Connection, story: StoryKey) -> Result<bool> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM stories WHERE id = ?1 AND merged_into IS NULL AND documents > 0",
            [story.0],
            |row| row.get(0),
        )
        .optional()
        .context("looking up a story")?;
    Ok(found.is_some())
}

/// Every term of the members of `story`, from their stored terms (a member's terms are what
/// indexed its story: see `StoryPlacement::term_ids`).
fn member_terms(conn: &Connection, story: StoryKey) -> Result<BTreeSet<i64>> {
    let mut stmt = conn
        .prepare_cached("SELECT doc, terms FROM story_documents WHERE story = ?1")
        .context("preparing the story term read")?;
    let rows = stmt
        .query_map([story.0], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, Vec<u8>>(1)?))
        })
        .context("reading a story's terms")?;
    let mut out = BTreeSet::new();
    for row in rows {
        let (doc, terms) = row.context("reading a member's terms")?;
        let terms = decode_story_terms(&terms).ok_or_else(|| StoreError::CorruptValue {
            column: "story_documents.terms",
            key: DocKey(doc).to_string(),
            message: format!("{} bytes is not a whole number of records", terms.len()),
        })?;
        out.extend(terms.into_iter().map(|(t, _)| key(t)));
    }
    Ok(out)
}

/// Index `terms` under story `to`, taking them off story `from` if given.
fn move_postings(
    conn: &Connection,
    terms: &BTreeSet<i64>,
    from: Option<StoryKey>,
    to: StoryKey,
) -> Result<()> {
    for &term in terms {
        update_term(conn, term, 0, |list| {
            if let Some(from) = from {
                list.retain(|&s| s != from.0);
            }
            merge_term_stories(list, &[to.0]);
        })?;
    }
    Ok(())
}

/// A term's document frequency and stories (ascending), if it has a row.
fn term_stories(conn: &Connection, term: i64) -> Result<Option<(i64, Vec<i64>)>> {
    let mut stmt = conn
        .prepare_cached("SELECT df, stories FROM story_df WHERE term = ?1")
        .context("preparing the story term lookup")?;
    let row: Option<(i64, Vec<u8>)> = stmt
        .query_row([term], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()
        .context("looking up stories by term")?;
    row.map(|(df, bytes)| {
        let list = decode_term_stories(&bytes).ok_or_else(|| StoreError::CorruptValue {
            column: "story_df.stories",
            key: term.to_string(),
            message: format!("{} bytes is not a whole number of story keys", bytes.len()),
        })?;
        Ok((df, list))
    })
    .transpose()
}

/// Add `documents` to `term`'s document frequency and change its list of stories with
/// `change`, creating its row if it has none.
fn update_term(
    conn: &Connection,
    term: i64,
    documents: i64,
    change: impl FnOnce(&mut Vec<i64>),
) -> Result<()> {
    let found = term_stories(conn, term)?;
    let exists = found.is_some();
    let (df, mut list) = found.unwrap_or_default();
    change(&mut list);
    let sql = if exists {
        "UPDATE story_df SET df = ?2, stories = ?3 WHERE term = ?1"
    } else {
        "INSERT INTO story_df (term, df, stories) VALUES (?1, ?2, ?3)"
    };
    conn.prepare_cached(sql)
        .context("preparing the story term update")?
        .execute(params![term, df + documents, encode_term_stories(&list)])
        .context("indexing a term's stories")?;
    Ok(())
}

/// Mark `story`, now without documents, as redirecting to `to`, and every story that
/// redirected to it with it (so a redirect is one step).
fn retire(conn: &Connection, story: StoryKey, to: StoryKey) -> Result<()> {
    conn.execute(
        "UPDATE stories SET documents = 0, merged_into = ?2 WHERE id = ?1",
        [story.0, to.0],
    )
    .context("retiring a story")?;
    conn.execute(
        "UPDATE stories SET merged_into = ?2 WHERE merged_into = ?1",
        [story.0, to.0],
    )
    .context("redirecting merged stories")?;
    Ok(())
}

/// Where the documents of a retired `story` are (see [`StoryStore::story_redirect`]).
fn redirect(conn: &Connection, story: StoryKey) -> Result<Option<StoryKey>> {
    // One step as written (`retire`), a few at most from a database written otherwise; the
    // bound only guards against a cycle no correction makes.
    const MAX_STEPS: usize = 64;
    let mut stmt = conn
        .prepare_cached("SELECT merged_into FROM stories WHERE id = ?1")
        .context("preparing the redirect lookup")?;
    let mut at = story;
    for _ in 0..MAX_STEPS {
        let next: Option<i64> = stmt
            .query_row([at.0], |row| row.get(0))
            .optional()
            .context("reading a redirect")?
            .flatten();
        match next {
            Some(next) => at = StoryKey(next),
            None => break,
        }
    }
    Ok((at != story).then_some(at))
}

/// Record a correction, for the audit trail (and [`StoryStore::story_correction_count`]).
fn record_correction(
    conn: &Connection,
    kind: &str,
    doc: Option<DocKey>,
    from: StoryKey,
    to: StoryKey,
) -> Result<()> {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    conn.execute(
        "INSERT INTO story_corrections (kind, doc, from_story, to_story, made_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![kind, doc.map(|d| d.0), from.0, to.0, now],
    )
    .context("recording a story correction")?;
    Ok(())
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
                part: None,
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
            part: None,
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

    /// A store holding one document per title (`None`: untitled), with their keys.
    fn store_with(titles: &[Option<&str>]) -> (SqliteStore, Vec<DocKey>) {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let documents = titles
            .iter()
            .enumerate()
            .map(|(n, title)| {
                let text = format!("Text number {n}.");
                let mut doc =
                    build_from_text(&format!("d{n}"), &text, &IngestOptions::default()).unwrap();
                doc.meta.title = title
                    .map(|t| crosscheck::Sourced::new(t.to_string(), crosscheck::Origin::Record));
                doc
            })
            .collect();
        let batch = Batch {
            documents,
            ..Batch::default()
        };
        let docs = store
            .commit(&batch)
            .unwrap()
            .keys
            .into_iter()
            .flatten()
            .collect();
        (store, docs)
    }

    /// A placement of `doc` with story terms `terms` (the same as its term ids).
    fn placed(doc: DocKey, story: StoryRef, terms: &[u64], title: Option<&str>) -> StoryPlacement {
        StoryPlacement {
            member: StoryMember {
                doc,
                day: None,
                terms: terms.iter().map(|&t| (t, 1.0)).collect(),
            },
            story,
            part: None,
            similarity: 0.5,
            term_ids: terms.to_vec(),
            title: title.map(str::to_string),
        }
    }

    fn members(parts: &[StoryPart]) -> Vec<(Option<StoryKey>, Vec<DocKey>)> {
        parts
            .iter()
            .map(|p| (p.part, p.members.iter().map(|m| m.doc).collect()))
            .collect()
    }

    fn merged_into(store: &SqliteStore, story: StoryKey) -> Option<i64> {
        store
            .conn
            .query_row(
                "SELECT merged_into FROM stories WHERE id = ?1",
                [story.0],
                |row| row.get(0),
            )
            .unwrap()
    }

    #[test]
    fn merging_moves_members_terms_and_title_and_redirects() {
        let (mut store, d) = store_with(&[Some("Fire"), None, Some("Vote"), None]);
        let keys = store
            .record_placements(&[
                placed(d[0], StoryRef::New(0), &[1, 2], None),
                placed(d[1], StoryRef::New(0), &[2, 3], None),
                placed(d[2], StoryRef::New(1), &[5], None),
                placed(d[3], StoryRef::New(2), &[9], Some("Ballot")),
            ])
            .unwrap();
        let (a, b, c) = (keys[0], keys[1], keys[2]);
        assert_eq!(store.story_parts(a, 8).unwrap().len(), 1);

        assert!(store.merge_stories(a, b).unwrap());
        assert_eq!(store.story_documents(b).unwrap(), [d[2], d[0], d[1]]);
        assert_eq!(store.story_documents(a).unwrap(), []);
        assert_eq!(
            store.story(b).unwrap(),
            Some(StoredStory {
                key: b,
                title: None,
                documents: 3
            })
        );
        assert_eq!(store.story(a).unwrap(), None);
        let listed: Vec<StoryKey> = store.stories().unwrap().iter().map(|s| s.key).collect();
        assert_eq!(listed, [b, c]);
        let overviews: Vec<StoryKey> = store
            .story_overviews()
            .unwrap()
            .iter()
            .map(|s| s.key)
            .collect();
        assert_eq!(overviews, [b, c]);
        for term in [1, 2, 3, 5] {
            assert_eq!(
                store.stories_with_term(term, 8).unwrap(),
                [b],
                "term {term}"
            );
        }
        // `b`'s own members, then `a`'s as a part of their own.
        assert_eq!(
            members(&store.story_parts(b, 8).unwrap()),
            [(None, vec![d[2]]), (Some(a), vec![d[0], d[1]])]
        );
        assert_eq!(store.story_members(b, 8).unwrap().len(), 3);
        assert_eq!(store.story_redirect(a).unwrap(), Some(b));
        assert_eq!(store.story_redirect(b).unwrap(), None);
        assert_eq!(store.story_redirect(StoryKey(999)).unwrap(), None);
        assert_eq!(store.story_correction_count().unwrap(), 1);
        // Same placement count: a merge places nothing.
        assert_eq!(store.placed_document_count().unwrap(), 4);

        // A story merged away, an unknown one, or the same one: nothing changes.
        assert!(!store.merge_stories(a, c).unwrap());
        assert!(!store.merge_stories(c, a).unwrap());
        assert!(!store.merge_stories(c, StoryKey(999)).unwrap());
        assert!(!store.merge_stories(c, c).unwrap());
        assert_eq!(store.story_correction_count().unwrap(), 1);

        // Merged on: `a` redirects to `c` in one step, and `c` takes `b`'s title-less
        // merge without losing its own title.
        assert!(store.merge_stories(b, c).unwrap());
        assert_eq!(merged_into(&store, a), Some(c.0));
        assert_eq!(store.story_redirect(a).unwrap(), Some(c));
        assert_eq!(store.story_redirect(b).unwrap(), Some(c));
        assert_eq!(
            members(&store.story_parts(c, 8).unwrap()),
            [
                (None, vec![d[3]]),
                (Some(a), vec![d[0], d[1]]),
                (Some(b), vec![d[2]])
            ]
        );
        assert_eq!(
            store.stories().unwrap(),
            [StoredStory {
                key: c,
                title: Some("Ballot".into()),
                documents: 4
            }]
        );
        assert_eq!(store.stories_with_term(1, 8).unwrap(), [c]);
        let audit: Vec<(String, Option<i64>, i64, i64)> = store
            .conn
            .prepare("SELECT kind, doc, from_story, to_story FROM story_corrections ORDER BY id")
            .unwrap()
            .query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(
            audit,
            [
                ("merge".to_string(), None, a.0, b.0),
                ("merge".to_string(), None, b.0, c.0)
            ]
        );
    }

    #[test]
    fn a_story_without_a_title_takes_the_merged_ones() {
        let (mut store, d) = store_with(&[None, None]);
        let keys = store
            .record_placements(&[
                placed(d[0], StoryRef::New(0), &[1], None),
                placed(d[1], StoryRef::New(1), &[2], Some("Fire")),
            ])
            .unwrap();
        assert!(store.merge_stories(keys[1], keys[0]).unwrap());
        assert_eq!(store.story_title(keys[0]).unwrap().as_deref(), Some("Fire"));
    }

    #[test]
    fn moving_a_document_updates_both_stories() {
        let (mut store, d) = store_with(&[Some("Fire"), Some("Smoke"), Some("Vote"), None]);
        let keys = store
            .record_placements(&[
                placed(d[0], StoryRef::New(0), &[1, 2], Some("Fire")),
                placed(d[1], StoryRef::New(0), &[2, 3], Some("Smoke")),
                placed(d[2], StoryRef::New(1), &[5], Some("Vote")),
            ])
            .unwrap();
        let (a, b) = (keys[0], keys[1]);

        // Not placed, or to no story: nothing changes.
        assert_eq!(store.move_document(d[3], None).unwrap(), None);
        assert_eq!(
            store.move_document(d[0], Some(StoryKey(999))).unwrap(),
            None
        );
        // Already there, or already alone: nothing to do.
        assert_eq!(store.move_document(d[0], Some(a)).unwrap(), Some(a));
        assert_eq!(store.move_document(d[2], None).unwrap(), Some(b));
        assert_eq!(store.story_correction_count().unwrap(), 0);

        // Out to a story of its own, titled with its headline; the story it left loses the
        // terms no remaining member has, and the title it gave.
        let own = store.move_document(d[0], None).unwrap().unwrap();
        assert!(own != a && own != b);
        assert_eq!(
            store.story(own).unwrap(),
            Some(StoredStory {
                key: own,
                title: Some("Fire".into()),
                documents: 1
            })
        );
        assert_eq!(
            store.story(a).unwrap(),
            Some(StoredStory {
                key: a,
                title: Some("Smoke".into()),
                documents: 1
            })
        );
        assert_eq!(store.stories_with_term(1, 8).unwrap(), [own]);
        assert_eq!(store.stories_with_term(2, 8).unwrap(), [own, a]);
        assert_eq!(store.stories_with_term(3, 8).unwrap(), [a]);
        assert_eq!(
            members(&store.story_parts(own, 8).unwrap()),
            [(None, vec![d[0]])]
        );
        assert_eq!(store.placed_document_count().unwrap(), 3);

        // Into another story, as a part named by the story it left; the emptied story
        // redirects there.
        assert_eq!(store.move_document(d[1], Some(b)).unwrap(), Some(b));
        assert_eq!(store.story_documents(b).unwrap(), [d[2], d[1]]);
        assert_eq!(
            members(&store.story_parts(b, 8).unwrap()),
            [(None, vec![d[2]]), (Some(a), vec![d[1]])]
        );
        assert_eq!(store.story(a).unwrap(), None);
        assert_eq!(store.story_redirect(a).unwrap(), Some(b));
        assert_eq!(store.stories_with_term(3, 8).unwrap(), [b]);
        assert_eq!(store.stories_with_term(2, 8).unwrap(), [own, b]);
        let listed: Vec<(StoryKey, u32)> = store
            .stories()
            .unwrap()
            .iter()
            .map(|s| (s.key, s.documents))
            .collect();
        assert_eq!(listed, [(b, 2), (own, 1)]);
        // Moved back to the story whose part it is: its own member again.
        assert_eq!(store.move_document(d[1], Some(own)).unwrap(), Some(own));
        assert_eq!(
            members(&store.story_parts(own, 8).unwrap()),
            [(None, vec![d[0]]), (Some(a), vec![d[1]])]
        );
        assert_eq!(store.story_correction_count().unwrap(), 3);
        // A story emptied by a move cannot take a document.
        assert_eq!(store.move_document(d[2], Some(a)).unwrap(), None);
    }

    #[test]
    fn a_placement_into_a_merged_story_lands_in_the_story_it_was_merged_into() {
        let (mut store, d) = store_with(&[None, None, None]);
        let keys = store
            .record_placements(&[
                placed(d[0], StoryRef::New(0), &[1], None),
                placed(d[1], StoryRef::New(1), &[2], None),
            ])
            .unwrap();
        assert!(store.merge_stories(keys[0], keys[1]).unwrap());
        // As a caller holding stories read before the merge would write it.
        store
            .record_placements(&[placed(d[2], StoryRef::Stored(keys[0]), &[1], None)])
            .unwrap();
        assert_eq!(store.story(keys[0]).unwrap(), None);
        assert_eq!(store.story(keys[1]).unwrap().unwrap().documents, 3);
        assert_eq!(
            members(&store.story_parts(keys[1], 8).unwrap()),
            [(None, vec![d[1]]), (Some(keys[0]), vec![d[0], d[2]])]
        );
    }

    /// A correction takes the lock a placement round holds: while another connection's
    /// round is open it waits (here: gives up at once), and goes through after.
    #[test]
    fn corrections_wait_for_a_placement_round() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut first = SqliteStore::open(&path).unwrap();
        let batch = Batch {
            documents: ["One text.", "Two text."]
                .iter()
                .enumerate()
                .map(|(n, text)| {
                    build_from_text(&format!("d{n}"), text, &IngestOptions::default()).unwrap()
                })
                .collect(),
            ..Batch::default()
        };
        let d: Vec<DocKey> = first
            .commit(&batch)
            .unwrap()
            .keys
            .into_iter()
            .flatten()
            .collect();
        let keys = first
            .record_placements(&[
                placed(d[0], StoryRef::New(0), &[1], None),
                placed(d[1], StoryRef::New(1), &[2], None),
            ])
            .unwrap();
        let mut second = SqliteStore::open(&path).unwrap();
        second
            .conn
            .busy_timeout(std::time::Duration::from_millis(10))
            .unwrap();
        first.begin_story_round().unwrap();
        assert!(second.merge_stories(keys[0], keys[1]).is_err());
        assert!(second.move_document(d[0], None).is_err());
        first.finish_story_round(true).unwrap();
        assert!(second.merge_stories(keys[0], keys[1]).unwrap());
        assert_eq!(first.story_redirect(keys[0]).unwrap(), Some(keys[1]));
        // Inside a round (the lock held), a correction is part of it.
        first.begin_story_round().unwrap();
        assert!(first.move_document(d[0], None).unwrap().is_some());
        first.finish_story_round(false).unwrap();
        assert_eq!(first.story_documents(keys[1]).unwrap().len(), 2);
    }
}
