//! Every format on one hand-made report whose texts hold multi-byte characters (curly quotes,
//! an em dash) before the findings, so that counting bytes for characters fails; and whose
//! claim text holds a newline, a comma and a double quote, so that naive CSV fails.

use std::collections::{HashMap, HashSet};

use crosscheck_export::{
    annotations, claim_reviews, export, rows, ExportOptions, Format, Report, Reviewer, RowKind,
    COLUMNS,
};
use serde_json::{json, Value};

const WIRE: &str = "KYIV — Russian forces left Kherson on Friday, officials in “Kyiv” said. \
Zelenskiy said: “This is the beginning of the end of the war.” The region was annexed in \
September, the ministry said.\nA second line, with a comma, and a \"double quote\".";

const COPY: &str = "Ukraine says — Russian forces left Kherson on Friday, officials in “Kyiv” \
said. The region was annexed in October, the ministry said. “It is the start of the end of \
the war,” an official said.";

const WIRE_URL: &str = "https://wire.example/kherson";

/// `[start, end)` in characters of the first `needle` in `text`.
fn span(text: &str, needle: &str) -> [usize; 2] {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    let start = text[..byte].chars().count();
    [start, start + needle.chars().count()]
}

/// Characters `[a, b)` of `text`.
fn chars(text: &str, a: usize, b: usize) -> String {
    text.chars().skip(a).take(b.saturating_sub(a)).collect()
}

const MULTILINE_CLAIM: &str =
    "the ministry said.\nA second line, with a comma, and a \"double quote\".";

fn report() -> Report {
    let passage = "Russian forces left Kherson on Friday, officials in “Kyiv” said.";
    let value = json!({
        "schema": "crosscheck.report/2",
        "documents": [
            {
                "id": "wire", "source": "in/wire.txt", "outlet": "Wire", "published": "2022-11-11",
                "bylines": [], "dateline": "KYIV", "language": "en",
                "title": "Russia leaves Kherson", "text": WIRE, "rewrite": null, "credits": [],
                "sentences": [], "hash": "h-wire", "url": WIRE_URL
            },
            {
                "id": "copy", "source": "in/copy.txt", "outlet": null, "published": "2022-11-12",
                "bylines": [], "dateline": null, "language": "en", "title": null, "text": COPY,
                "rewrite": {
                    "label": "spun", "score": 0.6, "evidence": [],
                    "substitutions": [
                        { "span": span(COPY, "start"), "found": "start", "likely": "beginning" },
                        { "span": span(COPY, "says"), "found": "says", "likely": "states" }
                    ]
                },
                "credits": [], "sentences": [], "hash": "h-copy", "url": null
            }
        ],
        "stories": [{ "id": "s1", "title": "Kherson", "documents": ["wire", "copy"] }],
        "reuse": [{
            "source": "wire", "target": "copy", "relation": "spun", "similarity": 0.8,
            "passages": [{ "source": span(WIRE, passage), "target": span(COPY, passage) }],
            "substitutions": [
                { "target": span(COPY, "start"), "found": "start", "original": "beginning" }
            ],
            "extent": "partial", "direction": "publication_date", "root": "wire"
        }],
        "entities": [],
        "quotes": [
            {
                "id": "q1", "document": "wire",
                "span": span(WIRE, "This is the beginning of the end of the war."),
                "text": "This is the beginning of the end of the war.",
                "speaker": "e1", "speaker_name": "Volodymyr Zelenskiy", "group": "qg1", "drift": []
            },
            {
                "id": "q2", "document": "copy",
                "span": span(COPY, "It is the start of the end of the war,"),
                "text": "It is the start of the end of the war,",
                "speaker": null, "speaker_name": null, "group": "qg1", "drift": ["start"]
            }
        ],
        "claims": [
            {
                "id": "wire#c1", "document": "wire",
                "span": span(WIRE, "The region was annexed in September, the ministry said."),
                "text": "The region was annexed in September, the ministry said.",
                "kind": "date", "subject": "annex: region", "value": "2022-09", "group": "g1",
                "support": ["wire"], "statement": "The region was annexed in September 2022."
            },
            {
                "id": "copy#c1", "document": "copy",
                "span": span(COPY, "The region was annexed in October, the ministry said."),
                "text": "The region was annexed in October, the ministry said.",
                "kind": "date", "subject": "annex: region", "value": "2022-10", "group": "g2",
                "support": ["copy"], "statement": ""
            },
            {
                "id": "wire#c2", "document": "wire", "span": span(WIRE, MULTILINE_CLAIM),
                "text": MULTILINE_CLAIM, "kind": "number", "subject": "line", "value": 2,
                "group": "g3", "support": ["wire", "copy"],
                "statement": "A second line, with a comma, and a \"double quote\"."
            }
        ],
        "contradictions": [{
            "claims": ["wire#c1", "copy#c1"],
            "reason": "Sources disagree on the date of \"annex: region\".",
            "statement": "wire says the region was annexed in September 2022; copy says October."
        }],
        "timeline": [{
            "date": "2022-11-11", "precision": "day", "event": "leave: kherson, russia",
            "documents": ["wire", "copy"],
            "evidence": [{ "document": "wire", "span": span(WIRE, passage) }],
            "statement": "On 11 November 2022, Russian forces left Kherson."
        }],
        "skipped": []
    });
    serde_json::from_value(value).expect("the fixture is a report")
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serialises")
}

/// The text of the document a target's `source` names.
fn text_of(source: &str) -> &'static str {
    match source {
        WIRE_URL => WIRE,
        "urn:crosscheck:document:copy" => COPY,
        other => panic!("unexpected source {other}"),
    }
}

/// Check a resource's two selectors against its document's text; returns `[start, end)`.
fn check_selectors(resource: &Value) -> [usize; 2] {
    let text = text_of(resource["source"].as_str().expect("source is a string"));
    let selectors = resource["selector"]
        .as_array()
        .expect("selector is an array");
    assert_eq!(selectors.len(), 2, "{resource}");
    let quote = &selectors[0];
    let position = &selectors[1];
    assert_eq!(quote["type"], "TextQuoteSelector");
    assert_eq!(position["type"], "TextPositionSelector");
    let start = position["start"].as_u64().expect("start") as usize;
    let end = position["end"].as_u64().expect("end") as usize;
    assert!(start < end && end <= text.chars().count(), "{resource}");
    assert_eq!(quote["exact"], chars(text, start, end), "{resource}");
    let prefix = quote["prefix"].as_str().unwrap_or("");
    let suffix = quote["suffix"].as_str().unwrap_or("");
    assert_eq!(prefix, chars(text, start.saturating_sub(32), start));
    assert_eq!(suffix, chars(text, end, end + 32));
    [start, end]
}

const W3C_MOTIVATIONS: [&str; 13] = [
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
];

mod annotation {
    use super::*;

    fn collection() -> Value {
        let exported = annotations(&report());
        assert!(exported.left_out.is_empty(), "{:?}", exported.left_out);
        to_json(&exported.output)
    }

    fn items(collection: &Value) -> Vec<Value> {
        collection["first"]["items"]
            .as_array()
            .expect("items")
            .clone()
    }

    #[test]
    fn every_selector_quotes_the_characters_at_its_position() {
        let collection = collection();
        let mut checked = 0;
        let mut byte_slicing_differs = false;
        for item in items(&collection) {
            let [start, end] = check_selectors(&item["target"]);
            checked += 1;
            let text = text_of(item["target"]["source"].as_str().unwrap_or_default());
            let exact = item["target"]["selector"][0]["exact"]
                .as_str()
                .unwrap_or("");
            byte_slicing_differs |= text.get(start..end) != Some(exact);
            for body in item["body"].as_array().expect("body is an array") {
                if body.get("selector").is_some() {
                    check_selectors(body);
                    checked += 1;
                }
            }
        }
        assert!(checked >= 9, "checked {checked} selectors");
        // The fixture does what it is for: slicing bytes would have given other text.
        assert!(byte_slicing_differs);
    }

    #[test]
    fn the_collection_and_each_annotation_have_the_required_fields() {
        let collection = collection();
        assert_eq!(collection["@context"], "http://www.w3.org/ns/anno.jsonld");
        assert_eq!(collection["type"], "AnnotationCollection");
        assert!(collection["id"].as_str().is_some_and(|id| id.contains(':')));
        let items = items(&collection);
        assert_eq!(collection["total"], items.len());
        assert_eq!(collection["first"]["type"], "AnnotationPage");
        let mut ids = HashSet::new();
        for item in &items {
            let id = item["id"].as_str().expect("id");
            assert!(id.starts_with("urn:crosscheck:annotation:"), "{id}");
            assert!(ids.insert(id.to_string()), "duplicate id {id}");
            assert_eq!(item["type"], "Annotation");
            let motivation = item["motivation"].as_str().expect("motivation");
            assert!(W3C_MOTIVATIONS.contains(&motivation), "{motivation}");
            assert!(item["target"]["source"].is_string());
            assert!(!item["body"].as_array().expect("body").is_empty());
            for body in item["body"].as_array().expect("body") {
                if let Some(purpose) = body["purpose"].as_str() {
                    assert!(W3C_MOTIVATIONS.contains(&purpose), "{purpose}");
                }
            }
            assert!(item.get("created").is_none(), "no clock in the output");
        }
        // One passage, two words (the word found twice once), two quotes, two sides.
        assert_eq!(items.len(), 7, "{items:#?}");
    }

    /// The text of the first body of the annotations whose target starts at `needle` in `text`.
    fn first_body_at(items: &[Value], source: &str, text: &str, needle: &str) -> Vec<Value> {
        let [start, _] = span(text, needle);
        items
            .iter()
            .filter(|i| i["target"]["source"] == source)
            .filter(|i| i["target"]["selector"][1]["start"] == start)
            .map(|i| i["body"][0].clone())
            .collect()
    }

    #[test]
    fn each_finding_says_what_it_is() {
        let items = items(&collection());
        let copy = "urn:crosscheck:document:copy";

        // The reused passage links to the same words in the source.
        let passage = "Russian forces left Kherson";
        let linking: Vec<&Value> = items
            .iter()
            .filter(|i| i["motivation"] == "linking")
            .collect();
        assert_eq!(linking.len(), 1);
        assert_eq!(linking[0]["target"]["source"], copy);
        let source = &linking[0]["body"][1];
        assert_eq!(source["source"], WIRE_URL);
        assert_eq!(source["purpose"], "linking");
        assert_eq!(source["selector"][1]["start"], span(WIRE, passage)[0]);
        assert!(linking[0]["body"][0]["value"]
            .as_str()
            .is_some_and(|v| v.contains("wire (Wire)") && v.contains("spun")));

        // A word in both the alignment and the rewrite forensics: one annotation, the source's.
        let start = first_body_at(&items, copy, COPY, "start");
        assert_eq!(start.len(), 1);
        assert_eq!(
            start[0]["value"],
            "Likely machine-substituted for “beginning”"
        );
        let says = first_body_at(&items, copy, COPY, "says");
        assert_eq!(says[0]["value"], "Likely machine-substituted for “states”");
        assert_eq!(says[0]["type"], "TextualBody");

        let quote = first_body_at(&items, WIRE_URL, WIRE, "This is the beginning");
        assert_eq!(quote[0]["value"], "Quote attributed to Volodymyr Zelenskiy");
        let unattributed = first_body_at(&items, copy, COPY, "It is the start");
        assert_eq!(unattributed.len(), 1);

        let statement = "wire says the region was annexed in September 2022; copy says October.";
        for (source, text, needle) in [
            (WIRE_URL, WIRE, "The region was annexed in September"),
            (copy, COPY, "The region was annexed in October"),
        ] {
            let side = first_body_at(&items, source, text, needle);
            assert_eq!(side.len(), 1, "{needle}");
            assert_eq!(side[0]["value"], statement);
        }
    }

    #[test]
    fn the_same_report_gives_the_same_bytes() {
        let write = || {
            let mut out = Vec::new();
            export(
                &report(),
                Format::Annotations,
                &ExportOptions::default(),
                &mut out,
            )
            .expect("export");
            out
        };
        assert_eq!(write(), write());
    }

    #[test]
    fn a_span_outside_its_document_is_left_out_not_fatal() {
        let mut report = report();
        report.quotes[0].span = [5, 100_000];
        report.quotes[1].document = "gone".to_string();
        let exported = annotations(&report);
        assert_eq!(exported.left_out.len(), 2, "{:?}", exported.left_out);
        assert!(exported.left_out[0].finding.contains("q1"));
        assert_eq!(exported.output.total, 5);
    }

    #[test]
    fn no_findings_no_page() {
        let mut report = report();
        report.reuse.clear();
        report.quotes.clear();
        report.contradictions.clear();
        for document in &mut report.documents {
            document.rewrite = None;
        }
        let collection = to_json(&annotations(&report).output);
        assert_eq!(collection["total"], 0);
        assert!(collection.get("first").is_none());
    }
}

mod claimreview {
    use super::*;

    fn reviews(reviewer: Option<&Reviewer>) -> Vec<Value> {
        let exported = claim_reviews(&report(), reviewer);
        assert!(exported.left_out.is_empty(), "{:?}", exported.left_out);
        to_json(&exported.output)
            .as_array()
            .expect("an array")
            .clone()
    }

    #[test]
    fn one_draft_per_contradiction_and_per_claim_stated_twice() {
        let reviews = reviews(None);
        assert_eq!(reviews.len(), 2, "{reviews:#?}");
        for review in &reviews {
            assert_eq!(review["@context"], "https://schema.org");
            assert_eq!(review["@type"], "ClaimReview");
            assert!(review["claimReviewed"]
                .as_str()
                .is_some_and(|c| !c.trim().is_empty()));
            let item = &review["itemReviewed"];
            assert_eq!(item["@type"], "Claim");
            let appearance = item["appearance"].as_array().expect("appearance");
            assert_eq!(appearance.len(), 2);
            assert!(appearance.iter().all(|a| a["@type"] == "CreativeWork"));
            // wire was published first.
            assert_eq!(item["firstAppearance"]["url"], WIRE_URL);
            assert_eq!(item["firstAppearance"]["datePublished"], "2022-11-11");
            // For a person to fill: no verdict, no review URL, no author.
            assert_eq!(review["reviewRating"]["@type"], "Rating");
            assert_eq!(review["reviewRating"]["alternateName"], "");
            assert!(review["reviewRating"].get("ratingValue").is_none());
            assert_eq!(review["url"], "");
            assert!(review.get("datePublished").is_none());
            assert_eq!(review["author"]["@type"], "Organization");
            assert_eq!(review["author"]["name"], "");
        }
        assert_eq!(
            reviews[0]["claimReviewed"],
            "wire says the region was annexed in September 2022; copy says October."
        );
        assert_eq!(
            reviews[1]["claimReviewed"],
            "A second line, with a comma, and a \"double quote\"."
        );
        // The copy has no URL: it is named by its id.
        assert_eq!(reviews[0]["itemReviewed"]["appearance"][1]["name"], "copy");
        assert_eq!(
            reviews[0]["itemReviewed"]["appearance"][1]["text"],
            "The region was annexed in October, the ministry said."
        );
    }

    #[test]
    fn the_reviewer_is_the_author() {
        let reviewer = Reviewer {
            name: "Check Desk".to_string(),
            url: Some("https://checkdesk.example".to_string()),
        };
        for review in reviews(Some(&reviewer)) {
            assert_eq!(review["author"]["name"], "Check Desk");
            assert_eq!(review["author"]["url"], "https://checkdesk.example");
            assert_eq!(review["reviewRating"]["alternateName"], "");
        }
        let mut out = Vec::new();
        let options = ExportOptions {
            reviewer: Some(reviewer),
        };
        let summary = export(&report(), Format::ClaimReview, &options, &mut out).expect("export");
        assert_eq!(summary.to_fill, ["url", "reviewRating.alternateName"]);
        let without = export(
            &report(),
            Format::ClaimReview,
            &ExportOptions::default(),
            &mut Vec::new(),
        )
        .expect("export");
        assert!(without.to_fill.contains(&"author.name"));
    }

    #[test]
    fn without_dates_the_first_document_is_the_first_appearance() {
        let mut report = report();
        for document in &mut report.documents {
            document.published = None;
        }
        report.documents.swap(0, 1);
        let reviews = to_json(&claim_reviews(&report, None).output);
        assert_eq!(
            reviews[0]["itemReviewed"]["firstAppearance"]["name"],
            "copy"
        );
    }
}

mod table {
    use super::*;

    #[test]
    fn csv_reads_back_to_the_same_rows() {
        let report = report();
        let expected = rows(&report).output;
        let mut out = Vec::new();
        let summary =
            export(&report, Format::Csv, &ExportOptions::default(), &mut out).expect("export");
        assert_eq!(summary.items, expected.len());

        let mut reader = csv::Reader::from_reader(out.as_slice());
        let headers = reader.headers().expect("headers").clone();
        assert_eq!(headers.iter().collect::<Vec<_>>(), COLUMNS);
        let column: HashMap<&str, usize> =
            COLUMNS.iter().enumerate().map(|(n, c)| (*c, n)).collect();
        let records: Vec<csv::StringRecord> =
            reader.records().collect::<Result<_, _>>().expect("records");
        assert_eq!(records.len(), expected.len());
        for (record, row) in records.iter().zip(&expected) {
            assert_eq!(&record[column["kind"]], row.kind.as_str());
            assert_eq!(&record[column["id"]], row.id);
            assert_eq!(&record[column["text"]], row.text.as_deref().unwrap_or(""));
            assert_eq!(
                &record[column["statement"]],
                row.statement.as_deref().unwrap_or("")
            );
            assert_eq!(&record[column["support"]], row.support.join(";"));
        }
        // The claim with a newline, a comma and a double quote, character for character.
        let tricky = records
            .iter()
            .find(|r| &r[column["id"]] == "wire#c2")
            .expect("the multi-line claim");
        assert_eq!(&tricky[column["text"]], MULTILINE_CLAIM);
        assert_eq!(&tricky[column["kind"]], "claim");
        assert_eq!(&tricky[column["value"]], "2");
        assert_eq!(&tricky[column["support"]], "wire;copy");
        // Spans in characters.
        let [start, end] = span(WIRE, MULTILINE_CLAIM);
        assert_eq!(tricky[column["start"]].parse::<usize>().ok(), Some(start));
        assert_eq!(tricky[column["end"]].parse::<usize>().ok(), Some(end));
    }

    #[test]
    fn rows_cover_every_kind_once_per_finding() {
        let rows = rows(&report()).output;
        let count = |kind: RowKind| rows.iter().filter(|r| r.kind == kind).count();
        assert_eq!(count(RowKind::ReusePair), 1);
        assert_eq!(count(RowKind::ReusePassage), 1);
        assert_eq!(count(RowKind::Substitution), 2);
        assert_eq!(count(RowKind::Quote), 2);
        assert_eq!(count(RowKind::Claim), 3);
        assert_eq!(count(RowKind::Contradiction), 2);
        assert_eq!(count(RowKind::Timeline), 1);
        for row in &rows {
            if let (Some(document), Some(start), Some(end), Some(text)) =
                (&row.document, row.start, row.end, &row.text)
            {
                let full = if document == "wire" { WIRE } else { COPY };
                assert_eq!(*text, chars(full, start, end), "{row:?}");
            }
        }
        let passage = rows
            .iter()
            .find(|r| r.kind == RowKind::ReusePassage)
            .expect("passage");
        let (a, b) = (
            passage.source_start.expect("source_start"),
            passage.source_end.expect("source_end"),
        );
        assert_eq!(chars(WIRE, a, b), passage.text.clone().unwrap_or_default());
        let sides: Vec<_> = rows
            .iter()
            .filter(|r| r.kind == RowKind::Contradiction)
            .collect();
        assert_eq!(sides[0].id, sides[1].id);
    }

    #[test]
    fn every_jsonl_line_is_one_row() {
        let report = report();
        let expected = rows(&report).output;
        let mut out = Vec::new();
        export(&report, Format::Jsonl, &ExportOptions::default(), &mut out).expect("export");
        let text = String::from_utf8(out).expect("UTF-8");
        assert!(text.ends_with('\n'));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), expected.len());
        for (line, row) in lines.iter().zip(&expected) {
            let value: Value = serde_json::from_str(line).expect("each line is JSON");
            assert_eq!(value["kind"], row.kind.as_str());
            for column in COLUMNS {
                assert!(value.get(column).is_some(), "{column} missing in {line}");
            }
            assert_eq!(value["text"], to_json(&row.text));
        }
        let tricky: Value = lines
            .iter()
            .map(|l| serde_json::from_str::<Value>(l).expect("JSON"))
            .find(|v| v["id"] == "wire#c2")
            .expect("the multi-line claim");
        assert_eq!(tricky["text"], MULTILINE_CLAIM);
        assert_eq!(tricky["support"], json!(["wire", "copy"]));
    }
}
