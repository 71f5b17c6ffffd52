//! Bad input never fails a run: each bad file, line or record is named on stderr and skipped,
//! every good file of the same run is stored, the summary counts the skips, and the exit
//! status is 0 when anything was read and 1 when nothing could be.

mod util;

use std::os::unix::fs::PermissionsExt;

use util::{article_text, gzip, latin1, page, warc_article, warc_gz, Fixture, Summary};

/// The good inputs: one of each format. Returns how many documents they hold.
fn create_good_inputs(fx: &Fixture) -> usize {
    fx.create(
        "wire/a.txt",
        format!(
            "date 2022-11-15 By Jane Roe\n\nKYIV (Reuters) - {}",
            article_text("Alpha")
        ),
    );
    fx.create("b.txt", article_text("Bravo"));
    fx.create("page.html", page("Harbour bridge vote", "Charlie", ""));
    let feed = [
        format!(
            r#"{{"id": "j1", "outlet": "Reuters", "text": "{}"}}"#,
            article_text("Delta").replace('\n', "\\n")
        ),
        format!(
            r#"{{"id": "j2", "text": "{}"}}"#,
            article_text("Echo").replace('\n', "\\n")
        ),
    ];
    fx.create("feed-good.jsonl", feed.join("\n") + "\n");
    fx.create(
        "crawl-good.warc.gz",
        warc_gz(&[warc_article(
            "6b1fd3c4-56a2-4a3e-9f7a-0c6f2f6d0a01",
            "https://news.example.com/foxtrot",
            "Foxtrot",
            "Foxtrot",
        )]),
    );
    6
}

/// The Windows-1252 page, declaring its charset, must be read and decoded, not skipped.
fn create_windows_1252_page(fx: &Fixture) {
    let mut bytes = latin1(&page(
        "Ministry statement",
        "Konash\u{e9}nkov said QUOTE-OPEN no retreat QUOTE-CLOSE and Golf",
        r#"<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">"#,
    ));
    // Curly quotes are Windows-1252 bytes 0x93 and 0x94 (C1 controls in Latin-1).
    for (marker, byte) in [
        (&b"QUOTE-OPEN "[..], 0x93u8),
        (&b" QUOTE-CLOSE"[..], 0x94u8),
    ] {
        while let Some(at) = bytes.windows(marker.len()).position(|w| w == marker) {
            let replacement: &[u8] = if byte == 0x93 {
                &[b' ', 0x93][..]
            } else {
                &[0x94, b' '][..]
            };
            bytes.splice(at..at + marker.len(), replacement.iter().copied());
        }
    }
    assert!(std::str::from_utf8(&bytes).is_err());
    fx.create("cp1252.html", bytes);
}

#[test]
fn bad_inputs_are_named_and_skipped_good_ones_stored() {
    let fx = Fixture::new();
    let mut good = create_good_inputs(&fx);
    create_windows_1252_page(&fx);
    good += 1;

    // Unreadable: chmod 000. Root reads it anyway, so then it is a good file, and a dangling
    // symlink stands in as the unreadable input (it is there in every case).
    let locked = fx.create("locked.txt", article_text("Hotel"));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root_reads_anything = std::fs::File::open(&locked).is_ok();
    if root_reads_anything {
        good += 1;
    }
    std::os::unix::fs::symlink(
        fx.root().join("no-such-file.txt"),
        fx.input().join("gone.txt"),
    )
    .unwrap();
    // Binary content under a text name.
    fx.create(
        "scan.txt",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00binary zip bytes",
    );
    // Not UTF-8, and nothing declares a charset.
    fx.create(
        "latin.txt",
        latin1("Caf\u{e9} au lait is served on the terrace every morning."),
    );
    // A malformed line among good lines: the good lines are read.
    let feed = [
        format!(
            r#"{{"id": "k1", "text": "{}"}}"#,
            article_text("India").replace('\n', "\\n")
        ),
        r#"{"id": "k2", "text": "unterminated"#.to_string(),
        format!(
            r#"{{"id": "k3", "text": "{}"}}"#,
            article_text("Juliet").replace('\n', "\\n")
        ),
    ];
    fx.create("feed.jsonl", feed.join("\n") + "\n");
    good += 2;
    // A WARC.gz cut inside its third record's gzip member.
    let records = [
        warc_article(
            "6b1fd3c4-56a2-4a3e-9f7a-0c6f2f6d0b01",
            "https://news.example.com/kilo",
            "Kilo",
            "Kilo",
        ),
        warc_article(
            "6b1fd3c4-56a2-4a3e-9f7a-0c6f2f6d0b02",
            "https://news.example.com/lima",
            "Lima",
            "Lima",
        ),
        warc_article(
            "6b1fd3c4-56a2-4a3e-9f7a-0c6f2f6d0b03",
            "https://news.example.com/mike",
            "Mike",
            "Mike",
        ),
    ];
    let mut crawl = warc_gz(&records[..2]);
    let third = gzip(&records[2]);
    crawl.extend_from_slice(&third[..third.len() / 2]);
    fx.create("crawl.warc.gz", crawl);
    good += 2;
    // A .jsonl.gz cut in the middle of its gzip stream.
    let lines: String = (0..40)
        .map(|i| {
            format!(
                "{{\"id\": \"cut-{i}\", \"text\": \"Line {i} of the cut feed: {}\"}}\n",
                article_text(&format!("November-{i}-{}", i * 7919 % 1000)).replace('\n', " ")
            )
        })
        .collect();
    let zipped = gzip(lines.as_bytes());
    fx.create("cut.jsonl.gz", &zipped[..zipped.len() * 6 / 10]);
    // Empty articles: only boilerplate, only whitespace.
    fx.create("empty.txt", "Leave a Reply\n\nShare on Facebook\n");
    fx.create("blank.txt", "  \n\n\t \n");
    // A 2 GB file: sparse, so it costs no disk; refused by size before any read.
    let huge = std::fs::File::create(fx.input().join("huge.txt")).unwrap();
    huge.set_len(2 << 30).unwrap();
    drop(huge);

    let (run, report) = fx.analyze(&[]);
    assert_eq!(run.code, 0, "{run:#?}");

    // Each bad input is named, with its line or record.
    assert!(
        run.skipped("gone.txt").contains("cannot read"),
        "{}",
        run.stderr
    );
    assert!(run.skipped("scan.txt").contains("binary content"));
    assert!(run.skipped("latin.txt").contains("not valid UTF-8"));
    assert!(run.skipped("feed.jsonl:2:").contains("malformed JSON"));
    assert!(run
        .skipped("crawl.warc.gz: record 3:")
        .contains("truncated"));
    let cut_line = run.skipped("cut.jsonl.gz:");
    assert!(cut_line.contains("truncated"), "{cut_line}");
    assert!(run.skipped("empty.txt").contains("empty article"));
    assert!(run.skipped("blank.txt").contains("empty article"));
    assert!(run.skipped("huge.txt").contains("2147483648 bytes"));
    let mut bad = 9;
    if !root_reads_anything {
        assert!(run.skipped("locked.txt").contains("cannot read"));
        bad += 1;
    }
    assert_eq!(run.skipped_lines().len(), bad, "{}", run.stderr);
    assert!(!run.stderr.contains("cp1252.html"), "{}", run.stderr);

    // The lines of the cut feed before the cut are read; the error names the next line.
    let report = report.expect("report written");
    let cut_read = report
        .documents
        .iter()
        .filter(|d| d.id.starts_with("cut-"))
        .count();
    assert!(
        (1..40).contains(&cut_read),
        "{cut_read} lines of the cut feed read"
    );
    assert!(
        cut_line.contains(&format!("cut.jsonl.gz:{}:", cut_read + 1)),
        "{cut_line} after {cut_read} lines"
    );
    good += cut_read;

    // Every good document is in the report and in the database.
    assert_eq!(report.documents.len(), good, "{:#?}", report.documents);
    assert_eq!(report.skipped.len(), bad);
    let stored = fx.stored();
    assert_eq!(stored.len(), good);
    for id in [
        "a",
        "b",
        "page",
        "j1",
        "j2",
        "6b1fd3c4-56a2-4a3e-9f7a-0c6f2f6d0a01",
        "cp1252",
        "k1",
        "k3",
        "6b1fd3c4-56a2-4a3e-9f7a-0c6f2f6d0b01",
        "6b1fd3c4-56a2-4a3e-9f7a-0c6f2f6d0b02",
    ] {
        assert!(stored.iter().any(|d| d.id == id), "{id} not stored");
        assert!(
            report.documents.iter().any(|d| d.id == id),
            "{id} not reported"
        );
    }

    // The declared Windows-1252 page is decoded right.
    let cp1252 = stored.iter().find(|d| d.id == "cp1252").unwrap();
    assert!(
        cp1252
            .text
            .contains("Konashénkov said “no retreat” and Golf"),
        "{}",
        cp1252.text
    );

    // The summary line counts the skipped inputs.
    let summary = run.summary();
    assert!(
        summary.contains(&format!("read {good} documents")),
        "{summary}"
    );
    assert!(summary.contains(&format!("; {bad} skipped")), "{summary}");
}

#[test]
fn nothing_readable_exits_1() {
    let fx = Fixture::new();
    fx.create("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    fx.create("latin.txt", latin1("na\u{ef}ve caf\u{e9}"));
    fx.create("empty.txt", "Leave a Reply\n");
    let mut cut = warc_gz(&[warc_article(
        "6b1fd3c4-56a2-4a3e-9f7a-0c6f2f6d0c01",
        "https://news.example.com/x",
        "X",
        "X-ray",
    )]);
    cut.truncate(cut.len() / 2);
    fx.create("cut.warc.gz", cut);

    let (run, _) = fx.analyze(&[]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(run.skipped_lines().len(), 4, "{}", run.stderr);
    assert!(run.skipped("cut.warc.gz").contains("truncated"));
    assert!(
        run.summary().contains("read 0 documents"),
        "{}",
        run.summary()
    );
    assert!(run.summary().contains("4 skipped"), "{}", run.summary());

    // `ingest` too (with a fresh database: files read before count as done, bad or not).
    let run = fx.run(&["ingest", "in", "--db", "fresh.db"]);
    assert_eq!(run.code, 1, "{run:#?}");

    // An empty folder: nothing to read either.
    let empty = tempfile::tempdir().unwrap();
    let run = fx.run(&[
        "ingest",
        &empty.path().display().to_string(),
        "--db",
        "other.db",
    ]);
    assert_eq!(run.code, 1, "{run:#?}");
}

#[test]
fn the_same_input_twice_adds_nothing() {
    let fx = Fixture::new();
    let good = create_good_inputs(&fx);
    fx.create("scan.txt", b"\x00\x01\x02");

    let (first, _) = fx.analyze(&[]);
    assert_eq!(first.code, 0, "{first:#?}");
    assert!(
        first
            .summary()
            .contains(&format!("{good} new, 0 already stored")),
        "{}",
        first.summary()
    );
    let (second, report) = fx.analyze(&[]);
    assert_eq!(second.code, 0, "{second:#?}");
    assert!(
        second
            .summary()
            .contains(&format!("0 new, {good} already stored")),
        "{}",
        second.summary()
    );
    // Still reported (analyze reports what it read), never stored twice.
    assert_eq!(report.unwrap().documents.len(), good);
    assert_eq!(fx.stored().len(), good);
}

#[test]
fn ingest_skips_completed_files_on_a_second_run() {
    let fx = Fixture::new();
    let good = create_good_inputs(&fx);
    fx.create("scan.txt", b"\x00\x01\x02");
    let files = 6u64;

    let ingest = || fx.run(&["ingest", "in", "--db", "crosscheck.db", "--json"]);
    let first = ingest();
    assert_eq!(first.code, 0, "{first:#?}");
    let summary: Summary = serde_json::from_str(&first.stdout).expect("JSON summary");
    assert_eq!(summary.files, files);
    assert_eq!(summary.documents, good as u64);
    assert_eq!(summary.new, good as u64);
    assert_eq!(summary.skipped.len(), 1);
    assert!(summary.skipped[0].location.ends_with("scan.txt"));

    let second = ingest();
    assert_eq!(second.code, 0, "{second:#?}");
    let summary: Summary = serde_json::from_str(&second.stdout).expect("JSON summary");
    assert_eq!(summary.files, 0, "{summary:?}");
    assert_eq!(summary.files_already_done, files);
    assert_eq!(summary.documents, 0);
    assert_eq!(fx.stored().len(), good);

    // A changed file is read again; the others stay skipped.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    fx.create("b.txt", article_text("Bravo, updated"));
    let third = fx.run(&["ingest", "in", "--db", "crosscheck.db"]);
    assert_eq!(third.code, 0, "{third:#?}");
    assert!(
        third
            .summary()
            .contains("read 1 document from 1 file; 1 new"),
        "{}",
        third.summary()
    );
    assert!(
        third
            .summary()
            .contains(&format!("{} files already ingested", files - 1)),
        "{}",
        third.summary()
    );
    assert_eq!(fx.stored().len(), good + 1);
}
