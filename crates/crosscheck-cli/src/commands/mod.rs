//! One file per subcommand, and what they share (`common`): the store, Ctrl-C, the reading
//! options, progress, the exit status.

pub mod analyze;
mod common;
pub mod export;
pub mod ingest;
pub mod models;
pub mod serve;
pub mod store;
