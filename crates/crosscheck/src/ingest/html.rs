//! HTML pages: find the article in the page and read its markup metadata.
//!
//! Main-content extraction is a solved problem with a measured leader, so crosscheck uses the
//! `trafilatura` crate (a port of the Python library), with its fallback extractors (readability,
//! justext) on and its focus on precision: on the article-extraction-benchmark that scores F1
//! 0.975 through crosscheck's whole ingest path, against 0.960 with the crate's balanced default
//! focus (BENCHMARKS.md, "HTML main-content extraction"). Three things are done on top of it:
//!
//! - the body is rendered from the extractor's HTML, one paragraph per block (`<p>`, heading,
//!   list item, table row) separated by blank lines; the crate's own plain text runs the whole
//!   article together on one line, which loses the paragraphs and leaves the line-based
//!   boilerplate rules of `clean` nothing to work on;
//! - lists of links to the site's other pages that the extractor keeps inside the article
//!   (related stories, a blog's other posts) are dropped: runs of blocks that are each, whole,
//!   the text of a link to the page's own site;
//! - head matter the extractor keeps above the first paragraph (the headline, a byline line) is
//!   dropped: it is metadata, not body.
//!
//! Metadata is read here from the markup, not taken from the extractor: trafilatura's date
//! search ends in a scan of the whole page source for the newest date-like string (a sidebar
//! story, a comment, a copyright year turned into 1 January), so its date mode is switched off,
//! and its site name falls back to the URL host while looking like markup. Each value names
//! where it was found ([`Origin`]):
//!
//! - title: `og:title`, JSON-LD `headline`, `twitter:title`, `<title>`, the first `<h1>`; a
//!   leading or trailing `| Outlet` is cut;
//! - outlet: `og:site_name`, JSON-LD `publisher`; else the URL host (with [`Origin::Url`]);
//! - bylines: JSON-LD `author` (people only), author `<meta>` tags, then `itemprop=author` or
//!   `rel=author` in the article head; "By" prefixes, profile URLs, user names, job titles,
//!   news agencies and the outlet's own name are dropped, ALL-CAPS names are title-cased;
//! - published: JSON-LD `datePublished`, `article:published_time` and other publication-date
//!   `<meta>` tags, `itemprop=datePublished`, a `<time datetime>` in the article head; else a
//!   `/2022/11/15/` date in the page's URL path (with [`Origin::Url`]). Never a modification,
//!   comment, crawl or render date: a page without a publication date has none;
//! - language: `<html lang>`, `Content-Language`, `og:locale` or JSON-LD `inLanguage`, reduced
//!   to ISO 639-1 (`en-US` → `en`), unless language identification confidently reads the text
//!   as another language (templates declare one `lang` for a whole site); ingest then detects
//!   it ([`Origin::Detected`]).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde_json::Value;
use trafilatura::dom::{Document as Dom, NodeId};

use super::dates::parse_date;
use super::error::ErrorKind;
use super::nesting;
use super::plaintext::split_bylines;
use crate::model::{Metadata, Origin, Sourced};

/// The article found in an HTML page, before crosscheck's boilerplate cleaning.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlArticle {
    /// Body text: one block (paragraph, heading, list item, table row) per paragraph,
    /// paragraphs separated by a blank line, `<br>` kept as a line break.
    pub text: String,
    /// Metadata read from the page markup, each value with its [`Origin`].
    pub meta: Metadata,
}

/// Find the article in `page`, an HTML document already decoded to text; `url` is where it
/// was published, if known (it resolves the outlet and a URL-path date when the markup has
/// neither).
///
/// The text is the extractor's raw output; [`build_from_html`] runs it through the rest of
/// ingest (boilerplate cleaning, language identification) as for an `.html` file.
///
/// ```
/// let page = r#"<html lang="en-GB"><head><meta property="og:site_name" content="The Daily">
/// <meta property="article:published_time" content="2022-11-15T10:02:00Z"></head>
/// <body><nav><a href="/">Home</a></nav><article><h1>Bridge reopens</h1>
/// <p>The bridge over the river reopened on Tuesday after three months of repairs, the city said.</p>
/// </article></body></html>"#;
/// let article = crosscheck::ingest::extract_html(page, None).unwrap();
/// assert!(article.text.contains("The bridge over the river reopened"));
/// assert_eq!(article.meta.outlet.unwrap().value, "The Daily");
/// assert_eq!(article.meta.published.unwrap().value.to_string(), "2022-11-15");
/// assert_eq!(article.meta.language.unwrap().value, "en");
/// ```
///
/// A page nested deeper than [`MAX_HTML_DEPTH`](super::MAX_HTML_DEPTH) elements is refused
/// ([`ErrorKind::TooDeep`]) before it is parsed: parsing it takes time quadratic in its depth,
/// and walking it risks the stack.
pub fn extract_html(page: &str, url: Option<&str>) -> Result<HtmlArticle, ErrorKind> {
    if nesting::exceeds(page, nesting::MAX_HTML_DEPTH) {
        return Err(ErrorKind::TooDeep {
            limit: nesting::MAX_HTML_DEPTH,
        });
    }
    let dom = Dom::parse(page);
    let (mut meta, headlines) = read_metadata(&dom, url);
    // Read before the extractor takes the page: its output has no links left (and asking it to
    // keep them changes what it extracts, for the worse).
    let own_links = own_site_link_texts(&dom, meta.url.as_deref());
    let mut options = trafilatura::Options::default()
        .with_fallback(true)
        .with_focus(trafilatura::ExtractionFocus::FavorPrecision)
        .with_html_date_mode(trafilatura::HtmlDateMode::Disabled);
    if let Some(parsed) = url.and_then(|u| url::Url::parse(u).ok()) {
        options = options.with_url(parsed);
    }
    let result =
        trafilatura::extract_document(dom, &options).map_err(|e| ErrorKind::Html(e.to_string()))?;
    let mut text = render_blocks(&result.content_html, &own_links);
    drop_head_matter(&mut text, &headlines, &meta.bylines);
    if meta
        .language
        .as_ref()
        .is_some_and(|l| contradicted_language(&l.value, &text))
    {
        // Templates declare one `lang` for every page of a site, whatever the article's
        // language; the text itself is better evidence then (ingest detects it).
        meta.language = None;
    }
    Ok(HtmlArticle { text, meta })
}

/// The ingest path's entry point (see `build` in `mod.rs`).
pub(crate) fn extract(page: &str, url: Option<&str>) -> Result<HtmlArticle, ErrorKind> {
    extract_html(page, url)
}

// ---------------------------------------------------------------------------------------------
// Body text
// ---------------------------------------------------------------------------------------------

/// Whether language identification, confident on enough of `text`, names another language than
/// the markup's `declared` one.
fn contradicted_language(declared: &str, text: &str) -> bool {
    const SAMPLE_BYTES: usize = 4096;
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.split_whitespace().count() < 40 {
        return false;
    }
    let Some(info) = whatlang::detect(sample) else {
        return false;
    };
    let detected = isolang::Language::from_639_3(info.lang().code()).and_then(|l| l.to_639_1());
    info.is_reliable() && detected.is_some_and(|code| code != declared)
}

/// Drop the head matter the extractor kept above the first paragraph: the headline (the title
/// lives in [`Metadata::title`]) and a short byline line naming one of `bylines`.
fn drop_head_matter(text: &mut String, headlines: &[String], bylines: &[Sourced<String>]) {
    let names: Vec<String> = bylines.iter().map(|b| b.value.to_lowercase()).collect();
    let mut start = 0;
    for block in text.split("\n\n").take(3) {
        let key = name_key(block);
        let headline = block.len() <= 400 && !key.is_empty() && headlines.contains(&key);
        let lower = block.to_lowercase();
        let byline = block.split_whitespace().count() <= 12
            && names.iter().any(|n| lower.contains(n.as_str()));
        if !(headline || byline) {
            break;
        }
        start += block.len() + 2;
    }
    if start > 0 {
        *text = text.get(start..).unwrap_or_default().to_string();
    }
}

/// Tags that start a new block of text.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// The texts of the page's links to its own site, as [`name_key`]s: the candidates for
/// [`drop_link_lists`]. The site is that of `page_url`, else the one most of the page's absolute
/// links point to (navigation and teasers outnumber outside links on a news page); relative
/// links are the site's own.
fn own_site_link_texts(dom: &Dom, page_url: Option<&str>) -> HashSet<String> {
    let links: Vec<(String, Option<String>)> = dom
        .query_selector_all(dom.root(), "a[href]")
        .into_iter()
        .filter_map(|id| {
            let key = name_key(&dom.text_content(id));
            if key.chars().count() < MIN_LINK_KEY_CHARS {
                return None;
            }
            let href = dom.get_attribute(id, "href").unwrap_or_default();
            Some((key, link_site(&href)))
        })
        .collect();
    let own = page_url.and_then(link_site).or_else(|| {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for site in links.iter().filter_map(|(_, s)| s.as_deref()) {
            *counts.entry(site).or_default() += 1;
        }
        counts
            .into_iter()
            .max_by_key(|&(site, n)| (n, site))
            .map(|(site, _)| site.to_string())
    });
    links
        .into_iter()
        .filter(|(_, site)| site.is_none() || *site == own)
        .map(|(key, _)| key)
        .collect()
}

/// Link texts shorter than this (in [`name_key`] characters: "Home", "More", "Next") are menu
/// words, not headlines; they are left to the line rules of `clean`.
const MIN_LINK_KEY_CHARS: usize = 8;

/// The site an absolute link points to, reduced to its registrable part
/// (`https://news.example.co.uk/a` → `example.co.uk`); `None` for a relative link. Read from
/// the text, not with a URL parser: a page has hundreds of links and this runs on every one.
fn link_site(href: &str) -> Option<String> {
    let href = href.trim();
    let rest = match href.strip_prefix("//") {
        Some(rest) => rest,
        None => {
            let (scheme, rest) = href.split_once("://")?;
            if scheme.is_empty()
                || !scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            {
                return None;
            }
            rest
        }
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = host
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    let labels: Vec<&str> = host.split('.').collect();
    // `example.co.uk`, `example.com.br`: a short second-level label under a country code.
    let keep = match labels.as_slice() {
        [.., second, tld] if tld.len() == 2 && second.len() <= 3 => 3,
        _ => 2,
    };
    Some(labels[labels.len().saturating_sub(keep)..].join("."))
}

/// A block longer than this many words is a paragraph, whatever links it.
const LINK_BLOCK_MAX_WORDS: usize = 25;

/// Drop the lists of links to other stories of the same site that the extractor keeps inside the
/// article ("Related", "More on this", a blog's other posts): runs of two or more consecutive
/// blocks each of which is, whole, the text of a link to the page's own site (`own_links`,
/// from [`own_site_link_texts`]). A single such block stays (a linked subheading, "Read the
/// full report"), and so do lists of links to other sites: shops, sources, documents.
fn drop_link_lists(blocks: &mut Vec<String>, own_links: &HashSet<String>) {
    if own_links.is_empty() {
        return;
    }
    let is_link = |block: &String| {
        block.split_whitespace().nth(LINK_BLOCK_MAX_WORDS).is_none()
            && own_links.contains(&name_key(block))
    };
    let links: Vec<bool> = blocks.iter().map(is_link).collect();
    let mut keep = vec![true; blocks.len()];
    let mut i = 0;
    while i < links.len() {
        let run = links[i..].iter().take_while(|l| **l).count();
        if run >= 2 {
            keep[i..i + run].fill(false);
        }
        i += run.max(1);
    }
    let mut keep = keep.into_iter();
    blocks.retain(|_| keep.next().unwrap_or(true));
}

/// Turn the extractor's HTML into text: one block (paragraph, heading, list item, table row)
/// per paragraph, blocks separated by a blank line, `<br>` as a line break, table cells joined
/// by ` | `, whitespace collapsed except inside `<pre>`; then drop the lists of links to the
/// site's other pages ([`drop_link_lists`], `own_links`).
///
/// The extractor's own plain text runs every block together on one line, which would leave the
/// line-based boilerplate rules of `clean` nothing to work on and lose the paragraphs.
fn render_blocks(html: &str, own_links: &HashSet<String>) -> String {
    let dom = Dom::parse(html);
    let mut out = Renderer::default();
    let start = dom.body().unwrap_or_else(|| dom.root());
    out.walk(&dom, start, false, 0);
    out.end_block();
    drop_link_lists(&mut out.blocks, own_links);
    out.blocks.join("\n\n")
}

#[derive(Default)]
struct Renderer {
    blocks: Vec<String>,
    /// Lines of the block being built.
    lines: Vec<String>,
    /// The line being built.
    line: String,
}

impl Renderer {
    fn walk(&mut self, dom: &Dom, id: NodeId, pre: bool, depth: usize) {
        if depth > 200 {
            return;
        }
        for child in dom.child_nodes(id) {
            if dom.is_text(child) {
                let text = dom.text_content(child);
                if pre {
                    let mut parts = text.split('\n');
                    if let Some(first) = parts.next() {
                        self.line.push_str(first);
                    }
                    for part in parts {
                        self.end_line();
                        self.line.push_str(part);
                    }
                } else {
                    self.push_inline(&text);
                }
                continue;
            }
            if !dom.is_element(child) {
                continue;
            }
            let tag = dom.tag_name(child);
            match tag {
                "br" => self.end_line(),
                "script" | "style" | "noscript" | "template" => {}
                "td" | "th" => {
                    if !self.line.trim().is_empty() {
                        self.line.push_str(" | ");
                    }
                    self.walk(dom, child, pre, depth + 1);
                }
                _ if BLOCK_TAGS.contains(&tag) => {
                    self.end_block();
                    self.walk(dom, child, pre || tag == "pre", depth + 1);
                    self.end_block();
                }
                _ => self.walk(dom, child, pre, depth + 1),
            }
        }
    }

    /// Append inline text with its whitespace collapsed.
    fn push_inline(&mut self, text: &str) {
        let mut words = text.split_whitespace().peekable();
        let leading = text.starts_with(char::is_whitespace);
        let trailing = text.ends_with(char::is_whitespace);
        if words.peek().is_none() {
            if !text.is_empty() && !self.line.is_empty() && !self.line.ends_with(' ') {
                self.line.push(' ');
            }
            return;
        }
        if leading && !self.line.is_empty() && !self.line.ends_with(' ') {
            self.line.push(' ');
        }
        let mut first = true;
        for word in words {
            if !first {
                self.line.push(' ');
            }
            self.line.push_str(word);
            first = false;
        }
        if trailing {
            self.line.push(' ');
        }
    }

    fn end_line(&mut self) {
        let line = self.line.trim();
        if !line.is_empty() {
            self.lines.push(line.to_string());
        }
        self.line.clear();
    }

    fn end_block(&mut self) {
        self.end_line();
        if !self.lines.is_empty() {
            self.blocks.push(self.lines.join("\n"));
            self.lines.clear();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Markup metadata
// ---------------------------------------------------------------------------------------------

/// `<meta>` tags whose content is a publication date, most specific first. Modification dates
/// (`article:modified_time`, `dateModified`, `last-modified`) are deliberately absent.
const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "article:published",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "article.published",
    "article_date_original",
    "datepublished",
    "date.published",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "citation_publication_date",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "dc.date",
    "date",
];

/// `<meta>` tags naming the author(s).
const AUTHOR_META: &[&str] = &[
    "author",
    "article:author",
    "byl",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
];

/// schema.org types of an article object in JSON-LD.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "AnalysisNewsArticle",
    "AskPublicNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "SatiricalArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "ClaimReview",
];

/// schema.org types of the page object, consulted when no article object is present.
const PAGE_TYPES: &[&str] = &["WebPage", "ItemPage", "MedicalWebPage"];

/// Words that make a byline part a job title or a desk, not a person.
const NOT_A_PERSON: &[&str] = &[
    "staff",
    "correspondent",
    "reporter",
    "editor",
    "editors",
    "writer",
    "contributor",
    "columnist",
    "desk",
    "bureau",
    "newsroom",
    "admin",
    "administrator",
    "team",
    "agencies",
    "wire",
    "wires",
    "editorial",
    "opinion",
    "sponsored",
    "partner",
];

/// News agencies: credited in author tags, but not people.
const AGENCIES: &[&str] = &[
    "reuters",
    "associatedpress",
    "ap",
    "afp",
    "agencefrancepresse",
    "bloomberg",
    "bloombergnews",
    "dpa",
    "efe",
    "ansa",
    "xinhua",
    "upi",
    "pressassociation",
    "pa",
    "pamedia",
    "tass",
    "kyodo",
    "yonhap",
    "anadolu",
    "cnnwire",
];

static URL_PATH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-]([01]?\d)[/-]([0-3]?\d)(?:/|[-_.]|$)").expect("valid regex")
});

/// Everything the metadata readers look at, gathered in one walk over the page.
struct Markup<'a> {
    dom: &'a Dom,
    /// `<meta>` tags as (lowercased `property` / `name` / `itemprop`, `content`), in page order.
    metas: Vec<(String, String)>,
    /// Parsed JSON-LD objects, flattened out of arrays and `@graph`s, in page order.
    json_ld: Vec<Value>,
}

impl<'a> Markup<'a> {
    fn read(dom: &'a Dom) -> Markup<'a> {
        let root = dom.root();
        let mut metas = Vec::new();
        for id in dom.query_selector_all(root, "meta[content]") {
            let Some(content) = dom.get_attribute(id, "content").map(|c| clean_space(&c)) else {
                continue;
            };
            if content.is_empty() {
                continue;
            }
            // One tag may carry several names: `itemprop="datePublished dateCreated"`.
            for attr in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(keys) = dom.get_attribute(id, attr) {
                    for key in keys.split_whitespace() {
                        metas.push((key.to_ascii_lowercase(), content.clone()));
                    }
                }
            }
        }
        let mut json_ld = Vec::new();
        for id in dom.query_selector_all(root, r#"script[type="application/ld+json" i]"#) {
            if let Some(value) = parse_json_ld(&dom.text_content(id)) {
                flatten_json_ld(value, &mut json_ld);
            }
        }
        Markup {
            dom,
            metas,
            json_ld,
        }
    }

    /// The first non-empty `<meta>` content under any of `keys`, in the order of `keys`.
    fn meta(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|key| {
            self.metas
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        })
    }

    /// The article object of the JSON-LD, if any.
    fn article(&self) -> Option<&Value> {
        self.json_ld.iter().find(|v| has_type(v, ARTICLE_TYPES))
    }

    /// The page object of the JSON-LD, if any.
    fn web_page(&self) -> Option<&Value> {
        self.json_ld.iter().find(|v| has_type(v, PAGE_TYPES))
    }

    /// Follow a JSON-LD `{"@id": ...}` reference to the object it names, if it is in the page.
    fn resolve<'v>(&'v self, value: &'v Value) -> &'v Value {
        let Some(object) = value.as_object() else {
            return value;
        };
        if object.len() != 1 {
            return value;
        }
        let Some(id) = object.get("@id").and_then(Value::as_str) else {
            return value;
        };
        self.json_ld
            .iter()
            .find(|v| v.get("@id").and_then(Value::as_str) == Some(id) && v != &value)
            .unwrap_or(value)
    }
}

/// Read title, outlet, bylines, publication date, language and URL from the page markup; also
/// return the page's headline candidates (as [`name_key`]s) to recognise the headline in the body.
fn read_metadata(dom: &Dom, declared_url: Option<&str>) -> (Metadata, Vec<String>) {
    let markup = Markup::read(dom);
    let url = declared_url
        .map(str::to_string)
        .or_else(|| page_url(&markup));
    let mut meta = Metadata {
        url: url.clone(),
        ..Metadata::default()
    };

    meta.outlet = markup_outlet(&markup)
        .map(|o| Sourced::new(o, Origin::HtmlMeta))
        .or_else(|| {
            url.as_deref()
                .and_then(outlet_from_url)
                .map(|o| Sourced::new(o, Origin::Url))
        });
    let outlet = meta.outlet.as_ref().map(|o| o.value.clone());
    let host = url.as_deref().and_then(outlet_from_url);

    meta.title = markup_title(&markup, outlet.as_deref(), host.as_deref())
        .map(|t| Sourced::new(t, Origin::HtmlMeta));
    meta.bylines = markup_bylines(&markup, &[outlet.as_deref(), host.as_deref()]);
    meta.published = markup_published(&markup)
        .map(|d| Sourced::new(d, Origin::HtmlMeta))
        .or_else(|| {
            url.as_deref()
                .and_then(url_path_date)
                .map(|d| Sourced::new(d, Origin::Url))
        });
    meta.language = markup_language(&markup).map(|l| Sourced::new(l, Origin::HtmlMeta));
    let headlines = headline_keys(&markup, meta.title.as_ref().map(|t| t.value.as_str()));
    (meta, headlines)
}

/// Every way the page writes its headline, reduced by [`name_key`].
fn headline_keys(markup: &Markup, title: Option<&str>) -> Vec<String> {
    let dom = markup.dom;
    let mut keys: Vec<String> = title.into_iter().map(name_key).collect();
    keys.extend(
        ["og:title", "twitter:title"]
            .iter()
            .filter_map(|k| markup.meta(&[k]))
            .map(name_key),
    );
    keys.extend(
        dom.query_selector_all(dom.root(), "h1, title")
            .into_iter()
            .take(8)
            .map(|id| name_key(&dom.text_content(id))),
    );
    keys.retain(|k| !k.is_empty());
    keys
}

/// The page's own URL as it declares it: `<link rel=canonical>`, else `og:url`; absolute only.
fn page_url(markup: &Markup) -> Option<String> {
    let dom = markup.dom;
    let canonical = dom
        .query_selector(dom.root(), r#"link[rel="canonical"][href]"#)
        .and_then(|id| dom.get_attribute(id, "href"));
    canonical
        .into_iter()
        .chain(markup.meta(&["og:url"]).map(str::to_string))
        .map(|u| u.trim().to_string())
        .find(|u| u.starts_with("http://") || u.starts_with("https://"))
}

fn markup_outlet(markup: &Markup) -> Option<String> {
    let from_json_ld = || {
        let publisher = markup
            .article()
            .or_else(|| markup.web_page())
            .and_then(|a| a.get("publisher"))?;
        let publisher = first_of(markup.resolve(publisher));
        let publisher = markup.resolve(publisher);
        match publisher {
            Value::String(s) => Some(s.clone()),
            Value::Object(_) => publisher
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string),
            _ => None,
        }
    };
    markup
        .meta(&["og:site_name"])
        .map(str::to_string)
        .or_else(from_json_ld)
        .map(|s| clean_space(s.trim_start_matches('@')))
        .filter(|s| !s.is_empty() && !looks_like_url(s))
}

/// The outlet named by a URL's host: `https://www.bbc.co.uk/news/...` → `bbc.co.uk`.
fn outlet_from_url(url: &str) -> Option<String> {
    crate::model::site_of_url(url)
}

fn markup_title(markup: &Markup, outlet: Option<&str>, host: Option<&str>) -> Option<String> {
    let dom = markup.dom;
    let json_ld = markup
        .article()
        .and_then(|a| a.get("headline"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let title_tag = dom
        .query_selector(dom.root(), "title")
        .map(|id| dom.text_content(id));
    let h1 = dom
        .query_selector(dom.root(), "h1")
        .map(|id| dom.text_content(id));
    [
        markup.meta(&["og:title"]).map(str::to_string),
        json_ld,
        markup.meta(&["twitter:title"]).map(str::to_string),
        title_tag,
        h1,
    ]
    .into_iter()
    .flatten()
    .map(|t| strip_site_suffix(&clean_space(&t), &[outlet, host]))
    .find(|t| !t.is_empty())
}

/// Cut a leading or trailing `Outlet |`, `| Outlet`, `- Outlet` segment naming the outlet.
fn strip_site_suffix(title: &str, names: &[Option<&str>]) -> String {
    let keys: Vec<String> = names.iter().flatten().map(|n| name_key(n)).collect();
    let host_labels: Vec<String> = names
        .iter()
        .flatten()
        .filter_map(|n| n.split('.').next().map(name_key))
        .collect();
    let is_outlet = |segment: &str| {
        let key = name_key(segment);
        !key.is_empty() && (keys.contains(&key) || host_labels.contains(&key))
    };
    let mut title = title.to_string();
    for separator in [" | ", " - ", " – ", " — ", " :: ", " · ", " • "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            if is_outlet(tail) && !head.trim().is_empty() {
                title = head.trim().to_string();
                continue;
            }
        }
        if let Some((head, tail)) = title.split_once(separator) {
            if is_outlet(head) && !tail.trim().is_empty() {
                title = tail.trim().to_string();
            }
        }
    }
    title
}

fn markup_bylines(markup: &Markup, outlet_names: &[Option<&str>]) -> Vec<Sourced<String>> {
    let outlet_keys: Vec<String> = outlet_names
        .iter()
        .flatten()
        .flat_map(|n| {
            [
                name_key(n),
                n.split('.').next().map(name_key).unwrap_or_default(),
            ]
        })
        .filter(|k| !k.is_empty())
        .collect();
    let mut raw: Vec<String> = Vec::new();
    // 1. JSON-LD authors that are people (an Organization author is the outlet).
    if let Some(author) = markup.article().and_then(|a| a.get("author")) {
        let authors = match markup.resolve(author) {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for author in authors {
            match markup.resolve(author) {
                Value::String(s) => raw.push(s.clone()),
                object @ Value::Object(_) => {
                    if has_type(object, &["Organization", "NewsMediaOrganization"]) {
                        continue;
                    }
                    match object.get("name") {
                        Some(Value::String(s)) => raw.push(s.clone()),
                        Some(Value::Array(names)) => {
                            raw.extend(names.iter().filter_map(Value::as_str).map(str::to_string))
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }
    // 2. Author <meta> tags (all of the first kind present: some pages list one per author).
    if raw.is_empty() {
        if let Some(key) = AUTHOR_META
            .iter()
            .find(|k| markup.meta(&[k]).is_some_and(|v| !looks_like_url(v)))
        {
            raw.extend(
                markup
                    .metas
                    .iter()
                    .filter(|(k, v)| k == key && !looks_like_url(v))
                    .map(|(_, v)| v.clone()),
            );
        }
    }
    // 3. Author markup in the article itself.
    if raw.is_empty() {
        let dom = markup.dom;
        let nodes = dom.query_selector_all(
            dom.root(),
            r#"[itemprop="author"] [itemprop="name"], [itemprop="author"], a[rel="author"]"#,
        );
        for id in nodes {
            if !in_article_header(dom, id) {
                continue;
            }
            let text = dom
                .get_attribute(id, "content")
                .unwrap_or_else(|| dom.text_content(id));
            raw.push(text);
            if raw.len() >= 4 {
                break;
            }
        }
    }

    let mut bylines: Vec<Sourced<String>> = Vec::new();
    for value in raw {
        let value = clean_space(&value);
        for name in split_bylines(strip_by_prefix(&value)) {
            let name = person_case(&clean_space(&name.value));
            let key = name_key(&name);
            let lower = name.to_lowercase();
            let words: Vec<&str> = lower
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let first_word = words.first().copied().unwrap_or_default();
            // A lone lowercase token or one with digits or `_` is a user name ("jdadmin").
            let handle = words.len() == 1
                && (!name.chars().any(char::is_uppercase)
                    || name.chars().any(|c| c.is_ascii_digit() || c == '_'));
            let keep = !key.is_empty()
                && !handle
                && !looks_like_url(&name)
                && !name.contains('@')
                && !outlet_keys.contains(&key)
                && !outlet_keys.iter().any(|o| o == first_word)
                && !AGENCIES.contains(&key.as_str())
                && !words.iter().any(|w| NOT_A_PERSON.contains(w))
                && !bylines.iter().any(|b| name_key(&b.value) == key);
            if keep {
                bylines.push(Sourced::new(name, Origin::HtmlMeta));
            }
        }
    }
    bylines
}

/// `JANE DOE` → `Jane Doe`; names already in mixed case are left alone.
fn person_case(name: &str) -> String {
    if name.chars().any(char::is_lowercase) || !name.chars().any(char::is_uppercase) {
        return name.to_string();
    }
    name.split(' ')
        .map(|word| {
            let mut out = String::with_capacity(word.len());
            let mut start = true;
            for c in word.chars() {
                if start {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                // Capitalise again after a hyphen or apostrophe: "O'Neil", "Smith-Jones".
                start = matches!(c, '-' | '\'' | '’');
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Drop a leading "By", "By:", "Written by" (any case).
fn strip_by_prefix(value: &str) -> &str {
    let mut rest = value.trim();
    for prefix in [
        "written by",
        "posted by",
        "reported by",
        "analysis by",
        "opinion by",
        "commentary by",
        "story by",
        "review by",
        "by",
    ] {
        if rest.len() > prefix.len()
            && rest.is_char_boundary(prefix.len())
            && rest[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            let after = &rest[prefix.len()..];
            if after.starts_with([' ', ':', '\u{a0}']) {
                rest = after.trim_start_matches([' ', ':', '\u{a0}']);
                break;
            }
        }
    }
    rest
}

fn markup_published(markup: &Markup) -> Option<NaiveDate> {
    let dom = markup.dom;
    // 1. JSON-LD: the article's own date, else the page's.
    let json_ld = markup
        .article()
        .and_then(|a| a.get("datePublished"))
        .or_else(|| markup.web_page().and_then(|p| p.get("datePublished")))
        .map(first_of)
        .and_then(Value::as_str)
        .and_then(markup_date);
    if json_ld.is_some() {
        return json_ld;
    }
    // 2. Publication-date <meta> tags.
    for key in PUBLISHED_META {
        if let Some(date) = markup
            .metas
            .iter()
            .filter(|(k, _)| k == key)
            .find_map(|(_, v)| markup_date(v))
        {
            return Some(date);
        }
    }
    // 3. Microdata and <time> in the article header.
    let attr_date = |id: NodeId| {
        ["datetime", "content"]
            .iter()
            .find_map(|a| dom.get_attribute(id, a))
            .and_then(|v| markup_date(&v))
    };
    if let Some(date) = dom
        .query_selector_all(dom.root(), r#"[itemprop~="datePublished"]"#)
        .into_iter()
        .find_map(attr_date)
    {
        return Some(date);
    }
    dom.query_selector_all(dom.root(), "time[datetime]")
        .into_iter()
        .filter(|&id| dom.get_attribute(id, "pubdate").is_some() || in_article_header(dom, id))
        .find_map(attr_date)
}

/// A date as markup writes it: whatever [`parse_date`] reads, else an ISO or month-name date
/// inside a longer string (`01:38:07 PM IST Nov 20, 2019`).
fn markup_date(value: &str) -> Option<NaiveDate> {
    parse_date(value).or_else(|| {
        EMBEDDED_DATE
            .find_iter(value)
            .find_map(|m| parse_date(m.as_str()))
    })
}

static EMBEDDED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:19|20)\d{2}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? (?:19|20)\d{2}|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? (?:19|20)\d{2})\b",
    )
    .expect("valid regex")
});

/// A date in the URL path: `/2022/11/15/`, `/2022-11-15-`.
fn url_path_date(url: &str) -> Option<NaiveDate> {
    let path = url::Url::parse(url)
        .map(|u| u.path().to_string())
        .unwrap_or_else(|_| url.to_string());
    let caps = URL_PATH_DATE.captures(&path)?;
    let year = caps[1].parse().ok()?;
    let month = caps[2].parse().ok()?;
    let day = caps[3].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

fn markup_language(markup: &Markup) -> Option<String> {
    let dom = markup.dom;
    let html_lang = dom.query_selector(dom.root(), "html").and_then(|id| {
        dom.get_attribute(id, "lang")
            .or_else(|| dom.get_attribute(id, "xml:lang"))
    });
    let json_ld = markup
        .article()
        .and_then(|a| a.get("inLanguage"))
        .and_then(Value::as_str)
        .map(str::to_string);
    html_lang
        .into_iter()
        .chain(markup.meta(&["content-language"]).map(str::to_string))
        .chain(markup.meta(&["og:locale"]).map(str::to_string))
        .chain(json_ld)
        .find_map(|tag| language_code(&tag))
}

/// The ISO 639-1 code of a language tag (`en-US`, `en_GB`, `eng`); `None` for anything else.
fn language_code(tag: &str) -> Option<String> {
    let primary = tag
        .trim()
        .split([',', ';'])
        .next()?
        .split(['-', '_'])
        .next()?
        .to_ascii_lowercase();
    match primary.len() {
        2 => isolang::Language::from_639_1(&primary).map(|_| primary),
        3 => isolang::Language::from_639_3(&primary)
            .and_then(|l| l.to_639_1())
            .map(str::to_string),
        _ => None,
    }
}

/// Whether `id` sits in the article's head matter: inside an `<article>` or `<header>` (or the
/// main content), and not in an aside, a footer, navigation, comments or related links.
fn in_article_header(dom: &Dom, id: NodeId) -> bool {
    let mut inside = false;
    let mut current = dom.parent(id);
    let mut depth = 0;
    while let Some(node) = current {
        if depth > 60 {
            break;
        }
        let tag = dom.tag_name(node);
        if matches!(tag, "aside" | "footer" | "nav") {
            return false;
        }
        let marks = format!("{} {}", dom.class_name(node), dom.id_attr(node)).to_lowercase();
        if [
            "comment",
            "related",
            "sidebar",
            "recommend",
            "promo",
            "teaser",
        ]
        .iter()
        .any(|w| marks.contains(w))
        {
            return false;
        }
        if matches!(tag, "article" | "header" | "main") {
            inside = true;
        }
        current = dom.parent(node);
        depth += 1;
    }
    inside
}

// ---------------------------------------------------------------------------------------------
// JSON-LD
// ---------------------------------------------------------------------------------------------

/// Parse a JSON-LD script body. Pages get JSON-LD wrong in many ways (raw newlines in strings,
/// trailing commas, `//` comments, single quotes); after a strict and a repaired attempt, the
/// fields crosscheck reads are picked out of the text one by one.
fn parse_json_ld(text: &str) -> Option<Value> {
    let text = text
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim()
        .trim_start_matches("//<![CDATA[")
        .trim_end_matches("//]]>")
        .trim();
    if let Ok(value) = serde_json::from_str(text) {
        return Some(value);
    }
    let repaired = JSON_LINE_COMMENT.replace_all(text, "");
    let repaired: String = repaired
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let repaired = JSON_TRAILING_COMMA.replace_all(&repaired, "$1");
    if let Ok(value) = serde_json::from_str(&repaired) {
        return Some(value);
    }
    let mut object = serde_json::Map::new();
    for caps in JSON_STRING_FIELD.captures_iter(&repaired) {
        let key = caps[1].to_string();
        if !object.contains_key(&key) {
            object.insert(key, Value::String(caps[2].to_string()));
        }
    }
    (!object.is_empty()).then_some(Value::Object(object))
}

static JSON_LINE_COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*//.*$").expect("valid regex"));
static JSON_TRAILING_COMMA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r",\s*([\]}])").expect("valid regex"));
/// A top-level-looking `"field": "text"` pair of the fields read from an article object.
static JSON_STRING_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""(@type|headline|datePublished|inLanguage)"\s*:\s*"([^"]{1,400})""#)
        .expect("valid regex")
});

/// Collect every object of a JSON-LD value: arrays are opened, `@graph` members lifted out.
fn flatten_json_ld(value: Value, out: &mut Vec<Value>) {
    match value {
        Value::Array(items) => {
            for item in items {
                flatten_json_ld(item, out);
            }
        }
        Value::Object(mut object) => {
            if let Some(graph) = object.remove("@graph") {
                flatten_json_ld(graph, out);
            }
            if !object.is_empty() {
                out.push(Value::Object(object));
            }
        }
        _ => {}
    }
}

/// Whether a JSON-LD object's `@type` (a string or a list; bare or as a schema.org URL) is
/// one of `types`.
fn has_type(value: &Value, types: &[&str]) -> bool {
    let matches = |t: &str| {
        let bare = t.rsplit(['/', ':']).next().unwrap_or(t);
        types.contains(&bare)
    };
    match value.get("@type") {
        Some(Value::String(t)) => matches(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(matches),
        _ => false,
    }
}

/// The first element of a list, or the value itself.
fn first_of(value: &Value) -> &Value {
    match value {
        Value::Array(items) => items.first().unwrap_or(value),
        other => other,
    }
}

// ---------------------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------------------

/// Collapse runs of whitespace (including non-breaking spaces) into one space and trim.
fn clean_space(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name reduced for comparison: lowercase letters and digits only, a leading "the" dropped.
fn name_key(name: &str) -> String {
    let key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match key.strip_prefix("the") {
        Some(rest) if rest.len() >= 3 => rest.to_string(),
        _ => key,
    }
}

fn looks_like_url(value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    v.starts_with("http://")
        || v.starts_with("https://")
        || v.starts_with("www.")
        || v.contains('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(page: &str, url: Option<&str>) -> Metadata {
        read_metadata(&Dom::parse(page), url).0
    }

    fn date(s: &str) -> Option<NaiveDate> {
        parse_date(s)
    }

    #[test]
    fn json_ld_graph_with_references() {
        let page = r##"<html lang="en-US"><head>
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
          {"@type":"NewsArticle","@id":"#a","headline":"Dam breached",
           "datePublished":"2022-11-11T08:00:00+02:00","dateModified":"2022-11-20T08:00:00Z",
           "author":[{"@id":"#p1"},{"@type":"Person","name":"By John Roe"}],
           "publisher":{"@id":"#org"}},
          {"@type":"Person","@id":"#p1","name":"Jane Doe"},
          {"@type":"NewsMediaOrganization","@id":"#org","name":"Kyiv Daily"}]}</script>
        </head><body></body></html>"##;
        let meta = meta_of(page, None);
        assert_eq!(meta.title.unwrap().value, "Dam breached");
        assert_eq!(meta.outlet.unwrap().value, "Kyiv Daily");
        let names: Vec<_> = meta.bylines.iter().map(|b| b.value.as_str()).collect();
        assert_eq!(names, ["Jane Doe", "John Roe"]);
        assert_eq!(meta.published.unwrap().value, date("2022-11-11").unwrap());
        assert_eq!(meta.language.unwrap().value, "en");
    }

    #[test]
    fn no_date_in_markup_is_none_and_url_date_is_marked_url() {
        let page = "<html><head><title>Quiet day | The Post</title></head><body><p>Text.</p></body></html>";
        assert_eq!(meta_of(page, None).published, None);
        let meta = meta_of(
            page,
            Some("https://www.example-post.com/2022/11/15/quiet-day/"),
        );
        assert_eq!(
            meta.published,
            Some(Sourced::new(date("2022-11-15").unwrap(), Origin::Url))
        );
        assert_eq!(
            meta.outlet,
            Some(Sourced::new("example-post.com".to_string(), Origin::Url))
        );
        assert_eq!(meta.language, None);
    }

    #[test]
    fn title_loses_outlet_suffix_only() {
        let names = [Some("The Post"), None];
        assert_eq!(
            strip_site_suffix("Quiet day | The Post", &names),
            "Quiet day"
        );
        assert_eq!(
            strip_site_suffix("The Post - Quiet day", &names),
            "Quiet day"
        );
        assert_eq!(
            strip_site_suffix("Kherson - the day after", &names),
            "Kherson - the day after"
        );
    }

    #[test]
    fn bylines_drop_prefixes_urls_titles_and_outlets() {
        let page = r#"<html><head><meta property="og:site_name" content="Reuters">
        <meta property="article:author" content="https://www.facebook.com/someone">
        <meta name="author" content="By Jane Doe and John Roe, Staff Writer">
        </head><body></body></html>"#;
        let meta = meta_of(page, None);
        let names: Vec<_> = meta.bylines.iter().map(|b| b.value.as_str()).collect();
        assert_eq!(names, ["Jane Doe", "John Roe"]);
        let page = r#"<html><head><meta property="og:site_name" content="Reuters">
        <meta name="author" content="Reuters"></head><body></body></html>"#;
        assert!(meta_of(page, None).bylines.is_empty());
    }

    #[test]
    fn modified_and_sidebar_dates_are_not_publication_dates() {
        let page = r#"<html><head><meta property="article:modified_time" content="2023-01-02">
        </head><body><article><p>Text.</p></article>
        <aside class="related"><time datetime="2023-03-04">March 4</time></aside>
        <footer>© 2024 The Post</footer></body></html>"#;
        assert_eq!(meta_of(page, None).published, None);
        let page = r#"<html><body><article><header><h1>T</h1>
        <time datetime="2022-11-15T09:00:00Z">Nov 15</time></header><p>Text.</p></article>
        </body></html>"#;
        assert_eq!(
            meta_of(page, None).published.unwrap().value,
            date("2022-11-15").unwrap()
        );
    }

    #[test]
    fn broken_json_ld_still_gives_its_date() {
        // Trailing comma, then single quotes: the first is repaired, the second read field by
        // field.
        let page = r#"<html><head><script type="application/ld+json">
        {"@type": "NewsArticle", "keywords": ["a", "b", ], "datePublished": "2019-11-18T16:06:51-05:00"}
        </script></head><body></body></html>"#;
        assert_eq!(
            meta_of(page, None).published.unwrap().value,
            date("2019-11-18").unwrap()
        );
        let page = r#"<html><head><script type="application/ld+json">
        {"@type": "NewsArticle", "description": 'Oil fell', "datePublished": "01:38:07 PM IST Nov 20, 2019"}
        </script></head><body></body></html>"#;
        assert_eq!(
            meta_of(page, None).published.unwrap().value,
            date("2019-11-20").unwrap()
        );
    }

    #[test]
    fn blocks_become_paragraphs() {
        let html = "<html><body><div><h2>Sub head</h2><p>One <b>bold</b>\n  move.</p>\
            <p>Line one<br>line two</p><ul><li>first</li><li>second</li></ul>\
            <table><tr><td>Kherson</td><td>12</td></tr></table>\
            <pre>a  b\nc</pre></div></body></html>";
        assert_eq!(
            render_blocks(html, &HashSet::new()),
            "Sub head\n\nOne bold move.\n\nLine one\nline two\n\nfirst\n\nsecond\n\nKherson | 12\n\na  b\nc"
        );
    }

    #[test]
    fn head_matter_is_dropped_once() {
        let headlines = vec![name_key("Dam reopens")];
        let bylines = vec![Sourced::new("Jane Doe".to_string(), Origin::HtmlMeta)];
        let mut text =
            "Dam reopens\n\nBy Jane Doe · Vigo\n\nThe dam reopened.\n\nDam reopens".to_string();
        drop_head_matter(&mut text, &headlines, &bylines);
        assert_eq!(text, "The dam reopened.\n\nDam reopens");
        let mut text = "Jane Doe, the engineer in charge of the dam for twenty years, said the work was done on time and on budget.".to_string();
        let before = text.clone();
        drop_head_matter(&mut text, &headlines, &bylines);
        assert_eq!(text, before);
    }

    #[test]
    fn all_caps_names_are_title_cased() {
        assert_eq!(person_case("MEG KINNARD"), "Meg Kinnard");
        assert_eq!(person_case("SEAN O'NEIL-SMITH"), "Sean O'Neil-Smith");
        assert_eq!(person_case("Jane McDoe"), "Jane McDoe");
    }

    #[test]
    fn declared_language_gives_way_to_clear_evidence() {
        let german = "Die elektronische Patientenakte soll das Gesundheitswesen digitaler machen. \
            Seit Jahren wird darüber gestritten, wer die Daten sehen darf und wer für die \
            Sicherheit der Server verantwortlich ist. Viele Ärzte sind skeptisch, weil die \
            Einführung viel Zeit kostet und die Praxen selbst bezahlen müssen.";
        assert!(contradicted_language("en", german));
        assert!(!contradicted_language("de", german));
        assert!(!contradicted_language("en", "Zu kurz, um sicher zu sein."));
    }

    #[test]
    fn language_codes() {
        assert_eq!(language_code("en-US").as_deref(), Some("en"));
        assert_eq!(language_code("pt_BR").as_deref(), Some("pt"));
        assert_eq!(language_code("eng").as_deref(), Some("en"));
        assert_eq!(language_code("x-default"), None);
        assert_eq!(language_code(""), None);
    }

    #[test]
    fn lists_of_links_to_the_same_site_are_dropped() {
        let page = r#"<html><head><link rel="canonical" href="https://www.daily.example.co.uk/news/bridge">
        </head><body><a href="/news/dam-repairs">Dam repairs finish early</a>
        <a href="https://sport.daily.example.co.uk/x">Cup final moved to Sunday</a>
        <a href="https://shop.example.com/kettle">Get the kettle for $20 at the shop</a>
        <a href="https://other.example.org/report">The full flood report</a>
        <a href="/">Home</a></body></html>"#;
        let own = own_site_link_texts(
            &Dom::parse(page),
            Some("https://www.daily.example.co.uk/news/bridge"),
        );
        assert!(own.contains(&name_key("Dam repairs finish early")));
        assert!(own.contains(&name_key("Cup final moved to Sunday")));
        assert!(!own.contains(&name_key("Get the kettle for $20 at the shop")));
        assert!(!own.contains(&name_key("The full flood report")));
        // Without a page URL, the site most links point to is the page's own.
        assert_eq!(own_site_link_texts(&Dom::parse(page), None).len(), 2);

        let html = "<p>The bridge reopened on Tuesday after three months of repairs.</p>\
            <ul><li>Dam repairs finish early</li><li>Cup final moved to Sunday</li></ul>\
            <p>Traffic was light.</p><p>Dam repairs finish early</p>\
            <ul><li>Get the kettle for $20 at the shop</li><li>The full flood report</li></ul>";
        assert_eq!(
            render_blocks(html, &own),
            "The bridge reopened on Tuesday after three months of repairs.\n\nTraffic was light.\n\n\
             Dam repairs finish early\n\nGet the kettle for $20 at the shop\n\nThe full flood report"
        );
    }

    #[test]
    fn link_sites() {
        assert_eq!(
            link_site("https://news.example.co.uk/a").as_deref(),
            Some("example.co.uk")
        );
        assert_eq!(
            link_site("//cdn.example.com/x").as_deref(),
            Some("example.com")
        );
        assert_eq!(link_site("/relative/path"), None);
        assert_eq!(
            link_site("HTTPS://user@Blog.Example.com:8080/?q=1").as_deref(),
            Some("example.com")
        );
        assert_eq!(link_site("mailto:desk@example.com"), None);
    }
}
