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
//!
//! With `--pair ID_A ID_B` (instead of `--stages`) it explains one pair: shared
//! fingerprints, the token alignment's counts and passages, and `compare`'s verdict.
//! With `--symmetry TRUTH.jsonl` it runs `compare` on every (original, copy) pair of the
//! ground truth in both argument orders (token alignment only) and counts the pairs whose
//! verdict depends on the order. With `--candidates TRUTH.jsonl` it writes OUT as one
//! tab-separated line per pair sharing two or more fingerprints (fingerprint counts, shared fingerprints and their
//! document frequencies, same cluster or not, `compare`'s verdict and time with and without
//! the paraphrase fallback), to tune the candidate and fallback gates on.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{BufRead, BufWriter, Write};
use std::time::Instant;

use anyhow::{Context, Result};
use crosscheck_bench::peak_rss_bytes;
use crosscheck_reuse::{
    align, candidate_pairs, compare, detect, fingerprints, site_numbers, words, PairStats,
    ReuseDoc, ReuseOptions,
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
    let usage = "usage: reuse_synthetic CORPUS.jsonl OUT.json [--stages | --pair ID_A ID_B | --symmetry TRUTH | --candidates TRUTH]";
    let corpus = args.next().context(usage)?;
    let out = args.next().context(usage)?;
    let mode = args.next();
    let stages = mode.as_deref() == Some("--stages");
    let symmetry_truth = if mode.as_deref() == Some("--symmetry") {
        Some(args.next().context(usage)?)
    } else {
        None
    };
    let candidates_truth = if mode.as_deref() == Some("--candidates") {
        Some(args.next().context(usage)?)
    } else {
        None
    };
    let explain: Option<(String, String)> = if mode.as_deref() == Some("--pair") {
        Some((args.next().context(usage)?, args.next().context(usage)?))
    } else {
        None
    };
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
    if let Some(truth) = symmetry_truth {
        return symmetry(&docs, &truth);
    }
    if let Some((a, b)) = explain {
        return explain_pair(&docs, &a, &b);
    }
    if let Some(truth) = candidates_truth {
        return dump_candidates(&docs, &truth, &out);
    }
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

/// Ground truth line (`bench/reuse/synth.py`'s truth.jsonl).
#[derive(Deserialize)]
struct Truth {
    id: String,
    root: String,
    kind: String,
}

/// Count (original, copy) pairs whose `compare` verdict depends on the argument order.
fn symmetry(docs: &[ReuseDoc<'_>], truth_path: &str) -> Result<()> {
    let index: std::collections::HashMap<&str, usize> =
        docs.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let text =
        std::fs::read_to_string(truth_path).with_context(|| format!("reading {truth_path}"))?;
    let mut jobs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let t: Truth = serde_json::from_str(line)?;
        if t.id == t.root {
            continue;
        }
        if let (Some(&c), Some(&o)) = (index.get(t.id.as_str()), index.get(t.root.as_str())) {
            jobs.push((t.kind, o, c));
        }
    }
    let options = ReuseOptions {
        paraphrase: false,
        ..ReuseOptions::default()
    };
    let results: Vec<(String, bool, bool)> = jobs
        .par_iter()
        .map(|(kind, o, c)| {
            let (wo, wc) = (words(docs[*o].text), words(docs[*c].text));
            let first = compare(docs, &wo, &wc, *o, *c, &options).is_some();
            let second = compare(docs, &wc, &wo, *c, *o, &options).is_some();
            (kind.clone(), first, second)
        })
        .collect();
    let mut kinds: Vec<&str> = results.iter().map(|r| r.0.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    println!(
        "| kind | pairs | found both ways | only original first | only copy first | neither |"
    );
    println!("|---|---|---|---|---|---|");
    for k in kinds {
        let of: Vec<_> = results.iter().filter(|r| r.0 == k).collect();
        let count = |f: &dyn Fn(bool, bool) -> bool| of.iter().filter(|r| f(r.1, r.2)).count();
        println!(
            "| {k} | {} | {} | {} | {} | {} |",
            of.len(),
            count(&|a, b| a && b),
            count(&|a, b| a && !b),
            count(&|a, b| !a && b),
            count(&|a, b| !a && !b)
        );
    }
    Ok(())
}

/// Write one tab-separated line per candidate pair: ids, fingerprint counts, shared
/// fingerprints, whether the ground truth puts both in one cluster, and `compare`'s verdict
/// with and without the paraphrase fallback (for tuning the candidate and fallback gates).
fn dump_candidates(docs: &[ReuseDoc<'_>], truth_path: &str, out: &str) -> Result<()> {
    let text =
        std::fs::read_to_string(truth_path).with_context(|| format!("reading {truth_path}"))?;
    let mut root_of: std::collections::HashMap<String, (String, String)> =
        std::collections::HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let t: Truth = serde_json::from_str(line)?;
        root_of.insert(t.id, (t.root, t.kind));
    }
    let options = ReuseOptions::default();
    let all_words: Vec<_> = docs.par_iter().map(|d| words(d.text)).collect();
    let fps: Vec<Vec<u32>> = all_words.par_iter().map(|w| fingerprints(w)).collect();
    let refs: Vec<&[u32]> = fps.iter().map(Vec::as_slice).collect();
    // Every pair sharing two fingerprints, so that the gate itself can be tuned.
    let loose = ReuseOptions {
        min_shared_fingerprints: 2,
        ..ReuseOptions::default()
    };
    let sites = site_numbers(docs.iter().map(|d| d.site));
    let candidates = candidate_pairs(&refs, &sites, &loose);
    let mut df: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
    for f in fps.iter().flatten() {
        *df.entry(*f).or_default() += 1;
    }
    let no_para = ReuseOptions {
        paraphrase: false,
        ..ReuseOptions::default()
    };
    let rows: Vec<String> = candidates
        .par_iter()
        .map(|&(a, b)| {
            let shared_fps: Vec<u32> = fps[a]
                .iter()
                .filter(|f| fps[b].binary_search(f).is_ok())
                .copied()
                .collect();
            let shared = shared_fps.len();
            let dfs: Vec<String> = shared_fps.iter().map(|f| df[f].to_string()).collect();
            let verdict = |o: &ReuseOptions| {
                compare(docs, &all_words[a], &all_words[b], a, b, o)
                    .map(|p| format!("{}/{}", p.relation.as_str(), erased::Name::name(&p.extent)))
                    .unwrap_or_else(|| "none".into())
            };
            let t = Instant::now();
            let token = verdict(&no_para);
            let t_token = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let full = verdict(&options);
            let t_full = t.elapsed().as_secs_f64();
            let (ra, ka) = root_of.get(docs[a].id).cloned().unwrap_or_default();
            let (rb, kb) = root_of.get(docs[b].id).cloned().unwrap_or_default();
            format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{t_token:.6}\t{t_full:.6}\t{}",
                a,
                b,
                all_words[a].len(),
                all_words[b].len(),
                fps[a].len(),
                fps[b].len(),
                shared,
                ra == rb && !ra.is_empty(),
                ka,
                kb,
                token,
                full,
                dfs.join(",")
            )
        })
        .collect();
    std::fs::write(out, rows.join("\n") + "\n").with_context(|| format!("writing {out}"))?;
    Ok(())
}

/// Print why a pair is or is not reported.
fn explain_pair(docs: &[ReuseDoc<'_>], a: &str, b: &str) -> Result<()> {
    let find = |id: &str| docs.iter().position(|d| d.id == id).context("no such id");
    let (ia, ib) = (find(a)?, find(b)?);
    let options = ReuseOptions::default();
    let (wa, wb) = (words(docs[ia].text), words(docs[ib].text));
    let (fa, fb) = (fingerprints(&wa), fingerprints(&wb));
    let shared = fa.iter().filter(|f| fb.binary_search(f).is_ok()).count();
    println!(
        "{a}: {} words, {} fingerprints; {b}: {} words, {} fingerprints; shared {shared}",
        wa.len(),
        fa.len(),
        wb.len(),
        fb.len()
    );
    let al = align(&wa, &wb, &options.align);
    let st = PairStats::new(&al, wa.len(), wb.len());
    println!("{st:?}");
    for p in &al.passages {
        println!(
            "- passage: {} / {} words, equal {}, quoted {}: {:?}",
            p.source_words.len(),
            p.target_words.len(),
            p.equal,
            p.quoted,
            p.target
                .slice(docs[ib].text)
                .chars()
                .take(160)
                .collect::<String>()
        );
    }
    let verdict = compare(docs, &wa, &wb, ia, ib, &options);
    println!(
        "compare: {:?}",
        verdict.map(|p| (p.relation, p.extent, p.direction, p.similarity))
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
    let sites = site_numbers(docs.iter().map(|d| d.site));
    let candidates = candidate_pairs(&refs, &sites, &options);
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
