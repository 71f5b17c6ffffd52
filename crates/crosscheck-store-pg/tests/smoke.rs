//! The cluster harness starts, serves a store, and stops.
#![allow(clippy::print_stderr)]

mod cluster;

use crosscheck_store::DocumentStore;
use crosscheck_store_pg::PgStore;

#[test]
fn a_store_opens_on_a_throwaway_cluster() {
    let Some(cluster) = cluster::Cluster::start(false) else {
        return;
    };
    let db = cluster.database();
    let store = PgStore::open(&db.url()).expect("opens");
    assert_eq!(store.document_count().expect("counts"), 0);
    assert_eq!(
        store.schema_version().expect("version"),
        crosscheck_store_pg::PG_SCHEMA_VERSION
    );
    drop(store);
    drop(db);
    let socket = cluster.socket.clone();
    drop(cluster);
    assert!(!socket.exists(), "the cluster's directory is gone");
}
