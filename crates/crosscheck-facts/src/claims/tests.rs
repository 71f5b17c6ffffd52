//! Tests of claim extraction on short texts: numbers, dates, places.

use super::*;
use crate::subject::DefaultNormalizer;
use crate::time::AnchorSource;
use crosscheck::ingest::{build_from_text, IngestOptions};

fn claims(text: &str, published: Option<NaiveDate>) -> Vec<Claim> {
    let doc = build_from_text("t", text, &IngestOptions::default()).expect("doc");
    let anchor = published.map(|date| Anchor {
        date,
        source: AnchorSource::Published,
    });
    extract_claims(&doc, 0, anchor, &DefaultNormalizer).claims
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

#[test]
fn numbers_with_units_and_approximation() {
    let c = claims(
        "More than 115,000 civilians were evacuated. The regions make up about 15% of Ukraine. Between 80,000 and 100,000 people remain.",
        None,
    );
    let q: Vec<&Quantity> = c
        .iter()
        .filter_map(|c| match &c.value {
            ClaimValue::Quantity(q) => Some(q),
            _ => None,
        })
        .collect();
    assert_eq!(q.len(), 3, "{c:#?}");
    assert_eq!(
        (q[0].approx, q[0].unit.as_str()),
        (Approx::AtLeast, "people")
    );
    assert_eq!(q[0].low, 115_000.0);
    assert_eq!((q[1].approx, q[1].unit.as_str()), (Approx::About, "%"));
    assert!(q[1].low < 13.0 && q[1].high > 17.0);
    assert_eq!(q[2].approx, Approx::Range);
    assert!(q[2].low <= 80_000.0 && q[2].high >= 100_000.0);
    assert_eq!(c[0].subject.event.as_deref(), Some("evacuate"));
}

#[test]
fn dates_attach_to_their_event() {
    let c = claims(
        "Kherson was one of four Ukrainian regions illegally annexed by Russia in September.",
        Some(d(2022, 11, 11)),
    );
    let date = c
        .iter()
        .find(|c| c.kind == ClaimKind::Date)
        .expect("date claim");
    assert_eq!(date.subject.event.as_deref(), Some("annex"));
    assert!(date.subject.names.contains(&"kherson".to_string()));
    let n = c
        .iter()
        .find(|c| c.kind == ClaimKind::Number)
        .expect("number claim");
    match &n.value {
        ClaimValue::Quantity(q) => assert_eq!((q.value, q.unit.as_str()), (4.0, "region")),
        v => panic!("{v:?}"),
    }
}

#[test]
fn statement_dates_date_the_reported_event() {
    let c = claims(
        "The Russian Defense Ministry said Friday it has finished withdrawing troops from the western bank of the Dnipro River.",
        Some(d(2022, 11, 11)),
    );
    let date = c.iter().find(|c| c.kind == ClaimKind::Date).expect("date");
    assert!(date.reported);
    assert_eq!(date.subject.event.as_deref(), Some("withdraw"));
    assert_eq!(date.subject.aspect, Aspect::Complete);
    let place = c
        .iter()
        .find(|c| c.kind == ClaimKind::Place)
        .expect("place");
    match &place.value {
        ClaimValue::Place(p) => {
            assert_eq!(p.relation, PlaceRelation::From);
            assert_eq!(p.destination, Some(Compass::East));
        }
        v => panic!("{v:?}"),
    }
    assert!(place.attribution.is_some());
}

#[test]
fn left_bank_of_the_dnieper_is_east() {
    let c = claims(
        "Moscow ordered its troops to move to the left bank of the Dnieper River.",
        None,
    );
    let place = c
        .iter()
        .find(|c| c.kind == ClaimKind::Place)
        .expect("place");
    match &place.value {
        ClaimValue::Place(p) => {
            assert_eq!(p.side, Some(Compass::East));
            assert_eq!(p.destination, Some(Compass::East));
            assert_eq!(p.landmark.as_deref(), Some("dnipro"));
        }
        v => panic!("{v:?}"),
    }
}

#[test]
fn only_is_a_count_of_one() {
    let c = claims(
        "Kherson was the only Ukrainian regional capital that Russian forces had captured.",
        None,
    );
    let n = c
        .iter()
        .find(|c| c.kind == ClaimKind::Number)
        .expect("claim");
    match &n.value {
        ClaimValue::Quantity(q) => assert_eq!((q.value, q.unit.as_str()), (1.0, "capital")),
        v => panic!("{v:?}"),
    }
    assert!(n.subject.terms.contains(&"region".to_string()));
}
