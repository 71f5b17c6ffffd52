#![no_main]
//! Time expressions: dates, weekdays, "two days after", ranges, clock times.

use chrono::NaiveDate;
use crosscheck_facts::{find_times, Anchor, AnchorSource, Precision};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let lang = ["en", "de", "fr", "es", "uk", "ru", "und"][usize::from(selector % 7)];
    let anchor = (selector & 0x80 != 0).then(|| Anchor {
        date: NaiveDate::from_ymd_opt(2022, 11, 15).unwrap_or_default(),
        source: AnchorSource::Published,
    });
    for time in find_times(text, lang, anchor) {
        crosscheck_fuzz::check_range(text, time.range, "time expression");
        if let (Some(date), Some(bounds)) = (time.date, time.bounds) {
            // `date` is the first day of the week, month or year meant, so "late August"
            // has 1 August as its date and 21-31 August as its bounds.
            assert!(
                bounds.earliest <= bounds.latest
                    && date <= bounds.latest
                    && (bounds.earliest <= date || time.precision != Precision::Day),
                "date {date} outside its bounds {bounds:?}"
            );
        }
        if let Some(AnchorSource::OwnText { range } | AnchorSource::Expression { range }) =
            time.anchor.map(|a| a.source)
        {
            crosscheck_fuzz::check_range(text, range, "anchor");
        }
    }
});
