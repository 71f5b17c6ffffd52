#!/usr/bin/env bash
# How time and peak memory grow with the corpus: full `analyze` (every stage), `--markdown`,
# `--only reuse` and `ingest`, on synthetic corpora of 1k, 10k and 100k documents.
#
#   bench/scale/run.sh DIR [SIZES...]
#
# DIR holds one folder per size, each made by `python3 bench/reuse/synth.py ../shared/data N
# DIR/N` (needs Debian's wordnet-base). SIZES defaults to "1000 10000 100000". Prints one
# Markdown table row per run: wall seconds, peak resident MiB, and the per-step times that
# `--timings` reports. Release build; run on a quiet machine, one run at a time.
set -euo pipefail
dir=${1:?usage: bench/scale/run.sh DIR [SIZES...]}
shift
sizes=${*:-1000 10000 100000}
root=$(cd "$(dirname "$0")/../.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/crosscheck"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

run() { # label, then the crosscheck arguments
    local label=$1
    shift
    rm -f "$scratch"/db*
    /usr/bin/time -f '%e %M' -o "$scratch/time" "$bin" "$@" --timings 2>"$scratch/err" >/dev/null
    read -r wall kib <"$scratch/time"
    steps=$(grep -E '^crosscheck: [a-z ,]+: [0-9.]+s$' "$scratch/err" |
        sed -E 's/^crosscheck: //' | paste -sd ';' - | sed 's/;/; /g')
    printf '| %s | %s | %.1f | %d | %s |\n' "$label" "$n" "$wall" $((kib / 1024)) "$steps"
}

echo '| run | documents | wall s | peak MiB | steps (from --timings) |'
echo '|---|---|---|---|---|'
for n in $sizes; do
    corpus="$dir/$n/corpus.jsonl"
    [ -f "$corpus" ] || { echo "missing $corpus" >&2; exit 1; }
    run 'analyze (all stages)' analyze "$corpus" --db "$scratch/db" --quiet --json "$scratch/r.json"
    run 'analyze + --markdown' analyze "$corpus" --db "$scratch/db" --quiet --json "$scratch/r.json" --markdown "$scratch/r.md"
    run 'analyze --only reuse' analyze "$corpus" --db "$scratch/db" --quiet --only reuse --json "$scratch/r.json"
    run 'ingest (reuse + stories)' ingest "$corpus" --db "$scratch/db" --quiet
done
