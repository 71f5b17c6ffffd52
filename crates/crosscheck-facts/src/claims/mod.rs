//! Claims: the checkable statements of one document.
//!
//! A claim is a value with a subject: a number with its unit and what it counts ("115,000
//! civilians evacuated", "about 15% of Ukraine"), the date of an event ("annexed in
//! September"), or a place or direction ("moved to the left bank of the Dnieper"). The value
//! keeps its honesty: "more than 9,500" is an open interval, "between 80,000 and 100,000" a
//! closed one, "9,500" means 9,450-9,550 because that is how people round. The subject is made
//! of normalised terms (see [`SubjectNormalizer`]) so that claims about the same thing from
//! different outlets can be grouped; the attribution says whose claim it is.
//!
//! The reading is lexical and local (a window around the value in its sentence), which is
//! what makes it predictable: every claim points at the span it came from.
//!
//! Layout: this module holds the types, the entry points and the one place a claim is built
//! (`Extractor::claim`); `numbers`, `dates` and `places` find the values of each claim kind,
//! `context` decides a value's subject, negation, volatility and basis, and `events` the
//! event word a value is about.

use std::ops::Range;

use chrono::NaiveDate;
use crosscheck::{Document, TextRange};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::attribution::{Attribution, Attributions};
use crate::lexicon::{self, Aspect, Compass};
use crate::subject::SubjectNormalizer;
use crate::time::{self, Anchor, Attach, DateBounds, Precision, TimeExpr, Written};
use crate::tokens::{Prepared, Tok};

mod context;
mod dates;
mod events;
mod numbers;
mod places;
#[cfg(test)]
mod tests;

use events::EventHit;

/// What a claim states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// A number with a unit or a counted thing.
    Number,
    /// The date of an event.
    Date,
    /// A place or direction.
    Place,
}

impl ClaimKind {
    /// Lowercase name, as the report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Number => "number",
            ClaimKind::Date => "date",
            ClaimKind::Place => "place",
        }
    }
}

/// How exact a written number is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    /// As written ("9,500": still read as 9,450-9,550).
    Exact,
    /// "about", "some", "nearly", "roughly".
    About,
    /// "more than", "over", "at least".
    AtLeast,
    /// "less than", "fewer than", "up to".
    AtMost,
    /// "between 80,000 and 100,000", "7 to 8".
    Range,
}

/// A number claim's value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quantity {
    /// The number as written (the lower end of a range).
    pub value: f64,
    /// Lowest value the text allows, rounding and approximation included.
    pub low: f64,
    /// Highest value the text allows (`f64::INFINITY` for "more than").
    pub high: f64,
    /// How exact the text is.
    pub approx: Approx,
    /// Canonical unit or counted thing: "km", "%", "people", "region", "usd".
    pub unit: String,
    /// What is counted, as written ("Ukrainian regions", "civilians", "of Ukraine").
    pub counted: String,
}

/// A date claim's value: one of the document's time expressions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DateValue {
    /// The resolved day (first day of the period for coarser precision).
    pub date: Option<NaiveDate>,
    /// Every day the text can mean.
    pub bounds: Option<DateBounds>,
    /// How finely it is known.
    pub precision: Precision,
    /// What the text states outright.
    pub written: Written,
    /// Index of the expression in [`DocumentFacts::times`].
    pub time: usize,
}

/// How a place claim relates its subject to the side it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceRelation {
    /// Moving to it ("to the left bank").
    To,
    /// Moving away from it ("from the western bank").
    From,
    /// Being there ("the area east of the Dnipro").
    At,
}

/// A place claim's value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceValue {
    /// The side as written: "left bank", "western bank", "east".
    pub written: String,
    /// The compass side it means, when known (a left bank is east on a south-flowing river).
    pub side: Option<Compass>,
    /// The river or place the side is relative to, as a canonical term.
    pub landmark: Option<String>,
    /// How the subject relates to the side.
    pub relation: PlaceRelation,
    /// Where the movement ends, for movements across a river: "from the western bank" ends on
    /// the east side.
    pub destination: Option<Compass>,
}

/// A claim's value.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ClaimValue {
    /// A number.
    Quantity(Quantity),
    /// A date.
    Date(DateValue),
    /// A place or direction.
    Place(PlaceValue),
}

impl ClaimValue {
    /// A short human-readable form: "4 region", "2022-09", "east (dnipro)".
    pub fn label(&self) -> String {
        match self {
            ClaimValue::Quantity(q) => {
                let n = format_number(q.value);
                let unit = if q.unit == "%" {
                    "%".to_string()
                } else {
                    format!(" {}", q.unit)
                };
                match q.approx {
                    Approx::Exact => format!("{n}{unit}"),
                    Approx::About => format!("about {n}{unit}"),
                    Approx::AtLeast => format!("more than {n}{unit}"),
                    Approx::AtMost => format!("up to {n}{unit}"),
                    Approx::Range => {
                        format!("{}-{}{unit}", format_number(q.low), format_number(q.high))
                    }
                }
            }
            ClaimValue::Date(d) => match (d.date, d.precision) {
                (Some(date), Precision::Day) => date.format("%Y-%m-%d").to_string(),
                (Some(date), Precision::Week) => format!("week of {}", date.format("%Y-%m-%d")),
                (Some(date), Precision::Month) => date.format("%Y-%m").to_string(),
                (Some(date), Precision::Year) => date.format("%Y").to_string(),
                (None, _) => written_label(&d.written),
            },
            ClaimValue::Place(p) => {
                let side = p
                    .destination
                    .or(p.side)
                    .map_or(p.written.clone(), |c| c.as_str().to_string());
                match &p.landmark {
                    Some(l) => format!("{side} ({l})"),
                    None => side,
                }
            }
        }
    }
}

fn written_label(w: &Written) -> String {
    let mut parts = Vec::new();
    if let Some(wd) = w.weekday {
        parts.push(format!("{wd}"));
    }
    if let Some(m) = w.month {
        parts.push(format!("month {m}"));
    }
    if let Some(d) = w.day {
        parts.push(format!("day {d}"));
    }
    if let Some(y) = w.year {
        parts.push(format!("{y}"));
    }
    parts.join(" ")
}

fn format_number(x: f64) -> String {
    if x.is_infinite() {
        return "∞".to_string();
    }
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x}")
    }
}

/// What a claim is about, in normalised terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Subject {
    /// The main comparison key: the unit or counted thing for numbers, the event class for
    /// dates and places.
    pub head: String,
    /// The event the value is attached to (an event class like "withdraw", or a stem).
    pub event: Option<String>,
    /// How far along the event is ("ordered", "completed").
    pub aspect: Aspect,
    /// Canonical names near the value (places, parties).
    pub names: Vec<String>,
    /// Canonical content terms near the value, names included; sorted, without duplicates.
    pub terms: Vec<String>,
    /// Human-readable form, e.g. "annex: kherson, region, russia".
    pub label: String,
    /// Per term: whether it occurs within six tokens of the value or the event word.
    #[serde(skip)]
    pub(crate) near: Vec<bool>,
}

impl Subject {
    /// Names for a readable label: those near the value or event first, titles and
    /// institutions' common words left out.
    pub(crate) fn label_names(&self) -> Vec<&str> {
        let mut out: Vec<(bool, &str)> = self
            .names
            .iter()
            .filter(|n| {
                !matches!(
                    n.as_str(),
                    "president"
                        | "defense"
                        | "defence"
                        | "ministry"
                        | "general"
                        | "gen"
                        | "secretary"
                        | "minister"
                        | "spokesman"
                        | "river"
                        | "forces"
                        | "army"
                        | "council"
                        | "office"
                        | "department"
                )
            })
            .map(|n| {
                let near = self
                    .terms
                    .iter()
                    .position(|t| t == n)
                    .is_some_and(|i| self.near.get(i).copied().unwrap_or(false));
                (!near, n.as_str())
            })
            .collect();
        out.sort();
        out.into_iter().map(|(_, n)| n).collect()
    }

    /// Terms with their weight in comparisons: names count double, country-level names and
    /// very common words little, and words far from the value half.
    pub(crate) fn weighted(&self) -> impl Iterator<Item = (&str, f64)> + '_ {
        self.terms.iter().zip(&self.near).map(|(t, &near)| {
            let base = if crate::subject::is_broad_term(t) {
                0.3
            } else if self.names.contains(t) {
                2.0
            } else {
                1.0
            };
            (t.as_str(), if near { base } else { base * 0.5 })
        })
    }
}

/// One checkable statement of one document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Claim {
    /// Stable id: `"{document id}#c{n}"`, numbered in text order.
    pub id: String,
    /// Index of the document in the slice given.
    pub document: usize,
    /// Index of the sentence.
    pub sentence: usize,
    /// Span of the sentence that states it.
    pub range: TextRange,
    /// Span of the value as written.
    pub value_range: TextRange,
    /// The sentence text.
    pub text: String,
    /// What it states.
    pub kind: ClaimKind,
    /// What it is about.
    pub subject: Subject,
    /// The value.
    pub value: ClaimValue,
    /// Whose claim it is; `None` for the outlet's own statement.
    pub attribution: Option<Attribution>,
    /// The date is that of a statement about the event ("the ministry said Friday it has
    /// finished"): the event happened by then, not necessarily on that day.
    pub reported: bool,
    /// The figure changes over time (prices, running tolls): two reports of it disagree
    /// only if they speak of the same day.
    pub volatile: bool,
    /// The statement is negated near its event ("did not withdraw").
    pub negated: bool,
    /// Index of its group after [`crate::compare_claims`]; `None` before.
    pub group: Option<usize>,
    /// Indices of the documents that state the same (itself included), after
    /// [`crate::compare_claims`]; empty before.
    pub support: Vec<usize>,
}

/// Everything the fact stage finds in one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DocumentFacts {
    /// Index of the document.
    pub document: usize,
    /// The anchor relative dates were read against.
    pub anchor: Option<Anchor>,
    /// Every time expression, in text order.
    pub times: Vec<TimeExpr>,
    /// Every claim, in text order.
    pub claims: Vec<Claim>,
}

/// Find the time expressions and claims of `doc` (index `document` in the caller's slice),
/// reading relative dates against `anchor`.
pub fn extract_claims(
    doc: &Document,
    document: usize,
    anchor: Option<Anchor>,
    normalizer: &dyn SubjectNormalizer,
) -> DocumentFacts {
    let p = Prepared::new(&doc.text, doc.language());
    let raw = time::scan(&p);
    extract_prepared(&doc.id, &p, &raw, document, anchor, normalizer)
}

/// [`extract_claims`] on a document already tokenised and scanned for time expressions.
pub(crate) fn extract_prepared(
    id: &str,
    p: &Prepared<'_>,
    raw: &[time::RawTime],
    document: usize,
    anchor: Option<Anchor>,
    normalizer: &dyn SubjectNormalizer,
) -> DocumentFacts {
    let times = time::resolve_all(p, raw, anchor);
    let mut ex = Extractor::new(p, &times, normalizer);
    let mut claims = ex.run(document);
    for (n, c) in claims.iter_mut().enumerate() {
        c.id = format!("{id}#c{}", n + 1);
    }
    DocumentFacts {
        document,
        anchor,
        times,
        claims,
    }
}

struct Extractor<'a> {
    p: &'a Prepared<'a>,
    times: &'a [TimeExpr],
    normalizer: &'a dyn SubjectNormalizer,
    attributions: Attributions,
    in_time: Vec<bool>,
    lowercase_seen: FxHashSet<compact_str::CompactString>,
    river: Option<String>,
}

impl<'a> Extractor<'a> {
    fn new(
        p: &'a Prepared<'a>,
        times: &'a [TimeExpr],
        normalizer: &'a dyn SubjectNormalizer,
    ) -> Extractor<'a> {
        let mut in_time = vec![false; p.toks.len()];
        for t in times {
            for k in t.toks.clone() {
                if let Some(slot) = in_time.get_mut(k) {
                    *slot = true;
                }
            }
        }
        let lowercase_seen = p
            .toks
            .iter()
            .filter(|t| t.is_word() && !t.cap)
            .map(|t| t.base.clone())
            .collect();
        let attributions = Attributions::new(p);
        let mut ex = Extractor {
            p,
            times,
            normalizer,
            attributions,
            in_time,
            lowercase_seen,
            river: None,
        };
        ex.river = ex.dominant_river();
        ex
    }

    fn run(&mut self, document: usize) -> Vec<Claim> {
        let mut out = Vec::new();
        for si in 0..self.p.sents.len() {
            let sent = self.p.sents[si].toks.clone();
            self.numbers(document, si, sent.clone(), &mut out);
            self.dates(document, si, &mut out);
            self.places(document, si, sent, &mut out);
        }
        out.sort_by_key(|c| (c.value_range.start(), c.kind));
        out
    }

    fn tok(&self, k: usize) -> &Tok {
        &self.p.toks[k]
    }

    // -----------------------------------------------------------------------------------------
    // Shared parts.

    #[allow(clippy::too_many_arguments)]
    fn claim(
        &self,
        document: usize,
        si: usize,
        span: Range<usize>,
        kind: ClaimKind,
        subject: Subject,
        value: ClaimValue,
        event: Option<&EventHit>,
        volatile: bool,
    ) -> Claim {
        let sent = &self.p.sents[si];
        let negated = event.is_some_and(|e| self.negated(e.tok, sent.toks.start));
        let attribution = self
            .attributions
            .of(self.p, si, span.clone(), self.normalizer);
        Claim {
            id: String::new(),
            document,
            sentence: si,
            range: sent.range,
            value_range: self.p.span(span),
            text: sent.range.slice(self.p.text).to_string(),
            kind,
            subject,
            value,
            attribution,
            reported: false,
            volatile,
            negated,
            group: None,
            support: Vec::new(),
        }
    }
}

#[cfg(test)]
mod claim_kind_serde {
    use super::ClaimKind;

    #[test]
    fn serde_writes_and_reads_the_as_str_names() {
        for x in [ClaimKind::Number, ClaimKind::Date, ClaimKind::Place] {
            let value = serde_json::to_value(x).unwrap();
            assert_eq!(value, serde_json::Value::from(x.as_str()));
            assert_eq!(serde_json::from_value::<ClaimKind>(value).unwrap(), x);
        }
    }
}
