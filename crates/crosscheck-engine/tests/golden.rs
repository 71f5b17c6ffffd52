//! The report is pinned: refactoring the engine must not change a byte of it. A deliberate
//! change of the output updates the golden copy (and says why in the commit).
#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers fail loudly by design

mod util;

/// The report of `crosscheck analyze examples/harbour-fire` run from the repository root.
const HARBOUR_FIRE: &str = include_str!("golden/harbour-fire.json");

/// blake3 of the report of `crosscheck analyze ../shared/seeds` run from the repository root
/// (the seeds are third-party articles: the repository keeps a digest, not their text).
const SEEDS_DIGEST: &str = "d8b17d35e8d8d845fbcf15256bfe75af06c75c2f7e3fa0d22cf7d29a7633b28a";

/// The report with the inputs' folder written as it is from the repository root.
fn as_from_root(report: &str, input: &std::path::Path, from_root: &str) -> String {
    report.replace(&input.display().to_string(), from_root)
}

#[test]
fn the_demo_story_report_is_unchanged() {
    let dir = util::harbour_fire();
    let report = as_from_root(&util::analyze_all(&[&dir]).0, &dir, "examples/harbour-fire");
    if report != HARBOUR_FIRE {
        let out = std::env::temp_dir().join("harbour-fire.json");
        std::fs::write(&out, &report).unwrap();
        panic!(
            "the demo story's report changed; the new one is in {} (diff it against tests/golden/harbour-fire.json)",
            out.display()
        );
    }
}

#[test]
fn the_seed_report_is_unchanged() {
    let Some(dir) = util::seeds_dir() else { return };
    let report = as_from_root(&util::analyze_all(&[&dir]).0, &dir, "../shared/seeds");
    let digest = blake3::hash(report.as_bytes()).to_hex().to_string();
    if digest != SEEDS_DIGEST {
        let out = std::env::temp_dir().join("seeds.json");
        std::fs::write(&out, &report).unwrap();
        panic!(
            "the seed report changed (blake3 {digest}); the new one is in {}",
            out.display()
        );
    }
}
