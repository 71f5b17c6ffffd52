//! Errors of the rewrite stage.
//!
//! Analysing a text cannot fail: every input gets a [`crate::RewriteAnalysis`]. The only thing
//! that can go wrong is the language data, which is checked when it is first loaded.

/// What went wrong while loading the spin-detection data.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The data does not have the expected layout.
    #[error("spin data: corrupt at byte {offset}: {reason}")]
    Corrupt {
        /// Byte offset into the data where reading failed.
        offset: usize,
        /// What was expected there.
        reason: &'static str,
    },
    /// The data was written by a different version of the build script.
    #[error("spin data: format version {found}, this build reads {expected}")]
    Version {
        /// The version found in the data.
        found: u32,
        /// The version this crate reads.
        expected: u32,
    },
}

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
