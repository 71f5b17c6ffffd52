//! Shared helpers for crosscheck's benchmark binaries (`src/bin/*.rs`).
//!
//! Benchmarks read third-party corpora from `../shared/data` (never copied into the
//! repository); each binary takes the data folder as its first argument so that no machine
//! path is written down anywhere.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

/// The data folder: the first command-line argument, or `../shared/data` from the repo root.
pub fn data_dir() -> PathBuf {
    std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"))
}

/// Peak resident memory of this process so far, in bytes (Linux `VmHWM`; 0 elsewhere).
pub fn peak_rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}
