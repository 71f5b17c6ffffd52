//! `crosscheck ingest`: add articles to the stored corpus.

use anyhow::Result;

use super::{interrupt_flag, open_store, run_config};
use crate::args::IngestArgs;
use crate::pipeline::Keep;
use crate::ExitStatus;
use crate::{incremental, pipeline, stories};

pub fn run(args: IngestArgs) -> Result<ExitStatus> {
    let mut store = open_store(&args.input)?;
    let mut config = run_config(&args.input, Keep::Nothing, !args.force);
    config.reuse_index = !args.no_reuse;
    let interrupted = interrupt_flag();
    let mut output = pipeline::run(config, &mut store, std::sync::Arc::clone(&interrupted))?;
    if !args.no_reuse && !output.summary.interrupted {
        let started = std::time::Instant::now();
        let mut pool = rayon::ThreadPoolBuilder::new();
        if let Some(n) = args.input.threads {
            pool = pool.num_threads(n.max(1));
        }
        let pool = pool.build()?;
        let linked = pool.install(|| {
            incremental::link_new_documents(
                &mut store,
                &output.new_fingerprints,
                &crosscheck_reuse::ReuseOptions::default(),
            )
        })?;
        output.summary.reuse_pairs = Some(linked);
        output.summary.seconds += started.elapsed().as_secs_f64();
    }
    if !args.no_stories && !output.summary.interrupted {
        let started = std::time::Instant::now();
        let placed = stories::place_unplaced_documents(
            &mut store,
            &crosscheck_facts::StoryOptions::default(),
            &interrupted,
        )?;
        output.summary.stories = Some(placed);
        output.summary.interrupted |= interrupted.load(std::sync::atomic::Ordering::Relaxed);
        output.summary.seconds += started.elapsed().as_secs_f64();
    }
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
