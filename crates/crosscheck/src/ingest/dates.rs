//! Publication dates as outlets and page markup write them.
//!
//! Only *absolute* dates live here; relative time ("on Tuesday") is the timeline stage's job,
//! since it needs the publication date this module finds.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// Parse a date written in any of the usual news and markup forms; `None` when unsure.
///
/// Accepts ISO 8601 dates and timestamps (`2022-11-15`, `2022-11-15T10:02:00+00:00`),
/// `2022/11/15`, `November 15, 2022`, `Nov. 15, 2022`, `15 November 2022`, `Tue, 15 Nov 2022
/// 10:02:00 GMT`. Ambiguous numeric forms such as `12/03/2022` are refused rather than guessed.
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim().trim_end_matches(['.', ',']);
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return plausible(dt.date_naive());
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return plausible(dt.date_naive());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return plausible(dt.date());
        }
    }
    // A leading ISO date followed by anything (a time zone we do not know, a time).
    if s.len() >= 10 && s.is_char_boundary(10) {
        if let Ok(d) = NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d") {
            return plausible(d);
        }
        if let Ok(d) = NaiveDate::parse_from_str(&s[..10], "%Y/%m/%d") {
            return plausible(d);
        }
    }
    let cleaned = s.replace('.', "").replace(',', " ");
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>();
    // Drop a leading weekday ("Friday, November 11, 2022").
    let words: &[&str] = match cleaned.first() {
        Some(w) if weekday(w) => &cleaned[1..],
        _ => &cleaned[..],
    };
    let joined = words.iter().take(3).copied().collect::<Vec<_>>().join(" ");
    for fmt in ["%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(&joined, fmt) {
            return plausible(d);
        }
    }
    // "Sept 15 2022" is common in US outlets; chrono only knows "Sep".
    let sept = joined.replace("Sept ", "Sep ");
    if sept != joined {
        if let Ok(d) = NaiveDate::parse_from_str(&sept, "%b %d %Y") {
            return plausible(d);
        }
    }
    None
}

fn weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let lower = word.to_ascii_lowercase();
    lower.len() >= 3 && DAYS.iter().any(|d| lower.starts_with(d))
}

/// Dates outside the era of printed news are parse accidents (e.g. `0001-01-01` placeholders).
fn plausible(date: NaiveDate) -> Option<NaiveDate> {
    let year = chrono::Datelike::year(&date);
    (1800..=2200).contains(&year).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn common_forms() {
        assert_eq!(parse_date("2022-11-15"), d(2022, 11, 15));
        assert_eq!(parse_date("2022-11-15T10:02:00+00:00"), d(2022, 11, 15));
        assert_eq!(parse_date("2022-11-15T10:02:00.123Z"), d(2022, 11, 15));
        assert_eq!(parse_date("November 15, 2022"), d(2022, 11, 15));
        assert_eq!(parse_date("Nov. 15, 2022"), d(2022, 11, 15));
        assert_eq!(parse_date("15 November 2022"), d(2022, 11, 15));
        assert_eq!(parse_date("Friday, November 11, 2022"), d(2022, 11, 11));
        assert_eq!(parse_date("Sept. 30, 2022"), d(2022, 9, 30));
        assert_eq!(parse_date("Tue, 15 Nov 2022 10:02:00 GMT"), d(2022, 11, 15));
    }

    #[test]
    fn refuses_ambiguous_and_placeholders() {
        assert_eq!(parse_date("12/03/2022"), None);
        assert_eq!(parse_date("0001-01-01"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date(""), None);
    }
}
