//! The pages in a real browser: headless Chromium driven over WebDriver (chromedriver, started
//! here on a free loopback port and always stopped), against a real server over a store built
//! by the real ingest. What only a browser shows is checked here: the script's hover tips,
//! clicking a passage to scroll the other pane, stepping through matches, forms submitted.
//!
//! Where Chromium or chromedriver is missing each test says `skipping: ...` and passes (CI
//! installs both). `CROSSCHECK_SCREENSHOTS=1` also writes docs/screenshots/*.png.
#![allow(clippy::print_stderr)]

mod common;

use std::future::Future;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Longest wait for a page, an element or a condition.
const WAIT: Duration = Duration::from_secs(20);

/// One browser at a time: the machines have two cores, and each test starts its own.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

/// A running chromedriver (and the Chromium it starts), killed when dropped.
struct Driver {
    child: Child,
    url: String,
    profile: tempfile::TempDir,
}

impl Driver {
    /// Start chromedriver on a free port and wait until it answers; `None` (and a note) where
    /// Chromium or chromedriver is not installed.
    fn start() -> Option<Driver> {
        for (what, path) in [("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)] {
            if !Path::new(path).exists() {
                eprintln!("skipping: {what} is not installed at {path} (CI installs it)");
                return None;
            }
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free loopback port")
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so that dropping it also ends the browsers it started.
            .process_group(0)
            .spawn()
            .expect("start chromedriver");
        let mut driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            profile: tempfile::tempdir().expect("a browser profile directory"),
        };
        let deadline = Instant::now() + WAIT;
        loop {
            let ready = ureq::get(&format!("{}/status", driver.url))
                .call()
                .ok()
                .and_then(|r| r.into_body().read_to_string().ok())
                .and_then(|body| serde_json::from_str::<Value>(&body).ok())
                .is_some_and(|v| v["value"]["ready"] == json!(true));
            if ready {
                return Some(driver);
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!("chromedriver exited before answering: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on port {port} within {WAIT:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Run `body` in a new headless Chromium; the session is closed however the body ends,
    /// and a panic in it fails the test with its own message.
    fn run<F, Fut>(self, body: F)
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let outcome = runtime.block_on(async {
            let client = self.connect().await;
            let outcome = tokio::spawn(body(client.clone())).await;
            let _ = client.close().await;
            outcome
        });
        drop(self);
        if let Err(failure) = outcome {
            match failure.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(failure) => panic!("the browser test did not finish: {failure}"),
            }
        }
    }

    async fn connect(&self) -> Client {
        let profile = format!("--user-data-dir={}", self.profile.path().display());
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1400,1000",
                    profile,
                ],
            },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("capabilities are a JSON object")
        };
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("start a Chromium session via {}: {e}", self.url))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Ask chromedriver to quit (it then ends its browsers and reaps them) ...
        let _ = ureq::get(&format!("{}/shutdown", self.url)).call();
        let deadline = Instant::now() + Duration::from_secs(3);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        // ... and then end the whole process group: whatever is left of it.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Run a browser test: `None` from `setup` or a missing browser skips it. `setup` builds
/// what the test serves; the body gets the client and the server's base address.
fn browser_test<S, F, Fut>(setup: S, body: F)
where
    S: FnOnce(&Path) -> Option<PathBuf>,
    F: FnOnce(Client, String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let _one = ONE_BROWSER.lock().unwrap_or_else(|p| p.into_inner());
    let Some(driver) = Driver::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let Some(db) = setup(dir.path()) else {
        return;
    };
    let server = common::serve(&db, false);
    let base = server.url("");
    driver.run(|client| body(client, base));
}

/// The harbour-fire example as a store.
fn harbour_store(dir: &Path) -> Option<PathBuf> {
    Some(common::build_store(
        dir,
        &[common::repo_root().join("examples/harbour-fire")],
    ))
}

// ---- helpers: each panics with what it was doing, so a failure says where -----------------

async fn goto(c: &Client, url: &str) {
    c.goto(url)
        .await
        .unwrap_or_else(|e| panic!("open {url}: {e}"));
}

async fn find(c: &Client, css: &str) -> Element {
    match c.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
        Ok(el) => el,
        Err(e) => panic!(
            "find `{css}` on {}, which says {:?}: {e}",
            here(c).await,
            page_text(c).await
        ),
    }
}

async fn find_all(c: &Client, css: &str) -> Vec<Element> {
    c.find_all(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("find all `{css}`: {e}"))
}

async fn find_in(el: &Element, css: &str) -> Element {
    el.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("find `{css}` inside an element: {e}"))
}

async fn text(el: &Element) -> String {
    el.text().await.expect("an element's text")
}

async fn attr(el: &Element, name: &str) -> Option<String> {
    el.attr(name)
        .await
        .unwrap_or_else(|e| panic!("attribute {name}: {e}"))
}

async fn click(el: &Element, what: &str) {
    el.click()
        .await
        .unwrap_or_else(|e| panic!("click {what}: {e}"));
}

async fn js(c: &Client, script: &str, args: Vec<Value>) -> Value {
    c.execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("run script `{script}`: {e}"))
}

fn arg(el: &Element) -> Value {
    serde_json::to_value(el).expect("an element as a script argument")
}

/// The start of the page's text, to say what a failing page shows.
async fn page_text(c: &Client) -> String {
    let text = c
        .execute(
            "return document.body ? document.body.innerText : '';",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    text.chars().take(300).collect()
}

/// Where the browser is.
async fn here(c: &Client) -> String {
    c.current_url()
        .await
        .map(|u| u.to_string())
        .unwrap_or_default()
}

/// Wait until the browser shows a fully loaded page whose path starts with `prefix`.
async fn wait_for_page(c: &Client, prefix: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let state = js(
            c,
            "return [location.pathname, document.readyState];",
            vec![],
        )
        .await;
        if state[0].as_str().is_some_and(|p| p.starts_with(prefix)) && state[1] == "complete" {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "expected a page under {prefix}, the browser is at {} ({})",
            here(c).await,
            state[1]
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Click a link and wait for the page it leads to (a path starting with `prefix`).
async fn follow(c: &Client, link: &Element, prefix: &str) {
    let href = attr(link, "href").await.unwrap_or_default();
    click(link, &format!("the link to {href}")).await;
    wait_for_page(c, prefix).await;
}

/// Wait until the script `condition` returns true.
async fn eventually(c: &Client, what: &str, condition: &str, args: Vec<Value>) {
    let deadline = Instant::now() + WAIT;
    while js(c, condition, args.clone()).await != json!(true) {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The number a count line starts with ("3 stories, showing 1–3", "2 documents match").
fn leading_number(line: &str) -> usize {
    line.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count at the start of {line:?}"))
}

/// From the corpus page, open the story with the most documents.
async fn open_biggest_story(c: &Client, base: &str) {
    goto(c, &format!("{base}/")).await;
    find(c, "#story-count").await;
    let rows = find_all(c, "table.stories tbody tr").await;
    assert!(!rows.is_empty(), "the corpus page lists stories");
    let mut best: Option<(usize, Element)> = None;
    for row in rows {
        let size: usize = text(&find_in(&row, "td.num").await)
            .await
            .trim()
            .parse()
            .expect("a document count in the row");
        if best.as_ref().is_none_or(|(n, _)| size > *n) {
            best = Some((size, row));
        }
    }
    let (_, row) = best.expect("a biggest story");
    let link = find_in(&row, "a.story-link").await;
    follow(c, &link, "/story/").await;
}

/// From a story page, open the reuse pair whose "Who copied whom" row says spun.
async fn open_spun_pair(c: &Client) {
    let rows = find_all(c, "#reuse table.pairs tbody tr").await;
    let mut spun = None;
    for row in rows {
        if text(&row).await.contains("spun") {
            spun = Some(row);
            break;
        }
    }
    let row = spun.unwrap_or_else(|| panic!("a spun pair in the story's reuse table"));
    let link = find_in(&row, "a.pair-link").await;
    follow(c, &link, "/pair/").await;
}

/// Whether element `id` is `current` and shown inside the scrolling box `box_id`: at least
/// 90% of whichever of the two is shorter lies within the other.
async fn placement(c: &Client, id: &str, box_id: &str) -> Value {
    js(
        c,
        "const el = document.getElementById(arguments[0]);
         const pane = document.getElementById(arguments[1]);
         const r = el.getBoundingClientRect(), b = pane.getBoundingClientRect();
         const overlap = Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top);
         return {
           current: el.classList.contains('current'),
           visible: overlap >= 0.9 * Math.min(r.height, b.height),
           top: r.top, bottom: r.bottom, boxTop: b.top, boxBottom: b.bottom,
           scrollTop: pane.scrollTop, scrollable: pane.scrollHeight > pane.clientHeight
         };",
        vec![json!(id), json!(box_id)],
    )
    .await
}

/// Move the mouse onto `el` (scrolled into view first) and check the tip names its original.
async fn hover_shows_original(c: &Client, el: &Element) {
    let original = attr(el, "data-original")
        .await
        .expect("a spun word carries its original");
    assert!(!original.is_empty(), "the original word is not empty");
    js(
        c,
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![arg(el)],
    )
    .await;
    let mouse = MouseActions::new("mouse".to_string()).then(PointerAction::MoveToElement {
        element: el.clone(),
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    c.perform_actions(mouse)
        .await
        .expect("move the mouse onto the spun word");
    let tip = find(c, "#tip").await;
    eventually(
        c,
        "the tip shows",
        "return !document.getElementById('tip').hidden;",
        vec![],
    )
    .await;
    assert!(
        tip.is_displayed().await.expect("the tip's visibility"),
        "#tip is visible while the mouse is on a spun word"
    );
    assert_eq!(text(&tip).await, format!("original: {original}"));
}

// ---- the tests ---------------------------------------------------------------------------

#[test]
fn a_story_leads_to_a_spun_pair_whose_passages_scroll_to_their_match() {
    browser_test(harbour_store, |c, base| async move {
        open_biggest_story(&c, &base).await;
        let title = text(&find(&c, "h1#story-title").await).await;
        assert!(!title.trim().is_empty(), "the story has a title");
        let edges = find_all(&c, "svg#chart path.edge").await;
        assert!(
            !edges.is_empty(),
            "the chart draws at least one reuse arrow"
        );

        open_spun_pair(&c).await;
        let heading = find(&c, "main h1").await;
        assert_eq!(
            attr(&heading, "class").await.as_deref(),
            Some("rel-spun"),
            "the pair page is the spun pair: {}",
            text(&heading).await
        );

        let targets = find_all(&c, "#target-text [data-match]").await;
        let last = targets.last().expect("the copy has aligned passages");
        let other = attr(last, "data-match").await.expect("a data-match value");
        let n: usize = other
            .strip_prefix("s-")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a target passage points at s-N, not {other:?}"));
        let total = find_all(&c, "#source-text [id^='s-']").await.len();
        assert!(n < total, "s-{n} is one of the {total} source passages");
        let before = placement(&c, &other, "source-text").await;
        assert_eq!(before["current"], json!(false), "nothing is current yet");
        let status = find(&c, "#match-status").await;
        let idle = text(&status).await;

        click(last, "the last passage of the copy").await;
        eventually(
            &c,
            "the matching source passage is current",
            "return document.getElementById(arguments[0]).classList.contains('current');",
            vec![json!(other)],
        )
        .await;
        let after = placement(&c, &other, "source-text").await;
        assert_eq!(
            after["visible"],
            json!(true),
            "{other} is scrolled into the source box: before {before}, after {after}"
        );
        assert!(
            js(
                &c,
                "return arguments[0].classList.contains('current');",
                vec![arg(last)]
            )
            .await
                == json!(true),
            "the clicked passage is current too"
        );
        let chosen = text(&status).await;
        assert_ne!(chosen, idle, "clicking a passage updates the status");
        assert_eq!(chosen, format!("match {} of {total}", n + 1));

        click(&find(&c, "#next-match").await, "next match").await;
        let next = (n + 1) % total;
        assert_eq!(
            text(&status).await,
            format!("match {} of {total}", next + 1),
            "next match steps on (wrapping after the last)"
        );
        let then = placement(&c, &format!("s-{next}"), "source-text").await;
        assert_eq!(then["current"], json!(true), "s-{next} is current: {then}");
        assert_eq!(
            then["visible"],
            json!(true),
            "s-{next} is scrolled into view: {then}"
        );
        if next != n {
            let now = placement(&c, &other, "source-text").await;
            assert_eq!(now["current"], json!(false), "{other} is no longer current");
        }

        click(&find(&c, "#prev-match").await, "previous match").await;
        assert_eq!(text(&status).await, format!("match {} of {total}", n + 1));
    });
}

#[test]
fn hovering_a_spun_word_shows_its_original() {
    browser_test(harbour_store, |c, base| async move {
        open_biggest_story(&c, &base).await;
        open_spun_pair(&c).await;

        // On the pair page, inside the copy's scrolling pane.
        let spun = find_all(&c, "#target-text .spun[data-original]").await;
        let word = spun.first().expect("the spun copy has substituted words");
        hover_shows_original(&c, word).await;

        // On the copy's own page.
        let copy = find(&c, "#target-pane h2 a").await;
        follow(&c, &copy, "/doc/").await;
        let tip = find(&c, "#tip").await;
        assert!(
            !tip.is_displayed().await.expect("the tip's visibility"),
            "the tip is hidden until something is hovered"
        );
        let spun = find_all(&c, "#text .spun[data-original]").await;
        assert!(!spun.is_empty(), "the document page marks the spun words");
        let word = spun.last().expect("a spun word");
        hover_shows_original(&c, word).await;

        // Moving off the word hides the tip again.
        let heading = find(&c, "h1#doc-title").await;
        let away = MouseActions::new("mouse".to_string()).then(PointerAction::MoveToElement {
            element: heading,
            duration: None,
            x: 0.0,
            y: 0.0,
        });
        c.perform_actions(away).await.expect("move the mouse away");
        eventually(
            &c,
            "the tip hides",
            "return document.getElementById('tip').hidden;",
            vec![],
        )
        .await;
    });
}

#[test]
fn searching_finds_documents_that_open() {
    browser_test(harbour_store, |c, base| async move {
        goto(&c, &format!("{base}/")).await;
        let q = find(&c, "input#q").await;
        q.send_keys("ferry")
            .await
            .expect("type into the search box");
        let submit = find(&c, "form.search button[type=submit]").await;
        click(&submit, "the search button").await;
        wait_for_page(&c, "/search").await;
        assert_eq!(
            attr(&find(&c, "input#q").await, "value").await.as_deref(),
            Some("ferry"),
            "the results page keeps the query"
        );
        let count = leading_number(&text(&find(&c, "#result-count").await).await);
        assert!(count > 0, "\"ferry\" is in the harbour-fire texts");
        let links = find_all(&c, "a.result-link").await;
        assert_eq!(links.len(), count, "one link per counted result");
        let mut hrefs = Vec::new();
        for link in &links {
            hrefs.push(attr(link, "href").await.expect("a result link's href"));
        }

        follow(&c, &links[0], "/doc/").await;
        for (n, href) in hrefs.iter().enumerate() {
            if n > 0 {
                goto(&c, &format!("{base}{href}")).await;
            }
            let title = text(&find(&c, "h1#doc-title").await).await;
            assert!(!title.trim().is_empty(), "{href} has a title");
            let body = text(&find(&c, "#text").await).await.to_lowercase();
            // "ferry" or "ferries": the search stems.
            assert!(body.contains("ferr"), "{href} is about the ferry: {body}");
        }

        // A word in no text finds nothing.
        goto(&c, &format!("{base}/search?q=zqxjvwk")).await;
        let none = leading_number(&text(&find(&c, "#result-count").await).await);
        assert_eq!(none, 0, "a made-up word matches nothing");
        assert!(find_all(&c, "a.result-link").await.is_empty());
    });
}

/// Harbour-fire and an unrelated story from two other outlets.
fn two_story_store(dir: &Path) -> Option<PathBuf> {
    let extra = dir.join("bridge.jsonl");
    let text = "The Lindholm river bridge reopened to traffic on Friday after eight months of \
                repairs to its steel deck, the county roads office said. Engineers replaced \
                forty bearings and resurfaced the whole span. Commuters had faced a detour of \
                twenty kilometres through the hill villages since the bridge closed in July.";
    let lines = [
        json!({"id": "valley-post-1", "outlet": "Valley Post", "published": "2025-02-14",
               "title": "Lindholm bridge reopens", "text": text}),
        json!({"id": "lindholm-herald-1", "outlet": "Lindholm Herald",
               "published": "2025-02-15", "title": "Bridge open again", "text": text}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&extra, body).expect("write the extra feed");
    Some(common::build_store(
        dir,
        &[common::repo_root().join("examples/harbour-fire"), extra],
    ))
}

#[test]
fn filtering_by_outlet_lists_only_its_stories() {
    browser_test(two_story_store, |c, base| async move {
        goto(&c, &format!("{base}/")).await;
        let all = leading_number(&text(&find(&c, "#story-count").await).await);
        assert!(all >= 2, "the corpus has the fire and the bridge stories");
        assert_eq!(find_all(&c, "table.stories tbody tr").await.len(), all);

        let mut outlets = Vec::new();
        for option in find_all(&c, "select#f-outlet option").await {
            let value = attr(&option, "value").await.unwrap_or_default();
            if !value.is_empty() {
                outlets.push(value);
            }
        }
        assert!(outlets.iter().any(|o| o == "Valley Post"), "{outlets:?}");
        let mut narrowed = false;
        for outlet in &outlets {
            goto(&c, &format!("{base}/")).await;
            let select = find(&c, "select#f-outlet").await;
            select
                .select_by_value(outlet)
                .await
                .unwrap_or_else(|e| panic!("choose {outlet}: {e}"));
            let submit = find(&c, "form#filters button[type=submit]").await;
            click(&submit, "Filter").await;
            eventually(
                &c,
                &format!("the page is filtered by {outlet}"),
                "return new URLSearchParams(location.search).get('outlet') === arguments[0]
                        && document.readyState === 'complete';",
                vec![json!(outlet)],
            )
            .await;
            let chosen = find(&c, "select#f-outlet").await;
            assert_eq!(
                chosen
                    .prop("value")
                    .await
                    .expect("the select's value")
                    .as_deref(),
                Some(outlet.as_str()),
                "the filter keeps {outlet} chosen"
            );
            let count = leading_number(&text(&find(&c, "#story-count").await).await);
            let rows = find_all(&c, "table.stories tbody tr").await;
            assert_eq!(rows.len(), count, "{outlet}: one row per counted story");
            assert!(count >= 1, "{outlet} is in at least one story");
            assert!(count <= all, "{outlet}: a filter never adds stories");
            narrowed |= count < all;
            for row in &rows {
                let cells = row
                    .find_all(Locator::Css("td"))
                    .await
                    .expect("the row's cells");
                let listed = text(&cells[2]).await;
                assert!(
                    listed.split(", ").any(|o| o == outlet),
                    "filtered by {outlet}, a row lists outlets {listed:?}"
                );
            }
        }
        assert!(narrowed, "some outlet filter leaves a story out");
    });
}

#[test]
fn the_seeds_story_shows_what_the_sources_dispute() {
    browser_test(
        |dir| {
            let seeds = common::seeds()?;
            Some(common::build_store(dir, &[seeds]))
        },
        |c, base| async move {
            open_biggest_story(&c, &base).await;
            let section = find(&c, "section#disputed").await;
            assert!(
                text(&find_in(&section, "h2").await)
                    .await
                    .contains("What the sources dispute"),
                "the dispute section has its heading"
            );
            let disputes = find_all(&c, "section#disputed .dispute").await;
            assert!(!disputes.is_empty(), "the seeds' sources dispute something");
            for d in &disputes {
                let statement = text(&find_in(d, ".statement").await).await;
                assert!(
                    !statement.trim().is_empty(),
                    "a dispute names its statement"
                );
                let cites = d
                    .find_all(Locator::Css("a.cite"))
                    .await
                    .expect("a dispute's citations");
                assert!(!cites.is_empty(), "a dispute cites its sides: {statement}");
            }
            let facts = text(&find(&c, "p.facts").await).await;
            assert!(
                facts.contains(&format!("{} disputed", disputes.len())),
                "the story's facts count the disputes: {facts}"
            );
            // A side's citation opens the document with the sentence marked.
            let cite = find(&c, "section#disputed .dispute a.cite").await;
            follow(&c, &cite, "/doc/").await;
            let focus = find(&c, "#text #focus").await;
            assert!(
                !text(&focus).await.trim().is_empty(),
                "the cited span is marked"
            );
        },
    );
}

#[test]
fn screenshots_of_the_pages() {
    if std::env::var("CROSSCHECK_SCREENSHOTS").as_deref() != Ok("1") {
        eprintln!("skipping: set CROSSCHECK_SCREENSHOTS=1 to write docs/screenshots/*.png");
        return;
    }
    let out = common::repo_root().join("docs/screenshots");
    std::fs::create_dir_all(&out).expect("create docs/screenshots");
    browser_test(harbour_store, move |c, base| async move {
        let shoot = |name: &'static str| {
            let c = c.clone();
            let path = out.join(name);
            async move {
                let png = c.screenshot().await.expect("a screenshot");
                assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
                std::fs::write(&path, png).expect("write the screenshot");
            }
        };
        goto(&c, &format!("{base}/")).await;
        find(&c, "#story-count").await;
        shoot("corpus.png").await;

        open_biggest_story(&c, &base).await;
        shoot("story.png").await;

        open_spun_pair(&c).await;
        let pair = here(&c).await;
        let copy = find(&c, "#target-pane h2 a").await;
        follow(&c, &copy, "/doc/").await;
        let spun = find_all(&c, "#text .spun[data-original]").await;
        if let Some(word) = spun.first() {
            hover_shows_original(&c, word).await;
        }
        shoot("document.png").await;

        goto(&c, &pair).await;
        let targets = find_all(&c, "#target-text [data-match]").await;
        if let Some(last) = targets.last() {
            click(last, "the last passage of the copy").await;
        }
        js(&c, "window.scrollTo(0, 0);", vec![]).await;
        shoot("pair.png").await;
    });
}

/// Markup a hostile article carries; every piece would set `window.__pwned` if it ran.
const HOSTILE: &str = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">\
    <a href=\"javascript:window.__pwned=3\">click</a></textarea><svg onload=\"window.__pwned=5\">";

fn hostile_store(dir: &Path) -> Option<PathBuf> {
    let text = format!(
        "Officials said the bridge {HOSTILE} reopened on Monday after repairs lasting six \
         weeks, and traffic returned to normal by the evening rush hour in the city centre.\n\n\
         \"It is good to have it back {HOSTILE},\" a driver said. The council said the work \
         cost two million and finished ahead of schedule, before the winter storms were due."
    );
    let record = |id: &str, outlet: &str| {
        json!({"id": id, "outlet": format!("{outlet} {HOSTILE}"), "published": "2024-05-06",
               "title": format!("Bridge reopens {HOSTILE}"),
               "bylines": [format!("Ann Writer {HOSTILE}")],
               "url": "javascript:window.__pwned=4", "text": text})
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
    .expect("write the hostile feed");
    Some(common::build_store(dir, &[input]))
}

#[test]
fn markup_in_articles_never_runs_and_shows_as_text() {
    browser_test(hostile_store, |c, base| async move {
        goto(&c, &format!("{base}/")).await;
        let story = find(&c, "a.story-link").await;
        follow(&c, &story, "/story/").await;
        let mut pages = vec![here(&c).await];
        for link in find_all(&c, "a.doc-link").await {
            pages.push(attr(&link, "href").await.expect("a document link"));
        }
        for link in find_all(&c, "a.pair-link").await {
            pages.push(attr(&link, "href").await.expect("a pair link"));
        }
        pages.push("/search?q=bridge".into());
        assert!(
            pages.len() >= 4,
            "story, two documents and a pair: {pages:?}"
        );
        for page in &pages {
            let url = if page.starts_with("http") {
                page.clone()
            } else {
                format!("{base}{page}")
            };
            goto(&c, &url).await;
            // Give an event handler (onerror, onload) its chance to fire.
            tokio::time::sleep(std::time::Duration::from_millis(150)).await;
            let pwned = js(
                &c,
                "return window.__pwned === undefined ? null : window.__pwned;",
                vec![],
            )
            .await;
            assert_eq!(
                pwned,
                Value::Null,
                "a script from article text ran on {page}"
            );
            let shown = page_text(&c).await;
            assert!(
                shown.contains("<script>window.__pwned=1</script>"),
                "{page} shows the markup as text"
            );
        }
        // The hostile "URL" is shown, never a link.
        let hrefs = js(
            &c,
            "return Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'));",
            vec![],
        )
        .await;
        assert!(!hrefs.to_string().contains("javascript:"), "{hrefs}");
    });
}
