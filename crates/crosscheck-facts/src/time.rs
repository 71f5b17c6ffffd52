//! Time expressions: which calendar dates does a text talk about?
//!
//! News dates events mostly *relative* to the day it is written ("on Tuesday", "last week",
//! "five weeks ago", "at 0500 this morning"), so a date found in a text is only as good as the
//! anchor it was read against. This module finds every time expression in a text, keeps its
//! surface form and span, and resolves it against an [`Anchor`]: the publication date, or for
//! an undated document a date its story establishes (see [`story_anchors`]).
//!
//! News conventions, not calendar logic, decide the ambiguous cases: a bare weekday ("said
//! Tuesday") is the most recent one on or before the anchor, unless the clause speaks of the
//! future ("will meet on Tuesday"); a month or day without a year is the most recent one
//! likewise. Numeric dates that could be read two ways (`12/03/2022`) are refused. Every
//! resolved expression carries [`DateBounds`], the whole range of days it can mean (a month, a
//! week, or "six weeks ago" give or take a week), which is what comparisons use, so that "in
//! September" and "at the end of September" agree and "six weeks ago" is never read as more
//! exact than it is.

use std::ops::Range;

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};
use crosscheck::{Document, TextRange};
use serde::{Deserialize, Serialize};

use crate::lexicon;
use crate::tokens::{Prepared, Tok};

/// How finely a resolved date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// One calendar day.
    Day,
    /// A week (e.g. "last week", "six weeks ago").
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

impl Precision {
    /// Lowercase name, as the report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// An inclusive range of calendar days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct DateBounds {
    /// First day it can mean.
    pub earliest: NaiveDate,
    /// Last day it can mean.
    pub latest: NaiveDate,
}

impl DateBounds {
    /// A single day.
    pub fn day(date: NaiveDate) -> DateBounds {
        DateBounds {
            earliest: date,
            latest: date,
        }
    }

    /// Whether the two ranges share at least one day.
    pub fn overlaps(&self, other: &DateBounds) -> bool {
        self.earliest <= other.latest && other.earliest <= self.latest
    }

    /// Days between the two ranges (0 when they overlap).
    pub fn gap_days(&self, other: &DateBounds) -> i64 {
        if self.overlaps(other) {
            0
        } else if self.latest < other.earliest {
            (other.earliest - self.latest).num_days()
        } else {
            (self.earliest - other.latest).num_days()
        }
    }
}

/// What kind of time expression it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeKind {
    /// A calendar date that needs no anchor beyond, perhaps, its year ("November 11, 2022",
    /// "November 11", "in September", "in 2014").
    Absolute,
    /// A weekday name ("on Tuesday", "Wednesday").
    Weekday,
    /// A day named relative to the writing day ("today", "yesterday", "this morning").
    Deictic,
    /// A period relative to the writing day ("last week", "this month").
    Period,
    /// A distance back from the writing day ("five weeks ago").
    Ago,
    /// A distance from another dated event in the same sentence ("two days after").
    Offset,
    /// A span between two expressions ("from August to October").
    Range,
}

/// The date parts a text states outright, whatever the anchor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Written {
    /// Year, when written.
    pub year: Option<i32>,
    /// Month (1-12), when written.
    pub month: Option<u32>,
    /// Day of the month, when written.
    pub day: Option<u32>,
    /// Weekday, when written.
    pub weekday: Option<Weekday>,
}

/// The date an expression was resolved against, and where that date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Anchor {
    /// The reference day ("today" for the text).
    pub date: NaiveDate,
    /// Where it came from.
    pub source: AnchorSource,
}

/// Where an [`Anchor`]'s date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum AnchorSource {
    /// The document's own publication date.
    Published,
    /// The latest full date the document's own text gives ("on Friday, November 11").
    OwnText {
        /// Span of that date in the document.
        range: TextRange,
    },
    /// The latest date another document of the same story gives (its publication date or a
    /// full date in its text).
    Story {
        /// Index of that document in the slice the anchors were computed for.
        document: usize,
    },
    /// The story's date moved back to the latest weekday the document itself writes about
    /// ("Friday" in a text that mentions Wednesday and Friday), since US and wire style name the
    /// writing day by its weekday.
    StoryWeekday {
        /// Index of the document that gave the story date.
        document: usize,
        /// The weekday the document's text points to.
        weekday: Weekday,
    },
    /// Another time expression in the same sentence ("on November 11, two days after ...").
    Expression {
        /// Span of that expression.
        range: TextRange,
    },
}

/// One time expression found in a text.
///
/// Invariant: `range` covers `text` in the document; `bounds` contains `date` when both are
/// set; `date` and `bounds` are `None` only when the expression needs an anchor and none was
/// given (a bare "Tuesday" in an undated text), in which case `written` still says what the
/// text states.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeExpr {
    /// Byte span in the document's text.
    pub range: TextRange,
    /// The surface text, e.g. `"on Friday, November 11"` minus the preposition.
    pub text: String,
    /// What kind of expression it is.
    pub kind: TimeKind,
    /// What the text states outright.
    pub written: Written,
    /// The resolved day: the day itself, or the first day of the week, month or year meant.
    pub date: Option<NaiveDate>,
    /// Every day the expression can mean, approximation included.
    pub bounds: Option<DateBounds>,
    /// How finely `date` is known.
    pub precision: Precision,
    /// Whether the text itself is approximate ("about six weeks ago", "eight months ago").
    pub approximate: bool,
    /// Clock time, when given ("at 0500").
    pub time_of_day: Option<NaiveTime>,
    /// Time zone or reference clock as written ("Moscow time", "GMT").
    pub zone: Option<String>,
    /// The anchor used, `None` for expressions that needed none.
    pub anchor: Option<Anchor>,
    /// Index of the sentence it is in (in `crosscheck::text::analyze` order).
    pub sentence: usize,
    /// Token indices (of the document's token list) the expression covers.
    pub(crate) toks: Range<usize>,
    /// Which side of the expression the event it dates is on.
    pub(crate) attach: Attach,
}

/// Where the event a time expression dates is, relative to the expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub(crate) enum Attach {
    /// Before it, as usual in English ("Russia withdrew ... on Tuesday"), else after.
    Either,
    /// After it ("two days after the ministry ordered ...").
    Following,
    /// Whichever is nearer (numbers: "the liberation of 12 settlements", "115,000 were
    /// evacuated").
    Nearest,
}

/// Find and resolve the time expressions of `text` (ISO 639-1 `lang`) against `anchor`.
///
/// ```
/// use chrono::NaiveDate;
/// use crosscheck_facts::{find_times, Anchor, AnchorSource, Precision};
///
/// let tuesday = NaiveDate::from_ymd_opt(2022, 11, 15).unwrap();
/// let anchor = Anchor { date: tuesday, source: AnchorSource::Published };
/// let times = find_times("Troops left on Tuesday; the city was annexed in September.", "en", Some(anchor));
/// assert_eq!(times[0].date, Some(tuesday));
/// assert_eq!(times[1].precision, Precision::Month);
/// assert_eq!(times[1].date, NaiveDate::from_ymd_opt(2022, 9, 1));
/// ```
pub fn find_times(text: &str, lang: &str, anchor: Option<Anchor>) -> Vec<TimeExpr> {
    let prepared = Prepared::new(text, lang);
    let raw = scan(&prepared);
    resolve_all(&prepared, &raw, anchor)
}

/// The anchor of one document read on its own: its publication date, if any.
pub fn document_anchor(doc: &Document) -> Option<Anchor> {
    doc.meta.published.as_ref().map(|p| Anchor {
        date: p.value,
        source: AnchorSource::Published,
    })
}

/// Anchors for the documents `members` (indices into `docs`) of one story.
///
/// A dated document is read against its publication date. An undated one is read against, in
/// order of preference: the latest full date in its own text ("Friday, November 11"); the
/// story's date (the latest publication date, or else the latest full date, any other member
/// gives) moved back to the latest weekday the document itself names; the story's date as is.
/// A story with no date anywhere leaves its undated documents without an anchor.
pub fn story_anchors(docs: &[Document], members: &[usize]) -> Vec<Option<Anchor>> {
    let prepared: Vec<Option<Prepared<'_>>> = (0..docs.len())
        .map(|i| {
            members
                .contains(&i)
                .then(|| Prepared::new(&docs[i].text, docs[i].language()))
        })
        .collect();
    let scans: Vec<Vec<RawTime>> = prepared
        .iter()
        .map(|p| p.as_ref().map(scan).unwrap_or_default())
        .collect();
    let published: Vec<Option<NaiveDate>> = docs
        .iter()
        .map(|d| d.meta.published.as_ref().map(|p| p.value))
        .collect();
    let inputs: Vec<AnchorInput<'_>> = members
        .iter()
        .map(|&i| AnchorInput {
            document: i,
            published: published[i],
            raw: &scans[i],
            prepared: prepared[i].as_ref(),
        })
        .collect();
    anchors_for(&inputs)
}

/// What anchor estimation needs to know about one document.
pub(crate) struct AnchorInput<'a> {
    pub document: usize,
    pub published: Option<NaiveDate>,
    pub raw: &'a [RawTime],
    pub prepared: Option<&'a Prepared<'a>>,
}

pub(crate) fn anchors_for(inputs: &[AnchorInput<'_>]) -> Vec<Option<Anchor>> {
    // The story date: the latest publication date, else the latest full date in any text.
    let story_date = inputs
        .iter()
        .filter_map(|d| d.published.map(|p| (p, d.document)))
        .max()
        .or_else(|| {
            inputs
                .iter()
                .filter_map(|d| latest_full_date(d.raw, d.prepared).map(|(p, _)| (p, d.document)))
                .max()
        });
    inputs
        .iter()
        .map(|d| {
            if let Some(p) = d.published {
                return Some(Anchor {
                    date: p,
                    source: AnchorSource::Published,
                });
            }
            if let Some((date, range)) = latest_full_date(d.raw, d.prepared) {
                return Some(Anchor {
                    date,
                    source: AnchorSource::OwnText { range },
                });
            }
            let (date, document) = story_date?;
            // Full dates without a year take the story's year.
            if let Some((date, range)) = d
                .prepared
                .and_then(|p| latest_yearless_date(d.raw, p, date))
            {
                return Some(Anchor {
                    date,
                    source: AnchorSource::OwnText { range },
                });
            }
            match writing_weekday(d.raw) {
                Some(weekday) => Some(Anchor {
                    date: most_recent(weekday, date),
                    source: AnchorSource::StoryWeekday { document, weekday },
                }),
                None => Some(Anchor {
                    date,
                    source: AnchorSource::Story { document },
                }),
            }
        })
        .collect()
}

/// The latest day-precision date with a year written in the text.
fn latest_full_date(
    raw: &[RawTime],
    prepared: Option<&Prepared<'_>>,
) -> Option<(NaiveDate, TextRange)> {
    let prepared = prepared?;
    raw.iter()
        .filter_map(|r| match r.spec {
            Spec::Date {
                year: Some(y),
                month,
                day,
                ..
            } => NaiveDate::from_ymd_opt(y, month, day).map(|d| (d, prepared.span(r.toks.clone()))),
            _ => None,
        })
        .max_by_key(|(d, _)| *d)
}

/// The latest day-precision date without a year, in the year that puts it on or before
/// `story` (and consistent with its weekday, when one is written).
fn latest_yearless_date(
    raw: &[RawTime],
    prepared: &Prepared<'_>,
    story: NaiveDate,
) -> Option<(NaiveDate, TextRange)> {
    raw.iter()
        .filter(|r| !r.future)
        .filter_map(|r| match r.spec {
            Spec::Date {
                year: None,
                month,
                day,
                weekday,
            } => {
                let date = past_year_date(month, day, story)?;
                if weekday.is_some_and(|w| w != date.weekday()) {
                    return None;
                }
                Some((date, prepared.span(r.toks.clone())))
            }
            _ => None,
        })
        .max_by_key(|(d, _)| *d)
}

/// The weekday a text is most likely written on: of the weekdays it names (not in future
/// clauses, not "last"/"next"), the last one in the shortest cyclic run covering them all.
fn writing_weekday(raw: &[RawTime]) -> Option<Weekday> {
    let mut seen = [false; 7];
    for r in raw {
        if let Spec::Weekday {
            weekday,
            shift: Shift::None,
        } = r.spec
        {
            if !r.future {
                seen[weekday.num_days_from_monday() as usize] = true;
            }
        }
    }
    let days: Vec<u32> = (0..7u32).filter(|&d| seen[d as usize]).collect();
    if days.is_empty() {
        return None;
    }
    // Choose the end day e minimising the backward span needed to cover all named days.
    let mut best: Option<(u32, u32)> = None;
    for &end in &days {
        let span = days.iter().map(|&d| (end + 7 - d) % 7).max().unwrap_or(0);
        if best.is_none_or(|(s, _)| span < s) {
            best = Some((span, end));
        }
    }
    best.and_then(|(_, end)| Weekday::try_from(end as u8).ok())
}

/// The most recent `weekday` on or before `date`.
fn most_recent(weekday: Weekday, date: NaiveDate) -> NaiveDate {
    let back = (date.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
    date.checked_sub_days(Days::new(u64::from(back)))
        .unwrap_or(date)
}

/// The first `weekday` on or after `date`.
fn next_on_or_after(weekday: Weekday, date: NaiveDate) -> NaiveDate {
    let fwd = (weekday.num_days_from_monday() + 7 - date.weekday().num_days_from_monday()) % 7;
    date.checked_add_days(Days::new(u64::from(fwd)))
        .unwrap_or(date)
}

// ---------------------------------------------------------------------------------------------
// Scanning: anchor-independent matches.

/// A time expression as matched, before resolution.
#[derive(Clone, Debug)]
pub(crate) struct RawTime {
    pub toks: Range<usize>,
    pub sentence: usize,
    pub spec: Spec,
    pub future: bool,
    pub time_of_day: Option<NaiveTime>,
    pub zone: Option<String>,
    /// Merged range ("from August to October"): the end expression.
    pub to: Option<Box<RawTime>>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Spec {
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
        weekday: Option<Weekday>,
    },
    Month {
        year: Option<i32>,
        month: u32,
        part: Option<Part>,
        shift: Shift,
    },
    Year {
        year: i32,
    },
    Weekday {
        weekday: Weekday,
        shift: Shift,
    },
    Deictic {
        days: i64,
    },
    Period {
        unit: Unit,
        offset: i64,
    },
    Ago {
        amount: u32,
        unit: Unit,
        qualifier: Qualifier,
    },
    Offset {
        amount: u32,
        unit: Unit,
        /// +1: the dated event is `amount` after the reference ("two days later");
        /// -1: before it ("two days after the order" dates the order).
        sign: i64,
        following: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Early,
    Mid,
    Late,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shift {
    None,
    Last,
    Next,
    This,
    /// The anchor's year plus this ("June of last year").
    Year(i32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Qualifier {
    Exact,
    About,
    MoreThan,
    LessThan,
}

fn unit(word: &str) -> Option<Unit> {
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

fn day_number(tok: &Tok) -> Option<u32> {
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

fn year_number(tok: &Tok) -> Option<i32> {
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

fn is(toks: &[Tok], i: usize, end: usize, word: &str) -> bool {
    i < end && toks[i].norm == word
}

/// Try every pattern at token `i`; return the spec and the end token.
fn match_at(toks: &[Tok], i: usize, end: usize, sent_start: usize) -> Option<(Spec, usize)> {
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
fn numeric_date(toks: &[Tok], i: usize, end: usize) -> Option<(NaiveDate, usize)> {
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
fn month_first(toks: &[Tok], i: usize, end: usize, sent_start: usize) -> Option<(Spec, usize)> {
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
fn part_before(toks: &[Tok], i: usize, sent_start: usize) -> Option<Part> {
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

fn shift_before(toks: &[Tok], i: usize, sent_start: usize) -> Shift {
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
fn word_pattern(toks: &[Tok], i: usize, end: usize, sent_start: usize) -> Option<(Spec, usize)> {
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
fn future_context(toks: &[Tok], sent_start: usize, i: usize) -> bool {
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

/// Fold clock times ("at 0500 [Moscow time]", "at 10 a.m. GMT") into the day expression next
/// to them.
fn attach_clock_times(p: &Prepared<'_>, sent: Range<usize>, found: &mut [RawTime]) {
    let toks = &p.toks;
    let mut i = sent.start;
    while i + 1 < sent.end {
        if toks[i].norm != "at" {
            i += 1;
            continue;
        }
        let Some((time, mut j)) = clock_at(toks, i + 1, sent.end) else {
            i += 1;
            continue;
        };
        let zone_start = j;
        let mut zone = None;
        // "[Moscow time]", "(Moscow time)", "Moscow time", "GMT", "local time".
        let open = j < sent.end && matches!(toks[j].norm.as_str(), "[" | "(");
        let k = if open { j + 1 } else { j };
        if k < sent.end {
            let w = toks[k].norm.as_str();
            if matches!(
                w,
                "gmt"
                    | "utc"
                    | "est"
                    | "edt"
                    | "cet"
                    | "cest"
                    | "msk"
                    | "bst"
                    | "et"
                    | "pt"
                    | "eet"
                    | "eest"
            ) {
                let mut e = k + 1;
                if open
                    && is(
                        toks,
                        e,
                        sent.end,
                        if toks[j].norm == "[" { "]" } else { ")" },
                    )
                {
                    e += 1;
                }
                zone = Some((k, k + 1, e));
            } else if k + 1 < sent.end
                && toks[k + 1].norm == "time"
                && (toks[k].cap || w == "local")
            {
                let mut e = k + 2;
                if open && e < sent.end && matches!(toks[e].norm.as_str(), "]" | ")") {
                    e += 1;
                }
                zone = Some((k, k + 2, e));
            }
        }
        if let Some((zs, ze, e)) = zone {
            let range = p.span(zs..ze);
            let text = range.slice(p.text).to_string();
            j = e;
            // Attach to a day expression right after ("this morning") or right before.
            let target = found
                .iter()
                .position(|f| f.toks.start == j)
                .or_else(|| found.iter().position(|f| f.toks.end == i));
            if let Some(t) = target {
                found[t].time_of_day = Some(time);
                found[t].zone = Some(text);
                let start = found[t].toks.start.min(i + 1);
                let endt = found[t].toks.end.max(j);
                found[t].toks = start..endt;
            }
        } else {
            let _ = zone_start;
            let target = found
                .iter()
                .position(|f| f.toks.start == j)
                .or_else(|| found.iter().position(|f| f.toks.end == i));
            if let Some(t) = target {
                found[t].time_of_day = Some(time);
                let start = found[t].toks.start.min(i + 1);
                let endt = found[t].toks.end.max(j);
                found[t].toks = start..endt;
            }
        }
        i = j.max(i + 1);
    }
}

/// A clock time at `i`: "0500", "05:00", "10 a.m.", "10am". Returns the time and the next token.
fn clock_at(toks: &[Tok], i: usize, end: usize) -> Option<(NaiveTime, usize)> {
    let t = toks.get(i)?;
    if !t.is_number() || i >= end {
        return None;
    }
    let s = t.norm.as_str();
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        // Military style "0500": only ever read after "at" and next to a day expression.
        let h: u32 = s[..2].parse().ok()?;
        let m: u32 = s[2..].parse().ok()?;
        return NaiveTime::from_hms_opt(h, m, 0).map(|t| (t, i + 1));
    }
    let h: u32 = s.parse().ok()?;
    let mut j = i + 1;
    let mut minute = 0;
    if is(toks, j, end, ":") && j + 1 < end && !toks[j].space_before {
        minute = toks[j + 1].norm.parse().ok()?;
        j += 2;
    }
    // a.m. / p.m.
    let (pm, k) = match toks.get(j).map(|t| t.norm.as_str()) {
        Some("a.m" | "am") => (Some(false), j + 1),
        Some("p.m" | "pm") => (Some(true), j + 1),
        Some("a") if toks.get(j + 2).is_some_and(|t| t.norm == "m") => (Some(false), j + 3),
        Some("p") if toks.get(j + 2).is_some_and(|t| t.norm == "m") => (Some(true), j + 3),
        _ => (None, j),
    };
    let mut k = k;
    if pm.is_some() && is(toks, k, end, ".") {
        k += 1;
    }
    let hour = match pm {
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        Some(_) => h,
        None if minute > 0 || j > i + 1 => h,
        None => return None,
    };
    NaiveTime::from_hms_opt(hour, minute, 0).map(|t| (t, k))
}

/// "from August to October", "between March and May": merge the two ends into one expression.
fn merge_ranges(toks: &[Tok], found: Vec<RawTime>) -> Vec<RawTime> {
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

// ---------------------------------------------------------------------------------------------
// Resolution.

/// Resolve scanned expressions against `anchor`.
pub(crate) fn resolve_all(
    p: &Prepared<'_>,
    raw: &[RawTime],
    anchor: Option<Anchor>,
) -> Vec<TimeExpr> {
    let mut out: Vec<TimeExpr> = Vec::with_capacity(raw.len());
    for r in raw {
        let range = p.span(r.toks.clone());
        let mut expr = resolve_one(r, anchor);
        if let Some(to) = &r.to {
            let end = resolve_one(to, anchor);
            if let (Some(a), Some(b)) = (expr.bounds, end.bounds) {
                expr.bounds = Some(DateBounds {
                    earliest: a.earliest.min(b.earliest),
                    latest: a.latest.max(b.latest),
                });
                expr.precision = expr.precision.max(end.precision);
            }
            expr.kind = TimeKind::Range;
        }
        if let Spec::Offset {
            amount,
            unit,
            sign,
            following,
        } = r.spec
        {
            // The reference: a resolved day-or-finer expression in the same sentence (the
            // nearest one before, else after); "two days later" may also refer back to the
            // previous sentence.
            let same_sentence_before = out.iter().rev().find(|e| {
                e.sentence == r.sentence && e.bounds.is_some() && e.kind != TimeKind::Offset
            });
            let reference = same_sentence_before.cloned().or_else(|| {
                let after = raw
                    .iter()
                    .filter(|x| x.sentence == r.sentence && x.toks.start >= r.toks.end)
                    .find(|x| !matches!(x.spec, Spec::Offset { .. }))
                    .map(|x| {
                        let mut e = resolve_one(x, anchor);
                        e.range = p.span(x.toks.clone());
                        e
                    });
                after.filter(|e| e.bounds.is_some()).or_else(|| {
                    if following {
                        None
                    } else {
                        out.iter().rev().find(|e| e.bounds.is_some()).cloned()
                    }
                })
            });
            if let Some(reference) = reference {
                if let (Some(date), Some(bounds)) = (reference.date, reference.bounds) {
                    let shift = |d: NaiveDate| add_units(d, unit, i64::from(amount) * sign);
                    if let (Some(d), Some(e), Some(l)) =
                        (shift(date), shift(bounds.earliest), shift(bounds.latest))
                    {
                        expr.date = Some(d);
                        expr.bounds = Some(DateBounds {
                            earliest: e,
                            latest: l,
                        });
                        expr.precision = reference.precision;
                        expr.anchor = Some(Anchor {
                            date,
                            source: AnchorSource::Expression {
                                range: reference.range,
                            },
                        });
                    }
                }
            }
            expr.attach = if following {
                Attach::Following
            } else {
                Attach::Either
            };
        }
        expr.range = range;
        expr.text = range.slice(p.text).to_string();
        expr.toks = r.toks.clone();
        expr.time_of_day = r.time_of_day;
        expr.zone = r.zone.clone();
        out.push(expr);
    }
    out
}

fn add_units(date: NaiveDate, unit: Unit, n: i64) -> Option<NaiveDate> {
    let abs = n.unsigned_abs();
    match unit {
        Unit::Day | Unit::Week => {
            let days = Days::new(if unit == Unit::Week { abs * 7 } else { abs });
            if n >= 0 {
                date.checked_add_days(days)
            } else {
                date.checked_sub_days(days)
            }
        }
        Unit::Month | Unit::Year => {
            let months =
                Months::new(u32::try_from(if unit == Unit::Year { abs * 12 } else { abs }).ok()?);
            if n >= 0 {
                date.checked_add_months(months)
            } else {
                date.checked_sub_months(months)
            }
        }
    }
}

fn month_bounds(year: i32, month: u32, part: Option<Part>) -> Option<DateBounds> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    let (e, l) = match part {
        None => (first, last),
        Some(Part::Early) => (first, NaiveDate::from_ymd_opt(year, month, 10)?),
        Some(Part::Mid) => (
            NaiveDate::from_ymd_opt(year, month, 11)?,
            NaiveDate::from_ymd_opt(year, month, 20)?,
        ),
        Some(Part::Late) => (NaiveDate::from_ymd_opt(year, month, 21)?, last),
    };
    Some(DateBounds {
        earliest: e,
        latest: l,
    })
}

/// The most recent (month, day) on or before `anchor`.
fn past_year_date(month: u32, day: u32, anchor: NaiveDate) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(anchor.year(), month, day);
    match this {
        Some(d) if d <= anchor => Some(d),
        _ => NaiveDate::from_ymd_opt(anchor.year() - 1, month, day),
    }
}

fn future_year_date(month: u32, day: u32, anchor: NaiveDate) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(anchor.year(), month, day);
    match this {
        Some(d) if d >= anchor => Some(d),
        _ => NaiveDate::from_ymd_opt(anchor.year() + 1, month, day),
    }
}

fn resolve_one(r: &RawTime, anchor: Option<Anchor>) -> TimeExpr {
    let mut e = TimeExpr {
        range: TextRange::default(),
        text: String::new(),
        kind: TimeKind::Absolute,
        written: Written::default(),
        date: None,
        bounds: None,
        precision: Precision::Day,
        approximate: false,
        time_of_day: None,
        zone: None,
        anchor: None,
        sentence: r.sentence,
        toks: r.toks.clone(),
        attach: Attach::Either,
    };
    let a = anchor.map(|a| a.date);
    let set =
        |e: &mut TimeExpr, date: Option<NaiveDate>, bounds: Option<DateBounds>, used: bool| {
            if let (Some(d), Some(b)) = (date, bounds) {
                e.date = Some(d);
                e.bounds = Some(b);
                if used {
                    e.anchor = anchor;
                }
            }
        };
    match r.spec {
        Spec::Date {
            year,
            month,
            day,
            weekday,
        } => {
            e.written = Written {
                year,
                month: Some(month),
                day: Some(day),
                weekday,
            };
            let date = match (year, a) {
                (Some(y), _) => NaiveDate::from_ymd_opt(y, month, day),
                (None, Some(a)) if r.future => future_year_date(month, day, a),
                (None, Some(a)) => past_year_date(month, day, a),
                (None, None) => None,
            };
            set(&mut e, date, date.map(DateBounds::day), year.is_none());
        }
        Spec::Month {
            year,
            month,
            part,
            shift,
        } => {
            e.precision = Precision::Month;
            e.written = Written {
                year,
                month: Some(month),
                ..Written::default()
            };
            let y = match (year, a) {
                (Some(y), _) => Some(y),
                (None, Some(a)) => {
                    let past = if month <= a.month() {
                        a.year()
                    } else {
                        a.year() - 1
                    };
                    let future = if month >= a.month() {
                        a.year()
                    } else {
                        a.year() + 1
                    };
                    Some(match shift {
                        Shift::Last if month == a.month() => a.year() - 1,
                        Shift::Last => past,
                        Shift::Next if month == a.month() => a.year() + 1,
                        Shift::Next => future,
                        Shift::This => a.year(),
                        Shift::Year(offset) => a.year() + offset,
                        Shift::None if r.future => future,
                        Shift::None => past,
                    })
                }
                (None, None) => None,
            };
            if let Some(y) = y {
                let bounds = month_bounds(y, month, part);
                set(
                    &mut e,
                    NaiveDate::from_ymd_opt(y, month, 1),
                    bounds,
                    year.is_none(),
                );
            }
        }
        Spec::Year { year } => {
            e.precision = Precision::Year;
            e.written.year = Some(year);
            let first = NaiveDate::from_ymd_opt(year, 1, 1);
            let last = NaiveDate::from_ymd_opt(year, 12, 31);
            if let (Some(f), Some(l)) = (first, last) {
                set(
                    &mut e,
                    Some(f),
                    Some(DateBounds {
                        earliest: f,
                        latest: l,
                    }),
                    false,
                );
            }
        }
        Spec::Weekday { weekday, shift } => {
            e.kind = TimeKind::Weekday;
            e.written.weekday = Some(weekday);
            if let Some(a) = a {
                let date = match shift {
                    Shift::Last => a.pred_opt().map(|d| most_recent(weekday, d)),
                    Shift::Next => a.succ_opt().map(|d| next_on_or_after(weekday, d)),
                    Shift::This => {
                        let monday = a.checked_sub_days(Days::new(u64::from(
                            a.weekday().num_days_from_monday(),
                        )));
                        monday.and_then(|m| {
                            m.checked_add_days(Days::new(u64::from(weekday.num_days_from_monday())))
                        })
                    }
                    Shift::None | Shift::Year(_) if r.future => Some(next_on_or_after(weekday, a)),
                    Shift::None | Shift::Year(_) => Some(most_recent(weekday, a)),
                };
                set(&mut e, date, date.map(DateBounds::day), true);
            }
        }
        Spec::Deictic { days } => {
            e.kind = TimeKind::Deictic;
            if let Some(a) = a {
                let date = add_units(a, Unit::Day, days);
                set(&mut e, date, date.map(DateBounds::day), true);
            }
        }
        Spec::Period { unit, offset } => {
            e.kind = TimeKind::Period;
            if let Some(a) = a {
                let (date, bounds, precision) = match unit {
                    Unit::Day => {
                        let d = add_units(a, Unit::Day, offset);
                        (d, d.map(DateBounds::day), Precision::Day)
                    }
                    Unit::Week => {
                        let monday = a
                            .checked_sub_days(Days::new(u64::from(
                                a.weekday().num_days_from_monday(),
                            )))
                            .and_then(|m| add_units(m, Unit::Week, offset));
                        let bounds = monday.and_then(|m| {
                            m.checked_add_days(Days::new(6)).map(|s| DateBounds {
                                earliest: m,
                                latest: s,
                            })
                        });
                        (monday, bounds, Precision::Week)
                    }
                    Unit::Month => {
                        let first = NaiveDate::from_ymd_opt(a.year(), a.month(), 1)
                            .and_then(|f| add_units(f, Unit::Month, offset));
                        let bounds = first.and_then(|f| month_bounds(f.year(), f.month(), None));
                        (first, bounds, Precision::Month)
                    }
                    Unit::Year => {
                        let y = a.year() + offset as i32;
                        let f = NaiveDate::from_ymd_opt(y, 1, 1);
                        let l = NaiveDate::from_ymd_opt(y, 12, 31);
                        let bounds = f.zip(l).map(|(f, l)| DateBounds {
                            earliest: f,
                            latest: l,
                        });
                        (f, bounds, Precision::Year)
                    }
                };
                e.precision = precision;
                set(&mut e, date, bounds, true);
            }
        }
        Spec::Ago {
            amount,
            unit,
            qualifier,
        } => {
            e.kind = TimeKind::Ago;
            e.precision = match unit {
                Unit::Day => Precision::Day,
                Unit::Week => Precision::Week,
                Unit::Month => Precision::Month,
                Unit::Year => Precision::Year,
            };
            e.approximate = unit != Unit::Day || qualifier != Qualifier::Exact;
            if let Some(a) = a {
                let center = add_units(a, unit, -i64::from(amount));
                // Writers round "six and a half weeks" to "six weeks": one unit either way.
                let tolerance: (Unit, i64) = match (unit, amount) {
                    (Unit::Day, _) => (Unit::Day, 0),
                    (Unit::Week, 1) => (Unit::Day, 3),
                    (Unit::Month, 1) => (Unit::Day, 15),
                    (Unit::Year, 1) => (Unit::Month, 6),
                    (u, _) => (u, 1),
                };
                let tolerance = if qualifier == Qualifier::About && unit == Unit::Day {
                    (Unit::Day, 1 + i64::from(amount) / 5)
                } else {
                    tolerance
                };
                if let Some(c) = center {
                    let lo = add_units(c, tolerance.0, -tolerance.1);
                    let hi = add_units(c, tolerance.0, tolerance.1);
                    let bounds = match qualifier {
                        Qualifier::Exact | Qualifier::About => lo.zip(hi),
                        Qualifier::MoreThan => add_units(c, Unit::Year, -100).zip(Some(c)),
                        Qualifier::LessThan => Some((c, a)),
                    };
                    let bounds = bounds.map(|(earliest, latest)| DateBounds { earliest, latest });
                    set(&mut e, Some(c), bounds, true);
                }
            }
        }
        Spec::Offset { .. } => {
            e.kind = TimeKind::Offset;
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(date: NaiveDate) -> Option<Anchor> {
        Some(Anchor {
            date,
            source: AnchorSource::Published,
        })
    }

    fn one(text: &str, anchor: Option<Anchor>) -> Vec<(String, Option<NaiveDate>, Precision)> {
        find_times(text, "en", anchor)
            .into_iter()
            .map(|t| (t.text, t.date, t.precision))
            .collect()
    }

    #[test]
    fn weekdays_are_the_most_recent_on_or_before_the_anchor() {
        let tue = d(2022, 11, 15);
        let got = one(
            "Russia withdrew troops on Tuesday. Moscow ordered it Wednesday.",
            at(tue),
        );
        assert_eq!(got[0], ("Tuesday".into(), Some(tue), Precision::Day));
        assert_eq!(got[1].1, Some(d(2022, 11, 9)));
        let fut = one("The council will meet on Monday.", at(tue));
        assert_eq!(fut[0].1, Some(d(2022, 11, 21)));
    }

    #[test]
    fn absolute_dates_in_common_forms() {
        let a = at(d(2022, 11, 15));
        for (text, want) in [
            ("It happened on November 11, 2022.", d(2022, 11, 11)),
            ("It happened on Nov. 11, 2022.", d(2022, 11, 11)),
            ("It happened on 11 November 2022.", d(2022, 11, 11)),
            ("It happened on 2022-11-11.", d(2022, 11, 11)),
            ("It happened on Friday, November 11.", d(2022, 11, 11)),
            ("It happened on November 11th.", d(2022, 11, 11)),
            ("The invasion began on February 24.", d(2022, 2, 24)),
        ] {
            let got = one(text, a);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert_eq!(got[0].1, Some(want), "{text}");
            assert_eq!(got[0].2, Precision::Day, "{text}");
        }
    }

    #[test]
    fn months_years_and_parts() {
        let a = at(d(2022, 11, 15));
        let got = find_times(
            "It was annexed at the end of September, in 2022, after talks in March.",
            "en",
            a,
        );
        assert_eq!(got[0].precision, Precision::Month);
        assert_eq!(got[0].bounds.unwrap().earliest, d(2022, 9, 21));
        assert_eq!(got[1].precision, Precision::Year);
        assert_eq!(got[2].date, Some(d(2022, 3, 1)));
        // A name, not a month.
        assert!(one("Theresa May said so.", a).is_empty());
        assert!(one("Prices may rise.", a).is_empty());
    }

    #[test]
    fn relative_periods_and_distances() {
        let fri = d(2022, 11, 11);
        let got = find_times(
            "Five weeks ago it was declared Russian. Last week troops left. It ended yesterday.",
            "en",
            at(fri),
        );
        assert_eq!(got[0].kind, TimeKind::Ago);
        assert_eq!(got[0].date, Some(d(2022, 10, 7)));
        assert!(got[0]
            .bounds
            .unwrap()
            .overlaps(&DateBounds::day(d(2022, 9, 30))));
        assert_eq!(got[1].kind, TimeKind::Period);
        assert_eq!(got[1].date, Some(d(2022, 10, 31)));
        assert_eq!(got[2].date, Some(d(2022, 11, 10)));
    }

    #[test]
    fn clock_time_joins_its_day() {
        let got = find_times(
            "The move was completed at 0500 [Moscow time] this morning, the ministry said.",
            "en",
            at(d(2022, 11, 11)),
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].date, Some(d(2022, 11, 11)));
        assert_eq!(got[0].time_of_day, NaiveTime::from_hms_opt(5, 0, 0));
        assert_eq!(got[0].zone.as_deref(), Some("Moscow time"));
        assert_eq!(got[0].text, "0500 [Moscow time] this morning");
    }

    #[test]
    fn offsets_date_the_event_they_introduce() {
        let got = find_times(
            "Kyiv retook the city on November 11, two days after Moscow ordered a retreat.",
            "en",
            None,
        );
        // No anchor: November 11 has no year, and so the offset has none either.
        assert_eq!(got[1].date, None);
        let got = find_times(
            "Kyiv retook the city on November 11, two days after Moscow ordered a retreat.",
            "en",
            at(d(2022, 11, 15)),
        );
        assert_eq!(got[1].kind, TimeKind::Offset);
        assert_eq!(got[1].date, Some(d(2022, 11, 9)));
        assert!(matches!(
            got[1].anchor.unwrap().source,
            AnchorSource::Expression { .. }
        ));
    }

    #[test]
    fn expression_table() {
        // Anchor: Tuesday 2022-11-15.
        let a = at(d(2022, 11, 15));
        let cases: &[(&str, &str, NaiveDate, Precision)] = &[
            (
                "It fell last Tuesday.",
                "Tuesday",
                d(2022, 11, 8),
                Precision::Day,
            ),
            (
                "It fell on Sunday.",
                "Sunday",
                d(2022, 11, 13),
                Precision::Day,
            ),
            (
                "It fell on Sunday night.",
                "Sunday night",
                d(2022, 11, 13),
                Precision::Day,
            ),
            (
                "It fell yesterday.",
                "yesterday",
                d(2022, 11, 14),
                Precision::Day,
            ),
            (
                "It fell this afternoon.",
                "this afternoon",
                d(2022, 11, 15),
                Precision::Day,
            ),
            (
                "It fell a week ago.",
                "a week ago",
                d(2022, 11, 8),
                Precision::Week,
            ),
            (
                "It fell two days ago.",
                "two days ago",
                d(2022, 11, 13),
                Precision::Day,
            ),
            (
                "It fell earlier this month.",
                "earlier this month",
                d(2022, 11, 1),
                Precision::Month,
            ),
            (
                "It fell last year.",
                "last year",
                d(2021, 1, 1),
                Precision::Year,
            ),
            (
                "It fell in mid-September.",
                "September",
                d(2022, 9, 1),
                Precision::Month,
            ),
            (
                "It fell in December.",
                "December",
                d(2021, 12, 1),
                Precision::Month,
            ),
            (
                "It will reopen in December.",
                "December",
                d(2022, 12, 1),
                Precision::Month,
            ),
            (
                "It fell on Sept. 30.",
                "Sept. 30",
                d(2022, 9, 30),
                Precision::Day,
            ),
            (
                "It fell on 11/14/2022.",
                "11/14/2022",
                d(2022, 11, 14),
                Precision::Day,
            ),
            (
                "It fell on 14.11.2022.",
                "14.11.2022",
                d(2022, 11, 14),
                Precision::Day,
            ),
            ("It fell in 2014.", "2014", d(2014, 1, 1), Precision::Year),
            (
                "It fell in September 2021.",
                "September 2021",
                d(2021, 9, 1),
                Precision::Month,
            ),
        ];
        for (text, surface, want, precision) in cases {
            let got = find_times(text, "en", a);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert!(got[0].text.ends_with(surface), "{text}: {:?}", got[0].text);
            assert_eq!(
                (got[0].date, got[0].precision),
                (Some(*want), *precision),
                "{text}"
            );
        }
        // Ambiguous numeric dates are refused.
        assert!(find_times("It fell on 03/04/2022.", "en", a).is_empty());
    }

    #[test]
    fn month_of_last_year() {
        let got = one(
            "Since June of last year it spent $114 million.",
            at(d(2003, 7, 15)),
        );
        assert_eq!(got[0].1, Some(d(2002, 6, 1)));
        assert_eq!(got[0].0, "June of last year");
    }

    #[test]
    fn ranges_merge() {
        let got = find_times(
            "From August to October, losses mounted.",
            "en",
            at(d(2022, 11, 9)),
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].kind, TimeKind::Range);
        let b = got[0].bounds.unwrap();
        assert_eq!((b.earliest, b.latest), (d(2022, 8, 1), d(2022, 10, 31)));
    }

    #[test]
    fn ambiguous_numeric_and_quantities_are_not_dates() {
        let a = at(d(2022, 11, 15));
        assert!(one("Some 2000 troops and 9,500 people.", a).is_empty());
        assert!(one("It rose 5 percent in the quarter.", a).is_empty());
    }

    #[test]
    fn writing_weekday_is_the_end_of_the_shortest_run() {
        let p = Prepared::new(
            "Moscow ordered the retreat Wednesday. On Friday troops left. Friday was calm.",
            "en",
        );
        let raw = scan(&p);
        assert_eq!(writing_weekday(&raw), Some(Weekday::Fri));
        let p = Prepared::new("It happened Saturday and Monday.", "en");
        assert_eq!(writing_weekday(&scan(&p)), Some(Weekday::Mon));
    }
}

#[cfg(test)]
mod precision_serde {
    use super::Precision;

    #[test]
    fn serde_writes_and_reads_the_as_str_names() {
        for x in [
            Precision::Day,
            Precision::Week,
            Precision::Month,
            Precision::Year,
        ] {
            let value = serde_json::to_value(x).unwrap();
            assert_eq!(value, serde_json::Value::from(x.as_str()));
            assert_eq!(serde_json::from_value::<Precision>(value).unwrap(), x);
        }
    }
}
