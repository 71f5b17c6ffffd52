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

#[test]
fn the_store_comes_from_crosscheck_db_and_a_password_never_shows() {
    let fx = Fixture::new();
    fx.create("a.txt", util::article_text("Alpha"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["ingest", "in", "-q"])
        .env("CROSSCHECK_DB", "from-env.db")
        .current_dir(fx.root())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(
        fx.root().join("from-env.db").is_file(),
        "CROSSCHECK_DB names the store"
    );
    assert!(!fx.db().exists(), "the default file is not made");

    // A server URL that cannot be reached: the error names the server, never the password.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args([
            "export",
            "csv",
            "--db",
            "postgres://desk:s3cr3t@127.0.0.1:1/news",
        ])
        .current_dir(fx.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("desk:***@127.0.0.1:1/news"), "{stderr}");
    assert!(!stderr.contains("s3cr3t"), "{stderr}");
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["ingest", "--help"])
        .env("CROSSCHECK_DB", "postgres://desk:s3cr3t@db/news")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains("s3cr3t"));
}
