//! Compare: which claims are about the same thing, who supports them, and where do outlets
//! disagree?
//!
//! Claims of one story are grouped by subject: the same kind, the same head (unit, counted
//! thing or event class), the same stage of the event, and enough shared subject terms
//! (average-link clustering on a weighted overlap of terms; names weigh more, country-level
//! names and words far from the value less). Inside a group, claims whose values are
//! compatible (intervals that overlap, the same side of a river) support each other.
//!
//! A contradiction is a pair of claims from different documents in one group whose values
//! cannot both be true, with stronger subject overlap than grouping needs. It is never
//! raised for: a party's claim against the reporter's (that is the party's word, reported);
//! approximate figures that overlap ("more than 9,500" and "10,000"); dates of statements
//! ("said on Friday it had finished"); figures that change over time (prices, running tolls)
//! unless both documents speak of the same day; negated statements; values that cannot be
//! placed on the calendar (a bare weekday in an undated text). Claims attributed to two
//! different parties that disagree are reported as a dispute, not as the outlets contradicting
//! each other.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::claims::{Claim, ClaimKind, ClaimValue, PlaceValue};
use crate::lexicon::Aspect;
use crate::subject::is_broad_term;

/// What comparison needs to know about a document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DocumentInfo {
    /// The document id (for readable reasons).
    pub id: String,
    /// The outlet, when known.
    pub outlet: Option<String>,
    /// The story the document belongs to; claims are only compared within a story. `None`
    /// puts the document with every other `None` document.
    pub story: Option<usize>,
    /// The day the document speaks from (its anchor), for figures that change over time.
    pub day: Option<NaiveDate>,
}

impl DocumentInfo {
    fn cite(&self) -> String {
        match &self.outlet {
            Some(o) => format!("{} ({o})", self.id),
            None => self.id.clone(),
        }
    }
}

/// Thresholds for grouping and contradiction; see [`crate::FactsBuilder`].
#[derive(Clone, Debug, PartialEq)]
pub struct CompareOptions {
    /// Minimum average subject similarity for claims to share a group. Default 0.3.
    pub group_threshold: f64,
    /// Minimum subject similarity of the two claims of a contradiction. Default 0.4.
    pub contradiction_threshold: f64,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            group_threshold: 0.3,
            contradiction_threshold: 0.4,
        }
    }
}

/// Claims that agree with one another on a value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValueSide {
    /// The value, readable ("2022-09", "4 region", "east (dnipro)").
    pub value: String,
    /// Indices of the claims (into the slice compared).
    pub claims: Vec<usize>,
    /// Indices of the documents that state it, sorted.
    pub documents: Vec<usize>,
}

/// Claims about the same thing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimGroup {
    /// Stable id: `"g{n}"`, numbered in order of each group's first claim.
    pub id: String,
    /// The kind of its claims.
    pub kind: ClaimKind,
    /// Readable subject: head, event and the terms most members share.
    pub subject: String,
    /// The story of its documents.
    pub story: Option<usize>,
    /// Indices of its claims, in order.
    pub claims: Vec<usize>,
    /// Its claims split by value: each side's claims agree with each other.
    pub sides: Vec<ValueSide>,
    /// Indices of the documents with a claim in the group, sorted.
    pub documents: Vec<usize>,
}

/// Who disagrees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContradictionKind {
    /// Outlets state incompatible values in their own voice (or quote the same party
    /// differently).
    Factual,
    /// Two different parties claim incompatible values; the outlets only report them.
    Disputed,
}

/// Incompatible values for one subject.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contradiction {
    /// Index of the group (into [`Comparison::groups`]).
    pub group: usize,
    /// Who disagrees.
    pub kind: ContradictionKind,
    /// The conflicting sides, each with its claims and documents.
    pub sides: Vec<ValueSide>,
    /// Every claim on those sides, sorted.
    pub claims: Vec<usize>,
    /// A sentence a person can read.
    pub reason: String,
}

/// The result of comparing claims.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Comparison {
    /// Every group; each claim is in exactly one ([`Claim::group`]).
    pub groups: Vec<ClaimGroup>,
    /// Every contradiction found.
    pub contradictions: Vec<Contradiction>,
}

/// Group `claims` by subject, fill each claim's [`Claim::group`] and [`Claim::support`], and
/// find contradictions. `documents[claim.document]` describes each claim's document.
pub fn compare_claims(
    claims: &mut [Claim],
    documents: &[DocumentInfo],
    options: &CompareOptions,
) -> Comparison {
    let info = |d: usize| documents.get(d).cloned().unwrap_or_default();
    // Buckets: claims that could be about the same thing at all.
    let mut buckets: FxHashMap<(Option<usize>, ClaimKind, String, Aspect), Vec<usize>> =
        FxHashMap::default();
    for (i, c) in claims.iter().enumerate() {
        // Where troops end up, or how many there are, does not depend on whether the text
        // speaks of the order or of the completion.
        let aspect = match (c.kind, c.subject.aspect) {
            (ClaimKind::Number | ClaimKind::Place, _) => Aspect::Occur,
            (_, Aspect::Start) => Aspect::Occur,
            (_, a) => a,
        };
        let key = (
            info(c.document).story,
            c.kind,
            c.subject.head.clone(),
            aspect,
        );
        buckets.entry(key).or_default().push(i);
    }
    let mut keys: Vec<_> = buckets.keys().cloned().collect();
    keys.sort();
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for key in keys {
        let members = &buckets[&key];
        clusters.extend(cluster(claims, members, options.group_threshold));
    }
    for cl in &mut clusters {
        cl.sort_unstable();
    }
    clusters.sort_by_key(|cl| cl[0]);

    let mut groups = Vec::with_capacity(clusters.len());
    for (gi, members) in clusters.into_iter().enumerate() {
        for &m in &members {
            claims[m].group = Some(gi);
        }
        let sides = sides(claims, &members);
        let mut docs: Vec<usize> = members.iter().map(|&m| claims[m].document).collect();
        docs.sort_unstable();
        docs.dedup();
        let first = &claims[members[0]];
        groups.push(ClaimGroup {
            id: format!("g{}", gi + 1),
            kind: first.kind,
            subject: group_subject(claims, &members),
            story: info(first.document).story,
            claims: members,
            sides,
            documents: docs,
        });
    }
    // Support: the documents of every compatible claim in the group.
    for g in &groups {
        for &a in &g.claims {
            let mut support: Vec<usize> = g
                .claims
                .iter()
                .filter(|&&b| a == b || compatible(&claims[a], &claims[b]) == Some(true))
                .map(|&b| claims[b].document)
                .collect();
            support.sort_unstable();
            support.dedup();
            claims[a].support = support;
        }
    }
    let mut contradictions = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        if let Some(c) = contradiction(claims, g, gi, documents, options) {
            contradictions.push(c);
        }
    }
    Comparison {
        groups,
        contradictions,
    }
}

/// Subject similarity of two claims in one bucket, 0..1.
pub(crate) fn similarity(a: &Claim, b: &Claim) -> f64 {
    let skip = |t: &str| {
        t == a.subject.head
            || Some(t) == a.subject.event.as_deref()
            || Some(t) == b.subject.event.as_deref()
    };
    let wa: FxHashMap<&str, f64> = a.subject.weighted().filter(|(t, _)| !skip(t)).collect();
    let wb: FxHashMap<&str, f64> = b.subject.weighted().filter(|(t, _)| !skip(t)).collect();
    // Specific names on both sides that share nothing: different places or actors.
    let specific = |c: &Claim| -> Vec<String> {
        c.subject
            .names
            .iter()
            .filter(|n| !is_broad_term(n) && *n != "river" && *n != "president")
            .cloned()
            .collect()
    };
    let (na, nb) = (specific(a), specific(b));
    if !na.is_empty() && !nb.is_empty() && !na.iter().any(|n| nb.contains(n)) {
        return 0.0;
    }
    let mut shared = 0.0;
    let mut shared_specific = 0.0;
    for (t, w) in &wa {
        if let Some(v) = wb.get(t) {
            let m = w.min(*v);
            shared += m;
            if !is_broad_term(t) {
                shared_specific += m;
            }
        }
    }
    if shared_specific < 1.0 {
        return 0.0;
    }
    let total_a: f64 = wa.values().sum();
    let total_b: f64 = wb.values().sum();
    let denom = total_a.min(total_b).max(1.0);
    let mut sim = shared / denom;
    // Figures about different events ("115,000 evacuated", "80,000 still in the city") are
    // different subjects even when they count the same thing.
    if a.kind == ClaimKind::Number && a.subject.event != b.subject.event {
        sim *= 0.5;
    }
    sim.min(1.0)
}

/// Similarity for grouping: agreeing values lower the bar (two outlets giving the same date
/// for an invasion are likely speaking of the same invasion), disagreeing ones do not.
fn grouping_similarity(a: &Claim, b: &Claim) -> f64 {
    let s = similarity(a, b);
    if s > 0.0 && compatible(a, b) == Some(true) {
        (s + AGREEMENT_BONUS).min(1.0)
    } else {
        s
    }
}

/// How much agreeing values add to subject similarity when grouping.
const AGREEMENT_BONUS: f64 = 0.2;

/// Average-link agglomerative clustering of `members` at `threshold`; deterministic.
fn cluster(claims: &[Claim], members: &[usize], threshold: f64) -> Vec<Vec<usize>> {
    let n = members.len();
    if n == 1 {
        return vec![members.to_vec()];
    }
    if n > 400 {
        // Large buckets: leader clustering in order (linear memory).
        let mut out: Vec<Vec<usize>> = Vec::new();
        for &m in members {
            let best = out
                .iter()
                .enumerate()
                .map(|(i, cl)| (i, grouping_similarity(&claims[cl[0]], &claims[m])))
                .filter(|(_, s)| *s >= threshold)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            match best {
                Some((i, _)) => out[i].push(m),
                None => out.push(vec![m]),
            }
        }
        return out;
    }
    let mut sim = vec![vec![0.0f64; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let s = grouping_similarity(&claims[members[i]], &claims[members[j]]);
            sim[i][j] = s;
            sim[j][i] = s;
        }
    }
    let mut clusters: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for x in 0..clusters.len() {
            for y in x + 1..clusters.len() {
                let mut total = 0.0;
                for &i in &clusters[x] {
                    for &j in &clusters[y] {
                        total += sim[i][j];
                    }
                }
                let avg = total / (clusters[x].len() * clusters[y].len()) as f64;
                if avg >= threshold && best.is_none_or(|(b, _, _)| avg > b) {
                    best = Some((avg, x, y));
                }
            }
        }
        let Some((_, x, y)) = best else {
            break;
        };
        let moved = clusters.remove(y);
        clusters[x].extend(moved);
    }
    clusters
        .into_iter()
        .map(|cl| cl.into_iter().map(|i| members[i]).collect())
        .collect()
}

/// Whether two claims' values can both be true; `None` when they cannot be compared.
pub(crate) fn compatible(a: &Claim, b: &Claim) -> Option<bool> {
    match (&a.value, &b.value) {
        (ClaimValue::Quantity(x), ClaimValue::Quantity(y)) => {
            if x.unit != y.unit {
                return None;
            }
            let tol = 0.02 * x.high.min(y.high).abs().max(1e-9);
            Some(x.low <= y.high + tol && y.low <= x.high + tol)
        }
        (ClaimValue::Date(x), ClaimValue::Date(y)) => match (x.bounds, y.bounds) {
            // Bounds already carry each expression's approximation ("six weeks ago" is a
            // fortnight wide), so overlap is the whole test. A statement's date only says the
            // event had happened by then.
            (Some(mut bx), Some(mut by)) => {
                for (bounds, claim) in [(&mut bx, a), (&mut by, b)] {
                    if claim.reported {
                        bounds.earliest = NaiveDate::MIN;
                    }
                }
                Some(bx.overlaps(&by))
            }
            _ => {
                // Unanchored: only dates that state month and day can be compared.
                let (wx, wy) = (x.written, y.written);
                match (wx.month, wy.month, wx.day, wy.day) {
                    (Some(mx), Some(my), Some(dx), Some(dy)) => Some(mx == my && dx == dy),
                    (Some(mx), Some(my), _, _) if wx.year.is_some() && wx.year == wy.year => {
                        Some(mx == my)
                    }
                    _ => None,
                }
            }
        },
        (ClaimValue::Place(x), ClaimValue::Place(y)) => place_compatible(x, y),
        _ => None,
    }
}

fn place_compatible(x: &PlaceValue, y: &PlaceValue) -> Option<bool> {
    if let (Some(lx), Some(ly)) = (&x.landmark, &y.landmark) {
        if lx != ly {
            return None;
        }
    }
    match (x.destination, y.destination) {
        (Some(a), Some(b)) => Some(a == b || a.opposite() != b),
        (None, None) if x.relation == y.relation => match (x.side, y.side) {
            (Some(a), Some(b)) => Some(a == b || a.opposite() != b),
            _ => None,
        },
        _ => None,
    }
}

/// Split a group's claims into sides of mutually compatible values, most precise first.
fn sides(claims: &[Claim], members: &[usize]) -> Vec<ValueSide> {
    let mut order = members.to_vec();
    order.sort_by(|&a, &b| {
        width(&claims[a])
            .total_cmp(&width(&claims[b]))
            .then(a.cmp(&b))
    });
    let mut out: Vec<Vec<usize>> = Vec::new();
    for m in order {
        let slot = out.iter().position(|side| {
            side.iter()
                .all(|&o| compatible(&claims[o], &claims[m]) == Some(true))
        });
        match slot {
            Some(s) => out[s].push(m),
            None => out.push(vec![m]),
        }
    }
    let mut sides: Vec<ValueSide> = out
        .into_iter()
        .map(|mut cl| {
            cl.sort_unstable();
            let mut documents: Vec<usize> = cl.iter().map(|&c| claims[c].document).collect();
            documents.sort_unstable();
            documents.dedup();
            // The side's value: its most precise claim's.
            let value = cl
                .iter()
                .min_by(|&&a, &&b| width(&claims[a]).total_cmp(&width(&claims[b])))
                .map(|&c| claims[c].value.label())
                .unwrap_or_default();
            ValueSide {
                value,
                claims: cl,
                documents,
            }
        })
        .collect();
    sides.sort_by(|a, b| {
        b.documents
            .len()
            .cmp(&a.documents.len())
            .then(a.claims[0].cmp(&b.claims[0]))
    });
    sides
}

/// How wide a claim's value is (its uncertainty), for ordering.
fn width(c: &Claim) -> f64 {
    match &c.value {
        ClaimValue::Quantity(q) => q.high - q.low,
        ClaimValue::Date(d) => d
            .bounds
            .map_or(f64::INFINITY, |b| (b.latest - b.earliest).num_days() as f64),
        ClaimValue::Place(_) => 0.0,
    }
}

fn group_subject(claims: &[Claim], members: &[usize]) -> String {
    let first = &claims[members[0]].subject;
    if members.len() == 1 {
        return first.label.clone();
    }
    // Terms most members share, names first.
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for &m in members {
        for t in &claims[m].subject.terms {
            *counts.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut shared: Vec<(&str, usize)> = counts
        .into_iter()
        .filter(|(t, n)| {
            *n * 2 >= members.len() && *t != first.head && Some(*t) != first.event.as_deref()
        })
        .collect();
    shared.sort_by(|a, b| {
        let name = |t: &str| {
            members
                .iter()
                .any(|&m| claims[m].subject.names.iter().any(|n| n == t))
        };
        name(b.0)
            .cmp(&name(a.0))
            .then(b.1.cmp(&a.1))
            .then(a.0.cmp(b.0))
    });
    let terms: Vec<&str> = shared.into_iter().map(|(t, _)| t).take(5).collect();
    match &first.event {
        Some(e) if *e != first.head => format!("{} / {e}: {}", first.head, terms.join(", ")),
        _ => format!("{}: {}", first.head, terms.join(", ")),
    }
}

/// Whether two claims may be held against each other, and as what.
fn comparable(a: &Claim, b: &Claim, documents: &[DocumentInfo]) -> Option<ContradictionKind> {
    if a.document == b.document || a.negated || b.negated {
        return None;
    }
    if a.kind == ClaimKind::Date && (a.reported || b.reported) {
        return None;
    }
    if a.volatile || b.volatile {
        let day = |c: &Claim| documents.get(c.document).and_then(|d| d.day);
        match (day(a), day(b)) {
            (Some(x), Some(y)) if x == y => {}
            _ => return None,
        }
    }
    match (&a.attribution, &b.attribution) {
        (None, None) => Some(ContradictionKind::Factual),
        (Some(x), Some(y)) if x.same_party(y) => Some(ContradictionKind::Factual),
        (Some(_), Some(_)) => Some(ContradictionKind::Disputed),
        _ => None,
    }
}

fn contradiction(
    claims: &[Claim],
    g: &ClaimGroup,
    gi: usize,
    documents: &[DocumentInfo],
    options: &CompareOptions,
) -> Option<Contradiction> {
    if g.sides.len() < 2 {
        return None;
    }
    let side_of = |c: usize| g.sides.iter().position(|s| s.claims.contains(&c));
    let mut involved: Vec<usize> = Vec::new();
    let mut kind = ContradictionKind::Disputed;
    let mut found = false;
    for (i, &a) in g.claims.iter().enumerate() {
        for &b in &g.claims[i + 1..] {
            let (ca, cb) = (&claims[a], &claims[b]);
            if compatible(ca, cb) != Some(false) {
                continue;
            }
            // A document that also states the other value does not disagree: both figures are
            // in both texts (a list, a before-and-after), only paired differently.
            let states = |doc: usize, other: &Claim| {
                g.claims.iter().any(|&c| {
                    claims[c].document == doc && compatible(&claims[c], other) == Some(true)
                })
            };
            if states(ca.document, cb) || states(cb.document, ca) {
                continue;
            }
            let Some(k) = comparable(ca, cb, documents) else {
                continue;
            };
            if similarity(ca, cb) < options.contradiction_threshold {
                continue;
            }
            found = true;
            if k == ContradictionKind::Factual {
                kind = ContradictionKind::Factual;
            }
            for s in [side_of(a), side_of(b)].into_iter().flatten() {
                if !involved.contains(&s) {
                    involved.push(s);
                }
            }
        }
    }
    if !found {
        return None;
    }
    involved.sort_unstable();
    let sides: Vec<ValueSide> = involved.iter().map(|&s| g.sides[s].clone()).collect();
    let mut all: Vec<usize> = sides
        .iter()
        .flat_map(|s| s.claims.iter().copied())
        .collect();
    all.sort_unstable();
    let reason = reason(claims, g, &sides, kind, documents);
    Some(Contradiction {
        group: gi,
        kind,
        sides,
        claims: all,
        reason,
    })
}

fn reason(
    claims: &[Claim],
    g: &ClaimGroup,
    sides: &[ValueSide],
    kind: ContradictionKind,
    documents: &[DocumentInfo],
) -> String {
    let cite = |d: usize| {
        documents
            .get(d)
            .map_or_else(|| format!("document {d}"), DocumentInfo::cite)
    };
    let parts: Vec<String> = sides
        .iter()
        .map(|s| {
            let who: Vec<String> = s.documents.iter().map(|&d| cite(d)).collect();
            let speakers: Vec<String> = s
                .claims
                .iter()
                .filter_map(|&c| claims[c].attribution.as_ref().map(|a| a.speaker.clone()))
                .collect();
            let mut speakers_dedup: Vec<String> = Vec::new();
            for sp in speakers {
                if !speakers_dedup.contains(&sp) {
                    speakers_dedup.push(sp);
                }
            }
            if kind == ContradictionKind::Disputed && !speakers_dedup.is_empty() {
                format!(
                    "{} says {} (reported by {})",
                    speakers_dedup.join(" / "),
                    s.value,
                    who.join(", ")
                )
            } else {
                format!("{} according to {}", s.value, who.join(", "))
            }
        })
        .collect();
    let what = match g.kind {
        ClaimKind::Date => "the date of",
        ClaimKind::Number => "the figure for",
        ClaimKind::Place => "the side for",
    };
    let verb = match kind {
        ContradictionKind::Factual => "Sources disagree on",
        ContradictionKind::Disputed => "Parties dispute",
    };
    format!("{verb} {what} \"{}\": {}.", g.subject, parts.join("; "))
}
