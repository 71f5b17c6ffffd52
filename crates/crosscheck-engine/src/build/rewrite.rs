//! Rewrite entries: machine-rewriting traces of one document.

use crosscheck::Document;

use super::offsets::text_offsets;
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
