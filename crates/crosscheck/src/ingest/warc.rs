//! WARC and WARC.gz: HTTP response records holding HTML, as in Common Crawl's CC-NEWS.
//!
//! Reads records in order with the `warc` crate, keeps `response` records whose HTTP payload
//! is HTML, and hands each page on with its target URI and declared charset. A truncated
//! file (a crawl cut off mid-record, a gzip member without its end) keeps every record read
//! before the cut and reports where it stopped.

use std::io::BufRead;
use std::path::Path;

use super::error::{ErrorKind, IngestError, Location};
use super::{decode, IngestOptions, RawArticle, RawBody};
use crate::model::Metadata;

/// Read every record of a WARC stream, handing each HTML response or problem to `sink`.
pub(crate) fn read(
    path: &Path,
    reader: Box<dyn BufRead>,
    options: &IngestOptions,
    sink: &mut dyn FnMut(Result<RawArticle, IngestError>),
) {
    let warc = ::warc::WarcReader::new(reader);
    for (index, record) in warc.iter_records().enumerate() {
        let number = index as u64 + 1;
        let at = || Location::record(path, number);
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                sink(Err(IngestError::new(
                    at(),
                    ErrorKind::Truncated(format!("stopped reading: {err}")),
                )));
                break;
            }
        };
        if *record.warc_type() != ::warc::RecordType::Response {
            continue;
        }
        if record.body().len() as u64 > options.max_record_size {
            sink(Err(IngestError::new(
                at(),
                ErrorKind::TooLarge {
                    size: record.body().len() as u64,
                    limit: options.max_record_size,
                },
            )));
            continue;
        }
        let uri = record
            .header(::warc::WarcHeader::TargetURI)
            .map(|u| u.trim_matches(['<', '>']).to_string());
        let crawled = record
            .header(::warc::WarcHeader::Date)
            .map(|d| d.into_owned());
        let id = record
            .warc_id()
            .trim_matches(['<', '>'])
            .trim_start_matches("urn:uuid:")
            .to_string();
        match http_html_body(record.body()) {
            Ok(Some((body, charset))) => {
                let page = decode::decode(body, charset.as_deref(), true)
                    .map_err(|k| IngestError::new(at(), k));
                sink(page.map(|page| {
                    RawArticle {
                        id: Some(id),
                        source: uri
                            .clone()
                            .unwrap_or_else(|| format!("{}#{number}", path.display())),
                        body: RawBody::Html(page),
                        declared: Metadata {
                            url: uri,
                            crawled,
                            ..Metadata::default()
                        },
                        extra: serde_json::Map::new(),
                    }
                }));
            }
            Ok(None) => {}
            Err(kind) => sink(Err(IngestError::new(at(), kind))),
        }
    }
}

/// The HTML payload of an HTTP response and its declared charset; `None` for non-HTML or
/// non-200 responses, which are not articles but not errors either.
/// An HTML payload and the charset its HTTP header declares.
type HtmlPayload<'a> = (&'a [u8], Option<String>);

fn http_html_body(bytes: &[u8]) -> Result<Option<HtmlPayload<'_>>, ErrorKind> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let head_len = match response.parse(bytes) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            return Err(ErrorKind::Warc("HTTP header is incomplete".into()))
        }
        Err(err) => return Err(ErrorKind::Warc(format!("bad HTTP response: {err}"))),
    };
    if response.code != Some(200) {
        return Ok(None);
    }
    let content_type = response
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-type"))
        .map(|h| String::from_utf8_lossy(h.value).into_owned())
        .unwrap_or_default();
    let lower = content_type.to_ascii_lowercase();
    if !(lower.is_empty() || lower.contains("html")) {
        return Ok(None);
    }
    Ok(Some((
        &bytes[head_len..],
        decode::content_type_charset(&content_type),
    )))
}
