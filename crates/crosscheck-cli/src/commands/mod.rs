//! One file per subcommand.

mod analyze;
mod facts;
mod ingest;
mod quotes;
mod reuse;
mod stored;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};
use crosscheck::ingest::IngestOptions;
use crosscheck_store::Store;

use crate::args::{Args, Command, InputArgs};
use crate::pipeline::{Keep, RunConfig};
use crate::ExitStatus;

/// Run the command `args` names.
pub fn run(args: Args) -> Result<ExitStatus> {
    match args.command {
        Command::Analyze(a) => analyze::run(a),
        Command::Ingest(a) => ingest::run(a),
    }
}

/// Open the store named on the command line.
fn open_store(input: &InputArgs) -> Result<Store> {
    Store::open(&input.db).with_context(|| format!("opening database {}", input.db.display()))
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

/// The ingest configuration common to every command.
fn run_config(input: &InputArgs, keep: Keep, skip_done: bool) -> RunConfig {
    let is_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    RunConfig {
        inputs: input.inputs.clone(),
        options: IngestOptions {
            max_file_size: input.max_file_size.saturating_mul(1 << 20),
            ..IngestOptions::default()
        },
        skip_done,
        keep,
        threads: input.threads,
        progress: !input.quiet && is_terminal,
        warn: !input.quiet,
        reuse_index: false,
    }
}

/// The site a document belongs to, for reuse's boilerplate rule: its outlet, else its URL host.
pub(crate) fn site_of(doc: &crosscheck::Document) -> Option<&str> {
    doc.outlet().or_else(|| {
        let url = doc.meta.url.as_deref()?;
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        rest.split(['/', '?', '#']).next().filter(|h| !h.is_empty())
    })
}
