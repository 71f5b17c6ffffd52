//! The cross-lingual pass of reuse: translated pairs between documents in different
//! languages, verified with multilingual sentence embeddings when the model is there.
//!
//! Model-free candidates always run (they cost nothing on a corpus of one language: candidates
//! need two). Verification needs the `models` feature and a fetched model; without them the
//! candidates stay unverified and the report's `skipped` says so, and how to enable it.
//!
//! Three passes share what is here (the embedder, what the report says, verifying documents in
//! hand): `analyze`'s in memory, `analyze`'s out of core (`stored.rs`, the same candidates
//! from anchors kept compactly), and ingest's (`linked_translations.rs`).

use std::sync::atomic::{AtomicBool, Ordering};

use crosscheck::Document;
use crosscheck_reuse::{
    find_translations_with_progress, verify_translations, LanguageInfo, ReuseDoc, SentenceEmbedder,
    TranslationStatus, Translations,
};

use crate::events::{Events, Step};
use crate::report::Skipped;
use crate::reuse::reuse_doc;

/// Where the report's `skipped` (and ingest's summary) names this pass.
pub(crate) const LOCATION: &str = "cross-lingual reuse stage";

/// The cross-lingual pass over `docs` (`documents[i]` is `docs[i]`); `traces[i]` says whether
/// document `i` shows translation traces (rewrite forensics); `models` whether the model may
/// verify candidates. Also what the report should say when verification could not run.
/// Verifying the candidates is a step for `events` (pairs judged), when it runs.
pub(crate) fn translations(
    documents: &[Document],
    docs: &[ReuseDoc<'_>],
    traces: &[bool],
    models: bool,
    events: &dyn Events,
) -> (Translations, Option<Skipped>) {
    let (embedder, unavailable) = embedder(models);
    translations_with(
        documents,
        docs,
        traces,
        (embedder, unavailable.as_deref()),
        events,
    )
}

/// [`translations`] with `embedder` (none: `unavailable` says why), which tests give.
pub(crate) fn translations_with(
    documents: &[Document],
    docs: &[ReuseDoc<'_>],
    traces: &[bool],
    (embedder, unavailable): (Option<&dyn SentenceEmbedder>, Option<&str>),
    events: &dyn Events,
) -> (Translations, Option<Skipped>) {
    let info = language_infos(documents, traces);
    // The step starts with the first progress, which comes only when candidates are verified.
    let started = AtomicBool::new(false);
    let found = find_translations_with_progress(docs, &info, embedder, &|done, total| {
        if !started.swap(true, Ordering::Relaxed) {
            events.step(Step::VerifyingTranslations);
        }
        events.progress(done, total);
    });
    if started.load(Ordering::Relaxed) {
        events.step_done();
    }
    let note = note(&found.status, found.candidates, unavailable);
    (found, note)
}

/// What the report should say of a cross-lingual pass that ended with `status` over
/// `candidates` candidate pairs; `unavailable` is why there was no embedder. `None` when it
/// ran, or had nothing to verify.
pub(crate) fn note(
    status: &TranslationStatus,
    candidates: usize,
    unavailable: Option<&str>,
) -> Option<Skipped> {
    match status {
        TranslationStatus::NoEmbedder => Some(Skipped {
            location: LOCATION.to_owned(),
            reason: format!(
                "skipped: {candidates} candidate translation pair(s) left unverified: {}",
                unavailable.unwrap_or("no embedder")
            ),
        }),
        TranslationStatus::Failed(e) => Some(Skipped {
            location: LOCATION.to_owned(),
            reason: format!("left out: the multilingual model failed: {e}"),
        }),
        _ => None,
    }
}

/// Verify the candidate `pairs` (indices into `documents`, both in hand) with `embedder`, as
/// the in-memory pass verifies its own: each pair judged on its two documents alone.
/// `traces[i]` says whether document `i` shows translation traces of its own. For the passes
/// that find their candidates elsewhere and read documents back a chunk at a time (ingest's,
/// and `analyze`'s past `max_text_in_memory`).
pub(crate) fn verify_documents(
    documents: &[Document],
    traces: &[bool],
    pairs: &[(usize, usize)],
    embedder: &dyn SentenceEmbedder,
) -> Translations {
    let sites: Vec<_> = documents.iter().map(Document::site).collect();
    let docs: Vec<ReuseDoc<'_>> = documents
        .iter()
        .zip(&sites)
        .map(|(d, site)| reuse_doc(d, site))
        .collect();
    let info = language_infos(documents, traces);
    verify_translations(&docs, &info, pairs, embedder)
}

/// What the cross-lingual pass knows of each document: its language, and whether it shows
/// translation traces of its own (`traces[i]`).
fn language_infos<'d>(documents: &'d [Document], traces: &[bool]) -> Vec<LanguageInfo<'d>> {
    documents
        .iter()
        .enumerate()
        .map(|(i, d)| LanguageInfo {
            language: language_of(d),
            translation_traces: traces.get(i).copied().unwrap_or(false),
        })
        .collect()
}

/// A document's language as the translation pass reads it: detected or declared, never
/// empty or undetermined (a document of unknown language pairs with none).
pub(crate) fn language_of(d: &Document) -> Option<&str> {
    d.meta
        .language
        .as_ref()
        .map(|l| l.value.as_str())
        .filter(|l| !l.is_empty() && *l != "und")
}

/// The embedder, or why there is none (in words that say how to enable it). `models` false:
/// turned off for this run.
#[cfg(feature = "models")]
pub(crate) fn embedder(models: bool) -> (Option<&'static dyn SentenceEmbedder>, Option<String>) {
    use crate::models::{embed, Unavailable};
    if !models {
        return (
            None,
            Some("model stages are turned off (--no-models)".to_owned()),
        );
    }
    match embed::embedder() {
        Ok(e) => (Some(e as &dyn SentenceEmbedder), None),
        Err(Unavailable::NotFetched) => (
            None,
            Some("the multilingual model is not fetched (run `crosscheck models fetch`)".to_owned()),
        ),
        Err(Unavailable::Broken(why)) => (
            None,
            Some(format!(
                "the multilingual model file does not load ({why}; run `crosscheck models fetch` again)"
            )),
        ),
    }
}

/// Without the `models` feature there is no embedder.
#[cfg(not(feature = "models"))]
pub(crate) fn embedder(_models: bool) -> (Option<&'static dyn SentenceEmbedder>, Option<String>) {
    (
        None,
        Some(
            "this build has no model support (build with `--features models`, then run `crosscheck models fetch`)"
                .to_owned(),
        ),
    )
}
