//! What only the PostgreSQL store has: migrations under an advisory lock, connection strings
//! and passwords, and its refusals.
#![allow(clippy::print_stderr)]

mod cluster;

use crosscheck::ingest::{build_from_text, IngestOptions};
use crosscheck_store::{Batch, DocumentStore, StoreError};
use crosscheck_store_pg::{PgStore, PG_SCHEMA_VERSION};

#[test]
fn migrations_run_once_and_concurrently() {
    let Some(cluster) = cluster::shared() else {
        return;
    };
    let db = cluster.database();
    let url = db.url();
    // Four processes' worth of connections open the new database at once.
    let opened: Vec<i64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    let store = PgStore::open(&url).expect("opens");
                    store.schema_version().expect("reads the version")
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("joins"))
            .collect()
    });
    assert_eq!(opened, [PG_SCHEMA_VERSION; 4]);
    // And once more: nothing to do.
    let store = PgStore::open(&url).expect("opens again");
    assert_eq!(store.schema_version().expect("reads"), PG_SCHEMA_VERSION);
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).expect("connects");
    let versions: i64 = admin
        .query_one("SELECT count(*) FROM schema_migrations", &[])
        .expect("counts")
        .get(0);
    assert_eq!(versions, PG_SCHEMA_VERSION);
}

#[test]
fn newer_schemas_and_formats_are_refused() {
    let Some(cluster) = cluster::shared() else {
        return;
    };
    let db = cluster.database();
    drop(PgStore::open(&db.url()).expect("opens"));
    let mut admin = postgres::Client::connect(&db.url(), postgres::NoTls).expect("connects");
    admin
        .batch_execute("UPDATE formats SET version = 99 WHERE name = 'story_terms'")
        .expect("updates");
    assert!(matches!(
        PgStore::open(&db.url()),
        Err(StoreError::NewerFormat { found: 99, .. })
    ));
    admin
        .batch_execute("INSERT INTO schema_migrations (version) VALUES (99)")
        .expect("inserts");
    assert!(matches!(
        PgStore::open(&db.url()),
        Err(StoreError::NewerSchema { found: 99, .. })
    ));
}

#[test]
fn passwords_come_from_the_password_file_and_never_show() {
    let Some(cluster) = cluster::shared() else {
        return;
    };
    let db = cluster.database();
    let tcp = |password: Option<&str>| {
        let user = match password {
            Some(p) => format!("{}:{p}", cluster::PASSWORD_USER),
            None => cluster::PASSWORD_USER.to_string(),
        };
        format!(
            "postgres://{user}@127.0.0.1:{}/{}?sslmode=prefer",
            cluster.port, db.name
        )
    };
    let store = PgStore::open(&tcp(Some(cluster::PASSWORD))).expect("opens with a password");
    let shown = format!("{store:?} {}", store.url());
    assert!(!shown.contains(cluster::PASSWORD), "{shown}");
    assert!(shown.contains("***"), "{shown}");
    drop(store);
    let wrong = PgStore::open(&tcp(Some("wrong-Pa55"))).expect_err("a wrong password fails");
    let message = format!("{wrong} {wrong:?}");
    assert!(!message.contains("wrong-Pa55"), "{message}");
    assert!(message.contains(":***@"), "{message}");
    // No password in the string: the password file has it (the first matching line).
    let dir = tempfile::tempdir().expect("tempdir");
    let passfile = dir.path().join("pgpass");
    std::fs::write(
        &passfile,
        format!(
            "# test\nelsewhere:*:*:*:nope\n127.0.0.1:{}:{}:{}:{}\n",
            cluster.port,
            db.name,
            cluster::PASSWORD_USER,
            cluster::PASSWORD.replace(':', "\\:")
        ),
    )
    .expect("writes");
    std::fs::set_permissions(
        &passfile,
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .expect("chmod");
    let url = format!(
        "host=127.0.0.1 port={} dbname={} user={} passfile={}",
        cluster.port,
        db.name,
        cluster::PASSWORD_USER,
        passfile.display()
    );
    let store = PgStore::open(&url).expect("opens with the password file");
    assert_eq!(store.document_count().expect("counts"), 0);
    // No password anywhere: refused, and the error says where it tried.
    let empty = dir.path().join("empty");
    std::fs::write(&empty, "").expect("writes");
    let url = format!(
        "host=127.0.0.1 port={} dbname={} user={} passfile={}",
        cluster.port,
        db.name,
        cluster::PASSWORD_USER,
        empty.display()
    );
    let err = PgStore::open(&url).expect_err("no password");
    assert!(err.to_string().contains("127.0.0.1"), "{err}");
}

#[test]
fn a_failed_batch_writes_nothing_and_prefixes_can_be_ambiguous() {
    let Some(cluster) = cluster::shared() else {
        return;
    };
    let db = cluster.database();
    let mut store = PgStore::open(&db.url()).expect("opens");
    let mut admin = postgres::Client::connect(&db.url(), postgres::NoTls).expect("connects");
    admin
        .batch_execute(
            "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS
               $$ BEGIN IF NEW.id = 'bad' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$;
             CREATE TRIGGER boom BEFORE INSERT ON occurrences FOR EACH ROW EXECUTE FUNCTION boom();",
        )
        .expect("creates a trigger");
    let doc = |id: &str, text: &str| {
        build_from_text(id, text, &IngestOptions::default()).expect("test document builds")
    };
    let batch = Batch {
        documents: vec![doc("good", "First text."), doc("bad", "Second text.")],
        ..Batch::default()
    };
    let err = store.commit(&batch).expect_err("fails");
    assert!(err.to_string().contains("boom"), "{err}");
    assert_eq!(store.document_count().expect("counts"), 0);
    // The store goes on, and the failed batch spent no key.
    let batch = Batch {
        documents: vec![doc("good", "First text.")],
        ..Batch::default()
    };
    assert_eq!(
        store.commit(&batch).expect("commits").keys,
        [Some(crosscheck_store::DocKey(1))]
    );
    admin
        .batch_execute(
            "INSERT INTO documents (seq, hash, id, source, meta, text, credits, extra, ingested_at) VALUES
               (100, 'abcdef0123', 'x', 's', '{}', 't', '[]', '{}', 'now'),
               (101, 'abcdef0199', 'y', 's', '{}', 't', '[]', '{}', 'now'),
               (102, 'abcdef1', 'z', 's', '{}', 't', '[]', '{}', 'now');",
        )
        .expect("inserts");
    assert_eq!(store.key_by_hash_prefix("abcdef01").expect("reads"), None);
    assert_eq!(
        store.key_by_hash_prefix("ABCDEF1").expect("reads"),
        None,
        "too short"
    );
    assert_eq!(
        store.key_by_hash_prefix("abcdef019").expect("reads"),
        Some(crosscheck_store::DocKey(101))
    );
}
