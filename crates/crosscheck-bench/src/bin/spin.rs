//! Spin detection on real spinner phrases planted in real clean news.
//!
//! ```text
//! cargo run --release -p crosscheck-bench --bin spin [DATA_DIR] [--cap N] [--misses N]
//!     [--prior P] [--margin NATS] [--unseen-share S] [--fanout-weight W] [--candidates N]
//!     [--dump FILE]
//! cargo run --release -p crosscheck-bench --features lm --bin spin -- [DATA_DIR] --lm MODEL.gguf
//!     [--cap N] [--lm-every N] [--lm-gain NATS] [--lm-spun-gain NATS] [--lm-weight W]
//!     [--lm-frequency-weight W] [--lm-prior P]
//!     [--lm-min-margin NATS] [--lm-spun-min-margin NATS] [--lm-candidates N]
//!     [--lm-lead-rate SHARE] [--lm-lead-clean-rate SHARE] [--lm-lead-max-fit NATS]
//!     [--lm-lead-extra-gain NATS] [--lm-spun-rounds N] [--lm-spun-right-words N]
//!     [--lm-spun-repeat-bonus NATS] [--lm-spun-start-from-statistics 0|1] [--lm-spun-joint N]
//!     [--lm-spun-far N] [--lm-spun-far-cost NATS] [--spun-copies N [--spun-share S]
//!     [--spun-every N] [--spun-split dev|held-out]
//!     [--spun-consistent]] [--seeds DIR] [--dump FILE]
//! ```
//!
//! Reads `DATA_DIR` (default `../shared/data`):
//! - `tortured_phrases/paperguard_curated.csv` (`tortured_phrase`, `expected_phrase`) and
//!   `tortured_phrases/pps_tortured_phrases.csv` (`"Fingerprint - Tortured Phrase"`, which may
//!   hold several quoted variants joined by `AND`, and `"Expected Text"`): phrases that
//!   spinners produced in published papers, with the phrase they replaced;
//! - `reuters21578/*.sgm` (`<BODY>` of each story) and `bbc_news_2225/*/*.txt`: clean news.
//!
//! Wherever an original phrase occurs in a clean document, written in lower case (spinners,
//! like the one in our seed article, leave capitalised names alone), a copy of the document
//! gets one of its spun forms in its place (at most `--cap` occurrences per phrase pair,
//! default 5, spread over the corpus). Each copy goes through `crosscheck_rewrite::analyze`.
//!
//! - **recall**: share of planted phrases with at least one reported substitution inside;
//! - **restore**: share of detected phrases whose restored words equal the original phrase;
//! - **FP / 10k words**: substitutions reported on the untouched documents per 10,000 words;
//! - **MB/s**: single-thread speed of `analyze` over the untouched documents.
//!
//! `--dump FILE` writes every reported substitution (false positives on the untouched text,
//! and hits inside planted phrases) as TSV, for analysing the trade-off.
//!
//! The pairs are split by a hash of the original phrase: one in five is held out and was
//! never looked at while tuning. Rows: "word-for-word" pairs (same number of words, letters
//! only: what a synonym spinner does) and "all" pairs (including the list's OCR-damaged and
//! multi-word-for-one entries).
//!
//! `--lm MODEL` (build with `--features lm`) adds the language-model check
//! (`Analyzer::analyze_with`, issue #20) beside the plain analysis: each planted copy is read
//! as the 600 bytes around the planted phrase (the model's cost grows with the words it is
//! asked about, and the rest of the document is the same for every copy), false positives are
//! counted on every `--lm-every`-th clean document (default 20) for both analyses, and
//! `--seeds DIR` scores the seed articles (001 against `crates/crosscheck-rewrite/tests/
//! seed_001_gold.tsv`). `--dump FILE` then writes every change the model kept.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use crosscheck_rewrite::AnalyzerBuilder;

struct Pair {
    spun: String,
    original: String,
    held_out: bool,
    word_for_word: bool,
    /// Every changed word is linked to its original in the detector's synonym graph.
    covered: bool,
}

struct Planted {
    doc: usize,
    pair: usize,
    start: usize,
    end: usize,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    planted: usize,
    detected: usize,
    restored: usize,
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let data = args
        .get(1)
        .filter(|a| !a.starts_with("--"))
        .map_or_else(|| Path::new("../shared/data").to_path_buf(), Into::into);
    let flag = |name: &str, default: usize| -> usize {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let fflag = |name: &str| -> Option<f32> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
    };
    let cap = flag("--cap", 5);
    let misses = flag("--misses", 0);
    // `--dump FILE`: every reported substitution as a TSV row (analysis aid, not a result).
    let dump_path = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let mut dump = String::new();

    let mut pairs = load_pairs(&data.join("tortured_phrases"))?;
    let docs = load_docs(&data)?;
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut builder = AnalyzerBuilder::new();
    if let Some(v) = fflag("--prior") {
        builder.prior(v);
    }
    if let Some(v) = fflag("--margin") {
        builder.min_margin(v);
    }
    if let Some(v) = fflag("--unseen-share") {
        builder.unseen_share(v);
    }
    if let Some(v) = fflag("--fanout-weight") {
        builder.fanout_weight(v);
    }
    builder.max_candidates(flag(
        "--candidates",
        crosscheck_rewrite::DEFAULT_MAX_CANDIDATES,
    ));
    #[cfg(feature = "lm")]
    lm::configure(&args, &mut builder);
    let analyzer = builder.build()?;
    for p in pairs.iter_mut().filter(|p| p.word_for_word) {
        p.covered = p
            .spun
            .split(' ')
            .zip(p.original.split(' '))
            .all(|(f, o)| f == o || analyzer.spin_candidates(f).contains(&o));
    }

    if args.iter().any(|a| a == "--lm") {
        #[cfg(feature = "lm")]
        return lm::run(&args, &analyzer, &pairs, &docs, cap, dump_path.as_deref());
        #[cfg(not(feature = "lm"))]
        anyhow::bail!("--lm needs a build with `--features lm`");
    }

    // Clean pass: false positives and speed.
    let started = Instant::now();
    let mut fp = 0usize;
    let mut fp_examples = Vec::new();
    for (d, text) in docs.iter().enumerate() {
        let report = analyzer.analyze(text);
        fp += report.substitutions.len();
        if dump_path.is_some() {
            for s in &report.substitutions {
                dump_row(&mut dump, "fp", d, text, s);
            }
        }
        for s in report.substitutions.iter().take(1) {
            fp_examples.push((d, s.range.start(), s.found.clone(), s.likely.clone()));
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let words: usize = docs.iter().map(|d| count_words(d)).sum();

    // Planted pass.
    let planted = plant(&docs, &pairs, cap);
    // Row groups: 0 = word-for-word pairs covered by the synonym graph, 1 = word-for-word,
    // 2 = all pairs.
    let mut tallies: HashMap<(bool, u8), Tally> = HashMap::new();
    let mut missed = Vec::new();
    for p in &planted {
        let pair = &pairs[p.pair];
        let text = &docs[p.doc];
        let spun = &pair.spun;
        let variant = format!("{}{}{}", &text[..p.start], spun, &text[p.end..]);
        let span = (p.start, p.start + spun.len());
        let report = analyzer.analyze(&variant);
        let inside: Vec<_> = report
            .substitutions
            .iter()
            .filter(|s| s.range.start() < span.1 && s.range.end() > span.0)
            .collect();
        let detected = !inside.is_empty();
        if dump_path.is_some() {
            let tag = if pair.held_out { "held" } else { "tp" };
            for s in &inside {
                dump_row(&mut dump, tag, p.pair, &variant, s);
            }
        }
        let mut restored_text = variant[span.0..span.1].to_string();
        for s in inside.iter().rev() {
            let (a, b) = (s.range.start() - span.0, s.range.end() - span.0);
            if b <= restored_text.len() {
                restored_text.replace_range(a..b, &s.likely);
            }
        }
        let restored = detected && restored_text.to_lowercase() == pair.original;
        for group in 0u8..3 {
            if (group == 0 && !pair.covered) || (group == 1 && !pair.word_for_word) {
                continue;
            }
            let t = tallies.entry((pair.held_out, group)).or_default();
            t.planted += 1;
            t.detected += usize::from(detected);
            t.restored += usize::from(restored);
        }
        if !detected && !pair.held_out && pair.covered {
            let lo = floor_char(&variant, span.0.saturating_sub(40));
            let hi = floor_char(&variant, (span.1 + 40).min(variant.len()));
            missed.push(format!(
                "{} -> {}: …{}…",
                pair.spun,
                pair.original,
                variant[lo..hi].replace('\n', " ")
            ));
        }
    }

    println!(
        "clean text: {} documents, {:.1} MB, {} words",
        docs.len(),
        bytes as f64 / 1e6,
        words
    );
    println!(
        "phrase pairs: {} ({} word-for-word, {} in the synonym graph), planted {} (cap {cap} per pair)\n",
        pairs.len(),
        pairs.iter().filter(|p| p.word_for_word).count(),
        pairs.iter().filter(|p| p.covered).count(),
        planted.len()
    );
    println!("| pairs | split | planted | recall | restore | ");
    println!("|---|---|---:|---:|---:|");
    for group in 0u8..3 {
        for held_out in [false, true] {
            let t = tallies.get(&(held_out, group)).copied().unwrap_or_default();
            println!(
                "| {} | {} | {} | {:.3} | {:.3} |",
                ["in the synonym graph", "word-for-word", "all"][usize::from(group)],
                if held_out { "held-out" } else { "dev" },
                t.planted,
                ratio(t.detected, t.planted),
                ratio(t.restored, t.detected),
            );
        }
    }
    println!(
        "\nfalse positives on untouched text: {fp} in {words} words = {:.2} per 10,000 words",
        1e4 * fp as f64 / words.max(1) as f64
    );
    println!(
        "speed: {:.2} MB/s single thread ({:.2} s for {:.1} MB)",
        bytes as f64 / 1e6 / secs,
        secs,
        bytes as f64 / 1e6
    );
    if let Some(path) = dump_path {
        std::fs::write(&path, dump)?;
    }
    if misses > 0 {
        println!("\nfalse positives (first per document):");
        for (d, at, found, likely) in fp_examples.iter().take(misses) {
            let text = &docs[*d];
            let lo = floor_char(text, at.saturating_sub(50));
            let hi = floor_char(text, (at + 50).min(text.len()));
            println!(
                "  {found} -> {likely}: …{}…",
                text[lo..hi].replace('\n', " ")
            );
        }
        println!("\nmissed (dev, in the synonym graph):");
        for m in missed.iter().take(misses) {
            println!("  {m}");
        }
    }
    Ok(())
}

/// One TSV row: tag, id, found, likely, margin, left word, right word, context-model gain.
fn dump_row(
    out: &mut String,
    tag: &str,
    id: usize,
    text: &str,
    s: &crosscheck_rewrite::Substitution,
) {
    let before = &text[..s.range.start()];
    let after = &text[s.range.end()..];
    let left = before
        .split(|c: char| !c.is_alphanumeric())
        .rev()
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let right = after
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{tag}\t{id}\t{}\t{}\t{:.3}\t{left}\t{right}\t{:.3}",
        s.found,
        s.likely,
        s.margin,
        s.context_gain.unwrap_or(f32::NAN)
    );
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn count_words(text: &str) -> usize {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .count()
}

/// Stable 64-bit FNV-1a, for the held-out split and the spread of planted copies.
fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn normalize_phrase(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn load_pairs(dir: &Path) -> Result<Vec<Pair>> {
    let mut raw: Vec<(String, String)> = Vec::new();
    let path = dir.join("paperguard_curated.csv");
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    let mut rows = csv_rows(&text).into_iter();
    let header = rows.next().unwrap_or_default();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (t, e) = (
        col("tortured_phrase").context("tortured_phrase column")?,
        col("expected_phrase").context("expected_phrase column")?,
    );
    for row in rows {
        if let (Some(a), Some(b)) = (row.get(t), row.get(e)) {
            raw.push((a.clone(), b.clone()));
        }
    }
    let path = dir.join("pps_tortured_phrases.csv");
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    for row in csv_rows(&text).into_iter().skip(1) {
        let (Some(f), Some(e)) = (row.first(), row.get(1)) else {
            continue;
        };
        // `"surface region" AND "surface area"`: every quoted variant is a fingerprint.
        let quoted: Vec<&str> = f.split('"').skip(1).step_by(2).collect();
        if quoted.is_empty() {
            raw.push((f.clone(), e.clone()));
        } else {
            raw.extend(quoted.into_iter().map(|q| (q.to_string(), e.clone())));
        }
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (spun, original) in raw {
        let (spun, original) = (normalize_phrase(&spun), normalize_phrase(&original));
        if spun.is_empty() || original.is_empty() || spun == original {
            continue;
        }
        if !seen.insert((spun.clone(), original.clone())) {
            continue;
        }
        let letters = |s: &str| s.chars().all(|c| c.is_ascii_lowercase() || c == ' ');
        let word_for_word = letters(&spun)
            && letters(&original)
            && spun.split(' ').count() == original.split(' ').count();
        out.push(Pair {
            held_out: fnv(&original).is_multiple_of(5),
            covered: false,
            word_for_word,
            spun,
            original,
        });
    }
    Ok(out)
}

/// A small RFC 4180 reader: quoted fields, doubled quotes, newlines inside quotes.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn load_docs(data: &Path) -> Result<Vec<String>> {
    let mut docs = Vec::new();
    let reuters = data.join("reuters21578");
    let mut files: Vec<_> = std::fs::read_dir(&reuters)
        .with_context(|| format!("{}", reuters.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sgm"))
        .collect();
    files.sort();
    for file in files {
        let raw = std::fs::read(&file)?;
        let text = String::from_utf8_lossy(&raw);
        for part in text.split("<BODY>").skip(1) {
            let body = part.split("</BODY>").next().unwrap_or("");
            let body = body
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
                .replace("&#3;", "");
            let body = body.trim_end().trim_end_matches("Reuter").trim_end();
            if !body.is_empty() {
                docs.push(body.to_string());
            }
        }
    }
    let bbc = data.join("bbc_news_2225");
    let mut cats: Vec<_> = std::fs::read_dir(&bbc)
        .with_context(|| format!("{}", bbc.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    cats.sort();
    for cat in cats {
        let mut files: Vec<_> = std::fs::read_dir(&cat)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for file in files {
            let raw = std::fs::read(&file)?;
            docs.push(String::from_utf8_lossy(&raw).into_owned());
        }
    }
    Ok(docs)
}

/// Lower-case occurrences of original phrases, at most `cap` per pair, spread over the corpus.
fn plant(docs: &[String], pairs: &[Pair], cap: usize) -> Vec<Planted> {
    let mut by_original: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut max_words = 1;
    for (i, p) in pairs.iter().enumerate() {
        by_original.entry(p.original.as_str()).or_default().push(i);
        max_words = max_words.max(p.original.split(' ').count());
    }
    // Every occurrence of every original, then a hash-ordered pick of `cap` per pair.
    let mut occurrences: HashMap<usize, Vec<(u64, usize, usize, usize)>> = HashMap::new();
    for (d, text) in docs.iter().enumerate() {
        let words = word_spans(text);
        for i in 0..words.len() {
            for n in 1..=max_words.min(words.len() - i) {
                let (start, end) = (words[i].0, words[i + n - 1].1);
                let phrase = &text[start..end];
                // Only single spaces between the words, all lower case.
                if phrase.contains(['\n', '\t']) || phrase.contains("  ") {
                    break;
                }
                if phrase.chars().any(char::is_uppercase) {
                    break;
                }
                let Some(list) = by_original.get(phrase) else {
                    continue;
                };
                for &pi in list {
                    let h = fnv(&format!("{d}:{start}:{pi}"));
                    occurrences.entry(pi).or_default().push((h, d, start, end));
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut keys: Vec<_> = occurrences.keys().copied().collect();
    keys.sort_unstable();
    for pi in keys {
        let mut occ = occurrences.remove(&pi).unwrap_or_default();
        occ.sort_unstable();
        for (_, doc, start, end) in occ.into_iter().take(cap) {
            out.push(Planted {
                doc,
                pair: pi,
                start,
                end,
            });
        }
    }
    out
}

/// `(start, end)` of each word: letters, digits, and inner hyphens or apostrophes.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let b = text.as_bytes();
    for (i, c) in text.char_indices() {
        let inner = (c == '-' || c == '\'')
            && start.is_some()
            && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// The language-model mode (`--lm MODEL`, issue #20).
#[cfg(feature = "lm")]
mod lm {
    use super::*;
    use crosscheck::TextRange;
    use crosscheck_rewrite::{Analyzer, ContextScorer, RewriteAnalysis, ScoreError};

    struct Scorer(crosscheck_lm::LanguageModel);

    impl ContextScorer for Scorer {
        fn log_likelihoods(&self, texts: &[&str]) -> Result<Vec<f32>, ScoreError> {
            Ok(self.0.log_likelihoods(texts)?)
        }

        fn token_log_probs(&self, text: &str) -> Result<Vec<(TextRange, f32)>, ScoreError> {
            Ok(self
                .0
                .token_log_probs(text)?
                .into_iter()
                .map(|t| (TextRange::new(t.range.start, t.range.end), t.log_prob))
                .collect())
        }
    }

    fn value<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(String::as_str)
    }

    fn number(args: &[String], name: &str) -> Option<f32> {
        value(args, name).and_then(|v| v.parse().ok())
    }

    pub(super) fn configure(args: &[String], b: &mut AnalyzerBuilder) {
        if let Some(v) = number(args, "--lm-gain") {
            b.context_min_gain(v);
        }
        if let Some(v) = number(args, "--lm-spun-gain") {
            b.context_spun_min_gain(v);
        }
        if let Some(v) = number(args, "--lm-weight") {
            b.context_margin_weight(v);
        }
        if let Some(v) = number(args, "--lm-frequency-weight") {
            b.context_frequency_weight(v);
        }
        if let Some(v) = number(args, "--lm-prior") {
            b.context_prior(v);
        }
        if let Some(v) = number(args, "--lm-min-margin") {
            b.context_min_margin(v);
        }
        if let Some(v) = number(args, "--lm-spun-min-margin") {
            b.context_spun_min_margin(v);
        }
        if let Some(v) = number(args, "--lm-lead-rate") {
            b.context_lead_rate(v);
        }
        if let Some(v) = number(args, "--lm-lead-clean-rate") {
            b.context_lead_clean_rate(v);
        }
        if let Some(v) = number(args, "--lm-lead-max-fit") {
            b.context_lead_max_fit(v);
        }
        if let Some(v) = number(args, "--lm-lead-extra-gain") {
            b.context_lead_extra_gain(v);
        }
        if let Some(v) = number(args, "--lm-spun-rounds") {
            b.context_spun_rounds(v.max(1.0) as usize);
        }
        if let Some(v) = number(args, "--lm-spun-repeat-bonus") {
            b.context_spun_repeat_bonus(v);
        }
        if let Some(v) = number(args, "--lm-spun-far") {
            b.context_spun_far(v.max(0.0) as usize);
        }
        if let Some(v) = number(args, "--lm-spun-far-cost") {
            b.context_spun_far_cost(v);
        }
        if let Some(v) = number(args, "--lm-spun-joint") {
            b.context_spun_joint(v.max(0.0) as usize);
        }
        if let Some(v) = number(args, "--lm-spun-start-from-statistics") {
            b.context_spun_start_from_statistics(v != 0.0);
        }
        if let Some(v) = number(args, "--lm-spun-right-words") {
            b.context_spun_right_words(v.max(0.0) as usize);
        }
        if let Some(v) = number(args, "--lm-candidates") {
            b.context_candidates(v as usize);
        }
    }

    pub(super) fn run(
        args: &[String],
        analyzer: &Analyzer,
        pairs: &[Pair],
        docs: &[String],
        cap: usize,
        dump_path: Option<&str>,
    ) -> Result<()> {
        let path = value(args, "--lm").context("--lm MODEL.gguf")?;
        let started = Instant::now();
        let scorer = Scorer(crosscheck_lm::LanguageModel::load(Path::new(path))?);
        println!("model loaded in {:.2} s", started.elapsed().as_secs_f64());
        let mut dump = String::new();
        if let Some(dir) = value(args, "--seeds") {
            seeds(Path::new(dir), analyzer, &scorer)?;
        }
        if let Some(n) = number(args, "--spun-copies") {
            let every = number(args, "--spun-every").map_or(20, |v| v.max(1.0) as usize);
            let share = number(args, "--spun-share").map_or(0.15, f64::from);
            let splits: &[bool] = match value(args, "--spun-split") {
                Some("dev") => &[false],
                Some("held-out") => &[true],
                _ => &[false, true],
            };
            let consistent = args.iter().any(|a| a == "--spun-consistent");
            spun_docs(
                (splits, consistent),
                analyzer,
                &scorer,
                docs,
                every,
                n.max(0.0) as usize,
                share,
                &mut dump,
            );
        }
        let every = number(args, "--lm-every").map_or(20, |v| v.max(1.0) as usize);

        // Clean sample: false positives of both analyses, and the model's cost.
        let (mut plain_fp, mut lm_fp, mut words, mut checked) = (0, 0, 0, 0);
        let mut lm_secs = 0.0;
        let mut sampled = 0;
        for (d, text) in docs.iter().enumerate().step_by(every) {
            sampled += 1;
            words += count_words(text);
            plain_fp += analyzer.analyze(text).substitutions.len();
            let t = Instant::now();
            let r = analyzer.analyze_with(text, &scorer);
            lm_secs += t.elapsed().as_secs_f64();
            checked += checked_of(&r);
            lm_fp += r.substitutions.len();
            for s in &r.substitutions {
                dump_row(&mut dump, "fp", d, text, s);
            }
        }

        // Planted copies: recall and restore of both analyses.
        let planted = plant(docs, pairs, cap);
        let mut plain: HashMap<(bool, u8), Tally> = HashMap::new();
        let mut with_lm: HashMap<(bool, u8), Tally> = HashMap::new();
        let mut planted_secs = 0.0;
        for p in &planted {
            let pair = &pairs[p.pair];
            let text = &docs[p.doc];
            let variant = format!("{}{}{}", &text[..p.start], pair.spun, &text[p.end..]);
            let span = (p.start, p.start + pair.spun.len());
            let a = outcome(&analyzer.analyze(&variant), &variant, span, &pair.original);
            let lo = floor_char(&variant, span.0.saturating_sub(300));
            let hi = floor_char(&variant, (span.1 + 300).min(variant.len()));
            let excerpt = &variant[lo..hi];
            let t = Instant::now();
            let r = analyzer.analyze_with(excerpt, &scorer);
            planted_secs += t.elapsed().as_secs_f64();
            let b = outcome(&r, excerpt, (span.0 - lo, span.1 - lo), &pair.original);
            let tag = if pair.held_out { "held" } else { "tp" };
            for s in r
                .substitutions
                .iter()
                .filter(|s| s.range.start() < span.1 - lo && s.range.end() > span.0 - lo)
            {
                dump_row(&mut dump, tag, p.pair, excerpt, s);
            }
            for group in 0u8..3 {
                if (group == 0 && !pair.covered) || (group == 1 && !pair.word_for_word) {
                    continue;
                }
                for (tallies, (detected, restored)) in [(&mut plain, a), (&mut with_lm, b)] {
                    let t = tallies.entry((pair.held_out, group)).or_default();
                    t.planted += 1;
                    t.detected += usize::from(detected);
                    t.restored += usize::from(restored);
                }
            }
        }
        println!(
            "planted {} copies (cap {cap} per pair); the model read 600-byte excerpts\n",
            planted.len()
        );
        println!("| pairs | split | planted | recall before | restore before | recall with model | restore with model |");
        println!("|---|---|---:|---:|---:|---:|---:|");
        for group in 0u8..3 {
            for held_out in [false, true] {
                let a = plain.get(&(held_out, group)).copied().unwrap_or_default();
                let b = with_lm.get(&(held_out, group)).copied().unwrap_or_default();
                println!(
                    "| {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
                    ["in the synonym graph", "word-for-word", "all"][usize::from(group)],
                    if held_out { "held-out" } else { "dev" },
                    a.planted,
                    ratio(a.detected, a.planted),
                    ratio(a.restored, a.detected),
                    ratio(b.detected, b.planted),
                    ratio(b.restored, b.detected),
                );
            }
        }
        let per10k = |n: usize| 1e4 * n as f64 / words.max(1) as f64;
        println!(
            "\nclean sample (every {every}th document: {sampled} documents, {words} words): \
             false positives before {plain_fp} = {:.2} per 10k words, with model {lm_fp} = {:.2} per 10k words",
            per10k(plain_fp),
            per10k(lm_fp)
        );
        println!(
            "model cost on the clean sample: {lm_secs:.1} s = {:.3} s per document, {:.2} s per 1,000 words; \
             {checked} proposals checked ({:.2} per 1,000 words)",
            lm_secs / sampled.max(1) as f64,
            lm_secs * 1000.0 / words.max(1) as f64,
            checked as f64 * 1000.0 / words.max(1) as f64
        );
        println!(
            "model cost on the planted excerpts: {planted_secs:.1} s = {:.3} s per excerpt",
            planted_secs / planted.len().max(1) as f64
        );
        if let Some(path) = dump_path {
            std::fs::write(path, dump)?;
        }
        Ok(())
    }

    /// Words a thesaurus spinner leaves alone (as `bench/reuse/synth.py` does): articles,
    /// conjunctions and pronouns.
    const SPIN_STOP: &[&str] = &[
        "a", "an", "the", "and", "or", "but", "of", "to", "i", "he", "she", "it", "we", "they",
        "you", "his", "her", "its", "their", "our", "this", "that", "these", "those", "who",
        "which", "what",
    ];

    /// Spun copies of the clean sample's documents, made here: the first 1,500 bytes of every
    /// `every`-th document, with about `share` of the lower-case words swapped for a word of
    /// the synonym graph that links back to them (a thesaurus spinner's wrong-sense pick; a
    /// hash decides which words and which synonym). Documents split into dev and held-out by
    /// a hash of their index (one in five held out); up to `n` of each. Reports the swaps
    /// found and restored, and the substitutions of untouched words per 10k words: where the
    /// model-led proposals run (a document the word statistics find spun). `splits`: which of
    /// dev (`false`) and held-out (`true`) to run (`--spun-split dev|held-out`, default both);
    /// `consistent` (`--spun-consistent`): the hash picks by the word instead of its position,
    /// so a word picked is swapped everywhere in the document, for the same synonym.
    #[allow(clippy::too_many_arguments)]
    fn spun_docs(
        (splits, consistent): (&[bool], bool),
        analyzer: &Analyzer,
        scorer: &Scorer,
        docs: &[String],
        every: usize,
        n: usize,
        share: f64,
        dump: &mut String,
    ) {
        for &held_out in splits {
            let (mut built, mut words, mut swapped, mut found, mut restored) = (0, 0, 0, 0, 0);
            let (mut plain_found, mut plain_fp, mut fp, mut secs) = (0, 0, 0, 0.0);
            let mut labelled = 0;
            for (d, text) in docs.iter().enumerate().step_by(every) {
                if built >= n {
                    break;
                }
                if (fnv(&format!("split:{d}")).is_multiple_of(5)) != held_out {
                    continue;
                }
                let text = &text[..floor_char(text, text.len().min(1500))];
                let mut variant = String::with_capacity(text.len() + 200);
                let mut gold: Vec<(usize, String)> = Vec::new();
                let mut at = 0;
                for (a, b) in word_spans(text) {
                    let w = &text[a..b];
                    // A consistent spinner swaps a word everywhere in a document, for the same
                    // synonym each time (as the spinner of seed 001 does).
                    let h = if consistent {
                        fnv(&format!("{d}:{w}"))
                    } else {
                        fnv(&format!("{d}:{a}"))
                    };
                    if !w.chars().all(|c| c.is_ascii_lowercase())
                        || SPIN_STOP.contains(&w)
                        || (h % 1000) as f64 >= share * 1000.0
                    {
                        continue;
                    }
                    let synonyms: Vec<&str> = analyzer
                        .spin_candidates(w)
                        .into_iter()
                        .filter(|f| analyzer.spin_candidates(f).contains(&w))
                        .collect();
                    if synonyms.is_empty() {
                        continue;
                    }
                    let f = synonyms[(h / 1000) as usize % synonyms.len()];
                    variant.push_str(&text[at..a]);
                    gold.push((variant.len(), w.to_string()));
                    variant.push_str(f);
                    at = b;
                }
                variant.push_str(&text[at..]);
                built += 1;
                words += count_words(&variant);
                let t = Instant::now();
                let r = analyzer.analyze_with(&variant, scorer);
                secs += t.elapsed().as_secs_f64();
                let plain = analyzer.analyze(&variant);
                labelled += usize::from(plain.label == crosscheck_rewrite::Label::Spun);
                swapped += gold.len();
                let gold_at = |s: &crosscheck_rewrite::Substitution| {
                    gold.iter().find(|(a, _)| *a == s.range.start())
                };
                for s in &plain.substitutions {
                    match gold_at(s) {
                        Some(_) => plain_found += 1,
                        None => plain_fp += 1,
                    }
                }
                for s in &r.substitutions {
                    let tag = match gold_at(s) {
                        Some((_, w)) => {
                            found += 1;
                            let ok = s.likely.to_lowercase() == *w;
                            restored += usize::from(ok);
                            if ok {
                                "sd-tp"
                            } else {
                                "sd-wrong"
                            }
                        }
                        None => {
                            fp += 1;
                            "sd-fp"
                        }
                    };
                    // Writing to a String cannot fail.
                    let _ = writeln!(
                        dump,
                        "{tag}\t{}\t{d}:{}\t{}\t{}\t{:.3}\t{:.3}",
                        if held_out { "held" } else { "dev" },
                        s.range.start(),
                        s.found,
                        s.likely,
                        s.margin,
                        s.context_gain.unwrap_or(f32::NAN)
                    );
                }
                // The swaps no substitution was reported at.
                for (at, w) in &gold {
                    if !r.substitutions.iter().any(|s| s.range.start() == *at) {
                        let found = variant[*at..]
                            .split(|c: char| !c.is_alphanumeric())
                            .next()
                            .unwrap_or("");
                        let _ = writeln!(
                            dump,
                            "sd-miss\t{}\t{d}:{at}\t{found}\t{w}",
                            if held_out { "held" } else { "dev" },
                        );
                    }
                }
            }
            let per10k = |k: usize| 1e4 * k as f64 / words.max(1) as f64;
            println!(
                "spun copies ({}): {built} documents ({labelled} found spun by the word \
                 statistics), {words} words, {swapped} swaps; found before {plain_found} = \
                 {:.3}, with model {found} = {:.3}, restored {restored} = {:.3}; other words \
                 changed before {plain_fp} = {:.1} per 10k words, with model {fp} = {:.1} per \
                 10k words; {:.1} s per 1,000 words",
                if held_out { "held-out" } else { "dev" },
                ratio(plain_found, swapped),
                ratio(found, swapped),
                ratio(restored, found),
                per10k(plain_fp),
                per10k(fp),
                secs * 1000.0 / words.max(1) as f64
            );
        }
    }

    fn checked_of(r: &RewriteAnalysis) -> usize {
        match r.context {
            crosscheck_rewrite::ContextCheck::Verified { checked } => checked,
            _ => 0,
        }
    }

    /// (detected, restored) of one planted phrase in `report`.
    fn outcome(
        report: &RewriteAnalysis,
        text: &str,
        span: (usize, usize),
        original: &str,
    ) -> (bool, bool) {
        let inside: Vec<_> = report
            .substitutions
            .iter()
            .filter(|s| s.range.start() < span.1 && s.range.end() > span.0)
            .collect();
        let mut restored = text[span.0..span.1].to_string();
        for s in inside.iter().rev() {
            let (a, b) = (s.range.start() - span.0, s.range.end() - span.0);
            if b <= restored.len() {
                restored.replace_range(a..b, &s.likely);
            }
        }
        let detected = !inside.is_empty();
        (detected, detected && restored.to_lowercase() == original)
    }

    /// Labels and substitutions of the seed articles with the model; seed 001 against its gold.
    fn seeds(dir: &Path, analyzer: &Analyzer, scorer: &Scorer) -> Result<()> {
        let gold_path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crosscheck-rewrite/tests/seed_001_gold.tsv");
        let gold: Vec<(String, String)> = std::fs::read_to_string(&gold_path)
            .with_context(|| format!("{}", gold_path.display()))?
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("{}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let t = Instant::now();
            let r = analyzer.analyze_with(&text, scorer);
            let secs = t.elapsed().as_secs_f64();
            let plain = analyzer.analyze(&text);
            println!(
                "seed {name}: {} words, label {} (plain {}), {} substitutions (plain {}), {} checked, {secs:.1} s",
                count_words(&text),
                r.label,
                plain.label,
                r.substitutions.len(),
                plain.substitutions.len(),
                checked_of(&r)
            );
            if !name.starts_with("001") {
                for s in &r.substitutions {
                    println!(
                        "  false alarm? {} -> {} (gain {:?}, margin {:.1})",
                        s.found, s.likely, s.context_gain, s.margin
                    );
                }
                continue;
            }
            for (label, report) in [("plain", &plain), ("with model", &r)] {
                let (mut total, mut found, mut restored) = (0, 0, 0);
                let mut missed = Vec::new();
                for (start, word) in word_spans(&text).into_iter().map(|(a, b)| (a, &text[a..b])) {
                    let Some((_, original)) = gold.iter().find(|(f, _)| f == word) else {
                        continue;
                    };
                    total += 1;
                    match report
                        .substitutions
                        .iter()
                        .find(|s| s.range.start() == start)
                    {
                        Some(s) => {
                            found += 1;
                            restored += usize::from(&s.likely == original);
                        }
                        None => missed.push(word),
                    }
                }
                let other: Vec<String> = report
                    .substitutions
                    .iter()
                    .filter(|s| !gold.iter().any(|(f, _)| *f == s.found))
                    .map(|s| format!("{}->{}", s.found, s.likely))
                    .collect();
                println!(
                    "  seed 001 {label}: found {found}/{total} = {:.3}, restored {restored}/{found} = {:.3}; missed {missed:?}; not in gold {other:?}",
                    ratio(found, total),
                    ratio(restored, found)
                );
            }
        }
        Ok(())
    }
}
