//! Ingest from the page: files dropped or chosen, or an article pasted, stored as
//! `crosscheck ingest` stores them. Off unless the server runs with `--allow-ingest`.
//!
//! Every upload is kept as a file beside the database (`<db>.uploads/`; for a PostgreSQL
//! store, `crosscheck-uploads/` where the server was started), so the stored
//! documents name a real source and nothing a user sent is lost. Writes need a request a
//! browser will only send from this server's own pages (a custom header, and a matching
//! `Origin` when one is sent): another site cannot make a visitor's browser write here.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use crosscheck_engine::browse::{self, Ingested};
use crosscheck_engine::{IngestConfig, ReadConfig, Silent, StoreSpec};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::Failure;
use crate::state::AppState;
use crate::views;

/// The header a write must carry (pages' script sets it; a cross-site form cannot).
pub const WRITE_HEADER: &str = "x-crosscheck-write";

/// Extensions an upload may have: what `ingest` reads.
const EXTENSIONS: &[&str] = &[
    "txt", "text", "html", "htm", "jsonl", "warc", "txt.gz", "html.gz", "htm.gz", "jsonl.gz",
    "warc.gz",
];

/// `?name=FILE`
#[derive(Debug, Default, Deserialize)]
pub struct UploadParams {
    /// The file's name (only its last part, with a supported extension, is used).
    pub name: Option<String>,
}

/// A pasted article.
#[derive(Debug, Default, Deserialize)]
pub struct Pasted {
    /// `text` (plain text with the fields below) or `html` (a saved page).
    pub format: Option<String>,
    /// The text, or the page's HTML.
    pub text: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The address it was published at.
    pub url: Option<String>,
}

/// Refuse a write the server is not allowed to make, or that did not come from its pages.
pub(crate) fn check_write(state: &AppState, headers: &HeaderMap) -> Result<(), Failure> {
    let forbidden = |message: &str| Failure {
        status: StatusCode::FORBIDDEN,
        message: message.to_string(),
        json: true,
    };
    if !state.allow_ingest {
        return Err(forbidden(
            "Writing is off: start the server with --allow-ingest to add documents from the page.",
        ));
    }
    if headers.get(WRITE_HEADER).and_then(|v| v.to_str().ok()) != Some("1") {
        return Err(forbidden("A write must come from this server's pages."));
    }
    if let Some(origin) = headers.get("origin").and_then(|v| v.to_str().ok()) {
        let host = headers
            .get("host")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if origin != format!("http://{host}") {
            return Err(forbidden("A write must come from this server's pages."));
        }
    }
    Ok(())
}

/// A safe file name with a supported extension, from what the user's file was called.
pub fn safe_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let lower = base.to_ascii_lowercase();
    EXTENSIONS
        .iter()
        .find(|ext| lower.ends_with(&format!(".{ext}")))?;
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.');
    // Keep the end (the extension) when cutting a long name.
    let start = cleaned.len().saturating_sub(100);
    (!cleaned.is_empty()).then(|| cleaned[start..].to_string())
}

/// Where uploads to the database `db` are kept.
pub(crate) fn upload_dir(db: &StoreSpec) -> PathBuf {
    match db.file() {
        Some(file) => upload_dir_beside(file),
        // A server's corpus has no folder of its own: uploads go where `serve` was started.
        None => PathBuf::from("crosscheck-uploads"),
    }
}

/// `<db>.uploads` beside the database file.
fn upload_dir_beside(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".uploads");
    db.with_file_name(name)
}

static UPLOADS: AtomicU64 = AtomicU64::new(0);

fn save(uploads: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, Failure> {
    // One folder per upload keeps the user's file name, which becomes the document's id.
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let n = UPLOADS.fetch_add(1, Ordering::Relaxed);
    let dir = uploads.join(format!("{stamp}-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Failure::internal(&e).into_json())?;
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| Failure::internal(&e).into_json())?;
    Ok(path)
}

async fn ingest_file(state: &Arc<AppState>, path: PathBuf) -> Result<Json<Value>, Failure> {
    let ingested: Ingested = state
        .with_store(move |_, store| {
            let config = IngestConfig {
                read: ReadConfig {
                    inputs: vec![path],
                    ..ReadConfig::default()
                },
                ..IngestConfig::default()
            };
            Ok(browse::ingest_and_list(
                &config,
                store,
                &Silent,
                &AtomicBool::new(false),
            )?)
        })
        .await
        .map_err(Failure::into_json)?;
    let documents: Vec<Value> = ingested
        .documents
        .iter()
        .map(|d| {
            json!({
                "document": d,
                "href": format!("/doc/{}", views::short(&d.hash)),
                "story_href": d.story.map(|k| format!("/story/{k}")),
            })
        })
        .collect();
    let summary = &ingested.summary;
    Ok(Json(json!({
        "new": summary.new,
        "already_stored": summary.already_stored,
        "skipped": summary.skipped,
        "documents": documents,
    })))
}

/// `POST /api/ingest?name=FILE`: the body is one input file.
pub(crate) async fn upload(
    State(state): State<Arc<AppState>>,
    Query(params): Query<UploadParams>,
    headers: HeaderMap,
    body: bytes::Bytes,
) -> Result<Json<Value>, Failure> {
    check_write(&state, &headers)?;
    let name = safe_name(params.name.as_deref().unwrap_or("")).ok_or_else(|| Failure {
        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        message: format!(
            "crosscheck reads .txt, .html, .jsonl and .warc files (optionally .gz); not {:?}",
            params.name.unwrap_or_default()
        ),
        json: true,
    })?;
    if body.is_empty() {
        return Err(Failure {
            status: StatusCode::BAD_REQUEST,
            message: format!("{name} is empty"),
            json: true,
        });
    }
    let path = save(state.uploads(), &name, &body)?;
    ingest_file(&state, path).await
}

/// `POST /api/ingest/text`: a pasted article (JSON [`Pasted`]).
pub(crate) async fn paste(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Json(pasted): Json<Pasted>,
) -> Result<Json<Value>, Failure> {
    check_write(&state, &headers)?;
    if pasted.text.trim().is_empty() {
        return Err(Failure {
            status: StatusCode::BAD_REQUEST,
            message: "Nothing was pasted.".into(),
            json: true,
        });
    }
    let keep = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let path = if pasted.format.as_deref() == Some("html") {
        save(state.uploads(), "pasted.html", pasted.text.as_bytes())?
    } else {
        let record = json!({
            "title": keep(&pasted.title),
            "outlet": keep(&pasted.outlet),
            "published": keep(&pasted.published),
            "url": keep(&pasted.url),
            "text": pasted.text,
        });
        save(
            state.uploads(),
            "pasted.jsonl",
            format!("{record}\n").as_bytes(),
        )?
    };
    ingest_file(&state, path).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_a_supported_extension_and_lose_paths() {
        assert_eq!(safe_name("story.html").as_deref(), Some("story.html"));
        assert_eq!(safe_name("../../etc/x.txt").as_deref(), Some("x.txt"));
        assert_eq!(
            safe_name("C:\\\\a\\\\b.jsonl.gz").as_deref(),
            Some("b.jsonl.gz")
        );
        assert_eq!(
            safe_name("my story (1).HTML").as_deref(),
            Some("my_story__1_.HTML")
        );
        assert_eq!(safe_name(".hidden.txt").as_deref(), Some("hidden.txt"));
        assert_eq!(safe_name("run.sh"), None);
        assert_eq!(safe_name(""), None);
        let long = format!("{}.txt", "a".repeat(300));
        assert!(safe_name(&long).is_some_and(|n| n.len() == 100 && n.ends_with(".txt")));
    }

    #[test]
    fn uploads_sit_beside_the_database() {
        assert_eq!(
            upload_dir(&StoreSpec::parse("dir/corpus.db")),
            PathBuf::from("dir/corpus.db.uploads")
        );
    }
}
