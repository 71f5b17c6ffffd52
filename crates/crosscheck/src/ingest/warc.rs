//! WARC and WARC.gz: HTTP response records holding HTML, as in Common Crawl's CC-NEWS.
//!
//! Reads records in order and keeps `response` records whose HTTP payload is a 200 HTML page
//! (and `resource` records that are HTML pages themselves). Everything else (`warcinfo`,
//! `request`, `metadata`, `revisit` records, redirects, errors, images, PDFs) is skipped
//! without a word: a crawl is mostly not articles, and that is not a problem worth reporting.
//!
//! The record framing is read here rather than with the `warc` crate, because a crawl file is
//! exactly the input that must not be trusted, and the crate (0.4) buffers a header block until
//! it finds a blank line (all of a garbage file, if need be), allocates 1 MiB per record,
//! returns a short body without complaint when the stream ends early, and panics on a header
//! value that is not UTF-8. Here:
//!
//! - a record header is read line by line under a hard limit ([`MAX_HEADER_BYTES`]);
//! - `Content-Length` is checked against [`IngestOptions::max_record_size`] *before* the body
//!   is read; a record that is too large, or not wanted, is streamed past and never buffered;
//! - a file cut short (mid-header, mid-body, or inside a gzip member: Common Crawl writes one
//!   gzip member per record, which `read_file` decodes as one stream) keeps every complete
//!   record before the cut and reports [`ErrorKind::Truncated`] with the file and record number;
//! - a garbage record (no `WARC/` version line, no `Content-Length`, a body not followed by
//!   the blank line the format requires) is reported as [`ErrorKind::Warc`], and reading
//!   resumes at the next line that starts a record.
//!
//! The HTTP payload is parsed with `httparse` in its lenient settings (crawls hold whatever
//! real servers sent). The charset comes from `Content-Type`; chunked transfer encoding and
//! gzip/deflate content encoding are undone when the archiver left them in place.
//!
//! Provenance: the document id is the record's `WARC-Record-ID` uuid, and `WARC-Date` (when the
//! crawler fetched the page) goes to [`Metadata::crawled`], never to `published`.

use std::borrow::Cow;
use std::io::{BufRead, Read};
use std::path::Path;

use super::article::{build, IngestOptions, Item, RawArticle, RawBody};
use super::error::{ErrorKind, IngestError, Location};
use super::{decode, detect};
use crate::model::Metadata;

/// Largest record header block read, in bytes. Real headers are well under 4 KiB.
pub(crate) const MAX_HEADER_BYTES: usize = 256 << 10;
/// How far to look for the next record after a garbage one before giving up on the file.
const MAX_RESYNC_BYTES: u64 = 64 << 20;
/// Most HTTP response headers accepted in one record.
const MAX_HTTP_HEADERS: usize = 256;

/// Read every record of a WARC stream, handing each HTML article or problem to `sink`.
pub(crate) fn read(
    path: &Path,
    reader: Box<dyn BufRead>,
    options: &IngestOptions,
    sink: &mut dyn FnMut(Item),
) {
    let mut warc = WarcStream {
        reader,
        gzip: detect::is_gzip_name(path),
        pending_version: None,
        deferred: None,
    };
    let stem = super::jsonl::file_stem(path);
    let mut number = 0u64;
    loop {
        if let Some((at, kind)) = warc.deferred.take() {
            sink(Err(IngestError::new(Location::record(path, at), kind)));
            break;
        }
        number += 1;
        let at = || Location::record(path, number);
        let problem = match warc.next_record(number, options) {
            Ok(Next::End) => break,
            Ok(Next::Skipped) => continue,
            Ok(Next::TooLarge(size)) => {
                let reason = format!(
                    "record body is {size} bytes, over the {}-byte limit for one record; skipped unread",
                    options.max_record_size
                );
                sink(Err(IngestError::new(at(), ErrorKind::Warc(reason))));
                match warc.skip_record(size) {
                    Ok(()) => continue,
                    Err(problem) => problem,
                }
            }
            Ok(Next::Wanted(header, body)) => {
                if let Some(item) = article(&header, &body, path, &stem, number, options) {
                    sink(item);
                }
                continue;
            }
            Err(problem) => problem,
        };
        match problem {
            Problem::Stop(kind) => {
                sink(Err(IngestError::new(at(), kind)));
                break;
            }
            Problem::Garbage(reason) => {
                sink(Err(IngestError::new(at(), ErrorKind::Warc(reason))));
                match warc.resync() {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(Problem::Stop(kind)) => {
                        sink(Err(IngestError::new(at(), kind)));
                        break;
                    }
                    Err(Problem::Garbage(reason)) => {
                        sink(Err(IngestError::new(at(), ErrorKind::Warc(reason))));
                        break;
                    }
                }
            }
        }
    }
}

/// What reading one record gave.
enum Next {
    /// The end of the file, cleanly between records.
    End,
    /// A record that is not an article (or not an HTML one); its body was streamed past.
    Skipped,
    /// A wanted record over the size limit, with its body length; the body is still to be
    /// skipped ([`WarcStream::skip_record`]).
    TooLarge(u64),
    /// A wanted record, whole.
    Wanted(Header, Vec<u8>),
}

/// Why reading a record failed.
enum Problem {
    /// The stream cannot go on (cut short, unreadable): stop reading the file.
    Stop(ErrorKind),
    /// The record is malformed, but the stream is fine: look for the next record.
    Garbage(String),
}

/// How [`WarcStream::read_line`] stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineEnd {
    /// At a `\n` (included in the line).
    Newline,
    /// At the end of the file.
    Eof,
    /// At the length limit, inside a line.
    Limit,
}

/// Which records hold articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RecordKind {
    /// `response` with an HTTP message: status line, headers, payload.
    HttpResponse,
    /// `resource` holding an HTML page directly.
    HtmlResource,
    /// Anything else: skipped.
    Other,
}

/// A record's WARC header fields, in order, values as (lossy) text.
#[derive(Debug)]
struct Header {
    fields: Vec<(String, String)>,
    content_length: u64,
}

impl Header {
    /// The first value of field `name` (case-insensitive).
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn kind(&self) -> RecordKind {
        let warc_type = self.get("WARC-Type").unwrap_or_default();
        let content_type = self
            .get("Content-Type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if warc_type.eq_ignore_ascii_case("response") {
            // `dns:` lookups are response records too, with `text/dns` content.
            if content_type.is_empty() || content_type.starts_with("application/http") {
                return RecordKind::HttpResponse;
            }
        } else if warc_type.eq_ignore_ascii_case("resource") && content_type.contains("html") {
            return RecordKind::HtmlResource;
        }
        RecordKind::Other
    }
}

/// A WARC byte stream, read record by record with bounded buffers.
struct WarcStream {
    reader: Box<dyn BufRead>,
    /// Whether the bytes come out of a gzip decoder (then read errors mean a cut or corrupt
    /// member, reported as truncation).
    gzip: bool,
    /// A version line already read while looking for the next record.
    pending_version: Option<Vec<u8>>,
    /// A cut found right after a whole record: reported after that record's article.
    deferred: Option<(u64, ErrorKind)>,
}

impl WarcStream {
    /// Read record `number`: its header, then its body if it is wanted and within limits.
    fn next_record(&mut self, number: u64, options: &IngestOptions) -> Result<Next, Problem> {
        let Some(header) = self.next_header()? else {
            return Ok(Next::End);
        };
        let kind = header.kind();
        let length = header.content_length;
        if kind == RecordKind::Other {
            self.skip_record(length)?;
            return Ok(Next::Skipped);
        }
        if length > options.max_record_size {
            return Ok(Next::TooLarge(length));
        }
        let body = self.read_body(length)?;
        match self.record_end() {
            Ok(()) => {}
            // The record is whole; the stream broke right after it. Keep the record, report
            // the cut next.
            Err(Problem::Stop(kind)) => {
                let kind = match kind {
                    ErrorKind::Truncated(reason) => ErrorKind::Truncated(format!(
                        "{reason}, right after the record's body (the record itself was read)"
                    )),
                    other => other,
                };
                self.deferred = Some((number, kind));
            }
            Err(garbage) => return Err(garbage),
        }
        Ok(Next::Wanted(header, body))
    }

    /// Stream past a record body of `length` bytes and the blank line that ends it.
    fn skip_record(&mut self, length: u64) -> Result<(), Problem> {
        self.skip_body(length)?;
        self.record_end()
    }

    /// Read the next record header, or `None` at a clean end of file.
    fn next_header(&mut self) -> Result<Option<Header>, Problem> {
        let mut line = Vec::new();
        let version = match self.pending_version.take() {
            Some(version) => version,
            None => loop {
                line.clear();
                let (n, _) = self.read_line(&mut line, MAX_HEADER_BYTES)?;
                if n == 0 {
                    return Ok(None);
                }
                // Tolerate stray blank lines between records.
                if !line.iter().all(u8::is_ascii_whitespace) {
                    break std::mem::take(&mut line);
                }
            },
        };
        if !is_version_line(&version) {
            return Err(Problem::Garbage(format!(
                "no `WARC/1.x` version line where a record should start (found {})",
                preview(&version)
            )));
        }
        let mut used = version.len();
        let mut fields: Vec<(String, String)> = Vec::new();
        loop {
            line.clear();
            let (n, end) = self.read_line(&mut line, MAX_HEADER_BYTES - used)?;
            used += n;
            match end {
                LineEnd::Newline => {}
                LineEnd::Eof => {
                    return Err(Problem::Stop(ErrorKind::Truncated(
                        "the file ends inside the record header".into(),
                    )))
                }
                LineEnd::Limit => {
                    return Err(Problem::Garbage(format!(
                        "record header is longer than {MAX_HEADER_BYTES} bytes"
                    )))
                }
            }
            let text = trim_eol(&line);
            if text.is_empty() {
                break;
            }
            if text[0] == b' ' || text[0] == b'\t' {
                // A folded continuation of the previous field.
                if let Some((_, value)) = fields.last_mut() {
                    value.push(' ');
                    value.push_str(String::from_utf8_lossy(text).trim());
                    continue;
                }
            }
            let Some(colon) = text.iter().position(|&b| b == b':') else {
                return Err(Problem::Garbage(format!(
                    "malformed header line {}",
                    preview(text)
                )));
            };
            let name = String::from_utf8_lossy(&text[..colon]).trim().to_string();
            let value = String::from_utf8_lossy(&text[colon + 1..])
                .trim()
                .to_string();
            fields.push((name, value));
        }
        let length = fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
            .map(|(_, v)| v.as_str());
        let content_length = match length.map(str::parse::<u64>) {
            Some(Ok(length)) => length,
            Some(Err(_)) => {
                return Err(Problem::Garbage(format!(
                    "Content-Length {:?} is not a number",
                    length.unwrap_or_default()
                )))
            }
            None => {
                return Err(Problem::Garbage(
                    "record has no Content-Length, so its end cannot be found".into(),
                ))
            }
        };
        Ok(Some(Header {
            fields,
            content_length,
        }))
    }

    /// Read a line (through `\n`) into `buf`, at most `max` bytes. Returns the bytes read and
    /// how the line ended.
    fn read_line(&mut self, buf: &mut Vec<u8>, max: usize) -> Result<(usize, LineEnd), Problem> {
        let mut read = 0;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(self.broken(err)),
            };
            if available.is_empty() {
                return Ok((read, LineEnd::Eof));
            }
            let room = max - read;
            let (used, done) = match available.iter().take(room).position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (available.len().min(room), false),
            };
            buf.extend_from_slice(&available[..used]);
            self.reader.consume(used);
            read += used;
            if done {
                return Ok((read, LineEnd::Newline));
            }
            if read >= max {
                return Ok((read, LineEnd::Limit));
            }
        }
    }

    /// Stream past `length` body bytes without keeping them.
    fn skip_body(&mut self, length: u64) -> Result<(), Problem> {
        let mut left = length;
        while left > 0 {
            let available = match self.reader.fill_buf() {
                Ok(available) => available.len(),
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(self.broken(err)),
            };
            if available == 0 {
                return Err(Problem::Stop(cut_in_body(length - left, length)));
            }
            let used = available.min(usize::try_from(left).unwrap_or(usize::MAX));
            self.reader.consume(used);
            left -= used as u64;
        }
        Ok(())
    }

    /// Read `length` body bytes (the caller has checked `length` against the limit).
    fn read_body(&mut self, length: u64) -> Result<Vec<u8>, Problem> {
        let mut body = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
        match (&mut self.reader).take(length).read_to_end(&mut body) {
            Ok(n) if n as u64 == length => Ok(body),
            Ok(n) => Err(Problem::Stop(cut_in_body(n as u64, length))),
            Err(err) => Err(self.broken(err)),
        }
    }

    /// Consume the blank line (`\r\n\r\n`) that ends a record. The end of the file right
    /// after a body is accepted; anything else means the `Content-Length` was wrong.
    fn record_end(&mut self) -> Result<(), Problem> {
        let mut newlines = 0;
        loop {
            let next = match self.reader.fill_buf() {
                Ok(available) => available.first().copied(),
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(self.broken(err)),
            };
            match next {
                None => return Ok(()),
                Some(b'\r') => self.reader.consume(1),
                Some(b'\n') => {
                    self.reader.consume(1);
                    newlines += 1;
                    if newlines == 2 {
                        return Ok(());
                    }
                }
                Some(_) if newlines > 0 => return Ok(()),
                Some(_) => {
                    return Err(Problem::Garbage(
                        "record body is not followed by a blank line: its Content-Length is wrong"
                            .into(),
                    ))
                }
            }
        }
    }

    /// After a garbage record, skip to the next line that starts a record. `Ok(false)` at
    /// the end of the file.
    fn resync(&mut self) -> Result<bool, Problem> {
        let mut scanned = 0u64;
        let mut line_start = true;
        let mut line = Vec::new();
        while scanned < MAX_RESYNC_BYTES {
            line.clear();
            let (n, end) = self.read_line(&mut line, 64 << 10)?;
            if n == 0 {
                return Ok(false);
            }
            if line_start && is_version_line(&line) {
                self.pending_version = Some(line);
                return Ok(true);
            }
            line_start = end == LineEnd::Newline;
            scanned += n as u64;
        }
        Err(Problem::Garbage(format!(
            "no WARC record starts in the next {} MiB; stopped reading the file",
            MAX_RESYNC_BYTES >> 20
        )))
    }

    /// A read error: a cut or corrupt gzip member, or a plain I/O failure.
    fn broken(&self, err: std::io::Error) -> Problem {
        use std::io::ErrorKind as Io;
        let cut = matches!(
            err.kind(),
            Io::UnexpectedEof | Io::InvalidInput | Io::InvalidData
        );
        Problem::Stop(match (self.gzip, cut) {
            (true, _) => {
                ErrorKind::Truncated(format!("gzip stream is cut short or corrupt ({err})"))
            }
            (false, true) => ErrorKind::Truncated(err.to_string()),
            (false, false) => ErrorKind::Io(err),
        })
    }
}

fn cut_in_body(read: u64, length: u64) -> ErrorKind {
    ErrorKind::Truncated(format!(
        "the file ends inside the record body ({read} of {length} bytes)"
    ))
}

fn is_version_line(line: &[u8]) -> bool {
    line.strip_prefix(b"WARC/")
        .and_then(|rest| rest.first())
        .is_some_and(u8::is_ascii_digit)
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The start of some bytes, quoted, for an error message.
fn preview(bytes: &[u8]) -> String {
    let head = &trim_eol(bytes)[..trim_eol(bytes).len().min(40)];
    let more = if trim_eol(bytes).len() > 40 {
        "..."
    } else {
        ""
    };
    format!("{:?}{more}", String::from_utf8_lossy(head))
}

/// The document (or problem) for a whole wanted record; `None` for a record that turns out
/// not to be an article page (a redirect, an image).
fn article(
    header: &Header,
    body: &[u8],
    path: &Path,
    stem: &str,
    number: u64,
    options: &IngestOptions,
) -> Option<Item> {
    let at = || Location::record(path, number);
    let payload = match header.kind() {
        RecordKind::HttpResponse => http_html_payload(body, options.max_record_size),
        RecordKind::HtmlResource => Ok(Some((
            Cow::Borrowed(body),
            header
                .get("Content-Type")
                .and_then(decode::content_type_charset),
        ))),
        RecordKind::Other => Ok(None),
    };
    let (bytes, charset) = match payload {
        Ok(Some(payload)) => payload,
        Ok(None) => return None,
        Err(kind) => return Some(Err(IngestError::new(at(), kind))),
    };
    let page = match decode::decode(&bytes, charset.as_deref(), true) {
        Ok(page) => page,
        Err(kind) => return Some(Err(IngestError::new(at(), kind))),
    };
    let url = header
        .get("WARC-Target-URI")
        .map(|u| u.trim_matches(['<', '>']).to_string())
        .filter(|u| !u.is_empty());
    let crawled = header
        .get("WARC-Date")
        .map(str::to_string)
        .filter(|d| !d.is_empty());
    let id = header
        .get("WARC-Record-ID")
        .map(|id| {
            let id = id.trim().trim_matches(['<', '>']);
            id.strip_prefix("urn:uuid:").unwrap_or(id).to_string()
        })
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| format!("{stem}-{number}"));
    let raw = RawArticle {
        location: Location::record(path, number),
        id: Some(id),
        source: url
            .clone()
            .unwrap_or_else(|| format!("{}#{number}", path.display())),
        body: RawBody::Html(page),
        declared: Metadata {
            url,
            crawled,
            ..Metadata::default()
        },
        extra: serde_json::Map::new(),
    };
    // Problems found while building (no article in the page, nothing left after cleaning)
    // are located at the record, not at the page's URL.
    Some(build(raw, options).map_err(|err| IngestError::new(at(), err.kind)))
}

/// An HTML payload and the charset its HTTP header declares.
type HtmlPayload<'a> = (Cow<'a, [u8]>, Option<String>);

/// The HTML payload of an HTTP response; `None` for non-HTML or non-200 responses, which
/// are not articles but not errors either.
fn http_html_payload(bytes: &[u8], limit: u64) -> Result<Option<HtmlPayload<'_>>, ErrorKind> {
    let mut config = httparse::ParserConfig::default();
    config
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .ignore_invalid_headers_in_responses(true);
    let mut headers = vec![httparse::EMPTY_HEADER; MAX_HTTP_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let head_len = match config.parse_response(&mut response, bytes) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            return Err(ErrorKind::Warc(
                "the HTTP response header is incomplete".into(),
            ))
        }
        Err(err) => return Err(ErrorKind::Warc(format!("bad HTTP response header: {err}"))),
    };
    if response.code != Some(200) {
        return Ok(None);
    }
    let field = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
    };
    let content_type = field("Content-Type");
    let transfer_encoding = field("Transfer-Encoding").unwrap_or_default();
    let content_encoding = field("Content-Encoding").unwrap_or_default();
    if let Some(content_type) = &content_type {
        if !content_type.to_ascii_lowercase().contains("html") {
            return Ok(None);
        }
    }
    let mut payload = Cow::Borrowed(&bytes[head_len..]);
    if transfer_encoding.to_ascii_lowercase().contains("chunked") {
        // Archivers often store the payload de-chunked but keep the header; then the body
        // does not parse as chunks and is used as it is.
        if let Some(joined) = dechunk(&payload, limit) {
            payload = Cow::Owned(joined);
        }
    }
    let encoding = content_encoding.to_ascii_lowercase();
    match encoding.as_str() {
        "" | "identity" | "none" => {}
        _ if looks_like_markup(&payload) => {} // already decoded by the archiver
        "gzip" | "x-gzip" => {
            payload = Cow::Owned(inflate(
                flate2::read::MultiGzDecoder::new(&*payload),
                limit,
            )?);
        }
        "deflate" => {
            let zlib = inflate(flate2::read::ZlibDecoder::new(&*payload), limit);
            payload = Cow::Owned(match zlib {
                Ok(page) => page,
                Err(_) => inflate(flate2::read::DeflateDecoder::new(&*payload), limit)?,
            });
        }
        other => {
            return Err(ErrorKind::Warc(format!(
                "HTTP content encoding {other:?} is not supported"
            )))
        }
    }
    if content_type.is_none() && !looks_like_markup(&payload) {
        return Ok(None);
    }
    let charset = content_type
        .as_deref()
        .and_then(decode::content_type_charset);
    Ok(Some((payload, charset)))
}

/// Join the chunks of a chunked HTTP body; `None` if it does not start like one. A body cut
/// mid-chunk (a crawler's size limit) keeps what was received.
fn dechunk(mut body: &[u8], limit: u64) -> Option<Vec<u8>> {
    let mut joined = Vec::new();
    let mut first = true;
    loop {
        match httparse::parse_chunk_size(body) {
            Ok(httparse::Status::Complete((used, size))) => {
                body = &body[used..];
                if size == 0 {
                    break;
                }
                let take = usize::try_from(size).unwrap_or(usize::MAX).min(body.len());
                joined.extend_from_slice(&body[..take]);
                body = &body[take..];
                if (take as u64) < size || joined.len() as u64 > limit {
                    break;
                }
                body = body.strip_prefix(b"\r\n").unwrap_or(body);
            }
            Ok(httparse::Status::Partial) => break,
            Err(_) if first => return None,
            Err(_) => break,
        }
        first = false;
    }
    Some(joined)
}

/// Decompress under `limit`; a stream cut short keeps what it gave (crawlers truncate).
fn inflate(decoder: impl Read, limit: u64) -> Result<Vec<u8>, ErrorKind> {
    let mut out = Vec::new();
    match decoder.take(limit + 1).read_to_end(&mut out) {
        Ok(_) if out.len() as u64 > limit => Err(ErrorKind::Warc(format!(
            "the HTTP body decompresses to more than {limit} bytes"
        ))),
        Ok(_) => Ok(out),
        Err(_) if !out.is_empty() => Ok(out),
        Err(err) => Err(ErrorKind::Warc(format!(
            "the HTTP body does not decompress: {err}"
        ))),
    }
}

/// Whether bytes start like an HTML page (after a BOM and whitespace).
fn looks_like_markup(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head: Vec<u8> = bytes[start..]
        .iter()
        .take(1024)
        .map(u8::to_ascii_lowercase)
        .collect();
    head.first() == Some(&b'<')
        && [
            &b"<html"[..],
            b"<!doctype html",
            b"<head",
            b"<body",
            b"<meta",
            b"<title",
        ]
        .iter()
        .any(|tag| head.windows(tag.len()).any(|w| w == *tag))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::ingest::{read_file, InputFile};
    use crate::Document;

    const UUID_A: &str = "0f3c5a3e-8f4e-4a61-9d7c-1a2b3c4d5e01";
    const UUID_B: &str = "0f3c5a3e-8f4e-4a61-9d7c-1a2b3c4d5e02";
    const UUID_C: &str = "0f3c5a3e-8f4e-4a61-9d7c-1a2b3c4d5e03";
    const CRAWLED: &str = "2016-08-26T14:00:29Z";

    /// One WARC record, framed as the format says.
    fn record(warc_type: &str, id: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Date: {CRAWLED}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn response(id: &str, uri: &str, http: &[u8]) -> Vec<u8> {
        record(
            "response",
            id,
            uri,
            "application/http; msgtype=response",
            http,
        )
    }

    /// An HTTP response message.
    fn http(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
        for (name, value) in headers {
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body);
        out
    }

    /// A news page whose article trafilatura finds; `marker` makes each page's text unique.
    fn page(title: &str, marker: &str) -> String {
        let paragraphs: String = (1..=4)
            .map(|i| {
                format!(
                    "<p>{marker} paragraph {i}: the regional council met on Tuesday to discuss the new harbour bridge, which engineers say will carry twelve thousand vehicles a day once it opens to traffic next spring.</p>\n"
                )
            })
            .collect();
        format!(
            "<!DOCTYPE html><html><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>\n{paragraphs}</article><footer>Copyright</footer></body></html>"
        )
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    /// The records of a small CC-NEWS-like crawl: three articles among things to skip.
    fn crawl() -> Vec<Vec<u8>> {
        let warcinfo = record(
            "warcinfo",
            "0f3c5a3e-8f4e-4a61-9d7c-1a2b3c4d5e00",
            "",
            "application/warc-fields",
            b"software: test\r\nformat: WARC File Format 1.0\r\n",
        );
        let request = record(
            "request",
            "0f3c5a3e-8f4e-4a61-9d7c-1a2b3c4d5e10",
            "https://news.example.com/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\nHost: news.example.com\r\n\r\n",
        );
        let first = response(
            UUID_A,
            "https://news.example.com/a",
            &http(
                "200 OK",
                &[("Content-Type", "text/html; charset=UTF-8")],
                page("Bridge vote", "Alpha Konashénkov").as_bytes(),
            ),
        );
        let metadata = record(
            "metadata",
            "0f3c5a3e-8f4e-4a61-9d7c-1a2b3c4d5e11",
            "https://news.example.com/a",
            "application/warc-fields",
            b"fetchTimeMs: 120\r\n",
        );
        let not_found = response(
            "0f3c5a3e-8f4e-4a61-9d7c-1a2b3c4d5e12",
            "https://news.example.com/gone",
            &http(
                "404 Not Found",
                &[("Content-Type", "text/html")],
                b"<html>gone</html>",
            ),
        );
        let image = response(
            "0f3c5a3e-8f4e-4a61-9d7c-1a2b3c4d5e13",
            "https://news.example.com/logo.png",
            &http(
                "200 OK",
                &[("Content-Type", "image/png")],
                b"\x89PNG\r\n\x1a\n\0\0\0",
            ),
        );
        // Windows-1252 bytes, declared only in the HTTP header.
        let latin = page("Harbour plan", "Bravo Konash\u{e9}nkov")
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect::<Vec<u8>>();
        let second = response(
            UUID_B,
            "https://news.example.com/b",
            &http(
                "200 OK",
                &[("Content-Type", "text/html; charset=windows-1252")],
                &latin,
            ),
        );
        // Gzip content encoding inside chunked transfer encoding, as a server sent it.
        let zipped = gzip(page("Traffic forecast", "Charlie").as_bytes());
        let (a, b) = zipped.split_at(zipped.len() / 2);
        let mut chunked = format!("{:x}\r\n", a.len()).into_bytes();
        chunked.extend_from_slice(a);
        chunked.extend_from_slice(format!("\r\n{:X};ext=1\r\n", b.len()).as_bytes());
        chunked.extend_from_slice(b);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let third = response(
            UUID_C,
            "https://news.example.com/c",
            &http(
                "200 OK",
                &[
                    ("Content-Type", "text/html"),
                    ("Transfer-Encoding", "chunked"),
                    ("Content-Encoding", "gzip"),
                ],
                &chunked,
            ),
        );
        let dns = record(
            "response",
            "0f3c5a3e-8f4e-4a61-9d7c-1a2b3c4d5e14",
            "dns:news.example.com",
            "text/dns",
            b"20160826140029\nnews.example.com. 300 IN A 192.0.2.1\n",
        );
        vec![
            warcinfo, request, first, metadata, not_found, image, second, third, dns,
        ]
    }

    fn read_bytes(name: &str, bytes: &[u8], options: &IngestOptions) -> Vec<Item> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let file = InputFile {
            path,
            size: bytes.len() as u64,
            modified: 0,
            explicit: true,
        };
        let mut items = Vec::new();
        read_file(&file, options, &mut |item| items.push(item));
        items
    }

    fn documents(items: &[Item]) -> Vec<&Document> {
        items.iter().filter_map(|i| i.as_ref().ok()).collect()
    }

    fn errors(items: &[Item]) -> Vec<&IngestError> {
        items.iter().filter_map(|i| i.as_ref().err()).collect()
    }

    fn check_crawl_documents(items: &[Item]) {
        let docs = documents(items);
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, [UUID_A, UUID_B, UUID_C], "{items:#?}");
        for doc in &docs {
            assert_eq!(doc.meta.crawled.as_deref(), Some(CRAWLED));
            // The crawl date is never a publication date.
            assert!(
                doc.meta
                    .published
                    .as_ref()
                    .is_none_or(|p| p.value.to_string() != "2016-08-26"),
                "{:?}",
                doc.meta.published
            );
            assert!(doc.source.starts_with("https://news.example.com/"));
            assert_eq!(doc.meta.url.as_deref(), Some(doc.source.as_str()));
        }
        assert!(
            docs[0].text.contains("Alpha Konashénkov paragraph 1"),
            "{}",
            docs[0].text
        );
        assert!(
            docs[1].text.contains("Bravo Konashénkov paragraph 2"),
            "{}",
            docs[1].text
        );
        assert!(
            docs[2].text.contains("Charlie paragraph 3"),
            "{}",
            docs[2].text
        );
    }

    #[test]
    fn reads_plain_warc() {
        let bytes: Vec<u8> = crawl().concat();
        let items = read_bytes("crawl.warc", &bytes, &IngestOptions::default());
        assert!(errors(&items).is_empty(), "{items:#?}");
        check_crawl_documents(&items);
    }

    #[test]
    fn reads_one_gzip_member_per_record() {
        let bytes: Vec<u8> = crawl().iter().map(|r| gzip(r)).collect::<Vec<_>>().concat();
        let items = read_bytes(
            "CC-NEWS-20160826.warc.gz",
            &bytes,
            &IngestOptions::default(),
        );
        assert!(errors(&items).is_empty(), "{items:#?}");
        check_crawl_documents(&items);
    }

    /// Cut the file `keep` bytes into record `index` (0-based), compressed or not.
    fn cut(records: &[Vec<u8>], index: usize, keep: usize, compress: bool) -> Vec<u8> {
        let pieces: Vec<Vec<u8>> = if compress {
            records.iter().map(|r| gzip(r)).collect()
        } else {
            records.to_vec()
        };
        let mut out = pieces[..index].concat();
        out.extend_from_slice(&pieces[index][..keep]);
        out
    }

    #[test]
    fn gzip_member_cut_short_keeps_earlier_records() {
        let records = crawl();
        // Record 7 (index 6) is the second article; cut its gzip member in the middle.
        let member = gzip(&records[6]).len();
        let bytes = cut(&records, 6, member / 2, true);
        let items = read_bytes("cut.warc.gz", &bytes, &IngestOptions::default());
        let docs = documents(&items);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id, UUID_A);
        let errs = errors(&items);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(
            matches!(errs[0].kind, ErrorKind::Truncated(_)),
            "{}",
            errs[0]
        );
        assert_eq!(errs[0].location.record, Some(7));
        let message = errs[0].to_string();
        assert!(message.contains("cut.warc.gz: record 7"), "{message}");
    }

    #[test]
    fn gzip_trailer_cut_keeps_the_record_it_ends() {
        let records = crawl();
        let mut bytes: Vec<u8> = records.iter().map(|r| gzip(r)).collect::<Vec<_>>().concat();
        // Drop the last member (dns) and the CRC/size trailer of the one before (article 3).
        let last = gzip(&records[8]).len();
        bytes.truncate(bytes.len() - last - 4);
        let items = read_bytes("cut.warc.gz", &bytes, &IngestOptions::default());
        let docs = documents(&items);
        assert_eq!(docs.len(), 3, "{items:#?}");
        let errs = errors(&items);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(
            matches!(errs[0].kind, ErrorKind::Truncated(_)),
            "{}",
            errs[0]
        );
        // The three articles were read whole; the cut shows when record 9 is read.
        assert_eq!(errs[0].location.record, Some(9));
    }

    #[test]
    fn plain_warc_cut_mid_body_and_mid_header() {
        let records = crawl();
        for (keep, what) in [(records[6].len() - 200, "body"), (40, "header")] {
            let bytes = cut(&records, 6, keep, false);
            let items = read_bytes("cut.warc", &bytes, &IngestOptions::default());
            assert_eq!(documents(&items).len(), 1, "{what}: {items:#?}");
            let errs = errors(&items);
            assert_eq!(errs.len(), 1, "{what}: {errs:#?}");
            assert!(
                matches!(errs[0].kind, ErrorKind::Truncated(_)),
                "{}",
                errs[0]
            );
            assert_eq!(errs[0].location.record, Some(7));
            assert!(errs[0].to_string().contains(what), "{}", errs[0]);
        }
    }

    #[test]
    fn garbage_record_is_reported_and_reading_goes_on() {
        let mut records = crawl();
        records.insert(
            3,
            b"this is not a record\r\nContent-Length: 12\r\n\r\nnot a body\r\n\r\n".to_vec(),
        );
        for compress in [false, true] {
            let bytes: Vec<u8> = if compress {
                records.iter().map(|r| gzip(r)).collect::<Vec<_>>().concat()
            } else {
                records.concat()
            };
            let name = if compress {
                "mixed.warc.gz"
            } else {
                "mixed.warc"
            };
            let items = read_bytes(name, &bytes, &IngestOptions::default());
            check_crawl_documents(&items);
            let errs = errors(&items);
            assert_eq!(errs.len(), 1, "{errs:#?}");
            assert!(matches!(errs[0].kind, ErrorKind::Warc(_)));
            assert_eq!(errs[0].location.record, Some(4));
            assert!(
                errs[0].to_string().contains("no `WARC/1.x` version line"),
                "{}",
                errs[0]
            );
        }
    }

    #[test]
    fn wrong_content_length_is_garbage_not_a_crash() {
        let mut records = crawl();
        // Claim five bytes fewer than the block holds.
        let text = String::from_utf8(records[2].clone()).unwrap();
        let length = text
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .unwrap()
            .trim()
            .parse::<usize>()
            .unwrap();
        records[2] = text
            .replacen(
                &format!("Content-Length: {length}\r\n"),
                &format!("Content-Length: {}\r\n", length - 5),
                1,
            )
            .into_bytes();
        let items = read_bytes("bad.warc", &records.concat(), &IngestOptions::default());
        let ids: Vec<&str> = documents(&items).iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, [UUID_B, UUID_C]);
        let errs = errors(&items);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0].location.record, Some(3));
        assert!(
            errs[0].to_string().contains("Content-Length"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn oversized_record_is_refused_before_its_body_is_read() {
        // A header claiming 5 GB: buffering it would abort the test process.
        let mut bytes = crawl()[..3].concat();
        bytes.extend_from_slice(
            format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{UUID_B}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 5000000000\r\n\r\nHTTP/1.1 200 OK\r\n"
            )
            .as_bytes(),
        );
        let items = read_bytes("huge.warc", &bytes, &IngestOptions::default());
        assert_eq!(documents(&items).len(), 1);
        let errs = errors(&items);
        assert_eq!(errs.len(), 2, "{errs:#?}");
        assert_eq!(errs[0].location.record, Some(4));
        assert!(errs[0].to_string().contains("over the"), "{}", errs[0]);
        assert!(matches!(errs[1].kind, ErrorKind::Truncated(_)));
    }

    #[test]
    fn record_without_article_is_reported_at_the_record() {
        let empty = response(
            UUID_A,
            "https://news.example.com/empty",
            &http(
                "200 OK",
                &[("Content-Type", "text/html")],
                b"<html><body></body></html>",
            ),
        );
        let items = read_bytes("empty.warc", &empty, &IngestOptions::default());
        let errs = errors(&items);
        assert_eq!(errs.len(), 1, "{items:#?}");
        assert_eq!(errs[0].location.record, Some(1));
        assert!(errs[0].location.path.ends_with("empty.warc"));
    }

    #[test]
    fn binary_file_named_warc_is_one_clear_error() {
        let mut bytes = vec![0u8; 1 << 20];
        bytes[..4].copy_from_slice(b"\x89PNG");
        let items = read_bytes("photo.warc", &bytes, &IngestOptions::default());
        let errs = errors(&items);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(
            errs[0].to_string().contains("no `WARC/1.x` version line"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn chunks_and_markup() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n", 100).as_deref(),
            Some(&b"Wikipedia"[..])
        );
        assert_eq!(dechunk(b"<html>", 100), None);
        assert_eq!(dechunk(b"4\r\nWi", 100).as_deref(), Some(&b"Wi"[..]));
        assert!(looks_like_markup(b"\xEF\xBB\xBF\n <!DOCTYPE html><html>"));
        assert!(!looks_like_markup(b"\x1f\x8b\x08"));
    }
}
