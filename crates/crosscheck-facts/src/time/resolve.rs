//! Resolution: a matched expression read against an anchor.
//!
//! What it decides: the calendar day and precision of each expression and the [`DateBounds`]
//! it can mean, by news conventions (a bare weekday or a yearless date is the most recent one on
//! or before the anchor unless the clause speaks of the future; "six weeks ago" is give or take
//! a week); an expression with no anchor keeps its written form and no date.

use super::calendar::{future_year_date, most_recent, next_on_or_after, past_year_date};
use super::raw::{Part, Qualifier, RawTime, Shift, Spec, Unit};
use super::*;

/// Resolve scanned expressions against `anchor`.
pub(crate) fn resolve_all(
    p: &Prepared<'_>,
    raw: &[RawTime],
    anchor: Option<Anchor>,
) -> Vec<TimeExpr> {
    let mut out: Vec<TimeExpr> = Vec::with_capacity(raw.len());
    // Indices into `out`, kept as it grows so that an offset finds its reference without a
    // scan over every earlier expression (quadratic on "two days after" repeated): the last
    // expression with bounds, and per sentence the last one with bounds that is no offset.
    let mut last_bounded: Option<usize> = None;
    let mut last_reference: rustc_hash::FxHashMap<usize, usize> = Default::default();
    // Per sentence, the non-offset raw expressions in order.
    let mut later_by_sentence: rustc_hash::FxHashMap<usize, Vec<&RawTime>> = Default::default();
    for x in raw {
        if !matches!(x.spec, Spec::Offset { .. }) {
            later_by_sentence.entry(x.sentence).or_default().push(x);
        }
    }
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
            let same_sentence_before = last_reference.get(&r.sentence).and_then(|&k| out.get(k));
            let reference = same_sentence_before.cloned().or_else(|| {
                let after = later_by_sentence
                    .get(&r.sentence)
                    .and_then(|xs| xs.iter().find(|x| x.toks.start >= r.toks.end))
                    .map(|x| {
                        let mut e = resolve_one(x, anchor);
                        e.range = p.span(x.toks.clone());
                        e
                    });
                after.filter(|e| e.bounds.is_some()).or_else(|| {
                    if following {
                        None
                    } else {
                        last_bounded.and_then(|k| out.get(k)).cloned()
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
        if expr.bounds.is_some() {
            last_bounded = Some(out.len());
            if expr.kind != TimeKind::Offset {
                last_reference.insert(expr.sentence, out.len());
            }
        }
        out.push(expr);
    }
    out
}

pub(super) fn add_units(date: NaiveDate, unit: Unit, n: i64) -> Option<NaiveDate> {
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

pub(super) fn month_bounds(year: i32, month: u32, part: Option<Part>) -> Option<DateBounds> {
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

pub(super) fn resolve_one(r: &RawTime, anchor: Option<Anchor>) -> TimeExpr {
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
