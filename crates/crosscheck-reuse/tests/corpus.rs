//! Reuse on small corpora written for these tests: each kind of derivation, and independent
//! coverage that must not be called reuse.

use crosscheck_reuse::{detect, DirectionEvidence, Extent, Relation, ReuseDoc, ReuseOptions};

const WIRE: &str = "A fire broke out on the passenger ferry Saint Brigid in Port Halden harbour on Monday night, forcing the evacuation of 212 passengers and crew, the harbour authority said.

Firefighters brought the blaze under control after about three hours. Four people were treated in hospital for smoke inhalation, according to the regional health service.

\"The crew acted quickly and every passenger was off the ship within forty minutes,\" harbour master Ivo Brandt told reporters on Tuesday.

The ferry, which runs twice daily between Port Halden and the island of Kessa, will be out of service for at least two weeks while investigators examine the engine room, where the fire is believed to have started.

Norland's transport minister, Helle Varga, said in a statement that the ministry would review safety inspections on all ferries older than 30 years. The Saint Brigid was built in 1991.";

const LOCAL: &str = "The town council of Alder Bay met on Thursday to approve the budget for the new library, which will open next spring on the site of the old fish market. Councillors voted seven to two in favour after a debate that lasted most of the evening.

The library will hold about forty thousand books and a reading room for the local history society, the mayor said. Construction is due to begin in April.";

fn docs<'a>(texts: &'a [(&'a str, &'a str)]) -> Vec<ReuseDoc<'a>> {
    texts
        .iter()
        .map(|(id, text)| ReuseDoc {
            id,
            text,
            published: None,
            site: None,
        })
        .collect()
}

#[test]
fn verbatim_copy_with_other_boilerplate() {
    let copy = format!(
        "From our partners at Coastwire.\n\n{WIRE}\n\nFollow us for more local news every day."
    );
    let texts = [("wire", WIRE), ("copy", copy.as_str())];
    let pairs = detect(&docs(&texts), &ReuseOptions::default());
    assert_eq!(pairs.len(), 1, "{pairs:#?}");
    assert_eq!(pairs[0].relation, Relation::Verbatim);
    assert_eq!(pairs[0].extent, Extent::Full);
    assert!(pairs[0].similarity > 0.95);
}

#[test]
fn edited_copy_cut_and_reordered() {
    let paragraphs: Vec<&str> = WIRE.split("\n\n").collect();
    // Last paragraph moved to the top, the quote cut, one word changed.
    let edited = format!(
        "{}\n\n{}\n\n{}\n\n{}",
        paragraphs[4],
        paragraphs[0].replace("Monday night", "Monday evening"),
        paragraphs[1],
        paragraphs[3]
    );
    let texts = [("wire", WIRE), ("edited", edited.as_str())];
    let pairs = detect(&docs(&texts), &ReuseOptions::default());
    assert_eq!(pairs.len(), 1, "{pairs:#?}");
    assert_eq!(pairs[0].relation, Relation::Edited, "{pairs:#?}");
    assert!(
        pairs[0].passages.len() >= 2,
        "the moved paragraph is its own passage"
    );
}

/// Documents with their outlets.
fn docs_at<'a>(texts: &'a [(&'a str, &'a str, &'a str)]) -> Vec<ReuseDoc<'a>> {
    texts
        .iter()
        .map(|(id, site, text)| ReuseDoc {
            id,
            text,
            published: None,
            site: Some(site),
        })
        .collect()
}

#[test]
fn excerpt_is_partial_reuse_taken_from_the_full_article() {
    let paragraphs: Vec<&str> = WIRE.split("\n\n").collect();
    let excerpt = format!(
        "Ferry news in brief.\n\n{}\n\n{}\n\nRead the full story at Coastwire.",
        paragraphs[0], paragraphs[1]
    );
    let texts = [
        ("wire", "Coastwire", WIRE),
        ("digest", "Daily Digest", excerpt.as_str()),
    ];
    let pairs = detect(&docs_at(&texts), &ReuseOptions::default());
    assert_eq!(pairs.len(), 1, "{pairs:#?}");
    let pair = &pairs[0];
    assert_eq!(pair.extent, Extent::Partial);
    assert!(
        matches!(pair.relation, Relation::Verbatim | Relation::Edited),
        "{pair:#?}"
    );
    assert_eq!(
        (pair.source, pair.target),
        (0, 1),
        "the digest took the excerpt from the wire"
    );
    assert_eq!(
        pair.direction,
        DirectionEvidence::Credit,
        "the digest names the wire's outlet"
    );
    // The passage in the digest is exactly the two copied paragraphs' words.
    assert_eq!(pair.passages.len(), 1);
    let found = pair.passages[0].target.slice(&excerpt);
    assert!(
        found.starts_with("A fire broke out") && found.ends_with("regional health service"),
        "{found}"
    );
}

#[test]
fn a_text_inside_a_longer_one_is_not_direction_by_itself() {
    // A wire story inside a local report (the report took the wire) and an excerpt inside
    // the article it was cut from (the excerpt is the copy) look alike: containment alone
    // decides nothing.
    let report = format!(
        "{WIRE}\n\nIn Alder Bay, where many of the ferry's crew live, the mayor said the town \
         would hold a reception for them next week. Local businesses have offered free meals \
         to passengers stranded on the island of Kessa."
    );
    let texts = [("report", report.as_str()), ("wire", WIRE)];
    let pairs = detect(&docs(&texts), &ReuseOptions::default());
    assert_eq!(pairs.len(), 1, "{pairs:#?}");
    assert_eq!(pairs[0].direction, DirectionEvidence::Undetermined);
}

#[test]
fn a_copy_wrapped_in_page_furniture_took_the_bare_text() {
    let copy = format!(
        "Home | News | World\nShare this story\n\n{WIRE}\n\nSign up for our newsletter\n\
         Copyright 2025 Copy Hub. All rights reserved."
    );
    // The copy is listed first, so its id order would make it the source.
    let texts = [("a-copy", copy.as_str()), ("b-wire", WIRE)];
    let pairs = detect(&docs(&texts), &ReuseOptions::default());
    assert_eq!(pairs.len(), 1, "{pairs:#?}");
    assert_eq!((pairs[0].source, pairs[0].target), (1, 0), "{pairs:#?}");
    assert_eq!(pairs[0].direction, DirectionEvidence::FurnitureAround);
}

#[test]
fn an_excerpt_of_an_article_others_copied_whole_is_the_copy() {
    // The wire's own paragraphs beyond the excerpt travel with it in a full copy elsewhere;
    // the column's own text is in no other document. So the column took from the wire.
    let paragraphs: Vec<&str> = WIRE.split("\n\n").collect();
    let column = format!(
        "{LOCAL}\n\n{}\n\n{}\n\nThe council will discuss the ferry timetable at its next \
         meeting, the mayor added.",
        paragraphs[3], paragraphs[4]
    );
    let full_copy = format!("Latest from the harbour\n\n{WIRE}");
    let texts = [
        ("a-column", "Alder Bay Courier", column.as_str()),
        ("b-full", "Harbour Daily", full_copy.as_str()),
        ("c-wire", "Coastline News", WIRE),
    ];
    let pairs = detect(&docs_at(&texts), &ReuseOptions::default());
    let wire_column = pairs
        .iter()
        .find(|p| [p.source, p.target].contains(&0) && [p.source, p.target].contains(&2))
        .expect("the column and the wire are a pair");
    assert_eq!(
        (wire_column.source, wire_column.target),
        (2, 0),
        "{wire_column:#?}"
    );
    assert_eq!(wire_column.direction, DirectionEvidence::CopiedWhole);
}

#[test]
fn dates_decide_direction_over_everything() {
    let copy = WIRE.to_string();
    let day = |d| chrono::NaiveDate::from_ymd_opt(2025, 3, d);
    let docs = [
        ReuseDoc {
            id: "a-late",
            text: &copy,
            published: day(5),
            site: None,
        },
        ReuseDoc {
            id: "b-early",
            text: WIRE,
            published: day(4),
            site: None,
        },
    ];
    let pairs = detect(&docs, &ReuseOptions::default());
    assert_eq!(pairs.len(), 1);
    assert_eq!((pairs[0].source, pairs[0].target), (1, 0));
    assert_eq!(pairs[0].direction, DirectionEvidence::PublicationDate);
}

#[test]
fn spun_chain_reports_the_root_original() {
    let spun = WIRE
        .replace(" in ", " successful ")
        .replace(" on ", " connected ")
        .replace("passenger ferry", "rider ferry")
        .replace("hospital", "infirmary")
        .replace(" will ", " volition ");
    // A farm copies the spun copy and adds its own header.
    let copy_of_spun = format!("Trending now\n\n{spun}");
    let texts = [
        ("wire", WIRE),
        ("spun", spun.as_str()),
        ("farm", copy_of_spun.as_str()),
    ];
    let pairs = detect(&docs(&texts), &ReuseOptions::default());
    let wire_spun = pairs
        .iter()
        .find(|p| (p.source, p.target) == (0, 1))
        .expect("wire -> spun");
    assert_eq!(wire_spun.relation, Relation::Spun);
    assert_eq!(wire_spun.direction, DirectionEvidence::RewriteTraces);
    let subs: Vec<(&str, &str)> = wire_spun
        .substitutions
        .iter()
        .map(|s| (s.target.slice(&spun), s.source.slice(WIRE)))
        .collect();
    assert!(
        subs.contains(&("successful", "in")) && subs.contains(&("infirmary", "hospital")),
        "{subs:?}"
    );
    for p in &pairs {
        assert_eq!(p.root, 0, "every copy traces back to the wire: {p:#?}");
    }
}

#[test]
fn independent_reports_sharing_a_quote_are_not_reuse() {
    let quote = "\"The crew acted quickly and every passenger was off the ship within forty minutes, and we are proud of every one of them,\"";
    let a = format!("Passengers praised the crew of the Saint Brigid after Monday's fire in Port Halden. {quote} harbour master Ivo Brandt told reporters. Investigators are expected to publish a first report within a month, officials said.");
    let b = format!("The harbour master defended the ferry operator on Tuesday. {quote} Brandt said at a news conference, adding that the ship had passed its last inspection in January. The operator declined to comment on compensation.");
    let texts = [("a", a.as_str()), ("b", b.as_str())];
    assert!(detect(&docs(&texts), &ReuseOptions::default()).is_empty());
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let spun = WIRE.replace(" in ", " successful ");
    let copy = format!("{LOCAL}\n\n{WIRE}");
    let texts = [
        ("wire", WIRE),
        ("spun", spun.as_str()),
        ("local", LOCAL),
        ("copy", copy.as_str()),
    ];
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| detect(&docs(&texts), &ReuseOptions::default()))
    };
    assert_eq!(run(1), run(4));
}

#[test]
fn wire_story_inside_a_longer_local_story_dated() {
    let local = format!("{LOCAL}\n\n{WIRE}");
    let day = |d| chrono::NaiveDate::from_ymd_opt(2025, 3, d);
    let docs = [
        ReuseDoc {
            id: "local",
            text: &local,
            published: day(6),
            site: None,
        },
        ReuseDoc {
            id: "wire",
            text: WIRE,
            published: day(4),
            site: None,
        },
    ];
    let pairs = detect(&docs, &ReuseOptions::default());
    assert_eq!(pairs.len(), 1, "{pairs:#?}");
    assert_eq!((pairs[0].source, pairs[0].target), (1, 0));
    assert_eq!(pairs[0].extent, Extent::Partial);
    assert_eq!(pairs[0].relation, Relation::Verbatim);
}

#[test]
fn a_site_footer_shared_by_two_stories_is_not_reuse() {
    let footer = "The Harbour Gazette is an independent newspaper serving Port Halden and the islands since 1921. Our reporters cover local news, sport, business and culture, and we welcome tips from readers by email or by phone at any hour of the day.";
    let a = format!("{LOCAL}\n\n{footer}");
    let b = format!("{}\n\n{footer}", WIRE.split("\n\n").next().unwrap());
    let site = Some("The Harbour Gazette");
    let docs = [
        ReuseDoc {
            id: "a",
            text: &a,
            published: None,
            site,
        },
        ReuseDoc {
            id: "b",
            text: &b,
            published: None,
            site,
        },
    ];
    assert!(detect(&docs, &ReuseOptions::default()).is_empty());
    // The same shared paragraph between two *different* sites is a copy.
    let docs = [
        ReuseDoc {
            id: "a",
            text: &a,
            published: None,
            site,
        },
        ReuseDoc {
            id: "b",
            text: &b,
            published: None,
            site: Some("Kessa Courier"),
        },
    ];
    assert_eq!(detect(&docs, &ReuseOptions::default()).len(), 1);
}

#[test]
fn a_story_syndicated_to_more_outlets_than_the_pairing_limit_is_still_found() {
    // More copies than `max_fingerprint_documents`: each fingerprint of the story is in every
    // copy, so pairing them all would be quadratic and ignoring them would lose the story.
    let options = ReuseOptions::default();
    let copies = options.max_fingerprint_documents + 10;
    let texts: Vec<(String, String)> = (0..copies)
        .map(|n| {
            let text = format!("Outlet {n} carries this wire report.\n\n{WIRE}\n\n© Outlet {n}");
            (format!("outlet{n:02}"), text)
        })
        .collect();
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(i, t)| (i.as_str(), t.as_str()))
        .collect();
    let pairs = detect(&docs(&refs), &options);
    // Every copy is linked to the story, each with one root.
    let mut linked: Vec<usize> = pairs.iter().flat_map(|p| [p.source, p.target]).collect();
    linked.sort_unstable();
    linked.dedup();
    assert_eq!(linked.len(), copies, "{} pairs", pairs.len());
    assert!(pairs.iter().all(|p| p.root == pairs[0].root));
    assert!(
        pairs.len() < copies * 2,
        "a star, not all {} pairs",
        copies * (copies - 1) / 2
    );
}
