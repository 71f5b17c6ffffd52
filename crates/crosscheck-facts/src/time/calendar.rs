//! Calendar arithmetic: the nearest date with a given month and day or weekday.

use super::*;

/// The most recent (month, day) on or before `anchor`.
pub(super) fn past_year_date(month: u32, day: u32, anchor: NaiveDate) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(anchor.year(), month, day);
    match this {
        Some(d) if d <= anchor => Some(d),
        _ => NaiveDate::from_ymd_opt(anchor.year() - 1, month, day),
    }
}

pub(super) fn future_year_date(month: u32, day: u32, anchor: NaiveDate) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(anchor.year(), month, day);
    match this {
        Some(d) if d >= anchor => Some(d),
        _ => NaiveDate::from_ymd_opt(anchor.year() + 1, month, day),
    }
}

/// The most recent `weekday` on or before `date`.
pub(super) fn most_recent(weekday: Weekday, date: NaiveDate) -> NaiveDate {
    let back = (date.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
    date.checked_sub_days(Days::new(u64::from(back)))
        .unwrap_or(date)
}

/// The first `weekday` on or after `date`.
pub(super) fn next_on_or_after(weekday: Weekday, date: NaiveDate) -> NaiveDate {
    let fwd = (weekday.num_days_from_monday() + 7 - date.weekday().num_days_from_monday()) % 7;
    date.checked_add_days(Days::new(u64::from(fwd)))
        .unwrap_or(date)
}
