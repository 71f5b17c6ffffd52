#!/usr/bin/env bash
# Synthetic reuse benchmark: crosscheck (CLI end to end, and detect() alone), gaoya and
# datasketch on the same generated corpus, scored against its ground truth.
#
#   bench/reuse/run.sh N [DATA_DIR] [--no-peers] [--cli-only] [--keep] [--corpus DIR]
#
# N documents (10000, 100000, ...); DATA_DIR defaults to ../shared/data (relative to the
# repository root). --cli-only skips the library run (detect() on texts held in memory),
# as the 1M run does; --corpus DIR takes DIR/corpus.jsonl and DIR/truth.jsonl written
# earlier by synth.py (the 1M corpus takes most of an hour of Python to generate). Needs python3 with gaoya and datasketch (pip install gaoya datasketch)
# and WordNet (apt-get install wordnet-base). Prints Markdown tables. Each tool runs under
# /usr/bin/time -v for wall time and peak memory; the work folder is a fresh mktemp
# directory, removed at the end unless --keep is given. SYNTH_ARGS passes options to
# synth.py (e.g. SYNTH_ARGS=--shared-template).
set -euo pipefail
cd "$(dirname "$0")/../.."

N=${1:?usage: bench/reuse/run.sh N [DATA_DIR] [--no-peers] [--cli-only] [--keep] [--corpus DIR]}
shift
DATA=../shared/data
PEERS=1
KEEP=0
LIBRARY=1
GIVEN_CORPUS=
while [ $# -gt 0 ]; do
  case "$1" in
    --no-peers) PEERS=0 ;;
    --cli-only) LIBRARY=0; PEERS=0 ;;
    --keep) KEEP=1 ;;
    --corpus) GIVEN_CORPUS=${2:?--corpus needs a folder}; shift ;;
    *) DATA=$1 ;;
  esac
  shift
done

WORK=$(mktemp -d)
if [ "$KEEP" = 0 ]; then trap 'rm -rf "$WORK"' EXIT; else echo "work folder: $WORK" >&2; fi

cargo build --release -q -p crosscheck-cli -p crosscheck-bench --bin crosscheck --bin reuse_synthetic
TARGET=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
BIN=$TARGET/release

if [ -n "$GIVEN_CORPUS" ]; then
  ln -s "$(cd "$GIVEN_CORPUS" && pwd)/corpus.jsonl" "$WORK/corpus.jsonl"
  ln -s "$(cd "$GIVEN_CORPUS" && pwd)/truth.jsonl" "$WORK/truth.jsonl"
else
  # shellcheck disable=SC2086 # SYNTH_ARGS is a list of options
  python3 bench/reuse/synth.py "$DATA" "$N" "$WORK" ${SYNTH_ARGS:-}
fi
CORPUS=$WORK/corpus.jsonl
echo "corpus: $(du -mL "$CORPUS" | cut -f1) MB" >&2

RUNS=()
echo "running crosscheck analyze --only reuse ..." >&2
/usr/bin/time -v "$BIN/crosscheck" analyze --only reuse "$CORPUS" --db "$WORK/cc.db" \
  --json "$WORK/cc.json" -q 2> "$WORK/cc.time" || { cat "$WORK/cc.time" >&2; exit 1; }
RUNS+=(--run "crosscheck analyze --only reuse (end to end)" "$WORK/cc.json" "$WORK/cc.time")

if [ "$LIBRARY" = 1 ]; then
  echo "running detect() alone ..." >&2
  /usr/bin/time -v "$BIN/reuse_synthetic" "$CORPUS" "$WORK/lib.json" 2> "$WORK/lib.time" \
    || { cat "$WORK/lib.time" >&2; exit 1; }
  grep '^detect:' "$WORK/lib.time" >&2 || true
  RUNS+=(--run "crosscheck detect() (library, raw texts)" "$WORK/lib.json" "$WORK/lib.time")
fi

if [ "$PEERS" = 1 ]; then
  for peer in gaoya datasketch; do
    echo "running $peer ..." >&2
    /usr/bin/time -v python3 bench/reuse/peers.py "$peer" "$CORPUS" "$WORK/$peer.json" \
      2> "$WORK/$peer.time" || { cat "$WORK/$peer.time" >&2; exit 1; }
    RUNS+=(--run "$peer MinHashLSH (J>=0.5, 128 perm, word 5-grams)" "$WORK/$peer.json" "$WORK/$peer.time")
  done
fi

python3 bench/reuse/score.py "$WORK/truth.jsonl" "${RUNS[@]}"
