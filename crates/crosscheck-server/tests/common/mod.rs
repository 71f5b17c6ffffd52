//! What the server tests share: a store built by the real `ingest`, and a real server on a
//! free loopback port, stopped when the handle drops.
#![allow(dead_code, clippy::print_stderr)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crosscheck_engine::{
    ingest, open_store, IngestConfig, ReadConfig, Silent, SqliteStore, StoreSpec,
};
use crosscheck_server::{ServeConfig, Server};

#[path = "../../../crosscheck-store-pg/tests/cluster/mod.rs"]
mod cluster;

/// Which store a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file in the test's folder.
    Sqlite,
    /// A database of its own on the throwaway PostgreSQL cluster.
    Postgres,
}

/// A store a test built, kept (and, on PostgreSQL, dropped) with this handle.
pub struct Store {
    /// What `--db` would say.
    pub spec: StoreSpec,
    _database: Option<cluster::Database<'static>>,
}

/// A store on `backend` holding `inputs`, ingested as `crosscheck ingest` does; `None` (and a
/// note) when PostgreSQL is not installed.
pub fn build_store_on(backend: Backend, dir: &Path, inputs: &[PathBuf]) -> Option<Store> {
    let (spec, database) = match backend {
        Backend::Sqlite => (StoreSpec::File(dir.join("corpus.db")), None),
        Backend::Postgres => {
            let database = cluster::shared()?.database();
            (StoreSpec::parse(&database.url()), Some(database))
        }
    };
    let mut store = open_store(&spec).expect("open the test store");
    let config = IngestConfig {
        read: ReadConfig {
            inputs: inputs.to_vec(),
            ..ReadConfig::default()
        },
        ..IngestConfig::default()
    };
    let summary = ingest(&config, &mut store, &Silent, &AtomicBool::new(false)).expect("ingest");
    assert!(summary.new > 0, "the test inputs were read");
    Some(Store {
        spec,
        _database: database,
    })
}

/// Serve `store` on a free loopback port, uploads kept in `uploads`.
pub fn serve_store(store: &Store, allow_ingest: bool, uploads: &Path) -> Running {
    start(ServeConfig {
        db: store.spec.clone(),
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        allow_ingest,
        max_rate: None,
        uploads: Some(uploads.to_path_buf()),
    })
}

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
    start(ServeConfig {
        db: StoreSpec::File(db.to_path_buf()),
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        allow_ingest,
        max_rate,
        uploads: None,
    })
}

fn start(config: ServeConfig) -> Running {
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
