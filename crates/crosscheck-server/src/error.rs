//! The server's errors: what stops it from starting, and what a request gets when it fails.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// Errors that stop the server from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The database could not be opened.
    #[error("opening the database {path}")]
    Open {
        /// The database (a URL's password shown as `***`).
        path: String,
        /// The engine's error (boxed: it is large, and rare).
        #[source]
        source: Box<crosscheck_engine::EngineError>,
    },
    /// The address could not be bound.
    #[error("listening on {addr}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// The socket error.
        #[source]
        source: std::io::Error,
    },
    /// The runtime or the listener failed.
    #[error("serving requests")]
    Io(#[from] std::io::Error),
}

/// A request that failed: an HTTP status and a message for a person.
#[derive(Debug)]
pub(crate) struct Failure {
    pub status: StatusCode,
    pub message: String,
    /// Whether the client asked the JSON API (it gets `{"error": ...}`).
    pub json: bool,
}

impl Failure {
    pub fn not_found(what: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::NOT_FOUND,
            message: what.into(),
            json: false,
        }
    }

    pub fn internal(error: &dyn std::error::Error) -> Failure {
        let mut message = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Failure {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message,
            json: false,
        }
    }

    /// The same failure, answered as JSON.
    pub fn into_json(mut self) -> Failure {
        self.json = true;
        self
    }
}

impl From<crosscheck_engine::EngineError> for Failure {
    fn from(error: crosscheck_engine::EngineError) -> Failure {
        Failure::internal(&error)
    }
}

impl From<askama::Error> for Failure {
    fn from(error: askama::Error) -> Failure {
        Failure::internal(&error)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        if self.json {
            let body = serde_json::json!({ "error": self.message });
            return (self.status, axum::Json(body)).into_response();
        }
        let page = error_page(self.status, &self.message);
        (self.status, Html(page)).into_response()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    reason: &'a str,
    message: &'a str,
}

/// The page a failed request gets.
fn error_page(status: StatusCode, message: &str) -> String {
    let page = ErrorPage {
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("Error"),
        message,
    };
    // Rendering a fixed template with plain strings cannot fail; say so if it ever does.
    page.render()
        .unwrap_or_else(|_| "<!doctype html><title>Error</title><p>Error</p>".to_string())
}
