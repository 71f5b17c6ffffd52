//! The reuse stage of `analyze`: run detection, turn its byte spans into report entries.

use crosscheck::report::{Passage, ReuseEntry, ReuseSubstitution};
use crosscheck::{CharOffsets, Document};
use crosscheck_reuse::{detect_with_progress, ReuseDoc, ReuseOptions, ReusePair};

use crate::progress::Progress;

/// Reuse entries for `documents`, in a stable order (by target, then source).
pub fn reuse_entries(documents: &[Document], show_progress: bool) -> Vec<ReuseEntry> {
    let docs: Vec<ReuseDoc<'_>> = documents
        .iter()
        .map(|d| ReuseDoc {
            id: &d.id,
            text: &d.text,
            published: d.meta.published.as_ref().map(|p| p.value),
            site: super::site_of(d),
        })
        .collect();
    let bar = Progress::stage(show_progress, "aligning candidate pairs");
    let pairs = detect_with_progress(&docs, &ReuseOptions::default(), &|done, total| {
        bar.set(done, total)
    });
    bar.finish();
    entries_for(documents, &pairs)
}

/// Report entries for `pairs`, whose indices point into `documents`, spans in characters;
/// roots as the pairs give them.
pub(super) fn entries_for(documents: &[Document], pairs: &[ReusePair]) -> Vec<ReuseEntry> {
    let offsets: Vec<CharOffsets<'_>> = documents
        .iter()
        .map(|d| CharOffsets::new(&d.text))
        .collect();
    pairs
        .iter()
        .map(|pair| {
            let (source, target) = (&documents[pair.source], &documents[pair.target]);
            let (so, to) = (&offsets[pair.source], &offsets[pair.target]);
            ReuseEntry {
                source: source.id.clone(),
                target: target.id.clone(),
                relation: pair.relation.as_str().to_string(),
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
                extent: serde_name(&pair.extent),
                direction: serde_name(&pair.direction),
                root: documents[pair.root].id.clone(),
            }
        })
        .collect()
}

fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
