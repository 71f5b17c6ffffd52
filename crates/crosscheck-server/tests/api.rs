//! The JSON API and the pages over stores built by the real `ingest` from examples/harbour-fire
//! (always) and ../shared/seeds (where present): what a careful reader of those articles
//! would find, reached through HTTP.

mod common;

use common::Backend;
use serde_json::Value;

/// The story whose documents include `id`, from `/api/stories` and `/api/story/{key}`.
fn story_with(server: &common::Running, id: &str) -> (i64, Value) {
    let stories = common::get_json(&server.url("/api/stories"));
    for story in stories["stories"].as_array().expect("a story list") {
        let key = story["key"].as_i64().expect("a key");
        let full = common::get_json(&server.url(&format!("/api/story/{key}")));
        let has = full["report"]["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .any(|d| d["id"] == id);
        if has {
            return (key, full);
        }
    }
    panic!("no story holds {id}");
}

fn doc<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["documents"]
        .as_array()
        .and_then(|docs| docs.iter().find(|d| d["id"] == id))
        .unwrap_or_else(|| panic!("document {id} in the report"))
}

/// The code points `span` covers in `text`.
fn cut(text: &str, span: &Value) -> String {
    let a = span[0].as_u64().expect("start") as usize;
    let b = span[1].as_u64().expect("end") as usize;
    text.chars().skip(a).take(b - a).collect()
}

/// A store on `backend` holding examples/harbour-fire, in a folder of its own.
fn harbour_fire_on(backend: Backend) -> Option<(tempfile::TempDir, common::Store)> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = common::build_store_on(
        backend,
        dir.path(),
        &[common::repo_root().join("examples/harbour-fire")],
    )?;
    Some((dir, store))
}

fn harbour_fire_story_pairs_and_documents(backend: Backend) {
    let Some((dir, db)) = harbour_fire_on(backend) else {
        return;
    };
    let server = common::serve_store(&db, false, dir.path());

    let (key, full) = story_with(&server, "dailyscroll-fire");
    let report = &full["report"];
    assert!(full["story"]["documents"].as_u64().expect("size") >= 3);

    // The spun copy is derived from the wire story, and its substitutions are words of its text.
    let reuse = report["reuse"].as_array().expect("reuse pairs");
    let spun = reuse
        .iter()
        .find(|r| r["target"] == "dailyscroll-fire" && r["relation"] == "spun")
        .expect("the DailyScroll copy is found spun");
    let verbatim = reuse
        .iter()
        .any(|r| r["target"] == "harbour-gazette" && r["relation"] == "verbatim");
    assert!(
        verbatim,
        "the Gazette's republication is verbatim: {reuse:?}"
    );

    let source = doc(report, spun["source"].as_str().expect("a source id"));
    let target = doc(report, "dailyscroll-fire");
    let source_hash = &source["hash"].as_str().expect("hash")[..16];
    let target_hash = &target["hash"].as_str().expect("hash")[..16];
    let pair = common::get_json(&server.url(&format!("/api/pair/{source_hash}/{target_hash}")));
    assert_eq!(pair["pair"]["relation"], "spun");
    assert_eq!(pair["story"], key);
    let target_text = pair["target"]["text"].as_str().expect("the copy's text");
    let source_text = pair["source"]["text"].as_str().expect("the source's text");
    let subs = pair["pair"]["substitutions"]
        .as_array()
        .expect("substitutions");
    assert!(!subs.is_empty(), "a spun copy lists its substituted words");
    for s in subs {
        assert_eq!(
            cut(target_text, &s["target"]),
            s["found"].as_str().expect("found")
        );
    }
    for p in pair["pair"]["passages"].as_array().expect("passages") {
        assert!(!cut(source_text, &p["source"]).is_empty());
        assert!(!cut(target_text, &p["target"]).is_empty());
    }
    assert!(pair["direction_in_words"]
        .as_str()
        .is_some_and(|w| !w.is_empty()));

    // The document answer carries its pairs, and its quotes' spans cut their text.
    let document = common::get_json(&server.url(&format!("/api/document/{target_hash}")));
    assert_eq!(document["document"]["id"], "dailyscroll-fire");
    assert!(document["reuse"].as_array().is_some_and(|r| !r.is_empty()));
    for q in document["quotes"].as_array().expect("quotes") {
        let text = cut(target_text, &q["span"]);
        assert!(text.contains(q["text"].as_str().expect("quote text")) || !text.is_empty());
    }

    // Pages: the story, the document with its marked passages, the pair side by side.
    let (status, content_type, page) = common::get(&server.url(&format!("/story/{key}")));
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"));
    assert!(
        page.contains("class=\"edge rel-spun\""),
        "the graph draws the spun copy"
    );
    let (status, _, page) = common::get(&server.url(&format!("/doc/{target_hash}")));
    assert_eq!(status, 200);
    assert!(
        page.contains("class=\"passage src-"),
        "reused passages are marked"
    );
    assert!(
        page.contains("data-original="),
        "spun words carry their original"
    );
    let (status, _, page) = common::get(&server.url(&format!("/pair/{source_hash}/{target_hash}")));
    assert_eq!(status, 200);
    assert!(page.contains("id=\"s-0\"") && page.contains("id=\"t-0\""));
}

fn search_and_filters(backend: Backend) {
    let Some((dir, db)) = harbour_fire_on(backend) else {
        return;
    };
    let server = common::serve_store(&db, false, dir.path());

    let found = common::get_json(&server.url("/api/search?q=ferry+evacuated"));
    let results = found["results"].as_array().expect("results");
    assert!(!results.is_empty(), "{found}");
    for r in results {
        let snippet: String = r["snippet"]
            .as_array()
            .expect("snippet")
            .iter()
            .filter(|p| p["matched"] == true)
            .map(|p| p["text"].as_str().unwrap_or("").to_lowercase())
            .collect();
        assert!(
            snippet.contains("ferry") || snippet.contains("evacuated"),
            "{r}"
        );
    }
    let none = common::get_json(&server.url("/api/search?q=zebra+xylophone"));
    assert_eq!(none["results"].as_array().map(Vec::len), Some(0));
    // Operator syntax is read as words, never an error.
    let odd = common::get_json(&server.url("/api/search?q=%22a%22+OR+NEAR(+*+-x+%5E"));
    assert!(odd["results"].is_array());

    let all = common::get_json(&server.url("/api/stories"));
    let total = all["total"].as_u64().expect("total");
    let only = common::get_json(&server.url("/api/stories?outlet=Coastwire"));
    let listed = only["stories"].as_array().expect("stories");
    assert!(!listed.is_empty());
    assert!(listed.iter().all(|s| s["outlets"]
        .as_array()
        .is_some_and(|o| o.iter().any(|x| x == "Coastwire"))));
    let nothing = common::get_json(&server.url("/api/stories?outlet=No+Such+Outlet"));
    assert_eq!(nothing["total"], 0);
    let spun = common::get_json(&server.url("/api/stories?relation=spun"));
    assert!(spun["total"].as_u64().expect("total") <= total);
    assert!(spun["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .all(|s| s["relations"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x == "spun"))));

    let (status, _, page) = common::get(&server.url("/search?q=ferry"));
    assert_eq!(status, 200);
    assert!(page.contains("<mark>"), "matched words are marked");
}

fn errors_and_headers(backend: Backend) {
    let Some((dir, db)) = harbour_fire_on(backend) else {
        return;
    };
    let server = common::serve_store(&db, false, dir.path());

    for path in [
        "/api/story/999999",
        "/api/document/ffffffffffffffff",
        "/api/pair/00000000/11111111",
    ] {
        let (status, content_type, body) = common::get(&server.url(path));
        assert_eq!(status, 404, "{path}");
        assert!(content_type.starts_with("application/json"), "{path}");
        let error: Value = serde_json::from_str(&body).expect("a JSON error");
        assert!(error["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    for path in [
        "/story/999999",
        "/doc/zz",
        "/nothing/here",
        "/../../etc/passwd",
        "/static/../Cargo.toml",
    ] {
        let (status, content_type, body) = common::get(&server.url(path));
        assert_eq!(status, 404, "{path}");
        assert!(content_type.starts_with("text/html"), "{path}");
        assert!(!body.contains("root:"), "{path}");
    }
    let response = ureq::get(&server.url("/")).call().expect("the corpus page");
    let csp = response
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .expect("a Content-Security-Policy")
        .to_string();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(
        response
            .headers()
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
    // The server listens on loopback unless told otherwise.
    assert!(crosscheck_server::DEFAULT_ADDR.starts_with("127.0.0.1:"));
}

fn seeds_story_disputes_quotes_and_claims(backend: Backend) {
    let Some(seeds) = common::seeds() else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let Some(db) = common::build_store_on(backend, dir.path(), &[seeds]) else {
        return;
    };
    let server = common::serve_store(&db, false, dir.path());
    let (key, full) = story_with(&server, "003_4f9ecc42f706bc11");
    assert_eq!(
        full["report"]["documents"].as_array().map(Vec::len),
        Some(5),
        "the five seeds are one story"
    );

    // Once opened, the story list counts its disputes.
    let listed = common::get_json(&server.url("/api/stories"));
    let row = listed["stories"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["key"] == key))
        .expect("the story is listed");
    assert!(row["disputed"].as_u64().is_some_and(|n| n >= 1), "{row}");

    let claims = common::get_json(&server.url(&format!("/api/story/{key}/claims")));
    let disputes = claims["contradictions"].as_array().expect("contradictions");
    assert!(
        disputes.iter().any(|c| {
            let s = c["statement"].as_str().unwrap_or("");
            s.contains("September") && s.contains("October")
        }),
        "the annexation month is disputed: {disputes:?}"
    );
    let quotes = common::get_json(&server.url(&format!("/api/story/{key}/quotes")));
    let speakers: Vec<&str> = quotes["quotes"]
        .as_array()
        .expect("quotes")
        .iter()
        .filter_map(|q| q["speaker_name"].as_str())
        .collect();
    assert!(
        speakers.iter().any(|s| s.contains("Peskov")),
        "{speakers:?}"
    );

    let (status, _, page) = common::get(&server.url(&format!("/story/{key}")));
    assert_eq!(status, 200);
    assert!(page.contains("class=\"dispute\""));
    assert!(page.contains("Dmitry Peskov"));
    // The spun CNN copy's quotes are shown cleaned, and say so.
    assert!(page.contains("shown with the substituted words put back"));
}

/// The ids of the documents of a `/api/story/{key}` answer.
fn document_ids(story: &Value) -> Vec<&str> {
    story["report"]["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["id"].as_str())
        .collect()
}

/// Every file under `dir`.
fn walk_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk_files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// POST `body` to `url` with `headers`: status and JSON answer.
fn post(url: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Value) {
    let mut request = ureq::post(url).config().http_status_as_error(false).build();
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request.send(body).expect("the request is answered");
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .read_to_string()
        .expect("a readable answer");
    let answer = serde_json::from_str(&text).expect("a JSON answer");
    (status, answer)
}

fn ingest_from_the_page_only_when_allowed_and_from_its_pages(backend: Backend) {
    let Some((dir, db)) = harbour_fire_on(backend) else {
        return;
    };
    let wire = std::fs::read(common::repo_root().join("examples/harbour-fire/coastwire-fire.txt"))
        .expect("the wire story");
    let mut copy = String::from_utf8(wire).expect("UTF-8");
    copy.push_str("\n\nThis article was republished from Coastwire.\n");

    let write = [("X-Crosscheck-Write", "1")];
    {
        let read_only = common::serve_store(&db, false, dir.path());
        let (status, answer) = post(
            &read_only.url("/api/ingest?name=copy.txt"),
            &write,
            copy.as_bytes(),
        );
        assert_eq!(status, 403, "{answer}");
        assert!(answer["error"]
            .as_str()
            .is_some_and(|e| e.contains("--allow-ingest")));
    }
    let server = common::serve_store(&db, true, dir.path());
    let url = server.url("/api/ingest?name=copy.txt");
    // A cross-site form cannot set the header; a cross-site script is told by its Origin.
    let (status, _) = post(&url, &[], copy.as_bytes());
    assert_eq!(status, 403);
    let (status, _) = post(
        &url,
        &[
            ("X-Crosscheck-Write", "1"),
            ("Origin", "http://evil.example"),
        ],
        copy.as_bytes(),
    );
    assert_eq!(status, 403);
    let (status, _) = post(
        &server.url("/api/ingest?name=run.sh"),
        &write,
        copy.as_bytes(),
    );
    assert_eq!(status, 415);

    let before = common::get_json(&server.url("/api/stories"));
    let (status, answer) = post(&url, &write, copy.as_bytes());
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["new"], 1);
    let placed = &answer["documents"][0];
    assert_eq!(placed["document"]["id"], "copy");
    let story = placed["document"]["story"]
        .as_i64()
        .expect("the copy is placed in a story");
    // It joins the wire story's story, and the story page now shows it as a copy of the wire.
    let full = common::get_json(&server.url(&format!("/api/story/{story}")));
    let ids = document_ids(&full);
    assert!(
        ids.contains(&"coastwire-fire") && ids.contains(&"copy"),
        "{ids:?}"
    );
    assert!(full["report"]["reuse"]
        .as_array()
        .expect("reuse")
        .iter()
        .any(|r| r["target"] == "copy" && r["source"] == "coastwire-fire"));
    let after = common::get_json(&server.url("/api/stories"));
    assert_eq!(before["total"], after["total"], "no story was started");

    // A pasted article.
    let pasted = serde_json::json!({
        "format": "text",
        "title": "Council approves new bike lanes",
        "outlet": "Test Post",
        "published": "2025-04-01",
        "text": "The city council approved three new protected bike lanes on Tuesday after a long \
                 debate, with work to start in May and finish before the autumn term begins.",
    });
    let (status, answer) = post(
        &server.url("/api/ingest/text"),
        &[
            ("X-Crosscheck-Write", "1"),
            ("Content-Type", "application/json"),
        ],
        pasted.to_string().as_bytes(),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["documents"][0]["document"]["outlet"], "Test Post");
    // Uploads are kept beside the database.
    let kept = walk_files(dir.path());
    assert!(
        kept.iter().any(|p| p.ends_with("copy.txt"))
            && kept.iter().any(|p| p.ends_with("pasted.jsonl")),
        "uploads are kept: {kept:?}"
    );
}

fn stories_merged_and_documents_moved_from_the_page_stay_so(backend: Backend) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bridge = dir.path().join("bridge");
    std::fs::create_dir(&bridge).expect("a folder");
    let text = "The Old Mill bridge reopened to traffic on Monday after six weeks of repairs, the \
                county roads office said, and buses returned to their usual route through the \
                village. Engineers replaced two steel beams and resurfaced the deck.";
    std::fs::write(
        bridge.join("county-news.txt"),
        format!("date 2025-05-05\n\n{text}"),
    )
    .expect("write");
    std::fs::write(
        bridge.join("village-post.txt"),
        format!("date 2025-05-06\n\n{text} Residents welcomed the news.\n"),
    )
    .expect("write");
    let Some(db) = common::build_store_on(
        backend,
        dir.path(),
        &[common::repo_root().join("examples/harbour-fire"), bridge],
    ) else {
        return;
    };
    let server = common::serve_store(&db, true, dir.path());
    let write = [
        ("X-Crosscheck-Write", "1"),
        ("Content-Type", "application/json"),
    ];

    let (fire, _) = story_with(&server, "coastwire-fire");
    let (bridge_story, full) = story_with(&server, "county-news");
    assert_ne!(fire, bridge_story, "two events, two stories");
    let before = common::get_json(&server.url("/api/stories"))["total"]
        .as_u64()
        .expect("total");

    // Refused: the same story, an unknown one.
    let (status, _) = post(
        &server.url(&format!("/api/story/{fire}/merge")),
        &write,
        format!("{{\"into\": {fire}}}").as_bytes(),
    );
    assert_eq!(status, 422);
    let (status, _) = post(
        &server.url("/api/story/999999/merge"),
        &write,
        format!("{{\"into\": {fire}}}").as_bytes(),
    );
    assert_eq!(status, 422);

    let (status, answer) = post(
        &server.url(&format!("/api/story/{bridge_story}/merge")),
        &write,
        format!("{{\"into\": {fire}}}").as_bytes(),
    );
    assert_eq!(status, 200, "{answer}");
    let after = common::get_json(&server.url("/api/stories"))["total"]
        .as_u64()
        .expect("total");
    assert_eq!(after, before - 1);
    // The merged-away address redirects to the merged story, which holds both.
    let merged = common::get_json(&server.url(&format!("/api/story/{bridge_story}")));
    assert_eq!(merged["story"]["key"], fire);
    let ids = document_ids(&merged);
    assert!(
        ids.contains(&"county-news") && ids.contains(&"coastwire-fire"),
        "{ids:?}"
    );

    // Move one bridge report out to a story of its own.
    let hash = full["report"]["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["id"] == "village-post")
        .and_then(|d| d["hash"].as_str())
        .expect("the village report")[..16]
        .to_string();
    let (status, answer) = post(
        &server.url(&format!("/api/document/{hash}/move")),
        &write,
        b"{\"to\": null}",
    );
    assert_eq!(status, 200, "{answer}");
    let own = answer["story"].as_i64().expect("its new story");
    assert_ne!(own, fire);
    let document = common::get_json(&server.url(&format!("/api/document/{hash}")));
    assert_eq!(document["story"], own);
    let story = common::get_json(&server.url(&format!("/api/story/{fire}")));
    assert!(!story["report"]["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .any(|d| d["id"] == "village-post"));

    // Read-only servers refuse corrections.
    drop(server);
    let read_only = common::serve_store(&db, false, dir.path());
    let (status, _) = post(
        &read_only.url(&format!("/api/document/{hash}/move")),
        &write,
        format!("{{\"to\": {fire}}}").as_bytes(),
    );
    assert_eq!(status, 403);
}

#[test]
fn a_client_past_its_rate_is_told_to_wait() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = common::build_store(
        dir.path(),
        &[common::repo_root().join("examples/harbour-fire")],
    );
    let server = common::serve_limited(&db, false, Some(5));
    let statuses: Vec<u16> = (0..40)
        .map(|_| common::get(&server.url("/api/stories")).0)
        .collect();
    let ok = statuses.iter().filter(|s| **s == 200).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    // A burst of four seconds' worth (20), plus what refills while the requests run.
    assert!((20..=30).contains(&ok), "{statuses:?}");
    assert!(refused >= 10, "{statuses:?}");
    assert_eq!(ok + refused, 40, "{statuses:?}");
}

/// Each case above, on SQLite and on PostgreSQL (which says `skipping:` where it is not
/// installed): the server answers the same from either store.
macro_rules! on_both_stores {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $case() {
                super::$case(super::Backend::Sqlite)
            })*
        }
        mod postgres {
            $(#[test]
            fn $case() {
                super::$case(super::Backend::Postgres)
            })*
        }
    };
}

on_both_stores!(
    harbour_fire_story_pairs_and_documents,
    search_and_filters,
    errors_and_headers,
    seeds_story_disputes_quotes_and_claims,
    ingest_from_the_page_only_when_allowed_and_from_its_pages,
    stories_merged_and_documents_moved_from_the_page_stay_so,
);
