//! What scanning hands to resolution: a time expression as matched ([`RawTime`]) and the
//! pieces of its pattern, before any anchor is known.

use super::*;

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

/// Whether token `i` (before `end`) is `word`.
pub(super) fn is(toks: &[Tok], i: usize, end: usize, word: &str) -> bool {
    i < end && toks[i].norm == word
}
