//! One article's shared path: from a reader's raw body and declared fields to a
//! [`Document`] (header markers, boilerplate, language, hash), the same for every format.

use std::path::Path;

use super::error::{ErrorKind, IngestError, Location};
use super::{clean, html, language, plaintext};
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

/// Build a document from a raw article: markers, boilerplate, language, hash.
pub(crate) fn build(mut raw: RawArticle, options: &IngestOptions) -> Result<Document, IngestError> {
    // A NUL character (a JSON `\u0000`, an HTML `&#0;`) is never text a reader sees, and some
    // stores cannot hold one (PostgreSQL's text): it goes before anything reads the article.
    match &mut raw.body {
        RawBody::Text(text) | RawBody::Html(text) => strip_nul(text),
    }
    if let Some(id) = &mut raw.id {
        strip_nul(id);
    }
    let location = || raw.location.clone();
    let raw_len = match &raw.body {
        RawBody::Text(text) | RawBody::Html(text) => text.len(),
    };
    too_large(raw_len).map_err(|k| IngestError::new(location(), k))?;
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
    strip_nul_from_metadata(&mut meta);
    let cleaned = clean::clean_body(&body);
    too_large(cleaned.text.len()).map_err(|k| IngestError::new(location(), k))?;
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

/// Remove every NUL character from `text`.
fn strip_nul(text: &mut String) {
    if text.contains('\0') {
        text.retain(|c| c != '\0');
    }
}

/// Remove NUL characters from every text field of `meta`.
fn strip_nul_from_metadata(meta: &mut Metadata) {
    for value in [
        &mut meta.outlet,
        &mut meta.dateline,
        &mut meta.title,
        &mut meta.language,
    ]
    .into_iter()
    .flatten()
    {
        strip_nul(&mut value.value);
    }
    for byline in &mut meta.bylines {
        strip_nul(&mut byline.value);
    }
    for value in [&mut meta.url, &mut meta.crawled].into_iter().flatten() {
        strip_nul(value);
    }
}

/// Spans are `u32` byte offsets ([`TextRange`](crate::span::TextRange)), so no text may be
/// longer than `u32::MAX` bytes, whatever `--max-file-size` allows.
fn too_large(len: usize) -> Result<(), ErrorKind> {
    const MAX_TEXT: u64 = u32::MAX as u64;
    let size = len as u64;
    if size > MAX_TEXT {
        return Err(ErrorKind::TooLarge {
            size,
            limit: MAX_TEXT,
        });
    }
    Ok(())
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

/// Build a document from an HTML page held in memory (already decoded to text), through the
/// same path as an `.html` file: extraction, boilerplate cleaning, language identification.
/// `id` is the document id; `url`, if known, becomes [`Metadata::url`] and the source.
pub fn build_from_html(
    id: &str,
    page: &str,
    url: Option<&str>,
    options: &IngestOptions,
) -> Result<Document, IngestError> {
    build(
        RawArticle {
            location: Location::file(url.unwrap_or(id)),
            id: Some(id.to_string()),
            source: url.unwrap_or(id).to_string(),
            body: RawBody::Html(page.to_string()),
            declared: Metadata {
                url: url.map(str::to_string),
                ..Metadata::default()
            },
            extra: serde_json::Map::new(),
        },
        options,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_over_4_gib_are_too_large() {
        assert!(too_large(u32::MAX as usize).is_ok());
        assert!(matches!(
            too_large(u32::MAX as usize + 1),
            Err(ErrorKind::TooLarge { .. })
        ));
    }

    #[test]
    fn nul_characters_never_reach_a_document() {
        let raw = RawArticle {
            id: Some("a\0b".into()),
            source: "feed.jsonl#1".into(),
            body: RawBody::Text("The council met\0 on Monday and agreed the budget.".into()),
            declared: Metadata {
                title: Some(Sourced::new("Budget\0 agreed".into(), Origin::Record)),
                outlet: Some(Sourced::new("\0Post".into(), Origin::Record)),
                bylines: vec![Sourced::new("Ann\0 Writer".into(), Origin::Record)],
                url: Some("https://x.example/\0a".into()),
                ..Metadata::default()
            },
            extra: serde_json::Map::new(),
            location: Location::file(Path::new("feed.jsonl")),
        };
        let doc = build(raw, &IngestOptions::default()).expect("an article");
        let all = format!("{}{}{:?}", doc.id, doc.text, doc.meta);
        assert!(!all.contains('\0'), "{all}");
        assert_eq!(doc.text, "The council met on Monday and agreed the budget.");
        assert_eq!(
            doc.meta.title.map(|t| t.value).as_deref(),
            Some("Budget agreed")
        );
    }

    #[test]
    fn default_ids() {
        assert_eq!(default_id("seeds/000_708bb.txt"), "000_708bb");
        assert_eq!(default_id("dump/feed.jsonl.gz#12"), "feed-12");
        assert_eq!(default_id("page.html"), "page");
    }
}
