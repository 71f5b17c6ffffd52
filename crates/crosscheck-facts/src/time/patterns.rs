//! Scanning: the time expressions of a text as matched, before any anchor is known.
//!
//! What it decides: which token runs are time expressions (full and numeric dates, months,
//! years, weekdays, "last week", "five weeks ago", "earlier this month", parts of a period,
//! qualifiers such as "early" or "late"), whether their clause speaks of the future, and which
//! adjacent expressions form one range ("from August to October"). Numeric dates that could be
//! read two ways are refused here.

use super::clock::attach_clock_times;
use super::raw::{is, Part, Qualifier, RawTime, Shift, Spec, Unit};
use super::*;

pub(super) fn unit(word: &str) -> Option<Unit> {
    match word {
        "day" | "days" => Some(Unit::Day),
        "week" | "weeks" => Some(Unit::Week),
        "month" | "months" => Some(Unit::Month),
        "year" | "years" => Some(Unit::Year),
        _ => None,
    }
}

/// A whole number in a token: digits (with thousands commas) or a small number word.
pub(crate) fn small_count(tok: &Tok) -> Option<u32> {
    if tok.is_number() {
        let digits: String = tok.norm.chars().filter(|c| *c != ',').collect();
        return digits.parse::<u32>().ok();
    }
    let n = lexicon::number_word(&tok.norm)?;
    Some(n as u32)
}

pub(super) fn day_number(tok: &Tok) -> Option<u32> {
    if !tok.is_number() {
        return None;
    }
    let s = tok.norm.as_str();
    let digits = s
        .strip_suffix("st")
        .or_else(|| s.strip_suffix("nd"))
        .or_else(|| s.strip_suffix("rd"))
        .or_else(|| s.strip_suffix("th"))
        .unwrap_or(s);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

pub(super) fn year_number(tok: &Tok) -> Option<i32> {
    if !tok.is_number() || tok.norm.len() != 4 || !tok.norm.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = tok.norm.parse().ok()?;
    (1800..=2199).contains(&y).then_some(y)
}

/// Scan every sentence of a prepared text.
pub(crate) fn scan(p: &Prepared<'_>) -> Vec<RawTime> {
    let mut out = Vec::new();
    for (si, sent) in p.sents.iter().enumerate() {
        let toks = &p.toks;
        let mut found: Vec<RawTime> = Vec::new();
        let mut i = sent.toks.start;
        let end = sent.toks.end;
        while i < end {
            match match_at(toks, i, end, sent.toks.start) {
                Some((spec, j)) => {
                    let future = future_context(toks, sent.toks.start, i);
                    found.push(RawTime {
                        toks: i..j,
                        sentence: si,
                        spec,
                        future,
                        time_of_day: None,
                        zone: None,
                        to: None,
                    });
                    i = j;
                }
                None => i += 1,
            }
        }
        attach_clock_times(p, sent.toks.clone(), &mut found);
        out.extend(merge_ranges(toks, found));
    }
    out
}

/// Try every pattern at token `i`; return the spec and the end token.
pub(super) fn match_at(
    toks: &[Tok],
    i: usize,
    end: usize,
    sent_start: usize,
) -> Option<(Spec, usize)> {
    let t = &toks[i];
    // Numeric day and month in either order, when only one reading is possible.
    if let Some((date, j)) = numeric_date(toks, i, end) {
        return Some((
            Spec::Date {
                year: Some(date.year()),
                month: date.month(),
                day: date.day(),
                weekday: None,
            },
            j,
        ));
    }
    // ISO 2022-11-15 or 2022/11/15.
    if let Some(year) = year_number(t) {
        if i + 4 < end
            && matches!(toks[i + 1].norm.as_str(), "-" | "/")
            && toks[i + 3].norm == toks[i + 1].norm
            && (i + 1..=i + 4).all(|k| !toks[k].space_before)
        {
            let month: u32 = toks[i + 2].norm.parse().ok()?;
            let day: u32 = toks[i + 4].norm.parse().ok()?;
            NaiveDate::from_ymd_opt(year, month, day)?;
            return Some((
                Spec::Date {
                    year: Some(year),
                    month,
                    day,
                    weekday: None,
                },
                i + 5,
            ));
        }
        // A bare year after a time preposition: "in 2014", "since 2014".
        if i > sent_start
            && matches!(
                toks[i - 1].norm.as_str(),
                "in" | "since"
                    | "by"
                    | "until"
                    | "from"
                    | "during"
                    | "through"
                    | "of"
                    | "early"
                    | "late"
                    | "mid"
                    | "before"
                    | "after"
                    | "till"
                    | "throughout"
            )
            && (1900..=2100).contains(&year)
            && !(i + 1 < end && toks[i + 1].is_number())
        {
            return Some((Spec::Year { year }, i + 1));
        }
        return None;
    }
    if t.is_word() && t.cap {
        if let Some(weekday) = lexicon::weekday(&t.base) {
            // "Friday, November 11" / "Friday Nov. 11".
            let mut j = i + 1;
            if is(toks, j, end, ",") {
                j += 1;
            }
            if let Some((
                Spec::Date {
                    year, month, day, ..
                },
                k,
            )) = month_first(toks, j, end, sent_start)
            {
                return Some((
                    Spec::Date {
                        year,
                        month,
                        day,
                        weekday: Some(weekday),
                    },
                    k,
                ));
            }
            let shift = shift_before(toks, i, sent_start);
            let mut k = i + 1;
            if k < end
                && matches!(
                    toks[k].base.as_str(),
                    "morning" | "afternoon" | "evening" | "night"
                )
                && t.norm == t.base
            {
                k += 1;
            }
            return Some((Spec::Weekday { weekday, shift }, k));
        }
    }
    if let Some(found) = month_first(toks, i, end, sent_start) {
        return Some(found);
    }
    // "24 February 2022", "11 November".
    if let Some(day) = day_number(t) {
        if i + 1 < end && toks[i + 1].is_word() && toks[i + 1].cap {
            if let Some(month) = lexicon::month(&toks[i + 1].base) {
                {
                    let mut j = i + 2;
                    if is(toks, j, end, ".") {
                        j += 1;
                    }
                    let year = if j < end { year_number(&toks[j]) } else { None };
                    if year.is_some() {
                        j += 1;
                    }
                    NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day)?;
                    return Some((
                        Spec::Date {
                            year,
                            month,
                            day,
                            weekday: None,
                        },
                        j,
                    ));
                }
            }
        }
    }
    if t.is_word() {
        return word_pattern(toks, i, end, sent_start);
    }
    None
}

/// "11/14/2022", "14.11.2022", "14-11-2022" (one token or five): the date, if day and month
/// cannot be swapped (one part above 12, or both equal), and the token after it.
pub(super) fn numeric_date(toks: &[Tok], i: usize, end: usize) -> Option<(NaiveDate, usize)> {
    let t = &toks[i];
    if !t.is_number() {
        return None;
    }
    let (parts, next): (Vec<&str>, usize) = if t.norm.contains(['/', '.', '-']) {
        (t.norm.split(['/', '.', '-']).collect(), i + 1)
    } else if i + 4 < end
        && matches!(toks[i + 1].norm.as_str(), "/" | "." | "-")
        && toks[i + 3].norm == toks[i + 1].norm
        && (i + 1..=i + 4).all(|k| !toks[k].space_before)
    {
        (
            vec![
                t.norm.as_str(),
                toks[i + 2].norm.as_str(),
                toks[i + 4].norm.as_str(),
            ],
            i + 5,
        )
    } else {
        return None;
    };
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    if a.len() > 2 || b.len() > 2 || y.len() != 4 {
        return None;
    }
    let (a, b, y): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
    let (month, day) = match (a > 12, b > 12) {
        (true, false) => (b, a),
        (false, true) => (a, b),
        (false, false) if a == b => (a, b),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, month, day).map(|d| (d, next))
}

/// Patterns that start with a month name: "November 11, 2022", "Nov. 11", "September 2022",
/// "(in) September".
pub(super) fn month_first(
    toks: &[Tok],
    i: usize,
    end: usize,
    sent_start: usize,
) -> Option<(Spec, usize)> {
    if i >= end {
        return None;
    }
    let t = &toks[i];
    if !t.is_word() || !t.cap {
        return None;
    }
    let month = lexicon::month(&t.base)?;
    let abbreviated =
        lexicon::is_month_abbreviation(&t.base) && t.base.len() < 5 || t.base == "sept";
    let full_name = !abbreviated;
    let mut j = i + 1;
    let dotted = is(toks, j, end, ".");
    if dotted && abbreviated {
        j += 1;
    }
    if j < end {
        if let Some(day) = day_number(&toks[j]) {
            // Not a clock time or a quantity ("March 5 percent", "May 10:30").
            let next = toks.get(j + 1).map(|n| n.norm.as_str());
            if !matches!(next, Some(":" | "%" | "percent")) {
                let mut k = j + 1;
                let mut year = None;
                let mut y = k;
                if is(toks, y, end, ",") {
                    y += 1;
                }
                if y < end {
                    if let Some(yr) = year_number(&toks[y]) {
                        year = Some(yr);
                        k = y + 1;
                    }
                }
                NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day)?;
                return Some((
                    Spec::Date {
                        year,
                        month,
                        day,
                        weekday: None,
                    },
                    k,
                ));
            }
        }
        if let Some(year) = year_number(&toks[j]) {
            return Some((
                Spec::Month {
                    year: Some(year),
                    month,
                    part: part_before(toks, i, sent_start),
                    shift: Shift::None,
                },
                j + 1,
            ));
        }
    }
    if !full_name && !dotted {
        return None;
    }
    // A bare month: "May" and "March" only after a time word (not "Theresa May").
    let prev = (i > sent_start).then(|| toks[i - 1].norm.as_str());
    let time_word_before = matches!(
        prev,
        Some(
            "in" | "since"
                | "by"
                | "until"
                | "till"
                | "from"
                | "through"
                | "during"
                | "of"
                | "early"
                | "late"
                | "mid"
                | "last"
                | "next"
                | "this"
                | "to"
                | "before"
                | "after"
                | "-"
                | "and"
                | "or"
                | "between"
                | "successful"
                | "connected"
        )
    );
    if matches!(t.base.as_str(), "may" | "march") && !time_word_before {
        return None;
    }
    if i > sent_start && toks[i - 1].is_name() && !time_word_before {
        return None;
    }
    // "June of last year", "June last year".
    let w = |k: usize| toks.get(k).map(|t| t.norm.as_str());
    let of = usize::from(w(i + 1) == Some("of"));
    let year_shift = match (w(i + 1 + of), w(i + 2 + of)) {
        (Some("last"), Some("year")) => Some(-1),
        (Some("this"), Some("year")) => Some(0),
        (Some("next"), Some("year")) => Some(1),
        _ => None,
    };
    if let Some(offset) = year_shift {
        return Some((
            Spec::Month {
                year: None,
                month,
                part: part_before(toks, i, sent_start),
                shift: Shift::Year(offset),
            },
            i + 3 + of,
        ));
    }
    Some((
        Spec::Month {
            year: None,
            month,
            part: part_before(toks, i, sent_start),
            shift: shift_before(toks, i, sent_start),
        },
        i + 1,
    ))
}

/// "early", "mid-", "late", "the end of", "the beginning of" before a month.
pub(super) fn part_before(toks: &[Tok], i: usize, sent_start: usize) -> Option<Part> {
    let w = |k: usize| (k >= sent_start && k < toks.len()).then(|| toks[k].norm.as_str());
    let back1 = i.checked_sub(1).and_then(w);
    let back2 = i.checked_sub(2).and_then(w);
    match (back2, back1) {
        (_, Some("early")) => Some(Part::Early),
        (_, Some("late")) => Some(Part::Late),
        (_, Some("mid")) | (Some("mid"), Some("-")) => Some(Part::Mid),
        (Some("end"), Some("of")) => Some(Part::Late),
        (Some("beginning" | "start"), Some("of")) => Some(Part::Early),
        (Some("middle"), Some("of")) => Some(Part::Mid),
        _ => None,
    }
}

pub(super) fn shift_before(toks: &[Tok], i: usize, sent_start: usize) -> Shift {
    if i == sent_start || i == 0 {
        return Shift::None;
    }
    match toks[i - 1].norm.as_str() {
        "last" | "past" | "previous" => Shift::Last,
        "next" | "coming" => Shift::Next,
        "this" => Shift::This,
        _ => Shift::None,
    }
}

/// Patterns that start with an ordinary word: deictic days, periods, "N units ago",
/// "N units after".
pub(super) fn word_pattern(
    toks: &[Tok],
    i: usize,
    end: usize,
    sent_start: usize,
) -> Option<(Spec, usize)> {
    let w = toks[i].base.as_str();
    let next = |k: usize| (i + k < end).then(|| toks[i + k].base.as_str());
    match w {
        "today" | "tonight" => return Some((Spec::Deictic { days: 0 }, i + 1)),
        "yesterday" => return Some((Spec::Deictic { days: -1 }, i + 1)),
        "tomorrow" => return Some((Spec::Deictic { days: 1 }, i + 1)),
        "this" if matches!(next(1), Some("morning" | "afternoon" | "evening")) => {
            return Some((Spec::Deictic { days: 0 }, i + 2));
        }
        "last" if next(1) == Some("night") => return Some((Spec::Deictic { days: -1 }, i + 2)),
        "last" | "this" | "next" | "past" | "previous" | "coming" => {
            if let Some(unit) = next(1).and_then(unit) {
                let offset = match w {
                    "last" | "past" | "previous" => -1,
                    "next" | "coming" => 1,
                    _ => 0,
                };
                // "the past week" means the last seven days, not the previous calendar week.
                let offset = if w == "past" && unit != Unit::Year {
                    0
                } else {
                    offset
                };
                return Some((Spec::Period { unit, offset }, i + 2));
            }
            if next(1) == Some("weekend") {
                return Some((
                    Spec::Period {
                        unit: Unit::Week,
                        offset: if w == "next" { 1 } else { 0 },
                    },
                    i + 2,
                ));
            }
        }
        "earlier" | "later" if next(1) == Some("this") => {
            if let Some(unit) = next(2).and_then(unit) {
                return Some((Spec::Period { unit, offset: 0 }, i + 3));
            }
        }
        _ => {}
    }
    // Quantities of time: [qualifier] N unit (ago | after | before | later | earlier).
    let (qualifier, start) = qualifier_at(toks, i, end);
    let count_tok = start;
    if count_tok + 2 > end {
        return None;
    }
    let amount = if count_tok < end {
        small_count(&toks[count_tok])
    } else {
        None
    };
    // "the day after", "the next day".
    if amount.is_none() {
        if w == "the" && next(1) == Some("day") && matches!(next(2), Some("after" | "before")) {
            let sign = if next(2) == Some("after") { -1 } else { 1 };
            return Some((
                Spec::Offset {
                    amount: 1,
                    unit: Unit::Day,
                    sign,
                    following: true,
                },
                i + 3,
            ));
        }
        if w == "the"
            && matches!(next(1), Some("next" | "following" | "previous"))
            && next(2) == Some("day")
        {
            let sign = if next(1) == Some("previous") { -1 } else { 1 };
            return Some((
                Spec::Offset {
                    amount: 1,
                    unit: Unit::Day,
                    sign,
                    following: false,
                },
                i + 3,
            ));
        }
        return None;
    }
    let amount = amount?;
    if amount == 0 || amount > 200 || count_tok + 2 > end {
        return None;
    }
    let unit_tok = count_tok + 1;
    if unit_tok >= end {
        return None;
    }
    let u = unit(&toks[unit_tok].base)?;
    let rel_tok = unit_tok + 1;
    if rel_tok >= end {
        return None;
    }
    let _ = sent_start;
    match toks[rel_tok].norm.as_str() {
        "ago" => Some((
            Spec::Ago {
                amount,
                unit: u,
                qualifier,
            },
            rel_tok + 1,
        )),
        "after" | "before" if qualifier == Qualifier::Exact => Some((
            Spec::Offset {
                amount,
                unit: u,
                sign: if toks[rel_tok].norm == "after" { -1 } else { 1 },
                following: true,
            },
            rel_tok + 1,
        )),
        "later" | "earlier" if qualifier == Qualifier::Exact => Some((
            Spec::Offset {
                amount,
                unit: u,
                sign: if toks[rel_tok].norm == "later" { 1 } else { -1 },
                following: false,
            },
            rel_tok + 1,
        )),
        _ => None,
    }
}

/// An approximation word at `i` ("about", "more than", ...) and the token after it.
pub(crate) fn qualifier_at(toks: &[Tok], i: usize, end: usize) -> (Qualifier, usize) {
    let w = |k: usize| (k < end).then(|| toks[k].norm.as_str());
    match (w(i), w(i + 1)) {
        (Some("more" | "greater"), Some("than")) => (Qualifier::MoreThan, i + 2),
        (Some("less" | "fewer"), Some("than")) => (Qualifier::LessThan, i + 2),
        (Some("at"), Some("least")) => (Qualifier::MoreThan, i + 2),
        (Some("over"), _) => (Qualifier::MoreThan, i + 1),
        (Some("under"), _) => (Qualifier::LessThan, i + 1),
        (Some("just"), Some("over")) => (Qualifier::MoreThan, i + 2),
        (Some("just" | "only" | "barely"), _) => (Qualifier::Exact, i + 1),
        (
            Some(
                "about" | "around" | "some" | "nearly" | "almost" | "roughly" | "approximately"
                | "approx" | "astir" | "circa",
            ),
            _,
        ) => (Qualifier::About, i + 1),
        _ => (Qualifier::Exact, i),
    }
}

/// Whether the clause before token `i` speaks of the future ("will decide in October").
pub(super) fn future_context(toks: &[Tok], sent_start: usize, i: usize) -> bool {
    let from = i.saturating_sub(10).max(sent_start);
    for k in (from..i).rev() {
        let w = toks[k].norm.as_str();
        if lexicon::is_reporting_verb(w) && w.ends_with("ed") || w == "said" || w == "told" {
            return false;
        }
        if matches!(
            w,
            "will"
                | "shall"
                | "scheduled"
                | "expected"
                | "plans"
                | "due"
                | "upcoming"
                | "next"
                | "tomorrow"
        ) || w.ends_with("'ll")
        {
            return true;
        }
    }
    false
}

/// "from August to October", "between March and May": merge the two ends into one expression.
pub(super) fn merge_ranges(toks: &[Tok], found: Vec<RawTime>) -> Vec<RawTime> {
    let mut out: Vec<RawTime> = Vec::with_capacity(found.len());
    for r in found {
        if let Some(prev) = out.last_mut() {
            let gap = prev.toks.end..r.toks.start;
            let joiner = gap.len() == 1
                && matches!(
                    toks[gap.start].norm.as_str(),
                    "to" | "until" | "through" | "and" | "-" | "–" | "till"
                );
            let opener = prev.toks.start > 0
                && matches!(toks[prev.toks.start - 1].norm.as_str(), "from" | "between");
            if joiner && opener && prev.to.is_none() {
                prev.toks = prev.toks.start..r.toks.end;
                prev.to = Some(Box::new(r));
                continue;
            }
        }
        out.push(r);
    }
    out
}
