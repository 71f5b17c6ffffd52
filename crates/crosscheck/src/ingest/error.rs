//! Why an input (a file, a line, a record) was skipped.
//!
//! One bad article is never a failed run: each problem becomes an [`IngestError`] that names
//! the file and, where it applies, the line or record, and the run goes on with the rest.

use std::fmt;
use std::path::PathBuf;

/// Where in the input a problem is: a file, optionally a line (JSON Lines) or record (WARC).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The input file.
    pub path: PathBuf,
    /// 1-based line number, for line-oriented formats.
    pub line: Option<u64>,
    /// 1-based record number, for record-oriented formats (WARC).
    pub record: Option<u64>,
}

impl Location {
    /// The whole file at `path`.
    pub fn file(path: impl Into<PathBuf>) -> Location {
        Location {
            path: path.into(),
            line: None,
            record: None,
        }
    }

    /// Line `line` (1-based) of `path`.
    pub fn line(path: impl Into<PathBuf>, line: u64) -> Location {
        Location {
            line: Some(line),
            ..Location::file(path)
        }
    }

    /// Record `record` (1-based) of `path`.
    pub fn record(path: impl Into<PathBuf>, record: u64) -> Location {
        Location {
            record: Some(record),
            ..Location::file(path)
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(record) = self.record {
            write!(f, ": record {record}")?;
        }
        Ok(())
    }
}

/// What went wrong with one input.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Io(#[source] std::io::Error),
    /// The file is bigger than any single article may be.
    #[error("file is {size} bytes, over the {limit}-byte limit for one article (raise --max-file-size if it really is one)")]
    TooLarge {
        /// Size of the file.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// A JSON Lines line is longer than the per-record limit.
    #[error("line is longer than the {limit}-byte limit for one record")]
    LineTooLong {
        /// The limit in force.
        limit: u64,
    },
    /// The content is binary (a NUL byte where text should be).
    #[error("binary content (NUL byte at offset {offset}), not an article")]
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// Bytes that are not UTF-8, with no declared charset to decode them by.
    #[error("not valid UTF-8 (first bad byte at offset {offset}) and no charset is declared")]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// A declared charset that no decoder knows.
    #[error("declared charset {label:?} is unknown")]
    UnknownCharset {
        /// The label as declared.
        label: String,
    },
    /// A JSON Lines line that is not a JSON object.
    #[error("malformed JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// A record that parses but lacks what an article needs.
    #[error("{0}")]
    BadRecord(String),
    /// A compressed stream or container that ends early.
    #[error("truncated input: {0}")]
    Truncated(String),
    /// A WARC record that cannot be read.
    #[error("bad WARC record: {0}")]
    Warc(String),
    /// The HTML main-content extractor found no article.
    #[error("no article content found in the HTML: {0}")]
    Html(String),
    /// Nothing of an article is left once boilerplate is removed.
    #[error("empty article: no body text after cleaning")]
    Empty,
    /// An HTML page whose elements nest deeper than any article does (a hostile page).
    #[error("HTML nested deeper than {limit} elements, not an article")]
    TooDeep {
        /// The deepest nesting allowed.
        limit: usize,
    },
}

impl ErrorKind {
    /// A short name for the kind of problem, for summaries that count problems by kind.
    pub fn class(&self) -> &'static str {
        match self {
            ErrorKind::Io(_) => "unreadable",
            ErrorKind::TooLarge { .. } => "too large",
            ErrorKind::LineTooLong { .. } => "line too long",
            ErrorKind::Binary { .. } => "binary",
            ErrorKind::InvalidUtf8 { .. } => "invalid UTF-8",
            ErrorKind::UnknownCharset { .. } => "unknown charset",
            ErrorKind::Json(_) => "malformed JSON",
            ErrorKind::BadRecord(_) => "bad record",
            ErrorKind::Truncated(_) => "truncated",
            ErrorKind::Warc(_) => "bad WARC record",
            ErrorKind::Html(_) => "no article in HTML",
            ErrorKind::Empty => "empty article",
            ErrorKind::TooDeep { .. } => "nested too deep",
        }
    }
}

/// One skipped input: where, and why.
#[derive(Debug, thiserror::Error)]
#[error("{location}: {kind}")]
pub struct IngestError {
    /// Where the problem is.
    pub location: Location,
    /// What it is.
    #[source]
    pub kind: ErrorKind,
}

impl IngestError {
    /// A problem `kind` at `location`.
    pub fn new(location: Location, kind: ErrorKind) -> IngestError {
        IngestError { location, kind }
    }

    /// Whether the error is an I/O failure (as opposed to bad content).
    pub fn is_io(&self) -> bool {
        matches!(self.kind, ErrorKind::Io(_))
    }
}
