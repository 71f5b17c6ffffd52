//! Times the scorer: `cargo run --release -p crosscheck-lm --example lm_speed -- MODEL.gguf TEXT.txt`.
//! Scores the text's lines one at a time (whole-text pass), then variant batches of one window.
#![allow(clippy::print_stdout)]

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(model), Some(text)) = (args.get(1), args.get(2)) else {
        return Err("usage: lm_speed MODEL.gguf TEXT.txt".into());
    };
    let started = Instant::now();
    let lm = crosscheck_lm::LanguageModel::load(model.as_ref())?;
    println!("load: {:.2} s", started.elapsed().as_secs_f64());
    let text = std::fs::read_to_string(text)?;
    let started = Instant::now();
    let (mut words, mut tokens) = (0, 0);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        words += line.split_whitespace().count();
        tokens += lm.tokenize(line)?.len();
        lm.log_likelihoods(&[line])?;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "full pass: {words} words, {tokens} tokens, {secs:.2} s = {:.2} s per 1,000 words",
        secs * 1000.0 / words.max(1) as f64
    );
    let words: Vec<&str> = text.split_whitespace().collect();
    for n in [6, 24, 96] {
        let t = words[..n].join(" ");
        let started = Instant::now();
        for _ in 0..3 {
            lm.log_likelihoods(&[t.as_str()])?;
        }
        println!(
            "{n} words alone: {:.3} s per call",
            started.elapsed().as_secs_f64() / 3.0
        );
    }
    let base = "Russian troops in the region will retreat from the west bank of the river, an area that includes the city";
    let variants: Vec<String> = ["bank", "slope", "shore", "side", "coast", "edge"]
        .iter()
        .map(|w| base.replace("bank", w))
        .collect();
    let refs: Vec<&str> = variants.iter().map(String::as_str).collect();
    for n in [1, 2, 4, 6] {
        let started = Instant::now();
        let ll = lm.log_likelihoods(&refs[..n])?;
        println!(
            "{n} variants: {:.3} s {ll:?}",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
