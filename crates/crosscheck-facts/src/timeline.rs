//! Timeline: the story's events on the calendar, each with the documents and spans that date
//! it.
//!
//! Built from date claims after comparison: one entry per group of date claims (one event)
//! and per value side, so that an event two outlets date differently appears twice, both
//! entries marked `disputed` and pointing at each other. Statements ("said on Friday") are
//! not events; an event only dated through a statement about it ("said Friday it had
//! finished") is kept and marked `reported`.

use chrono::{NaiveDate, NaiveTime};
use crosscheck::TextRange;
use serde::Serialize;

use crate::claims::{Claim, ClaimKind, ClaimValue};
use crate::compare::Comparison;
use crate::lexicon::Aspect;
use crate::time::{DateBounds, Precision, TimeExpr};

/// Where a timeline entry's date is stated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Index of the document.
    pub document: usize,
    /// Span of the sentence.
    pub range: TextRange,
    /// Span of the time expression.
    pub value_range: TextRange,
    /// Index of the claim.
    pub claim: usize,
}

/// One dated event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// The day (first day of the week, month or year for coarser precision).
    pub date: NaiveDate,
    /// How finely the date is known.
    pub precision: Precision,
    /// Every day the evidence allows.
    pub bounds: DateBounds,
    /// Clock time, when the evidence gives one.
    pub time_of_day: Option<NaiveTime>,
    /// Time zone of the clock time as written.
    pub zone: Option<String>,
    /// Short description: the event, its stage and the names around it.
    pub event: String,
    /// The sentence of the most precise evidence, for a reader.
    pub text: String,
    /// Event class ("withdraw", "annex") or the event word's stem.
    pub event_class: String,
    /// Stage of the event.
    pub aspect: Aspect,
    /// The story, when stories were given.
    pub story: Option<usize>,
    /// Index of the claim group (into [`Comparison::groups`]).
    pub group: usize,
    /// Indices of the claims that date it.
    pub claims: Vec<usize>,
    /// Indices of the documents that date it, sorted.
    pub documents: Vec<usize>,
    /// Every place the date is stated.
    pub evidence: Vec<Evidence>,
    /// Only dated through statements about it ("said Friday it had finished").
    pub reported: bool,
    /// Every piece of evidence is attributed to a party.
    pub attributed: bool,
    /// Other sources give this event another date.
    pub disputed: bool,
    /// Indices of the entries (in this timeline) with the conflicting dates.
    pub conflicts_with: Vec<usize>,
}

/// Build the timeline from compared claims. `times[d]` are document `d`'s time expressions
/// (for clock times); week-precision entries are left out unless `include_weeks`.
pub fn build_timeline(
    claims: &[Claim],
    times: &[Vec<TimeExpr>],
    comparison: &Comparison,
    include_weeks: bool,
) -> Vec<TimelineEntry> {
    let mut entries: Vec<(TimelineEntry, usize, usize)> = Vec::new();
    for (gi, g) in comparison.groups.iter().enumerate() {
        if g.kind != ClaimKind::Date {
            continue;
        }
        for (si, side) in g.sides.iter().enumerate() {
            let members: Vec<usize> = side
                .claims
                .iter()
                .copied()
                .filter(|&c| !claims[c].negated)
                .collect();
            let dated: Vec<(usize, &crate::claims::DateValue)> = members
                .iter()
                .filter_map(|&c| match &claims[c].value {
                    ClaimValue::Date(d) if d.bounds.is_some() && d.date.is_some() => Some((c, d)),
                    _ => None,
                })
                .collect();
            // The representative: unreported before reported, then the most precise.
            let Some(&(rep, rep_value)) = dated.iter().min_by_key(|(c, d)| {
                let b = d
                    .bounds
                    .map_or(i64::MAX, |b| (b.latest - b.earliest).num_days());
                (claims[*c].reported, d.precision, b, *c)
            }) else {
                continue;
            };
            let (Some(date), Some(mut bounds)) = (rep_value.date, rep_value.bounds) else {
                continue;
            };
            if rep_value.precision == Precision::Week && !include_weeks {
                continue;
            }
            // Narrow the bounds to what all the evidence allows.
            for (_, d) in &dated {
                if let Some(b) = d.bounds {
                    if b.overlaps(&bounds) {
                        bounds.earliest = bounds.earliest.max(b.earliest);
                        bounds.latest = bounds.latest.min(b.latest);
                    }
                }
            }
            let expr = times
                .get(claims[rep].document)
                .and_then(|t| t.get(rep_value.time));
            let mut documents: Vec<usize> =
                dated.iter().map(|(c, _)| claims[*c].document).collect();
            documents.sort_unstable();
            documents.dedup();
            let evidence = dated
                .iter()
                .map(|&(c, _)| Evidence {
                    document: claims[c].document,
                    range: claims[c].range,
                    value_range: claims[c].value_range,
                    claim: c,
                })
                .collect();
            let subject = &claims[rep].subject;
            let class = subject
                .event
                .clone()
                .unwrap_or_else(|| subject.head.clone());
            let stage = match subject.aspect {
                Aspect::Order => " (ordered)",
                Aspect::Complete => " (completed)",
                Aspect::Start => " (began)",
                Aspect::Occur => "",
            };
            let names = group_names(claims, &g.claims);
            let event = if names.is_empty() {
                format!("{class}{stage}")
            } else {
                format!("{class}{stage}: {}", names.join(", "))
            };
            entries.push((
                TimelineEntry {
                    date,
                    precision: rep_value.precision,
                    bounds,
                    time_of_day: expr.and_then(|e| e.time_of_day),
                    zone: expr.and_then(|e| e.zone.clone()),
                    event,
                    text: claims[rep].text.clone(),
                    event_class: class,
                    aspect: subject.aspect,
                    story: g.story,
                    group: gi,
                    claims: dated.iter().map(|(c, _)| *c).collect(),
                    documents,
                    evidence,
                    reported: dated.iter().all(|(c, _)| claims[*c].reported),
                    attributed: dated.iter().all(|(c, _)| claims[*c].attribution.is_some()),
                    disputed: false,
                    conflicts_with: Vec::new(),
                },
                gi,
                si,
            ));
        }
    }
    // A statement about an event the story dates elsewhere ("the mayor said Friday the vote
    // would stand") adds no event of its own.
    let dated_directly: Vec<(Option<usize>, String)> = entries
        .iter()
        .filter(|e| !e.0.reported)
        .map(|e| (e.0.story, e.0.event_class.clone()))
        .collect();
    entries.retain(|e| {
        !e.0.reported || !dated_directly.contains(&(e.0.story, e.0.event_class.clone()))
    });
    entries.sort_by(|a, b| {
        (a.0.story, a.0.date, a.0.precision, a.1, a.2).cmp(&(
            b.0.story,
            b.0.date,
            b.0.precision,
            b.1,
            b.2,
        ))
    });
    // Conflicts: entries of one contradiction's group whose sides are on opposite ends.
    let mut out: Vec<TimelineEntry> = entries.iter().map(|e| e.0.clone()).collect();
    for c in &comparison.contradictions {
        let g = &comparison.groups[c.group];
        if g.kind != ClaimKind::Date {
            continue;
        }
        let involved: Vec<usize> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.1 == c.group
                    && c.sides
                        .iter()
                        .any(|s| g.sides.get(e.2).is_some_and(|gs| gs.claims == s.claims))
            })
            .map(|(i, _)| i)
            .collect();
        if involved.len() < 2 {
            continue;
        }
        for &i in &involved {
            out[i].disputed = true;
            out[i].conflicts_with = involved.iter().copied().filter(|&j| j != i).collect();
        }
    }
    out
}

/// The names a group's claims mention most (near their values first), for its label.
fn group_names<'a>(claims: &'a [Claim], members: &[usize]) -> Vec<&'a str> {
    let mut score: Vec<(&str, usize)> = Vec::new();
    for &m in members {
        for (rank, n) in claims[m].subject.label_names().into_iter().enumerate() {
            let points = 3usize.saturating_sub(rank.min(2));
            match score.iter_mut().find(|(x, _)| *x == n) {
                Some((_, s)) => *s += points,
                None => score.push((n, points)),
            }
        }
    }
    score.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    score.into_iter().map(|(n, _)| n).take(3).collect()
}
