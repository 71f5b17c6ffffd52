//! Anchors: the date a document's relative expressions are read against.
//!
//! What it decides: a dated document is anchored on its publication date; an undated one on a
//! date its story establishes: the latest full date its fellow documents (and it) write, a
//! yearless date given the year of the story, or the weekday the text is written on (the end
//! of the shortest run of weekdays it names).

use super::calendar::{most_recent, past_year_date};
use super::raw::{RawTime, Shift, Spec};
use super::*;

/// The anchor of one document read on its own: its publication date, if any.
pub fn document_anchor(doc: &Document) -> Option<Anchor> {
    doc.meta.published.as_ref().map(|p| Anchor {
        date: p.value,
        source: AnchorSource::Published,
    })
}

/// Anchors for the documents `members` (indices into `docs`) of one story.
///
/// A dated document is read against its publication date. An undated one is read against, in
/// order of preference: the latest full date in its own text ("Friday, November 11"); the
/// story's date (the latest publication date, or else the latest full date, any other member
/// gives) moved back to the latest weekday the document itself names; the story's date as is.
/// A story with no date anywhere leaves its undated documents without an anchor.
pub fn story_anchors(docs: &[Document], members: &[usize]) -> Vec<Option<Anchor>> {
    let scans: Vec<(Vec<RawTime>, Vec<TextRange>)> = (0..docs.len())
        .map(|i| {
            if members.contains(&i) {
                scan_with_spans(&Prepared::new(&docs[i].text, docs[i].language()))
            } else {
                Default::default()
            }
        })
        .collect();
    let published: Vec<Option<NaiveDate>> = docs
        .iter()
        .map(|d| d.meta.published.as_ref().map(|p| p.value))
        .collect();
    let inputs: Vec<AnchorInput<'_>> = members
        .iter()
        .map(|&i| AnchorInput {
            document: i,
            published: published[i],
            raw: &scans[i].0,
            spans: &scans[i].1,
        })
        .collect();
    anchors_for(&inputs)
}

/// The time expressions of a prepared text, and the text range of each: what anchors need,
/// so that the tokens need not be kept until then.
pub(crate) fn scan_with_spans(prepared: &Prepared<'_>) -> (Vec<RawTime>, Vec<TextRange>) {
    let raw = scan(prepared);
    let spans = raw.iter().map(|r| prepared.span(r.toks.clone())).collect();
    (raw, spans)
}

/// What anchor estimation needs to know about one document.
pub(crate) struct AnchorInput<'a> {
    pub document: usize,
    pub published: Option<NaiveDate>,
    pub raw: &'a [RawTime],
    /// The text range of each of `raw`.
    pub spans: &'a [TextRange],
}

pub(crate) fn anchors_for(inputs: &[AnchorInput<'_>]) -> Vec<Option<Anchor>> {
    // The story date: the latest publication date, else the latest full date in any text.
    let story_date = inputs
        .iter()
        .filter_map(|d| d.published.map(|p| (p, d.document)))
        .max()
        .or_else(|| {
            inputs
                .iter()
                .filter_map(|d| latest_full_date(d.raw, d.spans).map(|(p, _)| (p, d.document)))
                .max()
        });
    inputs
        .iter()
        .map(|d| {
            if let Some(p) = d.published {
                return Some(Anchor {
                    date: p,
                    source: AnchorSource::Published,
                });
            }
            if let Some((date, range)) = latest_full_date(d.raw, d.spans) {
                return Some(Anchor {
                    date,
                    source: AnchorSource::OwnText { range },
                });
            }
            let (date, document) = story_date?;
            // Full dates without a year take the story's year.
            if let Some((date, range)) = latest_yearless_date(d.raw, d.spans, date) {
                return Some(Anchor {
                    date,
                    source: AnchorSource::OwnText { range },
                });
            }
            match writing_weekday(d.raw) {
                Some(weekday) => Some(Anchor {
                    date: most_recent(weekday, date),
                    source: AnchorSource::StoryWeekday { document, weekday },
                }),
                None => Some(Anchor {
                    date,
                    source: AnchorSource::Story { document },
                }),
            }
        })
        .collect()
}

/// The latest day-precision date with a year written in the text.
pub(super) fn latest_full_date(
    raw: &[RawTime],
    spans: &[TextRange],
) -> Option<(NaiveDate, TextRange)> {
    raw.iter()
        .zip(spans)
        .filter_map(|(r, &span)| match r.spec {
            Spec::Date {
                year: Some(y),
                month,
                day,
                ..
            } => NaiveDate::from_ymd_opt(y, month, day).map(|d| (d, span)),
            _ => None,
        })
        .max_by_key(|(d, _)| *d)
}

/// The latest day-precision date without a year, in the year that puts it on or before
/// `story` (and consistent with its weekday, when one is written).
pub(super) fn latest_yearless_date(
    raw: &[RawTime],
    spans: &[TextRange],
    story: NaiveDate,
) -> Option<(NaiveDate, TextRange)> {
    raw.iter()
        .zip(spans)
        .filter(|(r, _)| !r.future)
        .filter_map(|(r, &span)| match r.spec {
            Spec::Date {
                year: None,
                month,
                day,
                weekday,
            } => {
                let date = past_year_date(month, day, story)?;
                if weekday.is_some_and(|w| w != date.weekday()) {
                    return None;
                }
                Some((date, span))
            }
            _ => None,
        })
        .max_by_key(|(d, _)| *d)
}

/// The weekday a text is most likely written on: of the weekdays it names (not in future
/// clauses, not "last"/"next"), the last one in the shortest cyclic run covering them all.
pub(super) fn writing_weekday(raw: &[RawTime]) -> Option<Weekday> {
    let mut seen = [false; 7];
    for r in raw {
        if let Spec::Weekday {
            weekday,
            shift: Shift::None,
        } = r.spec
        {
            if !r.future {
                seen[weekday.num_days_from_monday() as usize] = true;
            }
        }
    }
    let days: Vec<u32> = (0..7u32).filter(|&d| seen[d as usize]).collect();
    if days.is_empty() {
        return None;
    }
    // Choose the end day e minimising the backward span needed to cover all named days.
    let mut best: Option<(u32, u32)> = None;
    for &end in &days {
        let span = days.iter().map(|&d| (end + 7 - d) % 7).max().unwrap_or(0);
        if best.is_none_or(|(s, _)| span < s) {
            best = Some((span, end));
        }
    }
    best.and_then(|(_, end)| Weekday::try_from(end as u8).ok())
}
