//! JSON Lines: one article object per line.
//!
//! Fields crosscheck understands: `id`, `url`, `outlet`, `published`, `title`, `bylines`
//! (array or string), `dateline`, `language`, and `text` or `html`. Every other field is kept
//! verbatim in [`Document::extra`](crate::model::Document::extra). Lines are read with a hard
//! length limit, so one runaway line costs a skip, not the machine's memory.

use std::io::BufRead;
use std::path::Path;

use serde_json::{Map, Value};

use super::article::{build, IngestOptions, Item, RawArticle, RawBody};
use super::dates::parse_date;
use super::error::{ErrorKind, IngestError, Location};
use super::plaintext::split_bylines;
use crate::model::{Metadata, Origin, Sourced};

/// Read every line of a JSON Lines stream, handing each article or problem to `sink`.
pub(crate) fn read(
    path: &Path,
    mut reader: Box<dyn BufRead>,
    options: &IngestOptions,
    sink: &mut dyn FnMut(Result<RawArticle, IngestError>),
) {
    let stem = file_stem(path);
    let limit = options.max_record_size;
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        line_no += 1;
        let at = || Location::line(path, line_no);
        let read = std::io::Read::take(&mut reader, limit + 1).read_until(b'\n', &mut buf);
        match read {
            Ok(0) => break,
            Ok(_) => {}
            Err(err) => {
                sink(Err(IngestError::new(at(), truncated_or_io(err))));
                break;
            }
        }
        if buf.len() as u64 > limit && buf.last() != Some(&b'\n') {
            sink(Err(IngestError::new(
                at(),
                ErrorKind::LineTooLong { limit },
            )));
            if let Err(err) = skip_line(&mut reader) {
                sink(Err(IngestError::new(at(), truncated_or_io(err))));
                break;
            }
            continue;
        }
        let line = trim_line(&buf);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        sink(parse_line(line, path, &stem, line_no).map_err(|kind| IngestError::new(at(), kind)));
    }
}

/// Read one JSON Lines record held in memory exactly as [`read`] reads line `line_no` of the
/// file at `path` (which gives a record without an `id` its default id, `{stem}-{line_no}`,
/// and its source): parsed, built, cleaned and hashed. `None` for a blank line, which a file
/// reader skips. For callers that hold records rather than files: the Python binding, and
/// jobs that read a file's lines in parallel.
pub fn read_record(line: &str, path: &Path, line_no: u64, options: &IngestOptions) -> Option<Item> {
    let line = trim_line(line.as_bytes());
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let at = || Location::line(path, line_no);
    if line.len() as u64 > options.max_record_size {
        let limit = options.max_record_size;
        return Some(Err(IngestError::new(
            at(),
            ErrorKind::LineTooLong { limit },
        )));
    }
    let stem = file_stem(path);
    Some(
        parse_line(line, path, &stem, line_no)
            .map_err(|kind| IngestError::new(at(), kind))
            .and_then(|raw| build(raw, options)),
    )
}

fn parse_line(line: &[u8], path: &Path, stem: &str, line_no: u64) -> Result<RawArticle, ErrorKind> {
    let text = std::str::from_utf8(line).map_err(|e| ErrorKind::InvalidUtf8 {
        offset: e.valid_up_to(),
    })?;
    let value: Value = serde_json::from_str(text).map_err(ErrorKind::Json)?;
    let Value::Object(mut fields) = value else {
        return Err(ErrorKind::BadRecord(
            "line is JSON but not an object".into(),
        ));
    };
    let body = match (
        take_string(&mut fields, "text"),
        take_string(&mut fields, "html"),
    ) {
        (Some(text), _) if !text.trim().is_empty() => RawBody::Text(text),
        (_, Some(html)) if !html.trim().is_empty() => RawBody::Html(html),
        (Some(_), _) | (_, Some(_)) => return Err(ErrorKind::Empty),
        (None, None) => {
            return Err(ErrorKind::BadRecord(
                "record has no `text` or `html` string field".into(),
            ))
        }
    };
    let id = match fields.remove("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            fields.insert("id".into(), other);
            format!("{stem}-{line_no}")
        }
        None => format!("{stem}-{line_no}"),
    };
    let mut declared = Metadata::default();
    let record = |v: String| Some(Sourced::new(v, Origin::Record));
    declared.url = take_string(&mut fields, "url");
    declared.outlet = take_string(&mut fields, "outlet")
        .and_then(nonempty)
        .and_then(record);
    declared.title = take_string(&mut fields, "title")
        .and_then(nonempty)
        .and_then(record);
    declared.dateline = take_string(&mut fields, "dateline")
        .and_then(nonempty)
        .and_then(record);
    declared.language = take_string(&mut fields, "language")
        .and_then(nonempty)
        .and_then(record);
    if let Some(raw) = take_string(&mut fields, "published") {
        match parse_date(&raw) {
            Some(date) => declared.published = Some(Sourced::new(date, Origin::Record)),
            // Keep what we could not read rather than lose it.
            None => {
                fields.insert("published".into(), Value::String(raw));
            }
        }
    }
    match fields.remove("bylines") {
        Some(Value::Array(names)) => {
            declared.bylines = names
                .into_iter()
                .filter_map(|v| {
                    v.as_str()
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                })
                .map(|name| Sourced::new(name, Origin::Record))
                .collect();
        }
        Some(Value::String(s)) => {
            declared.bylines = split_bylines(&s)
                .into_iter()
                .map(|b| Sourced::new(b.value, Origin::Record))
                .collect();
        }
        Some(other) => {
            fields.insert("bylines".into(), other);
        }
        None => {}
    }
    let source = declared
        .url
        .clone()
        .unwrap_or_else(|| format!("{}:{line_no}", path.display()));
    Ok(RawArticle {
        location: Location::line(path, line_no),
        id: Some(id),
        source,
        body,
        declared,
        extra: fields,
    })
}

/// Remove `key` from `fields` if it holds a string; other types stay as unknown fields.
fn take_string(fields: &mut Map<String, Value>, key: &str) -> Option<String> {
    match fields.get(key) {
        Some(Value::String(_)) => match fields.remove(key) {
            Some(Value::String(s)) => Some(s),
            _ => None,
        },
        Some(Value::Null) => {
            fields.remove(key);
            None
        }
        _ => None,
    }
}

fn nonempty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn trim_line(buf: &[u8]) -> &[u8] {
    let mut line = buf;
    while let Some((&last, rest)) = line.split_last() {
        if last == b'\n' || last == b'\r' {
            line = rest;
        } else {
            break;
        }
    }
    line
}

/// Discard the rest of an over-long line without holding it in memory.
fn skip_line(reader: &mut Box<dyn BufRead>) -> std::io::Result<()> {
    loop {
        let (done, used) = {
            let chunk = reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(());
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (true, i + 1),
                None => (false, chunk.len()),
            }
        };
        reader.consume(used);
        if done {
            return Ok(());
        }
    }
}

fn truncated_or_io(err: std::io::Error) -> ErrorKind {
    match err.kind() {
        std::io::ErrorKind::UnexpectedEof
        | std::io::ErrorKind::InvalidInput
        | std::io::ErrorKind::InvalidData => ErrorKind::Truncated(err.to_string()),
        _ => ErrorKind::Io(err),
    }
}

pub(crate) fn file_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.split('.').next().unwrap_or(&name).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &str, limit: u64) -> Vec<Result<RawArticle, IngestError>> {
        let options = IngestOptions {
            max_record_size: limit,
            ..IngestOptions::default()
        };
        let mut out = Vec::new();
        let reader: Box<dyn BufRead> = Box::new(std::io::Cursor::new(input.as_bytes().to_vec()));
        read(Path::new("feed.jsonl"), reader, &options, &mut |r| {
            out.push(r)
        });
        out
    }

    #[test]
    fn good_bad_and_long_lines() {
        let long = format!("{{\"text\": \"{}\"}}", "x".repeat(400));
        let input = format!(
            "{{\"id\": \"a1\", \"outlet\": \"Reuters\", \"published\": \"2022-11-15\", \"bylines\": [\"Jonathan Landay\"], \"text\": \"Body.\", \"topic\": \"war\"}}\n{{oops\n\n{long}\n{{\"title\": \"no body\"}}\n{{\"html\": \"<p>x</p>\", \"id\": 7}}\n"
        );
        let out = read_all(&input, 300);
        assert_eq!(out.len(), 5);
        let first = out[0].as_ref().unwrap();
        assert_eq!(first.id.as_deref(), Some("a1"));
        assert_eq!(first.declared.outlet.as_ref().unwrap().value, "Reuters");
        assert_eq!(first.extra.get("topic"), Some(&Value::String("war".into())));
        let err = out[1].as_ref().unwrap_err();
        assert_eq!(err.location.line, Some(2));
        assert!(matches!(err.kind, ErrorKind::Json(_)));
        let err = out[2].as_ref().unwrap_err();
        assert_eq!(err.location.line, Some(4));
        assert!(matches!(err.kind, ErrorKind::LineTooLong { limit: 300 }));
        assert!(matches!(
            out[3].as_ref().unwrap_err().kind,
            ErrorKind::BadRecord(_)
        ));
        let last = out[4].as_ref().unwrap();
        assert_eq!(last.id.as_deref(), Some("7"));
        assert!(matches!(last.body, RawBody::Html(_)));
    }
}
