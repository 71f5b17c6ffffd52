//! The JSON API under `/api/...`: the same data the pages show, as the engine's report types.
//!
//! Every answer is JSON; a failure is `{"error": "..."}` with its HTTP status. Documents are
//! named by their content hash (or its first 16 hex digits, as page addresses carry it),
//! stories by their key. Spans are code-point offsets into the document's `text`, as in the
//! report (REPORT.md).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use crosscheck_engine::browse::{self, SearchResult, StoryCard, StoryReport};
use crosscheck_engine::report::{CharSpan, DocumentEntry, ReuseEntry};
use crosscheck_engine::{curate, AnyStore, StoryKey};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::Failure;
use crate::state::AppState;
use crate::views::{self, Index};

/// Most search results answered at once.
const SEARCH_LIMIT_MAX: usize = 200;
/// Most stories answered at once.
const STORIES_LIMIT_MAX: usize = 500;

/// Filters over the story list (page and API alike).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct CorpusFilter {
    /// Only stories this outlet carries.
    pub outlet: Option<String>,
    /// Only stories with a document published on or after this date (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only stories with a document published on or before this date.
    pub to: Option<String>,
    /// Only stories with a reuse pair of this relation.
    pub relation: Option<String>,
    /// Only stories with at least this many documents.
    pub min_size: Option<String>,
    /// Skip this many matching stories.
    pub offset: Option<String>,
    /// Answer at most this many (API only).
    pub limit: Option<String>,
}

/// A number a form may send empty or mistyped: either reads as not given. (Numbers are taken
/// as text so that a form's empty field never fails the whole request.)
pub fn number<T: std::str::FromStr>(value: &Option<String>) -> Option<T> {
    given(value).and_then(|v| v.parse().ok())
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl CorpusFilter {
    /// Whether `card` passes every filter given.
    pub fn admits(&self, card: &StoryCard) -> bool {
        if let Some(outlet) = given(&self.outlet) {
            if !card.outlets.iter().any(|o| o == outlet) {
                return false;
            }
        }
        if let Some(from) = given(&self.from) {
            if card
                .last_published
                .as_deref()
                .is_none_or(|last| last < from)
            {
                return false;
            }
        }
        if let Some(to) = given(&self.to) {
            if card
                .first_published
                .as_deref()
                .is_none_or(|first| first > to)
            {
                return false;
            }
        }
        if let Some(relation) = given(&self.relation) {
            if !card.relations.iter().any(|r| r == relation) {
                return false;
            }
        }
        card.documents >= number::<u32>(&self.min_size).unwrap_or(0)
    }

    /// The query string of these filters at another offset.
    pub fn with_offset(&self, offset: usize) -> String {
        let moved = CorpusFilter {
            offset: Some(offset.to_string()),
            ..self.clone()
        };
        serde_urlencoded::to_string(&moved).unwrap_or_default()
    }

    /// The value of a text filter, for the form.
    pub fn text(&self, name: &str) -> String {
        let value = match name {
            "outlet" => &self.outlet,
            "from" => &self.from,
            "to" => &self.to,
            "relation" => &self.relation,
            _ => return String::new(),
        };
        given(value).unwrap_or_default().to_string()
    }
}

/// `?q=...&limit=...`
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SearchParams {
    /// The words to find.
    pub q: Option<String>,
    /// At most this many results.
    pub limit: Option<String>,
}

/// `?mark=START-END`: a span to mark on a document page.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct MarkParam {
    /// `START-END`, code points.
    pub mark: Option<String>,
}

/// `START-END` as a span.
pub fn parse_mark(mark: &str) -> Option<CharSpan> {
    let (a, b) = mark.split_once('-')?;
    let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (a < b).then_some([a, b])
}

/// The report holding the document named by `hash`, and its entry.
pub(crate) fn document_in_report(
    state: &AppState,
    store: &AnyStore,
    hash: &str,
) -> Result<(Arc<StoryReport>, DocumentEntry), Failure> {
    let found = browse::find_document(store, hash)?
        .ok_or_else(|| Failure::not_found(format!("No document's hash starts with {hash}.")))?;
    let report = state.document_report(store, found.key, found.story)?;
    let entry = Index::new(&report.report)
        .by_hash(&hash.to_ascii_lowercase())
        .cloned()
        .ok_or_else(|| Failure::not_found(format!("No document's hash starts with {hash}.")))?;
    Ok((report, entry))
}

/// The report holding the pair `source` → `target` (content hashes), and the pair.
pub(crate) fn pair_in_report(
    state: &AppState,
    store: &AnyStore,
    source: &str,
    target: &str,
) -> Result<(Arc<StoryReport>, ReuseEntry), Failure> {
    let (report, source_entry) = document_in_report(state, store, source)?;
    let target = target.to_ascii_lowercase();
    let entry = {
        let find = Index::new(&report.report);
        report
            .report
            .reuse
            .iter()
            .find(|r| {
                r.source == source_entry.id
                    && find
                        .doc(&r.target)
                        .is_some_and(|d| d.hash.starts_with(&target))
            })
            .cloned()
    };
    let entry = entry.ok_or_else(|| {
        Failure::not_found(format!(
            "{} has no copy whose hash starts with {target} in its story.",
            source_entry.id
        ))
    })?;
    Ok((report, entry))
}

/// Bring the search index up to date and search it.
pub(crate) async fn run_search(
    state: &Arc<AppState>,
    params: SearchParams,
) -> Result<Vec<SearchResult>, Failure> {
    let query = params.q.unwrap_or_default();
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    let limit = number(&params.limit)
        .unwrap_or(50)
        .clamp(1, SEARCH_LIMIT_MAX);
    state
        .with_store(move |_, store| {
            // A database the server may not write to is searched as indexed.
            let _ = browse::refresh_search(store);
            Ok(browse::search(store, &query, limit)?)
        })
        .await
}

/// `GET /api/stories`: `{total, offset, stories}` after the filters.
pub(crate) async fn stories(
    State(state): State<Arc<AppState>>,
    Query(filter): Query<CorpusFilter>,
) -> Result<Json<Value>, Failure> {
    state
        .with_store(move |state, store| {
            let cards = state.story_cards(store)?;
            let matching: Vec<&StoryCard> = cards.iter().filter(|c| filter.admits(c)).collect();
            let offset = number(&filter.offset).unwrap_or(0).min(matching.len());
            let limit = number(&filter.limit).unwrap_or(100).min(STORIES_LIMIT_MAX);
            let corrections = curate::correction_count(store)?;
            let page: Vec<Value> = matching
                .iter()
                .skip(offset)
                .take(limit)
                .map(|card| {
                    let mut row = json!(card);
                    // Counted once the story has been analysed (first opened); null until then.
                    row["disputed"] = json!(state.known_disputes(
                        StoryKey(card.key),
                        card.documents,
                        corrections
                    ));
                    row
                })
                .collect();
            Ok(Json(
                json!({ "total": matching.len(), "offset": offset, "stories": page }),
            ))
        })
        .await
        .map_err(Failure::into_json)
}

/// What a story's address answers: its report, or where a merged-away story went.
enum Found {
    Report(Arc<StoryReport>),
    MovedTo(i64),
}

async fn story_report(state: &Arc<AppState>, key: i64) -> Result<Found, Failure> {
    state
        .with_store(
            move |state, store| match state.story_report(store, StoryKey(key))? {
                Some(report) => Ok(Found::Report(report)),
                None => match curate::story_redirect(store, StoryKey(key))? {
                    Some(to) => Ok(Found::MovedTo(to.0)),
                    None => Err(Failure::not_found(format!("There is no story {key}."))),
                },
            },
        )
        .await
        .map_err(Failure::into_json)
}

/// The story's report, or a redirect to the same address under the story it was merged into.
async fn story_or_redirect(
    state: &Arc<AppState>,
    key: i64,
    rest: &str,
) -> Result<Arc<StoryReport>, Response> {
    match story_report(state, key).await {
        Ok(Found::Report(report)) => Ok(report),
        Ok(Found::MovedTo(to)) => {
            Err(Redirect::permanent(&format!("/api/story/{to}{rest}")).into_response())
        }
        Err(failure) => Err(failure.into_response()),
    }
}

/// `GET /api/story/{key}`: `{story, report}`, the full report over the story's documents.
pub(crate) async fn story(
    State(state): State<Arc<AppState>>,
    Path(key): Path<i64>,
) -> Result<Json<Value>, Response> {
    let report = story_or_redirect(&state, key, "").await?;
    Ok(Json(
        json!({ "story": report.story, "report": report.report }),
    ))
}

/// `GET /api/story/{key}/quotes`: `{story, quotes, entities}`.
pub(crate) async fn quotes(
    State(state): State<Arc<AppState>>,
    Path(key): Path<i64>,
) -> Result<Json<Value>, Response> {
    let report = story_or_redirect(&state, key, "/quotes").await?;
    Ok(Json(json!({
        "story": key,
        "quotes": report.report.quotes,
        "entities": report.report.entities,
    })))
}

/// `GET /api/story/{key}/claims`: `{story, claims, contradictions, timeline}`.
pub(crate) async fn claims(
    State(state): State<Arc<AppState>>,
    Path(key): Path<i64>,
) -> Result<Json<Value>, Response> {
    let report = story_or_redirect(&state, key, "/claims").await?;
    Ok(Json(json!({
        "story": key,
        "claims": report.report.claims,
        "contradictions": report.report.contradictions,
        "timeline": report.report.timeline,
    })))
}

/// `GET /api/document/{hash}`: the document's report entry, its story, the reuse pairs it
/// is in, and its quotes and claims.
pub(crate) async fn document(
    State(state): State<Arc<AppState>>,
    Path(hash): Path<String>,
) -> Result<Json<Value>, Failure> {
    state
        .with_store(move |state, store| {
            let (report, entry) = document_in_report(state, store, &hash)?;
            let r = &report.report;
            let id = entry.id.clone();
            Ok(Json(json!({
                "story": report.story.as_ref().map(|s| s.key),
                "document": entry,
                "reuse": r.reuse.iter().filter(|p| p.source == id || p.target == id).collect::<Vec<_>>(),
                "quotes": r.quotes.iter().filter(|q| q.document == id).collect::<Vec<_>>(),
                "claims": r.claims.iter().filter(|c| c.document == id).collect::<Vec<_>>(),
            })))
        })
        .await
        .map_err(Failure::into_json)
}

/// `GET /api/pair/{source}/{target}`: the reuse entry with both documents, and what decided
/// its direction in words.
pub(crate) async fn pair(
    State(state): State<Arc<AppState>>,
    Path((source, target)): Path<(String, String)>,
) -> Result<Json<Value>, Failure> {
    state
        .with_store(move |state, store| {
            let (report, entry) = pair_in_report(state, store, &source, &target)?;
            let find = Index::new(&report.report);
            Ok(Json(json!({
                "story": report.story.as_ref().map(|s| s.key),
                "direction_in_words": views::direction_words(entry.direction),
                "source": find.doc(&entry.source),
                "target": find.doc(&entry.target),
                "pair": entry,
            })))
        })
        .await
        .map_err(Failure::into_json)
}

/// `GET /api/search?q=...`: `{query, results}`, best first.
pub(crate) async fn search(
    State(state): State<Arc<AppState>>,
    Query(params): Query<SearchParams>,
) -> Result<Json<Value>, Failure> {
    let query = params.q.clone().unwrap_or_default();
    let results = run_search(&state, params)
        .await
        .map_err(Failure::into_json)?;
    Ok(Json(json!({ "query": query, "results": results })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_parse_only_forward_spans() {
        assert_eq!(parse_mark("3-9"), Some([3, 9]));
        assert_eq!(parse_mark("9-3"), None);
        assert_eq!(parse_mark("x-3"), None);
        assert_eq!(parse_mark("7"), None);
    }

    #[test]
    fn filters_keep_what_they_name() {
        let card = StoryCard {
            key: 1,
            title: None,
            documents: 3,
            outlets: vec!["CNN".into(), "Reuters".into()],
            first_published: Some("2022-11-09".into()),
            last_published: Some("2022-11-11".into()),
            relations: vec!["spun".into()],
            reuse_pairs: 1,
        };
        let filter = |f: CorpusFilter| f.admits(&card);
        assert!(filter(CorpusFilter::default()));
        assert!(filter(CorpusFilter {
            outlet: Some("CNN".into()),
            ..Default::default()
        }));
        assert!(!filter(CorpusFilter {
            outlet: Some("BBC".into()),
            ..Default::default()
        }));
        assert!(filter(CorpusFilter {
            outlet: Some(" ".into()),
            ..Default::default()
        }));
        assert!(filter(CorpusFilter {
            from: Some("2022-11-10".into()),
            ..Default::default()
        }));
        assert!(!filter(CorpusFilter {
            from: Some("2022-11-12".into()),
            ..Default::default()
        }));
        assert!(!filter(CorpusFilter {
            to: Some("2022-11-08".into()),
            ..Default::default()
        }));
        assert!(!filter(CorpusFilter {
            relation: Some("verbatim".into()),
            ..Default::default()
        }));
        assert!(!filter(CorpusFilter {
            min_size: Some("4".into()),
            ..Default::default()
        }));
        // A form's empty or mistyped number is no filter, never a failed request.
        for value in ["", "many"] {
            assert!(filter(CorpusFilter {
                min_size: Some(value.into()),
                ..Default::default()
            }));
        }
    }
}
