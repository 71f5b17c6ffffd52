//! Full-text search.

use crosscheck_store::{DocKey, SearchStore};

use super::{commit, doc, titled, Backend};

fn hits<S: SearchStore>(store: &S, query: &str) -> Vec<DocKey> {
    let mut found: Vec<DocKey> = store
        .search(query, 10)
        .expect("searches")
        .into_iter()
        .map(|hit| hit.doc)
        .collect();
    found.sort_unstable();
    found
}

/// Title and text words, every word needed, diacritics and case ignored.
pub fn search_titles_texts_diacritics<B: Backend>(b: &mut B) {
    let mut store = b.fresh();
    let keys = commit(
        &mut store,
        &[
            titled(
                "a",
                "Ferry blaze strands islanders",
                "The harbour was closed on Tuesday.",
            ),
            doc("b", "A café in São Paulo reopened after the fire."),
            doc("c", "Nothing to see here."),
        ],
    );
    assert!(
        store.search("ferry", 10).expect("searches").is_empty(),
        "not indexed yet"
    );
    assert_eq!(store.refresh_search_index().expect("refreshes"), 3);
    assert_eq!(hits(&store, "FERRY"), [keys[0]], "by title");
    assert_eq!(hits(&store, "harbour tuesday"), [keys[0]], "by text");
    assert!(
        hits(&store, "harbour café").is_empty(),
        "every word must match"
    );
    assert_eq!(hits(&store, "cafe sao"), [keys[1]], "diacritics ignored");
    assert_eq!(hits(&store, "CAFÉ"), [keys[1]]);
    assert_eq!(hits(&store, "cafe\u{301}"), [keys[1]], "decomposed accent");
    assert_eq!(hits(&store, "the"), [keys[0], keys[1]]);
    assert_eq!(store.search("the", 1).expect("searches").len(), 1);
    assert!(store.search("the", 0).expect("searches").is_empty());
    assert!(store.search("", 10).expect("searches").is_empty());
    assert!(store.search("  -- ** ", 10).expect("searches").is_empty());
}

/// Any text is a valid query, read as plain words.
pub fn search_hostile_queries<B: Backend>(b: &mut B) {
    let mut store = b.fresh();
    let keys = commit(
        &mut store,
        &[doc("a", "A near miss for x, said the source.")],
    );
    store.refresh_search_index().expect("refreshes");
    for query in [
        r#""a" OR NEAR( * -x ^"#,
        "\"",
        "\"\"",
        "title:near",
        "a AND",
        "NOT",
        "x*",
        "{title text}: x",
        "\u{2}x\u{3}",
        "\u{345}",
        "x \u{0}",
        "a & !x | (near <-> miss)",
        "it's x\\",
        "x:* & a:A",
    ] {
        store
            .search(query, 10)
            .unwrap_or_else(|e| panic!("{query:?}: {e}"));
    }
    assert!(hits(&store, r#""a" OR NEAR( * -x ^"#).is_empty());
    assert_eq!(hits(&store, "near: x* (a)"), [keys[0]]);
    assert_eq!(hits(&store, "a & !x | (near <-> miss)"), [keys[0]]);
    let many = "a ".repeat(40) + "absent";
    assert_eq!(
        hits(&store, &many),
        [keys[0]],
        "words past the 16th ignored"
    );
}

/// Refreshing adds only what is new; ingest does not index.
pub fn search_refresh_is_incremental<B: Backend>(b: &mut B) {
    let mut store = b.fresh();
    let keys = commit(&mut store, &[doc("a", "The first quiet text.")]);
    assert_eq!(store.refresh_search_index().expect("refreshes"), 1);
    assert_eq!(store.refresh_search_index().expect("refreshes"), 0);
    let new = commit(&mut store, &[doc("b", "The second quiet text.")]);
    assert_eq!(hits(&store, "quiet"), [keys[0]], "ingest does not index");
    assert_eq!(store.refresh_search_index().expect("refreshes"), 1);
    assert_eq!(store.refresh_search_index().expect("refreshes"), 0);
    assert_eq!(hits(&store, "quiet"), [keys[0], new[0]]);
    assert_eq!(hits(&store, "second"), [new[0]]);
}

/// Snippets mark the matched words, in order, without markers.
pub fn search_snippets<B: Backend>(b: &mut B) {
    let text = "Islanders on Kessa face two weeks without their main ferry after a fire \
                destroyed the vessel overnight, officials said on Tuesday morning.";
    let mut store = b.fresh();
    let keys = commit(&mut store, &[doc("a", text), doc("b", "Ça va, ferry.")]);
    store.refresh_search_index().expect("refreshes");
    let found = store.search("ferry officials", 10).expect("searches");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].doc, keys[0]);
    let matched: Vec<&str> = found[0]
        .snippet
        .iter()
        .filter(|p| p.matched)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(matched, ["ferry", "officials"]);
    let whole: String = found[0].snippet.iter().map(|p| p.text.as_str()).collect();
    assert!(whole.contains("main ferry after"), "{whole}");
    assert!(!whole.contains(['\u{2}', '\u{3}']));
    let found = store.search("ca", 10).expect("searches");
    assert_eq!(found.len(), 1);
    let matched: Vec<&str> = found[0]
        .snippet
        .iter()
        .filter(|p| p.matched)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(matched, ["Ça"]);
}
