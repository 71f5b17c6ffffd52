//! Appends `ln P(found)` and `ln P(likely)` (unigram) to the rows of a spin bench dump
//! (`--dump FILE`: columns 3 and 4 are found and likely), for tuning the context check.
//!
//! `cargo run --release -p crosscheck-rewrite --example word_frequencies < dump.tsv`
#![allow(clippy::print_stdout)]

use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let analyzer = crosscheck_rewrite::Analyzer::new()?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let cols: Vec<&str> = line.split('\t').collect();
        let f = |i: usize| {
            cols.get(i)
                .and_then(|w| analyzer.word_log_frequency(w))
                .unwrap_or(f32::NAN)
        };
        println!("{line}\t{:.3}\t{:.3}", f(2), f(3));
    }
    Ok(())
}
