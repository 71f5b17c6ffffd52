//! `crosscheck export` on a stored corpus (issue #15): annotations whose selectors quote the
//! stored text, ClaimReview drafts, table rows, and a missing database refused.

mod util;

use std::collections::HashMap;

use serde_json::Value;
use util::Fixture;

/// A wire story with curly quotes and an em dash before its findings, so that a byte offset
/// taken for a character offset points elsewhere.
const WIRE: &str = "date 2024-03-05

HARBOURTON — Fire crews fought a blaze at the harbour warehouse for six hours on Tuesday night, the city fire service said, after flames were first seen on the roof shortly after nine. “We were lucky nobody was inside,” fire chief Maria Lopez said. Nobody was hurt, but two hundred tonnes of grain stored inside were lost and the quay stays closed while engineers check the structure for damage.

The warehouse, built in 1932, had been inspected in January. Mayor Tom Reed said the city would pay for repairs. “This quay is the heart of Harbourton,” Reed said.
";

/// The wire story a day later, with a few words changed: a reuse pair.
const COPY: &str = "date 2024-03-06

Fire crews battled a blaze at the harbour storehouse for six hours on Tuesday night, the city fire service said, after flames were first seen on the roof shortly after nine. “We were lucky nobody was inside,” fire chief Maria Lopez said. Nobody was injured, but two hundred tonnes of grain stored inside were lost and the quay stays closed while engineers check the structure for damage.

The warehouse, built in 1932, had been inspected in January. Mayor Tom Reed said the city would pay for repairs. “This quay is the heart of Harbourton,” Reed said. Share this article.
";

/// Independent coverage of the same fire.
const LOCAL: &str = "date 2024-03-06

A fire at the Harbourton harbour warehouse burned for eight hours on Tuesday night. Three hundred tonnes of grain were lost, the port authority said. The warehouse was built in 1932 and the quay remains closed.
";

fn corpus() -> Fixture {
    let fx = Fixture::new();
    fx.create("wire.txt", WIRE);
    fx.create("copy.txt", COPY);
    fx.create("local.txt", LOCAL);
    fx
}

/// Each stored document's text by the IRI the annotations name it with.
fn texts(report: &util::Report) -> HashMap<String, String> {
    report
        .documents
        .iter()
        .map(|d| (format!("urn:crosscheck:document:{}", d.id), d.text.clone()))
        .collect()
}

fn chars(text: &str, a: usize, b: usize) -> String {
    text.chars().skip(a).take(b.saturating_sub(a)).collect()
}

/// Check a resource's quote and position selectors against the stored text.
fn check_selectors(resource: &Value, texts: &HashMap<String, String>) {
    let source = resource["source"].as_str().expect("source");
    let text = texts
        .get(source)
        .unwrap_or_else(|| panic!("unknown source {source}"));
    let quote = &resource["selector"][0];
    let position = &resource["selector"][1];
    assert_eq!(quote["type"], "TextQuoteSelector", "{resource}");
    assert_eq!(position["type"], "TextPositionSelector", "{resource}");
    let start = position["start"].as_u64().expect("start") as usize;
    let end = position["end"].as_u64().expect("end") as usize;
    assert!(start < end, "{resource}");
    assert_eq!(quote["exact"], chars(text, start, end), "{resource}");
    assert_eq!(
        quote["prefix"].as_str().unwrap_or(""),
        chars(text, start.saturating_sub(32), start)
    );
    assert_eq!(
        quote["suffix"].as_str().unwrap_or(""),
        chars(text, end, end + 32)
    );
}

fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).expect("the export was written");
    serde_json::from_str(&text).expect("the export is JSON")
}

#[test]
fn annotations_quote_the_stored_text() {
    let fx = corpus();
    let (run, report) = fx.analyze(&["-q"]);
    assert_eq!(run.code, 0, "{run:#?}");
    let report = report.expect("report");
    let texts = texts(&report);

    let run = fx.run(&[
        "export",
        "annotations",
        "--db",
        "crosscheck.db",
        "-o",
        "annotations.json",
    ]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stderr.contains("exported"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let collection = read_json(&fx.root().join("annotations.json"));
    assert_eq!(collection["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(collection["type"], "AnnotationCollection");
    let items = collection["first"]["items"].as_array().expect("items");
    assert_eq!(collection["total"], items.len());

    let mut selectors = 0;
    for item in items {
        assert_eq!(item["type"], "Annotation");
        assert!(item["id"]
            .as_str()
            .is_some_and(|id| id.starts_with("urn:crosscheck:annotation:")));
        check_selectors(&item["target"], &texts);
        selectors += 1;
        for body in item["body"].as_array().expect("body") {
            if body.get("selector").is_some() {
                check_selectors(body, &texts);
                selectors += 1;
            }
        }
    }
    let motivation = |m: &str| items.iter().filter(|i| i["motivation"] == m).count();
    // The copy reuses the wire story: its passage links to the wire's.
    assert!(motivation("linking") >= 1, "{items:#?}");
    let linking = items
        .iter()
        .find(|i| i["motivation"] == "linking")
        .expect("a reused passage");
    assert_eq!(linking["target"]["source"], "urn:crosscheck:document:copy");
    assert_eq!(linking["body"][1]["source"], "urn:crosscheck:document:wire");
    // "battled" for "fought", "storehouse" for "warehouse": words changed in the copy.
    let substituted: Vec<&str> = items
        .iter()
        .filter(|i| i["motivation"] == "assessing")
        .filter_map(|i| i["target"]["selector"][0]["exact"].as_str())
        .collect();
    assert!(substituted.contains(&"storehouse"), "{substituted:?}");
    // Maria Lopez's words, in both the wire and the copy.
    let lopez = items
        .iter()
        .filter(|i| i["body"][0]["value"] == "Quote attributed to Maria Lopez")
        .count();
    assert_eq!(lopez, 2, "{items:#?}");
    assert!(selectors > items.len());

    // The same database gives the same bytes.
    let again = fx.run(&["export", "annotations", "--db", "crosscheck.db", "-q"]);
    assert_eq!(again.code, 0, "{again:#?}");
    let written = std::fs::read_to_string(fx.root().join("annotations.json")).expect("read");
    assert_eq!(again.stdout, written);
}

#[test]
fn claimreview_drafts_leave_the_verdict_empty() {
    let fx = corpus();
    util::ingest(&fx.db(), &[fx.input()], &["-q"]);

    let run = fx.run(&["export", "claimreview", "--db", "crosscheck.db"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stderr.contains("fill in"), "{}", run.stderr);
    let drafts: Value = serde_json::from_str(&run.stdout).expect("JSON on standard output");
    let drafts = drafts.as_array().expect("an array");
    assert!(!drafts.is_empty());
    for draft in drafts {
        assert_eq!(draft["@context"], "https://schema.org");
        assert_eq!(draft["@type"], "ClaimReview");
        assert!(draft["claimReviewed"]
            .as_str()
            .is_some_and(|c| !c.is_empty()));
        assert_eq!(draft["itemReviewed"]["@type"], "Claim");
        let appearance = draft["itemReviewed"]["appearance"]
            .as_array()
            .expect("appearance");
        assert!(appearance.len() >= 2, "{draft}");
        assert_eq!(draft["reviewRating"]["alternateName"], "");
        assert_eq!(draft["author"]["name"], "");
        // The wire story came out first.
        assert_eq!(
            draft["itemReviewed"]["firstAppearance"]["datePublished"],
            "2024-03-05"
        );
    }

    let run = fx.run(&[
        "export",
        "claimreview",
        "--db",
        "crosscheck.db",
        "--reviewer",
        "Check Desk",
        "--reviewer-url",
        "https://checkdesk.example",
        "-q",
    ]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stderr.is_empty(), "--quiet: {}", run.stderr);
    let drafts: Value = serde_json::from_str(&run.stdout).expect("JSON");
    for draft in drafts.as_array().expect("an array") {
        assert_eq!(draft["author"]["name"], "Check Desk");
        assert_eq!(draft["author"]["url"], "https://checkdesk.example");
    }
}

#[test]
fn table_rows_in_csv_and_jsonl() {
    let fx = corpus();
    util::ingest(&fx.db(), &[fx.input()], &["-q"]);

    let jsonl = fx.run(&["export", "jsonl", "--db", "crosscheck.db", "-q"]);
    assert_eq!(jsonl.code, 0, "{jsonl:#?}");
    assert!(!jsonl.stdout.ends_with("\n\n"), "no blank last line");
    let rows: Vec<Value> = jsonl
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let kinds: Vec<&str> = rows.iter().filter_map(|r| r["kind"].as_str()).collect();
    for kind in ["reuse_pair", "reuse_passage", "quote", "claim"] {
        assert!(kinds.contains(&kind), "no {kind} in {kinds:?}");
    }

    let csv = fx.run(&[
        "export",
        "csv",
        "--db",
        "crosscheck.db",
        "-o",
        "rows.csv",
        "-q",
    ]);
    assert_eq!(csv.code, 0, "{csv:#?}");
    let table = std::fs::read_to_string(fx.root().join("rows.csv")).expect("written");
    assert!(table.starts_with("kind,id,document,"), "{table}");
    assert!(!table.ends_with("\n\n"), "no blank last line");
}

#[test]
fn a_missing_database_is_an_error_not_an_empty_export() {
    let fx = Fixture::new();
    let run = fx.run(&["export", "csv", "--db", "missing.db"]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("no database at missing.db"),
        "{}",
        run.stderr
    );
    assert!(
        !fx.root().join("missing.db").exists(),
        "export must not create the database"
    );
}

#[test]
fn an_empty_database_exports_nothing() {
    let fx = Fixture::new();
    fx.create("empty.txt", "");
    // Reading only an empty file leaves a database with no documents.
    let _ = fx.run(&["ingest", "in", "--db", "crosscheck.db", "-q"]);
    assert!(fx.db().exists());
    let run = fx.run(&[
        "export",
        "annotations",
        "--db",
        "crosscheck.db",
        "-o",
        "a.json",
    ]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.stderr.contains("holds no documents"), "{}", run.stderr);
    assert!(!fx.root().join("a.json").exists());
}
