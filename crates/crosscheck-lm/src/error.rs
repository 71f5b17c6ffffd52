//! The crate's one error type.

use std::path::PathBuf;

/// What can go wrong loading or running the language model.
#[derive(Debug, thiserror::Error)]
pub enum LmError {
    /// The model file could not be opened or read.
    #[error("cannot read model file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not a GGUF model this crate can run (missing key, wrong shape, bad tokenizer).
    #[error("{path} is not a usable GGUF language model: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A text to score is longer than [`MAX_TOKENS`](crate::MAX_TOKENS) tokens.
    #[error("text of {tokens} tokens is longer than the scoring window ({max} tokens)")]
    TooLong {
        /// Tokens in the text.
        tokens: usize,
        /// The cap.
        max: usize,
    },
    /// The tokenizer failed on a text.
    #[error("tokenizer: {0}")]
    Tokenize(String),
    /// The tensor library failed while running the model.
    #[error("model computation: {0}")]
    Compute(#[from] candle_core::Error),
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, LmError>;
