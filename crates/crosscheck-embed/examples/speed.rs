//! Embedding speed on real sentences: `cargo run --release -p crosscheck-embed --example speed
//! -- MODEL FILE [N]` embeds the first N lines of FILE (one sentence a line) and prints
//! sentences, words and seconds per 1,000 words.

use std::time::Instant;

use crosscheck_embed::{E5Model, Prefix};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(model), Some(file)) = (args.first(), args.get(1)) else {
        return Err("usage: speed MODEL FILE [N]".into());
    };
    let n: usize = args.get(2).map_or(Ok(usize::MAX), |s| s.parse())?;
    let model = E5Model::load(model.as_ref())?;
    let text = std::fs::read_to_string(file)?;
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(n)
        .collect();
    let words: usize = lines.iter().map(|l| l.split_whitespace().count()).sum();
    let started = Instant::now();
    let v = model.embed(&lines, Prefix::Query)?;
    let s = started.elapsed().as_secs_f64();
    let msg = format!(
        "{} sentences, {words} words: {s:.2} s, {:.2} s per 1,000 words (dim {})",
        lines.len(),
        s * 1000.0 / words as f64,
        v.first().map_or(0, Vec::len)
    );
    std::io::Write::write_all(&mut std::io::stderr(), msg.as_bytes())?;
    Ok(())
}
