//! The team store: every command on a PostgreSQL database, against a real throwaway cluster
//! (Debian's PostgreSQL; the tests say `skipping:` where it is not installed).
//!
//! Several `ingest` processes on one PostgreSQL database give the one-run result, as on
//! SQLite; a corpus copied SQLite → PostgreSQL → SQLite keeps every document and finding; and
//! `serve` answers from PostgreSQL.
#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers fail loudly by design

#[path = "../../crosscheck-store-pg/tests/cluster/mod.rs"]
mod cluster;
#[path = "../../crosscheck-engine/tests/util/corpus.rs"]
mod corpus;
#[path = "../../crosscheck-engine/tests/util/snapshot.rs"]
mod snapshot;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crosscheck_engine::{open_store, StoreSpec};

fn crosscheck(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(output: &Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn demo() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/harbour-fire")
        .display()
        .to_string()
}

fn snapshot_at(spec: &str) -> snapshot::Snapshot {
    snapshot::snapshot_of(&open_store(&StoreSpec::parse(spec)).unwrap())
}

#[test]
fn four_ingest_processes_on_one_postgres_database_give_the_one_run_result() {
    let Some(cluster) = cluster::shared() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let articles = corpus::feed(300, 250, 11);
    let (first, second) = articles.split_at(articles.len() / 2);
    let inputs: Vec<PathBuf> = vec![tmp.path().join("a.jsonl"), tmp.path().join("b.jsonl")];
    corpus::write_jsonl(&inputs[0], first);
    corpus::write_jsonl(&inputs[1], second);
    let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();

    ok(&crosscheck(
        &["ingest", &names[0], &names[1], "--db", "whole.db", "-q"],
        tmp.path(),
    ));
    let expected = snapshot::snapshot(&tmp.path().join("whole.db"));

    let database = cluster.database();
    let url = database.url();
    let children: Vec<_> = [&names[0], &names[1], &names[0], &names[1]]
        .iter()
        .map(|input| {
            Command::new(env!("CARGO_BIN_EXE_crosscheck"))
                .args(["ingest", input, "--db", &url, "-q"])
                .current_dir(tmp.path())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        ok(&child.wait_with_output().unwrap());
    }
    let got = snapshot_at(&url);
    assert_eq!(got.documents, expected.documents);
    assert_eq!(
        got.pairs, expected.pairs,
        "the same pairs, verdicts and passages"
    );
    let agreement = snapshot::story_agreement(&got.stories, &expected.stories);
    eprintln!("four processes on PostgreSQL: stories agree {agreement:.3}");
    assert!(agreement >= 0.9, "story agreement {agreement}");
}

#[test]
fn a_killed_ingest_into_postgres_resumes_to_the_uninterrupted_result() {
    let Some(cluster) = cluster::shared() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let articles = corpus::feed(300, 250, 13);
    let input = tmp.path().join("feed.jsonl");
    corpus::write_jsonl(&input, &articles);
    let input = input.display().to_string();
    let whole = cluster.database();
    let started = std::time::Instant::now();
    ok(&crosscheck(
        &["ingest", &input, "--db", &whole.url(), "-q"],
        tmp.path(),
    ));
    let full = started.elapsed();
    let expected = snapshot_at(&whole.url());
    assert_eq!(expected.documents.len(), articles.len());

    // `kill -9` at instants spread over the run, fixed by a seed so a failure replays.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for trial in 0..5 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let at = full.mul_f64(0.05 + 0.9 * (seed % 1000) as f64 / 1000.0);
        let database = cluster.database();
        let url = database.url();
        let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .args(["ingest", &input, "--db", &url, "-q"])
            .current_dir(tmp.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        ok(&crosscheck(
            &["ingest", &input, "--db", &url, "-q"],
            tmp.path(),
        ));
        let got = snapshot_at(&url);
        assert_eq!(
            got.documents, expected.documents,
            "trial {trial} (kill at {at:?})"
        );
        assert_eq!(got.pairs, expected.pairs, "trial {trial} (kill at {at:?})");
        let agreement = snapshot::story_agreement(&got.stories, &expected.stories);
        assert!(
            agreement >= 0.99,
            "trial {trial} (kill at {at:?}): {agreement}"
        );
        eprintln!("trial {trial}: killed at {at:?} of {full:?}, stories agree {agreement:.3}");
    }
}

#[test]
fn a_corpus_copied_to_postgres_and_back_keeps_every_finding() {
    let Some(cluster) = cluster::shared() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    ok(&crosscheck(
        &["ingest", &demo(), "--db", "a.db", "-q"],
        tmp.path(),
    ));
    let database = cluster.database();
    let url = database.url();
    ok(&crosscheck(
        &["store", "copy", "--from", "a.db", "--to", &url, "-q"],
        tmp.path(),
    ));
    ok(&crosscheck(
        &["store", "copy", "--from", &url, "--to", "b.db", "-q"],
        tmp.path(),
    ));

    let a = snapshot::snapshot(&tmp.path().join("a.db"));
    assert_eq!(snapshot_at(&url), a, "PostgreSQL holds what SQLite did");
    assert_eq!(snapshot::snapshot(&tmp.path().join("b.db")), a, "and back");

    // The same report from either store.
    let export = |db: &str| {
        let out = crosscheck(&["export", "jsonl", "--db", db, "-q"], tmp.path());
        ok(&out);
        out.stdout
    };
    assert_eq!(export("a.db"), export(&url));
}

#[test]
fn serve_answers_from_postgres() {
    let Some(cluster) = cluster::shared() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let database = cluster.database();
    let url = database.url();
    ok(&crosscheck(
        &["ingest", &demo(), "--db", &url, "-q"],
        tmp.path(),
    ));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["serve", "--db", &url, "--addr", &addr, "-q"])
        .current_dir(tmp.path())
        .spawn()
        .unwrap();
    let get = |path: &str| -> Option<String> {
        let mut stream = std::net::TcpStream::connect(&addr).ok()?;
        use std::io::{Read, Write};
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).ok()?;
        Some(answer)
    };
    let mut stories = None;
    for _ in 0..100 {
        if let Some(answer) = get("/api/stories") {
            stories = Some(answer);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let search = get("/api/search?q=ferry");
    let _ = server.kill();
    let _ = server.wait();
    let stories = stories.expect("serve answers");
    assert!(stories.starts_with("HTTP/1.1 200"), "{stories}");
    assert!(
        stories.contains("Ferry fire forces evacuation in Port Halden"),
        "{stories}"
    );
    let search = search.expect("search answers");
    assert!(search.contains("\"matched\":true"), "{search}");
}
