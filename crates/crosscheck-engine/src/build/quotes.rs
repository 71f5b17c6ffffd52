//! Who-said-what entries: entities across spellings, quotes with speakers, and the same
//! statement grouped across documents.

use std::collections::HashMap;

use crosscheck::Document;
use crosscheck_entities::{group_quotes, mentions, quotes, resolve};
use rayon::prelude::*;

use super::offsets::char_offsets;
use crate::guard::guarded;
use crate::report::{Entity, Mention, Quote};

/// Entity and quote entries for `documents`, and the documents (index, message) whose
/// mentions or quotes could not be found (a panic: a bug), which are left out.
pub(crate) fn entity_and_quote_entries(
    documents: &[Document],
) -> (Vec<Entity>, Vec<Quote>, Vec<(usize, String)>) {
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
    let per_doc: Vec<_> = found
        .into_iter()
        .enumerate()
        .map(|(n, result)| {
            result.unwrap_or_else(|message| {
                failures.push((n, message));
                (Vec::new(), Vec::new())
            })
        })
        .collect();
    let offsets = char_offsets(documents);
    let doc_mentions: Vec<_> = documents
        .iter()
        .zip(&per_doc)
        .map(|(d, (m, _))| (d.text.as_str(), m.as_slice()))
        .collect();
    let entities = resolve(&doc_mentions);
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
        .zip(&per_doc)
        .map(|(d, (_, q))| (d.id.as_str(), q.as_slice()))
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
    for (doc_index, (doc, (_, said))) in documents.iter().zip(&per_doc).enumerate() {
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
            });
        }
    }
    (entity_entries, quote_entries, failures)
}
