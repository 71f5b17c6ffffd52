//! Schema migrations, from day one.
//!
//! Each entry of [`MIGRATIONS`] moves the schema one version up and runs in its own
//! transaction together with the `user_version` bump, so a database is always at exactly one
//! known version. Never edit a shipped migration; append a new one.

use rusqlite::Connection;

use crate::error::{Context, Result, StoreError};

/// SQL for each schema version, in order; version N is `MIGRATIONS[N - 1]`.
const MIGRATIONS: &[&str] = &[
    // 1: documents keyed by content hash, every place each was seen, and input files done.
    r#"
    CREATE TABLE documents (
        hash        TEXT PRIMARY KEY,
        id          TEXT NOT NULL,
        source      TEXT NOT NULL,
        outlet      TEXT,
        published   TEXT,
        language    TEXT,
        title       TEXT,
        url         TEXT,
        meta        TEXT NOT NULL,   -- JSON: model::Metadata, values with their origin
        text        TEXT NOT NULL,
        credits     TEXT NOT NULL,   -- JSON array
        extra       TEXT NOT NULL,   -- JSON object: uninterpreted record fields
        ingested_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX documents_by_id ON documents(id);
    CREATE INDEX documents_by_published ON documents(published);
    CREATE TABLE occurrences (
        hash   TEXT NOT NULL REFERENCES documents(hash) ON DELETE CASCADE,
        source TEXT NOT NULL,
        id     TEXT NOT NULL,
        PRIMARY KEY (hash, source)
    ) STRICT;
    CREATE TABLE input_files (
        path        TEXT PRIMARY KEY,
        size        INTEGER NOT NULL,
        modified    INTEGER NOT NULL,
        documents   INTEGER NOT NULL,
        problems    INTEGER NOT NULL,
        completed_at TEXT NOT NULL
    ) STRICT;
    "#,
    // 2: the reuse index (skeleton fingerprints per document) and the derived pairs found.
    r#"
    CREATE TABLE reuse_fingerprints (
        fp  INTEGER NOT NULL,
        doc INTEGER NOT NULL    -- documents.rowid
    ) STRICT;
    CREATE INDEX reuse_fingerprints_by_fp ON reuse_fingerprints(fp);
    CREATE TABLE reuse_pairs (
        source     TEXT NOT NULL REFERENCES documents(hash) ON DELETE CASCADE,
        target     TEXT NOT NULL REFERENCES documents(hash) ON DELETE CASCADE,
        relation   TEXT NOT NULL,
        extent     TEXT NOT NULL,
        similarity REAL NOT NULL,
        direction  TEXT NOT NULL,
        detail     TEXT NOT NULL,   -- JSON: passages and substitutions (byte ranges)
        PRIMARY KEY (source, target)
    ) STRICT;
    "#,
    // 3: the reuse index as a clustered (fp, doc) key: a lookup reads its postings from one
    // B-tree instead of an index plus a table row per posting, and an insert writes one
    // B-tree instead of two.
    r#"
    CREATE TABLE reuse_postings (
        fp  INTEGER NOT NULL,
        doc INTEGER NOT NULL,   -- documents.rowid
        PRIMARY KEY (fp, doc)
    ) STRICT, WITHOUT ROWID;
    INSERT OR IGNORE INTO reuse_postings (fp, doc) SELECT fp, doc FROM reuse_fingerprints;
    DROP TABLE reuse_fingerprints;
    ALTER TABLE reuse_postings RENAME TO reuse_fingerprints;
    "#,
    // 4: stories kept between runs, so a new document joins a stored story (or starts one)
    // without the corpus being re-clustered: each placed document's story terms, the
    // stories, which stories have which term, and the document frequency of every term.
    r#"
    CREATE TABLE stories (
        id        INTEGER PRIMARY KEY,
        title     TEXT,
        documents INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE story_documents (
        seq        INTEGER PRIMARY KEY,   -- placement order (row ids follow write order)
        doc        INTEGER NOT NULL UNIQUE,   -- documents.rowid
        story      INTEGER NOT NULL REFERENCES stories(id),
        similarity REAL NOT NULL,
        day        TEXT,
        terms      BLOB NOT NULL          -- (term u64, count f32) little-endian records
    ) STRICT;
    CREATE INDEX story_documents_by_story ON story_documents(story, seq);
    CREATE TABLE story_terms (
        term  INTEGER NOT NULL,
        story INTEGER NOT NULL,
        PRIMARY KEY (term, story)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE story_df (
        term INTEGER PRIMARY KEY,
        df   INTEGER NOT NULL
    ) STRICT;
    "#,
];

/// The schema version this code writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Bring `conn` up to [`SCHEMA_VERSION`].
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .context("reading the schema version")?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as i64 + 1;
        let tx = conn.transaction().context("starting a migration")?;
        tx.execute_batch(sql).context("running a migration")?;
        tx.pragma_update(None, "user_version", version)
            .context("recording the schema version")?;
        tx.commit().context("committing a migration")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_3_keeps_the_postings_of_version_2() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute_batch(
            "INSERT INTO reuse_fingerprints (fp, doc) VALUES (7, 1), (7, 2), (9, 1), (7, 1);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let postings: Vec<(i64, i64)> = conn
            .prepare("SELECT fp, doc FROM reuse_fingerprints ORDER BY fp, doc")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(postings, [(7, 1), (7, 2), (9, 1)]);
    }
}
