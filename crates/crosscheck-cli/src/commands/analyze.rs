//! `crosscheck analyze`: read, store, and report in one go.

use anyhow::{Context, Result};
use crosscheck_engine::{AnalyzeConfig, Stage, Stages};

use super::common::{interrupt_flag, open_store, read_config, status, terminal};
use crate::args::{self, AnalyzeArgs};
use crate::output::write_output;
use crate::ExitStatus;

/// Run the command.
pub fn run(args: AnalyzeArgs) -> Result<ExitStatus> {
    let mut store = open_store(&args.input)?;
    let config = AnalyzeConfig {
        read: read_config(&args.input),
        stages: Stages {
            models: !args.no_models,
            ..stages(&args.only)
        },
        max_text_in_memory: args.max_text_in_memory.saturating_mul(1 << 20),
    };
    let events = terminal(&args.input);
    let analysis = crosscheck_engine::analyze(&config, &mut store, &events, &interrupt_flag())?;
    if let Some(path) = &args.json {
        write_output(path, |out| Ok(analysis.write_json(&store, out, &events)?))
            .with_context(|| format!("writing the JSON report to {}", path.display()))?;
    }
    if let Some(path) = &args.markdown {
        let brief = analysis.markdown(&store)?;
        write_output(path, |out| Ok(out.write_all(brief.as_bytes())?))
            .with_context(|| format!("writing the Markdown brief to {}", path.display()))?;
    }
    if let Some(path) = &args.html {
        let page = analysis.html(&store)?;
        write_output(path, |out| Ok(out.write_all(page.as_bytes())?))
            .with_context(|| format!("writing the HTML brief to {}", path.display()))?;
    }
    if !args.input.quiet {
        eprintln!("crosscheck: {}", analysis.summary.line());
    }
    Ok(status(&analysis.summary))
}

/// The stages `--only` names; all of them when it names none.
fn stages(only: &[args::Stage]) -> Stages {
    if only.is_empty() {
        return Stages::all();
    }
    let named: Vec<Stage> = only
        .iter()
        .filter_map(|stage| match stage {
            args::Stage::Ingest => None,
            args::Stage::Reuse => Some(Stage::Reuse),
            args::Stage::Rewrite => Some(Stage::Rewrite),
            args::Stage::Quotes => Some(Stage::Quotes),
            args::Stage::Facts => Some(Stage::Facts),
        })
        .collect();
    Stages::only(&named)
}
