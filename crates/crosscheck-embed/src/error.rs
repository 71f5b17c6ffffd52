//! The crate's one error type.

use std::path::PathBuf;

/// What can go wrong loading or running the embedding model.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// The model file could not be read.
    #[error("cannot read the model file {path}: {source}")]
    Io {
        /// The file named.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is not an e5 model image this crate understands (bad magic, truncated, a
    /// tensor of the wrong size, a shape the model cannot have).
    #[error("not a valid e5 model file: {what}")]
    Format {
        /// What was wrong, and where.
        what: String,
    },
    /// The tensor library failed while running the model.
    #[error("model run failed: {0}")]
    Candle(#[from] candle_core::Error),
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, EmbedError>;

/// A format error with its reason.
pub(crate) fn format_error(what: impl Into<String>) -> EmbedError {
    EmbedError::Format { what: what.into() }
}
