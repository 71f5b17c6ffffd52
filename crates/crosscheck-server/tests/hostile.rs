//! Article text is hostile input: markup in a title, outlet, byline or body reaches every
//! page as text, never as HTML.

mod common;

const PAYLOAD: &str = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">\
    <a href=\"javascript:window.__pwned=3\">click</a></textarea><svg onload=alert(1)>";

fn hostile_corpus(dir: &std::path::Path) -> std::path::PathBuf {
    let text = format!(
        "Officials said the bridge {PAYLOAD} reopened on Monday after repairs lasting six weeks, \
         and traffic returned to normal by the evening rush hour in the city centre.\n\n\
         \"It is good to have it back {PAYLOAD},\" a driver said. The council said the work cost \
         two million and finished ahead of schedule, before the winter storms were due."
    );
    let record = |id: &str, outlet: &str| {
        serde_json::json!({
            "id": id,
            "outlet": format!("{outlet} {PAYLOAD}"),
            "published": "2024-05-06",
            "title": format!("Bridge reopens {PAYLOAD}"),
            "bylines": [format!("Ann Writer {PAYLOAD}")],
            "url": "javascript:window.__pwned=4",
            "text": text,
        })
        .to_string()
    };
    let input = dir.join("hostile.jsonl");
    std::fs::write(
        &input,
        format!(
            "{}\n{}\n",
            record("first", "Wire"),
            record("second", "Copy")
        ),
    )
    .expect("write the hostile input");
    input
}

fn assert_escaped(path: &str, page: &str) {
    for raw in [
        "<script>window",
        "<img src=x",
        "<a href=\"javascript:",
        "<svg onload",
        "</textarea>",
    ] {
        assert!(!page.contains(raw), "{path} carries raw markup {raw:?}");
    }
}

#[test]
fn markup_in_articles_is_shown_as_text_on_every_page() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = hostile_corpus(dir.path());
    let db = common::build_store(dir.path(), &[input]);
    let server = common::serve(&db, false);

    let stories = common::get_json(&server.url("/api/stories"));
    let key = stories["stories"][0]["key"].as_i64().expect("a story");
    let full = common::get_json(&server.url(&format!("/api/story/{key}")));
    let docs = full["report"]["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 2);
    let hashes: Vec<String> = docs
        .iter()
        .map(|d| d["hash"].as_str().expect("hash")[..16].to_string())
        .collect();

    let mut paths = vec![
        "/".to_string(),
        format!("/story/{key}"),
        format!("/doc/{}", hashes[0]),
        format!("/doc/{}", hashes[1]),
        "/search?q=bridge+reopens".to_string(),
        format!("/search?q={}", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    ];
    for pair in full["report"]["reuse"].as_array().expect("reuse") {
        let hash_of = |id: &Value| {
            docs.iter()
                .find(|d| d["id"] == *id)
                .and_then(|d| d["hash"].as_str())
                .map(|h| h[..16].to_string())
                .expect("a pair's document")
        };
        paths.push(format!(
            "/pair/{}/{}",
            hash_of(&pair["source"]),
            hash_of(&pair["target"])
        ));
    }
    assert!(
        paths.len() >= 7,
        "the two copies are a reuse pair: {paths:?}"
    );
    for path in &paths {
        let (status, _, page) = common::get(&server.url(path));
        assert_eq!(status, 200, "{path}");
        assert_escaped(path, &page);
    }
    // The text is there, literally.
    let (_, _, page) = common::get(&server.url(&format!("/doc/{}", hashes[0])));
    assert!(
        page.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;")
            || page.contains("&#60;script&#62;window.__pwned=1&#60;/script&#62;"),
        "the markup is shown as text"
    );
    // A URL is shown, never linked.
    assert!(!page.contains("href=\"javascript:"));
}

use serde_json::Value;
