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
//!
//! Layout: this module holds the types and [`find_times`]; `patterns` matches expressions
//! (anchor-independent), `clock` joins clock times to their day, `resolve` reads matches
//! against an anchor, and `anchors` decides the anchor of a document.

use std::ops::Range;

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};
use crosscheck::{Document, TextRange};
use serde::{Deserialize, Serialize};

use crate::lexicon;
use crate::tokens::{Prepared, Tok};

mod anchors;
mod calendar;
mod clock;
mod patterns;
mod raw;
mod resolve;
#[cfg(test)]
mod tests;

pub(crate) use anchors::{anchors_for, scan_with_spans, AnchorInput};
pub use anchors::{document_anchor, story_anchors};
pub(crate) use patterns::scan;
pub(crate) use raw::RawTime;
pub(crate) use resolve::resolve_all;

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
/// set, except that a part of a month ("late August": bounds 21-31 August) keeps the month's
/// first day as its `date`; `date` and `bounds` are `None` only when the expression needs an anchor and none was
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
