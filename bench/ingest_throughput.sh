#!/bin/sh
# Ingest throughput of the engine's ingest (what `crosscheck ingest` runs) on Reuters-21578 and BBC News.
#
#   bench/ingest_throughput.sh [DATA_DIR]      (DATA_DIR defaults to ../shared/data)
#
# Builds the release binaries, converts the corpora into a temp folder, and prints a
# Markdown table (documents/s, MB/s of text, CPU time, peak RSS) for 1 and 2 threads, with
# and without --no-reuse, plus peak RSS against corpus size. CROSSCHECK_BENCH_REPEAT=N
# sets the runs per row (median; default 3). Progress goes to stderr, the table to stdout.
set -eu
cd "$(dirname "$0")/.."
data="${1:-../shared/data}"
cargo build --release -p crosscheck-bench --bin ingest_throughput
exec target/release/ingest_throughput "$data"
