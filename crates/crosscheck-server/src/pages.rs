//! The HTML pages: askama templates (compiled into the binary, escaping every value) over
//! the view models.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use crosscheck_engine::browse::{self, DocumentCard, SearchResult, StoryCard};
use crosscheck_engine::{curate, StoryKey};

use crate::api::{parse_mark, CorpusFilter, SearchParams};
use crate::error::Failure;
use crate::state::AppState;
use crate::views::{self, DocumentView, PairView, StoryView};

/// Stories listed per page of the corpus view.
const STORIES_PER_PAGE: usize = 50;

#[derive(Template)]
#[template(path = "corpus.html")]
struct CorpusPage<'a> {
    stories: Vec<StoryRow<'a>>,
    total: usize,
    first: usize,
    outlets: Vec<(String, bool)>,
    relations: Vec<(String, bool)>,
    from: String,
    to: String,
    min_size: String,
    next: Option<String>,
    previous: Option<String>,
    allow_ingest: bool,
}

/// A story in the list, with its disputes when its analysis is at hand.
struct StoryRow<'a> {
    card: &'a StoryCard,
    disputed: String,
}

/// Options of a filter's select box, the chosen one flagged.
fn options(values: impl IntoIterator<Item = String>, chosen: &str) -> Vec<(String, bool)> {
    values
        .into_iter()
        .map(|v| {
            let on = v == chosen;
            (v, on)
        })
        .collect()
}

#[derive(Template)]
#[template(path = "story.html")]
struct StoryPage {
    view: StoryView,
    allow_ingest: bool,
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    view: DocumentView,
}

#[derive(Template)]
#[template(path = "pair.html")]
struct PairPage {
    view: PairView,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    query: String,
    results: Vec<SearchRow>,
}

pub(crate) async fn corpus(
    State(state): State<Arc<AppState>>,
    Query(filter): Query<CorpusFilter>,
) -> Result<Html<String>, Failure> {
    let allow_ingest = state.allow_ingest;
    state
        .with_store(move |state, store| {
            let cards = state.story_cards(store)?;
            let corrections = curate::correction_count(store)?;
            let mut outlets: Vec<String> = cards
                .iter()
                .flat_map(|c| c.outlets.iter().cloned())
                .collect();
            outlets.sort();
            outlets.dedup();
            outlets.truncate(500);
            let matching: Vec<StoryCard> =
                cards.iter().filter(|c| filter.admits(c)).cloned().collect();
            let offset = crate::api::number(&filter.offset)
                .unwrap_or(0)
                .min(matching.len());
            let end = (offset + STORIES_PER_PAGE).min(matching.len());
            let page = CorpusPage {
                stories: matching[offset..end]
                    .iter()
                    .map(|card| StoryRow {
                        card,
                        disputed: state
                            .known_disputes(StoryKey(card.key), card.documents, corrections)
                            .map_or_else(|| "–".to_string(), |n| n.to_string()),
                    })
                    .collect(),
                total: matching.len(),
                first: offset + 1,
                outlets: options(outlets, &filter.text("outlet")),
                relations: options(
                    ["verbatim", "edited", "spun", "paraphrased"].map(String::from),
                    &filter.text("relation"),
                ),
                from: filter.text("from"),
                to: filter.text("to"),
                min_size: crate::api::number::<u32>(&filter.min_size)
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                next: (end < matching.len()).then(|| filter.with_offset(end)),
                previous: (offset > 0)
                    .then(|| filter.with_offset(offset.saturating_sub(STORIES_PER_PAGE))),
                allow_ingest,
            };
            Ok(Html(page.render()?))
        })
        .await
}

pub(crate) async fn story(
    State(state): State<Arc<AppState>>,
    Path(key): Path<i64>,
) -> Result<Response, Failure> {
    let allow_ingest = state.allow_ingest;
    state
        .with_store(move |state, store| {
            let Some(report) = state.story_report(store, StoryKey(key))? else {
                // A story merged away, or emptied by a move, lives on under another key.
                return match curate::story_redirect(store, StoryKey(key))? {
                    Some(to) => {
                        Ok(Redirect::permanent(&format!("/story/{}", to.0)).into_response())
                    }
                    None => Err(Failure::not_found(format!("There is no story {key}."))),
                };
            };
            let card = report
                .story
                .clone()
                .ok_or_else(|| Failure::not_found(format!("There is no story {key}.")))?;
            let page = StoryPage {
                view: views::story_view(&report, card),
                allow_ingest,
            };
            Ok(Html(page.render()?).into_response())
        })
        .await
}

pub(crate) async fn document(
    State(state): State<Arc<AppState>>,
    Path(hash): Path<String>,
    Query(params): Query<crate::api::MarkParam>,
) -> Result<Html<String>, Failure> {
    let focus = params.mark.as_deref().and_then(parse_mark);
    state
        .with_store(move |state, store| {
            let (report, entry) = crate::api::document_in_report(state, store, &hash)?;
            let page = DocumentPage {
                view: views::document_view(&report, &entry, focus),
            };
            Ok(Html(page.render()?))
        })
        .await
}

pub(crate) async fn pair(
    State(state): State<Arc<AppState>>,
    Path((source, target)): Path<(String, String)>,
) -> Result<Html<String>, Failure> {
    state
        .with_store(move |state, store| {
            let (report, entry) = crate::api::pair_in_report(state, store, &source, &target)?;
            let view = views::pair_view(&report, &entry)
                .ok_or_else(|| Failure::not_found("That pair's documents are gone."))?;
            Ok(Html(PairPage { view }.render()?))
        })
        .await
}

pub(crate) async fn search(
    State(state): State<Arc<AppState>>,
    Query(params): Query<SearchParams>,
) -> Result<Html<String>, Failure> {
    let query = params.q.clone().unwrap_or_default();
    let results = crate::api::run_search(&state, params).await?;
    let results = results.into_iter().map(SearchRow::new).collect();
    Ok(Html(SearchPage { query, results }.render()?))
}

/// A search result as the page lists it.
struct SearchRow {
    href: String,
    label: String,
    title: String,
    published: String,
    story: Option<i64>,
    snippet: Vec<browse::Snippet>,
}

impl SearchRow {
    fn new(result: SearchResult) -> SearchRow {
        let card: DocumentCard = result.document;
        SearchRow {
            href: format!("/doc/{}", views::short(&card.hash)),
            label: card.outlet.clone().unwrap_or_else(|| card.id.clone()),
            title: card.title.unwrap_or(card.id),
            published: card.published.unwrap_or_else(|| "undated".into()),
            story: card.story,
            snippet: result.snippet,
        }
    }
}

#[derive(Template)]
#[template(path = "ingest.html")]
struct IngestPage {
    allow_ingest: bool,
}

pub(crate) async fn ingest(State(state): State<Arc<AppState>>) -> Result<Html<String>, Failure> {
    Ok(Html(
        IngestPage {
            allow_ingest: state.allow_ingest,
        }
        .render()?,
    ))
}
