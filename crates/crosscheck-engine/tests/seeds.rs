//! The five real seed articles (../shared/seeds): metadata a careful reader finds in each, and
//! clean bodies that lost their boilerplate but none of their sentences.
//!
//! These tests run where ../shared exists (CI) and skip with a message elsewhere.
#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers fail loudly by design

mod util;

use std::path::Path;

use util::seeds_dir;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Report {
    schema: String,
    documents: Vec<Doc>,
    stories: Vec<Story>,
    reuse: Vec<serde_json::Value>,
    entities: Vec<Entity>,
    quotes: Vec<Quote>,
    claims: Vec<Claim>,
    contradictions: Vec<Contradiction>,
    timeline: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct Story {
    documents: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Entity {
    id: String,
    name: String,
    variants: Vec<String>,
    mentions: Vec<Span>,
}

#[derive(Debug, Deserialize)]
struct Span {
    document: String,
    span: [usize; 2],
}

#[derive(Debug, Deserialize)]
struct Quote {
    document: String,
    span: [usize; 2],
    text: String,
    speaker: Option<String>,
    speaker_name: Option<String>,
    group: String,
}

#[derive(Debug, Deserialize)]
struct Claim {
    id: String,
    document: String,
}

#[derive(Debug, Deserialize)]
struct Contradiction {
    claims: Vec<String>,
    reason: String,
}

#[derive(Debug, Deserialize)]
struct Doc {
    id: String,
    source: String,
    outlet: Option<String>,
    published: Option<String>,
    bylines: Vec<String>,
    dateline: Option<String>,
    language: String,
    title: Option<String>,
    text: String,
    credits: Vec<String>,
    sentences: Vec<[usize; 2]>,
    rewrite: Option<Rewrite>,
}

#[derive(Debug, Deserialize)]
struct Rewrite {
    label: String,
    score: f64,
    substitutions: Vec<RewriteSub>,
}

#[derive(Debug, Deserialize)]
struct RewriteSub {
    span: [usize; 2],
    found: String,
    likely: String,
}

fn analyze_seeds(dir: &Path) -> Report {
    serde_json::from_str(&util::analyze_all(&[dir]).0).unwrap()
}

fn doc<'a>(report: &'a Report, prefix: &str) -> &'a Doc {
    report
        .documents
        .iter()
        .find(|d| d.id.starts_with(prefix))
        .unwrap()
}

/// Lines of the raw file a careful reader would not call article body.
const NOT_BODY: &[&str] = &[
    "date 2022-11-15 By Jonathan Landay",
    "date 2022-11-11 Russian troops withdraw from Kherson, says region still part of Russia",
    "CNN —",
    "Kyiv, Ukraine",
    "00:52",
    "A Ukrainian civilian rides a tricycle dressed in Ukrainian flags in Blahodatne, Kherson region on November 11, 2022. © Valentyn Ogirenko, Reuters",
    "With EFE and Reuters",
    "Leave a Reply",
];

#[test]
fn seed_metadata_is_what_a_reader_finds() {
    let Some(dir) = seeds_dir() else { return };
    let report = analyze_seeds(&dir);
    assert_eq!(report.schema, "crosscheck.report/2");
    assert_eq!(report.documents.len(), 5);

    let reuters = doc(&report, "000_");
    assert_eq!(reuters.outlet.as_deref(), Some("Reuters"));
    assert_eq!(reuters.published.as_deref(), Some("2022-11-15"));
    assert_eq!(reuters.bylines, ["Jonathan Landay"]);
    assert_eq!(reuters.dateline.as_deref(), Some("KHERSON, Ukraine"));
    assert_eq!(reuters.title, None);

    let cnn = doc(&report, "001_");
    assert_eq!(cnn.outlet.as_deref(), Some("CNN"));
    assert_eq!(cnn.published, None);
    assert!(cnn.bylines.is_empty());
    assert_eq!(cnn.dateline, None);

    // No outlet, date or byline is given in the text; the agencies it credits are credits.
    let translated = doc(&report, "002_");
    assert_eq!(translated.outlet, None);
    assert_eq!(translated.published, None);
    assert!(translated.bylines.is_empty());
    assert_eq!(translated.credits, ["With EFE and Reuters"]);

    let axios = doc(&report, "003_");
    assert_eq!(axios.published.as_deref(), Some("2022-11-11"));
    assert_eq!(
        axios.title.as_deref(),
        Some("Russian troops withdraw from Kherson, says region still part of Russia")
    );
    assert_eq!(axios.outlet, None, "'per AP' is a citation, not the outlet");
    assert!(axios.bylines.is_empty());

    let kyiv = doc(&report, "004_");
    assert_eq!(kyiv.dateline.as_deref(), Some("Kyiv, Ukraine"));
    assert_eq!(
        kyiv.outlet, None,
        "'geolocated by CNN' does not say who published it"
    );
    assert_eq!(kyiv.published, None);

    for d in &report.documents {
        assert_eq!(d.language, "en", "{}", d.id);
        assert!(d.source.ends_with(".txt"), "{}", d.source);
    }
    // Every contract field is present: `Report` requires each one to deserialize at all.
    let _ = (
        &report.stories,
        &report.entities,
        &report.quotes,
        &report.claims,
        &report.timeline,
    );
    // The five are independent coverage of one event: no document is a copy of another.
    assert!(report.reuse.is_empty(), "{:#?}", report.reuse);
}

#[test]
fn seed_bodies_keep_every_sentence_and_lose_boilerplate() {
    let Some(dir) = seeds_dir() else { return };
    let report = analyze_seeds(&dir);
    for d in &report.documents {
        let raw = std::fs::read_to_string(dir.join(format!("{}.txt", d.id))).unwrap();
        for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if NOT_BODY.contains(&line) {
                let found = d.text.contains(line);
                assert!(!found, "{}: boilerplate kept: {line:?}", d.id);
                continue;
            }
            // The wire lead marker is metadata; the sentence after it is body.
            let line = line
                .strip_prefix("KHERSON, Ukraine (Reuters) – ")
                .unwrap_or(line);
            let line = line.strip_prefix("- ").unwrap_or(line);
            assert!(d.text.contains(line), "{}: body line lost: {line:?}", d.id);
        }
        for marker in ["00:52", "©", "Leave a Reply", "(Reuters) –", "date 2022"] {
            assert!(
                !d.text.contains(marker),
                "{}: {marker:?} left in text",
                d.id
            );
        }
    }
}

#[test]
fn sentence_spans_are_character_offsets_into_text() {
    let Some(dir) = seeds_dir() else { return };
    let report = analyze_seeds(&dir);
    for d in &report.documents {
        let chars: Vec<char> = d.text.chars().collect();
        assert!(
            d.sentences.len() >= 8,
            "{}: only {} sentences",
            d.id,
            d.sentences.len()
        );
        for &[s, e] in &d.sentences {
            assert!(s < e && e <= chars.len(), "{}: bad span {s}..{e}", d.id);
            let sentence: String = chars[s..e].iter().collect();
            assert_eq!(sentence, sentence.trim(), "{}: untrimmed sentence", d.id);
        }
    }
    // A sentence that follows a curly-quoted, accented name must still line up exactly.
    let translated = doc(&report, "002_");
    let chars: Vec<char> = translated.text.chars().collect();
    let sentence_texts: Vec<String> = translated
        .sentences
        .iter()
        .map(|&[s, e]| chars[s..e].iter().collect())
        .collect();
    assert!(
        sentence_texts
            .iter()
            .any(|s| s == "Konashénkov said that his Army did not leave any military pieces abandoned in the evicted region."),
        "{sentence_texts:#?}"
    );
}

#[test]
fn the_spun_seed_is_found_and_the_clean_ones_are_not() {
    let Some(dir) = seeds_dir() else { return };
    let report = analyze_seeds(&dir);
    let rewrite = |prefix: &str| {
        doc(&report, prefix)
            .rewrite
            .as_ref()
            .expect("rewrite runs by default")
    };
    // 001 is the CNN story run through a synonym spinner ("successful" for "in").
    let spun = rewrite("001_");
    assert_eq!(spun.label, "spun");
    for d in &report.documents {
        if !d.id.starts_with("001_") {
            assert!(
                rewrite(&d.id).score < spun.score,
                "{} scores above the spun article",
                d.id
            );
        }
    }
    let restored: Vec<(&str, &str)> = spun
        .substitutions
        .iter()
        .map(|s| (s.found.as_str(), s.likely.as_str()))
        .collect();
    for expected in [
        ("successful", "in"),
        ("astatine", "at"),
        ("volition", "will"),
    ] {
        assert!(
            restored.contains(&expected),
            "{expected:?} not restored: {restored:?}"
        );
    }
    let text: Vec<char> = doc(&report, "001_").text.chars().collect();
    for s in &spun.substitutions {
        assert_eq!(
            text[s.span[0]..s.span[1]].iter().collect::<String>(),
            s.found
        );
    }
    // The Axios (003) and CNN (004) reports are clean reporting.
    assert_eq!(rewrite("003_").label, "original");
    assert_eq!(rewrite("004_").label, "original");
}

fn slice(report: &Report, document: &str, [s, e]: [usize; 2]) -> String {
    let doc = report.documents.iter().find(|d| d.id == document).unwrap();
    doc.text.chars().skip(s).take(e - s).collect()
}

#[test]
fn who_said_what_and_the_facts_hold_together_in_the_report() {
    let Some(dir) = seeds_dir() else { return };
    let report = analyze_seeds(&dir);
    // One story of five.
    assert_eq!(report.stories.len(), 1);
    assert_eq!(report.stories[0].documents.len(), 5);

    // Every span is evidence the user can click through to.
    for entity in &report.entities {
        for m in &entity.mentions {
            let found = slice(&report, &m.document, m.span);
            assert!(
                entity.variants.contains(&found),
                "{found:?} not a variant of {}",
                entity.name
            );
        }
    }
    for quote in &report.quotes {
        assert_eq!(slice(&report, &quote.document, quote.span), quote.text);
        if let Some(speaker) = &quote.speaker {
            let entity = report
                .entities
                .iter()
                .find(|e| &e.id == speaker)
                .expect("speaker is an entity");
            assert_eq!(quote.speaker_name.as_deref(), Some(entity.name.as_str()));
        }
    }
    // The spellings of one man across outlets are one entity.
    let konashenkov = report
        .entities
        .iter()
        .find(|e| e.variants.iter().any(|v| v.contains("Konashaekov")))
        .unwrap();
    assert!(
        konashenkov
            .variants
            .iter()
            .any(|v| v.contains("Konashénkov")),
        "{:?}",
        konashenkov.variants
    );
    // Peskov's "subject of the Russian Federation" is one statement in three outlets.
    let peskov: Vec<&Quote> = report
        .quotes
        .iter()
        .filter(|q| {
            q.text.contains("subject of the Russian Federation")
                || q.text.contains("entity of the Russian Federation")
        })
        .collect();
    assert!(peskov.len() >= 3, "{peskov:#?}");
    assert!(peskov.iter().all(|q| q.group == peskov[0].group));
    // The annexation month is disputed, with claims from both sides.
    let annexation = report
        .contradictions
        .iter()
        .find(|c| c.reason.contains("2022-09") && c.reason.contains("2022-10"))
        .expect("September against October is flagged");
    let docs: Vec<&str> = annexation
        .claims
        .iter()
        .map(|id| {
            report
                .claims
                .iter()
                .find(|c| &c.id == id)
                .unwrap()
                .document
                .as_str()
        })
        .collect();
    assert!(
        docs.iter().any(|d| d.starts_with("003_")) && docs.iter().any(|d| d.starts_with("004_")),
        "{docs:?}"
    );
}

#[test]
fn every_statement_of_the_brief_cites_its_evidence() {
    let Some(dir) = seeds_dir() else { return };
    let brief = util::analyze_all(&[&dir]).1;
    // The story's section only: what follows it (inputs and stages skipped) states no finding.
    let story = brief
        .split("## Story: ")
        .nth(1)
        .expect("the brief has a story section");
    let story = story.split("\n## ").next().unwrap_or(story);
    let mut statements = 0;
    for line in story
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("- "))
    {
        // "- **Speaker**" heads that speaker's quotes, each cited below it.
        if line.starts_with("- No ") || (line.starts_with("- **") && line.ends_with("**")) {
            continue;
        }
        statements += 1;
        // A citation names a document of the run and a character span.
        assert!(
            line.contains("[`00") && line.contains('–'),
            "uncited statement: {line}"
        );
    }
    assert!(statements >= 20, "{story}");
    for heading in [
        "### What happened",
        "### What the sources dispute",
        "### Who said what",
        "### Who copied whom",
        "### Timeline",
    ] {
        assert!(story.contains(heading), "missing {heading}");
    }
    assert!(
        story.contains("reads as spun"),
        "the spun article is named in the brief"
    );
}
