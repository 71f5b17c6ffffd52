//! `crosscheck serve`: the stored corpus as web pages and a JSON API.

use anyhow::{bail, Context, Result};
use crosscheck_server::{ServeConfig, Server};

use crate::args::ServeArgs;
use crate::ExitStatus;

/// Run the command until Ctrl-C.
pub fn run(args: ServeArgs) -> Result<ExitStatus> {
    // Opening creates a missing database; serving an empty one made by a typo helps no one.
    if !args.db.exists() {
        bail!(
            "no database at {}: make one with `crosscheck ingest` or `crosscheck analyze` (or give --db)",
            args.db
        );
    }
    let config = ServeConfig {
        db: args.db.clone(),
        addr: args.addr,
        allow_ingest: args.allow_ingest,
        max_rate: args.max_rate,
        uploads: args.uploads.clone(),
    };
    let server = Server::bind(&config).context("starting the server")?;
    if !args.quiet {
        if !args.addr.ip().is_loopback() {
            eprintln!(
                "crosscheck: warning: listening on {}: anyone who can reach this machine can read the corpus",
                args.addr
            );
        }
        eprintln!(
            "crosscheck: serving {} on http://{} (Ctrl-C stops)",
            args.db,
            server.local_addr()
        );
    }
    server.run_until_ctrl_c().context("serving")?;
    Ok(ExitStatus::Success)
}
