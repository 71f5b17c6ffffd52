//! Ingest: which bytes are the article?
//!
//! Turns input files (plain text, HTML, JSON Lines, WARC, any of them gzip-compressed) into
//! [`Document`]s: clean body text plus metadata with provenance. Readers differ only in how
//! they find an article's raw body and declared fields; from there one path (`build`) reads
//! header markers, removes boilerplate, detects the language and hashes the result, so a JSONL
//! field and a `.txt` file are cleaned by the same rules.
//!
//! Ingest never stops at a bad input: every problem becomes an [`IngestError`] naming the file
//! and line or record, handed to the caller's sink next to the good documents.

mod article;
mod clean;
mod dates;
mod decode;
mod detect;
mod error;
mod files;
mod html;
mod jsonl;
mod language;
mod nesting;
mod plaintext;
mod warc;

pub use article::{build_from_html, build_from_text, disambiguate_ids, IngestOptions, Item};
pub use dates::parse_date;
pub use detect::Format;
pub use error::{ErrorKind, IngestError, Location};
pub use files::{discover, read_file, InputFile};
pub use html::{extract_html, HtmlArticle};
pub use jsonl::read_record;
pub use nesting::MAX_HTML_DEPTH;
