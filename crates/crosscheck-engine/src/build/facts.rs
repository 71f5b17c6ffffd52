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
/// in statements as published. Takes the facts: each claim's text moves into its entry and
/// the rest of it is dropped as the entries are made, so a large corpus does not hold every
/// claim twice.
pub(crate) fn fact_entries(
    documents: &[Document],
    mut facts: crosscheck_facts::Facts,
    wording: &[Wording],
) -> FactEntries {
    let offsets = char_offsets(documents);
    let id = |i: usize| documents.get(i).map(|d| d.id.clone()).unwrap_or_default();
    let ids = |list: &[usize]| list.iter().map(|&i| id(i)).collect::<Vec<_>>();

    // Everything that reads other claims than its own comes first.
    let (claim_statements, contradictions, timeline) = {
        let statements = Statements::new(documents, &facts, wording);
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
            .collect::<Vec<_>>();
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
            .collect::<Vec<_>>();
        (statements.claims(), contradictions, timeline)
    };
    let stories = std::mem::take(&mut facts.stories)
        .into_iter()
        .map(|s| Story {
            documents: ids(&s.documents),
            id: s.id,
            title: s.title,
        })
        .collect();
    let groups = &facts.groups;
    let mut claim_statements = claim_statements.into_iter();
    let claims = std::mem::take(&mut facts.claims)
        .into_iter()
        .enumerate()
        .map(|(n, c)| {
            let group = c.group.and_then(|g| groups.get(g));
            // Support: the documents on this claim's side of its group (stating the same value).
            let support = group
                .and_then(|g| g.sides.iter().find(|side| side.claims.contains(&n)))
                .map(|side| ids(&side.documents))
                .unwrap_or_else(|| vec![id(c.document)]);
            Claim {
                document: id(c.document),
                span: offsets[c.document].char_span(c.range),
                kind: c.kind,
                subject: group.map_or_else(|| c.subject.head.clone(), |g| g.subject.clone()),
                value: serde_json::Value::String(c.value.label()),
                group: group.map_or_else(|| c.id.clone(), |g| g.id.clone()),
                statement: claim_statements.next().unwrap_or_default(),
                support,
                id: c.id,
                text: c.text,
            }
        })
        .collect();
    FactEntries {
        stories,
        claims,
        contradictions,
        timeline,
    }
}
