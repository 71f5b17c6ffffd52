#!/usr/bin/env bash
# Load on `crosscheck serve`, loopback only: CLIENTS concurrent connections (default 50) for
# DURATION (default 60s) on story pages, then on document pages, of a store built by
# `crosscheck ingest` from CORPUS (e.g. one made by bench/reuse/synth.py). The issue asks for
# 50 clients x 1,000 requests: the output says how many requests each run made.
#
#   bench/serve/run.sh CORPUS [DB]
#
# Reports, per page kind: the first (cold) view of each page sampled, which runs the story's
# analysis, then the load with wrk (p50/p90/p95/p99, throughput, errors). Needs `wrk`
# (Debian package). The database is built once and reused when it exists.
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPUS="${1:?usage: bench/serve/run.sh CORPUS [DB]}"
DB="${2:-$(mktemp -d)/serve-bench.db}"
CLIENTS="${CLIENTS:-50}"
DURATION="${DURATION:-60s}"
SAMPLE="${SAMPLE:-200}"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }

cargo build --release -q -p crosscheck-cli
BIN=target/release/crosscheck
if [ ! -f "$DB" ]; then
    echo "== ingest $CORPUS -> $DB"
    /usr/bin/time -f "ingest: %e s, %M KB peak" "$BIN" ingest "$CORPUS" --db "$DB" -q
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --db "$DB" --addr "127.0.0.1:$PORT" -q &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/static/style.css" >/dev/null && break; sleep 0.2; done

WORK=$(mktemp -d)
python3 - "$PORT" "$SAMPLE" "$WORK" <<'PY'
import json, random, sys, time, urllib.request
port, sample, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
base = f"http://127.0.0.1:{port}"
def get(path):
    t = time.perf_counter()
    with urllib.request.urlopen(base + path) as r:
        body = r.read()
    return time.perf_counter() - t, body
secs, body = get("/api/stories?limit=500")
listing = json.loads(body)
again, _ = get("/api/stories?limit=500")
print(f"stories: {listing['total']} (list of 500: first {secs*1000:.0f} ms, then {again*1000:.0f} ms)")
random.seed(7)
stories = [s["key"] for s in listing["stories"]]
picked = random.sample(stories, min(sample, len(stories)))
cold, docs = [], []
for key in picked:
    secs, _ = get(f"/story/{key}")
    cold.append(secs)
    _, body = get(f"/api/story/{key}")
    for d in json.loads(body)["report"]["documents"]:
        docs.append("/doc/" + d["hash"][:16])
cold.sort()
pct = lambda xs, p: xs[min(len(xs) - 1, int(len(xs) * p / 100))] * 1000
print(f"cold story pages ({len(cold)}): p50 {pct(cold,50):.0f} ms, p95 {pct(cold,95):.0f} ms, max {cold[-1]*1000:.0f} ms")
open(f"{work}/stories.txt", "w").write("\n".join(f"/story/{k}" for k in picked) + "\n")
open(f"{work}/docs.txt", "w").write("\n".join(docs) + "\n")
print(f"document pages in the sampled stories: {len(docs)}")
PY
for kind in stories docs; do
    echo "== $kind: $CLIENTS clients for $DURATION"
    URLS="$WORK/$kind.txt" \
        wrk -t2 -c"$CLIENTS" -d"$DURATION" --timeout 10s -s bench/serve/urls.lua "http://127.0.0.1:$PORT" | sed -n '/^requests/,$p'
done
grep VmHWM "/proc/$SERVER/status" | sed 's/VmHWM:/server peak memory:/'
rm -rf "$WORK"
