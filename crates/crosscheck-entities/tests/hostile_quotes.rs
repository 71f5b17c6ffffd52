//! Hostile texts for mentions and quotes: each must finish in well under ten seconds in a
//! release build. Full sizes are `#[ignore]`d; run them with
//! `cargo test --release -p crosscheck-entities --test hostile_quotes -- --include-ignored`.
#![allow(clippy::print_stderr, clippy::unwrap_used)] // timings are printed; tests fail loudly

use std::time::{Duration, Instant};

fn check(what: &str, text: &str) {
    let start = Instant::now();
    let mentions = crosscheck_entities::mentions(text);
    let quotes = crosscheck_entities::quotes(text, &mentions);
    let took = start.elapsed();
    eprintln!(
        "{what}: {took:.2?} ({} mentions, {} quotes)",
        mentions.len(),
        quotes.len()
    );
    for q in &quotes {
        assert!(text.get(q.span.start()..q.span.end()).is_some());
    }
    if !cfg!(debug_assertions) {
        assert!(took < Duration::from_secs(10), "{what} took {took:?}");
    }
}

fn cases(n: usize) -> Vec<(String, String)> {
    vec![
        ("straight marks".into(), "\"".repeat(n)),
        ("curly pairs".into(), "“a” ".repeat(n)),
        (
            "attributed pairs".into(),
            format!("He said {}", "“a.” ".repeat(n)),
        ),
        ("no white space".into(), "“a”".repeat(n)),
        (
            "named speakers".into(),
            "“Yes,” said John Smith. ".repeat(n / 4),
        ),
        (
            "punctuation quotes".into(),
            format!("Smith said “a” {}", "“.” ".repeat(n)),
        ),
        ("short paragraphs".into(), "“a”\n".repeat(n)),
        ("guillemets".into(), "« Oui » ".repeat(n)),
    ]
}

#[test]
fn hostile_quote_texts_small() {
    for (what, text) in cases(2_000) {
        check(&what, &text);
    }
}

#[test]
#[ignore = "full size: run in release"]
fn hostile_quote_texts_full() {
    for (what, text) in cases(100_000) {
        check(&what, &text);
    }
    check("a million short paragraphs", &"Ab.\n".repeat(1_000_000));
}

/// A named speaker before a run of punctuation-only quotes: attribution is quadratic in the
/// quote count (about 800 s at 100,000 marks in release before `MAX_SEGMENTS` bounded it).
#[test]
#[ignore = "full size: run in release"]
fn punctuation_quotes_after_a_name() {
    check(
        "punctuation quotes",
        &format!("Smith said “a” {}", "“.” ".repeat(100_000)),
    );
}
