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

mod clean;
mod dates;
mod decode;
mod detect;
mod error;
mod html;
mod jsonl;
mod language;
mod plaintext;
mod warc;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

pub use dates::parse_date;
pub use detect::Format;
pub use error::{ErrorKind, IngestError, Location};
pub use html::{build_from_html, extract_html, HtmlArticle};

use crate::model::{Document, Metadata, Origin, Sourced};

/// Limits and switches for ingest. Build with [`IngestOptions::default`] and adjust.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// Largest plain-text or HTML file read whole, in bytes. Default: 64 MiB.
    pub max_file_size: u64,
    /// Largest single record (a JSONL line, a WARC record body), in bytes. Default: 64 MiB.
    pub max_record_size: u64,
    /// Shortest body, in characters, still counted as an article. Default: 1.
    pub min_body_chars: usize,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions {
            max_file_size: 64 << 20,
            max_record_size: 64 << 20,
            min_body_chars: 1,
        }
    }
}

/// One file to read, as found by [`discover`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    /// Path as given or found while walking a folder.
    pub path: PathBuf,
    /// Size in bytes when discovered.
    pub size: u64,
    /// Modification time, seconds since the epoch (0 when unknown); with `size`, lets a store
    /// tell whether a file changed since it was last ingested.
    pub modified: i64,
    /// Whether the user named this file directly (then unknown extensions are still tried).
    pub explicit: bool,
}

/// Expand `inputs` (files and folders, folders recursively) into the files to read, sorted by
/// path so that every run sees the same order. Unreadable paths come back as errors.
pub fn discover(inputs: &[PathBuf]) -> (Vec<InputFile>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        let walker = walkdir::WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let explicit = entry.depth() == 0;
                    if !explicit && !wanted_in_folder(entry.path()) {
                        continue;
                    }
                    let metadata = entry.metadata().ok();
                    files.push(InputFile {
                        path: entry.into_path(),
                        size: metadata.as_ref().map_or(0, |m| m.len()),
                        modified: metadata
                            .and_then(|m| m.modified().ok())
                            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                            .map_or(0, |d| d.as_secs() as i64),
                        explicit,
                    });
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| input.clone());
                    let io = err
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("file system loop"));
                    errors.push(IngestError::new(Location::file(path), ErrorKind::Io(io)));
                }
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    (files, errors)
}

/// Inside a folder, read files with a known extension, and extension-less files (crawl dumps),
/// which are sniffed; skip hidden files and everything else (images, READMEs) silently.
fn wanted_in_folder(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') {
        return false;
    }
    if detect::format_from_name(path).is_some() {
        return true;
    }
    let stem = name.strip_suffix(".gz").unwrap_or(&name);
    !stem.contains('.')
}

/// What a reader found for one article before cleaning: the raw body and declared fields.
#[derive(Debug)]
pub(crate) struct RawArticle {
    /// The record's own id (JSONL `id`, WARC record id), if any.
    pub id: Option<String>,
    /// Where it came from (path, path#line, URL).
    pub source: String,
    /// The body, as text or as an HTML page.
    pub body: RawBody,
    /// Metadata the container declared (JSONL fields, WARC target URI).
    pub declared: Metadata,
    /// Uninterpreted record fields.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Where in the input it is, for messages about it (file and line or record).
    pub location: Location,
}

/// A raw body: text to parse for markers, or HTML to extract the article from.
#[derive(Debug)]
pub(crate) enum RawBody {
    Text(String),
    Html(String),
}

/// One ingested item from a file: a document, or why an article was skipped.
pub type Item = Result<Document, IngestError>;

/// Read every article in `file`, in order, handing each document or problem to `sink`.
///
/// Returns the format used, or `None` if the file is not an input crosscheck reads (which
/// is also reported to `sink` when the user named the file directly).
pub fn read_file(
    file: &InputFile,
    options: &IngestOptions,
    sink: &mut dyn FnMut(Item),
) -> Option<Format> {
    let path = file.path.as_path();
    let location = || Location::file(path);
    let opened = match File::open(path) {
        Ok(f) => f,
        Err(err) => {
            sink(Err(IngestError::new(location(), ErrorKind::Io(err))));
            return None;
        }
    };
    let gzip = detect::is_gzip_name(path);
    let mut reader: Box<dyn BufRead> = if gzip {
        Box::new(BufReader::with_capacity(
            256 << 10,
            flate2::read::MultiGzDecoder::new(BufReader::new(opened)),
        ))
    } else {
        Box::new(BufReader::with_capacity(256 << 10, opened))
    };
    let head = match reader.fill_buf() {
        Ok(head) => head.to_vec(),
        Err(err) => {
            let kind = if gzip {
                ErrorKind::Truncated(format!("gzip: {err}"))
            } else {
                ErrorKind::Io(err)
            };
            sink(Err(IngestError::new(location(), kind)));
            return None;
        }
    };
    let format = match detect::detect(path, &head) {
        Some(format) => format,
        None if file.explicit => {
            let kind = if decode::check_not_binary(&head).is_err() {
                ErrorKind::Binary {
                    offset: head.iter().position(|&b| b == 0).unwrap_or(0),
                }
            } else {
                ErrorKind::BadRecord(
                    "unknown format (expected .txt, .html, .jsonl or .warc, optionally .gz)".into(),
                )
            };
            sink(Err(IngestError::new(location(), kind)));
            return None;
        }
        None => return None,
    };
    match format {
        Format::JsonLines => jsonl::read(path, reader, options, &mut |raw| {
            sink(raw.and_then(|r| build(r, options)))
        }),
        // The WARC reader builds its documents itself, to locate build problems at the record.
        Format::Warc => warc::read(path, reader, options, sink),
        Format::PlainText | Format::Html => {
            let raw = read_whole(path, reader, file.size, gzip, options).and_then(|bytes| {
                let is_html = format == Format::Html;
                let text = decode::decode(&bytes, None, is_html)
                    .map_err(|k| IngestError::new(location(), k))?;
                Ok(RawArticle {
                    location: location(),
                    id: None,
                    source: path.display().to_string(),
                    body: if is_html {
                        RawBody::Html(text)
                    } else {
                        RawBody::Text(text)
                    },
                    declared: Metadata::default(),
                    extra: serde_json::Map::new(),
                })
            });
            sink(raw.and_then(|r| build(r, options)));
        }
    }
    Some(format)
}

/// Read a single-article file whole, refusing files over the size limit before reading them.
fn read_whole(
    path: &Path,
    reader: Box<dyn BufRead>,
    size: u64,
    gzip: bool,
    options: &IngestOptions,
) -> Result<Vec<u8>, IngestError> {
    let limit = options.max_file_size;
    if size > limit {
        return Err(IngestError::new(
            Location::file(path),
            ErrorKind::TooLarge { size, limit },
        ));
    }
    let mut bytes = Vec::with_capacity(size.min(limit) as usize);
    // Read one byte past the limit so a decompressed body that grows past it is caught too.
    match reader.take(limit + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > limit => Err(IngestError::new(
            Location::file(path),
            ErrorKind::TooLarge {
                size: bytes.len() as u64,
                limit,
            },
        )),
        Ok(_) => Ok(bytes),
        Err(err) if gzip => Err(IngestError::new(
            Location::file(path),
            ErrorKind::Truncated(format!("gzip: {err}")),
        )),
        Err(err) => Err(IngestError::new(Location::file(path), ErrorKind::Io(err))),
    }
}

/// Build a document from a raw article: markers, boilerplate, language, hash.
pub(crate) fn build(raw: RawArticle, options: &IngestOptions) -> Result<Document, IngestError> {
    let location = || raw.location.clone();
    let (body, mut meta) = match &raw.body {
        RawBody::Text(text) => {
            let parsed = plaintext::parse(text);
            (parsed.body, parsed.meta)
        }
        RawBody::Html(page) => {
            let url = raw.declared.url.as_deref();
            let extracted =
                html::extract(page, url).map_err(|k| IngestError::new(location(), k))?;
            (extracted.text, extracted.meta)
        }
    };
    // Declared fields (a JSONL record's own `outlet`, `published`) beat what the text implies.
    merge_declared(&mut meta, raw.declared);
    let cleaned = clean::clean_body(&body);
    if cleaned.text.chars().count() < options.min_body_chars.max(1) {
        return Err(IngestError::new(location(), ErrorKind::Empty));
    }
    if meta.language.is_none() {
        meta.language =
            language::detect(&cleaned.text).map(|code| Sourced::new(code, Origin::Detected));
    }
    let hash = Document::content_hash(&cleaned.text, &meta);
    Ok(Document {
        id: raw.id.unwrap_or_else(|| default_id(&raw.source)),
        source: raw.source,
        hash,
        meta,
        text: cleaned.text,
        credits: cleaned.credits,
        extra: raw.extra,
    })
}

/// Build a document from plain text given in memory (the article-in-a-string case: tests,
/// library users, the web UI). `id` is the document id; the text may carry header lines.
pub fn build_from_text(
    id: &str,
    text: &str,
    options: &IngestOptions,
) -> Result<Document, IngestError> {
    build(
        RawArticle {
            location: Location::file(id),
            id: Some(id.to_string()),
            source: id.to_string(),
            body: RawBody::Text(text.to_string()),
            declared: Metadata::default(),
            extra: serde_json::Map::new(),
        },
        options,
    )
}

fn merge_declared(meta: &mut Metadata, declared: Metadata) {
    let Metadata {
        outlet,
        published,
        bylines,
        dateline,
        title,
        language,
        url,
        crawled,
    } = declared;
    if outlet.is_some() {
        meta.outlet = outlet;
    }
    if published.is_some() {
        meta.published = published;
    }
    if !bylines.is_empty() {
        meta.bylines = bylines;
    }
    if dateline.is_some() {
        meta.dateline = dateline;
    }
    if title.is_some() {
        meta.title = title;
    }
    if language.is_some() {
        meta.language = language;
    }
    if url.is_some() {
        meta.url = url;
    }
    if crawled.is_some() {
        meta.crawled = crawled;
    }
}

/// The id for a document without a record id: its file name without extension(s).
fn default_id(source: &str) -> String {
    let (path, fragment) = match source.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (source, None),
    };
    let name = Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut stem = name.as_str();
    for ext in [
        ".gz", ".txt", ".text", ".html", ".htm", ".xhtml", ".shtml", ".jsonl", ".ndjson", ".warc",
    ] {
        if stem.len() > ext.len() && stem.to_ascii_lowercase().ends_with(ext) {
            stem = &stem[..stem.len() - ext.len()];
        }
    }
    match fragment {
        Some(f) => format!("{stem}-{f}"),
        None => stem.to_string(),
    }
}

/// Make document ids unique within one run, in order: a repeated id gets `-2`, `-3`, ...
pub fn disambiguate_ids<'a>(ids: impl Iterator<Item = &'a mut String>) {
    let mut taken = std::collections::HashSet::<String>::new();
    for id in ids {
        if taken.insert(id.clone()) {
            continue;
        }
        let mut n = 2;
        while taken.contains(&format!("{id}-{n}")) {
            n += 1;
        }
        *id = format!("{id}-{n}");
        taken.insert(id.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ids() {
        assert_eq!(default_id("seeds/000_708bb.txt"), "000_708bb");
        assert_eq!(default_id("dump/feed.jsonl.gz#12"), "feed-12");
        assert_eq!(default_id("page.html"), "page");
    }
}
