//! Reuse, three ways: over the run's documents in memory, over a corpus read back from the
//! store a chunk at a time (past `max_text_in_memory`), and incrementally, linking each new
//! document to the stored ones at ingest.

pub(crate) mod incremental;
pub(crate) mod linked_translations;
pub(crate) mod stored;
pub(crate) mod translations;

use std::borrow::Cow;

use crosscheck::Document;
use crosscheck_reuse::{assign_roots, detect_with_progress, ReuseDoc, ReuseOptions};

use crate::build;
use crate::events::{Events, Step};
use crate::report::ReuseEntry;

/// The site of each document (outlet, else URL host), for reuse's one-site template rule.
pub(crate) fn sites(documents: &[Document]) -> Vec<Option<Cow<'_, str>>> {
    documents.iter().map(Document::site).collect()
}

/// What reuse detection needs of each document, borrowing `documents` and their `sites`.
pub(crate) fn reuse_docs<'a>(
    documents: &'a [Document],
    sites: &'a [Option<Cow<'a, str>>],
) -> Vec<ReuseDoc<'a>> {
    documents
        .iter()
        .zip(sites)
        .map(|(d, site)| reuse_doc(d, site))
        .collect()
}

/// What reuse detection needs of one document and its site.
pub(crate) fn reuse_doc<'a>(doc: &'a Document, site: &'a Option<Cow<'a, str>>) -> ReuseDoc<'a> {
    ReuseDoc {
        id: &doc.id,
        text: &doc.text,
        published: doc.meta.published.as_ref().map(|p| p.value),
        site: site.as_deref(),
    }
}

/// Reuse entries for `documents`, in a stable order (by target, then source). With `traces`
/// (which documents show translation traces) the cross-lingual pass runs too: its translated
/// pairs join the others before roots are assigned, and what the report should say when it
/// could not verify its candidates comes back. `models` says whether the model may verify
/// them (see [`crate::Stages::models`]).
pub(crate) fn in_memory_with_translations(
    documents: &[Document],
    traces: Option<&[bool]>,
    models: bool,
    events: &dyn Events,
) -> (Vec<ReuseEntry>, Option<crate::report::Skipped>) {
    let sites = sites(documents);
    let docs = reuse_docs(documents, &sites);
    events.step(Step::AligningPairs);
    let mut pairs = detect_with_progress(&docs, &ReuseOptions::default(), &|done, total| {
        events.progress(done, total)
    });
    events.step_done();
    let mut note = None;
    if let Some(traces) = traces {
        let (found, skipped) = translations::translations(documents, &docs, traces, models, events);
        note = skipped;
        if !found.pairs.is_empty() {
            pairs.extend(found.pairs);
            pairs.sort_by_key(|p| (p.target, p.source));
            assign_roots(&mut pairs);
        }
    }
    (build::reuse_entries(documents, &pairs), note)
}
