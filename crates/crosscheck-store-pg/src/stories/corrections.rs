//! Stories corrected by hand: merges, moves, and the redirects they leave. Each runs with the
//! story lock held (see the parent module), as the SQLite store's do.

use std::collections::BTreeSet;

use crosscheck_store::{DocKey, Result, StoryKey};
use postgres::Client;
use rustc_hash::FxHashMap;

use super::{decode_terms, key};
use crate::error::Context;

/// [`crosscheck_store::StoryStore::merge_stories`], `from` and `into` distinct.
pub(super) fn merge(client: &mut Client, from: StoryKey, into: StoryKey) -> Result<bool> {
    if !has_documents(client, from)? || !has_documents(client, into)? {
        return Ok(false);
    }
    // Read before the members move: the terms that find `from` now find `into`.
    let terms = member_terms(client, from)?;
    // After every member placed so far (so after `into`'s), in their own order; a member
    // keeps the part it was in, and `from`'s own members become part `from` (a part named
    // `into` is `into`'s own again). The new positions are past every stored one, so the
    // shift never meets a taken one.
    let row = client
        .query_one(
            "SELECT (SELECT coalesce(max(seq), 0) FROM story_documents),
                    (SELECT min(seq) FROM story_documents WHERE story = $1)",
            &[&from.0],
        )
        .context("reading placement order")?;
    let last: i64 = row.get(0);
    let first: Option<i64> = row.get(1);
    let shift = last - first.unwrap_or(last) + 1;
    let moved = client
        .execute(
            "UPDATE story_documents SET story = $1, seq = seq + $2,
                 part = nullif(coalesce(part, $3), $1)
             WHERE story = $3",
            &[&into.0, &shift, &from.0],
        )
        .context("moving a story's members")?;
    client
        .execute(
            "UPDATE stories SET documents = documents + $2,
                 title = coalesce(title, (SELECT title FROM stories WHERE id = $3))
             WHERE id = $1",
            &[&into.0, &(moved as i64), &from.0],
        )
        .context("counting a merged story's documents")?;
    retire(client, from, into)?;
    move_postings(client, &terms, Some(from), into)?;
    record_correction(client, "merge", None, from, into)?;
    Ok(true)
}

/// [`crosscheck_store::StoryStore::move_document`].
pub(super) fn move_document(
    client: &mut Client,
    doc: DocKey,
    to: Option<StoryKey>,
) -> Result<Option<StoryKey>> {
    let Some(row) = client
        .query_opt(
            "SELECT seq, story, part, terms FROM story_documents WHERE doc = $1",
            &[&doc.0],
        )
        .context("reading a placement")?
    else {
        return Ok(None);
    };
    let seq: i64 = row.get(0);
    let source = StoryKey(row.get(1));
    let part: Option<i64> = row.get(2);
    let terms = decode_terms(doc, row.get(3))?;
    let (dest, part) = match to {
        Some(to) if to == source => return Ok(Some(source)),
        Some(to) if !has_documents(client, to)? => return Ok(None),
        // The group the document came with (see `StoryPart`).
        Some(to) => (to, Some(part.map_or(source, StoryKey)).filter(|&p| p != to)),
        None => {
            let alone: i64 = client
                .query_one(
                    "SELECT count(*) FROM story_documents WHERE story = $1",
                    &[&source.0],
                )
                .context("counting a story's documents")?
                .get(0);
            if alone <= 1 {
                return Ok(Some(source));
            }
            let id: i64 = client
                .query_one(
                    "INSERT INTO stories (id, title, documents)
                     VALUES ((SELECT coalesce(max(id), 0) + 1 FROM stories),
                             (SELECT title FROM documents WHERE seq = $1), 0)
                     RETURNING id",
                    &[&doc.0],
                )
                .context("creating a story")?
                .get(0);
            (StoryKey(id), None)
        }
    };
    // Last in placement order; placed by hand, not for a similarity.
    client
        .execute(
            "UPDATE story_documents SET story = $2, part = $3, similarity = 0,
                 seq = (SELECT max(seq) FROM story_documents) + 1
             WHERE seq = $1",
            &[&seq, &dest.0, &part.map(|p| p.0)],
        )
        .context("moving a document")?;
    client
        .execute(
            "UPDATE stories SET documents = documents + 1,
                 title = coalesce(title, (SELECT title FROM documents WHERE seq = $2))
             WHERE id = $1",
            &[&dest.0, &doc.0],
        )
        .context("counting a story's documents")?;
    let left: i64 = client
        .query_one(
            "UPDATE stories SET documents = documents - 1 WHERE id = $1 RETURNING documents",
            &[&source.0],
        )
        .context("counting a story's documents")?
        .get(0);
    if left <= 0 {
        retire(client, source, dest)?;
    } else {
        // A story titled by the document's headline takes its first remaining one.
        client
            .execute(
                "UPDATE stories SET title = (
                     SELECT d.title FROM story_documents m JOIN documents d ON d.seq = m.doc
                     WHERE m.story = $1 AND d.title IS NOT NULL ORDER BY m.seq LIMIT 1)
                 WHERE id = $1 AND title = (SELECT title FROM documents WHERE seq = $2)",
                &[&source.0, &doc.0],
            )
            .context("retitling a story")?;
    }
    let moved: BTreeSet<i64> = terms.iter().map(|&(t, _)| key(t)).collect();
    let kept = member_terms(client, source)?;
    let gone: BTreeSet<i64> = moved.difference(&kept).copied().collect();
    move_postings(client, &moved, None, dest)?;
    move_postings(client, &gone, Some(source), dest)?;
    record_correction(client, "move", Some(doc), source, dest)?;
    Ok(Some(dest))
}

/// Where the documents of a retired `story` are (see
/// [`crosscheck_store::StoryStore::story_redirect`]).
pub(super) fn redirect(client: &mut Client, story: StoryKey) -> Result<Option<StoryKey>> {
    // One step as written (`retire`); the bound only guards against a cycle no correction
    // makes.
    const MAX_STEPS: usize = 64;
    let mut at = story;
    for _ in 0..MAX_STEPS {
        let next: Option<i64> = client
            .query_opt("SELECT merged_into FROM stories WHERE id = $1", &[&at.0])
            .context("reading a redirect")?
            .and_then(|row| row.get(0));
        match next {
            Some(next) => at = StoryKey(next),
            None => break,
        }
    }
    Ok((at != story).then_some(at))
}

/// Every redirect recorded (retired story → the story it went to, one step), for
/// [`follow`]: one query for a whole round of placements.
pub(super) fn redirects(client: &mut Client) -> Result<FxHashMap<i64, i64>> {
    let rows = client
        .query(
            "SELECT id, merged_into FROM stories WHERE merged_into IS NOT NULL",
            &[],
        )
        .context("reading redirects")?;
    Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
}

/// [`redirect`] over the map [`redirects`] read.
pub(super) fn follow(redirects: &FxHashMap<i64, i64>, story: StoryKey) -> Option<StoryKey> {
    const MAX_STEPS: usize = 64;
    let mut at = story;
    for _ in 0..MAX_STEPS {
        match redirects.get(&at.0) {
            Some(&next) => at = StoryKey(next),
            None => break,
        }
    }
    (at != story).then_some(at)
}

/// Whether `story` exists with documents (not merged away or emptied).
fn has_documents(client: &mut Client, story: StoryKey) -> Result<bool> {
    Ok(client
        .query_opt(
            "SELECT 1 FROM stories WHERE id = $1 AND merged_into IS NULL AND documents > 0",
            &[&story.0],
        )
        .context("looking up a story")?
        .is_some())
}

/// Every term of the members of `story`, from their stored terms.
fn member_terms(client: &mut Client, story: StoryKey) -> Result<BTreeSet<i64>> {
    let rows = client
        .query(
            "SELECT doc, terms FROM story_documents WHERE story = $1",
            &[&story.0],
        )
        .context("reading a story's terms")?;
    let mut out = BTreeSet::new();
    for row in rows {
        let terms = decode_terms(DocKey(row.get(0)), row.get(1))?;
        out.extend(terms.into_iter().map(|(t, _)| key(t)));
    }
    Ok(out)
}

/// Index `terms` under story `to`, taking them off story `from` if given.
fn move_postings(
    client: &mut Client,
    terms: &BTreeSet<i64>,
    from: Option<StoryKey>,
    to: StoryKey,
) -> Result<()> {
    let terms: Vec<i64> = terms.iter().copied().collect();
    client
        .execute(
            "INSERT INTO story_terms (term, story) SELECT unnest($1::bigint[]), $2
             ON CONFLICT DO NOTHING",
            &[&terms, &to.0],
        )
        .context("indexing a story's terms")?;
    if let Some(from) = from {
        client
            .execute(
                "DELETE FROM story_terms WHERE story = $2 AND term = ANY($1)",
                &[&terms, &from.0],
            )
            .context("unindexing a story's terms")?;
    }
    Ok(())
}

/// Mark `story`, now without documents, as redirecting to `to`, and every story that
/// redirected to it with it (so a redirect is one step).
fn retire(client: &mut Client, story: StoryKey, to: StoryKey) -> Result<()> {
    client
        .execute(
            "UPDATE stories SET documents = 0, merged_into = $2 WHERE id = $1",
            &[&story.0, &to.0],
        )
        .context("retiring a story")?;
    client
        .execute(
            "UPDATE stories SET merged_into = $2 WHERE merged_into = $1",
            &[&story.0, &to.0],
        )
        .context("redirecting merged stories")?;
    Ok(())
}

/// Record a correction, for the audit trail (and the correction count).
fn record_correction(
    client: &mut Client,
    kind: &str,
    doc: Option<DocKey>,
    from: StoryKey,
    to: StoryKey,
) -> Result<()> {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    client
        .execute(
            "INSERT INTO story_corrections (kind, doc, from_story, to_story, made_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[&kind, &doc.map(|d| d.0), &from.0, &to.0, &now],
        )
        .context("recording a story correction")?;
    Ok(())
}
