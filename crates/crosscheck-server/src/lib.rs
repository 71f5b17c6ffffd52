//! `crosscheck serve`: the pages a fact-checker works in, and a JSON API, over a stored corpus.
//!
//! A thin layer over the engine's [`crosscheck_engine::browse`] calls: the corpus is the
//! store's story list; a story, a document or a reuse pair is shown from the analysis of its
//! story (made on first view, kept while the story is unchanged). Pages are askama templates
//! compiled into the binary, so every piece of article text and metadata is escaped; the one
//! script and style sheet are embedded and served from the same origin under a
//! Content-Security-Policy that allows no inline script. Offsets never reach the browser as
//! numbers to index with: the server cuts texts into marked segments (`marks`).
//!
//! Safe by default: the server binds to loopback unless told otherwise, bounds request
//! bodies, time, concurrency and (off loopback) each client's rate, and has no route that
//! reads a file outside the store.
//!
//! ```no_run
//! use crosscheck_server::{Server, ServeConfig};
//!
//! let config = ServeConfig {
//!     db: crosscheck_engine::StoreSpec::parse("crosscheck.db"),
//!     ..ServeConfig::default()
//! };
//! let server = Server::bind(&config)?;
//! println!("serving on http://{}", server.local_addr());
//! server.run_until_ctrl_c()?;
//! # Ok::<(), crosscheck_server::ServerError>(())
//! ```
#![deny(missing_docs)]

mod api;
mod curate;
mod error;
mod marks;
mod pages;
mod rate;
mod state;
mod upload;
mod views;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use crosscheck_engine::{open_store, StoreSpec};
use tower::limit::ConcurrencyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::ServerError;

/// The address the server listens on unless told otherwise: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Largest request body accepted, in bytes.
pub const MAX_BODY: usize = 16 << 20;
/// Requests handled at once; more wait their turn.
pub const MAX_IN_FLIGHT: usize = 256;
/// Longest a request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The policy every page carries: scripts, styles and images from this server only, nothing
/// inline, no plugins, no framing, forms post only here.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; \
    base-uri 'none'; frame-ancestors 'none'";

/// How to serve.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// The corpus to serve: an SQLite file (created empty if missing) or a PostgreSQL URL.
    pub db: StoreSpec,
    /// Where to listen.
    pub addr: SocketAddr,
    /// Whether pages may write to the store (ingest, merge and move stories).
    pub allow_ingest: bool,
    /// Requests a second each client address may make (bursts of four seconds' worth); 0 is
    /// no limit. `None`: no limit on loopback, [`DEFAULT_RATE`] on any other address.
    pub max_rate: Option<u32>,
    /// Where files added from the page are kept. `None`: beside an SQLite database
    /// (`<db>.uploads/`), or `crosscheck-uploads/` in the working folder for a server's.
    pub uploads: Option<std::path::PathBuf>,
}

pub use rate::DEFAULT_RATE;

impl Default for ServeConfig {
    fn default() -> ServeConfig {
        ServeConfig {
            db: StoreSpec::parse(crosscheck_engine::DEFAULT_DB),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            allow_ingest: false,
            max_rate: None,
            uploads: None,
        }
    }
}

/// A bound server, not yet answering.
pub struct Server {
    listener: TcpListener,
    app: Router,
}

impl Server {
    /// Open the store and bind the address (port 0 picks a free one).
    pub fn bind(config: &ServeConfig) -> Result<Server, ServerError> {
        let store = open_store(&config.db).map_err(|source| ServerError::Open {
            path: config.db.to_string(),
            source: Box::new(source),
        })?;
        let uploads = config
            .uploads
            .clone()
            .unwrap_or_else(|| upload::upload_dir(&config.db));
        let state = Arc::new(state::AppState::new(
            config.db.clone(),
            store,
            config.allow_ingest,
            uploads,
        ));
        let listener = TcpListener::bind(config.addr).map_err(|source| ServerError::Bind {
            addr: config.addr.to_string(),
            source,
        })?;
        listener.set_nonblocking(true)?;
        let rate = config
            .max_rate
            .unwrap_or(if config.addr.ip().is_loopback() {
                0
            } else {
                DEFAULT_RATE
            });
        let mut app = router(state);
        if let Some(limit) = rate::RateLimit::new(rate) {
            app = app.layer(axum::middleware::from_fn_with_state(limit, rate::limit));
        }
        Ok(Server { listener, app })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Answer requests until `shutdown` completes, on a runtime of its own.
    pub fn run_until<F>(self, shutdown: F) -> Result<(), ServerError>
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            let app = self.app.into_make_service_with_connect_info::<SocketAddr>();
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        })?;
        Ok(())
    }

    /// Answer requests until Ctrl-C.
    pub fn run_until_ctrl_c(self) -> Result<(), ServerError> {
        self.run_until(async {
            // If the signal cannot be watched, run until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
    }
}

fn router(state: Arc<state::AppState>) -> Router {
    Router::new()
        .route("/", get(pages::corpus))
        .route("/story/{key}", get(pages::story))
        .route("/doc/{hash}", get(pages::document))
        .route("/pair/{source}/{target}", get(pages::pair))
        .route("/search", get(pages::search))
        .route("/api/stories", get(api::stories))
        .route("/api/story/{key}", get(api::story))
        .route("/api/story/{key}/quotes", get(api::quotes))
        .route("/api/story/{key}/claims", get(api::claims))
        .route("/api/document/{hash}", get(api::document))
        .route("/api/pair/{source}/{target}", get(api::pair))
        .route("/api/search", get(api::search))
        .route("/api/ingest", post(upload::upload))
        .route("/api/ingest/text", post(upload::paste))
        .route("/api/story/{key}/merge", post(curate::merge))
        .route("/api/document/{hash}/move", post(curate::move_document))
        .route("/ingest", get(pages::ingest))
        .route("/static/app.js", get(script))
        .route("/static/style.css", get(style))
        .fallback(not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(ConcurrencyLimitLayer::new(MAX_IN_FLIGHT))
}

async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../assets/app.js"),
    )
}

async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../assets/style.css"),
    )
}

async fn not_found() -> error::Failure {
    error::Failure::not_found("There is no such page.")
}
