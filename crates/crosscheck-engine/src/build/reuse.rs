//! Reuse entries: derived pairs with their passages and substitutions.

use crosscheck::Document;
use crosscheck_reuse::ReusePair;

use super::offsets::char_offsets;
use crate::report::{Passage, ReuseEntry, ReuseSubstitution};

/// Report entries for `pairs`, whose indices point into `documents`, spans in characters;
/// roots as the pairs give them.
pub(crate) fn reuse_entries(documents: &[Document], pairs: &[ReusePair]) -> Vec<ReuseEntry> {
    let offsets = char_offsets(documents);
    pairs
        .iter()
        .map(|pair| {
            let (source, target) = (&documents[pair.source], &documents[pair.target]);
            let (so, to) = (&offsets[pair.source], &offsets[pair.target]);
            ReuseEntry {
                source: source.id.clone(),
                target: target.id.clone(),
                relation: pair.relation,
                similarity: (pair.similarity * 1000.0).round() / 1000.0,
                passages: pair
                    .passages
                    .iter()
                    .map(|p| Passage {
                        source: so.char_span(p.source),
                        target: to.char_span(p.target),
                    })
                    .collect(),
                substitutions: pair
                    .substitutions
                    .iter()
                    .map(|s| ReuseSubstitution {
                        target: to.char_span(s.target),
                        found: s.target.slice(&target.text).to_string(),
                        original: s.source.slice(&source.text).to_string(),
                    })
                    .collect(),
                extent: pair.extent,
                direction: pair.direction,
                root: documents[pair.root].id.clone(),
                copied_share: copied_share(&target.text, pair.passages.iter().map(|p| p.target)),
            }
        })
        .collect()
}

/// Share of `text` the passages cover (overlaps counted once), in characters, to 3 decimals.
fn copied_share(text: &str, passages: impl Iterator<Item = crosscheck::TextRange>) -> f64 {
    let mut spans: Vec<(usize, usize)> = passages.map(|p| (p.start(), p.end())).collect();
    spans.sort_unstable();
    let mut covered = 0usize;
    let mut reach = 0usize;
    for (start, end) in spans {
        let (start, end) = (start.max(reach), end.min(text.len()));
        if start < end {
            covered += text.get(start..end).map_or(0, |s| s.chars().count());
            reach = end;
        }
    }
    let total = text.chars().count();
    if total == 0 {
        return 0.0;
    }
    ((covered as f64 / total as f64).min(1.0) * 1000.0).round() / 1000.0
}
