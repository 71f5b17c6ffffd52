//! Plain-text articles: header lines and text markers carry the metadata.
//!
//! Text saved from news sites and wire feeds carries its metadata in the text itself:
//! header lines above the story (`date 2022-11-15 By Jonathan Landay`, `Title: ...`), an
//! outlet marker line (`CNN —`), a bare dateline line (`Kyiv, Ukraine`), or a wire lead
//! (`KHERSON, Ukraine (Reuters) – Russia withdrew ...`). This module reads those off the top
//! of the text, records where each came from, and hands back the body without them.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::parse_date;
use crate::model::{Metadata, Origin, Sourced};

/// The body of a plain-text article and the metadata read off its top.
#[derive(Debug, Default)]
pub(crate) struct ParsedText {
    /// Body text with header lines and markers removed (boilerplate is cleaned later).
    pub body: String,
    /// Metadata found in the header and markers.
    pub meta: Metadata,
}

/// `date 2022-11-15 By Jonathan Landay` / `date 2022-11-11 Headline words`.
static DATE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^date\s+(\d{4}-\d{2}-\d{2}(?:T[0-9:.+Z-]+)?)\s*(.*)$").expect("valid regex")
});
/// `Key: value` headers with keys that mean something to us.
static KEY_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(date|published|publication date|title|headline|by|byline|author|authors|source|outlet|publisher|url|link|dateline)\s*:\s*(.+)$")
        .expect("valid regex")
});
/// `By Jonathan Landay`, `By A and B`: at most [`BYLINE_MAX_WORDS`] capitalised words
/// (checked on the capture: a bounded repetition of Unicode classes is slow to compile).
static BY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by)\s+(\p{Lu}[\p{L}.'’-]*(?:[ ,]+(?:and |& )?\p{Lu}[\p{L}.'’-]*)*)\s*$")
        .expect("valid regex")
});
/// A line holding only an outlet name and a dash: `CNN —`, `(AP) —`.
static OUTLET_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?(\p{Lu}[\p{L}0-9&.'’]*(?: \p{Lu}[\p{L}0-9&.'’]*){0,3})\)?\s*[—–-]{1,2}$")
        .expect("valid regex")
});
/// A bare dateline line: `Kyiv, Ukraine`, `WASHINGTON, D.C.`
static DATELINE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{L}.'’-]+(?: \p{Lu}[\p{L}.'’-]+){0,3}, \p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]+){0,3})$")
        .expect("valid regex")
});
/// A wire lead: `KHERSON, Ukraine (Reuters) – `, `LONDON, Nov 11 (Reuters) - `, `WASHINGTON (AP) — `.
static WIRE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<dateline>\p{Lu}[\p{Lu}.'’-]+(?: \p{Lu}[\p{Lu}.'’-]+)*(?:, \p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){0,3})?)(?:, (?P<date>\p{Lu}\p{Ll}{2,8}\.? \d{1,2}))? \((?P<outlet>\p{Lu}[\p{L}0-9&.'’ ]+)\)\s*[—–-]{1,2}\s+",
    )
    .expect("valid regex")
});
/// Characters of a wire lead's outlet, "(Reuters)": [`WIRE_LEAD`] checks it on the capture.
const OUTLET_MAX_CHARS: usize = 41;
/// Capitalised words a byline may have.
const BYLINE_MAX_WORDS: usize = 12;

/// [`BY_LINE`]'s captures, if the names are not too many words.
fn byline_captures(line: &str) -> Option<regex::Captures<'_>> {
    BY_LINE.captures(line).filter(|caps| {
        caps[1]
            .split([' ', ','])
            .filter(|w| w.starts_with(char::is_uppercase))
            .count()
            <= BYLINE_MAX_WORDS
    })
}

/// A capitals-only dateline without an outlet: `WASHINGTON — `.
static CAPS_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<dateline>\p{Lu}{2}[\p{Lu}.'’-]*(?: \p{Lu}[\p{Lu}.'’-]+)*(?:, \p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){0,3})?)\s+[—–]{1,2}\s+")
        .expect("valid regex")
});

/// Read header lines and markers off the top of `text`.
pub(crate) fn parse(text: &str) -> ParsedText {
    let mut meta = Metadata::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let skip_blank = |i: &mut usize| {
        while *i < lines.len() && lines[*i].trim().is_empty() {
            *i += 1;
        }
    };

    // 1. Header lines.
    loop {
        skip_blank(&mut i);
        let Some(line) = lines.get(i).map(|l| l.trim()) else {
            break;
        };
        if read_header_line(line, &mut meta) {
            i += 1;
        } else {
            break;
        }
    }

    // 2. An outlet marker line and/or a bare dateline line, in either order.
    for _ in 0..2 {
        skip_blank(&mut i);
        let Some(line) = lines.get(i).map(|l| l.trim()) else {
            break;
        };
        if meta.outlet.is_none() {
            if let Some(caps) = OUTLET_LINE.captures(line) {
                meta.outlet = Some(Sourced::new(caps[1].trim().to_string(), Origin::TextMarker));
                i += 1;
                continue;
            }
        }
        if meta.dateline.is_none() && DATELINE_LINE.is_match(line) && !line.ends_with('.') {
            meta.dateline = Some(Sourced::new(line.to_string(), Origin::TextMarker));
            i += 1;
            continue;
        }
        break;
    }

    // 3. A headline: a short first line without sentence punctuation, followed by a blank line
    //    and more text (the shape of BBC and many scraped dumps).
    skip_blank(&mut i);
    if meta.title.is_none() && looks_like_headline(&lines, i) {
        meta.title = Some(Sourced::new(lines[i].trim().to_string(), Origin::Header));
        i += 1;
    }

    // 4. A wire lead at the start of the first paragraph.
    skip_blank(&mut i);
    let mut body = lines
        .get(i..)
        .map(|rest| rest.join("\n"))
        .unwrap_or_default();
    let lead = WIRE_LEAD
        .captures(&body)
        .filter(|caps| {
            caps.name("outlet")
                .is_some_and(|o| o.as_str().chars().count() <= OUTLET_MAX_CHARS)
        })
        .or_else(|| CAPS_LEAD.captures(&body));
    if let Some(caps) = lead {
        let cut = caps.get(0).map_or(0, |m| m.end());
        if meta.dateline.is_none() {
            meta.dateline = Some(Sourced::new(
                caps["dateline"].to_string(),
                Origin::TextMarker,
            ));
        }
        if let (None, Some(outlet)) = (&meta.outlet, caps.name("outlet")) {
            meta.outlet = Some(Sourced::new(
                outlet.as_str().trim().to_string(),
                Origin::TextMarker,
            ));
        }
        body = body[cut..].to_string();
    }
    ParsedText { body, meta }
}

/// Apply one header line to `meta`; `false` when the line is not a header line.
fn read_header_line(line: &str, meta: &mut Metadata) -> bool {
    if let Some(caps) = DATE_HEADER.captures(line) {
        let Some(date) = parse_date(&caps[1]) else {
            return false;
        };
        meta.published = Some(Sourced::new(date, Origin::Header));
        let rest = caps[2].trim();
        if let Some(by) = byline_captures(rest) {
            meta.bylines = split_bylines(&by[1]);
        } else if !rest.is_empty() {
            meta.title = Some(Sourced::new(rest.to_string(), Origin::Header));
        }
        return true;
    }
    if let Some(caps) = byline_captures(line) {
        if meta.bylines.is_empty() {
            meta.bylines = split_bylines(&caps[1]);
            return true;
        }
        return false;
    }
    let Some(caps) = KEY_HEADER.captures(line) else {
        return false;
    };
    let value = caps[2].trim().to_string();
    let sourced = |v: String| Some(Sourced::new(v, Origin::Header));
    match caps[1].to_ascii_lowercase().as_str() {
        "date" | "published" | "publication date" => match parse_date(&value) {
            Some(date) => meta.published = Some(Sourced::new(date, Origin::Header)),
            None => return false,
        },
        "title" | "headline" => meta.title = sourced(value),
        "by" | "byline" | "author" | "authors" => meta.bylines = split_bylines(&value),
        "source" | "outlet" | "publisher" => meta.outlet = sourced(value),
        "url" | "link" => meta.url = Some(value),
        "dateline" => meta.dateline = sourced(value),
        _ => return false,
    }
    true
}

/// Split a byline into names: "A, B and C" → [A, B, C]; trailing outlet tags are dropped.
pub(crate) fn split_bylines(raw: &str) -> Vec<Sourced<String>> {
    let raw = raw
        .trim()
        .trim_start_matches("By ")
        .trim_start_matches("by ");
    let raw = raw.split(['|', ';']).next().unwrap_or(raw);
    raw.split(',')
        .flat_map(|part| part.split(" and "))
        .flat_map(|part| part.split(" & "))
        .map(|name| name.trim().trim_end_matches('.').trim())
        .filter(|name| !name.is_empty() && name.split_whitespace().count() <= 5)
        // A lone all-capitals word after a comma is an outlet tag ("Jane Doe, CNN").
        .filter(|name| name.contains(' ') || !name.chars().all(|c| c.is_uppercase()))
        .map(|name| Sourced::new(name.to_string(), Origin::Header))
        .collect()
}

fn looks_like_headline(lines: &[&str], i: usize) -> bool {
    let Some(line) = lines.get(i).map(|l| l.trim()) else {
        return false;
    };
    let words = line.split_whitespace().count();
    let terminal = line.ends_with(['.', '!', '?', ':', ';', ',', '"', '”', '’', '…']);
    let followed_by_blank = lines.get(i + 1).is_some_and(|l| l.trim().is_empty());
    let more_text = lines.iter().skip(i + 1).any(|l| !l.trim().is_empty());
    (2..=20).contains(&words) && !terminal && followed_by_blank && more_text
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn value<T: Clone>(v: &Option<Sourced<T>>) -> Option<T> {
        v.as_ref().map(|s| s.value.clone())
    }

    #[test]
    fn date_and_byline_header_then_wire_lead() {
        let parsed = parse(" date 2022-11-15 By Jonathan Landay\n\nKHERSON, Ukraine (Reuters) – Russia withdrew troops.\n\nMore.");
        assert_eq!(
            value(&parsed.meta.published),
            NaiveDate::from_ymd_opt(2022, 11, 15)
        );
        assert_eq!(parsed.meta.bylines[0].value, "Jonathan Landay");
        assert_eq!(
            value(&parsed.meta.dateline).as_deref(),
            Some("KHERSON, Ukraine")
        );
        assert_eq!(value(&parsed.meta.outlet).as_deref(), Some("Reuters"));
        assert_eq!(
            parsed.meta.outlet.as_ref().map(|o| o.origin),
            Some(Origin::TextMarker)
        );
        assert!(
            parsed.body.starts_with("Russia withdrew troops."),
            "{}",
            parsed.body
        );
    }

    #[test]
    fn date_header_with_title() {
        let parsed = parse(
            " date 2022-11-11 Russian troops withdraw from Kherson\nThe ministry said Friday.",
        );
        assert_eq!(
            value(&parsed.meta.title).as_deref(),
            Some("Russian troops withdraw from Kherson")
        );
        assert!(parsed.meta.bylines.is_empty());
        assert_eq!(parsed.body, "The ministry said Friday.");
    }

    #[test]
    fn outlet_line_and_dateline_line() {
        let parsed = parse("CNN —\nRussia has ordered a retreat.");
        assert_eq!(value(&parsed.meta.outlet).as_deref(), Some("CNN"));
        assert_eq!(parsed.body, "Russia has ordered a retreat.");
        let parsed = parse("Kyiv, Ukraine\n\nUkrainian forces swept into the city.");
        assert_eq!(
            value(&parsed.meta.dateline).as_deref(),
            Some("Kyiv, Ukraine")
        );
        assert_eq!(value(&parsed.meta.outlet), None);
        assert_eq!(parsed.body, "Ukrainian forces swept into the city.");
    }

    #[test]
    fn headline_then_body() {
        let parsed = parse("Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76%.");
        assert_eq!(
            value(&parsed.meta.title).as_deref(),
            Some("Ad sales boost Time Warner profit")
        );
        assert!(parsed.body.starts_with("Quarterly"));
    }

    #[test]
    fn a_lead_sentence_is_not_metadata() {
        let text = "The Ukrainian Army claimed to have retaken control of the city of Kherson on November 11.\n\nMore.";
        let parsed = parse(text);
        assert_eq!(parsed.meta, Metadata::default());
        assert_eq!(parsed.body, text);
    }

    #[test]
    fn wire_lead_variants() {
        let parsed = parse("LONDON, Nov 11 (Reuters) - Shares fell.");
        assert_eq!(value(&parsed.meta.dateline).as_deref(), Some("LONDON"));
        assert_eq!(parsed.body, "Shares fell.");
        let parsed = parse("WASHINGTON — The Senate voted.");
        assert_eq!(value(&parsed.meta.dateline).as_deref(), Some("WASHINGTON"));
        assert_eq!(value(&parsed.meta.outlet), None);
        assert_eq!(parsed.body, "The Senate voted.");
    }

    #[test]
    fn key_value_headers() {
        let parsed = parse("Title: Flood hits town\nPublished: November 3, 2024\nAuthor: Ana Ruiz and Tom Lee\nSource: Daily Planet\n\nThe river rose.");
        assert_eq!(
            value(&parsed.meta.title).as_deref(),
            Some("Flood hits town")
        );
        assert_eq!(
            value(&parsed.meta.published),
            NaiveDate::from_ymd_opt(2024, 11, 3)
        );
        let names: Vec<_> = parsed
            .meta
            .bylines
            .iter()
            .map(|b| b.value.as_str())
            .collect();
        assert_eq!(names, ["Ana Ruiz", "Tom Lee"]);
        assert_eq!(value(&parsed.meta.outlet).as_deref(), Some("Daily Planet"));
        assert_eq!(parsed.body, "The river rose.");
    }

    #[test]
    fn byline_and_outlet_bounds() {
        assert!(byline_captures("By Jonathan Landay and Tom Balmforth").is_some());
        let thirteen = format!("By {}", "Ann ".repeat(13));
        assert!(byline_captures(thirteen.trim()).is_none());
        let wire = parse("KHERSON, Ukraine (Reuters) - Russian troops left the city.");
        assert_eq!(
            wire.meta.outlet.map(|o| o.value).as_deref(),
            Some("Reuters")
        );
        let long = format!(
            "KHERSON, Ukraine ({}) - Russian troops left.",
            "Reuters ".repeat(6)
        );
        assert!(parse(&long).meta.outlet.is_none());
    }
}
