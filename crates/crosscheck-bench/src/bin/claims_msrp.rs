//! False contradictions on paraphrases: MSRP pairs that mean the same must not be flagged.
//!
//! ```text
//! cargo run --release -p crosscheck-bench --bin claims_msrp [DATA_DIR] [--show N]
//! ```
//!
//! Reads `DATA_DIR/msrp/msr_paraphrase_{train,test}.txt` (5,801 news sentence pairs from the
//! web, each judged paraphrase or not by two annotators). Each pair becomes two undated
//! documents put in one story, and the whole fact pipeline runs on them (claims, grouping,
//! comparison). A pair is *flagged* when it yields at least one contradiction.
//!
//! Pairs counted: gold paraphrases in which at least one sentence states a number or a date
//! (a digit, a month name or a weekday name). Their false-positive rate, flagged / counted, is
//! the figure the floor (2%) is about. Also reported: the stricter subset in which both
//! sentences yield a number or date claim (the pairs where a contradiction is possible at
//! all), and, for reference, how often non-paraphrase pairs are flagged (MSRP negatives are
//! mostly different statements about one story, some with genuinely different figures).
//!
//! `--show N` prints N flagged paraphrase pairs with the reason given.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use crosscheck::ingest::{build_from_text, IngestOptions};
use crosscheck_facts::{ClaimKind, FactsBuilder, Story};
use rayon::prelude::*;

struct Pair {
    paraphrase: bool,
    a: String,
    b: String,
}

struct Outcome {
    paraphrase: bool,
    states: bool,
    both_claim: bool,
    flagged: Vec<String>,
}

fn main() -> Result<()> {
    let data = crosscheck_bench::data_dir();
    let args: Vec<String> = std::env::args().collect();
    let show: usize = args
        .iter()
        .position(|a| a == "--show")
        .and_then(|i| args.get(i + 1))
        .map(|n| n.parse())
        .transpose()
        .context("--show takes a number")?
        .unwrap_or(0);
    let dir = data.join("msrp");
    let mut pairs = read(&dir.join("msr_paraphrase_train.txt"))?;
    pairs.extend(read(&dir.join("msr_paraphrase_test.txt"))?);
    let analyzer = FactsBuilder::new().build();
    let start = Instant::now();
    let outcomes: Vec<Outcome> = pairs
        .par_iter()
        .map(|p| {
            let opts = IngestOptions::default();
            let docs = match (
                build_from_text("a", &p.a, &opts),
                build_from_text("b", &p.b, &opts),
            ) {
                (Ok(a), Ok(b)) => vec![a, b],
                _ => {
                    return Outcome {
                        paraphrase: p.paraphrase,
                        states: false,
                        both_claim: false,
                        flagged: Vec::new(),
                    }
                }
            };
            let story = Story {
                id: "s1".to_string(),
                title: String::new(),
                documents: vec![0, 1],
                central: 0,
            };
            let facts = analyzer.analyze_stories(&docs, vec![story]);
            let has_claim = |d: usize| {
                facts.claims.iter().any(|c| {
                    c.document == d && matches!(c.kind, ClaimKind::Number | ClaimKind::Date)
                })
            };
            Outcome {
                paraphrase: p.paraphrase,
                states: states_number_or_date(&p.a) || states_number_or_date(&p.b),
                both_claim: has_claim(0) && has_claim(1),
                flagged: facts
                    .contradictions
                    .iter()
                    .map(|c| c.reason.clone())
                    .collect(),
            }
        })
        .collect();
    let elapsed = start.elapsed();
    let count = |f: &dyn Fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    let pos = count(&|o| o.paraphrase && o.states);
    let pos_flagged = count(&|o| o.paraphrase && o.states && !o.flagged.is_empty());
    let strict = count(&|o| o.paraphrase && o.both_claim);
    let strict_flagged = count(&|o| o.paraphrase && o.both_claim && !o.flagged.is_empty());
    let neg = count(&|o| !o.paraphrase && o.states);
    let neg_flagged = count(&|o| !o.paraphrase && o.states && !o.flagged.is_empty());
    let rate = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!(
        "MSRP: {} pairs in {:.1} s",
        pairs.len(),
        elapsed.as_secs_f64()
    );
    println!("\n| pairs | counted | flagged | rate |\n|---|---|---|---|");
    println!(
        "| paraphrase, a number or date stated | {pos} | {pos_flagged} | {:.2}% |",
        rate(pos_flagged, pos)
    );
    println!(
        "| paraphrase, number or date claims on both sides | {strict} | {strict_flagged} | {:.2}% |",
        rate(strict_flagged, strict)
    );
    println!(
        "| not paraphrase, a number or date stated (reference) | {neg} | {neg_flagged} | {:.2}% |",
        rate(neg_flagged, neg)
    );
    if show > 0 {
        println!("\nflagged paraphrase pairs:");
        for (p, o) in pairs
            .iter()
            .zip(&outcomes)
            .filter(|(_, o)| o.paraphrase && !o.flagged.is_empty())
            .take(show)
        {
            println!("\n  A: {}\n  B: {}", p.a, p.b);
            for r in &o.flagged {
                println!("  -> {r}");
            }
        }
    }
    Ok(())
}

fn states_number_or_date(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    s.chars().any(|c| c.is_ascii_digit())
        || s.split(|c: char| !c.is_alphabetic()).any(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && WORDS.contains(&w.to_lowercase().as_str())
        })
}

fn read(path: &Path) -> Result<Vec<Pair>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 {
            continue;
        }
        out.push(Pair {
            paraphrase: cols[0].trim_start_matches('\u{feff}') == "1",
            a: cols[3].to_string(),
            b: cols[4].to_string(),
        });
    }
    if out.is_empty() {
        bail!("no pairs in {}", path.display());
    }
    Ok(out)
}
