//! What the server tests share: a store built by the real `ingest`, and a real server on a
//! free loopback port, stopped when the handle drops.
#![allow(dead_code, clippy::print_stderr)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crosscheck_engine::{ingest, IngestConfig, ReadConfig, Silent, SqliteStore};
use crosscheck_server::{ServeConfig, Server};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared/seeds` beside the repository, or `None` (and a note) where it is absent.
pub fn seeds() -> Option<PathBuf> {
    let seeds = repo_root().join("../shared/seeds");
    if seeds.is_dir() {
        Some(seeds)
    } else {
        eprintln!("skipping: ../shared/seeds is absent (present in CI)");
        None
    }
}

/// A database in `dir` holding `inputs`, ingested as `crosscheck ingest` does.
pub fn build_store(dir: &Path, inputs: &[PathBuf]) -> PathBuf {
    let db = dir.join("corpus.db");
    let mut store = SqliteStore::open(&db).expect("open the test database");
    let config = IngestConfig {
        read: ReadConfig {
            inputs: inputs.to_vec(),
            ..ReadConfig::default()
        },
        ..IngestConfig::default()
    };
    let summary = ingest(&config, &mut store, &Silent, &AtomicBool::new(false)).expect("ingest");
    assert!(summary.new > 0, "the test inputs were read");
    db
}

/// A running server; dropping it stops the server and waits for it.
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Serve `db` on a free loopback port.
pub fn serve(db: &Path, allow_ingest: bool) -> Running {
    serve_limited(db, allow_ingest, None)
}

/// Serve `db` on a free loopback port with a per-client rate (`None`: the default).
pub fn serve_limited(db: &Path, allow_ingest: bool, max_rate: Option<u32>) -> Running {
    let config = ServeConfig {
        db: crosscheck_engine::StoreSpec::File(db.to_path_buf()),
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        allow_ingest,
        max_rate,
    };
    let server = Server::bind(&config).expect("bind the test server");
    let addr = server.local_addr();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        server
            .run_until(async {
                let _ = stopped.await;
            })
            .expect("the server runs");
    });
    Running {
        addr,
        stop: Some(stop),
        thread: Some(thread),
    }
}

/// GET `url`: status, content type and body.
pub fn get(url: &str) -> (u16, String, String) {
    let response = ureq::get(url)
        .config()
        .http_status_as_error(false)
        .build()
        .call()
        .expect("the request is answered");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = response
        .into_body()
        .read_to_string()
        .expect("a readable body");
    (status, content_type, body)
}

/// GET `url` as JSON, expecting 200.
pub fn get_json(url: &str) -> serde_json::Value {
    let (status, content_type, body) = get(url);
    assert_eq!(status, 200, "{url}: {body}");
    assert!(
        content_type.starts_with("application/json"),
        "{url}: {content_type}"
    );
    serde_json::from_str(&body).expect("valid JSON")
}
