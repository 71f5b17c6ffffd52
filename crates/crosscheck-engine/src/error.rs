//! The engine's one error type: what failed, with what the engine was doing.

use crosscheck_store::StoreError;

use crate::report::WriteError;

/// Errors of a run. Bad input is never one of them: a file or record that cannot be read is
/// skipped and reported in the run's summary; these are the failures that stop a run.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The store failed while the engine was doing `context`.
    #[error("{context}")]
    Store {
        /// What the engine was doing.
        context: String,
        /// The store's error.
        #[source]
        source: StoreError,
    },
    /// A document the run stored is gone from the store (another process deleted it).
    #[error("document {id} is no longer in the database")]
    MissingDocument {
        /// The document's report id.
        id: String,
    },
    /// The worker threads could not be started.
    #[error("starting worker threads")]
    Threads(#[source] rayon::ThreadPoolBuildError),
    /// A reader thread panicked (a bug: readers catch every input problem).
    #[error("a reader thread panicked")]
    ReaderPanicked,
    /// The report could not be written.
    #[error("writing the report")]
    Write(#[source] WriteError),
    /// Something this build cannot do (a store backend it was built without).
    #[error("{0}")]
    Unsupported(String),
}

/// Result with [`EngineError`].
pub type Result<T> = std::result::Result<T, EngineError>;

/// Attach what the engine was doing to a store result.
pub(crate) trait StoreContext<T> {
    /// `context` names the step, in words for a person ("writing to the database").
    fn context(self, context: &'static str) -> Result<T>;
    /// The same, with a context built only on failure.
    fn with_context(self, context: impl FnOnce() -> String) -> Result<T>;
}

impl<T> StoreContext<T> for std::result::Result<T, StoreError> {
    fn context(self, context: &'static str) -> Result<T> {
        self.map_err(|source| EngineError::Store {
            context: context.to_string(),
            source,
        })
    }

    fn with_context(self, context: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|source| EngineError::Store {
            context: context(),
            source,
        })
    }
}

/// An error with every cause after it, `: `-separated, as one line for a person.
pub(crate) fn describe(err: &dyn std::error::Error) -> String {
    let mut line = err.to_string();
    let mut cause = err.source();
    while let Some(inner) = cause {
        line.push_str(": ");
        line.push_str(&inner.to_string());
        cause = inner.source();
    }
    line
}
