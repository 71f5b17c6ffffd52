//! Print the rewrite analysis of each file named on the command line.
//!
//! `cargo run --release -p crosscheck-rewrite --example rewrite -- FILE...`
#![allow(clippy::print_stdout, clippy::print_stderr)]

fn main() {
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) => {
                eprintln!("{path}: {err}");
                continue;
            }
        };
        let report = crosscheck_rewrite::analyze(&text);
        println!(
            "{path}: {} score {:.3}, {} substitutions over {} words",
            report.label,
            report.score,
            report.substitutions.len(),
            report.words_scored
        );
        for s in &report.substitutions {
            println!(
                "  {:>6}  {} -> {}  ({:.1})",
                s.range.start(),
                s.found,
                s.likely,
                s.margin
            );
        }
        for e in &report.evidence {
            println!("  {:>6}  {}", e.range.start(), e.note);
        }
    }
}
