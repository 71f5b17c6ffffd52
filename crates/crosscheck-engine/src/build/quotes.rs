//! Who-said-what entries: entities across spellings, quotes with speakers, and the same
//! statement grouped across documents.

use std::collections::HashMap;

use crosscheck::{Document, TextRange};
use crosscheck_entities::{group_quotes, mentions, quotes, resolve};
use rayon::prelude::*;

use super::offsets::char_offsets;
use super::statements::{restored as restored_text, Wording};
use crate::guard::guarded;
use crate::report::{Entity, Mention, Quote};

/// Entities and quotes found in a run's documents, before the quotes of machine-rewritten
/// documents get their clean wording ([`QuoteEntries::with_clean_wording`]): finding them
/// does not need rewrite forensics, so it runs beside it.
pub(crate) struct QuoteEntries {
    /// The report's entities.
    pub entities: Vec<Entity>,
    /// The report's quotes, `clean_text` not filled yet.
    pub quotes: Vec<Quote>,
    /// The documents (index, message) whose mentions or quotes could not be found (a panic:
    /// a bug), which are left out.
    pub failures: Vec<(usize, String)>,
    /// Each document's quotes as found: their byte ranges, in the order of `quotes`.
    quote_spans: Vec<Vec<TextRange>>,
}

impl QuoteEntries {
    /// The entries with `clean_text` filled for the quotes of documents whose wording is
    /// machine-rewritten (`wording`, one per document).
    pub(crate) fn with_clean_wording(
        mut self,
        documents: &[Document],
        wording: &[Wording],
    ) -> (Vec<Entity>, Vec<Quote>, Vec<(usize, String)>) {
        clean_wording(&mut self.quotes, documents, &self.quote_spans, wording);
        (self.entities, self.quotes, self.failures)
    }
}

/// Entity and quote entries for `documents`.
pub(crate) fn entity_and_quote_entries(documents: &[Document]) -> QuoteEntries {
    let found: Vec<_> = documents
        .par_iter()
        .map(|doc| {
            guarded(|| {
                let found = mentions(&doc.text);
                let said = quotes(&doc.text, &found);
                (found, said)
            })
        })
        .collect();
    let mut failures = Vec::new();
    let (per_doc_mentions, per_doc_quotes): (Vec<_>, Vec<_>) = found
        .into_iter()
        .enumerate()
        .map(|(n, result)| {
            result.unwrap_or_else(|message| {
                failures.push((n, message));
                (Vec::new(), Vec::new())
            })
        })
        .unzip();
    let offsets = char_offsets(documents);
    let doc_mentions: Vec<_> = documents
        .iter()
        .zip(&per_doc_mentions)
        .map(|(d, m)| (d.text.as_str(), m.as_slice()))
        .collect();
    let entities = resolve(&doc_mentions);
    // The entities hold what the report needs of each mention; the mentions themselves (the
    // largest part of this stage's memory on a large corpus) go before quotes are grouped.
    drop(doc_mentions);
    drop(per_doc_mentions);
    // Analyses name documents by index into `documents`; only the report speaks string ids.
    let mut entity_of: HashMap<(usize, usize), (&str, &str)> = HashMap::new();
    for entity in &entities {
        for m in &entity.mentions {
            entity_of.insert(
                (m.document, m.mention),
                (entity.id.as_str(), entity.name.as_str()),
            );
        }
    }
    let entity_entries = entities
        .iter()
        .map(|e| Entity {
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind,
            variants: e.variants.clone(),
            mentions: e
                .mentions
                .iter()
                .filter_map(|m| {
                    Some(Mention {
                        document: documents.get(m.document)?.id.clone(),
                        span: offsets.get(m.document)?.char_span(m.span),
                    })
                })
                .collect(),
        })
        .collect();

    let doc_quotes: Vec<_> = documents
        .iter()
        .zip(&per_doc_quotes)
        .map(|(d, q)| (d.id.as_str(), q.as_slice()))
        .collect();
    let groups = group_quotes(&doc_quotes, &entities);
    let mut group_of: HashMap<(usize, usize), (&str, &[String])> = HashMap::new();
    for group in &groups {
        for member in &group.members {
            group_of.insert(
                (member.document, member.quote),
                (group.id.as_str(), member.drift.as_slice()),
            );
        }
    }
    let mut quote_entries = Vec::new();
    for (doc_index, (doc, said)) in documents.iter().zip(&per_doc_quotes).enumerate() {
        for (n, quote) in said.iter().enumerate() {
            let speaker_entity = quote
                .speaker
                .as_ref()
                .and_then(|s| s.mention)
                .and_then(|m| entity_of.get(&(doc_index, m)));
            let (group, drift) = group_of
                .get(&(doc_index, n))
                .map(|(g, d)| (g.to_string(), d.to_vec()))
                .unwrap_or_else(|| (format!("g-{}-{n}", doc.id), Vec::new()));
            quote_entries.push(Quote {
                id: format!("q-{}-{n}", doc.id),
                document: doc.id.clone(),
                span: offsets[doc_index].char_span(quote.span),
                text: quote.text.clone(),
                speaker: speaker_entity.map(|(id, _)| id.to_string()),
                // The canonical name when the speaker resolved to an entity ("Dmitry Peskov"
                // for a "Peskov said"), else the words that describe the source.
                speaker_name: speaker_entity
                    .map(|(_, name)| name.to_string())
                    .or_else(|| quote.speaker.as_ref().map(|s| s.name.clone())),
                group,
                drift,
                clean_text: None,
                clean_source: None,
            });
        }
    }
    let quote_spans = per_doc_quotes
        .into_iter()
        .map(|said| said.iter().map(|q| q.span).collect())
        .collect();
    QuoteEntries {
        entities: entity_entries,
        quotes: quote_entries,
        failures,
        quote_spans,
    }
}

/// Fill `clean_text` for the quotes of documents whose wording is machine-rewritten: the
/// longest member of its group from a document with clean wording, else the quote with its
/// substituted words put back (when there are any).
fn clean_wording(
    quotes: &mut [Quote],
    documents: &[Document],
    quote_spans: &[Vec<TextRange>],
    wording: &[Wording],
) {
    let clean_doc: HashMap<&str, bool> = documents
        .iter()
        .zip(wording)
        .map(|(d, w)| (d.id.as_str(), w.clean))
        .collect();
    let is_clean = |q: &Quote| clean_doc.get(q.document.as_str()).copied().unwrap_or(true);
    let mut best_of_group: HashMap<String, (usize, String, String)> = HashMap::new();
    for q in quotes.iter().filter(|q| is_clean(q)) {
        let words = q.text.split_whitespace().count();
        let entry =
            best_of_group
                .entry(q.group.clone())
                .or_insert((0, String::new(), String::new()));
        if words > entry.0 {
            *entry = (words, q.text.clone(), q.id.clone());
        }
    }
    let index_of: HashMap<&str, usize> = documents
        .iter()
        .enumerate()
        .map(|(n, d)| (d.id.as_str(), n))
        .collect();
    // Each quote's place among its document's quotes.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let ordinal: Vec<usize> = quotes
        .iter()
        .map(|q| {
            let count = seen.entry(q.document.as_str()).or_default();
            *count += 1;
            *count - 1
        })
        .collect();
    // (quote, clean text, where it comes from)
    let mut cleaned: Vec<(usize, String, String)> = Vec::new();
    for (n, q) in quotes.iter().enumerate() {
        if is_clean(q) {
            continue;
        }
        if let Some((_, text, id)) = best_of_group.get(&q.group) {
            cleaned.push((n, text.clone(), id.clone()));
            continue;
        }
        let Some(&d) = index_of.get(q.document.as_str()) else {
            continue;
        };
        let (Some(doc), Some(w), Some(spans)) =
            (documents.get(d), wording.get(d), quote_spans.get(d))
        else {
            continue;
        };
        // The quote's byte range: the k-th quote of its document, in the same order.
        let Some(span) = spans.get(ordinal[n]) else {
            continue;
        };
        let range = span.start()..span.end();
        if w.restore
            .iter()
            .any(|(r, _)| range.start <= r.start && r.end <= range.end)
        {
            let text = restored_text(&doc.text, range, &w.restore);
            cleaned.push((n, text, "restored".to_string()));
        }
    }
    for (n, text, source) in cleaned {
        quotes[n].clean_text = Some(text);
        quotes[n].clean_source = Some(source);
    }
}
