//! Errors: what opening a store reports, and PostgreSQL errors as the store crate's
//! [`StoreError`].
//!
//! The store traits return [`crosscheck_store::Result`]; a PostgreSQL error travels in it as
//! [`StoreError::Backend`], reading "database error while {context}: {the PostgreSQL error}"
//! with the error chain whole. [`backend_error`] is the one place that builds it.

use crosscheck_store::{Result, StoreError};

/// What went wrong opening a PostgreSQL store. Never holds a password: every connection
/// string it names has its password replaced by `***` ([`crate::redact`]).
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    /// The connection string could not be read.
    #[error("invalid PostgreSQL connection string {url}: {message}")]
    Config {
        /// The connection string, password hidden.
        url: String,
        /// What is wrong with it.
        message: String,
    },
    /// TLS could not be set up (certificates, OpenSSL).
    #[error("cannot set up TLS for {url}: {message}")]
    Tls {
        /// The connection string, password hidden.
        url: String,
        /// What failed.
        message: String,
    },
    /// The server could not be reached, or refused the connection.
    #[error("cannot connect to {url}: {}", connect_message(source))]
    Connect {
        /// The connection string, password hidden.
        url: String,
        /// The client's error (it never holds the password).
        #[source]
        source: postgres::Error,
    },
    /// The database does not store text as UTF-8.
    #[error("the database at {url} stores text as {encoding}; crosscheck needs a UTF8 database")]
    Encoding {
        /// The connection string, password hidden.
        url: String,
        /// The server's encoding.
        encoding: String,
    },
}

/// `error` as a [`StoreError`] naming what the store was doing (see the module docs).
pub(crate) fn backend_error(
    context: &'static str,
    error: impl std::error::Error + Send + Sync + 'static,
) -> StoreError {
    StoreError::Backend {
        context,
        source: Box::new(error),
    }
}

/// Attach what the store was doing to a PostgreSQL result.
pub(crate) trait Context<T> {
    /// The result, its error as a [`StoreError`] naming `context`.
    fn context(self, context: &'static str) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, postgres::Error> {
    fn context(self, context: &'static str) -> Result<T> {
        self.map_err(|e| backend_error(context, QueryError(e)))
    }
}

/// A client error whose message includes the server's (the client's own says only
/// "db error" and keeps the server's message as its source).
#[derive(Debug)]
struct QueryError(postgres::Error);

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.as_db_error() {
            Some(db) => write!(f, "{db}"),
            None => match std::error::Error::source(&self.0) {
                Some(cause) if !self.0.to_string().contains(&cause.to_string()) => {
                    write!(f, "{}: {cause}", self.0)
                }
                _ => write!(f, "{}", self.0),
            },
        }
    }
}

impl std::error::Error for QueryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// A connection error's message with the server's or the system's reason in it.
fn connect_message(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => db.to_string(),
        None => match std::error::Error::source(error) {
            Some(cause) if !error.to_string().contains(&cause.to_string()) => {
                format!("{error}: {cause}")
            }
            _ => error.to_string(),
        },
    }
}
