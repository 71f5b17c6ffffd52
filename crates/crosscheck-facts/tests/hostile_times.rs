//! Hostile texts for time expressions: each must finish in well under ten seconds in a
//! release build. Full sizes are `#[ignore]`d; run them with
//! `cargo test --release -p crosscheck-facts --test hostile_times -- --include-ignored`.
#![allow(clippy::print_stderr, clippy::unwrap_used)] // timings are printed; tests fail loudly

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crosscheck_facts::{find_times, Anchor, AnchorSource};

fn check(what: &str, text: &str) {
    let anchor = NaiveDate::from_ymd_opt(2022, 11, 15).map(|date| Anchor {
        date,
        source: AnchorSource::Published,
    });
    let start = Instant::now();
    let times = find_times(text, "en", anchor);
    let took = start.elapsed();
    eprintln!("{what}: {took:.2?} ({} expressions)", times.len());
    for t in &times {
        assert!(text.get(t.range.start()..t.range.end()).is_some());
    }
    if !cfg!(debug_assertions) {
        assert!(took < Duration::from_secs(10), "{what} took {took:?}");
    }
}

fn cases(n: usize) -> Vec<(String, String)> {
    vec![
        ("weekdays".into(), "on Tuesday ".repeat(n)),
        ("offsets".into(), "two days after ".repeat(n)),
        ("ranges".into(), "from August to ".repeat(n)),
        ("dates".into(), "November 11, 2022, ".repeat(n)),
        ("numbers".into(), "12 ".repeat(n)),
        ("ago".into(), "five weeks ago and ".repeat(n)),
        ("short paragraphs".into(), "Ab.\n".repeat(n * 10)),
        ("quote marks".into(), "“a ".repeat(n)),
    ]
}

#[test]
fn hostile_time_texts_small() {
    for (what, text) in cases(2_000) {
        check(&what, &text);
    }
}

#[test]
#[ignore = "full size: run in release"]
fn hostile_time_texts_full() {
    for (what, text) in cases(100_000) {
        check(&what, &text);
    }
}
