//! `crosscheck store copy`: a corpus moved to another store is the same corpus.
#![allow(clippy::unwrap_used)] // test helpers fail loudly by design

mod util;

use util::Fixture;

#[test]
fn a_copied_store_exports_the_same_findings_and_a_second_copy_adds_nothing() {
    let fx = Fixture::new();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/harbour-fire");
    let ingest = fx.run(&["ingest", demo.to_str().unwrap(), "--db", "a.db", "-q"]);
    assert_eq!(ingest.code, 0, "{ingest:#?}");

    let copy = fx.run(&["store", "copy", "--from", "a.db", "--to", "b.db", "--json"]);
    assert_eq!(copy.code, 0, "{copy:#?}");
    let summary: serde_json::Value = serde_json::from_str(copy.stdout.trim()).unwrap();
    assert_eq!(summary["documents"], 5);
    assert_eq!(summary["copied"], 5);
    assert_eq!(summary["missing"], 0);
    assert_eq!(summary["pairs_missing"], 0);

    let export = |db: &str| {
        let run = fx.run(&["export", "csv", "--db", db, "-q"]);
        assert_eq!(run.code, 0, "{run:#?}");
        run.stdout
    };
    assert_eq!(
        export("a.db"),
        export("b.db"),
        "the same findings from both stores"
    );

    let again = fx.run(&["store", "copy", "--from", "a.db", "--to", "b.db", "--json"]);
    assert_eq!(again.code, 0, "{again:#?}");
    let summary: serde_json::Value = serde_json::from_str(again.stdout.trim()).unwrap();
    assert_eq!(
        (
            summary["copied"].as_u64(),
            summary["already_there"].as_u64()
        ),
        (Some(0), Some(5))
    );

    let missing = fx.run(&["store", "copy", "--from", "nope.db", "--to", "c.db"]);
    assert_eq!(missing.code, 2);
    assert!(
        !fx.root().join("c.db").exists(),
        "a failed copy makes no target"
    );
    let same = fx.run(&["store", "copy", "--from", "a.db", "--to", "a.db"]);
    assert_eq!(same.code, 2);
}
