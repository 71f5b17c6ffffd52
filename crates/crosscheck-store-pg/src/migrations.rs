//! Schema migrations, versioned in `schema_migrations` and run under an advisory lock.
//!
//! Each entry of [`MIGRATIONS`] moves the schema one version up in its own transaction,
//! together with its row in `schema_migrations`. The transaction first takes the migration
//! lock (`pg_advisory_xact_lock`), so of several processes opening a new database at once one
//! migrates and the others wait, then see its version and skip what is done. Never edit a
//! shipped migration; append a new one.
//!
//! Version 1 holds the concepts of the SQLite store's schema 9 at once: documents keyed by
//! content hash with an integer key, occurrences, input files, the reuse index, queue and
//! pairs, stories with their corrections, the codec versions and full-text search. Text that
//! is ordered or compared is `COLLATE "C"` (byte order, as SQLite's), whatever the
//! database's locale. Version 2 is the SQLite store's schema 11 (translations).

use crosscheck_store::codec::FORMATS;
use crosscheck_store::{Result, StoreError};
use postgres::Client;

use crate::error::Context;
use crate::{lock_xact, locks};

/// SQL for each schema version, in order; version N is `MIGRATIONS[N - 1]`.
const MIGRATIONS: &[&str] = &[
    // 1: the whole schema.
    r#"
    CREATE TABLE documents (
        seq         BIGINT PRIMARY KEY,      -- DocKey: the next integer in commit order
        hash        TEXT COLLATE "C" NOT NULL UNIQUE,
        id          TEXT COLLATE "C" NOT NULL,
        source      TEXT NOT NULL,
        outlet      TEXT COLLATE "C",
        published   TEXT COLLATE "C",
        language    TEXT,
        title       TEXT,
        url         TEXT,
        meta        TEXT NOT NULL,   -- JSON: model::Metadata, values with their origin
        text        TEXT NOT NULL,
        credits     TEXT NOT NULL,   -- JSON array
        extra       TEXT NOT NULL,   -- JSON object: uninterpreted record fields
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_by_id ON documents (id, hash);
    CREATE INDEX documents_by_published ON documents (published);
    CREATE TABLE occurrences (
        hash   TEXT COLLATE "C" NOT NULL REFERENCES documents (hash) ON DELETE CASCADE,
        source TEXT NOT NULL,
        id     TEXT NOT NULL,
        PRIMARY KEY (hash, source)
    );
    CREATE TABLE input_files (
        path         TEXT PRIMARY KEY,
        size         BIGINT NOT NULL,
        modified     BIGINT NOT NULL,
        documents    BIGINT NOT NULL,
        problems     BIGINT NOT NULL,
        completed_at TEXT NOT NULL
    );
    CREATE TABLE reuse_fingerprints (
        fp  BIGINT NOT NULL,
        doc BIGINT NOT NULL,     -- documents.seq
        PRIMARY KEY (fp, doc)
    );
    CREATE TABLE reuse_pending (
        doc     BIGINT PRIMARY KEY,   -- documents.seq
        claimed BIGINT                -- unix time a run took it (NULL: free)
    );
    CREATE TABLE reuse_sizes (
        doc          BIGINT PRIMARY KEY,   -- documents.seq
        fingerprints BIGINT NOT NULL       -- how many it has in the index
    );
    CREATE TABLE reuse_pairs (
        source     TEXT COLLATE "C" NOT NULL REFERENCES documents (hash) ON DELETE CASCADE,
        target     TEXT COLLATE "C" NOT NULL REFERENCES documents (hash) ON DELETE CASCADE,
        relation   TEXT NOT NULL,
        extent     TEXT NOT NULL,
        similarity DOUBLE PRECISION NOT NULL,
        direction  TEXT NOT NULL,
        detail     TEXT NOT NULL,   -- codec reuse_detail: passages and substitutions (JSON)
        PRIMARY KEY (source, target)
    );
    CREATE INDEX reuse_pairs_by_target ON reuse_pairs (target, source);
    CREATE TABLE stories (
        id          BIGINT PRIMARY KEY,   -- StoryKey: the next integer, under the story lock
        title       TEXT,
        documents   BIGINT NOT NULL,
        merged_into BIGINT REFERENCES stories (id)
    );
    CREATE INDEX stories_by_merged_into ON stories (merged_into) WHERE merged_into IS NOT NULL;
    CREATE TABLE story_documents (
        seq        BIGINT PRIMARY KEY,    -- placement order
        doc        BIGINT NOT NULL UNIQUE,   -- documents.seq
        story      BIGINT NOT NULL REFERENCES stories (id),
        similarity DOUBLE PRECISION NOT NULL,
        day        TEXT,
        terms      BYTEA NOT NULL,        -- codec story_terms
        part       BIGINT                 -- the story a correction brought it from (NULL: own)
    );
    CREATE INDEX story_documents_by_story ON story_documents (story, seq);
    CREATE INDEX story_documents_by_part ON story_documents (story, part, seq) WHERE part IS NOT NULL;
    CREATE TABLE story_terms (
        term  BIGINT NOT NULL,
        story BIGINT NOT NULL,
        PRIMARY KEY (term, story)
    );
    CREATE TABLE story_df (
        term BIGINT PRIMARY KEY,
        df   BIGINT NOT NULL
    );
    CREATE TABLE story_corrections (
        id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind       TEXT NOT NULL CHECK (kind IN ('merge', 'move')),
        doc        BIGINT,             -- documents.seq: the document moved (NULL: a merge)
        from_story BIGINT NOT NULL,    -- the story merged away, or the one the document left
        to_story   BIGINT NOT NULL,    -- the story that took them
        made_at    TEXT NOT NULL       -- RFC 3339, UTC
    );
    CREATE TABLE formats (
        name    TEXT PRIMARY KEY,
        version BIGINT NOT NULL
    );
    -- Full-text search, filled by refresh_search_index (not by ingest) up to a watermark:
    -- each document's words as the SQLite index reads them (see search.rs), as lexemes.
    CREATE TABLE documents_search (
        seq   BIGINT PRIMARY KEY REFERENCES documents (seq) ON DELETE CASCADE,
        words TSVECTOR NOT NULL
    );
    CREATE INDEX documents_search_words ON documents_search USING GIN (words);
    CREATE TABLE search_indexed (
        id  INTEGER PRIMARY KEY CHECK (id = 1),
        seq BIGINT NOT NULL    -- highest documents.seq in documents_search
    );
    INSERT INTO search_indexed (id, seq) VALUES (1, 0);
    "#,
    // 2: translations across languages at ingest (issue #20), as the SQLite store's schema
    // 11: each linked document's language and whether its anchors are indexed (only once the
    // linked documents have two languages), the anchor index (keys from
    // `crosscheck_reuse::anchor_keys`, format `translation_anchors`), and the candidate pairs
    // waiting for the multilingual model. Documents linked before are registered with their
    // stored language.
    r#"
    CREATE TABLE translation_documents (
        doc      BIGINT PRIMARY KEY,   -- documents.seq
        language TEXT COLLATE "C" NOT NULL,
        anchored BOOLEAN NOT NULL DEFAULT false
    );
    CREATE INDEX translation_documents_unanchored ON translation_documents (doc) WHERE NOT anchored;
    CREATE TABLE translation_languages (
        language TEXT COLLATE "C" PRIMARY KEY
    );
    CREATE TABLE translation_anchors (
        anchor   BIGINT NOT NULL,   -- the u64 key's bits
        doc      BIGINT NOT NULL,   -- documents.seq
        position INTEGER NOT NULL,  -- among the document's anchors
        PRIMARY KEY (anchor, doc)
    );
    CREATE TABLE translation_candidates (
        a BIGINT NOT NULL,   -- documents.seq, the smaller
        b BIGINT NOT NULL,
        PRIMARY KEY (a, b)
    );
    INSERT INTO translation_documents (doc, language)
        SELECT seq, language FROM documents
        WHERE language IS NOT NULL AND language NOT IN ('', 'und')
          AND seq NOT IN (SELECT doc FROM reuse_pending);
    INSERT INTO translation_languages (language)
        SELECT DISTINCT language FROM translation_documents;
    INSERT INTO formats (name, version) VALUES ('translation_anchors', 1)
        ON CONFLICT (name) DO NOTHING;
    "#,
];

/// The schema version this code writes.
pub const PG_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema version of the database (0: new).
pub(crate) fn version(client: &mut Client) -> Result<i64> {
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])
        .context("looking for the schema version")?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let version: i64 = client
        .query_one(
            "SELECT coalesce(max(version), 0) FROM schema_migrations",
            &[],
        )
        .context("reading the schema version")?
        .get(0);
    Ok(version)
}

/// Bring the database up to [`PG_SCHEMA_VERSION`], and refuse one written by newer code.
pub(crate) fn migrate(client: &mut Client) -> Result<()> {
    let found = version(client)?;
    if found > PG_SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: PG_SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let step = index as i64 + 1;
        let mut tx = client.transaction().context("starting a migration")?;
        // The lock first: a second process waits here, then sees what the first did.
        lock_xact(&mut tx, locks::MIGRATIONS)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version    BIGINT PRIMARY KEY,
                 applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
             )",
        )
        .context("creating the schema version table")?;
        let current: i64 = tx
            .query_one(
                "SELECT coalesce(max(version), 0) FROM schema_migrations",
                &[],
            )
            .context("reading the schema version")?
            .get(0);
        if current >= step {
            continue;
        }
        tx.batch_execute(sql).context("running a migration")?;
        if step == 1 {
            for (name, version) in FORMATS {
                tx.execute(
                    "INSERT INTO formats (name, version) VALUES ($1, $2)",
                    &[name, version],
                )
                .context("recording a format")?;
            }
        }
        tx.execute(
            "INSERT INTO schema_migrations (version) VALUES ($1)",
            &[&step],
        )
        .context("recording the schema version")?;
        tx.commit().context("committing a migration")?;
    }
    check_formats(client)
}

/// Refuse a database whose stored formats are newer than this code reads.
fn check_formats(client: &mut Client) -> Result<()> {
    let rows = client
        .query("SELECT name, version FROM formats", &[])
        .context("reading the stored formats")?;
    for row in rows {
        let name: String = row.get(0);
        let found: i64 = row.get(1);
        let supported = FORMATS
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
