//! `crosscheck ingest`: add articles to the stored corpus.

use anyhow::Result;

use super::{interrupt_flag, open_store, run_config};
use crate::args::IngestArgs;
use crate::pipeline;
use crate::ExitStatus;

pub fn run(args: IngestArgs) -> Result<ExitStatus> {
    let mut store = open_store(&args.input)?;
    let config = run_config(&args.input, false, !args.force);
    let output = pipeline::run(config, &mut store, interrupt_flag())?;
    let summary = &output.summary;
    if args.json {
        println!("{}", serde_json::to_string(summary)?);
    } else if !args.input.quiet {
        eprintln!("crosscheck: {}", summary.line());
    }
    Ok(if summary.interrupted || summary.nothing_read() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
