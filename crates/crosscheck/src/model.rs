//! The plain data every stage passes on: a [`Document`] and its [`Metadata`].
//!
//! Stages never share internals, only these structs. A `Document` is what ingest decided the
//! article *is*; everything downstream (text analysis, rewrite forensics, reuse, quotes, claims)
//! reads it and never changes it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A stable, content-derived key for a document: BLAKE3 of its clean text and metadata, hex.
///
/// Two inputs with the same text *and* the same metadata are the same document (re-ingesting a
/// file adds nothing); the same text under another outlet's name is a different document, since
/// that is exactly the kind of copy the reuse stage exists to find.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContentHash(String);

impl ContentHash {
    /// Wrap a hex digest read back from storage.
    pub fn from_hex(hex: impl Into<String>) -> ContentHash {
        ContentHash(hex.into())
    }

    /// The digest as lowercase hex.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ContentHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a metadata value was found. Kept internally (and in the store) so a user can ask why
/// crosscheck believes a date or an outlet; the report carries only the values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A header line above the article, e.g. `date 2022-11-15 By Jonathan Landay`.
    Header,
    /// A marker inside the text, e.g. `KHERSON, Ukraine (Reuters) –` or `CNN —`.
    TextMarker,
    /// HTML `<meta>`, JSON-LD or similar page markup.
    HtmlMeta,
    /// The page's URL (e.g. the host names the outlet, the path holds a date).
    Url,
    /// A field of the input record (JSON Lines).
    Record,
    /// Computed from the text itself (language identification).
    Detected,
}

/// A metadata value together with where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it was found.
    pub origin: Origin,
}

impl<T> Sourced<T> {
    /// A value found at `origin`.
    pub fn new(value: T, origin: Origin) -> Sourced<T> {
        Sourced { value, origin }
    }
}

/// What is known about a document beyond its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// The publishing outlet, e.g. "Reuters".
    pub outlet: Option<Sourced<String>>,
    /// Publication date. Never a crawl or fetch date: those go in [`Metadata::crawled`].
    pub published: Option<Sourced<NaiveDate>>,
    /// Author names, in the order given.
    pub bylines: Vec<Sourced<String>>,
    /// Place line, e.g. "KHERSON, Ukraine".
    pub dateline: Option<Sourced<String>>,
    /// Headline.
    pub title: Option<Sourced<String>>,
    /// ISO 639-1 code of the text's language.
    pub language: Option<Sourced<String>>,
    /// The URL the article was published at, when known.
    pub url: Option<String>,
    /// When a crawler fetched the page (WARC-Date); not a publication date.
    pub crawled: Option<String>,
}

/// One article: the unit every stage works on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Report id: the file name without extension, or the record's own id. Unique in a run.
    pub id: String,
    /// Path or URL the article came from (with `#line` / `#record` for multi-record files).
    pub source: String,
    /// Content-derived key; see [`ContentHash`].
    pub hash: ContentHash,
    /// Metadata with provenance.
    pub meta: Metadata,
    /// Clean body text. Every span of every stage indexes into this string.
    pub text: String,
    /// Credit lines cut from the body but kept, e.g. "With EFE and Reuters".
    pub credits: Vec<String>,
    /// Fields of the input record that crosscheck does not interpret, kept verbatim.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Document {
    /// Compute the content hash of `text` with `meta`; see [`ContentHash`].
    pub fn content_hash(text: &str, meta: &Metadata) -> ContentHash {
        let mut hasher = blake3::Hasher::new();
        let mut field = |name: &str, value: &str| {
            // Length-prefix each field so that no two distinct documents hash alike by
            // shifting bytes between fields.
            hasher.update(name.as_bytes());
            hasher.update(&(value.len() as u64).to_le_bytes());
            hasher.update(value.as_bytes());
        };
        field("text", text);
        let opt =
            |v: &Option<Sourced<String>>| v.as_ref().map(|s| s.value.clone()).unwrap_or_default();
        field("outlet", &opt(&meta.outlet));
        field(
            "published",
            &meta
                .published
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default(),
        );
        for byline in &meta.bylines {
            field("byline", &byline.value);
        }
        field("dateline", &opt(&meta.dateline));
        field("title", &opt(&meta.title));
        ContentHash(hasher.finalize().to_hex().to_string())
    }

    /// The outlet name, if known.
    pub fn outlet(&self) -> Option<&str> {
        self.meta.outlet.as_ref().map(|s| s.value.as_str())
    }

    /// The site the document belongs to, for rules about one site's pages (its template,
    /// its boilerplate): its outlet, else the site of its URL ([`site_of_url`]).
    pub fn site(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self.outlet() {
            Some(outlet) => Some(std::borrow::Cow::Borrowed(outlet)),
            None => site_of_url(self.meta.url.as_deref()?).map(std::borrow::Cow::Owned),
        }
    }

    /// The ISO 639-1 language code, `"und"` when undetermined.
    pub fn language(&self) -> &str {
        self.meta
            .language
            .as_ref()
            .map_or("und", |s| s.value.as_str())
    }
}

/// The site a URL belongs to: its host, lowercased, without a `www.`, `m.` or `amp.`
/// prefix (`https://www.bbc.co.uk/news/...` → `bbc.co.uk`); `None` for a URL without a
/// named host (a bare IP address, `localhost`, or not a URL at all).
pub fn site_of_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    let host = ["www.", "www1.", "m.", "amp.", "mobile."]
        .iter()
        .find_map(|p| host.strip_prefix(p))
        .unwrap_or(&host);
    (host.contains('.') && !host.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .then(|| host.to_string())
}
