//! The brief as one self-contained HTML page: the Markdown brief rendered, with a small inline
//! style sheet, no scripts and nothing loaded from elsewhere.
//!
//! Article text is hostile input. The Markdown brief already escapes it; on top of that, any
//! raw HTML that still reaches the renderer is shown as text, never passed through, and only
//! relative links and plain `http(s)` links survive — so a headline cannot carry a script, an
//! event handler or a `javascript:` link into the page.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

use super::contract::Report;
use super::markdown::render_markdown;

/// The inline style sheet: readable on screen and in print.
const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}\
h1,h2,h3{line-height:1.2}h2{margin-top:2.5rem;border-bottom:1px solid #ccc}\
code{font-size:.85em;background:#f3f3f3;padding:0 .2em;border-radius:3px}\
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:.2em .4em;text-align:left}\
li{margin:.2em 0}@media print{body{margin:0}}";

/// Render the brief of `report` as a complete HTML document.
pub fn render_html(report: &Report) -> String {
    markdown_to_html(&render_markdown(report))
}

/// A complete HTML page from Markdown, with raw HTML shown as text.
pub(crate) fn markdown_to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|event| match event {
        // Raw HTML is text here, whatever produced it.
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut body = String::new();
    html::push_html(&mut body, parser);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>crosscheck brief</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

/// A link target kept only when it is relative or plain http(s); anything else (`javascript:`,
/// `data:`) becomes an inert `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s);
    match scheme {
        None | Some("http" | "https") => url,
        Some(s) if s.contains('/') || s.contains('#') || s.contains('?') => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::contract::{DocumentEntry, Story};
    use super::*;

    /// Article text in every place the brief shows it stays text in the page.
    #[test]
    fn hostile_article_text_stays_text() {
        let hostile =
            "<img src=x onerror=alert(1)><script>alert(2)</script>[x](javascript:alert(3))";
        let mut report = Report::new();
        report.documents.push(DocumentEntry {
            id: "a".into(),
            outlet: Some(hostile.into()),
            title: Some(hostile.into()),
            text: hostile.into(),
            language: "en".into(),
            ..DocumentEntry::default()
        });
        report.stories.push(Story {
            id: "s1".into(),
            title: hostile.into(),
            documents: vec!["a".into()],
        });
        let page = render_html(&report);
        // "javascript:" may appear as text; never as a link target.
        for bad in ["<img", "<script", "href=\"javascript", "<a "] {
            assert!(!page.contains(bad), "{bad} in {page}");
        }
        assert!(page.contains("&lt;script&gt;"), "{page}");
    }

    #[test]
    fn raw_html_and_script_links_are_inert() {
        let page = markdown_to_html(
            "# t\n\n<script>alert(1)</script>\n\ntext <img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](https://example.org/x)\n",
        );
        assert!(!page.contains("<script>"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(!page.contains("javascript:"), "{page}");
        assert!(page.contains("&lt;script&gt;"), "{page}");
        assert!(page.contains("href=\"https://example.org/x\""), "{page}");
        assert!(page.starts_with("<!DOCTYPE html>"));
    }
}
