//! `crosscheck store`: moving a corpus between stores.

use anyhow::{bail, Result};
use crosscheck_engine::copy::copy_store;

use super::common::{interrupt_flag, open_existing};
use crate::args::CopyArgs;
use crate::progress::Terminal;
use crate::ExitStatus;

/// `crosscheck store copy --from A --to B`.
pub fn copy(args: CopyArgs) -> Result<ExitStatus> {
    if !args.from.exists() {
        bail!("no database at {}: nothing to copy", args.from);
    }
    if args.from == args.to {
        bail!("--from and --to name the same store ({})", args.from);
    }
    let from = open_existing(&args.from)?;
    let mut to = open_existing(&args.to)?;
    let is_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let events = Terminal::new(!args.quiet && is_terminal, !args.quiet, false);
    let cancel = interrupt_flag();
    let summary = copy_store(&from, &mut to, &events, &cancel)?;
    if args.json {
        println!("{}", serde_json::to_string(&summary)?);
    } else if !args.quiet {
        eprintln!(
            "crosscheck: copied {} documents from {} to {} ({} new, {} already there); {} pairs found, {} documents placed",
            summary.documents, args.from, args.to, summary.copied, summary.already_there,
            summary.reuse_pairs_found, summary.placed
        );
        if summary.corrections_not_copied > 0 {
            eprintln!(
                "crosscheck: note: {} story corrections made by hand in the source are not carried over; the target's stories are placed afresh",
                summary.corrections_not_copied
            );
        }
    }
    if !summary.is_complete() {
        eprintln!(
            "crosscheck: the copy is incomplete: {} documents and {} reuse pairs of the source are not in the target{}",
            summary.missing,
            summary.pairs_missing,
            if summary.interrupted { " (interrupted; run it again to finish)" } else { "" }
        );
        return Ok(ExitStatus::Failure);
    }
    Ok(ExitStatus::Success)
}
