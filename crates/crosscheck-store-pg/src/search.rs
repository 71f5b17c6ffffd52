//! Full-text search over document titles and texts: a `tsvector` per document with a GIN
//! index, filled on demand, not by ingest.
//!
//! [`SearchStore::refresh_search_index`] adds the documents stored after the highest key it
//! indexed last time (documents are never deleted or rewritten). Words are cut and folded
//! here, as the SQLite store's FTS5 index (`unicode61 remove_diacritics 2`) cuts them: runs
//! of letters and digits (with the combining marks that follow), lowercased, diacritics
//! removed. They reach PostgreSQL as ready lexemes (a `tsvector` literal, a `tsquery` of
//! quoted words joined with `&`), so no text search configuration, dictionary, extension
//! or server locale decides what matches, and no user text is ever read as operator syntax.
//! Snippets are cut here too, from the matched words.

use std::collections::BTreeMap;

use crosscheck::text::normalize_word;
use crosscheck_store::{DocKey, Result, SearchHit, SearchStore, SnippetPiece};

use crate::error::Context;
use crate::{locks, PgStore};

/// Most words of a query that reach the index; the rest are ignored.
const MAX_QUERY_WORDS: usize = 16;
/// Tokens of text in a snippet.
const SNIPPET_TOKENS: usize = 24;
/// Documents indexed per statement.
const REFRESH_CHUNK: i64 = 500;
/// Longest lexeme PostgreSQL takes, in bytes (longer words are left out).
const MAX_LEXEME: usize = 2046;
/// Positions kept per lexeme (PostgreSQL's limit).
const MAX_POSITIONS: usize = 256;
/// Highest word position PostgreSQL keeps.
const MAX_POSITION: usize = 16_383;
/// Bytes of one document's `tsvector` literal, under PostgreSQL's 1 MB limit.
const MAX_VECTOR: usize = 900_000;

impl SearchStore for PgStore {
    fn refresh_search_index(&mut self) -> Result<u64> {
        self.conn().write(Some(locks::SEARCH), |client| {
            let mut added = 0u64;
            loop {
                let indexed: i64 = client
                    .query_one("SELECT seq FROM search_indexed WHERE id = 1", &[])
                    .context("reading the search index watermark")?
                    .get(0);
                let rows = client
                    .query(
                        "SELECT seq, title, text FROM documents WHERE seq > $1 ORDER BY seq LIMIT $2",
                        &[&indexed, &REFRESH_CHUNK],
                    )
                    .context("reading documents to index")?;
                let Some(last) = rows.last().map(|row| row.get::<_, i64>(0)) else {
                    break;
                };
                let keys: Vec<i64> = rows.iter().map(|row| row.get(0)).collect();
                let vectors: Vec<String> = rows
                    .iter()
                    .map(|row| tsvector_literal(row.get(1), row.get(2)))
                    .collect();
                client
                    .execute(
                        "INSERT INTO documents_search (seq, words)
                         SELECT seq, words::tsvector FROM unnest($1::bigint[], $2::text[]) AS t(seq, words)
                         ON CONFLICT (seq) DO NOTHING",
                        &[&keys, &vectors],
                    )
                    .context("indexing documents for search")?;
                client
                    .execute(
                        "UPDATE search_indexed SET seq = greatest(seq, $1) WHERE id = 1",
                        &[&last],
                    )
                    .context("moving the search index watermark")?;
                added += rows.len() as u64;
            }
            Ok(added)
        })
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let words = query_words(query);
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let tsquery: Vec<String> = words.iter().map(|w| quote_lexeme(w)).collect();
        let tsquery = tsquery.join(" & ");
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .conn()
            .client
            .query(
                "SELECT d.seq, d.text FROM (
                     SELECT s.seq, ts_rank(s.words, q) AS rank
                     FROM documents_search s, CAST($1::text AS tsquery) q
                     WHERE s.words @@ q ORDER BY rank DESC, s.seq LIMIT $2
                 ) hit JOIN documents d ON d.seq = hit.seq
                 ORDER BY hit.rank DESC, hit.seq",
                &[&tsquery, &limit],
            )
            .context("searching documents")?;
        Ok(rows
            .iter()
            .map(|row| SearchHit {
                doc: DocKey(row.get(0)),
                snippet: snippet(row.get(1), &words),
            })
            .collect())
    }
}

/// Byte ranges of the words of `text`: runs of letters and digits, with the combining marks
/// that follow them.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    for (at, c) in text.char_indices() {
        let word_char = c.is_alphanumeric() || (start.is_some() && is_combining_mark(c));
        match (word_char, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                spans.push((from, at));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        spans.push((from, text.len()));
    }
    spans
}

/// The folded first [`MAX_QUERY_WORDS`] words of `query`, each once, in order.
fn query_words(query: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for (from, to) in word_spans(query).into_iter().take(MAX_QUERY_WORDS) {
        let word = normalize_word(&query[from..to]);
        if !word.is_empty() && !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// `word` quoted as a `tsquery` or `tsvector` lexeme (a word holds neither quote nor
/// backslash, but nothing rests on that).
fn quote_lexeme(word: &str) -> String {
    format!("'{}'", word.replace('\\', "\\\\").replace('\'', "''"))
}

/// The `tsvector` literal of a document: every folded word of its title and text with its
/// positions (title first), within PostgreSQL's limits.
fn tsvector_literal(title: Option<&str>, text: &str) -> String {
    let mut positions: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut at = 0usize;
    for part in [title.unwrap_or(""), text] {
        for (from, to) in word_spans(part) {
            let word = normalize_word(&part[from..to]);
            at += 1;
            if word.is_empty() || word.len() > MAX_LEXEME {
                continue;
            }
            let list = positions.entry(word).or_default();
            if list.len() < MAX_POSITIONS && at <= MAX_POSITION {
                list.push(at);
            }
        }
    }
    let mut out = String::new();
    for (word, list) in positions {
        let mut entry = quote_lexeme(&word);
        let spelled: Vec<String> = list.iter().map(usize::to_string).collect();
        if !spelled.is_empty() {
            entry.push(':');
            entry.push_str(&spelled.join(","));
        }
        if out.len() + entry.len() + 1 > MAX_VECTOR {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&entry);
    }
    out
}

/// Combining diacritical marks, which belong to the word they follow ("e" + U+0301 is "é").
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// A snippet of `text` around the matches of `words`, as FTS5 cuts one: at most
/// [`SNIPPET_TOKENS`] words, the window holding the most distinct query words (then the
/// most matches, then the earliest), centred on its matches, with `…` where text is cut.
/// The beginning of the text when no word of it matches (a match in the title).
fn snippet(text: &str, words: &[String]) -> Vec<SnippetPiece> {
    let spans = word_spans(text);
    let hits: Vec<Option<usize>> = spans
        .iter()
        .map(|&(from, to)| {
            let word = normalize_word(&text[from..to]);
            words.iter().position(|w| *w == word)
        })
        .collect();
    let n = spans.len();
    let mut best: Option<(usize, usize, usize)> = None; // (distinct, matches, start)
    for start in (0..n).filter(|&i| hits[i].is_some()) {
        let window = &hits[start..(start + SNIPPET_TOKENS).min(n)];
        let mut seen = vec![false; words.len()];
        let mut matches = 0;
        for w in window.iter().flatten() {
            seen[*w] = true;
            matches += 1;
        }
        let distinct = seen.iter().filter(|s| **s).count();
        if best.is_none_or(|(d, m, _)| (distinct, matches) > (d, m)) {
            best = Some((distinct, matches, start));
        }
    }
    let (start, end) = match best {
        None => (0, n.min(SNIPPET_TOKENS)),
        Some((_, _, first)) => {
            let end = (first + SNIPPET_TOKENS).min(n);
            let last = (first..end)
                .rev()
                .find(|&i| hits[i].is_some())
                .unwrap_or(first);
            let slack = SNIPPET_TOKENS.saturating_sub(last - first + 1);
            let start = first.saturating_sub(slack / 2);
            let end = (start + SNIPPET_TOKENS).min(n);
            (end.saturating_sub(SNIPPET_TOKENS).min(start), end)
        }
    };
    let mut pieces: Vec<SnippetPiece> = Vec::new();
    let mut push = |text: &str, matched: bool| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if last.matched == matched => last.text.push_str(text),
            _ => pieces.push(SnippetPiece {
                text: text.to_string(),
                matched,
            }),
        }
    };
    if n == 0 {
        return pieces;
    }
    let mut at = if start == 0 {
        0
    } else {
        push("…", false);
        spans[start].0
    };
    for i in start..end {
        let (from, to) = spans[i];
        push(&text[at..from], false);
        push(&text[from..to], hits[i].is_some());
        at = to;
    }
    if end == n {
        push(&text[at..], false);
    } else {
        push("…", false);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_words_are_folded_plain_words() {
        assert_eq!(query_words("l'été, 2024!"), ["l", "ete", "2024"]);
        assert_eq!(query_words("CAFE\u{301} café"), ["cafe"]);
        assert!(query_words("\"*\" ^ -").is_empty());
        assert_eq!(quote_lexeme("it's"), "'it''s'");
    }

    #[test]
    fn vectors_hold_every_word_once_with_positions() {
        assert_eq!(
            tsvector_literal(Some("Café fire"), "The fire, the CAFE."),
            "'cafe':1,6 'fire':2,4 'the':3,5"
        );
        assert_eq!(tsvector_literal(None, ""), "");
    }

    #[test]
    fn snippets_centre_on_the_matches() {
        let words = vec!["ferry".to_string()];
        let text = (0..40)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
            + " ferry end";
        let pieces = snippet(&text, &words);
        assert!(pieces
            .first()
            .is_some_and(|p| p.text.starts_with('…') && !p.matched));
        assert!(pieces.iter().any(|p| p.matched && p.text == "ferry"));
        assert!(pieces.last().is_some_and(|p| p.text.ends_with("end")));
        let short = snippet("A ferry.", &words);
        let whole: String = short.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(whole, "A ferry.");
    }
}
