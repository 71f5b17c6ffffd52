#!/usr/bin/env bash
# Synthetic reuse benchmark: crosscheck (CLI end to end, and detect() alone), gaoya and
# datasketch on the same generated corpus, scored against its ground truth.
#
#   bench/reuse/run.sh N [DATA_DIR] [--no-peers] [--keep]
#
# N documents (10000, 100000, ...); DATA_DIR defaults to ../shared/data (relative to the
# repository root). Needs python3 with gaoya and datasketch (pip install gaoya datasketch)
# and WordNet (apt-get install wordnet-base). Prints Markdown tables. Each tool runs under
# /usr/bin/time -v for wall time and peak memory; the work folder is a fresh mktemp
# directory, removed at the end unless --keep is given. SYNTH_ARGS passes options to
# synth.py (e.g. SYNTH_ARGS=--shared-template).
set -euo pipefail
cd "$(dirname "$0")/../.."

N=${1:?usage: bench/reuse/run.sh N [DATA_DIR] [--no-peers] [--keep]}
shift
DATA=../shared/data
PEERS=1
KEEP=0
for arg in "$@"; do
  case "$arg" in
    --no-peers) PEERS=0 ;;
    --keep) KEEP=1 ;;
    *) DATA=$arg ;;
  esac
done

WORK=$(mktemp -d)
if [ "$KEEP" = 0 ]; then trap 'rm -rf "$WORK"' EXIT; else echo "work folder: $WORK" >&2; fi

cargo build --release -q -p crosscheck-cli -p crosscheck-bench --bin crosscheck --bin reuse_synthetic
TARGET=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
BIN=$TARGET/release

# shellcheck disable=SC2086 # SYNTH_ARGS is a list of options
python3 bench/reuse/synth.py "$DATA" "$N" "$WORK" ${SYNTH_ARGS:-}
CORPUS=$WORK/corpus.jsonl
echo "corpus: $(du -m "$CORPUS" | cut -f1) MB" >&2

RUNS=()
echo "running crosscheck analyze --only reuse ..." >&2
/usr/bin/time -v "$BIN/crosscheck" analyze --only reuse "$CORPUS" --db "$WORK/cc.db" \
  --json "$WORK/cc.json" -q 2> "$WORK/cc.time" || { cat "$WORK/cc.time" >&2; exit 1; }
RUNS+=(--run "crosscheck analyze --only reuse (end to end)" "$WORK/cc.json" "$WORK/cc.time")

echo "running detect() alone ..." >&2
/usr/bin/time -v "$BIN/reuse_synthetic" "$CORPUS" "$WORK/lib.json" 2> "$WORK/lib.time" \
  || { cat "$WORK/lib.time" >&2; exit 1; }
grep '^detect:' "$WORK/lib.time" >&2 || true
RUNS+=(--run "crosscheck detect() (library, raw texts)" "$WORK/lib.json" "$WORK/lib.time")

if [ "$PEERS" = 1 ]; then
  for peer in gaoya datasketch; do
    echo "running $peer ..." >&2
    /usr/bin/time -v python3 bench/reuse/peers.py "$peer" "$CORPUS" "$WORK/$peer.json" \
      2> "$WORK/$peer.time" || { cat "$WORK/$peer.time" >&2; exit 1; }
    RUNS+=(--run "$peer MinHashLSH (J>=0.5, 128 perm, word 5-grams)" "$WORK/$peer.json" "$WORK/$peer.time")
  done
fi

python3 bench/reuse/score.py "$WORK/truth.jsonl" "${RUNS[@]}"
