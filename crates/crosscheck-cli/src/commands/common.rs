//! What the subcommands share.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};
use crosscheck::ingest::IngestOptions;
use crosscheck_engine::{AnyStore, ReadConfig, StoreSpec};

use crate::args::InputArgs;
use crate::progress::Terminal;
use crate::ExitStatus;

/// Open the store named on the command line.
pub(super) fn open_store(input: &InputArgs) -> Result<AnyStore> {
    open_existing(&input.db)
}

/// Open the store `spec` names (a missing file is created).
pub(super) fn open_existing(spec: &StoreSpec) -> Result<AnyStore> {
    crosscheck_engine::open_store(spec).with_context(|| format!("opening database {spec}"))
}

/// A flag set by Ctrl-C: readers stop taking new files, the writer commits what it has.
pub(super) fn interrupt_flag() -> Arc<AtomicBool> {
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
pub(super) fn read_config(input: &InputArgs) -> ReadConfig {
    ReadConfig {
        inputs: input.inputs.clone(),
        options: IngestOptions {
            max_file_size: input.max_file_size.saturating_mul(1 << 20),
            ..IngestOptions::default()
        },
        threads: input.threads,
    }
}

/// Progress bars on a terminal unless `--quiet`; warnings unless `--quiet`; step times with
/// `--timings`.
pub(super) fn terminal(input: &InputArgs) -> Terminal {
    let is_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    Terminal::new(!input.quiet && is_terminal, !input.quiet, input.timings)
}

/// Exit status of a run: failure when interrupted or when nothing at all could be read.
pub(super) fn status(summary: &crosscheck_engine::RunSummary) -> ExitStatus {
    if summary.interrupted || summary.nothing_read() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}
