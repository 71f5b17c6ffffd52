//! The PostgreSQL team store for crosscheck: the store seam of `crosscheck-store`
//! ([`crosscheck_store::CorpusStore`]) over a server that several ingest workers, a `serve`
//! instance and analysts share.
//!
//! [`PgStore`] implements [`DocumentStore`], [`ReuseStore`], [`TranslationStore`],
//! [`StoryStore`] and [`SearchStore`] with the semantics their docs give and `SqliteStore` has: the same keys
//! (a document's key is the next integer in commit order, with no gaps, as SQLite's row ids),
//! the same orders (text compared byte by byte, `COLLATE "C"`, whatever the database's
//! locale), the same codecs inside columns (`crosscheck_store::codec`), and the same
//! concurrency guarantees, by PostgreSQL's means:
//!
//! - commits take a transaction-level advisory lock, so keys follow commit order as SQLite's
//!   single writer gives them, and documents are deduplicated by content hash with
//!   `INSERT ... ON CONFLICT (hash) DO NOTHING`;
//! - the reuse queue is claimed with `FOR UPDATE SKIP LOCKED` (two runs never take the same
//!   fresh document), and fingerprints are bulk loaded with binary `COPY`;
//! - a story round is one transaction holding the story lock (`pg_advisory_xact_lock`), which
//!   placements and corrections outside a round take too;
//! - schema migrations run under an advisory lock, so processes opening a new database at once
//!   wait for each other.
//!
//! Connection strings are libpq's (see [`PgStore::open`]); a password never appears in an
//! error or in `Debug` output ([`redact`]).
//!
//! The module layout follows the SQLite store's: `documents`, `reuse`, `translations`,
//! `stories` (with `corrections`), `search`, plus `connect` and `migrations`.
#![deny(missing_docs)]

mod connect;
mod documents;
mod error;
mod migrations;
mod reuse;
mod search;
mod stories;
mod translations;

use std::sync::{Mutex, MutexGuard, PoisonError};

use crosscheck_store::Result;
use postgres::Client;

pub use connect::redact;
pub use error::PgError;
pub use migrations::PG_SCHEMA_VERSION;

#[doc(no_inline)]
pub use crosscheck_store::{DocumentStore, ReuseStore, SearchStore, StoryStore, TranslationStore};

use crate::error::{backend_error, Context};

/// Advisory lock keys (`pg_advisory_xact_lock`), one per thing serialised. Arbitrary
/// constants, spelled so that they are recognisable in `pg_locks`.
pub(crate) mod locks {
    /// Schema migrations.
    pub const MIGRATIONS: i64 = 0x6363_0000_0001;
    /// Committing documents (keys in commit order).
    pub const DOCUMENTS: i64 = 0x6363_0000_0002;
    /// Story rounds, placements and corrections.
    pub const STORIES: i64 = 0x6363_0000_0003;
    /// Bringing the search index up to date.
    pub const SEARCH: i64 = 0x6363_0000_0004;
    /// Writing the reuse index (`reuse_fingerprints`).
    pub const REUSE_INDEX: i64 = 0x6363_0000_0005;
    /// Writing the translation anchor index (`translation_anchors`).
    pub const ANCHOR_INDEX: i64 = 0x6363_0000_0006;
}

/// The corpus in a PostgreSQL database.
///
/// One connection. The store traits read through `&self`, so the connection sits behind a
/// mutex: a store may be shared between threads (it is `Send` and `Sync`), each call waiting
/// for the one before. Open one store per worker for parallel work.
pub struct PgStore {
    conn: Mutex<Conn>,
    /// Where it connected, kept for [`PgStore::reconnect`]; holds the password.
    target: connect::Target,
}

/// The connection and the state of the round it may be in.
pub(crate) struct Conn {
    /// The client.
    pub client: Client,
    /// Whether a story round's transaction is open ([`StoryStore::begin_story_round`]).
    pub in_round: bool,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // By hand: the connection's configuration holds the password.
        f.debug_struct("PgStore")
            .field("url", &self.target.url)
            .finish()
    }
}

impl PgStore {
    /// Connect to the database named by `url` and bring its schema up to date.
    ///
    /// `url` is a libpq connection string: `postgres://user@host:port/dbname?sslmode=...`
    /// (a host may be a percent-encoded socket directory) or `host=... dbname=...` words.
    /// What it leaves out comes from `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
    /// `PGDATABASE`, `PGSSLMODE` and friends, then a password from the password file
    /// (`passfile`, `PGPASSFILE`, else `~/.pgpass`). `sslmode` is `disable`, `allow`,
    /// `prefer` (the default), `require`, `verify-ca` or `verify-full` (OpenSSL; the root
    /// certificate from `sslrootcert`, `~/.postgresql/root.crt` or the system's). With no
    /// host, the socket in `/var/run/postgresql`.
    ///
    /// Errors name the connection string with its password replaced by `***`.
    pub fn open(url: &str) -> Result<PgStore> {
        let env = |name: &str| std::env::var(name).ok();
        let target = connect::parse(url, &env)
            .map_err(|e| backend_error("reading the connection string", e))?;
        let mut client = Self::connect(&target)?;
        let encoding: String = client
            .query_one("SHOW server_encoding", &[])
            .context("reading the server encoding")?
            .get(0);
        if encoding != "UTF8" {
            return Err(backend_error(
                "checking the database",
                PgError::Encoding {
                    url: target.url.clone(),
                    encoding,
                },
            ));
        }
        migrations::migrate(&mut client)?;
        Ok(PgStore::over(client, target))
    }

    /// Another connection to the same database, as [`PgStore::open`] made this one (the
    /// schema is already up to date): for work beside this handle's in the same process.
    pub fn reconnect(&self) -> Result<PgStore> {
        let client = Self::connect(&self.target)?;
        Ok(PgStore::over(client, self.target.clone()))
    }

    fn connect(target: &connect::Target) -> Result<Client> {
        connect::connect(target).map_err(|e| backend_error("connecting to PostgreSQL", e))
    }

    fn over(client: Client, target: connect::Target) -> PgStore {
        PgStore {
            conn: Mutex::new(Conn {
                client,
                in_round: false,
            }),
            target,
        }
    }

    /// The connection string this store was opened with, password hidden.
    pub fn url(&self) -> &str {
        &self.target.url
    }

    /// The schema version of the open database (see [`PG_SCHEMA_VERSION`]).
    pub fn schema_version(&self) -> Result<i64> {
        migrations::version(&mut self.conn().client)
    }

    /// The connection, waiting for another thread's call to finish. A call that panicked
    /// leaves no lock behind.
    pub(crate) fn conn(&self) -> MutexGuard<'_, Conn> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Conn {
    /// Run `f` as one transaction, taking the advisory lock `lock` first if given; inside a
    /// story round, as a savepoint of the round's transaction (whose locks it shares).
    /// Committed when `f` succeeds, rolled back when it fails.
    pub(crate) fn write<T>(
        &mut self,
        lock: Option<i64>,
        f: impl FnOnce(&mut Client) -> Result<T>,
    ) -> Result<T> {
        let (begin, commit, rollback) = if self.in_round {
            (
                "SAVEPOINT crosscheck_write",
                "RELEASE SAVEPOINT crosscheck_write",
                "ROLLBACK TO SAVEPOINT crosscheck_write; RELEASE SAVEPOINT crosscheck_write",
            )
        } else {
            ("BEGIN", "COMMIT", "ROLLBACK")
        };
        self.client
            .batch_execute(begin)
            .context("starting a transaction")?;
        let out = lock
            .map_or(Ok(()), |key| lock_xact(&mut self.client, key))
            .and_then(|()| f(&mut self.client));
        match out {
            Ok(value) => {
                self.client
                    .batch_execute(commit)
                    .context("committing a transaction")?;
                Ok(value)
            }
            Err(e) => {
                // The failure is what the caller needs to see; a failed rollback (a broken
                // connection) leaves nothing to undo on the server either.
                let _ = self.client.batch_execute(rollback);
                Err(e)
            }
        }
    }
}

/// Take the transaction-level advisory lock `key`, waiting for whoever holds it.
pub(crate) fn lock_xact(client: &mut impl postgres::GenericClient, key: i64) -> Result<()> {
    client
        .execute("SELECT pg_advisory_xact_lock($1)", &[&key])
        .context("waiting for a lock")?;
    Ok(())
}
