#!/usr/bin/env bash
# Run every fuzz target for a few seconds from its committed corpus; exit non-zero on any
# crash, timeout or out-of-memory. Needs the nightly toolchain (`rustup toolchain install
# nightly`); installs cargo-fuzz when missing.
#
#   fuzz/ci.sh            # ~8 s per target
#   FUZZ_SECONDS=60 fuzz/ci.sh
set -euo pipefail

cd "$(dirname "$0")"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-8}"
TARGETS=(plaintext html jsonl warc gzip time_expressions quotes)

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# One fuzzing process at a time (no -jobs/-workers: libFuzzer runs in-process).
# Build all targets once, so the time budget below is spent fuzzing.
cargo +nightly fuzz build -O

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for target in "${TARGETS[@]}"; do
    # New inputs go to a scratch copy; the committed corpus is only read.
    mkdir -p "$work/$target"
    echo "== $target (${SECONDS_PER_TARGET}s)"
    if ! cargo +nightly fuzz run -O "$target" "$work/$target" "corpus/$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout=10 \
        -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$work/" 2>"$work/$target.log"; then
        echo "!! $target failed:"
        tail -n 60 "$work/$target.log"
        status=1
    else
        grep -E '^stat::number_of_executed_units' "$work/$target.log" || true
    fi
done
exit "$status"
