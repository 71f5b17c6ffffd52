//! The store seam's conformance cases (`conformance/`) on both backends: each case runs on
//! the SQLite store and on the PostgreSQL store, so both answer alike.
#![allow(clippy::print_stderr)]

mod cluster;
mod conformance;

use std::path::PathBuf;

use conformance::Backend;
use crosscheck_store::SqliteStore;
use crosscheck_store_pg::PgStore;

/// SQLite stores in files of a temporary directory.
struct Sqlite {
    dir: tempfile::TempDir,
    made: usize,
    last: PathBuf,
}

impl Sqlite {
    fn new() -> Sqlite {
        let dir = tempfile::tempdir().expect("tempdir");
        let last = dir.path().join("none.db");
        Sqlite { dir, made: 0, last }
    }
}

impl Backend for Sqlite {
    type Store = SqliteStore;
    fn fresh(&mut self) -> SqliteStore {
        self.made += 1;
        self.last = self.dir.path().join(format!("{}.db", self.made));
        SqliteStore::open(&self.last).expect("opens")
    }
    fn again(&mut self) -> SqliteStore {
        SqliteStore::open(&self.last).expect("opens")
    }
}

/// PostgreSQL stores, a database each, on the shared cluster.
struct Postgres {
    cluster: &'static cluster::Cluster,
    databases: Vec<cluster::Database<'static>>,
}

impl Backend for Postgres {
    type Store = PgStore;
    fn fresh(&mut self) -> PgStore {
        let db = self.cluster.database();
        let store = PgStore::open(&db.url()).expect("opens");
        self.databases.push(db);
        store
    }
    fn again(&mut self) -> PgStore {
        let db = self.databases.last().expect("a database was made");
        PgStore::open(&db.url()).expect("opens")
    }
}

/// Run `case` on both backends (PostgreSQL only where its binaries exist).
macro_rules! on_both {
    ($($case:ident),* $(,)?) => {$(
        #[test]
        fn $case() {
            conformance::$case(&mut Sqlite::new());
            let Some(cluster) = cluster::shared() else {
                return;
            };
            conformance::$case(&mut Postgres {
                cluster,
                databases: Vec::new(),
            });
        }
    )*};
}

on_both!(
    documents_commit_and_dedup,
    documents_key_by_hash_prefix,
    reuse_index_and_candidates,
    reuse_pairs_record_and_list,
    reuse_claims,
    reuse_claims_from_two_connections,
    stories_placements_round_trip,
    stories_listings_and_overviews,
    stories_merge,
    stories_move,
    stories_round_lock,
    search_titles_texts_diacritics,
    search_hostile_queries,
    search_refresh_is_incremental,
    search_snippets,
    translations_index_and_candidates,
);
