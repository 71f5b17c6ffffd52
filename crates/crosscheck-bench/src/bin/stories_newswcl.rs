//! Story clustering scored against gold events: NewsWCL50 and a mix of Reuters-21578 stories.
//!
//! ```text
//! cargo run --release -p crosscheck-bench --bin stories_newswcl [DATA_DIR] [--sweep] [--threshold T] [--terms K] [--names W]
//! ```
//!
//! **NewsWCL50** (`DATA_DIR/newswcl50/output_data/NewsWCL50.conll`): 10 events × 5 US outlets
//! (left to right), given as CoNLL tokens. Each document is rebuilt as text (tokens joined,
//! punctuation attached, one sentence per line) and ingested like any plain-text article; the
//! gold story is the event number in the document id (`3_LL` is event 3). Several events share
//! a topic (two North Korea events, two Iran events, three on Trump and the Russia inquiry),
//! which is what makes it a test of "same event", not "same topic".
//!
//! **Reuters-21578 mix** (`DATA_DIR/reuters21578/reut2-*.sgm`): Reuters has topic labels, not
//! event labels, so the gold stories are six (topic, place) pairs that each follow one
//! real-world event in March 1987, restricted to the event's three weeks: the Ecuador
//! earthquake halting oil exports (crude, ecuador), the ICCO cocoa buffer-stock talks in London
//! (cocoa, uk), the rubber pact conference in Geneva (rubber, switzerland), the Brazilian
//! seamen's strike (ship, brazil), Colombia's coffee policy after the failed ICO talks (coffee,
//! colombia) and the tin pact extension (tin, uk). Documents must carry exactly that one topic
//! and that one place. The labels are coarser than events (the Brazil set also holds a bank
//! workers' strike), so this score is a lower bound.
//!
//! Each corpus is clustered in batch ([`cluster_stories`]) and incrementally ([`StoryIndex`])
//! in three orders (as given, reversed, shuffled with a fixed seed). `--sweep` prints B-cubed
//! F1 and ARI over thresholds for the batch run (the calibration of the default).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use crosscheck::ingest::{build_from_text, IngestOptions};
use crosscheck::Document;
use crosscheck_facts::{cluster_stories, clustering_scores, StoryIndex, StoryOptions};

fn main() -> Result<()> {
    let data = crosscheck_bench::data_dir();
    let args: Vec<String> = std::env::args().collect();
    let sweep = args.iter().any(|a| a == "--sweep");
    let mut options = StoryOptions::default();
    if let Some(t) = args
        .iter()
        .position(|a| a == "--threshold")
        .and_then(|i| args.get(i + 1))
    {
        options.threshold = t.parse().context("--threshold takes a number")?;
    }
    if let Some(t) = args
        .iter()
        .position(|a| a == "--terms")
        .and_then(|i| args.get(i + 1))
    {
        options.max_terms = t.parse().context("--terms takes a number")?;
    }
    if let Some(t) = args
        .iter()
        .position(|a| a == "--names")
        .and_then(|i| args.get(i + 1))
    {
        options.name_weight = t.parse().context("--names takes a number")?;
    }
    let (docs, gold) = newswcl(&data.join("newswcl50/output_data/NewsWCL50.conll"))?;
    println!(
        "## NewsWCL50: {} documents, {} events",
        docs.len(),
        count(&gold)
    );
    report(&docs, &gold, &options);
    if sweep {
        sweep_table(&docs, &gold, &options);
    }
    let (docs, gold) = reuters_mix(&data.join("reuters21578"))?;
    println!(
        "\n## Reuters-21578 mix: {} documents, {} stories",
        docs.len(),
        count(&gold)
    );
    report(&docs, &gold, &options);
    if sweep {
        sweep_table(&docs, &gold, &options);
    }
    Ok(())
}

/// B-cubed F1 and ARI of the batch run over thresholds 0.04-0.40.
fn sweep_table(docs: &[Document], gold: &[usize], options: &StoryOptions) {
    println!("\n| threshold | B³ F1 | ARI | stories |\n|---|---|---|---|");
    for step in 2..=20 {
        let threshold = f64::from(step) * 0.02;
        let options = StoryOptions {
            threshold,
            ..options.clone()
        };
        let stories = cluster_stories(docs, &options);
        let predicted = labels(docs.len(), stories.iter().map(|s| s.documents.clone()));
        let s = clustering_scores(&predicted, gold);
        println!(
            "| {threshold:.2} | {:.3} | {:.3} | {} |",
            s.bcubed_f1,
            s.ari,
            stories.len()
        );
    }
}

fn count(gold: &[usize]) -> usize {
    let mut g = gold.to_vec();
    g.sort_unstable();
    g.dedup();
    g.len()
}

fn labels(n: usize, clusters: impl Iterator<Item = Vec<usize>>) -> Vec<usize> {
    let mut out = vec![usize::MAX; n];
    for (c, members) in clusters.enumerate() {
        for d in members {
            out[d] = c;
        }
    }
    out
}

fn report(docs: &[Document], gold: &[usize], options: &StoryOptions) {
    let index = StoryIndex::new(options.clone());
    let mut sizes: Vec<usize> = docs.iter().map(|d| index.terms(d).counts.len()).collect();
    sizes.sort_unstable();
    println!(
        "\ndistinct terms per document: median {}",
        sizes.get(sizes.len() / 2).copied().unwrap_or(0)
    );
    println!("\n| run | B³ precision | B³ recall | B³ F1 | ARI | stories | time |\n|---|---|---|---|---|---|---|");
    let start = Instant::now();
    let stories = cluster_stories(docs, options);
    let elapsed = start.elapsed();
    let predicted = labels(docs.len(), stories.iter().map(|s| s.documents.clone()));
    row(
        "batch (average link)",
        &predicted,
        gold,
        stories.len(),
        elapsed,
    );
    let n = docs.len();
    let mut shuffled: Vec<usize> = (0..n).collect();
    // A fixed-seed Fisher-Yates shuffle (xorshift), so the run is reproducible.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        shuffled.swap(i, j);
    }
    let orders = [
        ("given order", (0..n).collect::<Vec<_>>()),
        ("reversed", (0..n).rev().collect()),
        ("shuffled", shuffled),
    ];
    for (name, order) in &orders {
        let start = Instant::now();
        let mut index = StoryIndex::new(options.clone());
        let mut predicted = vec![0usize; n];
        for &d in order {
            let a = index.add(&docs[d]);
            predicted[d] = a.story;
        }
        let elapsed = start.elapsed();
        let name = format!("incremental, {name}");
        row(&name, &predicted, gold, index.story_count(), elapsed);
    }
    // What `crosscheck ingest` does: documents arrive in rounds; each round is clustered in
    // batch, and each of its clusters joins a stored story or starts one as a group.
    for round in [5, 10] {
        for (name, order) in &orders {
            let start = Instant::now();
            let mut index = StoryIndex::new(options.clone());
            let mut predicted = vec![0usize; n];
            for chunk in order.chunks(round) {
                let round_docs: Vec<Document> = chunk.iter().map(|&d| docs[d].clone()).collect();
                for group in cluster_stories(&round_docs, options) {
                    let terms = group
                        .documents
                        .iter()
                        .map(|&i| index.terms(&round_docs[i]))
                        .collect();
                    for (&i, a) in group.documents.iter().zip(index.add_group(terms)) {
                        predicted[chunk[i]] = a.story;
                    }
                }
            }
            let elapsed = start.elapsed();
            let name = format!("rounds of {round}, {name}");
            row(&name, &predicted, gold, index.story_count(), elapsed);
        }
    }
    println!("\nbatch stories:");
    for s in &stories {
        let golds: Vec<usize> = s.documents.iter().map(|&d| gold[d]).collect();
        println!(
            "  {} {:?} gold {:?}: {}",
            s.id,
            s.documents.len(),
            golds,
            s.title
        );
    }
}

fn row(
    name: &str,
    predicted: &[usize],
    gold: &[usize],
    stories: usize,
    elapsed: std::time::Duration,
) {
    let s = clustering_scores(predicted, gold);
    println!(
        "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {stories} | {:.0} ms |",
        s.bcubed_precision,
        s.bcubed_recall,
        s.bcubed_f1,
        s.ari,
        elapsed.as_secs_f64() * 1000.0
    );
}

/// NewsWCL50 documents rebuilt from CoNLL tokens, with their event numbers.
fn newswcl(path: &Path) -> Result<(Vec<Document>, Vec<usize>)> {
    let conll =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    // doc id -> sentences -> tokens, in file order.
    let mut docs: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for line in conll.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            continue;
        }
        let id = cols[0].rsplit('/').next().unwrap_or(cols[0]).to_string();
        let sent: usize = cols[1].parse().unwrap_or(0);
        if docs.last().is_none_or(|(d, _)| *d != id) {
            docs.push((id.clone(), Vec::new()));
        }
        let Some((_, sents)) = docs.last_mut() else {
            continue;
        };
        while sents.len() <= sent {
            sents.push(Vec::new());
        }
        sents[sent].push(cols[3].to_string());
    }
    if docs.is_empty() {
        bail!("no documents in {}", path.display());
    }
    let mut out = Vec::with_capacity(docs.len());
    let mut gold = Vec::with_capacity(docs.len());
    for (id, sents) in docs {
        let text: Vec<String> = sents
            .iter()
            .filter(|s| !s.is_empty())
            .take(lead_sentences())
            .map(|s| detokenize(s))
            .collect();
        let doc = build_from_text(&id, &text.join("\n"), &IngestOptions::default())
            .map_err(|e| anyhow::anyhow!("{id}: {e}"))?;
        let event: usize = id
            .split('_')
            .next()
            .unwrap_or("0")
            .parse()
            .context("event number")?;
        out.push(doc);
        gold.push(event);
    }
    Ok((out, gold))
}

/// How many sentences of each NewsWCL50 document to keep (`--lead N`; all by default): short
/// leads stand in for the short wire items other corpora are made of.
fn lead_sentences() -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--lead")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

/// Tokens back to text: no space before closing punctuation and clitics, none after openers.
fn detokenize(tokens: &[String]) -> String {
    let mut out = String::new();
    let mut no_space_next = true;
    for t in tokens {
        let closer = matches!(
            t.as_str(),
            "," | "."
                | ";"
                | ":"
                | "!"
                | "?"
                | ")"
                | "]"
                | "%"
                | "'s"
                | "n't"
                | "'re"
                | "'ve"
                | "'ll"
                | "'d"
                | "’s"
        );
        if !out.is_empty() && !closer && !no_space_next {
            out.push(' ');
        }
        out.push_str(t);
        no_space_next = matches!(t.as_str(), "(" | "[" | "$" | "``" | "“");
    }
    out
}

/// The Reuters stories: (topic, place, first day, last day) of each gold event, March 1987.
const REUTERS_EVENTS: &[(&str, &str, u32, u32)] = &[
    ("crude", "ecuador", 5, 25),
    ("cocoa", "uk", 13, 31),
    ("rubber", "switzerland", 8, 28),
    ("ship", "brazil", 4, 25),
    ("coffee", "colombia", 3, 24),
    ("tin", "uk", 10, 31),
];

fn reuters_mix(dir: &Path) -> Result<(Vec<Document>, Vec<usize>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sgm"))
        .collect();
    files.sort();
    let mut docs = Vec::new();
    let mut gold = Vec::new();
    for file in files {
        let bytes = std::fs::read(&file)?;
        let sgml = String::from_utf8_lossy(&bytes);
        for element in sgml.split("<REUTERS ").skip(1) {
            let topics = tags(between(element, "<TOPICS>", "</TOPICS>").unwrap_or(""));
            let places = tags(between(element, "<PLACES>", "</PLACES>").unwrap_or(""));
            let (Some(date), Some(body)) = (
                between(element, "<DATE>", "</DATE>"),
                between(element, "<BODY>", "</BODY>"),
            ) else {
                continue;
            };
            if topics.len() != 1 || places.len() != 1 {
                continue;
            }
            let Some(event) = REUTERS_EVENTS
                .iter()
                .position(|(t, p, _, _)| *t == topics[0] && *p == places[0])
            else {
                continue;
            };
            // "6-MAR-1987 10:02:00.00"
            let mut parts = date.trim().split(['-', ' ']);
            let (Some(day), Some(month), Some(year)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let Ok(day) = day.parse::<u32>() else {
                continue;
            };
            let (_, _, first, last) = REUTERS_EVENTS[event];
            if month != "MAR" || year != "1987" || day < first || day > last {
                continue;
            }
            let newid = element
                .split("NEWID=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("0");
            let body = body
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
                .replace("&#3;", "");
            let body = body.trim_end().trim_end_matches("Reuter").trim_end();
            let text = format!("date 1987-03-{day:02}\n\n{body}");
            let doc = build_from_text(
                &format!("reuters-{newid}"),
                &text,
                &IngestOptions::default(),
            )
            .map_err(|e| anyhow::anyhow!("{newid}: {e}"))?;
            docs.push(doc);
            gold.push(event);
        }
    }
    if docs.is_empty() {
        bail!("no Reuters documents selected in {}", dir.display());
    }
    Ok((docs, gold))
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let end = s[start..].find(close)? + start;
    Some(&s[start..end])
}

fn tags(s: &str) -> Vec<&str> {
    s.split("<D>")
        .skip(1)
        .filter_map(|t| t.split("</D>").next())
        .collect()
}
