//! Running the engine in-process on files, as a front end would, for the tests.
#![allow(dead_code, clippy::unwrap_used, clippy::print_stderr)] // test helpers fail loudly

pub mod corpus;
pub mod snapshot;

#[allow(unused_imports)] // not every test file compares stores
pub use snapshot::{snapshot, story_agreement, Snapshot};

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crosscheck_engine::{
    analyze, ingest, AnalyzeConfig, IngestConfig, ReadConfig, RunSummary, Silent, SqliteStore,
    Stages,
};

/// `examples/harbour-fire`, the demo story.
pub fn harbour_fire() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/harbour-fire")
}

/// `tests/multilingual`: two translations (es, it) of English originals, the ferry story in
/// Spanish in its own words, and an English article with no counterpart.
pub fn multilingual() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/multilingual")
}

/// Whether the multilingual model can verify translations here: built with the models
/// feature and the model fetched (at `CROSSCHECK_MODELS`). Says why not when it cannot, so a
/// test that then checks only what a run without the model reports says it skipped the rest.
pub fn model_runs() -> bool {
    use crosscheck_engine::models::{path_of, Model, BUILT_WITH_MODELS};
    if !BUILT_WITH_MODELS {
        eprintln!("skipping the verdicts: built without the models feature");
        return false;
    }
    if path_of(Model::E5Small).is_none() {
        eprintln!("skipping the verdicts: model not fetched (run crosscheck models fetch, or set CROSSCHECK_MODELS)");
        return false;
    }
    true
}

/// `../shared/seeds`, or `None` with a message where it does not exist (a user's clone).
pub fn seeds_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: ../shared/seeds not found (it exists in CI; this is a user's clone)");
        None
    }
}

/// What to read: `inputs`, on `threads` threads.
pub fn read(inputs: &[&Path], threads: Option<usize>) -> ReadConfig {
    ReadConfig {
        inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
        threads,
        ..ReadConfig::default()
    }
}

/// The JSON report (as the CLI writes it, with its final newline) and the Markdown brief of
/// `analyze` over `inputs` into a fresh database.
pub fn analyze_with(
    inputs: &[&Path],
    stages: Stages,
    max_text_in_memory: usize,
) -> (String, String) {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(tmp.path().join("t.db")).unwrap();
    let config = AnalyzeConfig {
        read: read(inputs, None),
        stages,
        max_text_in_memory,
    };
    let analysis = analyze(&config, &mut store, &Silent, &AtomicBool::new(false)).unwrap();
    let mut json = Vec::new();
    analysis.write_json(&store, &mut json, &Silent).unwrap();
    json.push(b'\n');
    (
        String::from_utf8(json).unwrap(),
        analysis.markdown(&store).unwrap(),
    )
}

/// [`analyze_with`] every stage, everything in memory.
pub fn analyze_all(inputs: &[&Path]) -> (String, String) {
    analyze_with(inputs, Stages::all(), 512 << 20)
}

/// `ingest` of `inputs` into the database at `db` on `threads` threads.
pub fn ingest_into(db: &Path, inputs: &[&Path], threads: Option<usize>) -> RunSummary {
    let mut store = SqliteStore::open(db).unwrap();
    let config = IngestConfig {
        read: read(inputs, threads),
        ..IngestConfig::default()
    };
    ingest(&config, &mut store, &Silent, &AtomicBool::new(false)).unwrap()
}
