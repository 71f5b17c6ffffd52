//! Hostile inputs cannot take down a run: each one is read or skipped with its reason, in
//! bounded time, and everything else is stored. Each input also runs alone, timed, so a slow
//! path shows up as that input's time (bounded here only against a hang; release timings are
//! in TESTING.md).
#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers fail loudly by design

mod util;

use std::io::Write as _;
use std::time::{Duration, Instant};

use util::Fixture;

/// A debug build is several times slower than a release one; past this an input hangs.
const HANG: Duration = Duration::from_secs(120);

/// The hostile inputs, by file name.
fn hostile_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let mut inputs: Vec<(&'static str, Vec<u8>)> = Vec::new();
    // 200,000 nested elements: recursion over the DOM once overflowed the stack.
    let mut deep = String::from("<html><body>");
    deep.push_str(&"<div>".repeat(200_000));
    deep.push_str("Deep text.");
    deep.push_str(&"</div>".repeat(200_000));
    deep.push_str("</body></html>");
    inputs.push(("deep.html", deep.into_bytes()));
    // One line of 100 MB, as a JSON Lines record.
    let mut line = b"{\"id\": \"long\", \"text\": \"".to_vec();
    line.extend(std::iter::repeat_n(b'a', 100 << 20));
    line.extend_from_slice(b"\"}\n");
    inputs.push(("long-line.jsonl", line));
    // A gzip bomb: 2 GiB of zeros in about 2 MB.
    let mut bomb = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..2048 {
        bomb.write_all(&zeros).unwrap();
    }
    inputs.push(("bomb.txt.gz", bomb.finish().unwrap()));
    // 100,000 quotation marks.
    inputs.push((
        "quotes.txt",
        "He said “yes” and “no” “".repeat(100_000 / 5).into_bytes(),
    ));
    // A million short paragraphs.
    inputs.push(("paragraphs.txt", "Yes.\n\n".repeat(1_000_000).into_bytes()));
    // Random bytes named as a page.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let random: Vec<u8> = (0..1 << 20)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect();
    inputs.push(("random.html", random));
    inputs
}

#[test]
fn hostile_inputs_are_read_or_skipped_and_the_rest_is_stored() {
    let fx = Fixture::new();
    let good = util::article_text("Harbour");
    fx.create("good.txt", &good);
    let inputs = hostile_inputs();
    for (name, bytes) in &inputs {
        fx.create(name, bytes);
    }

    // Each input alone, timed.
    for (name, _) in &inputs {
        let started = Instant::now();
        let run = fx.run(&[
            "analyze",
            &format!("in/{name}"),
            "--db",
            "alone.db",
            "--json",
            "alone.json",
            "-q",
        ]);
        let took = started.elapsed();
        eprintln!("{name}: exit {} in {took:.2?}", run.code);
        assert!(took < HANG, "{name} took {took:?}");
        assert!(run.code == 0 || run.code == 1, "{name}: {run:#?}");
    }

    // All together with a good article: the run succeeds, the article is stored, and every
    // hostile input is either a document of the report or named in its skipped list.
    let (run, report) = fx.analyze(&[]);
    assert_eq!(run.code, 0, "{run:#?}");
    let report = report.unwrap();
    assert!(report.documents.iter().any(|d| d.id == "good"), "{run:#?}");
    for (name, _) in &inputs {
        let stem = name.split('.').next().unwrap();
        let read = report
            .documents
            .iter()
            .any(|d| d.source.contains(name) || d.id == stem);
        let skipped = report.skipped.iter().any(|s| s.location.contains(name));
        assert!(
            read || skipped,
            "{name} is neither read nor skipped: {run:#?}"
        );
    }
    assert!(fx.stored().iter().any(|d| d.id == "good"));
}
