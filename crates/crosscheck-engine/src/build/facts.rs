//! Fact entries: stories, claims, contradictions and the timeline.

use crosscheck::Document;

use super::offsets::char_offsets;
use super::statements::{Statements, Wording};
use crate::report::{Claim, Contradiction, Mention, Story, TimelineEntry};

/// The report's fact sections for `documents`.
pub(crate) struct FactEntries {
    /// Stories.
    pub stories: Vec<Story>,
    /// Claims.
    pub claims: Vec<Claim>,
    /// Contradictions.
    pub contradictions: Vec<Contradiction>,
    /// Timeline.
    pub timeline: Vec<TimelineEntry>,
}

/// The report's entries for `facts`, found by the fact stages over `documents`
/// (`crosscheck_facts::analyze`); `wording` (one per document) says whose words can be quoted
/// in statements as published.
pub(crate) fn fact_entries(
    documents: &[Document],
    facts: &crosscheck_facts::Facts,
    wording: &[Wording],
) -> FactEntries {
    let statements = Statements::new(documents, facts, wording);
    let mut claim_statements = statements.claims().into_iter();
    let offsets = char_offsets(documents);
    let id = |i: usize| documents.get(i).map(|d| d.id.clone()).unwrap_or_default();
    let ids = |list: &[usize]| list.iter().map(|&i| id(i)).collect::<Vec<_>>();

    let stories = facts
        .stories
        .iter()
        .map(|s| Story {
            id: s.id.clone(),
            title: s.title.clone(),
            documents: ids(&s.documents),
        })
        .collect();
    let claims = facts
        .claims
        .iter()
        .map(|c| {
            let group = c.group.and_then(|g| facts.groups.get(g));
            // Support: the documents on this claim's side of its group (stating the same value).
            let support = group
                .and_then(|g| {
                    g.sides.iter().find(|side| {
                        side.claims
                            .iter()
                            .any(|&n| facts.claims.get(n).is_some_and(|o| o.id == c.id))
                    })
                })
                .map(|side| ids(&side.documents))
                .unwrap_or_else(|| vec![id(c.document)]);
            Claim {
                id: c.id.clone(),
                document: id(c.document),
                span: offsets[c.document].char_span(c.range),
                text: c.text.clone(),
                kind: c.kind,
                subject: group.map_or_else(|| c.subject.head.clone(), |g| g.subject.clone()),
                value: serde_json::Value::String(c.value.label()),
                group: group.map_or_else(|| c.id.clone(), |g| g.id.clone()),
                statement: claim_statements.next().unwrap_or_default(),
                support,
            }
        })
        .collect();
    let contradictions = facts
        .contradictions
        .iter()
        .map(|k| Contradiction {
            claims: k
                .claims
                .iter()
                .filter_map(|&n| facts.claims.get(n))
                .map(|c| c.id.clone())
                .collect(),
            reason: k.reason.clone(),
            statement: statements.contradiction(k),
        })
        .collect();
    let timeline = facts
        .timeline
        .iter()
        .map(|t| TimelineEntry {
            date: t.date.format("%Y-%m-%d").to_string(),
            precision: t.precision,
            event: t.event.clone(),
            documents: ids(&t.documents),
            evidence: t
                .evidence
                .iter()
                .map(|e| Mention {
                    document: id(e.document),
                    span: offsets[e.document].char_span(e.range),
                })
                .collect(),
            statement: statements.timeline(t),
        })
        .collect();
    FactEntries {
        stories,
        claims,
        contradictions,
        timeline,
    }
}
