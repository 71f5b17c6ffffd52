//! Full-text search: an FTS5 index over document titles and texts.
//!
//! The index is external-content (it keeps postings, the text stays in `documents`) and is
//! filled on demand, not by ingest: [`SearchStore::refresh_search_index`] adds the documents
//! stored after the highest key it indexed last time, which is enough because documents are
//! never deleted or rewritten. A query reaches FTS5 only as quoted plain words, so no user
//! text is ever read as operator syntax.

use rusqlite::params;

use super::SqliteStore;
use crate::corpus::SearchStore;
use crate::error::{Context, Result};
use crate::keys::DocKey;
use crate::records::{SearchHit, SnippetPiece};

/// Most words of a query that reach the index; the rest are ignored.
const MAX_QUERY_WORDS: usize = 16;
/// Tokens of text in a snippet.
const SNIPPET_TOKENS: usize = 24;
/// Marks the start of a match in FTS5's snippet output.
const MATCH_START: char = '\u{2}';
/// Marks the end of a match in FTS5's snippet output.
const MATCH_END: char = '\u{3}';

impl SearchStore for SqliteStore {
    fn refresh_search_index(&mut self) -> Result<u64> {
        // Immediate: the write lock first, so no document is stored between reading the
        // watermark and moving it.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .context("starting a transaction")?;
        let indexed: i64 = tx
            .query_row("SELECT seq FROM search_indexed WHERE id = 1", [], |row| {
                row.get(0)
            })
            .context("reading the search index watermark")?;
        // The indexed values must be the content table's own (the index deletes and
        // snippets by them), hence `title` as stored, NULL included.
        let added = tx
            .execute(
                "INSERT INTO documents_search (rowid, title, text)
                 SELECT seq, title, text FROM documents WHERE seq > ?1 ORDER BY seq",
                [indexed],
            )
            .context("indexing documents for search")?;
        tx.execute(
            "UPDATE search_indexed SET seq = max(seq, (SELECT coalesce(max(seq), 0) FROM documents))
             WHERE id = 1",
            [],
        )
        .context("moving the search index watermark")?;
        tx.commit().context("committing the search index")?;
        Ok(added as u64)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(expression) = match_expression(query) else {
            return Ok(Vec::new());
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT rowid, snippet(documents_search, 1, char(2), char(3), '…', {SNIPPET_TOKENS})
                 FROM documents_search WHERE documents_search MATCH ?1
                 ORDER BY rank LIMIT ?2"
            ))
            .context("preparing the search")?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(params![expression, limit], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, Option<String>>(1)?))
            })
            .context("searching documents")?;
        let mut out = Vec::new();
        for row in rows {
            let (doc, snippet) = row.context("reading a search hit")?;
            out.push(SearchHit {
                doc: DocKey(doc),
                snippet: snippet_pieces(snippet.as_deref().unwrap_or("")),
            });
        }
        Ok(out)
    }
}

/// The FTS5 expression for `query`: its first [`MAX_QUERY_WORDS`] words (runs of letters
/// and digits, with the combining marks that follow them) each as a quoted phrase, which
/// FTS5 reads as all of them; `None` when the query has no word.
fn match_expression(query: &str) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    let mut start: Option<usize> = None;
    for (at, c) in query.char_indices() {
        let word_char = c.is_alphanumeric() || (start.is_some() && is_combining_mark(c));
        match (word_char, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                words.push(&query[from..at]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        words.push(&query[from..]);
    }
    words.truncate(MAX_QUERY_WORDS);
    if words.is_empty() {
        return None;
    }
    // A word holds no quote (not alphanumeric), so quoting needs no escape.
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    Some(quoted.join(" "))
}

/// Combining diacritical marks, which belong to the word they follow ("e" + U+0301 is "é").
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// Split FTS5 snippet output into runs, by the match markers. Markers are never part of the
/// text: a stray one (a document may hold the control character itself) only switches the
/// state it already names, or is dropped, so the pieces hold no marker whatever the text.
fn snippet_pieces(snippet: &str) -> Vec<SnippetPiece> {
    let mut pieces: Vec<SnippetPiece> = Vec::new();
    let mut text = String::new();
    let mut matched = false;
    for c in snippet.chars() {
        match c {
            MATCH_START => {
                flush(&mut text, matched, &mut pieces);
                matched = true;
            }
            MATCH_END => {
                flush(&mut text, matched, &mut pieces);
                matched = false;
            }
            _ => text.push(c),
        }
    }
    flush(&mut text, matched, &mut pieces);
    pieces
}

/// Move `text` into the last piece if it has the same `matched`, else into a new piece.
fn flush(text: &mut String, matched: bool, pieces: &mut Vec<SnippetPiece>) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some(last) if last.matched == matched => last.text.push_str(text),
        _ => pieces.push(SnippetPiece {
            text: text.clone(),
            matched,
        }),
    }
    text.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Batch, DocumentStore};
    use crosscheck::ingest::{build_from_text, IngestOptions};
    use crosscheck::Document;

    fn doc(id: &str, text: &str) -> Document {
        build_from_text(id, text, &IngestOptions::default()).expect("test document builds")
    }

    fn store_with(docs: &[Document]) -> (SqliteStore, Vec<DocKey>) {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let batch = Batch {
            documents: docs.to_vec(),
            ..Batch::default()
        };
        let keys = store.commit(&batch).unwrap().keys.into_iter().flatten();
        (store, keys.collect())
    }

    fn hits(store: &SqliteStore, query: &str) -> Vec<DocKey> {
        let mut found: Vec<DocKey> = store
            .search(query, 10)
            .unwrap()
            .into_iter()
            .map(|hit| hit.doc)
            .collect();
        found.sort_unstable();
        found
    }

    fn titled(id: &str, title: &str, text: &str) -> Document {
        let mut doc = doc(id, text);
        doc.meta.title = Some(crosscheck::Sourced::new(
            title.to_string(),
            crosscheck::Origin::Record,
        ));
        doc
    }

    #[test]
    fn finds_by_title_and_text_words_without_diacritics() {
        let (mut store, keys) = store_with(&[
            titled(
                "a",
                "Ferry blaze strands islanders",
                "The harbour was closed on Tuesday.",
            ),
            doc("b", "A café in São Paulo reopened after the fire."),
            doc("c", "Nothing to see here."),
        ]);
        assert!(
            store.search("ferry", 10).unwrap().is_empty(),
            "not indexed yet"
        );
        assert_eq!(store.refresh_search_index().unwrap(), 3);
        assert_eq!(hits(&store, "FERRY"), [keys[0]], "by title");
        assert_eq!(hits(&store, "harbour tuesday"), [keys[0]], "by text");
        assert!(
            hits(&store, "harbour café").is_empty(),
            "every word must match"
        );
        assert_eq!(hits(&store, "cafe sao"), [keys[1]], "diacritics ignored");
        assert_eq!(hits(&store, "CAFÉ"), [keys[1]]);
        assert_eq!(hits(&store, "cafe\u{301}"), [keys[1]], "decomposed accent");
        assert_eq!(hits(&store, "the"), [keys[0], keys[1]]);
        assert_eq!(store.search("the", 1).unwrap().len(), 1);
        assert!(store.search("the", 0).unwrap().is_empty());
        assert!(store.search("", 10).unwrap().is_empty());
        assert!(store.search("  -- ** ", 10).unwrap().is_empty());
    }

    #[test]
    fn hostile_queries_are_plain_words() {
        let (mut store, keys) = store_with(&[doc("a", "A near miss for x, said the source.")]);
        store.refresh_search_index().unwrap();
        for query in [
            r#""a" OR NEAR( * -x ^"#,
            "\"",
            "\"\"",
            "title:near",
            "a AND",
            "NOT",
            "x*",
            "{title text}: x",
            "\u{2}x\u{3}",
            "\u{345}",
            "x \u{0}",
        ] {
            store
                .search(query, 10)
                .unwrap_or_else(|e| panic!("{query:?}: {e}"));
        }
        assert!(hits(&store, r#""a" OR NEAR( * -x ^"#).is_empty());
        assert_eq!(hits(&store, "near: x* (a)"), [keys[0]]);
        let many = "a ".repeat(40) + "absent";
        assert_eq!(
            hits(&store, &many),
            [keys[0]],
            "words past the 16th ignored"
        );
    }

    #[test]
    fn refresh_is_incremental() {
        let (mut store, keys) = store_with(&[doc("a", "The first quiet text.")]);
        assert_eq!(store.refresh_search_index().unwrap(), 1);
        assert_eq!(store.refresh_search_index().unwrap(), 0);
        let batch = Batch {
            documents: vec![doc("b", "The second quiet text.")],
            ..Batch::default()
        };
        let b = store.commit(&batch).unwrap().keys[0].unwrap();
        assert_eq!(hits(&store, "quiet"), [keys[0]], "ingest does not index");
        assert_eq!(store.refresh_search_index().unwrap(), 1);
        assert_eq!(store.refresh_search_index().unwrap(), 0);
        assert_eq!(hits(&store, "quiet"), [keys[0], b]);
        assert_eq!(hits(&store, "second"), [b]);
    }

    #[test]
    fn snippets_mark_the_matched_words() {
        let text = "Islanders on Kessa face two weeks without their main ferry after a fire \
                    destroyed the vessel overnight, officials said on Tuesday morning.";
        let (mut store, keys) = store_with(&[doc("a", text)]);
        store.refresh_search_index().unwrap();
        let found = store.search("ferry officials", 10).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].doc, keys[0]);
        let matched: Vec<&str> = found[0]
            .snippet
            .iter()
            .filter(|p| p.matched)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(matched, ["ferry", "officials"]);
        let whole: String = found[0].snippet.iter().map(|p| p.text.as_str()).collect();
        assert!(whole.contains("main ferry after"), "{whole}");
        assert!(!whole.contains(['\u{2}', '\u{3}']));
    }

    #[test]
    fn snippet_markers_split_robustly() {
        let piece = |text: &str, matched| SnippetPiece {
            text: text.to_string(),
            matched,
        };
        assert_eq!(
            snippet_pieces("a \u{2}b\u{3} c"),
            [piece("a ", false), piece("b", true), piece(" c", false)]
        );
        assert_eq!(
            snippet_pieces("\u{2}\u{2}b\u{3}\u{3}\u{3}c\u{2}"),
            [piece("b", true), piece("c", false)]
        );
        assert!(snippet_pieces("").is_empty());
        assert_eq!(
            match_expression("l'été, 2024!").as_deref(),
            Some("\"l\" \"été\" \"2024\"")
        );
        assert_eq!(match_expression("\"*\" ^ -"), None);
    }
}
