//! Rewrite entries: machine-rewriting traces of one document.

use crosscheck::Document;

use crosscheck_rewrite::Label;

use super::offsets::text_offsets;
use super::statements::Wording;
use crate::report::{Rewrite, RewriteEvidence, Substitution};

/// Rewrite forensics for one document, spans in characters.
pub(crate) fn rewrite_entry(doc: &Document) -> Rewrite {
    let analysis = crosscheck_rewrite::analyze(&doc.text);
    let offsets = text_offsets(&doc.text);
    Rewrite {
        label: analysis.label,
        score: (f64::from(analysis.score) * 1000.0).round() / 1000.0,
        substitutions: analysis
            .substitutions
            .iter()
            .map(|s| Substitution {
                span: offsets.char_span(s.range),
                found: s.found.clone(),
                likely: s.likely.clone(),
            })
            .collect(),
        evidence: analysis
            .evidence
            .iter()
            .map(|e| RewriteEvidence {
                span: offsets.char_span(e.range),
                kind: e.kind,
                note: e.note.clone(),
            })
            .collect(),
    }
}

/// How far each document's words are its outlet's own, from its rewrite entry (`None`: rewrite
/// forensics did not run or failed on it, and its words are taken as published).
pub(crate) fn wording(documents: &[Document], rewrites: &[Option<&Rewrite>]) -> Vec<Wording> {
    documents
        .iter()
        .zip(rewrites)
        .map(|(doc, rewrite)| match rewrite {
            None => Wording::clean(),
            Some(r) => {
                let mut restore: Vec<(std::ops::Range<usize>, String)> = Vec::new();
                if !r.substitutions.is_empty() {
                    // Character offsets back to byte offsets, in one pass over the text.
                    let bytes: Vec<usize> = doc
                        .text
                        .char_indices()
                        .map(|(b, _)| b)
                        .chain(std::iter::once(doc.text.len()))
                        .collect();
                    for s in &r.substitutions {
                        if let (Some(&start), Some(&end)) = (bytes.get(s.span[0]), bytes.get(s.span[1])) {
                            restore.push((start..end, s.likely.clone()));
                        }
                    }
                    restore.sort_by_key(|(range, _)| range.start);
                }
                Wording {
                    clean: r.label == Label::Original,
                    restore,
                }
            }
        })
        .collect()
}
