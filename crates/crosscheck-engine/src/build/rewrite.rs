//! Rewrite entries: machine-rewriting traces of one document.

use std::collections::HashSet;
use std::ops::Range;

use crosscheck::text::{normalize_word, tokens};
use crosscheck::Document;
use rayon::prelude::*;

use crosscheck_rewrite::Label;

use super::offsets::text_offsets;
use super::statements::Wording;
use crate::report::{Rewrite, RewriteEvidence, Substitution};

/// Rewrite forensics for one document, spans in characters; spin checked by `scorer` (a
/// language model) when there is one.
pub(crate) fn rewrite_entry(
    doc: &Document,
    scorer: Option<&dyn crosscheck_rewrite::ContextScorer>,
) -> Rewrite {
    let analysis = match (scorer, crosscheck_rewrite::Analyzer::new()) {
        (Some(scorer), Ok(analyzer)) => analyzer.analyze_with(&doc.text, scorer),
        _ => crosscheck_rewrite::analyze(&doc.text),
    };
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
    let mut wording: Vec<Wording> = documents
        .iter()
        .zip(rewrites)
        .map(|(doc, rewrite)| match rewrite {
            None => Wording::clean(),
            Some(r) => Wording {
                clean: r.label == Label::Original,
                restore: byte_substitutions(&doc.text, &r.substitutions),
                restore_known: Vec::new(),
            },
        })
        .collect();
    // Which replacement words the corpus itself uses: one pass over the documents, looking
    // only for the (few) words some substitution needs.
    let wanted: HashSet<String> = wording
        .iter()
        .flat_map(|w| w.restore.iter().map(|(_, likely)| likely.to_lowercase()))
        .collect();
    if wanted.is_empty() {
        return wording;
    }
    let found: HashSet<String> = documents
        .par_iter()
        .map(|d| {
            tokens(&d.text)
                .iter()
                .map(|t| normalize_word(t.range.slice(&d.text)))
                .filter(|w| wanted.contains(w))
                .collect::<HashSet<String>>()
        })
        .reduce(HashSet::new, |mut a, b| {
            a.extend(b);
            a
        });
    for w in &mut wording {
        w.restore_known = w
            .restore
            .iter()
            .filter(|(_, likely)| {
                likely.split_whitespace().all(|word| {
                    let word = word.to_lowercase();
                    found.contains(&word) || crosscheck::lexicon::is_function_word(&word)
                })
            })
            .cloned()
            .collect();
    }
    wording
}

/// Substitutions as byte ranges into `text` (from character spans), sorted.
fn byte_substitutions(text: &str, substitutions: &[Substitution]) -> Vec<(Range<usize>, String)> {
    if substitutions.is_empty() {
        return Vec::new();
    }
    // Character offsets back to byte offsets, in one pass over the text.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut out: Vec<(Range<usize>, String)> = substitutions
        .iter()
        .filter_map(|s| {
            let (start, end) = (*bytes.get(s.span[0])?, *bytes.get(s.span[1])?);
            Some((start..end, s.likely.clone()))
        })
        .collect();
    out.sort_by_key(|(range, _)| range.start);
    out
}
