//! Findings in plain words: the clause of a sentence that states a value, and dates written as
//! a reader writes them.
//!
//! A claim's sentence is often long ("Ukrainian forces swept into the key southern city of
//! Kherson on Friday as Russian troops retreated to the east, marking one of the biggest
//! military setbacks …"); a reader of a brief wants the part that states the value. The clause
//! is cut at the seams news sentences have — semicolons, dashes, a lead-in ending in a colon,
//! and the commas before "while", "but", "as", "after", "marking" and the like — and a clause
//! too short to stand alone, or one that starts with "which" or "who", takes its neighbour in.
//! Every word of a clause is the document's own: nothing is paraphrased, so nothing is made
//! up.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use crate::time::Precision;

/// Fewest words a clause needs to stand alone.
const MIN_CLAUSE_WORDS: usize = 6;
/// Most words a clause keeps; a longer one is cut around the value with an ellipsis.
const MAX_CLAUSE_WORDS: usize = 32;

/// Where a sentence may be cut: the seam's byte range (dropped from both clauses).
fn seams(sentence: &str) -> Vec<Range<usize>> {
    const SEAMS: &[&str] = &[
        "; ",
        " — ",
        " – ",
        " -- ",
        ": ",
        ", while ",
        ", but ",
        ", whereas ",
        ", as ",
        ", after ",
        ", before ",
        ", marking ",
        ", leaving ",
        ", placing ",
        ", according to ",
        ", although ",
        ", though ",
        ", and ",
    ];
    let mut out: Vec<Range<usize>> = Vec::new();
    for seam in SEAMS {
        for (at, _) in sentence.match_indices(seam) {
            // Keep the linking word with the clause it introduces ("after Moscow ordered …"),
            // so only the punctuation is dropped; "and" joins clauses and is dropped too.
            let keep_word = !matches!(*seam, "; " | " — " | " – " | " -- " | ": " | ", and ");
            let end = if keep_word { at + 2 } else { at + seam.len() };
            out.push(at..end);
        }
    }
    out.sort_by_key(|r| r.start);
    // Overlapping seams (", and " inside nothing else) keep the first.
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in out {
        if merged.last().is_none_or(|last| r.start >= last.end) {
            merged.push(r);
        }
    }
    merged
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The byte range, within `sentence`, of the clause that states the value at `value` (a byte
/// range within `sentence`). Falls back to the whole sentence when the value is not inside it.
pub fn clause_around(sentence: &str, value: Range<usize>) -> Range<usize> {
    if value.end > sentence.len() || value.start > value.end {
        return 0..sentence.len();
    }
    let cuts = seams(sentence);
    // Clauses: the stretches between seams.
    let mut clauses: Vec<Range<usize>> = Vec::new();
    let mut from = 0;
    for cut in &cuts {
        clauses.push(from..cut.start);
        from = cut.end;
    }
    clauses.push(from..sentence.len());
    let Some(mut at) = clauses
        .iter()
        .position(|c| c.start <= value.start && value.start < c.end.max(c.start + 1))
    else {
        return 0..sentence.len();
    };
    let mut range = clauses[at].clone();
    // A value cut in two by a seam, or a clause with no subject of its own: widen.
    while range.end < value.end && at + 1 < clauses.len() {
        at += 1;
        range.end = clauses[at].end;
    }
    let mut first = clauses
        .iter()
        .position(|c| c.start == range.start)
        .unwrap_or(0);
    let mut last = at;
    loop {
        let text = &sentence[range.clone()];
        // A dependent clause ("which divides …", "after Moscow ordered …") leans on the
        // one before it for its subject.
        let starts_relative = text.split_whitespace().next().is_some_and(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "which"
                    | "who"
                    | "whose"
                    | "that"
                    | "after"
                    | "before"
                    | "while"
                    | "as"
                    | "although"
                    | "though"
                    | "whereas"
            )
        });
        if first > 0 && (starts_relative || words(text) < MIN_CLAUSE_WORDS) {
            first -= 1;
            range.start = clauses[first].start;
        } else if last + 1 < clauses.len() && words(text) < MIN_CLAUSE_WORDS {
            last += 1;
            range.end = clauses[last].end;
        } else {
            break;
        }
    }
    range
}

/// `text` (a clause) as a sentence of its own: at most [`MAX_CLAUSE_WORDS`] words around the
/// byte offset `focus` (cut with "…"), unbalanced quote marks and edge punctuation dropped, a
/// capital first letter and a full stop.
pub fn as_sentence(text: &str, focus: usize) -> String {
    let mut text = text.trim();
    let mut focus = focus.min(text.len());
    // Long: keep a window of words around the focus.
    let spans: Vec<(usize, usize)> = word_spans(text);
    let (mut lead, mut tail) = (false, false);
    if spans.len() > MAX_CLAUSE_WORDS {
        let centre = spans
            .iter()
            .position(|&(s, e)| s <= focus && focus <= e)
            .unwrap_or(0);
        // Keep the clause's start (its subject) whenever the focus fits after it.
        let start = if centre + 4 < MAX_CLAUSE_WORDS {
            0
        } else {
            centre.saturating_sub(MAX_CLAUSE_WORDS / 3)
        };
        let end = (start + MAX_CLAUSE_WORDS).min(spans.len());
        let start = end.saturating_sub(MAX_CLAUSE_WORDS);
        lead = start > 0;
        tail = end < spans.len();
        let (from, to) = (spans[start].0, spans[end - 1].1);
        focus = focus.saturating_sub(from);
        text = &text[from..to];
    }
    let _ = focus;
    let trimmed = text.trim_matches(|c: char| {
        matches!(c, ',' | ';' | ':' | '.' | '—' | '–' | '-' | ' ') || c.is_whitespace()
    });
    let mut body = balance_quotes(trimmed);
    if let Some(first) = body.chars().next() {
        if first.is_lowercase() && !lead {
            let upper: String = first.to_uppercase().collect();
            body = format!("{upper}{}", &body[first.len_utf8()..]);
        }
    }
    let mut out = String::new();
    if lead {
        out.push_str("… ");
    }
    out.push_str(&body);
    if tail {
        out.push_str(" …");
    } else if !out.ends_with(['.', '!', '?', '”', '"']) {
        out.push('.');
    }
    out
}

/// Byte spans of the whitespace-separated words of `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Drop quote marks left open or closed by the cut, so that a clause never looks like a quote
/// it is not.
fn balance_quotes(text: &str) -> String {
    let opens = text.matches('“').count();
    let closes = text.matches('”').count();
    let straight = text.matches('"').count();
    let mut out = text.to_string();
    if opens != closes {
        out = out.replace(['“', '”'], "");
    }
    if straight % 2 == 1 {
        out = out.replace('"', "");
    }
    out.trim().to_string()
}

/// A date as a reader writes it, as precise as it is known: "9 November 2022", "the week of
/// 7 November 2022", "September 2022", "2022".
pub fn date_words(date: NaiveDate, precision: Precision) -> String {
    let month = MONTHS[date.month0() as usize];
    match precision {
        Precision::Day => format!("{} {month} {}", date.day(), date.year()),
        Precision::Week => format!("the week of {} {month} {}", date.day(), date.year()),
        Precision::Month => format!("{month} {}", date.year()),
        Precision::Year => date.year().to_string(),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A list as a sentence writes it: "A", "A and B", "A, B and C".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(sentence: &str, value: &str) -> String {
        let at = sentence.find(value).unwrap_or(0);
        let range = clause_around(sentence, at..at + value.len());
        sentence[range].to_string()
    }

    #[test]
    fn the_clause_of_the_value_is_kept() {
        let s = "Ukrainian forces swept into the key southern city of Kherson on Friday as Russian troops retreated to the east, marking one of the biggest military setbacks for Moscow.";
        let kept = "Ukrainian forces swept into the key southern city of Kherson on Friday as Russian troops retreated to the east";
        assert_eq!(clause(s, "Friday"), kept);
        assert_eq!(clause(s, "east"), kept);
        assert_eq!(
            clause(s, "setbacks"),
            "marking one of the biggest military setbacks for Moscow."
        );
        let s = "Its forces completed their withdrawal from the Kherson region on Friday, after Moscow ordered the retreat Wednesday.";
        assert_eq!(clause(s, "Wednesday"), s);
    }

    #[test]
    fn a_lead_in_before_a_colon_is_dropped() {
        let s = "The big picture: The withdrawal leaves the only provincial capital captured by Russia since its invasion of Ukraine in February.";
        assert!(clause(s, "February").starts_with("The withdrawal leaves"));
    }

    #[test]
    fn a_relative_clause_takes_its_subject_along() {
        let s = "The ministry said it finished withdrawing troops from the western bank of the Dnipro River, which divides the region, on Friday.";
        let c = clause(s, "Friday");
        assert!(c.starts_with("The ministry said"), "{c}");
    }

    #[test]
    fn short_sentences_stay_whole() {
        let s =
            "Kherson was one of four Ukrainian regions illegally annexed by Russia in September.";
        assert_eq!(clause(s, "September"), s);
    }

    #[test]
    fn sentences_are_tidied() {
        assert_eq!(
            as_sentence("as Russian troops retreated to the east,", 0),
            "As Russian troops retreated to the east."
        );
        assert_eq!(
            as_sentence("“Not a single piece was left behind", 0),
            "Not a single piece was left behind."
        );
        let long = (0..100)
            .map(|n| format!("w{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        let cut = as_sentence(&long, long.find("w40").unwrap_or(0));
        assert!(
            cut.starts_with("… ") && cut.ends_with(" …") && cut.contains("w40"),
            "{cut}"
        );
        assert_eq!(words(&cut), MAX_CLAUSE_WORDS + 2);
    }

    #[test]
    fn dates_read_as_written() {
        let d = NaiveDate::from_ymd_opt(2022, 11, 9).unwrap_or_default();
        assert_eq!(date_words(d, Precision::Day), "9 November 2022");
        assert_eq!(date_words(d, Precision::Month), "November 2022");
        assert_eq!(date_words(d, Precision::Year), "2022");
        assert_eq!(
            and_list(&["A".into(), "B".into(), "C".into()]),
            "A, B and C"
        );
    }
}
