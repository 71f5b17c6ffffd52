//! Flags map to what the engine runs: `--only`, `--json`, `--quiet`.
#![allow(clippy::unwrap_used)] // test helpers fail loudly by design

mod util;

use util::Fixture;

#[test]
fn only_ingest_skips_every_analysis() {
    let fx = Fixture::new();
    fx.create("a.txt", util::article_text("Alpha"));
    fx.create("b.txt", util::article_text("Alpha"));
    fx.create("c.txt", util::article_text("Gamma"));
    let (run, report) = fx.analyze(&["--only", "ingest", "-q"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stderr.is_empty(),
        "--quiet prints nothing: {}",
        run.stderr
    );
    let report = report.unwrap();
    // a and b are one article: the second is a duplicate within the input.
    assert_eq!(report.documents.len(), 2);
    assert!(report.reuse.is_empty() && report.quotes.is_empty() && report.claims.is_empty());
}

#[test]
fn ingest_json_prints_the_summary_as_one_object() {
    let fx = Fixture::new();
    fx.create("a.txt", util::article_text("Alpha"));
    let run = fx.run(&["ingest", "in", "--db", "crosscheck.db", "--json"]);
    assert_eq!(run.code, 0, "{run:#?}");
    let summary: util::Summary = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!((summary.documents, summary.new), (1, 1));
}
