//! Tests of time expressions: matching, resolution against an anchor, ranges and anchors.

use super::anchors::writing_weekday;
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

/// Fuzzing found "late August" with its date (1 August) outside its bounds (21-31 August):
/// the date of a month part is the month's first day, as documented; the bounds narrow it.
#[test]
fn late_month_keeps_first_day_and_narrow_bounds() {
    let anchor = Anchor {
        date: d(2022, 11, 15),
        source: AnchorSource::Published,
    };
    let text = "Troops left on TuesdaN, y>vember 07,+22 at late  August to Ocr.";
    for t in find_times(text, "en", Some(anchor)) {
        assert!(text.get(t.range.start()..t.range.end()).is_some());
        if let (Some(date), Some(bounds)) = (t.date, t.bounds) {
            assert!(date <= bounds.latest, "{t:?}");
        }
    }
}
