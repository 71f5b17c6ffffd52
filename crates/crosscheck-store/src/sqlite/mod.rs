//! The SQLite store: one embedded database file, the default for one person.
//!
//! [`SqliteStore`] implements the store seam ([`crate::CorpusStore`]) in five files, one per
//! concern: `documents`, `reuse`, `translations`, `stories` and `search`.

mod documents;
mod mirror;
mod reuse;
mod search;
mod stories;
mod translations;

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Context, Result};
use crate::migrations;

/// The corpus in an SQLite database.
#[derive(Debug)]
pub struct SqliteStore {
    pub(crate) conn: Connection,
    /// The database file (`None` in memory), for [`SqliteStore::reopen`].
    path: Option<std::path::PathBuf>,
    /// An in-memory copy of the reuse index, while it is exact (see `mirror`).
    reuse_mirror: std::cell::RefCell<Option<Box<mirror::ReuseMirror>>>,
    /// Whether reuse lookups may load such a copy.
    mirror_allowed: bool,
}

/// Page size of new databases, in bytes.
const PAGE_SIZE: i64 = 16 * 1024;
/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 64;
/// Page cache per connection, in KiB.
const CACHE_KIB: i64 = 64 * 1024;
/// WAL size, in pages, at which a commit checkpoints it into the database: 32 MB at the
/// page size of new databases (SQLite's default is 1,000 pages).
const WAL_CHECKPOINT_PAGES: i64 = 2_000;

/// Switch `conn` to WAL mode. Several processes opening a new database at once can find it
/// locked by the one converting it: SQLite answers a journal mode change with "busy" without
/// waiting through the busy timeout, so this waits and tries again, up to the same 30 s.
fn set_wal_mode(conn: &Connection) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && started.elapsed() < std::time::Duration::from_secs(30) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            done => return done.context("setting WAL mode"),
        }
    }
}

/// WAL size past which a writer waits for readers to let it start over (see `bound_wal`).
const WAL_LIMIT_BYTES: i64 = 256 * 1024 * 1024;

impl SqliteStore {
    /// Keep the WAL from growing without bound. SQLite's automatic checkpoints never wait:
    /// while two connections of one ingest (linking and placing) read and write in turn,
    /// one of them nearly always holds a read snapshot when the other commits, the WAL is
    /// never started over, and every page a round rewrites is appended (a 100k ingest grew
    /// it to 14 GB and filled the disk). Past [`WAL_LIMIT_BYTES`], a writer runs a
    /// checkpoint that waits (up to the busy timeout) for the current readers to finish,
    /// copies the WAL into the database and starts it over.
    pub(crate) fn bound_wal(&self) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let mut wal = path.clone().into_os_string();
        wal.push("-wal");
        let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        if size <= WAL_LIMIT_BYTES as u64 || !self.conn.is_autocommit() {
            return Ok(());
        }
        // A checkpoint that could not finish (readers or a writer past the timeout) is no
        // error: the next write tries again.
        match self
            .conn
            .query_row("PRAGMA wal_checkpoint(RESTART)", [], |_| Ok(()))
        {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                Ok(())
            }
            done => done.context("checkpointing the WAL"),
        }
    }

    /// Open (or create) the database at `path` and bring its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore> {
        let conn = Connection::open(path.as_ref()).context("opening the database")?;
        let mut store = SqliteStore::setup(conn)?;
        store.path = Some(path.as_ref().to_path_buf());
        Ok(store)
    }

    /// Another connection to the same database file (`None` for an in-memory database,
    /// which no second connection can see).
    pub fn reopen(&self) -> Result<Option<SqliteStore>> {
        self.path.as_ref().map(SqliteStore::open).transpose()
    }

    /// A private in-memory database (tests, one-shot runs that keep nothing).
    pub fn open_in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory().context("opening an in-memory database")?;
        SqliteStore::setup(conn)
    }

    fn setup(mut conn: Connection) -> Result<SqliteStore> {
        // First, so that every step below waits for another process holding the lock
        // (several ingests starting on one database) instead of failing at once.
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .context("setting the busy timeout")?;
        // A new database gets bigger pages than SQLite's 4 KiB: an article is a few KiB of
        // text, and fewer, fuller pages mean fewer B-tree splits and WAL frames per
        // document. (Only possible before the first table and before WAL mode.)
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .context("reading the schema version")?;
        if version == 0 {
            conn.pragma_update(None, "page_size", PAGE_SIZE)
                .context("setting the page size")?;
        }
        // WAL: readers never block the writer; NORMAL sync is durable at each commit in WAL.
        set_wal_mode(&conn)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .context("setting synchronous mode")?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .context("enabling foreign keys")?;
        // Ingest inserts documents keyed by a content hash, i.e. at random places in three
        // indexes: a page cache that holds their upper levels saves re-reading and spilling
        // pages mid-transaction (the default 2 MB cache spent a fifth of the writer's time
        // there). A fixed size, so memory stays flat whatever the corpus size.
        conn.pragma_update(None, "cache_size", -CACHE_KIB)
            .context("sizing the page cache")?;
        // Checkpoint the WAL less often: a page updated by many batches is copied into the
        // database once per checkpoint, not once per batch.
        conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)
            .context("setting the WAL checkpoint interval")?;
        // A WAL reset by a checkpoint is cut back to this size on disk (see `bound_wal`).
        conn.pragma_update(None, "journal_size_limit", WAL_LIMIT_BYTES)
            .context("setting the WAL size limit")?;
        // Every statement the store runs in a loop stays prepared (rusqlite keeps 16).
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        migrations::migrate(&mut conn)?;
        Ok(SqliteStore {
            conn,
            path: None,
            reuse_mirror: std::cell::RefCell::new(None),
            mirror_allowed: true,
        })
    }

    /// Whether reuse lookups may answer from an in-memory copy of the index when a call asks
    /// about more fingerprints than the index holds (on by default; the answers are the same
    /// either way, only the cost differs).
    pub fn set_reuse_index_in_memory(&mut self, allowed: bool) {
        self.mirror_allowed = allowed;
        if !allowed {
            self.reuse_mirror.replace(None);
        }
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .context("reading the schema version")
    }
}
