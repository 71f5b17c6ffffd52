//! Stories corrected from the page: merge two stories, or move a document to another story
//! (or one of its own). Stored by the engine so later ingests respect them; off unless the
//! server runs with `--allow-ingest`, and only from this server's pages (`upload::check_write`).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use crosscheck_engine::{browse, curate, StoryKey};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::Failure;
use crate::state::AppState;
use crate::upload::check_write;

/// `{"into": KEY}`
#[derive(Debug, Deserialize)]
pub struct MergeInto {
    /// The story that takes the documents.
    pub into: i64,
}

/// `{"to": KEY}` or `{"to": null}` (a story of its own).
#[derive(Debug, Deserialize)]
pub struct MoveTo {
    /// The story the document goes to; none starts a story of its own.
    pub to: Option<i64>,
}

/// `POST /api/story/{key}/merge`: every document of story `key` joins story `into`, and
/// later articles like either join it too.
pub(crate) async fn merge(
    State(state): State<Arc<AppState>>,
    Path(key): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<MergeInto>,
) -> Result<Json<Value>, Failure> {
    check_write(&state, &headers)?;
    let merged = state
        .with_store(move |_, store| {
            Ok(curate::merge_stories(
                store,
                StoryKey(key),
                StoryKey(body.into),
            )?)
        })
        .await
        .map_err(Failure::into_json)?;
    if !merged {
        return Err(Failure {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: format!(
                "Story {key} cannot be merged into story {}: both must be stories with documents, and differ.",
                body.into
            ),
            json: true,
        });
    }
    Ok(Json(
        json!({ "merged": key, "into": body.into, "href": format!("/story/{}", body.into) }),
    ))
}

/// `POST /api/document/{hash}/move`: the document goes to story `to`, or to a story of its
/// own; it stays there whatever is ingested later.
pub(crate) async fn move_document(
    State(state): State<Arc<AppState>>,
    Path(hash): Path<String>,
    headers: HeaderMap,
    Json(body): Json<MoveTo>,
) -> Result<Json<Value>, Failure> {
    check_write(&state, &headers)?;
    let moved = state
        .with_store(move |_, store| {
            let found = browse::find_document(store, &hash)?.ok_or_else(|| {
                Failure::not_found(format!("No document's hash starts with {hash}."))
            })?;
            Ok(curate::move_document(
                store,
                found.key,
                body.to.map(StoryKey),
            )?)
        })
        .await
        .map_err(Failure::into_json)?;
    match moved {
        Some(story) => Ok(Json(
            json!({ "story": story.0, "href": format!("/story/{}", story.0) }),
        )),
        None => Err(Failure {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: "The document is in no story, or the story to move it to does not exist."
                .into(),
            json: true,
        }),
    }
}
