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
            }
        })
        .collect()
}
