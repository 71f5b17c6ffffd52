//! Small fictional multi-outlet stories that pin down each behaviour: stories that must stay
//! apart, approximate figures that agree, party claims that are not the reporter's, disputes,
//! opposite banks, undated documents anchored by their story, incremental stories.

use chrono::NaiveDate;
use crosscheck::ingest::{build_from_text, IngestOptions};
use crosscheck::Document;
use crosscheck_facts::{
    analyze, cluster_stories, AnchorSource, ClaimKind, ContradictionKind, Facts, StoryIndex,
    StoryOptions,
};

fn doc(id: &str, text: &str) -> Document {
    build_from_text(id, text, &IngestOptions::default()).expect("fixture document")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn claim_at<'a>(
    facts: &'a Facts,
    docs: &[Document],
    d: usize,
    needle: &str,
) -> &'a crosscheck_facts::Claim {
    facts
        .claims
        .iter()
        .find(|c| c.document == d && c.value_range.slice(&docs[d].text).contains(needle))
        .unwrap_or_else(|| panic!("no claim at {needle:?} in document {d}"))
}

const QUAKE_CHILE_1: &str = "date 2023-04-03\n\nA magnitude 7.1 earthquake struck near Valparaiso, Chile, on Monday, killing 12 people and damaging the port. Chile's disaster agency Senapred said 300 homes were destroyed in Valparaiso and Vina del Mar.";
const QUAKE_CHILE_2: &str = "date 2023-04-04\n\nRescuers in Valparaiso searched collapsed homes on Tuesday after Monday's 7.1 earthquake, which killed 12 people across the Valparaiso region of Chile. Senapred counted 300 destroyed homes.";
const QUAKE_JAPAN_1: &str = "date 2023-04-20\n\nA magnitude 6.2 earthquake shook Hokkaido, Japan, on Thursday. Sapporo reported power cuts for 40,000 homes; the Japan Meteorological Agency issued no tsunami warning.";
const QUAKE_JAPAN_2: &str = "date 2023-04-21\n\nPower was restored to most of the 40,000 homes in Sapporo a day after the 6.2 earthquake in Hokkaido, the Japan Meteorological Agency and Hokkaido Electric said.";
const ELECTION: &str = "date 2023-04-10\n\nVoters in Estonia elected a new parliament in Tallinn; the Reform Party won 37 of 101 seats.";

#[test]
fn different_events_on_one_topic_stay_apart() {
    let docs = [
        doc("chile-1", QUAKE_CHILE_1),
        doc("japan-1", QUAKE_JAPAN_1),
        doc("chile-2", QUAKE_CHILE_2),
        doc("estonia", ELECTION),
        doc("japan-2", QUAKE_JAPAN_2),
    ];
    let stories = cluster_stories(&docs, &StoryOptions::default());
    let groups: Vec<Vec<usize>> = stories.iter().map(|s| s.documents.clone()).collect();
    assert_eq!(
        groups,
        vec![vec![0, 2], vec![1, 4], vec![3]],
        "{stories:#?}"
    );
    for s in &stories {
        assert!(!s.title.is_empty());
    }
}

#[test]
fn incremental_stories_match_and_never_move_documents() {
    let docs = [
        doc("chile-1", QUAKE_CHILE_1),
        doc("japan-1", QUAKE_JAPAN_1),
        doc("chile-2", QUAKE_CHILE_2),
        doc("estonia", ELECTION),
        doc("japan-2", QUAKE_JAPAN_2),
    ];
    let mut index = StoryIndex::new(StoryOptions::default());
    let mut seen = Vec::new();
    for d in &docs {
        let a = index.add(d);
        seen.push(a.story);
        // Earlier documents keep their story.
        for (i, &s) in seen.iter().enumerate() {
            assert_eq!(index.story_of(i), Some(s));
        }
    }
    assert_eq!(seen, vec![0, 1, 0, 2, 1]);
    let stories = index.stories(&docs);
    assert_eq!(stories.len(), 3);
    assert_eq!(stories[1].documents, vec![1, 4]);
}

/// A flood told by four outlets: figures that agree within their approximation, one
/// figure that does not, and a governor's claim that is his, not the reporter's.
fn flood() -> Vec<Document> {
    vec![
        doc("a", "date 2023-03-06\n\nFloods in the Valmora valley have displaced more than 9,500 people, and about 15% of Valmora province is under water. The Ostrik dam failed on Saturday."),
        doc("b", "date 2023-03-07\n\nThe floods in the Valmora valley displaced 10,200 people. Around 16 percent of Valmora province is flooded. The Ostrik dam failed on March 4."),
        doc("c", "date 2023-03-07\n\nBetween 8,000 and 12,000 people were displaced by the floods in the Valmora valley, where the Ostrik dam failed on Saturday."),
        doc("d", "date 2023-03-08\n\nThe floods in the Valmora valley displaced 4,000 people, according to our count. Valmora's governor claimed that only 2,000 people were displaced by the floods in the valley."),
    ]
}

#[test]
fn approximate_figures_agree_and_a_real_difference_is_flagged() {
    let docs = flood();
    let facts = analyze(&docs);
    assert_eq!(facts.stories.len(), 1);
    // "more than 9,500", "10,200" and "between 8,000 and 12,000" support each other.
    let more_than = claim_at(&facts, &docs, 0, "9,500");
    assert_eq!(more_than.support, vec![0, 1, 2]);
    // "about 15%" and "around 16 percent" agree.
    let pct = claim_at(&facts, &docs, 0, "15%");
    assert_eq!(pct.support, vec![0, 1]);
    // 4,000 in the reporter's own voice contradicts them; the governor's 2,000 does not.
    let number: Vec<_> = facts
        .contradictions
        .iter()
        .filter(|c| facts.groups[c.group].kind == ClaimKind::Number)
        .collect();
    assert_eq!(number.len(), 1, "{:#?}", facts.contradictions);
    assert_eq!(number[0].kind, ContradictionKind::Factual);
    let sides: Vec<Vec<usize>> = number[0]
        .sides
        .iter()
        .map(|s| s.documents.clone())
        .collect();
    assert_eq!(sides, vec![vec![0, 1, 2], vec![3]]);
    assert!(number[0].reason.contains("4000"), "{}", number[0].reason);
    let governor = claim_at(&facts, &docs, 3, "2,000");
    assert!(governor
        .attribution
        .as_ref()
        .is_some_and(|a| a.speaker.contains("governor")));
    assert!(!number[0]
        .claims
        .iter()
        .any(|&c| facts.claims[c].attribution.is_some()));
}

#[test]
fn dates_from_weekdays_and_full_dates_meet_on_the_timeline() {
    let docs = flood();
    let facts = analyze(&docs);
    // Saturday before 2023-03-06 and 2023-03-07 is March 4, as "b" says outright.
    let dam: Vec<_> = facts
        .timeline
        .iter()
        .filter(|e| e.event.contains("fail"))
        .collect();
    assert_eq!(dam.len(), 1, "{:#?}", facts.timeline);
    assert_eq!(dam[0].date, day(2023, 3, 4));
    assert_eq!(dam[0].documents, vec![0, 1, 2]);
    assert!(!dam[0].disputed);
    assert!(facts
        .contradictions
        .iter()
        .all(|c| facts.groups[c.group].kind != ClaimKind::Date));
}

#[test]
fn parties_that_disagree_are_a_dispute_not_a_contradiction_of_the_reporter() {
    let docs = [
        doc("x", "date 2023-06-02\n\nThe rebels said 300 soldiers were killed in the Korvan offensive near Drava on Thursday."),
        doc("y", "date 2023-06-02\n\nThe army said 30 soldiers were killed in the Korvan offensive near Drava on Thursday."),
    ];
    let facts = analyze(&docs);
    assert_eq!(facts.contradictions.len(), 1, "{:#?}", facts.contradictions);
    let c = &facts.contradictions[0];
    assert_eq!(c.kind, ContradictionKind::Disputed);
    assert!(
        c.reason.contains("rebels") && c.reason.contains("army"),
        "{}",
        c.reason
    );
}

#[test]
fn opposite_banks_contradict_and_left_bank_is_read_by_river_flow() {
    let docs = [
        doc("p", "date 2023-07-10\n\nGarrison troops withdrew from Samara district to the east bank of the Volga on Monday."),
        doc("q", "date 2023-07-10\n\nGarrison troops withdrew from Samara district to the west bank of the Volga on Monday."),
        // The Volga flows south: its left bank is the east bank.
        doc("r", "date 2023-07-11\n\nGarrison troops withdrew from Samara district to the left bank of the Volga on Monday."),
    ];
    let facts = analyze(&docs);
    let place: Vec<_> = facts
        .contradictions
        .iter()
        .filter(|c| facts.groups[c.group].kind == ClaimKind::Place)
        .collect();
    assert_eq!(place.len(), 1, "{:#?}", facts.contradictions);
    let sides: Vec<Vec<usize>> = place[0].sides.iter().map(|s| s.documents.clone()).collect();
    assert_eq!(sides, vec![vec![0, 2], vec![1]]);
}

#[test]
fn an_undated_document_is_read_against_its_story() {
    let docs = [
        doc("dated", "date 2023-05-12\n\nThe Lindfors city council voted on Wednesday to close the Harbour Street bridge to lorries; the vote passed 23 to 8."),
        doc("undated", "The Lindfors council voted Wednesday to close the Harbour Street bridge to lorries. On Friday the mayor said the 23 to 8 vote would stand."),
    ];
    let facts = analyze(&docs);
    assert_eq!(facts.stories.len(), 1);
    let anchor = facts.anchors[1].expect("anchored by the story");
    // The story's date (Friday 2023-05-12) and the text's latest weekday (Friday).
    assert_eq!(anchor.date, day(2023, 5, 12));
    assert!(matches!(
        anchor.source,
        AnchorSource::StoryWeekday { document: 0, .. }
    ));
    let vote: Vec<_> = facts
        .timeline
        .iter()
        .filter(|e| e.event_class == "vote")
        .collect();
    assert_eq!(vote.len(), 1, "{:#?}", facts.timeline);
    assert_eq!(vote[0].date, day(2023, 5, 10));
    assert_eq!(vote[0].documents, vec![0, 1]);
}

#[test]
fn market_moves_reported_without_a_shared_day_are_not_contradictions() {
    let docs = [
        doc(
            "m1",
            "Shares of Acme Corp rose 5% to $20.10 on the Nasdaq after the Acme earnings report.",
        ),
        doc(
            "m2",
            "Acme Corp shares rose 4% to $19.80 on the Nasdaq after the Acme earnings report.",
        ),
    ];
    let facts = analyze(&docs);
    assert!(
        facts.contradictions.is_empty(),
        "{:#?}",
        facts.contradictions
    );
}

#[test]
fn bare_weekdays_without_any_date_are_not_compared() {
    let docs = [
        doc(
            "w1",
            "The Brixton council approved the Harbour Street budget on Monday.",
        ),
        doc(
            "w2",
            "The Brixton council approved the Harbour Street budget on Tuesday.",
        ),
    ];
    let facts = analyze(&docs);
    assert!(facts.anchors.iter().all(Option::is_none));
    assert!(
        facts.contradictions.is_empty(),
        "{:#?}",
        facts.contradictions
    );
}

#[test]
fn same_input_same_output_whatever_the_thread_count() {
    let mut docs = flood();
    docs.push(doc("chile-1", QUAKE_CHILE_1));
    docs.push(doc("chile-2", QUAKE_CHILE_2));
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool")
        .install(|| analyze(&docs));
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .expect("pool")
        .install(|| analyze(&docs));
    assert_eq!(one, four);
    assert_eq!(
        serde_json::to_string(&one).expect("json"),
        serde_json::to_string(&analyze(&docs)).expect("json")
    );
}
