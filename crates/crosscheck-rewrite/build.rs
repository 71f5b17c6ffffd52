//! Inflates the embedded spin-detection data (`data/spin-en.bin.gz`, written by
//! `tools/build_spin_data.py`) into the build's output folder, where `src/model.rs` embeds it.
//!
//! Why at build time: inflating 4.5 MB was a quarter of decoding the model, which every
//! process that checks a document for spinning does once, and the largest part of the
//! critical path of a run on a handful of articles. The repository keeps the compressed file.

// A build script talks to cargo on standard output.
#![allow(clippy::print_stdout)]

use std::error::Error;
use std::io::Read;
use std::path::PathBuf;

const DATA: &str = "data/spin-en.bin.gz";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed={DATA}");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let compressed = std::fs::read(DATA).map_err(|e| format!("{DATA}: {e}"))?;
    let mut raw = Vec::with_capacity(compressed.len() * 3);
    flate2::read::GzDecoder::new(&compressed[..])
        .read_to_end(&mut raw)
        .map_err(|e| format!("{DATA}: {e}"))?;
    std::fs::write(out.join("spin-en.bin"), raw)?;
    Ok(())
}
