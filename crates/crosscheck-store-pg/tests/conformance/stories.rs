//! Stories: placements, listings, parts, corrections and the round lock.

use std::sync::mpsc;
use std::time::Duration;

use chrono::NaiveDate;
use crosscheck_store::{
    DocKey, StoredStory, StoryKey, StoryMember, StoryOverview, StoryPart, StoryPlacement, StoryRef,
    StoryStore,
};

use super::{commit, doc, Backend};

/// A store holding one document per title (`None`: untitled), with their keys.
fn with_titles<B: Backend>(b: &mut B, titles: &[Option<&str>]) -> (B::Store, Vec<DocKey>) {
    let mut store = b.fresh();
    let docs: Vec<_> = titles
        .iter()
        .enumerate()
        .map(|(n, title)| {
            let mut d = doc(&format!("d{n}"), &format!("Text number {n}."));
            d.meta.title =
                title.map(|t| crosscheck::Sourced::new(t.to_string(), crosscheck::Origin::Record));
            d
        })
        .collect();
    let keys = commit(&mut store, &docs);
    (store, keys)
}

/// A placement of `doc` with story terms `terms` (the same as its term ids).
fn placed(doc: DocKey, story: StoryRef, terms: &[u64], title: Option<&str>) -> StoryPlacement {
    StoryPlacement {
        member: StoryMember {
            doc,
            day: None,
            terms: terms.iter().map(|&t| (t, 1.0)).collect(),
        },
        story,
        part: None,
        similarity: 0.5,
        term_ids: terms.to_vec(),
        title: title.map(str::to_string),
    }
}

fn members(parts: &[StoryPart]) -> Vec<(Option<StoryKey>, Vec<DocKey>)> {
    parts
        .iter()
        .map(|p| (p.part, p.members.iter().map(|m| m.doc).collect()))
        .collect()
}

/// Placements, frequencies, terms, members, titles, unplaced documents.
pub fn stories_placements_round_trip<B: Backend>(b: &mut B) {
    let (mut store, rows) = with_titles(b, &[None, None, None]);
    let mut unplaced = store.unplaced_documents().expect("lists");
    unplaced.sort_unstable();
    assert_eq!(unplaced, rows);
    let place =
        |doc: DocKey, story: StoryRef, terms: Vec<u64>, title: Option<&str>| StoryPlacement {
            member: StoryMember {
                doc,
                day: NaiveDate::from_ymd_opt(2022, 11, 11),
                terms: vec![(1, 1.5), (u64::MAX, 0.25)],
            },
            story,
            part: None,
            similarity: 0.5,
            term_ids: terms,
            title: title.map(str::to_string),
        };
    let keys = store
        .record_placements(&[
            place(rows[0], StoryRef::New(0), vec![7, 8], None),
            place(
                rows[1],
                StoryRef::New(0),
                vec![8, u64::MAX],
                Some("Kherson"),
            ),
        ])
        .expect("records");
    assert_eq!(keys, [StoryKey(1)]);
    store
        .record_placements(&[place(rows[2], StoryRef::Stored(keys[0]), vec![9], None)])
        .expect("records");
    // Placed twice: counted once.
    store
        .record_placements(&[place(rows[2], StoryRef::Stored(keys[0]), vec![9], None)])
        .expect("records");
    assert!(store.unplaced_documents().expect("lists").is_empty());
    assert_eq!(store.placed_document_count().expect("counts"), 3);
    assert_eq!(
        store
            .story_document_frequencies(&[7, 8, u64::MAX, 5, 8])
            .expect("reads"),
        [(7, 1), (8, 2), (u64::MAX, 1), (8, 2)]
    );
    assert_eq!(store.stories_with_term(u64::MAX, 5).expect("reads"), keys);
    assert_eq!(store.stories_with_term(5, 5).expect("reads"), []);
    let first = store.story_members(keys[0], 1).expect("reads");
    assert_eq!(
        first.iter().map(|m| m.doc).collect::<Vec<_>>(),
        [rows[0], rows[2]]
    );
    assert_eq!(first[0].day, NaiveDate::from_ymd_opt(2022, 11, 11));
    assert_eq!(first[0].terms, [(1, 1.5), (u64::MAX, 0.25)]);
    assert_eq!(store.story_members(keys[0], 8).expect("reads").len(), 3);
    assert_eq!(
        store.story_title(keys[0]).expect("reads").as_deref(),
        Some("Kherson")
    );
    assert_eq!(store.story_title(StoryKey(99)).expect("reads"), None);
    assert_eq!(
        store.stories().expect("lists"),
        [StoredStory {
            key: keys[0],
            title: Some("Kherson".into()),
            documents: 3
        }]
    );
    assert_eq!(
        store
            .story_of_documents(&[rows[2], DocKey(99), rows[0]])
            .expect("reads"),
        [(rows[2], keys[0]), (rows[0], keys[0])]
    );
}

/// Members in placement order, stories listed with outlets and dates, largest first.
pub fn stories_listings_and_overviews<B: Backend>(b: &mut B) {
    let mut store = b.fresh();
    let dated = |id: &str, text: &str, outlet: Option<&str>, day: Option<(i32, u32, u32)>| {
        let mut d = doc(id, text);
        d.meta.outlet =
            outlet.map(|o| crosscheck::Sourced::new(o.to_string(), crosscheck::Origin::Record));
        d.meta.published = day
            .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
            .map(|d| crosscheck::Sourced::new(d, crosscheck::Origin::Record));
        d
    };
    let docs = commit(
        &mut store,
        &[
            dated(
                "a",
                "First text.",
                Some("Kessa Courier"),
                Some((2025, 3, 5)),
            ),
            dated(
                "b",
                "Second text.",
                Some("Harbour, Daily"),
                Some((2025, 3, 4)),
            ),
            dated("c", "Third text.", Some("Kessa Courier"), None),
            dated("d", "Fourth text.", Some(""), None),
            dated("e", "Fifth text.", None, None),
        ],
    );
    // Unplaced: by date (undated last), then hash.
    let unplaced = store.unplaced_documents().expect("lists");
    assert_eq!(unplaced[..2], [docs[1], docs[0]]);
    let place = |doc: DocKey, story: StoryRef, title: Option<&str>| StoryPlacement {
        member: StoryMember {
            doc,
            day: None,
            terms: vec![(1, 1.0)],
        },
        story,
        part: None,
        similarity: 0.5,
        term_ids: vec![1],
        title: title.map(str::to_string),
    };
    let keys = store
        .record_placements(&[
            place(docs[2], StoryRef::New(0), Some("Ferry fire")),
            place(docs[0], StoryRef::New(0), None),
            place(docs[3], StoryRef::New(1), None),
            place(docs[1], StoryRef::New(0), None),
        ])
        .expect("records");
    let more = store
        .record_placements(&[place(docs[4], StoryRef::New(0), Some("Quiet"))])
        .expect("records");
    assert_eq!(
        store.story_documents(keys[0]).expect("reads"),
        [docs[2], docs[0], docs[1]]
    );
    assert_eq!(store.story_documents(keys[1]).expect("reads"), [docs[3]]);
    assert!(store
        .story_documents(StoryKey(999))
        .expect("reads")
        .is_empty());
    assert_eq!(store.story(StoryKey(999)).expect("reads"), None);
    let none = |key: StoryKey, title: Option<&str>| StoryOverview {
        key,
        title: title.map(str::to_string),
        documents: 1,
        outlets: vec![],
        first_published: None,
        last_published: None,
    };
    assert_eq!(
        store.story_overviews().expect("lists"),
        [
            StoryOverview {
                key: keys[0],
                title: Some("Ferry fire".into()),
                documents: 3,
                outlets: vec!["Harbour, Daily".into(), "Kessa Courier".into()],
                first_published: Some("2025-03-04".into()),
                last_published: Some("2025-03-05".into()),
            },
            none(keys[1], None),
            none(more[0], Some("Quiet")),
        ]
    );
}

/// A merge moves members, terms and title, and leaves a redirect; corrections are counted.
pub fn stories_merge<B: Backend>(b: &mut B) {
    let (mut store, d) = with_titles(b, &[Some("Fire"), None, Some("Vote"), None]);
    let keys = store
        .record_placements(&[
            placed(d[0], StoryRef::New(0), &[1, 2], None),
            placed(d[1], StoryRef::New(0), &[2, 3], None),
            placed(d[2], StoryRef::New(1), &[5], None),
            placed(d[3], StoryRef::New(2), &[9], Some("Ballot")),
        ])
        .expect("records");
    let (a, bk, c) = (keys[0], keys[1], keys[2]);
    assert_eq!(store.story_parts(a, 8).expect("reads").len(), 1);
    assert!(store.merge_stories(a, bk).expect("merges"));
    assert_eq!(
        store.story_documents(bk).expect("reads"),
        [d[2], d[0], d[1]]
    );
    assert_eq!(store.story_documents(a).expect("reads"), []);
    assert_eq!(
        store.story(bk).expect("reads"),
        Some(StoredStory {
            key: bk,
            title: None,
            documents: 3
        })
    );
    assert_eq!(store.story(a).expect("reads"), None);
    let listed: Vec<StoryKey> = store
        .stories()
        .expect("lists")
        .iter()
        .map(|s| s.key)
        .collect();
    assert_eq!(listed, [bk, c]);
    for term in [1, 2, 3, 5] {
        assert_eq!(store.stories_with_term(term, 8).expect("reads"), [bk]);
    }
    assert_eq!(
        members(&store.story_parts(bk, 8).expect("reads")),
        [(None, vec![d[2]]), (Some(a), vec![d[0], d[1]])]
    );
    assert_eq!(store.story_redirect(a).expect("reads"), Some(bk));
    assert_eq!(store.story_redirect(bk).expect("reads"), None);
    assert_eq!(store.story_redirect(StoryKey(999)).expect("reads"), None);
    assert_eq!(store.story_correction_count().expect("counts"), 1);
    assert_eq!(store.placed_document_count().expect("counts"), 4);
    assert!(!store.merge_stories(a, c).expect("merges"));
    assert!(!store.merge_stories(c, a).expect("merges"));
    assert!(!store.merge_stories(c, StoryKey(999)).expect("merges"));
    assert!(!store.merge_stories(c, c).expect("merges"));
    assert_eq!(store.story_correction_count().expect("counts"), 1);
    assert!(store.merge_stories(bk, c).expect("merges"));
    assert_eq!(store.story_redirect(a).expect("reads"), Some(c));
    assert_eq!(store.story_redirect(bk).expect("reads"), Some(c));
    assert_eq!(
        members(&store.story_parts(c, 8).expect("reads")),
        [
            (None, vec![d[3]]),
            (Some(a), vec![d[0], d[1]]),
            (Some(bk), vec![d[2]])
        ]
    );
    assert_eq!(
        store.stories().expect("lists"),
        [StoredStory {
            key: c,
            title: Some("Ballot".into()),
            documents: 4
        }]
    );
    assert_eq!(store.stories_with_term(1, 8).expect("reads"), [c]);
    // A story without a title takes the merged one's.
    let (mut store, d) = with_titles(b, &[None, None]);
    let keys = store
        .record_placements(&[
            placed(d[0], StoryRef::New(0), &[1], None),
            placed(d[1], StoryRef::New(1), &[2], Some("Fire")),
        ])
        .expect("records");
    assert!(store.merge_stories(keys[1], keys[0]).expect("merges"));
    assert_eq!(
        store.story_title(keys[0]).expect("reads").as_deref(),
        Some("Fire")
    );
}

/// A move updates both stories, starts a story of its own, empties and redirects.
pub fn stories_move<B: Backend>(b: &mut B) {
    let (mut store, d) = with_titles(b, &[Some("Fire"), Some("Smoke"), Some("Vote"), None]);
    let keys = store
        .record_placements(&[
            placed(d[0], StoryRef::New(0), &[1, 2], Some("Fire")),
            placed(d[1], StoryRef::New(0), &[2, 3], Some("Smoke")),
            placed(d[2], StoryRef::New(1), &[5], Some("Vote")),
        ])
        .expect("records");
    let (a, bk) = (keys[0], keys[1]);
    assert_eq!(store.move_document(d[3], None).expect("moves"), None);
    assert_eq!(
        store
            .move_document(d[0], Some(StoryKey(999)))
            .expect("moves"),
        None
    );
    assert_eq!(store.move_document(d[0], Some(a)).expect("moves"), Some(a));
    assert_eq!(store.move_document(d[2], None).expect("moves"), Some(bk));
    assert_eq!(store.story_correction_count().expect("counts"), 0);
    let own = store
        .move_document(d[0], None)
        .expect("moves")
        .expect("moved");
    assert_eq!(own, StoryKey(3));
    assert_eq!(
        store.story(own).expect("reads"),
        Some(StoredStory {
            key: own,
            title: Some("Fire".into()),
            documents: 1
        })
    );
    assert_eq!(
        store.story(a).expect("reads"),
        Some(StoredStory {
            key: a,
            title: Some("Smoke".into()),
            documents: 1
        })
    );
    assert_eq!(store.stories_with_term(1, 8).expect("reads"), [own]);
    assert_eq!(store.stories_with_term(2, 8).expect("reads"), [own, a]);
    assert_eq!(store.stories_with_term(3, 8).expect("reads"), [a]);
    assert_eq!(
        store.move_document(d[1], Some(bk)).expect("moves"),
        Some(bk)
    );
    assert_eq!(store.story_documents(bk).expect("reads"), [d[2], d[1]]);
    assert_eq!(
        members(&store.story_parts(bk, 8).expect("reads")),
        [(None, vec![d[2]]), (Some(a), vec![d[1]])]
    );
    assert_eq!(store.story(a).expect("reads"), None);
    assert_eq!(store.story_redirect(a).expect("reads"), Some(bk));
    assert_eq!(store.stories_with_term(3, 8).expect("reads"), [bk]);
    assert_eq!(store.stories_with_term(2, 8).expect("reads"), [own, bk]);
    assert_eq!(
        store.move_document(d[1], Some(own)).expect("moves"),
        Some(own)
    );
    assert_eq!(
        members(&store.story_parts(own, 8).expect("reads")),
        [(None, vec![d[0]]), (Some(a), vec![d[1]])]
    );
    assert_eq!(store.story_correction_count().expect("counts"), 3);
    assert_eq!(store.move_document(d[2], Some(a)).expect("moves"), None);
    // A placement naming a story merged away lands where it went, in its part.
    let (mut store, d) = with_titles(b, &[None, None, None]);
    let keys = store
        .record_placements(&[
            placed(d[0], StoryRef::New(0), &[1], None),
            placed(d[1], StoryRef::New(1), &[2], None),
        ])
        .expect("records");
    assert!(store.merge_stories(keys[0], keys[1]).expect("merges"));
    store
        .record_placements(&[placed(d[2], StoryRef::Stored(keys[0]), &[1], None)])
        .expect("records");
    assert_eq!(
        store.story(keys[1]).expect("reads").map(|s| s.documents),
        Some(3)
    );
    assert_eq!(
        members(&store.story_parts(keys[1], 8).expect("reads")),
        [(None, vec![d[1]]), (Some(keys[0]), vec![d[0], d[2]])]
    );
}

/// A correction from another connection waits for a placement round to finish; inside a
/// round, a correction is part of it (rolled back with it).
pub fn stories_round_lock<B: Backend>(b: &mut B) {
    let (mut first, d) = with_titles(b, &[None, None]);
    let keys = first
        .record_placements(&[
            placed(d[0], StoryRef::New(0), &[1], None),
            placed(d[1], StoryRef::New(1), &[2], None),
        ])
        .expect("records");
    let mut second = b.again();
    first.begin_story_round().expect("begins");
    let (tx, rx) = mpsc::channel();
    let (from, into) = (keys[0], keys[1]);
    let waiting = std::thread::spawn(move || {
        let merged = second.merge_stories(from, into).expect("merges");
        tx.send(merged).expect("reports");
        second
    });
    assert!(
        rx.recv_timeout(Duration::from_millis(400)).is_err(),
        "the correction waits for the round"
    );
    first.finish_story_round(true).expect("finishes");
    assert_eq!(rx.recv_timeout(Duration::from_secs(30)), Ok(true));
    waiting.join().expect("joins");
    assert_eq!(first.story_redirect(keys[0]).expect("reads"), Some(keys[1]));
    first.begin_story_round().expect("begins");
    assert!(first.move_document(d[0], None).expect("moves").is_some());
    first.finish_story_round(false).expect("finishes");
    assert_eq!(first.story_documents(keys[1]).expect("reads").len(), 2);
    assert_eq!(first.story_correction_count().expect("counts"), 1);
}
