//! The out-of-core cross-lingual pass over the multilingual fixture (`tests/multilingual`),
//! with ingest's stand-in embedder so that it always runs, against the in-memory pass over the
//! same documents: the same candidates, and the same translated pairs and entries whatever
//! the chunk of candidates or the cache (the integration tests run the real model, and the
//! whole report, when it is fetched).

use crosscheck_reuse::{
    find_translations, EmbedFailure, LanguageInfo, ReuseDoc, SentenceEmbedder, TranslationStatus,
};
use crosscheck_store::{Batch, SqliteStore};

use super::*;
use crate::events::Silent;
use crate::reuse::linked_translations::tests::{
    assert_says_three_wait_and_how_to_verify, fixture, NamesAndNumbers,
};
use crate::reuse::{reuse_docs, sites};

/// The fixture committed to a store, and the run's references to it in input order.
fn stored_fixture() -> (Vec<Document>, SqliteStore, Vec<DocRef>) {
    let docs = fixture();
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .commit(&Batch {
            documents: docs.clone(),
            completed_files: Vec::new(),
        })
        .unwrap();
    let refs = docs
        .iter()
        .map(|d| DocRef {
            hash: d.hash.clone(),
            id: d.id.clone(),
        })
        .collect();
    (docs, store, refs)
}

/// The in-memory pass's languages for `docs`, without translation traces (`--only reuse`).
fn info(docs: &[Document]) -> Vec<LanguageInfo<'_>> {
    docs.iter()
        .map(|d| LanguageInfo {
            language: language_of(d),
            translation_traces: false,
        })
        .collect()
}

/// A pair and its entry as one comparable line.
fn line(pair: &ReusePair, entry: &ReuseEntry) -> String {
    format!(
        "{} {} {:?} {}",
        pair.source,
        pair.target,
        pair.direction,
        serde_json::to_string(entry).unwrap()
    )
}

/// The in-memory pass's translated pairs over `docs` with the stand-in, with their entries.
fn in_memory(docs: &[Document]) -> Vec<String> {
    let sites = sites(docs);
    let reuse: Vec<ReuseDoc<'_>> = reuse_docs(docs, &sites);
    let found = find_translations(&reuse, &info(docs), Some(&NamesAndNumbers));
    assert_eq!(found.status, TranslationStatus::Ran);
    let entries = build::reuse_entries(docs, &found.pairs);
    found
        .pairs
        .iter()
        .zip(&entries)
        .map(|(p, e)| line(p, e))
        .collect()
}

fn sorted(found: &[(ReusePair, ReuseEntry)]) -> Vec<String> {
    let mut lines: Vec<(usize, usize, String)> = found
        .iter()
        .map(|(p, e)| (p.target, p.source, line(p, e)))
        .collect();
    lines.sort();
    lines.into_iter().map(|(_, _, l)| l).collect()
}

#[test]
fn the_candidates_are_the_in_memory_passes() {
    let (docs, store, refs) = stored_fixture();
    let sites = sites(&docs);
    let reuse = reuse_docs(&docs, &sites);
    let expected = crosscheck_reuse::translation_candidates(&reuse, &info(&docs));
    assert_eq!(expected.len(), 3, "{expected:?}");
    assert_eq!(
        translation_candidates(&store, &refs, &Silent).unwrap(),
        expected
    );
}

#[test]
fn chunks_of_one_pair_or_all_give_the_in_memory_pairs_and_entries() {
    let (docs, store, refs) = stored_fixture();
    let expected = in_memory(&docs);
    assert_eq!(expected.len(), 2, "{expected:?}");
    for (chunk, cache) in [(1, CACHE_BYTES), (1, 0), (TRANSLATION_CHUNK, CACHE_BYTES)] {
        let (found, note) = translated_pairs(
            &store,
            &refs,
            Some(&NamesAndNumbers),
            None,
            (chunk, cache),
            &Silent,
        )
        .unwrap();
        assert!(note.is_none(), "{note:?}");
        assert_eq!(sorted(&found), expected, "chunk {chunk}, cache {cache}");
    }
}

/// An embedder that always fails.
struct Broken;

impl SentenceEmbedder for Broken {
    fn embed(&self, _: &[&str]) -> std::result::Result<Vec<Vec<f32>>, EmbedFailure> {
        Err(EmbedFailure("out of memory".into()))
    }
}

#[test]
fn without_a_model_or_with_a_failing_one_no_pair_and_the_report_says_why() {
    let (_, store, refs) = stored_fixture();
    let (found, note) = translated_pairs(
        &store,
        &refs,
        None,
        Some("turned off"),
        (1, CACHE_BYTES),
        &Silent,
    )
    .unwrap();
    assert!(found.is_empty());
    let note = note.expect("the report says the candidates wait");
    assert_eq!(note.location, translations::LOCATION);
    assert_eq!(
        note.reason,
        "skipped: 3 candidate translation pair(s) left unverified: turned off"
    );
    let (found, note) = translated_pairs(
        &store,
        &refs,
        Some(&Broken),
        None,
        (1, CACHE_BYTES),
        &Silent,
    )
    .unwrap();
    assert!(found.is_empty());
    assert_eq!(
        note.map(|n| n.reason),
        Some("left out: the multilingual model failed: out of memory".to_owned())
    );
}

#[test]
fn the_whole_pass_with_the_models_off_says_how_to_turn_them_on() {
    let (_, store, refs) = stored_fixture();
    let (entries, note) = reuse_entries(&store, &refs, false, &Silent).unwrap();
    assert!(entries
        .iter()
        .all(|e| e.relation != crosscheck_reuse::Relation::Translated));
    let note = note.expect("the report says the cross-lingual pass was skipped");
    assert_says_three_wait_and_how_to_verify(&note.reason);
}

/// The references of the fixture's English documents: a corpus in one language.
fn english_refs(docs: &[Document]) -> Vec<DocRef> {
    docs.iter()
        .filter(|d| d.id.starts_with("en-"))
        .map(|d| DocRef {
            hash: d.hash.clone(),
            id: d.id.clone(),
        })
        .collect()
}

#[test]
fn a_corpus_in_one_language_has_no_candidates_and_nothing_to_say() {
    let (docs, store, _) = stored_fixture();
    let english = english_refs(&docs);
    assert_eq!(english.len(), 3);
    let (_, note) = reuse_entries(&store, &english, false, &Silent).unwrap();
    assert!(note.is_none(), "{note:?}");
}

/// What a run told its events about its steps, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Told {
    Step(Step),
    Progress(u64, u64),
    Done,
}

/// Records the step events a run sends.
#[derive(Default)]
struct Recorded(std::sync::Mutex<Vec<Told>>);

impl Recorded {
    fn told(&self) -> Vec<Told> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The steps started, in order.
    fn steps(&self) -> Vec<Step> {
        self.told()
            .into_iter()
            .filter_map(|t| match t {
                Told::Step(step) => Some(step),
                _ => None,
            })
            .collect()
    }

    /// The events from `step`'s start to its end (both included).
    fn of(&self, step: Step) -> Vec<Told> {
        let told = self.told();
        let start = told
            .iter()
            .position(|t| *t == Told::Step(step))
            .unwrap_or_else(|| panic!("{step:?} never started: {told:?}"));
        let end = told[start..]
            .iter()
            .position(|t| *t == Told::Done)
            .unwrap_or_else(|| panic!("{step:?} never ended: {told:?}"));
        told[start..=start + end].to_vec()
    }
}

impl Events for Recorded {
    fn step(&self, step: Step) {
        self.0.lock().unwrap().push(Told::Step(step));
    }
    fn progress(&self, done: u64, total: u64) {
        self.0.lock().unwrap().push(Told::Progress(done, total));
    }
    fn step_done(&self) {
        self.0.lock().unwrap().push(Told::Done);
    }
}

/// A step's events: started, `progress` in order, ended.
fn step(step: Step, progress: &[(u64, u64)]) -> Vec<Told> {
    let mut told = vec![Told::Step(step)];
    told.extend(
        progress
            .iter()
            .map(|&(done, total)| Told::Progress(done, total)),
    );
    told.push(Told::Done);
    told
}

#[test]
fn finding_and_verifying_translations_out_of_core_are_steps_with_progress() {
    let (_, store, refs) = stored_fixture();
    let n = refs.len() as u64;
    // A chunk of one pair: a progress per pair verified.
    let events = Recorded::default();
    let (found, _) = translated_pairs(
        &store,
        &refs,
        Some(&NamesAndNumbers),
        None,
        (1, CACHE_BYTES),
        &events,
    )
    .unwrap();
    assert_eq!(found.len(), 2);
    let mut expected = step(Step::AnchoringTranslations, &[(n, n)]);
    expected.extend(step(
        Step::VerifyingTranslations,
        &[(0, 3), (1, 3), (2, 3), (3, 3)],
    ));
    assert_eq!(events.told(), expected);
    // All in one chunk; a failing model ends the step too.
    for (chunk, embedder, progress) in [
        (
            TRANSLATION_CHUNK,
            &NamesAndNumbers as &dyn SentenceEmbedder,
            &[(0, 3), (3, 3)][..],
        ),
        (1, &Broken, &[(0, 3)][..]),
    ] {
        let events = Recorded::default();
        translated_pairs(
            &store,
            &refs,
            Some(embedder),
            None,
            (chunk, CACHE_BYTES),
            &events,
        )
        .unwrap();
        assert_eq!(
            events.of(Step::VerifyingTranslations),
            step(Step::VerifyingTranslations, progress)
        );
    }
}

#[test]
fn without_a_model_finding_the_candidates_is_still_a_step_with_progress() {
    let (docs, store, refs) = stored_fixture();
    let n = refs.len() as u64;
    let events = Recorded::default();
    reuse_entries(&store, &refs, false, &events).unwrap();
    assert_eq!(
        events.steps(),
        [
            Step::Fingerprinting,
            Step::AligningPairs,
            Step::AnchoringTranslations
        ]
    );
    assert_eq!(
        events.of(Step::AnchoringTranslations),
        step(Step::AnchoringTranslations, &[(n, n)])
    );
    assert_eq!(events.told().last(), Some(&Told::Done));
    // One language: no candidates to look for.
    let english = english_refs(&docs);
    let events = Recorded::default();
    reuse_entries(&store, &english, false, &events).unwrap();
    assert_eq!(events.steps(), [Step::Fingerprinting, Step::AligningPairs]);
}

#[test]
fn the_in_memory_pass_reports_verifying_as_the_out_of_core_one_does() {
    let (docs, store, refs) = stored_fixture();
    let sites = sites(&docs);
    let reuse = reuse_docs(&docs, &sites);
    let traces = vec![false; docs.len()];
    let in_memory = Recorded::default();
    let (found, _) = translations::translations_with(
        &docs,
        &reuse,
        &traces,
        (Some(&NamesAndNumbers), None),
        &in_memory,
    );
    assert_eq!(found.candidates, 3);
    let out_of_core = Recorded::default();
    translated_pairs(
        &store,
        &refs,
        Some(&NamesAndNumbers),
        None,
        (1, CACHE_BYTES),
        &out_of_core,
    )
    .unwrap();
    assert_eq!(
        in_memory.told(),
        out_of_core.of(Step::VerifyingTranslations)
    );
    // Nothing verified, no step.
    let silent = Recorded::default();
    translations::translations_with(&docs, &reuse, &traces, (None, Some("off")), &silent);
    assert!(silent.told().is_empty(), "{:?}", silent.told());
}
