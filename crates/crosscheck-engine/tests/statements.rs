//! Statements in plain words (report schema 2), on the five seed articles and the demo story:
//! every statement is made of the documents' own words, the annexation dispute names both
//! months and who says each, and no quote is shown in machine-spun wording without its
//! restored words beside it.
//!
//! The seed tests run where ../shared exists (CI) and skip with a message elsewhere.
#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers fail loudly by design

mod util;

use std::collections::HashSet;

use serde_json::Value;

/// Words a statement's template adds to the documents' words: its own, and month names (a
/// statement writes dates out).
#[rustfmt::skip]
const TEMPLATE_WORDS: &[&str] = &[
    "sources", "disagree", "according", "to", "or", "the", "parties", "quoted", "week", "of",
    "and", "another", "value",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
];

/// Lowercase words of `text`: letters, digits and inner apostrophes.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

fn report_of(dir: &std::path::Path) -> Value {
    serde_json::from_str(&util::analyze_all(&[dir]).0).unwrap()
}

/// Every statement's words occur in the documents, or are outlet names, document ids, numbers
/// or the template's own words: nothing is a stem or a comparison key.
fn statements_use_document_words(report: &Value) {
    let mut vocabulary: HashSet<String> = TEMPLATE_WORDS.iter().map(|w| w.to_string()).collect();
    for doc in report["documents"].as_array().unwrap() {
        vocabulary.extend(words(doc["text"].as_str().unwrap()));
        vocabulary.extend(words(doc["id"].as_str().unwrap()));
        if let Some(outlet) = doc["outlet"].as_str() {
            vocabulary.extend(words(outlet));
        }
        if let Some(title) = doc["title"].as_str() {
            vocabulary.extend(words(title));
        }
    }
    let mut checked = 0;
    for section in ["claims", "contradictions", "timeline"] {
        for entry in report[section].as_array().unwrap() {
            let statement = entry["statement"].as_str().unwrap();
            assert!(
                !statement.is_empty(),
                "{section}: empty statement in {entry}"
            );
            for word in words(statement) {
                let number = word.chars().all(|c| c.is_ascii_digit());
                assert!(
                    number || vocabulary.contains(&word),
                    "{section}: “{word}” is not a word of the documents, in: {statement}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "no statements to check");
}

#[test]
fn demo_statements_use_the_documents_words() {
    statements_use_document_words(&report_of(&util::harbour_fire()));
}

#[test]
fn seed_statements_use_the_documents_words() {
    let Some(dir) = util::seeds_dir() else { return };
    statements_use_document_words(&report_of(&dir));
}

#[test]
fn the_annexation_dispute_names_both_months_and_who_says_each() {
    let Some(dir) = util::seeds_dir() else { return };
    let report = report_of(&dir);
    let statements: Vec<&str> = report["contradictions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["statement"].as_str().unwrap())
        .collect();
    let annexed = statements
        .iter()
        .find(|s| s.contains("annexed"))
        .unwrap_or_else(|| panic!("no dispute about the annexation: {statements:?}"));
    let (september, october) = (
        annexed
            .find("September")
            .unwrap_or_else(|| panic!("{annexed}")),
        annexed
            .find("October")
            .unwrap_or_else(|| panic!("{annexed}")),
    );
    // CNN (and two others) say September, 003 says October: each named after its month.
    let cnn = annexed.find("CNN").unwrap_or_else(|| panic!("{annexed}"));
    let axios = annexed.find("003_").unwrap_or_else(|| panic!("{annexed}"));
    assert!(
        september < cnn && cnn < october && october < axios,
        "{annexed}"
    );
}

#[test]
fn spun_quotes_carry_their_restored_or_clean_wording() {
    let Some(dir) = util::seeds_dir() else { return };
    let report = report_of(&dir);
    let spun: HashSet<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rewrite"]["label"] == "spun")
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(spun.len(), 1, "one seed is spun");
    let original: HashSet<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rewrite"]["label"] == "original")
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    let substituted: Vec<&str> = ["successful", "beryllium", "astatine", "connected"].to_vec();
    let mut restored = 0;
    for quote in report["quotes"].as_array().unwrap() {
        let document = quote["document"].as_str().unwrap();
        let text = quote["text"].as_str().unwrap();
        let clean = quote["clean_text"].as_str();
        if original.contains(document) {
            assert!(
                clean.is_none(),
                "an original document's quote needs no clean text: {quote}"
            );
        }
        if !spun.contains(document) {
            continue;
        }
        // A quote that shows a spinner's word must come with its wording put back.
        if words(text)
            .iter()
            .any(|w| substituted.contains(&w.as_str()))
        {
            let clean =
                clean.unwrap_or_else(|| panic!("spun quote without clean wording: {quote}"));
            assert!(
                !words(clean)
                    .iter()
                    .any(|w| substituted.contains(&w.as_str())),
                "still spun: {clean}"
            );
            restored += 1;
        }
    }
    assert!(restored >= 3, "{restored} spun quotes restored");
}

#[test]
fn a_thing_is_not_a_speaker_in_the_seeds() {
    let Some(dir) = util::seeds_dir() else { return };
    let report = report_of(&dir);
    for quote in report["quotes"].as_array().unwrap() {
        let speaker = quote["speaker_name"].as_str().unwrap_or("");
        assert!(!speaker.to_lowercase().ends_with("flag"), "{quote}");
    }
}
