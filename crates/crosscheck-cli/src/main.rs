//! The `crosscheck` command: parse arguments, run, map the outcome to an exit status.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod commands;
mod output;
mod progress;

use std::process::ExitCode;

use clap::Parser;

// Analyses build and drop millions of small strings and vectors (tokens, terms, spans): glibc's
// allocator took a sixth of a 10k-document `analyze`, jemalloc a tenth less CPU in all. The
// binary chooses the allocator, the libraries never do (as in ruff).
#[cfg(all(not(target_env = "msvc"), not(target_os = "openbsd")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything asked for was done (some inputs may have been skipped, and said so).
    Success,
    /// Nothing could be read, or the run was interrupted.
    Failure,
    /// A fatal error: bad arguments, an unusable database, an unwritable report.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        match status {
            ExitStatus::Success => ExitCode::from(0),
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

fn main() -> ExitCode {
    let args = args::Args::parse();
    let outcome = match args.command {
        args::Command::Analyze(a) => commands::analyze::run(a),
        args::Command::Ingest(a) => commands::ingest::run(a),
        args::Command::Export(a) => commands::export::run(a),
        args::Command::Serve(a) => commands::serve::run(a),
        args::Command::Store(args::StoreCommand::Copy(a)) => commands::store::copy(a),
        args::Command::Models(a) => commands::models::run(a),
    };
    match outcome {
        Ok(status) => status.into(),
        Err(err) => {
            // A closed pipe (`crosscheck ... | head`) is not an error worth a message.
            if err.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::from(0);
            }
            eprintln!("crosscheck: error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitStatus::Error.into()
        }
    }
}
