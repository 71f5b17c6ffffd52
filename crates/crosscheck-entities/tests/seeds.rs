//! The five seed articles about Russia's withdrawal from Kherson (../shared/seeds): what a
//! careful reader finds in them, written down quote by quote and name by name.
//!
//! The seeds are raw files; the report's text is the cleaned text, so everything here runs on
//! what `build_from_text` returns. Skipped (with a message) when ../shared/seeds is absent.

#![allow(clippy::print_stderr, clippy::unwrap_used)] // a skipped test says why; fixtures are ours

use crosscheck::ingest::{build_from_text, IngestOptions};
use crosscheck::Document;
use crosscheck_entities::{
    group_quotes, mentions, quotes, resolve, DocMentions, DocQuotes, Entity, EntityKind, Mention,
    Quote,
};

struct Corpus {
    docs: Vec<Document>,
    mentions: Vec<Vec<Mention>>,
    quotes: Vec<Vec<Quote>>,
    entities: Vec<Entity>,
}

fn corpus() -> Option<Corpus> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipping: seed articles not found at {dir}");
        return None;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    let docs: Vec<Document> = paths
        .iter()
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy()[..3].to_string();
            let raw = std::fs::read_to_string(p).unwrap();
            build_from_text(&id, &raw, &IngestOptions::default()).unwrap()
        })
        .collect();
    let mentions: Vec<Vec<Mention>> = docs.iter().map(|d| mentions(&d.text)).collect();
    let quotes: Vec<Vec<Quote>> = docs
        .iter()
        .zip(&mentions)
        .map(|(d, m)| quotes(&d.text, m))
        .collect();
    let input: Vec<DocMentions<'_>> = docs
        .iter()
        .zip(&mentions)
        .map(|(d, m)| (d.text.as_str(), m.as_slice()))
        .collect();
    let entities = resolve(&input);
    Some(Corpus {
        docs,
        mentions,
        quotes,
        entities,
    })
}

impl Corpus {
    fn doc(&self, id: &str) -> usize {
        self.docs.iter().position(|d| d.id == id).unwrap()
    }

    /// The quote of document `id` that starts with `start`.
    fn quote(&self, id: &str, start: &str) -> &Quote {
        let d = self.doc(id);
        self.quotes[d]
            .iter()
            .find(|q| q.text.starts_with(start))
            .unwrap_or_else(|| {
                panic!(
                    "{id}: no quote starting {start:?}; found {:#?}",
                    self.quotes[d].iter().map(|q| &q.text).collect::<Vec<_>>()
                )
            })
    }

    /// The canonical name of the entity the quote's speaker resolves to.
    fn speaker_entity(&self, id: &str, q: &Quote) -> Option<&Entity> {
        let m = q.speaker.as_ref()?.mention?;
        let d = self.doc(id);
        self.entities
            .iter()
            .find(|e| e.mentions.iter().any(|x| x.document == d && x.mention == m))
    }

    fn entity(&self, variant: &str) -> &Entity {
        self.entities
            .iter()
            .find(|e| e.variants.iter().any(|v| v == variant))
            .unwrap_or_else(|| panic!("no entity with variant {variant:?}"))
    }
}

/// (document, quote start, speaker entity's canonical name) for every direct quote.
const ATTRIBUTED: &[(&str, &str, &str)] = &[
    // Reuters: Zelenskiy, "he said", a split quote.
    ("000", "We will not allow Russia", "Volodymyr Zelenskiy"),
    ("000", "I am convinced that now", "Volodymyr Zelenskiy"),
    // CNN, spun: tweet, partial quotes, "told CNN's", the channel and its pronoun.
    ("001", "Actions talk louder than words", "Mykhailo Podolyak"),
    ("001", "is liberating territories", "Mykhailo Podolyak"),
    ("001", "demonstrates the courage", "Stoltenberg"),
    ("001", "Kherson [city] and adjacent", "Sergei Surovikin"),
    ("001", "are attacking schools", "Sergei Surovikin"),
    (
        "001",
        "The Armed Forces of the Russian Federation",
        "Sergei Surovikin",
    ),
    ("001", "from August to October", "Sergei Surovikin"),
    ("001", "there was a withdrawal", "RVVoenkor"),
    ("001", "A span was besides blown up", "RVVoenkor"),
    ("001", "Ukrainian sources published", "RVVoenkor"),
    ("001", "the beforehand enactment", "RVVoenkor"),
    ("001", "receiving respective urgent", "Alexander Kots"),
    ("001", "so that those who would mock", "Alexander Kots"),
    ("001", "One was taken from the flagpole", "Alexander Kots"),
    // France 24, translated: Zelenski; Peskov through "He also said".
    (
        "002",
        "The enemy does not give us anything",
        "Volodymyr Zelenskiy",
    ),
    (
        "002",
        "an entity of the Russian Federation",
        "Dmitry Peskov",
    ),
    // Axios.
    (
        "003",
        "This is a subject of the Russian Federation",
        "Dmitry Peskov",
    ),
    ("003", "sham referendum", "Volodymyr Zelenskiy"),
    (
        "003",
        "Not a single piece of military equipment",
        "Igor Konashénkov",
    ),
    ("003", "Ukraine is gaining another", "Dmytro Kuleba"),
    (
        "003",
        "The Russian army leaves the battlefields",
        "Andriy Yermak",
    ),
    // CNN: the ministry's Telegram statement, the official named after his quote, Kots, Kim,
    // Peskov.
    (
        "004",
        "In the Kherson direction",
        "Russian Defense Ministry",
    ),
    (
        "004",
        "Not a single piece of military equipment",
        "Russian Defense Ministry",
    ),
    ("004", "All Russian servicemen", "Russian Defense Ministry"),
    ("004", "neither confirm nor deny", "Yuriy Sobolevskyi"),
    (
        "004",
        "We’re keeping the ‘information silence’",
        "Yuriy Sobolevskyi",
    ),
    ("004", "We do not comment", "Yuriy Sobolevskyi"),
    (
        "004",
        "Behind me are the two collapsed spans",
        "Alexander Kots",
    ),
    ("004", "They were likely blown up", "Alexander Kots"),
    (
        "004",
        "I cannot confirm that is a real photo",
        "Yuriy Sobolevskyi",
    ),
    (
        "004",
        "But I can say that it is the Svobody square",
        "Yuriy Sobolevskyi",
    ),
    ("004", "There are a lot of mines", "Vitaliy Kim"),
    ("004", "Don’t go there for no reason", "Vitaliy Kim"),
    (
        "004",
        "This is a subject of the Russian Federation",
        "Dmitry Peskov",
    ),
    ("004", "It has been legally fixed", "Dmitry Peskov"),
    ("004", "No.", "Dmitry Peskov"),
];

#[test]
fn every_direct_quote_is_found_and_attributed() {
    let Some(c) = corpus() else {
        return;
    };
    for &(doc, start, speaker) in ATTRIBUTED {
        let q = c.quote(doc, start);
        let got = c.speaker_entity(doc, q).map(|e| e.name.as_str());
        assert_eq!(
            got,
            Some(speaker),
            "{doc}: {start:?} attributed to {:?}",
            q.speaker
        );
    }
    // Quotes of nobody in particular are still quotes, without a named speaker.
    let billboard = c.quote("004", "Russia is here forever.");
    assert!(c.speaker_entity("004", billboard).is_none());
    let officials = c.quote("004", "city of death");
    assert_eq!(
        officials.speaker.as_ref().map(|s| s.name.as_str()),
        Some("Kyiv officials")
    );
    assert!(c.speaker_entity("004", officials).is_none());
    // Nothing else: scare quotes ("special operation", "humiliating") and names in quote
    // marks (‘Ukrinform’) are not quotes.
    let expected = ATTRIBUTED.len() + 2;
    let found: usize = c.quotes.iter().map(Vec::len).sum();
    assert_eq!(
        found,
        expected,
        "{:#?}",
        c.quotes
            .iter()
            .flatten()
            .map(|q| &q.text)
            .collect::<Vec<_>>()
    );
}

#[test]
fn quote_spans_hold_the_words_without_marks() {
    let Some(c) = corpus() else {
        return;
    };
    for (d, qs) in c.quotes.iter().enumerate() {
        for q in qs {
            let text = q.span.slice(&c.docs[d].text);
            assert_eq!(text, q.text);
            assert!(
                !text.starts_with(['“', '"', '”']) && !text.ends_with(['“', '"', '”']),
                "{text:?}"
            );
        }
    }
    assert_eq!(
        c.quote("000", "We will not allow").text,
        "We will not allow Russia to wait, build up its forces and start a new series of terror and global destabilization"
    );
}

#[test]
fn spelling_variants_resolve_to_one_entity_each() {
    let Some(c) = corpus() else {
        return;
    };
    let same = |variants: &[&str]| {
        let first = c.entity(variants[0]);
        for v in &variants[1..] {
            assert_eq!(
                c.entity(v).id,
                first.id,
                "{v:?} is not {:?} ({:?})",
                first.name,
                first.variants
            );
        }
        first
    };
    let zelenskiy = same(&[
        "Volodymyr Zelenskiy",
        "Volodymyr Zelenski",
        "Volodymyr Zelensky",
    ]);
    assert_eq!(zelenskiy.kind, EntityKind::Person);
    same(&["Dmitry Peskov", "Dmitri Peskov", "Peskov"]);
    same(&["Igor Konashénkov", "Konashenkov", "Igor Konashaekov"]);
    same(&["Sergei Surovikin", "Sergey Surovikin", "Surovikin"]);
    same(&["Vladimir Putin", "Putin"]);
    same(&["Mykhailo Podolyak", "Podolyak"]);
    same(&["Alexander Kots", "Kots"]);
    same(&["Yuriy Sobolevskyi", "Sobolevskyi"]);
    let kyiv = same(&["Kyiv", "kyiv", "Kiev"]);
    assert_eq!(kyiv.name, "Kyiv");
    let dnipro = same(&[
        "Dnipro River",
        "Dnieper River",
        "Dnipro",
        "Dnieper",
        "Dnipro river",
    ]);
    assert_eq!(dnipro.kind, EntityKind::Place);
    same(&["Kherson region", "Kherson Oblast"]);
    same(&["Russian Defense Ministry", "Russian Ministry of Defense"]);
    same(&["Antonivsky Bridge", "Antonivskyi Bridge"]);
    // Kharkiv (spun "Kharkiv portion") and "Kharkov region": no outlet names both the city
    // and the region, so they are one place, named as the gazetteer names it.
    let kharkiv = same(&["Kharkiv", "Kharkov region"]);
    assert_eq!(kharkiv.name, "Kharkiv");
}

#[test]
fn lookalikes_stay_apart() {
    let Some(c) = corpus() else {
        return;
    };
    let apart =
        |a: &str, b: &str| assert_ne!(c.entity(a).id, c.entity(b).id, "{a} merged with {b}");
    apart("Kherson", "Kharkiv");
    apart("Kherson", "Kherson region");
    apart("Vladimir Putin", "Dmitry Peskov");
    apart("Sergei Shoigu", "Sergei Surovikin");
    apart("Dmytro Kuleba", "Dmitry Peskov");
    apart("Volodymyr Zelenskiy", "Vladimir Putin");
}

#[test]
fn titles_and_roles_are_kept_apart_from_names() {
    let Some(c) = corpus() else {
        return;
    };
    let roles = |variant: &str| c.entity(variant).roles.clone();
    assert!(roles("Igor Konashaekov").contains(&"Lieutenant General".to_string()));
    assert!(roles("Dmitry Peskov").contains(&"Kremlin spokesman".to_string()));
    assert!(roles("Vitaliy Kim")
        .contains(&"head of Mykolaiv region military administration".to_string()));
    assert!(roles("Sergei Surovikin").contains(&"Gen.".to_string()));
    for ms in &c.mentions {
        for m in ms {
            assert!(
                !m.name.starts_with("Gen.") && !m.name.contains("President "),
                "{m:?}"
            );
        }
    }
}

#[test]
fn statements_reported_by_two_outlets_are_grouped_with_their_drift() {
    let Some(c) = corpus() else {
        return;
    };
    let input: Vec<DocQuotes<'_>> = c
        .docs
        .iter()
        .zip(&c.quotes)
        .map(|(d, q)| (d.id.as_str(), q.as_slice()))
        .collect();
    let groups = group_quotes(&input, &c.entities);
    let total: usize = groups.iter().map(|g| g.members.len()).sum();
    assert_eq!(
        total,
        c.quotes.iter().map(Vec::len).sum::<usize>(),
        "every quote in one group"
    );
    let group_of = |doc: &str, start: &str| {
        let d = c.doc(doc);
        let k = c.quotes[d]
            .iter()
            .position(|q| q.text.starts_with(start))
            .unwrap();
        groups
            .iter()
            .find(|g| g.members.iter().any(|m| m.document == d && m.quote == k))
            .unwrap()
    };
    // The ministry's statement: Axios credits the spokesman, CNN the statement.
    let ministry = group_of("003", "Not a single piece");
    assert_eq!(ministry.id, group_of("004", "Not a single piece").id);
    let cnn = ministry
        .members
        .iter()
        .find(|m| m.document == c.doc("004"))
        .unwrap();
    assert!(
        cnn.drift.contains(&"weaponry".to_string()) && cnn.drift.contains(&"behind".to_string()),
        "{:?}",
        cnn.drift
    );
    // Peskov's "subject of the Russian Federation", also in translation ("an entity of").
    let peskov = group_of("003", "This is a subject");
    assert_eq!(peskov.id, group_of("004", "This is a subject").id);
    assert_eq!(peskov.id, group_of("002", "an entity of").id);
    let france24 = peskov
        .members
        .iter()
        .find(|m| m.document == c.doc("002"))
        .unwrap();
    assert!(
        france24.drift.contains(&"entity".to_string()),
        "{:?}",
        france24.drift
    );
    // Different statements by the same speaker stay apart.
    assert_ne!(
        group_of("001", "One was taken").id,
        group_of("004", "Behind me").id
    );
    assert_ne!(
        group_of("000", "We will not allow").id,
        group_of("002", "The enemy does not").id
    );
    assert_ne!(group_of("004", "All Russian servicemen").id, ministry.id);
    assert_eq!(groups.iter().filter(|g| g.members.len() > 1).count(), 2);
}

#[test]
fn output_is_deterministic() {
    let (Some(a), Some(b)) = (corpus(), corpus()) else {
        return;
    };
    assert_eq!(a.entities, b.entities);
    assert_eq!(a.quotes, b.quotes);
}
