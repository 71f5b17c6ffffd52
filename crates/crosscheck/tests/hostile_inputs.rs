//! Hostile inputs: each must come back (a document or an error naming why) in well under
//! ten seconds in a release build, and never take the process down.
//!
//! The full-size cases are `#[ignore]`d so debug test runs stay quick; run them with
//! `cargo test --release -p crosscheck --test hostile_inputs -- --include-ignored`.
#![allow(clippy::print_stderr, clippy::unwrap_used)] // timings are printed; tests fail loudly

use std::time::{Duration, Instant};

use crosscheck::ingest::{build_from_html, build_from_text, ErrorKind, IngestOptions};

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    eprintln!("{what}: {took:.2?}");
    if !cfg!(debug_assertions) {
        assert!(took < Duration::from_secs(10), "{what} took {took:?}");
    }
    out
}

fn nested_divs(n: usize) -> String {
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(n));
    page.push_str("Deep text, said the mayor.");
    page.push_str(&"</div>".repeat(n));
    page.push_str("</body></html>");
    page
}

#[test]
fn deeply_nested_html_is_refused_naming_the_page() {
    let page = nested_divs(2_000);
    let err = build_from_html("deep.html", &page, None, &IngestOptions::default())
        .expect_err("a page nested 2,000 deep is refused");
    assert!(
        matches!(err.kind, ErrorKind::TooDeep { limit: 512 }),
        "{err}"
    );
    let message = err.to_string();
    assert!(
        message.starts_with("deep.html: HTML nested deeper than 512"),
        "{message}"
    );
}

#[test]
fn moderately_nested_html_still_reads() {
    let mut page = String::from("<html><body><article>");
    page.push_str(&"<div>".repeat(100));
    page.push_str("<p>The bridge over the river reopened on Tuesday after three months of repairs, the city said.</p>");
    page.push_str(&"</div>".repeat(100));
    page.push_str("</article></body></html>");
    let doc = build_from_html("ok.html", &page, None, &IngestOptions::default()).expect("read");
    assert!(doc.text.contains("The bridge over the river reopened"));
}

#[test]
#[ignore = "full size: run in release"]
fn two_hundred_thousand_nested_divs() {
    let page = nested_divs(200_000);
    let result = timed("200,000 nested <div>s", || {
        build_from_html("deep.html", &page, None, &IngestOptions::default())
    });
    assert!(matches!(result, Err(e) if matches!(e.kind, ErrorKind::TooDeep { .. })));
}

#[test]
#[ignore = "full size: run in release"]
fn two_hundred_thousand_unclosed_inline_tags() {
    let page = format!(
        "<html><body><p>{}</p></body></html>",
        "<b>x".repeat(200_000)
    );
    let result = timed("200,000 unclosed <b>s", || {
        build_from_html("bold.html", &page, None, &IngestOptions::default())
    });
    assert!(result.is_err());
}

#[test]
#[ignore = "full size: run in release"]
fn wide_html_pages() {
    let para = "<p>The bridge over the river reopened on Tuesday, the city said.</p>\n";
    let page = format!(
        "<html><body><article>{}</article></body></html>",
        para.repeat(25_000)
    );
    timed("25,000 paragraphs of HTML (1.6 MB)", || {
        build_from_html("wide.html", &page, None, &IngestOptions::default())
    })
    .expect("a long page is an article");
    let divs = format!(
        "<html><body>{}</body></html>",
        "<div>x</div>".repeat(130_000)
    );
    let _ = timed("130,000 sibling <div>s", || {
        build_from_html("divs.html", &divs, None, &IngestOptions::default())
    });
}

#[test]
#[ignore = "full size: run in release"]
fn a_million_short_paragraphs() {
    let text = "Ab.\n".repeat(1_000_000);
    let doc = timed("ingest: 1,000,000 short paragraphs", || {
        build_from_text("paras", &text, &IngestOptions::default())
    })
    .expect("read");
    let sentences = timed("sentences: 1,000,000 short paragraphs", || {
        crosscheck::text::sentences(&doc.text, "en")
    });
    assert!(!sentences.is_empty());
    timed("analyze: 1,000,000 short paragraphs", || {
        crosscheck::text::analyze(&doc.text, "en")
    });
}

#[test]
#[ignore = "full size: run in release"]
fn a_hundred_thousand_quote_marks() {
    for mark in ["\"", "“", "”", "«", "‘"] {
        let text = format!("He said {} and left.", format!("{mark}a ").repeat(100_000));
        let doc = timed(&format!("ingest: 100,000 {mark}"), || {
            build_from_text("marks", &text, &IngestOptions::default())
        })
        .expect("read");
        timed(&format!("analyze: 100,000 {mark}"), || {
            crosscheck::text::analyze(&doc.text, "en")
        });
    }
}

#[test]
fn hostile_text_in_small_sizes() {
    for text in [
        "\"".repeat(5_000),
        "“a ".repeat(5_000),
        "a\n".repeat(50_000),
        "\u{feff}\r\n\r\n\u{301}".repeat(5_000),
        "Title: x\nBy ".repeat(5_000),
    ] {
        if let Ok(doc) = build_from_text("small", &text, &IngestOptions::default()) {
            let analysis = crosscheck::text::analyze(&doc.text, "en");
            for s in &analysis.sentences {
                assert!(doc.text.get(s.range.start()..s.range.end()).is_some());
            }
        }
    }
}
