//! Store errors, each with what the store was doing.

/// Errors from the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed while doing `context`.
    #[error("database error while {context}: {source}")]
    Sqlite {
        /// What the store was doing.
        context: &'static str,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },
    /// Another database (a server behind the same seam) failed while doing `context`.
    #[error("database error while {context}: {source}")]
    Backend {
        /// What the store was doing.
        context: &'static str,
        /// The backend's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A stored JSON column could not be read back.
    #[error("stored {column} of document {hash} is not valid JSON: {source}")]
    Corrupt {
        /// Column name.
        column: &'static str,
        /// Document hash.
        hash: String,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
    /// A stored value could not be decoded.
    #[error("stored {column} of {key} cannot be read: {message}")]
    CorruptValue {
        /// Column name.
        column: &'static str,
        /// The row, for a person.
        key: String,
        /// What is wrong with it.
        message: String,
    },
    /// The database holds a persisted format newer than this crosscheck reads.
    #[error("the database's {format} format is version {found}, newer than this crosscheck reads ({supported}); upgrade crosscheck")]
    NewerFormat {
        /// Which format.
        format: String,
        /// Version found in the database.
        found: i64,
        /// Newest version this code reads.
        supported: i64,
    },
    /// The database was written by a newer crosscheck.
    #[error("database schema version {found} is newer than this crosscheck supports ({supported}); upgrade crosscheck")]
    NewerSchema {
        /// Version found in the file.
        found: i64,
        /// Newest version this code knows.
        supported: i64,
    },
    /// A schema migration would leave rows referring to rows that no longer exist; it was
    /// rolled back and the database is unchanged.
    #[error("schema migration to version {version} left dangling references in table {table}; nothing was changed")]
    BrokenMigration {
        /// The version the migration leads to.
        version: i64,
        /// A table with a dangling reference.
        table: String,
    },
}

/// Result with [`StoreError`].
pub type Result<T> = std::result::Result<T, StoreError>;

/// Attach a context to a rusqlite result.
pub(crate) trait Context<T> {
    fn context(self, context: &'static str) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, rusqlite::Error> {
    fn context(self, context: &'static str) -> Result<T> {
        self.map_err(|source| StoreError::Sqlite { context, source })
    }
}
