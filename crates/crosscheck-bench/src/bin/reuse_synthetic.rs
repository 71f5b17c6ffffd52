//! Library-only timing of `crosscheck_reuse::detect` on a synthetic corpus.
//!
//! ```text
//! cargo run --release -p crosscheck-bench --bin reuse_synthetic CORPUS.jsonl PAIRS_OUT.json
//! ```
//!
//! Reads the JSON Lines corpus written by `bench/reuse/synth.py` (`id`, `outlet`, `text`),
//! runs `detect` on the texts as they are (no ingest, no cleaning; the outlet is passed as
//! the site), and writes `{"tool", "seconds", "documents", "peak_rss_bytes", "pairs"}` with
//! one `{source, target, relation, extent, direction, similarity}` object per pair.
//! `seconds` covers `detect` only. The whole benchmark, with the CLI and the peers, is
//! `bench/reuse/run.sh` (see BENCHMARKS.md).
//!
//! With `--stages` it also times detect's stages one by one (words + fingerprints,
//! candidate pairs, then `compare` on every candidate with and without the paraphrase
//! fallback) and prints how many candidates there are and how many become pairs.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{BufRead, BufWriter, Write};
use std::time::Instant;

use anyhow::{Context, Result};
use crosscheck_bench::peak_rss_bytes;
use crosscheck_reuse::{
    candidate_pairs, compare, detect, fingerprints, words, ReuseDoc, ReuseOptions,
};
use rayon::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Line {
    id: String,
    #[serde(default)]
    outlet: Option<String>,
    text: String,
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: reuse_synthetic CORPUS.jsonl OUT.json [--stages]";
    let corpus = args.next().context(usage)?;
    let out = args.next().context(usage)?;
    let stages = args.next().as_deref() == Some("--stages");
    let file = std::fs::File::open(&corpus).with_context(|| format!("opening {corpus}"))?;
    let mut lines = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        lines.push(serde_json::from_str::<Line>(&line).context("bad corpus line")?);
    }
    let docs: Vec<ReuseDoc<'_>> = lines
        .iter()
        .map(|l| ReuseDoc {
            id: &l.id,
            text: &l.text,
            published: None,
            site: l.outlet.as_deref(),
        })
        .collect();
    let started = Instant::now();
    let pairs = detect(&docs, &ReuseOptions::default());
    let seconds = started.elapsed().as_secs_f64();
    let name = |v: &dyn erased::Name| v.name();
    let mut w =
        BufWriter::new(std::fs::File::create(&out).with_context(|| format!("creating {out}"))?);
    write!(
        w,
        "{{\"tool\":\"crosscheck detect()\",\"seconds\":{seconds},\"documents\":{},\"peak_rss_bytes\":{},\"pairs\":[",
        docs.len(),
        peak_rss_bytes()
    )?;
    for (n, p) in pairs.iter().enumerate() {
        if n > 0 {
            w.write_all(b",")?;
        }
        let obj = serde_json::json!({
            "source": docs[p.source].id,
            "target": docs[p.target].id,
            "relation": p.relation.as_str(),
            "extent": name(&p.extent),
            "direction": name(&p.direction),
            "similarity": p.similarity,
        });
        serde_json::to_writer(&mut w, &obj)?;
    }
    w.write_all(b"]}\n")?;
    w.flush()?;
    if stages {
        print_stages(&docs)?;
    }
    eprintln!(
        "detect: {} documents, {} pairs, {seconds:.2} s ({:.0} docs/s), peak RSS {:.0} MiB",
        docs.len(),
        pairs.len(),
        docs.len() as f64 / seconds,
        peak_rss_bytes() as f64 / (1 << 20) as f64
    );
    Ok(())
}

/// Time detect's stages separately and print them as a Markdown table.
fn print_stages(docs: &[ReuseDoc<'_>]) -> Result<()> {
    let options = ReuseOptions::default();
    let t = Instant::now();
    let all_words: Vec<_> = docs.par_iter().map(|d| words(d.text)).collect();
    let t_words = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let fps: Vec<Vec<u32>> = all_words.par_iter().map(|w| fingerprints(w)).collect();
    let t_fps = t.elapsed().as_secs_f64();
    let postings: usize = fps.iter().map(Vec::len).sum();
    let refs: Vec<&[u32]> = fps.iter().map(Vec::as_slice).collect();
    let t = Instant::now();
    let candidates = candidate_pairs(&refs, &options);
    let t_cand = t.elapsed().as_secs_f64();
    let run = |options: &ReuseOptions| {
        let t = Instant::now();
        let n = candidates
            .par_iter()
            .filter(|&&(a, b)| compare(docs, &all_words[a], &all_words[b], a, b, options).is_some())
            .count();
        (n, t.elapsed().as_secs_f64())
    };
    let (pairs_full, t_full) = run(&options);
    let no_para = ReuseOptions {
        paraphrase: false,
        ..ReuseOptions::default()
    };
    let (pairs_token, t_token) = run(&no_para);
    println!("| stage | seconds | output |");
    println!("|---|---|---|");
    println!("| words | {t_words:.2} | {} documents |", docs.len());
    println!("| fingerprints | {t_fps:.2} | {postings} fingerprints |");
    println!(
        "| candidate_pairs | {t_cand:.2} | {} candidates ({:.1} per document) |",
        candidates.len(),
        candidates.len() as f64 / docs.len().max(1) as f64
    );
    println!("| compare, all candidates | {t_full:.2} | {pairs_full} pairs |");
    println!("| compare without the paraphrase fallback | {t_token:.2} | {pairs_token} pairs |");
    Ok(())
}

/// Serde names of the small enums, without depending on their variants.
mod erased {
    /// Anything serialisable to a JSON string.
    pub trait Name {
        /// The serialised name.
        fn name(&self) -> String;
    }
    impl<T: serde::Serialize> Name for T {
        fn name(&self) -> String {
            serde_json::to_value(self)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        }
    }
}
