//! `crosscheck ingest`: add articles to the stored corpus.

use anyhow::Result;
use crosscheck_engine::IngestConfig;

use super::common::{interrupt_flag, open_store, read_config, status, terminal};
use crate::args::IngestArgs;
use crate::ExitStatus;

/// Run the command.
pub fn run(args: IngestArgs) -> Result<ExitStatus> {
    let mut store = open_store(&args.input)?;
    let config = IngestConfig {
        read: read_config(&args.input),
        force: args.force,
        reuse: !args.no_reuse,
        stories: !args.no_stories,
        models: !args.no_models,
    };
    let events = terminal(&args.input);
    let summary = crosscheck_engine::ingest(&config, &mut store, &events, &interrupt_flag())?;
    if args.json {
        println!("{}", serde_json::to_string(&summary)?);
    } else if !args.input.quiet {
        eprintln!("crosscheck: {}", summary.line());
        // Inputs skipped were said as they were read; a stage left out (the multilingual
        // model's check of candidate translations) is said here, with how to enable it.
        for stage in summary.skipped.iter().filter(|s| s.kind == "model stage") {
            eprintln!("crosscheck: {}: {}", stage.location, stage.reason);
        }
    }
    Ok(status(&summary))
}
