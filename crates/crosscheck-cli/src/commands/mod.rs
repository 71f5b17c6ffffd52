//! One file per subcommand, and what they share: the store, Ctrl-C, the reading options.

mod analyze;
mod ingest;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};
use crosscheck::ingest::IngestOptions;
use crosscheck_engine::{ReadConfig, SqliteStore};

use crate::args::{Args, Command, InputArgs};
use crate::progress::Terminal;
use crate::ExitStatus;

/// Run the command `args` names.
pub fn run(args: Args) -> Result<ExitStatus> {
    match args.command {
        Command::Analyze(a) => analyze::run(a),
        Command::Ingest(a) => ingest::run(a),
    }
}

/// Open the store named on the command line.
fn open_store(input: &InputArgs) -> Result<SqliteStore> {
    SqliteStore::open(&input.db).with_context(|| format!("opening database {}", input.db.display()))
}

/// A flag set by Ctrl-C: readers stop taking new files, the writer commits what it has.
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let handler_flag = Arc::clone(&flag);
    // A second Ctrl-C exits at once; SQLite's journal still guarantees no half-written batch.
    let _ = ctrlc::set_handler(move || {
        if handler_flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    flag
}

/// What to read, from the command line.
fn read_config(input: &InputArgs) -> ReadConfig {
    ReadConfig {
        inputs: input.inputs.clone(),
        options: IngestOptions {
            max_file_size: input.max_file_size.saturating_mul(1 << 20),
            ..IngestOptions::default()
        },
        threads: input.threads,
    }
}

/// Progress bars on a terminal unless `--quiet`; warnings unless `--quiet`.
fn terminal(input: &InputArgs) -> Terminal {
    let is_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    Terminal::new(!input.quiet && is_terminal, !input.quiet)
}

/// Exit status of a run: failure when interrupted or when nothing at all could be read.
fn status(summary: &crosscheck_engine::RunSummary) -> ExitStatus {
    if summary.interrupted || summary.nothing_read() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}
