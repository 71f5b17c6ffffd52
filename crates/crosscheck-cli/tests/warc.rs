//! WARC input end to end: CC-NEWS-style `.warc.gz` (one gzip member per record) through the
//! real binary into the store and the report.

mod util;

use util::{
    gzip, http, latin1, page, warc_article, warc_gz, warc_record, warc_response, Fixture, CRAWLED,
};

const A: &str = "3d7e9a10-1111-4c4c-8a8a-000000000001";
const B: &str = "3d7e9a10-1111-4c4c-8a8a-000000000002";
const C: &str = "3d7e9a10-1111-4c4c-8a8a-000000000003";

/// A small crawl: three articles among the records a crawler also writes.
fn crawl() -> Vec<Vec<u8>> {
    crawl_number(0)
}

/// Crawl number `n`: record ids and article texts differ from every other number.
fn crawl_number(n: u32) -> Vec<Vec<u8>> {
    let id = |k: u32| format!("3d7e9a10-1111-4c4c-8a8a-{n:06x}{k:06x}");
    let marker = |name: &str| {
        if n == 0 {
            name.to_string()
        } else {
            format!("{name} {n}")
        }
    };
    let latin_page = latin1(&page("Harbour plan", &marker("Bravo Konash\u{e9}nkov"), ""));
    vec![
        warc_record(
            "warcinfo",
            &id(0xf0),
            "",
            "application/warc-fields",
            b"software: test-crawler/1.0\r\nformat: WARC File Format 1.0\r\n",
        ),
        warc_record(
            "request",
            &id(0xf1),
            "https://news.example.com/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\nHost: news.example.com\r\n\r\n",
        ),
        warc_article(
            &id(1),
            "https://news.example.com/a",
            "Bridge vote",
            &marker("Alpha"),
        ),
        warc_record(
            "metadata",
            &id(0xf2),
            "https://news.example.com/a",
            "application/warc-fields",
            b"fetchTimeMs: 87\r\n",
        ),
        warc_response(
            &id(0xf3),
            "https://news.example.com/old",
            &http("301 Moved Permanently", &[("Location", "/a")], b""),
        ),
        warc_response(
            &id(0xf4),
            "https://news.example.com/feed.json",
            &http(
                "200 OK",
                &[("Content-Type", "application/json")],
                b"{\"items\": []}",
            ),
        ),
        warc_response(
            &id(2),
            "https://news.example.com/b",
            &http(
                "200 OK",
                &[("Content-Type", "text/html; charset=ISO-8859-1")],
                &latin_page,
            ),
        ),
        warc_response(
            &id(3),
            "https://news.example.com/c",
            &http(
                "200 OK",
                &[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                &gzip(page("Traffic forecast", &marker("Charlie"), "").as_bytes()),
            ),
        ),
    ]
}

#[test]
fn cc_news_style_warc_gz_is_read_into_the_store() {
    let fx = Fixture::new();
    fx.create("CC-NEWS-20160826140000-00001.warc.gz", warc_gz(&crawl()));
    let (run, report) = fx.analyze(&[]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.skipped_lines().is_empty(), "{}", run.stderr);
    assert!(
        run.summary().contains("read 3 documents from 1 file"),
        "{}",
        run.summary()
    );

    let report = report.unwrap();
    assert_eq!(report.schema, "crosscheck.report/2");
    let ids: Vec<&str> = report.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, [A, B, C]);
    let sources: Vec<&str> = report.documents.iter().map(|d| d.source.as_str()).collect();
    assert_eq!(
        sources,
        [
            "https://news.example.com/a",
            "https://news.example.com/b",
            "https://news.example.com/c"
        ]
    );
    assert!(report.documents[1]
        .text
        .contains("Bravo Konashénkov paragraph 1"));
    assert!(report.documents[2].text.contains("Charlie paragraph 2"));
    assert_eq!(report.documents[0].title.as_deref(), Some("Bridge vote"));

    // The crawl date is kept as the crawl date, never as the publication date.
    let stored = fx.stored();
    assert_eq!(stored.len(), 3);
    for doc in &stored {
        assert_eq!(doc.meta.crawled.as_deref(), Some(CRAWLED), "{}", doc.id);
        assert!(
            doc.meta
                .published
                .as_ref()
                .is_none_or(|p| p.value.to_string() != CRAWLED[..10]),
            "{}: published {:?}",
            doc.id,
            doc.meta.published
        );
        assert_eq!(doc.meta.url.as_deref(), Some(doc.source.as_str()));
    }
    for doc in &report.documents {
        assert_ne!(doc.published.as_deref(), Some(&CRAWLED[..10]), "{}", doc.id);
    }
}

#[test]
fn uncompressed_warc_reads_the_same() {
    let fx = Fixture::new();
    fx.create("crawl.warc", crawl().concat());
    let (run, report) = fx.analyze(&[]);
    assert_eq!(run.code, 0, "{run:#?}");
    let ids: Vec<String> = report
        .unwrap()
        .documents
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(ids, [A, B, C]);
}

#[test]
fn truncated_warc_gz_keeps_records_before_the_cut() {
    let fx = Fixture::new();
    let records = crawl();
    // Cut inside the gzip member of record 7 (article B).
    let mut bytes = warc_gz(&records[..6]);
    let member = gzip(&records[6]);
    bytes.extend_from_slice(&member[..member.len() / 3]);
    fx.create("cut.warc.gz", bytes);
    // And a plain WARC cut inside record 3's header.
    let mut plain = records[..2].concat();
    plain.extend_from_slice(&records[2][..50]);
    fx.create("cut-header.warc", plain);

    let (run, report) = fx.analyze(&[]);
    assert_eq!(run.code, 0, "{run:#?}");
    let line = run.skipped("cut.warc.gz: record 7:");
    assert!(line.contains("truncated input"), "{line}");
    let line = run.skipped("cut-header.warc: record 3:");
    assert!(line.contains("truncated input"), "{line}");
    assert!(line.contains("header"), "{line}");
    let ids: Vec<String> = report
        .unwrap()
        .documents
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(ids, [A]);
    assert!(run.summary().contains("2 skipped"), "{}", run.summary());
}

#[test]
fn garbage_warc_reports_clearly_and_fails_when_nothing_is_read() {
    let fx = Fixture::new();
    fx.create(
        "noise.warc",
        "<html>this is a web page, not a web archive</html>\n".repeat(50),
    );
    fx.create("zeros.warc.gz", gzip(&[0u8; 100_000]));
    let (run, _) = fx.analyze(&[]);
    assert_eq!(run.code, 1, "{run:#?}");
    for name in ["noise.warc: record 1:", "zeros.warc.gz: record 1:"] {
        let line = run.skipped(name);
        assert!(line.contains("bad WARC record"), "{line}");
        assert!(line.contains("version line"), "{line}");
    }
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let fx = Fixture::new();
    for n in 1..=6 {
        fx.create(&format!("part-{n}.warc.gz"), warc_gz(&crawl_number(n)));
    }
    // Plus a repeat of part 1 (duplicates are dropped in input order) and a cut file.
    fx.create("part-7.warc.gz", warc_gz(&crawl_number(1)));
    let mut cut = warc_gz(&crawl_number(8));
    cut.truncate(cut.len() - 100);
    fx.create("part-8.warc.gz", cut);
    let report = |threads: &str| {
        let json = fx.root().join("report.json");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", fx.db().display()));
        }
        let run = fx.run(&[
            "analyze",
            "in",
            "--db",
            "crosscheck.db",
            "--json",
            "report.json",
            "-j",
            threads,
        ]);
        assert_eq!(run.code, 0, "{run:#?}");
        std::fs::read_to_string(json).unwrap()
    };
    let one = report("1");
    let two = report("2");
    assert!(one.contains("Charlie 6 paragraph 1"));
    assert_eq!(one, two);
}
