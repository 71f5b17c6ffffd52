//! A tiny fixture for running the real `crosscheck` binary on files made in a temp folder,
//! plus builders for the inputs the tests need (news pages, WARC records, gzip members).
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

/// A fresh temp folder with an `in/` folder for inputs and a database beside it.
pub struct Fixture {
    dir: tempfile::TempDir,
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The stderr lines that report a skipped input.
    pub fn skipped_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("crosscheck: skipped"))
            .collect()
    }

    /// The one stderr line that reports a skip of `needle` (a file name, with `:line` or
    /// `: record N`); panics with the whole stderr if there is not exactly one.
    pub fn skipped(&self, needle: &str) -> &str {
        let found: Vec<&str> = self
            .skipped_lines()
            .into_iter()
            .filter(|l| l.contains(needle))
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected one skip message naming {needle:?}; stderr:\n{}",
            self.stderr
        );
        found[0]
    }

    /// The summary line (`crosscheck: read ...`).
    pub fn summary(&self) -> &str {
        self.stderr
            .lines()
            .find(|l| l.starts_with("crosscheck: read "))
            .unwrap_or_else(|| panic!("no summary line; stderr:\n{}", self.stderr))
    }
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("in")).expect("input folder");
        Fixture { dir }
    }

    /// The temp folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The input folder.
    pub fn input(&self) -> PathBuf {
        self.root().join("in")
    }

    /// The database file, outside the input folder.
    pub fn db(&self) -> PathBuf {
        self.root().join("crosscheck.db")
    }

    /// Write `bytes` to `in/<name>` (creating folders) and return the path.
    pub fn create(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.input().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, bytes).expect("write input");
        path
    }

    /// Run `crosscheck <args>` in the temp folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run crosscheck");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `crosscheck analyze in --db crosscheck.db --json report.json [extra]`, with the report.
    pub fn analyze(&self, extra: &[&str]) -> (Run, Option<Report>) {
        let report = self.root().join("report.json");
        let _ = std::fs::remove_file(&report);
        let mut args = vec![
            "analyze",
            "in",
            "--db",
            "crosscheck.db",
            "--json",
            "report.json",
        ];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        let report = std::fs::read_to_string(&report)
            .ok()
            .map(|json| serde_json::from_str(&json).expect("report is valid JSON"));
        (run, report)
    }

    /// Every document in the database, read back through the store.
    pub fn stored(&self) -> Vec<crosscheck::Document> {
        use crosscheck_store::DocumentStore;
        crosscheck_store::SqliteStore::open(self.db())
            .expect("open the database")
            .documents()
            .expect("read documents")
    }
}

/// The parts of the JSON report these tests read.
#[derive(Debug, Deserialize)]
pub struct Report {
    pub schema: String,
    pub documents: Vec<ReportDocument>,
    pub skipped: Vec<ReportSkipped>,
    pub reuse: Vec<serde_json::Value>,
    pub quotes: Vec<serde_json::Value>,
    pub claims: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
pub struct ReportDocument {
    pub id: String,
    pub source: String,
    pub published: Option<String>,
    pub title: Option<String>,
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct ReportSkipped {
    pub location: String,
    pub reason: String,
}

/// The summary `crosscheck ingest --json` prints.
#[derive(Debug, Deserialize)]
pub struct Summary {
    pub files: u64,
    pub files_already_done: u64,
    pub documents: u64,
    pub new: u64,
    pub already_stored: u64,
    pub skipped: Vec<ReportSkipped>,
}

/// Run `crosscheck ingest INPUTS --db DB EXTRA...`, fail the test unless it succeeds, and
/// return its standard error (progress off: the summary line only).
#[allow(clippy::unwrap_used)] // a test helper fails loudly by design
pub fn ingest(db: &Path, inputs: &[PathBuf], extra: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("ingest")
        .args(inputs)
        .arg("--db")
        .arg(db)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Gzip `bytes` as one member.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

/// The text of a short news article; `marker` makes it unique.
pub fn article_text(marker: &str) -> String {
    (1..=3)
        .map(|i| {
            format!(
                "{marker} paragraph {i}: the regional council met on Tuesday to discuss the new harbour bridge, which engineers say will carry twelve thousand vehicles a day once it opens next spring."
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A news page around [`article_text`], with `head` inserted into `<head>`.
pub fn page(title: &str, marker: &str, head: &str) -> String {
    let paragraphs: String = article_text(marker)
        .split("\n\n")
        .map(|p| format!("<p>{p}</p>\n"))
        .collect();
    format!(
        "<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>{title}</h1>\n{paragraphs}</article><footer>Copyright 2016</footer></body></html>"
    )
}

/// When the test crawler fetched every page (WARC-Date).
pub const CRAWLED: &str = "2016-08-26T14:00:29Z";

/// One WARC record of type `warc_type`, framed as the format says.
pub fn warc_record(
    warc_type: &str,
    uuid: &str,
    uri: &str,
    content_type: &str,
    block: &[u8],
) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Date: {CRAWLED}\r\nWARC-Record-ID: <urn:uuid:{uuid}>\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// A `response` record holding the HTTP response `http`.
pub fn warc_response(uuid: &str, uri: &str, http: &[u8]) -> Vec<u8> {
    warc_record(
        "response",
        uuid,
        uri,
        "application/http; msgtype=response",
        http,
    )
}

/// An HTTP response message.
pub fn http(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

/// A 200 HTML response record for a page made by [`page`].
pub fn warc_article(uuid: &str, uri: &str, title: &str, marker: &str) -> Vec<u8> {
    warc_response(
        uuid,
        uri,
        &http(
            "200 OK",
            &[("Content-Type", "text/html; charset=utf-8")],
            page(title, marker, "").as_bytes(),
        ),
    )
}

/// Records as a CC-NEWS file: one gzip member per record.
pub fn warc_gz(records: &[Vec<u8>]) -> Vec<u8> {
    records.iter().flat_map(|r| gzip(r)).collect()
}

/// Latin-1 / Windows-1252 bytes for text whose characters are all below U+0100 (the few
/// Windows-1252 punctuation marks are given as their bytes by the caller).
pub fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
        .collect()
}
