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
    lowercase_seen: FxHashSet<String>,
    river: Option<String>,
}

/// Words after "the only" that make no checkable claim ("the only way").
fn vague_head(word: &str) -> bool {
    matches!(
        word,
        "way"
            | "one"
            | "thing"
            | "things"
            | "time"
            | "option"
            | "reason"
            | "person"
            | "choice"
            | "hope"
            | "question"
            | "answer"
            | "problem"
            | "difference"
            | "place"
            | "people"
    )
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

    /// The river the document names most (for "the left bank" without "of the ...").
    fn dominant_river(&self) -> Option<String> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for (i, t) in self.p.toks.iter().enumerate() {
            if !t.is_word() || !t.cap {
                continue;
            }
            let next_is_river = self.p.toks.get(i + 1).is_some_and(|n| n.norm == "river");
            let term = self.normalizer.term(&t.base, true).unwrap_or_default();
            if next_is_river || lexicon::river_flow(&term).is_some() {
                match counts.iter_mut().find(|(n, _)| *n == term) {
                    Some((_, c)) => *c += 1,
                    None => counts.push((term, 1)),
                }
            }
        }
        counts.into_iter().max_by_key(|(_, c)| *c).map(|(n, _)| n)
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
    // Numbers.

    fn numbers(&self, document: usize, si: usize, sent: Range<usize>, out: &mut Vec<Claim>) {
        let toks = &self.p.toks;
        let mut i = sent.start;
        while i < sent.end {
            if self.in_time[i] {
                i += 1;
                continue;
            }
            // "the only regional capital": a count of one.
            if toks[i].norm == "the"
                && i + 1 < sent.end
                && matches!(toks[i + 1].norm.as_str(), "only" | "lone" | "sole")
            {
                if let Some(claim) = self.only_claim(document, si, i, sent.clone()) {
                    out.push(claim);
                }
                i += 2;
                continue;
            }
            match self.quantity_at(i, sent.clone()) {
                Some((q, span, value_end)) => {
                    let next = span.end;
                    if let Some(claim) =
                        self.number_claim(document, si, q, span, value_end, sent.clone())
                    {
                        out.push(claim);
                    }
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
    }

    fn parse_number(tok: &Tok) -> Option<(f64, f64)> {
        // Returns (value, rounding granularity).
        if tok.is_number() {
            let s = tok.norm.as_str();
            if !s
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
            {
                return None;
            }
            let clean: String = s.chars().filter(|c| *c != ',').collect();
            let v: f64 = clean.parse().ok()?;
            let g = match clean.split_once('.') {
                Some((_, dec)) => 10f64.powi(-(dec.len() as i32)),
                None => {
                    let zeros = clean.bytes().rev().take_while(|b| *b == b'0').count();
                    if v >= 100.0 && zeros > 0 && zeros < clean.len() {
                        10f64.powi(zeros as i32)
                    } else {
                        1.0
                    }
                }
            };
            return Some((v, g));
        }
        let v = lexicon::number_word(&tok.norm)?;
        if v < 2.0 {
            return None;
        }
        Some((v, 1.0))
    }

    /// The number at token `k` with its rounding granularity: digits (".20" included) or a
    /// number word from two up.
    fn number_at(&self, k: usize) -> Option<(f64, f64)> {
        let toks = &self.p.toks;
        let t = toks.get(k)?;
        // ".20": a decimal point the tokeniser split off.
        if t.is_number()
            && k > 0
            && toks[k - 1].norm == "."
            && !t.space_before
            && (k < 2 || toks[k - 1].space_before)
            && t.norm.bytes().all(|b| b.is_ascii_digit())
        {
            let v: f64 = format!("0.{}", t.norm).parse().ok()?;
            return Some((v, 10f64.powi(-(t.norm.len() as i32))));
        }
        Self::parse_number(t)
    }

    /// A scale word at `k` ("million", or "-million" as in "$70-million"): its multiplier and
    /// the tokens it takes.
    fn scale_at(&self, k: usize, end: usize) -> Option<(f64, usize)> {
        let toks = &self.p.toks;
        let w = |i: usize| (i < end).then(|| toks[i].norm.as_str());
        if let Some(s) = w(k).and_then(lexicon::scale_word) {
            return Some((s, 1));
        }
        if w(k) == Some("-") {
            if let Some(s) = w(k + 1).and_then(lexicon::scale_word) {
                return Some((s, 2));
            }
        }
        None
    }

    /// A percent sign or word at `k`, and the tokens it takes.
    fn percent_at(&self, k: usize, end: usize) -> Option<usize> {
        let toks = &self.p.toks;
        let w = |i: usize| (i < end).then(|| toks[i].norm.as_str());
        match (w(k), w(k + 1)) {
            (Some("%" | "percent" | "pct"), _) => Some(1),
            (Some("per"), Some("cent")) => Some(2),
            _ => None,
        }
    }

    /// A currency before token `k` ("$", "US$", "A$", "€"): its unit and the first token.
    fn currency_before(&self, k: usize, start: usize) -> Option<(String, usize)> {
        let toks = &self.p.toks;
        if k == start || k == 0 {
            return None;
        }
        let sym = toks[k - 1].norm.as_str();
        let unit = match sym {
            "$" | "us$" => "usd",
            "€" => "eur",
            "£" => "gbp",
            _ => return None,
        };
        // "US$", "A$", "C$" written as two tokens.
        if sym == "$" && k >= start + 2 && !toks[k - 1].space_before {
            match toks[k - 2].norm.as_str() {
                "us" => return Some(("usd".to_string(), k - 2)),
                "a" => return Some(("aud".to_string(), k - 2)),
                "c" => return Some(("cad".to_string(), k - 2)),
                _ => {}
            }
        }
        Some((unit.to_string(), k - 1))
    }

    /// A quantity starting at token `i`: the value, the span of its tokens (qualifier and
    /// counted phrase included) and the end of the number part (where the counted phrase starts).
    fn quantity_at(&self, i: usize, sent: Range<usize>) -> Option<(Quantity, Range<usize>, usize)> {
        let toks = &self.p.toks;
        let (mut value, mut gran) = self.number_at(i)?;
        let next = |k: usize| (k < sent.end).then(|| toks[k].norm.as_str());
        let prev = |k: usize| (k > sent.start).then(|| toks[k - 1].norm.as_str());
        // Not counts: clock times, codes, ages, parts of a count ("the other two"), the count
        // of "one of four" (the second number is).
        if matches!(
            next(i + 1),
            Some(":" | "a.m" | "p.m" | "am" | "pm" | "o'clock")
        ) || matches!(prev(i), Some("no" | "#" | "g")) && !toks[i].space_before
            || matches!(
                prev(i),
                Some("other" | "another" | "remaining" | "additional" | "further" | "extra" | "(")
            )
            || next(i + 1) == Some("-")
                && matches!(next(i + 2), Some("year" | "years" | "day" | "month"))
            || next(i + 1) == Some("of") && self.number_at(i + 2).is_some()
        {
            return None;
        }
        // Scores and tallies: "23 to 8", "3-1".
        let is_joiner =
            |k: usize| k < sent.end && matches!(toks[k].norm.as_str(), "to" | "-" | "–");
        if is_joiner(i + 1) && self.number_at(i + 2).is_some_and(|(o, _)| o < value) {
            return None;
        }
        if i >= sent.start + 2
            && is_joiner(i - 1)
            && self.number_at(i - 2).is_some_and(|(o, _)| o > value)
        {
            return None;
        }
        let (mut unit, start) = match self.currency_before(i, sent.start) {
            Some((u, s)) => (Some(u), s),
            None => (None, i),
        };
        let mut j = i + 1;
        if let Some((scale, n)) = self.scale_at(j, sent.end) {
            value *= scale;
            gran *= scale;
            j += n;
        }
        if let Some(n) = self.percent_at(j, sent.end) {
            unit = Some("%".to_string());
            j += n;
        }
        // Ranges: "7 to 8", "80,000-100,000", "between $100 and $150", "1 percent to 3 percent".
        let mut high = None;
        let between = start > sent.start && toks[start - 1].norm == "between";
        let joined = matches!(next(j), Some("to" | "-" | "–")) || between && next(j) == Some("and");
        if joined {
            let mut k = j + 1;
            while k < sent.end
                && k <= j + 2
                && matches!(toks[k].norm.as_str(), "$" | "us" | "us$" | "€" | "£")
            {
                k += 1;
            }
            if let Some((mut h, _)) = self.number_at(k) {
                let mut e = k + 1;
                if let Some((scale, n)) = self.scale_at(e, sent.end) {
                    h *= scale;
                    e += n;
                    // "1 to 2 million": the scale belongs to both ends.
                    if j == i + 1 {
                        value *= scale;
                    }
                }
                if let Some(n) = self.percent_at(e, sent.end) {
                    unit = Some("%".to_string());
                    e += n;
                }
                if h >= value {
                    high = Some(h);
                    j = e;
                }
            }
        }
        let qualifier_start = if between { start - 1 } else { start };
        let (approx, qstart) = self.qualifier_before(qualifier_start, sent.start);
        let approx = if high.is_some() {
            Approx::Range
        } else {
            approx
        };
        // What is counted.
        let (counted_range, head_tok) = self.counted_after(j, sent.clone(), unit.is_some());
        let counted = counted_range
            .clone()
            .map(|r| self.p.span(r).slice(self.p.text).to_string())
            .unwrap_or_default();
        if unit.is_none() {
            let head = head_tok?;
            unit = self.normalizer.term(&toks[head].base, false);
        }
        let mut unit = unit?;
        // A bare year-like number before a name is not a count ("1987 Ford").
        if (1900.0..=2100.0).contains(&value)
            && gran == 1.0
            && approx == Approx::Exact
            && unit != "%"
            && head_tok.is_some_and(|h| self.tok(h).cap)
        {
            return None;
        }
        // Round numbers are rounded: "9,500" is 9,450-9,550, but "100,000" is not 50,000-150,000.
        let half = if gran == 1.0 {
            0.0
        } else {
            gran.min(value / 10.0)
                .max(if gran < 1.0 { gran } else { 0.0 })
                / 2.0
        };
        let (mut low, mut hi) = match (approx, high) {
            (Approx::Range, Some(h)) => (value, h),
            (Approx::About, _) => (value * 0.85 - half, value * 1.15 + half),
            (Approx::AtLeast, _) => (value, f64::INFINITY),
            (Approx::AtMost, _) => (0.0, value + half),
            _ => (value - half, value + half),
        };
        // One unit per dimension, so that "90 miles" and "150 kilometres" can be compared.
        if let Some((canonical, factor)) = lexicon::unit_conversion(&unit) {
            unit = canonical.to_string();
            value *= factor;
            low *= factor;
            hi *= factor;
        }
        let end = counted_range.map_or(j, |r| r.end.max(j));
        Some((
            Quantity {
                value,
                low: low.max(0.0),
                high: hi,
                approx,
                unit,
                counted,
            },
            qstart.min(start)..end,
            j,
        ))
    }

    fn qualifier_before(&self, start: usize, sent_start: usize) -> (Approx, usize) {
        let toks = &self.p.toks;
        let w = |k: usize| toks[k].norm.as_str();
        if start >= sent_start + 2 {
            match (w(start - 2), w(start - 1)) {
                ("more" | "greater", "than")
                | ("at", "least")
                | ("just", "over")
                | ("as", "many") => return (Approx::AtLeast, start - 2),
                ("less" | "fewer", "than") | ("up", "to") | ("no", "more") => {
                    return (Approx::AtMost, start - 2)
                }
                _ => {}
            }
        }
        if start > sent_start {
            match w(start - 1) {
                "over" | "exceeding" => return (Approx::AtLeast, start - 1),
                "under" | "nearly" | "almost" => return (Approx::AtMost, start - 1),
                "about" | "around" | "some" | "roughly" | "approximately" | "circa"
                | "estimated" => return (Approx::About, start - 1),
                _ => {}
            }
        }
        (Approx::Exact, start)
    }

    /// The counted noun phrase starting at `j` and its head token.
    fn counted_after(
        &self,
        j: usize,
        sent: Range<usize>,
        has_unit: bool,
    ) -> (Option<Range<usize>>, Option<usize>) {
        let toks = &self.p.toks;
        let mut k = j;
        // "% of Ukraine", "$2.5 billion for ...": the object after "of".
        if has_unit && k < sent.end && toks[k].norm == "of" {
            k += 1;
            while k < sent.end
                && matches!(toks[k].norm.as_str(), "the" | "a" | "an" | "its" | "their")
            {
                k += 1;
            }
        }
        let start = k;
        let mut head = None;
        while k < sent.end && k - start < 3 {
            let t = &toks[k];
            if !t.is_word() || self.in_time[k] {
                break;
            }
            let w = t.norm.as_str();
            if lexicon::is_stopword(w) || w.ends_with("ly") && !t.cap {
                break;
            }
            // Verb forms end the phrase ("regions annexed", "people living").
            if !t.cap && k > start && (w.ends_with("ed") || w.ends_with("ing")) {
                break;
            }
            // A name after common words is another phrase ("9,500 people Kherson").
            if t.cap && k > start && !toks[k - 1].cap {
                break;
            }
            head = Some(k);
            k += 1;
            // A unit of measure is the whole thing counted ("90 miles north").
            if k == start + 1 && lexicon::alias(&t.base).is_some_and(lexicon::is_measure_unit) {
                break;
            }
        }
        if head.is_none() {
            return (None, None);
        }
        (Some(start..k), head)
    }

    fn number_claim(
        &self,
        document: usize,
        si: usize,
        q: Quantity,
        span: Range<usize>,
        value_end: usize,
        sent: Range<usize>,
    ) -> Option<Claim> {
        let event = self
            .find_event(si, span.clone(), Attach::Nearest)
            .filter(|e| !e.statement);
        let value_toks = span.start..value_end.min(span.end);
        let head = match self.basis(sent.clone(), value_end, span.start) {
            Some(basis) => format!("{} {basis}", q.unit),
            None => q.unit.clone(),
        };
        let mut subject = self.subject(sent.clone(), value_toks, event.as_ref(), head);
        // What a percentage is of belongs to its subject ("15% of Ukraine").
        if q.unit == "%" {
            for w in q.counted.split_whitespace() {
                let lower = crosscheck::text::normalize_word(w);
                if let Some(t) = self
                    .normalizer
                    .term(crate::tokens::strip_possessive(&lower), true)
                {
                    if !subject.terms.contains(&t) {
                        subject.terms.push(t);
                    }
                }
            }
            subject.terms.sort();
        }
        let volatile = self.volatile(sent.clone(), span.clone());
        Some(self.claim(
            document,
            si,
            span,
            ClaimKind::Number,
            subject,
            ClaimValue::Quantity(q),
            event.as_ref(),
            volatile,
        ))
    }

    fn only_claim(
        &self,
        document: usize,
        si: usize,
        i: usize,
        sent: Range<usize>,
    ) -> Option<Claim> {
        let (range, head) = self.counted_after(i + 2, sent.clone(), false);
        let head = head?;
        let range = range?;
        let head_word = &self.tok(head).base;
        if vague_head(head_word) {
            return None;
        }
        let unit = self.normalizer.term(head_word, false)?;
        let counted = self.p.span(range.clone()).slice(self.p.text).to_string();
        let q = Quantity {
            value: 1.0,
            low: 1.0,
            high: 1.0,
            approx: Approx::Exact,
            unit: unit.clone(),
            counted,
        };
        let span = i..range.end;
        let event = self
            .find_event(si, span.clone(), Attach::Nearest)
            .filter(|e| !e.statement);
        let subject = self.subject(sent, i..i + 2, event.as_ref(), unit);
        Some(self.claim(
            document,
            si,
            span,
            ClaimKind::Number,
            subject,
            ClaimValue::Quantity(q),
            event.as_ref(),
            false,
        ))
    }

    // -----------------------------------------------------------------------------------------
    // Dates.

    fn dates(&self, document: usize, si: usize, out: &mut Vec<Claim>) {
        let sent = self.p.sents[si].toks.clone();
        for (ti, t) in self.times.iter().enumerate() {
            if t.sentence != si {
                continue;
            }
            let possessive = t.toks.end > t.toks.start
                && self.tok(t.toks.end - 1).norm != self.tok(t.toks.end - 1).base;
            let attach = if possessive {
                Attach::Following
            } else {
                t.attach
            };
            let Some(event) = self.find_event(si, t.toks.clone(), attach) else {
                continue;
            };
            if event.statement {
                continue;
            }
            let subject = self.subject(
                sent.clone(),
                t.toks.clone(),
                Some(&event),
                event.class.clone(),
            );
            let value = ClaimValue::Date(DateValue {
                date: t.date,
                bounds: t.bounds,
                precision: t.precision,
                written: t.written,
                time: ti,
            });
            let mut claim = self.claim(
                document,
                si,
                t.toks.clone(),
                ClaimKind::Date,
                subject,
                value,
                Some(&event),
                false,
            );
            claim.reported = event.reported;
            out.push(claim);
        }
    }

    // -----------------------------------------------------------------------------------------
    // Places and directions.

    fn places(&self, document: usize, si: usize, sent: Range<usize>, out: &mut Vec<Claim>) {
        let toks = &self.p.toks;
        let mut k = sent.start;
        while k < sent.end {
            let t = &toks[k];
            let w = t.norm.as_str();
            // "(the) left/right/eastern bank (of the X)".
            if matches!(w, "bank" | "banks") && k > sent.start {
                let side_tok = k - 1;
                let sw = toks[side_tok].norm.as_str();
                let side_word = match sw {
                    "left" | "right" => Some(sw),
                    _ => lexicon::compass(sw).map(|_| sw),
                };
                if let Some(side_word) = side_word {
                    let landmark = self
                        .landmark_after(k + 1, sent.end)
                        .or_else(|| self.river.clone());
                    let side =
                        match side_word {
                            "left" | "right" => landmark
                                .as_deref()
                                .and_then(lexicon::river_flow)
                                .map(|flow| {
                                    if side_word == "left" {
                                        flow.left_of()
                                    } else {
                                        flow.left_of().opposite()
                                    }
                                }),
                            other => lexicon::compass(other),
                        };
                    let relation = self.relation_before(side_tok, sent.start);
                    let span = side_tok..k + 1;
                    if let Some(c) = self.place_claim(
                        document,
                        si,
                        sent.clone(),
                        span,
                        format!("{side_word} bank"),
                        side,
                        landmark,
                        relation,
                        true,
                    ) {
                        out.push(c);
                    }
                }
                k += 1;
                continue;
            }
            // "east of the Dnipro", "to the east".
            if let Some(c) =
                lexicon::compass(w).filter(|_| matches!(w, "north" | "south" | "east" | "west"))
            {
                let of = k + 1 < sent.end && toks[k + 1].norm == "of";
                let to_the = k >= sent.start + 2
                    && toks[k - 1].norm == "the"
                    && matches!(toks[k - 2].norm.as_str(), "to" | "toward" | "towards");
                if of {
                    let landmark = self.landmark_after(k + 2, sent.end);
                    if landmark.is_some() {
                        let relation = self.relation_before(k, sent.start);
                        let is_river = landmark.as_deref().and_then(lexicon::river_flow).is_some()
                            || self.next_words_have_river(k + 2, sent.end);
                        let span = k..(k + 2);
                        if let Some(claim) = self.place_claim(
                            document,
                            si,
                            sent.clone(),
                            span,
                            w.to_string(),
                            Some(c),
                            landmark,
                            relation,
                            is_river,
                        ) {
                            out.push(claim);
                        }
                    }
                } else if to_the {
                    let span = (k - 2)..(k + 1);
                    if let Some(claim) = self.place_claim(
                        document,
                        si,
                        sent.clone(),
                        span,
                        w.to_string(),
                        Some(c),
                        None,
                        PlaceRelation::To,
                        false,
                    ) {
                        out.push(claim);
                    }
                }
            }
            k += 1;
        }
    }

    fn next_words_have_river(&self, k: usize, end: usize) -> bool {
        (k..end.min(k + 4)).any(|i| self.tok(i).norm == "river")
    }

    /// "of the Dnieper River" / "of the Dnipro" after a side word: the landmark's term.
    fn landmark_after(&self, k: usize, end: usize) -> Option<String> {
        let toks = &self.p.toks;
        let mut i = k;
        if i < end && toks[i].norm == "of" {
            i += 1;
        } else if k == end || toks[k].norm != "the" {
            return None;
        }
        while i < end && matches!(toks[i].norm.as_str(), "the" | "a") {
            i += 1;
        }
        // The first capitalised word; skip "River" and "city" suffixes.
        let t = toks.get(i).filter(|t| i < end && t.is_word() && t.cap)?;
        self.normalizer.term(&t.base, true)
    }

    fn relation_before(&self, k: usize, start: usize) -> PlaceRelation {
        let from = k.saturating_sub(6).max(start);
        for i in (from..k).rev() {
            match self.tok(i).norm.as_str() {
                "to" | "toward" | "towards" | "onto" | "into" => return PlaceRelation::To,
                "from" | "off" | "leaving" | "left" | "leave" => return PlaceRelation::From,
                "on" | "at" | "in" | "along" | "of" => return PlaceRelation::At,
                _ => {}
            }
        }
        PlaceRelation::At
    }

    #[allow(clippy::too_many_arguments)]
    fn place_claim(
        &self,
        document: usize,
        si: usize,
        sent: Range<usize>,
        span: Range<usize>,
        written: String,
        side: Option<Compass>,
        landmark: Option<String>,
        relation: PlaceRelation,
        across_river: bool,
    ) -> Option<Claim> {
        let event = self.find_event(si, span.clone(), Attach::Either)?;
        if event.statement {
            return None;
        }
        let movement = event.class == "withdraw" || event.class == "cross";
        let destination = match (
            movement && (across_river || relation != PlaceRelation::From),
            relation,
            side,
        ) {
            (true, PlaceRelation::To, Some(s)) => Some(s),
            (true, PlaceRelation::From, Some(s)) if across_river => Some(s.opposite()),
            _ => None,
        };
        if side.is_none()
            && destination.is_none()
            && !matches!(written.as_str(), "left bank" | "right bank")
        {
            return None;
        }
        let head = if movement {
            "withdraw".to_string()
        } else {
            event.class.clone()
        };
        let mut subject = self.subject(sent, span.clone(), Some(&event), head);
        if let Some(l) = &landmark {
            if !subject.terms.contains(l) {
                subject.terms.push(l.clone());
                subject.terms.sort();
            }
        }
        let value = ClaimValue::Place(PlaceValue {
            written,
            side,
            landmark,
            relation,
            destination,
        });
        Some(self.claim(
            document,
            si,
            span,
            ClaimKind::Place,
            subject,
            value,
            Some(&event),
            false,
        ))
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

    fn negated(&self, event_tok: usize, sent_start: usize) -> bool {
        let from = event_tok.saturating_sub(3).max(sent_start);
        (from..event_tok).any(|k| {
            let w = self.tok(k).norm.as_str();
            matches!(w, "not" | "never" | "no" | "neither" | "nor") || w.ends_with("n't")
        })
    }

    /// Whether a figure changes over time: prices, market moves, running counts ("so far",
    /// "as of", tolls, cases), changes ("up 5%", "rose by 2 percent").
    fn volatile(&self, sent: Range<usize>, span: Range<usize>) -> bool {
        let from = span.start.saturating_sub(8).max(sent.start);
        let to = (span.end + 8).min(sent.end);
        let word = |k: usize| self.tok(k).norm.as_str();
        // A change right before the figure: "up 5.6%", "shot up 38 percent", "rose by 2".
        let before = span.start.saturating_sub(3).max(sent.start)..span.start;
        if before.clone().any(|k| {
            matches!(
                word(k),
                "up" | "down" | "by" | "added" | "shed" | "lost" | "cut"
            )
        }) {
            return true;
        }
        (from..to).any(|k| {
            let w = word(k);
            let next = (k + 1 < sent.end).then(|| word(k + 1));
            matches!(lexicon::event_class(w), Some("rise" | "fall"))
                || matches!(
                    (w, next),
                    ("so", Some("far"))
                        | ("to", Some("date"))
                        | ("as", Some("of"))
                        | ("by", Some("today"))
                )
                || matches!(
                    w,
                    "shares"
                        | "share"
                        | "stock"
                        | "stocks"
                        | "price"
                        | "prices"
                        | "priced"
                        | "cost"
                        | "costs"
                        | "costing"
                        | "worth"
                        | "valued"
                        | "index"
                        | "toll"
                        | "tolls"
                        | "cases"
                        | "infections"
                        | "infected"
                        | "trading"
                        | "traded"
                        | "closed"
                        | "close"
                        | "closing"
                        | "yield"
                        | "yields"
                        | "rate"
                        | "rates"
                        | "lower"
                        | "higher"
                        | "nasdaq"
                        | "dow"
                        | "futures"
                        | "cents"
                        | "points"
                        | "poll"
                        | "polls"
                        | "estimate"
                        | "estimated"
                        | "expects"
                        | "expected"
                        | "forecast"
                        | "quarter"
                        | "earnings"
                        | "revenue"
                        | "profit"
                        | "sales"
                )
        })
    }

    /// What a figure is counted per ("each", "per year", "a game", "combined"): two figures
    /// on different bases are different subjects.
    fn basis(&self, sent: Range<usize>, value_end: usize, start: usize) -> Option<String> {
        let word = |k: usize| self.tok(k).norm.as_str();
        let after = value_end..(value_end + 5).min(sent.end);
        for k in after.chain(start.saturating_sub(2).max(sent.start)..start) {
            match word(k) {
                "each" | "apiece" => return Some("each".to_string()),
                "combined" | "altogether" | "total" => return Some("total".to_string()),
                "per" | "a" | "an" if k + 1 < sent.end => {
                    let unit = word(k + 1);
                    if matches!(
                        unit,
                        "year"
                            | "month"
                            | "week"
                            | "day"
                            | "hour"
                            | "game"
                            | "share"
                            | "person"
                            | "head"
                            | "capita"
                            | "barrel"
                            | "ton"
                            | "tonne"
                            | "ounce"
                            | "night"
                    ) {
                        return Some(format!("per {unit}"));
                    }
                }
                "annual" | "annually" | "yearly" => return Some("per year".to_string()),
                "weekly" => return Some("per week".to_string()),
                "monthly" => return Some("per month".to_string()),
                "daily" => return Some("per day".to_string()),
                _ => {}
            }
        }
        None
    }

    /// Whether token `k` is a name: capitalised inside a sentence, or capitalised at its start
    /// and never written in lowercase in the document.
    fn is_name(&self, k: usize) -> bool {
        let t = self.tok(k);
        if !t.is_word() || !t.cap {
            return false;
        }
        if lexicon::month(&t.base).is_some() || lexicon::weekday(&t.base).is_some() {
            return false;
        }
        !t.sentence_start
            || !lexicon::is_stopword(&t.norm) && !self.lowercase_seen.contains(&t.base)
    }

    /// The subject of a value at `span` in `sent`: terms from a window around the value (and
    /// the event word), within the clause.
    fn subject(
        &self,
        sent: Range<usize>,
        span: Range<usize>,
        event: Option<&EventHit>,
        head: String,
    ) -> Subject {
        let (cs, ce) = self.clause(sent.clone(), span.start);
        let mut window: Vec<usize> =
            ((span.start.saturating_sub(20)).max(cs)..(span.end + 20).min(ce)).collect();
        if let Some(e) = event {
            window.extend(e.tok.saturating_sub(4).max(sent.start)..(e.tok + 5).min(sent.end));
        }
        window.sort_unstable();
        window.dedup();
        let mut names = Vec::new();
        let mut terms: Vec<(String, bool)> = Vec::new();
        let near = |k: usize| {
            let to_value = if k < span.start {
                span.start - k
            } else {
                k.saturating_sub(span.end)
            };
            let to_event = event.map_or(usize::MAX, |e| e.tok.abs_diff(k));
            to_value.min(to_event) <= 6
        };
        for k in window {
            if span.contains(&k) || self.in_time[k] {
                continue;
            }
            let t = self.tok(k);
            if !t.is_word() && !t.is_number() {
                continue;
            }
            if t.is_word() && lexicon::is_reporting_verb(&t.norm) {
                continue;
            }
            let name = self.is_name(k);
            let Some(term) = self.normalizer.term(&t.base, name) else {
                continue;
            };
            if name && !names.contains(&term) {
                names.push(term.clone());
            }
            terms.push((term, near(k)));
        }
        if let Some(e) = event {
            terms.push((e.class.clone(), true));
        }
        // Sorted by term, nearest occurrence first, then one entry per term.
        terms.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        terms.dedup_by(|a, b| a.0 == b.0);
        let (terms, near): (Vec<String>, Vec<bool>) = terms.into_iter().unzip();
        names.sort();
        let mut label_terms: Vec<&str> = names.iter().map(String::as_str).take(4).collect();
        if label_terms.is_empty() {
            label_terms = terms
                .iter()
                .map(String::as_str)
                .filter(|t| *t != head)
                .take(3)
                .collect();
        }
        let label = match event {
            Some(e) if e.class != head => {
                format!("{head} / {}: {}", e.class, label_terms.join(", "))
            }
            _ => format!("{head}: {}", label_terms.join(", ")),
        };
        Subject {
            head,
            event: event.map(|e| e.class.clone()),
            aspect: event.map_or(Aspect::Occur, |e| e.aspect),
            names,
            terms,
            near,
            label,
        }
    }

    /// The clause around token `k`: bounded by ; : — – ( ) and quote marks.
    fn clause(&self, sent: Range<usize>, k: usize) -> (usize, usize) {
        // Token `i` opens a new clause: after ; : — ( ) or a quote mark, or a contrasting
        // conjunction after a comma (", while the authorities estimated ...").
        let opens = |i: usize| {
            let prev = self.tok(i - 1).norm.as_str();
            matches!(prev, ";" | ":" | "—" | "–" | "(" | ")" | "“" | "”")
                || prev == ","
                    && matches!(
                        self.tok(i).norm.as_str(),
                        "while" | "whereas" | "but" | "although" | "though" | "however"
                    )
        };
        let mut s = k;
        while s > sent.start && !opens(s) {
            s -= 1;
        }
        let mut e = k + 1;
        while e < sent.end && !opens(e) {
            e += 1;
        }
        // A closing mark ends the clause before it.
        while e > k + 1
            && matches!(
                self.tok(e - 1).norm.as_str(),
                ";" | ":" | "—" | "–" | "(" | ")" | "“" | "”" | ","
            )
        {
            e -= 1;
        }
        (s, e.min(sent.end))
    }

    // -----------------------------------------------------------------------------------------
    // Events.

    /// The event a value at `span` belongs to.
    fn find_event(&self, si: usize, span: Range<usize>, attach: Attach) -> Option<EventHit> {
        let sent = self.p.sents[si].toks.clone();
        let left = self.scan_event(span.start, sent.start, true, 16);
        let right = self.scan_event(span.end, sent.end, false, 12);
        let pick = match attach {
            Attach::Following => right.clone().or(left.clone()),
            Attach::Nearest => {
                let strong = |h: &Option<Hit>| h.as_ref().filter(|h| !h.generic).cloned();
                match (strong(&left), strong(&right)) {
                    (Some(l), Some(r)) => {
                        if span.start - l.tok < r.tok - span.end {
                            Some(l)
                        } else {
                            Some(r)
                        }
                    }
                    (Some(l), None) => Some(l),
                    (None, Some(r)) => Some(r),
                    // A past verb right next to the value ("displaced 10,200 people").
                    (None, None) => match (&left, &right) {
                        (Some(l), _) if span.start - l.tok <= 2 => left.clone(),
                        (_, Some(r)) if r.tok - span.end <= 2 => right.clone(),
                        _ => None,
                    },
                }
            }
            Attach::Either => {
                let strong = |h: &Option<Hit>| h.as_ref().is_some_and(|h| !h.generic);
                if strong(&left) {
                    left.clone()
                } else if strong(&right) {
                    right.clone()
                } else {
                    match (&left, &right) {
                        (Some(l), _) if span.start - l.tok <= 6 => left.clone(),
                        (_, Some(r)) if r.tok - span.end <= 4 => right.clone(),
                        _ => None,
                    }
                }
            }
        }?;
        let mut aspect = pick.aspect;
        if !pick.report {
            if aspect == Aspect::Occur {
                aspect = self.aspect_near(pick.tok, sent.clone());
            }
            return Some(EventHit {
                tok: pick.tok,
                class: pick.class,
                aspect,
                reported: false,
                statement: false,
            });
        }
        // The date or number belongs to a statement: find the event the statement is about.
        let cue = pick.tok;
        let content_before = (cue.saturating_sub(7).max(sent.start)..cue)
            .any(|k| matches!(self.tok(k).norm.as_str(), "," | "”" | "\""));
        let content = if content_before {
            self.first_event(sent.start..cue)
        } else {
            let from = span.end.max(cue + 1);
            let to = (from..sent.end.min(from + 10))
                .find(|&k| self.tok(k).norm == ",")
                .unwrap_or(sent.end.min(from + 10));
            self.first_event(from..to)
        };
        match content {
            Some(h) => Some(EventHit {
                tok: h.tok,
                class: h.class,
                aspect: if h.aspect == Aspect::Occur {
                    self.aspect_near(h.tok, sent)
                } else {
                    h.aspect
                },
                reported: true,
                statement: false,
            }),
            None => Some(EventHit {
                tok: cue,
                class: "say".to_string(),
                aspect: Aspect::Occur,
                reported: true,
                statement: true,
            }),
        }
    }

    /// The first event word (of the class table) in `range`, aspect words noted.
    fn first_event(&self, range: Range<usize>) -> Option<Hit> {
        let mut aspect = Aspect::Occur;
        for k in range {
            let t = self.tok(k);
            if !t.is_word() || self.in_time[k] {
                continue;
            }
            if let Some(a) = lexicon::aspect(&t.norm) {
                aspect = a;
                continue;
            }
            if let Some(class) = lexicon::event_class(&t.norm) {
                return Some(Hit {
                    tok: k,
                    class: class.to_string(),
                    aspect,
                    generic: false,
                    report: false,
                });
            }
        }
        None
    }

    fn scan_event(&self, from: usize, limit: usize, leftwards: bool, max: usize) -> Option<Hit> {
        let mut aspect = Aspect::Occur;
        let indices: Vec<usize> = if leftwards {
            (limit..from).rev().take(max).collect()
        } else {
            (from..limit).take(max).collect()
        };
        for idx in indices {
            let t = self.tok(idx);
            if matches!(t.norm.as_str(), ";" | "—" | "–") {
                return None;
            }
            if !t.is_word() || self.in_time[idx] {
                continue;
            }
            let w = t.norm.as_str();
            if let Some(a) = lexicon::aspect(w) {
                aspect = a;
                continue;
            }
            if lexicon::is_reporting_verb(w) || w == "according" {
                return Some(Hit {
                    tok: idx,
                    class: "say".to_string(),
                    aspect,
                    generic: false,
                    report: true,
                });
            }
            if let Some(class) = lexicon::event_class(w) {
                return Some(Hit {
                    tok: idx,
                    class: class.to_string(),
                    aspect,
                    generic: false,
                    report: false,
                });
            }
            if !t.cap && lexicon::looks_eventive(w) {
                if let Some(stem) = self.normalizer.term(w, false) {
                    return Some(Hit {
                        tok: idx,
                        class: stem,
                        aspect,
                        generic: true,
                        report: false,
                    });
                }
            }
        }
        None
    }

    /// An aspect word within three tokens of the event ("ordered the retreat").
    fn aspect_near(&self, tok: usize, sent: Range<usize>) -> Aspect {
        let from = tok.saturating_sub(3).max(sent.start);
        let to = (tok + 3).min(sent.end);
        (from..to)
            .filter(|&k| k != tok)
            .find_map(|k| lexicon::aspect(&self.tok(k).norm))
            .unwrap_or(Aspect::Occur)
    }
}

#[derive(Clone, Debug)]
struct Hit {
    tok: usize,
    class: String,
    aspect: Aspect,
    generic: bool,
    report: bool,
}

/// The event a value is attached to.
#[derive(Clone, Debug)]
struct EventHit {
    tok: usize,
    class: String,
    aspect: Aspect,
    /// The value dates a statement about the event, not the event.
    reported: bool,
    /// Only a statement, no event in it.
    statement: bool,
}

#[cfg(test)]
mod tests {
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
        extract_claims(&doc, 0, anchor, &DefaultNormalizer::default()).claims
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
