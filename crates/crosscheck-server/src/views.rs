//! View models: what each page shows, read off a story's report.
//!
//! Pure functions of the engine's [`Report`]; the templates only lay them out. Every piece of
//! article text or metadata stays a plain `String` here and is escaped by the template.

use crosscheck_engine::browse::{StoryCard, StoryReport};
use crosscheck_engine::report::{CharSpan, DocumentEntry, Report, ReuseEntry};

use crate::marks::{segments, Mark, MarkKind, Segment};

/// Characters of a content hash that name a document in addresses.
pub const HASH_IN_URL: usize = 16;

/// The start of a content hash, as addresses carry it.
pub fn short(hash: &str) -> &str {
    &hash[..hash.len().min(HASH_IN_URL)]
}

/// A link to a span of a document: its page, with the span marked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Cite {
    /// Who: the outlet, or the document id.
    pub label: String,
    /// The address.
    pub href: String,
}

/// A document as a story lists it.
#[derive(Clone, Debug)]
pub struct DocRow {
    pub href: String,
    /// The start of its content hash, as addresses carry it.
    pub hash: String,
    pub label: String,
    pub id: String,
    pub title: String,
    pub published: String,
    pub rewrite: String,
    pub copied_from: Vec<Cite>,
}

/// A statement the sources agree on.
#[derive(Clone, Debug)]
pub struct Agreed {
    pub statement: String,
    pub documents: usize,
    pub cites: Vec<Cite>,
}

/// A contradiction: the statement and each side's sentence.
#[derive(Clone, Debug)]
pub struct Dispute {
    pub statement: String,
    pub reason: String,
    pub sides: Vec<(Cite, String)>,
}

/// One speaker's quotes.
#[derive(Clone, Debug)]
pub struct Speaker {
    pub name: String,
    pub quotes: Vec<QuoteRow>,
}

/// One quotation as the outlets carry it.
#[derive(Clone, Debug)]
pub struct QuoteRow {
    pub group: String,
    pub text: String,
    pub cleaned: bool,
    pub drift: bool,
    pub cites: Vec<Cite>,
}

/// A reuse pair as a list shows it.
#[derive(Clone, Debug)]
pub struct PairRow {
    pub href: String,
    pub source: String,
    pub target: String,
    pub relation: String,
    pub share: String,
    pub direction: String,
}

/// A dated event.
#[derive(Clone, Debug)]
pub struct TimeRow {
    pub date: String,
    pub statement: String,
    pub cites: Vec<Cite>,
}

/// The story page.
pub struct StoryView {
    pub card: StoryCard,
    pub docs: Vec<DocRow>,
    pub chart: Chart,
    pub agreed: Vec<Agreed>,
    pub disputed: Vec<Dispute>,
    pub speakers: Vec<Speaker>,
    pub pairs: Vec<PairRow>,
    pub timeline: Vec<TimeRow>,
}

/// The coverage chart: each document a row at its date, reuse drawn as arrows between them.
#[derive(Clone, Debug, Default)]
pub struct Chart {
    pub width: u32,
    pub height: u32,
    pub rows: Vec<ChartRow>,
    pub edges: Vec<ChartEdge>,
    pub first: String,
    pub last: String,
}

/// A document on the chart.
#[derive(Clone, Debug)]
pub struct ChartRow {
    pub y: u32,
    pub x: u32,
    pub label: String,
    pub href: String,
    pub dated: bool,
    pub title: String,
}

/// A reuse arrow on the chart.
#[derive(Clone, Debug)]
pub struct ChartEdge {
    pub path: String,
    pub class: String,
    pub title: String,
}

/// Who a document is, for people: its outlet, else its id.
pub fn label(doc: &DocumentEntry) -> String {
    doc.outlet.clone().unwrap_or_else(|| doc.id.clone())
}

fn doc_href(doc: &DocumentEntry) -> String {
    format!("/doc/{}", short(&doc.hash))
}

fn cite(doc: &DocumentEntry, span: CharSpan) -> Cite {
    Cite {
        label: label(doc),
        href: format!(
            "/doc/{}?mark={}-{}#focus",
            short(&doc.hash),
            span[0],
            span[1]
        ),
    }
}

/// The address of a pair's page.
pub fn pair_href(source: &DocumentEntry, target: &DocumentEntry) -> String {
    format!("/pair/{}/{}", short(&source.hash), short(&target.hash))
}

/// What decided which of two documents is the source, in words.
pub fn direction_words(direction: crosscheck_engine::report::DirectionEvidence) -> &'static str {
    direction.in_words()
}

/// A relation in words.
pub fn relation_words(relation: &str) -> &'static str {
    match relation {
        "verbatim" => "copied word for word",
        "edited" => "copied with edits",
        "spun" => "copied and machine-spun (synonyms swapped in)",
        "paraphrased" => "paraphrased",
        "translated" => "translated",
        _ => "reused",
    }
}

/// The story page of `story`.
pub fn story_view(story: &StoryReport, card: StoryCard) -> StoryView {
    let report = &story.report;
    let find = Index::new(report);
    let docs = report
        .documents
        .iter()
        .map(|d| DocRow {
            href: doc_href(d),
            hash: short(&d.hash).to_string(),
            label: label(d),
            id: d.id.clone(),
            title: d.title.clone().unwrap_or_default(),
            published: d.published.clone().unwrap_or_else(|| "undated".into()),
            rewrite: rewrite_words(d),
            copied_from: report
                .reuse
                .iter()
                .filter(|r| r.target == d.id)
                .filter_map(|r| {
                    let source = find.doc(&r.source)?;
                    Some(Cite {
                        label: format!(
                            "{} ({}, {:.0}% of its text)",
                            label(source),
                            r.relation.as_str(),
                            r.copied_share * 100.0
                        ),
                        href: pair_href(source, d),
                    })
                })
                .collect(),
        })
        .collect();
    StoryView {
        card,
        docs,
        chart: chart(report, &find),
        agreed: agreed(report, &find),
        disputed: disputed(report, &find),
        speakers: speakers(report, &find),
        pairs: report
            .reuse
            .iter()
            .filter_map(|r| pair_row(r, &find))
            .collect(),
        timeline: report
            .timeline
            .iter()
            .map(|t| TimeRow {
                date: t.date.clone(),
                statement: t.statement.clone(),
                cites: t
                    .evidence
                    .iter()
                    .take(MAX_CITES)
                    .filter_map(|m| Some(cite(find.doc(&m.document)?, m.span)))
                    .collect(),
            })
            .collect(),
    }
}

/// Citations shown per finding.
const MAX_CITES: usize = 8;

fn rewrite_words(d: &DocumentEntry) -> String {
    match &d.rewrite {
        Some(r) => match r.label.as_str() {
            "original" => String::new(),
            "spun" => format!("machine-spun ({} substituted words)", r.substitutions.len()),
            other => other.replace('_', " "),
        },
        None => String::new(),
    }
}

fn pair_row(r: &ReuseEntry, find: &Index) -> Option<PairRow> {
    let source = find.doc(&r.source)?;
    let target = find.doc(&r.target)?;
    Some(PairRow {
        href: pair_href(source, target),
        source: label(source),
        target: label(target),
        relation: relation_words(r.relation.as_str()).to_string(),
        share: format!("{:.0}%", r.copied_share * 100.0),
        direction: direction_words(r.direction).to_string(),
    })
}

fn agreed(report: &Report, find: &Index) -> Vec<Agreed> {
    let disputed: Vec<&str> = report
        .contradictions
        .iter()
        .flat_map(|c| c.claims.iter().map(String::as_str))
        .collect();
    let mut groups: Vec<(&str, Vec<&crosscheck_engine::report::Claim>)> = Vec::new();
    for claim in &report.claims {
        if disputed.contains(&claim.id.as_str()) {
            continue;
        }
        match groups.iter_mut().find(|(g, _)| *g == claim.group) {
            Some((_, members)) => members.push(claim),
            None => groups.push((&claim.group, vec![claim])),
        }
    }
    let mut out: Vec<Agreed> = groups
        .into_iter()
        .filter_map(|(_, members)| {
            let mut documents: Vec<&str> = members.iter().map(|c| c.document.as_str()).collect();
            documents.sort_unstable();
            documents.dedup();
            if documents.len() < 2 {
                return None;
            }
            let statement = members
                .iter()
                .map(|c| c.statement.as_str())
                .find(|s| !s.is_empty())?
                .to_string();
            Some((
                statement,
                documents,
                members
                    .iter()
                    .filter_map(|c| {
                        Some((c.document.as_str(), cite(find.doc(&c.document)?, c.span)))
                    })
                    .collect::<Vec<_>>(),
            ))
        })
        .fold(
            Vec::<(String, Vec<&str>, Vec<(&str, Cite)>)>::new(),
            |mut merged, (statement, documents, cites)| {
                // Two claim groups can read the same once cut to a statement: one line.
                match merged.iter_mut().find(|(s, _, _)| *s == statement) {
                    Some((_, docs, all)) => {
                        docs.extend(documents);
                        all.extend(cites);
                    }
                    None => merged.push((statement, documents, cites)),
                }
                merged
            },
        )
        .into_iter()
        .map(|(statement, mut documents, cites)| {
            documents.sort_unstable();
            documents.dedup();
            Agreed {
                statement,
                documents: documents.len(),
                cites: one_per_document(cites),
            }
        })
        .collect();
    out.sort_by_key(|a| std::cmp::Reverse(a.documents));
    out.truncate(40);
    out
}

/// The first citation of each document, at most [`MAX_CITES`].
fn one_per_document(cites: Vec<(&str, Cite)>) -> Vec<Cite> {
    let mut seen: Vec<&str> = Vec::new();
    cites
        .into_iter()
        .filter(|(doc, _)| {
            let new = !seen.contains(doc);
            seen.push(doc);
            new
        })
        .map(|(_, cite)| cite)
        .take(MAX_CITES)
        .collect()
}

fn disputed(report: &Report, find: &Index) -> Vec<Dispute> {
    report
        .contradictions
        .iter()
        .map(|c| Dispute {
            statement: c.statement.clone(),
            reason: c.reason.clone(),
            sides: c
                .claims
                .iter()
                .filter_map(|id| report.claims.iter().find(|claim| claim.id == *id))
                .filter_map(|claim| {
                    Some((
                        cite(find.doc(&claim.document)?, claim.span),
                        claim.text.clone(),
                    ))
                })
                .collect(),
        })
        .collect()
}

fn speakers(report: &Report, find: &Index) -> Vec<Speaker> {
    let mut out: Vec<Speaker> = Vec::new();
    for quote in &report.quotes {
        let name = quote
            .speaker_name
            .clone()
            .unwrap_or_else(|| "Unattributed".to_string());
        let speaker = match out.iter_mut().position(|s| s.name == name) {
            Some(n) => &mut out[n],
            None => {
                out.push(Speaker {
                    name,
                    quotes: Vec::new(),
                });
                let last = out.len() - 1;
                &mut out[last]
            }
        };
        let Some(doc) = find.doc(&quote.document) else {
            continue;
        };
        let here = cite(doc, quote.span);
        // Quotes of one group sit on one row; the first in report order gives the wording
        // (a rewritten text's clean wording, when it is one).
        match speaker
            .quotes
            .iter_mut()
            .find(|row| row.group == quote.group)
        {
            Some(row) => {
                if row.cites.len() < MAX_CITES {
                    row.cites.push(here);
                }
                row.drift |= !quote.drift.is_empty();
            }
            None => speaker.quotes.push(QuoteRow {
                group: quote.group.clone(),
                text: quote
                    .clean_text
                    .clone()
                    .unwrap_or_else(|| quote.text.clone()),
                cleaned: quote.clean_text.is_some(),
                drift: !quote.drift.is_empty(),
                cites: vec![here],
            }),
        }
    }
    out.sort_by_key(|s| (s.name == "Unattributed", std::cmp::Reverse(s.quotes.len())));
    out
}

/// Documents of a report by id.
pub struct Index<'a> {
    docs: Vec<(&'a str, &'a DocumentEntry)>,
}

impl<'a> Index<'a> {
    /// Index `report`'s documents.
    pub fn new(report: &'a Report) -> Index<'a> {
        let mut docs: Vec<(&str, &DocumentEntry)> = report
            .documents
            .iter()
            .map(|d| (d.id.as_str(), d))
            .collect();
        docs.sort_unstable_by_key(|(id, _)| *id);
        Index { docs }
    }

    /// The document with report id `id`.
    pub fn doc(&self, id: &str) -> Option<&'a DocumentEntry> {
        self.docs
            .binary_search_by_key(&id, |(i, _)| i)
            .ok()
            .map(|n| self.docs[n].1)
    }

    /// The document whose content hash starts with `prefix`.
    pub fn by_hash(&self, prefix: &str) -> Option<&'a DocumentEntry> {
        let mut found = self.docs.iter().filter(|(_, d)| d.hash.starts_with(prefix));
        let first = found.next()?;
        found.next().is_none().then_some(first.1)
    }
}

/// Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`, or a prefix of one).
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.get(..10).unwrap_or(date).split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    let d: i64 = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

const CHART_LEFT: u32 = 220;
const CHART_WIDTH: u32 = 900;
const CHART_ROW: u32 = 24;
const CHART_ROWS_MAX: usize = 200;

fn chart(report: &Report, find: &Index) -> Chart {
    let mut docs: Vec<(&DocumentEntry, Option<i64>)> = report
        .documents
        .iter()
        .map(|d| (d, d.published.as_deref().and_then(day_number)))
        .collect();
    docs.sort_by_key(|(d, day)| (day.is_none(), *day, d.id.clone()));
    docs.truncate(CHART_ROWS_MAX);
    let days: Vec<i64> = docs.iter().filter_map(|(_, d)| *d).collect();
    let (lo, hi) = (
        days.iter().copied().min().unwrap_or(0),
        days.iter().copied().max().unwrap_or(0),
    );
    let plot = CHART_WIDTH - CHART_LEFT - 100;
    let x_of = |day: Option<i64>| -> u32 {
        match day {
            None => CHART_WIDTH - 40,
            Some(_) if hi == lo => CHART_LEFT + plot / 2,
            Some(d) => CHART_LEFT + ((d - lo) as f64 / (hi - lo) as f64 * plot as f64) as u32,
        }
    };
    let rows: Vec<ChartRow> = docs
        .iter()
        .enumerate()
        .map(|(n, (d, day))| ChartRow {
            y: 20 + n as u32 * CHART_ROW,
            x: x_of(*day),
            label: label(d),
            href: doc_href(d),
            dated: day.is_some(),
            title: format!(
                "{} — {}",
                d.published.as_deref().unwrap_or("undated"),
                d.title.as_deref().unwrap_or(&d.id)
            ),
        })
        .collect();
    let position = |id: &str| -> Option<(u32, u32)> {
        let n = docs.iter().position(|(d, _)| d.id == id)?;
        Some((rows[n].x, rows[n].y))
    };
    let edges = report
        .reuse
        .iter()
        .filter_map(|r| {
            let (x1, y1) = position(&r.source)?;
            let (x2, y2) = position(&r.target)?;
            let bend = 30 + (y1.abs_diff(y2) / 4).min(120);
            Some(ChartEdge {
                path: format!(
                    "M {x1} {y1} C {} {y1}, {} {y2}, {x2} {y2}",
                    x1 + bend,
                    x2 + bend
                ),
                class: format!("edge rel-{}", r.relation.as_str()),
                title: format!(
                    "{} → {}: {}",
                    label(find.doc(&r.source)?),
                    label(find.doc(&r.target)?),
                    relation_words(r.relation.as_str())
                ),
            })
        })
        .collect();
    Chart {
        width: CHART_WIDTH,
        height: 40 + rows.len() as u32 * CHART_ROW,
        rows,
        edges,
        first: docs
            .iter()
            .find(|(_, d)| d.is_some())
            .and_then(|(d, _)| d.published.clone())
            .unwrap_or_default(),
        last: docs
            .iter()
            .rev()
            .find(|(_, d)| d.is_some())
            .and_then(|(d, _)| d.published.clone())
            .unwrap_or_default(),
    }
}

/// One side of reuse as the document page lists it.
#[derive(Clone, Debug)]
pub struct Link {
    pub class: String,
    pub label: String,
    pub relation: String,
    pub share: String,
    pub href: String,
}

/// A reused stretch on the document's bar (in thousandths of its length).
#[derive(Clone, Debug)]
pub struct BarPiece {
    pub x: u32,
    pub width: u32,
    pub class: String,
    pub title: String,
}

/// The document page.
pub struct DocumentView {
    pub doc: DocumentEntry,
    /// Where it came from: a URL in full, a file by its name only (a server's paths are its own).
    pub source: String,
    pub story: Option<i64>,
    pub segments: Vec<Segment>,
    pub bar: Vec<BarPiece>,
    pub sources: Vec<Link>,
    pub copies: Vec<Link>,
    pub rewrite: String,
    pub substitutions: Vec<(String, String)>,
    pub quotes: usize,
    pub claims: usize,
}

/// The page of document `doc` (a member of `story`), `focus` marked.
pub fn document_view(
    story: &StoryReport,
    doc: &DocumentEntry,
    focus: Option<CharSpan>,
) -> DocumentView {
    let report = &story.report;
    let find = Index::new(report);
    let length = doc.text.chars().count().max(1);
    let mut marks: Vec<Mark> = Vec::new();
    let mut sources: Vec<Link> = Vec::new();
    let mut copies: Vec<Link> = Vec::new();
    let mut bar: Vec<BarPiece> = Vec::new();
    for r in report.reuse.iter().filter(|r| r.target == doc.id) {
        let Some(source) = find.doc(&r.source) else {
            continue;
        };
        let class = format!("src-{}", sources.len() % 8);
        let href = pair_href(source, doc);
        for p in &r.passages {
            marks.push(Mark {
                span: p.target,
                kind: MarkKind::Passage {
                    class: class.clone(),
                    target: href.clone(),
                    id: None,
                },
            });
            bar.push(BarPiece {
                x: (p.target[0] * 1000 / length) as u32,
                width: ((p.target[1].saturating_sub(p.target[0])) * 1000 / length).max(2) as u32,
                class: class.clone(),
                title: format!("from {}", label(source)),
            });
        }
        sources.push(Link {
            class,
            label: label(source),
            relation: relation_words(r.relation.as_str()).to_string(),
            share: format!("{:.0}%", r.copied_share * 100.0),
            href,
        });
    }
    for r in report.reuse.iter().filter(|r| r.source == doc.id) {
        let Some(target) = find.doc(&r.target) else {
            continue;
        };
        let href = pair_href(doc, target);
        for p in &r.passages {
            marks.push(Mark {
                span: p.source,
                kind: MarkKind::Passage {
                    class: "copied".into(),
                    target: href.clone(),
                    id: None,
                },
            });
        }
        copies.push(Link {
            class: "copied".into(),
            label: label(target),
            relation: relation_words(r.relation.as_str()).to_string(),
            share: format!("{:.0}%", r.copied_share * 100.0),
            href,
        });
    }
    // A spun copy's source says what each word was; that beats the lexicon's guess, which
    // only speaks for words no source covers.
    let mut substitutions: Vec<(String, String)> = Vec::new();
    let mut from_source: Vec<CharSpan> = Vec::new();
    for r in report.reuse.iter().filter(|r| r.target == doc.id) {
        for s in &r.substitutions {
            from_source.push(s.target);
            marks.push(Mark {
                span: s.target,
                kind: MarkKind::Spun {
                    original: s.original.clone(),
                },
            });
            substitutions.push((s.found.clone(), s.original.clone()));
        }
    }
    if let Some(rewrite) = &doc.rewrite {
        for s in &rewrite.substitutions {
            let covered = from_source
                .iter()
                .any(|t| t[0] < s.span[1] && s.span[0] < t[1]);
            if covered {
                continue;
            }
            marks.push(Mark {
                span: s.span,
                kind: MarkKind::Spun {
                    original: s.likely.clone(),
                },
            });
            substitutions.push((s.found.clone(), s.likely.clone()));
        }
    }
    substitutions.sort();
    substitutions.dedup();
    let quotes: Vec<_> = report
        .quotes
        .iter()
        .filter(|q| q.document == doc.id)
        .collect();
    marks.extend(quotes.iter().map(|q| Mark {
        span: q.span,
        kind: MarkKind::Quote,
    }));
    let claims: Vec<_> = report
        .claims
        .iter()
        .filter(|c| c.document == doc.id)
        .collect();
    marks.extend(claims.iter().map(|c| Mark {
        span: c.span,
        kind: MarkKind::Claim,
    }));
    if let Some(span) = focus {
        marks.push(Mark {
            span,
            kind: MarkKind::Focus,
        });
    }
    DocumentView {
        source: shown_source(&doc.source),
        doc: doc.clone(),
        story: story.story.as_ref().map(|s| s.key),
        segments: segments(&doc.text, &marks),
        bar,
        sources,
        copies,
        rewrite: rewrite_words(doc),
        substitutions,
        quotes: quotes.len(),
        claims: claims.len(),
    }
}

/// A document's source as a page shows it: a URL in full, a file by its name (and the line or
/// record it was on), never the folders of the machine that read it.
pub fn shown_source(source: &str) -> String {
    if source.contains("://") {
        return source.to_string();
    }
    source
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(source)
        .to_string()
}

/// The pair page.
pub struct PairView {
    pub source: DocumentEntry,
    pub target: DocumentEntry,
    pub relation: String,
    pub relation_words: String,
    pub extent: String,
    pub similarity: String,
    pub share: String,
    pub direction: String,
    pub root: String,
    pub passages: usize,
    pub source_segments: Vec<Segment>,
    pub target_segments: Vec<Segment>,
    pub substitutions: Vec<(String, String)>,
    pub story: Option<i64>,
}

/// The page of the reuse pair `entry` of `story`.
pub fn pair_view(story: &StoryReport, entry: &ReuseEntry) -> Option<PairView> {
    let find = Index::new(&story.report);
    let source = find.doc(&entry.source)?;
    let target = find.doc(&entry.target)?;
    let mut source_marks = Vec::new();
    let mut target_marks = Vec::new();
    for (n, p) in entry.passages.iter().enumerate() {
        source_marks.push(Mark {
            span: p.source,
            kind: MarkKind::Passage {
                class: "src-0".into(),
                target: format!("t-{n}"),
                id: Some(format!("s-{n}")),
            },
        });
        target_marks.push(Mark {
            span: p.target,
            kind: MarkKind::Passage {
                class: "src-0".into(),
                target: format!("s-{n}"),
                id: Some(format!("t-{n}")),
            },
        });
    }
    for s in &entry.substitutions {
        target_marks.push(Mark {
            span: s.target,
            kind: MarkKind::Spun {
                original: s.original.clone(),
            },
        });
    }
    Some(PairView {
        source: source.clone(),
        target: target.clone(),
        relation: entry.relation.as_str().to_string(),
        relation_words: relation_words(entry.relation.as_str()).to_string(),
        extent: entry.extent.as_str().to_string(),
        similarity: format!("{:.2}", entry.similarity),
        share: format!("{:.0}%", entry.copied_share * 100.0),
        direction: direction_words(entry.direction).to_string(),
        root: find.doc(&entry.root).map(label).unwrap_or_default(),
        passages: entry.passages.len(),
        source_segments: segments(&source.text, &source_marks),
        target_segments: segments(&target.text, &target_marks),
        substitutions: entry
            .substitutions
            .iter()
            .map(|s| (s.found.clone(), s.original.clone()))
            .collect(),
        story: story.story.as_ref().map(|s| s.key),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2022-11-09"), Some(19_305));
        assert_eq!(day_number("2022-11"), Some(19_297));
        assert_eq!(day_number("2022-13-01"), None);
        assert_eq!(day_number("soon"), None);
    }

    #[test]
    fn sources_show_no_server_folders() {
        assert_eq!(
            shown_source("/srv/data/in/a.jsonl#line=3"),
            "a.jsonl#line=3"
        );
        assert_eq!(shown_source("C:\\data\\b.txt"), "b.txt");
        assert_eq!(
            shown_source("https://x.example/a/b"),
            "https://x.example/a/b"
        );
    }

    #[test]
    fn short_hashes_never_panic() {
        assert_eq!(short("abc"), "abc");
        assert_eq!(short("0123456789abcdef0123"), "0123456789abcdef");
    }
}
