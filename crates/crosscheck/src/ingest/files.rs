//! Input files: finding them, and reading each with the reader its format needs.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::article::{build, IngestOptions, Item, RawArticle, RawBody};
use super::detect::Format;
use super::error::{ErrorKind, IngestError, Location};
use super::{decode, detect, jsonl, warc};
use crate::model::Metadata;

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
