//! Schema migrations, from day one.
//!
//! Each entry of [`MIGRATIONS`] moves the schema one version up and runs in its own
//! transaction together with the `user_version` bump, so a database is always at exactly one
//! known version. Never edit a shipped migration; append a new one.

use rusqlite::{Connection, OptionalExtension};

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
    // 5: documents get an explicit integer key, keeping every row id: the reuse index and
    // the story tables refer to documents by row id, and `VACUUM` may renumber the row ids
    // of a table without one.
    r#"
    CREATE TABLE documents_v5 (
        seq         INTEGER PRIMARY KEY,
        hash        TEXT NOT NULL UNIQUE,
        id          TEXT NOT NULL,
        source      TEXT NOT NULL,
        outlet      TEXT,
        published   TEXT,
        language    TEXT,
        title       TEXT,
        url         TEXT,
        meta        TEXT NOT NULL,
        text        TEXT NOT NULL,
        credits     TEXT NOT NULL,
        extra       TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    ) STRICT;
    INSERT INTO documents_v5 (seq, hash, id, source, outlet, published, language, title, url, meta, text, credits, extra, ingested_at)
        SELECT rowid, hash, id, source, outlet, published, language, title, url, meta, text, credits, extra, ingested_at FROM documents;
    DROP TABLE documents;
    ALTER TABLE documents_v5 RENAME TO documents;
    CREATE INDEX documents_by_id ON documents(id);
    CREATE INDEX documents_by_published ON documents(published);
    "#,
    // 6: the versions of the formats stored inside columns (`crate::codec`): the reuse
    // detail and the story terms. Databases before this held version 1 of both.
    r#"
    CREATE TABLE formats (
        name    TEXT PRIMARY KEY,
        version INTEGER NOT NULL
    ) STRICT;
    INSERT INTO formats (name, version) VALUES ('reuse_detail', 1), ('story_terms', 1);
    "#,
    // 7: the documents not yet linked for reuse, a queue that survives a crash: a document
    // enters it with its own insert and leaves it in the transaction that records its pairs.
    // The reuse index now holds only linked documents. Databases before this could hold
    // fingerprints under a neighbour's key (fixed in this version), so their index is dropped
    // and every document is queued: the next `ingest` indexes and links it again.
    r#"
    CREATE TABLE reuse_pending (
        doc     INTEGER PRIMARY KEY,   -- documents.seq
        claimed INTEGER                -- unix time a run took it (NULL: free)
    ) STRICT;
    CREATE TABLE reuse_sizes (
        doc          INTEGER PRIMARY KEY,   -- documents.seq
        fingerprints INTEGER NOT NULL       -- how many it has in the index
    ) STRICT;
    DELETE FROM reuse_fingerprints;
    INSERT INTO reuse_pending (doc) SELECT seq FROM documents;
    "#,
    // 8: full-text search over titles and texts, an FTS5 index over `documents` (external
    // content: the index keeps only its postings) filled by `refresh_search_index`, not by
    // ingest, up to the highest key it has indexed (documents are never deleted); and derived
    // pairs looked up by target (the primary key serves lookups by source).
    r#"
    CREATE VIRTUAL TABLE documents_search USING fts5(
        title, text,
        content = 'documents', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TABLE search_indexed (
        id  INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL    -- highest documents.seq in documents_search
    ) STRICT;
    INSERT INTO search_indexed (id, seq) VALUES (1, 0);
    CREATE INDEX reuse_pairs_by_target ON reuse_pairs(target);
    "#,
    // 9: stories corrected by hand (`merge_stories`, `move_document`). A story merged into
    // another, or emptied by moves, keeps its row with no documents and `merged_into` naming
    // where its documents went, so its key still resolves. A member brought into a story by a
    // correction keeps the key of the group it came from in `part` (NULL: the story's own),
    // so placement still compares a new document with each group apart; the partial index
    // holds only such members and costs ordinary placements nothing. Every correction is
    // recorded in `story_corrections`.
    r#"
    ALTER TABLE stories ADD COLUMN merged_into INTEGER REFERENCES stories(id);
    CREATE INDEX stories_by_merged_into ON stories(merged_into) WHERE merged_into IS NOT NULL;
    ALTER TABLE story_documents ADD COLUMN part INTEGER;
    CREATE INDEX story_documents_by_part ON story_documents(story, part, seq) WHERE part IS NOT NULL;
    CREATE TABLE story_corrections (
        id         INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL CHECK (kind IN ('merge', 'move')),
        doc        INTEGER,             -- documents.seq: the document moved (NULL: a merge)
        from_story INTEGER NOT NULL,    -- the story merged away, or the one the document left
        to_story   INTEGER NOT NULL,    -- the story that took them
        made_at    TEXT NOT NULL        -- RFC 3339, UTC
    ) STRICT;
    "#,
    // 10: a change counter for the reuse index. A run that links many documents against a
    // small index keeps a copy of the index in memory; the counter tells it whether any other
    // connection wrote the index since it last looked (then it reads from the tables again),
    // and the posting count whether a copy is worth loading.
    r#"
    CREATE TABLE reuse_index_state (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        writes   INTEGER NOT NULL,   -- index writes committed so far
        postings INTEGER NOT NULL    -- rows in reuse_fingerprints
    ) STRICT;
    INSERT INTO reuse_index_state (id, writes, postings)
        SELECT 1, 0, count(*) FROM reuse_fingerprints;
    "#,
    // 11: translations across languages at ingest (issue #20). Each linked document's
    // language, and whether its anchors (names and numbers that survive translation, keyed by
    // `crosscheck_reuse::anchor_keys`, format `translation_anchors`) are in the anchor index:
    // they are indexed only once the linked documents have two languages. The candidate pairs
    // wait in `translation_candidates` until a run with the multilingual model judges them.
    // Documents linked before this version are registered with their stored language, so a
    // later document in another language finds them.
    r#"
    CREATE TABLE translation_documents (
        doc      INTEGER PRIMARY KEY,   -- documents.seq
        language TEXT NOT NULL,
        anchored INTEGER NOT NULL DEFAULT 0   -- 1: its anchors are in translation_anchors
    ) STRICT;
    CREATE INDEX translation_documents_unanchored ON translation_documents(doc) WHERE anchored = 0;
    CREATE TABLE translation_languages (
        language TEXT PRIMARY KEY
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE translation_anchors (
        anchor   INTEGER NOT NULL,   -- the u64 key's bits
        doc      INTEGER NOT NULL,   -- documents.seq
        position INTEGER NOT NULL,   -- among the document's anchors
        PRIMARY KEY (anchor, doc)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE translation_candidates (
        a INTEGER NOT NULL,   -- documents.seq, the smaller
        b INTEGER NOT NULL,
        PRIMARY KEY (a, b)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO translation_documents (doc, language)
        SELECT seq, language FROM documents
        WHERE language IS NOT NULL AND language NOT IN ('', 'und')
          AND seq NOT IN (SELECT doc FROM reuse_pending);
    INSERT OR IGNORE INTO translation_languages (language)
        SELECT DISTINCT language FROM translation_documents;
    INSERT OR IGNORE INTO formats (name, version) VALUES ('translation_anchors', 1);
    "#,
    // 12: each term's stories as one list beside its document frequency (format
    // `story_term_stories`: the latest 64 story keys), instead of a row per (term, story). A
    // placement reads only a term's latest stories, and writing a posting per term of every
    // placed document was most of a round's write time (1.5 million rows for 10k documents,
    // scattered over the whole index each round); a round now rewrites one row per distinct
    // term it has, the same rows as its document frequencies.
    r#"
    ALTER TABLE story_df ADD COLUMN stories BLOB NOT NULL DEFAULT x'';
    UPDATE story_df SET stories = coalesce((
        SELECT unhex(group_concat(printf('%016X', story), '' ORDER BY story))
        FROM (SELECT story FROM story_terms WHERE term = story_df.term
              ORDER BY story DESC LIMIT 64)
    ), x'');
    INSERT OR IGNORE INTO story_df (term, df, stories)
        SELECT term, 0, unhex(group_concat(printf('%016X', story), '' ORDER BY story))
        FROM (SELECT term, story FROM story_terms WHERE term NOT IN (SELECT term FROM story_df))
        GROUP BY term;
    DROP TABLE story_terms;
    INSERT OR IGNORE INTO formats (name, version) VALUES ('story_term_stories', 1);
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
    if found == SCHEMA_VERSION {
        return check_formats(conn);
    }
    // A migration that rebuilds a table drops the old one, and with foreign keys on that
    // drop would cascade into every table referring to it. SQLite's procedure: keys off
    // (outside any transaction), rebuild, check, keys back on.
    let keys_on: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |row| row.get(0))
        .context("reading the foreign key setting")?;
    conn.pragma_update(None, "foreign_keys", "OFF")
        .context("suspending foreign keys")?;
    let migrated = run_migrations(conn, found);
    if keys_on != 0 {
        conn.pragma_update(None, "foreign_keys", "ON")
            .context("restoring foreign keys")?;
    }
    migrated?;
    check_formats(conn)
}

/// Refuse a database whose stored formats are newer than this code reads.
fn check_formats(conn: &Connection) -> Result<()> {
    let mut stmt = conn
        .prepare("SELECT name, version FROM formats")
        .context("reading the stored formats")?;
    let rows = stmt
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })
        .context("reading the stored formats")?;
    for row in rows {
        let (name, found) = row.context("reading a stored format")?;
        let supported = crate::codec::FORMATS
            .iter()
            .find(|(known, _)| *known == name)
            .map_or(0, |(_, version)| *version);
        if found > supported {
            return Err(StoreError::NewerFormat {
                format: name,
                found,
                supported,
            });
        }
    }
    Ok(())
}

fn run_migrations(conn: &mut Connection, found: i64) -> Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as i64 + 1;
        // An immediate transaction takes the write lock first: of two processes opening a
        // new database at once, the second waits (busy timeout), then sees the version the
        // first wrote and skips what is done instead of creating the tables twice.
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .context("starting a migration")?;
        let current: i64 = tx
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .context("reading the schema version")?;
        if current >= version {
            continue;
        }
        tx.execute_batch(sql).context("running a migration")?;
        let dangling: Option<String> = tx
            .query_row("PRAGMA foreign_key_check", [], |row| row.get(0))
            .optional()
            .context("checking foreign keys")?;
        if let Some(table) = dangling {
            return Err(StoreError::BrokenMigration { version, table });
        }
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
        let conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute_batch(
            "INSERT INTO reuse_fingerprints (fp, doc) VALUES (7, 1), (7, 2), (9, 1), (7, 1);",
        )
        .unwrap();
        // Version 3 alone (version 7 empties the index on purpose).
        conn.execute_batch(MIGRATIONS[2]).unwrap();
        let postings: Vec<(i64, i64)> = conn
            .prepare("SELECT fp, doc FROM reuse_fingerprints ORDER BY fp, doc")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(postings, [(7, 1), (7, 2), (9, 1)]);
    }

    /// Version 7 queues every stored document for reuse linking and drops the index that
    /// earlier versions may have keyed wrongly; the pairs found stay.
    #[test]
    fn version_7_queues_every_document_for_linking() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..6] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 6).unwrap();
        conn.execute_batch(
            "INSERT INTO documents (seq, hash, id, source, meta, text, credits, extra, ingested_at)
               VALUES (3, 'h3', 'a', 's', '{}', 't', '[]', '{}', 'now'), (8, 'h8', 'b', 's', '{}', 't', '[]', '{}', 'now');
             INSERT INTO reuse_fingerprints (fp, doc) VALUES (7, 3), (7, 8);
             INSERT INTO reuse_pairs VALUES ('h3', 'h8', 'verbatim', 'full', 1.0, 'undetermined', '{}');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |row| row.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM reuse_fingerprints"), 0);
        assert_eq!(count("SELECT count(*) FROM reuse_pending"), 2);
        assert_eq!(count("SELECT sum(doc) FROM reuse_pending"), 11);
        assert_eq!(count("SELECT count(*) FROM reuse_pairs"), 1);
    }

    /// Version 5 rebuilds `documents` with an explicit key: row ids survive it (the reuse
    /// and story tables point at them) and so do the rows that refer to documents by hash.
    #[test]
    fn version_5_keeps_row_ids_and_references() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        for sql in &MIGRATIONS[..4] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 4).unwrap();
        conn.execute_batch(
            "INSERT INTO documents (rowid, hash, id, source, meta, text, credits, extra, ingested_at)
                 VALUES (5, 'h5', 'a', 's', '{}', 'Text a.', '[]', '{}', 'now'),
                        (9, 'h9', 'b', 's', '{}', 'Text b.', '[]', '{}', 'now');
             INSERT INTO occurrences (hash, source, id) VALUES ('h5', 's', 'a'), ('h9', 's', 'b');
             INSERT INTO reuse_pairs VALUES ('h5', 'h9', 'verbatim', 'full', 1.0, 'date', '{}');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let rows: Vec<(i64, String)> = conn
            .prepare("SELECT rowid, hash FROM documents ORDER BY rowid")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(rows, [(5, "h5".to_string()), (9, "h9".to_string())]);
        let count = |table: &str| -> i64 {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get(0)
            })
            .unwrap()
        };
        assert_eq!(count("occurrences"), 2);
        assert_eq!(count("reuse_pairs"), 1);
        let keys: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |row| row.get(0))
            .unwrap();
        assert_eq!(keys, 1, "foreign keys are back on");
        // The key is explicit now: VACUUM keeps it.
        conn.execute_batch("VACUUM").unwrap();
        let seq: i64 = conn
            .query_row("SELECT seq FROM documents WHERE hash = 'h9'", [], |row| {
                row.get(0)
            })
            .unwrap();
        assert_eq!(seq, 9);
    }

    /// Version 11 registers the languages of the documents linked before it (so a later
    /// document in another language finds them), not those still queued (their linking
    /// registers them) nor those of no known language, and records the anchor rule.
    #[test]
    fn version_11_registers_linked_documents_languages() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..10] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 10).unwrap();
        conn.execute_batch(
            "INSERT INTO documents (seq, hash, id, source, language, meta, text, credits, extra, ingested_at)
               VALUES (1, 'h1', 'a', 's', 'en', '{}', 't', '[]', '{}', 'now'),
                      (2, 'h2', 'b', 's', 'es', '{}', 't', '[]', '{}', 'now'),
                      (3, 'h3', 'c', 's', 'und', '{}', 't', '[]', '{}', 'now'),
                      (4, 'h4', 'd', 's', NULL, '{}', 't', '[]', '{}', 'now'),
                      (5, 'h5', 'e', 's', 'it', '{}', 't', '[]', '{}', 'now');
             INSERT INTO reuse_pending (doc) VALUES (5);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let registered: Vec<(i64, String, i64)> = conn
            .prepare("SELECT doc, language, anchored FROM translation_documents ORDER BY doc")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(registered, [(1, "en".into(), 0), (2, "es".into(), 0)]);
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |row| row.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM translation_languages"), 2);
        assert_eq!(
            count("SELECT version FROM formats WHERE name = 'translation_anchors'"),
            crate::codec::TRANSLATION_ANCHORS_FORMAT
        );
    }

    /// Version 12 folds the postings of `story_terms` into one list per term, the latest 64
    /// stories ascending, in the bytes the codec writes; a term with postings but no
    /// frequency row keeps its postings.
    #[test]
    fn version_12_keeps_each_terms_latest_stories() {
        use crate::codec::{decode_term_stories, STORIES_KEPT_PER_TERM};
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..11] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 11).unwrap();
        let insert = |term: i64, story: i64| {
            conn.execute(
                "INSERT INTO story_terms (term, story) VALUES (?1, ?2)",
                [term, story],
            )
            .unwrap();
        };
        for story in 1..=100 {
            insert(-7, story);
        }
        insert(5, 3);
        insert(5, 2);
        insert(9, 4);
        conn.execute_batch("INSERT INTO story_df (term, df) VALUES (-7, 120), (5, 2), (6, 1);")
            .unwrap();
        migrate(&mut conn).unwrap();
        let lists: Vec<(i64, i64, Vec<i64>)> = conn
            .prepare("SELECT term, df, stories FROM story_df ORDER BY term")
            .unwrap()
            .query_map([], |row| {
                let bytes: Vec<u8> = row.get(2)?;
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    decode_term_stories(&bytes).unwrap(),
                ))
            })
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        let latest: Vec<i64> = (100 - STORIES_KEPT_PER_TERM as i64 + 1..=100).collect();
        assert_eq!(
            lists,
            [
                (-7, 120, latest),
                (5, 2, vec![2, 3]),
                (6, 1, vec![]),
                (9, 0, vec![4]),
            ]
        );
        let gone: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'story_terms'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(gone, 0);
    }
}
