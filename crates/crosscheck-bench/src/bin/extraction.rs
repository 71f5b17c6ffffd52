//! HTML main-content extraction, scored on the article-extraction-benchmark.
//!
//! ```text
//! cargo run --release -p crosscheck-bench --bin extraction [DATA_DIR [PREDICTIONS_JSON]]
//!     [--errors N] [--half even|odd|all]
//! ```
//!
//! Reads `DATA_DIR/article-extraction-benchmark` (`html/*.html.gz` and `ground-truth.json`),
//! runs every page through crosscheck's ingest path exactly as `crosscheck analyze page.html.gz`
//! would (gzip, charset decoding, main-content extraction, boilerplate cleaning) and, apart, through
//! the extractor alone ([`crosscheck::ingest::extract_html`], before cleaning). Both are scored
//! with the benchmark's own metric (see [`shingle_counts`]) and printed as a Markdown table.
//!
//! With `PREDICTIONS_JSON`, the full-path bodies are also written in the benchmark's output
//! format (`{"<id>": {"articleBody": "..."}}`), so its `evaluate.py` can check the numbers.
//!
//! The scores are also printed for two halves of the pages: the pages at even positions in
//! sorted file order (the half rules are tuned on) and those at odd positions (kept aside to
//! check that a rule generalises). `--errors N` prints, for the N lowest-F1 pages of the half
//! chosen by `--half` (default `even`), the full path's precision and recall and the lines it
//! got wrong: predicted lines mostly absent from the gold, and gold lines mostly missing from
//! the prediction.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use crosscheck::ingest::{extract_html, read_file, IngestOptions, InputFile};
use crosscheck::{Metadata, Origin, Sourced};
use crosscheck_bench::peak_rss_bytes;

/// Command line: two optional positional paths, then the error-listing flags.
struct Args {
    data_dir: PathBuf,
    predictions: Option<PathBuf>,
    /// How many pages to list with their wrong lines (`--errors N`).
    errors: usize,
    /// Which pages `--errors` lists from.
    half: Half,
}

/// A subset of the pages by position in sorted file order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Half {
    Even,
    Odd,
    All,
}

impl Half {
    fn contains(self, index: usize) -> bool {
        match self {
            Half::Even => index.is_multiple_of(2),
            Half::Odd => !index.is_multiple_of(2),
            Half::All => true,
        }
    }
}

impl Args {
    fn parse() -> Result<Args> {
        let mut positional = Vec::new();
        let mut errors = 0;
        let mut half = Half::Even;
        let mut args = std::env::args_os().skip(1);
        while let Some(arg) = args.next() {
            match arg.to_str() {
                Some("--errors") => {
                    let value = args.next().context("--errors needs a number")?;
                    errors = value
                        .to_str()
                        .and_then(|v| v.parse().ok())
                        .context("--errors needs a number")?;
                }
                Some("--half") => {
                    half = match args.next().as_ref().and_then(|v| v.to_str()) {
                        Some("even") => Half::Even,
                        Some("odd") => Half::Odd,
                        Some("all") => Half::All,
                        _ => bail!("--half takes even, odd or all"),
                    };
                }
                _ => positional.push(PathBuf::from(arg)),
            }
        }
        let mut positional = positional.into_iter();
        Ok(Args {
            // `data_dir()` reads the first argument, which may be a flag here.
            // Not `data_dir()`: it reads the first argument, which may be a flag here.
            data_dir: positional
                .next()
                .unwrap_or_else(|| PathBuf::from("../shared/data")),
            predictions: positional.next(),
            errors,
            half,
        })
    }
}

/// Shingle length of the benchmark's metric.
const NGRAM: usize = 4;

fn main() -> Result<()> {
    let args = Args::parse()?;
    let root = args.data_dir.join("article-extraction-benchmark");
    let predictions_out = args.predictions.clone();
    let truth = load_truth(&root)?;
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("html"))
        .with_context(|| format!("reading {}", root.join("html").display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    pages.sort();
    if pages.is_empty() {
        bail!("no html/*.html.gz pages under {}", root.display());
    }

    let options = IngestOptions::default();
    let mut full = Run::default();
    let mut raw = Run::default();
    let mut coverage = Coverage::default();
    let mut html_bytes = 0u64;
    let mut predictions = serde_json::Map::new();
    // (gold, full-path text) per page, for `--errors`.
    let mut bodies: Vec<(String, String)> = Vec::new();
    for path in &pages {
        let id = page_id(path);
        let Some(gold) = truth.get(&id) else {
            bail!("page {id} has no ground truth");
        };
        let page = gunzip(path)?;
        html_bytes += page.len() as u64;

        // crosscheck's full path: the file as a user would hand it over.
        let file = InputFile {
            path: path.clone(),
            size: std::fs::metadata(path)?.len(),
            modified: 0,
            explicit: true,
        };
        let started = Clock::start();
        let mut document = None;
        read_file(&file, &options, &mut |item| match item {
            Ok(doc) => document = Some(doc),
            Err(err) => eprintln!("{err}"),
        });
        started.stop(&mut full);
        let text = match document {
            Some(doc) => {
                coverage.add(&doc.meta);
                doc.text
            }
            None => {
                full.failures += 1;
                String::new()
            }
        };
        full.add(&id, &gold.body, &text);
        if args.errors > 0 {
            bodies.push((gold.body.clone(), text.clone()));
        }
        predictions.insert(id.clone(), serde_json::json!({ "articleBody": text }));

        // The extractor's text as crosscheck reads it, before boilerplate cleaning.
        let page = String::from_utf8_lossy(&page);
        let started = Clock::start();
        let extracted = extract_html(&page, None);
        started.stop(&mut raw);
        let text = extracted.map(|a| a.text).unwrap_or_else(|_| {
            raw.failures += 1;
            String::new()
        });
        raw.add(&id, &gold.body, &text);
    }

    if let Some(out) = predictions_out {
        std::fs::write(&out, serde_json::to_string_pretty(&predictions)?)
            .with_context(|| format!("writing {}", out.display()))?;
    }

    let mb = html_bytes as f64 / 1e6;
    println!(
        "article-extraction-benchmark: {} pages, {:.1} MB of HTML (uncompressed), one thread\n",
        pages.len(),
        mb
    );
    println!(
        "| extractor | precision | recall | F1 | mean page F1 | no body | pages/s | MB/s | pages/s (CPU) | MB/s (CPU) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for (name, run) in [
        ("crosscheck, full ingest path (`Document.text`)", &full),
        ("extractor text before `clean_body` (`extract_html`)", &raw),
    ] {
        let m = run.metrics();
        let wall = run.wall.as_secs_f64();
        let cpu = run.cpu.as_secs_f64();
        let rate = |secs: f64, amount: f64| {
            if secs > 0.0 {
                format!("{:.1}", amount / secs)
            } else {
                "n/a".to_string()
            }
        };
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {} | {} | {} | {} | {} |",
            m.precision,
            m.recall,
            m.f1,
            m.mean_page_f1,
            run.failures,
            rate(wall, pages.len() as f64),
            rate(wall, mb),
            rate(cpu, pages.len() as f64),
            rate(cpu, mb)
        );
    }
    for (name, f1) in PUBLISHED {
        println!("| {name} (published) | | | {f1:.3} | | | | | | |");
    }
    println!(
        "\npages/s and MB/s: wall clock; (CPU): this thread's CPU time, steadier on a shared machine"
    );

    println!("\nBy half (position in sorted file order; rules are tuned on the even half):\n");
    println!("| extractor | half | pages | precision | recall | F1 |");
    println!("|---|---|---|---|---|---|");
    for (name, run) in [("full path", &full), ("before `clean_body`", &raw)] {
        for (label, half) in [("even", Half::Even), ("odd", Half::Odd), ("all", Half::All)] {
            let m = run.metrics_of(half);
            println!(
                "| {name} | {label} | {} | {:.4} | {:.4} | {:.4} |",
                run.pages
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| half.contains(*i))
                    .count(),
                m.precision,
                m.recall,
                m.f1
            );
        }
    }

    let deltas: Vec<f64> = full
        .pages
        .iter()
        .zip(&raw.pages)
        .map(|((_, c), (_, r))| c.f1() - r.f1())
        .collect();
    println!(
        "\nboilerplate cleaning changed the F1 of {} pages ({} up, {} down), mean change {:+.4}",
        deltas.iter().filter(|d| d.abs() > 1e-9).count(),
        deltas.iter().filter(|d| **d > 1e-9).count(),
        deltas.iter().filter(|d| **d < -1e-9).count(),
        deltas.iter().sum::<f64>() / deltas.len().max(1) as f64
    );
    println!(
        "peak memory (RSS): {:.0} MiB",
        peak_rss_bytes() as f64 / (1 << 20) as f64
    );

    println!(
        "\nMetadata found on the {} pages (full path):\n",
        pages.len()
    );
    coverage.print();

    println!("\nLowest F1, full path (page id, precision, recall, F1):\n");
    let mut worst: Vec<&(String, Counts)> = full.pages.iter().collect();
    worst.sort_by(|a, b| a.1.f1().total_cmp(&b.1.f1()));
    for (id, c) in worst.iter().take(8) {
        println!(
            "- {} P {:.3} R {:.3} F1 {:.3}",
            &id[..12.min(id.len())],
            c.precision().unwrap_or(0.0),
            c.recall().unwrap_or(0.0),
            c.f1()
        );
    }

    if args.errors > 0 {
        print_errors(&full, &bodies, args.errors, args.half);
    }
    Ok(())
}

/// A line is listed as wrong when fewer than this share of its shingles are on the other side.
const LINE_MATCH: f64 = 0.5;

/// The `n` lowest-F1 pages of `half`, each with its wrong lines.
fn print_errors(run: &Run, bodies: &[(String, String)], n: usize, half: Half) {
    let mut order: Vec<usize> = (0..run.pages.len()).filter(|&i| half.contains(i)).collect();
    order.sort_by(|&a, &b| run.pages[a].1.f1().total_cmp(&run.pages[b].1.f1()));
    for &i in order.iter().take(n) {
        let (id, c) = &run.pages[i];
        let Some((gold, predicted)) = bodies.get(i) else {
            continue;
        };
        println!(
            "\n### #{i} {id} P {:.3} R {:.3} F1 {:.3}",
            c.precision().unwrap_or(0.0),
            c.recall().unwrap_or(0.0),
            c.f1()
        );
        for line in unmatched_lines(predicted, gold) {
            println!("+ {line}");
        }
        for line in unmatched_lines(gold, predicted) {
            println!("- {line}");
        }
    }
}

/// Lines of `text` fewer than [`LINE_MATCH`] of whose shingles occur in `other`, shortened. A
/// line shorter than a shingle counts as found when its tokens occur in a row in `other`.
fn unmatched_lines(text: &str, other: &str) -> Vec<String> {
    let other_tokens = tokenize(other);
    let other = shingles(other);
    text.lines()
        .filter_map(|line| {
            let tokens = tokenize(line);
            if tokens.is_empty() {
                return None;
            }
            if tokens.len() < NGRAM {
                if other_tokens.windows(tokens.len()).any(|w| w == tokens) {
                    return None;
                }
            } else {
                let own = shingles(line);
                let total: usize = own.values().sum();
                let found: usize = own
                    .iter()
                    .map(|(k, n)| (*n).min(other.get(k).copied().unwrap_or(0)))
                    .sum();
                if (found as f64) >= LINE_MATCH * total as f64 {
                    return None;
                }
            }
            let short: String = line.chars().take(200).collect();
            Some(if short.len() < line.len() {
                format!("{short} …")
            } else {
                short
            })
        })
        .collect()
}

/// Published F1 on the same pages and metric (the benchmark's README), for context.
const PUBLISHED: [(&str, f64); 4] = [
    ("rs-trafilatura", 0.970),
    ("trafilatura (Python)", 0.958),
    ("Readability.js", 0.947),
    ("dom_smoothie", 0.865),
];

/// How many documents carry each metadata field, by where it was found.
#[derive(Default)]
struct Coverage {
    /// Field name → origin → count, in first-seen order.
    fields: Vec<(&'static str, Vec<(Origin, usize)>)>,
}

impl Coverage {
    fn add(&mut self, meta: &Metadata) {
        let origin = |s: &Option<Sourced<String>>| s.as_ref().map(|s| s.origin);
        self.count("title", origin(&meta.title));
        self.count("outlet", origin(&meta.outlet));
        self.count("bylines", meta.bylines.first().map(|b| b.origin));
        self.count("published", meta.published.as_ref().map(|p| p.origin));
        self.count("language", origin(&meta.language));
    }

    fn count(&mut self, field: &'static str, origin: Option<Origin>) {
        let index = match self.fields.iter().position(|(f, _)| *f == field) {
            Some(i) => i,
            None => {
                self.fields.push((field, Vec::new()));
                self.fields.len() - 1
            }
        };
        let Some(origin) = origin else {
            return;
        };
        let counts = &mut self.fields[index].1;
        match counts.iter_mut().find(|(o, _)| *o == origin) {
            Some((_, n)) => *n += 1,
            None => counts.push((origin, 1)),
        }
    }

    fn print(&self) {
        println!("| field | pages | where found |");
        println!("|---|---|---|");
        for (field, counts) in &self.fields {
            let total: usize = counts.iter().map(|(_, n)| n).sum();
            let found = counts
                .iter()
                .map(|(o, n)| format!("{o:?} {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            println!("| {field} | {total} | {found} |");
        }
    }
}

/// One gold page.
struct Gold {
    body: String,
}

fn load_truth(root: &Path) -> Result<HashMap<String, Gold>> {
    let path = root.join("ground-truth.json");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)?;
    let Some(map) = value.as_object() else {
        bail!("{} is not a JSON object", path.display());
    };
    Ok(map
        .iter()
        .map(|(id, page)| {
            let body = page
                .get("articleBody")
                .and_then(|b| b.as_str())
                .unwrap_or_default()
                .to_string();
            (id.clone(), Gold { body })
        })
        .collect())
}

fn page_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.trim_end_matches(".html.gz").to_string()
}

fn gunzip(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(file)
        .read_to_end(&mut bytes)
        .with_context(|| format!("decompressing {}", path.display()))?;
    Ok(bytes)
}

/// Results of one extractor over all pages.
#[derive(Default)]
struct Run {
    pages: Vec<(String, Counts)>,
    wall: Duration,
    cpu: Duration,
    failures: usize,
}

impl Run {
    fn add(&mut self, id: &str, gold: &str, predicted: &str) {
        self.pages
            .push((id.to_string(), shingle_counts(gold, predicted)));
    }

    /// The benchmark's aggregate: precision and recall are averaged over pages (each page over
    /// the pages where it is defined), and F1 is the harmonic mean of the two averages.
    fn metrics(&self) -> Metrics {
        self.metrics_of(Half::All)
    }

    /// [`Run::metrics`] over the pages of one half.
    fn metrics_of(&self, half: Half) -> Metrics {
        let pages: Vec<&Counts> = self
            .pages
            .iter()
            .enumerate()
            .filter(|(i, _)| half.contains(*i))
            .map(|(_, (_, c))| c)
            .collect();
        let mean = |values: Vec<f64>| values.iter().sum::<f64>() / values.len().max(1) as f64;
        let precision = mean(pages.iter().filter_map(|c| c.precision()).collect());
        let recall = mean(pages.iter().filter_map(|c| c.recall()).collect());
        let f1 = harmonic(precision, recall);
        let mean_page_f1 = mean(pages.iter().map(|c| c.f1()).collect());
        Metrics {
            precision,
            recall,
            f1,
            mean_page_f1,
        }
    }
}

struct Metrics {
    precision: f64,
    recall: f64,
    f1: f64,
    mean_page_f1: f64,
}

fn harmonic(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Wall clock and this thread's CPU time (Linux `schedstat`, nanoseconds) around one call.
struct Clock {
    wall: Instant,
    cpu: Option<u64>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            cpu: thread_cpu_ns(),
            wall: Instant::now(),
        }
    }

    fn stop(self, run: &mut Run) {
        run.wall += self.wall.elapsed();
        if let (Some(start), Some(end)) = (self.cpu, thread_cpu_ns()) {
            run.cpu += Duration::from_nanos(end.saturating_sub(start));
        }
    }
}

/// CPU time this thread has run, in nanoseconds; `None` off Linux.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// True positives, false positives and false negatives over shingles, normalised to sum to 1
/// (so that long pages weigh no more than short ones), as in the benchmark's `evaluate.py`.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    tp: f64,
    fp: f64,
    fn_: f64,
}

impl Counts {
    /// `None` where `evaluate.py` leaves the page out of the precision average (`tp + fp == 0`).
    fn precision(&self) -> Option<f64> {
        (self.tp + self.fp > 0.0).then(|| {
            if self.fp == 0.0 && self.fn_ == 0.0 {
                1.0
            } else {
                self.tp / (self.tp + self.fp)
            }
        })
    }

    /// `None` where `evaluate.py` leaves the page out of the recall average (`tp + fn == 0`).
    fn recall(&self) -> Option<f64> {
        (self.tp + self.fn_ > 0.0).then(|| {
            if self.fp == 0.0 && self.fn_ == 0.0 {
                1.0
            } else {
                self.tp / (self.tp + self.fn_)
            }
        })
    }

    fn f1(&self) -> f64 {
        harmonic(
            self.precision().unwrap_or(0.0),
            self.recall().unwrap_or(0.0),
        )
    }
}

/// The benchmark's `string_shingle_matching`: multisets of word 4-gram shingles of the gold and
/// predicted bodies, compared count by count.
fn shingle_counts(gold: &str, predicted: &str) -> Counts {
    let gold = shingles(gold);
    let predicted = shingles(predicted);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (key, &g) in &gold {
        let p = predicted.get(key).copied().unwrap_or(0);
        tp += g.min(p) as f64;
        fn_ += g.saturating_sub(p) as f64;
    }
    for (key, &p) in &predicted {
        let g = gold.get(key).copied().unwrap_or(0);
        fp += p.saturating_sub(g) as f64;
    }
    let sum = tp + fp + fn_;
    if sum > 0.0 {
        Counts {
            tp: tp / sum,
            fp: fp / sum,
            fn_: fn_ / sum,
        }
    } else {
        Counts::default()
    }
}

/// `_ngrams`: every run of `NGRAM` consecutive tokens; a text with fewer tokens is one shorter
/// shingle, and a text without tokens has none.
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens = tokenize(text);
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    let windows = tokens.len().saturating_sub(NGRAM) + 1;
    for i in 0..windows {
        let end = (i + NGRAM).min(tokens.len());
        *counts.entry(tokens[i..end].to_vec()).or_insert(0) += 1;
    }
    counts
}

/// `_tokenize`: maximal runs of Python `\w` characters, case kept (the `IGNORECASE` flag of the
/// original pattern does not change what `\w+` matches).
fn tokenize(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                tokens.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push(&text[s..]);
    }
    tokens
}

/// Python's `\w` on `str`: `_`, letters (L*) and numbers (N*). Rust's `is_alphanumeric` also
/// counts combining marks that Unicode calls "Other_Alphabetic" (Arabic harakat, Hebrew points,
/// Indic vowel signs); Python does not, so the common blocks of those marks are left out.
fn is_word_char(c: char) -> bool {
    c == '_' || (c.is_alphanumeric() && !is_combining_mark(c))
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F // combining diacritics
        | 0x0483..=0x0489 // Cyrillic
        | 0x0591..=0x05C7 // Hebrew points
        | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED // Arabic
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 | 0x0962..=0x0963 // Devanagari
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_matches_python_word_runs() {
        assert_eq!(
            tokenize("It's 9:30 — naïve_co-op ²"),
            ["It", "s", "9", "30", "naïve_co", "op", "²"]
        );
        assert_eq!(tokenize("مَرْحَبًا").len(), 5);
    }

    #[test]
    fn shingles_follow_evaluate_py() {
        // Fewer tokens than a shingle: one short shingle.
        assert_eq!(shingles("a b").len(), 1);
        assert_eq!(shingles("").len(), 0);
        assert_eq!(shingles("a b c d e").len(), 2);
        let c = shingle_counts("a b c d e", "a b c d e");
        assert_eq!((c.precision(), c.recall()), (Some(1.0), Some(1.0)));
        let c = shingle_counts("a b c d e", "");
        assert_eq!((c.precision(), c.recall()), (None, Some(0.0)));
        let c = shingle_counts("a b c d e f", "a b c d x");
        assert!((c.tp - 1.0 / 4.0).abs() < 1e-12, "{c:?}");
    }
}
