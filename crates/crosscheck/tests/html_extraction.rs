//! HTML ingest end to end: realistic news pages in `tests/fixtures/html/` go through the same
//! path as `crosscheck analyze page.html` (charset decoding, main-content extraction, boilerplate
//! cleaning); the body must be there, the page chrome must not, and the metadata must say where
//! it came from. A last test scores the whole article-extraction-benchmark when
//! `../shared/data` is present.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use crosscheck::ingest::{build_from_html, read_file, IngestOptions, InputFile};
use crosscheck::{Document, Origin, Sourced};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/html")
        .join(name)
}

/// Ingest one file as the CLI would; panics on anything but exactly one document.
fn ingest(path: &Path) -> Document {
    let file = InputFile {
        size: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        path: path.to_path_buf(),
        modified: 0,
        explicit: true,
    };
    let mut docs = Vec::new();
    read_file(&file, &IngestOptions::default(), &mut |item| {
        docs.push(item.unwrap_or_else(|e| panic!("{e}")))
    });
    assert_eq!(docs.len(), 1, "{}", path.display());
    docs.remove(0)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a YYYY-MM-DD date")
}

fn value(field: &Option<Sourced<String>>) -> Option<(&str, Origin)> {
    field.as_ref().map(|s| (s.value.as_str(), s.origin))
}

fn bylines(doc: &Document) -> Vec<&str> {
    doc.meta.bylines.iter().map(|b| b.value.as_str()).collect()
}

fn assert_contains_all(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "missing {w:?} in body:\n{text}");
    }
}

fn assert_contains_none(text: &str, unwanted: &[&str]) {
    for u in unwanted {
        assert!(!text.contains(u), "page chrome {u:?} in body:\n{text}");
    }
}

#[test]
fn news_page_body_without_chrome() {
    let doc = ingest(&fixture("river-ledger-dam.html"));
    assert_contains_all(
        &doc.text,
        &[
            "Engineers finished rebuilding the spillway of the Harwick Dam three weeks ahead of schedule",
            "The repairs replaced 40 metres of cracked concrete",
            "\"We had a narrow window and the weather held,\" said Miriam Okafor",
            "The project cost 4.2 million dollars",
            "Residents of Lower Harwick, who had faced a 25-minute detour",
            "plans a full inspection of the dam's main wall next spring.",
        ],
    );
    assert_contains_none(
        &doc.text,
        &[
            "cookies",
            "Accept all",
            "Subscribe for",
            "Search the Ledger",
            "Council delays vote",
            "Reservoir levels fall",
            "Most read",
            "Harwick FC",
            "Morning Ledger",
            "Copy link",
            "Share this article",
            "Advertisement",
            "About time!",
            "under budget for once",
            "Leave a Reply",
            "All rights reserved",
            "Privacy policy",
            // The headline and dek are metadata, not body; the photo caption is boilerplate.
            "Dam spillway repairs finish early",
            "Water runs over the rebuilt spillway",
        ],
    );
    // One paragraph per <p>, separated by a blank line.
    assert!(doc.text.starts_with("Engineers finished"), "{}", doc.text);
    assert_eq!(doc.text.split("\n\n").count(), 6, "{}", doc.text);
}

#[test]
fn news_page_metadata_from_markup() {
    let doc = ingest(&fixture("river-ledger-dam.html"));
    let meta = &doc.meta;
    assert_eq!(
        value(&meta.title),
        Some((
            "Dam spillway repairs finish early, engineers say",
            Origin::HtmlMeta
        ))
    );
    assert_eq!(
        value(&meta.outlet),
        Some(("The River Ledger", Origin::HtmlMeta))
    );
    // JSON-LD people, not the "By ... Staff Writers" meta, nor the Facebook page.
    assert_eq!(bylines(&doc), ["Jane Doe", "John Roe"]);
    assert!(meta.bylines.iter().all(|b| b.origin == Origin::HtmlMeta));
    // Published, not modified (11-17), not the build date or copyright year in the page (2024).
    assert_eq!(
        meta.published,
        Some(Sourced::new(date("2022-11-15"), Origin::HtmlMeta))
    );
    assert_eq!(value(&meta.language), Some(("en", Origin::HtmlMeta)));
    assert_eq!(
        meta.url.as_deref(),
        Some("https://www.riverledger.example/news/harwick-dam-spillway-repairs")
    );
}

#[test]
fn page_without_a_date_has_no_publication_date() {
    // Dated comments, dated sidebar links, a copyright year and archive URLs, but no date for
    // the article itself: published stays empty rather than borrowing any of them.
    let doc = ingest(&fixture("quiet-valley-no-date.html"));
    assert_eq!(doc.meta.published, None);
    assert_contains_all(
        &doc.text,
        &[
            "For the first time in a decade, walkers can follow the old mill trail",
            "\"Half of us had never held a saw before we started,\" said Peter Lund",
            "The parish council has paid for new signposts",
        ],
    );
    assert_contains_none(
        &doc.text,
        &[
            "cookies",
            "Stories from the hills",
            "Share this",
            "Tagged",
            "Harvest fair",
            "Walked it on Sunday",
            "Leave a Reply",
            "Recent Posts",
            "Archives",
            "Proudly powered",
        ],
    );
    assert_eq!(
        value(&doc.meta.title),
        Some(("Volunteers restore the old mill trail", Origin::HtmlMeta))
    );
    assert_eq!(bylines(&doc), ["Maria Lopez"]);
    // No site name in the markup and no URL: no outlet, rather than a guess.
    assert_eq!(doc.meta.outlet, None);
    // No `lang` attribute: the language is identified from the text.
    assert_eq!(value(&doc.meta.language), Some(("en", Origin::Detected)));
}

#[test]
fn url_gives_date_and_outlet_only_when_the_markup_does_not() {
    let page = std::fs::read_to_string(fixture("quiet-valley-no-date.html")).unwrap();
    let options = IngestOptions::default();
    let dated = build_from_html(
        "mill-trail",
        &page,
        Some("https://www.quietvalley.example/2023/10/01/old-mill-trail/"),
        &options,
    )
    .unwrap();
    assert_eq!(
        dated.meta.published,
        Some(Sourced::new(date("2023-10-01"), Origin::Url))
    );
    assert_eq!(
        value(&dated.meta.outlet),
        Some(("quietvalley.example", Origin::Url))
    );
    let undated = build_from_html(
        "mill-trail",
        &page,
        Some("https://www.quietvalley.example/old-mill-trail/"),
        &options,
    )
    .unwrap();
    assert_eq!(undated.meta.published, None);

    // Markup wins over the URL.
    let page = std::fs::read_to_string(fixture("river-ledger-dam.html")).unwrap();
    let doc = build_from_html(
        "dam",
        &page,
        Some("https://www.riverledger.example/2022/11/16/dam/"),
        &options,
    )
    .unwrap();
    assert_eq!(
        doc.meta.published,
        Some(Sourced::new(date("2022-11-15"), Origin::HtmlMeta))
    );
    assert_eq!(
        value(&doc.meta.outlet),
        Some(("The River Ledger", Origin::HtmlMeta))
    );
}

#[test]
fn windows_1252_page_is_decoded_by_its_meta_charset() {
    let path = fixture("diario-atlantico-cp1252.html");
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "fixture must stay cp1252"
    );
    let doc = ingest(&path);
    assert!(!doc.text.contains('\u{fffd}'), "{}", doc.text);
    assert_contains_all(
        &doc.text,
        &[
            "La Autoridad Portuaria de Vigo aprobó este lunes la ampliación del muelle",
            "añadirá 250 metros de atraque",
            "«Es la inversión más importante del puerto en veinte años»",
            "calificó el proyecto de “imprescindible”",
            "El coste, de 48 millones –unos 8 millones más de lo previsto en 2019–",
            "señaló su portavoz, Iñaki Castaño.",
        ],
    );
    assert_contains_none(
        &doc.text,
        &[
            "cookies",
            "Noticias relacionadas",
            "sector naval",
            "Aviso legal",
            "Deportes",
        ],
    );
    assert_eq!(
        value(&doc.meta.title),
        Some((
            "El puerto de Vigo amplía su muelle de contenedores",
            Origin::HtmlMeta
        ))
    );
    assert_eq!(
        value(&doc.meta.outlet),
        Some(("Diario del Atlántico", Origin::HtmlMeta))
    );
    assert_eq!(bylines(&doc), ["José Martínez Ibáñez"]);
    assert_eq!(
        doc.meta.published,
        Some(Sourced::new(date("2021-03-08"), Origin::HtmlMeta))
    );
    assert_eq!(value(&doc.meta.language), Some(("es", Origin::HtmlMeta)));
}

/// The article-extraction-benchmark (181 pages, gold bodies), scored with its own metric: word
/// 4-gram shingles, precision and recall averaged over pages, F1 of the two averages. The
/// benchmark binary (`crosscheck-bench --bin extraction`) reports 0.972; the floor leaves room
/// for extractor updates without letting a broken path through.
#[test]
fn article_extraction_benchmark_floor() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/article-extraction-benchmark");
    if !root.join("ground-truth.json").exists() {
        eprintln!(
            "skipped: {} not found (the article-extraction-benchmark is not in the repository)",
            root.display()
        );
        return;
    }
    let truth: HashMap<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(root.join("ground-truth.json")).unwrap())
            .unwrap();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    pages.sort();
    assert_eq!(pages.len(), truth.len());

    // Two threads: the machine has two cores and the pages are independent.
    let (left, right) = pages.split_at(pages.len() / 2);
    let score = |chunk: &[PathBuf]| -> Vec<(Option<f64>, Option<f64>)> {
        chunk
            .iter()
            .map(|path| {
                let name = path.file_name().unwrap().to_string_lossy();
                let id = name.trim_end_matches(".html.gz");
                let gold = truth[id]["articleBody"].as_str().unwrap_or_default();
                let file = InputFile {
                    path: path.clone(),
                    size: std::fs::metadata(path).unwrap().len(),
                    modified: 0,
                    explicit: true,
                };
                let mut text = String::new();
                read_file(&file, &IngestOptions::default(), &mut |item| {
                    if let Ok(doc) = item {
                        text = doc.text;
                    }
                });
                precision_recall(gold, &text)
            })
            .collect()
    };
    let scores: Vec<_> = std::thread::scope(|s| {
        let l = s.spawn(|| score(left));
        let r = score(right);
        let mut all = l.join().unwrap();
        all.extend(r);
        all
    });
    let mean = |v: Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
    let precision = mean(scores.iter().filter_map(|s| s.0).collect());
    let recall = mean(scores.iter().filter_map(|s| s.1).collect());
    let f1 = 2.0 * precision * recall / (precision + recall);
    eprintln!("article-extraction-benchmark: P {precision:.3} R {recall:.3} F1 {f1:.3}");
    assert!(f1 >= 0.95, "F1 {f1:.3} under the 0.95 floor");
}

/// `evaluate.py`'s per-page precision and recall (`None` where it leaves the page out).
fn precision_recall(gold: &str, predicted: &str) -> (Option<f64>, Option<f64>) {
    let gold = shingles(gold);
    let predicted = shingles(predicted);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (key, &g) in &gold {
        let p = predicted.get(key).copied().unwrap_or(0);
        tp += g.min(p);
        fn_ += g.saturating_sub(p);
    }
    for (key, &p) in &predicted {
        fp += p.saturating_sub(gold.get(key).copied().unwrap_or(0));
    }
    let (tp, fp, fn_) = (tp as f64, fp as f64, fn_ as f64);
    let exact = fp == 0.0 && fn_ == 0.0;
    let precision = (tp + fp > 0.0).then(|| if exact { 1.0 } else { tp / (tp + fp) });
    let recall = (tp + fn_ > 0.0).then(|| if exact { 1.0 } else { tp / (tp + fn_) });
    (precision, recall)
}

/// Word 4-gram shingles over `\w+` tokens (a shorter text is one shorter shingle). Unlike the
/// benchmark binary, combining marks count as word characters here; on these pages that moves
/// F1 by less than 0.001.
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    for i in 0..tokens.len().saturating_sub(4) + 1 {
        let end = (i + 4).min(tokens.len());
        *counts.entry(tokens[i..end].to_vec()).or_insert(0) += 1;
    }
    counts
}
