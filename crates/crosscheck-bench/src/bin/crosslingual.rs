//! Cross-lingual reuse (issue #20): translation pairs among same-topic distractors, scored
//! against the truth `bench/crosslingual/build.py` writes, and the stage's cost.
//!
//! ```text
//! crosslingual DIR [--dump FILE] [--no-model]     DIR/docs/*.txt + DIR/truth.json
//! crosslingual DIR --ingest N [--no-analyze] [--pairs FILE]
//!                                                  the same documents through `ingest` in N runs
//! crosslingual --cost FILE.jsonl                   the stage alone over a JSON Lines corpus
//! ```
//!
//! `--ingest N` (build with `--features models` so that ingest verifies its candidates) ingests
//! the documents into a fresh SQLite store in N runs (document i in run i mod N, so most pairs
//! are split between runs), then scores the stored `translated` pairs against the truth and
//! against the in-memory pass `analyze` runs over the same documents (`--no-analyze`: not run,
//! as it does not depend on N). Its verification seconds are the time each run spends after
//! linking (the model's load, on the first run, included). `--pairs FILE` writes the stored
//! `translated` pairs with their passages, one line each, so two builds' results can be diffed.
//!
//! The model is read from `CROSSCHECK_MODELS/e5-small-q4.bin`. Documents are read with
//! crosscheck's own ingest (language detected as in a run); the stage is
//! `crosscheck_reuse::find_translations` with multilingual-e5-small, as the engine runs it.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use crosscheck::ingest::{build_from_text, IngestOptions};
use crosscheck::Document;
use crosscheck_embed::{E5Model, Prefix};
use crosscheck_reuse::{
    find_translations, DirectionEvidence, EmbedFailure, Extent, LanguageInfo, ReuseDoc,
    SentenceEmbedder,
};

struct E5(E5Model);

impl SentenceEmbedder for E5 {
    fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedFailure> {
        self.0
            .embed(sentences, Prefix::Query)
            .map_err(|e| EmbedFailure(e.to_string()))
    }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name);
    let value = |name: &str| flag(name).and_then(|i| args.get(i + 1)).cloned();
    let analyze = flag("--no-analyze").is_none();
    let model = if flag("--no-model").is_some() || !analyze {
        None
    } else {
        let dir = std::env::var_os("CROSSCHECK_MODELS").context("set CROSSCHECK_MODELS")?;
        let started = Instant::now();
        let m = E5Model::load(&PathBuf::from(dir).join("e5-small-q4.bin"))?;
        eprintln!("model loaded in {:.2} s", started.elapsed().as_secs_f64());
        Some(E5(m))
    };
    if let Some(path) = value("--cost") {
        return cost(Path::new(&path), model.as_ref());
    }
    if let Some(runs) = value("--ingest") {
        let Some(dir) = args.first().filter(|a| !a.starts_with("--")) else {
            bail!("usage: crosslingual DIR --ingest N");
        };
        let pairs = value("--pairs").map(PathBuf::from);
        return ingest_runs(
            Path::new(dir),
            runs.parse()?,
            model.as_ref().filter(|_| analyze),
            analyze,
            pairs.as_deref(),
        );
    }
    let Some(dir) = args.first().filter(|a| !a.starts_with("--")) else {
        bail!(
            "usage: crosslingual DIR [--dump FILE] [--no-model] | crosslingual --cost FILE.jsonl"
        );
    };
    score(Path::new(dir), model.as_ref(), value("--dump"))
}

fn read_docs(dir: &Path) -> Result<Vec<Document>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join("docs"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let options = IngestOptions::default();
    paths
        .iter()
        .map(|p| {
            let id = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let text = std::fs::read_to_string(p)?;
            Ok(build_from_text(id, &text, &options)?)
        })
        .collect()
}

/// The reuse stage's view of `documents`: no dates, no sites, no translation traces (the
/// benchmark decides from the texts alone).
fn reuse_inputs(documents: &[Document]) -> (Vec<ReuseDoc<'_>>, Vec<LanguageInfo<'_>>) {
    let docs = documents
        .iter()
        .map(|d| ReuseDoc {
            id: &d.id,
            text: &d.text,
            published: None,
            site: None,
        })
        .collect();
    let info = documents
        .iter()
        .map(|d| LanguageInfo {
            language: language(d),
            translation_traces: false,
        })
        .collect();
    (docs, info)
}

fn language(d: &Document) -> Option<&str> {
    d.meta.language.as_ref().map(|l| l.value.as_str())
}

fn score(dir: &Path, model: Option<&E5>, dump: Option<String>) -> Result<()> {
    let documents = read_docs(dir)?;
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json"))?)?;
    let index: BTreeMap<&str, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let mut gold: BTreeMap<(usize, usize), (usize, &str)> = BTreeMap::new();
    for p in truth["pairs"].as_array().context("pairs")? {
        let s = index[p["source"].as_str().context("source")?];
        let t = index[p["target"].as_str().context("target")?];
        gold.insert(
            (s.min(t), s.max(t)),
            (s, p["extent"].as_str().unwrap_or("full")),
        );
    }
    let mut wrong_language = 0;
    for d in &documents {
        let want = truth["languages"][d.id.as_str()].as_str().unwrap_or("");
        if language(d) != Some(want) {
            wrong_language += 1;
            eprintln!("language of {}: {:?}, truth {want}", d.id, language(d));
        }
    }
    let (docs, info) = reuse_inputs(&documents);
    let words: usize = documents
        .iter()
        .map(|d| d.text.split_whitespace().count())
        .sum();
    let started = Instant::now();
    let found = find_translations(&docs, &info, model.map(|m| m as &dyn SentenceEmbedder));
    let seconds = started.elapsed().as_secs_f64();

    let candidates: BTreeSet<(usize, usize)> = found.checked.iter().map(|c| (c.a, c.b)).collect();
    let found_set: BTreeMap<(usize, usize), &crosscheck_reuse::ReusePair> = found
        .pairs
        .iter()
        .map(|p| ((p.source.min(p.target), p.source.max(p.target)), p))
        .collect();
    let tp = found_set.keys().filter(|k| gold.contains_key(k)).count();
    let fp = found_set.len() - tp;
    let in_candidates = gold.keys().filter(|k| candidates.contains(k)).count();
    let (mut direction_right, mut direction_decided, mut extent_right) = (0, 0, 0);
    for (k, p) in &found_set {
        if let Some((source, extent)) = gold.get(k) {
            if p.direction != DirectionEvidence::Undetermined {
                direction_decided += 1;
                direction_right += usize::from(p.source == *source);
            }
            let got = if p.extent == Extent::Full {
                "full"
            } else {
                "partial"
            };
            extent_right += usize::from(got == *extent);
        }
    }
    let gold_partial = gold.values().filter(|(_, e)| *e == "partial").count();
    let found_partial = found_set
        .keys()
        .filter(|k| gold.get(k).is_some_and(|(_, e)| *e == "partial"))
        .count();
    println!("| documents | words | gold pairs (partial) | language misdetected |");
    println!("|---|---|---|---|");
    println!(
        "| {} | {words} | {} ({gold_partial}) | {wrong_language} |",
        documents.len(),
        gold.len()
    );
    println!();
    println!("| candidates | gold in candidates | found | true | false | recall | precision | partial found | extent right | direction decided (right) | sentences embedded | seconds |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    println!(
        "| {} | {in_candidates}/{} | {} | {tp} | {fp} | {:.3} | {:.3} | {found_partial}/{gold_partial} | {extent_right}/{tp} | {direction_decided} ({direction_right}) | {} | {seconds:.1} |",
        found.candidates,
        gold.len(),
        found_set.len(),
        share(tp, gold.len()),
        share(tp, found_set.len()),
        found.sentences_embedded,
    );
    eprintln!("status: {:?}", found.status);
    if let Some(path) = dump {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        writeln!(
            out,
            "a\tb\tgold\tanchor\tsa\tsb\taligned\tmean_cos\tmean_margin\trun\ttranslated"
        )?;
        for c in &found.checked {
            writeln!(
                out,
                "{}\t{}\t{}\t{:.2}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{}\t{}",
                documents[c.a].id,
                documents[c.b].id,
                gold.contains_key(&(c.a, c.b)),
                c.anchor_score,
                c.sentences.0,
                c.sentences.1,
                c.aligned,
                c.mean_cosine,
                c.mean_margin,
                c.longest_run,
                c.translated
            )?;
        }
        for k in gold.keys().filter(|k| !candidates.contains(k)) {
            writeln!(
                out,
                "{}\t{}\ttrue\tmissed-by-anchors",
                documents[k.0].id, documents[k.1].id
            )?;
        }
    }
    Ok(())
}

/// The stage alone over a JSON Lines corpus (`id`, `text` per line): what it adds to a run.
fn cost(path: &Path, model: Option<&E5>) -> Result<()> {
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let options = IngestOptions::default();
    let mut documents = Vec::new();
    for line in file.lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let id = v["id"].as_str().unwrap_or_default();
        let text = v["text"].as_str().unwrap_or_default();
        if let Ok(d) = build_from_text(id, text, &options) {
            documents.push(d);
        }
    }
    let (docs, info) = reuse_inputs(&documents);
    let mut languages: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &documents {
        *languages.entry(language(d).unwrap_or("none")).or_default() += 1;
    }
    let started = Instant::now();
    let candidates = crosscheck_reuse::translation_candidates(&docs, &info);
    let anchors_seconds = started.elapsed().as_secs_f64();
    let involved: BTreeSet<usize> = candidates.iter().flat_map(|&(a, b)| [a, b]).collect();
    let started = Instant::now();
    let found = find_translations(&docs, &info, model.map(|m| m as &dyn SentenceEmbedder));
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "candidates alone: {anchors_seconds:.3} s, {} documents would be embedded",
        involved.len()
    );
    println!(
        "{} documents {languages:?}: status {:?}, {} candidates, {} sentences embedded, {} pairs, {:.3} s ({:.1} µs per document)",
        documents.len(),
        found.status,
        found.candidates,
        found.sentences_embedded,
        found.pairs.len(),
        seconds,
        seconds * 1e6 / documents.len().max(1) as f64
    );
    Ok(())
}

/// The gold pairs of `dir`'s truth, by the documents' ids (smaller id first).
/// `n` over `of`, 0 when `of` is 0: a recall or a precision.
fn share(n: usize, of: usize) -> f64 {
    n as f64 / of.max(1) as f64
}

fn gold_pairs(dir: &Path) -> Result<BTreeSet<(String, String)>> {
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json"))?)?;
    let mut gold = BTreeSet::new();
    for p in truth["pairs"].as_array().context("pairs")? {
        let s = p["source"].as_str().context("source")?.to_owned();
        let t = p["target"].as_str().context("target")?.to_owned();
        gold.insert((s.clone().min(t.clone()), s.max(t)));
    }
    Ok(gold)
}

/// `--ingest N`: the documents through the engine's `ingest` in `runs` runs, scored against
/// the truth and against the in-memory pass (with the documents' own translation traces, as
/// `analyze` passes them).
fn ingest_runs(
    dir: &Path,
    runs: usize,
    model: Option<&E5>,
    analyze: bool,
    pairs_file: Option<&Path>,
) -> Result<()> {
    use crosscheck_engine::{ingest, IngestConfig, ReadConfig};
    use crosscheck_store::{DocumentStore, ReuseStore, TranslationStore};
    use std::sync::atomic::AtomicBool;

    let runs = runs.max(1);
    let gold = gold_pairs(dir)?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join("docs"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let tmp = std::env::temp_dir().join(format!("crosslingual-ingest-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let db = tmp.join("corpus.db");
    let _ = std::fs::remove_file(&db);
    let mut store = crosscheck_engine::SqliteStore::open(&db)?;
    let started = Instant::now();
    let mut verify_seconds: Vec<f64> = Vec::new();
    for run in 0..runs {
        let inputs: Vec<PathBuf> = paths
            .iter()
            .enumerate()
            .filter(|(i, _)| i % runs == run)
            .map(|(_, p)| p.clone())
            .collect();
        let config = IngestConfig {
            read: ReadConfig {
                inputs,
                ..ReadConfig::default()
            },
            stories: false,
            ..IngestConfig::default()
        };
        let clock = LinkedClock::default();
        let summary = ingest(&config, &mut store, &clock, &AtomicBool::new(false))?;
        let verifying = clock.since_linked();
        verify_seconds.push(verifying);
        eprintln!(
            "run {}: {} (verification {verifying:.1} s)",
            run + 1,
            summary.line()
        );
    }
    let ingest_seconds = started.elapsed().as_secs_f64();
    let id = |key| -> Result<String> {
        Ok(store
            .document_by_key(key)?
            .context("a stored pair's document")?
            .id)
    };
    let mut stored: BTreeSet<(String, String)> = BTreeSet::new();
    let mut lines: Vec<String> = Vec::new();
    for p in store.reuse_pairs()? {
        if p.relation == crosscheck_reuse::Relation::Translated {
            let (s, t) = (id(p.source)?, id(p.target)?);
            let passages: Vec<String> = p
                .passages
                .iter()
                .map(|x| {
                    format!(
                        "{}-{}:{}-{}",
                        x.source.start(),
                        x.source.end(),
                        x.target.start(),
                        x.target.end()
                    )
                })
                .collect();
            lines.push(format!(
                "{s}\t{t}\t{:?}\t{:?}\t{:.6}\t{}",
                p.extent,
                p.direction,
                p.similarity,
                passages.join(" ")
            ));
            stored.insert((s.clone().min(t.clone()), s.max(t)));
        }
    }
    if let Some(path) = pairs_file {
        lines.sort();
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    let waiting = store.translation_candidate_count()?;

    let verify_total: f64 = verify_seconds.iter().sum();
    let verify_runs: Vec<String> = verify_seconds.iter().map(|s| format!("{s:.1}")).collect();
    let tp = stored.intersection(&gold).count();
    if !analyze {
        println!("| runs | stored pairs | true | recall | precision | unverified | ingest s | verification s |");
        println!("|---|---|---|---|---|---|---|---|");
        println!(
            "| {runs} | {} | {tp} | {:.3} | {:.3} | {waiting} | {ingest_seconds:.1} | {verify_total:.1} ({}) |",
            stored.len(),
            share(tp, gold.len()),
            share(tp, stored.len()),
            verify_runs.join(" + "),
        );
        drop(store);
        let _ = std::fs::remove_dir_all(&tmp);
        return Ok(());
    }

    // The in-memory pass over the same documents, as `analyze` runs it.
    let documents = read_docs(dir)?;
    let (docs, mut info) = reuse_inputs(&documents);
    for (i, d) in documents.iter().enumerate() {
        info[i].translation_traces =
            crosscheck_rewrite::analyze(&d.text).label == crosscheck_rewrite::Label::Translated;
    }
    let started = Instant::now();
    let found = find_translations(&docs, &info, model.map(|m| m as &dyn SentenceEmbedder));
    let analyze_seconds = started.elapsed().as_secs_f64();
    let in_memory: BTreeSet<(String, String)> = found
        .pairs
        .iter()
        .map(|p| {
            let (s, t) = (
                documents[p.source].id.clone(),
                documents[p.target].id.clone(),
            );
            (s.clone().min(t.clone()), s.max(t))
        })
        .collect();
    let analyze_tp = in_memory.intersection(&gold).count();
    println!("| runs | stored pairs | true | recall | precision | unverified | analyze pairs (recall, precision) | same as analyze | only ingest | only analyze | ingest s | verification s | in-memory pass s |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    println!(
        "| {runs} | {} | {tp} | {:.3} | {:.3} | {waiting} | {} ({:.3}, {:.3}) | {} | {} | {} | {ingest_seconds:.1} | {verify_total:.1} ({}) | {analyze_seconds:.1} |",
        stored.len(),
        share(tp, gold.len()),
        share(tp, stored.len()),
        in_memory.len(),
        share(analyze_tp, gold.len()),
        share(analyze_tp, in_memory.len()),
        stored.intersection(&in_memory).count(),
        stored.difference(&in_memory).count(),
        in_memory.difference(&stored).count(),
        verify_runs.join(" + "),
    );
    for (a, b) in stored.symmetric_difference(&in_memory) {
        eprintln!(
            "differs: {a} {b} (ingest {}, analyze {}, gold {})",
            stored.contains(&(a.clone(), b.clone())),
            in_memory.contains(&(a.clone(), b.clone())),
            gold.contains(&(a.clone(), b.clone()))
        );
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}

/// When an ingest run's last step (linking) finished: what follows is the verification of the
/// waiting translation candidates (stories are off in `--ingest`).
#[derive(Default)]
struct LinkedClock {
    linked: std::sync::Mutex<Option<Instant>>,
}

impl LinkedClock {
    /// Seconds since linking finished (the whole run's if it never did).
    fn since_linked(&self) -> f64 {
        self.linked
            .lock()
            .ok()
            .and_then(|at| *at)
            .map_or(0.0, |at| at.elapsed().as_secs_f64())
    }
}

impl crosscheck_engine::Events for LinkedClock {
    fn step(&self, _step: crosscheck_engine::Step) {
        if let Ok(mut at) = self.linked.lock() {
            *at = None;
        }
    }
    fn step_done(&self) {
        if let Ok(mut at) = self.linked.lock() {
            *at = Some(Instant::now());
        }
    }
}
