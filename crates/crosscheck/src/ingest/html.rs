//! HTML pages: find the article in the page and read its markup metadata.
//!
//! Main-content extraction is a solved problem with a measured leader, so crosscheck uses the
//! `trafilatura` crate (a port of the Python library) with its fallback extractors on, and
//! reads title, authors, site name and publication date from the page's markup.

use super::dates::parse_date;
use super::error::ErrorKind;
use super::plaintext::split_bylines;
use crate::model::{Metadata, Origin, Sourced};

/// The article found in a page.
#[derive(Debug, Default)]
pub(crate) struct HtmlArticle {
    /// Body text, paragraphs separated by newlines.
    pub text: String,
    /// Metadata read from the page markup.
    pub meta: Metadata,
}

/// Extract the main article text and metadata from `page`; `url` is where it was published.
pub(crate) fn extract(page: &str, url: Option<&str>) -> Result<HtmlArticle, ErrorKind> {
    let mut options = trafilatura::Options::default().with_fallback(true);
    if let Some(parsed) = url.and_then(url_parse) {
        options = options.with_url(parsed);
    }
    let result =
        trafilatura::extract(page, &options).map_err(|e| ErrorKind::Html(e.to_string()))?;
    let found = result.metadata;
    let mut meta = Metadata::default();
    let markup = |s: &str| {
        let t = s.trim();
        (!t.is_empty()).then(|| Sourced::new(t.to_string(), Origin::HtmlMeta))
    };
    meta.title = markup(&found.title);
    meta.outlet = markup(&found.sitename);
    meta.bylines = split_bylines(&found.author)
        .into_iter()
        .map(|b| Sourced::new(b.value, Origin::HtmlMeta))
        .collect();
    meta.published = found
        .date
        .and_then(|d| parse_date(&d.to_string()))
        .map(|d| Sourced::new(d, Origin::HtmlMeta));
    meta.url = url
        .map(str::to_string)
        .or_else(|| markup(&found.url).map(|s| s.value));
    Ok(HtmlArticle {
        text: result.content_text,
        meta,
    })
}

fn url_parse(url: &str) -> Option<trafilatura_url::Url> {
    trafilatura_url::Url::parse(url).ok()
}

/// `trafilatura` takes `url::Url`; re-exported under a local name to keep the dependency
/// edge visible in one place.
mod trafilatura_url {
    pub(crate) use url::Url;
}
