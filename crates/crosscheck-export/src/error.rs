//! The crate's one error type. Only writing can fail: a finding that does not fit its
//! document is left out and reported ([`crate::LeftOut`]), never an error.

/// Errors of an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The output could not be written (a full disk, a closed pipe).
    #[error("writing the export")]
    Write(#[source] std::io::Error),
    /// A value could not be serialised as JSON (a bug: every exported type serialises).
    #[error("serialising the export as JSON")]
    Json(#[source] serde_json::Error),
    /// A row could not be written as CSV (a bug: every row is a flat record).
    #[error("writing the export as CSV")]
    Csv(#[source] csv::Error),
}

impl ExportError {
    /// Whether the output failed to be written (rather than a value failing to serialise).
    pub fn is_io(&self) -> bool {
        matches!(self, ExportError::Write(_))
    }

    /// Lift a JSON error, keeping an I/O failure an I/O failure.
    pub(crate) fn from_json(err: serde_json::Error) -> ExportError {
        if err.is_io() {
            ExportError::Write(std::io::Error::from(err))
        } else {
            ExportError::Json(err)
        }
    }

    /// Lift a CSV error, keeping an I/O failure an I/O failure.
    pub(crate) fn from_csv(err: csv::Error) -> ExportError {
        if !err.is_io_error() {
            return ExportError::Csv(err);
        }
        match err.into_kind() {
            csv::ErrorKind::Io(io) => ExportError::Write(io),
            // Not reached (`is_io_error` said I/O); still an I/O failure, not a panic.
            other => ExportError::Write(std::io::Error::other(format!("{other:?}"))),
        }
    }
}

impl From<std::io::Error> for ExportError {
    fn from(err: std::io::Error) -> ExportError {
        ExportError::Write(err)
    }
}

/// Result with [`ExportError`].
pub type Result<T> = std::result::Result<T, ExportError>;
