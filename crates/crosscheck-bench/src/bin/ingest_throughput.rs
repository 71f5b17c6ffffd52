//! Ingest throughput: the engine's `ingest` (what `crosscheck ingest` runs) on Reuters-21578
//! and BBC News.
//!
//! ```text
//! bench/ingest_throughput.sh [DATA_DIR]
//! # which is:
//! cargo build --release -p crosscheck-bench --bin ingest_throughput
//! target/release/ingest_throughput [DATA_DIR]
//! ```
//!
//! Each run is a child process (this binary again, with `--ingest-once`) that runs
//! `crosscheck_engine::ingest` in-process on a fresh database and prints its summary as JSON,
//! so time and peak memory are the run's own.
//!
//! Converts `DATA_DIR/reuters21578` (SGML: `<REUTERS>` elements with `<DATE>`, `<TITLE>`,
//! `<DATELINE>`, `<BODY>`, SGML character references) into one JSON Lines file per `.sgm`
//! file in a temp folder, and takes `DATA_DIR/bbc_news_2225/<category>/*.txt` as they are.
//! Then it times `crosscheck ingest -q --json -j N` (a fresh database each run) on each
//! corpus with 1 and 2 threads: ingest alone (`--no-reuse --no-stories`), with story
//! placement (`--no-reuse`) and with the reuse index too (the default); and ingest alone on
//! growing slices of Reuters (1/4, 1/2, all, and the whole
//! corpus four times over, each copy perturbed so it is not a duplicate) to show whether peak
//! memory stays flat as the corpus grows. It prints a Markdown table on stdout.
//!
//! Documents/s counts articles read; MB/s counts the article text of the input (Reuters title
//! and body as decoded from the SGML, BBC file bytes), MB = 10^6 bytes. "MB per CPU s" divides
//! by the child's user + system time, which a busy machine does not inflate the way it does
//! wall time (the load average is printed on stderr). Peak memory is the child's maximum
//! resident set size (`/usr/bin/time -v`, or polling `/proc` without it). Every run checks that
//! each article was read or reported skipped, so a "speedup" that drops articles fails.
//! `CROSSCHECK_BENCH_REPEAT` (default 3) sets how many runs the throughput rows take the
//! median of; `CROSSCHECK_BENCH_KEEP=1` keeps the converted corpora in the temp folder.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use crosscheck_bench::data_dir;

/// One corpus prepared for ingest.
struct Corpus {
    name: String,
    /// Paths handed to `crosscheck ingest`.
    inputs: Vec<PathBuf>,
    /// Articles it holds: each must be read or reported as skipped.
    articles: u64,
    /// Bytes of article text.
    text_bytes: u64,
    /// Bytes of input files.
    file_bytes: u64,
}

/// One timed run.
struct Measure {
    /// Wall-clock seconds.
    seconds: f64,
    /// CPU seconds (user + system) of the child: what the run costs on a busy machine.
    cpu_seconds: f64,
    peak_rss: u64,
    /// Articles read (stored or recognised as duplicates).
    documents: u64,
    /// Articles new to the (fresh) store: distinct ones.
    new: u64,
    /// Inputs skipped with a problem.
    skipped: u64,
}

fn main() -> Result<()> {
    if std::env::args().nth(1).as_deref() == Some("--ingest-once") {
        return ingest_in_process(std::env::args().skip(2).collect());
    }
    let data = data_dir();
    let binary = std::env::current_exe().context("locating this binary")?;
    let repeat: usize = std::env::var("CROSSCHECK_BENCH_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let work = WorkDir::new()?;

    eprintln!("load average at the start: {}", load_average());
    eprintln!("converting corpora into {}", work.path().display());
    let sgm = reuters_files(&data.join("reuters21578"))?;
    let reuters = convert_reuters(&sgm, &work.path().join("reuters"), 1)?;
    let bbc = bbc_corpus(&data.join("bbc_news_2225"))?;

    let mut rows: Vec<Row> = Vec::new();
    let mut run = |corpus: &Corpus, stages: Stages, threads: usize, repeat: usize| -> Result<()> {
        let measure = measure(&binary, corpus, stages, threads, repeat, work.path())?;
        let row = Row {
            corpus: corpus.name.clone(),
            articles: corpus.articles,
            text_bytes: corpus.text_bytes,
            stages,
            threads,
            measure,
        };
        eprintln!("{}", row.markdown());
        rows.push(row);
        Ok(())
    };

    // Throughput: each corpus, ingest alone, with story placement, and with the reuse
    // index as well (the default), 1 and 2 threads.
    for corpus in [&reuters, &bbc] {
        for stages in [Stages::IngestOnly, Stages::WithStories, Stages::All] {
            for threads in [1, 2] {
                // The slow full runs once each; the ingest floor's rows take the median.
                let repeat = if stages == Stages::IngestOnly {
                    repeat
                } else {
                    1
                };
                run(corpus, stages, threads, repeat)?;
            }
        }
    }
    // Memory against corpus size: slices of Reuters, then four perturbed copies.
    let mut slices = Vec::new();
    for (label, share) in [("1/4", 4), ("1/2", 2)] {
        let files = &sgm[..sgm.len().div_ceil(share)];
        let dir = work.path().join(format!("reuters-1-{share}"));
        let mut corpus = convert_reuters(files, &dir, 1)?;
        corpus.name = format!("reuters {label}");
        slices.push(corpus);
    }
    let mut times4 = convert_reuters(&sgm, &work.path().join("reuters-x4"), 4)?;
    times4.name = "reuters x4 (perturbed copies)".into();
    for corpus in [&slices[0], &slices[1], &reuters, &times4] {
        run(corpus, Stages::IngestOnly, 2, 1)?;
    }
    for corpus in [&slices[0], &slices[1]] {
        run(corpus, Stages::All, 2, 1)?;
    }

    println!("{}", markdown(&rows));
    eprintln!("load average at the end: {}", load_average());
    Ok(())
}

/// `/proc/loadavg`'s first three fields: the wall-clock columns mean little on a busy machine.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// One row of the table.
struct Row {
    corpus: String,
    articles: u64,
    text_bytes: u64,
    stages: Stages,
    threads: usize,
    measure: Measure,
}

/// Which of `ingest`'s stages a run includes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stages {
    /// Reading, cleaning and storing (`--no-reuse --no-stories`).
    IngestOnly,
    /// Plus story placement (`--no-reuse`).
    WithStories,
    /// Plus the reuse index and linking (the default).
    All,
}

impl Stages {
    fn command(self) -> &'static str {
        match self {
            Stages::IngestOnly => "`ingest --no-reuse --no-stories`",
            Stages::WithStories => "`ingest --no-reuse`",
            Stages::All => "`ingest`",
        }
    }

    fn flags(self) -> &'static [&'static str] {
        match self {
            Stages::IngestOnly => &["--no-reuse", "--no-stories"],
            Stages::WithStories => &["--no-reuse"],
            Stages::All => &[],
        }
    }
}

impl Row {
    fn markdown(&self) -> String {
        let m = &self.measure;
        let mb = self.text_bytes as f64 / 1e6;
        format!(
            "| {} | {} | {} | {} | {:.1} | {} | {} | {:.2} | {:.2} | {:.0} | {:.2} | {:.2} | {} |",
            self.corpus,
            self.articles,
            m.new,
            m.skipped,
            mb,
            self.stages.command(),
            self.threads,
            m.seconds,
            m.cpu_seconds,
            m.documents as f64 / m.seconds,
            mb / m.seconds,
            mb / m.cpu_seconds,
            m.peak_rss >> 20
        )
    }
}

/// A scratch folder under the system temp dir, removed when dropped.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new() -> Result<WorkDir> {
        let path = std::env::temp_dir().join(format!(
            "crosscheck-ingest-throughput-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(WorkDir(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        // `CROSSCHECK_BENCH_KEEP=1` keeps the converted corpora, e.g. to profile one run.
        if std::env::var_os("CROSSCHECK_BENCH_KEEP").is_some() {
            eprintln!("kept {}", self.0.display());
            return;
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The child of one measured run: `--ingest-once -j N [--no-reuse] [--no-stories] --db DB
/// INPUT...` runs the engine's ingest in this process and prints the summary as JSON, as
/// `crosscheck ingest --json` does.
fn ingest_in_process(args: Vec<String>) -> Result<()> {
    use std::sync::atomic::AtomicBool;
    let mut config = crosscheck_engine::IngestConfig::default();
    let mut db: Option<PathBuf> = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-j" => {
                let n = args.next().context("-j needs a count")?;
                config.read.threads = Some(n.parse().context("-j needs a count")?);
            }
            "--no-reuse" => config.reuse = false,
            "--no-stories" => config.stories = false,
            "--db" => db = Some(args.next().context("--db needs a path")?.into()),
            input => config.read.inputs.push(input.into()),
        }
    }
    let db = db.context("--db is required")?;
    let mut store = crosscheck_engine::SqliteStore::open(&db)
        .with_context(|| format!("opening {}", db.display()))?;
    let summary = crosscheck_engine::ingest(
        &config,
        &mut store,
        &crosscheck_engine::Silent,
        &AtomicBool::new(false),
    )?;
    println!("{}", serde_json::to_string(&summary)?);
    Ok(())
}

/// Time `crosscheck ingest` on `corpus` `repeat` times with a fresh database; the median
/// time, the largest peak memory.
fn measure(
    binary: &Path,
    corpus: &Corpus,
    stages: Stages,
    threads: usize,
    repeat: usize,
    work: &Path,
) -> Result<Measure> {
    let mut runs = Vec::new();
    for i in 0..repeat {
        let db = work.join(format!("bench-{i}.db"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let run = ingest_once(binary, &corpus.inputs, &db, stages, threads)?;
        ensure!(
            run.documents + run.skipped == corpus.articles,
            "{}: ingest read {} articles and skipped {}, the corpus has {}",
            corpus.name,
            run.documents,
            run.skipped,
            corpus.articles
        );
        runs.push(run);
    }
    let peak_rss = runs.iter().map(|r| r.peak_rss).max().unwrap_or(0);
    runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let mut median = runs.swap_remove(runs.len() / 2);
    median.peak_rss = peak_rss;
    Ok(median)
}

/// One `crosscheck ingest` run: wall time, peak memory, and its JSON summary.
fn ingest_once(
    binary: &Path,
    inputs: &[PathBuf],
    db: &Path,
    stages: Stages,
    threads: usize,
) -> Result<Measure> {
    let time = Path::new("/usr/bin/time");
    let use_time = time.is_file();
    let mut command = if use_time {
        let mut c = Command::new(time);
        c.arg("-v").arg(binary);
        c
    } else {
        Command::new(binary)
    };
    command
        .arg("--ingest-once")
        .arg("-j")
        .arg(threads.to_string())
        .args(stages.flags())
        .arg("--db")
        .arg(db)
        .args(inputs)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().context("starting crosscheck")?;
    // Without /usr/bin/time, sample the child's high-water mark until it exits.
    let mut polled = 0u64;
    let mut polled_cpu = 0.0f64;
    if !use_time {
        let pid = child.id();
        while child.try_wait()?.is_none() {
            if let Some(kb) = std::fs::read_to_string(format!("/proc/{pid}/status"))
                .ok()
                .and_then(|s| field_kb(&s, "VmHWM:"))
            {
                polled = polled.max(kb * 1024);
            }
            if let Some(cpu) = proc_cpu_seconds(pid) {
                polled_cpu = polled_cpu.max(cpu);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    let output = child.wait_with_output().context("waiting for crosscheck")?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("crosscheck failed ({}):\n{stderr}", output.status);
    }
    let time_field = |name: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    let (peak_rss, cpu_seconds) = if use_time {
        (
            time_field("Maximum resident set size (kbytes):").map_or(0, |kb| kb as u64 * 1024),
            time_field("User time (seconds):").unwrap_or(0.0)
                + time_field("System time (seconds):").unwrap_or(0.0),
        )
    } else {
        (polled, polled_cpu)
    };
    let summary: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("reading the JSON summary")?;
    Ok(Measure {
        seconds,
        cpu_seconds,
        peak_rss,
        documents: summary["documents"].as_u64().unwrap_or(0),
        new: summary["new"].as_u64().unwrap_or(0),
        skipped: summary["skipped"].as_array().map_or(0, |a| a.len() as u64),
    })
}

/// User + system CPU seconds of a running process, from `/proc/PID/stat`.
fn proc_cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn field_kb(status: &str, key: &str) -> Option<u64> {
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse().ok())
}

/// The Markdown table of all rows.
fn markdown(rows: &[Row]) -> String {
    let mut out = String::new();
    out.push_str("| corpus | articles | stored | skipped | text MB | command | -j | wall s | CPU s | docs/s | MB/s | MB per CPU s | peak RSS MiB |\n");
    out.push_str("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for row in rows {
        out.push_str(&row.markdown());
        out.push('\n');
    }
    out
}

/// The `.sgm` files of Reuters-21578, sorted.
fn reuters_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sgm"))
        .collect();
    files.sort();
    ensure!(!files.is_empty(), "no .sgm files in {}", dir.display());
    Ok(files)
}

/// Convert Reuters `.sgm` files into JSON Lines under `out` (one file per `.sgm` and copy).
/// With `copies > 1`, each copy's ids, titles and texts differ, so none is a duplicate.
fn convert_reuters(files: &[PathBuf], out: &Path, copies: usize) -> Result<Corpus> {
    std::fs::create_dir_all(out)?;
    let mut corpus = Corpus {
        name: "reuters".to_string(),
        inputs: vec![out.to_path_buf()],
        articles: 0,
        text_bytes: 0,
        file_bytes: 0,
    };
    for copy in 0..copies {
        for file in files {
            let bytes =
                std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            let sgml = String::from_utf8_lossy(&bytes);
            let stem = file.file_stem().unwrap_or_default().to_string_lossy();
            let target = out.join(format!("{stem}-{copy}.jsonl"));
            let mut writer = std::io::BufWriter::new(std::fs::File::create(&target)?);
            for story in reuters_stories(&sgml) {
                let (title, text) = if copy == 0 {
                    (story.title.clone(), story.body.clone())
                } else {
                    (
                        format!("{} (copy {copy})", story.title),
                        format!("{}\n\nRepeated as copy {copy} of the corpus.", story.body),
                    )
                };
                corpus.articles += 1;
                corpus.text_bytes += (title.len() + text.len()) as u64;
                let line = serde_json::json!({
                    "id": format!("reuters-{}-{copy}", story.id),
                    "outlet": "Reuters",
                    "title": title,
                    "published": story.published,
                    "dateline": story.dateline,
                    "text": text,
                });
                serde_json::to_writer(&mut writer, &line)?;
                writer.write_all(b"\n")?;
            }
            writer.flush()?;
            corpus.file_bytes += std::fs::metadata(&target)?.len();
        }
    }
    Ok(corpus)
}

/// One Reuters story.
struct Story {
    id: String,
    title: String,
    published: Option<String>,
    dateline: Option<String>,
    body: String,
}

/// The stories with a `<BODY>` in one `.sgm` file (brief and unprocessed ones have none).
fn reuters_stories(sgml: &str) -> Vec<Story> {
    let mut stories = Vec::new();
    for element in sgml.split("<REUTERS ").skip(1) {
        let element = element.split("</REUTERS>").next().unwrap_or(element);
        let Some(body) = between(element, "<BODY>", "</BODY>") else {
            continue;
        };
        let body = decode_sgml(body);
        let body = body.trim();
        if body.is_empty() {
            continue;
        }
        let id = between(element, "NEWID=\"", "\"")
            .unwrap_or("0")
            .to_string();
        let title = between(element, "<TITLE>", "</TITLE>")
            .map(|t| decode_sgml(t).trim().to_string())
            .unwrap_or_default();
        let dateline = between(element, "<DATELINE>", "</DATELINE>").map(|d| {
            decode_sgml(d)
                .trim()
                .trim_end_matches('-')
                .trim()
                .to_string()
        });
        let published = between(element, "<DATE>", "</DATE>").and_then(reuters_date);
        stories.push(Story {
            id,
            title,
            published,
            dateline,
            body: body.to_string(),
        });
    }
    stories
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

/// `26-FEB-1987 15:01:01.79` → `1987-02-26`.
fn reuters_date(raw: &str) -> Option<String> {
    let day_month_year = raw.split_whitespace().next()?;
    let mut parts = day_month_year.split('-');
    let day: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?.to_ascii_uppercase();
    let year: u32 = parts.next()?.parse().ok()?;
    let month = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ]
    .iter()
    .position(|m| *m == month)?
        + 1;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// Decode SGML character references (`&lt;`, `&amp;`, `&#3;`) and drop control characters
/// other than newline and tab (the wire's `&#3;` end-of-text marks and the like).
fn decode_sgml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[..rest.len().min(12)].find(';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(|n| n.ok())
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.retain(|c| !c.is_control() || c == '\n' || c == '\t');
    out
}

/// The BBC corpus: its five category folders, read as they are.
fn bbc_corpus(dir: &Path) -> Result<Corpus> {
    let mut corpus = Corpus {
        name: "bbc".into(),
        inputs: Vec::new(),
        articles: 0,
        text_bytes: 0,
        file_bytes: 0,
    };
    let mut categories: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    categories.sort();
    for category in &categories {
        for entry in std::fs::read_dir(category)? {
            let path = entry?.path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let size = std::fs::metadata(&path)?.len();
            corpus.file_bytes += size;
            corpus.text_bytes += size;
            corpus.articles += 1;
        }
    }
    ensure!(
        !categories.is_empty(),
        "no category folders in {}",
        dir.display()
    );
    corpus.inputs = categories;
    Ok(corpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgml_entities_and_dates() {
        assert_eq!(
            decode_sgml("a &lt;b&gt; &amp; c&#3;\n&#x41;&nbsp;"),
            "a <b> & c\nA&nbsp;"
        );
        assert_eq!(
            reuters_date("26-FEB-1987 15:01:01.79").as_deref(),
            Some("1987-02-26")
        );
        let sgml = r#"<REUTERS TOPICS="YES" NEWID="7"><DATE> 2-MAR-1987 10:00:00.00</DATE><TEXT>&#2;
<TITLE>COCOA &lt;UP&gt;</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued.
 Reuter
&#3;</BODY></TEXT></REUTERS>
<REUTERS NEWID="8"><TEXT TYPE="BRIEF"><TITLE>NO BODY</TITLE></TEXT></REUTERS>"#;
        let stories = reuters_stories(sgml);
        assert_eq!(stories.len(), 1);
        assert_eq!(stories[0].id, "7");
        assert_eq!(stories[0].title, "COCOA <UP>");
        assert_eq!(stories[0].dateline.as_deref(), Some("SALVADOR, Feb 26"));
        assert_eq!(stories[0].published.as_deref(), Some("1987-03-02"));
        assert_eq!(stories[0].body, "Showers continued.\n Reuter");
    }
}
