//! Stories kept between runs: the state an incremental story index resumes from.
//!
//! A placement round is one transaction holding the story lock, a transaction-level advisory
//! lock: [`StoryStore::begin_story_round`] opens it and takes the lock (waiting for another
//! run's round or correction), [`StoryStore::finish_story_round`] commits or rolls it back,
//! which releases the lock. Placements and corrections made outside a round take the same
//! lock in a transaction of their own; inside one, they are a savepoint of it. Story keys
//! and placement order are the next integers under that lock, as SQLite's row ids are.
//! Corrections (merge, move, redirect) live in `corrections`.

mod corrections;

use chrono::NaiveDate;
use crosscheck_store::codec::{decode_story_terms, encode_story_terms};
use crosscheck_store::{
    DocKey, Result, StoreError, StoredStory, StoryKey, StoryMember, StoryOverview, StoryPart,
    StoryPlacement, StoryRef, StoryStore,
};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use postgres::Client;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::Context;
use crate::{lock_xact, locks, PgStore};

/// Term ids are u64 hashes; PostgreSQL's `bigint` is i64 with the same bits.
fn key(term: u64) -> i64 {
    term as i64
}

impl StoryStore for PgStore {
    fn begin_story_round(&mut self) -> Result<()> {
        let mut conn = self.conn();
        if conn.in_round {
            return Ok(());
        }
        conn.client
            .batch_execute("BEGIN")
            .context("starting a placement round")?;
        if let Err(e) = lock_xact(&mut conn.client, locks::STORIES) {
            let _ = conn.client.batch_execute("ROLLBACK");
            return Err(e);
        }
        conn.in_round = true;
        Ok(())
    }

    fn finish_story_round(&mut self, commit: bool) -> Result<()> {
        let mut conn = self.conn();
        if !conn.in_round {
            return Ok(());
        }
        // The transaction ends either way (a failed COMMIT rolls back).
        conn.in_round = false;
        conn.client
            .batch_execute(if commit { "COMMIT" } else { "ROLLBACK" })
            .context("ending a placement round")
    }

    fn placed_document_count(&self) -> Result<u32> {
        let n: i64 = self
            .conn()
            .client
            .query_one("SELECT count(*) FROM story_documents", &[])
            .context("counting placed documents")?
            .get(0);
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// By publication date (undated last), then content hash: not by key, which follows the
    /// order the threads wrote in.
    fn unplaced_documents(&self) -> Result<Vec<DocKey>> {
        let rows = self
            .conn()
            .client
            .query(
                "SELECT d.seq FROM documents d
                 WHERE NOT EXISTS (SELECT 1 FROM story_documents m WHERE m.doc = d.seq)
                 ORDER BY d.published IS NULL, d.published, d.hash",
                &[],
            )
            .context("listing unplaced documents")?;
        Ok(rows.iter().map(|row| DocKey(row.get(0))).collect())
    }

    fn story_document_frequencies(&self, terms: &[u64]) -> Result<Vec<(u64, u32)>> {
        let keys: Vec<i64> = terms.iter().map(|&t| key(t)).collect();
        let rows = self
            .conn()
            .client
            .query(
                "SELECT term, df FROM story_df WHERE term = ANY($1)",
                &[&keys],
            )
            .context("reading document frequencies")?;
        let found: FxHashMap<i64, i64> = rows.iter().map(|row| (row.get(0), row.get(1))).collect();
        // In the order asked, as the SQLite store answers.
        Ok(terms
            .iter()
            .filter_map(|&term| {
                found
                    .get(&key(term))
                    .map(|&df| (term, u32::try_from(df).unwrap_or(u32::MAX)))
            })
            .collect())
    }

    fn stories_with_term(&self, term: u64, limit: usize) -> Result<Vec<StoryKey>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .conn()
            .client
            .query(
                "SELECT story FROM story_terms WHERE term = $1 ORDER BY story DESC LIMIT $2",
                &[&key(term), &limit],
            )
            .context("looking up stories by term")?;
        Ok(rows.iter().map(|row| StoryKey(row.get(0))).collect())
    }

    fn stories_with_terms(&self, terms: &[u64], limit: usize) -> Result<Vec<Vec<StoryKey>>> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let keys: Vec<i64> = terms.iter().map(|&t| key(t)).collect();
        // One round trip: each term's latest stories, as `stories_with_term` gives them.
        let rows = self
            .conn()
            .client
            .query(
                "SELECT t.n, s.story
                 FROM unnest($1::bigint[]) WITH ORDINALITY AS t(term, n)
                 CROSS JOIN LATERAL (
                     SELECT story FROM story_terms WHERE term = t.term
                     ORDER BY story DESC LIMIT $2
                 ) s
                 ORDER BY t.n, s.story DESC",
                &[&keys, &limit],
            )
            .context("looking up stories by terms")?;
        let mut out: Vec<Vec<StoryKey>> = vec![Vec::new(); terms.len()];
        for row in rows {
            let n: i64 = row.get(0);
            if let Some(list) = usize::try_from(n - 1).ok().and_then(|i| out.get_mut(i)) {
                list.push(StoryKey(row.get(1)));
            }
        }
        Ok(out)
    }

    fn story_members(&self, story: StoryKey, per_end: usize) -> Result<Vec<StoryMember>> {
        members_where(&mut self.conn().client, story, Part::All, per_end)
    }

    fn story_parts(&self, story: StoryKey, per_end: usize) -> Result<Vec<StoryPart>> {
        let mut conn = self.conn();
        let client = &mut conn.client;
        let parts: Vec<StoryKey> = client
            .query(
                "SELECT DISTINCT part FROM story_documents
                 WHERE story = $1 AND part IS NOT NULL ORDER BY part",
                &[&story.0],
            )
            .context("listing a story's parts")?
            .iter()
            .map(|row| StoryKey(row.get(0)))
            .collect();
        let own = if parts.is_empty() {
            Part::All
        } else {
            Part::Own
        };
        let mut out = Vec::with_capacity(parts.len() + 1);
        out.push(StoryPart {
            part: None,
            members: members_where(client, story, own, per_end)?,
        });
        for part in parts {
            out.push(StoryPart {
                part: Some(part),
                members: members_where(client, story, Part::Of(part), per_end)?,
            });
        }
        out.retain(|p| !p.members.is_empty());
        Ok(out)
    }

    fn story_title(&self, story: StoryKey) -> Result<Option<String>> {
        Ok(self
            .conn()
            .client
            .query_opt("SELECT title FROM stories WHERE id = $1", &[&story.0])
            .context("reading a story title")?
            .and_then(|row| row.get(0)))
    }

    fn story_of_documents(&self, docs: &[DocKey]) -> Result<Vec<(DocKey, StoryKey)>> {
        let keys: Vec<i64> = docs.iter().map(|d| d.0).collect();
        let rows = self
            .conn()
            .client
            .query(
                "SELECT doc, story FROM story_documents WHERE doc = ANY($1)",
                &[&keys],
            )
            .context("reading placements")?;
        let found: FxHashMap<i64, i64> = rows.iter().map(|row| (row.get(0), row.get(1))).collect();
        Ok(docs
            .iter()
            .filter_map(|&doc| found.get(&doc.0).map(|&story| (doc, StoryKey(story))))
            .collect())
    }

    fn record_placements(&mut self, placements: &[StoryPlacement]) -> Result<Vec<StoryKey>> {
        self.conn()
            .write(Some(locks::STORIES), |client| record(client, placements))
    }

    fn stories(&self) -> Result<Vec<StoredStory>> {
        let rows = self
            .conn()
            .client
            .query(
                "SELECT id, title, documents FROM stories
                 WHERE merged_into IS NULL AND documents > 0 ORDER BY id",
                &[],
            )
            .context("listing stories")?;
        Ok(rows.iter().map(stored_story).collect())
    }

    fn story(&self, story: StoryKey) -> Result<Option<StoredStory>> {
        Ok(self
            .conn()
            .client
            .query_opt(
                "SELECT id, title, documents FROM stories
                 WHERE id = $1 AND merged_into IS NULL AND documents > 0",
                &[&story.0],
            )
            .context("reading a story")?
            .as_ref()
            .map(stored_story))
    }

    fn story_documents(&self, story: StoryKey) -> Result<Vec<DocKey>> {
        let rows = self
            .conn()
            .client
            .query(
                "SELECT doc FROM story_documents WHERE story = $1 ORDER BY seq",
                &[&story.0],
            )
            .context("listing a story's documents")?;
        Ok(rows.iter().map(|row| DocKey(row.get(0))).collect())
    }

    fn story_overviews(&self) -> Result<Vec<StoryOverview>> {
        let rows = self
            .conn()
            .client
            .query(
                "SELECT s.id, s.title, s.documents,
                        array_agg(DISTINCT d.outlet) FILTER (WHERE d.outlet IS NOT NULL),
                        min(d.published), max(d.published)
                 FROM stories s
                 LEFT JOIN story_documents m ON m.story = s.id
                 LEFT JOIN documents d ON d.seq = m.doc
                 WHERE s.merged_into IS NULL AND s.documents > 0
                 GROUP BY s.id
                 ORDER BY s.documents DESC, s.id",
                &[],
            )
            .context("listing story overviews")?;
        Ok(rows
            .iter()
            .map(|row| {
                let outlets: Option<Vec<String>> = row.get(3);
                let mut outlets: Vec<String> = outlets
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|name| !name.trim().is_empty())
                    .collect();
                outlets.sort_unstable();
                outlets.dedup();
                StoryOverview {
                    key: StoryKey(row.get(0)),
                    title: row.get(1),
                    documents: u32::try_from(row.get::<_, i64>(2)).unwrap_or(0),
                    outlets,
                    first_published: row.get(4),
                    last_published: row.get(5),
                }
            })
            .collect())
    }

    fn merge_stories(&mut self, from: StoryKey, into: StoryKey) -> Result<bool> {
        if from == into {
            return Ok(false);
        }
        self.conn().write(Some(locks::STORIES), |client| {
            corrections::merge(client, from, into)
        })
    }

    fn move_document(&mut self, doc: DocKey, to: Option<StoryKey>) -> Result<Option<StoryKey>> {
        self.conn().write(Some(locks::STORIES), |client| {
            corrections::move_document(client, doc, to)
        })
    }

    fn story_redirect(&self, story: StoryKey) -> Result<Option<StoryKey>> {
        corrections::redirect(&mut self.conn().client, story)
    }

    fn story_correction_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn()
            .client
            .query_one("SELECT count(*) FROM story_corrections", &[])
            .context("counting story corrections")?
            .get(0);
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// A story from a row of `id, title, documents`.
fn stored_story(row: &postgres::Row) -> StoredStory {
    StoredStory {
        key: StoryKey(row.get(0)),
        title: row.get(1),
        documents: u32::try_from(row.get::<_, i64>(2)).unwrap_or(0),
    }
}

/// Write one round of placements (the story lock held): new stories, members, document
/// frequencies, story terms and titles. Returns the keys given to the new stories.
///
/// What placing one document after another would write, in a few statements over arrays:
/// keys, placement order, redirects and each story's count and title are worked out here from
/// what is read first under the lock (no other writer can change them until it is released).
fn record(client: &mut Client, placements: &[StoryPlacement]) -> Result<Vec<StoryKey>> {
    let docs: Vec<i64> = placements.iter().map(|p| p.member.doc.0).collect();
    let row = client
        .query_one(
            "SELECT (SELECT coalesce(max(id), 0) + 1 FROM stories),
                    (SELECT coalesce(max(seq), 0) + 1 FROM story_documents),
                    ARRAY(SELECT doc FROM story_documents WHERE doc = ANY($1))",
            &[&docs],
        )
        .context("reading the next story key")?;
    let mut next_story: i64 = row.get(0);
    let first_new_story = next_story;
    let mut next_seq: i64 = row.get(1);
    let placed_before: Vec<i64> = row.get(2);
    // Documents placed already: by another run on the same database, or earlier in this
    // round; each is counted once.
    let mut placed: FxHashSet<i64> = placed_before.into_iter().collect();
    let redirects = if placements
        .iter()
        .any(|p| matches!(p.story, StoryRef::Stored(_)))
    {
        corrections::redirects(client)?
    } else {
        FxHashMap::default()
    };
    // New stories: key, title given at creation, documents, first title placed.
    let mut new_keys: Vec<i64> = Vec::new();
    let mut new_titles: Vec<Option<&str>> = Vec::new();
    // Stored stories: documents added, the first title placed (in first-touched order).
    let mut touched: FxHashMap<i64, (i64, Option<&str>)> = FxHashMap::default();
    let mut touched_order: Vec<i64> = Vec::new();
    let mut members = MemberColumns::default();
    let mut df_increments: FxHashMap<i64, i64> = FxHashMap::default();
    let mut postings: Vec<(i64, i64)> = Vec::new();
    for placement in placements {
        let mut part = placement.part.map(|p| p.0);
        let story = match placement.story {
            // A story merged away since the caller read it: the document joins the story it
            // was merged into, in its part, as the merge moved its members.
            StoryRef::Stored(stored) => match corrections::follow(&redirects, stored) {
                Some(live) => {
                    let group = placement.part.unwrap_or(stored);
                    part = (group != live).then_some(group.0);
                    live.0
                }
                None => stored.0,
            },
            StoryRef::New(n) => {
                while new_keys.len() <= n {
                    new_keys.push(next_story);
                    new_titles.push(placement.title.as_deref());
                    next_story += 1;
                }
                new_keys[n]
            }
        };
        // Another run on the same database placed it first: count it once.
        if !placed.insert(placement.member.doc.0) {
            continue;
        }
        members.seq.push(next_seq);
        members.doc.push(placement.member.doc.0);
        members.story.push(story);
        members.similarity.push(placement.similarity);
        members
            .day
            .push(placement.member.day.map(|d| d.to_string()));
        members
            .terms
            .push(encode_story_terms(&placement.member.terms));
        members.part.push(part);
        next_seq += 1;
        let entry = touched.entry(story).or_insert_with(|| {
            touched_order.push(story);
            (0, None)
        });
        entry.0 += 1;
        if entry.1.is_none() {
            entry.1 = placement.title.as_deref();
        }
        for &term in &placement.term_ids {
            *df_increments.entry(key(term)).or_default() += 1;
            postings.push((key(term), story));
        }
    }
    if !new_keys.is_empty() {
        // Created with their counts and titles final (`coalesce(title, ...)` as each
        // placement would have set it).
        let first_new = new_keys[0];
        let (counts, titles): (Vec<i64>, Vec<Option<&str>>) = new_keys
            .iter()
            .zip(&new_titles)
            .map(|(id, &created)| match touched.remove(id) {
                Some((n, placed)) => (n, created.or(placed)),
                None => (0, created),
            })
            .unzip();
        touched_order.retain(|id| *id < first_new);
        client
            .execute(
                "INSERT INTO stories (id, title, documents)
                 SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[])",
                &[&new_keys, &titles, &counts],
            )
            .context("creating stories")?;
    }
    if !members.seq.is_empty() {
        client
            .execute(
                "INSERT INTO story_documents (seq, doc, story, similarity, day, terms, part)
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::float8[],
                                      $5::text[], $6::bytea[], $7::bigint[])",
                &[
                    &members.seq,
                    &members.doc,
                    &members.story,
                    &members.similarity,
                    &members.day,
                    &members.terms,
                    &members.part,
                ],
            )
            .context("placing documents")?;
    }
    if !touched_order.is_empty() {
        // In key order, as below.
        touched_order.sort_unstable();
        let (counts, titles): (Vec<i64>, Vec<Option<&str>>) = touched_order
            .iter()
            .map(|id| touched.get(id).copied().unwrap_or((0, None)))
            .unzip();
        client
            .execute(
                "UPDATE stories s SET documents = s.documents + c.n, title = coalesce(s.title, c.title)
                 FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS c(id, n, title)
                 WHERE s.id = c.id",
                &[&touched_order, &counts, &titles],
            )
            .context("counting stories' documents")?;
    }
    // In key order: pages touched in sequence, and two writers never wait on each other in
    // opposite orders.
    let mut df: Vec<(i64, i64)> = df_increments.into_iter().collect();
    df.sort_unstable();
    let (terms, counts): (Vec<i64>, Vec<i64>) = df.into_iter().unzip();
    client
        .execute(
            "INSERT INTO story_df (term, df) SELECT * FROM unnest($1::bigint[], $2::bigint[])
             ON CONFLICT (term) DO UPDATE SET df = story_df.df + excluded.df",
            &[&terms, &counts],
        )
        .context("counting terms' documents")?;
    postings.sort_unstable();
    postings.dedup();
    // Every writer of story terms holds the story lock: a posting found missing stays missing
    // until inserted. A story started in this round has none yet: its postings are copied in
    // (binary `COPY`, no lookup); a stored story's go in where missing, by a plain insert
    // (not a speculative one per posting).
    let (fresh, stored) = postings
        .into_iter()
        .partition::<Vec<(i64, i64)>, _>(|&(_, story)| story >= first_new_story);
    if !stored.is_empty() {
        let (terms, stories): (Vec<i64>, Vec<i64>) = stored.into_iter().unzip();
        client
            .execute(
                "INSERT INTO story_terms (term, story)
                 SELECT t.term, t.story FROM unnest($1::bigint[], $2::bigint[]) AS t(term, story)
                 WHERE NOT EXISTS (
                     SELECT 1 FROM story_terms s WHERE s.term = t.term AND s.story = t.story)",
                &[&terms, &stories],
            )
            .context("indexing stories' terms")?;
    }
    if !fresh.is_empty() {
        let sink = client
            .copy_in("COPY story_terms (term, story) FROM STDIN (FORMAT binary)")
            .context("starting the story terms copy")?;
        let mut writer = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::INT8]);
        for (term, story) in &fresh {
            writer
                .write(&[term, story])
                .context("copying a story term")?;
        }
        writer.finish().context("finishing the story terms copy")?;
    }
    Ok(new_keys.into_iter().map(StoryKey).collect())
}

/// The columns of the members a round places, one array each.
#[derive(Default)]
struct MemberColumns {
    seq: Vec<i64>,
    doc: Vec<i64>,
    story: Vec<i64>,
    similarity: Vec<f64>,
    day: Vec<Option<String>>,
    terms: Vec<Vec<u8>>,
    part: Vec<Option<i64>>,
}

/// Which members of a story [`members_where`] reads.
#[derive(Clone, Copy)]
enum Part {
    /// Every member.
    All,
    /// The story's own members (part NULL).
    Own,
    /// The members of one part.
    Of(StoryKey),
}

/// The first `per_end` and the latest `per_end` members of `story` among `part`, in
/// placement order.
fn members_where(
    client: &mut Client,
    story: StoryKey,
    part: Part,
    per_end: usize,
) -> Result<Vec<StoryMember>> {
    let filter = match part {
        Part::All => "story = $1",
        Part::Own => "story = $1 AND part IS NULL",
        Part::Of(_) => "story = $1 AND part = $3",
    };
    let sql = format!(
        "SELECT doc, day, terms FROM (
             (SELECT seq, doc, day, terms FROM story_documents WHERE {filter} ORDER BY seq LIMIT $2)
             UNION
             (SELECT seq, doc, day, terms FROM story_documents WHERE {filter} ORDER BY seq DESC LIMIT $2)
         ) m ORDER BY seq"
    );
    let per_end = i64::try_from(per_end).unwrap_or(i64::MAX);
    let rows = match part {
        Part::Of(p) => client.query(&sql, &[&story.0, &per_end, &p.0]),
        Part::All | Part::Own => client.query(&sql, &[&story.0, &per_end]),
    }
    .context("reading story members")?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let doc = DocKey(row.get(0));
        let day: Option<String> = row.get(1);
        out.push(StoryMember {
            doc,
            day: day.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            terms: decode_terms(doc, row.get(2))?,
        });
    }
    Ok(out)
}

/// A member's stored terms (codec `story_terms`).
pub(crate) fn decode_terms(doc: DocKey, bytes: &[u8]) -> Result<Vec<(u64, f32)>> {
    decode_story_terms(bytes).ok_or_else(|| StoreError::CorruptValue {
        column: "story_documents.terms",
        key: doc.to_string(),
        message: format!("{} bytes is not a whole number of records", bytes.len()),
    })
}
